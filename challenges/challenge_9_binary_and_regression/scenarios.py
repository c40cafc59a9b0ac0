"""What each check runs on an implementation `nn`: the learner's file or the reference.

Activations are called with `training` when the learner's signature asks for it
(the book's code from chapter 18 on), and without it otherwise.
"""
import numpy as np

from grader.scenario_helpers import (attributes, copied, forward, generator, private_generator, raised_by,
                                     read_after, returned_or_raised)

# NumPy's array type and its methods, bound when the scenarios load, before any learner's code runs.
ARRAY = np.ndarray
MAX_COMPARED_BYTES = 1 << 20   # far above a dvalues of these scenarios; a larger dinputs is not a view of one

OTHER_SAMPLES, OTHER_OUTPUTS = 5, 3     # a second batch, of other sizes than the first's 6 samples of 2 outputs
# A batch for an object called before: more samples than its first call's, and other outputs.
AGAIN_SAMPLES, AGAIN_OUTPUTS = 9, 3


def _backward_again(nn, step, y_pred, y_true):
    """self.dinputs of one more call of the loss `step`.backward, on the batch `y_pred`, `y_true`, or what it raised."""
    return read_after(nn, lambda: step.backward(y_pred.copy(), y_true.copy()), lambda: getattr(step, "dinputs", None))


def _backward(step, dvalues, *extra, set_here=()):
    """self.dinputs of step.backward(dvalues, *extra) (a copy), what it left of dvalues and of y_true (extra's
    first), and the names of the attributes it ended with but those `set_here` for it (attributes)."""
    given = dvalues.copy()
    step.backward(given, *extra)
    return {"dinputs": copied(getattr(step, "dinputs", None)), "dvalues_after": given,
            "set": attributes(step, leaving_out=set_here),
            **({"y_true_after": extra[0]} if extra else {})}


def _other_sizes(nn, step, y_pred, y_true):
    """self.dinputs of `step`.backward on a batch of OTHER_SAMPLES samples of OTHER_OUTPUTS outputs, or what it
    raised: a size written into the code as a number fails here."""
    try:
        step.backward(y_pred.copy(), y_true.copy())
    except Exception as exc:  # noqa: BLE001  (the check names the sizes it failed on)
        return {"other_y_pred": y_pred, "other_y_true": y_true, "other": raised_by(nn, exc)}
    return {"other_y_pred": y_pred, "other_y_true": y_true, "other": getattr(step, "dinputs", None)}


def _other_losses(nn, step, y_pred, y_true):
    """`step`.forward on a batch of OTHER_SAMPLES samples of OTHER_OUTPUTS outputs, or what it raised: a number of
    outputs written into the code fails here."""
    return returned_or_raised(nn, step.forward, y_pred.copy(), y_true.copy())


def losses_of_one(nn, rng):
    """Each loss's forward pass on a batch of one sample of 2 outputs: a squeeze of the batch axis shows."""
    found = {}
    for key, loss, batch in (("bce", "Loss_BinaryCrossentropy", _binary_batch), ("mse", "Loss_MeanSquaredError",
                             _regression_batch), ("mae", "Loss_MeanAbsoluteError", _regression_batch)):
        y_pred, y_true = batch(rng, 1, 2)
        found[key] = returned_or_raised(nn, lambda: copied(getattr(nn, loss)().forward(y_pred.copy(),
                                                                                        y_true.copy())))
    return found


def _sigmoid_batch(rng):
    return generator(rng).standard_normal((5, 3)) * 2, rng.standard_normal((5, 3))


def sigmoid(nn, rng):
    inputs, _ = _sigmoid_batch(rng)
    activation = nn.Activation_Sigmoid()
    given = inputs.copy()
    forward(activation, given)
    output, first_set = copied(getattr(activation, "output", None)), attributes(activation)
    again_inputs = rng.standard_normal((AGAIN_SAMPLES, 4)) * 2
    again = read_after(nn, lambda: forward(activation, again_inputs.copy()),
                       lambda: getattr(activation, "output", None))
    # Far from 0, on their own: a sigmoid whose inputs were clipped (to ±10, say) shows only there.
    far = nn.Activation_Sigmoid()
    forward(far, FAR_FROM_ZERO.copy())
    return {"inputs": inputs, "output": output, "inputs_after": given, "set": first_set,
            "far_inputs": FAR_FROM_ZERO, "far": getattr(far, "output", None), "again": again}


FAR_FROM_ZERO = np.array([[12.0, 15.0, -12.0, -15.0]])


def sigmoid_backward(nn, rng):
    """A batch drawn as `sigmoid`'s is, backward only: a backward pass that raises does not fail the forward pass's
    check, nor a forward pass that raises the backward pass's."""
    # From a stream of their own (private_generator): this computes a right forward pass, for any `nn` and `rng`.
    rng = private_generator(rng)
    inputs, dvalues = _sigmoid_batch(rng)
    activation = nn.Activation_Sigmoid()
    # The backward pass reads the output its forward pass stores; give it the right one.
    activation.output = 1 / (1 + np.exp(-inputs))
    activation.inputs = inputs.copy()
    result = _backward(activation, dvalues, set_here=("output", "inputs"))
    # What the object holds of its forward pass after backward: the model reads its predictions from it.
    output_after = copied(getattr(activation, "output", None))
    # Again on a batch of other sizes, its own output given as before.
    again_inputs, again_dvalues = rng.standard_normal((AGAIN_SAMPLES, 4)), rng.standard_normal((AGAIN_SAMPLES, 4))
    activation.output, activation.inputs = 1 / (1 + np.exp(-again_inputs)), again_inputs.copy()
    again = read_after(nn, lambda: activation.backward(again_dvalues.copy()),
                       lambda: getattr(activation, "dinputs", None))
    return {"inputs": inputs, "dvalues": dvalues, **result, "again": again, "output_after": output_after}


def _binary_batch(rng, samples=6, outputs=2):
    y_pred = rng.uniform(0.05, 0.95, (samples, outputs))
    return y_pred, rng.integers(0, 2, (samples, outputs)).astype(float)


def bce(nn, rng):
    y_pred, y_true = _binary_batch(rng)
    loss = nn.Loss_BinaryCrossentropy()
    losses = copied(loss.forward(y_pred.copy(), y_true.copy()))
    mean = nn.Loss_BinaryCrossentropy().calculate(y_pred.copy(), y_true.copy())
    return {"y_pred": y_pred, "y_true": y_true, "losses": losses, "mean": mean,
            "other_losses": _other_losses(nn, nn.Loss_BinaryCrossentropy(),
                                          *_binary_batch(rng, OTHER_SAMPLES, OTHER_OUTPUTS)),
            "again": _other_losses(nn, loss, *_binary_batch(rng, AGAIN_SAMPLES, AGAIN_OUTPUTS))}


def bce_backward(nn, rng):
    """The batch of `bce`, backward only: a forward pass that raises does not hide the gradient."""
    y_pred, y_true = _binary_batch(rng)
    loss = nn.Loss_BinaryCrossentropy()
    return {"y_pred": y_pred, "y_true": y_true, **_backward(loss, y_pred, y_true.copy()),
            **_other_sizes(nn, nn.Loss_BinaryCrossentropy(), *_binary_batch(rng, OTHER_SAMPLES, OTHER_OUTPUTS)),
            "again": _backward_again(nn, loss, *_binary_batch(rng, AGAIN_SAMPLES, AGAIN_OUTPUTS))}


def bce_clipping(nn, rng):
    # Predictions of exactly 0 and 1, which clipping into the caller's array would change.
    y_pred = np.array([[0.0, 1.0], [1.0, 0.0], [0.3, 0.6]])
    y_true = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    given, targets = y_pred.copy(), y_true.copy()
    return {"y_pred": y_pred, "y_true": y_true,
            "losses": nn.Loss_BinaryCrossentropy().forward(given, targets), "y_pred_after": given,
            "y_true_after_forward": targets, **_backward(nn.Loss_BinaryCrossentropy(), y_pred, y_true.copy())}


def linear(nn, rng):
    inputs, dvalues = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    activation = nn.Activation_Linear()
    forward(activation, inputs.copy())
    given = dvalues.copy()
    activation.backward(given)
    dinputs = getattr(activation, "dinputs", None)
    # The array given, or a view of it (dvalues[:]), not a copy: a later in-place change of dinputs would reach the
    # caller's dvalues.
    result = {"inputs": inputs, "dvalues": dvalues, "output": copied(getattr(activation, "output", None)),
              "dinputs": copied(dinputs), "dvalues_after": given.copy(),
              "dinputs_shares_dvalues": _shares_memory(dinputs, given), "set": attributes(activation)}
    again_inputs, again_dvalues = rng.standard_normal((AGAIN_SAMPLES, 5)), rng.standard_normal((AGAIN_SAMPLES, 5))
    return {**result,
            "again_output": read_after(nn, lambda: forward(activation, again_inputs.copy()),
                                       lambda: copied(getattr(activation, "output", None))),
            "again_dinputs": read_after(nn, lambda: activation.backward(again_dvalues.copy()),
                                        lambda: getattr(activation, "dinputs", None))}


def _shares_memory(array, given):
    """True where writing into the ndarray `given` changes `array` (the array itself, or a view of it such as
    given[:]); False otherwise. Found by NumPy's own array methods, bound before the learner's code ran (ARRAY),
    not by NumPy's functions, which the learner's file may replace."""
    if not isinstance(array, ARRAY) or type(given) is not ARRAY:
        return False
    try:
        seen = ARRAY.view(array, ARRAY)
        if seen.nbytes > MAX_COMPARED_BYTES:
            return False
        before, kept = ARRAY.tobytes(seen), ARRAY.copy(given)
        ARRAY.setflags(given, write=True)   # ours, owning its memory: a backward that made it read-only hides nothing
        given += 1
        try:
            return ARRAY.tobytes(seen) != before
        finally:
            given[...] = kept
    except Exception:  # noqa: BLE001  (an array of the learner's that refuses a view: it shares nothing of ours)
        return False


def _regression_batch(rng, samples=6, outputs=2):
    return rng.standard_normal((samples, outputs)), rng.standard_normal((samples, outputs))


def mse(nn, rng):
    y_pred, y_true = _regression_batch(rng)
    given, targets = y_pred.copy(), y_true.copy()
    loss = nn.Loss_MeanSquaredError()
    return {"y_pred": y_pred, "y_true": y_true,
            "losses": copied(loss.forward(given, targets)), "y_pred_after": given,
            "y_true_after": targets,
            "other_losses": _other_losses(nn, nn.Loss_MeanSquaredError(),
                                          *_regression_batch(rng, OTHER_SAMPLES, OTHER_OUTPUTS)),
            "again": _other_losses(nn, loss, *_regression_batch(rng, AGAIN_SAMPLES, AGAIN_OUTPUTS))}


def mse_backward(nn, rng):
    """The batch of `mse`, backward only: a forward pass that raises does not hide the gradient."""
    y_pred, y_true = _regression_batch(rng)
    loss = nn.Loss_MeanSquaredError()
    return {"y_pred": y_pred, "y_true": y_true, **_backward(loss, y_pred, y_true.copy()),
            **_other_sizes(nn, nn.Loss_MeanSquaredError(), *_regression_batch(rng, OTHER_SAMPLES, OTHER_OUTPUTS)),
            "again": _backward_again(nn, loss, *_regression_batch(rng, AGAIN_SAMPLES, AGAIN_OUTPUTS))}


def mae_backward(nn, rng):
    """The batch of `mae`, backward only."""
    y_pred, y_true = _regression_batch(rng)
    loss = nn.Loss_MeanAbsoluteError()
    return {"y_pred": y_pred, "y_true": y_true, **_backward(loss, y_pred, y_true.copy()),
            **_other_sizes(nn, nn.Loss_MeanAbsoluteError(), *_regression_batch(rng, OTHER_SAMPLES, OTHER_OUTPUTS)),
            "again": _backward_again(nn, loss, *_regression_batch(rng, AGAIN_SAMPLES, AGAIN_OUTPUTS))}


def mae(nn, rng):
    y_pred, y_true = _regression_batch(rng)
    given, targets = y_pred.copy(), y_true.copy()
    loss = nn.Loss_MeanAbsoluteError()
    return {"y_pred": y_pred, "y_true": y_true,
            "losses": copied(loss.forward(given, targets)), "y_pred_after": given,
            "y_true_after": targets,
            "other_losses": _other_losses(nn, nn.Loss_MeanAbsoluteError(),
                                          *_regression_batch(rng, OTHER_SAMPLES, OTHER_OUTPUTS)),
            "again": _other_losses(nn, loss, *_regression_batch(rng, AGAIN_SAMPLES, AGAIN_OUTPUTS))}


REGRESSION_STEPS = 400


def regression_training(nn, rng, steps=REGRESSION_STEPS, rate=0.08, momentum=0.9):
    """Fit the book's sine data with a small network whose output layer and loss are these classes.

    Plain gradient descent with momentum on one hidden tanh layer of 32: close enough after 400
    steps for the book's regression accuracy, within np.std(y) / 250, to mean something (the
    reference gets about a quarter of the points that close), and well below a rate that diverges.
    """
    from nnfs.datasets import sine_data

    inputs, targets = (np.asarray(a, dtype=float) for a in sine_data(samples=64))
    parameters = [rng.standard_normal((1, 32)) * 3, rng.standard_normal((1, 32)),
                  rng.standard_normal((32, 1)) * 0.1, np.zeros((1, 1))]
    velocities = [np.zeros_like(parameter) for parameter in parameters]
    activation, loss = nn.Activation_Linear(), nn.Loss_MeanSquaredError()
    for _ in range(steps):
        w1, b1, w2, b2 = parameters
        hidden = np.tanh(inputs @ w1 + b1)
        forward(activation, hidden @ w2 + b2)
        loss.backward(activation.output, targets)
        activation.backward(loss.dinputs)
        doutput = np.asarray(activation.dinputs, dtype=float)
        dhidden = (doutput @ w2.T) * (1 - hidden ** 2)
        gradients = [inputs.T @ dhidden, dhidden.sum(axis=0, keepdims=True), hidden.T @ doutput,
                     doutput.sum(axis=0, keepdims=True)]
        velocities = [momentum * velocity - rate * gradient for velocity, gradient in zip(velocities, gradients)]
        parameters = [parameter + velocity for parameter, velocity in zip(parameters, velocities)]
    w1, b1, w2, b2 = parameters
    forward(activation, np.tanh(inputs @ w1 + b1) @ w2 + b2)
    return {"targets": targets, "predictions": activation.output,
            "loss": loss.calculate(activation.output, targets)}
