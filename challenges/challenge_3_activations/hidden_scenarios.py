"""Scenarios of the hidden checks: inputs learners do not see in advance."""
import numpy as np


def softmax_single_row(nn, rng):
    inputs = rng.standard_normal((1, 5)).astype(np.float32) * 4
    return {"inputs": inputs, "output": nn.softmax(inputs.copy())}
