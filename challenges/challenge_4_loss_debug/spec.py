"""Checks for challenge 4: loss debugging."""
import numpy as np

from grader import expect
from grader.mistakes import CLIP_HINTS, CLIP_TOP_HINTS, clip_onehot_hints, named
from grader.spec import check

SUMMED = named("batch_factor", "That is the sum of the samples' losses, as many times the loss as there are "
                                "samples; the loss is their mean: np.mean(...).")

ACCURACY_HINT = ("Accuracy is the fraction of samples whose predicted class, np.argmax(y_pred, axis=1), equals "
                 "the true class. See chapter 5.")
CONFIDENCE_HINT = ("Pick each sample's probability at its true class: y_pred[range(len(y_pred)), y_true]. "
                   "See chapter 5.")

# Said where a function wrote into the one-hot targets it was given.
KEEP_TARGETS = ("Compute into new arrays (y_pred * y_true makes one) rather than writing into y_true (y_true *= ...): "
                "the caller's targets serve every later call, every epoch of a training loop.")
# After a call on 5 samples of 4 classes raised: the class count of the other calls, written in.
FOUR_CLASSES = ("Is the number of classes written into the code (np.eye(3), say)? Take it from the arrays given: "
                "y_pred.shape[1].")


def _labels(y_true):
    return np.argmax(y_true, axis=1) if y_true.ndim == 2 else y_true


def _accuracy_raised(got, targets, onehot=False):
    """Fail where accuracy raised because two arrays' shapes did not meet (scenarios._accuracy), naming the axis.
    `onehot`: the targets are one-hot, and the class-index targets' check passed, so the predictions are right."""
    __tracebackhide__ = True
    raised = got.get("raised")
    if not isinstance(raised, str):
        return
    by_class = "(3,)" in raised
    expect.fail(f"accuracy(y_pred, y_true) with {targets} raised {raised:.300}. " + (
        "An array of 3 values has one value per class, as np.argmax(y_true, axis=0) gives (the predictions are "
        "right: class-index targets pass): each sample's true class is np.argmax(y_true, axis=1), 8 of them."
        if by_class and onehot else
        "An array of 3 values has one value per class, as np.argmax(y_pred, axis=0) gives: the predicted class of "
        "each sample is np.argmax(y_pred, axis=1), 8 of them." if by_class else
        "The one-hot targets met the 8 predicted classes as they came: turn each row into its class index first, "
        "y_true = np.argmax(y_true, axis=1) where len(y_true.shape) == 2."))


def _accuracy_mistakes(want, told=None):
    """`told`: (the learner's accuracy, the reference's) on scenarios.TELLING, which tells apart the mistakes that
    give the main batch the same accuracy; None where unknown."""
    y_pred, labels = want["y_pred"], _labels(want["y_true"])
    said = {"flattened": f"np.argmax(y_pred) without an axis gives: one index into the flattened array (0 to "
                         f"{y_pred.size - 1}), compared with every label, not each sample's predicted class",
            "largest": "np.max(y_pred, axis=1) gives: each row's largest probability, not its class, compared with "
                       "the labels",
            "floored": "np.sum(predictions == y_true) // len(y_true) gives, 1 where every prediction is right and "
                       "0 otherwise: // rounds the fraction down to a whole number"}
    values = {"flattened": np.mean(np.argmax(y_pred) == labels), "largest": np.mean(np.max(y_pred, axis=1) == labels),
              "floored": float(np.floor(want["result"]))}
    advice = {"flattened": "Take the argmax of each row: np.argmax(y_pred, axis=1).",
              "largest": "Take the class, np.argmax(y_pred, axis=1).",
              "floored": "Divide with /, or take np.mean(predictions == y_true)."}
    # Mistakes that give this batch the same number are named together, unless TELLING told which it was.
    groups = {}
    for name, value in values.items():
        groups.setdefault(float(value), []).append(name)
    named_apart = _told_apart(*told) if told else None
    these = {}
    for value, names in groups.items():
        if named_apart in names:
            names = [named_apart]
        sentence = f"That is what {', or what '.join(said[name] for name in names)}. " + (
            advice[names[0]] if len(names) == 1 else "Take the argmax of each row: np.argmax(y_pred, axis=1)"
            + (", and divide with / (np.mean)." if "floored" in names else "."))
        these[named("lost_axis", sentence) if "flattened" in names else sentence] = value
    return {
        **these,
        "That is the mean probability given to the true class, not accuracy: compare the predicted class "
        "np.argmax(y_pred, axis=1) with the true class and take the mean of the matches.":
            np.mean(y_pred[range(len(y_pred)), labels]),
        "That is the mean of the largest probabilities: accuracy compares the predicted class with the true one.":
            np.mean(np.max(y_pred, axis=1)),
        "That is the mean of all the raw outputs: accuracy compares the predicted class with the true one.":
            np.mean(y_pred),
        f"That is how many of the {len(y_pred)} samples were predicted right; accuracy is their fraction, between "
        "0 and 1: np.mean(predictions == y_true), not np.sum.": want["result"] * len(y_pred),
        "That is a percentage; accuracy is the fraction, between 0 and 1: np.mean(predictions == y_true), "
        "without * 100 (the book prints it as a fraction too).": want["result"] * 100,
        "That is the share of samples predicted wrong, 1 minus the accuracy: accuracy counts the matches, "
        "np.mean(predictions == y_true), not the misses (!=).": 1 - want["result"],
        f"The matches were divided by {len(y_pred) - 1}, one less than the samples: accuracy is their share of all "
        "of them, np.mean(predictions == y_true).": want["result"] * len(y_pred) / (len(y_pred) - 1),
        "That is the accuracy of each row's least likely class, np.argmin: the predicted class is the most likely, "
        "np.argmax(y_pred, axis=1).": np.mean(np.argmin(y_pred, axis=1) == labels),
    }


def _lost_axis(y_pred, y_true):
    """{sentence: accuracy} of one-hot targets `y_true` turned into one index by np.argmax without an axis."""
    return {named("lost_axis", f"That is what np.argmax(y_true) without an axis gives: one index into the flattened "
                               f"one-hot array (0 to {y_true.size - 1}), compared with every prediction. Each row "
                               "becomes its class index with np.argmax(y_true, axis=1)."):
            np.mean(np.argmax(y_pred, axis=1) == np.argmax(y_true))}


def _told_apart(told, expected):
    """Which of np.argmax without an axis ("flattened"), np.max of each row ("largest") or a // of the matches
    ("floored") gave `told` on scenarios.TELLING, whose right accuracy is `expected`; None where none did."""
    if isinstance(told, bool) or not isinstance(told, (int, float, np.integer, np.floating)) or expected != 1.0:
        return None
    return {0.5: "flattened", 0.25: "largest", 1.0: "floored"}.get(float(told))


def _confidence_mistakes(want):
    y_pred = want["y_pred"]
    mistakes = {
        "These are the largest probabilities of each row; the loss needs the probability of the true class, "
        "y_pred[range(samples), y_true], even when the model favoured another class.": np.max(y_pred, axis=1),
    }
    labels = _labels(want["y_true"])
    mistakes["y_pred[y_true] picks whole rows of y_pred, the rows numbered by the labels: pair each row with its own "
             "label, y_pred[range(len(y_pred)), y_true]."] = y_pred[labels]
    if want["y_true"].ndim == 2:
        mistakes["y_pred * y_true keeps a row of 3 values per sample, 0 but at the true class: sum each row into "
                 "its one confidence, np.sum(y_pred * y_true, axis=1)."] = y_pred * want["y_true"]
    if want["y_true"].ndim == 1:
        mistakes[named("broadcast_square", "y_pred[:, y_true] picks, for every sample, the probability of every "
                                           "sample's class: an (n, n) matrix. Pair each row with its own label: "
                                           "y_pred[range(len(y_pred)), y_true].")] = y_pred[:, want["y_true"]]
    return mistakes


@check("loss", hint=ACCURACY_HINT)
def test_accuracy_sparse(run):
    """accuracy compares predicted and true classes for class-index targets"""
    got, want = run("accuracy_sparse")
    _accuracy_raised(got, "class-index targets, shape (8,)")
    expect.number(got["result"], want["result"], "accuracy(y_pred, y_true)",
                  mistakes=_accuracy_mistakes(want, (got["telling"], want["telling"])))
    expect.of_another_size(got["wide"], want["wide"], "accuracy for 5 samples of 4 classes", FOUR_CLASSES)


@check("loss", depends="accuracy_sparse", hint="One-hot rows become class indices with np.argmax(y_true, axis=1). "
       "See chapter 5.")
def test_accuracy_onehot(run):
    """accuracy also works for one-hot targets"""
    got, want = run("accuracy_onehot")
    _accuracy_raised(got, "one-hot targets, shape (8, 3)", onehot=True)
    y_pred, y_true = want["y_pred"], want["y_true"]
    # The one-hot target's own slips first: an argmin of the predictions is caught by accuracy_sparse already.
    expect.number(got["result"], want["result"], "accuracy(y_pred, one-hot y_true)", mistakes={
        **_lost_axis(y_pred, y_true),
        "That is the share of one-hot entries that match, every class of every row compared (a wrong row still "
        "matches in its other zeros): compare class indices, np.argmax(y_pred, axis=1) with "
        "np.argmax(y_true, axis=1).": np.mean(np.eye(y_pred.shape[1])[np.argmax(y_pred, axis=1)] == y_true),
        **_accuracy_mistakes(want)})
    if isinstance(got["telling"], str):   # what accuracy raised (returned_or_raised)
        expect.fail(f"accuracy of 4 samples with one-hot targets, every prediction right, raised {got['telling']}")
    expect.number(got["telling"], want["telling"], "accuracy of 4 samples with one-hot targets, every prediction "
                  "right", mistakes=_lost_axis(want["telling_pred"], want["telling_true"]))
    expect.of_another_size(got["wide"], want["wide"], "accuracy for 5 samples of 4 one-hot classes", FOUR_CLASSES)
    _targets_kept(got, want, "accuracy")
    expect.one_hot_of_integers(got["integers"], want["integers"], "accuracy(y_pred, one-hot y_true of integers)")


@check("loss", hint=CONFIDENCE_HINT)
def test_confidences_sparse(run):
    """correct_confidences returns each sample's probability of its true class"""
    got, want = run("confidences_sparse")
    expect.array(got["result"], want["result"], "correct_confidences(y_pred, y_true)",
                 mistakes=_confidence_mistakes(want))
    expect.of_another_size(got["wide"], want["wide"], "correct_confidences for 5 samples of 4 classes", FOUR_CLASSES)


@check("loss", depends="confidences_sparse",
       hint="For one-hot targets, np.sum(y_pred * y_true, axis=1) picks the true class too. See chapter 5.")
def test_confidences_onehot(run):
    """correct_confidences also works for one-hot targets"""
    got, want = run("confidences_onehot")
    result = got["result"]
    summed = float(np.sum(want["y_pred"] * want["y_true"]))
    if isinstance(result, (float, np.floating)) or (isinstance(result, np.ndarray) and result.shape == ()
                                                      and result.dtype.kind == "f"):
        expect.true(not np.isclose(float(result), summed), f"correct_confidences(y_pred, one-hot y_true) is the "
                    f"single number {float(result):g}: np.sum(y_pred * y_true) without an axis adds every sample's "
                    "confidence into one. Sum each row: np.sum(y_pred * y_true, axis=1), one value per sample.")
    expect.array(result, want["result"], "correct_confidences(y_pred, one-hot y_true)",
                 mistakes=_confidence_mistakes(want))
    expect.of_another_size(got["wide"], want["wide"], "correct_confidences for 5 samples of 4 one-hot classes",
                           FOUR_CLASSES)
    _targets_kept(got, want, "correct_confidences")
    expect.one_hot_of_integers(got["integers"], want["integers"], "correct_confidences(y_pred, one-hot y_true of "
                               "integers)")


@check("loss", depends="confidences_sparse",
       hint="Which of the three functions needs its probabilities clipped, and why? See chapter 5.")
def test_confidences_unclipped(run):
    """correct_confidences returns the probabilities as they are, 0 and 1 included, and one for a batch of one"""
    got, want = run("confidences_extremes")
    confidences = expect.shape(got["result"], want["result"].shape, "correct_confidences(y_pred, y_true)",
                               "one probability per sample")
    _not_clipped(confidences, want["result"], "")
    expect.array(confidences, want["result"], "correct_confidences(y_pred, y_true)")
    one_hot = got["one_hot"]
    # Judged here only where the one-hot branch gives one probability a sample: its own check says what else it does.
    if isinstance(one_hot, np.ndarray) and one_hot.shape == want["result"].shape:
        _not_clipped(one_hot, want["result"], " for one-hot targets")
    # A batch of one is judged here, which no other check waits on: a squeeze breaks only that batch. With a one-hot
    # row, only where one-hot targets work on the whole batch: their own check says what else they do.
    got, want = run("confidences_sparse")
    expect.batch_of_one(got["one"], want["one"], "correct_confidences for a batch of one sample (its class index as "
                        "y_true)")
    if expect.agrees(got["onehot"], want["onehot"]):
        expect.batch_of_one(got["onehot_one"], want["onehot_one"], "correct_confidences for a batch of one sample "
                            "(its one-hot row as y_true)")


def _not_clipped(confidences, expected, targets):
    __tracebackhide__ = True
    changed = [(given, float(confidences[i])) for i, given in enumerate(expected)
               if given in (0.0, 1.0) and confidences[i] != given]
    expect.true(not changed, f"For true-class probabilities of exactly 0 and 1{targets}, correct_confidences "
                "returned " + ", ".join(f"{value!r} for {given:g}" for given, value in changed) + ": it clipped "
                "them. The README asks for the unclipped probabilities; only categorical_cross_entropy clips, to "
                "[1e-7, 1 - 1e-7], before it takes the log.")


@check("loss", depends="confidences_sparse", hint="The loss is the mean of -log(probability of the true class). "
       "See chapter 5.")
def test_cce_sparse(run):
    """categorical_cross_entropy returns the mean loss for class-index targets"""
    got, want = run("cce_sparse")
    confidences = np.clip(want["y_pred"][range(len(want["y_pred"])), want["y_true"]], 1e-7, 1 - 1e-7)
    expect.number(got["result"], want["result"], "categorical_cross_entropy(y_pred, y_true)", mistakes={
        "That is -log of the largest probabilities; the loss uses the probability of the true class.":
            np.mean(-np.log(np.max(want["y_pred"], axis=1))),
        SUMMED: want["result"] * len(want["y_pred"]),
        named("sign_flipped", "The minus sign is missing: the log of a probability is negative, and the loss is "
                              "-np.log of the true class's probability, a positive number."): -want["result"],
        "That is the base-10 logarithm, np.log10; cross-entropy takes the natural logarithm, np.log, as the "
        "book does.": want["result"] / np.log(10),
        "That is the mean of -log of every probability, every class's: the loss takes -log of the true class's "
        "alone, -np.log(correct_confidences(y_pred_clipped, y_true)).":
            np.mean(-np.log(np.clip(want["y_pred"], 1e-7, 1 - 1e-7))),
        "That is -log(1 - p) of the true class's probability p: the loss is -log(p), the smaller the more "
        "confident the right answer.": np.mean(-np.log(1 - confidences)),
        "Every probability became 1e-7, whatever it was: np.clip(a, a_min, a_max) takes the lower bound first, "
        "and np.clip(y_pred, 1 - 1e-7, 1e-7), bounds swapped, sets every value to the upper one. Clip with "
        "np.clip(y_pred, 1e-7, 1 - 1e-7).": -np.log(1e-7),
        "That is -log of the mean confidence: the loss is the mean of each sample's own -log, "
        "np.mean(-np.log(confidences)), the log taken first.": -np.log(np.mean(confidences)),
        "The losses were clipped, not the probabilities: a loss above 1 - 1e-7 became 1. Clip y_pred before the "
        "log, np.clip(y_pred, 1e-7, 1 - 1e-7), so that log(0) never happens and each loss keeps its size.":
            np.mean(np.clip(-np.log(confidences), 1e-7, 1 - 1e-7)),
        f"The sum of the losses was divided by {len(want['y_pred']) - 1}, one less than the samples: the loss is "
        "their mean, np.mean(...), the sum divided by all of them.":
            want["result"] * len(want["y_pred"]) / (len(want["y_pred"]) - 1),
        "That is -np.log1p(p), the log of 1 + p: the loss is -np.log(p) of the true class's probability p.":
            np.mean(-np.log1p(confidences)),
    })
    many = got["many"]
    if isinstance(many, str):
        expect.fail(f"categorical_cross_entropy on a batch of 1,000 samples raised {many}.")
    try:
        expect.number(many, want["many"], "categorical_cross_entropy on a batch of 1,000 samples", mistakes={
            "The loss of 1,000 samples came out infinite: their probabilities multiplied together (np.prod) fall "
            "below the smallest float and become 0. Take each sample's -log first, then their mean, "
            "np.mean(-np.log(confidences)), which stays finite however many samples there are.": np.inf})
    except expect.Mismatch as mismatch:
        if mismatch.mistake or not isinstance(many, (float, np.floating)) or not np.isfinite(many) \
                or many >= 0.75 * want["many"]:
            raise
        # The small batch came right and the large one far too small: a product of the samples' probabilities,
        # held above 0 by a floor, gives -log(floor) / n, which shrinks as the samples grow.
        expect.fail(f"{str(mismatch).rstrip('.')}; on a batch of {len(want['y_pred'])} samples it is right. "
                    "Does the loss multiply the probabilities together (np.prod) before the log? With many samples "
                    "their product falls below the smallest float (or to a clip's bound), and its log with it. Take "
                    "each sample's -log first, then their mean, np.mean(-np.log(confidences)).")


@check("loss", depends=("cce_sparse", "confidences_onehot"), hint="Both target forms give the same loss. "
       "See chapter 5.")
def test_cce_onehot(run):
    """categorical_cross_entropy returns the mean loss for one-hot targets"""
    got, want = run("cce_onehot")
    classes = want["y_pred"].shape[1]
    expect.number(got["result"], want["result"], "categorical_cross_entropy(y_pred, one-hot y_true)", mistakes={
        SUMMED: want["result"] * len(want["y_pred"]),
        named("lost_axis", f"That is the loss divided by the {classes} classes: np.mean(-y_true * np.log(...)) "
                           "averaged over every entry. Sum over the classes first, np.sum(y_pred_clipped * y_true, "
                           "axis=1) for each sample's confidence, then take the mean over the samples."):
            want["result"] / classes,
        named("lost_axis", "The one-hot rows were summed down each column, axis=0, one sum per class: each sample's "
                           "confidence is the sum across its own row, axis=1, then the mean over the samples."):
            np.mean(-np.sum(want["y_true"] * np.log(np.clip(want["y_pred"], 1e-7, 1 - 1e-7)), axis=0))})
    _targets_kept(got, want, "categorical_cross_entropy")


@check("loss", depends="cce_sparse", hint=CLIP_HINTS)
def test_cce_clipping(run):
    """categorical_cross_entropy stays finite when a true class gets probability 0"""
    got, want = run("cce_clipping")
    result = got["result"]
    expect.true(not (isinstance(result, (float, np.floating)) and np.isfinite(result) and float(result) > 1e300),
                f"categorical_cross_entropy with a probability of 0 is {float(result):g}: the infinite loss of log(0) "
                "was replaced by the largest float (np.nan_to_num, say). Clip the probabilities before the log, "
                "np.clip(y_pred, 1e-7, 1 - 1e-7), so that no loss is infinite.")
    if isinstance(result, (float, np.floating)) and np.isfinite(result):
        # The mean of three losses: -log of the bound for the probability of 0, about the bound for the probability
        # of 1 (clipped to 1 minus it), and log 2 for the probability of 0.5. Another upper bound (0.9, say) moves
        # the mean too, so only a bound far from 1e-7 is named.
        expect.clip_bound(3 * float(result) - np.log(2), 3 * want["result"] - np.log(2),
                          "With a probability of 0 for the first sample's true class, that sample's loss", within=10)
    expect.number(result, want["result"], "categorical_cross_entropy with a probability of 0", mistakes={
        named("unclipped_log", "The loss is infinite because log(0) was taken: clip y_pred with "
                               "np.clip(y_pred, 1e-7, 1 - 1e-7) before the log."): np.inf,
    })


@check("loss", depends="cce_clipping",
       hint=CLIP_TOP_HINTS)
def test_cce_clipping_top(run):
    """categorical_cross_entropy clips a probability of 1 to 1 - 1e-7 as well"""
    got, want = run("cce_certain")
    expect.clipped_at_one(got["result"], "categorical_cross_entropy when every true class has probability 1")


@check("loss", depends=("cce_onehot", "cce_clipping_top"),
       hint=clip_onehot_hints("Do one-hot targets reach the log through the same clipped predictions as class "
                              "indices? See chapter 5."))
def test_cce_clipping_onehot(run):
    """categorical_cross_entropy clips the probabilities for one-hot targets too"""
    got, want = run("cce_clipping_onehot")
    expect.number(got["result"], want["result"], "categorical_cross_entropy with a probability of 0 and one-hot "
                  "targets", mistakes={
                      named("unclipped_log", "With one-hot targets the loss is infinite, although with class "
                                             "indices it is not: the one-hot targets met y_pred as it came, not "
                                             "the clipped probabilities."): np.inf,
                      named("unclipped_log", "With one-hot targets the loss is NaN: -np.sum(y_true * "
                                             "np.log(y_pred), axis=1) took the log of y_pred as it came, and for "
                                             "a probability of 0 that is 0 * log(0) = 0 * -inf, which is NaN. Take "
                                             "the log of the clipped probabilities in the one-hot branch too."):
                          np.nan,
                  })
    expect.clipped_at_one(got["certain"], "categorical_cross_entropy when every one-hot true class has "
                                          "probability 1")


@check("loss", depends=("cce_sparse", "accuracy_sparse"),
       hint="Clip into a new array (np.clip(...)) rather than into y_pred. See chapter 5.")
def test_functions_keep_inputs(run):
    """accuracy, correct_confidences and categorical_cross_entropy leave y_pred unchanged"""
    # One-hot targets for correct_confidences: y_pred *= y_true is the way it would write into y_pred.
    for scenario, key, name in (("accuracy_sparse", "given_after", "accuracy"),
                                ("confidences_sparse", "onehot_given_after", "correct_confidences (one-hot targets)"),
                                ("cce_clipping", "given_after", "categorical_cross_entropy")):
        got, want = run(scenario)
        expect.unchanged(got[key], want["y_pred"], f"The y_pred given to {name}",
                         "Work on a copy, or on the result of np.clip, rather than writing into y_pred.")


def _targets_kept(got, want, name):
    """The one-hot y_true given to `name` as it was: each one-hot check says it of its own function, whose own
    failure to take one-hot targets it reports first."""
    __tracebackhide__ = True
    expect.unchanged(got["targets_after"], want["y_true"], f"The one-hot y_true given to {name}", KEEP_TARGETS)
