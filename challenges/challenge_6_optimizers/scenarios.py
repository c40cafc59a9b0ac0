"""What each check runs on an implementation `nn`: the learner's file or the reference.

A scenario trains a stand-in layer (weights, biases and their gradients only)
for a few steps and records the parameters after each step.
"""
import numpy as np


class _Layer:
    """All an optimizer may touch: the parameters, their gradients, and what it stores itself."""

    def __init__(self, rng, inputs=3, neurons=2):
        self.weights = rng.standard_normal((inputs, neurons))
        self.biases = rng.standard_normal((1, neurons))


def _train(optimizer, rng, steps, layers=None):
    layers = layers or [_Layer(rng)]
    start = [(layer.weights.copy(), layer.biases.copy()) for layer in layers]
    history, rates, gradients = [], [], []
    for _ in range(steps):
        step_gradients = []
        for layer in layers:
            layer.dweights = rng.standard_normal(layer.weights.shape)
            layer.dbiases = rng.standard_normal(layer.biases.shape)
            step_gradients.append((layer.dweights.copy(), layer.dbiases.copy()))
        optimizer.pre_update_params()
        rates.append(getattr(optimizer, "current_learning_rate", None))
        for layer in layers:
            optimizer.update_params(layer)
        optimizer.post_update_params()
        history.append([(np.array(layer.weights, copy=True), np.array(layer.biases, copy=True))
                        for layer in layers])
        gradients.append(step_gradients)
    return {"start_weights": start[0][0], "start_biases": start[0][1],
            "dweights": np.array([step[0][0] for step in gradients]),
            "dbiases": np.array([step[0][1] for step in gradients]),
            "weights": np.array([step[0][0] for step in history]),
            "biases": np.array([step[0][1] for step in history]),
            "rates": np.array(rates, dtype=float), "iterations": getattr(optimizer, "iterations", None)}


def sgd(nn, rng):
    return _train(nn.Optimizer_SGD(learning_rate=0.5), rng, 3)


def sgd_decay(nn, rng):
    return _train(nn.Optimizer_SGD(learning_rate=1.0, decay=0.1), rng, 5)


def sgd_momentum(nn, rng):
    return _train(nn.Optimizer_SGD(learning_rate=0.5, momentum=0.9), rng, 4)


def sgd_momentum_decay(nn, rng):
    return _train(nn.Optimizer_SGD(learning_rate=0.5, decay=0.2, momentum=0.8), rng, 4)


def adagrad(nn, rng):
    return _train(nn.Optimizer_Adagrad(learning_rate=0.5, decay=0.1), rng, 4)


def rmsprop(nn, rng):
    return _train(nn.Optimizer_RMSprop(learning_rate=0.05, decay=0.1, rho=0.8), rng, 4)


def adam(nn, rng):
    return _train(nn.Optimizer_Adam(learning_rate=0.05, decay=0.1), rng, 4)


def adam_defaults(nn, rng):
    return _train(nn.Optimizer_Adam(), rng, 2)


def caches_per_layer(nn, rng):
    small, large = _Layer(rng, 3, 2), _Layer(rng, 4, 5)
    optimizer = nn.Optimizer_Adam(learning_rate=0.05)
    _train(optimizer, rng, 2, [small, large])
    names = ("weight_momentums", "weight_cache", "bias_momentums", "bias_cache")
    return {"small_weights": small.weights, "large_weights": large.weights,
            **{f"small_{name}": getattr(small, name, None) for name in names},
            **{f"large_{name}": getattr(large, name, None) for name in names}}


def adam_many_steps(nn, rng):
    """Adam minimising the sum of squares of the parameters: they should head for zero."""
    layer, optimizer = _Layer(rng, 4, 3), nn.Optimizer_Adam(learning_rate=0.05, decay=1e-3)
    for _ in range(200):
        layer.dweights, layer.dbiases = 2 * layer.weights, 2 * layer.biases
        optimizer.pre_update_params()
        optimizer.update_params(layer)
        optimizer.post_update_params()
    return {"weights": np.array(layer.weights, copy=True), "biases": np.array(layer.biases, copy=True)}
