"""expect.same_losses: a watched training run against the reference's, step by step."""
import numpy as np
import pytest

from grader import expect

REFERENCE = [2.3, 1.9, 1.4, 0.8]


def test_losses_equal_to_rounding_pass():
    expect.same_losses(list(np.array(REFERENCE) * (1 + 1e-9)), REFERENCE, "first", "later")


@pytest.mark.parametrize("step, advice", [(0, "Check the batch."), (2, "Keep the optimizer.")])
def test_the_first_step_apart_is_named_with_its_advice(step, advice):
    losses = list(REFERENCE)
    losses[step] += 0.01
    losses[-1] = float("nan")   # a later step apart too: only the first is named
    with pytest.raises(expect.Mismatch) as failure:
        expect.same_losses(losses, REFERENCE, "Check the batch.", "Keep the optimizer.")
    assert f"the loss of step {step + 1} is {losses[step]:.6f} where the reference's is {REFERENCE[step]:.6f}" \
        in str(failure.value)
    assert str(failure.value).endswith(advice)


def test_a_not_a_number_loss_is_apart():
    with pytest.raises(expect.Mismatch, match="step 2 is nan"):
        expect.same_losses([2.3, float("nan")], REFERENCE, "first", "later")
