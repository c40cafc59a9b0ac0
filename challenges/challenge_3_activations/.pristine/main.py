"""Challenge 3: activation functions (chapter 4 of the book).

Fill in every TODO, then check your work with:

    grade challenge_3_activations

Run this file (python main.py) to print each function on a few values.
"""
import numpy as np


def sigmoid(inputs):
    """1 / (1 + e^-x) for every value, for an array of any shape."""
    # TODO: return the sigmoid of inputs.
    raise NotImplementedError


def leaky_relu(inputs, alpha=0.01):
    """x where x > 0, alpha * x elsewhere, for an array of any shape."""
    # TODO: return the leaky ReLU of inputs, using alpha.
    raise NotImplementedError


def softmax(inputs):
    """Each row of a 2-D batch turned into probabilities that sum to 1."""
    # TODO: subtract each row's max, exponentiate, and divide by each row's sum.
    raise NotImplementedError


if __name__ == "__main__":
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])
    try:
        print("sigmoid:   ", sigmoid(x))
        print("leaky_relu:", leaky_relu(x))
        print("softmax:   ", softmax(x), "sums to", np.sum(softmax(x)))
    except NotImplementedError:
        print("Some functions are still TODOs. Fill them in, then run: grade challenge_3_activations")
