"""Checks for challenge 14: binary and regression training."""
import numpy as np

from grader import expect
from grader.mistakes import named
from grader.spec import check, figure
from grader.views import figures

BINARY_STEPS, REGRESSION_STEPS, CANCER_STEPS, DIABETES_STEPS = 20, 20, 20, 10
SINE_FALL = 0.5           # the reference's loss falls from about 0.49 to 0.14 in 20 steps from the fixed start
CANCER_ACCURACY, DIABETES_ERROR = 0.9, 0.65              # the reference: about 0.92 and 0.55
L2 = 5e-4


def _losses(got):
    """A training function's losses as a flat float array; a list of numbers is as good as an array here."""
    try:
        return np.asarray(got["losses"], dtype=float).ravel()
    except (TypeError, ValueError):
        expect.fail("The second thing a training function returns must be the losses, one number per step; "
                    f"it returned {expect.type_name(got['losses'])}.")


def _number(value, what):
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "biuf":
        value = value[()]
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        expect.fail(f"{what} returned {value!r:.80}; expected one number, the share of samples that are right.")
    return float(value)


def _same(got, want):
    """Plain data (lists of numbers) equal to want; anything else, arrays included, is not."""
    try:
        return isinstance(got, list) and bool(got == list(want))
    except (TypeError, ValueError):
        return False


def _binary(output, y):
    return float(np.mean((output > 0.5) * 1 == y))


def _flattened(flat_targets, output, labels):
    """The sentence for predictions and targets of shapes (n,) and (n, 1) compared: which side was flattened, told by
    `flat_targets`, the accuracy the learner's code gave for targets passed flat, (n,)."""
    right = float(np.mean((output[:, 0] > 0.5) * 1 == labels[:, 0]))
    if isinstance(flat_targets, (int, float, np.number)) and not isinstance(flat_targets, bool) \
            and abs(float(flat_targets) - right) < 1e-9:
        sides = "The predictions were flattened to shape (n,) and compared with the targets y, shape (n, 1)"
    else:
        sides = "The targets were flattened to shape (n,) (y.reshape(-1) or y.ravel()) and compared with the " \
                "predictions, shape (n, 1)"
    return named("broadcast_square", f"{sides}: the two broadcast into an (n, n) table of every prediction against "
                                     "every target. Keep both as columns, (n, 1), as the sigmoid's output and y are.")


@check("loss", hint=("Which outputs does the book count as the class 1, and do the predictions and y have the same "
                     "shape, (n, 1), when they are compared? See chapter 16.",
                     "predictions = (output > 0.5) * 1, then np.mean(predictions == y). See chapter 16."))
def test_binary_accuracy(run):
    """binary_accuracy counts an output above 0.5 as class 1 and compares it with y"""
    got, want = run("binary_accuracy")
    output, labels = want["binary_output"], want["labels"]
    accuracy = _number(got["binary"], "binary_accuracy(output, y)")
    mistakes = {
        "An output of exactly 0.5 was counted as class 1: the book's threshold is strict, (output > 0.5) * 1.":
            float(np.mean((output >= 0.5) * 1 == labels)),
        "The threshold is on the wrong side: an output above 0.5 means class 1, (output > 0.5) * 1.":
            float(np.mean((output < 0.5) * 1 == labels)),
        "np.argmax over a single output is always 0, so every sample was predicted as class 0: a binary output "
        "is compared with 0.5, (output > 0.5) * 1.": float(np.mean(labels == 0)),
        _flattened(got["binary_flat_targets"], output, labels): float(np.mean((output[:, 0] > 0.5) * 1 == labels)),
        "The outputs were compared with y as they are: a sigmoid's output is never exactly 0 or 1, so first turn "
        "it into a class, (output > 0.5) * 1, then compare.": float(np.mean(output == labels)),
        "Every output was counted as class 1: a threshold of 0 is for the sigmoid's input, the logits. Its output "
        "is a probability between 0 and 1, compared with 0.5: (output > 0.5) * 1.": float(np.mean(labels == 1)),
    }
    expect.number(accuracy, want["binary"], "binary_accuracy(output, y)", mistakes=mistakes)
    _arguments_kept("binary_accuracy", [(got["output_after"], want["binary_output"], "output"),
                                        (got["labels_after"], want["labels"], "y")], "(output > 0.5) * 1")


def _arguments_kept(function, arrays, new_array):
    """The arrays given to `function` as they were: (after the call, as given, the argument's name) of each;
    `new_array`: the book's expression that computes into a new array."""
    __tracebackhide__ = True
    expect.all_unchanged([(after, before, f"The {name} given to {function}") for after, before, name in arrays],
                         f"{function} only reads its arguments: the model's output it is given is what the loss's "
                         f"backward pass then starts from. Compute into a new array, {new_array}, rather than "
                         "writing into output.")


@check("loss", hint=("How close must a regression output be to count as right, and whose spread sets that? "
                     "See chapter 17.",
                     "accuracy_precision = np.std(y) / 250, then np.mean(np.absolute(output - y) < "
                     "accuracy_precision). See chapter 17."))
def test_regression_accuracy(run):
    """regression_accuracy counts an output as right when it lies closer than np.std(y) / 250 to its target"""
    got, want = run("regression_accuracy")
    accuracy = _number(got["regression"], "regression_accuracy(output, y)")
    other = _number(got["regression_other"], "regression_accuracy(output, y) on other outputs")
    slips = _regression_slips(want["predictions"], want["targets"])
    other_slips = _regression_slips(want["other_predictions"], want["other_targets"])
    # A slip is named where it gives both accuracies: one number alone may be two slips'.
    expect.number(accuracy, want["regression"], "regression_accuracy(output, y)", mistakes={
        sentence: value for sentence, value in slips.items() if abs(other - other_slips[sentence]) < 1e-9})
    expect.true(abs(other - want["regression_other"]) < 1e-9, f"regression_accuracy(output, y) is "
                f"{other:g} on other outputs, some just within and some just beyond np.std(y) / 250 of their targets, "
                f"but {want['regression_other']:g} was expected there: is the precision a little off? It is "
                "np.std(y) / 250, the targets' spread, and an output counts when np.absolute(output - y) is below it.")
    on = _number(got["regression_on_the_precision"], "regression_accuracy(output, y) on outputs on the precision")
    expect.true(abs(on - want["regression_on_the_precision"]) < 1e-9, f"regression_accuracy(output, y) is {on:g} "
                f"where a quarter of the outputs lie exactly np.std(y) / 250 from their targets, a quarter 1.01 times "
                f"as far and half well within; {want['regression_on_the_precision']:g} was expected: "
                + ON_THE_PRECISION.get(round(on, 9), "an output counts when np.absolute(output - y) is below "
                                                     "np.std(y) / 250."))
    _arguments_kept("regression_accuracy", [(got["output_after"], want["predictions"], "output"),
                                            (got["targets_after"], want["targets"], "y")],
                    "np.absolute(output - y)")


# What regression_accuracy gives on outputs on the precision (scenarios.regression_accuracy), beside its cause.
ON_THE_PRECISION = {
    0.75: "an output exactly on the precision counted as right. The book counts it only when np.absolute(output - y) "
          "is below the precision: <, not <=.",
    1.0: "outputs just beyond np.std(y) / 250 counted as right: is the precision a little wide? np.std(y) is the "
         "targets' own spread (NumPy's default, ddof=0), not np.std(y, ddof=1), and the divisor is 250.",
}


def _regression_slips(predictions, targets):
    """{sentence: the accuracy it gives} of the usual slips in chapter 17's regression accuracy."""
    error = predictions - targets
    return {
        "The precision came from the predictions' spread; the book takes it from the targets': "
        "np.std(y) / 250.": float(np.mean(np.absolute(error) < np.std(predictions) / 250)),
        "The precision came from the errors' spread, np.std(output - y); the book takes it from the targets': "
        "np.std(y) / 250.": float(np.mean(np.absolute(error) < np.std(error) / 250)),
        "Without np.absolute every output below its target counts as right: compare "
        "np.absolute(output - y) with the precision.": float(np.mean(error < np.std(targets) / 250)),
        "The precision was not divided by 250: np.std(y) alone lets far too much count as right.":
            float(np.mean(np.absolute(error) < np.std(targets))),
        "The precision is ten times too wide: np.std(y) / 25, where the book divides by 250.":
            float(np.mean(np.absolute(error) < np.std(targets) / 25)),
        "np.std(y) // 250 is floor division, which rounds the precision down to a whole number: 0 for targets that "
        "spread less than 250, so no output counts. Divide with /: np.std(y) / 250.":
            float(np.mean(np.absolute(error) < np.floor(np.std(targets) / 250))),
        "That is how many outputs count as right; the accuracy is their share, between 0 and 1: np.mean of the "
        "comparison, not np.sum.": float(np.sum(np.absolute(error) < np.std(targets) / 250)),
    }


SQUARE = named("broadcast_square", "The labels were used as they came, shape (n,), against outputs of shape "
                                   "(n, 1): broadcasting made the loss's gradient an (n, n) table. Reshape them "
                                   "into a column first, y = y.reshape(-1, 1), as chapter 16 does.")
REGRESSION_SQUARE = named("broadcast_square", "The targets met the outputs, shape (n, 1), as a row or flat, shape "
                                              "(1, n) or (n,): broadcasting made the loss's gradient an (n, n) "
                                              "table. The targets train_regression is given are a column already, "
                                              "(n, 1), as sine_data makes them: use them as they come.")


def _square(got, layer, sentence):
    """Fail where training raised after `layer`'s backward pass was given an (n, n) gradient."""
    __tracebackhide__ = True
    if isinstance(got["square"], list) and len(got["square"]) == 2:
        shape, raised = got["square"]
        shape = tuple(shape) if isinstance(shape, list) else shape
        expect.fail(f"Training raised {str(raised):.300} after {layer}.backward was given a gradient of shape "
                    f"{shape!r:.40}. " + sentence, sentence.mistake)


def _built(got, shapes):
    for number, shape in enumerate(shapes, start=1):
        expect.true(got[f"built{number}"] is True, f"The network built no Layer_Dense{shape} that the check could "
                    "see: build the layers by calling the classes in your file, with the sizes the README gives (the "
                    "check watches their names and the dicts, lists and default arguments of your file that hold "
                    "them; not an object's attribute, a closure or functools.partial).")


def _first_step(got, want, shapes, optimizer, function, regularization=0.0, sigmoid=False):
    """The first step of `function` from the fixed start, stage by stage: the loss, each layer's gradient, the
    update. `sigmoid`: the network ends in a sigmoid with binary cross-entropy."""
    losses = _losses(got)
    expect.true(len(losses) > 0, "The training function returned no losses: record the loss of every step.")
    first, expected = float(losses[0]), float(want["losses"][0])
    if regularization and expect.close(first, expected - regularization):
        expect.fail(f"The loss of the first step is {first:.6g}, the data loss alone; expected {expected:.6g}, "
                    "which adds the regularisation loss: loss_function.regularization_loss(dense1) + "
                    "loss_function.regularization_loss(dense2).", "regularization_not_in_loss")
    if regularization and expect.close(first, expected + regularization):
        expect.fail(f"The loss of the first step is {first:.6g}; expected {expected:.6g}, the data loss and the "
                    f"regularisation loss ({regularization:.6g}) once: the regularisation loss was added twice. Add "
                    "loss_function.regularization_loss(dense1) + loss_function.regularization_loss(dense2) to the "
                    "data loss once a step.", hint="How many times does each layer's penalty enter the loss you "
                    "record? See chapter 14.")
    expect.recorded_after_update(losses, want["losses"], "append it right after the forward pass and the loss at "
                                 "the top of the loop, before the backward pass.")
    for hidden in range(1, len(shapes)):
        if not expect.close(first, expected) and expect.close(first, _loss_without_relu(want, shapes, sigmoid,
                                                                                        regularization, hidden)):
            expect.fail(f"The loss of the first step is {first:.6g}, but from the same starting weights the "
                        f"reference's is {expected:.6g}: that is the loss of the network without the ReLU after "
                        f"dense{hidden}, dense{hidden + 1} given dense{hidden}.output. Run "
                        f"activation{hidden}.forward(dense{hidden}.output) and give dense{hidden + 1} "
                        f"activation{hidden}.output, in the forward pass and in predict.")
    if not expect.close(first, expected):
        expect.fail(f"The loss of the first step is {first:.6g}, but from the same starting weights the reference's "
                    f"is {expected:.6g}: the forward pass or the loss differs. Does every layer run in order, and "
                    "is the loss computed from the last activation's output?")
    last = len(shapes)
    for number in range(last, 0, -1):
        count = got[f"backwards{number}"]
        expect.true(not (isinstance(count, int) and count == 0), f"dense{number}.backward was never called while "
                    "training: run the backward pass through every layer, last to first.")
        _activation_backward_run(got, want, number, last, sigmoid)
        expect.array(got[f"dweights{number}"], want[f"dweights{number}"], f"dense{number}.dweights in the first step")
    # Before the update, which they change: said as settings, not as an update that differs.
    expect.adam_defaults_kept(got["adam_defaults"], want["adam_defaults"], "The training function")
    expect.optimizers_act_as_one(got["optimizers_apart"], len(want["losses"]), function)
    for number in range(1, last + 1):
        start, updated = want[f"start_weights{number}"], got[f"updated_weights{number}"]
        never = f"The weights of dense{number} did not change in the first step: " + (
            expect.no_step_made(got["first_step_calls"], last) or f"call optimizer.update_params(dense{number}) "
            "between pre_update_params and post_update_params.")
        expect.true(updated is not None, never)
        updated = expect.as_array(updated, f"dense{number}.weights after the first step", start.shape)
        expect.true(not np.array_equal(updated, start), never)
        if updated.shape == start.shape:
            if not expect.close(updated, want[f"updated_weights{number}"]):
                # Where the update differs, the order of the optimizer's calls may say why.
                expect.optimizer_step_order(got["first_step_calls"], without_pre=False)
            _step_size(updated.astype(float) - start, want[f"updated_weights{number}"] - start, number, optimizer)
        expect.array(updated, want[f"updated_weights{number}"], f"dense{number}.weights after the first step")


def _loss_without_relu(want, shapes, sigmoid, regularization, hidden):
    """The first step's loss from the fixed start with the ReLU after dense`hidden` left out: binary cross-entropy of
    a sigmoid (plus `regularization`), or the mean squared error of a linear output."""
    values = np.asarray(want["inputs"], dtype=float)
    with np.errstate(all="ignore"):
        for number in range(1, len(shapes) + 1):
            values = values @ want[f"start_weights{number}"] + want[f"start_biases{number}"]
            if number < len(shapes) and number != hidden:
                values = np.maximum(0, values)
        y = np.reshape(want["targets"], (-1, 1)).astype(float)
        if not sigmoid:
            return float(np.mean((y - values) ** 2))
        output = np.clip(1 / (1 + np.exp(-values)), 1e-7, 1 - 1e-7)
        return float(np.mean(-(y * np.log(output) + (1 - y) * np.log(1 - output)))) + regularization


def _activation_backward_run(got, want, number, last, sigmoid):
    """dense`number`.backward must get the dinputs of the activation after it, not what went into that
    activation's backward pass: the gradient of its output rather than of its inputs. `sigmoid`: the network
    ends in a sigmoid with binary cross-entropy (chapter 16); a hidden layer's activation is a ReLU."""
    given, expected = got[f"given{number}"], want[f"given{number}"]
    if not (isinstance(given, np.ndarray) and isinstance(expected, np.ndarray) and given.shape == expected.shape):
        return
    if number < last:
        skipped = want[f"given{number + 1}"] @ want[f"start_weights{number + 1}"].T
        said = (f"dense{number}.backward was given dense{number + 1}.dinputs: the ReLU's backward pass between them "
                f"was left out, or gives back its dvalues unchanged (it sets them to 0 where the ReLU's inputs were "
                f"0 or less). Run the ReLU's backward on dense{number + 1}.dinputs, then give its dinputs to "
                f"dense{number}.backward.")
    elif sigmoid:
        # The sigmoid with binary cross-entropy hands back (s - y) / samples, so s is found again from it.
        y = np.reshape(want["targets"], (-1, 1)).astype(float)
        samples = len(y)
        output = y + samples * expected
        with np.errstate(all="ignore"):
            skipped = -(y / output - (1 - y) / (1 - output)) / samples
        said = ("dense2.backward was given the loss's dinputs: the sigmoid's backward pass was left out, or gives back "
                "its dvalues unchanged. Run the sigmoid activation's backward on loss_function.dinputs, then give "
                "its dinputs to dense2.backward.")
        # The loss's backward given dense2's raw scores z where the sigmoid's outputs belong, then the sigmoid's.
        with np.errstate(all="ignore"):
            scores = np.log(output / (1 - output))
            clipped = np.clip(scores, 1e-7, 1 - 1e-7)
            from_scores = -(y / clipped - (1 - y) / (1 - clipped)) / samples * output * (1 - output)
        if not expect.close(given, expected) and expect.close(given, from_scores):
            expect.fail("dense2.backward was given what the sigmoid's backward made of the loss's gradient at "
                        "dense2.output, the raw scores: the loss's backward takes the sigmoid's outputs, as its "
                        "forward does, loss_function.backward(activation2.output, y).")
    else:
        return
    if not expect.close(given, expected) and expect.close(given, skipped):
        expect.fail(named("wrong_backward_input", said))
    # Else the activation's own backward pass, between the stage after it and dense`number`, is the first stage off.
    activation, hint = (("the ReLU after dense" + str(number), "Has each hidden layer a ReLU object of its own, "
                         "whose backward pass lets the gradient through where its own input was positive? See "
                         "chapter 9.") if number < last else
                        ("the sigmoid", "The sigmoid's dinputs come from the loss's: are both backward passes "
                         "the given ones (the sigmoid's derivative is s · (1 - s)), run on activation2.output and "
                         "y? See chapter 16."))
    try:
        expect.array(given, expected, f"the gradient dense{number}.backward was given in the first step, the "
                     f"dinputs of {activation}'s backward pass,", samples=len(expected))
    except expect.Mismatch as mismatch:
        mismatch.hint = mismatch.hint or hint
        raise


def _step_size(moved, expected, number, optimizer):
    """A first update that is the reference's times one factor points at the learning rate."""
    moving = expected != 0
    with np.errstate(all="ignore"):
        factor = expect.median(moved[moving] / expected[moving]) if moving.any() else 1.0
    if abs(factor - 1) > 1e-3 and expect.close(moved, factor * expected):
        expect.fail(f"In the first step dense{number}.weights moved {factor:.4g} times as far as the reference's do: "
                    f"is the optimizer {optimizer}?", "optimizer_settings")


def _every_step(got, want, shapes, optimizer):
    """Every step runs each stage once; the optimizer is the one the chapter uses."""
    steps = len(want["losses"])
    expect.true(_same(got["optimizer"], want["optimizer"]), named(
        "optimizer_settings", f"The optimizer has learning_rate and decay {got['optimizer']}; the chapter uses "
                              f"{optimizer}, so {want['optimizer']}."))
    built = got["optimizers"]
    expect.true(not (isinstance(built, int) and built > 1), f"In {steps} steps {built} different Optimizer_Adam "
                "updated the layers" + (": built inside the loop, every step starts a new optimizer, with no "
                                        "momentums or caches and its iterations at 0, so the learning rate never "
                                        "decays. Build it once, before the loop." if built == steps else
                                        ": one optimizer updates every layer, so that its pre_update_params and "
                                        "post_update_params run once per step and its iterations count the steps."))
    calls = got["calls"] if isinstance(got["calls"], dict) else {}
    # Every stage ran as often as every other, fewer times than the steps: the loop itself is short.
    counts = [got[f"{stage}{number}"] for stage in ("forwards", "backwards") for number in range(1, len(shapes) + 1)]
    ran = counts[0]
    expect.true(not (isinstance(ran, int) and 0 < ran < steps and counts == [ran] * len(counts)
                     and calls.get("post_update_params") == ran),
                f"train ran {expect.counted(ran, 'step')} of {steps}, each with its forward pass, backward pass and "
                f"update: the loop stops {expect.counted(steps - ran if isinstance(ran, int) else 0, 'step')} short. "
                "Loop for range(steps), which runs steps times from 0.")
    for number in range(1, len(shapes) + 1):
        # A forward pass more (a predict that prints the accuracy as it trains) changes nothing the steps compute.
        count = got[f"forwards{number}"]
        expect.true(isinstance(count, int) and count >= steps, f"In {steps} steps dense{number}.forward ran "
                    f"{expect.counted(count, 'time')}; expected at least once per step: each step starts with a "
                    "forward pass on the weights the step before left.")
        count = got[f"backwards{number}"]
        expect.true(isinstance(count, int) and count == steps, f"In {steps} steps dense{number}.backward ran "
                    f"{expect.counted(count, 'time')}; expected once per step, and no steps of your own number: "
                    "loop for range(steps).")
    for name, expected in (("pre_update_params", steps), ("update_params", len(shapes) * steps),
                           ("post_update_params", steps)):
        count = calls.get(name)
        expect.true(isinstance(count, int) and count == expected, f"In {steps} steps optimizer.{name} was called "
                    f"{expect.counted(count, 'time')}; expected {expected}" + (", once per dense layer per step."
                                                               if name == "update_params" else ", once per step."))
    # The decay these chapters use is too small for the weights to show an update made at the step before's rate.
    expect.optimizer_step_order(got["first_step_calls"], without_pre=False)
    for number in range(1, len(shapes) + 1):
        expect.array(got[f"weights{number}"], want[f"weights{number}"], f"dense{number}.weights after {steps} steps")


BINARY_SHAPES = ((2, 64), (64, 1))
REGRESSION_SHAPES = ((1, 64), (64, 64), (64, 1))
BINARY_OPTIMIZER, REGRESSION_OPTIMIZER = "Optimizer_Adam(decay=5e-7)", "Optimizer_Adam(learning_rate=0.005, decay=1e-3)"


@check("training", hint=("Follow the first step stage by stage: what shape must y have for the loss of a single "
                         "sigmoid output, and does every layer and activation run its backward pass, in reverse "
                         "order? See chapter 16.",
                         "y = y.reshape(-1, 1); then dense1, ReLU, dense2, sigmoid, the loss with its regularisation "
                         "loss, backward in reverse order, and Adam. See chapter 16."))
def test_binary_step(run):
    """train_binary's first step gives the reference's loss, gradients and update, stage by stage"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("dense_forward", "relu_backward", "regularization_loss",
                                                     "loss_calculate", "adam_default_rate", "adam"))
    got, want = run("binary_step")
    _square(got, "dense2", SQUARE)
    _built(got, BINARY_SHAPES)
    expect.optimizer_not_built_at_import(got["optimizer_at_import"], "train_binary")
    expect.true(_same(got["regularizers1"], [0.0, L2, 0.0, L2]) and _same(got["regularizers2"], [0.0] * 4),
                f"The layers' penalties (weight L1, weight L2, bias L1, bias L2) are {got['regularizers1']} and "
                f"{got['regularizers2']}; chapter 16 puts L2 penalties of 5e-4 on the first layer alone: "
                "Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4).")
    regularization = L2 * (np.sum(want["start_weights1"] ** 2) + np.sum(want["start_biases1"] ** 2))
    _first_step(got, want, BINARY_SHAPES, BINARY_OPTIMIZER, "train_binary", regularization, sigmoid=True)


@check("training", depends="binary_step", hint="Every step starts with a fresh forward pass on the current "
       "weights and ends with post_update_params. See chapter 16.")
def test_binary_every_step(run):
    """Every step of train_binary runs each stage once, with Optimizer_Adam(decay=5e-7)"""
    got, want = run("binary_step")
    _every_step(got, want, BINARY_SHAPES, BINARY_OPTIMIZER)


@check("training", hint=("Where does the book change the weights' starting values for regression, and why? "
                         "See chapter 17.",
                         "After building each dense layer: layer.weights = 0.1 * np.random.randn(n_inputs, "
                         "n_neurons); the biases stay zeros. See chapter 17."))
def test_regression_initialisation(run):
    """train_regression starts every dense layer's weights at 0.1 * np.random.randn, its biases at zero"""
    got, want = run("regression_step")
    _built(got, REGRESSION_SHAPES)
    weights = [expect.as_array(got[f"initial{number}"], f"The starting weights of dense{number}")
               for number in (1, 2, 3)]
    pooled = np.concatenate([np.ravel(w) for w in weights]).astype(float)
    with np.errstate(all="ignore"):   # NaN or inf among them: their statistics say so
        spread, centre = float(np.std(pooled)), float(np.mean(pooled))
        spreads = [float(np.std(w.astype(float))) for w in weights]
    # Each layer has 64 weights or more, whose spread is within 10% of the one drawn with.
    left = [f"dense{number}" for number, layer_spread in enumerate(spreads, start=1) if 0.006 < layer_spread < 0.014]
    if 0 < len(left) < len(weights):
        expect.fail(f"The weights of {' and '.join(left)} start with a standard deviation near 0.01: Layer_Dense's "
                    "own 0.01 * np.random.randn. Chapter 17 starts every dense layer at 0.1 * "
                    "np.random.randn(n_inputs, n_neurons), dense1, dense2 and dense3 alike.")
    if 0.008 < spread < 0.012:
        expect.fail(f"The weights start with a standard deviation of {spread:.4f}: 0.01 * np.random.randn, the "
                    "default. From so small a start the regression network barely learns the sine (chapter 17 "
                    "shows its loss stuck near 0.03); start them at 0.1 * np.random.randn(n_inputs, n_neurons).")
    expect.true(0.085 < spread < 0.115 and abs(centre) < 0.01, f"The weights start with mean {centre:.4g} and "
                f"standard deviation {spread:.4g}; 0.1 * np.random.randn(...) gives about 0 and 0.1.")
    for number in (1, 2, 3):
        biases = expect.as_array(got[f"initial_biases{number}"], f"The starting biases of dense{number}")
        with np.errstate(all="ignore"):
            largest = float(np.max(np.abs(biases.astype(float)), initial=0.0))
        expect.true(largest == 0, f"dense{number}'s biases start at values up to {largest:.4g} from zero: "
                    "chapter 17 changes only the weights' start, to 0.1 * np.random.randn(n_inputs, n_neurons); "
                    "the biases start at np.zeros((1, n_neurons)), as Layer_Dense sets them. Leave them so.")


@check("training", hint=("Which network does chapter 17 fit to the sine, and with which optimizer? See chapter 17.",
                         "dense1 (1, 64), ReLU, dense2 (64, 64), ReLU, dense3 (64, 1), linear, mean squared error; "
                         "backward in reverse order, then Adam. See chapter 17."))
def test_regression_step(run):
    """train_regression's first step gives the reference's loss, gradients and update, stage by stage"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("dense_forward", "relu_backward", "linear_forward",
                                                     "regularization_loss", "loss_calculate", "adam"))
    got, want = run("regression_step")
    _square(got, "dense3", REGRESSION_SQUARE)
    _built(got, REGRESSION_SHAPES)
    expect.optimizer_not_built_at_import(got["optimizer_at_import"], "train_regression")
    _first_step(got, want, REGRESSION_SHAPES, REGRESSION_OPTIMIZER, "train_regression")


@check("training", depends="regression_step", hint="Every step starts with a fresh forward pass on the current "
       "weights and ends with post_update_params. See chapter 17.")
def test_regression_every_step(run):
    """Every step of train_regression runs each stage once, with Optimizer_Adam(learning_rate=0.005, decay=1e-3)"""
    got, want = run("regression_step")
    _every_step(got, want, REGRESSION_SHAPES, REGRESSION_OPTIMIZER)


@check("training", depends=("binary_step", "regression_step"), hint="A loss's forward returns one value per sample: "
       "the mean over that sample's outputs, axis=-1. See chapters 16 and 17.")
def test_losses_per_sample(run):
    """The losses return one value per sample while training"""
    for scenario in ("binary_step", "regression_step"):
        got, want = run(scenario)
        expect.true(_same(got["sample_losses"], want["sample_losses"]), f"While training on {want['sample_losses'][0]} "
                    f"samples the loss's forward returned per-sample losses of shape {got['sample_losses']}; "
                    f"expected {want['sample_losses']}. The mean belongs over each sample's outputs, axis=-1, not "
                    "over the samples: Loss.calculate averages over the samples afterwards.")


@check("training", depends=("binary_step", "regression_step"), hint="The defaults are the book's: 10001 "
       "steps (epochs 0 to 10000) and a test share of 0.2, without scaled targets. See chapters 16 and 17.")
def test_defaults(run):
    """train_binary and train_regression train for the book's 10001 steps by default; the split holds out 0.2"""
    got, want = run("defaults")
    # Which parameter of which function each default belongs to (scenarios.defaults).
    parameters = {"train_binary": "train_binary's steps", "train_regression": "train_regression's steps",
                  "test": "split_and_standardize's test", "scale_targets": "split_and_standardize's scale_targets"}
    for name in want:
        expect.true(type(got[name]) is type(want[name]) and got[name] == want[name],
                    f"The default of {parameters.get(name, name)} is {got[name]!r}; expected {want[name]!r}.")


def _follows_the_reference(got, want, function, what):
    """The losses of a run from the reference's starting weights, step by step, as the reference's."""
    expected = np.asarray(want["losses"], dtype=float)
    steps = len(expected)
    losses = expect.one_loss_a_step(got["losses"], steps, f"{function}(X, y, steps={steps})")
    expect.true(losses[-1] < losses[0], f"In {steps} steps {what} the loss went from {losses[0]:.4g} to "
                f"{losses[-1]:.4g}; it should fall (the reference's goes from {expected[0]:.4g} to "
                f"{expected[-1]:.4g}).")
    if not expect.close(losses, expected):
        wrong = int(np.argmax(~np.isclose(losses, expected, rtol=expect.RTOL, atol=0)))
        expect.fail(f"From the same starting weights as the reference's, {what}, the loss of step {wrong + 1} "
                    f"(step = {wrong} in the loop) is "
                    f"{losses[wrong]:.6g} and the reference's {expected[wrong]:.6g}: the first steps match, so a "
                    "later step goes another way. Is the optimizer built once, before the loop, and does every step "
                    "start from the weights the one before left?")


SIGMOID_SKIPPED = named("output_activation_skipped", "These are the outputs of the last dense layer, before the "
                                                      "sigmoid: predict must run the whole forward pass, the sigmoid "
                                                      "included, so that it gives probabilities between 0 and 1.")


@check("training", depends="binary_every_step", hint="If every step matches the reference's, look at the data: "
       "does predict run the forward pass on the inputs it is given? See chapter 16.")
def test_binary_learns_the_spiral(run):
    """train_binary learns the spiral as the reference does in 20 steps from its start; its own start is random"""
    start, _ = run("binary_step")
    for number, shape in enumerate(BINARY_SHAPES, start=1):
        initial = expect.as_array(start[f"initial{number}"], f"The starting weights of dense{number}", shape)
        values = initial.astype(float).ravel()
        # The checks below train from the reference's start: an inf or a NaN in the learner's own shows here alone.
        off = int(np.count_nonzero(~np.isfinite(values)))
        expect.true(not off, f"The starting weights of dense{number} hold "
                    f"{expect.counted(off, 'infinite or NaN value')} among their {values.size}: "
                    "the first forward pass then gives inf or nan, and no step can learn from it. Keep Layer_Dense's "
                    "random start, 0.01 * np.random.randn(n_inputs, n_neurons), as chapter 16 does.")
        # A random start of any scale can learn the spiral; equal weights never can.
        expect.true(values.size > 1 and float(np.ptp(values)) > 0, f"The {values.size} starting weights of "
                    f"dense{number} are all alike: units that start alike get the same gradients and stay alike. "
                    "Keep Layer_Dense's random start, 0.01 * np.random.randn(n_inputs, n_neurons), as chapter 16 "
                    "does.")
    got, want = run("binary_training")
    _follows_the_reference(got, want, "train_binary", "on the spiral")
    # Both shapes first: a predict that answers from the training data shows on the new data's, whose values then
    # need not be blamed.
    shaped = {}
    for outputs, labels, what in (("on_training", "labels", "its training data"),
                                  ("on_validation", "validation_labels", "new spiral data")):
        targets = want[labels].reshape(-1, 1)
        training = (len(want["labels"]), 1)
        likely = {} if targets.shape == training else {training: named(
            "predict_reuses_training", f"As many outputs as the {training[0]} training samples: predict ignored "
            "its inputs argument and answered from the training data (its last pass, or X again). Run the "
            "forward pass on the inputs predict is given, dense1.forward(inputs) and on to activation2.")}
        shaped[outputs] = expect.shape(got[outputs], targets.shape, f"predict on {what}",
                                       "one sigmoid output per sample, a column", likely=likely)
    for outputs, what in (("on_training", "its training data"), ("on_validation", "new spiral data")):
        output, expected = shaped[outputs], want[outputs]
        said = f"predict on {what} after {BINARY_STEPS} steps from the reference's starting weights"
        if output.dtype.kind in "biuf" and np.isin(output, (0, 1)).all() \
                and np.array_equal(output, (expected > 0.5) * 1):
            expect.fail(f"{said} gave classes, 0s and 1s, where the sigmoid's outputs belong: predict returns "
                        "activation2.output, each sample's probability of the class 1; the threshold, (output > "
                        "0.5) * 1, belongs in binary_accuracy.")
        # The sigmoid's input, where predict returned the last dense layer's output.
        logits = np.log(expected) - np.log1p(-expected) if isinstance(expected, np.ndarray) else expected
        expect.array(output, expected, said, mistakes={SIGMOID_SKIPPED: logits})


def _inputs_kept(got, want, function, targets, name):
    """The X and the targets (`targets`, the scenario's key; `name`, the parameter's) a training function was given
    come back to the caller as they were."""
    __tracebackhide__ = True
    arrays = [(got["inputs_after"], want["inputs"], f"The X given to {function}"),
              (got[f"{targets}_after"], want[targets], f"The {name} given to {function}")]
    # The data of a file that calls nnfs.init() are float32, within its rounding of the reference's.
    changed = [(after, before, what) for after, before, what in arrays
               if not (isinstance(after, np.ndarray) and after.shape == before.shape and expect.close(after, before))]
    expect.all_unchanged(changed, f"{function} works on new arrays: {name} = {name}.reshape(-1, 1) makes one, where "
                         f"{name}.shape = (-1, 1) or {name}.resize(...) reshapes the caller's array, and X -= ... or "
                         "np.random.shuffle(X) changes it.")


@check("training", depends="regression_every_step", hint="If every step matches the reference's, look at the "
       "loop: one optimizer for the whole run, and each step's loss recorded. See chapter 17.")
def test_regression_learns_the_sine(run):
    """train_regression fits the sine: 20 steps from the reference's start give its falling losses and outputs"""
    got, want = run("regression_training")
    targets = want["targets"]
    output = expect.shape(got["outputs"], targets.shape, "predict on the sine data", "one output per sample")
    _follows_the_reference(got, want, "train_regression", "on the sine")
    losses = _losses(got)
    expect.true(losses[-1] < SINE_FALL * losses[0], f"In {REGRESSION_STEPS} steps the loss went from "
                f"{losses[0]:.4g} to {losses[-1]:.4g}; it should fall below {SINE_FALL} of where it started.")
    expect.array(output, want["outputs"], f"predict on the sine data after {REGRESSION_STEPS} steps from the "
                 "reference's starting weights")


@check("data", depends=("binary_step", "regression_step"), hint="Does training reshape, scale or shuffle the "
       "arrays it was given, or new ones made from them? See chapter 16.")
def test_training_keeps_inputs(run):
    """train_binary and train_regression leave the X and y they were given as they were"""
    got, want = run("binary_training")
    _inputs_kept(got, want, "train_binary", "labels", "y")
    got, want = run("regression_training")
    _inputs_kept(got, want, "train_regression", "targets", "y")


@figure("regression_learns_the_sine")
def sine_fit(run):
    got, want = run("regression_training")
    outputs = expect.as_array(got["outputs"], "the outputs on the sine data", want["targets"].shape)
    return figures.lines(f"Your network's outputs on the sine data after {REGRESSION_STEPS} steps, with the "
                         "reference's and the targets", np.ravel(want["inputs"]),
                         {"yours": np.ravel(outputs), "reference": np.ravel(want["outputs"]),
                          "targets": np.ravel(want["targets"])})


def _split_parts(value, what):
    expect.true(isinstance(value, (tuple, list)) and len(value) == 4, f"{what} returned {expect.type_name(value)}; "
                "expected four arrays: X_train, y_train, X_test, y_test.")
    return [expect.as_array(part, f"{name} from {what}") for part, name in
            zip(value, ("X_train", "y_train", "X_test", "y_test"))]


def _where(y_train, y_test):
    """The indices of the given samples each returned target came from: the targets rise with the index, and
    scaling keeps their order."""
    ranks = np.argsort(np.argsort(np.concatenate([y_train.ravel(), y_test.ravel()]), kind="stable"), kind="stable")
    return ranks[:len(y_train)], ranks[len(y_train):]


def _where_by_features(X, X_train, X_test):
    """The indices of the given samples each returned row came from, by the first feature: standardising keeps
    its order, and its values are distinct. For targets scaled in a way of their own, whose order across the two
    sets then says nothing."""
    ranks = np.argsort(np.argsort(np.concatenate([X_train[:, 0], X_test[:, 0]]), kind="stable"), kind="stable")
    indices = np.argsort(X[:, 0], kind="stable")[ranks]
    return indices[:len(X_train)], indices[len(X_train):]


def _kept_together(X, X_train, X_test, train, test, what):
    """Where the rows returned are the training statistics' standardisation of whole samples, but not of the
    samples their targets came from (`train`, `test`), X and y were shuffled apart."""
    rows = _where_by_features(X, X_train, X_test)
    mean, std = X[rows[0]].mean(axis=0), X[rows[0]].std(axis=0)
    if all(part.shape == X[where].shape and expect.close(part, (X[where] - mean) / std)
           for part, where in zip((X_train, X_test), rows)):
        expect.kept_together(np.concatenate(rows) != np.concatenate([train, test]), what, "targets")


SAMPLE_STD = ("The standard deviation divides by n - 1 (ddof=1, the sample standard deviation, pandas' default): "
              "NumPy's np.std divides by n, ddof=0, as the book's does.")


def _split(got, want, key, what, by_features=False):
    X = want["X"]
    X_train, y_train, X_test, y_test = _split_parts(got[key], what)
    n_test = int(len(X) * 0.2)
    expect.true(not (y_train.shape == (n_test, X.shape[1]) and X_test.shape[:1] == (len(X) - n_test,)),
                f"{what} returned X_train, X_test, y_train, y_test, scikit-learn's train_test_split order; this "
                "function returns X_train, y_train, X_test, y_test.")
    for part, name, shape in ((X_train, "X_train", (len(X) - n_test, 3)), (y_train, "y_train", (len(X) - n_test, 1)),
                              (X_test, "X_test", (n_test, 3)), (y_test, "y_test", (n_test, 1))):
        expect.shape(part, shape, f"{name} from {what}", f"{n_test} of {len(X)} samples held out for testing, "
                     "the targets as a column", likely={(shape[0],): "The targets must be a column, "
                                                                     "y.reshape(-1, 1), as chapters 16 and 17 need."})
    train, test = _where_by_features(X, X_train, X_test) if by_features else _where(y_train, y_test)
    expect.true(len(set(np.round(np.concatenate([y_train, y_test]).ravel(), 9))) == len(X), f"{what} put some "
                "samples into both sets, or into one twice: every sample goes to exactly one of them.")
    after, y_after = (got["X_after"], got["y_after"]) if key == "plain" else (None, None)
    as_they_came = np.array_equal(np.sort(test), np.arange(n_test)) or np.array_equal(np.sort(test),
                                                                                      np.arange(len(X) - n_test, len(X)))
    # X shuffled in place, y left as it came (its test share the first or last targets): the targets, which tell the
    # samples apart, are no longer theirs.
    expect.true(not (as_they_came and isinstance(after, np.ndarray) and after.shape == X.shape
                     and not np.array_equal(after, X) and np.array_equal(np.sort(after, axis=0), np.sort(X, axis=0))
                     and isinstance(y_after, np.ndarray) and np.array_equal(y_after, want["y"])),
                f"{what} shuffled the X it was given in place (np.random.shuffle(X)), and not y with it: the targets "
                "no longer go with their samples, and the caller's X comes back reordered. Shuffle an index, keys = "
                "np.array(range(len(X))) with np.random.shuffle(keys), and take X[keys] and y[keys], as the book "
                "does.")
    expect.true(not as_they_came, f"{what} held out the first or last {n_test} samples as "
                "they came: shuffle X and y together before splitting (data often come sorted).")
    if not by_features:
        _kept_together(X, X_train, X_test, train, test, what)
    for part, rows, name in ((X_train, train, "X_train"), (X_test, test, "X_test")):
        # Data made float32 before standardising lose digits as a feature's mean far from 0 is subtracted (up to
        # 1e-4 here): such a part is compared with the same work, right and wrong, done in float32.
        data = X.astype(np.float32) if getattr(part, "dtype", None) == np.float32 else X
        mean, std = data[train].mean(axis=0), data[train].std(axis=0)
        # The rows are found by their targets, y_train and y_test: the samples judged are the ones they go with.
        expect.array(part, (data[rows] - mean) / std, f"{name} from {what} (its rows those of y_{name[2:]})", mistakes={
            "The features were standardised with the mean and standard deviation of all the data, test samples "
            "included: the test data leaked into the preprocessing. Use X_train's statistics alone.":
                (data[rows] - data.mean(axis=0)) / data.std(axis=0),
            **({"X_test was standardised with its own mean and standard deviation: the test data are scaled with "
                "X_train's statistics, as new data would be, (X_test - mean) / std with mean and std of X_train.":
                    (data[rows] - data[rows].mean(axis=0)) / data[rows].std(axis=0)} if name == "X_test" else {}),
            "The features were standardised with one mean and standard deviation for the whole array; each "
            "feature needs its own, axis=0.": (data[rows] - data[train].mean()) / data[train].std(),
            "Each feature's mean was subtracted, but the features were divided by one standard deviation of the "
            "whole array: each feature needs its own, X_train.std(axis=0).": (data[rows] - mean) / data[train].std(),
            "The features were divided by their own standard deviations, but one mean of the whole array was "
            "subtracted: each feature needs its own, X_train.mean(axis=0).":
                (data[rows] - data[train].mean()) / std,
            SAMPLE_STD: (data[rows] - mean) / data[train].std(axis=0, ddof=1),
        })
    return y_train, y_test, train, test


@check("data", hint=("Which rows go to the test share if the data come sorted, and whose mean and standard deviation "
                     "may scale the test data? See chapters 12 and 13.",
                     "keys = np.array(range(len(X))); np.random.shuffle(keys); split; then mean and std of "
                     "X_train along axis=0, applied to both parts. See chapters 12 and 13."))
def test_split_and_standardize(run):
    """split_and_standardize shuffles, holds out the test share and scales with the training data's statistics"""
    got, want = run("split")
    y_train, y_test, train, test = _split(got, want, "plain", "split_and_standardize(X, y, test=0.2)")
    y = want["y"].reshape(-1, 1)
    expect.array(y_train, y[train], "y_train from split_and_standardize(X, y)", mistakes={
        "The targets were standardised though scale_targets is False, its default: scale them only when asked, "
        "if scale_targets:, and return them as they came otherwise.": (y[train] - y[train].mean()) / y[train].std()})
    for name in ("X", "y"):
        after = got[f"{name}_after"]
        expect.true(isinstance(after, np.ndarray) and np.array_equal(after, want[name]), f"split_and_standardize "
                    f"changed the {name} it was given (shuffled, scaled or centred in place): the caller's arrays "
                    "stay as they were. Shuffle an index, keys = np.array(range(len(X))) with "
                    "np.random.shuffle(keys), take X[keys] and y[keys], as the book does, and standardise the new "
                    "arrays.")
    held_out = got["held_out_of_48"]
    expect.true(held_out == want["held_out_of_48"], f"split_and_standardize(X, y, test=0.2) held out {held_out!r} "
                f"of 48 samples; {want['held_out_of_48']} was expected: 48 * 0.2 is 9.6, and the share held out is "
                "rounded down, int(len(X) * test), as the README says.")
    half = got["held_out_of_half"]
    expect.true(half == want["held_out_of_half"], f"split_and_standardize(X, y, test=0.5) held out {half!r} of 50 "
                f"samples; {want['held_out_of_half']} was expected: is the share held out written into the code? "
                "Hold out int(len(X) * test).")
    trained_on, held = got["trained_on_of_5"], got["held_out_of_5"]
    if isinstance(trained_on, str):
        expect.fail(f"split_and_standardize(X, y, test=0.1) on 5 samples, where int(5 * 0.1) holds out none, "
                    f"raised {trained_on}. A test share that rounds down to 0 leaves every sample for training.")
    expect.true((trained_on, held) == (want["trained_on_of_5"], want["held_out_of_5"]), f"split_and_standardize(X, y, "
                f"test=0.1) on 5 samples trained on {trained_on!r} and held out {held!r}; expected "
                f"{want['trained_on_of_5']} and {want['held_out_of_5']}: int(5 * 0.1) is 0, none held out. A slice "
                "from the end, X[-n_test:], is the whole of X when n_test is 0, and X[:-n_test] none of it: slice "
                "from the start, X[:n_test] for the test part and X[n_test:] for training.")
    _seeded_by_the_program(got["by_seed"])


def _seeded_by_the_program(by_seed):
    """The test sets after np.random.seed(1), seed(2) and seed(1) again (scenarios._test_sets_by_seed): the program's
    seed decides the split, and the split leaves the program's random numbers to that seed."""
    sets, after = (by_seed.get("sets"), by_seed.get("after")) if isinstance(by_seed, dict) else (None, None)
    if not isinstance(sets, list) or len(sets) != 3 or None in sets:
        return   # a split that does not come back as four arrays fails above
    expect.true(sets[0] != sets[1], "split_and_standardize held out the same samples after np.random.seed(1) as "
                "after np.random.seed(2): it seeds NumPy's generator itself (np.random.seed inside it), or draws from "
                "a seeded generator of its own (np.random.default_rng(42)). Shuffle with np.random, which the program "
                "seeds once, as challenge 12 taught: np.random.shuffle(keys).")
    expect.true(sets[0] == sets[2], "split_and_standardize held out other samples after the same np.random.seed(1): "
                "it draws from a generator of its own (np.random.default_rng()), which np.random.seed does not seed, "
                "so a seeded program's split cannot be made again. Shuffle with np.random: np.random.shuffle(keys).")
    expect.true(not isinstance(after, list) or after[0] != after[1], "After split_and_standardize, np.random gives the "
                "same numbers whatever the program seeded: the function seeds NumPy's generator itself. Leave the "
                "seeding to the program, which seeds once, as challenge 12 taught.")


@check("data", depends="split_and_standardize", hint=("Whose mean and standard deviation may scale the test "
                                                      "targets? See chapters 12 and 17.",
                                                      "The mean and std of y_train alone, applied to y_train and "
                                                      "y_test. See chapter 17."))
def test_targets_scaled_with_training_statistics(run):
    """With scale_targets, the targets are standardised with the training targets' statistics alone"""
    got, want = run("split")
    what = "split_and_standardize(X, y, scale_targets=True)"
    # The features are scaled as split_and_standardize, which passed, scales them: they tell which sample is where.
    y_train, y_test, train, test = _split(got, want, "scaled", what, by_features=True)
    y = want["y"].reshape(-1, 1)
    mean, std = y[train].mean(), y[train].std()
    everything = (y - y.mean()) / y.std()
    own = {"y_train": {}, "y_test": {
        "The test targets were scaled with their own mean and standard deviation: scale them with y_train's, as the "
        "test features are scaled with X_train's.": (y[test] - y[test].mean()) / y[test].std()}}
    for part, rows, name in ((y_train, train, "y_train"), (y_test, test, "y_test")):
        expect.array(part, (y[rows] - mean) / std, f"{name} from {what}", mistakes={
            "The targets were scaled with the mean and standard deviation of all of them, test targets included: "
            "the test data leaked into training. Scale with y_train's statistics alone.": everything[rows],
            "The targets were not scaled at all: with scale_targets=True, y_train becomes (y_train - its mean) / "
            "its standard deviation, and y_test is scaled with those same two numbers.": y[rows],
            SAMPLE_STD: (y[rows] - mean) / y[train].std(ddof=1),
            **own[name]})


def _trained_network(got, want, what):
    """The parameters of the network the training built, as the reference's network has them: of every dense layer
    built, in order, the last one of each of the reference's shapes (a layer built and left unused is passed over)."""
    shapes = [(weights.shape, biases.shape) for weights, biases in want["parameters"]]
    built = got["parameters"] if isinstance(got["parameters"], list) else []
    chosen = [next((pair for pair in reversed(built) if isinstance(pair, list) and len(pair) == 2
                    and np.shape(pair[0]) == weights_shape), None) for weights_shape, _ in shapes]
    return expect.trained_parameters(chosen if None not in chosen else built, shapes, what)


PREDICT_ADVICE = "predict must run the forward pass of the trained layers on the inputs it is given."


@check("training", points=2, depends="binary_learns_the_spiral",
       hint="The same train_binary, on 30 standardised measurements per sample. See chapter 16.")
def test_breast_cancer(run):
    """train_binary tells benign from malignant tumours: 90% right on held-out patients"""
    got, want = run("breast_cancer")
    expect.binary_loss_finite(got["at_the_edges"])
    labels = want["labels"]
    output = expect.shape(got["outputs"], labels.shape, "predict on the held-out patients",
                          "one sigmoid output per sample")
    # The patients are public data: the accuracy is that of the trained network's own parameters, run forward
    # here, and predict must give what they give.
    parameters = _trained_network(got, want, "train_binary's network")
    with np.errstate(all="ignore"):
        computed = expect.dense_network_outputs(want["inputs"], parameters, lambda values: 1 / (1 + np.exp(-values)))
    expect.predicted_by_the_network(output, computed, "predict on the held-out patients", PREDICT_ADVICE)
    accuracy, reference = _binary(computed, labels), _binary(want["outputs"], labels)
    expect.true(accuracy >= CANCER_ACCURACY, f"After {CANCER_STEPS} steps on scikit-learn's breast cancer data, "
                f"from the reference's starting weights, the accuracy on {len(labels)} held-out patients is "
                f"{accuracy:.3f}; at least {CANCER_ACCURACY} was expected (the reference reaches {reference:.3f}). "
                "Does the first layer take X.shape[1] inputs?")


@check("training", points=2, depends="regression_learns_the_sine",
       hint="The same train_regression, on 10 standardised measurements and standardised targets. See chapter 17.")
def test_diabetes(run):
    """train_regression predicts the progression of diabetes better than guessing the mean, on held-out patients"""
    got, want = run("diabetes")
    targets = want["targets"]
    output = expect.shape(got["outputs"], targets.shape, "predict on the held-out patients", "one output per sample")
    parameters = _trained_network(got, want, "train_regression's network")
    computed = expect.dense_network_outputs(want["inputs"], parameters, lambda values: values)
    expect.predicted_by_the_network(output, computed, "predict on the held-out patients", PREDICT_ADVICE)
    with np.errstate(all="ignore"):
        error, reference = float(np.mean((computed - targets) ** 2)), float(np.mean((want["outputs"] - targets) ** 2))
    expect.true(error <= DIABETES_ERROR, f"After {DIABETES_STEPS} steps on scikit-learn's diabetes data the mean "
                f"squared error on {len(targets)} held-out patients is {error:.3f} (in units of the targets' "
                f"variance: always guessing the mean gives about 1); at most {DIABETES_ERROR} was expected (the "
                f"reference's is {reference:.3f}). This run starts from your network's own weights: do they start "
                "as chapter 17's regression does, 0.1 * np.random.randn(n_inputs, n_neurons), with zero biases, "
                "and does the first layer take X.shape[1] inputs?")
