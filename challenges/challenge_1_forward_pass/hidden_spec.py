"""Hidden checks for challenge 1: run when the instructor grades, not shipped to learners."""
from grader import expect
from grader.spec import check


@check("loss", depends=("cce_sparse", "cce_onehot"), hidden=True,
       hint="Does your loss still work when the batch holds a single sample? See chapter 5.")
def test_cce_single_sample(run):
    """Loss.calculate works for a batch of one sample, with either kind of target"""
    got, want = run("cce_single_sample")
    expect.number(got["sparse"], want["sparse"], "The loss of one sample with a class-index target")
    expect.number(got["onehot"], want["onehot"], "The loss of one sample with a one-hot target")


@check("forward", depends="dense_forward", hidden=True,
       hint="A layer with more inputs than samples must still multiply inputs by weights. See chapter 3.")
def test_dense_forward_wide(run):
    """Layer_Dense.forward works for a layer with more inputs than samples"""
    got, want = run("dense_forward_wide")
    expect.array(got["output"], want["output"], "self.output of Layer_Dense(9, 2) for 3 samples")
