"""Challenge 5: backpropagation (chapter 9 of the book).

The forward passes are written for you. Fill in every backward TODO, then check
your work with:

    grade challenge_5_backprop

Run this file (python main.py) to train the chapter-9 network on the spiral data.
"""
import numpy as np


class Layer_Dense:
    """A layer of neurons, each connected to every input."""

    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        # TODO: set self.dweights (shape of weights), self.dbiases (shape of biases)
        #       and self.dinputs (shape of inputs) from dvalues.
        raise NotImplementedError


class Activation_ReLU:
    """Rectified linear unit: max(0, x) for every value."""

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        # TODO: self.dinputs is dvalues, with 0 wherever the input was not positive.
        #       Do not change dvalues itself.
        raise NotImplementedError


class Activation_Softmax:
    """Turns each row of scores into probabilities that sum to 1."""

    def forward(self, inputs):
        self.inputs = inputs
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues):
        # TODO: for each sample, multiply the Jacobian of its softmax output by its dvalues.
        raise NotImplementedError


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

    def backward(self, dvalues, y_true):
        # TODO: self.dinputs = -y_true / dvalues, divided by the number of samples.
        #       Turn class indices into one-hot rows first.
        raise NotImplementedError


class Activation_Softmax_Loss_CategoricalCrossentropy:
    """Softmax and cross-entropy in one step, for a simpler gradient."""

    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs, y_true):
        # TODO: run the softmax on inputs, keep its output in self.output,
        #       and return the mean loss of that output against y_true.
        raise NotImplementedError

    def backward(self, dvalues, y_true):
        # TODO: self.dinputs = (dvalues - one-hot y_true) / samples, where dvalues is the softmax output.
        #       Do not change dvalues itself.
        raise NotImplementedError


if __name__ == "__main__":
    import nnfs
    from nnfs.datasets import spiral_data

    nnfs.init()
    X, y = spiral_data(samples=100, classes=3)
    dense1 = Layer_Dense(2, 64)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(64, 3)
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    try:
        for epoch in range(2001):
            dense1.forward(X)
            activation1.forward(dense1.output)
            dense2.forward(activation1.output)
            loss = loss_activation.forward(dense2.output, y)
            accuracy = np.mean(np.argmax(loss_activation.output, axis=1) == y)
            if not epoch % 500:
                print(f"epoch: {epoch}, acc: {accuracy:.3f}, loss: {loss:.3f}")

            loss_activation.backward(loss_activation.output, y)
            dense2.backward(loss_activation.dinputs)
            activation1.backward(dense2.dinputs)
            dense1.backward(activation1.dinputs)
            # Plain gradient descent, as chapter 10 begins.
            for layer in (dense1, dense2):
                layer.weights -= 1.0 * layer.dweights
                layer.biases -= 1.0 * layer.dbiases
    except NotImplementedError:
        print("Some methods are still TODOs. Fill them in, then run: grade challenge_5_backprop")
