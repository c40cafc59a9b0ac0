"""grade, end to end, as a learner runs it: solutions, stubs, planted mistakes and variants."""
import re

import pytest

from helpers import CHALLENGES, checks_by_id, grade_json, planted, solution, stub


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_every_solution_passes_every_check(challenge):
    status, result = grade_json(challenge, solution(challenge))
    failing = {c["id"]: c["message"] for c in result["checks"] if c["status"] != "passed"}
    assert status == 0 and not failing, failing
    assert result["score"] == result["max_score"] > 0


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_an_untouched_stub_passes_no_check(challenge):
    status, result = grade_json(challenge, stub(challenge))
    assert status == 1 and result["score"] == 0
    for check in result["checks"]:
        assert check["status"] != "passed", check["id"]
        assert check["message"], f"{check['id']} failed without a message"
        assert "Traceback" not in check["message"] and "grader/" not in check["message"]
        assert "fault in the grader" not in check["message"]


def _nnfs_init(source):
    return source.replace("import numpy as np\n", "import numpy as np\nimport nnfs\n\nnnfs.init()\n", 1)


def _float32_throughout(source):
    """Every method and function casts its array arguments to float32 first."""
    def cast(match):
        indent, arguments = match.group(1), match.group(3)
        names = [a.split("=")[0].strip() for a in arguments.split(",")
                 if a.strip() in ("inputs", "dvalues", "y_pred", "x")]
        body_indent = indent + "    "
        casts = "".join(f"{body_indent}{name} = np.asarray({name}, dtype=np.float32)\n" for name in names)
        return match.group(0) + casts
    return re.sub(r"^( *)def (\w+)\(([^)]*)\):\n(?: *\"\"\".*\"\"\"\n)?", cast, source, flags=re.M)


@pytest.mark.parametrize("variant", [_nnfs_init, _float32_throughout], ids=["nnfs_init", "float32"])
@pytest.mark.parametrize("challenge", CHALLENGES)
def test_correct_variants_pass(tmp_path, challenge, variant):
    path = tmp_path / "main.py"
    path.write_text(variant(solution(challenge).read_text()))
    status, result = grade_json(challenge, path)
    failing = {c["id"]: c["message"] for c in result["checks"] if c["status"] != "passed"}
    assert status == 0 and not failing, failing


# Each planted mistake: (challenge, [(solution text, replacement)], check id, category, status, words).
PLANTED = [
    ("challenge_1_forward_pass", [("np.dot(inputs, self.weights) + self.biases", "np.dot(inputs, self.weights)")],
     "dense_forward", "forward", "failed", "biases were not added"),
    ("challenge_1_forward_pass", [("self.biases = np.zeros((1, n_neurons))", "self.biases = np.zeros(n_neurons)")],
     "dense_init_shapes", "shape", "failed", "shape (7,)"),
    ("challenge_1_forward_pass", [("np.exp(inputs - np.max(inputs, axis=1, keepdims=True))", "np.exp(inputs)")],
     "softmax_large_logits", "activation", "failed", "subtract each row's maximum"),
    ("challenge_1_forward_pass", [("np.sum(exp_values, axis=1, keepdims=True)", "np.sum(exp_values, axis=1)")],
     "softmax_forward", "activation", "failed", "keepdims=True"),
    ("challenge_1_forward_pass", [("np.clip(y_pred, 1e-7, 1 - 1e-7)", "y_pred")],
     "cce_clipping", "loss", "failed", "clip y_pred"),
    ("challenge_1_forward_pass", [("return np.mean(sample_losses)", "return np.sum(sample_losses)")],
     "loss_calculate", "loss", "failed", "sum of the per-sample losses"),
    ("challenge_2_shapes", [("np.dot(inputs, weights) + biases", "np.dot(inputs, weights) + biases.T")],
     "dense_forward_shape", "shape", "error", "broadcast"),
    ("challenge_2_shapes", [("np.random.randn(n_inputs, n_neurons)", "np.random.randn(n_neurons, n_inputs)")],
     "init_weights_shape", "shape", "failed", "one row per neuron"),
    ("challenge_2_shapes", [("x.reshape(1, -1)", "x.reshape(-1, 1)")],
     "as_batch_sample", "shape", "failed", "transpose"),
    ("challenge_3_activations", [("1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(inputs))")],
     "sigmoid", "activation", "failed", "minus sign"),
    ("challenge_3_activations", [("np.where(inputs > 0, inputs, alpha * inputs)",
                                  "np.where(inputs > 0, inputs, 0.01 * inputs)")],
     "leaky_relu_alpha", "activation", "failed", "alpha=0.2 was ignored"),
    ("challenge_3_activations", [("np.sum(exp_values, axis=1, keepdims=True)", "np.sum(exp_values, axis=0, keepdims=True)")],
     "softmax", "activation", "failed", "column's sum (axis=0)"),
    ("challenge_3_activations", [("exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))",
                                  "inputs -= np.max(inputs, axis=1, keepdims=True)\n    exp_values = np.exp(inputs)")],
     "softmax_keeps_inputs", "activation", "failed", "was modified"),
    ("challenge_4_loss_debug", [("predictions = np.argmax(y_pred, axis=1)\n    return np.mean(predictions == y_true)",
                                 "return np.mean(y_pred[range(len(y_pred)), y_true])")],
     "accuracy_sparse", "loss", "failed", "mean probability given to the true class"),
    ("challenge_4_loss_debug", [("return y_pred[range(len(y_pred)), y_true]", "return np.max(y_pred, axis=1)")],
     "confidences_sparse", "loss", "failed", "largest probabilities"),
    ("challenge_4_loss_debug", [("y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)", "y_pred_clipped = y_pred")],
     "cce_clipping", "loss", "failed", "log(0)"),
    ("challenge_5_backprop", [("self.dweights = np.dot(self.inputs.T, dvalues)",
                               "self.dweights = np.dot(dvalues.T, self.inputs)")],
     "dense_backward_dweights", "backprop", "failed", "transpose"),
    ("challenge_5_backprop", [("self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
                               "self.dbiases = np.sum(dvalues, axis=0)")],
     "dense_backward_dbiases", "backprop", "failed", "keepdims=True"),
    ("challenge_5_backprop", [("self.dinputs = self.dinputs / samples\n\n\nclass Activation_Softmax_Loss",
                               "self.dinputs = self.dinputs\n\n\nclass Activation_Softmax_Loss")],
     "cce_backward", "backprop", "failed", "divide by the number of samples"),
    ("challenge_5_backprop", [("self.dinputs = dvalues.copy()\n        self.dinputs[self.inputs <= 0] = 0",
                               "self.dinputs = dvalues\n        self.dinputs[self.inputs <= 0] = 0")],
     "relu_backward_keeps_dvalues", "backprop", "failed", "was modified"),
    ("challenge_5_backprop", [("self.dinputs[self.inputs <= 0] = 0", "self.dinputs[dvalues <= 0] = 0")],
     "relu_backward", "backprop", "failed", "mask was taken from dvalues"),
    ("challenge_5_backprop", [("self.dinputs = -y_true / dvalues", "self.dinputs = y_true / dvalues")],
     "cce_backward", "backprop", "failed", "wrong sign"),
    ("challenge_6_optimizers", [("weight_updates = self.momentum * layer.weight_momentums - "
                                 "self.current_learning_rate * layer.dweights",
                                 "weight_updates = self.momentum * layer.weight_momentums - "
                                 "self.learning_rate * layer.dweights")],
     "sgd_momentum_with_decay", "optimizer", "failed", "used learning_rate, not the decayed"),
    ("challenge_6_optimizers", [("weight_momentums_corrected = layer.weight_momentums / "
                                 "(1 - self.beta_1 ** (self.iterations + 1))",
                                 "weight_momentums_corrected = layer.weight_momentums"),
                                ("weight_cache_corrected = layer.weight_cache / "
                                 "(1 - self.beta_2 ** (self.iterations + 1))",
                                 "weight_cache_corrected = layer.weight_cache")],
     "adam", "optimizer", "failed", "bias correction is missing"),
    ("challenge_6_optimizers", [("self.learning_rate * (1. / (1. + self.decay * self.iterations))",
                                 "self.learning_rate * (1. / (1. + self.decay * (self.iterations + 1)))")],
     "sgd_decay", "optimizer", "failed", "decay starts one step early"),
    ("challenge_6_optimizers", [("layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho) * "
                                 "layer.dweights ** 2",
                                 "layer.weight_cache += layer.dweights ** 2")],
     "rmsprop", "optimizer", "failed", "the AdaGrad way"),
    ("challenge_6_optimizers", [("weight_updates = -self.current_learning_rate * layer.dweights",
                                 "weight_updates = self.current_learning_rate * layer.dweights")],
     "sgd_step", "optimizer", "failed", "along the gradient instead of against"),
    ("challenge_9_binary_and_regression", [("y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)",
                                            "y_pred_clipped = y_pred")],
     "bce_clipping", "loss", "failed", "clip y_pred"),
    ("challenge_9_binary_and_regression", [("self.dinputs = -2 * (y_true - dvalues) / outputs",
                                            "self.dinputs = -(y_true - dvalues) / outputs")],
     "mse_backward", "backprop", "failed", "factor 2"),
    ("challenge_9_binary_and_regression", [("self.dinputs = np.sign(dvalues - y_true) / outputs",
                                            "self.dinputs = np.sign(y_true - dvalues) / outputs")],
     "mae_backward", "backprop", "failed", "The book prints"),
    ("challenge_9_binary_and_regression", [("- (1 - y_true) / (1 - clipped_dvalues)) / outputs",
                                            "- (1 - y_true) / (1 - clipped_dvalues))")],
     "bce_backward", "backprop", "failed", "number of outputs"),
    ("challenge_8_regularization", [("self.dweights += 2 * self.weight_regularizer_l2 * self.weights",
                                     "self.dweights += self.weight_regularizer_l2 * self.weights")],
     "backward_l2", "regularization", "failed", "factor 2 is missing"),
    ("challenge_8_regularization", [("np.random.binomial(1, self.rate, size=inputs.shape) / self.rate",
                                     "np.random.binomial(1, self.rate, size=inputs.shape)")],
     "dropout_scales_the_kept_values", "regularization", "failed", "were not scaled"),
    ("challenge_8_regularization", [("self.dinputs = dvalues * self.binary_mask",
                                     "self.dinputs = dvalues * np.random.binomial(1, self.rate, "
                                     "size=dvalues.shape) / self.rate")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "drew a new mask"),
    ("challenge_8_regularization", [("self.rate = 1 - rate", "self.rate = rate")],
     "dropout_drops_the_right_share", "regularization", "failed", "the share it should have kept"),
    ("challenge_8_regularization", [("            regularization_loss += layer.weight_regularizer_l2 * "
                                     "np.sum(layer.weights * layer.weights)",
                                     "            regularization_loss += layer.weight_regularizer_l2 * "
                                     "np.sum(np.abs(layer.weights))")],
     "regularization_loss", "regularization", "failed", "L2 squares the parameters"),
    ("challenge_7_training", [("        optimizer.update_params(dense1)\n        optimizer.update_params(dense2)\n", "")],
     "loss_goes_down", "training", "failed", "the weights are never updated"),
    ("challenge_7_training", [("for step in range(steps):", "for step in range(steps + 100):")],
     "step_budget", "training", "failed", "one per step"),
    ("challenge_7_training", [("        return np.argmax(dense2.output, axis=1)", "        return dense2.output")],
     "training_accuracy", "training", "failed", "class indices"),
    ("challenge_7_training", [("        return np.argmax(dense2.output, axis=1)",
                               "        dense2.weights *= 0.5\n        return np.argmax(dense2.output, axis=1)")],
     "predict_does_not_learn", "training", "failed", "changed the network"),
    ("challenge_7_training", [("optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n    losses",
                               "optimizer = Optimizer_Adam(learning_rate=0.0005, decay=5e-7)\n    losses")],
     "loss_goes_down", "training", "failed", "well below 60%"),
    ("challenge_10_model", [("        for step in range(_steps(len(X), batch_size)):\n            batch_X = X if",
                             "        for step in range(1):\n            batch_X = X if")],
     "predict_in_batches", "model", "failed", "only the first batch"),
    ("challenge_10_model", [("    return steps + 1 if steps * batch_size < samples else steps", "    return steps")],
     "predict_in_batches", "model", "failed", "partial batch"),
    ("challenge_10_model", [("        self.loss.new_pass()\n        self.accuracy.new_pass()\n"
                             "        for step in range(_steps(len(X_val), batch_size)):",
                             "        for step in range(_steps(len(X_val), batch_size)):")],
     "evaluate", "model", "failed", "validation"),
    ("challenge_10_model", [("            for name in [\"inputs\", \"output\", \"dinputs\", \"dweights\", \"dbiases\"]:\n"
                             "                layer.__dict__.pop(name, None)\n", "            pass\n")],
     "save_and_load", "model", "failed", "still holds data of its last pass"),
    ("challenge_10_model", [("            layer.set_parameters(*parameter_set)",
                             "            layer.set_parameters(parameter_set[0], layer.biases)")],
     "parameters_round_trip", "model", "failed", "after set_parameters"),
]


@pytest.mark.parametrize("challenge, replacements, check_id, category, status, words", PLANTED,
                         ids=[f"{p[0].split('_')[1]}-{p[2]}-{i}" for i, p in enumerate(PLANTED)])
def test_planted_mistake_is_named(tmp_path, challenge, replacements, check_id, category, status, words):
    exit_status, result = grade_json(challenge, planted(tmp_path, challenge, replacements))
    check = checks_by_id(result)[check_id]
    assert exit_status == 1
    assert (check["category"], check["status"]) == (category, status), check["message"]
    assert words in check["message"], check["message"]
