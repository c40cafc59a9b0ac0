"""Hidden checks for challenge 5: run when the instructor grades, not shipped to learners."""
from grader import expect
from grader.spec import check


@check("backprop", depends=("dense_backward_dweights", "dense_backward_dbiases", "dense_backward_dinputs"),
       hidden=True, hint="With one sample, every gradient keeps the shape of what it belongs to. See chapter 9.")
def test_dense_backward_single_sample(run):
    """Layer_Dense.backward works for a batch of one sample"""
    got, want = run("dense_backward_single_sample")
    expect.array(got["dweights"], want["dweights"], "self.dweights for one sample")
    expect.array(got["dbiases"], want["dbiases"], "self.dbiases for one sample")
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs for one sample")
