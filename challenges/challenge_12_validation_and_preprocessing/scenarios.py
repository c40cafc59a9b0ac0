"""What each check runs on an implementation `nn`: the learner's file or the reference.

Every sample carries its own id in its first feature, so the checks can tell which
samples went where; the labels are sorted by class, as the book's spiral data are.
"""
import numpy as np

from grader.scenario_helpers import raised_by, returned_or_raised


def _floats(values):
    """A list of numbers as an array; anything else as it came, for the check to describe."""
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return values


def _sorted_data(rng, n):
    """X of shape (n, 3) whose first column is the sample's id, and labels 0, 1, 2 in sorted blocks."""
    X = np.column_stack([np.arange(n, dtype=float), rng.standard_normal((n, 2))])
    return X, np.arange(n) * 3 // n


def shuffle(nn, rng):
    X, y = _sorted_data(rng, 30)
    given_X, given_y = X.copy(), y.copy()
    out = nn.shuffle(given_X, given_y)
    after = [np.random.random()]
    # A second call on the same data: a shuffle that seeds the generator itself gives the first call's order again.
    again = nn.shuffle(X.copy(), y.copy())
    after.append(np.random.random())
    # Two calls after the same seed: a shuffle that draws from a generator of its own gives two orders.
    seeded = []
    for _ in range(2):
        np.random.seed(12)
        seeded.append(nn.shuffle(X.copy(), y.copy()))
    return {"X": X, "y": y, "out": out, "X_after": given_X, "y_after": given_y, "again": again,
            "seeded": seeded[0], "seeded_again": seeded[1], "reseeds": _reseeds(after)}


def _reseeds(after):
    """Whether NumPy's generator drew the same number after each of two calls: each call seeded it alike (a call
    that leaves it alone, or draws from it, moves it on)."""
    return bool(after[0] == after[1])


def split(nn, rng):
    found = {}
    for n, validation, test in ((50, 0.2, 0.2), (53, 0.1, 0.3)):
        X, y = _sorted_data(rng, n)
        found[f"{n}"] = {"X": X, "y": y, "validation": validation, "test": test,
                         "out": nn.train_val_test_split(X.copy(), y.copy(), validation=validation, test=test)}
    X, y = _sorted_data(rng, 20)
    given_X, given_y = X.copy(), y.copy()
    out = nn.train_val_test_split(given_X, given_y)
    after = [np.random.random()]
    # A second call on the same data: a split that seeds the generator itself gives the same sets.
    again = nn.train_val_test_split(X.copy(), y.copy())
    after.append(np.random.random())
    found["20"] = {"X": X, "y": y, "validation": 0.2, "test": 0.2, "out": out, "again": again,
                   # What the caller holds after the first call: a split that shuffles in place reorders it.
                   "X_after": given_X, "y_after": given_y, "reseeds": _reseeds(after)}
    # Nothing held out for one of the sets, where X[-n:] and X[a:-n] with n = 0 are all of X and nothing; a
    # validation share past a half sample (15.9), where round(...) and int(...) differ; and 14 samples, whose
    # validation share of what the test set left, rescaled, int(12 * 0.2 / 0.8), is 3 where int(14 * 0.2) is 2.
    for key, validation, test in (("20_without_test", 0.2, 0.0), ("20_without_validation", 0.0, 0.2),
                                  ("53_mostly_validation", 0.3, 0.1), ("14", 0.2, 0.2)):
        X, y = _sorted_data(rng, int(key.partition("_")[0]))
        found[key] = {"X": X, "y": y, "validation": validation, "test": test,
                      "out": nn.train_val_test_split(X.copy(), y.copy(), validation=validation, test=test)}
    return found


def _index_arrays(folds):
    """Each fold's two index collections as integer arrays (lists are as good); anything else as it came."""
    try:
        return [[np.asarray(part, dtype=int) for part in fold] for fold in folds]
    except (TypeError, ValueError):
        return folds


def k_fold(nn, rng):
    return {"23_by_5": _index_arrays(nn.k_fold(23, 5)), "20_by_4": _index_arrays(nn.k_fold(20, 4))}


def _labels(y):
    """The labels fit or score was given, as a list of numbers; None for anything that is not a flat array of them."""
    try:
        return np.asarray(y, dtype=float).ravel().tolist()
    except (TypeError, ValueError):
        return None


def cross_validate(nn, rng):
    """Each sample's label is its id too, so the checks can tell whether fit and score got their rows' own labels."""
    X, _ = _sorted_data(rng, 22)
    y = np.arange(len(X))
    fitted, scored, fit_labels, score_labels = [], [], [], []

    def fit(X_train, y_train):
        fitted.append(np.asarray(X_train)[:, 0].tolist())
        fit_labels.append(_labels(y_train))
        return len(fitted)

    def score(model, X_val, y_val):
        scored.append(np.asarray(X_val)[:, 0].tolist())
        score_labels.append(_labels(y_val))
        return float(model) + 0.5

    scores = nn.cross_validate(X.copy(), y.copy(), 4, fit, score)
    # Another number of folds: a k written into the code shows.
    fitted_again = []
    try:
        nn.cross_validate(X.copy(), y.copy(), 5, lambda X_train, y_train: fitted_again.append(1) or 0.0,
                          lambda model, X_val, y_val: 0.0)
        fits = len(fitted_again)
    except Exception as exc:  # noqa: BLE001  (the check says what 5 folds raised)
        fits = raised_by(nn, exc)
    return {"scores": _floats(scores), "fitted": fitted, "scored": scored, "fit_labels": fit_labels,
            "score_labels": score_labels, "fits_of_5_folds": fits}


def _features(rng):
    """Training features, and held-out ones drawn from a shifted distribution: statistics of all the
    data differ clearly from statistics of the training data alone."""
    scale, centre = np.array([1.0, 4.0, 0.5]), np.array([2.0, -3.0, 10.0])
    X_train = rng.standard_normal((40, 3)) * scale + centre
    X_val = rng.standard_normal((15, 3)) * scale + centre + 5
    X_test = rng.standard_normal((10, 3)) * scale + centre - 4
    return X_train, X_val, X_test


def _scaled(nn, name, rng):
    """The function `name` on the training, validation and test features, then on two of them and on X_train
    alone: it takes any number of arrays after X_train. What a call with fewer raised is kept as its answer."""
    arrays = _features(rng)
    given = [a.copy() for a in arrays]
    scale = getattr(nn, name)
    found = {"arrays": list(arrays), "out": scale(*given), "after": given}
    for key, count in (("two", 2), ("one", 1)):
        found[key] = returned_or_raised(nn, scale, *(a.copy() for a in arrays[:count]))
    # Other data: statistics kept from an earlier call show.
    other = [array * 2 + 1 for array in arrays[:2]]
    found["other_arrays"] = other
    found["other"] = returned_or_raised(nn, scale, *(a.copy() for a in other))
    return found


def standardize(nn, rng):
    return _scaled(nn, "standardize", rng)


def scale_to_range(nn, rng):
    return _scaled(nn, "scale_to_range", rng)
