"""Checks for challenge 10: the Model object."""
import re

import numpy as np

from grader import expect
from grader.mistakes import named
from grader.spec import check

NUMBER = r"([-+\d.naninf]+(?:[eE][-+]?\d+)?)"   # 1.23, -0.5, +0.5, 2.4e-06, 1E+05, nan, inf
VALIDATION_LINE = re.compile(rf"validation, acc: {NUMBER}, loss: {NUMBER}")
# The book's progress lines: every print_every steps, and after every epoch.
PROGRESS_LINE = re.compile(rf"(step: \d+|training), acc: {NUMBER}, loss: {NUMBER} \(data_loss: {NUMBER}, "
                           rf"reg_loss: {NUMBER}\)")
# The batch size of the training the progress check watches: 300 samples make two full batches and one of 44.
BATCH, SAMPLES = 128, 300
PARTIAL = SAMPLES % BATCH
TRAINABLE_LAYERS = 2   # the dense layers of the scenarios' models
SUMMARY_EXAMPLE = expect.SUMMARY_EXAMPLE
# How scenarios.evaluate marks what its last evaluate raised, in place of what it printed.
RAISED = "raised: "
# Said where a second call of train, evaluate or predict, on other data, goes wrong after a first went right.
KEPT_BY_THE_MODEL = ("Does {call} keep something of an earlier call on the model (the number of steps, the {data}, an "
                     "array made once)? Compute the steps and take the batches from the data of each call.")
STEP_EXAMPLE = "step: 0, acc: 0.850, loss: 0.412 (data_loss: 0.400, reg_loss: 0.012), lr: 0.05"


def _mean_of_batches(values, parts=1):
    """The reference's per-batch values split into `parts` runs (epochs) of as many batches, and each run's mean of
    them: what a summary that counts every batch once, whatever its size, gives. None where they cannot be had."""
    if not isinstance(values, list) or not values or len(values) % parts \
            or not all(isinstance(value, float) for value in values):
        return None
    size = len(values) // parts
    return [float(np.mean(values[start:start + size])) for start in range(0, len(values), size)]


def _mean_of_batches_mistake(wrong, samples, last, validation=False):
    """The sentence for a summary whose `wrong` figures ("accuracy", "loss") are the mean of their batches' own;
    `validation`: evaluate's, whose loss leaves the penalties out."""
    named_as = {"accuracy": ("accuracies", "self.accuracy.calculate_accumulated()", "comparisons"),
                "loss": ("losses", "self.loss.calculate_accumulated()" if validation else
                         "self.loss.calculate_accumulated(include_regularization=True)", "sample_losses")}
    plural = " and ".join(named_as[what][0] for what in wrong)
    calls = " and ".join(named_as[what][1] for what in wrong)
    sums = " and ".join(f"np.sum({named_as[what][2]})" for what in wrong)
    return (f"That is the mean of the batches' own {plural}, each batch counted once: the last batch of {last} "
            f"samples weighed as much as a full one of {samples}. The summary is {calls}, whose classes, as given, "
            f"add each batch's {sums} to self.accumulated_sum and its number of samples to self.accumulated_count, "
            "so that each batch weighs by its size: average nothing else yourself, neither in the model nor in "
            "those classes.")


def _averaged_batches(found, means, tolerance):
    """The figures that are wrong, when each of them is the mean of its batches' own values, else None.

    `found`: {"accuracy" or "loss": (the value printed, whether it is right)}; `means`: the same keys to the mean
    of the reference's batches, or None; `tolerance`: the same keys to how far a printed value may be.
    """
    wrong = [what for what, (_, right) in found.items() if not right]
    if wrong and all(means[what] is not None and _printed_close(found[what][0], means[what], tolerance[what])
                     for what in wrong):
        return wrong
    return None


def _validation_numbers(printed, who):
    return expect.printed_numbers(VALIDATION_LINE, printed, who, f"{who} printed no line like 'validation, acc: "
                                  "0.850, loss: 0.412'. evaluate prints it after going through every batch, as the "
                                  "book does.")


def _printed_otherwise(found, references, call):
    """Fails where the validation line holds the right figures written another way than the book's line: swapped,
    the accuracy as a percentage, or with too few decimals."""
    __tracebackhide__ = True
    if all(right for _, right in found.values()):
        return
    numbers = {what: value for what, (value, _) in found.items()}
    stated = " ".join(f"The last validation {what} {call} printed is {numbers[what]:g}, but {references[what]:g} was "
                      "expected." for what, (_, right) in found.items() if not right)
    line = "print(f'validation, acc: {validation_accuracy:.3f}, loss: {validation_loss:.3f}')"

    def near(value, reference):
        return abs(value - reference) <= 2e-2 * abs(reference) + 1e-3

    if near(numbers["accuracy"], references["loss"]) and near(numbers["loss"], references["accuracy"]):
        expect.fail(f"{stated} The two figures are swapped: the book's line is {line}.")
    if not found["accuracy"][1] and near(numbers["accuracy"], 100 * references["accuracy"]):
        expect.fail(f"{stated} That is the accuracy as a percentage: the book's line prints the fraction of samples "
                    f"right, {line}.")
    coarse = [what for what, (value, right) in found.items()
              if not right and any(value == round(references[what], places) for places in (0, 1))]
    if coarse:
        expect.fail(f"{stated} {'Those are the right figures' if len(coarse) > 1 else 'That is the right figure'} "
                    f"with fewer decimals: the book's line prints 3, {line}.")


def _check_validation_numbers(printed, expected, call, batches=None):
    """The last validation line's accuracy and loss, against the reference's, printed to 3 decimals.

    `batches`: (the reference's run of evaluate: its per-batch accuracies and losses, the batch size, the last
    batch's), to recognise a mean of the batches' means.
    """
    numbers = dict(zip(("accuracy", "loss"), _validation_numbers(printed, call)))
    references = dict(zip(("accuracy", "loss"), _validation_numbers(expected, "The reference")))
    found = {what: (numbers[what], abs(numbers[what] - references[what]) <= 2e-2 * abs(references[what]) + 1e-3)
             for what in numbers}
    _printed_otherwise(found, references, call)
    if batches is not None:
        means = {what: _mean_of_batches(batches[0][f"batch_{'accuracies' if what == 'accuracy' else 'losses'}"])
                 for what in found}
        wrong = _averaged_batches(found, {what: mean and mean[0] for what, mean in means.items()},
                                  {"accuracy": 1.6e-3, "loss": 1.6e-3})
        if wrong:
            expect.fail(" ".join(f"The last validation {what} {call} printed is {numbers[what]:g}, but "
                                 f"{references[what]:g} was expected." for what in wrong)
                        + " " + _mean_of_batches_mistake(wrong, *batches[1:], validation=True))
        firsts = {what: batches[0][f"batch_{'accuracies' if what == 'accuracy' else 'losses'}"] for what in found}
        if all(isinstance(values, list) and len(values) > 1 and isinstance(values[0], float)
               for values in firsts.values()) and all(not right for _, right in found.values()) \
                and all(abs(numbers[what] - firsts[what][0]) <= 1.6e-3 for what in found):
            expect.fail(f"{call} printed acc {numbers['accuracy']:g}, loss {numbers['loss']:g}: the figures of its "
                        f"first batch of {batches[1]} alone. The last, partial batch of {batches[2]} was skipped: "
                        "when len(X_val) is not a multiple of batch_size, add one more step, as train and predict "
                        "do.")
        lasts = {what: values[-1] for what, values in firsts.items()
                 if isinstance(values, list) and values and isinstance(values[-1], float)}
        wrong = [what for what, (_, right) in found.items() if not right]
        if wrong and all(what in lasts and abs(numbers[what] - lasts[what]) <= 1.6e-3 for what in wrong):
            expect.fail(" ".join(f"The last validation {what} {call} printed is {numbers[what]:g}, but "
                                 f"{references[what]:g} was expected." for what in wrong)
                        + f" That is the {' and the '.join(wrong)} of the last batch alone, of {batches[2]} samples: "
                        + expect.accumulated_advice(wrong))
    for what, (value, right) in found.items():
        expect.true(right, f"The last validation {what} {call} printed is {value:g}, but {references[what]:g} was "
                    "expected. Does evaluate start a new pass of the loss and the accuracy (new_pass), then accumulate "
                    "them over every batch of the validation data with training=False?")


@check("model", hint="finalize sets prev and next on every layer, collects the layers that have weights, and "
       "hands them to the loss (remember_trainable_layers). See chapter 19.")
def test_finalize_links(run):
    """Model.finalize links the layers in order, finds the trainable ones and gives them to the loss"""
    got, want = run("finalize")
    count, added = got["layer_count"], want["layer_count"]
    expect.true(not (isinstance(count, int) and count > added), f"The second model built holds {count} layers where "
                f"{added} were added: model.layers holds the layers of the model built before it too. Each Model "
                "needs a list of its own, self.layers = [] in __init__, not a class attribute or a default argument "
                "shared by every model.")
    expect.true(got["links"] is True, "After finalize, each layer's next must be the layer after it, and that "
                "layer's prev the one before.")
    expect.true(got["first_prev_has_output"] is True, "The first layer's prev must be a Layer_Input, whose "
                "forward sets output to the data.")
    expect.true(got["last_next_is_loss"] is True, "The last layer's next must be the model's loss" + (
        ": finalize gave it no next at all. The loop links every layer to the one after it, and the last one, "
        "which has none, to self.loss." if got["last_next_set"] is False else "."))
    trainable = got["trainable"]
    expect.true(isinstance(trainable, int) and trainable == 2 and got["trainable_are_dense"] is True,
                f"model.trainable_layers holds {expect.counted(got['trainable'], 'layer')}; expected the 2 dense "
                "layers, the ones with weights.")
    expect.true(got["loss_has_trainable"] is True, "After finalize, the loss " + (
        "holds other layers than model.trainable_layers" if got["loss_given_layers"] is True else "was never given "
        "the trainable layers") + ": finalize must end with self.loss.remember_trainable_layers("
        "self.trainable_layers), or Loss.regularization_loss has no layers to sum the penalties of.")


# Apart from finalize_links, which every check that trains builds on: a list that only a second finalize doubles
# trains right wherever finalize runs once.
@check("model", depends="finalize_links", hint="finalize may run again on the same model, after set gives it another "
       "loss: it finds the trainable layers anew, from an empty list. See chapter 19.")
def test_finalize_again(run):
    """A second Model.finalize finds the same 2 trainable layers, each once"""
    got, _ = run("finalize")
    again = got["trainable_again"]
    if isinstance(again, str):
        expect.fail(f"A second model.finalize() raised {again}: finalize may run again, and "
                    "finds what it finds anew.")
    expect.true(again == 2, f"After a second model.finalize(), model.trainable_layers holds "
                f"{expect.counted(again, 'layer')}; expected the same 2: finalize added them to the list the first "
                "call left, so every step would update them twice. Start it anew in finalize, self.trainable_layers = "
                "[], before adding the layers with weights.")


@check("model", depends="finalize_links", hint=(
    "Without the combined softmax and cross-entropy, which gradient does backward start from, and in which order do "
    "the layers take theirs? See chapter 19.",
    "self.loss.backward(output, y), then for layer in reversed(self.layers): layer.backward(layer.next.dinputs). "
    "See chapter 19."))
def test_backward_through_the_loss(run):
    """Model.backward without the combined softmax and loss: the loss's backward, then every layer from the last"""
    got, want = run("backward_through_the_loss")
    for name, what in (("dweights2", "the last dense layer's dweights"), ("dbiases2", "the last dense layer's dbiases"),
                       ("dweights1", "the first dense layer's dweights"), ("dbiases1", "the first dense layer's dbiases")):
        expect.array(got[name], want[name], f"{what} after model.backward, for a model ending in softmax whose loss "
                     "is a squared error, not categorical cross-entropy,", mistakes={
                         "That is the gradient of the combined softmax and categorical cross-entropy, which holds "
                         "only for that loss: take it only where the last layer is Activation_Softmax and the loss "
                         "Loss_CategoricalCrossentropy, and otherwise start from self.loss.backward(output, y).":
                             want[f"combined_{name}"],
                         **expect.model_layers_left_out(want["kinds"], want["without_each"], name)}
                     if name.startswith("dweights") else None)
    expect.of_another_size(got["after_relu_dweights"], want["after_relu_dweights"], "The dense layer's dweights "
                           "after model.backward, for a model ending in ReLU whose loss is categorical cross-entropy,",
                           "The combined gradient holds only where the last layer is Activation_Softmax and the loss "
                           "Loss_CategoricalCrossentropy, both: any other model starts from self.loss.backward(output, "
                           "y).")


@check("model", hint=("A model loaded from a file is given its loss and accuracy again, but no optimizer: what must "
                      "set do with an argument left out? See chapter 21.",
                      "set keeps each of loss, optimizer and accuracy that is given: if loss is not None: self.loss "
                      "= loss, and the same for the other two. See chapter 21."))
def test_set_keeps_given(run):
    """Model.set keeps each of loss, optimizer and accuracy that is given (not None), and leaves the others"""
    got, want = run("set_twice")
    expect.kept_by_set(got, want)


@check("model", depends="finalize_links", hint="Without batch_size, predict is one forward pass; with it, one "
       "per batch, the last one smaller, stacked with np.vstack. See chapter 22.")
def test_predict_in_batches(run):
    """Model.predict gives the same outputs in batches as in one pass, last partial batch included"""
    got, want = run("predict")
    whole, outputs = got["whole"], want["whole"]
    expect.true(not (isinstance(whole, np.ndarray) and whole.shape == outputs.shape[:1]
                     and np.array_equal(whole, np.argmax(outputs, axis=1))),
                f"model.predict(X) returned the predicted classes, one per sample, shape ({len(outputs)},): predict "
                f"returns the output layer's outputs, one row of {outputs.shape[1]} scores per sample, stacked over "
                "the batches; the classes come from model.output_layer_activation.predictions(outputs).")
    expect.array(whole, outputs, "model.predict(X)")
    expect.batches_sliced(got["batch_sizes"], want["batch_sizes"], "model.predict(X, batch_size=128)")
    expect.array(got["batched"], want["batched"], "model.predict(X, batch_size=128) for 300 samples", mistakes={
        "predict returned only the first batch: loop over every batch and stack the outputs.":
            want["batched"][:128],
        "predict left out the last, partial batch (44 samples): when len(X) is not a multiple of batch_size, "
        "add one more step.": want["batched"][:256],
        "predict returned only the last batch's output (its 44 samples): keep every batch's output in a list and "
        "stack them, np.vstack(output), once the loop is done.": want["batched"][256:],
    })
    expect.of_another_size(got["again"], want["again"], "model.predict(X[100:170], batch_size=128), after predict "
                           "on all 300 samples,", KEPT_BY_THE_MODEL.format(call="predict", data="X"))
    sizes = got["batch_sizes"]
    expect.true(sizes == want["batch_sizes"] or not isinstance(sizes, list), "model.predict(X, batch_size=128) "
                f"gave the network batches of {sizes} samples; expected {want['batch_sizes']}: predict runs the "
                "network on one batch of batch_size samples at a time, the last, partial batch included, so that "
                "data too large for one pass still fit.")


def _check_training(got, want, epochs, batches, how, validated=False, told_epochs=None):
    """The optimizer's steps, the forward passes and the parameters after `epochs` of `batches` steps, with
    validation data when `validated`; `told_epochs`: the epochs of the train told how many, where one more train
    left epochs at its default."""
    steps = got["iterations"] if isinstance(got["iterations"], int) else None
    # Every call of train an epoch short (one call, or two where told_epochs is given). Of 3 epochs of 3 batches, 6
    # steps are either that or the partial batches left out: the batches' sizes tell which.
    calls = 1 if told_epochs is None else 2
    epoch_short = steps == (epochs - calls) * batches and (batches == 1 or PARTIAL in got.get("batch_sizes", []))
    # One epoch too many, where every batch held samples (one step too many an epoch would add an empty one).
    sizes = got.get("batch_sizes", [])
    # Of two calls, one told its epochs and one left at its default, the first's own steps tell the loop apart from
    # the default.
    told = got.get("iterations_told") if told_epochs is not None else None
    epoch_long = isinstance(sizes, list) and 0 not in sizes and steps == (epochs + calls) * batches and (
        calls == 1 or told == (told_epochs + 1) * batches)
    expect.true(steps == want["iterations"],
                f"The optimizer made {steps!r} steps in {epochs} epochs {how}; expected {want['iterations']}: "
                f"{batches} per epoch." + (
                    f" That is {epochs - calls} whole epochs: the loop over the epochs ran one time too few "
                    "(range(1, epochs) stops before epochs; the book's is range(1, epochs + 1))." if epoch_short
                    else f" That is {epochs + calls} whole epochs: the loop over the epochs ran one time too many"
                    + (f" in each call (the train told epochs={told_epochs} made {told} steps): " if calls > 1 else
                       " (") + "range(epochs + 1) makes epochs + 1 passes; the book's is range(1, epochs + 1)"
                    + ("." if calls > 1 else ").") if epoch_long
                    else " The last, partial batch was skipped." if steps == 6 and batches == 3
                    else " Its iterations count the calls of post_update_params, which ends each step."
                    if steps == 0
                    else _steps_said(steps, epochs, batches, told_epochs)))
    trainings = got.get("trainings", [])
    expect.true(not (trainings and all(training is False for training in trainings)), f"Training {how}, every "
                "forward pass was told training=False: train runs self.forward(batch_X, training=True), so that "
                "layers that act only while training, such as dropout (challenge 15), are on; evaluate and predict "
                "turn them off.")
    forwards = got["forwards"]
    expect.true(isinstance(forwards, int) and forwards == want["forwards"], f"The first layer's forward ran "
                f"{forwards!r} times in {epochs} epochs {how}; expected {want['forwards']}: once per batch of training "
                "data" + (", and once per batch of validation data." if validated else
                          ", and no more: this run had no validation data.") +
                (" It ran twice per batch: one step's loss, accuracy and backward all use the output of its one "
                 "forward pass." if isinstance(forwards, int) and forwards == 2 * want["forwards"] else ""))
    _check_batches(got, want, how)
    for name in ("weights1", "biases1", "weights2", "biases2"):
        expect.true(not _never_moved(got, name) or _never_moved(want, name), f"The {name[:-1]} of dense layer "
                    f"{name[-1]} after training {how} are the ones it started with: " + (
                        expect.no_step_made(got.get("first_step_calls"), 2) or "it was never updated. Each step, after "
                        "backward, the optimizer updates every layer of self.trainable_layers: for layer in "
                        "self.trainable_layers: self.optimizer.update_params(layer)."))
    for name in ("weights1", "biases1", "weights2", "biases2"):
        try:
            expect.array(got[name], want[name], f"the {name[:-1]} of dense layer {name[-1]} after training {how}")
        except expect.Mismatch:
            if "first_step_calls" in want:
                _first_step_said(got, want, how)
            raise


def _steps_said(steps, epochs, batches, told_epochs):
    """What a count of steps that is not the expected one says of its cause, or ""."""
    if steps is None:
        return ""
    if steps and steps == TRAINABLE_LAYERS * epochs * batches:
        return (f" That is {TRAINABLE_LAYERS} steps for every batch, one per trainable layer: a step is "
                "self.optimizer.pre_update_params(), update_params(layer) for every layer of self.trainable_layers, "
                "then self.optimizer.post_update_params(), once each, outside the loop over the layers.")
    if batches > 1 and steps == epochs * (batches + 1):
        return (" Every epoch took one step more than it has batches: where the samples divide evenly into batches, "
                "there is no partial batch to add. steps = samples // batch_size, plus 1 only where steps * "
                "batch_size < samples.")
    if told_epochs is not None and steps > told_epochs * batches and steps - told_epochs * batches != batches:
        return (f" The train called without epochs= made {steps - told_epochs * batches} steps: its default is "
                "epochs=1, as the book's train(X, y, *, epochs=1, ...).")
    return ""


def _first_step_said(got, want, how):
    """Where the parameters after training are wrong: the first step's fault, if it has one, a step taken in
    another order than the book's (expect.optimizer_step_order) or a backward pass that gave a dense layer other
    gradients than the book's."""
    __tracebackhide__ = True
    expect.optimizer_step_order(got["first_step_calls"])
    # The weights' gradients alone: at the first step the biases' are sums of nearly opposite terms (the classes
    # are balanced, the outputs nearly uniform), close to 0, where float32 work differs by its rounding.
    for number in (2, 1):   # from the loss backwards, as the gradients flow
        key = f"first_dweights{number}"
        if got[key] is not None:   # else never updated: the parameters after training say so
            try:
                expect.array(got[key], want[key], f"dense layer {number}'s dweights when the optimizer updated it in "
                                                  f"the first step of training {how}",
                             mistakes=expect.model_layers_left_out(want["kinds"], want["without_each"], key))
            except expect.Mismatch as mismatch:
                if mismatch.known is not None:   # a layer left out, named: the general words below add nothing
                    raise
                raise expect.Mismatch(
                    f"{str(mismatch).rstrip('.')}. The backward pass gave it other gradients than the book's: "
                    "Model.backward runs the loss's backward on the output and the true labels, then each layer's "
                    "backward in reverse order, each given the dinputs of the layer after it (with softmax and "
                    "categorical cross-entropy, the combined backward sets the last layer's dinputs, and the softmax "
                    "layer's own backward is not run).", mismatch.mistake, mismatch.figure) from None


def _check_batches(got, want, how):
    """The batches the first layer was given, against the reference's: their sizes, then their first samples."""
    sizes, expected = got["batch_sizes"], want["batch_sizes"]
    if not isinstance(sizes, list) or not all(size is None or type(size) is int for size in sizes):
        expect.fail(f"The sizes of the batches training {how} are not a list of whole numbers: {sizes!r:.80}.")
    taken = "batch number step is X[step * batch_size:(step + 1) * batch_size], the last one what is left over"
    if sizes != expected:
        shown = ", ".join("?" if size is None else str(size) for size in sizes[:9])
        expect.fail(f"Training {how}, the first layer's forward was given batches of {shown}"
                    f"{', ...' if len(sizes) > 9 else ''} samples; {', '.join(map(str, expected[:9]))} were expected: "
                    f"{taken}. Check the slice's parentheses and the number of steps.")
    firsts, expected_firsts = expect.as_array(got["batch_firsts"], "the batches' first samples"), want["batch_firsts"]
    if firsts.shape == expected_firsts.shape and not np.allclose(firsts, expected_firsts, equal_nan=True):
        outside = got["firsts_outside_data"]
        expect.true(not (isinstance(outside, int) and outside > 0), f"Training {how}, the batches had the right "
                    f"sizes, but the first sample of {outside!s:.20} of them is not a sample of the X train was "
                    "given: train changed the data's values "
                    "(scaled, centred or standardised them?). train takes X as it is given, batch number step being "
                    "X[step * batch_size:(step + 1) * batch_size]; prepare the data before calling it.")
        expect.fail(f"Training {how}, the batches had the right sizes but held other samples than the book's, or "
                    "in another order: train takes the data in the order they are given, batch number step being "
                    "X[step * batch_size:(step + 1) * batch_size] (all of X without batch_size). The book shuffles "
                    "them once, before training, not in train.")


def _never_moved(answer, name):
    """True when a parameter a training scenario returned is exactly the one its model started from."""
    started = answer["started"].get(name) if isinstance(answer["started"], dict) else None
    return isinstance(answer[name], np.ndarray) and isinstance(started, np.ndarray) and \
        np.array_equal(answer[name], started)


# Training needs no predict: a wrong predict does not hide what train does.
@check("model", points=2, depends="finalize_links", hint="Each step: forward with training=True, loss with "
       "regularization, backward, then the optimizer's three calls. Count the steps with the partial batch. "
       "See chapters 18 and 19.")
def test_train_in_batches(run):
    """Model.train in batches of 128 for 3 epochs ends with the reference's parameters"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("dense_forward", "dense_backward", "relu_backward", "adam"))
    got, want = run("train")
    _check_training(got, want, 3, 3, "of 300 samples in batches of 128")
    again = got["trained_again"]
    for name, value in want["trained_again"].items():
        expect.of_another_size(again if isinstance(again, str) else again.get(name), value, f"{name} of a model "
                               "trained for an epoch on 100 samples, then for one on all 300, in batches of 128,",
                               KEPT_BY_THE_MODEL.format(call="train", data="X and y"))


@check("model", depends="finalize_links", hint="Without batch_size, a step is the whole data set: one step "
       "per epoch. See chapter 19.")
def test_train_whole_batch(run):
    """Model.train without batch_size takes one step per epoch on all the data, for one epoch unless told otherwise"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("dense_forward", "dense_backward", "relu_backward", "adam"))
    got, want = run("train_whole_batch")
    current, start = got["current_learning_rate"], want["learning_rate"]
    if current is not None and current == start != want["current_learning_rate"]:
        # pre_update_params decays by iterations, which post_update_params alone advances.
        counted = got["iterations"] == 0 and want["iterations"] != 0
        expect.fail(f"After four steps with decay=0.1, the optimizer's current_learning_rate is still {start:g}, the "
                    f"rate it started with ({want['current_learning_rate']:.4g} was expected): the learning rate "
                    "never decayed. " + (
                        "Its iterations are still 0: each step ends with self.optimizer.post_update_params(), "
                        "which counts the step that pre_update_params decays the rate by. See chapter 10."
                        if counted else
                        "Each step of train calls self.optimizer.pre_update_params() before the layers are "
                        "updated, as the book's train does. See chapter 10."), "step_count" if counted else None)
    _check_training(got, want, 4, 1, "without batch_size (epochs=3, then a train with epochs left at its default, 1)",
                    told_epochs=3)
    _check_printed_rates(got["progress"], want["progress"], "model.train(X, y, epochs=3) with decay=0.1")


# The rate at the end of a progress line, as the book prints it: lr: {self.optimizer.current_learning_rate}.
PRINTED_RATE = re.compile(r"^(step: \d+|training), .*\blr:\s*([-+\d.naninf]+(?:[eE][-+]?\d+)?)\s*$")


def _last_digit(text):
    """What one unit of the last digit printed is worth: 0.001 for "0.045", 1e-5 for "4.545e-02"; 0 for a number
    printed as digits alone with no point, where only an equal value is as printed."""
    mantissa, _, exponent = text.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    try:
        power = int(exponent) if exponent else 0
    except ValueError:
        power = 0
    # Through float(): a unit beyond a float's range (1e309) is infinite, where 10.0 ** 309 raises.
    return float(f"1e{power - decimals}") if decimals or exponent else 0.0


def _check_rates_printed(printed, who):
    """Every progress line prints the learning rate, as the book's do (at their end)."""
    lines = printed if isinstance(printed, list) else [printed]
    for line in "\n".join(line for line in lines if isinstance(line, str)).splitlines():
        match = PROGRESS_LINE.search(line)
        # Whether it is printed: what it is worth, and in what form, _check_printed_rates judges.
        if match and not re.search(r"(?<!\w)lr:", line[match.end():]):
            example = STEP_EXAMPLE if match[1].startswith("step") else SUMMARY_EXAMPLE
            expect.fail(f"{who} printed {line.strip()!r:.160}, which lacks the ', lr: ' and learning rate the book's "
                        f"progress lines end with; expected a line such as '{example}' (the book's "
                        "f', lr: {self.optimizer.current_learning_rate}').")


def _check_printed_rates(lines, reference_lines, who):
    """The lr of each step line and each epoch's summary line, where one was printed, against the reference's
    line of the same kind and place: equal to the decimals printed, so that a rate printed as {:.4f} passes and
    the undecayed learning_rate does not."""
    mine = [PRINTED_RATE.match(line) for line in lines if isinstance(line, str)] if isinstance(lines, list) else []
    theirs = [PRINTED_RATE.match(line) for line in reference_lines]
    # The rate as it was given, which step 0 prints: the one a line of self.optimizer.learning_rate shows.
    given = next((float(match[2]) for match in theirs if match and match[1].startswith("step")), None)
    for kind in ("step", "training"):
        ours = [match for match in mine if match and match[1].startswith(kind)]
        for epoch, (match, reference) in enumerate(zip(ours, [match for match in theirs if match and
                                                               match[1].startswith(kind)]), start=1):
            text, expected = match[2], float(reference[2])
            try:
                printed = float(text)
            except ValueError:
                continue   # not a number: the lines' numbers are judged by train_reports_progress
            close = np.isfinite(printed) and abs(printed - expected) <= _last_digit(text) / 2 + 1e-12 * abs(expected)
            undecayed = given is not None and abs(printed - given) <= _last_digit(text) / 2 + 1e-12 * given
            expect.true(close, f"In epoch {epoch}, {who} printed '{match[1]}, ..., lr: {text}'; expected lr: "
                        f"{expected:.6g}, the decayed rate: " + (
                            "the book's progress lines print self.optimizer.current_learning_rate, which "
                            "pre_update_params lowers at every step, not self.optimizer.learning_rate, which stays "
                            "as it was given." if undecayed else
                            "the rate of the step the line reports, which that step's pre_update_params sets. Print "
                            "the line after the step's optimizer calls, as the book does, and call "
                            "pre_update_params once at every step."))


def _progress(lines, who):
    """{(epoch, "step n" or "training"): (accuracy, loss, data_loss, reg_loss)} of the progress lines printed, in
    their order; a line's epoch is one more than the number of epoch summaries printed before it."""
    found, epoch = {}, 1
    printed = "\n".join(line for line in lines if isinstance(line, str)) if isinstance(lines, list) else ""
    for match, numbers in expect.printed_lines(PROGRESS_LINE, printed, who):
        found[(epoch, match[1].replace(":", ""))] = numbers
        epoch += match[1] == "training"
    return found


def _printed_close(value, reference, tolerance=1.6e-3):
    """Printed to 3 decimals from the reference's parameters, so one rounding apart is as good as equal."""
    return abs(value - reference) <= tolerance


def _check_regularization_loss(mine, reference, who):
    """Every progress line printed, against the reference's line of the same epoch and step: the penalties are in
    its reg_loss, and its loss is data_loss + reg_loss."""
    for key, (_, loss, data_loss, regularization_loss) in mine.items():
        if key not in reference:
            continue
        expected = reference[key][3]
        when, call = (f"after epoch {key[0]}", "self.loss.calculate_accumulated(include_regularization=True)") \
            if key[1] == "training" else \
            (f"at {key[1]} of epoch {key[0]}", "self.loss.calculate(output, batch_y, include_regularization=True)")
        expect.true(_printed_close(regularization_loss, expected), named(
            "regularization_not_in_loss", f"The reg_loss {who} printed {when} is {regularization_loss:g}, but "
            f"{expected:g} was expected from the L1 and L2 penalties of the first layer: take it from {call}, which "
            "adds the penalties of the trainable layers the loss remembers."))
        # Each printed number is rounded to 3 decimals, so their sum may be off by 1.5e-3.
        expect.true(abs(loss - (data_loss + regularization_loss)) <= 1.6e-3, named(
            "regularization_not_in_loss", f"The loss {who} printed {when} is {loss:g}, but its data_loss "
            f"{data_loss:g} and reg_loss {regularization_loss:g} add up to {data_loss + regularization_loss:g}: the "
            "loss reported is data_loss + regularization_loss."))


def _steps_printed(progress, epoch):
    """The step numbers of epoch `epoch`'s step lines in `progress` (_progress's), in the order printed."""
    return [int(key[1].split()[1]) for key in progress if key[0] == epoch and key[1] != "training"]


def _check_step_lines(mine, reference, who):
    """An epoch that prints step lines prints as many as the reference's (expect.step_lines)."""
    for epoch in sorted({key[0] for key in reference}):
        expect.step_lines(_steps_printed(mine, epoch), _steps_printed(reference, epoch), epoch, who)


def _check_steps_printed(printed, expected):
    """The steps of each epoch whose line was printed, as the reference's: every print_every steps, counted from 0
    in each epoch, and the epoch's last (chapter 19's if not step % print_every or step == train_steps - 1)."""
    __tracebackhide__ = True
    who = "model.train(X, y, epochs=2, batch_size=30, print_every=4)"
    if isinstance(printed, str):
        expect.fail(f"{who} raised {printed}.")
    mine, reference = _progress(printed, who), _progress(expected, "The reference")
    for epoch in sorted({key[0] for key in reference}):
        steps, wanted = _steps_printed(mine, epoch), _steps_printed(reference, epoch)
        expect.true(steps or not wanted, f"In epoch {epoch}, {who} printed no step line like '{STEP_EXAMPLE}'; "
                    f"expected {', '.join(map(str, wanted))}." + (expect.unread_line(printed, "step", PROGRESS_LINE,
                                                                                     STEP_EXAMPLE)
                    or " Print one every print_every steps, counting each epoch's steps from 0, and one at the "
                    "epoch's last step, if not step % print_every or step == train_steps - 1, as chapter 19 prints "
                    "them."))
        # The lines of an epoch one step longer, at its every 4th step and its last: an empty batch added.
        longer = [step for step in range(max(wanted) + 2) if not step % 4 or step == max(wanted) + 1]
        expect.true(steps != longer, f"In epoch {epoch}, {who} printed a step line at step {longer[-1]}, past the "
                    f"epoch's last step, {max(wanted)}: its {SAMPLES} samples make {max(wanted) + 1} batches of 30. "
                    "steps = samples // batch_size, plus 1 only where steps * batch_size < samples.")
        shown = f"step lines at steps {', '.join(map(str, steps))}" if steps else "no step line"
        expect.true(steps == wanted, f"In epoch {epoch} of its 10 steps, {who} printed {shown}; "
                    f"expected {', '.join(map(str, wanted))}: a line every print_every steps, counting each epoch's "
                    "steps from 0, and one at the epoch's last step, if not step % print_every or step == "
                    "train_steps - 1, as chapter 19 prints them.")


def _check_step_numbers(mine, reference, who):
    """Each step line's accuracy and data loss are its own batch's, as the reference's line of the same epoch and
    step gives them (one prediction that rounding turns moves the accuracy by one over the batch's size: 1 / 44
    for the last, partial batch)."""
    for key, (accuracy, _, data_loss, _) in mine.items():
        if key[1] == "training" or key not in reference:
            continue
        expected_accuracy, _, expected_data_loss, _ = reference[key]
        expect.true(_printed_close(accuracy, expected_accuracy, 1 / (SAMPLES % BATCH) + 1.6e-3)
                    and _printed_close(data_loss, expected_data_loss),
                    f"At {key[1]} of epoch {key[0]}, {who} printed acc: {accuracy:.3f} and data_loss: "
                    f"{data_loss:.3f}; expected acc: {expected_accuracy:.3f}, data_loss: {expected_data_loss:.3f}. A "
                    "step line reports that step's batch alone: the loss of self.loss.calculate(output, batch_y, "
                    "include_regularization=True) and the accuracy of self.accuracy.calculate(predictions, "
                    "batch_y), not the epoch's running totals.")


@check("model", depends="train_in_batches", hint=(
    "Whose batches does an epoch's summary count, how much does each weigh, and is the regularisation loss in every "
    "loss printed? See chapters 19 and 22.",
    "At the start of every epoch, self.loss.new_pass() and self.accuracy.new_pass(); each step's loss from "
    "self.loss.calculate(output, batch_y, include_regularization=True); after the last batch, the summary from "
    "self.loss.calculate_accumulated(include_regularization=True) and self.accuracy.calculate_accumulated(). See "
    "chapters 19 and 22."))
def test_train_reports_progress(run):
    """Model.train prints losses that include the L1 and L2 penalties, and each epoch's summary over its own batches"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("loss_calculate", "loss_accumulated", "accuracy_compare",
                                                     "accuracy_accumulated", "trainable_regularization_loss"))
    got, want = run("train")
    who = "model.train(X, y, epochs=3, batch_size=128, print_every=100)"
    mine, reference = _progress(got["progress"], who), _progress(want["progress"], "The reference")
    summaries = [key for key in reference if key[1] == "training"]
    printed = [key for key in mine if key[1] == "training"]
    expect.true(len(printed) == len(summaries), f"{who} printed {expect.counted(len(printed), 'line')} like "
                f"'{SUMMARY_EXAMPLE}'; expected {len(summaries)}, one after every epoch, as the book prints them."
                + expect.unread_line(got["progress"], "training", PROGRESS_LINE, SUMMARY_EXAMPLE))
    _check_step_lines(mine, reference, who)
    _check_regularization_loss(mine, reference, who)
    _check_step_numbers(mine, reference, who)
    _check_steps_printed(got["progress_every_4"], want["progress_every_4"])
    _check_rates_printed(got["progress"], who)
    means = {"accuracy": _mean_of_batches(want["batch_accuracies"], len(summaries)),
             "loss": _mean_of_batches(want["batch_losses"], len(summaries))}
    for epoch, key in enumerate(summaries):
        (accuracy, loss), (expected_accuracy, expected_loss) = mine[key][:2], reference[key][:2]
        # One sample of the epoch's 300 predicted otherwise in float32 moves the accuracy by 0.0033.
        found = {"accuracy": (accuracy, _printed_close(accuracy, expected_accuracy, 4.5e-3)),
                 "loss": (loss, _printed_close(loss, expected_loss))}
        if all(right for _, right in found.values()):
            continue
        stated = (f"After epoch {key[0]}, {who} printed 'training, acc: {accuracy:.3f}, loss: {loss:.3f}'; "
                  f"expected acc: {expected_accuracy:.3f}, loss: {expected_loss:.3f}.")
        # The mean of the batches' data losses, plus the penalties the summary adds.
        wrong = _averaged_batches(found, {"accuracy": means["accuracy"] and means["accuracy"][epoch],
                                          "loss": means["loss"] and means["loss"][epoch] + reference[key][3]},
                                  {"accuracy": 4.5e-3, "loss": 1.6e-3})
        if wrong:
            expect.fail(f"{stated} {_mean_of_batches_mistake(wrong, BATCH, SAMPLES % BATCH)}")
        # The data loss summed over the samples and divided by the batches: the penalty added as the book adds it.
        batches = -(-SAMPLES // BATCH)
        data_loss = expected_loss - reference[key][3]
        # The printed figures' rounding (0.0005 each) grows with the factor SAMPLES / batches.
        if not found["loss"][1] and _printed_close(loss, data_loss * SAMPLES / batches + reference[key][3],
                                                   2e-3 * SAMPLES / batches):
            expect.fail(f"{stated} That is the sum of the epoch's sample losses divided by its {batches} batches: "
                        f"calculate_accumulated divides self.accumulated_sum by self.accumulated_count, the "
                        f"{SAMPLES} samples the batches held.")
        expect.fail(f"{stated} " + (
            "Epoch 1's summary was right, so the later ones also count the batches of the epochs before them: "
            "start every epoch with self.loss.new_pass() and self.accuracy.new_pass()." if key[0] > 1 else
            "An epoch's summary is calculate_accumulated() of the loss and of the accuracy, which count every "
            "batch of the epoch."))


@check("model", depends="train_in_batches", hint="evaluate starts a new pass of the loss and the accuracy, then "
       "accumulates them over every batch. It never trains. See chapter 20.")
def test_evaluate(run):
    """Model.evaluate prints the validation accuracy and loss over all batches, and changes nothing"""
    # The given Loss and Accuracy accumulate what evaluate prints: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("loss_calculate", "loss_accumulated", "accuracy_accumulated"))
    got, want = run("evaluate")
    changed = got["changed"]
    expect.true(not (isinstance(changed, str) and changed), f"evaluate or predict changed {changed}: they must "
                "only run the forward pass with training=False, never backward or the optimizer.")
    training = got["while_training"]
    expect.true(not (isinstance(training, str) and training), f"{training!s:.30} ran the forward pass with "
                "training=True: measuring and predicting run it with self.forward(X, training=False), so that layers "
                "that act only while training, such as dropout (chapter 15), are off.")
    told = got.get("not_passed_on")
    expect.true(not (isinstance(told, str) and told), "Model.forward was given training=False, but the first "
                f"Dense layer's forward got {'training=' if told == 'True' else ''}{told!s:.30}: forward passes "
                "training on to every layer, as the book's self.input_layer.forward(X, training) and "
                "layer.forward(layer.prev.output, training) do, so that a layer that acts only while training, such as "
                "dropout (chapter 15), knows it is not.")
    _check_validation_numbers(got["printed"], want["printed"], "model.evaluate(X_val, y_val, batch_size=64)",
                              (want, 64, 36))
    _check_validation_numbers(got["printed_whole"], want["printed_whole"], "model.evaluate(X_val, y_val)")
    call = "model.evaluate(X, y, batch_size=64) on all 300 samples, after evaluating 100 of them,"
    expect.true(not got["printed_other"].startswith(RAISED), f"{call} raised "
                f"{got['printed_other'].removeprefix(RAISED)}. "
                + KEPT_BY_THE_MODEL.format(call="evaluate", data="X_val and y_val"))
    for what, value, expected in zip(("accuracy", "loss"), _validation_numbers(got["printed_other"], call),
                                     _validation_numbers(want["printed_other"], "The reference")):
        expect.true(abs(value - expected) <= 2e-2 * abs(expected) + 1e-3, f"The validation {what} {call} printed "
                    f"is {value:g}, but {expected:g} was expected. "
                    + KEPT_BY_THE_MODEL.format(call="evaluate", data="X_val and y_val"))
    sizes = got["batch_sizes"]
    expect.true(sizes == want["batch_sizes"] or not isinstance(sizes, list), "model.evaluate(X_val, y_val, "
                f"batch_size=64) gave the network batches of {sizes} samples; expected {want['batch_sizes']}: evaluate "
                "runs the forward pass on one batch of batch_size samples at a time, the last, partial batch included, "
                "and accumulates the loss and the accuracy over them (chapter 20), so that data too large for one pass "
                "still fit.")


@check("model", depends="evaluate", hint="After every epoch's training summary, train calls "
       "self.evaluate(*validation_data, batch_size=batch_size). See chapter 20.")
def test_validation_every_epoch(run):
    """Model.train with validation_data validates after every epoch, with L1 and L2 penalties on a layer"""
    got, want = run("train_validated")
    printed = got["printed"] if isinstance(got["printed"], str) else ""
    runs, expected = len(VALIDATION_LINE.findall(printed)), len(VALIDATION_LINE.findall(want["printed"]))
    if runs != expected:
        expect.fail(f"model.train(..., epochs=3, validation_data=...) printed "
                    f"{expect.counted(runs, 'validation line')}; expected {expected}, one after every epoch."
                    + (" It validated only once, after the last epoch: call evaluate inside the epoch loop."
                       if runs == 1 else ""), "validation_once" if runs == 1 else None)
    expect.validated_after_summaries(printed, want["printed"], "model.train(..., epochs=3, validation_data=...)")
    _check_training(got, want, 3, 3, "in batches of 100, with validation data and penalties", validated=True)
    _check_validation_penalty(printed, want, "model.train with validation_data")
    _check_validation_numbers(printed, want["printed"], "model.train with validation_data")


def _check_validation_penalty(printed, want, call):
    """The last validation loss must be the data loss alone, without the layers' regularization penalty."""
    loss = _validation_numbers(printed, call)[1]
    reference = _validation_numbers(want["printed"], "The reference")[1]
    if expect.holds_penalty(loss, reference, want["penalty"]):
        expect.fail(f"The last validation loss {call} printed is {loss:g}: the reference's {reference:g} plus the "
                    f"layers' regularization penalty ({want['penalty']:.3f}). The penalty belongs to the loss train "
                    "minimises; evaluate measures how well the model fits data it has not learned from, the data "
                    "loss alone: self.loss.calculate_accumulated() without include_regularization, as the book's "
                    "evaluate does.", "penalty_in_measured_loss")


@check("model", depends="train_in_batches", hint="get_parameters returns each trainable layer's (weights, "
       "biases); set_parameters gives them back in the same order. See chapter 21.")
def test_parameters_round_trip(run):
    """get_parameters, set_parameters, save_parameters and load_parameters carry what was learned"""
    got, want = run("parameters")
    expect.pickled_in_binary(got["text_mode"], got["raised"], "save_parameters", "load_parameters")
    saved = got["saved"]
    expect.true(saved in (None, "list", "tuple"), f"load_parameters failed on the file save_parameters wrote, which "
                f"holds an object of type {saved!s:.60}, not the list of each trainable layer's (weights, biases) "
                "that load_parameters hands to set_parameters: save_parameters pickles self.get_parameters(); "
                "pickling the whole model is what save does (chapter 21).")
    for key, how in (("copied", "set_parameters"), ("loaded", "load_parameters")):
        predictions = expect.as_array(got[key], f"the predictions of a fresh model after {how}")
        if predictions.shape == want["trained"].shape and not expect.close(predictions, want["trained"]):
            expect.fail(f"A fresh model given the trained parameters through {how} predicts differently from the "
                        f"trained model ({expect.difference(predictions, want['trained'])}) {how} must give each "
                        "trainable layer both its weights and its biases, in the order get_parameters lists them.")
        expect.array(predictions, want["trained"], f"the predictions of a fresh model after {how}")


@check("model", depends="parameters_round_trip", hint="save pickles a deep copy, stripped of the last pass's "
       "inputs, outputs and gradients; load is a static method that unpickles it. See chapter 21.")
def test_save_and_load(run):
    """A trained model's predictions survive save and Model.load, and save strips a copy, not the model"""
    # The given new_pass empties what the copy's loss and accuracy hold: a fault in it is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("loss_accumulated", "accuracy_accumulated"))
    got, want = run("save_and_load")
    expect.pickled_in_binary(got["text_mode"], got["raised"], "save", "Model.load")
    expect.array(got["after"], want["before"], "the predictions of the model loaded with Model.load")
    expect.array(got["still_usable"], want["before"], "the predictions of the saved model itself, after save")
    expect.true(isinstance(got["leftovers"], str) and got["leftovers"] == "",
                f"The saved model still holds data of its last pass ({got['leftovers']}): "
                "start a new pass of the copy's loss and accuracy (new_pass), and pop inputs, output, dinputs, "
                "dweights and dbiases from each of its layers, the input layer's output and the loss's dinputs, "
                "before pickling, as chapter 21 does.")
    taken = got["taken_from_model"]
    expect.true(isinstance(taken, str) and taken == "", f"save took the data of the last pass from the model itself "
                f"({taken}), where the README asks save to leave the model it saves as it was: pop them from a "
                "copy, model = copy.deepcopy(self), as chapter 21 does.")
