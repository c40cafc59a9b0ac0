"""Challenge 12: validation data and preprocessing (chapters 12 and 13 of the book).

Write the functions below, then check your work with:

    grade challenge_12_validation_and_preprocessing

Run this file (python main.py) to split the spiral data, scale it, and cross-validate a
nearest-mean classifier.
"""
import numpy as np


def shuffle(X, y):
    """X and y in one new random order, each sample still with its label (chapter 19's recipe)."""
    # TODO: one random order for both: keys = np.array(range(X.shape[0])), np.random.shuffle(keys), then
    #       index X and y with the same keys. Two separate shuffles would part samples from their labels.
    raise NotImplementedError


def train_val_test_split(X, y, validation=0.2, test=0.2):
    """Shuffle, then take int(len(X) * test) samples for testing, int(len(X) * validation) for
    validation and the rest for training: (X_train, y_train, X_val, y_val, X_test, y_test)."""
    # TODO: shuffle first (the data may be sorted by class). Then the first int(len(X) * test) samples are
    #       the test set, the next int(len(X) * validation) the validation set, and the rest the training
    #       set; no sample may be in two of them.
    raise NotImplementedError


def k_fold(n_samples, k):
    """k pairs (train_indices, validation_indices): each index is validated in exactly one fold,
    and the folds' sizes differ by at most one."""
    # TODO: cut np.arange(n_samples) into k folds (np.array_split keeps the sizes within one of each other);
    #       fold i is validated on, and the training indices are every other fold's.
    raise NotImplementedError


def cross_validate(X, y, k, fit, score):
    """The k scores score(fit(X_train, y_train), X_val, y_val), one per fold of k_fold."""
    # TODO: for each (train, validation) of k_fold(len(X), k): model = fit(X[train], y[train]), then
    #       score(model, X[validation], y[validation]). fit must never see the fold it is scored on.
    raise NotImplementedError


def standardize(X_train, *others):
    """Every array minus the training data's mean, divided by its standard deviation, per feature."""
    # TODO: the mean and standard deviation of each feature (axis=0) of X_train only, then
    #       (X - mean) / std for X_train and every other array, returned as a tuple.
    raise NotImplementedError


def scale_to_range(X_train, *others):
    """Every array scaled so that the training data spans [-1, 1] in each feature."""
    # TODO: the minimum and maximum of each feature (axis=0) of X_train only, then
    #       2 * (X - minimum) / (maximum - minimum) - 1 for X_train and every other array, as a tuple.
    raise NotImplementedError


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
