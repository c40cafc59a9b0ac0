"""Every named misconception is recognised in a submission that makes it, and never in a correct one."""
import pytest

from grader.mistakes import MISCONCEPTIONS
from helpers import CHALLENGES, ROOT, checks_by_id, grade_planted, judged, planted
from planted_mistakes import NAMED as PLANTED


def test_every_misconception_has_a_planted_submission():
    assert {row[0] for row in PLANTED} == set(MISCONCEPTIONS)


@pytest.mark.parametrize("mistake, challenge, replacements, check_id", PLANTED,
                         ids=[f"{row[0]}-{row[3]}" for row in PLANTED])
def test_a_planted_misconception_is_named(mistake, challenge, replacements, check_id):
    status, result = grade_planted(challenge, replacements)
    check = checks_by_id(result)[check_id]
    # A name the checks look for and do not find stops the check with the exception Python raised.
    assert status == 1 and check["status"] == ("error" if mistake == "misspelt_name" else "failed"), check["message"]
    assert check.get("mistake") == mistake, check["message"]


# Other correct solutions, written differently; a challenge need not have one.
ALTERNATIVES = [challenge for challenge in CHALLENGES
                if (ROOT / "tests" / "alternatives" / f"{challenge}.py").is_file()]


@pytest.mark.parametrize("source, challenge",
                         [pytest.param("solutions", c, id=f"solutions-{c}") for c in CHALLENGES]
                         + [pytest.param("alternatives", c, id=f"alternatives-{c}") for c in ALTERNATIVES])
def test_correct_code_triggers_no_detector(graded_course, source, challenge):
    if source == "solutions":
        status, result = graded_course(challenge, "solution")
    else:
        status, result = judged(challenge, ROOT / "tests" / "alternatives" / f"{challenge}.py")
    assert status == 0
    assert not [check["mistake"] for check in result["checks"] if "mistake" in check]


def test_a_forward_bug_is_not_counted_again_against_the_backward_pass(tmp_path):
    path = planted(tmp_path, "challenge_5_backprop", [
        ("self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)", "self.output = exp_values"),
        ("self.output = np.dot(inputs, self.weights) + self.biases", "self.output = np.dot(inputs, self.weights)"),
    ])
    checks = checks_by_id(judged("challenge_5_backprop", path)[1])
    assert checks["combined_forward"]["status"] == "failed"
    for backward in ("dense_backward_dweights", "softmax_backward", "combined_backward",
                     "combined_backward_gradcheck"):
        assert checks[backward]["status"] == "passed", checks[backward]["message"]
