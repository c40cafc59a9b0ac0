"""Challenge 8: regularization and dropout (chapters 14 and 15 of the book).

Fill in every TODO, then check your work with:

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
        # TODO: for each penalty whose lambda is above 0, add its gradient to dweights or dbiases:
        #       L1: lambda * (1 where the parameter is >= 0, -1 where it is < 0); L2: 2 * lambda * parameter.
        self.dinputs = np.dot(dvalues, self.weights.T)


class Loss:
    """What every loss shares: the mean of the per-sample losses, and the penalties."""

    def regularization_loss(self, layer):
        # TODO: return the sum of the layer's penalties: lambda * sum(|w|) for L1 and lambda * sum(w * w)
        #       for L2, for weights and for biases, each only when its lambda is above 0.
        raise NotImplementedError

    def calculate(self, output, y):
        sample_losses = self.forward(output, y)
        return np.mean(sample_losses)


class Layer_Dropout:
    """While training, zeroes a random share `rate` of its inputs and scales up the rest."""

    def __init__(self, rate):
        # TODO: keep the share of values to keep, as the book does: self.rate = 1 - rate.
        raise NotImplementedError

    def forward(self, inputs, training=True):
        # The book adds the training argument in chapter 18, with the Model; it is here early so that
        # dropout can be switched off at inference.
        # TODO: keep inputs; without training, the output is a copy of the inputs. Otherwise draw
        #       self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate
        #       and set self.output = inputs * self.binary_mask.
        raise NotImplementedError

    def backward(self, dvalues):
        # TODO: the gradient passes where the forward pass let the value through, scaled the same way.
        raise NotImplementedError


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
