"""Learner files the checks once judged wrongly: each gets the right verdict, and a message that names its mistake.

The files in tests/cases/ are kept as learners wrote them; their first line says what each
does. The verdicts are this table's, not the files': a file cannot grade itself.
"""

import numpy as np
import pytest

from grader.modules import import_path
from helpers import ROOT, checks_by_id, graded_once, judged, planted

CASES = ROOT / "tests" / "cases"


def _graded_case(challenge, name):
    """(exit status, JSON result) of the case file `name`, graded once per test run."""
    return graded_once(("case", challenge, name), lambda: judged(challenge, CASES / name))

# file: (challenge, {check id: (status, words in its message, mistake id or None)}, checks that must pass)
# A file with no failing check in its row is correct code: it must pass every check. A tuple of statuses or of
# mistakes allows any of them, where what the file does depends on the ids Python gives its objects.
VERDICTS = {
    "c1_clips_at_1e-15.py": ("challenge_1_forward_pass", {
        "cce_clipping": ("failed", "the predictions were clipped at 1e-15, where the book clips at 1e-7", None)},
        ("cce_sparse",)),
    "c10_trainable_layers_by_exact_type.py": ("challenge_10_model", {}, ()),
    "c11_plusminus_drift.py": ("challenge_11_random_search_and_derivatives", {}, ()),
    "c11_none_default_initial_loss.py": ("challenge_11_random_search_and_derivatives", {}, ()),
    "c11_backward_errors_float32.py": ("challenge_11_random_search_and_derivatives", {}, ()),
    "c11_nudges_in_another_order.py": ("challenge_11_random_search_and_derivatives", {}, ()),
    "c14_split_in_float32.py": ("challenge_14_binary_and_regression_training", {}, ()),
    "c11_backward_errors_keepdims.py": ("challenge_11_random_search_and_derivatives", {
        "backward_errors_pass_a_correct_layer": ("failed", "an array of shape (1, 1) for dweights; expected a single "
                                                 "number", None)}, ("numerical_gradient",)),
    "c12_kfold_remainder_last.py": ("challenge_12_validation_and_preprocessing", {
        "k_fold_validates_every_sample_once": ("failed", "np.array_split(np.arange(n_samples), k)", None)},
        ("shuffle_keeps_pairs", "split_sizes")),
    "c6_optimizers_with_slots.py": ("challenge_6_optimizers", {}, ()),
    "c6_adam_state_under_names_of_its_own.py": ("challenge_6_optimizers", {}, ()),
    "c6_memory_in_one_dict_on_the_layer.py": ("challenge_6_optimizers", {}, ()),
    "c6_memory_in_an_object_on_the_layer.py": ("challenge_6_optimizers", {}, ()),
    "c18_train_predicts_every_sequence_after_its_loop.py": ("challenge_18_attention", {}, ()),
    "c6_adam_own_names_without_the_cache_correction.py": ("challenge_6_optimizers", {
        "adam": ("failed", "The cache's bias correction is missing", None)}, ("sgd_step",)),
    "c7_shuffles_x_and_y_together.py": ("challenge_7_training", {}, ()),
    "c7_predict_on_deep_copies_of_the_layers.py": ("challenge_7_training", {}, ()),
    "c14_predict_on_deep_copies_of_the_layers.py": ("challenge_14_binary_and_regression_training", {}, ()),
    "c6_adam_state_in_a_dict_keyed_by_id.py": ("challenge_6_optimizers", {
        "caches_per_layer": (("failed", "error"), "keyed by id(layer)", ("state_on_optimizer", None))}, ("adam",)),
    "c10_model_with_slots.py": ("challenge_10_model", {}, ()),
    "c10_update_layers_in_reverse.py": ("challenge_10_model", {}, ()),
    "c7_predict_through_copies_of_the_trained_layers.py": ("challenge_7_training", {}, ()),
    "c16_trained_model_kept_in_a_global.py": ("challenge_16_real_dataset", {}, ()),
    "c16_trained_models_listed_in_a_registry.py": ("challenge_16_real_dataset", {}, ()),
    "c10_update_each_layer_after_its_backward.py": ("challenge_10_model", {}, ()),
    "c10_update_params_other_parameter_name.py": ("challenge_10_model", {}, ()),
    "c10_optimizer_methods_set_on_the_instance.py": ("challenge_10_model", {}, ()),
    "c10_slotted_layers_getattr_none.py": ("challenge_10_model", {}, ()),
    "c10_slotted_layers_save_strips_the_model.py": ("challenge_10_model", {
        "save_and_load": ("failed", "save took the data of the last pass from the model itself", None)},
        ("finalize_links", "train_in_batches")),
    "c13_adam_configured_after_building.py": ("challenge_13_regularized_training", {}, ()),
    "c13_optimizer_at_import_set_up_again_by_each_call.py": ("challenge_13_regularized_training", {}, ()),
    "c7_optimizer_deep_copied_from_a_template.py": ("challenge_7_training", {}, ()),
    "c15_learning_rate_printed_to_5_decimals.py": ("challenge_15_complete_model", {}, ()),
    "c15_progress_printed_to_2_decimals.py": ("challenge_15_complete_model", {}, ()),
    "c15_train_shuffles_each_epoch.py": ("challenge_15_complete_model", {
        "train_regression": ("failed", "The first batch the network was given is not the first 64 samples", None)},
        ()),
    "c7_optimizer_copied_after_each_step.py": ("challenge_7_training", {}, ()),
    "c7_optimizer_configured_after_building.py": ("challenge_7_training", {}, ()),
    "c7_slotted_optimizer_template.py": ("challenge_7_training", {}, ()),
    "c7_template_as_class_attribute.py": ("challenge_7_training", {}, ()),
    "c7_template_as_default_argument.py": ("challenge_7_training", {}, ()),
    "c7_template_pickled_and_loaded.py": ("challenge_7_training", {}, ()),
    "c14_slotted_optimizer_templates.py": ("challenge_14_binary_and_regression_training", {}, ()),
    "c14_optimizers_deep_copied_from_templates.py": ("challenge_14_binary_and_regression_training", {}, ()),
    "c13_template_optimizer_with_another_learning_rate.py": ("challenge_13_regularized_training", {
        "training_step": ("failed", "took its first step with learning_rate=0.5", "optimizer_settings")}, ()),
    "c17_template_optimizer_with_another_learning_rate.py": ("challenge_17_convolution", {
        "training_recipe": ("failed", "the first update used a learning rate of 0.002", None)}, ()),
    "c14_progress_printed_and_optimizer_configured_late.py": ("challenge_14_binary_and_regression_training", {}, ()),
    "c13_dropout_from_own_generator.py": ("challenge_13_regularized_training", {
        "train_and_validate": ("failed", "With dropout=0 the two runs train alike, so the dropout masks differed",
                               None)}, ("training_step", "evaluate")),
    "c16_prepare_onto_0_1.py": ("challenge_16_real_dataset", {
        "prepare": ("failed", "scaled onto [0, 1]", None),
        "predict_label": ("failed", 'relies on what "prepare flattens', None)}, ("trains_on_the_digits",)),
    "c17_subclass_conv_layer.py": ("challenge_17_convolution", {}, ()),
    "c18_mha_inline_heads.py": ("challenge_18_attention", {}, ()),
    "c18_mha_merges_inline.py": ("challenge_18_attention", {}, ()),
    "c18_mha_inline_heads_by_reshape.py": ("challenge_18_attention", {
        "mha_forward": ("failed", "splits the projections into heads by a reshape alone", None)},
        ("split_heads", "merge_heads")),
    "c18_mha_backward_split_by_reshape.py": ("challenge_18_attention", {
        "mha_backward": ("failed", "splits dense_o's dinputs into heads by a reshape alone", None)},
        ("mha_forward", "transformer_forward")),
    "c18_prescaled_q.py": ("challenge_18_attention", {}, ()),
    "c18_mha_inline_attention.py": ("challenge_18_attention", {}, ()),
    "c10_lr_in_scientific_notation.py": ("challenge_10_model", {}, ()),
    "c18_mha_offsets_its_attention.py": ("challenge_18_attention", {
        "attention_forward": ("failed", "not divided by sqrt(d_k)", "unscaled_attention"),
        "mha_forward": ("failed", "judged whole, once your Attention gives the right answers", None),
        "transformer_forward": ("failed", "", None)}, ("split_heads", "merge_heads")),
    "c18_mha_inline_attention_unscaled.py": ("challenge_18_attention", {
        "mha_forward": ("failed", "computes the attention itself rather than through self.attention.forward", None)},
        ("attention_forward", "split_heads", "merge_heads")),
    "c3_softmax_global_max.py": ("challenge_3_activations", {
        "softmax_large_logits": ("failed", "each row's own maximum", "batch_max_shift")}, ()),
    "c6_adam_counts_per_layer.py": ("challenge_6_optimizers", {
        "adam": ("failed", "update_params advanced it once per layer", "step_count")}, ("sgd_step", "rmsprop")),
    # An attribute of a name near the book's beside a wrong value: the mistake the value shows is named, not the name.
    "c5_dbiases_mean_beside_cached_transposes.py": ("challenge_5_backprop", {
        "dense_backward_dbiases": ("failed", "dbiases is the mean of dvalues; the book's gradient is their sum",
                                   "batch_factor")}, ("dense_backward_dweights", "dense_backward_dinputs")),
    "c5_dweights_transposed_through_an_attribute_of_a_near_name.py": ("challenge_5_backprop", {
        "dense_backward_dweights": ("failed", "It is the transpose of the expected result", "transposed")},
        ("dense_backward_dbiases",)),
    "c5_dbiases_without_keepdims_through_dbias.py": ("challenge_5_backprop", {
        "dense_backward_dbiases": ("failed", "pass keepdims=True", "lost_axis")}, ("dense_backward_dweights",)),
    # The checks run forward first, on another batch than the dvalues backward is given next.
    "c5_combined_backward_reads_its_output.py": ("challenge_5_backprop", {
        "combined_backward": ("failed", "self.dinputs follows the output of the last forward pass, not the dvalues "
                              "given to backward", None)},
        ("dense_backward_dweights", "combined_forward", "cce_backward")),
    "c6_adagrad_epsilon_outside_root.py": ("challenge_6_optimizers", {
        "adagrad": ("failed", "epsilon is outside the square root", "epsilon_placement")}, ("rmsprop", "adam")),
    "c6_rmsprop_cache_on_optimizer.py": ("challenge_6_optimizers", {
        "rmsprop": ("failed", "on the optimizer itself, so every layer shares one", "state_on_optimizer")},
        ("adagrad", "adam")),
    "c6_sgd_decay_wrong_hides_others.py": ("challenge_6_optimizers", {
        "sgd_decay": ("failed", "The decay compounds", None)}, ("adagrad", "rmsprop", "adam", "adam_many_steps")),
    "c7_predict_uses_training_output.py": ("challenge_7_training", {
        "validation_accuracy": ("failed", "predict answered from the last training pass", "predict_reuses_training")},
        ("training_accuracy",)),
    "c7_no_pre_update.py": ("challenge_7_training", {
        "every_step": ("failed", "pre_update_params was called 0 times", "step_count")}, ("training_step",)),
    "c13_no_pre_update.py": ("challenge_13_regularized_training", {
        "training_step": ("failed", "pre_update_params never ran, so current_learning_rate never took the decay",
                          "step_count")}, ("regularization_loss", "dense_backward_l2")),
    "c18_positions_as_property.py": ("challenge_18_attention", {}, ()),
    "c7_no_post_update.py": ("challenge_7_training", {
        "every_step": ("failed", "post_update_params was called 0 times", "step_count")}, ("training_step",)),
    "c7_forward_only_once.py": ("challenge_7_training", {
        "every_step": ("failed", "the forward pass runs once, before the loop", "stale_forward")},
        ("training_step",)),
    "c7_accuracy_printed_while_training.py": ("challenge_7_training", {}, ()),
    "c7_forward_between_forward_and_backward.py": ("challenge_7_training", {
        "every_step": ("failed", "if one runs between a step's forward pass and its backward pass, it replaces", None)},
        ("training_step",)),
    "c7_relu_keeps_inputs_only_in_a_branch.py": ("challenge_7_training", {
        "step_budget": ("error", "Activation_ReLU.forward sets it, but had not set it yet when this line ran", None)},
        ()),
    "c7_logits_into_combined_backward.py": ("challenge_7_training", {
        "training_step": ("failed", "was given the logits (dense2.output)", "wrong_backward_input")}, ()),
    "c7_relu_skipped_in_backward.py": ("challenge_7_training", {
        "training_step": ("failed", "The ReLU's backward was left out", "wrong_backward_input")}, ()),
    "c9_linear_backward_shares_dvalues.py": ("challenge_9_binary_and_regression", {
        "linear": ("failed", "self.dinputs shares its memory with the dvalues", None)}, ("regression_training",)),
    "c8_book_ch15_no_training_flag.py": ("challenge_8_regularization", {
        "dropout_inference": ("failed", "takes no training argument", "training_flag")},
        ("dropout_drops_the_right_share", "backward_gradcheck")),
    "c8_ch15_rng_option.py": ("challenge_8_regularization", {
        "dropout_inference": ("failed", "takes no training argument", "training_flag")},
        ("dropout_drops_the_right_share", "backward_gradcheck")),
    "c8_book_ch19_training_required.py": ("challenge_8_regularization", {}, ()),
    "c8_dropout_outputs_typo.py": ("challenge_8_regularization", {
        "dropout_drops_the_right_share": ("failed", "never set self.output; it set self.outputs",
                                          "attribute_never_set")}, ("dropout_inference",)),
    "c9_book_ch22_training_required.py": ("challenge_9_binary_and_regression", {}, ()),
    "c9_linear_copy_np_array.py": ("challenge_9_binary_and_regression", {}, ()),
    "c9_linear_copy_times_one.py": ("challenge_9_binary_and_regression", {}, ()),
    "c10_validation_once_at_end.py": ("challenge_10_model", {
        "validation_every_epoch": ("failed", "It validated only once, after the last epoch", "validation_once")},
        ("train_in_batches", "evaluate")),
}


def _any_of(expected):
    return expected if isinstance(expected, tuple) else (expected,)


def test_every_case_file_has_a_verdict():
    assert sorted(path.name for path in CASES.glob("*.py")) == sorted(VERDICTS)


@pytest.mark.parametrize("name", sorted(VERDICTS), ids=lambda name: name[:-3])
def test_case_gets_the_right_verdict_and_message(name):
    challenge, failing, passing = VERDICTS[name]
    path = CASES / name
    assert challenge in path.read_text().splitlines()[0]
    status, result = _graded_case(challenge, name)
    checks = checks_by_id(result)
    if not failing:
        wrong = {check["id"]: check["message"] for check in result["checks"] if check["status"] != "passed"}
        assert status == 0 and not wrong, wrong
        return
    assert status == 1
    for check_id, (expected_status, words, mistake) in failing.items():
        check = checks[check_id]
        assert check["status"] in _any_of(expected_status), check["message"]
        assert words in check["message"], check["message"]
        assert check.get("mistake") in _any_of(mistake), check["message"]
        assert "has shape ()" not in check["message"] and "TypeError" not in check["message"]
    for check_id in passing:
        assert checks[check_id]["status"] == "passed", (check_id, checks[check_id]["message"])


# Files in tests/cases/integrity/ whose predict answers held-out data without the network that trained: file:
# (challenge, {check id: words in its failure}, checks that must still pass, checks skipped because of it)
UNEARNED = {
    "c14_public_patients_looked_up.py": ("challenge_14_binary_and_regression_training", {
        "breast_cancer": "is not what the trained network computes",
        "diabetes": "is not what the trained network computes"},
        ("binary_learns_the_spiral", "regression_learns_the_sine"), ()),
    # Its Optimizer_Adam, code the stub gives, applies no step: named as such in every check that trains, before
    # the lookup is reached.
    "c16_lookup_predict_untrained.py": ("challenge_16_real_dataset", {
        "builds_the_chapter_19_network": "Optimizer_Adam.update_params, which the stub gives, no longer updates",
        "trains_on_the_digits": "Optimizer_Adam.update_params, which the stub gives, no longer updates"},
        ("prepare",), ("train_model_keeps_inputs", "predict_label")),
    "c17_lookup_predict_untrained.py": ("challenge_17_convolution", {
        "held_out_accuracy": "is not what the trained network computes"}, ("loss_goes_down",),
        ("predict_does_not_learn",)),
    "c18_predict_reverses_untrained.py": ("challenge_18_attention", {
        "held_out_accuracy": "is not what the trained network computes"}, ("loss_goes_down",),
        ("predict_does_not_learn",)),
}


@pytest.mark.parametrize("name", sorted(UNEARNED), ids=lambda name: name[:-3])
def test_a_predict_that_is_not_the_trained_network_earns_no_training_check(name):
    challenge, failing, passing, skipped = UNEARNED[name]
    path = CASES / "integrity" / name
    assert challenge in path.read_text().splitlines()[0]
    status, result = _graded_case(challenge, f"integrity/{name}")
    checks = checks_by_id(result)
    assert status == 1
    for check_id, words in failing.items():
        assert checks[check_id]["status"] == "failed" and words in checks[check_id]["message"], checks[check_id]
    for check_id in passing:
        assert checks[check_id]["status"] == "passed", (check_id, checks[check_id]["message"])
    for check_id in skipped:
        assert checks[check_id]["status"] == "skipped", (check_id, checks[check_id]["message"])


def test_a_loss_clipped_at_another_bound_gets_a_hint_about_the_bound_not_about_log_0():
    """The check's hints ask what np.log(0) is, which a learner who clipped at 1e-15 already knows."""
    from grader.mistakes import CLIP_BOUND_HINT

    _, result = _graded_case("challenge_1_forward_pass", "c1_clips_at_1e-15.py")
    check = checks_by_id(result)["cce_clipping"]
    assert check["hint"] == CLIP_BOUND_HINT and "more_hints" not in check, check


def test_training_loop_mistakes_are_not_blamed_on_the_optimizer():
    """The loop that never recomputes its forward pass does update the weights: no message may say otherwise."""
    status, result = _graded_case("challenge_7_training", "c7_forward_only_once.py")
    for check in result["checks"]:
        assert "never updated" not in check.get("message", ""), check


def test_l1_gradient_at_zero_accepts_any_subgradient(tmp_path):
    """np.sign gives 0 where a weight is exactly 0; the book's +1 and any value in [-1, 1] are as valid."""
    path = planted(tmp_path, "challenge_8_regularization", [
        ("dL1 = np.ones_like(self.weights)\n            dL1[self.weights < 0] = -1",
         "dL1 = np.sign(self.weights)"),
        ("dL1 = np.ones_like(self.biases)\n            dL1[self.biases < 0] = -1", "dL1 = np.sign(self.biases)"),
    ])
    status, result = judged("challenge_8_regularization", path)
    wrong = {check["id"]: check["message"] for check in result["checks"] if check["status"] != "passed"}
    assert status == 0 and not wrong, wrong


def test_random_search_whose_default_step_is_set_inside_passes(tmp_path):
    """step=None in the signature, then 0.05 inside: the default is measured from a run, and it is the book's."""
    path = planted(tmp_path, "challenge_11_random_search_and_derivatives", [
        ("iterations=1000, step=0.05):", "iterations=1000, step=None):"),
        ("    dense1, activation1 = Layer_Dense(X.shape[1], 3)",
         "    step = 0.05 if step is None else step\n    dense1, activation1 = Layer_Dense(X.shape[1], 3)")])
    status, result = judged("challenge_11_random_search_and_derivatives", path)
    wrong = {check["id"]: check["message"] for check in result["checks"] if check["status"] != "passed"}
    assert status == 0 and not wrong, wrong


@pytest.mark.parametrize("form", [
    "0.5 * (1 + np.tanh(inputs / 2))",
    "np.exp(-np.logaddexp(0, -inputs))",
    "np.where(inputs >= 0, 1 / (1 + np.exp(-np.abs(inputs))), np.exp(-np.abs(inputs)) / (1 + np.exp(-np.abs(inputs))))",
    "1 / (1 + np.exp(-inputs.astype(np.float32)))",
], ids=["tanh", "logaddexp", "piecewise", "float32"])
def test_sigmoid_in_another_correct_form_gives_the_extremes_exactly(tmp_path, form):
    """sigmoid(-1000) must be 0 and sigmoid(1000) 1, to rounding: every correct form gets them, a clipped one not."""
    path = planted(tmp_path, "challenge_3_activations", [("return 1 / (1 + np.exp(-inputs))", f"return {form}")])
    status, result = judged("challenge_3_activations", path)
    wrong = {check["id"]: check["message"] for check in result["checks"] if check["status"] != "passed"}
    assert status == 0 and not wrong, wrong


def test_l1_gradient_at_zero_outside_the_subgradient_range_fails(tmp_path):
    path = planted(tmp_path, "challenge_8_regularization", [
        ("dL1 = np.ones_like(self.weights)\n            dL1[self.weights < 0] = -1",
         "dL1 = np.ones_like(self.weights)\n            dL1[self.weights < 0] = -1\n"
         "            dL1[self.weights == 0] = 3"),
    ])
    check = checks_by_id(judged("challenge_8_regularization", path)[1])["backward_l1"]
    assert check["status"] == "failed", check["message"]


# Adam's mistakes that used to get numbers only: (replacements in the solution, words naming the mistake)
ADAM_MISTAKES = {
    "iterations_for_iterations_plus_one": (
        [(f"self.beta_{beta} ** (self.iterations + 1))", f"self.beta_{beta} ** self.iterations)")
         for beta in (1, 1, 2, 2)],
        "used beta ** iterations where beta ** (iterations + 1) belongs", "step_count"),
    "memories_reset_every_call": (
        [("    def update_params(self, layer):\n        if not hasattr(layer, 'weight_cache'):\n"
          "            layer.weight_momentums",
          "    def update_params(self, layer):\n        if True:\n            layer.weight_momentums")],
        "start again from zero at every step", "memory_reset"),
    "no_square_root": (
        [("(np.sqrt(weight_cache_corrected) + self.epsilon)", "(weight_cache_corrected + self.epsilon)"),
         ("(np.sqrt(bias_cache_corrected) + self.epsilon)", "(bias_cache_corrected + self.epsilon)")],
        "The square root is missing", "no_square_root"),
}


@pytest.mark.parametrize("mistake", sorted(ADAM_MISTAKES))
def test_adam_message_names_the_mistake(tmp_path, mistake):
    replacements, words, mistake_id = ADAM_MISTAKES[mistake]
    status, result = judged("challenge_6_optimizers", planted(tmp_path, "challenge_6_optimizers", replacements))
    check = checks_by_id(result)["adam"]
    assert status == 1 and check["status"] == "failed", check["message"]
    assert words in check["message"] and check.get("mistake") == mistake_id, check["message"]


def test_regression_accuracy_message_gives_the_books_precision():
    """Chapter 17 counts a regression prediction as right within np.std(y) / 250; the message says so."""
    import reference
    from grader.expect import Mismatch

    folder = ROOT / "challenges" / "challenge_9_binary_and_regression"
    scenarios = import_path("_case_scenarios", folder / "scenarios.py")
    spec = import_path("_case_spec", folder / "spec.py")
    want = scenarios.regression_training(reference, np.random.default_rng(0))
    got = {**want, "predictions": want["predictions"] + 0.1}
    with pytest.raises(Mismatch) as failure:
        spec.test_regression_training(lambda scenario, seed=0: (got, want))
    assert "np.std(y) / 250" in str(failure.value)
    precision = np.std(want["targets"]) / 250
    assert f"±{precision:.4f}" in str(failure.value)
