"""A correct challenge 3 written differently from the solution: logaddexp, np.maximum, log-softmax."""
import numpy as np


def sigmoid(inputs):
    return np.exp(-np.logaddexp(0.0, -inputs))


def leaky_relu(inputs, alpha=0.01):
    return np.maximum(inputs, 0) + alpha * np.minimum(inputs, 0)


def softmax(inputs):
    shifted = inputs - np.amax(inputs, axis=1)[:, np.newaxis]
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1)[:, np.newaxis]
