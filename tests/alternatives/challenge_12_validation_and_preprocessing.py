"""Challenge 12: validation data and preprocessing (chapters 12 and 13 of the book).

A correct challenge 12 written differently from the solution: permutations, masks and
np.split. Check it with:

    grade challenge_12_validation_and_preprocessing

Run this file (python main.py) to split the spiral data, scale it, and cross-validate a
nearest-mean classifier.
"""
import numpy as np


def shuffle(X, y):
    """One permutation, applied to both."""
    order = np.random.permutation(len(X))
    return X[order], y[order]


def train_val_test_split(X, y, validation=0.2, test=0.2):
    """Index arrays cut from one permutation: test first, then validation, then training."""
    order = np.random.permutation(len(X))
    n_test, n_validation = int(len(X) * test), int(len(X) * validation)
    test_keys, validation_keys, train_keys = np.split(order, [n_test, n_test + n_validation])
    return X[train_keys], y[train_keys], X[validation_keys], y[validation_keys], X[test_keys], y[test_keys]


def k_fold(n_samples, k):
    """Fold i validates on the indices whose position falls in its share of range(n_samples): the first
    n_samples % k folds hold one more, as np.array_split's do."""
    sizes = [n_samples // k + (i < n_samples % k) for i in range(k)]
    bounds = [sum(sizes[:i]) for i in range(k + 1)]
    indices = list(range(n_samples))
    return [(indices[:bounds[i]] + indices[bounds[i + 1]:], indices[bounds[i]:bounds[i + 1]]) for i in range(k)]


def cross_validate(X, y, k, fit, score):
    """A loop over k_fold with boolean masks."""
    scores = []
    for _, validation in k_fold(len(X), k):
        held_out = np.zeros(len(X), dtype=bool)
        held_out[validation] = True
        model = fit(X[~held_out], y[~held_out])
        scores.append(score(model, X[held_out], y[held_out]))
    return np.array(scores)


def _scaled(X_train, others, low, span):
    return tuple((X - low) / span for X in (X_train, *others))


def standardize(X_train, *others):
    """Standardised with np.mean and np.std of the training columns."""
    return _scaled(X_train, others, np.mean(X_train, axis=0, keepdims=True), np.std(X_train, axis=0, keepdims=True))


def scale_to_range(X_train, *others):
    """Scaled onto [0, 1] by the training columns' range, then stretched onto [-1, 1]."""
    low, high = np.min(X_train, axis=0), np.max(X_train, axis=0)
    return tuple(unit * 2 - 1 for unit in _scaled(X_train, others, low, high - low))


def _fit_class_means(X, y):
    """A tiny classifier for the demonstration: the mean point of each class."""
    return np.array([X[y == label].mean(axis=0) for label in range(int(y.max()) + 1)])


def _accuracy(means, X, y):
    distances = ((X[:, None, :] - means[None, :, :]) ** 2).sum(axis=2)
    return np.mean(np.argmin(distances, axis=1) == y)


if __name__ == "__main__":
    from nnfs.datasets import spiral_data

    np.random.seed(0)
    X, y = spiral_data(samples=100, classes=3)
    try:
        X_train, y_train, X_val, y_val, X_test, y_test = train_val_test_split(X, y, validation=0.2, test=0.2)
        print("training, validation, test:", len(X_train), len(X_val), len(X_test))
        X_train, X_val, X_test = standardize(X_train, X_val, X_test)
        print("training mean after standardising:", X_train.mean(axis=0).round(6))
        scores = cross_validate(X_train, y_train, 5, _fit_class_means, _accuracy)
        print("5-fold accuracies of a nearest-mean classifier:", np.round(scores, 3))
    except NotImplementedError:
        print("Some functions are still TODOs. Fill them in, then run: "
              "grade challenge_12_validation_and_preprocessing")
