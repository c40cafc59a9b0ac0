"""What each check runs on an implementation `nn`: the learner's file or the reference."""
import numpy as np

from grader.scenario_helpers import raised_by, random_probabilities, returned_or_raised


def _batch(rng):
    y_pred = random_probabilities(rng, 8, 3, scale=1.5)
    # Some samples are labelled with a class the model did not favour.
    y_true = np.argmax(y_pred, axis=1)
    y_true[::3] = (y_true[::3] + 1) % 3
    return y_pred, y_true


def _call(function, y_pred, y_true):
    given, targets = y_pred.copy(), y_true.copy()
    return {"y_pred": y_pred, "y_true": y_true, "result": function(given, targets), "given_after": given,
            "targets_after": targets}


def _accuracy(nn, y_pred, y_true):
    """_call of accuracy; where it raised a ValueError of shapes that do not meet (8 samples against 3 classes), that
    instead, as "raised", for the check to say which axis was meant."""
    try:
        return {**_call(nn.accuracy, y_pred, y_true), "raised": None}
    except ValueError as exc:
        if "shapes" not in str(exc):
            raise
        return {"y_pred": y_pred, "y_true": y_true, "result": None, "given_after": None, "targets_after": None,
                "raised": raised_by(nn, exc)}


def _wide(rng):
    """5 samples of 4 classes: a class count written into the code shows."""
    return random_probabilities(rng, 5, 4, scale=1.5), np.array([3, 0, 2, 3, 1])


def _on_wide(nn, function, rng):
    """`function` of _wide's batch, or what it raised."""
    return returned_or_raised(nn, function, *_wide(rng))


# Every row's most likely class is its label (accuracy 1), the largest value of all is at flat index 1, half the
# labels are 1, and one row's largest probability is 1.0, its label: np.argmax without an axis gives 0.5, np.max of
# each row 0.25 and a // of the matches 1, where the main batch gives those three mistakes the same 0.
TELLING = (np.array([[0.0, 1.0, 0.0], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7]]), np.array([1, 1, 0, 2]))


def accuracy_sparse(nn, rng):
    result = _accuracy(nn, *_batch(rng))
    return {**result, "wide": _on_wide(nn, nn.accuracy, rng) if result["raised"] is None else None,
            "telling": returned_or_raised(nn, nn.accuracy, *(part.copy() for part in TELLING))}


def _on_wide_onehot(nn, function, rng):
    """`function` of _wide's batch with one-hot targets, or what it raised."""
    y_pred, labels = _wide(rng)
    return returned_or_raised(nn, function, y_pred, np.eye(4)[labels])


def accuracy_onehot(nn, rng):
    y_pred, labels = _batch(rng)
    result = _accuracy(nn, y_pred, np.eye(3)[labels])
    # TELLING's one-hot rows, whose flattened argmax (1) is the prediction of half of them: np.argmax without an axis
    # shows there where the main batch's share of predictions of one class may be its accuracy too.
    telling_pred, telling_true = TELLING[0], np.eye(3)[TELLING[1]]
    return {**result, "wide": _on_wide_onehot(nn, nn.accuracy, rng) if result["raised"] is None else None,
            "integers": returned_or_raised(nn, nn.accuracy, y_pred.copy(), np.eye(3, dtype=int)[labels]),
            "telling_pred": telling_pred, "telling_true": telling_true,
            "telling": returned_or_raised(nn, nn.accuracy, telling_pred.copy(), telling_true.copy())}


def confidences_sparse(nn, rng):
    y_pred, y_true = _batch(rng)
    # The same batch with one-hot targets, which may raise where that branch is still to write (its own check says
    # so): y_pred *= y_true would write into y_pred only there.
    given = y_pred.copy()
    return {**_call(nn.correct_confidences, y_pred, y_true), "wide": _on_wide(nn, nn.correct_confidences, rng),
            "one": returned_or_raised(nn, nn.correct_confidences, y_pred[1:2].copy(), y_true[1:2].copy()),
            "onehot": returned_or_raised(nn, nn.correct_confidences, given, np.eye(3)[y_true]),
            "onehot_given_after": given,
            "onehot_one": returned_or_raised(nn, nn.correct_confidences, y_pred[1:2].copy(), np.eye(3)[y_true[1:2]])}


def confidences_onehot(nn, rng):
    y_pred, labels = _batch(rng)
    return {**_call(nn.correct_confidences, y_pred, np.eye(3)[labels]),
            "wide": _on_wide_onehot(nn, nn.correct_confidences, rng),
            "integers": returned_or_raised(nn, nn.correct_confidences, y_pred.copy(), np.eye(3, dtype=int)[labels])}


def confidences_extremes(nn, rng):
    # True-class probabilities of exactly 1 and exactly 0, which a clip would change.
    y_pred = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.2, 0.3, 0.5]])
    # The same as one-hot targets, which take the other branch.
    one_hot = returned_or_raised(nn, nn.correct_confidences, y_pred.copy(), np.eye(3)[[0, 0, 2]])
    return {**_call(nn.correct_confidences, y_pred, np.array([0, 0, 2])), "one_hot": one_hot}


def cce_sparse(nn, rng):
    result = _call(nn.categorical_cross_entropy, *_batch(rng))
    # A batch of 1,000, whose probabilities multiplied together fall below the smallest float.
    many_pred = random_probabilities(rng, 1000, 3)
    many_true = rng.integers(0, 3, 1000)
    return {**result, "many": returned_or_raised(nn, nn.categorical_cross_entropy, many_pred, many_true)}


def cce_onehot(nn, rng):
    y_pred, labels = _batch(rng)
    return _call(nn.categorical_cross_entropy, y_pred, np.eye(3)[labels])


def cce_clipping(nn, rng):
    y_pred = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.2, 0.3, 0.5]])
    return _call(nn.categorical_cross_entropy, y_pred, np.array([1, 1, 2]))


def cce_certain(nn, rng):
    # Every true class predicted with probability exactly 1: only the top of the clip keeps the loss above 0.
    return _call(nn.categorical_cross_entropy, np.eye(3)[[0, 2, 1, 0]], np.array([0, 2, 1, 0]))


def cce_clipping_onehot(nn, rng):
    # cce_clipping's predictions with one-hot targets, then every true class at probability exactly 1.
    y_pred = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.2, 0.3, 0.5]])
    zero = _call(nn.categorical_cross_entropy, y_pred, np.eye(3)[[1, 1, 2]])
    certain = _call(nn.categorical_cross_entropy, np.eye(3)[[0, 2, 1, 0]], np.eye(3)[[0, 2, 1, 0]])
    return {"y_pred": y_pred, "y_true": zero["y_true"], "result": zero["result"], "certain": certain["result"]}
