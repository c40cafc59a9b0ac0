"""Checks for challenge 12: validation data and preprocessing.

Every sample's first feature is its id (see scenarios.py), so a check can say which
samples went where.
"""
import itertools

import numpy as np

from grader import expect
from grader.mistakes import named
from grader.spec import check

LEAK = ("That is what statistics of all the arrays together give: the held-out data leaked into the "
        "preprocessing. Compute them from X_train alone and apply them to every array.")
# What a function that scales its arrays in place is told, with the new array it should return instead.
KEEP_INPUTS = ("Return new arrays, such as {}, instead of changing the ones given: X -= ... or X[:] = ... writes "
               "into the caller's array.")
EXAMPLES = {"standardize": "(X - mean) / std", "scale_to_range": "2 * (X - low) / (high - low) - 1"}
KEEP_SHUFFLED = ("Return new arrays instead of writing into the ones given (np.random.shuffle(X), or X[:] = ...): "
                 "shuffle keys = np.arange(len(X)) with np.random.shuffle(keys), then return X[keys], y[keys].")
# The same order at every call, NumPy's generator not seeded by the call: where else the order comes from.
_SAME_ORDER = ("{function} does not seed NumPy's generator, so its order comes from somewhere that gives the same "
               "one at every call: a generator of its own, seeded (np.random.default_rng(0)), an order drawn once "
               "and kept, or one not drawn at all (sorted or reversed). Every split is then the same.")
SAMPLE_STD = named("unbiased_variance", "That is the sample standard deviation (ddof=1, divided by n - 1): the "
                   "book's standardisation uses the population standard deviation, NumPy's default X_train.std(axis=0) "
                   "(ddof=0, divided by n).")


def _arrays(out, count, what):
    """The `count` arrays a function returned as a tuple."""
    returned = f"{len(out)} value{'' if len(out) == 1 else 's'}" if isinstance(out, (list, tuple)) \
        else f"a value of type {expect.type_name(out)}"
    expect.true(isinstance(out, (list, tuple)) and len(out) == count,
                f"{what} returned {returned}; expected a tuple of {count} arrays.")
    return [expect.as_array(item, f"array {i + 1} of what {what} returned") for i, item in enumerate(out)]


def _ids(X, what):
    expect.true(X.ndim == 2 and X.shape[1] == 3, f"{what} has shape {X.shape}; expected (samples, 3): whole "
                "rows of X, with every feature.")
    return X[:, 0].astype(int)


def _pairs_kept(X, y, labels, what):
    """Each row of X still carries its own label; labels[id] is the label the data gave sample id."""
    ids = _ids(X, what)
    expect.true(y.shape != (len(ids), 1), f"{what} gave labels of shape {y.shape}, a column, where the y given "
                "held one value a sample, a 1-D array: keep the labels as they came, y[keys], without a reshape.")
    expect.true(y.shape == ids.shape, f"{what}: {len(ids)} samples but {y.shape} labels.")
    expect.kept_together(labels[ids] != y, what)
    return ids


@check("data", hint=("Do X and y go through one and the same new order? See chapter 19.",
                     "keys = np.array(range(X.shape[0])); np.random.shuffle(keys); return X[keys], y[keys]. "
                     "See chapter 19."))
def test_shuffle_keeps_pairs(run):
    """shuffle returns X and y in a new order, every sample with its own label"""
    got, want = run("shuffle")
    X, y = _arrays(got["out"], 2, "shuffle(X, y)")
    ids = _pairs_kept(X, y, want["y"], "shuffle(X, y)")
    expect.true(sorted(ids.tolist()) == list(range(len(want["y"]))), "shuffle(X, y) lost or repeated samples: "
                "it must return each of them exactly once.")
    expect.true(ids.tolist() != list(range(len(ids))), "shuffle(X, y) returned the samples in their old order.")
    steps = np.diff(ids) % len(ids)
    expect.true(len(ids) < 3 or not (np.all(steps == 1) or np.all(steps == len(ids) - 1)), f"shuffle(X, y) returned "
                f"the samples in their old order (or its reverse), only rotated to start at sample {ids[0]}: every "
                "sample stays beside the ones it came with, so data sorted by class stay in blocks of one class. "
                "Draw a random order of them all, keys = np.random.permutation(len(X)), then X[keys] and y[keys].")


@check("data", depends="shuffle_keeps_pairs", hint="Which line writes into the X or y it was given: "
       "np.random.shuffle(X), which shuffles the array it is given, or an assignment such as X[:] = X[keys]? "
       "Shuffle keys, and build new arrays from them. See chapter 19.")
def test_shuffle_keeps_inputs(run):
    """shuffle leaves the X and y it was given as they were"""
    got, want = run("shuffle")
    expect.all_unchanged([(got["X_after"], want["X"], "The X given to shuffle"),
                          (got["y_after"], want["y"], "The y given to shuffle")], KEEP_SHUFFLED)


@check("data", depends="shuffle_keeps_pairs", hint=("Where does your program seed NumPy's generator, and how "
                                                     "often? See chapter 19.",
                                                     "Seed once, at the top of the program (np.random.seed(0) or "
                                                     "nnfs.init()), never inside shuffle. See chapter 19."))
def test_shuffle_new_order_every_call(run):
    """shuffle draws a new order at every call, without seeding the generator itself"""
    got, want = run("shuffle")
    orders = []
    for out in (got["out"], got["again"]):
        X, y = _arrays(out, 2, "shuffle(X, y)")
        orders.append(_pairs_kept(X, y, want["y"], "shuffle(X, y)").tolist())
    expect.true(orders[0] != orders[1], "Called twice on the same data, shuffle(X, y) returned the same order "
                f"both times ({', '.join(map(str, orders[0][:6]))}, ...): " + (
                    "it seeds the generator itself, with np.random.seed(...) inside shuffle. Every call then gives "
                    "the same order, so every split is the same, and it also undoes the seed the program chose."
                    if got.get("reseeds") is True else _SAME_ORDER.format(function="shuffle"))
                + " Seed once, at the top of the program, and let shuffle draw from np.random.")
    seeded = []
    for out in (got["seeded"], got["seeded_again"]):
        X, y = _arrays(out, 2, "shuffle(X, y)")
        seeded.append(_pairs_kept(X, y, want["y"], "shuffle(X, y)").tolist())
    expect.true(seeded[0] == seeded[1], "After np.random.seed(12), shuffle(X, y) gave one order, and after "
                "np.random.seed(12) again another: it draws from another generator than np.random's (a "
                "np.random.default_rng or RandomState of its own, or Python's random module), which "
                "np.random.seed does not reach, so the program's seed cannot repeat a split. Draw from np.random: "
                "np.random.shuffle(keys) or np.random.permutation(n).")


# The split scenario's cases, keyed by their number of samples; the last two hold nothing out for one set.
SPLIT_CASES = ("50", "53", "20", "20_without_test", "20_without_validation", "53_mostly_validation")
# Sizes alone: 14 samples hold sets of 2, which a right shuffle leaves in order one time in seven.
SIZE_CASES = (*SPLIT_CASES, "14")


ORDER = ("X_train", "y_train", "X_val", "y_val", "X_test", "y_test")


def _split(got, want, case):
    return _sets(got[case]["out"] if isinstance(got[case], dict) else got[case])


def _sets(returned):
    """What one call of train_val_test_split returned, as {"training": (X, y), "validation": ..., "test": ...}."""
    out = _arrays(returned, 6, "train_val_test_split(X, y, validation=..., test=...)")
    # Rows of X have 2 axes and labels 1: the kinds in the order returned show an order that differs from the README's.
    # A column of labels, (n, 1), is labels too: said where the pairs are read, not taken for an order.
    kinds = ["y" if array.ndim == 1 or array.shape[1:] == (1,) else "X" if array.ndim == 2 else "?" for array in out]
    if kinds != ["X", "y"] * 3 and "?" not in kinds:
        said = "scikit-learn's train_test_split order, all the X first" if kinds == ["X"] * 3 + ["y"] * 3 else \
            "another order"
        expect.fail(f"train_val_test_split returned its arrays in {said}: {', '.join(kinds)}. The README asks for "
                    f"({', '.join(ORDER)}): each set's samples, then their labels.")
    return {"training": out[0:2], "validation": out[2:4], "test": out[4:6]}


@check("data", hint="int(len(X) * test) samples for testing, int(len(X) * validation) for validation, the rest "
       "for training, returned as (X_train, y_train, X_val, y_val, X_test, y_test). See chapter 12.")
def test_split_sizes(run):
    """train_val_test_split makes sets of the sizes asked for"""
    got, want = run("split")
    for case in SIZE_CASES:
        n, validation, test = len(want[case]["y"]), want[case]["validation"], want[case]["test"]
        sizes = {name: len(pair[0]) for name, pair in _split(got, want, case).items()}
        expected = {"training": n - int(n * test) - int(n * validation), "validation": int(n * validation),
                    "test": int(n * test)}
        empty = "test" if not test else "validation" if not validation else None
        for held, other in (("validation", "test"), ("test", "validation")):
            expect.true(not (expected[held] and sizes["training"] == expected["training"] + expected[held]
                             and sizes[held] == expected[held]), f"For {n} samples with validation={validation} and "
                        f"test={test}, the training set has {sizes['training']} samples: it also holds the "
                        f"{expect.counted(expected[held], 'sample')} of the {held} set. Slice the training set from "
                        f"after both held-out parts, X[n_test + n_validation:], so that it shares nothing with them.")
        swapped = sizes["validation"] == expected["test"] != expected["validation"] == sizes["test"]
        expect.true(not swapped, f"For {n} samples with validation={validation} and test={test}, the validation "
                    f"set has {sizes['validation']} samples and the test set {sizes['test']}: the two are swapped. "
                    f"The validation set takes int(len(X) * validation) samples, the test set int(len(X) * test).")
        expect.true(sizes == expected, f"For {n} samples with validation={validation} and test={test}, the sets "
                    f"have {sizes} samples; expected {expected}." + (
                        " The sizes are int(len(X) * validation) and int(len(X) * test), rounded down as the book "
                        "does, not with round(...) or np.ceil(...)."
                        if sizes in (_rounded(n, validation, test, round), _rounded(n, validation, test, np.ceil))
                        else "") + (
                        " One held-out set was counted as a share of what the other left, int((len(X) - n_test) * "
                        "validation), or of it rescaled, / (1 - test): both shares are of the whole data, "
                        "int(len(X) * validation) and int(len(X) * test)."
                        if sizes in _shares_of_the_rest(n, validation, test) else "") + (
                        f" With {empty}=0, n_{empty} is 0 and -n_{empty} is -0, which is 0: X[-0:] is the whole "
                        "array and X[a:-0] is empty. Count the slices' bounds from the front: X[:n_test], "
                        "X[n_test:held_out], X[held_out:]." if empty else "") + _not_a_partition(sizes, n))


def _shares_of_the_rest(n, validation, test):
    """The sizes of train_val_test_split when one held-out set is a share of what the other left (not of n), as it
    is or rescaled to the rest, int((n - n_test) * validation / (1 - test)) (the two-step habit)."""
    sizes = []
    for first, second in (("test", "validation"), ("validation", "test")):
        share = {"test": test, "validation": validation}
        held = {first: int(n * share[first])}
        for rescale in (1, 1 - share[first]):
            held[second] = int((n - held[first]) * share[second] / rescale) if rescale else 0
            if held[second] != int(n * share[second]):
                sizes.append({"training": n - held["test"] - held["validation"], "validation": held["validation"],
                              "test": held["test"]})
    return sizes


def _rounded(n, validation, test, rounding):
    """The sizes of the three sets where `rounding` (round, np.ceil) takes the place of int()."""
    held = {"validation": int(rounding(n * validation)), "test": int(rounding(n * test))}
    return {"training": n - held["test"] - held["validation"], **held}


def _not_a_partition(sizes, n):
    """The sentence for sets whose sizes add up to more or fewer samples than the `n` given, or ""."""
    total = sum(sizes.values())
    if total == n:
        return ""
    return (f" The three sets hold {total} samples between them, where {n} were given: "
            + ("some samples are in two sets (slices whose bounds overlap, or held-out parts drawn each on its own). "
               if total > n else "some samples are in no set. ")
            + "Shuffle once, then slice the one shuffled array into three parts that do not overlap.")


@check("data", depends="split_sizes", hint=("Can a sample end up in two sets? See chapter 12.",
                                            "Slice one shuffled array into three consecutive parts. See "
                                            "chapter 12."))
def test_split_without_leakage(run):
    """No sample is in two of the training, validation and test sets, and none is lost"""
    got, want = run("split")
    for case in SPLIT_CASES:
        ids = {name: set(_pairs_kept(X, y, want[case]["y"], f"the {name} set").tolist())
               for name, (X, y) in _split(got, want, case).items()}
        for first, second in (("training", "validation"), ("training", "test"), ("validation", "test")):
            shared = ids[first] & ids[second]
            expect.true(not shared, f"{expect.counted(len(shared), 'sample')} {'is' if len(shared) == 1 else 'are'} "
                        f"in both the {first} and the {second} set: the "
                        f"{second} score then measures memory, not generalisation. Slice the shuffled data into "
                        "parts that do not overlap.")
        everything, n = set().union(*ids.values()), len(want[case]["y"])
        expect.true(len(everything) == n, f"Of {n} samples only {len(everything)} are in any set.")


@check("data", depends="split_sizes", hint="The data come sorted by class, as the spiral data do: what is in "
       "the first 20% of them? See chapters 12 and 19.")
def test_split_is_shuffled(run):
    """train_val_test_split shuffles new arrays before splitting, not the ones given, nor slices them in order"""
    got, want = run("split")
    for case in SPLIT_CASES:
        for name, (X, y) in _split(got, want, case).items():
            ids = _ids(X, f"the {name} set")
            # A right shuffle leaves a set of 4 of 20 samples in order once in some 3,400 draws; the sets of 5 here
            # are of 53 samples, left in order once in millions. An unshuffled split leaves every set in order.
            if ids.size >= 5 and (np.all(np.diff(ids) == 1) or np.all(np.diff(ids) == -1)):
                # Built only when it is said: np.unique loads numpy.ma, milliseconds of every grading otherwise.
                expect.fail(f"The {name} set is samples {ids[0]} to {ids[-1]} in their original order (or its "
                            f"reverse), classes "
                            f"{np.unique(y).tolist()} only: the data are sorted by class, so shuffle them before "
                            "slicing.")
    first, again = (_sets(got["20"].get(key) if isinstance(got["20"], dict) else None) for key in ("out", "again"))
    orders = [_ids(split["training"][0], "the training set").tolist() for split in (first, again)]
    reseeds = isinstance(got["20"], dict) and got["20"].get("reseeds") is True
    expect.true(orders[0] != orders[1], "Called twice on the same data, train_val_test_split(X, y) returned the same "
                f"training set both times (samples {', '.join(map(str, orders[0][:6]))}, ...): " + (
                    "it, or the shuffle it calls, seeds the generator itself, with np.random.seed(...). Every call "
                    "then gives the same sets, and it also undoes the seed the program chose." if reseeds else
                    _SAME_ORDER.format(function="the split, or the shuffle it calls,"))
                + " Seed once, at the top of the program, and let the split draw from np.random.")
    given = got["20"] if isinstance(got["20"], dict) else {}
    expect.all_unchanged([(given.get("X_after"), want["20"]["X"], "The X given to train_val_test_split"),
                          (given.get("y_after"), want["20"]["y"], "The y given to train_val_test_split")],
                         KEEP_SHUFFLED)


def _folds(got, key, n, k):
    folds = got[key]
    expect.true(isinstance(folds, (list, tuple)) and len(folds) == k, f"k_fold({n}, {k}) returned "
                f"{expect.counted(len(folds), 'fold') if isinstance(folds, (list, tuple)) else expect.type_name(folds)}"
                "; "
                f"expected {k} "
                "pairs (train_indices, validation_indices).")
    pairs = []
    for fold in folds:
        expect.true(isinstance(fold, (list, tuple)) and len(fold) == 2, "Each fold must be a pair "
                    "(train_indices, validation_indices).")
        pairs.append([expect.as_array(part, "the indices of a fold").astype(int).ravel() for part in fold])
        # Said before anything lists them: a fold of millions of indices would make every message megabytes long.
        largest = max(part.size for part in pairs[-1])
        expect.true(largest <= n, f"A fold of k_fold({n}, {k}) holds {largest} indices in one of its two arrays; "
                    f"there are {n} samples, so each array holds at most {n}, each index once.")
    return pairs


@check("data", hint=("Is every sample validated on, exactly once, and are the folds as even as n_samples allows, "
                     "their sizes within one of each other? See chapter 12.",
                     "np.array_split(np.arange(n_samples), k) gives k folds that cover every index, the "
                     "remainder included. See chapter 12."))
def test_k_fold_validates_every_sample_once(run):
    """k_fold validates every sample in exactly one fold, with fold sizes within one of each other"""
    got, want = run("k_fold")
    for key, n, k in (("23_by_5", 23, 5), ("20_by_4", 20, 4)):
        folds = _folds(got, key, n, k)
        validated = np.concatenate([validation for _, validation in folds])
        trained = np.concatenate([train for train, _ in folds])
        expect.true(sorted(validated.tolist()) == list(range(n)) or sorted(trained.tolist()) != list(range(n)),
                    f"Each fold of k_fold({n}, {k}) is a pair whose first array holds {len(folds[0][0])} indices "
                    f"and whose second holds {len(folds[0][1])}, and the first arrays together hold every index "
                    "once: each pair is (validation, train), swapped. Return (train_indices, validation_indices), "
                    "the held-out fold second.")
        shown = sorted(validated.tolist())
        shown = ", ".join(map(str, shown[:30])) + (f", ... ({len(shown)} in all)" if len(shown) > 30 else "")
        expect.true(sorted(validated.tolist()) == list(range(n)), f"Over the folds of k_fold({n}, {k}), the "
                    f"validation indices are [{shown}]; every index 0 to {n - 1} must be validated exactly once "
                    "(the remainder included).")
        sizes = [len(validation) for _, validation in _folds(got, key, n, k)]
        even = [len(fold) for fold in np.array_split(np.arange(n), k)]
        expect.true(max(sizes) - min(sizes) <= 1, f"The folds of k_fold({n}, {k}) have {sizes} samples; the "
                    "README asks for folds whose sizes differ by at most one, the remainder spread over the folds "
                    f"one sample each rather than left to one of them ({even} here). np.array_split(np.arange("
                    "n_samples), k) divides the indices so.")
        _folds_as_array_split(folds, n, k)


def _folds_as_array_split(folds, n, k):
    """The validation indices of each fold, in order, against np.array_split's folds of range(n): runs of consecutive
    indices, the larger folds first, as the README divides them."""
    __tracebackhide__ = True
    expected = np.array_split(np.arange(n), k)
    validated = [np.sort(validation) for _, validation in folds]
    if all(np.array_equal(got, fold) for got, fold in zip(validated, expected)):
        return
    sizes, even = [len(fold) for fold in validated], [len(fold) for fold in expected]
    runs = all(len(fold) == 0 or np.array_equal(fold, np.arange(fold[0], fold[0] + len(fold))) for fold in validated)
    backwards = len(validated) == len(expected) and all(
        np.array_equal(got, fold) for got, fold in zip(validated[::-1], expected))
    expect.fail(f"The folds of k_fold({n}, {k}) validate " + "; ".join(
        f"[{', '.join(map(str, fold[:6]))}{', ...' if len(fold) > 6 else ''}]" for fold in validated) + ". " + (
        "They come last first: fold i validates the i-th run of samples." if backwards else
        f"Their sizes come {sizes}, where np.array_split gives the larger folds first, {even}." if sorted(sizes) ==
        sorted(even) and sizes != even else
        "Each fold is a run of consecutive indices, the first fold the first samples." if not runs else
        "The folds come in another order than the samples.") +
        " The README asks for fold i to be the i-th of np.array_split(np.arange(n_samples), k), unshuffled.")


@check("data", depends="k_fold_validates_every_sample_once", hint="Which samples does a fold train on? Every "
       "one except those it is validated on. See chapter 12.")
def test_k_fold_trains_on_the_other_folds(run):
    """Each fold of k_fold trains on every sample except the ones it validates on"""
    got, want = run("k_fold")
    for key, n, k in (("23_by_5", 23, 5), ("20_by_4", 20, 4)):
        for train, validation in _folds(got, key, n, k):
            leaked = set(train.tolist()) & set(validation.tolist())
            expect.true(not leaked, f"A fold of k_fold({n}, {k}) trains on {len(leaked)} of the samples it is "
                        "validated on: validation data used in training make the score meaningless.")
            expect.true(sorted(train.tolist() + validation.tolist()) == list(range(n)), f"A fold of k_fold({n}, "
                        f"{k}) trains on {len(train)} samples and validates on {len(validation)}; together they "
                        f"must be all {n}.")


@check("data", depends="k_fold_trains_on_the_other_folds",
       hint=("What does fit see, and what does score? See chapter 12.",
             "For each (train, validation) of k_fold(len(X), k): fit(X[train], y[train]), then score(model, "
             "X[validation], y[validation]). See chapter 12."))
def test_cross_validate(run):
    """cross_validate fits on k - 1 folds and scores on the one left out, for each of k folds"""
    got, want = run("cross_validate")
    fitted, scored = got["fitted"], got["scored"]
    expect.true(isinstance(fitted, list) and isinstance(scored, list) and all(
        isinstance(ids, list) for ids in fitted + scored), "cross_validate must call fit and score with rows of X.")
    expect.true(len(fitted) == len(scored) == 4, f"cross_validate(X, y, 4, fit, score) called fit {len(fitted)} "
                f"and score {len(scored)} times; expected 4 each, one per fold." + (
                    " That is one fold a sample, as k_fold(4, 22) makes: k_fold takes the number of samples first "
                    "and the number of folds second, k_fold(len(X), k)." if len(fitted) == len(scored) == 22 else
                    f" fit was given {len(fitted[0])} samples, all of them, once before the folds: every fold's score "
                    "then comes from a model that saw that fold's validation data. Fit a new model inside the loop, "
                    "on the fold's training part, fit(X[train], y[train])." if len(fitted) == 1 and len(scored) == 4
                    and len(set(fitted[0])) == 22 else ""))
    for seen, judged in zip(fitted, scored):
        leaked = set(seen) & set(judged)
        # Where fit saw all 22 samples, the leak below says so; here fit saw a training fold, and score part of it.
        expect.true(not (judged and set(judged) <= set(seen) and len(set(seen)) < 22),
                    f"score was given {len(judged)} samples, every one of them among those fit was given: the model "
                    "was scored on the data it was fitted to. Score each "
                    "fold's model on the fold held out: score(model, X[validation], y[validation]).")
        expect.true(not leaked, f"fit was given {len(leaked)} of the samples its model was then scored on: the "
                    "validation data were used in training. Fit on X[train] only.")
        expect.true(len(seen) + len(judged) == 22, f"fit saw {len(seen)} samples and score {len(judged)}; "
                    "together they must be all 22.")
        expect.true(len(seen) > len(judged), f"fit was given {len(seen)} samples and score {len(judged)}: fit on "
                    "the k - 1 training folds, fit(X[train], y[train]), and score on the one held out, "
                    "score(model, X[validation], y[validation]).")
    for who, rows, labels, indexed in (("fit", fitted, got["fit_labels"], "fit(X[train], y[train])"),
                                       ("score", scored, got["score_labels"],
                                        "score(model, X[validation], y[validation])")):
        expect.true(isinstance(labels, list) and len(labels) == len(rows), f"cross_validate must call {who} with "
                    "labels as well as rows: " + indexed + ".")
        for ids, given in zip(rows, labels):
            _labels_belong(who, ids, given, indexed)
    # Each sample's label is its number: the folds scored, in turn, must be k_fold's, consecutive and in order.
    for fold, (given, expected) in enumerate(zip(got["score_labels"], want["score_labels"]), start=1):
        numbers = sorted(int(label) for label in given) \
            if isinstance(given, list) and all(float(label).is_integer() for label in given) else given
        expected = sorted(int(label) for label in expected)
        expect.true(numbers == expected, f"The fold cross_validate scored at its turn {fold} holds samples "
                    f"{numbers}, where fold {fold} of k_fold(22, 4) holds samples {expected}: take the folds as "
                    "k_fold makes them, consecutive runs of the data as they came, unshuffled, in order: for train, "
                    "validation in k_fold(len(X), k).")
    scores = got["scores"]
    if isinstance(scores, np.ndarray) and scores.ndim == 0:
        expect.fail(f"cross_validate returned one number, {scores.item()}, where it returns the list of the k scores "
                    "in fold order, one a fold: the caller takes their mean, and sees how far apart they are.")
    folds = len(want["scores"])
    expect.true(not (isinstance(scores, (list, tuple, np.ndarray)) and 0 < len(scores) < folds), f"cross_validate "
                f"returned {len(scores) if isinstance(scores, (list, tuple, np.ndarray)) else 0} of the {folds} "
                "scores, one a fold: was a score kept only for the last fold (a variable set again in the loop), or "
                "the loop left early (a return inside it)? Append each fold's score to a list and return the list "
                "after the loop.")
    expect.array(scores, want["scores"], "The scores cross_validate returned in fold order")
    fits = got["fits_of_5_folds"]
    said = f"raised {fits}" if isinstance(fits, str) else f"called fit {fits} times; expected 5, one per fold"
    expect.true(fits == 5, f"cross_validate(X, y, 5, fit, score) {said}: is the number of folds written into the "
                "code? Make the folds with k_fold(len(X), k).")


def _labels_belong(who, ids, labels, indexed):
    """The labels `who` (fit or score) was given must be those of its rows; in this scenario a label is its
    sample's id."""
    expect.true(isinstance(labels, list), f"{who} was given labels that are not an array of numbers: pass y indexed "
                f"as X is, {indexed}.")
    expect.true(len(labels) == len(ids), f"{who} was given {expect.counted(len(ids), 'row')} of X but "
                f"{expect.counted(len(labels), 'label')}: index y with the same indices as X, {indexed}.")
    expect.true(all(_plain_number(value) for value in (*ids, *labels)), f"{who} was given rows or labels that are "
                f"not finite numbers: pass it X and y as they are, indexed by the fold, {indexed}.")
    changed = [row for row in ids if row < 0 or not float(row).is_integer()]
    # The scenario's 22 ids, standardised as a whole: the statistics of every fold, the validation ones too.
    whole = (np.arange(22) - 10.5) / np.arange(22).std()
    if changed and all(np.isclose(row, whole).any() for row in ids):
        expect.fail(f"{who} was given rows of X standardised as a whole, before the folds: the statistics of every "
                    "validation fold went into what fit trains on, the leak cross-validation exists to keep out. "
                    f"Pass X indexed by the fold as it is, {indexed}; preprocessing, if any, is fitted inside fit, "
                    "on the training part alone.", "validation_in_training")
    if changed:
        expect.fail(f"{who} was given rows that are not X's own: here each row of X holds its sample's number, and "
                    f"one came as {_shown_label(changed[0])}. Pass X indexed by the fold as it is, {indexed}.")
    apart = [(row, label) for row, label in zip(ids, labels) if row != label]
    if apart:
        row, label = apart[0]
        expect.fail(f"{who} was given labels that belong to other samples than its rows: {len(apart)} of "
                    f"{len(ids)} rows came with another sample's label (the row of sample {int(row)} with the label "
                    f"of sample {_shown_label(label)}). Index X and y with the same indices: {indexed}.")


def _plain_number(value):
    return isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_)) \
        and bool(np.isfinite(value))


def _shown_label(label):
    return str(int(label)) if float(label).is_integer() else f"{label:g}"


def _preprocessed(got, want, what, mistakes, stale):
    """`stale(X)`: X scaled with the statistics of the first call's X_train, for a later call on other data."""
    out = _arrays(got["out"], 3, f"{what}(X_train, X_val, X_test)")
    for name, mine, expected, wrong in zip(("X_train", "X_val", "X_test"), out, want["out"], mistakes):
        expect.array(mine, expected, f"the scaled {name}", mistakes=wrong)
    for key, call in (("two", f"{what}(X_train, X_val)"), ("one", f"{what}(X_train)")):
        if isinstance(got[key], str):   # a sentence made for every call would print the arrays of one that went well
            expect.fail(f"{call} raised {got[key]}. {what}(X_train, *others) takes any number of arrays after "
                        "X_train, as many as the program holds out, and scales each of them: return tuple(... for X "
                        "in (X_train, *others)).")
        for index, (mine, expected) in enumerate(zip(_arrays(got[key], len(want[key]), call), want[key])):
            expect.array(mine, expected, f"array {index + 1} of what {call} returned")
    call = f"{what}(X_train, X_val) of other data than the first call's"
    if isinstance(got["other"], str):
        expect.fail(f"{call} raised {got['other']}.")
    for index, (mine, expected, other) in enumerate(zip(_arrays(got["other"], 2, call), want["other"],
                                                        want["other_arrays"])):
        expect.array(mine, expected, f"array {index + 1} of what {call} returned", mistakes={
            "These are scaled with the statistics of the first call's X_train, kept since (in a global, a default "
            "argument or on the function): compute them from the X_train of each call.": stale(np.asarray(other))})
    # The inputs as the scenario found them after the call: three arrays, unless the answer was forged.
    afters = got["after"] if isinstance(got["after"], list) and len(got["after"]) == 3 else [None] * 3
    for name, after, before in zip(("X_train", "X_val", "X_test"), afters, want["arrays"]):
        expect.unchanged(after, before, f"The {name} given to {what}", KEEP_INPUTS.format(EXAMPLES[what]))


def _wrong_statistics(arrays, statistics, apply, names):
    """For each array, what statistics of all the data, of the whole training array, of the array itself, or each
    of the two from another share of the data would give; `names` says which they are ("mean", "standard
    deviation")."""
    everything = np.concatenate(arrays)
    named_statistics = " and ".join(names)
    own = (f"Each array was scaled with its own {named_statistics}, so the same input becomes one number in the "
           f"training data and another in the held-out data. Compute the {named_statistics} from X_train alone and "
           "apply them to every array.")
    per_sample = named("lost_axis", f"The {named_statistics} were taken per sample, along each row (axis=1), so "
                                    "each sample was scaled by numbers of its own features. Take them per feature, "
                                    "down the samples (axis=0), and of X_train alone.")
    mistakes = []
    for X in arrays:
        mistakes.append({
            named("lost_axis", "The statistics were taken over the whole array, not per feature: use axis=0."):
                apply(X, *statistics(arrays[0], None)),
            LEAK: apply(X, *statistics(everything, 0)),
            own: apply(X, *statistics(X, 0)),
            per_sample: apply(X, *statistics(X, 1, keepdims=True)),
            **_partly_leaked(arrays, X, statistics, apply, names),
        })
    for name, X, wrong in zip(("X_val", "X_test"), arrays[1:], mistakes[1:]):
        # Statistics of X_train taken after it was scaled change nothing: the same values as an array not scaled.
        wrong[f"{name} came back as it was given, or was scaled with the {named_statistics} of X_train taken after "
              f"X_train itself was scaled, which change nothing: take X_train's {named_statistics} before scaling "
              "anything, and scale every array with them, the held-out ones too."] = X
    return mistakes


def _partly_leaked(arrays, X, statistics, apply, names):
    """What `X` becomes where the two statistics (`names`) came from shares of the data other than X_train alone,
    each sentence saying which; both from all the arrays is LEAK's."""
    # Where two shares give the same statistic (the largest value of all is X_val's here), the first is named.
    shares = {"X_train": arrays[0], "all the arrays together": np.concatenate(arrays),
              "X_train and X_val together": np.concatenate(arrays[:2]), "X_val": arrays[1]}
    found = {}
    for first, second in itertools.product(shares, repeat=2):
        if first == second == "X_train" or first == second == "all the arrays together":
            continue
        said = (f"The {names[0]} and the {names[1]} came from {first}" if first == second else
                f"The {names[0]} came from {first} and the {names[1]} from {second}")
        found[f"{said}: the held-out data leaked into the preprocessing. Compute both from X_train alone and "
              "apply them to every array."] = apply(X, statistics(shares[first], 0)[0],
                                                    statistics(shares[second], 0)[1])
    return found


@check("data", hint=("Of which array, and along which axis, are the mean and standard deviation taken? See "
                     "chapter 13.",
                     "mean = X_train.mean(axis=0), std = X_train.std(axis=0), then (X - mean) / std for every "
                     "array. See chapter 13."))
def test_standardize_with_training_statistics(run):
    """standardize scales every array with the mean and standard deviation of the training data only"""
    got, want = run("standardize")
    arrays = [np.asarray(a) for a in want["arrays"]]
    mistakes = _wrong_statistics(arrays, lambda X, axis, keepdims=False: (X.mean(axis=axis, keepdims=keepdims),
                                                                          X.std(axis=axis, keepdims=keepdims)),
                                 lambda X, mean, std: (X - mean) / std, ("mean", "standard deviation"))
    mean, sample_std = arrays[0].mean(axis=0), arrays[0].std(axis=0, ddof=1)
    std = arrays[0].std(axis=0)
    # np.median's check for masked arrays loads numpy.ma, milliseconds of every grading.
    ordered = np.sort(arrays[0], axis=0)
    median = (ordered[(len(ordered) - 1) // 2] + ordered[len(ordered) // 2]) / 2
    for X, wrong in zip(arrays, mistakes):
        wrong[SAMPLE_STD] = (X - mean) / sample_std
        wrong["The values were centred but not divided by the standard deviation: (X - mean) / std."] = X - mean
        wrong["The values were divided by the variance, std ** 2; standardising divides by the standard deviation, "
              "np.std(X_train, axis=0)."] = (X - mean) / std ** 2
        wrong["The values were centred on the median: standardising subtracts the mean, X_train.mean(axis=0)."] = \
            (X - median) / std
    _preprocessed(got, want, "standardize", mistakes, lambda X: (X - mean) / std)


@check("data", hint=("Which data decide what -1 and 1 mean? See chapter 13.",
                     "low = X_train.min(axis=0), high = X_train.max(axis=0), then 2 * (X - low) / (high - low) - 1. "
                     "See chapter 13."))
def test_scale_to_range_with_training_statistics(run):
    """scale_to_range maps the training data onto [-1, 1] per feature and scales the rest the same way"""
    got, want = run("scale_to_range")
    arrays = [np.asarray(a) for a in want["arrays"]]
    mistakes = _wrong_statistics(arrays, lambda X, axis, keepdims=False: (X.min(axis=axis, keepdims=keepdims),
                                                                          X.max(axis=axis, keepdims=keepdims)),
                                 lambda X, low, high: 2 * (X - low) / (high - low) - 1, ("minimum", "maximum"))
    low, high = arrays[0].min(axis=0), arrays[0].max(axis=0)
    for X, wrong in zip(arrays, mistakes):
        wrong["The values were scaled onto [0, 1], (X - low) / (high - low); scale_to_range maps the training data "
              "onto [-1, 1]: 2 * (X - low) / (high - low) - 1."] = (X - low) / (high - low)
        wrong["The factor 2 is missing, so the training data lie on [-1, 0]: 2 * (X - low) / (high - low) - 1 "
              "stretches [0, 1] to a width of 2 before the shift."] = (X - low) / (high - low) - 1
        wrong["This array was shifted by its own minimum, X - X.min(axis=0), though divided by the training data's "
              "range: subtract X_train's minimum from every array, 2 * (X - low) / (high - low) - 1 with low and "
              "high from X_train."] = 2 * (X - X.min(axis=0)) / (high - low) - 1
        wrong["Each value was divided by the largest absolute value of its feature in X_train (max-abs scaling), "
              "which reaches -1 and 1 only for data centred on 0: shift by the minimum too, 2 * (X - low) / (high - "
              "low) - 1 with low and high from X_train."] = X / np.abs(arrays[0]).max(axis=0)
        wrong["The values were scaled with the constants of pixels, (X - 127.5) / 127.5 (chapter 19's images run "
              "from 0 to 255); these features have other ranges: take low and high from X_train, per feature, "
              "2 * (X - low) / (high - low) - 1."] = (X - 127.5) / 127.5
        wrong["The values were clipped to [-1, 1]: only the training data span exactly [-1, 1], and data outside "
              "their range scale beyond it, which is what the model is then given. Leave out the np.clip: 2 * (X - "
              "low) / (high - low) - 1."] = np.clip(2 * (X - low) / (high - low) - 1, -1, 1)
    _preprocessed(got, want, "scale_to_range", mistakes, lambda X: 2 * (X - low) / (high - low) - 1)
