"""What each check runs on an implementation `nn`: the learner's file or the reference.

Inputs stay away from the kinks of ReLU and the clipping bounds of the loss,
so a numerical gradient is exact enough to judge by. Each backward pass gets
the forward cache (inputs, output) the reference would have left, so a bug in
a forward pass is not counted again against the backward pass after it; where
forward raised and backward then fails too, the check fails with what forward
raised (backward_after), not with backward's own error. A loss's
backward (and the combined softmax and loss's) follows its own forward, as in the
book's loop, on a batch of the same shape but other values than its dvalues: what
forward kept of the batch's sizes may be read, its output may not stand for dvalues.
"""
import numpy as np

from grader.scenario_helpers import (attributes, backward_after, copied, forward_before_backward,
                                     private_generator, raised_by, random_probabilities,
                                     random_scores_and_probabilities, read_after)
from grader.scenario_helpers import given_code_probed as probed

OTHER_SAMPLES, OTHER_CLASSES = 4, 5     # a second batch, of other sizes than the first's 6 samples of 3 classes


SET_FOR_BACKWARD = ("inputs", "output")   # what _with_cache sets: not the learner's names (attributes)


def _with_cache(step, inputs, **cache):
    """Run the learner's forward, then set the cache the backward pass reads to the right values. What forward raised,
    or None, for backward_after: a backward that then fails on what forward never stored is told of forward's error,
    not blamed for it; one that runs is judged on the cache, forward's own checks judging forward."""
    raised = forward_before_backward(step, inputs.copy())
    step.inputs = inputs.copy()
    for name, value in cache.items():
        setattr(step, name, value)
    return raised


# The most values a gradient of these scenarios' layers may hold for it to be copied and sent twice: theirs hold 20
# at most. A larger one is sent once, as it is, and fails its check on its shape.
MOST_KEPT = 10_000


def _kept(value):
    """An array as it is now, which a second backward pass may change in place; anything else as it came."""
    return value.copy() if isinstance(value, np.ndarray) and value.size <= MOST_KEPT else value


def _backward_again(nn, step, inputs, dvalues, names, key="again", **cache):
    """{"<key>_<name>": ...} for each of `names` after a second backward pass of `step` on another batch (`inputs`
    with the forward `cache` the reference would leave, and `dvalues`); what that call raised, in place of each,
    where it raised. A pass that adds into what the first one left, or reuses an array made for it, shows; so does
    a size written into the code, on a batch of another shape."""
    raised = _with_cache(step, inputs, **cache)
    try:
        backward_after(step, raised, dvalues.copy())
    except Exception as exc:  # noqa: BLE001  (the check says what the second call raised)
        raised = raised_by(nn, exc)
        return {f"{key}_{name}": raised for name in names}
    again = {f"{key}_{name}": getattr(step, name, None) for name in names}
    return {key: None if isinstance(value, np.ndarray) and value.size > MOST_KEPT else value
            for key, value in again.items()}


OTHER_SHAPE = (3, 5)   # a batch of a shape no other call of the activations' scenarios has
LARGE_SCORES = 1000.0  # added to scores whose exponential overflows, where the softmax of each row does not change


def _away_from_zero(rng, shape):
    values = rng.uniform(0.1, 1.5, shape)
    return values * rng.choice([-1.0, 1.0], shape)


def dense_backward(nn, rng):
    inputs = rng.standard_normal((5, 4))
    weights, biases = rng.standard_normal((4, 3)), rng.standard_normal((1, 3))
    dvalues = rng.standard_normal((5, 3))
    layer = nn.Layer_Dense(4, 3)
    layer.weights, layer.biases = weights.copy(), biases.copy()
    raised = _with_cache(layer, inputs, output=inputs @ weights + biases)
    given = dvalues.copy()
    backward_after(layer, raised, given)
    first = {name: _kept(getattr(layer, name, None)) for name in ("dweights", "dbiases", "dinputs")}
    # An update taken inside backward changes what the second call's dinputs reads.
    after = {f"{name}_after": _kept(getattr(layer, name, None)) for name in ("weights", "biases")}
    # A second batch of 3 samples through the same layer.
    again_inputs, again_dvalues = rng.standard_normal((3, 4)), rng.standard_normal((3, 3))
    again = _backward_again(nn, layer, again_inputs, again_dvalues, ("dweights", "dbiases", "dinputs"),
                            output=again_inputs @ weights + biases)
    return {"inputs": inputs, "weights": weights, "biases": biases, "dvalues": dvalues, **first, **after,
            "dvalues_after": given, "set": attributes(layer, leaving_out=SET_FOR_BACKWARD), **again,
            "after_own_forward": _after_own_forward(nn, inputs, weights, biases, dvalues)}


def _after_own_forward(nn, inputs, weights, biases, dvalues):
    """dweights of a Layer_Dense whose backward follows its own forward pass, with nothing set for it: what forward
    keeps is what backward reads (self.inputs); what the pair raised, in its place, where it raised."""
    layer = nn.Layer_Dense(4, 3)
    layer.weights, layer.biases = weights.copy(), biases.copy()
    try:
        backward_after(layer, forward_before_backward(layer, inputs.copy()), dvalues.copy())
    except Exception as exc:  # noqa: BLE001  (the check says what backward raised after the learner's forward)
        return raised_by(nn, exc)
    return _kept(getattr(layer, "dweights", None))


def relu_backward(nn, rng):
    # From a stream of their own (private_generator): this computes a right forward pass, for any `nn` and `rng`.
    rng = private_generator(rng)
    inputs = _away_from_zero(rng, (6, 4))
    dvalues = _away_from_zero(rng, (6, 4))
    activation = nn.Activation_ReLU()
    raised = _with_cache(activation, inputs, output=np.maximum(0, inputs))
    given = dvalues.copy()
    backward_after(activation, raised, given)
    first = _kept(getattr(activation, "dinputs", None))
    # A second batch of the same shape through the same activation.
    again_inputs = _away_from_zero(rng, (6, 4))
    again = _backward_again(nn, activation, again_inputs, _away_from_zero(rng, (6, 4)), ("dinputs",),
                            output=np.maximum(0, again_inputs))
    # And one of another shape: a buffer kept from the first call, or a size written in, shows.
    other_inputs = _away_from_zero(rng, OTHER_SHAPE)
    again.update(_backward_again(nn, activation, other_inputs, _away_from_zero(rng, OTHER_SHAPE), ("dinputs",),
                                 key="other", output=np.maximum(0, other_inputs)))
    # Inputs of exactly 0, where the book's mask (inputs <= 0) zeroes the gradient: kept out of the gradient check.
    at_zero_inputs = np.where(rng.random((4, 3)) < 0.5, 0.0, _away_from_zero(rng, (4, 3)))
    at_zero_inputs[0] = 0.0
    at_zero_dvalues = _away_from_zero(rng, (4, 3))
    at_zero = nn.Activation_ReLU()
    raised = _with_cache(at_zero, at_zero_inputs, output=np.maximum(0, at_zero_inputs))
    try:
        backward_after(at_zero, raised, at_zero_dvalues.copy())
        at_zero_dinputs = getattr(at_zero, "dinputs", None)
    except Exception as exc:  # noqa: BLE001  (the check says what a batch of this shape raised)
        at_zero_dinputs = raised_by(nn, exc)
    return {"inputs": inputs, "dvalues": dvalues,
            "dinputs": first, "dvalues_after": given, "set": attributes(activation, leaving_out=SET_FOR_BACKWARD),
            "at_zero_inputs": at_zero_inputs, "at_zero_dvalues": at_zero_dvalues,
            "at_zero": at_zero_dinputs, **again}


class _Watched(np.ndarray):
    """An array that notes in its list `transposed` the number of axes of each array made from it whose .T is
    taken: a row of self.output is 1-D, and its .T is the row itself."""

    def __array_finalize__(self, obj):
        self.transposed = getattr(obj, "transposed", None)

    @property
    def T(self):
        if isinstance(self.transposed, list):
            self.transposed.append(self.ndim)
        return super().T


def _transposed_rows(nn, inputs, output, dvalues):
    """Whether backward took .T of a 1-D array made from self.output (a row it did not reshape to a column)."""
    watched = output.copy().view(_Watched)
    watched.transposed = []
    activation = nn.Activation_Softmax()
    try:
        backward_after(activation, _with_cache(activation, inputs, output=watched), dvalues.copy())
    except Exception:  # noqa: BLE001  (the first call's failure is what the checks report)
        pass
    return 1 in watched.transposed


def softmax_backward(nn, rng):
    inputs, output = random_scores_and_probabilities(rng, (4, 3))
    dvalues = rng.standard_normal((4, 3))
    activation = nn.Activation_Softmax()
    raised = _with_cache(activation, inputs, output=output)
    given = dvalues.copy()
    backward_after(activation, raised, given)
    first = _kept(getattr(activation, "dinputs", None))
    # A second batch, of 6 samples, through the same activation.
    again_inputs, again_output = random_scores_and_probabilities(rng, (6, 3))
    again = _backward_again(nn, activation, again_inputs, rng.standard_normal((6, 3)), ("dinputs",),
                            output=again_output)
    # And one of 5 classes: a size written in (np.eye(3), reshape(3, 1)) shows.
    other_inputs, other_output = random_scores_and_probabilities(rng, OTHER_SHAPE)
    again.update(_backward_again(nn, activation, other_inputs, rng.standard_normal(OTHER_SHAPE), ("dinputs",),
                                 key="other", output=other_output))
    # Scores near 1000, whose softmax forward gave by subtracting each row's maximum: the same output.
    again.update(_backward_again(nn, activation, inputs + LARGE_SCORES, dvalues, ("dinputs",), key="large",
                                 output=output))
    return {"inputs": inputs, "dvalues": dvalues, "output": getattr(activation, "output", None),
            "dinputs": first, "dvalues_after": given, "set": attributes(activation, leaving_out=SET_FOR_BACKWARD),
            "transposed_a_row": _transposed_rows(nn, inputs, output, dvalues), **again}


COMBINED = "Activation_Softmax_Loss_CategoricalCrossentropy"
FORWARD_SEED = 59   # of the batches a loss's forward runs on before its backward


def _forward_batch(dvalues):
    """Probabilities of the shape of `dvalues` (probabilities too), drawn apart from them from a seed of their own: a
    loss's forward runs on them before its backward is given `dvalues`, which no function of them gives back (a
    batch made from dvalues, their classes shifted, say, could be turned back into them)."""
    return random_probabilities(np.random.default_rng(FORWARD_SEED), *np.shape(dvalues))


def _forward_first(step, dvalues, targets):
    """Run the forward pass of a loss (or of the combined softmax and loss) before its backward, as the book's
    training loop does, on a batch of the shape of `dvalues` but of other values (_forward_batch) and the same
    targets: a backward that reads what its forward kept of the batch's sizes (self.samples) is right, one that
    starts from forward's output instead of from the dvalues it is given is not (chapter 9 calls the combined
    backward on softmax outputs of its own). The combined object is given scores whose softmax is that batch, and
    keeps the output the reference would, so that a fault of its forward is reported by combined_forward alone.
    Returns step's backward, called through backward_after: where forward raised and backward then does too, what
    forward raised is told, not backward's own error (an attribute forward never got to set)."""
    combined = type(step).__name__ == COMBINED
    batch = _forward_batch(dvalues)
    with np.errstate(all="ignore"):
        raised = forward_before_backward(step, np.log(batch) if combined else batch.copy(),
                                         np.array(targets, copy=True))
    if combined:
        step.output = batch
    return lambda *args: backward_after(step, raised, *args)


def _dinputs_of_integer_onehot(nn, loss, dvalues, labels):
    """loss.backward(dvalues, one-hot rows of integers for `labels`)'s dinputs, or what it raised."""
    try:
        _forward_first(loss, dvalues, np.eye(3, dtype=int)[labels])(dvalues, np.eye(3, dtype=int)[labels])
        return getattr(loss, "dinputs", None)
    except Exception as exc:  # noqa: BLE001  (the check says what was given)
        return raised_by(nn, exc)


def cce_backward(nn, rng):
    y_pred = np.clip(random_probabilities(rng, 6, 3), 0.05, 0.95)
    labels = rng.integers(0, 3, 6)
    sparse, onehot = nn.Loss_CategoricalCrossentropy(), nn.Loss_CategoricalCrossentropy()
    given, given_onehot = y_pred.copy(), np.eye(3)[labels]
    _forward_first(sparse, y_pred, labels)(given, labels.copy())
    _forward_first(onehot, y_pred, given_onehot)(y_pred.copy(), given_onehot)
    other_pred = np.clip(random_probabilities(rng, OTHER_SAMPLES, OTHER_CLASSES), 0.05, 0.95)
    other, other_labels = _other_sizes(nn, nn.Loss_CategoricalCrossentropy(), other_pred.copy(), rng)
    again_pred = np.clip(random_probabilities(rng, 6, 3), 0.05, 0.95)
    first_set = attributes(sparse)
    again = _again(nn, sparse, again_pred, labels)
    return {"y_pred": y_pred, "labels": labels, "forwarded": _forward_batch(y_pred),
            "dinputs": getattr(sparse, "dinputs", None), "dinputs_onehot": copied(getattr(onehot, "dinputs", None)),
            "dvalues_after": given, "onehot_after": given_onehot, "set": first_set,
            "other_pred": other_pred, "other_labels": other_labels, "other": other,
            "integer_onehot": _dinputs_of_integer_onehot(nn, nn.Loss_CategoricalCrossentropy(), y_pred.copy(), labels),
            **again, "again": copied(again["again"]),
            **_called_again(nn, sparse, onehot, other_pred, other_labels),
            **_batch_of_one(nn, nn.Loss_CategoricalCrossentropy, y_pred, labels)}


def _batch_of_one(nn, make, dvalues, labels):
    """{"one": self.dinputs of a new object's backward on the first sample of `dvalues` with its class index,
    "one_onehot": with its one-hot row}, or what each call raised: a squeeze of the batch axis shows."""
    found = {}
    for key, targets in (("one", labels[:1].copy()), ("one_onehot", np.eye(dvalues.shape[1])[labels[:1]])):
        step = make()
        backward = _forward_first(step, dvalues[:1], targets)
        found[key] = read_after(nn, lambda: backward(dvalues[:1].copy(), targets),
                                lambda: getattr(step, "dinputs", None))
    return found


def _again(nn, step, dvalues, labels):
    """self.dinputs of a second call of `step`.backward, on other `dvalues` and other labels than its first call's
    `labels` (each one class further), or what that call raised; and the first call's dinputs, copied before it."""
    first = copied(getattr(step, "dinputs", None))
    again_labels = (labels + 1) % 3
    try:
        _forward_first(step, dvalues, again_labels)(dvalues.copy(), again_labels.copy())
        again = getattr(step, "dinputs", None)
    except Exception as exc:  # noqa: BLE001  (the check names the call that raised)
        again = raised_by(nn, exc)
    return {"dinputs": first, "again_dvalues": dvalues, "again_labels": again_labels, "again": again}


def _called_again(nn, sparse, onehot, dvalues, labels):
    """{"other_again": self.dinputs of one more call of backward of `sparse` (called before with class indices), and
    "other_again_onehot": of `onehot` (one-hot targets), each on `dvalues` and `labels` twice over, or what the call
    raised. Twice the samples of `dvalues` are more than the first calls', and its classes others than theirs, so
    that what a first call kept of its sizes or targets shows however it is used."""
    dvalues, labels = np.concatenate([dvalues, dvalues]), np.concatenate([labels, labels])
    found = {}
    for key, step, targets in (("other_again", sparse, labels), ("other_again_onehot", onehot,
                                                                 np.eye(dvalues.shape[1])[labels])):
        found[key] = read_after(nn, lambda: _forward_first(step, dvalues, targets)(dvalues.copy(), targets),
                                lambda: getattr(step, "dinputs", None))
    return found


def _other_sizes(nn, step, dvalues, rng):
    """self.dinputs of `step`.backward on a batch of OTHER_SAMPLES samples of OTHER_CLASSES classes whose labels
    use every class, or what it raised: a size written into the code as a number fails here."""
    labels = np.arange(OTHER_SAMPLES) % OTHER_CLASSES
    labels[-1] = OTHER_CLASSES - 1
    labels = rng.permutation(labels)
    try:
        _forward_first(step, dvalues, labels)(dvalues, labels)
    except Exception as exc:  # noqa: BLE001  (the check names the sizes it failed on)
        return raised_by(nn, exc), labels
    return getattr(step, "dinputs", None), labels


def combined_forward(nn, rng):
    inputs, labels = rng.standard_normal((6, 3)) * 2, rng.integers(0, 3, 6)
    combined = nn.Activation_Softmax_Loss_CategoricalCrossentropy()
    loss = combined.forward(inputs.copy(), labels.copy())
    # Scores whose softmax gives the true classes exactly 0, as a confident wrong network's do.
    saturating = nn.Activation_Softmax_Loss_CategoricalCrossentropy()
    try:
        with np.errstate(all="ignore"):   # the overflow it is there to show is judged by its result
            saturated_loss = saturating.forward(SATURATING.copy(), SATURATING_LABELS.copy())
        saturated_output = getattr(saturating, "output", None)
    except Exception as exc:  # noqa: BLE001  (the check names the scores it raised on)
        saturated_loss, saturated_output = raised_by(nn, exc), None
    return {"inputs": inputs, "labels": labels, "loss": loss, "output": getattr(combined, "output", None),
            "saturated_loss": saturated_loss, "saturated_output": saturated_output}


SATURATING, SATURATING_LABELS = np.array([[0.0, 800.0, -800.0], [700.0, -700.0, 0.0]]), np.array([2, 1])


def combined_backward(nn, rng):
    # The book passes the softmax output back in as dvalues: here the right one, so forward bugs stay out.
    (inputs, given), labels = random_scores_and_probabilities(rng, (6, 3), 2), rng.integers(0, 3, 6)
    before = given.copy()
    sparse, onehot = (nn.Activation_Softmax_Loss_CategoricalCrossentropy(),
                      nn.Activation_Softmax_Loss_CategoricalCrossentropy())
    _forward_first(sparse, before, labels)(given, labels.copy())
    given_onehot = np.eye(3)[labels]
    try:
        _forward_first(onehot, before, given_onehot)(before.copy(), given_onehot)
        dinputs_onehot = copied(getattr(onehot, "dinputs", None))
    except Exception as exc:  # noqa: BLE001  (the check says the targets were one-hot)
        dinputs_onehot = raised_by(nn, exc)
    _, other_output = random_scores_and_probabilities(rng, (OTHER_SAMPLES, OTHER_CLASSES), 2)
    other, other_labels = _other_sizes(nn, nn.Activation_Softmax_Loss_CategoricalCrossentropy(), other_output.copy(),
                                       rng)
    _, again_output = random_scores_and_probabilities(rng, (6, 3), 2)
    first_set = attributes(sparse, leaving_out=("output",))   # set by _forward_first
    again = _again(nn, sparse, again_output, labels)
    return {"inputs": inputs, "labels": labels, "output": before, "forwarded": _forward_batch(before),
            "dinputs": getattr(sparse, "dinputs", None), "dinputs_onehot": dinputs_onehot,
            "dvalues_before": before, "dvalues_after": given, "onehot_after": given_onehot, "set": first_set,
            "other_output": other_output, "other_labels": other_labels, "other": other,
            "integer_onehot": _dinputs_of_integer_onehot(nn, nn.Activation_Softmax_Loss_CategoricalCrossentropy(),
                                                         before.copy(), labels),
            **again, "again": copied(again["again"]),
            **_called_again(nn, sparse, onehot, other_output, other_labels),
            **_batch_of_one(nn, nn.Activation_Softmax_Loss_CategoricalCrossentropy, before, labels)}


GRID = 48


def figure_training(nn, rng, steps=400, rate=0.5, momentum=0.9):
    """Train the chapter-9 network with these backward passes (SGD with momentum), then map its classes."""
    from nnfs.datasets import spiral_data

    inputs, labels = spiral_data(samples=60, classes=3)
    inputs = np.asarray(inputs, dtype=float)
    dense1, activation1, dense2 = nn.Layer_Dense(2, 48), nn.Activation_ReLU(), nn.Layer_Dense(48, 3)
    dense1.weights, dense2.weights = rng.standard_normal((2, 48)) * 0.5, rng.standard_normal((48, 3)) * 0.5
    dense1.biases, dense2.biases = np.zeros((1, 48)), np.zeros((1, 3))
    loss_activation = nn.Activation_Softmax_Loss_CategoricalCrossentropy()
    velocities = {}
    losses = []
    for _ in range(steps):
        dense1.forward(inputs)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        losses.append(float(loss_activation.forward(dense2.output, labels)))
        loss_activation.backward(loss_activation.output, labels)
        dense2.backward(loss_activation.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        for layer in (dense1, dense2):
            for name, gradient in (("weights", layer.dweights), ("biases", layer.dbiases)):
                key = (id(layer), name)
                velocities[key] = momentum * velocities.get(key, 0.0) - rate * np.asarray(gradient)
                setattr(layer, name, getattr(layer, name) + velocities[key])
    axis = np.linspace(-1, 1, GRID)
    dense1.forward(np.array([[x, y] for y in axis for x in axis]))
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    return {"inputs": inputs, "labels": labels, "scores": dense2.output, "losses": np.array(losses)}


def given_code(nn, rng):
    """The forward passes the stub gives, on small fixed inputs (given_code_probed)."""
    return {"probes": probed(nn, "dense_forward", "loss_calculate", "cce_forward")}
