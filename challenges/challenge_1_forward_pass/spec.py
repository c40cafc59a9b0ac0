"""Checks for challenge 1: the forward pass."""
import numpy as np

from grader import expect
from grader.views import figures
from grader.mistakes import (BIASES_NOT_ADDED, CHAPTER_2_LAYOUT, CLIP_HINTS, CLIP_TOP_HINTS, COLUMN_BIASES,
                             FLAT_BIASES, ONE_SIZE_WEIGHTS, clip_onehot_hints, leaky_for_relu, named,
                             softmax_mistakes)
from grader.spec import check, figure

LOG10 = ("That is the base-10 logarithm, np.log10: the cross-entropy takes the natural one, np.log (each loss here is "
         "1 / ln 10 = 0.434 times the right one).")


def _follows_new_inputs(got, want, layer):
    """self.output after a second call of forward, on other inputs of another number of samples, must be that call's
    output."""
    __tracebackhide__ = True
    first, again = len(want["output"]), len(want["again_inputs"])
    if isinstance(got["again"], str):
        expect.fail(f"A second call of {layer}.forward, on {again} samples after the first call's {first}, raised "
                    f"{got['again']}. Does forward keep something of its first call on self (an output array made "
                    "once, a number of samples)? Compute self.output anew from the inputs of each call.")
    expect.array(got["again"], want["again"], f"self.output after a second call of {layer}.forward (on other inputs)",
                 mistakes={f"It still holds the first call's output: {layer}.forward must compute self.output from "
                           "the inputs of every call, not only of the first.": got["output"]})


@check("shape", hint="Which shapes let np.dot(inputs, weights) + biases work for a batch of inputs? See chapter 3.")
def test_dense_init_shapes(run):
    """Layer_Dense(n_inputs, n_neurons) makes weights (n_inputs, n_neurons) and biases (1, n_neurons)"""
    got, want = run("dense_init")
    expect.shape(got["weights"], (4, 7), "Layer_Dense(4, 7).weights", "one row per input, one column per neuron",
                 likely={(7, 4): CHAPTER_2_LAYOUT, (7,): ONE_SIZE_WEIGHTS})
    expect.shape(got["biases"], (1, 7), "Layer_Dense(4, 7).biases", "one row, one bias per neuron",
                 likely={(7,): FLAT_BIASES, (7, 1): COLUMN_BIASES})


@check("forward", depends="dense_init_shapes",
       hint="Small random weights break symmetry; zero biases start every neuron alike. See chapter 3.")
def test_dense_init_values(run):
    """Layer_Dense starts with weights 0.01 · randn and zero biases"""
    got, want = run("dense_init")
    expect.initial_parameters(got["large_weights"], got["large_biases"], "Layer_Dense(60, 50)")
    first, second = got["large_weights"], got["another_weights"]
    expect.true(not (isinstance(second, np.ndarray) and second.shape == np.shape(first)
                     and np.array_equal(second, first)),
                "Two Layer_Dense(60, 50) built one after the other start with the same weights: the layer seeds "
                "NumPy's random numbers itself (np.random.seed in __init__?), so every layer of a shape draws the "
                "same ones. Seed once, at the top of the script (nnfs.init() does), never inside the layer.")


@check("shape", hint="A batch of 6 samples through 3 neurons gives how many numbers, in what shape? See chapter 3.")
def test_dense_forward_shape(run):
    """Layer_Dense.forward stores an output of shape (n_samples, n_neurons) in self.output"""
    got, want = run("dense_forward")
    if got["output"] is None and got["returned"] is not None:
        expect.fail("Layer_Dense.forward returned its result but did not store it: "
                    "the book's layers set self.output = ... and return nothing.")
    expect.shape(got["output"], (6, 3), "self.output after Layer_Dense.forward", "6 samples, 3 neurons",
                 likely={(3, 6): "Did you write np.dot(weights, inputs)? The samples come first."},
                 set_by=(got["set"], want["set"], "Layer_Dense.forward"))
    expect.shape(got["one_sample"], (1, 3), "self.output for a batch of one sample (shape (1, 4))",
                 "1 sample, 3 neurons")


@check("forward", depends="dense_forward_shape",
       hint="output = inputs · weights + biases; which of the three does your result leave out? See chapter 3.")
def test_dense_forward(run):
    """Layer_Dense.forward computes inputs · weights + biases"""
    got, want = run("dense_forward")
    try:
        expect.array(got["output"], want["output"], "self.output", mistakes={
            BIASES_NOT_ADDED: want["inputs"] @ want["weights"],
            "The biases were subtracted instead of added.":
                want["inputs"] @ want["weights"] - want["biases"],
        })
    except expect.Mismatch:
        _drawn_in_forward(got, want)
        raise
    expect.all_unchanged([(got["inputs"], want["inputs"], "The inputs given to Layer_Dense.forward"),
                          (got["weights_after"], want["weights"], "self.weights after a call of Layer_Dense.forward"),
                          (got["biases_after"], want["biases"], "self.biases after a call of Layer_Dense.forward")],
                         "forward computes a new self.output and leaves its inputs and the layer's parameters as they "
                         "were: the layer before uses those inputs again, and backward reads them (chapter 9).")
    _follows_new_inputs(got, want, "Layer_Dense")


def _drawn_in_forward(got, want):
    """A forward pass that draws its own weights gives outputs of weights nobody set: said instead of the values."""
    __tracebackhide__ = True
    output, one, again = got["output"], got["one_sample"], got["one_sample_again"]
    if not isinstance(output, np.ndarray) or output.shape != want["output"].shape:
        return
    wrong = "self.output has the right shape but the wrong values"
    hint = ("__init__ draws the weights, once; forward computes np.dot(inputs, self.weights) + self.biases from them. "
            "See chapter 3.")
    for name, after, drawn in (("weights", got["weights_after"], ". Weights are drawn once, in __init__;"),
                               ("biases", got["biases_after"], ":")):
        if isinstance(after, np.ndarray) and after.shape == want[name].shape and not expect.close(after, want[name]):
            expect.fail(f"{wrong}: Layer_Dense.forward changed self.{name}, which after one call are no longer the "
                        f"{name} the layer was given{drawn} forward only reads self.weights and self.biases.",
                        hint=hint)
    if isinstance(one, np.ndarray) and isinstance(again, np.ndarray) and one.shape == again.shape \
            and not expect.close(again, one):
        expect.fail(f"{wrong}: Layer_Dense.forward gave two different outputs for the same "
                    "sample, so it draws random numbers each time it runs. Draw the weights once, in __init__, "
                    "and compute the output from self.weights and self.biases.", hint=hint)


@check("activation", hint="ReLU keeps positive values and replaces the rest with 0: which NumPy function "
       "compares element-wise with 0? See chapter 4.")
def test_relu_forward(run):
    """Activation_ReLU.forward sets self.output to max(0, inputs)"""
    got, want = run("relu_forward")
    set_by = got["set"], want["set"], "Activation_ReLU.forward"
    expect.array(got["output"], want["output"], "self.output", set_by=set_by, mistakes={
        "Negative inputs must become 0, not keep their size: that is np.abs, not ReLU.": np.abs(want["inputs"]),
        "This is min(0, x): positive inputs should pass through and negative ones become 0.":
            np.minimum(0, want["inputs"]),
        "The outputs were capped at 1 as well: ReLU has no upper limit, np.maximum(0, inputs), where np.clip(inputs, "
        "0, 1) also cuts every input above 1.": np.clip(want["inputs"], 0, 1),
        "An input just above 0 (0.0001) became 0: ReLU keeps every positive input, however small, "
        "np.maximum(0, inputs), with no threshold above 0.": np.where(want["inputs"] > 1e-3, want["inputs"], 0.0),
        **dict(leaky_for_relu(want["inputs"])),
    })
    _follows_new_inputs(got, want, "Activation_ReLU")
    far, expected = got["far"], want["far"]
    # The cap of a ReLU with an upper limit, read off its output for a million.
    cap = float(far[0, 0]) if isinstance(far, np.ndarray) and far.shape == expected.shape \
        and far.dtype.kind in "iuf" and 1 <= far[0, 0] < expected[0, 0] else None
    expect.array(far, expected, f"self.output for the inputs {want['far_inputs'].tolist()}",
                 mistakes={} if cap is None else {
                     f"The outputs were capped at {cap:g}: ReLU has no upper limit, np.maximum(0, inputs), where "
                     f"np.clip(inputs, 0, {cap:g}) or np.minimum(..., {cap:g}) also cuts every input above it.":
                         np.clip(np.maximum(expected, 0), 0, cap)})


@check("activation", depends="relu_forward",
       hint="Does your forward pass write into the array it was given? Build a new one instead. See chapter 4.")
def test_relu_keeps_input(run):
    """Activation_ReLU.forward leaves its inputs unchanged"""
    got, want = run("relu_forward")
    expect.unchanged(got["given_after"], want["inputs"], "The inputs array given to Activation_ReLU.forward",
                     "Write the result to a new array (np.maximum(0, inputs)) instead of into inputs.")


@check("activation", hint="Exponentiate, then divide each row by its own sum: np.sum(..., axis=1, "
       "keepdims=True). See chapter 4.")
def test_softmax_forward(run):
    """Activation_Softmax.forward turns each row into probabilities"""
    got, want = run("softmax_forward")
    expect.array(got["output"], want["output"], "self.output", mistakes=softmax_mistakes(want["inputs"]),
                 set_by=(got["set"], want["set"], "Activation_Softmax.forward"))
    _follows_new_inputs(got, want, "Activation_Softmax")


@check("activation", depends="softmax_forward", hint="Subtracting the max with -= changes the caller's array. "
       "See chapter 4.")
def test_softmax_keeps_input(run):
    """Activation_Softmax.forward leaves its inputs unchanged"""
    got, want = run("softmax_forward")
    expect.unchanged(got["given_after"], want["inputs"], "The inputs array given to Activation_Softmax.forward",
                     "Subtract each row's maximum into a new array, np.exp(inputs - np.max(inputs, axis=1, "
                     "keepdims=True)), instead of inputs -= ...: the caller still needs its values.")


@check("activation", depends="softmax_forward",
       hint="A probability distribution over the classes sums to 1 for every sample. See chapter 4.")
def test_softmax_rows_sum_to_one(run):
    """Activation_Softmax.forward gives rows that sum to 1 for any batch shape"""
    got, want = run("softmax_rows")
    expect.array(got["output"], want["output"], "self.output for a batch of shape (6, 4)")
    expect.batch_of_one(got["one"], want["one"], "self.output for a batch of one sample")


@check("activation", depends="softmax_forward",
       hint="np.exp(1000) overflows. What can you subtract from each row that leaves softmax unchanged? "
       "See chapter 4.")
def test_softmax_large_logits(run):
    """Activation_Softmax.forward survives inputs like 1000 without overflow"""
    got, want = run("softmax_large")
    try:
        expect.array(got["output"], want["output"], "self.output for inputs around 1000 and a row far below them",
                     mistakes=softmax_mistakes(want["inputs"]))
    except expect.Mismatch as mismatch:
        raise expect.overflow_told(mismatch, got["output"]) from None


@check("loss", hint="For class indices, pick each row's probability of its true class with "
       "y_pred[range(samples), y_true]. See chapter 5.")
def test_cce_sparse(run):
    """Loss_CategoricalCrossentropy.forward gives one loss per sample for class-index targets"""
    got, want = run("cce_sparse")
    rows = range(len(want["y_true"]))
    expect.array(got["losses"], want["losses"], "The per-sample losses", mistakes={
        named("sign_flipped", "The sign is missing: the loss is -log(confidence), positive for a confidence "
                              "below 1."):
            np.log(want["y_pred"][rows, want["y_true"]]),
        "This is -log of each row's largest probability; the loss uses the probability of the true class.":
            -np.log(want["y_pred"].max(axis=1)),
        LOG10: -np.log10(want["y_pred"][rows, want["y_true"]]),
        named("broadcast_square", "y_pred[:, y_true] takes, for every sample, the probabilities of every sample's "
                                  "true class: an (n, n) table. Pick one probability per sample, each row's own "
                                  "class, with y_pred[range(len(y_pred)), y_true]."):
            -np.log(np.clip(want["y_pred"], 1e-7, 1 - 1e-7)[:, want["y_true"]]),
    })
    square = np.clip(want["square_pred"], 1e-7, 1 - 1e-7)
    expect.array(got["square_losses"], want["square_losses"], "The per-sample losses of 3 samples of 3 classes",
                 mistakes={"With as many samples as classes, the class indices were taken for one-hot rows: tell "
                           "the two kinds apart by len(y_true.shape), 1 for class indices and 2 for one-hot rows, "
                           "not by comparing their sizes.": -np.log(np.sum(square * want["square_true"], axis=1))})
    expect.of_another_size(got["wide_losses"], want["wide_losses"], "Loss_CategoricalCrossentropy.forward on 5 "
                           "samples of 4 classes", "Is the number of classes written into the code (np.eye(3), "
                           "say)? Take it from the arrays given: y_pred.shape[1].")
    expect.of_another_size(got["again_losses"], want["again_losses"], "The first Loss_CategoricalCrossentropy's "
                           "forward called again, on 9 samples of 4 classes,", "New objects were right on batches of "
                           "other sizes, so the first call left something on self (the number of samples or of "
                           "classes, the targets) that this one read: compute all forward needs from the y_pred and "
                           "y_true of each call.")


@check("loss", hint="With one-hot targets, multiply by y_true and sum each row: np.sum(y_pred * y_true, "
       "axis=1). See chapter 5.")
def test_cce_onehot(run):
    """Loss_CategoricalCrossentropy.forward gives one loss per sample for one-hot targets"""
    got, want = run("cce_onehot")
    # A class no sample belongs to sums to 0 down its column.
    with np.errstate(divide="ignore"):
        column_sums = -np.log(np.sum(want["y_pred"] * want["y_true"], axis=0))
    expect.array(got["losses"], want["losses"], "The per-sample losses for one-hot targets", mistakes={
        named("lost_axis", "The one-hot rows were summed over the wrong axis: sum across each row, axis=1."):
            column_sums,
        LOG10: -np.log10(np.sum(want["y_pred"] * want["y_true"], axis=1)),
    })
    expect.of_another_size(got["wide_losses"], want["wide_losses"], "Loss_CategoricalCrossentropy.forward on 5 "
                           "samples of 4 one-hot classes", "Is the number of classes written into the code "
                           "(np.arange(3), say)? Take it from the arrays given: y_true.shape[1].")
    expect.one_hot_of_integers(got["integer_losses"], want["integer_losses"], "The per-sample losses for one-hot "
                               "targets of integers")


@check("loss", depends=("cce_sparse",),
       hint=CLIP_HINTS)
def test_cce_clipping(run):
    """Loss_CategoricalCrossentropy.forward clips predictions so log(0) never happens"""
    got, want = run("cce_clipping")
    _clipped_elsewhere(got["losses"], want["losses"])
    expect.array(got["losses"], want["losses"], "The per-sample losses for predictions of exactly 0 and 1",
                 mistakes={
                     named("unclipped_log", "A prediction of 0 for the true class gave an infinite loss: "
                                            "clip y_pred to [1e-7, 1 - 1e-7] before taking the log."):
                         np.array([np.inf, 0.0, want["losses"][2]]),
                 })


def _clipped_elsewhere(got, want):
    """Fail, naming the bound, where the loss of a prediction of 0 is -log of a small bound other than the book's
    1e-7 (1e-15, say) and the loss of the ordinary sample is right: the predictions were clipped, elsewhere."""
    if not (isinstance(got, np.ndarray) and got.shape == want.shape and got.dtype.kind == "f"
            and np.isfinite(got[0]) and 0 < got[0] and np.isclose(got[2], want[2])):
        return
    expect.clip_bound(got[0], want[0], "The loss of a prediction of 0 for the true class")


@check("loss", depends="cce_clipping",
       hint=CLIP_TOP_HINTS)
def test_cce_clipping_top(run):
    """Loss_CategoricalCrossentropy.forward clips a prediction of 1 to 1 - 1e-7 as well"""
    got, want = run("cce_clipping")
    losses = expect.shape(got["losses"], want["losses"].shape, "The per-sample losses", "one loss per sample")
    expect.clipped_at_one(losses[1],
                          "The loss of a prediction of exactly 1 for the true class")


@check("loss", depends=("cce_onehot", "cce_clipping_top"),
       hint=clip_onehot_hints("Which predictions does your one-hot branch multiply by y_true: the clipped ones? "
                              "See chapter 5."))
def test_cce_clipping_onehot(run):
    """Loss_CategoricalCrossentropy.forward clips the predictions for one-hot targets too"""
    got, want = run("cce_clipping_onehot")
    with np.errstate(divide="ignore", invalid="ignore"):
        unclipped = -np.log(np.sum(want["y_pred"] * want["y_true"], axis=1))
        unclipped_sum = -np.sum(want["y_true"] * np.log(want["y_pred"]), axis=1)
    what = "The per-sample losses for one-hot targets and predictions of exactly 0 and 1"
    expect.array(got["losses"], want["losses"], what, mistakes={
        named("unclipped_log", "With one-hot targets, a prediction of 0 for the true class gave an infinite loss, "
                               "although class indices did not: the one-hot branch used y_pred as it came instead "
                               "of the clipped predictions."): unclipped,
        named("unclipped_log", "With one-hot targets the losses are infinite or NaN: -np.sum(y_true * "
                               "np.log(y_pred), axis=1) took the log of y_pred as it came, so a prediction of "
                               "exactly 0 gave log(0) = -inf, and that times a 0 of y_true is NaN. The one-hot "
                               "branch needs the clipped predictions too."): unclipped_sum,
    })
    expect.clipped_at_one(expect.as_array(got["losses"], what, want["losses"].shape)[1], "The loss of a prediction of exactly 1 for a one-hot true class")
    expect.unchanged(got["given_after"], want["y_pred"], "The y_pred given to Loss_CategoricalCrossentropy.forward "
                     "with one-hot targets", "Clip into a new array instead of writing into y_pred: the caller still "
                     "needs its predictions.")


@check("loss", depends=("cce_sparse", "cce_onehot"),
       hint="What shape does the loss of a batch of one sample have, and what does .squeeze() do to it? See chapter 5.")
def test_cce_batch_of_one(run):
    """Loss_CategoricalCrossentropy.forward gives a batch of one sample its one loss, of shape (1,)"""
    got, want = run("cce_batch_of_one")
    for targets, kind in (("sparse", "its class index"), ("onehot", "its one-hot row")):
        expect.batch_of_one(got[targets], want[targets], f"Loss_CategoricalCrossentropy.forward of one sample, "
                            f"with {kind} as y_true,")


@check("loss", depends="cce_sparse",
       hint="np.clip(y_pred, ...) returns a new array; which call would write into y_pred itself? See chapter 5.")
def test_cce_keeps_predictions(run):
    """Loss_CategoricalCrossentropy.forward leaves the predictions and the targets it was given unchanged"""
    got, want = run("cce_clipping")
    expect.unchanged(got["given_after"], want["y_pred"], "The y_pred given to Loss_CategoricalCrossentropy.forward",
                     "Clip into a new array (y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)) instead of "
                     "writing into y_pred: the caller still needs its predictions.")
    for scenario, kind in (("cce_clipping", "class indices"), ("cce_clipping_onehot", "one-hot rows")):
        got, want = run(scenario)
        expect.unchanged(got["targets_after"], want["y_true"], f"The y_true ({kind}) given to "
                         "Loss_CategoricalCrossentropy.forward", KEEP_TARGETS)


# Said where a loss wrote into the targets it was given: a training loop hands the same y to every epoch.
KEEP_TARGETS = ("Compute into new arrays (y_pred_clipped * y_true makes one) instead of writing into y_true "
                "(y_true *= ..., or a name that is y_true itself, error = y_true; error -= ...): a training loop "
                "gives the same targets to every epoch, and the next would read what this call left.")


@check("loss", depends="cce_sparse",
       hint="calculate turns the per-sample losses that forward returns into one number for the batch: which "
       "NumPy function, applied to which array? See chapter 5.")
def test_loss_calculate(run):
    """Loss.calculate returns the mean loss of the batch"""
    got, want = run("loss_calculate")
    rows = range(len(want["y_true"]))
    losses = -np.log(want["y_pred"][rows, want["y_true"]])
    expect.number(got["loss"], want["loss"], "Loss.calculate's result", mistakes={
        named("batch_factor", "That is the sum of the per-sample losses; calculate returns their mean."):
            losses.sum(),
        f"That is the sum of the per-sample losses divided by the {want['y_pred'].shape[1]} classes: calculate "
        "averages over the samples, np.mean(sample_losses).": losses.sum() / want["y_pred"].shape[1],
        f"That is the mean of the predictions, output, not of the losses: each row of a softmax output sums to 1, "
        f"so with {want['y_pred'].shape[1]} classes their mean is always 1/{want['y_pred'].shape[1]}. calculate "
        "averages what forward returned: sample_losses = self.forward(output, y), then np.mean(sample_losses).":
            np.mean(want["y_pred"]),
        "That is the mean of the targets, y, not of the losses: calculate averages what forward returned: "
        "sample_losses = self.forward(output, y), then np.mean(sample_losses).": np.mean(want["y_true"]),
    })
    expect.of_another_size(got["again_loss"], want["again_loss"], "The same loss's calculate called again, on 11 "
                           "samples after 8,", "Is the number of samples written into the code (a division by 8, "
                           "say), or kept on self from the first call? np.mean(sample_losses) averages over the "
                           "samples of each call.")


@check("model", points=2, depends=("dense_forward", "relu_forward", "softmax_forward", "loss_calculate"),
       hint="Chain the layers in the book's order: dense, ReLU, dense, softmax, then the loss. See chapter 5.")
def test_network_forward(run):
    """The chapter-5 network (dense, ReLU, dense, softmax, loss) gives the reference's output and loss"""
    got, want = run("network_forward")
    expect.array(got["output"], want["output"], "The softmax output of the network")
    expect.number(got["loss"], want["loss"], "The network's loss")


@figure("network_forward", "dense_forward_shape", "dense_forward", "relu_forward", "softmax_forward")
def decision_regions(run):
    got, want = run("figure_decision_regions")
    grid = int(np.sqrt(len(want["classes"])))
    yours = expect.as_array(got["classes"], "the network's output", want["classes"].shape)
    return figures.regions(
        "The class your network predicts at each point of the plane, beside the reference's, both given the same "
        "weights, which the grader trained (training comes in later challenges); the dots are the book's spiral data",
        {"yours": np.argmax(yours, axis=1).reshape(grid, grid),
         "reference": np.argmax(want["classes"], axis=1).reshape(grid, grid)},
        want["inputs"], want["labels"], (-1, 1, -1, 1))
