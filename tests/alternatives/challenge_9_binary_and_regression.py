"""A correct challenge 9 written differently from the solution: np.where, np.abs derivatives, shapes from .shape."""
import numpy as np


class Activation_Sigmoid:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.where(inputs >= 0, 1 / (1 + np.exp(-np.abs(inputs))),
                               np.exp(-np.abs(inputs)) / (1 + np.exp(-np.abs(inputs))))

    def backward(self, dvalues):
        # The output again, another way: equal to forward's to a rounding.
        self.output = 0.5 * (1.0 + np.tanh(self.inputs / 2.0))
        self.dinputs = dvalues * self.output * (1.0 - self.output)


class Activation_Linear:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.array(inputs, copy=True)

    def backward(self, dvalues):
        self.dinputs = np.array(dvalues, copy=True)


class Loss:
    def calculate(self, output, y):
        return float(np.mean(self.forward(output, y)))


class Loss_BinaryCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        p = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return -np.mean(np.where(y_true == 1, np.log(p), 0) + np.where(y_true == 0, np.log(1 - p), 0), axis=-1)

    def backward(self, dvalues, y_true):
        p = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = (p - y_true) / (p * (1 - p)) / dvalues.size


class Loss_MeanSquaredError(Loss):
    def forward(self, y_pred, y_true):
        return np.square(y_pred - y_true).mean(axis=-1)

    def backward(self, dvalues, y_true):
        self.dinputs = 2 * (dvalues - y_true) / dvalues.size


class Loss_MeanAbsoluteError(Loss):
    def forward(self, y_pred, y_true):
        return np.abs(y_pred - y_true).mean(axis=-1)

    def backward(self, dvalues, y_true):
        self.dinputs = np.sign(dvalues - y_true) / dvalues.size
