"""Checks for challenge 5: backpropagation."""
import numpy as np

from grader import expect
from grader.views import figures
from grader.mistakes import named
from grader.spec import check, figure

KEEP_DVALUES = ("Work on a copy: self.dinputs = dvalues.copy(), then change self.dinputs. "
                "The caller may still need dvalues.")


# The central differences below take a stack of points at once (expect.numerical_gradient(batched=True)): each
# objective sums or averages over the last two axes, (samples, features), whatever comes before them.
BATCH_AXES = (-2, -1)


def _mean_cce(probabilities, labels):
    """The mean categorical cross-entropy of (..., samples, classes) probabilities: one value per leading index."""
    return np.mean(-np.log(probabilities[..., np.arange(len(labels)), labels]), axis=-1)


def _other_sizes(got, want, step, first, mistakes=None):
    """self.dinputs of `step`.backward on 4 samples of 5 classes, after `first` (what it was right on) passed."""
    __tracebackhide__ = True
    other = got["other"]
    if isinstance(other, str):   # what backward raised (scenarios.raised_by)
        expect.fail(f"{step}.backward raised {other} on a batch of 4 samples of 5 classes (class-index targets), "
                    f"though it was right on {first}. Is 6 or 3 written into it as a number? Take the number of "
                    "samples from len(dvalues) and the number of classes from len(dvalues[0]).")
    expect.array(other, want["other"], "self.dinputs for 4 samples of 5 classes (class-index targets)", samples=4,
                 mistakes={"It was divided by 6, the number of samples in the first batch, instead of this batch's 4: "
                           "take the number of samples from the data, samples = len(dvalues).":
                           np.asarray(want["other"]) * 4 / 6, **(mistakes or {})})


def _other_size_again(got, want, step):
    """self.dinputs when the objects of the first calls of `step`.backward are called on the batch of 4 samples of 5
    classes a new object was right on (_other_sizes), twice over: with class indices, then one-hot targets."""
    __tracebackhide__ = True
    for key, targets in (("other_again", "class indices"), ("other_again_onehot", "one-hot targets")):
        expect.of_another_size(got[key], want[key], f"self.dinputs when the {step} called before on 6 samples of 3 "
                               f"classes is called on 8 samples of 5 classes ({targets} both times)", "Is a number of "
                               "samples or classes written into the code, or did an earlier call leave something on "
                               "self (the number of samples or of classes, the targets) that this one read? Compute "
                               "all backward needs from the dvalues and y_true of each call.", mistakes={
                                   "It was divided by 6, the number of samples of the first call, instead of this "
                                   "call's 8: was the first call's number of samples kept on self and read again? "
                                   "Take it from each call's dvalues, samples = len(dvalues).":
                                       np.asarray(want[key]) * 8 / 6})


def _batch_of_one(got, want, step):
    """self.dinputs of `step`.backward on a batch of one sample, with its class index, then its one-hot row."""
    __tracebackhide__ = True
    for key, targets in (("one", "its class index"), ("one_onehot", "its one-hot row")):
        expect.batch_of_one(got[key], want[key], f"self.dinputs of {step}.backward on one sample, with {targets} as "
                            "y_true,")


def _subtracted_at_flat_positions(dvalues, labels, classes):
    """The combined gradient with its 1 subtracted at flat index sample * `classes` + label of (samples, n) `dvalues`,
    then divided by the samples: what a flat index with the number of classes written in gives."""
    dinputs = np.array(dvalues, dtype=float)
    positions = np.arange(len(labels)) * classes + np.asarray(labels)
    dinputs.reshape(-1)[positions[positions < dinputs.size]] -= 1
    return dinputs / len(labels)


def _second_call(got, want, step, stale, mistakes=None):
    """self.dinputs after a second call of `step`.backward on the same object, with other dvalues and targets;
    `stale` is what the second call gives when it reuses the first call's y_true; `mistakes`: more of them, by
    sentence."""
    __tracebackhide__ = True
    again = got["again"]
    if isinstance(again, str):   # what backward raised (scenarios._again)
        expect.fail(f"A second call of {step}.backward on the same object, with other dvalues and class indices, "
                    f"raised {again}. Does backward depend on something the first call left behind?")
    expect.array(again, want["again"], "self.dinputs after a second call of backward on the same object (other "
                 "dvalues, other class indices)", mistakes={
                     "It used the targets of the first call: backward must use the y_true it is given at every "
                     "call; was the first call's y_true kept on self and read again?": stale,
                     "It still holds the first call's dinputs: backward must compute self.dinputs from the dvalues "
                     "and y_true of every call.": got["dinputs"], **(mistakes or {})})


def _clipped_or_floored(got, dvalues, labels, samples):
    """{sentence: -y_true / np.clip(dvalues, low, high) / samples} where `got` is that for bounds the book's
    backward does not take (it divides by dvalues as they are), read off the true classes' values; the floor
    division's {sentence: np.floor(-y_true / dvalues / samples)} where `got` is whole numbers; else {}."""
    if not (isinstance(got, np.ndarray) and got.shape == dvalues.shape and got.dtype.kind == "f"):
        return {}
    # Whole numbers are a floor division's, self.dinputs // samples, which would read as a clip at 1 / samples.
    if np.all(np.isfinite(got)) and np.array_equal(got, np.round(got)):
        one_hot = np.eye(dvalues.shape[1])[labels]
        floored = np.floor(-one_hot / dvalues / samples)
        # Where every true class's probability is above 1 / samples, the floor is -y_true itself.
        if np.array_equal(floored, -one_hot):
            return {("Every value is -1 or 0, -y_true itself: either the division by dvalues is missing (the "
                     "derivative of -log(p) is -1 / p), or // floored the gradient, self.dinputs // samples, which "
                     "rounds each value down to a whole number. The backward pass is self.dinputs = -y_true / "
                     "dvalues, then self.dinputs = self.dinputs / samples."): floored}
        return {("// is floor division: self.dinputs // samples rounds each value down to a whole number. Divide "
                 "with /: self.dinputs = self.dinputs / samples."): floored,
                ("Every value is -1 or 0, -y_true itself: the division by dvalues is missing (the derivative of "
                 "-log(p) is -1 / p), and so is the division by the samples. The backward pass is self.dinputs = "
                 "-y_true / dvalues, then self.dinputs = self.dinputs / samples."): -one_hot}
    picked = np.eye(dvalues.shape[1], dtype=bool)[labels]
    with np.errstate(all="ignore"):
        implied = -1 / (got[picked] * samples)
    true = dvalues[picked]
    off = ~np.isclose(implied, true, rtol=1e-6)
    raised, lowered = implied[off & (implied > true)], implied[off & (implied < true)]
    if not off.any() or not np.all(got[~picked] == 0) or any(
            bound.size and not np.allclose(bound, bound[0], rtol=1e-9) for bound in (raised, lowered)):
        return {}
    low, high = (float(bound[0]) if bound.size else None for bound in (raised, lowered))
    where = " or ".join(part for part in (low is not None and f"below {low:g}", high is not None and f"above {high:g}")
                        if part)
    shown = ", ".join("..." if bound is None else f"{bound:g}" for bound in (low, high))
    return {f"Those values differ only where a probability is {where}: dvalues were clipped, np.clip(dvalues, "
            f"{shown}), before the division. The backward pass divides by dvalues as they are, "
            "self.dinputs = -y_true / dvalues, then by the samples (the forward pass's clip keeps the loss finite; "
            "a clip here changes the gradient wherever a probability passes its bound).":
            -np.eye(dvalues.shape[1])[labels] / np.clip(dvalues, low, high) / samples}


def _called_again(got, want, step, name, batch):
    """self.`name` after a second backward pass of `step` on the same object, on another `batch` ("3 samples"):
    the reference's, not the first call's plus this one's, nor anything the first call's arrays forced on it."""
    __tracebackhide__ = True
    again, first = got[f"again_{name}"], want[name]
    if isinstance(again, str):   # what backward raised (scenarios._backward_again)
        expect.fail(f"A second call of {step}.backward on the same object, on another batch of {batch}, raised "
                    f"{again}. Does backward reuse something the first call made, such as an array of the first "
                    f"batch's shape? Make self.{name} anew at every call.")
    mistakes = {f"That is still the first call's self.{name}: backward kept what an earlier call made (under an "
                f"if not hasattr(self, '{name}'), say) where each call computes self.{name} anew from its own "
                "dvalues.": first}
    if np.shape(want[f"again_{name}"]) == np.shape(first):
        mistakes[named("gradient_accumulated", f"That is the first call's {name} plus the second's: backward added "
                                               f"into what the first call left (self.{name} += ...). Set it anew at "
                                               f"every call, self.{name} = ..., so that each pass gives that batch's "
                                               "gradient alone.")] = want[f"again_{name}"] + first
    expect.array(again, want[f"again_{name}"], f"self.{name} after a second call of {step}.backward on the same "
                 f"object, on another batch of {batch},", mistakes=mistakes)


def _of_another_shape(got, want, step, name, advice):
    """self.`name` after a backward pass of `step` on a batch of 3 samples of 5 values, a shape no other call has: a
    size written into the code (np.eye(3), reshape(3, 1)) or an array kept from the first call shows; `advice`
    follows what such a call raised."""
    __tracebackhide__ = True
    other = got[f"other_{name}"]
    if isinstance(other, str):   # what backward raised (scenarios._backward_again)
        expect.fail(f"{step}.backward on a batch of 3 samples of 5 values raised {other}. {advice}")
    expect.array(other, want[f"other_{name}"], f"self.{name} after {step}.backward on a batch of 3 samples of 5 "
                 "values")


# --- Layer_Dense -----------------------------------------------------------------

@check("backprop", hint="Which product of inputs and dvalues has the shape of weights, (n_inputs, n_neurons)? "
       "See chapter 9.")
def test_dense_backward_dweights(run):
    """Layer_Dense.backward sets dweights = inputs.T · dvalues"""
    got, want = run("dense_backward")
    set_by = got["set"], want["set"], "Layer_Dense.backward"
    expect.array(got["dweights"], want["dweights"], "self.dweights", samples=5, set_by=set_by, mistakes={
        named("wrong_derivative_input", "dweights was built from the layer's output, shape (n_samples, n_neurons), "
                                        "where the inputs belong: each weight multiplies an input, so dweights = "
                                        "np.dot(self.inputs.T, dvalues)."):
            (want["inputs"] @ want["weights"] + want["biases"]).T @ want["dvalues"],
        "dweights holds the first sample's gradient alone: the product must run over every sample, "
        "np.dot(self.inputs.T, dvalues), which adds up each sample's share.":
            want["inputs"][:1].T @ want["dvalues"][:1],
        "dweights leaves out the last sample: a loop over the samples stopped one short (range(len(dvalues) - 1), "
        "say). np.dot(self.inputs.T, dvalues) adds up every sample's share, with no loop.":
            want["inputs"][:-1].T @ want["dvalues"][:-1]})
    _called_again(got, want, "Layer_Dense", "dweights", "3 samples")
    own = got["after_own_forward"]
    if isinstance(own, str):
        expect.fail(f"Layer_Dense.backward after your own Layer_Dense.forward raised {own}: backward reads what "
                    "forward keeps, self.inputs = inputs, as the stub's forward does; keep that line.")
    expect.array(own, want["after_own_forward"], "self.dweights of Layer_Dense.backward after your own forward pass "
                 "(nothing set between them)")


@check("backprop", hint="Each bias gets the sum of its column of dvalues. Which axis, and which argument "
       "keeps the result (1, n_neurons)? See chapter 9.")
def test_dense_backward_dbiases(run):
    """Layer_Dense.backward sets dbiases = the sum of dvalues over the samples"""
    got, want = run("dense_backward")
    dvalues = want["dvalues"]
    set_by = got["set"], want["set"], "Layer_Dense.backward"
    expect.array(got["dbiases"], want["dbiases"], "self.dbiases", samples=5, set_by=set_by, mistakes={
        named("lost_axis", "dbiases was summed along each sample's row (axis=1); sum down the samples, "
                           "axis=0."):
            dvalues.sum(axis=1, keepdims=True),
        named("batch_factor", "dbiases is the mean of dvalues; the book's gradient is their sum, "
                              "np.sum(dvalues, axis=0, keepdims=True)."):
            dvalues.mean(axis=0, keepdims=True),
        named("lost_axis", "dbiases lost its first axis: pass keepdims=True so it keeps the shape "
                           "(1, n_neurons) of the biases."):
            dvalues.sum(axis=0),
        named("lost_axis", "Every bias got the sum of all of dvalues, np.sum(dvalues) without an axis: each "
                           "bias gets the sum of its own neuron's column, np.sum(dvalues, axis=0, keepdims=True)."):
            np.full((1, dvalues.shape[1]), dvalues.sum()),
        "dbiases leaves out the last sample: a loop over the samples stopped one short. np.sum(dvalues, axis=0, "
        "keepdims=True) adds up every sample's column, with no loop.": dvalues[:-1].sum(axis=0, keepdims=True),
        "dbiases holds the first sample's dvalues alone: sum them over every sample, np.sum(dvalues, axis=0, "
        "keepdims=True).": dvalues[:1],
    })
    _called_again(got, want, "Layer_Dense", "dbiases", "3 samples")


@check("backprop", hint="dinputs has the shape of inputs, (n_samples, n_inputs): which product of dvalues "
       "and weights gives that? See chapter 9.")
def test_dense_backward_dinputs(run):
    """Layer_Dense.backward sets dinputs = dvalues · weights.T"""
    got, want = run("dense_backward")
    set_by = got["set"], want["set"], "Layer_Dense.backward"
    # First: an update inside backward, before dinputs is computed, changes dinputs too, and is its cause.
    for name in ("weights", "biases"):
        expect.unchanged(got[f"{name}_after"], want[name], f"self.{name} after Layer_Dense.backward",
                         "backward computes the gradients and nothing more: the weights and biases change when an "
                         "optimizer's update_params applies them, after backward (chapter 10). Take the update out "
                         "of backward.")
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs", samples=5, set_by=set_by, mistakes={
        "self.dinputs holds dvalues as they came, one value per neuron: a dense layer's dinputs carry the gradient "
        "back to each of its inputs through the weights, np.dot(dvalues, self.weights.T).": want["dvalues"]})
    _called_again(got, want, "Layer_Dense", "dinputs", "3 samples")


@check("backprop", hint="Derive each gradient from output = inputs · weights + biases, one parameter at a time. "
       "See chapter 9.")
def test_dense_backward_gradcheck(run):
    """Layer_Dense.backward agrees with a numerical gradient for weights, biases and inputs"""
    got, want = run("dense_backward")
    inputs, weights, biases, dvalues = want["inputs"], want["weights"], want["biases"], want["dvalues"]
    set_by = got["set"], want["set"], "Layer_Dense.backward"
    expect.gradient(got["dweights"], expect.numerical_gradient(
        lambda w: np.sum((inputs @ w + biases) * dvalues, axis=BATCH_AXES), weights, batched=True), "self.dweights",
        set_by=set_by)
    expect.gradient(got["dbiases"], expect.numerical_gradient(
        lambda b: np.sum((inputs @ weights + b) * dvalues, axis=BATCH_AXES), biases, batched=True), "self.dbiases",
        set_by=set_by)
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda x: np.sum((x @ weights + biases) * dvalues, axis=BATCH_AXES), inputs, batched=True), "self.dinputs",
        set_by=set_by)


@check("backprop", depends="dense_backward_dinputs",
       hint="Does any line of your backward pass assign into dvalues[...] or use -=, += on it? "
       "See chapter 9.")
def test_dense_backward_keeps_dvalues(run):
    """Layer_Dense.backward leaves the dvalues it was given unchanged"""
    got, want = run("dense_backward")
    expect.unchanged(got["dvalues_after"], want["dvalues"], "The dvalues array given to Layer_Dense.backward",
                     KEEP_DVALUES)


# The checks' batches hold 6 samples of 3 classes: a gradient divided by the classes is twice the book's.
BY_CLASSES = ("It was divided by 3, the number of classes (len(dvalues[0])), instead of 6, the number of samples: "
              "samples = len(dvalues), the number of rows.")


# --- Activation_ReLU -------------------------------------------------------------

@check("backprop", hint="The gradient passes where the forward pass let the input through: which array "
       "decides that, inputs or dvalues? See chapter 9.")
def test_relu_backward(run):
    """Activation_ReLU.backward zeroes dvalues where the input was not positive"""
    got, want = run("relu_backward")
    inputs, dvalues = want["inputs"], want["dvalues"]
    set_by = got["set"], want["set"], "Activation_ReLU.backward"
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs", set_by=set_by, mistakes={
        named("wrong_derivative_input", "The mask was taken from dvalues; it must come from the layer's "
                                        "inputs: self.dinputs[self.inputs <= 0] = 0."):
            np.where(dvalues > 0, dvalues, 0.0),
        "Nothing was zeroed: where the input was not positive, the gradient is 0.": dvalues,
        "The mask is inverted: keep the gradient where the input was positive, zero it elsewhere.":
            np.where(inputs <= 0, dvalues, 0.0),
        "This is the ReLU of dvalues times the mask; the gradient keeps dvalues as they are where inputs > 0.":
            np.where(inputs > 0, np.maximum(dvalues, 0), 0.0),
        "That is ReLU's derivative alone, 1 where the input was positive: the chain rule multiplies it by the "
        "gradient that came in, so dinputs is dvalues where the input was positive and 0 elsewhere: "
        "self.dinputs = dvalues.copy(), then self.dinputs[self.inputs <= 0] = 0.": (inputs > 0).astype(float),
    })
    _called_again(got, want, "Activation_ReLU", "dinputs", "6 samples")
    _of_another_shape(got, want, "Activation_ReLU", "dinputs", "Does backward write into an array the first call "
                      "made, or make one of a size written into the code? Make self.dinputs anew from this call's "
                      "dvalues: self.dinputs = dvalues.copy().")
    zeros, at_zero_dvalues = want["at_zero_inputs"], want["at_zero_dvalues"]
    if isinstance(got["at_zero"], str):
        expect.fail(f"Activation_ReLU.backward on a batch of 4 samples of 3 values "
                    f"raised {got['at_zero']!s:.300}. Does backward write a size into the code, or into an array the "
                    "first call made? Make self.dinputs anew from this call's dvalues: self.dinputs = dvalues.copy().")
    expect.array(got["at_zero"], want["at_zero"], "self.dinputs for inputs that hold exact zeros", mistakes={
        "Where the input was exactly 0 the gradient was kept: ReLU has no one slope at 0, and the book takes 0 "
        "there, zeroing it where inputs <= 0, not only where inputs < 0: self.dinputs[self.inputs <= 0] = 0.":
            np.where(zeros < 0, 0.0, at_zero_dvalues),
    })


@check("backprop", hint="ReLU's derivative is 1 where the input is positive and 0 elsewhere. See chapter 9.")
def test_relu_backward_gradcheck(run):
    """Activation_ReLU.backward agrees with a numerical gradient"""
    got, want = run("relu_backward")
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda x: np.sum(np.maximum(0, x) * want["dvalues"], axis=BATCH_AXES), want["inputs"], batched=True),
        "self.dinputs", set_by=(got["set"], want["set"], "Activation_ReLU.backward"))


@check("backprop", depends="relu_backward",
       hint="self.dinputs = dvalues makes a second name for the same array. See chapter 9.")
def test_relu_backward_keeps_dvalues(run):
    """Activation_ReLU.backward leaves the dvalues it was given unchanged"""
    got, want = run("relu_backward")
    expect.unchanged(got["dvalues_after"], want["dvalues"], "The dvalues array given to Activation_ReLU.backward",
                     KEEP_DVALUES)


# --- Activation_Softmax -------------------------------------------------------

SUBTRACTED_A_NUMBER = ("The Jacobian subtracted np.dot(s.T, s), one number (the sum of the squared outputs), where "
                       "the book subtracts np.dot(s, s.T), the matrix of every s_i * s_j, with s the sample's output "
                       "as a column.")
ROW_NOT_RESHAPED = ("The Jacobian subtracted one number (the sum of the squared outputs) where the book subtracts the "
                    "matrix of every s_i * s_j: a row of self.output is 1-D, so its .T does nothing and "
                    "np.dot(single_output, single_output.T) is a dot product. Reshape it to a column first, "
                    "single_output = single_output.reshape(-1, 1), as the book does.")


@check("backprop", hint="For each sample, build the Jacobian np.diagflat(s) - np.dot(s, s.T) from its output "
       "column s, and multiply it by that sample's dvalues. See chapter 9.")
def test_softmax_backward(run):
    """Activation_Softmax.backward multiplies each sample's Jacobian by its dvalues"""
    got, want = run("softmax_backward")
    output, dvalues = expect.softmax(want["inputs"]), want["dvalues"]
    set_by = got["set"], want["set"], "Activation_Softmax.backward"
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs", set_by=set_by, mistakes={
        "Only the diagonal of the Jacobian was used (s * (1 - s) * dvalues); the off-diagonal terms "
        "-s_i * s_j matter too: use np.diagflat(s) - np.dot(s, s.T).": output * (1 - output) * dvalues,
        named("wrong_derivative_input", "The Jacobian was built from the inputs instead of the softmax "
                                        "output."):
            np.array([(np.diagflat(x) - np.outer(x, x)) @ d for x, d in zip(want["inputs"], dvalues)]),
        (ROW_NOT_RESHAPED if got["transposed_a_row"] is True else SUBTRACTED_A_NUMBER):
            np.array([(np.diagflat(x) - np.dot(x, x)) @ d for x, d in zip(output, dvalues)]),
        "np.diag of the row reshaped to a column gave its first value alone, not a diagonal matrix: "
        "np.diagflat(single_output) puts the outputs on a diagonal whatever their shape.":
            np.array([(np.diag(x.reshape(-1, 1)) - np.outer(x, x)) @ d for x, d in zip(output, dvalues)]),
        named("wrong_derivative_input", "The Jacobian's diagonal was built from dvalues: it holds the softmax "
                                        "outputs, np.diagflat(single_output) - np.dot(single_output, "
                                        "single_output.T), and dvalues multiplies it afterwards."):
            np.array([(np.diagflat(d) - np.outer(x, x)) @ d for x, d in zip(output, dvalues)]),
        "The Jacobian's diagonal holds ones, np.eye(n), where it holds the softmax outputs: "
        "np.diagflat(single_output) - np.dot(single_output, single_output.T).":
            np.array([(np.eye(len(x)) - np.outer(x, x)) @ d for x, d in zip(output, dvalues)]),
        f"Every value is divided by the {len(dvalues)} samples: the softmax's gradient is each sample's Jacobian "
        "times its own dvalues, nothing more. The 1 / samples belongs to the loss's backward pass, and is already "
        "in the dvalues the softmax is given.": want["dinputs"] / len(dvalues),
        "self.dinputs holds dvalues as they came: the softmax's backward pass multiplies each sample's dvalues by "
        "that sample's Jacobian, np.dot(jacobian_matrix, single_dvalues).": dvalues,
        "The Jacobian adds the outer product, np.diagflat(s) + np.dot(s, s.T): the off-diagonal terms are "
        "-s_i * s_j, so it is subtracted, np.diagflat(single_output) - np.dot(single_output, single_output.T).":
            np.array([(np.diagflat(x) + np.outer(x, x)) @ d for x, d in zip(output, dvalues)]),
    })
    _called_again(got, want, "Activation_Softmax", "dinputs", "6 samples")
    _of_another_shape(got, want, "Activation_Softmax", "dinputs", "Does backward write a size into the code "
                      "(np.eye(3), reshape(3, 1), np.empty((n, 3))), or reuse an array of the first batch's shape? "
                      "Take every size from this call's arrays: np.empty_like(dvalues), single_output.reshape(-1, "
                      "1).")
    large = got["large_dinputs"]
    if isinstance(large, str):
        expect.fail(f"Activation_Softmax.backward on scores near 1000 raised {large}.")
    expect.array(large, want["dinputs"], "self.dinputs for scores near 1000 (the same softmax output, from "
                 "scores 1000 higher)", mistakes={named("no_max_shift", "np.exp of scores near 1000 overflows: "
                 "backward recomputed the softmax from self.inputs without subtracting each row's maximum. Take "
                 "the output forward kept, self.output, which is the softmax already."):
                     np.full_like(want["dinputs"], np.nan)})


@check("backprop", hint="Check the Jacobian on paper for two classes first. See chapter 9.")
def test_softmax_backward_gradcheck(run):
    """Activation_Softmax.backward agrees with a numerical gradient"""
    got, want = run("softmax_backward")
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda x: np.sum(expect.softmax(x) * want["dvalues"], axis=BATCH_AXES), want["inputs"], batched=True),
        "self.dinputs", set_by=(got["set"], want["set"], "Activation_Softmax.backward"))


@check("backprop", depends="softmax_backward",
       hint="Write into a fresh array (np.empty_like(dvalues)) rather than into dvalues. "
       "See chapter 9.")
def test_softmax_backward_keeps_dvalues(run):
    """Activation_Softmax.backward leaves the dvalues it was given unchanged"""
    got, want = run("softmax_backward")
    expect.unchanged(got["dvalues_after"], want["dvalues"],
                     "The dvalues array given to Activation_Softmax.backward", KEEP_DVALUES)


# --- Loss_CategoricalCrossentropy ------------------------------------------------

# The checks run a loss's forward before its backward, as the book's loop does, but on a batch of other values than
# the dvalues backward is given next (scenarios._forward_batch): a backward that starts from what forward kept gets
# that batch's gradient.
_FOLLOWS_FORWARD = ("self.dinputs follows the {kept} of the last forward pass, not the dvalues given to backward: "
                    "here forward ran on another batch of the same shape just before, and chapter 9 calls backward "
                    "with dvalues no forward pass produced. Start from dvalues, self.dinputs = {start}, then "
                    "divide by the samples.")


@check("backprop", hint="The derivative of -log(p) is -1/p, for the true class only; then divide by the number "
       "of samples. Class indices become one-hot with np.eye(labels)[y_true]. See chapter 9.")
def test_cce_backward(run):
    """Loss_CategoricalCrossentropy.backward sets dinputs = -y_true / dvalues / samples"""
    got, want = run("cce_backward")
    set_by = got["set"], want["set"], "Loss_CategoricalCrossentropy.backward"
    one_hot = np.eye(3)[want["labels"]]
    mistakes = {"Every class got -1 / dvalues; only the true class has a gradient: multiply by the one-hot y_true.":
                -1 / want["y_pred"] / 6, BY_CLASSES: want["dinputs"] * 2,
                "That is the loss itself, -y_true * log(dvalues), not its derivative: the derivative of -log(p) is "
                "-1 / p, so self.dinputs = -y_true / dvalues, then divided by the samples.":
                    -one_hot * np.log(want["y_pred"]) / 6,
                **_clipped_or_floored(got["dinputs"], want["y_pred"], want["labels"], 6),
                _FOLLOWS_FORWARD.format(kept="predictions", start="-y_true / dvalues"):
                    -one_hot / want["forwarded"] / 6}
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs for class-index targets", samples=6, set_by=set_by,
                 mistakes=mistakes)
    expect.array(got["dinputs_onehot"], want["dinputs"], "self.dinputs for one-hot targets", samples=6)
    expect.one_hot_of_integers(got["integer_onehot"], want["dinputs"], "self.dinputs for one-hot targets of integers")
    _other_sizes(got, want, "Loss_CategoricalCrossentropy", "6 samples of 3 classes",
                 _clipped_or_floored(got["other"], want["other_pred"], want["other_labels"], 4))
    _second_call(got, want, "Loss_CategoricalCrossentropy", -np.eye(3)[want["labels"]] / want["again_dvalues"] / 6,
                 _clipped_or_floored(got["again"], want["again_dvalues"], want["again_labels"], 6))
    _other_size_again(got, want, "Loss_CategoricalCrossentropy")
    _batch_of_one(got, want, "Loss_CategoricalCrossentropy")


@check("backprop", depends="cce_backward",
       hint="Does your backward pass write into dvalues or y_true, with -=, /= or [:] =, or through a self.dinputs "
       "that is one of them? Build self.dinputs as a new array. See chapter 9.")
def test_cce_backward_keeps_dvalues(run):
    """Loss_CategoricalCrossentropy.backward leaves the dvalues and the y_true it was given unchanged"""
    got, want = run("cce_backward")
    expect.unchanged(got["dvalues_after"], want["y_pred"], "The dvalues array given to "
                     "Loss_CategoricalCrossentropy.backward", "Compute into a new array, self.dinputs = -y_true / "
                     "dvalues, then self.dinputs = self.dinputs / samples: the caller may still need dvalues.")
    _keeps_onehot(got, want, "Loss_CategoricalCrossentropy.backward")


def _keeps_onehot(got, want, what):
    __tracebackhide__ = True
    expect.unchanged(got["onehot_after"], np.eye(3)[want["labels"]], f"The one-hot y_true given to {what}",
                     "self.dinputs = y_true makes dinputs another name for the caller's targets, so a /= or -= on it "
                     "writes into them: compute into a new array, self.dinputs = -y_true / dvalues (a copy first, "
                     "y_true.copy(), where the code changes it in place).")


@check("backprop", hint="The loss is the mean over the samples, so its gradient carries a 1 / samples. "
       "See chapter 9.")
def test_cce_backward_gradcheck(run):
    """Loss_CategoricalCrossentropy.backward agrees with a numerical gradient of the mean loss"""
    got, want = run("cce_backward")
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda p: _mean_cce(p, want["labels"]), want["y_pred"], batched=True), "self.dinputs",
        set_by=(got["set"], want["set"], "Loss_CategoricalCrossentropy.backward"), mistakes={
            _FOLLOWS_FORWARD.format(kept="predictions", start="-y_true / dvalues"):
                -np.eye(3)[want["labels"]] / want["forwarded"] / 6})


# --- Activation_Softmax_Loss_CategoricalCrossentropy ---------------------------

@check("loss", hint="forward runs the softmax, keeps its output in self.output, and returns the loss's "
       "calculate on it. See chapter 9.")
def test_combined_forward(run):
    """Activation_Softmax_Loss_CategoricalCrossentropy.forward sets output and returns the mean loss"""
    # The forward passes the stub gives are judged with the one forward pass of this challenge's checks (a backward
    # check sets what it reads itself, so a forward fault is not counted against it): a fault in them first.
    expect.given_code_kept(*run("given_code"), only=("dense_forward", "loss_calculate", "cce_forward"))
    got, want = run("combined_forward")
    expect.array(got["output"], want["output"], "self.output")
    inputs, labels = want["inputs"], want["labels"]
    expect.number(got["loss"], want["loss"], "The loss returned by forward", mistakes={
        f"That is the sum of the {len(labels)} samples' losses: the loss is their mean, as Loss.calculate takes "
        "it, np.mean(sample_losses).": want["loss"] * len(labels),
        named("wrong_derivative_input", "That is the loss of the raw inputs, as if they were probabilities: the "
                                        "loss takes the softmax's output, self.loss.calculate(self.output, y_true)."):
            float(np.mean(-np.log(np.clip(inputs[range(len(labels)), labels], 1e-7, 1 - 1e-7))))})
    _saturated(got, want)


def _saturated(got, want):
    """Scores whose softmax gives the true classes exactly 0: the output must stay finite (the max subtracted before
    np.exp, chapter 4) and so must the loss (the predictions clipped before the log, chapter 5)."""
    __tracebackhide__ = True
    scores = "the scores [[0, 800, -800], [700, -700, 0]] (whose softmax gives the true classes, 2 and 1, exactly 0)"
    loss = got["saturated_loss"]
    if isinstance(loss, str):
        expect.fail(f"forward raised {loss} on {scores}.")
    output = expect.as_array(got["saturated_output"], f"self.output for {scores}", want["saturated_output"].shape)
    expect.true(bool(np.all(np.isfinite(output))), f"self.output for {scores} holds NaN or infinite values: "
                "np.exp(800) overflows to inf, and inf / inf is NaN. Subtract each row's largest score before np.exp, "
                "np.exp(inputs - np.max(inputs, axis=1, keepdims=True)), as Activation_Softmax.forward does "
                "(chapter 4).")
    expect.array(output, want["saturated_output"], f"self.output for {scores}")
    if isinstance(loss, np.ndarray) and loss.shape == () and loss.dtype.kind in "iuf":
        loss = loss[()]   # a 0-d array is a number, as expect.number reads it
    is_number = isinstance(loss, (int, float, np.integer, np.floating)) and not isinstance(loss, bool)
    expect.true(is_number, f"The loss returned by forward for {scores} is {loss!r:.80}; expected a single number, "
                "the mean loss, as for any other scores.")
    expect.true(np.isfinite(loss), f"The loss returned by forward for {scores} is {loss}: -log(0) "
                "is infinite. Clip the predictions to [1e-7, 1 - 1e-7] before the log, as "
                "Loss_CategoricalCrossentropy.forward does (chapter 5): self.loss.calculate(self.output, y_true).")


def _rows_picked(output, labels):
    """`output` after output[labels] -= 1: whole rows, each once however often its number is a label."""
    picked = np.array(output, dtype=float, copy=True)
    picked[labels] -= 1
    return picked


@check("backprop",
       hint="The combined gradient is (softmax output - one-hot y_true) / samples. See chapter 9.")
def test_combined_backward(run):
    """Activation_Softmax_Loss_CategoricalCrossentropy.backward sets dinputs = (output - y_true) / samples"""
    got, want = run("combined_backward")
    output = want["output"]
    set_by = got["set"], want["set"], "Activation_Softmax_Loss_CategoricalCrossentropy.backward"
    mistakes = {"1 was not subtracted at the true class: dinputs[range(samples), y_true] -= 1.": output / 6,
                "self.dinputs holds dvalues (the softmax's outputs) as they came: subtract 1 at each sample's true "
                "class, dinputs[range(samples), y_true] -= 1, then divide by the samples.": output,
                "1 was subtracted from every class, not only the true one.": (output - 1) / 6,
                BY_CLASSES: want["dinputs"] * 2,
                "dinputs[:, y_true] -= 1 subtracted 1 in every row, at each class any sample belongs to: pick each "
                "sample's own true class, dinputs[range(samples), y_true] -= 1.":
                    (output - np.isin(np.arange(output.shape[1]), want["labels"])) / 6,
                named("sign_flipped", "1 was added at the true class: the gradient is the output minus the one-hot "
                                      "target, dinputs[range(samples), y_true] -= 1."):
                    (output + np.eye(output.shape[1])[want["labels"]]) / 6,
                "The division by the samples came before 1 was subtracted, so the 1 was not divided: subtract "
                "first, dinputs[range(samples), y_true] -= 1, then dinputs = dinputs / samples.":
                    output / 6 - np.eye(output.shape[1])[want["labels"]],
                "dinputs[y_true] -= 1 picked whole rows, those numbered by the labels: pick each sample's own "
                "true class, dinputs[range(samples), y_true] -= 1.": _rows_picked(output, want["labels"]) / 6,
                _FOLLOWS_FORWARD.format(kept="output", start="dvalues.copy(), then subtract 1 at each sample's true "
                                        "class"):
                    (want["forwarded"] - np.eye(output.shape[1])[want["labels"]]) / 6}
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs for class-index targets", samples=6, set_by=set_by,
                 mistakes=mistakes)
    if isinstance(got["dinputs_onehot"], str):   # what backward raised (scenarios.combined_backward)
        per_class = "shapes (6,) (3,)" in got["dinputs_onehot"]
        expect.fail(f"With one-hot targets (y_true of shape (6, 3)), backward raised {got['dinputs_onehot']}. " + (
                    "Those are 3 class indices for 6 samples: np.argmax(y_true, axis=0) runs down each column, one "
                    "index per class, where each sample needs its own, y_true = np.argmax(y_true, axis=1)."
                    if per_class else
                    "One-hot rows cannot index dinputs[range(samples), y_true]: turn them into class indices "
                    "first, y_true = np.argmax(y_true, axis=1), when len(y_true.shape) == 2."),
                    "lost_axis" if per_class else None)
    expect.array(got["dinputs_onehot"], want["dinputs"], "self.dinputs for one-hot targets", samples=6, mistakes={
        "One-hot targets must first become class indices: y_true = np.argmax(y_true, axis=1).":
            (output - 1) / 6,
        "np.argmax(y_true) without an axis gives one number, where the first 1 of the whole array lies, so every "
        "sample was given the first sample's class: y_true = np.argmax(y_true, axis=1) gives each row its own.":
            (output - np.eye(output.shape[1])[want["labels"][0]]) / 6,
    })
    expect.one_hot_of_integers(got["integer_onehot"], want["dinputs"], "self.dinputs for one-hot targets of integers")
    _other_sizes(got, want, "Activation_Softmax_Loss_CategoricalCrossentropy", "6 samples of 3 classes", mistakes={
        "The 1 was subtracted at flat positions counted in rows of 3, the classes of the first batch: in this batch "
        "a row holds 5. Index by row and class, self.dinputs[range(samples), y_true] -= 1, which counts neither.":
            _subtracted_at_flat_positions(want["other_output"], want["other_labels"], 3)})
    _second_call(got, want, "Activation_Softmax_Loss_CategoricalCrossentropy",
                 (want["again_dvalues"] - np.eye(3)[want["labels"]]) / 6)
    _other_size_again(got, want, "Activation_Softmax_Loss_CategoricalCrossentropy")
    _batch_of_one(got, want, "Activation_Softmax_Loss_CategoricalCrossentropy")


@check("backprop",
       hint="Softmax followed by cross-entropy has a simple gradient; derive it once on paper. See chapter 9.")
def test_combined_backward_gradcheck(run):
    """Activation_Softmax_Loss_CategoricalCrossentropy.backward agrees with a numerical gradient"""
    got, want = run("combined_backward")
    # A backward that starts from self.output fails here by its relative error alone, unless it is named.
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda z: _mean_cce(expect.softmax(z), want["labels"]), want["inputs"], batched=True), "self.dinputs",
        set_by=(got["set"], want["set"], "Activation_Softmax_Loss_CategoricalCrossentropy.backward"), mistakes={
            _FOLLOWS_FORWARD.format(kept="output", start="dvalues.copy(), then subtract 1 at each sample's true "
                                    "class"): (want["forwarded"] - np.eye(3)[want["labels"]]) / 6})


@check("backprop", depends="combined_backward",
       hint="dinputs[range(samples), y_true] -= 1 writes into whatever array dinputs names. See chapter 9.")
def test_combined_backward_keeps_dvalues(run):
    """Activation_Softmax_Loss_CategoricalCrossentropy.backward leaves its dvalues and y_true unchanged"""
    got, want = run("combined_backward")
    expect.unchanged(got["dvalues_after"], got["dvalues_before"],
                     "The dvalues array given to the combined backward", KEEP_DVALUES)
    _keeps_onehot(got, want, "the combined backward")


@figure("combined_backward", "dense_backward_dweights", "dense_backward_dbiases", "dense_backward_dinputs",
        "relu_backward", "combined_forward")
def training_regions(run):
    got, want = run("figure_training")
    grid = int(np.sqrt(len(want["scores"])))
    yours = expect.as_array(got["scores"], "the trained network's scores", want["scores"].shape)
    losses = np.ravel(expect.as_array(got["losses"], "the losses"))
    return figures.regions(
        f"The classes your network predicts after 400 steps of gradient descent with your backward passes "
        f"(loss {losses[0]:.3f} → {losses[-1]:.3f}), beside the reference's (loss {want['losses'][0]:.3f} → "
        f"{want['losses'][-1]:.3f}); the dots are the book's spiral data",
        {"yours": np.argmax(yours, axis=1).reshape(grid, grid),
         "reference": np.argmax(want["scores"], axis=1).reshape(grid, grid)},
        want["inputs"], want["labels"], (-1, 1, -1, 1))
