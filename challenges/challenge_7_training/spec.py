"""Checks for challenge 7: training and validation."""
import numpy as np

from grader import expect
from grader.spec import check

STEPS = 500
TRAINING_ACCURACY, VALIDATION_ACCURACY = 0.8, 0.7


def _losses(got):
    """train's losses as a flat float array; a list of numbers is as good as an array here."""
    try:
        return np.asarray(got["losses"], dtype=float).ravel()
    except (TypeError, ValueError):
        expect.fail("The second thing train returns must be the losses, one number per step; "
                    f"it returned {type(got['losses']).__name__}.")


def _accuracy(predictions, labels, what):
    predictions = expect.as_array(predictions, what, labels.shape)
    if predictions.ndim == 2 and predictions.shape[0] == len(labels):
        expect.fail(f"{what} has shape {predictions.shape}: one row of scores per sample. predict should "
                    "return class indices, np.argmax(output, axis=1), shape (n,).")
    expect.true(predictions.shape == labels.shape, f"{what} has shape {predictions.shape}; expected "
                f"{labels.shape}, one class index per sample.")
    return float(np.mean(predictions == labels))


@check("training", hint="The step budget is the steps argument: one loss per step, no more. See chapter 10.")
def test_step_budget(run):
    """train(X, y, steps) runs exactly `steps` training steps and returns one loss per step"""
    got, want = run("training")
    losses = _losses(got)
    expect.true(len(losses) == STEPS, f"train(X, y, steps={STEPS}) returned {len(losses)} losses; expected "
                f"{STEPS}, one per step. Run the loop for range(steps) and record each step's loss.")
    expect.true(np.all(np.isfinite(losses)), "Some losses are NaN or infinite: check the loss and the "
                "learning rate.")


@check("training", depends="step_budget", hint="If the loss does not fall, the optimizer is not changing the "
       "weights: are update_params called for every dense layer after backward? See chapter 10.")
def test_loss_goes_down(run):
    """The loss falls while training"""
    got, want = run("training")
    losses = _losses(got)
    start, end = float(np.mean(losses[:20])), float(np.mean(losses[-20:]))
    reference = float(np.mean(want["losses"][-20:]))
    expect.true(end < 0.6 * start, f"The loss went from {start:.3f} (first 20 steps) to {end:.3f} (last 20); it "
                f"should fall well below 60% of where it started (the reference ends at {reference:.3f})."
                + (" It did not move at all: the weights are never updated." if abs(end - start) < 1e-6 else ""))


@check("training", depends="loss_goes_down", hint="predict runs the forward pass and returns np.argmax of the "
       "output over the classes. See chapter 10.")
def test_training_accuracy(run):
    """predict reaches 80% accuracy on the training data"""
    got, want = run("training")
    accuracy = _accuracy(got["on_training"], want["labels"], "predict(X) on the training data")
    reference = float(np.mean(want["on_training"] == want["labels"]))
    expect.true(accuracy >= TRAINING_ACCURACY, f"The accuracy on the training data is {accuracy:.3f}; at least "
                f"{TRAINING_ACCURACY} was expected after {STEPS} steps (the reference reaches {reference:.3f}).")


@check("training", points=2, depends="training_accuracy", hint="Held-out data show whether the network "
       "learned the spiral or memorised the points. See chapter 11.")
def test_validation_accuracy(run):
    """predict reaches 70% accuracy on held-out data it never saw"""
    got, want = run("training")
    accuracy = _accuracy(got["on_validation"], want["validation_labels"], "predict(X) on held-out data")
    reference = float(np.mean(want["on_validation"] == want["validation_labels"]))
    expect.true(accuracy >= VALIDATION_ACCURACY, f"The accuracy on held-out data is {accuracy:.3f}; at least "
                f"{VALIDATION_ACCURACY} was expected (the reference reaches {reference:.3f}).")


@check("training", depends="training_accuracy", hint="Predicting must never train: no backward pass or "
       "optimizer step inside predict, and no data kept from one call to the next. See chapter 11.")
def test_predict_does_not_learn(run):
    """predict only runs the network: the same inputs give the same classes, and predicting never trains"""
    got, want = run("training")
    for first, again, what in (("on_validation", "on_validation_again", "the held-out data"),
                               ("on_training", "on_training_again", "the training data")):
        before = expect.as_array(got[first], f"predict on {what}")
        after = expect.as_array(got[again], f"predict on {what}, called again")
        expect.true(before.shape == after.shape and np.array_equal(before, after),
                    f"predict on {what} gave other classes when called a second time: it changed the network. "
                    "predict must only run the forward pass.")
