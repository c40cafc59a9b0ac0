"""Checks for challenge 15: the Model, complete."""
import re

import numpy as np

from grader import expect
from grader.mistakes import mistake_of, named
from grader.spec import check

DROPOUT_AT_INFERENCE = named("training_flag", "With training=False some of Layer_Dropout's values were dropped: "
                             "dropout was applied at inference. When not training, the output is a copy of the "
                             "inputs, so that evaluate and predict see the whole network.")

# The batch size the scenarios train with.
BATCH = 64
NUMBER = r"([-+\d.naninf]+(?:[eE][-+]?\d+)?)"   # 1.23, -0.5, +0.5, 2.4e-06, 1E+05, nan, inf
VALIDATION_LINE = re.compile(rf"validation, acc: {NUMBER}, loss: {NUMBER}")
# Both of the book's progress lines (chapter 18's per epoch, chapter 19's per step and per epoch) end like this.
LOSS_LINE = re.compile(rf"acc: {NUMBER}, loss: {NUMBER} \(data_loss: {NUMBER}, reg_loss: {NUMBER}\)")
# Chapter 19's lines, each with what it reports on: a step's batch, or the epoch's training summary.
PROGRESS_LINE = re.compile(rf"(step: \d+|training), {LOSS_LINE.pattern}")
MODELS = {"regression": "the regression model (Dense, ReLU, Dense, Linear; mean squared error)",
          "binary": "the binary model (Dense, ReLU, Dense, Sigmoid; binary cross-entropy)",
          "categorical": "the categorical model (Dense, ReLU, Dropout, Dense, Softmax; categorical cross-entropy)",
          "softmax_squared_error": "a model ending in Softmax but trained with mean squared error",
          "cross_entropy_without_softmax": "a model trained with categorical cross-entropy but ending in Linear"}


def _close(value, reference):
    """Printed to 3 decimals, and maybe computed in float32 under nnfs.init()."""
    return abs(value - reference) <= 2e-2 * abs(reference) + 1e-3


def _same_text(got, want):
    """A learner's value may be anything; only the same string is equal to a string."""
    return isinstance(got, str) and got == want


def _last(pattern, printed, who, example):
    return expect.printed_numbers(pattern, printed, who, f"{who} printed no line like '{example}'. Print progress "
                                  "as the book does.")


@check("model", hint="Layer_Input.forward only keeps its inputs: self.output = inputs. See chapter 18.")
def test_layer_input(run):
    """Layer_Input.forward makes the data its output"""
    got, want = run("layer_input")
    expect.array(got["output"], want["output"], "Layer_Input's output")


@check("regularization", hint=("Which share of the values does the mask keep, how often is it drawn, and what "
                               "does the training argument switch off? See chapter 18.",
                               "With training=False the output is inputs.copy(); while training, the book's mask "
                               "np.random.binomial(1, self.rate, size=inputs.shape) / self.rate. See chapter 18."))
def test_dropout_training_flag(run):
    """Layer_Dropout drops a new share of the values at every training pass, and none with training=False"""
    got, want = run("dropout")
    expect.unchanged(got["inputs_after"], want["inputs"], "The inputs given to Layer_Dropout.forward while training",
                     "Multiply into a new array, self.output = inputs * self.binary_mask, instead of with *=: the "
                     "previous layer still holds them as its output.")
    inference = got["inference"]
    # A mask drawn at inference differs from the replayed one, so its values alone would only say "wrong values".
    if (isinstance(inference, np.ndarray) and inference.shape == want["inference"].shape
            and np.any((inference == 0) & (want["inference"] != 0))):
        # The output of the training pass before, where the pass at inference stored its copy under another name.
        stray = expect.stray_attribute((got["inference_set"], want["inference_set"], "Layer_Dropout"))
        if stray:
            expect.fail(f"With training=False, Layer_Dropout's output still holds the training pass's values. "
                        f"{stray}", mistake_of(stray))
        expect.fail(DROPOUT_AT_INFERENCE)
    expect.array(inference, want["inference"], "Layer_Dropout's output with training=False", mistakes={
        named("training_flag", "Dropout was still active with training=False: when not training, the output is a "
              "copy of the inputs, so that evaluate and predict see the whole network."): want["training"],
    })
    training = expect.shape(got["training"], want["training"].shape, "Layer_Dropout's output with training=True",
                            "the shape of the inputs")
    dropped, expected = float(np.mean(training == 0)), float(np.mean(want["training"] == 0))
    expect.true(not (dropped > 0.5 > expected), f"Layer_Dropout(0.3) zeroed {dropped:.0%} of the values while "
                "training, where about 30% was expected: the mask was drawn with the drop rate, 1 - self.rate, "
                "instead of the keep probability. The book keeps self.rate = 1 - rate, the share to keep (0.7 "
                "here), and draws np.random.binomial(1, self.rate, size=inputs.shape) / self.rate.")
    if np.any(training == 0):   # a mask drawn per sample or per batch is named before the replay says "wrong values"
        expect.drawn_for_each_value(training == 0)
    kept = training != 0
    expect.true(not (abs(dropped - expected) < 0.1 and np.array_equal(training == 0, want["training"] == 0) is False
                     and np.allclose(training[kept], (want["inference"] / want["kept"])[kept])),
                f"Layer_Dropout(0.3) zeroed {dropped:.0%} of the values and scaled the rest right, but not the values "
                "the book's mask drops: the checks seed NumPy and replay np.random.binomial(1, self.rate, "
                "size=inputs.shape), so another draw of the mask drops other values. Draw it as the book does.")
    expect.array(got["training"], want["training"], "Layer_Dropout's output with training=True (the checks replay "
                 "the book's mask, np.random.binomial(1, self.rate, size=inputs.shape) / self.rate)", mistakes={
                     "The survivors were not scaled: divide the mask by self.rate, the keep probability, so that "
                     "the expected sum stays what inference sees.": want["training"] * want["kept"],
                     "Dropout did nothing while training: training=True must draw the mask.": want["inference"]})
    expect.drawn_at_every_pass(training == 0, expect.shape(got["training_again"], training.shape, "Layer_Dropout's "
                               "output of a second pass with training=True", "the shape of the inputs") == 0)


@check("regularization", depends="dropout_training_flag", hint=(
    "Dropout's gradient flows only through the values its forward pass kept, scaled as they were. See chapter 15.",
    "self.dinputs = dvalues * self.binary_mask, the mask forward drew, which holds the 1 / self.rate scale. See "
    "chapter 15."))
def test_dropout_backward(run):
    """Layer_Dropout.backward multiplies dvalues by the mask of the training pass, scale included"""
    got, want = run("dropout")
    kept = want["kept"]
    if isinstance(got["dinputs"], str):
        expect.fail(f"Layer_Dropout.backward raised {got['dinputs']} after a pass "
                    "with training=True. It reads the mask that forward kept: does forward keep it as "
                    "self.binary_mask?")
    expect.true(not _another_mask(got["dinputs"], got["training"], want["dvalues"], kept), "Layer_Dropout.backward "
                "let the gradient through other values than the forward pass kept, each scaled by 1 / self.rate: it "
                "drew a mask of its own. The gradient flows only where forward's mask kept a value: multiply dvalues "
                "by the mask forward drew and kept, self.dinputs = dvalues * self.binary_mask.")
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs of Layer_Dropout after a pass with training=True",
                 set_by=(got["backward_set"], want["backward_set"], "Layer_Dropout.backward"), mistakes={
                     "The gradient was not scaled as the output was: forward divides the kept values by self.rate, "
                     "so backward must too. The book's binary_mask holds the scale, "
                     "np.random.binomial(1, self.rate, size=inputs.shape) / self.rate, and backward multiplies "
                     "dvalues by it.": want["dinputs"] * kept,
                     "The gradient was scaled twice: a binary_mask that already holds 1 / self.rate needs no "
                     "further division in backward, self.dinputs = dvalues * self.binary_mask.":
                         want["dinputs"] / kept,
                     "backward let the whole gradient through: multiply dvalues by self.binary_mask, so that the "
                     "values forward dropped get no gradient.": want["dvalues"]})


def _another_mask(dinputs, output, dvalues, kept):
    """Whether `dinputs` is dvalues / kept where it is not 0, but 0 elsewhere than the forward pass's `output` is:
    a mask drawn again in backward."""
    arrays = (dinputs, output)
    if not (all(isinstance(array, np.ndarray) and array.dtype.kind == "f" and array.shape == dvalues.shape
                for array in arrays) and isinstance(kept, float) and kept > 0):
        return False
    through = dinputs != 0
    return bool(np.any(through != (output != 0))
                and np.allclose(dinputs[through], dvalues[through] / kept, rtol=1e-6, atol=0))


@check("activation", hint=("Each output activation turns its outputs into predictions. See chapter 18.",
                           "Softmax: np.argmax(outputs, axis=1); sigmoid: (outputs > 0.5) * 1; linear: the outputs "
                           "themselves. See chapter 18."))
def test_predictions(run):
    """The predictions of the softmax, sigmoid and linear outputs"""
    got, want = run("predictions")
    expect.array(got["softmax"], want["softmax"], "Activation_Softmax.predictions(outputs)")
    # The book's (outputs > 0.5) * 1 gives integers; booleans (outputs > 0.5) compare equal to them and give the
    # same accuracy wherever the course uses predictions, so the README accepts them and so does this comparison.
    expect.array(got["sigmoid"], want["sigmoid"], "Activation_Sigmoid.predictions(outputs)", mistakes={
        "An output of exactly 0.5 became class 1: the book predicts 1 only above 0.5, (outputs > 0.5) * 1.":
            np.array([[0], [1], [1], [1], [0], [0]]),
        "Class 0 and class 1 are the wrong way round: 1 where the output is above 0.5.": 1 - want["sigmoid"],
        "That is the softmax's rule, np.argmax(outputs, axis=1): a sigmoid gives one output per sample, so its "
        "argmax is always 0. Predict 1 where the output is above 0.5: (outputs > 0.5) * 1.":
            np.zeros(len(want["sigmoid"]), dtype=int),
        "The threshold is 0, where the sigmoid's outputs are probabilities between 0 and 1: predict 1 where the "
        "output is above 0.5, (outputs > 0.5) * 1.": np.array([[1], [1], [1], [1], [1], [0]])})
    expect.array(got["linear"], want["linear"], "Activation_Linear.predictions(outputs)", mistakes={
        "A linear output predicts its outputs as they are, return outputs: np.argmax is the softmax's rule, for "
        "classes.": np.argmax(want["linear"], axis=1)})
    expect.all_unchanged([(got[f"{name}_after"], want[f"{name}_outputs"], f"The outputs given to "
                           f"Activation_{name.title()}.predictions") for name in ("softmax", "sigmoid", "linear")],
                         "predictions only reads the outputs: train takes them from the model's last output, which "
                         "the loss's backward pass then reads. Compute into a new array, (outputs > 0.5) * 1, rather "
                         "than writing into outputs.")


@check("loss", hint=("Compare predictions with the true classes. See chapter 18.",
                     "One-hot targets become class indices with np.argmax(y, axis=1), but not when binary=True: a "
                     "binary model's (n, 1) column of 0s and 1s is compared as it is. See chapters 16 and 18."))
def test_accuracy_categorical(run):
    """Accuracy_Categorical compares classes for sparse, one-hot and binary targets"""
    got, want = run("accuracy_categorical")
    expect.number(got["sparse"], want["sparse"], "The accuracy for sparse targets")
    expect.number(got["one_hot"], want["one_hot"], "The accuracy for one-hot targets", mistakes={
        "One-hot targets were compared as they are: turn them into class indices with np.argmax(y, axis=1) "
        "first.": 0.0})
    expect.of_another_size(got["one_hot_again"], want["one_hot_again"], "Accuracy_Categorical.compare on 6 one-hot "
                           "targets of 4 classes, after 8 of 3,", "Does compare keep something of an earlier call on "
                           "self (the class indices of y)? Take them from the y of each call.")
    expect.one_hot_of_integers(got["integer_one_hot"], want["integer_one_hot"], "Accuracy_Categorical.compare on "
                               "one-hot targets of integers")
    compared = got["binary_compared"]
    if getattr(compared, "shape", None) == (5, 5):
        expect.fail(named("broadcast_square", "Accuracy_Categorical(binary=True).compare for a (5, 1) column of "
                          "targets has shape (5, 5): the targets were turned into class indices with np.argmax, "
                          "and (5,) met the (5, 1) predictions. With binary=True, compare the column as it is."))
    expect.array(compared, want["binary_compared"], "Accuracy_Categorical(binary=True).compare for a (5, 1) column "
                 "of targets")
    expect.number(got["binary"], want["binary"], "The binary accuracy")
    two = got["two_outputs_compared"]
    if isinstance(two, str):
        expect.fail(f"Accuracy_Categorical(binary=True).compare raised {two} for targets of "
                    "two yes-or-no outputs a sample, shape (4, 2): with binary=True the targets are compared as they "
                    "are, whatever their number of columns; only without it are rows of targets one-hot, if not "
                    "self.binary and len(y.shape) == 2. See chapter 16.")
    expect.array(two, want["two_outputs_compared"], "Accuracy_Categorical(binary=True).compare for targets of two "
                 "yes-or-no outputs a sample, shape (4, 2) (with binary=True they are compared as they are, "
                 "whatever their number of columns)")


def _precision(got, want, key, what, advice):
    value = got[key]
    if isinstance(value, str):
        expect.fail(f"{what} is {value}; expected {want[key]:.6g}. {advice}", "accuracy_not_initialised")
    expect.number(value, want[key], what, mistakes={
        named("accuracy_not_initialised", advice): want["after_first"] if key == "after_reinit" else
        want["after_reinit"],
        "The precision is the standard deviation itself: divide it by 250.": want[key] * 250,
        "np.std(y) // 250 is floor division, which rounds down to a whole number: 0 for targets that spread less "
        "than 250. Divide with /: np.std(y) / 250.": np.floor(want[key]),
    })


@check("loss", hint=("Accuracy_Regression's precision comes from the targets, once. See chapter 18.",
                     "__init__ sets precision = None; init(y, reinit=False) sets np.std(y) / 250 only when it is "
                     "None or reinit is True; compare is np.absolute(predictions - y) < self.precision. See "
                     "chapter 18."))
def test_accuracy_regression(run):
    """Accuracy_Regression sets its precision once from the targets, again only with reinit=True"""
    got, want = run("accuracy_regression")
    expect.true(_same_text(got["fresh"], "None"), f"A new Accuracy_Regression has precision {got['fresh']!r}; "
                "expected None, so that init knows it has not seen the targets yet.")
    _precision(got, want, "after_first", "The precision after init(y)", "init sets np.std(y) / 250 when the "
               "precision is still None.")
    _precision(got, want, "after_second", "The precision after a second init(y2) without reinit",
               "A second init without reinit keeps the precision it has: the book sets it only when it is None.")
    _precision(got, want, "after_reinit", "The precision after init(y2, reinit=True)",
               "With reinit=True, init sets the precision again from the new targets.")
    expect.all_unchanged([(got["predicted_after"], want["predicted_after"], "The predictions given to "
                           "Accuracy_Regression.compare"),
                          (got["targets_after"], want["targets_after"], "The y given to Accuracy_Regression.compare")],
                         "compare only reads its arguments: in train they are the model's output, which the loss's "
                         "backward pass reads next. Compute into a new array, np.absolute(predictions - y), rather "
                         "than with -= or out= into predictions.")
    expect.array(got["compared"], want["compared"], "Accuracy_Regression.compare(predictions, y)", mistakes=[
        ("A prediction counts when it is within the precision of its target: np.absolute(predictions - y) < "
         "self.precision, not the other way round.", ~want["compared"]),
        *((f"That counts every prediction {side} its target as right, however far from it: the difference needs "
           "its absolute value, np.absolute(predictions - y) < self.precision.", signed)
          for side, signed in zip(("below", "above"), want["signed"]))])
    expect.array(got["compared_batch"], want["compared_batch"], "Accuracy_Regression.compare(predictions, y) on a "
                 "later batch, whose targets spread wider than those init was given", mistakes={
                     named("accuracy_not_initialised", "That is each prediction judged within a precision "
                           "taken from this batch's own spread: compare must use self.precision, which init set "
                           "once from the training targets, for every batch, as the book's does."):
                     want["batch_precision"]})
    expect.array(got["compared_on_the_precision"], want["compared_on_the_precision"], "Accuracy_Regression.compare"
                 "(predictions, y) for predictions exactly one precision from their targets, half one and twice one",
                 mistakes={"A prediction exactly one precision from its target counted as right: compare counts the "
                           "predictions closer than the precision, np.absolute(predictions - y) < self.precision, not "
                           "<=.": np.abs(want["precisions_off"]) <= 1})
    expect.number(got["accuracy"], want["accuracy"], "The regression accuracy")


def _of_kind(answer, kind):
    """The finalize scenario's answers about the model of this kind ("regression": "regression links" as "links")."""
    return {name[len(kind) + 1:]: value for name, value in answer.items() if name.startswith(f"{kind} ")}


def _finalized(got, want, kind):
    what, got, want = MODELS[kind], _of_kind(got, kind), _of_kind(want, kind)
    count, added = got.get("layer_count"), want["layer_count"]
    expect.true(not (isinstance(count, int) and count > added), f"In {what}, model.layers holds {count} layers "
                f"where {added} were added: it holds the layers of models built before it too. Each Model needs a "
                "list of its own, self.layers = [] in __init__, not a class attribute or a default argument shared by "
                "every model.")
    expect.true(got["first_prev_is_input_layer"] is True, named(
        "no_input_layer", f"In {what}, the first layer's prev is {got['first_prev']}, not the model's input layer: "
        "finalize creates self.input_layer = Layer_Input() and makes it the first layer's prev, so that forward "
        "can feed every layer its prev's output."))
    expect.true(isinstance(got["links"], str) and got["links"] == "", f"In {what}, {got['links']!s:.200}: finalize links every pair of neighbours, "
                "each layer's next to the layer after it and that layer's prev back to it.")
    expect.true(got["last_next_is_loss"] is True, f"In {what}, the last layer's next is not the model's loss.")
    if got["output_layer_is_last"] is not True:
        expect.was_set(got.get("set"), "output_layer_activation", "Model.finalize", want.get("set"))
    expect.true(got["output_layer_is_last"] is True, f"In {what}, model.output_layer_activation is not the last "
                "layer; train, evaluate and predict ask it for predictions.")
    if not _same_text(got["trainable"], want["trainable"]):
        extra = set(str(got["trainable"]).split(", ")) - set(want["trainable"].split(", ")) - {""}
        stated = (f"In {what}, model.trainable_layers holds the layers at positions [{got['trainable']}]; expected "
                  f"[{want['trainable']}], the dense layers, the ones with weights.")
        expect.true("None" not in extra, f"{stated} The layers at None are not this model's: the list is shared with "
                    "models built before it, a class attribute or a list finalize does not start anew. Start it in "
                    "finalize, self.trainable_layers = [], before adding this model's layers with weights.")
        expect.fail(stated + (" Activations and dropout have nothing to train: keep only the layers that have weights "
                              "(hasattr(layer, 'weights'))." if extra else ""),
                    "activations_trainable" if extra else None)
    expect.true(_same_text(got["loss_trainable"], want["trainable"]), f"In {what}, the loss was not given the "
                f"trainable layers (it holds [{got['loss_trainable']}]): call self.loss.remember_trainable_layers("
                "self.trainable_layers), or the regularisation loss has no layers to sum over.")


def _combined_gradient_chosen(got, want, kind):
    what, got, want = MODELS[kind], _of_kind(got, kind), _of_kind(want, kind)
    if not _same_text(got["shortcut"], want["shortcut"]):
        model = what[:1].upper() + what[1:]
        if want["shortcut"] == "None":
            expect.fail(named("combined_gradient_misapplied", f"{model} got the combined softmax and cross-entropy "
                              f"({got['shortcut']}), but its gradient is right only for a Softmax output with "
                              "Loss_CategoricalCrossentropy. Set softmax_classifier_output only when both are "
                              "there (isinstance of the last layer and of the loss); otherwise it stays None."))
        expect.fail(f"{model} has softmax_classifier_output {got['shortcut']}; expected an "
                    "Activation_Softmax_Loss_CategoricalCrossentropy, since it ends in Softmax with categorical "
                    "cross-entropy.")


@check("model", depends=("layer_input",), hint=(
    "finalize links the layers and finds the trainable ones. See chapter 18.",
    "The first layer's prev is self.input_layer, the last one's next the loss; trainable layers are those with "
    "weights, and the loss remembers them. See chapter 18."))
def test_finalize(run):
    """Model.finalize links the layers and finds the trainable ones, for every kind of model"""
    got, want = run("finalize")
    for kind in MODELS:
        _finalized(got, want, kind)


# Apart from finalize, which every check that trains builds on: a list that only a second finalize doubles trains
# right wherever finalize runs once.
@check("model", depends="finalize", hint="finalize may run again on the same model, after set gives it another "
       "loss: it finds the trainable layers anew, from an empty list. See chapter 18.")
def test_finalize_again(run):
    """A second Model.finalize of the categorical model finds the same trainable layers, each once"""
    got, want = run("finalize")
    got, want = _of_kind(got, "finalized_twice"), _of_kind(want, "finalized_twice")
    expect.true(not got["raised"], f"A second model.finalize() of {MODELS['categorical']} raised {got['raised']}: "
                "finalize may run again, and finds what it finds anew.")
    expect.true(_same_text(got["trainable"], want["trainable"]), f"After a second model.finalize() of "
                f"{MODELS['categorical']}, model.trainable_layers holds the layers at positions [{got['trainable']}]; "
                f"expected [{want['trainable']}], as after the first: finalize added them to the list the first call "
                "left, so every step would update them twice. Start it anew in finalize, self.trainable_layers = [], "
                "before adding this model's layers with weights.")


# Not a prerequisite of the checks that train: a model without it computes the same gradient the longer way, through
# the loss's backward and the softmax's, and is judged on what it computes; one that applies it where it does not
# hold gets wrong gradients, which those checks find and say follow from here (uses).
@check("model", depends="finalize", hint=(
    "Which output and loss make the combined softmax and cross-entropy gradient right? See chapter 18.",
    "self.softmax_classifier_output = Activation_Softmax_Loss_CategoricalCrossentropy() only when the last layer is "
    "an Activation_Softmax and the loss a Loss_CategoricalCrossentropy; otherwise None. See chapter 18."))
def test_finalize_combined_gradient(run):
    """Model.finalize uses the combined softmax and cross-entropy gradient where, and only where, it applies"""
    got, want = run("finalize")
    for kind in MODELS:
        _combined_gradient_chosen(got, want, kind)


@check("model", hint=("A model loaded from a file is given its loss and accuracy again, but no optimizer: what must "
                      "set do with an argument left out? See chapter 21.",
                      "set keeps each of loss, optimizer and accuracy that is given: if loss is not None: self.loss "
                      "= loss, and the same for the other two. See chapter 21."))
def test_set_keeps_given(run):
    """Model.set keeps each of loss, optimizer and accuracy that is given (not None), and leaves the others"""
    got, want = run("set_twice")
    expect.kept_by_set(got, want)


@check("forward", depends=("finalize", "dropout_training_flag"), hint=(
    "Model.forward runs the input layer, then each layer on layer.prev.output. See chapter 18.",
    "Pass training on to every layer's forward, so dropout drops only while training. See chapter 18."))
def test_forward(run):
    """Model.forward runs every layer in turn, with dropout only when training"""
    got, want = run("forward")
    expect.array(got["inference"], want["inference"], "model.forward(X, training=False) of the categorical model",
                 mistakes={named("training_flag", "Dropout was active with training=False: pass training on to "
                                 "every layer's forward."): want["training"]})
    expect.array(got["training"], want["training"], "model.forward(X, training=True) of the categorical model",
                 mistakes={"Dropout did nothing with training=True: pass training on to every layer's forward.":
                           want["inference"]})
    expect.array(got["regression"], want["regression"], "model.forward(X, training=False) of the regression model")


@check("backprop", depends="forward", uses=("finalize_combined_gradient", "dropout_backward"), hint=(
    "Model.backward starts from the loss's gradient and hands each layer its next's dinputs. See chapter 18.",
    "Only with softmax_classifier_output: its backward, then the last layer's dinputs = its dinputs, and the "
    "other layers in reverse. Otherwise self.loss.backward(output, y) and every layer in reverse. See chapter 18."))
def test_backward(run):
    """Model.backward gives the reference's gradients for a regression, a binary and a categorical model"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("dense_forward", "dense_backward", "relu_backward"))
    got, want = run("backward")
    for kind in ("regression", "binary", "categorical"):
        what = MODELS[kind]
        # Without the combined softmax and loss, the last layer's dinputs are the loss's gradient through the last
        # layer's own backward: the loss's gradient itself means that backward never ran.
        skipped = want[f"{kind} loss_dinputs"]
        expect.array(got[f"{kind} last_dinputs"], want[f"{kind} last_dinputs"], f"the last layer's dinputs in {what}",
                     mistakes={} if skipped is None else {
                         "That is the loss's own gradient, self.loss.dinputs: the last layer's backward never ran. "
                         "After self.loss.backward(output, y), every layer's backward runs in reverse, the last one "
                         "included, each given the dinputs of the layer after it.": skipped})
        expect.array(got[f"{kind} dweights"], want[f"{kind} dweights"], f"the first layer's dweights in {what}",
                     mistakes=expect.model_layers_left_out(want[f"{kind} kinds"], want[f"{kind} without_each"]))
        expect.array(got[f"{kind} dbiases"], want[f"{kind} dbiases"], f"the first layer's dbiases in {what}")


def _trained_parameter(got, want, what):
    """Several Adam steps in float32 (under nnfs.init()) move a parameter near zero by more than the
    absolute tolerance of one pass allows: 1e-4 of the largest expected value is within float32 noise."""
    value = got if isinstance(got, np.ndarray) else None
    if value is not None and value.shape == want.shape and value.dtype.kind == "f" and np.all(
            np.abs(value - want) <= 1e-4 * (np.max(np.abs(want)) + np.abs(want))):
        return
    expect.array(got, want, what)


def _check_steps(got, want, how):
    """The optimizer's steps in a training `how`."""
    __tracebackhide__ = True
    steps = got["iterations"] if isinstance(got["iterations"], int) else None
    calls = got["first_step_calls"] if isinstance(got["first_step_calls"], list) else []
    expect.true(not (steps == 0 and "update_params" in calls and "post_update_params" not in calls), named(
        "step_count", f"The optimizer's iterations are still 0 after training {how}, though update_params ran: "
                      "each step ends with self.optimizer.post_update_params(), which counts it, after the layers "
                      "are updated."))
    counted, expected = calls.count("post_update_params"), want["iterations"]
    if counted > 1 and "pre_update_params" in calls:
        cause = (f" post_update_params, which counts a step, ran {counted} times in the first step: it belongs after "
                 "the loop over the trainable layers, once a step (and pre_update_params once before it).")
    elif steps and expected and steps % expected == 0 and steps // expected == calls.count("update_params") > 1:
        cause = (f" That is {steps // expected} a step, one for each layer updated: were the iterations counted in "
                 "update_params? post_update_params adds 1 to them once a step, after every layer's update.")
    else:
        cause = " One per batch, the last partial batch included."
    expect.true(steps == expected, f"The optimizer made {steps!r} steps {how}; expected {expected}.{cause}")


def _check_training(got, want, how, validated_on_training=None):
    """The steps, forward passes and parameters of a training `how`; `validated_on_training`: the first layer's
    forward passes where each epoch's validation ran over the training data instead of validation_data."""
    _check_steps(got, want, how)
    forwards = got["forwards"]
    expect.true(forwards != validated_on_training or forwards == want["forwards"], f"The first layer's forward ran "
                f"{forwards} times {how}, where {want['forwards']} were expected: as many as when each epoch's "
                "validation runs over the training data. Was evaluate given X and y instead of validation_data? "
                "After each epoch, train calls self.evaluate(*validation_data, batch_size=batch_size).")
    expect.true(isinstance(forwards, int) and forwards == want["forwards"], f"The first layer's forward ran "
                f"{forwards!r} times {how}; expected {want['forwards']}: once per batch of training data, and once "
                "per batch of validation data.")
    try:
        for name in want:
            if name[:-1] in ("weights", "biases"):
                _trained_parameter(got[name], want[name], f"the {name[:-1]} of dense layer {name[-1]} after training "
                                   f"{how}")
    except expect.Mismatch as mismatch:
        # Steps in another order than the book's change the parameters only where the rate decays: said then.
        expect.optimizer_step_order(got["first_step_calls"])
        first, reference = got.get("first_batch"), want["first_batch"]
        if isinstance(first, np.ndarray) and first.shape == reference.shape and np.array_equal(first, reference):
            raise
        # The first batch was not the reference's: the data were changed, reordered, or drawn from.
        outside = got.get("first_batch_outside_data")
        expect.true(not (isinstance(outside, int) and outside > 0), f"{str(mismatch).rstrip('.')}. "
                    f"{expect.counted(outside, 'sample')} of the first batch the network was given "
                    f"{'is not a sample' if outside == 1 else 'are not samples'} of the X train was given: train "
                    "changed the data's values (scaled, centred or standardised them?). train takes X as it is "
                    "given; prepare the data before calling it.")
        if isinstance(first, np.ndarray) and first.ndim == reference.ndim and len(first) != len(reference) \
                and np.array_equal(first, reference[:len(first)]):
            expect.fail(f"{str(mismatch).rstrip('.')}. The first batch the network was given held the first "
                        f"{len(first)} samples, where {len(reference)} belong: a slice's end is left out already, so "
                        "X[step * batch_size:(step + 1) * batch_size] takes batch_size samples, with no - 1 or + 1.")
        expect.fail(f"{str(mismatch).rstrip('.')}. The first batch the network was given is not the first "
                    f"{len(reference)} samples in the order given: the checks replay the reference's training batch "
                    "by batch, so a train that reorders the data (a shuffle each epoch) cannot match it. Take the "
                    "batches in the order given, X[step * batch_size:(step + 1) * batch_size].")


def _progress(printed, who):
    """[(what the line reports on, "step: 3" or "training"; its text, to the end of its line; its four numbers)] of
    chapter 19's progress lines in `printed`, any value."""
    return [(match[1], match[0] + printed[match.end():].partition("\n")[0], numbers)
            for match, numbers in expect.printed_lines(PROGRESS_LINE, printed, who)]


def _steps_by_epoch(lines):
    """[[the step numbers of an epoch's step lines], ...] of _progress's lines, each epoch ended by its summary."""
    epochs, steps = [], []
    for label, _, _ in lines:
        if label == "training":
            epochs.append(steps)
            steps = []
        else:
            steps.append(int(label.split()[1]))
    return epochs


def _check_every_line(got, want, how):
    """Every progress line: its loss is its data loss plus its reg_loss; where the lines are the reference's, line for
    line, its penalty, and an epoch's summary its accuracy and loss over the whole epoch."""
    lines, expected = _progress(got["printed"], f"model.train {how}"), _progress(want["printed"], "The reference")
    for label, text, (_, loss, data_loss, regularization_loss) in lines:
        # Each printed number is rounded (to 3 decimals, as the book prints them), so their sum may be off by 1.5 of
        # the last digit.
        units = [found[1] for found in (_printed(text, name) for name in ("loss", "data_loss", "reg_loss")) if found]
        expect.true(abs(loss - (data_loss + regularization_loss)) <= 1.6 * max(units, default=1e-3), named(
            "regularization_not_in_loss", f"model.train printed {how} {text!r:.120}: its data_loss {data_loss:g} "
            f"and reg_loss {regularization_loss:g} add up to {data_loss + regularization_loss:g}, not {loss:g}. The "
            "loss reported, at every step and in every epoch's summary, is data_loss + regularization_loss."))
    for epoch, (printed, steps) in enumerate(zip(_steps_by_epoch(lines), _steps_by_epoch(expected)), start=1):
        expect.step_lines(printed, steps, epoch, f"model.train {how}", required=True)
    if [label for label, _, _ in lines] != [label for label, _, _ in expected]:
        return   # printed at other steps: the last line is judged alone (_check_reported_loss)
    pairs = list(zip(lines, expected))
    for (label, text, numbers), (_, _, reference) in pairs:
        expect.true(_printed_close(text, "reg_loss", numbers[3], reference[3]), named(
            "regularization_not_in_loss", f"model.train printed {how} {text!r:.120}, whose reg_loss should be "
            f"{reference[3]:g}: " + (
                "an epoch's summary takes its penalty from self.loss.calculate_accumulated(include_regularization="
                "True) once the epoch is over, the penalty of the weights as the epoch left them, not a step's."
                if label == "training" else
                "calculate the loss with include_regularization=True, at every step, which sums the penalties of "
                "the trainable layers the loss remembers.")))
    # The summaries' losses before their accuracies: a pass not started again shows in the loss at once.
    for (label, text, numbers), (_, _, reference) in pairs:
        expect.true(label != "training" or _printed_close(text, "loss", numbers[1], reference[1]),
                    f"model.train printed {how} {text!r:.120}; the epoch's loss is {reference[1]:g} (data_loss "
                    f"{reference[2]:g}). An epoch's summary comes from the loss's accumulated sums: are they started "
                    "again with new_pass() at each epoch, and fed every batch?")
    steps = []   # the accuracies of the epoch's step lines so far
    for (label, text, numbers), (_, _, reference) in pairs:
        if label != "training":
            steps.append(numbers[0])
            continue
        # The last batch's, where the epoch's step lines tell the batches apart.
        last_batch = len(set(steps)) > 1 and numbers[0] == steps[-1]
        steps = []
        if not _printed_close(text, "acc", numbers[0], reference[0]):
            expect.fail(f"model.train printed {how} {text!r:.120}; the epoch's accuracy is {reference[0]:g}. An "
                        "epoch's summary reports the whole epoch, from what the accuracy accumulated over its "
                        "batches since new_pass() at its start: self.accuracy.calculate_accumulated()" + (
                            ", not the last batch's accuracy." if last_batch else "."))
    _check_step_numbers(pairs, how)


def _check_step_numbers(pairs, how):
    """A step line's accuracy and data loss are its own batch's, and every line's learning rate its step's, as the
    reference's are, each to the digits it was printed with."""
    __tracebackhide__ = True
    initial = next((_printed(reference_text, "lr") for _, (_, reference_text, _) in pairs), None)
    epoch = 1
    for (label, text, numbers), (_, reference_text, reference) in pairs:
        where = f"model.train printed {how}, in epoch {epoch}, {text!r:.120}"
        epoch += label == "training"
        rate, reference_rate = _printed(text, "lr"), _printed(reference_text, "lr")
        # Whether it is printed: its value, where a float reads it, is judged below.
        expect.true(reference_rate is None or re.search(r"(?<!\w)lr:", text), f"{where}, which lacks the ', lr: ' "
                    "and learning rate the book's progress lines end with: f', lr: "
                    "{self.optimizer.current_learning_rate}', the rate the last step used.")
        if rate is not None and reference_rate is not None and not _as_printed(rate, reference_rate[0], None):
            undecayed = initial is not None and reference_rate[0] != initial[0] and _as_printed(rate, initial[0], None)
            expect.fail(f"{where}; the learning rate there is {reference_rate[0]:g}. A progress line reports the rate "
                        "the last step used, self.optimizer.current_learning_rate, read after the step's update" + (
                            ": the decay lowers it at every step, and learning_rate, the rate the optimizer was "
                            "built with, stays." if undecayed else "."))
        if label == "training":
            continue
        expect.true(_printed_close(text, "acc", numbers[0], reference[0]), f"{where}; this step's accuracy is "
                    f"{reference[0]:g}. A step line reports the step's own batch: the accuracy "
                    "self.accuracy.calculate(predictions, batch_y) returned, not the epoch's so far "
                    "(calculate_accumulated) nor another number.")
        expect.true(_printed_close(text, "data_loss", numbers[2], reference[2]), f"{where}; this step's data_loss is "
                    f"{reference[2]:g}. A step line reports the data loss of the step's own batch, which "
                    "self.loss.calculate returned.")


def _printed(text, name):
    """(value, the unit of its last digit, its significant digits) of the number `name: ...` a progress line prints
    ('lr: 1.818e-02' gives (0.01818, 1e-05, 4)); None where the line prints none that a float reads."""
    found = re.search(rf"(?<![\w]){name}:\s*([-+]?(\d*)\.?(\d*))(?:[eE]([-+]?\d+))?\b", text)
    try:
        value = float(found[0].split(":", 1)[1]) if found else None
    except ValueError:
        return None
    if value is None:
        return None
    digits = (found[2] + found[3]).lstrip("0")
    return value, 10.0 ** (int(found[4] or 0) - len(found[3])), len(digits)


def _printed_close(text, name, value, reference):
    """Whether the number `name` the line `text` prints, read as `value`, is `reference` to the digits printed."""
    return _as_printed(_printed(text, name) or (value, 0.0, 3), reference)


def _as_printed(printed, reference, close=_close):
    """Whether the printed (value, unit of its last digit, significant digits) is `reference` rounded to those
    digits, or `close` to it (by default as _close allows, for the float32 of nnfs.init()). With `close` None (a
    learning rate), a number of fewer than 3 significant digits must be the reference itself: Python prints a float
    as briefly as it can, and 0.02 is the undecayed 0.02 more likely than 0.0182 rounded."""
    value, unit, digits = printed
    if close is None and digits < 3:
        unit = 0.0
    return abs(value - reference) <= unit / 2 + 1e-9 * abs(reference) or bool(close and close(value, reference))


def _check_reported_loss(got, want, how):
    """Every progress line (_check_every_line), then the last: its loss is the data loss plus the regularisation
    loss, and its numbers the reference's."""
    _check_every_line(got, want, how)
    accuracy, loss, data_loss, regularization_loss = _last(LOSS_LINE, got["printed"], f"model.train {how}",
                                                           "acc: 0.850, loss: 0.412 (data_loss: 0.400, "
                                                           "reg_loss: 0.012)")
    expected = _last(LOSS_LINE, want["printed"], "The reference", "")
    expect.true(_close(regularization_loss, expected[3]), named(
        "regularization_not_in_loss", f"The last reg_loss model.train printed {how} is {regularization_loss:g}, but "
        f"{expected[3]:g} was expected: calculate the loss with include_regularization=True, which sums the "
        "penalties of the trainable layers the loss remembers."))
    # Each printed number is rounded to 3 decimals, so their sum may be off by 1.5e-3.
    expect.true(abs(loss - (data_loss + regularization_loss)) <= 1.6e-3, named(
        "regularization_not_in_loss", f"The last loss model.train printed {how} is {loss:g}, but its data_loss "
        f"{data_loss:g} and reg_loss {regularization_loss:g} add up to {data_loss + regularization_loss:g}: the loss "
        "reported is data_loss + regularization_loss."))
    expect.true(_close(loss, expected[1]), f"The last loss model.train printed {how} is {loss:g} (data_loss "
                f"{data_loss:g}), but {expected[1]:g} was expected (data_loss {expected[2]:g}). An epoch's summary "
                "comes from the loss's accumulated sums: are they started again with new_pass() at each epoch, "
                "and fed every batch?")
    expect.true(_close(accuracy, expected[0]), f"The last accuracy model.train printed {how} is {accuracy:g}, but "
                f"{expected[0]:g} was expected. Is it the accuracy of the output layer's predictions of this "
                "batch (or epoch)?")


@check("training", depends=("accuracy_regression", "finalize"), hint=(
    "The regression accuracy must know its precision before the first batch. See chapter 18.",
    "train starts with self.accuracy.init(y), on the whole training targets. See chapter 18."))
def test_train_sets_precision(run):
    """Model.train sets the regression accuracy's precision from the training targets, once"""
    got, want = run("train_precision")
    advice = ("train must call self.accuracy.init(y) before its first batch, with the whole training targets; "
              "a second train keeps that precision, since init sets it only while it is None.")
    first_batch = named("accuracy_not_initialised", f"That is the precision of the first batch's targets (model.train "
                        f"ran in batches of {BATCH}): call self.accuracy.init(y) once, before the loop over the "
                        "batches, with the whole training targets, not with each batch's.")
    raised = f" (train raised {got['raised']})" if isinstance(got["raised"], str) and got["raised"] else ""
    for key, when in (("precision", f"after model.train(X, y, batch_size={BATCH})"),
                      ("precision_after_second", "after a second model.train on other targets")):
        value = got[key]
        if isinstance(value, str):
            expect.fail(f"The accuracy's precision is {value} {when}{raised}; expected {want[key]:.6g}. {advice}",
                        "accuracy_not_initialised")
        expect.number(value, want[key], f"The accuracy's precision {when}", mistakes={
            named("accuracy_not_initialised", advice): want["second_targets_precision"],
            first_batch: want["first_batch_precision"],
            named("accuracy_not_initialised", "That is the precision of the last batch's targets: the precision was "
                                              "set anew at every batch. Call self.accuracy.init(y) once, before the "
                                              "loop over the batches, with the whole training targets; init sets it "
                                              "only while it is None."): want["last_batch_precision"]})


@check("training", points=2, depends=("backward", "train_sets_precision"),
       uses=("predictions", "accuracy_regression"), hint=(
    "Each step: forward with training=True, the loss with regularisation, the accuracy, backward, and the "
    "optimizer's three calls. See chapter 18.",
    "200 samples in batches of 64 are 4 steps per epoch, the last of 8 samples. See chapter 19."))
def test_train_regression(run):
    """Model.train fits the regression model in batches, with its accuracy"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("loss_calculate", "loss_accumulated", "accuracy_accumulated",
                                                     "adam"))
    got, want = run("train_regression")
    _check_training(got, want, "on the regression model (3 epochs of 200 samples in batches of 64)")
    _check_reported_loss(got, want, "on the regression model")


@check("training", depends="backward", uses=("predictions", "accuracy_categorical"), hint=(
    "The reported loss is the data loss plus the regularisation loss. See chapter 18.",
    "data_loss, regularization_loss = self.loss.calculate(output, y, include_regularization=True); "
    "loss = data_loss + regularization_loss. See chapters 14 and 18."))
def test_train_binary(run):
    """Model.train fits the binary model with L1 and L2 penalties, one step per epoch, and reports both losses"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("bce_edges", "trainable_regularization_loss", "loss_calculate",
                                                     "loss_accumulated", "accuracy_accumulated", "adam"))
    got, want = run("train_binary")
    _check_training(got, want, "on the binary model (4 epochs, no batch_size)")
    _check_reported_loss(got, want, "on the binary model")


def _check_not_last_batch(numbers, reference, lasts, call):
    """Fails when each wrong figure of `numbers` (accuracy, loss) is the last batch's own: `lasts` is [its accuracy,
    its loss, its size]."""
    wrong = [index for index in (0, 1) if not _close(numbers[index], reference[index])]
    if wrong and all(isinstance(lasts[index], float) and _close(numbers[index], lasts[index]) for index in wrong):
        names = [("accuracy", "loss")[index] for index in wrong]
        expect.fail(f"{call} printed acc {numbers[0]:g}, loss {numbers[1]:g}; expected acc {reference[0]:g}, loss "
                    f"{reference[1]:g}. The {' and the '.join(names)} printed {'are' if len(names) > 1 else 'is'} "
                    f"the last batch's alone, of {lasts[2]} samples: " + expect.accumulated_advice(names))


@check("training", depends="train_regression", hint=(
    "evaluate starts a new pass of the loss and the accuracy, then accumulates them with training=False. See "
    "chapter 20.",
    "It never trains, and dropout is off: the same data give the same line twice. See chapters 18 and 20."))
def test_evaluate(run):
    """Model.evaluate prints the validation accuracy and loss, with dropout off, and changes nothing"""
    got, want = run("evaluate")
    changed = got["changed"]
    expect.true(not (isinstance(changed, str) and changed), f"evaluate changed {changed}: it only runs the "
                "forward pass with training=False, never backward or the optimizer" + (
                    ", and measures with the precision train set from the training targets (accuracy.init(y), once): "
                    "accuracy.init(y_val, reinit=True) in evaluate would judge the training that follows by the "
                    "validation data's spread." if isinstance(changed, str) and "precision" in changed else "."))
    for key, call in (("printed", "model.evaluate(X_val, y_val, batch_size=32)"),
                      ("printed_whole", "model.evaluate(X_val, y_val)"),
                      ("dropout_first", "model.evaluate on the categorical model with dropout"),
                      ("categorical_batched",
                       "model.evaluate(X_val, y_val, batch_size=64) on the categorical model")):
        numbers = _last(VALIDATION_LINE, got[key], call, "validation, acc: 0.850, loss: 0.412")
        reference = _last(VALIDATION_LINE, want[key], "The reference", "")
        swapped = _close(numbers[0], reference[1]) and _close(numbers[1], reference[0])
        expect.true(not swapped or _close(numbers[0], reference[0]), f"{call} printed acc {numbers[0]:g}, loss "
                    f"{numbers[1]:g}; expected acc {reference[0]:g}, loss {reference[1]:g}: the two are swapped. "
                    "Print each under its own name: f'validation, acc: {validation_accuracy:.3f}, loss: "
                    "{validation_loss:.3f}'.")
        if key in want["last_batch"]:
            _check_not_last_batch(numbers, reference, want["last_batch"][key], call)
        if not (_close(numbers[0], reference[0]) and _close(numbers[1], reference[1])):
            dropout = key == "dropout_first" and not _same_text(got["dropout_second"], got["dropout_first"])
            expect.fail(f"{call} printed acc {numbers[0]:g}, loss {numbers[1]:g}; expected acc {reference[0]:g}, "
                        f"loss {reference[1]:g}." + (
                            " Two evaluations of the same data differ: dropout was on. evaluate runs forward with "
                            "training=False." if dropout else
                            " Does evaluate start a new pass of the loss and the accuracy, then accumulate them over "
                            "every batch?"), "training_flag" if dropout else None)
    sizes = got["batch_sizes"]
    expect.true(sizes == want["batch_sizes"] or not isinstance(sizes, list) or not sizes, "model.evaluate(X_val, "
                f"y_val, batch_size=64) gave the network batches of {sizes} samples; expected {want['batch_sizes']}: "
                "evaluate runs the forward pass one batch of batch_size samples at a time, the last, partial batch "
                "too, and accumulates the loss and the accuracy over them.")
    even = got["even_batch_sizes"]
    expect.true(even == want["even_batch_sizes"] or not isinstance(even, list) or not even, "model.evaluate(X_val, "
                f"y_val, batch_size=64) of 128 samples gave the network batches of {even} samples; expected "
                f"{want['even_batch_sizes']}: where the samples divide evenly into batches, there is no partial batch "
                "to add. steps = samples // batch_size, plus 1 only where steps * batch_size < samples.")


@check("training", points=2, depends="backward", uses=("evaluate", "predictions", "accuracy_categorical"), hint=(
    "Validation runs after every epoch, with dropout off. See chapter 18.",
    "After each epoch's summary, self.evaluate(*validation_data, batch_size=batch_size). See chapter 20."))
def test_train_categorical(run):
    """Model.train fits the categorical model with dropout in batches, validating after every epoch"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("loss_calculate", "loss_accumulated", "accuracy_accumulated",
                                                     "adam"))
    got, want = run("train_categorical")
    printed = got["printed"] if isinstance(got["printed"], str) else ""
    runs, expected = len(VALIDATION_LINE.findall(printed)), len(VALIDATION_LINE.findall(want["printed"]))
    if runs != expected:
        expect.fail(f"model.train(..., epochs=2, validation_data=...) printed "
                    f"{expect.counted(runs, 'validation line')}; expected {expected}, one after every epoch.",
                    "validation_once" if runs == 1 else None)
    expect.validated_after_summaries(printed, want["printed"], "model.train(..., epochs=2, validation_data=...)")
    # 200 training samples in batches of 64 make 4 batches an epoch; the 60 validation samples make 1.
    _check_training(got, want, "on the categorical model with dropout (2 epochs in batches of 64, validated)",
                    validated_on_training=want["forwards"] + 2 * (4 - 1))
    _check_every_line(got, want, "on the categorical model with dropout")
    numbers = _last(VALIDATION_LINE, printed, "model.train with validation_data", "validation, acc: 0.850, "
                                                                                  "loss: 0.412")
    reference = _last(VALIDATION_LINE, want["printed"], "The reference", "")
    if expect.holds_penalty(numbers[1], reference[1], want["penalty"]):
        expect.fail(f"The last validation loss model.train with validation_data printed is {numbers[1]:g}: the "
                    f"reference's {reference[1]:g} plus the layers' regularization penalty ({want['penalty']:.3f}). "
                    "The penalty belongs to the loss train minimises; evaluate measures how well the model fits data "
                    "it has not learned from, the data loss alone: self.loss.calculate_accumulated() without "
                    "include_regularization, as the book's evaluate does.", "penalty_in_measured_loss")
    expect.true(_close(numbers[0], reference[0]) and _close(numbers[1], reference[1]), f"The last validation line "
                f"reads acc {numbers[0]:g}, loss {numbers[1]:g}; expected acc {reference[0]:g}, loss "
                f"{reference[1]:g}. Does evaluate start a new pass of the loss and the accuracy, and run forward "
                "with training=False, so that dropout is off?")


@check("forward", depends="forward", hint=(
    "predict runs forward with training=False, batch by batch. See chapter 18.",
    "Stack the batches' outputs with np.vstack; the last batch may be smaller. See chapter 22."))
def test_predict(run):
    """Model.predict gives every sample's output, in batches, with dropout off"""
    got, want = run("predict")
    whole, again = (value if isinstance(value, np.ndarray) else None for value in (got["whole"], got["again"]))
    if whole is not None and again is not None and whole.shape == again.shape and not np.array_equal(whole, again):
        expect.fail("model.predict(X) gave other outputs the second time on the same X, so dropout was on while "
                    "it predicted: predict runs self.forward(batch_X, training=False), which switches dropout off, "
                    "as the forward check saw.", "training_flag")
    classes = "predict returned classes: it returns the outputs themselves, np.vstack of the batches' forward outputs"
    expect.array(got["whole"], want["whole"], "model.predict(X) of the categorical model with dropout", mistakes={
        f"{classes}, for the caller to turn into classes with model.output_layer_activation.predictions(outputs).":
            np.argmax(want["whole"], axis=1)})
    sizes = got["batch_sizes"]
    expect.batches_sliced(sizes, want["batch_sizes"], "model.predict(X, batch_size=64)")
    expect.array(got["batched"], want["batched"], "model.predict(X, batch_size=64) of the categorical model",
                 mistakes={"predict returned only the first batch: loop over every batch and stack the outputs.":
                           want["batched"][:64],
                           "predict left out the last, partial batch (8 samples): add one more step when len(X) "
                           "is not a multiple of batch_size.": want["batched"][:192],
                           "predict returned only the last batch: keep every batch's output in a list and stack "
                           "them, np.vstack(output), once the loop is done.": want["batched"][192:]})
    expect.true(sizes == want["batch_sizes"] or not isinstance(sizes, list) or not sizes, "model.predict(X, "
                f"batch_size=64) gave the network batches of {sizes} samples; expected {want['batch_sizes']}: "
                "predict runs the network one batch of batch_size samples at a time, the last, partial batch too.")
    expect.array(got["binary"], want["binary"], "model.predict(X, batch_size=64) of the binary model")


@check("training", depends="train_binary", uses="predict", hint=(
    "get_parameters lists what each trainable layer learned. See chapter 21.",
    "get_parameters returns [layer.get_parameters() for each trainable layer]; set_parameters gives each back in "
    "that order with layer.set_parameters(*parameter_set). See chapter 21."))
def test_parameters_round_trip(run):
    """get_parameters and set_parameters carry what a model learned to a fresh one"""
    got, want = run("parameters")
    count = got["count"]
    expect.true(type(count) is int and count == want["count"],
                f"get_parameters returned {expect.counted(count, 'item')}; expected {want['count']}, one (weights, "
                "biases) pair per trainable layer.")
    expect.array(got["copied"], want["trained"], "the predictions of a fresh model after set_parameters(trained."
                 "get_parameters())")
    expect.array(got["trained"], want["trained"], "the predictions of the trained binary model")
    expect.array(got["categorical_copied"], want["categorical_trained"], "the predictions of a fresh categorical "
                 "model (Dense, ReLU, Dropout, Dense, Softmax) after set_parameters(trained.get_parameters())")


# What chapter 21's save pops (and new_pass resets): a leftover by another name is one of the learner's own.
BOOK_POPS = {"inputs", "output", "dinputs", "dweights", "dbiases", "accumulated_sum"}


def _attribute(path):
    """The attribute a leftover's path ends in: "mask" for model.layers[1].mask, "cache" for
    model.layers[1].cache[0]."""
    return re.match(r"\w*", path.rpartition(".")[2]).group()


@check("training", depends="parameters_round_trip", uses=("predict", "evaluate"), hint=(
    "save pickles a deep copy of the model without the data of its last pass. See chapter 21.",
    "On the copy: new_pass of the loss and the accuracy; pop the input layer's output and the loss's dinputs; "
    "pop inputs, output, dinputs, dweights, dbiases of each layer. Model.load is a static method. See chapter 21."))
def test_save_and_load(run):
    """A saved model holds no data of its last pass, and Model.load brings back one that predicts the same"""
    got, want = run("save_and_load")
    expect.pickled_in_binary(got["text_mode"], got["raised"], "save", "Model.load")
    if not _same_text(got["loaded_type"], want["loaded_type"]) and _same_text(got["saved_type"], want["saved_type"]):
        expect.fail(f"Model.load returned {'None' if got['loaded_type'] == 'NoneType' else 'a ' + got['loaded_type']}, "
                    f"though the file save wrote holds the {got['saved_type']} (save is right): load returns what it "
                    "unpickled, with open(path, 'rb') as f: return pickle.load(f), as chapter 21's does.")
    expect.true(_same_text(got["loaded_type"], want["loaded_type"]), f"Model.load returned a {got['loaded_type']}; "
                "expected the Model that save pickled: save pickles a stripped copy of the model itself, "
                "pickle.dump(model, f), not its parameters, which save_parameters is for.")
    leftovers = got["leftovers"]
    # The scenario lists a few paths for each file (scenario_helpers.listed): a longer text is read no further.
    listed = str(leftovers)[:5000]
    # An attribute the book's list leaves alone: the learner's own layer keeps more than the book's does.
    own = sorted({found for found in re.findall(r"model\.input_layer\.(\w+)", listed) if found != "output"})[:6]
    own_paths = {f"model.input_layer.{name}" for name in own}
    others = [path for path in re.findall(r"model\.[\w.\[\]]+", listed) if path not in own_paths]
    # Arrays a layer of the learner's own keeps beyond the book's list (a ReLU's mask): the book's advice alone,
    # followed already, would not say what is left to pop.
    extra = sorted({_attribute(path) for path in others} - BOOK_POPS)[:6]
    # Kept by the Model itself (or its loss or accuracy) rather than by a layer: the sentence names which.
    keeper = "layers keep" if all(re.match(r"model\.(trainable_)?layers\[", path) for path in others
                                  if _attribute(path) in extra) else "model keeps"
    by_book = [path for path in others if _attribute(path) in BOOK_POPS]
    book = ("save works on a copy.deepcopy of the model, starts a new pass of its loss and accuracy (new_pass), and "
            "pops, before pickling, the input layer's output, the loss's dinputs, and each layer's inputs, output, "
            "dinputs, dweights and dbiases, as chapter 21 does.")
    # Leftovers reached only through other references to the layers than model.layers: a copy made piece by piece.
    if others and not any(path.startswith("model.layers[") for path in others) and any(
            path.startswith(("model.trainable_layers", "model.output_layer_activation")) for path in others):
        book = ("These are reached through model.trainable_layers or model.output_layer_activation, which in a "
                "copy made piece by piece (copy.copy of the model, its layers copied apart) still lead to the "
                "original model's layers and their data: copy the whole model at once, copy.deepcopy(self), which "
                f"copies every reference to a layer with it. {book}")
    advice = [book] if by_book or not (own or extra) else []
    if extra:
        advice.append(f"Your {keeper} {' and '.join(extra)} from each pass as well, which the book's list does not "
                      f"pop: pop {'it' if len(extra) == 1 else 'them'} too, as the README's save does with any array "
                      "of the last pass's samples, but for dropout's binary_mask and the combined softmax and loss's "
                      "dinputs.")
    if own:
        advice.append("The book's input layer keeps only its output, so its list does not pop "
                      f"{' or '.join(f'input_layer.{name}' for name in own)}: pop that too, or have "
                      "Layer_Input.forward set only self.output = inputs.")
    expect.true(isinstance(leftovers, str) and leftovers == "", named(
        "data_pickled", f"The saved file still holds the data of the model's last pass ({listed:.600}). "
        + " ".join(advice)))
    taken = got["taken_from_model"]
    expect.true(isinstance(taken, str) and taken == "", f"save took the data of the last pass from the model itself "
                f"({taken}), where the README's save pickles a deep copy and leaves the model it saves as it was: pop "
                "them from a copy, model = copy.deepcopy(self), as chapter 21 does.")
    optimizers = got["optimizers"]
    if isinstance(optimizers, list) and len(optimizers) == 2 and all(isinstance(one, list) for one in optimizers):
        (kind, steps), (loaded_kind, loaded_steps) = optimizers
        loaded = "no optimizer" if loaded_kind == "NoneType" else f"the optimizer {loaded_kind} at step {loaded_steps}"
        expect.true(loaded_kind == kind and loaded_steps == steps, f"The model Model.load brought back has {loaded}, "
                    f"where the saved model's was {kind} at step {steps}: save pickles a deep copy of the whole "
                    "model, its optimizer with its step count and Adam's momentums included, so that training can go "
                    "on from where it stopped (chapter 21); it pops only the data of the last pass.")
    # Against what the learner's own model predicted before it was saved: a training the other checks fail does not
    # fail saving it too.
    before = _own_predictions(got["before"], want["before"])
    expect.array(got["after"], before, "the predictions of the model loaded with Model.load")
    expect.array(got["regression_after"], _own_predictions(got["regression_before"], want["regression_before"]),
                 "the predictions of the regression model loaded with Model.load")
    expect.array(got["still_usable"], before, "the predictions of the saved model itself, after save (save "
                 "pops from a copy, never from the model)")
    evaluated = got["regression_evaluated"]
    precision = evaluated[2] if isinstance(evaluated, list) and len(evaluated) == 3 else None
    # To float32's precision: a copy that keeps it in float32 keeps what was learned.
    if isinstance(precision, list) and isinstance(precision[0], float) and not (
            isinstance(precision[1], float) and np.isclose(precision[1], precision[0], rtol=1e-6, atol=0)):
        loaded = f"{precision[1]!r}" if isinstance(precision[1], float) else f"{str(precision[1]):.40}"
        expect.fail(f"The regression model loaded with Model.load has an accuracy whose precision is {loaded}, where "
                    f"the model had {precision[0]!r} before it was saved: save pops the data of the "
                    "last pass alone; the rest is what the model learned, its accuracy's precision among it "
                    "(Accuracy_Regression.init computed it from the training targets, and a loaded model evaluates "
                    "new data against it).")
    # Where the loaded model alone raises: two runs that print otherwise may differ for reasons of their own.
    if isinstance(evaluated, list) and len(evaluated) == 3 and [how for how, _ in evaluated[:2]] == ["printed",
                                                                                                   "raised"]:
        saved, loaded = (f"{how} {_cut(str(text).strip())!r}" for how, text in evaluated)
        expect.fail(f"The regression model loaded with Model.load cannot be evaluated as the one saved: evaluate "
                    f"{saved} for the saved model and {loaded} for the loaded one. save "
                    "pops the data of the last pass alone; the rest is what the model learned, its accuracy's "
                    "precision among it (Accuracy_Regression.init computed it from the training targets).")


def _cut(text, limit=160):
    """`text`, its first `limit` characters and "..." where it is longer."""
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _own_predictions(got, want):
    """`got`, the learner's model's predictions before it was saved, where they are finite numbers of the reference's
    shape; else `want`, the reference's."""
    if isinstance(got, np.ndarray) and got.shape == np.shape(want) and got.dtype.kind == "f" \
            and np.all(np.isfinite(got)):
        return got
    return want
