"""Challenge 4: loss debugging (chapter 5 of the book).

A solution. Check it with:

    grade challenge_4_loss_debug
"""
import numpy as np


def accuracy(y_pred, y_true):
    """The fraction of samples whose most likely class is the true class."""
    if len(y_true.shape) == 2:
        y_true = np.argmax(y_true, axis=1)
    predictions = np.argmax(y_pred, axis=1)
    return np.mean(predictions == y_true)


def correct_confidences(y_pred, y_true):
    """Each sample's predicted probability of its true class, shape (n,)."""
    if len(y_true.shape) == 2:
        return np.sum(y_pred * y_true, axis=1)
    return y_pred[range(len(y_pred)), y_true]


def categorical_cross_entropy(y_pred, y_true):
    """The mean of -log(probability of the true class) over the samples."""
    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
    return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))

if __name__ == "__main__":
    y_pred = np.array([[0.7, 0.1, 0.2],
                       [0.1, 0.5, 0.4],
                       [0.02, 0.9, 0.08],
                       [0.1, 0.2, 0.7],
                       [0.0, 0.6, 0.4]])
    y_true = np.array([0, 2, 1, 2, 0])
    print("accuracy:", accuracy(y_pred, y_true), "(by hand: 3 of 5 correct, 0.6)")
    print("correct_confidences:", correct_confidences(y_pred, y_true), "(by hand: 0.7, 0.4, 0.9, 0.7, 0.0)")
    print("categorical_cross_entropy:", categorical_cross_entropy(y_pred, y_true),
          "(by hand, the probability of 0 clipped to 1e-7: 3.5706)")
