"""What each check runs on an implementation `nn`: the learner's file or the reference."""
import numpy as np

PENALTIES = {"weight_regularizer_l1": 0.3, "weight_regularizer_l2": 0.2,
             "bias_regularizer_l1": 0.1, "bias_regularizer_l2": 0.4}


def _layer(nn, rng, **penalties):
    layer = nn.Layer_Dense(4, 3, **penalties)
    layer.weights, layer.biases = rng.standard_normal((4, 3)), rng.standard_normal((1, 3))
    return layer


def regularization_loss(nn, rng):
    results = {}
    for name in PENALTIES:
        layer = _layer(nn, rng, **{name: PENALTIES[name]})
        results[name] = nn.Loss().regularization_loss(layer)
        results[f"{name}_weights"], results[f"{name}_biases"] = layer.weights, layer.biases
    results["none"] = nn.Loss().regularization_loss(_layer(nn, rng))
    return results


def _backward(nn, rng, penalties):
    layer = _layer(nn, rng, **penalties)
    inputs, dvalues = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    layer.weights[0, 0] = 0.0  # the book's L1 derivative takes 1 at zero
    layer.forward(inputs.copy())
    layer.inputs = inputs.copy()
    layer.backward(dvalues.copy())
    return {"inputs": inputs, "dvalues": dvalues, "weights": layer.weights, "biases": layer.biases,
            "dweights": getattr(layer, "dweights", None), "dbiases": getattr(layer, "dbiases", None),
            "dinputs": getattr(layer, "dinputs", None)}


def backward_l1(nn, rng):
    return _backward(nn, rng, {"weight_regularizer_l1": 0.3, "bias_regularizer_l1": 0.1})


def backward_l2(nn, rng):
    return _backward(nn, rng, {"weight_regularizer_l2": 0.2, "bias_regularizer_l2": 0.4})


def backward_all(nn, rng):
    return _backward(nn, rng, PENALTIES)


def dropout(nn, rng):
    inputs = rng.uniform(0.5, 1.5, (200, 50))
    dvalues = rng.standard_normal((200, 50))
    layer = nn.Layer_Dropout(0.3)
    layer.forward(inputs.copy())
    output = np.array(getattr(layer, "output", None), dtype=float, copy=True)
    layer.backward(dvalues.copy())
    return {"inputs": inputs, "dvalues": dvalues, "output": output, "dinputs": getattr(layer, "dinputs", None)}


def dropout_inference(nn, rng):
    inputs = rng.standard_normal((20, 10))
    layer = nn.Layer_Dropout(0.5)
    layer.forward(inputs.copy(), training=False)
    return {"inputs": inputs, "output": getattr(layer, "output", None)}
