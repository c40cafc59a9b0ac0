"""Challenge 11: from random search to derivatives (chapters 6 to 8 of the book).

A correct challenge 11 written differently from the solution: the parameters in one
list, the central difference as the mean of two one-sided ones, gradients on a flat copy. Check it with:

    grade challenge_11_random_search_and_derivatives

Run this file (python main.py) to see random search learn the vertical data and fail on the spiral,
and a numerical gradient catch a wrong backward pass.
"""
import numpy as np


class Layer_Dense:
    """A layer of neurons, each connected to every input."""

    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases


class Activation_ReLU:
    """Rectified linear unit: max(0, x) for every value."""

    def forward(self, inputs):
        self.output = np.maximum(0, inputs)


class Activation_Softmax:
    """Turns each row of scores into probabilities that sum to 1."""

    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)


class Loss:
    """What every loss shares: averaging the per-sample losses."""

    def calculate(self, output, y):
        sample_losses = self.forward(output, y)
        return np.mean(sample_losses)


class Loss_CategoricalCrossentropy(Loss):
    """-log of the probability the model gave to the true class."""

    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[range(samples), y_true]
        else:
            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)
        return -np.log(correct_confidences)


def random_search(X, y, iterations=1000, step=0.05):
    """Random search with the parameters in one list, kept and restored as a whole."""
    layers = [Layer_Dense(X.shape[1], 3), Layer_Dense(3, 3)]
    relu, softmax, loss_function = Activation_ReLU(), Activation_Softmax(), Loss_CategoricalCrossentropy()

    def parameters():
        return [array for layer in layers for array in (layer.weights, layer.biases)]

    best, lowest, history = [p.copy() for p in parameters()], float("inf"), []
    for _ in range(iterations):
        for array in parameters():
            array += step * np.random.randn(*array.shape)
        layers[0].forward(X)
        relu.forward(layers[0].output)
        layers[1].forward(relu.output)
        softmax.forward(layers[1].output)
        loss = loss_function.calculate(softmax.output, y)
        if loss < lowest:
            best, lowest = [p.copy() for p in parameters()], loss
        else:
            for layer, (weights, biases) in zip(layers, zip(best[::2], best[1::2])):
                layer.weights, layer.biases = weights.copy(), biases.copy()
        history.append(lowest)
    return layers[0], layers[1], history


def numerical_derivative(f, x, h=1e-5):
    """Half the sum of the forward and the backward differences: the central difference."""
    forward = (f(x + h) - f(x)) / h
    backward = (f(x) - f(x - h)) / h
    return (forward + backward) / 2


def numerical_gradient(f, x, h=1e-5):
    """Central differences on a flat copy of x, reshaped at the end."""
    moved = np.array(x, dtype=float, order="C")     # row by row, whatever x's order: reshape(-1) is then a view
    flat = moved.reshape(-1)
    slopes = []
    for i in range(flat.size):
        kept = flat[i]
        flat[i] = kept + h
        above = f(moved)
        flat[i] = kept - h
        below = f(moved)
        flat[i] = kept
        slopes.append((above - below) / (2 * h))
    return np.array(slopes).reshape(np.shape(x))


def backward_errors(layer, inputs, dvalues, h=1e-5):
    """The worst difference over the larger of the two gradients' magnitudes, with the arrays passed by name."""
    given = {"weights": layer.weights, "biases": layer.biases, "inputs": np.array(inputs, dtype=float)}

    def total(**moved):
        arrays = {**given, **moved}
        layer.weights, layer.biases = arrays["weights"], arrays["biases"]
        layer.forward(arrays["inputs"])
        return float(np.sum(layer.output * dvalues))

    total()
    layer.backward(dvalues)
    analytic = {"dweights": layer.dweights, "dbiases": layer.dbiases, "dinputs": layer.dinputs}
    errors = {}
    for name in ("weights", "biases", "inputs"):
        numeric = numerical_gradient(lambda array: total(**{name: array}), given[name], h)
        layer.weights, layer.biases = given["weights"], given["biases"]
        analytic_d = np.array(analytic["d" + name], dtype=float)
        magnitudes = np.abs(np.stack([analytic_d, numeric]))
        errors["d" + name] = float(np.abs(analytic_d - numeric).max() / max(magnitudes.max(), 1e-12))
    return errors


if __name__ == "__main__":
    from nnfs.datasets import spiral_data, vertical_data

    np.random.seed(0)
    try:
        for name, data in (("vertical", vertical_data), ("spiral", spiral_data)):
            X, y = data(samples=100, classes=3)
            dense1, dense2, lowest_losses = random_search(X, y, iterations=1000)
            print(f"random search on the {name} data: loss {lowest_losses[0]:.3f} -> {lowest_losses[-1]:.3f}")

        class Layer_Dense_WrongBiases(Layer_Dense):
            """A dense layer whose backward pass forgets to sum dbiases over the samples."""

            def backward(self, dvalues):
                self.dweights = np.dot(self.inputs.T, dvalues)
                self.dbiases = dvalues[:1].copy()
                self.dinputs = np.dot(dvalues, self.weights.T)

            def forward(self, inputs):
                self.inputs = inputs
                super().forward(inputs)

        layer = Layer_Dense_WrongBiases(4, 3)
        print("gradient check of a wrong backward pass:",
              backward_errors(layer, np.random.randn(5, 4), np.random.randn(5, 3)))
    except NotImplementedError:
        print("Some functions are still TODOs. Fill them in, then run: "
              "grade challenge_11_random_search_and_derivatives")
