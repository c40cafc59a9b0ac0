"""Challenge 9: binary outputs and regression (chapters 16 and 17 of the book).

Fill in every TODO, then check your work with:

    grade challenge_9_binary_and_regression

Run this file (python main.py) to print each loss and its gradient on a small example.
"""
import numpy as np


class Activation_Sigmoid:
    """1 / (1 + e^-x) for every value: independent yes/no outputs."""

    def forward(self, inputs):
        # TODO: keep inputs in self.inputs and set self.output to the sigmoid of inputs.
        raise NotImplementedError

    def backward(self, dvalues):
        # TODO: self.dinputs = dvalues times the sigmoid's derivative, computed from self.output.
        raise NotImplementedError


class Activation_Linear:
    """The identity: the output layer of a regression network."""

    def forward(self, inputs):
        # TODO: keep inputs in self.inputs; the output is the inputs.
        raise NotImplementedError

    def backward(self, dvalues):
        # TODO: the gradient passes through unchanged (as a copy).
        raise NotImplementedError


class Loss:
    """What every loss shares: averaging the per-sample losses."""

    def calculate(self, output, y):
        sample_losses = self.forward(output, y)
        return np.mean(sample_losses)


class Loss_BinaryCrossentropy(Loss):
    """-(y log p + (1 - y) log(1 - p)), averaged over each sample's outputs."""

    def forward(self, y_pred, y_true):
        # TODO: clip y_pred to [1e-7, 1 - 1e-7]; return the per-sample losses, each the mean over
        #       that sample's outputs (axis=-1).
        raise NotImplementedError

    def backward(self, dvalues, y_true):
        # TODO: clip dvalues the same way; self.dinputs = -(y_true / dvalues - (1 - y_true) / (1 - dvalues)),
        #       divided by the number of outputs and by the number of samples.
        raise NotImplementedError


class Loss_MeanSquaredError(Loss):
    """The mean of (y - ŷ)² over each sample's outputs."""

    def forward(self, y_pred, y_true):
        # TODO: return the per-sample losses.
        raise NotImplementedError

    def backward(self, dvalues, y_true):
        # TODO: self.dinputs = -2 * (y_true - dvalues), divided by outputs and by samples.
        raise NotImplementedError


class Loss_MeanAbsoluteError(Loss):
    """The mean of |y - ŷ| over each sample's outputs."""

    def forward(self, y_pred, y_true):
        # TODO: return the per-sample losses.
        raise NotImplementedError

    def backward(self, dvalues, y_true):
        # TODO: the derivative of |y - ŷ| with respect to ŷ, divided by outputs and by samples.
        raise NotImplementedError


if __name__ == "__main__":
    y_pred = np.array([[0.9, 0.2], [0.4, 0.7]])
    y_true = np.array([[1.0, 0.0], [0.0, 1.0]])
    for loss in (Loss_BinaryCrossentropy(), Loss_MeanSquaredError(), Loss_MeanAbsoluteError()):
        try:
            value = loss.calculate(y_pred, y_true)
            loss.backward(y_pred, y_true)
            print(f"{type(loss).__name__:24} loss {value:.4f}  dinputs {np.round(loss.dinputs, 4).tolist()}")
        except NotImplementedError:
            print(f"{type(loss).__name__:24} still has TODOs. Fill them in, then run: "
                  "grade challenge_9_binary_and_regression")
