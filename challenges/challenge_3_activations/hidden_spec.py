"""Hidden checks for challenge 3: run when the instructor grades, not shipped to learners."""
from grader import expect
from grader.spec import check


@check("activation", depends="softmax", hidden=True,
       hint="A batch of one row is still a 2-D batch: keep axis=1 and keepdims=True. See chapter 4.")
def test_softmax_single_row(run):
    """softmax works for a batch of one float32 row"""
    got, want = run("softmax_single_row")
    expect.array(got["output"], want["output"], "softmax of a float32 batch of shape (1, 5)")
