"""Messages point at the mistake that was made, not at a look-alike from another operation or pass."""
from helpers import checks_by_id, grade_planted

ATTENTION = "challenge_18_attention"
DIVIDED = "/ np.sqrt(self.q.shape[-1])"


def test_a_causal_mask_built_with_triu_is_told_which_triangle_without_product_advice():
    _, result = grade_planted(ATTENTION, [("np.tril(np.ones((length, length), dtype=bool))",
                                           "np.triu(np.ones((length, length), dtype=bool))")])
    message = checks_by_id(result)["causal_mask"]["message"]
    assert "j <= i" in message and "np.tril" in message
    assert "np.dot" not in message and "transpose" not in message and "expected 0, got 1" not in message


def test_a_causal_mask_wrong_in_one_place_says_where_in_true_and_false():
    _, result = grade_planted(ATTENTION, [("np.tril(np.ones((length, length), dtype=bool))",
                                           "np.tril(np.ones((length, length), dtype=bool)) ^ np.eye(length, k=-2, "
                                           "dtype=bool)")])
    message = checks_by_id(result)["causal_mask"]["message"]
    assert "is False at row 2, column 0" in message and "j <= i" in message
    assert "np.dot" not in message and "expected 0, got 1" not in message


def test_a_backward_pass_without_the_scale_is_not_told_the_forward_mistake():
    _, result = grade_planted(ATTENTION, [(f"keepdims=True)) {DIVIDED}", "keepdims=True))")])
    checks = checks_by_id(result)
    assert checks["attention_forward"]["status"] == "passed"
    message = checks["attention_backward"]["message"]
    assert checks["attention_backward"]["status"] == "failed"
    assert "The scores were not divided" not in message and "backward" in message and "sqrt(d_k)" in message


def test_dropout_applied_at_inference_is_named_in_the_complete_model():
    _, result = grade_planted("challenge_15_complete_model", [(
        "        if not training:\n            self.output = inputs.copy()\n            return\n", "")])
    check = checks_by_id(result)["dropout_training_flag"]
    assert check["status"] == "failed" and check.get("mistake") == "training_flag"
    assert "dropout was applied at inference" in check["message"] and "wrong values" not in check["message"]
