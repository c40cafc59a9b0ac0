"""Validation data and preprocessing (chapters 12 and 13): splits, k-fold cross-validation and
scaling with statistics of the training data only, so nothing of the held-out data leaks in."""
import numpy as np


def shuffle(X, y):
    """X and y in one new random order, each sample still with its label (chapter 19's recipe)."""
    keys = np.array(range(X.shape[0]))
    np.random.shuffle(keys)
    return X[keys], y[keys]


def train_val_test_split(X, y, validation=0.2, test=0.2):
    """Shuffle, then take int(len(X) * test) samples for testing, int(len(X) * validation) for
    validation and the rest for training: (X_train, y_train, X_val, y_val, X_test, y_test)."""
    X, y = shuffle(X, y)
    n_test, n_validation = int(len(X) * test), int(len(X) * validation)
    held_out = n_test + n_validation
    return X[held_out:], y[held_out:], X[n_test:held_out], y[n_test:held_out], X[:n_test], y[:n_test]


def k_fold(n_samples, k):
    """k pairs (train_indices, validation_indices): each index is validated in exactly one fold,
    and the folds' sizes differ by at most one."""
    folds = np.array_split(np.arange(n_samples), k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), fold) for i, fold in enumerate(folds)]


def cross_validate(X, y, k, fit, score):
    """The k scores score(fit(X_train, y_train), X_val, y_val), one per fold of k_fold."""
    return [score(fit(X[train], y[train]), X[validation], y[validation]) for train, validation in k_fold(len(X), k)]


def standardize(X_train, *others):
    """Every array minus the training data's mean, divided by its standard deviation, per feature."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return tuple((X - mean) / std for X in (X_train, *others))


def scale_to_range(X_train, *others):
    """Every array scaled so that the training data spans [-1, 1] in each feature."""
    low, high = X_train.min(axis=0), X_train.max(axis=0)
    return tuple(2 * (X - low) / (high - low) - 1 for X in (X_train, *others))
