"""Scenarios of the hidden checks: inputs learners do not see in advance."""
import numpy as np


def cce_single_sample(nn, rng):
    y_pred = np.array([[0.1, 0.7, 0.2]])
    return {"y_pred": y_pred,
            "sparse": nn.Loss_CategoricalCrossentropy().calculate(y_pred.copy(), np.array([1])),
            "onehot": nn.Loss_CategoricalCrossentropy().calculate(y_pred.copy(), np.array([[0.0, 1.0, 0.0]]))}


def dense_forward_wide(nn, rng):
    inputs = rng.standard_normal((3, 9))
    layer = nn.Layer_Dense(9, 2)
    layer.weights, layer.biases = rng.standard_normal((9, 2)), rng.standard_normal((1, 2))
    layer.forward(inputs.copy())
    return {"inputs": inputs, "output": getattr(layer, "output", None)}
