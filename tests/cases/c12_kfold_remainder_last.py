# challenge_12_validation_and_preprocessing, wrong: k_fold makes folds of n // k samples and puts the remainder in the last fold
"""Challenge 12: validation data and preprocessing (chapters 12 and 13 of the book).

A solution. Check it with:

    grade challenge_12_validation_and_preprocessing

Run this file (python main.py) to split the spiral data, scale it, and cross-validate a
nearest-mean classifier.
"""
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
    indices = np.arange(n_samples)
    size = n_samples // k
    result = []
    for i in range(k):
        end = (i + 1) * size if i < k - 1 else n_samples
        validation = indices[i * size:end]
        train = np.concatenate([indices[:i * size], indices[end:]])
        result.append((train, validation))
    return result



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
