"""Plain NumPy helpers that the challenges' scenarios and specs share.

Scenarios run twice: in the worker, beside the learner's code, and in the
judge. So this module imports nothing but NumPy, and a scenario file imports
it at its top: the worker loads scenario files before it refuses `grader` to
the learner's code, and an import inside a scenario's body would be refused
like a learner's (`grade dev check` says so).
"""
import numpy as np


def softmax(scores):
    """Row-wise softmax of a 2-D batch (samples, classes)."""
    # Subtract each row's max so np.exp cannot overflow.
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def random_probabilities(rng, samples, classes, scale=1.0):
    """A (samples, classes) batch of predicted probabilities: the softmax of normal scores times `scale`."""
    return softmax(rng.standard_normal((samples, classes)) * scale)
