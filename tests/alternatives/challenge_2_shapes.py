"""A correct challenge 2 written differently from the solution: np.atleast_2d, matmul, keyword shapes."""
import numpy as np


def init_params(n_inputs, n_neurons):
    return np.random.randn(n_inputs, n_neurons) * 0.01, np.zeros((1, n_neurons))


def dense_forward(inputs, weights, biases):
    return np.matmul(inputs, weights) + np.reshape(biases, (1, -1))


def forward_from_neuron_rows(inputs, neuron_weights, biases):
    return np.asarray(inputs, dtype=float) @ np.asarray(neuron_weights, dtype=float).T + np.asarray(biases)


def as_batch(x):
    return np.atleast_2d(x)


def two_layer_forward(inputs, w1, b1, w2, b2):
    return (inputs @ w1 + b1) @ w2 + b2
