"""expect.same_losses and expect.losses: a training run's losses; expect.initial_parameters on odd weights; the picture
of a wrong array."""
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
    # Counted from 1, with the loop's own index beside it.
    assert f"the loss of step {step + 1} (step = {step} in the loop) is {losses[step]:.6f} where the reference's is " \
        f"{REFERENCE[step]:.6f}" in str(failure.value)
    assert str(failure.value).endswith(advice)


def test_a_not_a_number_loss_is_apart():
    with pytest.raises(expect.Mismatch, match=r"step 2 \(step = 1 in the loop\) is nan"):
        expect.same_losses([2.3, float("nan")], REFERENCE, "first", "later")


@pytest.mark.parametrize("returned", [[], np.zeros((0, 3))])
def test_no_losses_at_all_are_said_to_be_none_without_a_numpy_warning(returned, recwarn):
    with pytest.raises(expect.Mismatch, match="one number per step; it returned none"):
        expect.losses(returned)
    assert not recwarn.list


@pytest.mark.parametrize("weights, said", [
    (np.zeros((0, 50)), "The weights of init_params(60, 50) are an empty array of shape (0, 50)"),
    (np.full((60, 50), np.nan), "The weights of init_params(60, 50) have mean nan and standard deviation nan"),
])
def test_initial_weights_that_are_empty_or_not_numbers_get_a_sentence_and_no_numpy_warning(weights, said, recwarn):
    with pytest.raises(expect.Mismatch) as failure:
        expect.initial_parameters(weights, np.zeros((1, 50)), "init_params(60, 50)")
    assert str(failure.value).startswith(said)
    assert not recwarn.list


def test_losses_that_part_in_their_fifth_digit_ask_about_a_rescaled_gradient():
    # Adam all but cancels a gradient's scale: the first loss apart is off by a few parts in a million.
    close = [REFERENCE[0], REFERENCE[1] * (1 + 2e-5), *REFERENCE[2:]]
    assert "Is the loss's gradient divided once" in expect.rescaled_gradient(close, REFERENCE, "every sample")
    far = [REFERENCE[0], REFERENCE[1] * 1.01, *REFERENCE[2:]]
    assert expect.rescaled_gradient(far, REFERENCE, "every sample") == ""
    assert expect.rescaled_gradient(list(REFERENCE), REFERENCE, "every sample") == ""


@pytest.mark.parametrize("what, said", [("The per-sample losses", "How far each value of the per-sample losses is"),
                                        ("self.output", "How far each value of self.output is"),
                                        ("Adam's steps", "How far each value of Adam's steps is")])
def test_the_picture_of_a_wrong_array_names_it_mid_sentence(what, said):
    with pytest.raises(expect.Mismatch) as failure:
        expect.array(np.array([1.0, 2.0]), np.array([1.0, 3.0]), what)
    assert failure.value.figure.title.startswith(said), failure.value.figure.title


@pytest.mark.parametrize("factor, said", [(3 ** -0.5, ", 1/√3"), (2 ** 0.5, ", √2"), (0.5, ""), (3.0, "")])
def test_a_factor_that_is_a_square_root_is_said_to_be_one(factor, said):
    want = np.array([[1.0, -2.0], [3.0, 0.5], [0.25, 4.0]])
    with pytest.raises(expect.Mismatch) as failure:
        expect.array(want * factor, want, "self.dq")
    assert f"times the expected value{said}: look for a missing or extra factor." in str(failure.value)
