"""Challenge 3: activation functions (chapter 4 of the book).

A solution. Check it with:

    grade challenge_3_activations

Run this file (python main.py) to print each function on a few values.
"""
import numpy as np


def sigmoid(inputs):
    """1 / (1 + e^-x) for every value, for an array of any shape."""
    # For large negative inputs e^-x overflows to inf and 1 / inf is 0: the right answer.
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-inputs))


def leaky_relu(inputs, alpha=0.01):
    """x where x > 0, alpha * x elsewhere, for an array of any shape."""
    return np.where(inputs > 0, inputs, alpha * inputs)


def softmax(inputs):
    """Each row of a 2-D batch turned into probabilities that sum to 1."""
    exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
    return exp_values / np.sum(exp_values, axis=1, keepdims=True)


if __name__ == "__main__":
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])
    try:
        print("sigmoid:   ", sigmoid(x))
        print("leaky_relu:", leaky_relu(x))
        print("softmax:   ", softmax(x), "sums to", np.sum(softmax(x)))
    except NotImplementedError:
        print("Some functions are still TODOs. Fill them in, then run: grade challenge_3_activations")
