"""challenge_9_binary_and_regression, mistake: Activation_Linear.backward sets self.dinputs = dvalues, no copy; the network it is part of trains alike"""
import numpy as np


class Activation_Sigmoid:
    """1 / (1 + e^-x) for every value: independent yes/no outputs."""

    def forward(self, inputs):
        self.inputs = inputs
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


class Activation_Linear:
    """The identity: the output layer of a regression network."""

    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs

    def backward(self, dvalues):
        self.dinputs = dvalues


class Loss:
    """What every loss shares: averaging the per-sample losses."""

    def calculate(self, output, y):
        sample_losses = self.forward(output, y)
        return np.mean(sample_losses)


class Loss_BinaryCrossentropy(Loss):
    """-(y log p + (1 - y) log(1 - p)), averaged over each sample's outputs."""

    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        sample_losses = -(y_true * np.log(y_pred_clipped)
                          + (1 - y_true) * np.log(1 - y_pred_clipped))
        return np.mean(sample_losses, axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -(y_true / clipped_dvalues
                         - (1 - y_true) / (1 - clipped_dvalues)) / outputs
        self.dinputs = self.dinputs / samples


class Loss_MeanSquaredError(Loss):
    """The mean of (y - ŷ)² over each sample's outputs."""

    def forward(self, y_pred, y_true):
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        self.dinputs = -2 * (y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples


class Loss_MeanAbsoluteError(Loss):
    """The mean of |y - ŷ| over each sample's outputs."""

    def forward(self, y_pred, y_true):
        return np.mean(np.abs(y_true - y_pred), axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        # d|y - p|/dp is sign(p - y); the book prints sign(y_true - dvalues), with the sign flipped.
        self.dinputs = np.sign(dvalues - y_true) / outputs
        self.dinputs = self.dinputs / samples


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
