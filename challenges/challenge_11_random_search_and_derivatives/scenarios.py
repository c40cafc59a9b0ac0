"""What each check runs on an implementation `nn`: the learner's file or the reference.

The layer handed to backward_errors is the scenario's own, written with `@` so that
nnfs.init()'s float32 np.dot cannot blur the differences it measures.
"""
import inspect

import numpy as np

from grader.scenario_helpers import raised_by, returned_or_raised, shown_default
from grader.scenario_helpers import given_code_probed as probed

ITERATIONS = 400
STEP = 0.01   # larger than the usual 1e-5, so float32 work keeps enough digits


def _floats(values):
    """A list of numbers as an array; anything else as it came, for the check to describe."""
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return values


# Seeds of further searches where the first one stalls: a correct search does so on about 3 paths in 1,000 (its
# nudges in another order than the reference's take other paths), and is judged by the first that learns.
FURTHER_SEEDS = (1, 2)


def random_search(nn, rng):
    from nnfs.datasets import vertical_data

    inputs, labels = vertical_data(samples=50, classes=3)
    for seed in (None, *FURTHER_SEEDS):
        if seed is not None:
            np.random.seed(seed)
        returned = nn.random_search(inputs.copy(), labels.copy(), iterations=ITERATIONS)
        if not (isinstance(returned, (tuple, list)) and len(returned) == 3):
            return {"inputs": inputs, "labels": labels, "default_count": None, "lowest_losses": None,
                    "parameters": [None] * 4, "returned": _described(returned)}
        dense1, dense2, lowest_losses = returned
        found = {"lowest_losses": _floats(lowest_losses), "returned": None,
                 "parameters": [getattr(dense1, "weights", None), getattr(dense1, "biases", None),
                                getattr(dense2, "weights", None), getattr(dense2, "biases", None)]}
        if _learned(found):
            break
    return {"inputs": inputs, "labels": labels, "default_count": _default_count(nn, inputs, labels), **found}


def _described(value):
    """What random_search returned, in words, where it is not three things."""
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return "None" if value is None else f"a {type(value).__name__}"


def _learned(found):
    """Whether a search went where the learning check asks: its lowest loss below 70% of the first, and every
    parameter array beyond one nudge's size. Anything that cannot be read so counts as learned: the checks say
    what is wrong with it."""
    try:
        losses = np.asarray(found["lowest_losses"], dtype=float).ravel()
        return bool(losses[-1] < 0.7 * losses[0]) and all(
            float(np.max(np.abs(np.asarray(values, dtype=float)))) > 0.1 for values in found["parameters"])
    except (TypeError, ValueError, IndexError):
        return True


def _default_count(nn, inputs, labels):
    """How many iterations random_search makes by default: its signature's default when that is a whole number
    (the explicit run shows iterations is honoured), else counted from a run without it, on a few samples."""
    default = shown_default(nn.random_search, "iterations")
    if default is not None:
        return default
    default_losses = nn.random_search(inputs[::25].copy(), labels[::25].copy())[2]
    return len(default_losses) if isinstance(default_losses, (list, np.ndarray)) else None


TINY_STEP = 1e-4   # nudges this small leave the zero biases Layer_Dense starts with below 0.01 for many iterations


FIRST_NUDGE_TRIES = 100   # single-iteration runs without a step, until one keeps its nudge (about 1 in 9 does)


def random_search_step(nn, rng):
    """random_search given a tiny step, and what it does without one: its signature's default step, or else the
    biases after the first single-iteration run that kept its nudge (biases start at zero, so they are the nudge
    itself; a search that compares with the loss before any nudge undoes most of them)."""
    from nnfs.datasets import vertical_data

    inputs, labels = vertical_data(samples=10, classes=3)
    dense1, dense2, _ = nn.random_search(inputs.copy(), labels.copy(), iterations=50, step=TINY_STEP)
    found = {"step": TINY_STEP, "tiny_step_biases": [getattr(dense1, "biases", None), getattr(dense2, "biases", None)],
             "default_step": _shown_number(nn.random_search, "step"), "first_nudge_biases": None}
    if found["default_step"] is None:
        for _ in range(FIRST_NUDGE_TRIES):
            dense1, dense2, _ = nn.random_search(inputs.copy(), labels.copy(), iterations=1)
            found["first_nudge_biases"] = [getattr(dense1, "biases", None), getattr(dense2, "biases", None)]
            if not all(isinstance(b, np.ndarray) and b.size and not np.any(b) for b in found["first_nudge_biases"]):
                break
    return found


def _shown_number(function, name):
    """The default of `function`'s parameter `name` when its signature shows a number, else None."""
    try:
        default = inspect.signature(function).parameters[name].default
    except (TypeError, ValueError, KeyError):
        return None
    return float(default) if isinstance(default, (int, float, np.integer, np.floating)) \
        and not isinstance(default, bool) else None


def _cubic(x):
    return x ** 3 - 2 * x + 1


WIDE_STEP = 0.5   # a central difference of a cubic is off by h² from the derivative: 0.25 here


def derivative(nn, rng):
    points = [0.5, -1.3, 2.0]
    return {"points": points, "slopes": _floats([nn.numerical_derivative(_cubic, x, h=STEP) for x in points]),
            # A wide step, whose difference from the derivative shows: a function that ignores h shows too.
            "wide": _floats(nn.numerical_derivative(_cubic, 1.0, h=WIDE_STEP)),
            "default_h": _shown_number(nn.numerical_derivative, "h")}


def gradient(nn, rng):
    weights = rng.standard_normal((3, 4))

    def function(a):
        return float(np.sum(np.sin(a) * weights) + 0.5 * np.sum(a ** 3))

    matrix, vector = rng.standard_normal((3, 4)), rng.standard_normal(5)
    given_matrix, given_vector = matrix.copy(), vector.copy()
    return {"matrix": matrix, "vector": vector, "weights": weights,
            "of_matrix": nn.numerical_gradient(function, given_matrix, h=STEP),
            # What a gradient for 2-D arrays alone raises on a vector, the check says.
            "of_vector": returned_or_raised(nn, nn.numerical_gradient, lambda a: float(np.sum(a ** 3)), given_vector,
                                            h=STEP),
            "wide": returned_or_raised(nn, nn.numerical_gradient, lambda a: float(np.sum(a ** 3)), vector.copy(),
                                       h=WIDE_STEP),
            # Stored column by column: x.reshape(-1) is a copy of it, not a view, and moves nothing.
            "of_transposed": returned_or_raised(nn, nn.numerical_gradient, lambda a: float(np.sum(a ** 3)),
                                                matrix.copy().T, h=STEP),
            "matrix_after": given_matrix, "vector_after": given_vector,
            "default_h": _shown_number(nn.numerical_gradient, "h")}


class _Dense:
    """A dense layer whose backward pass can be made wrong in one named way. Its weights are (neurons, inputs),
    the transpose of the book's, so that it is no Layer_Dense the learner's code could take for its own."""

    def __init__(self, weights, biases, bug=None):
        self.weights, self.biases, self.bug = weights, biases, bug

    def forward(self, inputs):
        self.inputs = np.asarray(inputs, dtype=float)
        self.output = self.inputs @ self.weights.T + self.biases

    def backward(self, dvalues):
        if not hasattr(self, "inputs"):
            raise AttributeError("the layer given to backward_errors has no inputs yet: its backward reads what its "
                                 "forward pass kept, so call layer.forward(inputs) before layer.backward(dvalues)")
        dvalues = np.asarray(dvalues, dtype=float)
        self.dweights = dvalues.T @ self.inputs * BUGS.get(self.bug, 1.0)
        self.dbiases = dvalues[:1].copy() if self.bug == "dbiases" else np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = (-1 if self.bug == "dinputs" else 1) * dvalues @ self.weights


BUGS = {"double_dweights": 2.0, "half_dweights": 0.5}
# The steps the curved layer is differentiated with: the central difference's error grows as h², so a step of its own
# (one-sided, fixed, or some multiple of h) shows at one of the two.
CURVED_STEPS = {"curved": STEP, "curved_wide": 4 * STEP}


class _Curved(_Dense):
    """A dense layer with a tanh on its output, its backward pass right. A dense layer's output is a straight
    function of each array, on which every step and a one-sided difference are exact; this one's curves, so the
    error a numerical gradient leaves shows the step it was taken with."""

    def forward(self, inputs):
        super().forward(inputs)
        self.output = np.tanh(self.output)

    def backward(self, dvalues):
        super().backward(np.asarray(dvalues, dtype=float) * (1 - self.output ** 2))


def backward_errors(nn, rng):
    weights, biases = rng.standard_normal((4, 3)).T, rng.standard_normal((1, 3))
    inputs, dvalues = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    dweights = inputs.T @ dvalues
    if dweights.flat[np.argmax(np.abs(dweights))] > 0:
        # The largest gradient is negative, so an error that forgets an absolute value shows.
        dvalues = -dvalues
    errors, keys = {}, None
    for bug in (None, "double_dweights", "half_dweights", "dbiases", "dinputs", *CURVED_STEPS):
        curved = bug in CURVED_STEPS
        layer = (_Curved if curved else _Dense)(weights.copy(), biases.copy(), bug)
        try:
            found = nn.backward_errors(layer, inputs.copy(), dvalues.copy(), h=CURVED_STEPS.get(bug, STEP))
        except Exception as exc:  # noqa: BLE001  (the curved layer's own check says so; the others are judged)
            if not curved:
                raise
            found = raised_by(nn, exc)
        errors[bug or "correct"] = {name: found.get(name) for name in ("dweights", "dbiases", "dinputs")} \
            if isinstance(found, dict) else found
        if keys is None and isinstance(found, dict):
            keys = sorted(str(key)[:40] for key in list(found)[:10])
        if bug is None:
            weights_after, biases_after = layer.weights, layer.biases
    # A wrong dweights among gradients below 1e-7, as small as an epsilon added to the divisor (1e-7 in the book's
    # Adam) or a floor of 1e-5 makes count, and a right layer whose gradients are all 0.
    # And inputs of integers, whose own array cannot take x + h: the numerical dinputs needs a float copy.
    for case, bug, given_inputs, given in (("double_dweights_small", "double_dweights", inputs * 1e-4, dvalues * 1e-4),
                                          ("correct_zero", None, inputs.copy(), np.zeros_like(dvalues)),
                                          ("correct_integers", None, np.round(inputs * 3).astype(np.int64), dvalues)):
        try:
            found = nn.backward_errors(_Dense(weights.copy(), biases.copy(), bug), given_inputs, given, h=STEP)
        except Exception as exc:  # noqa: BLE001  (the check says what this call raised)
            found = raised_by(nn, exc)
        errors[case] = {name: found.get(name) for name in ("dweights", "dbiases", "dinputs")} \
            if isinstance(found, dict) else found
    return {"errors": errors, "weights": weights, "biases": biases, "inputs": inputs, "dvalues": dvalues,
            "weights_after": weights_after, "biases_after": biases_after,
            "default_h": _shown_number(nn.backward_errors, "h"), "keys": keys}


def given_code(nn, rng):
    """The forward passes the stub gives, on small fixed inputs (given_code_probed)."""
    return {"probes": probed(nn, "dense_init", "dense_forward", "softmax_forward", "loss_calculate")}
