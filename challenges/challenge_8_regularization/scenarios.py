"""What each check runs on an implementation `nn`: the learner's file or the reference.

Every forward call passes `training` when the learner's signature asks for it, so the
book's code of chapter 14 and of chapter 18 on both drop in.
"""

from grader.scenario_helpers import (attributes, copied, dropout_on_signed_inputs, float_copy, forward,
                                     forward_without_training, raised_by, takes_training)
from grader.scenario_helpers import given_code_probed as probed

PENALTIES = {"weight_regularizer_l1": 0.3, "weight_regularizer_l2": 0.2,
             "bias_regularizer_l1": 0.1, "bias_regularizer_l2": 0.35}


def _layer(nn, rng, shape=(4, 3), **penalties):
    layer = nn.Layer_Dense(*shape, **penalties)
    layer.weights, layer.biases = rng.standard_normal(shape), rng.standard_normal((1, shape[1]))
    return layer


def regularization_loss(nn, rng):
    results = {}
    for name in PENALTIES:
        layer = _layer(nn, rng, **{name: PENALTIES[name]})
        # Parameters of both signs, so that an L1 term summed without np.abs shows in its own penalty's case.
        layer.weights[0, 0], layer.biases[0, 0] = -abs(layer.weights[0, 0]), -abs(layer.biases[0, 0])
        layer.weights[-1, -1], layer.biases[0, -1] = abs(layer.weights[-1, -1]), abs(layer.biases[0, -1])
        results[name] = nn.Loss().regularization_loss(layer)
        results[f"{name}_weights"], results[f"{name}_biases"] = layer.weights, layer.biases
    results["none"] = nn.Loss().regularization_loss(_layer(nn, rng))
    together = _layer(nn, rng, **PENALTIES)
    loss = nn.Loss()
    results["all"] = loss.regularization_loss(together)
    # Again, from the same Loss: each call is the penalty of the layer as it is, never a running total.
    results["all_again"] = loss.regularization_loss(together)
    results["all_weights"], results["all_biases"] = together.weights, together.biases
    return results


def _backward(nn, rng, penalties, broadcast_told=False, kink=True, shape=(4, 3)):
    """One backward pass with `penalties` through a layer of weights of `shape`; with `broadcast_told`, a ValueError
    of arrays that do not broadcast is returned as "raised" for the check to explain, instead of ending the scenario;
    with `kink`, a weight and a bias of exactly 0."""
    layer = _layer(nn, rng, shape, **penalties)
    inputs, dvalues = rng.standard_normal((5, shape[0])), rng.standard_normal((5, shape[1]))
    if kink:
        # At 0, |w| has no derivative: any value in [-1, 1] will do, and the book takes +1.
        layer.weights[0, 0] = layer.biases[0, 0] = 0.0
    forward(layer, inputs.copy())
    layer.inputs = inputs.copy()
    before = {"weights_before": float_copy(layer.weights), "biases_before": float_copy(layer.biases)}
    raised = None
    try:
        layer.backward(dvalues.copy())
    except ValueError as exc:
        if not (broadcast_told and "broadcast" in str(exc)):
            raise
        raised = raised_by(nn, exc)
    return {"inputs": inputs, "dvalues": dvalues, "weights": layer.weights, "biases": layer.biases,
            "dweights": getattr(layer, "dweights", None), "dbiases": getattr(layer, "dbiases", None),
            "dinputs": getattr(layer, "dinputs", None), "raised": raised,
            "set": attributes(layer, leaving_out=("inputs",)), **before}


def backward_l1(nn, rng):
    penalties = {"weight_regularizer_l1": 0.3, "bias_regularizer_l1": 0.1}
    together = _backward(nn, rng, penalties, broadcast_told=True)
    return {**together, "alone": _alone(nn, rng, ("weight_regularizer_l1", "bias_regularizer_l1")),
            "other": _another_layer(nn, rng, penalties)}


def backward_l2(nn, rng):
    penalties = {name: PENALTIES[name] for name in ("weight_regularizer_l2", "bias_regularizer_l2")}
    together = _backward(nn, rng, penalties)
    return {**together, "alone": _alone(nn, rng, ("weight_regularizer_l2", "bias_regularizer_l2")),
            "other": _another_layer(nn, rng, penalties)}


def _another_layer(nn, rng, penalties):
    """{"dweights", "dbiases"} of a backward pass with `penalties` through a layer of another shape than the others,
    2 inputs and 5 neurons, or what it raised: a size written into the code shows."""
    try:
        result = _backward(nn, rng, penalties, kink=False, shape=(2, 5))
    except Exception as exc:  # noqa: BLE001  (the check says what a layer of this shape raised)
        return raised_by(nn, exc)
    return {"dweights": result["dweights"], "dbiases": result["dbiases"], "set": result["set"]}


def _alone(nn, rng, names):
    """{penalty's name: the backward pass's answers with that penalty set alone, or what it raised}: a term
    guarded by another penalty's lambda shows only where that one is 0."""
    alone = {}
    for name in names:
        try:
            alone[name] = _backward(nn, rng, {name: PENALTIES[name]}, kink=False)
        except Exception as exc:  # noqa: BLE001  (the check names the penalty it raised with)
            alone[name] = raised_by(nn, exc)
    return alone


def backward_all(nn, rng):
    """_backward with every penalty, then a second backward pass through the same layer, with the same dvalues: its
    gradients are that pass's own, never added to the first's."""
    layer = _layer(nn, rng, (4, 3), **PENALTIES)
    answer = _backward(nn, rng, PENALTIES)
    inputs, dvalues = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    forward(layer, inputs.copy())
    layer.inputs = inputs.copy()
    first = []
    for _ in range(2):
        layer.backward(dvalues.copy())
        first.append((float_copy(getattr(layer, "dweights", None)), float_copy(getattr(layer, "dbiases", None))))
    return {**answer, "dweights_once": first[0][0], "dbiases_once": first[0][1], "dweights_twice": first[1][0],
            "dbiases_twice": first[1][1]}


def dropout(nn, rng):
    """Two forward passes while training, and none backward: the forward checks judge forward alone, so that a
    backward still to be written stops none of them."""
    inputs = rng.uniform(0.5, 1.5, (200, 50))
    layer = nn.Layer_Dropout(0.3)
    given_inputs = inputs.copy()
    forward(layer, given_inputs, training=True)
    output = copied(getattr(layer, "output", None))
    set_by_forward = attributes(layer)
    # A second pass, as the next training step makes: it must draw a mask of its own.
    again = rng.uniform(0.5, 1.5, inputs.shape)
    forward(layer, again.copy(), training=True)
    output_again = copied(getattr(layer, "output", None))
    # And a batch of another shape: a mask of a size written into the code shows.
    other = rng.uniform(0.5, 1.5, (120, 30))
    try:
        forward(layer, other.copy(), training=True)
        output_other = getattr(layer, "output", None)
    except Exception as exc:  # noqa: BLE001  (the check says what a batch of this shape raised)
        output_other = raised_by(nn, exc)
    # A layer of another rate: a rate written into the code shows.
    half = nn.Layer_Dropout(0.5)
    forward(half, inputs.copy(), training=True)
    return {"inputs": inputs, "output": output, "set_by_forward": set_by_forward, "inputs_after": given_inputs,
            "half_output": getattr(half, "output", None), "inputs_again": again, "output_again": output_again,
            "inputs_other": other,
            "output_other": output_other, **forward_without_training(nn, inputs, 0.3)}


def dropout_backward(nn, rng):
    """One forward pass while training, then backward."""
    inputs = rng.uniform(0.5, 1.5, (200, 50))
    dvalues = rng.standard_normal((200, 50))
    layer = nn.Layer_Dropout(0.3)
    given_inputs, given_dvalues = inputs.copy(), dvalues.copy()
    forward(layer, given_inputs, training=True)
    output = copied(getattr(layer, "output", None))
    layer.backward(given_dvalues)
    return {"inputs": inputs, "dvalues": dvalues, "output": output, "dinputs": getattr(layer, "dinputs", None),
            "set": attributes(layer), "inputs_after": given_inputs, "dvalues_after": given_dvalues,
            **dropout_on_signed_inputs(nn, rng)}


def dropout_inference(nn, rng):
    inputs = rng.standard_normal((20, 10))
    layer = nn.Layer_Dropout(0.5)
    if not takes_training(layer.forward):
        return {"inputs": inputs, "takes_training": False, "output": None, "set_by_forward": []}
    forward(layer, inputs.copy(), training=False)
    return {"inputs": inputs, "takes_training": True, "output": getattr(layer, "output", None),
            "set_by_forward": attributes(layer)}


def given_code(nn, rng):
    """The code the stub gives, on small fixed inputs (given_code_probed): of Layer_Dense.backward, whose penalties'
    gradients are the learner's to add, only the shape of dbiases."""
    return {"probes": probed(nn, "dense_forward", "dbiases_shape", "loss_calculate")}
