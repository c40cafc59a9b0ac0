"""A correct challenge 4 written differently from the solution: take_along_axis, count_nonzero."""
import numpy as np


def _labels(y_true):
    return np.argmax(y_true, axis=1) if y_true.ndim == 2 else y_true


def accuracy(y_pred, y_true):
    return np.count_nonzero(np.argmax(y_pred, axis=1) == _labels(y_true)) / len(y_pred)


def correct_confidences(y_pred, y_true):
    return np.take_along_axis(y_pred, _labels(y_true)[:, None], axis=1).ravel()


def categorical_cross_entropy(y_pred, y_true):
    return float(np.mean(-np.log(np.clip(correct_confidences(y_pred, y_true), 1e-7, 1 - 1e-7))))
