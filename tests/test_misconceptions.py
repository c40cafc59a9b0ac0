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
