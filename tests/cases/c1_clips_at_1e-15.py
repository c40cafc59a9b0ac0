"""challenge_1_forward_pass, mistake: Loss_CategoricalCrossentropy.forward clips the predictions to [1e-15, 1 - 1e-15], not the book's [1e-7, 1 - 1e-7]"""
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
        y_pred_clipped = np.clip(y_pred, 1e-15, 1 - 1e-15)
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[range(samples), y_true]
        else:
            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)
        return -np.log(correct_confidences)


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
