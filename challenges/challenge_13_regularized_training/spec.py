"""Checks for challenge 13: regularisation that shows."""
import numpy as np

from grader import expect
from grader.mistakes import named
from grader.spec import check, figure
from grader.views import figures

DROP_RATE = 0.3
STEP_L2 = 0.01
# With the book's L2 and dropout the validation loss must lag the training loss by at most this share of the
# lag without them (the reference's share is about a half).
GAP_SHARE = 0.75
BOOK_SETTINGS = {"l2": 5e-4, "dropout": 0.1, "steps": 500}
# How long the checks train: the gap shows after 60 steps; 5 are enough to see validation data leak into training.
GAP_STEPS, SHORT_STEPS = 60, 5
# How far train_loss may be from the reference's after a run without dropout: float32 training ends about 1e-7
# away, the last loss train reports (before the last update, with the penalty) about 7% away.
TRAIN_LOSS_RTOL = 0.01
HIDDEN_AXES = "one row per sample, one column per hidden neuron"
RESULT_KEYS = ("train_accuracy", "train_loss", "validation_accuracy", "validation_loss")

REGULARIZATION_LEFT_OUT = named("regularization_not_in_loss", "The loss train reports is the data loss alone: add "
                                "network.regularization_loss() to it, since the penalties are part of what the "
                                "optimizer minimises and of the loss the book prints.")
DROPOUT_AT_INFERENCE = named("training_flag", "Values were dropped while the network was measured: dropout was "
                             "applied at inference. Pass training on to dropout1.forward, and with training=False "
                             "the output is the inputs, unchanged.")
VALIDATION_IN_TRAINING = named("validation_in_training", "Training changed when only the validation data changed: "
                               "validation data were used in training. Train on (X, y) alone and use (X_val, y_val) "
                               "only to measure the trained network.")
PENALTY_AFTER_UPDATE = named("loss_after_update", "That is the data loss of the step's forward pass plus the penalty "
                             "of the weights the update left: network.regularization_loss() was read after the "
                             "optimizer had changed them, so the two parts of each loss come from different weights. "
                             "Add the penalty right after the forward pass, before the backward pass and the update: "
                             "losses.append(data_loss + network.regularization_loss()).")
GAP_ON_TRAINING_DATA = named("validation_in_training", "The validation accuracy and loss are exactly the training "
                             "ones: the gap was measured on the training data. Evaluate the trained network on "
                             "(X_val, y_val) for the validation figures.")


def _l2(weights, biases, strength_weights, strength_biases):
    return strength_weights * np.sum(weights ** 2) + strength_biases * np.sum(biases ** 2)


@check("regularization", hint=("The L2 penalty is lambda times the sum of the squared parameters, for the weights "
                               "and for the biases, each with its own lambda. See chapter 14.",
                               "regularization_loss = weight_regularizer_l2 * np.sum(weights * weights) + "
                               "bias_regularizer_l2 * np.sum(biases * biases), each only when its lambda is above 0."))
def test_regularization_loss(run):
    """Loss.regularization_loss adds a layer's L2 penalties on its weights and its biases"""
    got, want = run("regularization_loss")
    _lambda_copied(got, want)
    for name, what in (("weights_only", "weight_regularizer_l2=0.2"), ("biases_only", "bias_regularizer_l2=0.4"),
                       ("both", "both L2 penalties")):
        weights, biases = want[f"{name}_weights"], want[f"{name}_biases"]
        strengths = {"weights_only": (0.2, 0), "biases_only": (0, 0.4), "both": (0.2, 0.4)}[name]
        expect.number(got[name], want[name], f"regularization_loss with {what}", mistakes={
            "np.mean took the place of np.sum: the L2 penalty is lambda times the sum of the squares over every "
            "parameter, lambda * np.sum(w * w).":
                strengths[0] * np.mean(weights ** 2) + strengths[1] * np.mean(biases ** 2),
            "The parameters were not squared: L2 is lambda times the sum of w * w (the sum of |w| is L1).":
                strengths[0] * np.sum(np.abs(weights)) + strengths[1] * np.sum(np.abs(biases)),
            "The penalty was not multiplied by its lambda.":
                (strengths[0] > 0) * np.sum(weights ** 2) + (strengths[1] > 0) * np.sum(biases ** 2),
            "The square root of the sum was taken: L2 regularisation adds lambda times the sum of squares itself.":
                strengths[0] * np.sqrt(np.sum(weights ** 2)) + strengths[1] * np.sqrt(np.sum(biases ** 2)),
            "The sum was squared, np.sum(w) ** 2, where each parameter is squared and the squares summed, "
            "np.sum(w * w).": strengths[0] * np.sum(weights) ** 2 + strengths[1] * np.sum(biases) ** 2,
            "The biases' penalty was left out: add bias_regularizer_l2 * np.sum(biases * biases) too.":
                strengths[0] * np.sum(weights ** 2),
            "The weights' penalty was left out: add weight_regularizer_l2 * np.sum(weights * weights) too.":
                strengths[1] * np.sum(biases ** 2),
            **({"The biases' penalty was computed from the layer's weights: it penalises the biases, "
                "bias_regularizer_l2 * np.sum(layer.biases * layer.biases).":
                    strengths[0] * np.sum(weights ** 2) + strengths[1] * np.sum(weights ** 2)} if strengths[1] else {}),
        })
    expect.number(got["none"], want["none"], "regularization_loss of a layer without penalties")


def _lambda_copied(got, want):
    """Name a penalty multiplied by the other one's lambda (a line copied from the weights' to the biases', or back):
    seen where both lambdas differ, though with one lambda at 0 it looks like a penalty left out."""
    __tracebackhide__ = True
    squares = np.sum(want["both_weights"] ** 2), np.sum(want["both_biases"] ** 2)
    try:
        value = float(got["both"])
    except (TypeError, ValueError):
        return
    if expect.close(value, float(want["both"])):
        return
    for lambdas, penalty, used, meant, line in (
            ((0.2, 0.2), "biases'", "weight_regularizer_l2 (0.2)", "bias_regularizer_l2 (0.4)",
             "layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)"),
            ((0.4, 0.4), "weights'", "bias_regularizer_l2 (0.4)", "weight_regularizer_l2 (0.2)",
             "layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)")):
        if expect.close(value, lambdas[0] * squares[0] + lambdas[1] * squares[1]):
            expect.fail(f"regularization_loss with weight_regularizer_l2=0.2 and bias_regularizer_l2=0.4 is "
                        f"{value:.6g}, but {float(want['both']):.6g} was expected: the {penalty} penalty is there, "
                        f"but multiplied by {used} instead of {meant}, as if its line were copied from the other "
                        f"penalty's. Each penalty takes its own lambda: {line}.")


@check("regularization", hint=("A penalty in the loss is a term in its gradient: what is the derivative of "
                               "lambda * w²? See chapter 14.",
                               "dweights += 2 * weight_regularizer_l2 * weights, and dbiases += "
                               "2 * bias_regularizer_l2 * biases."))
def test_dense_backward_l2(run):
    """Layer_Dense.backward adds the L2 penalties' gradients, 2 · lambda · w, to dweights and dbiases"""
    # The stub's line of dbiases decides whether a penalty's gradient fits it: its fault is told first, as the stub's.
    expect.given_code_kept(*run("given_code"), only=("dbiases_shape",))
    got, want = run("dense_backward")
    base = want["l2_inputs"].T @ want["l2_dvalues"]

    def set_by(case):
        return got[f"{case}_set"], want[f"{case}_set"], "Layer_Dense.backward"

    expect.array(got["l2_dweights"], want["l2_dweights"], "self.dweights with weight_regularizer_l2=0.2",
                 set_by=set_by("l2"), mistakes={
        "The factor 2 is missing from the L2 gradient: the derivative of lambda * w² is 2 * lambda * w.":
            base + 0.2 * want["l2_weights"],
        "The L2 gradient is missing: add 2 * weight_regularizer_l2 * weights to dweights, after dweights is "
        "computed (a gradient added before self.dweights = np.dot(...) is replaced by it).": base,
        "The L2 gradient was subtracted: the penalty grows with w², so add 2 * lambda * w.":
            base - 2 * 0.2 * want["l2_weights"],
    })
    bias_base = want["l2_dvalues"].sum(axis=0, keepdims=True)
    expect.array(got["l2_dbiases"], want["l2_dbiases"], "self.dbiases with bias_regularizer_l2=0.4",
                 set_by=set_by("l2"), mistakes={
        # 0.4 * biases is also twice the weights' lambda: either slip gives these values.
        "The biases' L2 gradient is 0.4 * biases: the factor 2 is missing, or it took the weights' lambda (0.2). "
        "It is 2 * bias_regularizer_l2 * biases.": bias_base + 0.4 * want["l2_biases"],
        "The biases' L2 gradient is missing: add 2 * bias_regularizer_l2 * biases to dbiases, after dbiases is "
        "computed (a gradient added before self.dbiases = np.sum(...) is replaced by it).": bias_base,
        named("wrong_derivative_input", "dbiases took the shape of the weights: the biases' L2 gradient used the "
                                        "weights where the biases belong. It is 2 * bias_regularizer_l2 * "
                                        "self.biases."): bias_base + 2 * 0.4 * want["l2_weights"],
    })
    expect.array(got["l2_dinputs"], want["l2_dinputs"], "self.dinputs with L2 penalties", set_by=set_by("l2"),
                 mistakes={
        "The penalty reached dinputs: it depends on the weights alone, so only dweights and dbiases change.":
            want["l2_dinputs"] + 2 * 0.2 * want["l2_weights"].sum(axis=1)})
    for name in ("dweights", "dbiases"):
        expect.array(got[f"none_{name}"], want[f"none_{name}"], f"self.{name} of a layer without penalties",
                     set_by=set_by("none"))
    # Each penalty alone: a gradient added under the other penalty's `if` is missing only then.
    for own, other, name, rest, of in (("weight_regularizer_l2", "bias_regularizer_l2", "dweights", "dbiases",
                                        "weights"),
                                       ("bias_regularizer_l2", "weight_regularizer_l2", "dbiases", "dweights",
                                        "biases")):
        key = f"only_{own}"
        without = (want[f"{key}_inputs"].T @ want[f"{key}_dvalues"] if name == "dweights"
                   else want[f"{key}_dvalues"].sum(axis=0, keepdims=True))
        expect.array(got[f"{key}_{name}"], want[f"{key}_{name}"], f"self.{name} of a layer with {own} alone",
                     set_by=set_by(key), mistakes={
            f"The {of}' L2 gradient is missing where {own} alone is set: is it added under `if self.{other} > "
            f"0:`? Each penalty's gradient goes under its own if, 2 * {own} * self.{of}.": without})
        expect.array(got[f"{key}_{rest}"], want[f"{key}_{rest}"], f"self.{rest} of a layer with {own} alone",
                     set_by=set_by(key))


@check("regularization", hint=("Layer_Dropout(0.3) drops 30% of the values and scales up the rest. The book keeps "
                               "self.rate = 1 - rate, the share kept. See chapter 15.",
                               "self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate, "
                               "then self.output = inputs * self.binary_mask, at every call with training=True."))
def test_dropout_while_training(run):
    """Layer_Dropout drops a share `rate` while training, scales the rest, and draws a new mask at every pass"""
    got, want = run("dropout")
    expect.was_set(got["set_by_forward"], "output", "Layer_Dropout.forward(inputs, training=True)")
    inputs = want["inputs"]
    output = expect.shape(got["output"], inputs.shape, "self.output", "the shape of the inputs")
    expect.drawn_for_each_value(output == 0)
    dropped = float(np.mean(output == 0))
    if abs(dropped - (1 - DROP_RATE)) < 0.02:
        kept = output != 0
        with np.errstate(all="ignore"):
            scaled_by_keep = kept.any() and np.allclose(output[kept] / inputs[kept], 1 / (1 - DROP_RATE), rtol=1e-5)
        if scaled_by_keep:   # divided by the share kept: the mask alone was drawn with the other share
            expect.fail(f"Layer_Dropout({DROP_RATE}) zeroed {dropped:.1%} of the values, though the kept ones were "
                        f"divided by the share kept, {1 - DROP_RATE:g}: the mask kept each value with probability "
                        f"{DROP_RATE:g}, the share to drop, where the share kept belongs. With self.rate = 1 - rate, "
                        "as the book keeps it, the mask is np.random.binomial(1, self.rate, size=inputs.shape) / "
                        "self.rate.")
        expect.fail(f"Layer_Dropout({DROP_RATE}) zeroed {dropped:.1%} of the values: the rate was used as the share "
                    f"to keep. rate is the share to drop, so keep 1 - rate (self.rate = 1 - rate).")
    expect.true(abs(dropped - DROP_RATE) < 0.02, f"Layer_Dropout({DROP_RATE}) zeroed {dropped:.1%} of 10,000 "
                f"values; about {DROP_RATE:.0%} was expected." + (expect.NOTHING_DROPPED if not dropped else ""))
    expect.kept_values_scaled(output, inputs, DROP_RATE)
    expect.drawn_at_every_pass(output == 0, expect.shape(got["output_again"], inputs.shape, "self.output of a "
                                                         "second forward pass", "the shape of the inputs") == 0)
    expect.drops_its_own_rate(got["half_output"], inputs.shape, DROP_RATE)


@check("regularization", depends="dropout_while_training",
       hint="self.output = inputs * self.binary_mask builds a new array; which line writes into inputs or dvalues "
       "instead? See chapter 15.")
def test_dropout_keeps_its_arguments(run):
    """Layer_Dropout leaves the inputs and dvalues it was given unchanged"""
    got, want = run("dropout_backward")
    # Both at once: a fix of the first would otherwise reveal the second only at the next run.
    expect.all_unchanged([(got["inputs_after"], want["inputs"], "The inputs given to Layer_Dropout.forward"),
                          (got["dvalues_after"], want["dvalues"], "The dvalues given to Layer_Dropout.backward")],
                         "Multiply into a new array (inputs * self.binary_mask, dvalues * self.binary_mask) instead "
                         "of with *=.")


@check("regularization", depends="dropout_while_training",
       hint="Chapter 15's training code calls dropout.forward(inputs) with no training argument: what must your "
       "default be for that call to drop? See chapter 15.")
def test_dropout_default_drops(run):
    """Layer_Dropout drops values while training when called as chapter 15's code calls it, forward(inputs), or with training=True where training has no default"""
    got, want = run("dropout")
    expect.drops_without_training(got["default_called"], got["default_output"], want["inputs"].shape, DROP_RATE)


@check("regularization", hint="When the network is measured, every neuron takes part: with training=False "
       "the output is the inputs. See chapter 15.")
def test_dropout_at_inference(run):
    """Layer_Dropout.forward(inputs, training=False) passes the inputs through unchanged"""
    got, want = run("dropout")
    output, inputs = got["inference_output"], want["inference_output"]
    if isinstance(output, np.ndarray) and output.shape == inputs.shape and np.any(output == 0):
        expect.fail("With training=False some values were dropped: Layer_Dropout.forward dropped values where its "
                    "training argument said not to. With training=False the output is the inputs, unchanged: return "
                    "them before drawing a mask (if not training:).", "training_flag")
    expect.array(output, inputs, "self.output with training=False",
                 set_by=(got["inference_set"], want["inference_set"], "Layer_Dropout.forward(inputs, training=False)"),
                 mistakes={
        "With training=False the values were scaled by 1 / (1 - rate): at inference nothing is dropped and "
        "nothing is scaled.": inputs * 2,
        # rate is 0.5 here: the share dropped and the share kept are one number.
        "With training=False the values were multiplied by the rate, as dropout that does not scale while training "
        "must at inference; this layer's inverted dropout divides by 1 - rate while training, so that at inference "
        "it passes the inputs through unchanged.": inputs * 0.5})


def _mask(got, want):
    """The dropout mask the learner's network used while training: dropout1.output / activation1.output where the
    latter is not 0."""
    hidden = expect.shape(got["training_hidden"], want["training_hidden"].shape, "activation1.output", HIDDEN_AXES)
    dropped = expect.shape(got["training_dropped"], hidden.shape, "dropout1.output", HIDDEN_AXES)
    alive = hidden != 0
    mask = np.zeros(hidden.shape)
    with np.errstate(all="ignore"):
        mask[alive] = dropped[alive] / hidden[alive]
    expect.true(not np.any(dropped[~alive] < 0), "dropout1.output holds negative values where activation1.output "
                "is 0: dropout1 ran on dense1.output, before the ReLU. The network runs dense1, activation1, then "
                "dropout1 on activation1.output.")
    expect.true(np.allclose(dropped[~alive], 0), "dropout1.output is not 0 where activation1.output is: dropout "
                "only multiplies its inputs by the mask.")
    with np.errstate(all="ignore"):
        kept = mask[alive][mask[alive] != 0]
    expect.true(np.all(np.isfinite(mask)) and (kept.size == 0 or np.allclose(kept, kept[0], rtol=1e-4)),
                "dropout1.output is not activation1.output times one mask of 0s and a single scale: dropout "
                "multiplies each value by 0 or by 1 / (1 - rate).")
    return alive, mask


# Not before dropout keeps its inputs: one written into makes activation1.output the dropped values, which would
# read as dropout not applied.
@check("training", depends=("dropout_while_training", "dropout_keeps_its_arguments"), hint=(
    "While training, the network runs dense1, activation1, dropout1 (with training passed on), dense2 and the "
    "loss, each on the output of the one before. See chapter 15.",
    "self.dropout1.forward(self.activation1.output, training=training); "
    "self.dense2.forward(self.dropout1.output)."))
def test_network_forward_while_training(run):
    """Network.forward(X, y, training=True) with dropout=0.5 drops about half of the hidden values and returns the data loss"""
    got, want = run("network_pass")
    alive, mask = _mask(got, want)
    kept = mask[alive]
    if np.allclose(kept, 1.0):
        expect.fail("dropout1.output is activation1.output unchanged: while training, dropout1.forward ran as at "
                    "inference, without training=True, so no mask was drawn" +
                    (", and dropout1.backward then had none to use" if isinstance(got["backward_raised"], str) else "") +
                    ". Pass training on in Network.forward: self.dropout1.forward(self.activation1.output, "
                    "training=training).", "training_flag")
    zeroed, scales = float(np.mean(kept == 0)), kept[kept != 0]
    if scales.size and np.allclose(scales, scales[0], rtol=1e-4) and scales[0] > 1:
        # A dropout of another rate, drawn while training: its scale says which, whatever the learner named it.
        rate = 1 - 1 / float(scales[0])
        expect.true(abs(rate - 0.5) < 0.05 or abs(rate - zeroed) > 0.1,
                    f"Network(dropout=0.5) dropped {zeroed:.0%} of the hidden values and scaled the rest by "
                    f"{float(scales[0]):.3g}: a Layer_Dropout({rate:.2g}), where it asks for Layer_Dropout(0.5). "
                    "Network.__init__ passes its dropout argument on: self.dropout1 = Layer_Dropout(dropout).")
    expect.true(np.allclose(kept[kept != 0], 2.0, rtol=1e-4) and 0.4 < np.mean(kept == 0) < 0.6,
                "With Layer_Dropout(0.5) dropout1.output should be activation1.output with about half its values "
                f"zeroed and the rest doubled; {np.mean(kept == 0):.0%} were zeroed. Is dropout1.forward called "
                "with training=True while training?")
    dense2_output = expect.shape(got["training_dense2_output"], (len(want["y"]), 3), "dense2.output",
                                 "one row per sample, one column per class")
    expect.true(expect.close(dense2_output, np.asarray(got["training_dropped"], dtype=float) @ want["start_weights2"]
                             + want["start_biases2"]),
                "dense2 did not get dropout1.output: the dropout layer goes between activation1 and dense2.")
    logits = (np.maximum(0, want["X"] @ want["start_weights1"] + want["start_biases1"]) * mask
              ) @ want["start_weights2"] + want["start_biases2"]
    probabilities = expect.softmax(logits)
    data_loss = float(np.mean(-np.log(np.clip(probabilities[np.arange(len(want["y"])), want["y"]], 1e-7, 1 - 1e-7))))
    penalty = STEP_L2 * (np.sum(want["start_weights1"] ** 2) + np.sum(want["start_biases1"] ** 2))
    expect.number(got["training_loss"], data_loss, "The loss Network.forward returned while training", mistakes={
        "Network.forward returned the data loss plus the penalties; it returns the data loss alone, and "
        "regularization_loss gives the penalties.": data_loss + penalty})


@check("backprop", depends="dropout_while_training",
       hint="Keep the mask in self.binary_mask during forward, and multiply dvalues by that very mask. "
       "See chapter 15.")
def test_dropout_backward_reuses_the_mask(run):
    """Layer_Dropout.backward multiplies dvalues by the mask of the forward pass"""
    got, want = run("dropout_backward")
    inputs = want["inputs"]
    output = expect.shape(got["output"], inputs.shape, "self.output", "the shape of the inputs")
    with np.errstate(all="ignore"):   # huge values overflow to inf: no mask, and the checks below say so
        mask = output.astype(float) / inputs
    dinputs = expect.shape(got["dinputs"], inputs.shape, "self.dinputs of Layer_Dropout.backward",
                           "the shape of dvalues", set_by=(got["set"], want["set"], "Layer_Dropout.backward"))
    # Not 0 where forward dropped a value, and 0 where it kept one: a second mask was drawn.
    expect.true(not (np.any(dinputs[mask == 0] != 0) and np.any(dinputs[mask != 0] == 0)),
                "Layer_Dropout.backward's dinputs are not 0 where the forward pass dropped the value, or 0 where it "
                "kept it: backward drew a new mask. Multiply dvalues by self.binary_mask, the mask forward kept.")
    with np.errstate(all="ignore"):   # an output of huge values makes a product of inf, which no dinputs matches
        multiplied = want["dvalues"] * output
    expect.array(dinputs, want["dvalues"] * mask, "self.dinputs of Layer_Dropout.backward", mistakes={
        "dinputs was not masked: the gradient of a dropped value is 0.": want["dvalues"],
        "The mask was not scaled in backward as it was in forward: backward multiplied dvalues by 0s and 1s, where "
        "forward's output was divided by the rate of units kept too. Keep the scaled mask in self.binary_mask, "
        "np.random.binomial(1, self.rate, size=inputs.shape) / self.rate, as the book does, so that forward and "
        "backward both multiply by it.":
            want["dvalues"] * (mask != 0),
        "dvalues was multiplied by the layer's output, not by its mask: self.dinputs = dvalues * "
        "self.binary_mask.": multiplied,
    })
    expect.dropout_mask_not_rebuilt(got, want)
    expect.dropout_used_again(got, want)


# After the layers' own backward passes: a wrong one fails that check, not this one's order.
@check("backprop", depends=("network_forward_while_training", "dense_backward_l2",
                            "dropout_backward_reuses_the_mask"), hint=(
    "Backward runs in the reverse order of forward, and the dropout layer is one of the steps. See chapter 15.",
    "dense2.backward(loss_activation.dinputs); dropout1.backward(dense2.dinputs); "
    "activation1.backward(dropout1.dinputs); dense1.backward(activation1.dinputs)."))
def test_network_backward(run):
    """Network.backward sends the gradient back through dense2, dropout1, activation1 and dense1"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("dense_forward", "dbiases_shape", "relu_backward"))
    got, want = run("network_pass")
    alive, mask = _mask(got, want)
    X, y = want["X"], want["y"]
    w1, b1, w2, b2 = (want[name] for name in ("start_weights1", "start_biases1", "start_weights2", "start_biases2"))
    hidden_inputs = X @ w1 + b1
    dropped = np.maximum(0, hidden_inputs) * mask
    dlogits = (expect.softmax(dropped @ w2 + b2) - np.eye(3)[y]) / len(X)
    dhidden = (dlogits @ w2.T) * (hidden_inputs > 0)
    if isinstance(got["backward_raised"], str):   # what backward raised (scenarios.network_pass)
        expect.fail(f"Network.backward raised {got['backward_raised']}, after Network.forward(X, y, training=True).")
    expect.array(got["dweights2"], dropped.T @ dlogits, "dense2.dweights", mistakes={
        "That holds an L2 gradient for dense2 too, 2 * l2 * weights: the network regularises dense1 alone and "
        "builds dense2 without regularizers, as chapter 14's network does.": dropped.T @ dlogits + 2 * STEP_L2 * w2,
        expect.logits_into_combined("dense2.output", "self.loss_activation.backward(self.loss_activation.output, "
                                    "y)"): dropped.T @ ((dropped @ w2 + b2 - np.eye(3)[y]) / len(X))})
    expected = X.T @ (dhidden * mask) + 2 * STEP_L2 * w1
    # The mask where the ReLU's output is 0 too, as the learner's dropout1 kept it, if it agrees with the output.
    whole = next((kept for kept in (got["dropout_masks"] if isinstance(got["dropout_masks"], list) else [])
                  if isinstance(kept, np.ndarray) and kept.shape == mask.shape
                  and np.allclose(kept[alive], mask[alive])), None)
    expect.array(got["dweights1"], expected, "dense1.dweights", mistakes={
        named("wrong_backward_input", "The dropout layer was left out of the backward pass: activation1.backward "
                                      "got dense2.dinputs. Call dropout1.backward(dense2.dinputs), then "
                                      "activation1.backward(dropout1.dinputs)."): X.T @ dhidden + 2 * STEP_L2 * w1,
        **({expect.backward_left_out("dense1.backward", "dropout1.dinputs", "the ReLU, activation1,",
                                     "Call activation1.backward(dropout1.dinputs), then "
                                     "dense1.backward(activation1.dinputs)."):
            X.T @ ((dlogits @ w2.T) * whole) + 2 * STEP_L2 * w1} if whole is not None else {}),
        "dense1's L2 gradient is missing from the network's backward pass.": X.T @ (dhidden * mask),
    })
    expect.array(got["dbiases1"], np.sum(dhidden * mask, axis=0, keepdims=True) + 2 * STEP_L2 * b1,
                 "dense1.dbiases", mistakes={
                     "dense1's biases have no L2 gradient: the network builds dense1 with bias_regularizer_l2=l2 as "
                     "well as weight_regularizer_l2=l2.": np.sum(dhidden * mask, axis=0, keepdims=True)})
    expect.of_another_size(got["again_dweights1"], want["again_dweights1"], "dense1.dweights of a network with "
                           f"dropout=0 after a pass forward and backward on 60 samples, then one on the other "
                           f"{len(want['X']) - 60},",
                           "Does the network keep something of its first pass on self (the y it was given, a size)? "
                           "Give each layer what the pass at hand computed, and backward the y of its own call.")


@check("regularization", depends="regularization_loss", hint=(
    "The network's penalty is the sum of each dense layer's, whichever layers have one. See chapter 14.",
    "self.loss_activation.loss.regularization_loss(self.dense1) + "
    "self.loss_activation.loss.regularization_loss(self.dense2)."))
def test_network_regularization_loss(run):
    """Network.regularization_loss adds the penalties of dense1 and dense2"""
    got, want = run("network_pass")
    dense1 = STEP_L2 * (np.sum(want["start_weights1"] ** 2) + np.sum(want["start_biases1"] ** 2))
    dense2 = STEP_L2 * np.sum(want["start_weights2"] ** 2)
    expect.number(got["regularization_loss"], want["regularization_loss"], "Network.regularization_loss()",
                  mistakes={"That is the penalty of dense1's weights alone: the network gives dense1 "
                            "bias_regularizer_l2=l2 as well as weight_regularizer_l2=l2, so its biases are "
                            "penalised too.": STEP_L2 * np.sum(want["start_weights1"] ** 2),
                            "That holds a penalty of dense2's too: the network regularises dense1 alone, "
                            "Layer_Dense(2, hidden, weight_regularizer_l2=l2, bias_regularizer_l2=l2), and builds "
                            "dense2 without regularizers, as chapter 14's network does.":
                                dense1 + STEP_L2 * (np.sum(want["start_weights2"] ** 2)
                                                    + np.sum(want["start_biases2"] ** 2))})
    expect.number(got["regularization_loss_both"], want["regularization_loss_both"],
                  "Network.regularization_loss() with weight_regularizer_l2=0.01 on dense2 too", mistakes={
                      "Only dense1's penalty was counted: add the loss's regularization_loss(self.dense2).": dense1,
                      "dense2's penalty was subtracted: the penalties add up.": dense1 - dense2})


@check("regularization", depends="dropout_at_inference", hint=(
    "Measuring a network is a forward pass with training=False: what does dropout do then? See chapter 15.",
    "Network.forward passes training on: self.dropout1.forward(self.activation1.output, training=training)."))
def test_network_forward_at_inference(run):
    """Network.forward(X, y, training=False) lets every hidden value through and returns the data loss"""
    got, want = run("network_pass")
    hidden = expect.shape(got["inference_hidden"], want["inference_hidden"].shape, "activation1.output", HIDDEN_AXES)
    dropped = expect.shape(got["inference_dropped"], hidden.shape, "dropout1.output", HIDDEN_AXES)
    if np.any((dropped == 0) & (hidden != 0)):
        expect.fail("With training=False dropout1.output has zeros where activation1.output has none. "
                    + DROPOUT_AT_INFERENCE, "training_flag")
    expect.number(got["inference_loss"], want["inference_loss"], "The loss Network.forward returned with "
                  "training=False")


@check("training", depends=("regularization_loss", "dense_backward_l2", "network_forward_while_training"), hint=(
    "Each step reports the loss the optimizer minimises, the data loss plus the penalties, then runs backward and "
    "the optimizer's three calls. See chapter 14.",
    "losses.append(data_loss + network.regularization_loss()), with data_loss = network.forward(X, y, "
    "training=True)."))
def test_training_step(run):
    """train reports the data loss plus the regularization loss, and each step matches the reference's"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"))
    got, want = run("training_step")
    _book_defaults(got["defaults"], "train(X, y, *, l2=5e-4, dropout=0.1, steps=500)")
    expected = np.asarray(want["losses"], dtype=float)
    losses = expect.one_loss_a_step(got["losses"], len(expected), f"train(X, y, steps={len(expected)})")
    penalty = STEP_L2 * (np.sum(want["start_weights1"] ** 2) + np.sum(want["start_biases1"] ** 2))
    if not expect.close(losses[0], expected[0]):
        _network_built(got["network_settings"])
    expect.recorded_after_update(losses, expected, "losses.append(data_loss + network.regularization_loss()) right "
                                 "after network.forward, before network.backward.")
    mistakes = {REGULARIZATION_LEFT_OUT: expected[0] - penalty,
                "The penalty was counted twice in the reported loss.": expected[0] + penalty}
    updated = (want["first_update_weights1"], want["first_update_biases1"])
    if all(isinstance(value, np.ndarray) for value in updated):
        mistakes[PENALTY_AFTER_UPDATE] = expected[0] - penalty + STEP_L2 * sum(np.sum(value ** 2) for value in updated)
    expect.number(losses[0], expected[0], "The loss train reported for the first step", mistakes=mistakes)
    for number in (1, 2):
        weights, start = got[f"weights{number}"], want[f"start_weights{number}"]
        expect.true(not (isinstance(weights, np.ndarray) and np.array_equal(weights, start)), f"dense{number}'s "
                    f"weights after {len(expected)} steps are the ones it started with: " + (
                        expect.no_step_made(got["first_step_calls"], 2) or "it was never updated. Each step calls "
                        "optimizer.update_params on every layer with weights, dense1 and dense2, between "
                        "pre_update_params and post_update_params."))
    _optimizer(got["optimizer"], want["optimizer"])
    expect.adam_defaults_kept(got["adam_defaults"], want["adam_defaults"], "train")
    expect.optimizer_step_order(got["first_step_calls"])
    expect.steps_counted(got["iterations"], want["iterations"], f"train(X, y, steps={len(expected)})")
    expect.array(losses, expected, f"the losses of {len(expected)} steps")
    for number in (1, 2):
        expect.array(got[f"weights{number}"], want[f"weights{number}"],
                     f"dense{number}.weights after {len(expected)} steps")
        expect.array(got[f"biases{number}"], want[f"biases{number}"],
                     f"dense{number}.biases after {len(expected)} steps")


def _network_built(settings):
    """The l2 and dropout of the Network train built (as its __init__ took them, where its signature names them)
    must be the l2=STEP_L2 and dropout=0 train was called with; read where the first loss is wrong."""
    if not (isinstance(settings, list) and len(settings) == 2 and all(type(value) is float for value in settings)):
        return   # no Network of the file's, or one whose signature names its settings otherwise
    l2, dropout = settings
    called, built = f"train(X, y, l2={STEP_L2:g}, dropout=0)", f"Network(l2={l2:g}, dropout={dropout:g})"
    if l2 == 0 and np.isclose(dropout, STEP_L2, rtol=1e-9, atol=0):
        expect.fail(f"{called} built its network as {built}: l2 and dropout were swapped, so dense1 has no penalty "
                    f"and dropout1 drops {STEP_L2:.0%} of the hidden values. Network takes l2 first: "
                    "Network(l2, dropout), or by name, Network(l2=l2, dropout=dropout).")
    lost = [name for name, value, given in (("l2", l2, STEP_L2), ("dropout", dropout, 0))
            if not np.isclose(value, given, rtol=1e-9, atol=0)]
    if lost:
        expect.fail(f"{called} built its network as {built}: the {' and '.join(lost)} train was given never reached "
                    "it. Build the network from train's own settings: Network(l2=l2, dropout=dropout).")


def _optimizer(settings, expected):
    """The learning rate and decay of the Optimizer_Adam train built, where they can be read: chapter 15's, since a
    few steps tell them apart only as weights a little off."""
    if not (isinstance(settings, list) and len(settings) == 2
            and all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in settings)):
        return   # no Optimizer_Adam of the file's, or one that keeps them otherwise: the weights still say it
    book = f"Optimizer_Adam(learning_rate={expected[0]:g}, decay={expected[1]:g})"
    expect.true(np.allclose(settings, expected, rtol=1e-6, atol=0), named(
        "optimizer_settings", f"train's Optimizer_Adam took its first step with learning_rate={settings[0]:g} and "
                              f"decay={settings[1]:g}; chapter 15 trains with {book}, as train's docstring says."))


def _book_defaults(defaults, signature):
    """The settings default to the book's: l2=5e-4 and dropout=0.1 (chapter 15), and this challenge's 500 steps."""
    defaults = defaults if isinstance(defaults, dict) else {}
    wrong = [f"{name}={defaults.get(name, 'no default')!r}" for name, value in BOOK_SETTINGS.items()
             if defaults.get(name) != value]
    expect.true(not wrong, f"{signature.split('(')[0]}'s settings default to {', '.join(wrong)}; the book's are "
                f"l2=5e-4 and dropout=0.1, and this challenge runs 500 steps: {signature}.")


def _pair(value, what):
    """evaluate's (accuracy, loss) as two floats."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        expect.fail(f"{what} returned {expect.type_name(value)}; expected a pair (accuracy, loss).")
    try:
        return float(value[0]), float(value[1])
    except (TypeError, ValueError):
        expect.fail(f"{what} returned ({expect.type_name(value[0])}, {expect.type_name(value[1])}); expected two "
                    "numbers, (accuracy, loss).")


@check("training", depends="network_forward_at_inference", hint=(
    "evaluate measures the network as it is: the forward pass with training=False, the accuracy and the data "
    "loss. See chapter 11.",
    "loss = network.forward(X, y, training=False); accuracy = np.mean(np.argmax(network.loss_activation.output, "
    "axis=1) == y); return accuracy, loss."))
def test_evaluate(run):
    """evaluate(network, X, y) returns (accuracy, loss) with dropout off, the same on every call"""
    got, want = run("evaluation")
    accuracy, loss = _pair(got["first"], "evaluate(network, X, y)")
    again = _pair(got["second"], "evaluate(network, X, y), called again")
    expected_accuracy, expected_loss = (float(value) for value in want["first"])
    if not np.array_equal((accuracy, loss), again, equal_nan=True):
        expect.fail(f"evaluate gave ({accuracy:.4g}, {loss:.4g}), then ({again[0]:.4g}, {again[1]:.4g}) on the same "
                    "data: the result changed between calls, so dropout was on while the network was measured. "
                    "Network.forward switches it off when asked, which its own check saw: evaluate must ask, "
                    "network.forward(X, y, training=False).", "training_flag")
    weights = expect.shape(got["weights1"], want["start_weights1"].shape, "dense1.weights after evaluate",
                           "one row per input, one column per neuron")
    expect.true(np.array_equal(weights, want["start_weights1"]),
                "evaluate changed dense1.weights: measuring must not train. Run the forward pass only.")
    penalty = STEP_L2 * (np.sum(want["start_weights1"] ** 2) + np.sum(want["start_biases1"] ** 2))
    expect.true(not (expect.close(loss, expected_accuracy) and expect.close(accuracy, expected_loss)
                     and not expect.close(loss, expected_loss)),
                f"evaluate returned ({accuracy:.4g}, {loss:.4g}): the loss first and the accuracy second. It returns "
                "(accuracy, loss), in that order, as train_and_validate reads it.")
    expect.number(loss, expected_loss, "The loss evaluate returned", mistakes={
        named("penalty_in_measured_loss", "That is the data loss plus network.regularization_loss(): the "
              "penalties were added to the loss evaluate measures. They belong to the loss train minimises; "
              "measuring a network, on the validation data as on the training data, gives the data loss alone, as "
              "the book's validation does."): expected_loss + penalty})
    expect.number(accuracy, expected_accuracy, "The accuracy evaluate returned", mistakes={
        "That is the share of wrong answers: the accuracy is np.mean(predictions == y).": 1 - expected_accuracy,
        "Not one prediction matched its label: was np.argmax taken without axis=1? It then gives one index into "
        "the whole array of outputs, where np.argmax(network.loss_activation.output, axis=1) gives each sample its "
        "class.": 0.0})


def _settings_passed(passed, expected):
    """train_and_validate hands its l2, dropout and steps on to train: each run's first call of train, [l2, dropout,
    steps] as train bound them, against the reference's (None where train was not called by its name, or its
    signature names none of them: the results say the rest)."""
    __tracebackhide__ = True
    for name, settings in (passed.items() if isinstance(passed, dict) else ()):
        wanted = expected.get(name)
        if not (isinstance(settings, list) and len(settings) == 3 and wanted):
            continue
        other = [f"{setting}={value:g} (given {given:g})" for setting, value, given
                 in zip(("l2", "dropout", "steps"), settings, wanted) if value is not None and value != given]
        expect.true(not other, f"train_and_validate(..., l2={wanted[0]:g}, dropout={wanted[1]:g}, "
                    f"steps={wanted[2]:g}) called train with {', '.join(other)}: pass each setting on, "
                    "train(X, y, l2=l2, dropout=dropout, steps=steps).")


def _result(value, what):
    if not isinstance(value, dict) or not all(key in value for key in RESULT_KEYS):
        keys = sorted(map(str, value)) if isinstance(value, dict) else expect.type_name(value)
        expect.fail(f"{what} returned {keys}; expected a dict with the keys {', '.join(RESULT_KEYS)}.")
    try:
        return {key: float(value[key]) for key in RESULT_KEYS}
    except (TypeError, ValueError):
        expect.fail(f"{what} must give a number for each of {', '.join(RESULT_KEYS)}.")


@check("training", points=2, depends=("training_step", "evaluate"), hint=(
    "Train on the training data alone, then measure the same trained network on each set. See chapters 11 and 14.",
    "network, losses = train(X, y, ...); then evaluate(network, X, y) gives the training figures and "
    "evaluate(network, X_val, y_val) the validation ones."))
def test_train_and_validate(run):
    """train_and_validate trains on the training data alone and measures it on both sets"""
    got, want = run("gaps")
    expect.optimizer_not_built_at_import(got["optimizer_at_import"], "train")
    expect.built_once(got["optimizers_in_turn"], f"train_and_validate's {GAP_STEPS} steps without regularisation")
    plain = _result(got["plain"], "train_and_validate")
    regularized = _result(got["regularized"], "train_and_validate")
    penalized = _result(got["penalized"], f"train_and_validate(..., l2={STEP_L2}, dropout=0)")
    short = _result(got["short"], f"train_and_validate(..., steps={SHORT_STEPS})")
    other = _result(got["short_other_validation"],
                    f"train_and_validate(..., steps={SHORT_STEPS}) with other validation data")
    _book_defaults(got["defaults"], "train_and_validate(X, y, X_val, y_val, *, l2=5e-4, dropout=0.1, steps=500)")
    _settings_passed(got["passed_to_train"], want["passed_to_train"])
    measured = got["measured"] if isinstance(got["measured"], dict) else {}
    weights = got["trained_weights1"] if isinstance(got["trained_weights1"], dict) else {}
    same_weights = _same_weights(weights.get("short"), weights.get("short_other_validation"))
    for name, run_result in (("plain", plain), ("regularized", regularized)):
        _sets_measured(run_result, measured.get(name), same_weights)
        if run_result["validation_accuracy"] == run_result["train_accuracy"] \
                and run_result["validation_loss"] == run_result["train_loss"]:
            expect.fail(GAP_ON_TRAINING_DATA, "validation_in_training")
    _trained_alike(short, other, got["short_still"], got["short_still_other_validation"], same_weights)
    _training_figures_measured(plain, measured.get("plain"))
    expected = {key: float(value) for key, value in want["plain"].items() if key in RESULT_KEYS}
    for key in RESULT_KEYS:
        # Training in float32 (nnfs.init) may end a sample or two away from the reference's float64 run.
        limit = 0.02 if key.endswith("accuracy") else 0.1 * abs(expected[key])
        expect.true(abs(plain[key] - expected[key]) <= limit, f"Without regularisation, from the reference's "
                    f"starting weights, {key} is {plain[key]:.4g}; the reference's is {expected[key]:.4g}."
                    + (" Is the validation accuracy measured on (X_val, y_val), after training?"
                       if key.startswith("validation") else ""))
    last_step = float(want["penalized_last_step"])
    _penalty_added(penalized, want["penalized"], float(want["penalized_penalty"]), last_step)
    _train_loss_measured(penalized["train_loss"], float(want["penalized"]["train_loss"]), last_step)
    _measured_with_dropout_off(regularized, measured.get("regularized"))


SETS = {"training": "(X, y)", "validation": "(X_val, y_val)"}


def _measured_pair(measured, name):
    """[accuracy, loss] that evaluate gave on the set `name` of SETS (scenarios.gaps' "measured"), or None where
    there is no such pair of floats."""
    pair = measured.get(name) if isinstance(measured, dict) else None
    return pair if isinstance(pair, list) and len(pair) == 2 and all(type(value) is float for value in pair) else None


def _measured_with_dropout_off(result, measured):
    """The figures of the run with dropout must be what evaluate gives its trained network on each set (`measured`,
    as _sets_measured reads it): the run without dropout cannot tell a forward pass with dropout on from one with
    it off."""
    __tracebackhide__ = True
    for prefix, name in (("train", "training"), ("validation", "validation")):
        pair = _measured_pair(measured, name)
        if pair is None:
            continue
        figures = [result[f"{prefix}_accuracy"], result[f"{prefix}_loss"]]
        expect.true(expect.close(figures, pair), f"With l2=5e-4 and dropout=0.1, train_and_validate returned "
                    f"{prefix}_accuracy {figures[0]:.4g} and {prefix}_loss {figures[1]:.4g}, but evaluate(network, "
                    f"{SETS[name][1:-1]}) gives its trained network {pair[0]:.4g} and {pair[1]:.4g}: the {name} "
                    "figures were measured otherwise than evaluate measures them, with dropout on, most likely (a "
                    "forward pass with training=True drops neurons at random; without dropout, the figures agree). "
                    "Measure both sets with evaluate(network, ...), which turns dropout off.")


def _measured_on(result, prefix, measured):
    """The sets (of SETS) on which evaluate gives the trained network the accuracy and loss `result` reports under
    `prefix` ("train", "validation")."""
    return [name for name in SETS if expect.close(result[f"{prefix}_accuracy"], measured[name][0])
            and expect.close(result[f"{prefix}_loss"], measured[name][1])]


def _sets_measured(result, measured, same_weights):
    """Where the training figures train_and_validate returned are what evaluate gives its trained network on the
    validation data (`measured`: {"training": [accuracy, loss], "validation": [...]}, from scenarios.gaps), say
    so, and where the validation figures are then those of the training data, that the two were swapped.
    `same_weights`: whether two runs with other validation data trained the same weights (None: unknown)."""
    __tracebackhide__ = True
    if not (isinstance(measured, dict) and set(measured) == set(SETS)
            and all(_measured_pair(measured, name) is not None for name in SETS)):
        return   # no Network of the file's was seen, or evaluate gave no figures: the other checks still judge
    if _measured_on(result, "train", measured) != ["validation"]:
        return
    unchanged = (" Training itself did not change with the validation data: two runs with different validation "
                 "sets trained the same weights." if same_weights is True else "")
    if _measured_on(result, "validation", measured) == ["training"]:
        expect.fail("train_accuracy and train_loss are what evaluate gives the trained network on (X_val, y_val), "
                    "and validation_accuracy and validation_loss what it gives on (X, y): the two sets were "
                    "swapped, so the training figures were measured on the validation data and the validation "
                    f"figures on the training data.{unchanged} Measure the training figures with evaluate(network, "
                    "X, y) and the validation ones with evaluate(network, X_val, y_val).", "validation_in_training")
    expect.fail("train_accuracy and train_loss are what evaluate gives the trained network on (X_val, y_val): the "
                f"training figures were measured on the validation data.{unchanged} Check which set each evaluate "
                "gets: the training figures come from evaluate(network, X, y), the validation ones from "
                "evaluate(network, X_val, y_val).")


def _training_figures_measured(result, measured):
    """train_accuracy must be what evaluate gives the trained network on (X, y) (`measured`, as _sets_measured reads
    it); where it is not, say where it comes from. (train_loss: _train_loss_measured, which knows the last step's.)"""
    __tracebackhide__ = True
    pair = _measured_pair(measured, "training")
    if pair is None:
        return
    accuracy = pair[0]
    expect.true(expect.close(result["train_accuracy"], accuracy), f"Without regularisation, train_and_validate "
                f"returned train_accuracy {result['train_accuracy']:.4g}, but evaluate(network, X, y) gives its "
                f"trained network {accuracy:.4g}: the training figures measure the trained network on the training "
                "data after training, with dropout off, as the validation figures do, not the last training step.")


def _same_weights(first, second):
    """Whether two runs' trained weights are known and the same; None where either is unknown."""
    if not (isinstance(first, np.ndarray) and isinstance(second, np.ndarray)):
        return None
    return first.shape == second.shape and bool(np.array_equal(first, second))


def _trained_alike(short, other, still, still_other, same_weights=None):
    """Two short runs that differ only in their validation data trained alike; where they did not, but the same
    runs without dropout did, the dropout masks differed between them rather than the training data.
    `same_weights`: whether the two runs trained dense1 to the same weights (None where unknown); where they did,
    the training figures that differ were measured on something else than the training data."""
    # Both come from the worker: anything but the runs' figures says nothing of the masks.
    try:
        masks_only = isinstance(still, dict) and isinstance(still_other, dict) and all(
            expect.close(float(still_other[name]), float(still[name])) for name in RESULT_KEYS[:2])
    except (TypeError, ValueError, KeyError):
        masks_only = False
    if same_weights is False and masks_only:
        # Weights are compared exactly: figures after a few steps may agree by chance with masks drawn anew.
        expect.fail("With the same training data and seed, the two runs trained dense1 to different weights with one "
                    f"validation set and with another. {MASKS_DIFFERED}")
    for key in ("train_accuracy", "train_loss"):
        if expect.close(other[key], short[key]):
            continue
        difference = (f"With the same training data and seed, {key} was {short[key]:.4g} with one validation set "
                      f"and {other[key]:.4g} with another.")
        if same_weights is True:
            expect.fail(f"{difference} Training did not change (both runs trained dense1 to the same weights), so "
                        "the training figures follow the validation data: they were not measured on the trained "
                        "network and (X, y) alone. Check which set each evaluate gets: the training figures come "
                        "from evaluate(network, X, y).")
        if masks_only:
            expect.fail(f"{difference} {MASKS_DIFFERED}")
        expect.fail(f"{difference} " + VALIDATION_IN_TRAINING, "validation_in_training")


MASKS_DIFFERED = ("With dropout=0 the two runs train alike, so the dropout masks differed: were they drawn from a "
                  "generator of your own (np.random.default_rng()) rather than from np.random, which the checks "
                  "seed? Draw them with np.random.binomial, as the book does.")


def _penalty_added(got, expected, penalty, last_step):
    """The measured losses are data losses: the penalty of the trained network added to either is named (a
    train_loss nearer the last loss train reported, which holds the penalty too, is left to _train_loss_measured)."""
    def holds_penalty(key):
        with_penalty = float(expected[key]) + penalty
        return (penalty > 2 * TRAIN_LOSS_RTOL * abs(float(expected[key]))
                and abs(got[key] - with_penalty) <= TRAIN_LOSS_RTOL * abs(float(expected[key]))
                and (key != "train_loss" or abs(got[key] - with_penalty) < abs(got[key] - last_step)))
    added = [key for key in ("train_loss", "validation_loss") if holds_penalty(key)]
    if added:
        expect.fail(f"With l2={STEP_L2} and no dropout, from the reference's starting weights, "
                    + " and ".join(f"{key} is {got[key]:.4g}" for key in added)
                    + f": the reference's data loss plus the trained network's regularization_loss() ({penalty:.4g}). "
                    "The penalty belongs to the loss train minimises; measuring the network, on the training data as "
                    "on the validation data, gives the data loss alone, as evaluate(network, X, y) returns it.",
                    "penalty_in_measured_loss")


def _train_loss_measured(got, expected, last_step):
    """train_loss must be the trained network's data loss on (X, y) with dropout off, not a loss train reported."""
    if abs(got - expected) <= TRAIN_LOSS_RTOL * abs(expected):
        return
    stated = (f"With l2={STEP_L2} and no dropout, from the reference's starting weights, train_loss is {got:.4g}; "
              f"the reference's is {expected:.4g}.")
    if abs(got - last_step) <= TRAIN_LOSS_RTOL * abs(last_step):
        expect.fail(f"{stated} That is the last loss train reported ({last_step:.4g}): the loss before the last "
                    "update, with the penalty added and, where dropout is on, neurons dropped. train_loss must come "
                    "from measuring the trained network on the training data, as the validation figures do: "
                    "evaluate(network, X, y) after training, which gives the data loss with dropout off.")
    expect.fail(f"{stated} train_loss must come from measuring the trained network on the training data, as the "
                "validation figures do: evaluate(network, X, y) after training, which gives the data loss with "
                "dropout off and without the penalty.")


@check("training", points=2, depends="train_and_validate", hint=(
    "Both runs must differ only in l2 and dropout. Are the penalties in the loss, their gradients in backward, "
    "and dropout on while training? See chapters 14 and 15.",
    "The gap is validation_loss - train_loss; with the book's l2=5e-4 and dropout=0.1 it should be well below "
    "the gap without them."))
def test_gap_closes(run):
    """With L2 and dropout, validation lags training by less than without them"""
    got, want = run("gaps")
    plain, regularized = _result(got["plain"], "train_and_validate"), _result(got["regularized"], "train_and_validate")
    reference = {name: want[name]["validation_loss"] - want[name]["train_loss"] for name in ("plain", "regularized")}
    gap, gap_plain = (result["validation_loss"] - result["train_loss"] for result in (regularized, plain))
    accuracy_gaps = [result["train_accuracy"] - result["validation_accuracy"] for result in (plain, regularized)]
    expect.true(gap_plain > 0 and gap < GAP_SHARE * gap_plain,
                f"On 60 training samples after {GAP_STEPS} steps, the validation loss lagged the training loss by "
                f"{gap_plain:.3f} without regularisation and by {gap:.3f} with l2=5e-4 and dropout=0.1 (training "
                f"accuracy ahead by {accuracy_gaps[0]:.3f}, then {accuracy_gaps[1]:.3f}). The reference's gap goes "
                f"from {reference['plain']:.3f} to {reference['regularized']:.3f}; the regularised gap should be "
                f"below {GAP_SHARE:.0%} of the other.")


@figure("gap_closes", "train_and_validate")
def decision_regions(run):
    got, want = run("figure_regions")
    cells = want["without"].shape[0]
    grid = int(np.sqrt(cells))
    panels = {}
    for name, title in (("without", "without regularisation"), ("with", "with L2 and dropout")):
        yours = expect.shape(got[name], want[name].shape, f"The network's output {title}",
                             "one row per point of the plane, one column per class")
        panels[f"yours, {title}"] = np.argmax(yours, axis=1).reshape(grid, grid)
    return figures.regions(
        f"The class your network predicts at each point of the plane after {GAP_STEPS} steps on the 60 training "
        "samples (the dots), without and with l2=5e-4 and dropout=0.1: regularisation smooths the borders that chase "
        "single points", panels, want["inputs"], want["labels"], (-1, 1, -1, 1))
