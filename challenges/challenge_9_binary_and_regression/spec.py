"""Checks for challenge 9: binary outputs and regression."""
import numpy as np

from grader import expect
from grader.mistakes import named
from grader.spec import check

# The central differences below take a stack of points at once (expect.numerical_gradient(batched=True)): each
# objective sums or averages over the last two axes, (samples, outputs), whatever comes before them.
BATCH_AXES = (-2, -1)
OUTPUTS_FACTOR = named("batch_factor", "The gradient was not divided by the number of outputs per sample (2).")
# The checks' batches: 6 samples of 2 outputs each.
OUTPUTS_AS_SAMPLES = ("outputs was taken as len(dvalues), the number of samples (6), so the gradient was divided by "
                      "the samples twice: outputs = len(dvalues[0]), the number of outputs of each sample.")
KEEP_PREDICTIONS = ("Compute the differences into a new array (y_true - y_pred), not with -= or out=y_pred: the "
                    "caller still needs its predictions.")
KEEP_DVALUES = "Build dinputs as a new array (dvalues.copy(), or an expression) rather than writing into dvalues."
# The targets a loss was given: a training loop gives the same y to every epoch.
KEEP_TARGETS = ("Compute into new arrays rather than writing into y_true (y_true -= ..., or a name that is y_true "
                "itself, error = y_true; error -= y_pred): a training loop gives the same targets to every epoch, "
                "and the next would read what this call left.")

# After a loss of a batch of other sizes failed: the 2 outputs of the other batches, written in.
OUTPUTS_WRITTEN_IN = ("Is the number of outputs written into the code (a division by 2, say)? np.mean(..., axis=-1) "
                      "averages over however many each sample has.")


def _called_again(got, want, call, what):
    """`what` (a str) after one more call of `call` (a str) on the object of the check's first call, on a batch of 9
    samples of other sizes than the first call's (scenarios.AGAIN_SAMPLES), or what that call raised (a str)."""
    __tracebackhide__ = True
    expect.of_another_size(got, want, f"{what} when the object of {call}'s first call is called again, on 9 samples "
                           "of other sizes,", "Does the first call leave something on self that this one reads (a "
                           "number of samples or outputs, an array made once, the targets)? Compute everything from "
                           "the arguments of each call.")


def _other_sizes(got, want, loss):
    """self.dinputs of `loss`.backward on 5 samples of 3 outputs, after the batch of 6 samples of 2 outputs."""
    __tracebackhide__ = True
    other = got["other"]
    if isinstance(other, str):   # what backward raised (scenarios.raised_by)
        expect.fail(f"{loss}.backward raised {other} on a batch of 5 samples of 3 outputs, though it worked on 6 "
                    "samples of 2. Take the sizes from the data: samples = len(dvalues), outputs = len(dvalues[0]).")
    expected = np.asarray(want["other"], dtype=float)
    expect.array(other, expected, "self.dinputs for 5 samples of 3 outputs", samples=5, mistakes={
        "It was divided by 2 outputs, as many as the first batch has, instead of this batch's 3: take the number "
        "of outputs from the data, outputs = len(dvalues[0]).": expected * 3 / 2,
        "It was divided by 6 samples, as many as the first batch has, instead of this batch's 5: take the number "
        "of samples from the data, samples = len(dvalues).": expected * 5 / 6,
        named("batch_factor", "The gradient was not divided by the number of outputs per sample (3)."):
            expected * 3,
    })


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# Bounds a learner may clip predictions to, other than the book's 1e-7 (1e-15 is scikit-learn's old default).
OTHER_BOUNDS = (1e-15, 1e-12, 1e-10, 1e-8, 1e-6, 1e-5, 1e-4, 1e-3)


def _bce(y_pred, y_true):
    """Binary cross-entropy per sample, unclipped."""
    return np.mean(-(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)), axis=-1)


@check("activation", hint="sigmoid(x) = 1 / (1 + e^-x), stored in self.output. See chapter 16.")
def test_sigmoid_forward(run):
    """Activation_Sigmoid.forward stores 1 / (1 + e^-x) in self.output"""
    got, want = run("sigmoid")
    # An output never set is told of the attribute set instead (self.ouput); a wrong one, of its values alone.
    expect.as_array(got["output"], "self.output", set_by=(got["set"], want["set"], "Activation_Sigmoid.forward"))
    expect.array(got["output"], want["output"], "self.output", mistakes={
        named("sign_flipped", "The minus sign in e^-x is missing: that is sigmoid(-x)."): _sigmoid(-want["inputs"]),
    })
    expect.unchanged(got["inputs_after"], want["inputs"], "The inputs given to Activation_Sigmoid.forward",
                     "Compute into a new array, self.output = 1 / (1 + np.exp(-inputs)), without out=inputs or "
                     "+= on inputs: the caller still needs them.")
    far, inputs = got["far"], want["far_inputs"]
    # The bounds of inputs clipped before the exponential, read off the outputs for the inputs of 15 and -15.
    bounds = [None, None]
    if isinstance(far, np.ndarray) and far.shape == inputs.shape and far.dtype.kind == "f":
        with np.errstate(all="ignore"):
            logits = np.log(far / (1 - far))
        bounds = [float(-logits[0, 3]) if 1 <= -logits[0, 3] < 14.9 else None,
                  float(logits[0, 1]) if 1 <= logits[0, 1] < 14.9 else None]
    low, high = (-bounds[0] if bounds[0] else None), bounds[1]
    said = f"to ±{high:.3g}" if low is not None and high is not None and np.isclose(-low, high) else " and ".join(
        f"{'below' if side == 'low' else 'above'} {bound:.3g}" for side, bound in (("low", low), ("high", high))
        if bound is not None)
    expect.array(far, want["far"], f"self.output for the inputs {inputs.tolist()}", mistakes={} if not said else {
        f"The inputs were clipped {said} before the exponential, so every output beyond is the bound's: the "
        "sigmoid needs no clip, 1 / (1 + np.exp(-inputs)) gives 0 and 1 at the extremes (NumPy's overflow "
        "warning for e^1000 is silenced with np.errstate(over='ignore')).":
            _sigmoid(np.clip(inputs, low, high))})
    _called_again(got["again"], want["again"], "Activation_Sigmoid.forward", "self.output")


@check("backprop", hint="The derivative of the sigmoid is s · (1 - s), where s is the sigmoid's output. "
       "See chapter 16.")
def test_sigmoid_backward(run):
    """Activation_Sigmoid.backward sets dinputs = dvalues · output · (1 - output)"""
    got, want = run("sigmoid_backward")
    inputs, dvalues = want["inputs"], want["dvalues"]
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs",
                 set_by=(got["set"], want["set"], "Activation_Sigmoid.backward"), mistakes={
        named("wrong_derivative_input", "The derivative was taken on the inputs (x · (1 - x)); it is "
                                        "s · (1 - s) of the output the forward pass stored in self.output."):
            dvalues * inputs * (1 - inputs),
        "dvalues was left out: multiply the local derivative by the gradient that came in.":
            _sigmoid(inputs) * (1 - _sigmoid(inputs)),
        "That is s · (1 + s): the sigmoid's derivative is s · (1 - s), dinputs = dvalues * (1 - self.output) * "
        "self.output.": dvalues * _sigmoid(inputs) * (1 + _sigmoid(inputs)),
        "The factor s is missing: the sigmoid's derivative is s · (1 - s), both of them, dinputs = dvalues * "
        "(1 - self.output) * self.output.": dvalues * (1 - _sigmoid(inputs)),
        "The factor 1 - s is missing: the sigmoid's derivative is s · (1 - s), both of them, dinputs = dvalues * "
        "(1 - self.output) * self.output.": dvalues * _sigmoid(inputs),
        "dvalues went into the derivative, (1 - dvalues): the local derivative is s · (1 - s) of the output alone, "
        "dinputs = dvalues * (1 - self.output) * self.output.": dvalues * (1 - dvalues) * _sigmoid(inputs),
        "That is dvalues · (1 - dvalues): the derivative is taken of the sigmoid's output, self.output, and then "
        "multiplied by dvalues, dinputs = dvalues * (1 - self.output) * self.output.": dvalues * (1 - dvalues),
    })
    _called_again(got["again"], want["again"], "Activation_Sigmoid.backward", "self.dinputs")
    # To a rounding: a backward pass may compute the sigmoid again, another way, and store it.
    expect.true(expect.agrees(got["output_after"], _sigmoid(inputs), kinds="f"), "Activation_Sigmoid.backward "
                "changed self.output, the output its forward pass stored: the model's predictions are read from it "
                "after the backward pass too, and a second backward pass needs it. Compute into a new array, "
                "self.dinputs = dvalues * (1 - self.output) * self.output, rather than with *= into self.output.")


@check("backprop", depends="sigmoid_backward", hint="Check s · (1 - s) against a small step of the forward "
       "pass. See chapter 16.")
def test_sigmoid_gradcheck(run):
    """Activation_Sigmoid.backward agrees with a numerical gradient"""
    got, want = run("sigmoid_backward")
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda x: np.sum(_sigmoid(x) * want["dvalues"], axis=BATCH_AXES), want["inputs"], batched=True),
        "self.dinputs")
    expect.unchanged(got["dvalues_after"], want["dvalues"], "The dvalues given to Activation_Sigmoid.backward",
                     KEEP_DVALUES)


@check("loss", hint="Each output contributes -(y log p + (1 - y) log(1 - p)); average over the outputs of a "
       "sample with np.mean(..., axis=-1). See chapter 16.")
def test_bce_forward(run):
    """Loss_BinaryCrossentropy.forward gives one loss per sample, averaged over its outputs"""
    got, want = run("bce")
    y_pred, y_true = want["y_pred"], want["y_true"]
    expect.array(got["losses"], want["losses"], "The per-sample losses", mistakes={
        named("lost_axis", "The losses were not averaged over each sample's outputs: take "
                           "np.mean(sample_losses, axis=-1)."): -(y_true * np.log(y_pred)
                                                                  + (1 - y_true) * np.log(1 - y_pred)),
        "The losses of each sample's outputs were summed; the book averages them.":
            2 * _bce(y_pred, y_true),
        f"Each sample's losses were summed and divided by the number of samples ({len(y_pred)}), not by its number "
        f"of outputs ({y_pred.shape[-1]}): take np.mean(sample_losses, axis=-1).":
            2 * _bce(y_pred, y_true) / len(y_pred),
        "The logarithms are base 10 (np.log10): cross-entropy takes the natural logarithm, np.log.":
            _bce(y_pred, y_true) / np.log(10),
        "The second term takes log(p) where log(1 - p) belongs: a target of 0 is scored by how far p is from 1, "
        "-(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)).":
            -np.mean(np.log(np.clip(y_pred, 1e-7, 1 - 1e-7)), axis=-1),
        "y_true and 1 - y_true are swapped: a target of 1 is scored by log(p), -(y_true * np.log(y_pred) + "
        "(1 - y_true) * np.log(1 - y_pred)).": _bce(y_pred, 1 - y_true),
    })
    expect.number(got["mean"], want["mean"], "Loss.calculate's mean loss")
    expect.of_another_size(got["other_losses"], want["other_losses"], "Loss_BinaryCrossentropy.forward on 5 samples of 3 outputs",
                           OUTPUTS_WRITTEN_IN)
    _called_again(got["again"], want["again"], "Loss_BinaryCrossentropy.forward", "The losses")


@check("backprop", hint="The derivative of each output's loss is -(y / p - (1 - y) / "
       "(1 - p)); then divide by the number of outputs and by the number of samples. See chapter 16.")
def test_bce_backward(run):
    """Loss_BinaryCrossentropy.backward divides by outputs and samples"""
    got, want = run("bce_backward")
    clipped, y_true = np.clip(want["y_pred"], 1e-7, 1 - 1e-7), want["y_true"]
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs", samples=6,
                 set_by=(got["set"], want["set"], "Loss_BinaryCrossentropy.backward"), mistakes={
        OUTPUTS_FACTOR: want["dinputs"] * 2, OUTPUTS_AS_SAMPLES: want["dinputs"] * 2 / 6,
        "The second term's sign is flipped: the derivative of -(1 - y) log(1 - ŷ) is +(1 - y) / (1 - ŷ), so "
        "dinputs = -(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)) / outputs, divided by the "
        "samples.":
            -(y_true / clipped + (1 - y_true) / (1 - clipped)) / 2 / 6,
        "That is the loss itself, -(y log ŷ + (1 - y) log(1 - ŷ)), not its derivative: the gradient of each "
        "output's loss is -(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)), divided by the "
        "outputs and the samples.": -(y_true * np.log(clipped) + (1 - y_true) * np.log(1 - clipped)) / 2 / 6,
        "Every dvalue was clipped to 1e-7, so both clip bounds are 1e-7: clip to [1e-7, 1 - 1e-7], "
        "np.clip(dvalues, 1e-7, 1 - 1e-7).": -(y_true / 1e-7 - (1 - y_true) / (1 - 1e-7)) / 2 / 6,
    })
    expect.unchanged(got["dvalues_after"], want["y_pred"], "The dvalues given to Loss_BinaryCrossentropy.backward",
                     KEEP_DVALUES)
    expect.unchanged(got["y_true_after"], want["y_true"], "The y_true given to Loss_BinaryCrossentropy.backward",
                     KEEP_TARGETS)
    _other_sizes(got, want, "Loss_BinaryCrossentropy")
    _called_again(got["again"], want["again"], "Loss_BinaryCrossentropy.backward", "self.dinputs")


@check("loss", depends="bce_forward", uses="bce_backward", hint="log(0) is -inf, and so is log(1 - 1). Clip "
       "predictions to [1e-7, 1 - 1e-7]. See chapter 16.")
def test_bce_clipping(run):
    """Loss_BinaryCrossentropy clips predictions to [1e-7, 1 - 1e-7], so the loss and its gradient stay finite"""
    got, want = run("bce_clipping")
    with np.errstate(all="ignore"):
        unclipped = _bce(want["y_pred"], want["y_true"])
    # In float32, 1 - 1e-7 rounds to 1 - 1.19e-7, which moves the clipped loss by about 1%.
    expect.array(got["losses"], want["losses"], "The per-sample losses for predictions of exactly 0 and 1",
                 rtol=2e-2, mistakes={
                     named("unclipped_log", "A prediction of exactly 0 or 1 gave an infinite or NaN loss: clip "
                                            "y_pred with np.clip(y_pred, 1e-7, 1 - 1e-7) first, and take every log "
                                            "of the clipped values (y_pred_clipped), not of y_pred."): unclipped,
                     **{f"The predictions were clipped to [{bound:g}, 1 - {bound:g}]: the book clips them to "
                        "[1e-7, 1 - 1e-7], np.clip(y_pred, 1e-7, 1 - 1e-7), and the loss of a prediction of "
                        "exactly 0 or 1 is -log of that bound.": _bce(np.clip(want["y_pred"], bound, 1 - bound),
                                                                      want["y_true"])
                        for bound in OTHER_BOUNDS},
                 })
    # ... and the gradient there, 1 / (1 - p), by about 16%: what matters is that it is finite and points right.
    y_pred, y_true = want["y_pred"], want["y_true"]
    clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
    with np.errstate(all="ignore"):
        unclipped = _bce_gradient(y_pred, y_true)
        # One of the two terms given the clipped dvalues, the other the dvalues as they came; or dvalues clipped at
        # one end only, which gives the same numbers here.
        halves = [_bce_gradient(first, y_true, second) for first, second in ((clipped, y_pred), (y_pred, clipped))]
    half_clipped = [named("unclipped_log", f"A dvalue of exactly {value} made the gradient's {term} term infinite: "
                          f"either that term divides by the dvalues as they came, not the clipped ones, or the clip "
                          f"has no {bound} bound ({one_sided}). Clip at both ends, clipped_dvalues = np.clip(dvalues, "
                          "1e-7, 1 - 1e-7), and let both terms take it, y_true / clipped_dvalues and (1 - y_true) / "
                          "(1 - clipped_dvalues).")
                    for value, term, bound, one_sided in (
                        (1, "second", "upper", "np.clip(dvalues, 1e-7, None) leaves 1 - 1 = 0 to divide by"),
                        (0, "first", "lower", "np.clip(dvalues, None, 1 - 1e-7) leaves 0 to divide by"))]
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs for predictions of exactly 0 and 1", rtol=0.25,
                 mistakes=[(OUTPUTS_FACTOR, want["dinputs"] * 2),
                           (named("unclipped_log", "dvalues of exactly 0 or 1 gave infinite gradients: backward "
                                                   "clips dvalues too, np.clip(dvalues, 1e-7, 1 - 1e-7), as forward "
                                                   "clips its predictions."), unclipped),
                           *zip(half_clipped, halves),
                           *((f"dvalues were clipped to [{bound:g}, 1 - {bound:g}]: the book clips them as forward "
                              "clips its predictions, np.clip(dvalues, 1e-7, 1 - 1e-7), and a dvalue of exactly 0 or 1 "
                              "then gives a gradient as large as that bound makes it.",
                              _bce_gradient(np.clip(y_pred, bound, 1 - bound), y_true)) for bound in OTHER_BOUNDS)])


def _bce_gradient(dvalues, y_true, second=None):
    """The binary cross-entropy's gradient, -(y / p - (1 - y) / (1 - p)) / outputs / samples, its second term taking
    `second` in place of `dvalues` where given. Chapter 16."""
    second = dvalues if second is None else second
    return -(y_true / dvalues - (1 - y_true) / (1 - second)) / dvalues.shape[1] / len(dvalues)


@check("loss", depends="bce_clipping", hint="np.clip(y_pred, ...) returns a new array; which call would write "
       "into y_pred or dvalues itself? See chapter 16.")
def test_bce_keeps_its_arguments(run):
    """Loss_BinaryCrossentropy leaves the predictions, targets and dvalues it was given unchanged"""
    got, want = run("bce_clipping")
    advice = "Clip into a new array (np.clip(y_pred, 1e-7, 1 - 1e-7) without out=): the caller still needs it."
    expect.unchanged(got["y_pred_after"], want["y_pred"], "The y_pred given to Loss_BinaryCrossentropy.forward",
                     advice)
    expect.unchanged(got["y_true_after_forward"], want["y_true"], "The y_true given to "
                     "Loss_BinaryCrossentropy.forward", KEEP_TARGETS)
    expect.unchanged(got["dvalues_after"], want["y_pred"], "The dvalues given to Loss_BinaryCrossentropy.backward",
                     advice)


@check("backprop", uses="bce_backward", hint="The loss is a mean over samples and outputs, so its gradient "
       "carries both divisions. See chapter 16.")
def test_bce_gradcheck(run):
    """Loss_BinaryCrossentropy.backward agrees with a numerical gradient of the mean loss"""
    got, want = run("bce_backward")
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda p: np.mean(_bce(p, want["y_true"]), axis=-1), want["y_pred"], batched=True), "self.dinputs")


@check("activation", hint="The linear activation passes values through unchanged, both ways. See chapter 17.")
def test_linear(run):
    """Activation_Linear passes its inputs forward and dvalues backward unchanged"""
    got, want = run("linear")
    expect.as_array(got["output"], "self.output", set_by=(got["set"], want["set"], "Activation_Linear.forward"))
    expect.array(got["output"], want["output"], "self.output")
    expect.as_array(got["dinputs"], "self.dinputs", set_by=(got["set"], want["set"], "Activation_Linear.backward"))
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs", mistakes={
        "Every value is 1, the linear activation's own derivative, not multiplied by dvalues: the gradient passes "
        "through unchanged, self.dinputs = dvalues.copy().": np.ones_like(want["dinputs"])})
    expect.unchanged(got["dvalues_after"], want["dvalues"], "The dvalues given to Activation_Linear.backward",
                     KEEP_DVALUES)
    expect.true(got["dinputs_shares_dvalues"] is not True, "self.dinputs shares its memory with the dvalues given "
                "to Activation_Linear.backward (it is that array, or a view of it such as dvalues[:]), not a copy of "
                "it: the loss's dinputs and this layer's are then one array, and whatever later writes into either "
                "changes both. The README asks for a copy, as the book writes it: self.dinputs = dvalues.copy().")
    _called_again(got["again_output"], want["again_output"], "Activation_Linear.forward", "self.output")
    _called_again(got["again_dinputs"], want["again_dinputs"], "Activation_Linear.backward", "self.dinputs")


@check("loss", hint="Square the differences, then average over each sample's outputs (axis=-1). See chapter 17.")
def test_mse_forward(run):
    """Loss_MeanSquaredError.forward averages the squared errors of each sample's outputs"""
    got, want = run("mse")
    difference = want["y_true"] - want["y_pred"]
    losses = got["losses"]
    if np.ndim(losses) == 0 and isinstance(losses, (int, float, np.number)) \
            and expect.close([float(losses)], [np.mean(difference ** 2)]):
        expect.fail(f"The per-sample losses are the single number {float(losses):g}, the mean over the whole batch: "
                    "np.mean without an axis averages every value, where each sample needs its own loss, "
                    "np.mean((y_true - y_pred) ** 2, axis=-1).", "lost_axis")
    expect.array(losses, want["losses"], "The per-sample losses", mistakes={
        "The differences were not squared: mean squared error averages (y - ŷ) ** 2.": np.mean(difference, axis=-1),
        "The squared errors were summed over each sample's outputs; the mean squared error averages them: "
        "np.mean((y_true - y_pred) ** 2, axis=-1).": np.sum(difference ** 2, axis=-1),
        "The mean of the differences was squared: square each difference first, then average, "
        "np.mean((y_true - y_pred) ** 2, axis=-1).": np.mean(difference, axis=-1) ** 2,
        "Only y_pred was squared: y_true - y_pred ** 2 squares before it subtracts, as Python does. Square the "
        "difference, np.mean((y_true - y_pred) ** 2, axis=-1).": np.mean(want["y_true"] - want["y_pred"] ** 2, axis=-1),
        "That is the root of the mean squared error (RMSE): the mean squared error takes no square root, "
        "np.mean((y_true - y_pred) ** 2, axis=-1).": np.sqrt(np.mean(difference ** 2, axis=-1)),
    })
    expect.unchanged(got["y_pred_after"], want["y_pred"], "The y_pred given to Loss_MeanSquaredError.forward",
                     KEEP_PREDICTIONS)
    expect.unchanged(got["y_true_after"], want["y_true"], "The y_true given to Loss_MeanSquaredError.forward",
                     KEEP_TARGETS)
    expect.of_another_size(got["other_losses"], want["other_losses"], "Loss_MeanSquaredError.forward on 5 samples of 3 outputs",
                           OUTPUTS_WRITTEN_IN)
    _called_again(got["again"], want["again"], "Loss_MeanSquaredError.forward", "The losses")


@check("backprop", hint="The derivative of (y - ŷ)² with respect to ŷ is -2 (y - ŷ); "
       "then divide by outputs and samples. See chapter 17.")
def test_mse_backward(run):
    """Loss_MeanSquaredError.backward sets dinputs = -2 (y - ŷ) / outputs / samples"""
    got, want = run("mse_backward")
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs", samples=6,
                 set_by=(got["set"], want["set"], "Loss_MeanSquaredError.backward"), mistakes={
        "The factor 2 from the square is missing: dinputs = -2 * (y_true - dvalues) / outputs.":
            want["dinputs"] / 2,
        OUTPUTS_FACTOR: want["dinputs"] * 2, OUTPUTS_AS_SAMPLES: want["dinputs"] * 2 / 6,
    })
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda p: np.mean((want["y_true"] - p) ** 2, axis=BATCH_AXES), want["y_pred"], batched=True),
        "self.dinputs")
    expect.unchanged(got["dvalues_after"], want["y_pred"], "The dvalues given to Loss_MeanSquaredError.backward",
                     KEEP_DVALUES)
    expect.unchanged(got["y_true_after"], want["y_true"], "The y_true given to Loss_MeanSquaredError.backward",
                     KEEP_TARGETS)
    _other_sizes(got, want, "Loss_MeanSquaredError")
    _called_again(got["again"], want["again"], "Loss_MeanSquaredError.backward", "self.dinputs")


@check("loss", hint="Take the absolute differences, then average over each sample's outputs. See chapter 17.")
def test_mae_forward(run):
    """Loss_MeanAbsoluteError.forward averages the absolute errors of each sample's outputs"""
    got, want = run("mae")
    unsigned = np.mean(want["y_true"] - want["y_pred"], axis=-1)
    # Either difference, y - ŷ or ŷ - y, without its absolute value.
    expect.array(got["losses"], want["losses"], "The per-sample losses", mistakes=[
        *(("The differences were averaged without their absolute values, so errors above and below cancel: "
           "np.mean(np.abs(y_true - y_pred), axis=-1).", signed) for signed in (unsigned, -unsigned)),
        ("That is the mean squared error: the mean absolute error averages np.abs(y_true - y_pred), not its "
         "square.", np.mean((want["y_true"] - want["y_pred"]) ** 2, axis=-1)),
        ("The absolute errors were summed over each sample's outputs; the mean absolute error averages them: "
         "np.mean(np.abs(y_true - y_pred), axis=-1).", np.sum(np.abs(want["y_true"] - want["y_pred"]), axis=-1))])
    expect.unchanged(got["y_true_after"], want["y_true"], "The y_true given to Loss_MeanAbsoluteError.forward",
                     KEEP_TARGETS)
    expect.unchanged(got["y_pred_after"], want["y_pred"], "The y_pred given to Loss_MeanAbsoluteError.forward",
                     KEEP_PREDICTIONS)
    expect.of_another_size(got["other_losses"], want["other_losses"], "Loss_MeanAbsoluteError.forward on 5 samples of 3 outputs",
                           OUTPUTS_WRITTEN_IN)
    _called_again(got["again"], want["again"], "Loss_MeanAbsoluteError.forward", "The losses")


@check("loss", depends=("bce_forward", "mse_forward", "mae_forward"),
       hint="What shape does the loss of a batch of one sample have, and what does .squeeze() do to it? See "
            "chapters 16 and 17.")
def test_losses_of_one_sample(run):
    """The three losses' forward passes give a batch of one sample its one loss, of shape (1,)"""
    got, want = run("losses_of_one")
    for key, loss in (("bce", "Loss_BinaryCrossentropy"), ("mse", "Loss_MeanSquaredError"),
                      ("mae", "Loss_MeanAbsoluteError")):
        expect.batch_of_one(got[key], want[key], f"{loss}.forward of one sample of 2 outputs")


@check("backprop", hint="|y - ŷ| grows with ŷ when ŷ > y: its derivative with respect "
       "to ŷ is sign(ŷ - y). See chapter 17, and check the sign against a numerical gradient.")
def test_mae_backward(run):
    """Loss_MeanAbsoluteError.backward sets dinputs = sign(ŷ - y) / outputs / samples"""
    got, want = run("mae_backward")
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs", samples=6,
                 set_by=(got["set"], want["set"], "Loss_MeanAbsoluteError.backward"), mistakes={
        OUTPUTS_FACTOR: want["dinputs"] * 2, OUTPUTS_AS_SAMPLES: want["dinputs"] * 2 / 6,
        named("sign_flipped", "The sign is flipped: the derivative of |y - ŷ| with respect to ŷ is "
                              "sign(ŷ - y), that is np.sign(dvalues - y_true). (The book prints "
                              "np.sign(y_true - dvalues), with the sign the other way round.)"):
            -want["dinputs"],
        "That is the absolute error, not its derivative: the derivative of |y - ŷ| with respect to ŷ is its sign, "
        "np.sign(dvalues - y_true), divided by the outputs and the samples.":
            np.abs(want["y_true"] - want["y_pred"]) / want["y_pred"].shape[1] / len(want["y_pred"]),
        "That is the difference itself, the mean squared error's gradient without its 2: the derivative of "
        "|y - ŷ| is its sign only, np.sign(dvalues - y_true), divided by the outputs and the samples.":
            (want["y_pred"] - want["y_true"]) / want["y_pred"].shape[1] / len(want["y_pred"]),
    })
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda p: np.mean(np.abs(want["y_true"] - p), axis=BATCH_AXES), want["y_pred"], batched=True),
        "self.dinputs")
    expect.unchanged(got["dvalues_after"], want["y_pred"], "The dvalues given to Loss_MeanAbsoluteError.backward",
                     KEEP_DVALUES)
    expect.unchanged(got["y_true_after"], want["y_true"], "The y_true given to Loss_MeanAbsoluteError.backward",
                     KEEP_TARGETS)
    _other_sizes(got, want, "Loss_MeanAbsoluteError")
    _called_again(got["again"], want["again"], "Loss_MeanAbsoluteError.backward", "self.dinputs")


# Uses, not depends on, the linear activation: a dinputs that shares dvalues' memory trains alike, and costs only the
# check that asks for the copy.
@check("training", points=2, depends=("mse_forward", "mse_backward"), uses="linear", seconds=10,
       hint="Training runs Activation_Linear and Loss_MeanSquaredError on 64 samples of one output, and reads "
       "self.output after calculate: does a size written as a number, or an array changed in place, make it "
       "differ from the checks above? See chapter 17.")
def test_regression_training(run):
    """A small network with your linear output and MSE learns the sine data as the reference's does"""
    got, want = run("regression_training")
    predictions = expect.as_array(got["predictions"], "the trained network's predictions").astype(float)
    # The book's regression accuracy (chapter 17): a prediction counts when within np.std(y) / 250.
    precision = np.std(want["targets"]) / 250
    accuracy = float(np.mean(np.abs(predictions - want["targets"]) < precision)) if \
        predictions.shape == want["targets"].shape else 0.0
    reference = float(np.mean(np.abs(want["predictions"] - want["targets"]) < precision))
    expect.true(accuracy >= reference - 0.05,
                f"After 400 steps your network's regression accuracy (within np.std(y) / 250 = ±{precision:.4f}, "
                f"as the book measures it) is {accuracy:.3f}; with the reference's classes it is {reference:.3f}. "
                "Your classes pass the checks above on small batches; here they run on 64 samples of one output, "
                "400 times in a row, with the loss's calculate called on the output at the end.")
    expect.number(got["loss"], want["loss"], "The final mean squared error", rtol=1e-2)
