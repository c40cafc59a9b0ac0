"""The book's operations as plain functions, for the function-style challenges (2 to 4).

Each is built from the reference classes where the book has one.
"""
import numpy as np

from reference.activations import Activation_Sigmoid, Activation_Softmax
from reference.layers import Layer_Dense
from reference.losses import Loss_CategoricalCrossentropy


def _forward(layer, inputs):
    layer.forward(inputs)
    return layer.output


def init_params(n_inputs, n_neurons):
    layer = Layer_Dense(n_inputs, n_neurons)
    return layer.weights, layer.biases


def dense_forward(inputs, weights, biases):
    return np.dot(inputs, weights) + biases


def forward_from_neuron_rows(inputs, neuron_weights, biases):
    # Chapter 3 keeps one row per neuron, so the weights are transposed here.
    return np.dot(np.array(inputs), np.array(neuron_weights).T) + biases


def as_batch(x):
    x = np.asarray(x)
    return x.reshape(1, -1) if x.ndim == 1 else x


def two_layer_forward(inputs, w1, b1, w2, b2):
    return dense_forward(dense_forward(inputs, w1, b1), w2, b2)


def sigmoid(inputs):
    with np.errstate(over="ignore"):
        return _forward(Activation_Sigmoid(), inputs)


def leaky_relu(inputs, alpha=0.01):
    return np.where(inputs > 0, inputs, alpha * inputs)


def softmax(inputs):
    return _forward(Activation_Softmax(), inputs)


def _class_indices(y_true):
    return np.argmax(y_true, axis=1) if len(y_true.shape) == 2 else y_true


def accuracy(y_pred, y_true):
    return np.mean(np.argmax(y_pred, axis=1) == _class_indices(y_true))


def correct_confidences(y_pred, y_true):
    return y_pred[range(len(y_pred)), _class_indices(y_true)]


def categorical_cross_entropy(y_pred, y_true):
    return Loss_CategoricalCrossentropy().calculate(y_pred, y_true)
