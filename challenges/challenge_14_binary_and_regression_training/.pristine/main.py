"""Challenge 14: binary and regression training (chapters 16 and 17 of the book).

The layers, losses and Adam are given. Write the five functions below, then check your work with:

    grade challenge_14_binary_and_regression_training

Run this file (python main.py) to train on the book's spiral and sine data, then on scikit-learn's
breast cancer and diabetes data.
"""
import importlib.util
import os

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

    def forward(self, inputs):
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


class Activation_ReLU:
    """Rectified linear unit: max(0, x) for every value."""

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


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
        self.dinputs = dvalues.copy()


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


class Loss_BinaryCrossentropy(Loss):
    """-(y log p + (1 - y) log(1 - p)), averaged over each sample's outputs."""

    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        sample_losses = -(y_true * np.log(y_pred_clipped) + (1 - y_true) * np.log(1 - y_pred_clipped))
        return np.mean(sample_losses, axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)) / outputs
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


class Optimizer_Adam:
    """Momentum and RMSProp together, with both averages corrected for starting at zero."""

    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)

        layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights
        layer.bias_momentums = self.beta_1 * layer.bias_momentums + (1 - self.beta_1) * layer.dbiases
        # Both averages start at zero; dividing by 1 - beta^t undoes that bias.
        weight_momentums_corrected = layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        bias_momentums_corrected = layer.bias_momentums / (1 - self.beta_1 ** (self.iterations + 1))

        layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2) * layer.dweights ** 2
        layer.bias_cache = self.beta_2 * layer.bias_cache + (1 - self.beta_2) * layer.dbiases ** 2
        weight_cache_corrected = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))
        bias_cache_corrected = layer.bias_cache / (1 - self.beta_2 ** (self.iterations + 1))

        layer.weights += -self.current_learning_rate * weight_momentums_corrected / (np.sqrt(weight_cache_corrected) + self.epsilon)
        layer.biases += -self.current_learning_rate * bias_momentums_corrected / (np.sqrt(bias_cache_corrected) + self.epsilon)

    def post_update_params(self):
        self.iterations += 1


def binary_accuracy(output, y):
    """The share of sigmoid outputs (n, 1) on the right side of 0.5 for targets y (n, 1) of 0 and 1."""
    # TODO: predictions = (output > 0.5) * 1, then the mean of predictions == y.
    raise NotImplementedError


def regression_accuracy(output, y):
    """The share of outputs (n, 1) that lie closer than np.std(y) / 250 to their targets y (n, 1)."""
    # TODO: accuracy_precision = np.std(y) / 250 (the targets' spread, not the outputs'), then the mean of
    #       np.absolute(output - y) < accuracy_precision.
    raise NotImplementedError


def train_binary(X, y, steps=10001):
    """Train chapter 16's network on X (n, features) and labels y (n,) of 0 and 1 for `steps` steps:
    Layer_Dense(features, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4), ReLU,
    Layer_Dense(64, 1), sigmoid, binary cross-entropy, Optimizer_Adam(decay=5e-7).

    Returns (predict, losses): predict(inputs) gives the sigmoid's outputs (n, 1), and losses holds each
    step's data loss plus regularisation loss.
    """
    # TODO: reshape y into a column first (y.reshape(-1, 1)): the loss compares it with outputs of shape (n, 1).
    #       Build the layers, the activations, the loss and the optimizer; for each step, the forward pass, the
    #       data loss plus the regularisation loss of both layers, the backward pass in reverse order, and the
    #       optimizer's three calls. Then define predict(inputs), which only runs the forward pass, and return
    #       (predict, losses).
    raise NotImplementedError


def train_regression(X, y, steps=10001):
    """Train chapter 17's network on X (n, features) and targets y (n, 1) for `steps` steps:
    Layer_Dense(features, 64), ReLU, Layer_Dense(64, 64), ReLU, Layer_Dense(64, 1), linear output,
    mean squared error, Optimizer_Adam(learning_rate=0.005, decay=1e-3); every dense layer's weights
    start at 0.1 * np.random.randn(n_inputs, n_neurons).

    Returns (predict, losses): predict(inputs) gives the outputs (n, 1), and losses holds each step's loss.
    """
    # TODO: build the layers, then give each dense layer new weights, 0.1 * np.random.randn(n_inputs, n_neurons).
    #       Then train as train_binary does (without regularisation loss), with three dense layers to update,
    #       and return (predict, losses).
    raise NotImplementedError


def split_and_standardize(X, y, test=0.2, scale_targets=False):
    """Shuffle X and y together, keep int(len(X) * test) samples for testing and the rest for training,
    then standardise the features (and the targets, when scale_targets) with the mean and standard
    deviation of the training samples alone.

    Returns (X_train, y_train, X_test, y_test), with the targets as columns (n, 1).
    """
    # TODO: keys = np.array(range(X.shape[0])), np.random.shuffle(keys), and index X and y (as a column) with them.
    #       The first int(len(X) * test) samples are the test set, the rest the training set. Compute the mean
    #       and standard deviation of each feature (axis=0) of X_train alone and apply them to both sets; with
    #       scale_targets, do the same for y with y_train's mean and standard deviation.
    raise NotImplementedError


def _bundled(name):
    """One of the data files that ship inside scikit-learn. Reading it directly, as load_breast_cancer and
    load_diabetes do, spares importing sklearn.datasets, which imports SciPy and takes longer than training."""
    spec = importlib.util.find_spec("sklearn")
    return os.path.join(spec.submodule_search_locations[0], "datasets", "data", name)


def load_breast_cancer_data():
    """X (569, 30) measurements of breast tumours and y (569,): 1 benign, 0 malignant."""
    table = np.loadtxt(_bundled("breast_cancer.csv"), delimiter=",", skiprows=1)
    return table[:, :-1], table[:, -1].astype(int)


def load_diabetes_data():
    """X (442, 10) raw measurements of diabetes patients and y (442,), the disease's progression a year
    later; raw, because scikit-learn's scaled version uses the statistics of every sample, test ones too."""
    return np.loadtxt(_bundled("diabetes_data_raw.csv.gz")), np.loadtxt(_bundled("diabetes_target.csv.gz"))


if __name__ == "__main__":
    from nnfs.datasets import sine_data, spiral_data

    np.random.seed(0)
    try:
        X, y = spiral_data(samples=100, classes=2)
        predict, losses = train_binary(X, y, steps=2001)
        X_test, y_test = spiral_data(samples=100, classes=2)
        print(f"spiral, 2 classes: loss {losses[0]:.3f} -> {losses[-1]:.3f}, validation accuracy "
              f"{binary_accuracy(predict(X_test), y_test.reshape(-1, 1)):.3f}")
        X, y = sine_data()
        predict, losses = train_regression(X, y, steps=1001)
        print(f"sine: loss {losses[0]:.4f} -> {losses[-1]:.6f}, accuracy {regression_accuracy(predict(X), y):.3f}")

        X_train, y_train, X_test, y_test = split_and_standardize(*load_breast_cancer_data())
        predict, losses = train_binary(X_train, y_train, steps=200)
        print(f"breast cancer: test accuracy {binary_accuracy(predict(X_test), y_test):.3f}")
        X_train, y_train, X_test, y_test = split_and_standardize(*load_diabetes_data(), scale_targets=True)
        predict, losses = train_regression(X_train, y_train, steps=20)
        print(f"diabetes: test mean squared error {np.mean((predict(X_test) - y_test) ** 2):.3f} "
              "(in standard deviations of the targets; 1 for always guessing the mean)")
    except NotImplementedError:
        print("Some functions are still TODOs. Fill them in, then run: "
              "grade challenge_14_binary_and_regression_training")
