"""Every named misconception is recognised in a submission that makes it, and never in a correct one."""
import pytest

from grader.mistakes import MISCONCEPTIONS
from helpers import CHALLENGES, ROOT, checks_by_id, grade_json, planted

# (misconception, challenge, [(solution text, replacement)], the check that names it)
PLANTED = [
    ("transposed", "challenge_5_backprop",
     [("np.dot(self.inputs.T, dvalues)", "np.dot(dvalues.T, self.inputs)")], "dense_backward_dweights"),
    ("batch_factor", "challenge_5_backprop",
     [("self.dinputs = self.dinputs / samples\n\n\nclass Activation_Softmax_Loss",
       "self.dinputs = self.dinputs\n\n\nclass Activation_Softmax_Loss")], "cce_backward"),
    ("batch_factor", "challenge_1_forward_pass",
     [("return np.mean(sample_losses)", "return np.sum(sample_losses)")], "loss_calculate"),
    ("sign_flipped", "challenge_5_backprop",
     [("self.dinputs = -y_true / dvalues", "self.dinputs = y_true / dvalues")], "cce_backward"),
    ("lost_axis", "challenge_5_backprop",
     [("np.sum(dvalues, axis=0, keepdims=True)", "np.sum(dvalues, axis=0)")], "dense_backward_dbiases"),
    ("lost_axis", "challenge_3_activations",
     [("np.sum(exp_values, axis=1, keepdims=True)", "np.sum(exp_values, axis=0, keepdims=True)")], "softmax"),
    ("no_max_shift", "challenge_1_forward_pass",
     [("np.exp(inputs - np.max(inputs, axis=1, keepdims=True))", "np.exp(inputs)")], "softmax_large_logits"),
    ("unclipped_log", "challenge_4_loss_debug",
     [("y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)", "y_pred_clipped = y_pred")], "cce_clipping"),
    ("unclipped_log", "challenge_1_forward_pass",
     [("np.clip(y_pred, 1e-7, 1 - 1e-7)", "y_pred")], "cce_clipping"),
    ("wrong_derivative_input", "challenge_5_backprop",
     [("self.dinputs[self.inputs <= 0] = 0", "self.dinputs[dvalues <= 0] = 0")], "relu_backward"),
    ("wrong_derivative_input", "challenge_5_backprop",
     [("jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)",
       "single_input = self.inputs[index].reshape(-1, 1)\n"
       "            jacobian_matrix = np.diagflat(single_input) - np.dot(single_input, single_input.T)")],
     "softmax_backward"),
    ("wrong_derivative_input", "challenge_9_binary_and_regression",
     [("self.dinputs = dvalues * (1 - self.output) * self.output",
       "self.dinputs = dvalues * (1 - self.inputs) * self.inputs")], "sigmoid_backward"),
    ("in_place", "challenge_5_backprop",
     [("self.dinputs = dvalues.copy()\n        self.dinputs[self.inputs <= 0] = 0",
       "self.dinputs = dvalues\n        self.dinputs[self.inputs <= 0] = 0")], "relu_backward_keeps_dvalues"),
    ("in_place", "challenge_5_backprop",
     [("self.dinputs = dvalues.copy()\n        self.dinputs[range(samples), y_true] -= 1",
       "self.dinputs = dvalues\n        self.dinputs[range(samples), y_true] -= 1")],
     "combined_backward_keeps_dvalues"),
    ("broadcast_square", "challenge_4_loss_debug",
     [("return y_pred[range(len(y_pred)), y_true]", "return y_pred[:, y_true]")], "confidences_sparse"),
    ("broadcast_square", "challenge_1_forward_pass",
     [("correct_confidences = y_pred_clipped[range(samples), y_true]",
       "correct_confidences = y_pred_clipped[range(samples), y_true] * np.ones((samples, 1))")], "cce_sparse"),
    ("not_an_array", "challenge_3_activations",
     [("        return 1 / (1 + np.exp(-inputs))", "        return (1 / (1 + np.exp(-inputs))).tolist()")],
     "sigmoid"),
    ("not_an_array", "challenge_3_activations",
     [("return np.where(inputs > 0, inputs, alpha * inputs)",
       "return np.where(inputs > 0, inputs, alpha * inputs).astype(int)")], "leaky_relu"),
    ("batch_max_shift", "challenge_3_activations",
     [("np.exp(inputs - np.max(inputs, axis=1, keepdims=True))", "np.exp(inputs - np.max(inputs))")],
     "softmax_large_logits"),
    ("epsilon_placement", "challenge_6_optimizers",
     [("layer.dweights / (np.sqrt(layer.weight_cache) + self.epsilon)",
       "layer.dweights / np.sqrt(layer.weight_cache) + self.epsilon")], "adagrad"),
    ("no_square_root", "challenge_6_optimizers",
     [("(np.sqrt(weight_cache_corrected) + self.epsilon)", "(weight_cache_corrected + self.epsilon)")], "adam"),
    ("step_count", "challenge_6_optimizers",
     [("        layer.weight_momentums = self.beta_1 * layer.weight_momentums",
       "        self.iterations += 1\n        layer.weight_momentums = self.beta_1 * layer.weight_momentums"),
      ("        self.iterations += 1\n\n\nif __name__", "        pass\n\n\nif __name__")], "adam"),
    ("step_count", "challenge_7_training", [("        optimizer.post_update_params()\n", "")], "every_step"),
    ("memory_reset", "challenge_6_optimizers",
     [("    def update_params(self, layer):\n        if not hasattr(layer, 'weight_cache'):\n"
       "            layer.weight_momentums",
       "    def update_params(self, layer):\n        if True:\n            layer.weight_momentums")], "adam"),
    ("state_on_optimizer", "challenge_6_optimizers",
     [("        if not hasattr(layer, 'weight_cache'):\n            layer.weight_cache = np.zeros_like(layer.weights)\n"
       "            layer.bias_cache = np.zeros_like(layer.biases)\n"
       "        layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho) * layer.dweights ** 2\n"
       "        layer.bias_cache = self.rho * layer.bias_cache + (1 - self.rho) * layer.dbiases ** 2\n",
       "        if not hasattr(self, 'weight_cache'):\n            self.weight_cache = np.zeros_like(layer.weights)\n"
       "            self.bias_cache = np.zeros_like(layer.biases)\n"
       "        self.weight_cache = self.rho * self.weight_cache + (1 - self.rho) * layer.dweights ** 2\n"
       "        self.bias_cache = self.rho * self.bias_cache + (1 - self.rho) * layer.dbiases ** 2\n"
       "        layer.weight_cache, layer.bias_cache = self.weight_cache, self.bias_cache\n")], "rmsprop"),
    ("stale_forward", "challenge_7_training",
     [("    for step in range(steps):\n        dense1.forward(X)\n        activation1.forward(dense1.output)\n"
       "        dense2.forward(activation1.output)\n        losses.append(loss_activation.forward(dense2.output, y))",
       "    dense1.forward(X)\n    activation1.forward(dense1.output)\n    dense2.forward(activation1.output)\n"
       "    loss = loss_activation.forward(dense2.output, y)\n    for step in range(steps):\n"
       "        losses.append(loss)")], "every_step"),
    ("wrong_backward_input", "challenge_7_training",
     [("loss_activation.backward(loss_activation.output, y)", "loss_activation.backward(dense2.output, y)")],
     "training_step"),
    ("wrong_backward_input", "challenge_7_training",
     [("dense1.backward(activation1.dinputs)", "dense1.backward(dense2.dinputs)")], "training_step"),
    ("predict_reuses_training", "challenge_7_training",
     [("        dense1.forward(inputs)\n        activation1.forward(dense1.output)\n"
       "        dense2.forward(activation1.output)\n        return np.argmax(dense2.output, axis=1)",
       "        return np.argmax(loss_activation.output, axis=1)")], "validation_accuracy"),
    ("training_flag", "challenge_8_regularization",
     [("    def forward(self, inputs, training=True):\n        self.inputs = inputs\n        if not training:\n"
       "            self.output = inputs.copy()\n            return\n",
       "    def forward(self, inputs):\n        self.inputs = inputs\n")], "dropout_inference"),
    ("attribute_never_set", "challenge_8_regularization",
     [("self.output = inputs * self.binary_mask", "self.outputs = inputs * self.binary_mask")],
     "dropout_drops_the_right_share"),
    ("validation_once", "challenge_10_model",
     [("            if validation_data is not None:\n",
       "            if validation_data is not None and epoch == epochs:\n")], "validation_every_epoch"),
]


def test_every_misconception_has_a_planted_submission():
    assert {row[0] for row in PLANTED} == set(MISCONCEPTIONS)


@pytest.mark.parametrize("mistake, challenge, replacements, check_id", PLANTED,
                         ids=[f"{row[0]}-{row[3]}" for row in PLANTED])
def test_a_planted_misconception_is_named(tmp_path, mistake, challenge, replacements, check_id):
    status, result = grade_json(challenge, planted(tmp_path, challenge, replacements))
    check = checks_by_id(result)[check_id]
    assert status == 1 and check["status"] == "failed", check["message"]
    assert check.get("mistake") == mistake, check["message"]


@pytest.mark.parametrize("challenge", CHALLENGES)
@pytest.mark.parametrize("source", ["solutions", "alternatives"])
def test_correct_code_triggers_no_detector(challenge, source):
    path = (ROOT / "solutions" / challenge / "main.py" if source == "solutions"
            else ROOT / "tests" / "alternatives" / f"{challenge}.py")
    status, result = grade_json(challenge, path)
    assert status == 0
    assert not [check["mistake"] for check in result["checks"] if "mistake" in check]


def test_a_forward_bug_is_not_counted_again_against_the_backward_pass(tmp_path):
    path = planted(tmp_path, "challenge_5_backprop", [
        ("self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)", "self.output = exp_values"),
        ("self.output = np.dot(inputs, self.weights) + self.biases", "self.output = np.dot(inputs, self.weights)"),
    ])
    checks = checks_by_id(grade_json("challenge_5_backprop", path)[1])
    assert checks["combined_forward"]["status"] == "failed"
    for backward in ("dense_backward_dweights", "softmax_backward", "combined_backward",
                     "combined_backward_gradcheck"):
        assert checks[backward]["status"] == "passed", checks[backward]["message"]
