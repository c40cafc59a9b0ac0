# challenge_8_regularization, chapter-15 dropout (no training flag) with an optional rng=None parameter after inputs: judged as the book's chapter-15 code, not given a flag as its rng
"""Challenge 8: regularization and dropout (chapters 14 and 15 of the book).

A solution. Check it with:

    grade challenge_8_regularization

Run this file (python main.py) to see what the penalties and dropout do to a small layer.
"""
import numpy as np


class Layer_Dense:
    """A dense layer with optional L1 and L2 penalties on its weights and biases."""

    def __init__(self, n_inputs, n_neurons,
                 weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l1 = weight_regularizer_l1
        self.weight_regularizer_l2 = weight_regularizer_l2
        self.bias_regularizer_l1 = bias_regularizer_l1
        self.bias_regularizer_l2 = bias_regularizer_l2

    def forward(self, inputs, training=True):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        if self.weight_regularizer_l1 > 0:
            dL1 = np.ones_like(self.weights)
            dL1[self.weights < 0] = -1
            self.dweights += self.weight_regularizer_l1 * dL1
        if self.weight_regularizer_l2 > 0:
            self.dweights += 2 * self.weight_regularizer_l2 * self.weights
        if self.bias_regularizer_l1 > 0:
            dL1 = np.ones_like(self.biases)
            dL1[self.biases < 0] = -1
            self.dbiases += self.bias_regularizer_l1 * dL1
        if self.bias_regularizer_l2 > 0:
            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases
        self.dinputs = np.dot(dvalues, self.weights.T)


class Loss:
    """What every loss shares: the mean of the per-sample losses, and the penalties."""

    def regularization_loss(self, layer):
        regularization_loss = 0
        if layer.weight_regularizer_l1 > 0:
            regularization_loss += layer.weight_regularizer_l1 * np.sum(np.abs(layer.weights))
        if layer.weight_regularizer_l2 > 0:
            regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)
        if layer.bias_regularizer_l1 > 0:
            regularization_loss += layer.bias_regularizer_l1 * np.sum(np.abs(layer.biases))
        if layer.bias_regularizer_l2 > 0:
            regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)
        return regularization_loss

    def calculate(self, output, y):
        sample_losses = self.forward(output, y)
        return np.mean(sample_losses)


class Layer_Dropout:
    """While training, zeroes a random share `rate` of its inputs and scales up the rest."""

    def __init__(self, rate):
        self.rate = 1 - rate

    def forward(self, inputs, rng=None):
        self.inputs = inputs
        rng = np.random if rng is None else rng
        self.binary_mask = rng.binomial(1, self.rate, size=inputs.shape) / self.rate
        self.output = inputs * self.binary_mask

    def backward(self, dvalues):
        self.dinputs = dvalues * self.binary_mask


if __name__ == "__main__":
    np.random.seed(0)
    layer = Layer_Dense(3, 2, weight_regularizer_l1=0.01, weight_regularizer_l2=0.01)
    layer.weights = np.array([[0.5, -1.0], [0.0, 2.0], [-0.3, 0.1]])
    try:
        print("penalty of the weights:", Loss().regularization_loss(layer))
        dropout = Layer_Dropout(0.4)
        dropout.forward(np.ones((2, 8)))
        print("dropout while training:\n", dropout.output)
        dropout.forward(np.ones((2, 8)), training=False)
        print("dropout at inference:\n", dropout.output)
    except NotImplementedError:
        print("Some methods are still TODOs. Fill them in, then run: grade challenge_8_regularization")
