"""A correct challenge 1 written differently from the solution: @, np.where, np.take_along_axis."""
import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = np.random.randn(n_inputs, n_neurons) / 100
        self.biases = np.zeros(shape=(1, n_neurons), dtype=float)

    def forward(self, inputs):
        self.output = inputs @ self.weights + self.biases


class Activation_ReLU:
    def forward(self, inputs):
        self.output = np.where(inputs > 0, inputs, 0.0)


class Activation_Softmax:
    def forward(self, inputs):
        shifted = inputs - inputs.max(axis=-1, keepdims=True)
        log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        self.output = np.exp(log_probabilities)


class Loss:
    def calculate(self, output, y):
        losses = self.forward(output, y)
        return losses.sum() / losses.size


class Loss_CategoricalCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        labels = y_true.argmax(axis=1) if y_true.ndim == 2 else y_true
        picked = np.take_along_axis(y_pred, labels.reshape(-1, 1), axis=1)[:, 0]
        return -np.log(np.clip(picked, 1e-7, 1 - 1e-7))
