"""Challenge 1: the forward pass (chapters 2 to 5 of the book).

Fill in every TODO, then check your work with:

    grade challenge_1_forward_pass

Run this file (python main.py) to push the book's spiral data through your network.
"""
import numpy as np


class Layer_Dense:
    """A layer of neurons, each connected to every input."""

    def __init__(self, n_inputs, n_neurons):
        # TODO: self.weights, shape (n_inputs, n_neurons), drawn as 0.01 * np.random.randn(...),
        #       and self.biases, zeros of shape (1, n_neurons).
        raise NotImplementedError

    def forward(self, inputs):
        # TODO: self.output = inputs · weights + biases
        raise NotImplementedError


class Activation_ReLU:
    """Rectified linear unit: max(0, x) for every value."""

    def forward(self, inputs):
        # TODO: self.output = max(0, inputs), element by element, without changing inputs.
        raise NotImplementedError


class Activation_Softmax:
    """Turns each row of scores into probabilities that sum to 1."""

    def forward(self, inputs):
        # TODO: exponentiate each row (subtract the row's max first, so np.exp cannot overflow),
        #       then divide by the row's sum. Set self.output.
        raise NotImplementedError


class Loss:
    """What every loss shares: averaging the per-sample losses."""

    def calculate(self, output, y):
        # TODO: return the mean of self.forward(output, y).
        raise NotImplementedError


class Loss_CategoricalCrossentropy(Loss):
    """-log of the probability the model gave to the true class."""

    def forward(self, y_pred, y_true):
        # TODO: clip y_pred to [1e-7, 1 - 1e-7]; pick each sample's probability of its true class
        #       (y_true holds class indices, shape (n,), or one-hot rows, shape (n, k));
        #       return the per-sample losses, -log(probability).
        raise NotImplementedError


if __name__ == "__main__":
    import nnfs
    from nnfs.datasets import spiral_data

    nnfs.init()
    X, y = spiral_data(samples=100, classes=3)
    try:
        dense1 = Layer_Dense(2, 3)
        activation1 = Activation_ReLU()
        dense2 = Layer_Dense(3, 3)
        activation2 = Activation_Softmax()
        loss_function = Loss_CategoricalCrossentropy()

        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        print(activation2.output[:5])
        print("loss:", loss_function.calculate(activation2.output, y))  # the book prints 1.0986104
    except NotImplementedError:
        print("Some methods are still TODOs. Fill them in, then run: grade challenge_1_forward_pass")
