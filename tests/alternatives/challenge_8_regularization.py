"""A correct challenge 8 written differently from the solution: np.where for L1, a boolean mask for dropout."""
import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons, weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l1, self.weight_regularizer_l2 = weight_regularizer_l1, weight_regularizer_l2
        self.bias_regularizer_l1, self.bias_regularizer_l2 = bias_regularizer_l1, bias_regularizer_l2

    def forward(self, inputs, training=True):
        self.inputs = inputs
        self.output = inputs @ self.weights + self.biases

    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues + self._penalty(self.weights, self.weight_regularizer_l1,
                                                                self.weight_regularizer_l2)
        self.dbiases = dvalues.sum(axis=0, keepdims=True) + self._penalty(self.biases, self.bias_regularizer_l1,
                                                                          self.bias_regularizer_l2)
        self.dinputs = dvalues @ self.weights.T

    @staticmethod
    def _penalty(parameters, l1, l2):
        return l1 * np.where(parameters < 0, -1.0, 1.0) + 2 * l2 * parameters


class Loss:
    def regularization_loss(self, layer):
        return (layer.weight_regularizer_l1 * np.abs(layer.weights).sum()
                + layer.weight_regularizer_l2 * np.square(layer.weights).sum()
                + layer.bias_regularizer_l1 * np.abs(layer.biases).sum()
                + layer.bias_regularizer_l2 * np.square(layer.biases).sum())


class Layer_Dropout:
    def __init__(self, rate):
        self.rate = 1 - rate

    def forward(self, inputs, training=True):
        if not training:
            self.output = np.array(inputs, copy=True)
            return
        keep = np.random.random_sample(inputs.shape) < self.rate
        self.binary_mask = keep / self.rate
        self.output = inputs * self.binary_mask

    def backward(self, dvalues):
        self.dinputs = dvalues * self.binary_mask
