"""Checks for challenge 7: training and validation."""
import re

import numpy as np

from grader import expect
from grader.mistakes import named
from grader.spec import check

STEPS = 500                # train's default
TRAINING_ACCURACY, VALIDATION_ACCURACY = 0.9, 0.85
# float32 work ends within 1e-6 of the reference's loss; the loops that go astray after the first steps end 40% off.
LOSS_TOLERANCE = 0.05


FORWARD_ONLY = ("predict should run only the forward pass, dense1, activation1 and dense2 on the inputs it is given, "
                "and return np.argmax(dense2.output, axis=1): it needs no targets, and the samples it is asked about "
                "have none.")


def _raised(predictions, what, samples, training_samples):
    """Fail where predict raised (scenarios._predicted) on `samples` samples, train having had `training_samples`:
    with the learner's line, and where a loss ran on train's y meanwhile, that that is why."""
    __tracebackhide__ = True
    if not (isinstance(predictions, dict) and isinstance(predictions.get("raised"), str)):
        return
    # An exception's text may end in a space (NumPy's shape mismatch does) before the learner's line.
    raised, other_size = re.sub(r"\s+\(line ", " (line ", predictions["raised"], count=1), samples != training_samples
    if predictions.get("training_targets") is True:
        expect.fail(f"{what} raised {raised}. predict ran the loss with train's y, the {training_samples} targets "
                    "of the training data" + (f", which do not fit the {samples} samples it was given" if other_size
                                              else "") + f". {FORWARD_ONLY}", "predict_reuses_training")
    expect.fail(f"{what} raised {raised}" + (f", on {samples} samples where train had {training_samples}: does "
                                             "predict use something of train's that has the training data's size?"
                                             if other_size else ".") + f" {FORWARD_ONLY}")


def _accuracy(predictions, labels, what, training_samples=None, forward_rows=None):
    """The accuracy of predict's classes; forward_rows: the samples dense1's forward pass got while predict ran
    (None where it did not run), to tell a predict that ignores its inputs from one that answers from the past."""
    _raised(predictions, what, len(labels), training_samples or len(labels))
    if isinstance(predictions, (int, np.integer)) and not isinstance(predictions, bool):
        expect.fail(f"{what} is the single number {predictions}: np.argmax without an axis gives the position of "
                    "the largest value of the whole array, flattened. predict gives each sample's class, the "
                    "largest of each row: np.argmax(output, axis=1).", "lost_axis")
    predictions = expect.as_array(predictions, what, labels.shape)
    classes = int(labels.max()) + 1
    if predictions.shape == (classes,) != labels.shape:
        expect.fail(f"{what} has shape ({classes},), one value per class: np.argmax(output, axis=0) takes the "
                    "largest of each column, the sample that scores highest for each class. predict gives each "
                    "sample's class, the largest of each row: np.argmax(output, axis=1).", "lost_axis")
    if predictions.ndim == 2 and predictions.shape[0] == len(labels):
        expect.fail(f"{what} has shape {predictions.shape}: one row of scores per sample. predict should "
                    "return class indices, np.argmax(output, axis=1), shape (n,).")
    if training_samples and predictions.shape == (training_samples,) != labels.shape:
        if type(forward_rows) is int and forward_rows == training_samples:
            expect.fail(f"{what} gave {training_samples} classes for {len(labels)} samples: predict ignored its "
                        f"inputs argument. It ran the forward pass again, but on the {training_samples} samples of "
                        "the training X that train was given, so it gives the same classes whatever inputs it "
                        "gets. Run dense1.forward(inputs), on the inputs predict is given.", "predict_reuses_training")
        expect.fail(f"{what} gave {training_samples} classes for {len(labels)} samples: as many as the training "
                    "set has. predict answered from the last training pass; run the forward pass on the inputs "
                    "it is given.", "predict_reuses_training")
    expect.true(predictions.shape == labels.shape, f"{what} has shape {predictions.shape}; expected "
                f"{labels.shape}, one class index per sample.")
    return float(np.mean(predictions == labels))


@check("training", hint="The step budget is the steps argument: one loss per step, no more. See chapter 10.")
def test_step_budget(run):
    """train(X, y, steps) runs exactly `steps` training steps and returns one loss per step; steps defaults to 500"""
    got, want = run("training")
    steps = len(want["losses"])
    losses = expect.one_loss_a_step(got["losses"], steps, f"train(X, y, steps={steps})")
    expect.finite_losses(losses, batches=False)
    default = got["default_steps"]
    if type(default) is not int:   # the signature does not show the default: the scenario counted a run without steps
        default = len(expect.losses(got["default_losses"]))
    expect.true(default == STEPS, f"train(X, y), with steps at its default, runs {default} steps; expected "
                f"{STEPS}. Give steps the default {STEPS}: def train(X, y, steps={STEPS}).")


def _first_step(want):
    """What the first step computes from the fixed start, and what two known mistakes would compute instead."""
    inputs, labels = want["inputs"], want["labels"]
    w1, b1, w2, b2 = (want[name] for name in ("start_weights1", "start_biases1", "start_weights2", "start_biases2"))
    hidden_inputs = inputs @ w1 + b1
    hidden = np.maximum(0, hidden_inputs)
    logits = hidden @ w2 + b2
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    one_hot = np.eye(logits.shape[1])[labels]
    dlogits = (exp / exp.sum(axis=1, keepdims=True) - one_hot) / len(inputs)
    dlogits_from_logits = (logits - one_hot) / len(inputs)
    probabilities = np.clip(exp / exp.sum(axis=1, keepdims=True), 1e-7, 1 - 1e-7)
    return {
        # What each forward pass left, which a backward pass may be given instead of a gradient.
        "outputs": {"dense1.output": hidden_inputs, "activation1.output": hidden, "dense2.output": logits,
                    "loss_activation.output": exp / exp.sum(axis=1, keepdims=True)},
        "logits_dweights2": hidden.T @ dlogits_from_logits,
        "logits_dweights1": inputs.T @ ((dlogits_from_logits @ w2.T) * (hidden_inputs > 0)),
        "no_relu_dweights1": inputs.T @ (dlogits @ w2.T),
        # The cross-entropy's gradient with respect to the probabilities, given to dense2 as if to the scores.
        "probabilities_dweights2": hidden.T @ (-one_hot / probabilities / len(inputs)),
        # The cross-entropy of the raw scores themselves, clipped as the loss clips probabilities.
        "loss_of_logits": float(np.mean(-np.log(np.clip(logits[range(len(labels)), labels], 1e-7, 1 - 1e-7)))),
        "loss_without_relu": _cross_entropy(hidden_inputs @ w2 + b2, labels),
        "loss_of_rectified_scores": _cross_entropy(np.maximum(0, logits), labels),
    }


def _cross_entropy(logits, labels):
    """The mean categorical cross-entropy of softmax(logits) for class indices `labels` (chapter 5)."""
    probabilities = np.clip(expect.softmax(logits), 1e-7, 1 - 1e-7)
    return float(np.mean(-np.log(probabilities[range(len(labels)), labels])))


LOGITS_INTO_BACKWARD = named("wrong_backward_input", "The combined softmax and cross-entropy backward was given "
                                                     "the logits (dense2.output); give it the softmax output, "
                                                     "loss_activation.backward(loss_activation.output, y).")


def _built(got, number, shape):
    expect.true(got[f"built{number}"] is True or got[f"built_at_import{number}"] is not True,
                f"Your file builds a Layer_Dense{shape} when it is imported, at its top level, and train trains "
                "that one: build the layers inside train, so that each call trains a network of its own from the "
                "start (a second call would go on from the first one's weights), which is also how the check "
                "watches them.")
    expect.true(got[f"built{number}"] is True, f"train built no Layer_Dense{shape} that the check could see: the "
                "network is Layer_Dense(2, 64), ReLU, Layer_Dense(64, 3), built by calling the classes in your file "
                "(Layer_Dense(2, 64)), by their names or through a dict, list or default argument of your file, "
                "which is how the check watches them; not through an object's attribute, a closure or "
                "functools.partial.")


@check("training", hint="One step is: forward through dense1, ReLU, dense2 and the combined softmax and loss; "
       "backward in reverse order, each layer taking the dinputs of the one after it; then the optimizer. "
       "See chapter 10.")
def test_training_step(run):
    """One training step gives the reference's loss, gradients and update, stage by stage"""
    # The stub's classes decide every stage: a fault in them is told first, not as a stage of train.
    expect.given_code_kept(*run("given_code"))
    got, want = run("training_step")
    _built(got, 1, (2, 64))
    _built(got, 2, (64, 3))
    losses = expect.losses(got["losses"])
    expect.true(len(losses) > 0, "train returned no losses: record the loss of every step.")
    expect.not_per_sample(got["losses"], len(want["losses"]), "train")
    first, expected = float(losses[0]), float(want["losses"][0])
    expect.recorded_after_update(losses, want["losses"], "losses.append(loss_activation.forward(dense2.output, y)) "
                                 "before the backward pass.")
    if len(losses) != len(want["losses"]) and not expect.close(first, expected):
        # Too few or too many losses, the first of them not the first step's: the list, not the forward pass.
        at = next((step for step, loss in enumerate(want["losses"]) if expect.close(first, float(loss))), None)
        expect.fail(f"train returned {expect.counted(len(losses), 'loss')} for {len(want['losses'])} steps, and the "
                    f"first, {first:.6g}, is not the first step's ({expected:.6g})" + (
                        f" but the reference's at step {at}: the list kept a later step's loss alone (built after "
                        "the loop, losses = [loss]?). Append each step's loss inside the loop, losses.append(loss)."
                        if at is not None else
                        ": record one loss per step, in order, losses.append(loss) inside the loop."))
    samples = len(want["labels"])
    if not expect.close(first, expected) and expect.close(first, expected * samples):
        expect.fail(f"The loss of the first step is {first:.6g}, {samples} times the reference's {expected:.6g}: "
                    f"{samples} is the number of samples, and the loss is their mean, which "
                    "loss_activation.forward returns already. Record it as it is.", "batch_factor")
    mistakes = _first_step(want)
    if not expect.close(first, expected) and expect.close(first, mistakes["loss_of_logits"]):
        expect.fail(f"The loss of the first step is {first:.6g}, but from the same starting weights the reference's "
                    f"is {expected:.6g}: that is the cross-entropy of the raw scores, dense2.output, as if they were "
                    "probabilities. The loss takes the softmax's probabilities: record what "
                    "loss_activation.forward(dense2.output, y) returns.")
    if not expect.close(first, expected) and expect.close(first, mistakes["loss_without_relu"]):
        expect.fail(f"The loss of the first step is {first:.6g}, but from the same starting weights the reference's "
                    f"is {expected:.6g}: that is the loss of the network without its ReLU, dense2 given dense1.output. "
                    "Each step runs activation1.forward(dense1.output) and gives dense2 activation1.output.")
    if not expect.close(first, expected) and expect.close(first, mistakes["loss_of_rectified_scores"]):
        expect.fail(f"The loss of the first step is {first:.6g}, but from the same starting weights the reference's "
                    f"is {expected:.6g}: that is the loss of dense2's scores after a ReLU. The output layer has no "
                    "ReLU: the softmax takes dense2.output as it is, loss_activation.forward(dense2.output, y).")
    if not expect.close(first, expected):
        _inputs_kept(got)
        _whole_inputs(got)
        expect.fail(f"The loss of the first step is {first:.6g}, but from the same starting weights the reference's "
                    f"is {expected:.6g}: the forward pass or the loss differs. Is the loss computed from "
                    "dense2.output, after dense1, activation1 and dense2 ran in that order on X?")
    if not all(isinstance(got[name], np.ndarray) and expect.close(got[name], want[name])
               for name in ("dweights2", "dweights1")):
        _inputs_kept(got)
        # Inputs scaled down barely move the first loss, but every gradient.
        _whole_inputs(got)
    _backward_ran(got)
    for number, given in ((2, "the combined loss's dinputs"), (1, "activation1.dinputs")):
        calls = got[f"backwards{number}"]   # how often the watch saw it run: a count, unless forged
        expect.true(type(calls) is int and calls > 0, f"dense{number}.backward was never called while training: "
                    f"after the loss's backward, call dense{number}.backward({given}).")
    _given_an_output(got["dvalues2"], mistakes["outputs"], "dense2", "loss_activation.dinputs")
    expect.array(got["dweights2"], want["dweights2"], "dense2.dweights in the first step", mistakes={
        LOGITS_INTO_BACKWARD: mistakes["logits_dweights2"],
        named("wrong_backward_input", "dense2.backward was given the cross-entropy's gradient with respect to the "
                                      "probabilities: the softmax's own backward was left out. The combined "
                                      "loss_activation.backward(loss_activation.output, y) takes both in one step; "
                                      "give dense2.backward its loss_activation.dinputs."):
            mistakes["probabilities_dweights2"],
        f"That is {samples} times the gradient, {samples} being the number of samples: the loss is their mean, so "
        "its gradient is divided by them, as loss_activation.backward(loss_activation.output, y) does. Pass its "
        "dinputs on as they are.": want["dweights2"] * samples})
    _given_an_output(got["dvalues1"], mistakes["outputs"], "dense1", "activation1.dinputs")
    expect.array(got["dweights1"], want["dweights1"], "dense1.dweights in the first step", mistakes={
        LOGITS_INTO_BACKWARD: mistakes["logits_dweights1"],
        named("wrong_backward_input", "The ReLU's backward was left out, or gives back its dvalues unchanged (it "
                                      "sets them to 0 where the ReLU's inputs were 0 or less): dense1.backward got "
                                      "dense2.dinputs as they were. Call activation1.backward(dense2.dinputs), then "
                                      "dense1.backward(activation1.dinputs)."): mistakes["no_relu_dweights1"],
    })
    for number in (2, 1):
        _bias_gradient(got[f"dbiases{number}"], want[f"dbiases{number}"], f"dense{number}")
    # Several optimizers' calls in one list tell no order: why they do not act as one comes first.
    expect.optimizers_act_as_one(got["optimizers_apart"], len(want["losses"]), "train")
    expect.optimizer_step_order(got["first_step_calls"], without_pre=False)   # every_step counts the calls
    calls = got["calls"] if isinstance(got["calls"], dict) else {}
    changed = [number for number in (1, 2) if isinstance(got[f"weights{number}"], np.ndarray)
               and got[f"weights{number}"].shape == want[f"start_weights{number}"].shape
               and not np.array_equal(got[f"weights{number}"], want[f"start_weights{number}"])]
    expect.optimizer_not_built_at_import(got["optimizer_at_import"], "train")
    expect.true(_count(calls.get("update_params")) != 0 or not changed, "No Optimizer_Adam's update_params ran "
                f"while training, yet the weights of dense{changed[0] if changed else 1} changed: train changed them "
                "another way (by hand, or with an optimizer of another class). Build the Optimizer_Adam the README "
                "names, and at each step call optimizer.pre_update_params(), optimizer.update_params(dense1), "
                "optimizer.update_params(dense2), then optimizer.post_update_params(), as chapter 10 does.")
    # pre_update_params and post_update_params around each layer's update: a step per layer, the second layer's
    # update outside the first step.
    per_layer = (_count(calls.get("update_params")) or 0) > 0 and len({_count(calls.get(name)) for name in calls}) == 1
    # Before the update, which they change: said as settings, not as an update that differs.
    expect.adam_defaults_kept(got["adam_defaults"], want["adam_defaults"], "train")
    for number in (1, 2):
        start, updated = want[f"start_weights{number}"], got[f"updated_weights{number}"]
        never = f"The weights of dense{number} did not change in the first step: " + (
            expect.no_step_made(got["first_step_calls"], 2) or "the weights are never updated. Call "
            f"optimizer.update_params(dense{number}) between pre_ and post_update_params.")
        if number in changed and per_layer:
            never = (f"dense{number} was updated only after post_update_params had ended the first step: "
                     "pre_update_params, update_params and post_update_params ran as often as each other, a step "
                     "per layer. Each step calls optimizer.pre_update_params() once, update_params on each layer, "
                     "then optimizer.post_update_params() once, as chapter 10 does.")
        expect.true(updated is not None, never)
        updated = expect.as_array(updated, f"dense{number}.weights after the first step", start.shape)
        expect.true(not np.array_equal(updated, start), never)
        _update(updated.astype(float) - start if updated.shape == start.shape else updated,
                want[f"updated_weights{number}"] - start, f"dense{number}")
    _optimizer(got["optimizer"], want["optimizer"])
    rows = got["rows_of_600"]
    said = f"raised {rows}" if isinstance(rows, str) else f"gave dense1's first forward pass {rows!r} samples"
    expect.true(rows == 600, f"train on 600 samples {said}: each step of this train is one forward and one backward "
                "pass on the whole of X, however many samples it holds. Is a batch size written into the code?")


BACKWARD_PASS = ("loss_activation.backward(loss_activation.output, y), then dense2.backward(loss_activation.dinputs), "
                 "activation1.backward(dense2.dinputs) and dense1.backward(activation1.dinputs)")


def _backward_ran(got):
    """Where neither dense layer's backward ran: whether the loss's did, so that the message starts where the
    backward pass stopped."""
    __tracebackhide__ = True
    calls = [got["backwards1"], got["backwards2"]]
    if not all(type(count) is int and count == 0 for count in calls):
        return
    built = got["built_times1"]
    if type(built) is int and built > 1:
        # The layers watched are the first built: the backward passes went to the layers built after them.
        expect.fail(f"train built a Layer_Dense(2, 64) {expect.counted(built, 'time')}, and the first one's "
                    "backward never ran: the layers are built inside the loop, so each step makes new ones, from new "
                    "random weights, and no step builds on the one before. Build the layers once, before the loop.")
    if type(got["loss_backwards"]) is int and got["loss_backwards"] > 0:
        expect.fail("The loss's backward ran while training, but neither dense layer's backward did, so the "
                    "optimizer had no gradients of theirs. After it, call dense2.backward(loss_activation.dinputs), "
                    "activation1.backward(dense2.dinputs) and dense1.backward(activation1.dinputs).")
    expect.fail("The backward pass never ran while training: no backward was called, neither the loss's nor a "
                "layer's, so there are no gradients for the optimizer. After the forward pass and the loss, each "
                f"step runs it in reverse order, starting with the loss: {BACKWARD_PASS}.")


def _bias_gradient(got, want, layer):
    """`layer`.dbiases as its first backward left them, against the reference's."""
    __tracebackhide__ = True
    expect.true(not (isinstance(got, np.ndarray) and got.shape == want.shape and not got.any() and want.any()),
                f"{layer}.dbiases in the first step are all 0, where the reference's are not: the backward pass "
                "left them as they were. Does Layer_Dense.backward set self.dbiases = np.sum(dvalues, axis=0, "
                "keepdims=True), with self.?")
    expect.array(got, want, f"{layer}.dbiases in the first step")


def _given_an_output(dvalues, outputs, layer, gradient):
    """Name a forward pass's output given to `layer`.backward in the first step instead of `gradient`."""
    __tracebackhide__ = True
    if not isinstance(dvalues, np.ndarray):
        return
    for name, output in outputs.items():
        if dvalues.shape == output.shape and expect.close(dvalues, output):
            expect.fail(named("wrong_backward_input", f"{layer}.backward was given {name}, what a forward pass "
                                                      f"computed, instead of {gradient}, the gradient that flows "
                                                      f"back: call {layer}.backward({gradient})."))


def _optimizer(settings, expected):
    """The learning rate and decay train gave Optimizer_Adam, which a few steps cannot tell apart from near ones."""
    book = f"Optimizer_Adam(learning_rate={expected[0]:g}, decay={expected[1]:g})"
    expect.true(isinstance(settings, list) and len(settings) == 2
                and all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in settings),
                f"train built no Optimizer_Adam with a learning_rate and a decay: chapter 10 trains with {book}.")
    expect.true(np.allclose(settings, expected, rtol=1e-6, atol=0), named(
        "optimizer_settings", f"train built Optimizer_Adam(learning_rate={settings[0]:g}, decay={settings[1]:g}); "
                              f"chapter 10 trains with {book}."))


def _update(moved, expected, layer):
    """The change one optimizer step made; a uniform factor points at the learning rate."""
    moved = expect.as_array(moved, f"the change of {layer}.weights in the first step", expected.shape)
    moving = expected != 0
    if moved.shape == expected.shape and moving.any() and not np.any(moved[~moving]):
        factor = expect.median(moved[moving] / expected[moving])
        if abs(factor - 1) > 1e-3 and expect.close(moved, factor * expected):
            # Adam's first step moves each weight by about the learning rate, whatever its gradient.
            rate = 0.05 * factor
            default = " (Optimizer_Adam()'s default)" if abs(rate - 0.001) < 1e-6 else ""
            expect.fail(f"In the first step {layer}.weights moved {factor:.4g} times as far as the reference's "
                        f"do, as a learning rate of {rate:.4g}{default} moves them: build the optimizer as "
                        "Optimizer_Adam(learning_rate=0.05, decay=5e-7).", "optimizer_settings")
    expect.array(moved, expected, f"the change of {layer}.weights in the first step")


KEEP_INPUTS = ("train may read X and y, but the caller's arrays must come back as they were given, never changed "
               "by X[:] = ..., X -= ... or np.random.shuffle(X); and chapter 10's train takes them as they come, "
               "with no shuffling or scaling at all.")


def _inputs_kept(got):
    """Data shuffled or changed in place give another loss and other gradients, even where the loss hardly moves (X
    centred): said as what it is, before the forward or the backward pass is blamed. So is X shuffled apart from y:
    a full batch in another order gives the same loss only with its labels in that order too."""
    __tracebackhide__ = True
    expect.unchanged(got["inputs_after"], got["inputs"], "The X given to train", KEEP_INPUTS)
    expect.unchanged(got["labels_after"], got["labels"], "The y given to train", KEEP_INPUTS)
    expect.true(got["first_inputs_order"] != "reordered", "The first forward pass was given the samples of X in "
                "another order than train was given them, and the loss then paired them with labels of other "
                "samples: shuffle X and y with the same keys (keys = np.random.permutation(len(X)), then X[keys] "
                "and y[keys]), or take them as they are.")


def _whole_inputs(got):
    """The first forward pass was given fewer samples than X holds, or values other than X's: said as what it is."""
    __tracebackhide__ = True
    order, rows = got["first_inputs_order"], got["first_inputs_rows"]
    samples = len(got["inputs"])
    expect.true(order != "fewer samples", f"dense1's first forward pass was given {rows!r} samples, where X holds "
                f"{samples}: each step of this train is one forward and one backward pass on the whole of X, as in "
                "chapter 10 (no batches).")
    expect.true(order != "other values", "dense1's first forward pass was given other values than the X train was "
                "given (scaled or standardised?): train on X as it comes.")


# Not after training_step: data changed in place fail that check too, and this one says so under its own name.
@check("training", hint=(
    "The caller's X and y are the caller's: train reads them and leaves them as they were. See chapter 10.",
    "X[:] = X[keys], X -= ... and np.random.shuffle(X) write into the caller's array; X[keys] and X - ... make "
    "new ones. See chapters 10 and 13."))
def test_train_keeps_inputs(run):
    """train leaves the X and y it was given as they were"""
    got, _ = run("training_step")
    # Against the data of the learner's own run: under nnfs.init() the spiral data are drawn from another seed.
    expect.unchanged(got["inputs_after"], got["inputs"], "The X given to train", KEEP_INPUTS)
    expect.unchanged(got["labels_after"], got["labels"], "The y given to train", KEEP_INPUTS)


def _count(value):
    """A count of calls the scenario returned, or None where it is not a whole number."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@check("training", depends="training_step", hint="Every step starts with a fresh forward pass on the current "
       "weights and ends with post_update_params. What does a step reuse from the one before? See chapter 10.")
def test_every_step(run):
    """Every step runs the forward pass, the backward pass and the optimizer's three calls once"""
    got, want = run("training_step")
    steps = len(want["losses"])
    forwards = got["forwards1"] if isinstance(got["forwards1"], int) else None
    if forwards is None:
        expect.fail(f"dense1.forward did not run while training ({got['forwards1']!r} calls).")
    calls = got["calls"] if isinstance(got["calls"], dict) else {}
    expect.true(not (forwards > steps and calls.get("post_update_params") == forwards),
                f"train(X, y, steps={steps}) ran {forwards} steps: loop for range(steps), not a number of your own.")
    counts = [_count(got["backwards1"]), _count(got["backwards2"]), _count(calls.get("post_update_params"))]
    expect.true(not (0 < forwards < steps and counts == [forwards] * 3),
                f"train(X, y, steps={steps}) ran {expect.counted(forwards, 'step')}, each with its forward pass, "
                f"backward pass and update: the loop stops {expect.counted(steps - forwards, 'step')} short. Loop "
                "for range(steps), which runs steps times from 0.")
    built = got["built_times1"] if isinstance(got["built_times1"], int) else 1
    # Layers built beside the trained ones (a copy for predict, a best-weights store) leave the first one's passes
    # whole: only a first layer that ran fewer passes than the steps was replaced.
    expect.true(built <= 1 or forwards >= steps, f"train built a Layer_Dense(2, 64) {expect.counted(built, 'time')} "
                f"in {steps} steps, and the first ran {expect.counted(forwards, 'forward pass')}: build the layers "
                "once, before the loop. A new layer at every step starts from new random weights, so no step builds "
                "on the one before.")
    if forwards < steps:
        expect.fail(f"In {steps} steps dense1.forward ran {expect.counted(forwards, 'time')}: the forward pass runs "
                    "once, before the loop, so every later step computes its gradients from stale outputs of the "
                    "first weights. Run the forward pass and the loss at the start of every step.", "stale_forward")
    for number in (1, 2):
        expect.true(isinstance(got[f"backwards{number}"], int) and got[f"backwards{number}"] == steps,
                    f"In {steps} steps dense{number}.backward ran "
                    f"{expect.counted(got[f'backwards{number}'], 'time')}; expected once per step.")
    # Every call counted wrong is said at once: a learner who left out two of them fixes both in one go.
    wrong = [(name, expected) for name, expected in
             (("pre_update_params", steps), ("update_params", 2 * steps), ("post_update_params", steps))
             if not (isinstance(calls.get(name), int) and calls.get(name) == expected)]
    if wrong:
        said = [f"optimizer.{name} was called {expect.counted(calls.get(name), 'time')} (expected {expected}, once "
                + ("per dense layer per step)" if name == "update_params" else "per step)") for name, expected in wrong]
        never = {name for name, _ in wrong if calls.get(name) == 0}
        expect.fail(f"In {steps} steps " + " and ".join(said) + "."
                    + (" Without post_update_params the step count stays 0, so Adam's bias correction and the decay "
                       "never move on." if "post_update_params" in never else "")
                    + (" Without pre_update_params the learning rate never takes the decay into account."
                       if "pre_update_params" in never else ""),
                    "step_count" if any(name != "update_params" for name, _ in wrong) else None)
    _built_once(got["optimizers_built"], steps)
    # More forward passes than steps are right where they only report (an accuracy printed every 100 steps, or
    # after the loop); the weights say whether one came between a step's forward pass and its backward pass.
    try:
        for number in (1, 2):
            expect.array(got[f"weights{number}"], want[f"weights{number}"],
                         f"dense{number}.weights after {steps} steps")
    except expect.Mismatch as mismatch:
        if forwards > steps:
            expect.fail(f"{str(mismatch).rstrip('.')}. In {steps} steps dense1.forward ran "
                        f"{expect.counted(forwards, 'time')}: if one runs between a step's forward pass and its "
                        "backward pass, it replaces the inputs and outputs the backward pass reads. Run any extra "
                        "forward pass (an accuracy to print, say) after the step's update.")
        raise


def _built_once(optimizers_built, steps):
    """Fail where train built Optimizer_Adam other than once in `steps` steps (`optimizers_built`, its count)."""
    __tracebackhide__ = True
    built = _count(optimizers_built)
    # The book's Adam keeps its momentums and caches on the layers, which a new optimizer finds there: it is the step
    # count, and with it the bias correction and the decay, that starts again.
    expect.true(built == 1, named("step_count", f"train built Optimizer_Adam {expect.counted(built, 'time')} in "
                                                f"{steps} steps: build it once, before the loop. Each new one starts "
                                                "Adam's step count from zero again, so its bias correction and "
                                                "learning-rate decay start over.")
                if built is not None and built > 1 else f"train built Optimizer_Adam {optimizers_built!r:.40} "
                                                        "times; expected once, before the loop.")


@check("training", depends=("step_budget", "every_step"), hint="The first steps match the reference's, so look at "
       "what changes later: Optimizer_Adam(learning_rate=0.05, decay=5e-7) built once, before the loop, and every "
       "step starting from the weights the one before left. See chapter 10.")
def test_loss_goes_down(run):
    """The loss falls while training, as far as the reference's does from the same starting weights"""
    got, want = run("training")
    losses, expected = expect.losses(got["losses"]), np.asarray(want["losses"], dtype=float)
    # The watched steps show an optimizer built again at every step; one built again every few steps shows here.
    expect.optimizers_act_as_one(got["optimizers_apart"], len(expected), "train")
    _built_once(got["optimizers_built"], len(expected))
    window = len(expected) // 6
    start, end = float(np.mean(losses[:window])), float(np.mean(losses[-window:]))
    reference = float(np.mean(expected[-window:]))
    # The reference's weights at the end come of the reference's steps, whose losses are then the reference's too.
    if not (losses.shape == expected.shape and expect.close(losses, expected)) \
            and _same_network(got["network"], want["network"]):
        differs = next((step for step in range(min(len(losses), len(expected)))
                        if not expect.close(losses[step], expected[step])), min(len(losses), len(expected)) - 1)
        expect.fail(f"train ended with the reference's weights, so its steps were the reference's, but the losses "
                    f"it returned are not: the loss of step {differs + 1} (step = {differs} in the loop) is "
                    f"{float(losses[differs]):.6g}, where the reference's is {float(expected[differs]):.6g}. Record "
                    "each step's own loss as it is, "
                    "losses.append(loss_activation.forward(dense2.output, y)).")
    expect.true(end < 0.6 * start, f"The loss went from {start:.3f} (first {window} steps) to {end:.3f} (last "
                f"{window}); it should fall well below 60% of where it started (the reference ends at "
                f"{reference:.3f}).")
    expect.true(abs(end - reference) <= LOSS_TOLERANCE * reference, f"In {len(expected)} steps from the same "
                f"starting weights as the reference's, the loss fell to {end:.3f} (mean of the last {window} steps), "
                f"and the reference's to {reference:.3f}: the first steps match, so a later step goes another way.")


@check("training", depends="loss_goes_down", hint="predict runs the forward pass and returns np.argmax of the "
       "output over the classes. See chapter 10.")
def test_training_accuracy(run):
    """predict reaches 90% accuracy on the training data (the book's vertical data, 60 steps)"""
    got, want = run("training")
    accuracy = _accuracy(got["on_training"], want["labels"], "predict(X) on the training data")
    reference = float(np.mean(want["on_training"] == want["labels"]))
    if accuracy < TRAINING_ACCURACY:
        _predict_without_relu(got, want)
    expect.true(accuracy >= TRAINING_ACCURACY, f"The accuracy on the training data is {accuracy:.3f}; at least "
                f"{TRAINING_ACCURACY} was expected after {len(want['losses'])} steps (the reference reaches "
                f"{reference:.3f}).")
    _classes_of_the_network(got, want, after_changes_told=True)


def _same_network(network, reference):
    """Whether the trained parameters the scenario read, [[weights, biases], ...], are the reference's."""
    return isinstance(network, list) and len(network) == len(reference) and all(
        isinstance(layer, list) and len(layer) == 2 and all(
            isinstance(got, np.ndarray) and got.shape == want.shape and expect.close(got, want)
            for got, want in zip(layer, wanted)) for layer, wanted in zip(network, reference))


def _network_classes(got, want, inputs=None):
    """(the classes the trained network the scenario read gives `inputs` (the judge's own; the training inputs the
    scenario sent back by default), those of the same network without its ReLU), or None where the parameters or
    inputs are not of the reference's shapes.

    Only data and parameters of the reference's shapes are run here, so that what the learner's code sends back
    never sizes what the judge computes."""
    network = got["network"]
    sent_back = inputs is None
    inputs = got["inputs"] if sent_back else inputs
    shapes = [[array.shape for array in layer] for layer in want["network"]]
    if not (isinstance(network, list) and all(isinstance(layer, list) for layer in network)
            and [[getattr(array, "shape", None) for array in layer] for layer in network] == shapes
            and all(isinstance(array, np.ndarray) for layer in (*network, [inputs]) for array in layer)
            and (inputs.shape == want["inputs"].shape if sent_back else inputs.shape[1:] == want["inputs"].shape[1:])):
        return None
    (w1, b1), (w2, b2) = network
    try:
        with np.errstate(all="ignore"):
            hidden = inputs.astype(float) @ w1.astype(float) + b1.astype(float)
            return (np.argmax(np.maximum(0, hidden) @ w2 + b2, axis=1),
                    np.argmax(hidden @ w2 + b2, axis=1))
    except (ValueError, TypeError):    # parameters of shapes no forward pass could use: other checks say so
        return None


def _predict_without_relu(got, want):
    """Fail where predict's classes are those of the trained network run without its ReLU, and not with it."""
    __tracebackhide__ = True
    classes = _network_classes(got, want)
    if classes is None:
        return
    with_relu, without = classes
    predicted = np.asarray(got["on_training"])
    if predicted.shape == without.shape and np.mean(predicted == without) >= 0.98 \
            and np.mean(predicted == with_relu) < 0.98:
        expect.fail("predict(X) gives the classes of the trained network without its ReLU: dense2 was given "
                    "dense1.output. Run activation1.forward(dense1.output) in predict and give dense2 "
                    "activation1.output, as train's forward pass does.")


def _classes_of_the_network(got, want, after_changes_told=False):
    """Fail where predict's classes for points anywhere on the plane are not those the trained network gives them
    (one or two apart allowed, for scores within float32's rounding of each other). `after_changes_told`: let be a
    predict that changed the network, or gave another count of classes than of points, which other checks name."""
    __tracebackhide__ = True
    classes = _network_classes(got, want, want["plane"])
    predicted = got["on_plane"]
    if after_changes_told and isinstance(got["changed_by_predict"], str) and got["changed_by_predict"]:
        return   # the network moved as predict ran: predict_does_not_learn says so
    if classes is None or not isinstance(predicted, np.ndarray):
        return
    if after_changes_told and predicted.shape != classes[0].shape:
        return   # a count of classes that is not the inputs': the held-out data's check tells why first
    if predicted.shape != classes[0].shape:
        expect.fail(f"predict on {len(want['plane'])} points gave classes of shape {predicted.shape}; expected "
                    f"{classes[0].shape}, one class a point: the forward pass runs on all the inputs predict is "
                    "given, however many, and predict returns the argmax of every row.", hint="Does predict run "
                    "the network on the inputs it is given, all of them, and return a class for each? See chapter 10.")
    agree = float(np.mean(predicted == classes[0]))
    expect.true(agree >= 0.99, f"On {len(predicted)} points drawn anywhere in [-10, 10] x [-10, 10], predict gives "
                f"{agree:.0%} the class the trained network gives them: the classes must come from the network "
                "train trained, np.argmax of dense2's output after the forward pass through dense1 and activation1, "
                "not from another rule.")


@check("training", points=2, depends="training_accuracy", hint="Held-out data show whether the network "
       "learned the pattern or memorised the points. See chapter 11.")
def test_validation_accuracy(run):
    """predict reaches 85% accuracy on held-out vertical data it never saw"""
    got, want = run("training")
    accuracy = _accuracy(got["on_validation"], want["validation_labels"], "predict(X) on held-out data",
                         training_samples=len(want["labels"]), forward_rows=got["predict_rows"])
    reference = float(np.mean(want["on_validation"] == want["validation_labels"]))
    expect.true(accuracy >= VALIDATION_ACCURACY, f"The accuracy on held-out data is {accuracy:.3f}; at least "
                f"{VALIDATION_ACCURACY} was expected (the reference reaches {reference:.3f})."
                + (" Does predict run the forward pass on the inputs it is given?"
                   if accuracy < 0.5 else ""))


@check("training", depends="training_accuracy", uses="validation_accuracy", hint="Predicting must never train: no "
       "backward pass or optimizer step inside predict, and no data kept from one call to the next. See chapter 11.")
def test_predict_does_not_learn(run):
    """predict only runs the network: the same inputs give the same classes, and predicting never trains"""
    got, want = run("training")
    for name, labels in (("on_validation", want["validation_labels"]),
                         ("on_validation_again", want["validation_labels"]), ("on_training_again", want["labels"])):
        _raised(got[name], f"predict(inputs) on {len(labels)} samples", len(labels), len(want["labels"]))
    changed = got["changed_by_predict"]
    expect.true(not (isinstance(changed, str) and changed), f"predict changed {changed}: it changed the "
                "network. predict must only run the forward pass.")
    # Against the data of the learner's own run, as train_keeps_inputs: nnfs.init() draws them from another seed.
    expect.unchanged(got["predict_inputs_after"], got["inputs"], "The X given to predict", "predict may read X, "
                     "but the caller's array must come back as it was given: compute into new arrays (X - mean, not "
                     "X -= mean), since the caller may predict on the same data again.")
    for first, again, what in (("on_validation", "on_validation_again", "the held-out data"),
                               ("on_training", "on_training_again", "the training data")):
        before = expect.as_array(got[first], f"predict on {what}")
        after = expect.as_array(got[again], f"predict on {what}, called again")
        expect.true(before.shape == after.shape and np.array_equal(before, after),
                    f"predict on {what} gave other classes when called a second time: it changed the network. "
                    "predict must only run the forward pass.")
    _classes_of_the_network(got, want)
