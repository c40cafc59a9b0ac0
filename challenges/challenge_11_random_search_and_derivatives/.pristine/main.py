"""Challenge 11: from random search to derivatives (chapters 6 to 8 of the book).

The layers, activations and loss of challenge 1 are given. Write random search,
then numerical derivatives, and use them to check a layer's backward pass.
Check your work with:

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
    """Chapter 6: nudge every parameter of a 2-3-3 network at random and keep a nudge only when the
    loss falls. Returns (dense1, dense2, lowest_losses): the layers hold the best parameters found,
    and lowest_losses[i] is the lowest loss after iteration i."""
    # TODO: build Layer_Dense(X.shape[1], 3), ReLU, Layer_Dense(3, 3), softmax and the loss, and start
    #       with lowest_loss = np.inf (the book uses 9999999). Then, each iteration: add
    #       step * np.random.randn(...) to every weight and bias array, run the forward pass and the loss;
    #       if the loss is lower than the lowest so far, keep copies of the parameters (.copy(): the next
    #       nudge changes the arrays in place) and the loss; otherwise put copies of the best ones back.
    #       Append the lowest loss so far to lowest_losses every iteration.
    raise NotImplementedError


def numerical_derivative(f, x, h=1e-5):
    """Chapter 7: the slope of f at the number x, by the central difference."""
    # TODO: (f(x + h) - f(x - h)) / (2 * h): a step on both sides of x.
    raise NotImplementedError


def numerical_gradient(f, x, h=1e-5):
    """Chapter 8: the partial derivative of the number f(x) with respect to each element of the array x,
    as an array of x's shape. x holds the same values afterwards."""
    # TODO: for each index of x (np.ndindex(x.shape) gives them all), move that one element up by h,
    #       call f(x), move it down by h, call f(x) again, put the element back, and store the central
    #       difference at that index.
    raise NotImplementedError


def backward_errors(layer, inputs, dvalues, h=1e-5):
    """How far layer.backward(dvalues) is from the numerical gradient of sum(output * dvalues):
    {"dweights": error, "dbiases": error, "dinputs": error}, each the largest difference divided by
    the largest magnitude of the two gradients. The layer's parameters are the same afterwards."""
    # TODO: run layer.forward(inputs) and layer.backward(dvalues). A backward pass given dvalues is the
    #       gradient of np.sum(layer.output * dvalues), so differentiate that number numerically with
    #       respect to the weights, the biases and the inputs: for the weights, numerical_gradient of a
    #       function that gives the layer the array it is given as its weights, with its own biases, runs
    #       layer.forward(inputs) and returns the sum (the same for the biases; for the inputs, the layer's
    #       own weights and biases, and forward the array it is given). Compare each with layer.dweights,
    #       layer.dbiases and layer.dinputs, and leave the layer with its own weights and biases.
    raise NotImplementedError


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
