"""Comparisons for spec files: each raises `Mismatch` with a sentence for the learner.

A message says what was expected, what came back (shape, dtype, the largest
error and where) and, when the difference matches a known mistake, what the
learner probably did.
"""
import difflib
import math
import re

import numpy as np

from grader.views import figures
from grader.mistakes import CLIP_BOUND_HINT, mistake_of, named
from grader.sandbox.wire import Opaque, Sequence
from grader.scenario_helpers import (ADAM_DEFAULTS, GIVEN_ADAM_SMALL_GRADIENTS, GIVEN_ADAM_STEPS, GIVEN_BIASES,
                                     GIVEN_CONFIDENT, GIVEN_INPUTS, GIVEN_PENALTIES, GIVEN_RELU_DVALUES,
                                     GIVEN_RELU_INPUTS, GIVEN_SAMPLE_LOSSES, GIVEN_SCORES, GIVEN_WEIGHTS)

RTOL = 1e-4          # relative tolerance: float32 work must pass
ATOL_SCALE = 1e-5    # absolute tolerance, as a fraction of the largest expected value
TRANSPOSED = named("transposed", "It is the transpose of the expected result: rows and columns are swapped. "
                                 "For a product, check the order of the arguments to np.dot and which one takes .T.")


class Mismatch(AssertionError):
    """The learner's value is not the expected one; str() is the explanation.

    `mistake` is the id of the misconception recognised, if any (see grader.mistakes).
    """

    def __init__(self, message, mistake=None, figure=None, hint=None, known=None):
        super().__init__(_capitalised(message))
        self.mistake = mistake
        self.figure = figure      # a grader.views.figures.Figure that shows the difference, if one helps
        self.hint = hint          # the hint for this failure, where the check's own hints are about another
        self.known = known        # the sentence of the check's own listed mistake that the message gives, if one


# A message that begins with its own words starts a sentence; one that begins with a name from the code
# ("dense2.dweights", "softmax(scores)") keeps that name as it is written.
_SENTENCE_START = re.compile(r"(the|a|an|each|every|its|one|some|after|with|without|in|on) ")


def _mid_sentence(what):
    """`what` as the middle of a sentence: "The per-sample losses" is "the per-sample losses" there."""
    first = what.split(" ", 1)[0]
    if " " in what and _SENTENCE_START.match(first.lower() + " ") and first[1:] == first[1:].lower():
        return what[:1].lower() + what[1:]
    return what


def _capitalised(message):
    if isinstance(message, str) and _SENTENCE_START.match(message):
        return message[0].upper() + message[1:]
    return message


class NotStarted(Mismatch):
    """The learner's code still raises NotImplementedError where a scenario caught it, so that the rest of what
    the scenario asks could still be judged; the check reads as not started, as one whose scenario raised."""


def not_started(function, raised):
    """Report `function` as still a TODO; `raised`: the text scenario_helpers.raised_by gave its
    NotImplementedError, which holds the line of the learner's file."""
    __tracebackhide__ = True
    line = re.search(r"\(line (\d+)", str(raised))
    at = f" (line {line.group(1)})" if line else ""
    raise NotStarted(f"Not started: {function} still raises NotImplementedError{at}. Replace the TODO with your code.")


def fail(message, mistake=None, figure=None, hint=None):
    """Fail the check; a message made with grader.mistakes.named carries its misconception by itself. `hint`
    replaces the check's hints, where they are about another mistake than this one."""
    __tracebackhide__ = True
    raise Mismatch(message, mistake or mistake_of(message), figure, hint)


def _fail_with(*parts, figure=None, known=None):
    """Fail with the parts joined; the last part, a diagnosis, may name a misconception. `known`: Mismatch.known."""
    __tracebackhide__ = True
    raise Mismatch(" ".join(filter(None, parts)), mistake_of(parts[-1]), figure, known=known)


def true(condition, message):
    __tracebackhide__ = True
    if not condition:
        raise Mismatch(message, mistake_of(message))


# --- arrays -------------------------------------------------------------------

def binary_loss_finite(edges):
    """Fail where Loss_BinaryCrossentropy gave losses or dinputs that are not finite for predictions of exactly 0 and
    1, or raised (`edges`, from grader.scenario_helpers.binary_loss_at_the_edges): a few steps do not show a clip
    taken out of it, thousands of steps on real data do."""
    __tracebackhide__ = True
    if isinstance(edges, str):
        fail(f"Loss_BinaryCrossentropy raised {edges} for predictions of exactly 0 and 1.")
    for value, what in zip(edges if isinstance(edges, list) else [], ("losses", "dinputs of its backward pass")):
        if isinstance(value, np.ndarray) and value.dtype.kind == "f" and not np.isfinite(value).all():
            fail(f"Loss_BinaryCrossentropy gave {what} that are not finite (inf or nan) for predictions of exactly 0 "
                 "and 1, which a saturated sigmoid gives (1 / (1 + np.exp(-40)) is 1.0): over thousands of steps the "
                 "losses turn nan. Its forward pass clips y_pred, and its backward pass dvalues, to [1e-7, 1 - 1e-7], "
                 "as the book's code does (chapter 16).", "unclipped_log")


def clip_bound(loss_of_zero, expected, what, within=1.01):
    """Fail, naming the bound, where `loss_of_zero`, the loss of a prediction of 0 for the true class, is -log of a
    small bound other than the book's 1e-7 (1e-15, say); `expected`: the book's loss there, -log(1e-7); `what`:
    which loss it is, as a sentence's subject; `within`: the factor by which a bound may differ from 1e-7 and be
    taken for it (wider where the loss is inferred from a mean that other clipping moves too)."""
    __tracebackhide__ = True
    with np.errstate(over="ignore"):   # a negative loss, from another mistake: no bound, and its check says why
        bound = float(np.exp(-loss_of_zero))
    if 0 < bound < 1e-3 and not 1e-7 / within <= bound <= 1e-7 * within:
        fail(f"{what} was {loss_of_zero:.6g}, -log({bound:.3g}): the predictions were clipped at {bound:.3g}, where "
             f"the book clips at 1e-7 (a loss of {expected:.6g}). Clip y_pred to [1e-7, 1 - 1e-7], as the book "
             "does, so the losses compare.", hint=CLIP_BOUND_HINT)


def optimizer_step_order(calls, without_pre=True):
    """The optimizer's first step as chapter 10 takes it: pre_update_params (which sets the step's learning rate
    from the decay), update_params on each layer, then post_update_params (which advances the iterations that
    Adam's bias correction and the next step's decay read). `calls`: the names of the methods the first step
    called, in order, from the worker (scenario_helpers.FirstStepCalls); anything else is read as no calls seen.
    `without_pre`: whether updates with no pre_update_params at all fail here (False where a check of the calls'
    counts says so)."""
    __tracebackhide__ = True
    if not (isinstance(calls, list) and all(isinstance(name, str) for name in calls)):
        return
    said = f"The optimizer's first calls were {', '.join(calls)}"
    advice = ("Each step calls optimizer.pre_update_params(), then update_params on each layer with weights, then "
              "post_update_params(), as chapter 10 does.")
    if "pre_update_params" not in calls:
        if without_pre and "update_params" in calls:
            fail(named("step_count", f"{said}: pre_update_params never ran, so current_learning_rate never took "
                                     f"the decay into account. {advice}"))
        return   # no update either: the counts of the calls say so
    began = calls.index("pre_update_params")
    if "update_params" in calls[:began]:
        fail(named("step_count", f"{said}: an update_params ran before pre_update_params, so it used the learning "
                                 f"rate of the step before. {advice}"))
    if "post_update_params" in calls[:began]:
        fail(named("step_count", f"{said}: post_update_params ran before the step's pre_update_params and updates, "
                                 "so they read the iterations it had already advanced, those of the next step "
                                 f"(the decay and Adam's bias correction one step ahead). {advice}"))
    step = calls[began:]
    if "post_update_params" in step and "update_params" in step[step.index("post_update_params"):]:
        fail(named("step_count", f"{said}: post_update_params ran before an update_params, so that update read "
                                 f"the iterations of the next step. {advice}"))


def no_step_made(calls, layers):
    """The sentence for weights that did not move though the first step's `calls` (as optimizer_step_order takes
    them) hold an update_params for each of the `layers` with weights; "" where they do not, and the update was
    never called."""
    if isinstance(calls, list) and sum(name == "update_params" for name in calls) >= layers:
        return ("update_params ran on every layer, yet the weights did not move: the step it computed came out 0. "
                "Is a name in update_params misspelt, so that what it stores is never read (layer.weight_momentum "
                "= ... where layer.weight_momentums is read), or was the update added to a copy of the weights?")
    return ""


def backward_left_out(receiver, given, skipped, fix=None):
    """The sentence of a backward pass that gave `receiver` (its backward call: "dense1.backward") `given`, the
    gradient that belongs to `skipped`, the layer between them: that layer's backward pass was left out. `fix`:
    what to call instead, where the learner's names are known; else said in the same words."""
    fix = fix or f"Run the backward pass of {skipped} on {given}, then give its dinputs to {receiver}."
    said = (f"{receiver} was given {given}: the backward pass of {skipped} between them was left out, or gives back "
            f"its dvalues unchanged. {fix}")
    return named("wrong_backward_input", _capitalised(said))


def logits_into_combined(logits, call):
    """The sentence of a combined softmax and cross-entropy backward given the logits (`logits` names them) where
    the softmax output belongs; `call`: the call as it should be."""
    return named("wrong_backward_input", f"The combined softmax and cross-entropy backward was given the logits "
                                         f"({logits}); give it the softmax output, {call}.")


def model_layers_left_out(kinds, without_each, key=None):
    """{backward_left_out sentence: value} for a Model.backward that left out one of self.layers (whose classes are
    `kinds`) without weights, for each, from the reference's without_each_backward (scenario_helpers); `key`: the
    value's name where each answer holds several."""
    mistakes = {}
    for position, value in enumerate(without_each if isinstance(without_each, list) else []):
        value = value.get(key) if isinstance(value, dict) else value
        if value is not None and position > 0:
            given = f"self.layers[{position + 1}].dinputs" if position + 1 < len(kinds) else "self.loss.dinputs"
            mistakes[backward_left_out(
                f"self.layers[{position - 1}].backward", given, f"the {kinds[position]} at self.layers[{position}]",
                "Each layer's backward runs in reverse, activations and dropout included (with the combined softmax "
                "and loss, all but the last), given the dinputs of the layer after it: "
                "layer.backward(layer.next.dinputs).")] = value
    return mistakes


def optimizers_act_as_one(apart, steps, who):
    """Fail where the Optimizer_Adams `who` (a sentence's subject: "train") stepped, one per layer, do not act as
    the one optimizer chapter 10 updates every layer with. `apart`: why not, from
    scenario_helpers.OptimizerSteps.apart, or None."""
    __tracebackhide__ = True
    if isinstance(apart, str):
        fail(f"In {steps} steps {who} updated its layers with several Optimizer_Adams, and {apart}. "
             f"One per layer trains as chapter 10's single optimizer does only where {who} builds each, with the "
             "same settings, and each steps once per step; simplest, build one Optimizer_Adam before the loop and "
             "update every layer with it.")


def adam_defaults_kept(got, want, who):
    """Fail where the Optimizer_Adam `who` (a sentence's subject: "train") built holds another epsilon, beta_1 or
    beta_2 than the reference's: a short watched run barely shows them. `got`, `want`: [epsilon, beta_1, beta_2]
    from scenario_helpers.adam_defaults, None for a setting the learner's class keeps under another name, which
    is not judged."""
    __tracebackhide__ = True
    if not (isinstance(got, list) and len(got) == len(ADAM_DEFAULTS)):
        return
    # To float32's precision, which settings kept as np.float32 have; no absolute tolerance, which epsilon is within.
    changed = [(name, value, expected) for name, value, expected in zip(ADAM_DEFAULTS, got, want)
               if type(value) is float and type(expected) is float
               and not np.isclose(value, expected, rtol=1e-6, atol=0)]
    if changed:
        fail(named("optimizer_settings", f"{who} built Optimizer_Adam with "
                   + ", ".join(f"{name}={value:g}" for name, value, _ in changed) + ", where the chapter keeps Adam's "
                   + ", ".join(f"{name}={expected:g}" for name, _, expected in changed)
                   + ": build it with the learning_rate and decay the README gives alone, and keep the book's "
                   "defaults in Optimizer_Adam.__init__ ("
                   + ", ".join(f"{name}={expected:g}" for name, expected in zip(ADAM_DEFAULTS, want)
                               if type(expected) is float)
                   + "), each stored under its own name."))


def printed_numbers(pattern, printed, who, missing):
    """The numbers of the last match of `pattern` (a compiled regex, one group per number) in `printed`.

    `printed` is what the learner's code printed, any value; the check fails with `missing` when nothing
    matches, and says so when a matched group is not a number (a lone "-" or "." that the regex let through).
    """
    __tracebackhide__ = True
    found = pattern.findall(printed if isinstance(printed, str) else "")
    true(found, f"{missing} {_last_line_printed(printed)}")
    last = found[-1] if isinstance(found[-1], tuple) else (found[-1],)
    try:
        return tuple(float(text) for text in last)
    except ValueError:
        fail(f"{who} printed a line whose numbers cannot be read: {', '.join(map(repr, last))}. Print each "
             "number with an f-string such as {accuracy:.3f}, as the book does.")


def _last_line_printed(printed):
    """A sentence quoting the last line `printed` holds (what the learner's code printed, any value), shortened."""
    lines = [line for line in printed.splitlines() if line.strip()] if isinstance(printed, str) else []
    return f"The last line it printed was {lines[-1].strip()!r:.160}." if lines else "It printed nothing."


def unread_line(printed, start, pattern, example):
    """" It printed '...', which is not such a line: ...": the first line of `printed` (what the learner's code
    printed: a str, or a list of them) that starts with `start` ("step", "training") but that `pattern` does not read,
    quoted, with the form the book prints (`example`); "" where there is none."""
    lines = printed if isinstance(printed, list) else [printed]
    for line in "\n".join(line for line in lines if isinstance(line, str)).splitlines():
        if line.lstrip().lower().startswith(start) and not pattern.search(line):
            return (f" It printed {line.strip()!r:.160}, which is not such a line: print the labels and separators "
                    f"as the book does, '{example}'.")
    return ""


def printed_lines(pattern, printed, who):
    """[(match, its numbers)] of every match of `pattern` in `printed`, any value: the first group names the line
    ("step: 3", "training"), one group per number follows. Fails with a sentence at the first line whose numbers
    are not numbers (a lone "-" or "." that the regex let through)."""
    __tracebackhide__ = True
    lines = []
    for match in pattern.finditer(printed if isinstance(printed, str) else ""):
        try:
            lines.append((match, tuple(float(text) for text in match.groups()[1:])))
        except ValueError:
            fail(f"{who} printed a line whose numbers cannot be read: {match[0]!r:.120}. Print each number with an "
                 "f-string such as {accuracy:.3f}, as the book does.")
    return lines


def optimizer_not_built_at_import(stepped, function):
    """Fail where `stepped` is True: an Optimizer_Adam the file built as it was imported stepped while `function`
    trained (scenario_helpers.ImportedOptimizers), so that every call goes on from the last one's step count."""
    __tracebackhide__ = True
    true(stepped is not True, f"Your file builds an Optimizer_Adam when it is imported, at its top level, and "
         f"{function} uses that one: build it inside {function}, before the loop, so that each call starts with "
         "Adam's step count at 0 (a second call would go on with the first one's decay and bias correction), which "
         "is also how the check watches it.")


REBUILT_MASK = ("the mask was rebuilt from the output (self.output > 0 or self.output != 0), which also drops a kept "
                "value that was 0 or below. Reuse the mask forward drew, self.dinputs = dvalues * self.binary_mask.")


def dropout_mask_not_rebuilt(got, want):
    """Fail where a mask rebuilt from the output shows: Layer_Dropout(0.3)'s backward, on inputs below 0 and exactly 0
    with dvalues of 1 (scenario_helpers.dropout_on_signed_inputs), is not the mask forward applied (output / inputs)
    where the input was not 0, or is 0 at more than the dropped share where it was 0."""
    __tracebackhide__ = True
    inputs = want["signed_inputs"]
    output = shape(got["signed_output"], inputs.shape, "self.output", "the shape of the inputs")
    dinputs = shape(got["signed_dinputs"], inputs.shape, "self.dinputs", "the shape of dvalues")
    nonzero = inputs != 0
    with np.errstate(all="ignore"):
        mask = np.where(nonzero, output.astype(float) / np.where(nonzero, inputs, 1), 0)
    wrong_below = nonzero & (inputs < 0) & ~np.isclose(dinputs, mask)
    true(not np.any(wrong_below), f"For inputs below 0 (dvalues of 1), self.dinputs is not the mask forward "
         f"applied at {int(np.sum(wrong_below))} of {int(np.sum(inputs < 0))} places: {REBUILT_MASK}")
    kept = float(np.mean(dinputs[~nonzero] != 0))
    true(kept > 0.5, f"For inputs of exactly 0 (as a ReLU leaves many; dvalues of 1), self.dinputs is not 0 "
         f"at {kept:.0%} of places, where Layer_Dropout(0.3) keeps 70%: {REBUILT_MASK}")


def dropout_used_again(got, want):
    """Fail where the Layer_Dropout of dropout_mask_not_rebuilt, used again on batches of other sizes
    (scenario_helpers._dropout_again; the inputs read from `want`, the reference's run), raised, applied at backward
    another mask than its forward's, or changed the inputs at inference: what a first call kept on self (a mask's
    size, an array made once) shows."""
    __tracebackhide__ = True
    kept = ("Does the layer keep something of its first call on self (the mask's size, an array made once)? Draw the "
            "mask and make its arrays anew at every call, from that call's inputs.")
    said = "The Layer_Dropout(0.3) of a training pass on 200 samples of 50 values"
    if got["again_raised"] is not None:
        fail(f"{said}, used again on 90 samples of 12, raised {got['again_raised']}. {kept}")
    inputs = want["again_inputs"]
    output = shape(got["again_output"], inputs.shape, f"{said}: self.output of its pass on 90 samples of 12",
                   "the shape of those inputs")
    with np.errstate(all="ignore"):
        applied = output.astype(float) / inputs
    try:
        array(got["again_dinputs"], applied, f"{said}: self.dinputs of its pass on 90 samples of 12 (dvalues of 1), "
              "against the mask its forward applied (output / inputs),")
    except Mismatch as mismatch:
        raise Mismatch(f"{mismatch} {kept}") from None
    # Its first pass at inference right, the second must be too: a wrong first is the inference check's to name.
    (first_inputs, _), (second_inputs, _) = want["inferred"]
    (_, first), (_, second) = got["inferred"]
    if isinstance(first, np.ndarray) and first.shape == first_inputs.shape and close(first, first_inputs):
        size = f"{len(second_inputs)} samples of {second_inputs.shape[1]}, after {len(first_inputs)} of " \
               f"{first_inputs.shape[1]}"
        if isinstance(second, str):
            fail(f"{said}, used at inference (training=False) on {size}, raised {second}. {kept}")
        try:
            array(second, second_inputs, f"{said}: self.output at inference (training=False) on {size}")
        except Mismatch as mismatch:
            raise Mismatch(f"{mismatch} At inference the layer passes its inputs on as they are. {kept}") from None


def step_lines(printed, expected, epoch, who, required=False):
    """Fail where epoch `epoch` printed fewer step lines than the book's train prints, or more: `printed` and
    `expected`, the step numbers of its lines ('step: 3, acc: ...'), every print_every steps and at its last step
    (chapter 19). An epoch that prints none is chapter 18's train, before batches, and passes unless `required`."""
    __tracebackhide__ = True
    if required and not printed and expected:
        fail(f"In epoch {epoch}, {who} printed no step line like 'step: 0, acc: 0.850, loss: 0.412 (...)'; expected "
             f"{len(expected)}, at steps {' and '.join(map(str, expected))}: every print_every steps, and at the last "
             "step of the epoch, if not step % print_every or step == train_steps - 1, as chapter 19 prints them.")
    if len(printed) > len(expected):
        shown = printed if len(printed) <= 8 else [*printed[:6], "...", printed[-1]]
        twice = next((step for step in printed if printed.count(step) > 1), None)
        fail(f"In epoch {epoch}, {who} printed {counted(len(printed), 'step line')} like 'step: 0, acc: 0.850, "
             f"loss: 0.412 (...)', at steps {', '.join(map(str, shown))}; expected {len(expected)}, at steps "
             f"{' and '.join(map(str, expected))}: every print_every steps, and at the last step of the epoch. " + (
                 f"Step {twice}'s line came {counted(printed.count(twice), 'time')}: print each step's line once, "
                 "under one condition, if not step % print_every or step == train_steps - 1."
                 if twice is not None else
                 "Is print_every used? Print when not step % print_every or step == train_steps - 1."))
    if not 0 < len(printed) < len(expected):
        return
    first = (" The first line belongs at step 0, where step % print_every is 0: is the count shifted, "
             "(step + 1) % print_every, or the step counted from 1?" if 0 in expected and 0 not in printed else "")
    if set(printed) == {max(expected)}:
        # A missing `not step % print_every` prints this too, and so does a shifted count in a short epoch.
        first = (" Only the last step's line came. The first line belongs at step 0, where step % print_every "
                 "is 0: is that condition, not step % print_every, missing, or is the count shifted, "
                 "(step + 1) % print_every, or the step counted from 1?")
    fail(f"In epoch {epoch}, {who} printed {counted(len(printed), 'step line')} like 'step: 0, acc: 0.850, loss: "
         f"0.412 (...)', at step {' and '.join(map(str, printed))}; expected {len(expected)}, at steps "
         f"{' and '.join(map(str, expected))}: every print_every steps, and at the last step of the epoch (step "
         f"{max(expected)}) whatever print_every is, as the book prints them. Print when not step % print_every or "
         "step == train_steps - 1." + first)


# An epoch's summary as the book prints it (chapter 19), and what tells one from other lines.
SUMMARY_EXAMPLE = "training, acc: 0.850, loss: 0.412 (data_loss: 0.400, reg_loss: 0.012), lr: 0.05"
_SUMMARY_START = re.compile("training, acc:")


def validated_after_summaries(printed, expected, call):
    """Fail where `printed`, a train's output, has an epoch's validation line ('validation, acc: ...') before that
    epoch's summary ('training, acc: ...') where `expected`, the reference's, has it after (chapter 20's train)."""
    __tracebackhide__ = True
    order, expected_order = _summaries_and_validations(printed), _summaries_and_validations(expected)
    if order.count("t") != expected_order.count("t"):
        # Summaries the checks cannot read would be taken for validation lines that come first.
        fail(f"{call} printed {counted(order.count('t'), 'line')} like 'training, acc: 0.850, loss: 0.412 (...)'; "
             f"expected {expected_order.count('t')}, one after each epoch and before its validation line."
             + unread_line(printed, "training", _SUMMARY_START, SUMMARY_EXAMPLE))
    if order != expected_order:
        fail(f"{call} printed a validation line before that epoch's training summary. The book validates an epoch "
             "once it is over: print the 'training, ...' line first, then call self.evaluate(*validation_data, "
             "batch_size=batch_size).")


def _summaries_and_validations(printed):
    """The order of the epochs' summaries and validation lines in `printed`: "tvtv..." for train's own."""
    return "".join("t" if "training, acc:" in line else "v"
                   for line in printed.splitlines() if "training, acc:" in line or "validation, acc:" in line)


def holds_penalty(value, reference, penalty, decimals=3):
    """Whether the printed `value` is the loss `reference` plus a regularization `penalty` rather than `reference`
    itself: the penalty large enough to tell them apart once printed to `decimals`, `value` within rounding of the
    sum and not of `reference`."""
    rounding = 10.0 ** -decimals
    return (isinstance(penalty, float) and penalty > 2 * rounding
            and abs(value - (reference + penalty)) <= rounding < abs(value - reference))


def array(got, want, what, mistakes=None, samples=None, rtol=RTOL, set_by=None, dtype=None):
    """`got` must be a numeric ndarray of `want`'s shape and values.

    `mistakes` maps a sentence to the value that mistake would produce, so the
    message can name it (or is a function that returns that map, for mistakes
    costly to compute: called only when the values are wrong); `samples` is the batch size, to recognise a result
    off by that factor; `set_by`: see as_array; with it, a wrong value whose
    object holds an attribute the reference's lacks, near one it has
    (self.current_learing_rate), is said to come from that misspelt assignment.
    `dtype`: the dtype the check goes on to require, if it requires one; a message about the values never calls
    another dtype right (the check says what to do about it once the values are right).
    """
    __tracebackhide__ = True
    want = np.asarray(want, dtype=np.float64)
    required = dtype
    got = as_array(got, what, want.shape, set_by)
    dtype = got.dtype
    got = got.astype(np.float64)
    # Converted now, so that a value that is not numeric fails the check whatever the learner's; compared only
    # for a message, since most values checked are right.
    listed = None if callable(mistakes) else _candidates(mistakes)

    def candidates():
        return _candidates(mistakes) if listed is None else listed

    if got.shape != want.shape:
        # A shape says for certain what went wrong, where an attribute of a near name only may have.
        known = _known_mistake(got, want, candidates(), rtol)
        _fail_with(f"{what} {_verb(what, 'has', 'have')} shape {_shape(got.shape)}, but {_shape(want.shape)} was expected.",
                   known or _shape_diagnosis(got, want, rtol) or stray_attribute(set_by), known=known)

    bad_values = ~np.isfinite(got)
    if bad_values.any() and np.isfinite(want).all():
        first = tuple(np.argwhere(bad_values)[0])
        cause, known = _stray_or_listed(got, want, candidates(), rtol, set_by)
        _fail_with(f"{what} {_verb(what, 'contains', 'contain')} "
                   f"{counted(int(bad_values.sum()), 'NaN or infinite value')} "
                   f"(the first at {_index(first)}, where {_number(want[first])} was expected).",
                   cause or _probabilities_of_nothing(got, want) or _non_finite_cause(got), known=known)

    if close(got, want, rtol):
        return
    dtype_cause = _dtype_diagnosis(dtype, want, got)
    # The dtype is called right only where the check accepts it.
    if required is not None and dtype != np.dtype(required):
        judged = f"but dtype {dtype} ({np.dtype(required)} is expected), and the wrong values"
    elif dtype_cause:
        judged = f"but the {'integer ' if dtype.kind in 'biu' else ''}dtype {dtype}, and the wrong values"
    else:
        judged = f"and dtype {dtype} but the wrong values"
    with np.errstate(invalid="ignore", over="ignore"):   # infinities on both sides: NaN, which the map shows so
        distance = np.abs(got - want)
    cause, known = _stray_or_listed(got, want, candidates(), rtol, set_by)
    _fail_with(f"{what} {_verb(what, 'has', 'have')} the right shape {_shape(want.shape)} {judged}: "
               f"{difference(got, want, rtol)}",
               cause or dtype_cause or _value_diagnosis(got, want, samples, rtol), known=known,
               figure=figures.heatmap(f"How far each value of {_mid_sentence(what)} is from the expected one "
                                      "(darker is further; hover for the value)", distance)
               if 1 <= want.ndim <= 2 else None)


def losses(got):
    """The losses a training function returned, as a flat float array; a list of numbers is as good as an array."""
    __tracebackhide__ = True
    try:
        values = np.asarray(got, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        if type_name(got) in ("function", "method"):
            fail("The second thing train returns must be the losses, one number per step; it returned a "
                 f"{type_name(got)}, predict most likely: the two are swapped. Return predict, losses in that order.")
        fail("The second thing train returns must be the losses, one number per step; "
             f"it returned {type_name(got)}.")
    if not values.size:
        fail("The second thing train returns must be the losses, one number per step; it returned none.")
    return values


def not_per_sample(got, steps, call):
    """Fail where the losses `call` returned (`got`, as it returned them) for `steps` steps hold one value a sample:
    `steps` entries of as many values each."""
    __tracebackhide__ = True
    count = len(losses(got))
    entries = got if isinstance(got, (list, tuple)) else None
    if entries is not None and len(entries) == steps and entries and all(
            isinstance(entry, (list, tuple)) and 1 < len(entry) <= 4 for entry in entries):
        fail(f"{call} returned {steps} entries of {len(entries[0])} numbers each, such as (data_loss, "
             "regularization_loss) or (loss, accuracy): record one number a step, the step's loss (data loss plus "
             "the penalty, where the step adds one).")
    if count > steps and count % steps == 0 and (entries is None or len(entries) == steps):
        fail(f"{call} returned {steps} entries of {count // steps} values each, {count} in all: one loss per "
             "sample, not per step. Record each step's mean loss, the single number the loss's forward pass or "
             "calculate returns.")


def one_loss_a_step(got, steps, call):
    """The losses `call` ("train(X, y, steps=60)") returned, as losses() gives them, which must be `steps` numbers,
    one a step; where they are not, what their count says of the cause."""
    __tracebackhide__ = True
    values = losses(got)
    count = len(values)
    if count == steps:
        return values
    said = f"{call} returned {count} loss{'' if count == 1 else 'es'}; expected {steps}, one a step."
    not_per_sample(got, steps, call)
    if count > steps:
        fail(f"{said} The {count - steps} more are from an earlier call, if the list of losses is made outside "
             "train (make it inside, losses = [] before the loop, so that each call starts its own), or from a "
             "loop longer than range(steps).")
    if count == steps - 1:
        # One short: a loop from 1, or to steps - 1, or one step's loss not kept; printing keeps far fewer.
        fail(f"{said} Either the loop stops one step short, or one step's loss is not kept: run it for "
             "range(steps), which runs steps times from 0 (range(1, steps) runs steps - 1), and append the loss at "
             "every step, the first included.")
    fail(f"{said} Record the loss at every step, not only on the steps that print, and run the loop for "
         "range(steps).")


def same_losses(got, want, first, later, rtol=1e-5):
    """Every loss of a watched run (`got`) must be the reference's (`want`) from the same start, to rounding.

    The message names the first step apart and adds `first` when that is step 1 (what makes the first loss:
    the batch, the forward pass, the starting weights) or `later` (what makes a step: the update, the batches), a
    sentence or a function of the step's number (from 1) that gives one.
    """
    __tracebackhide__ = True
    got, want = losses(got), np.asarray(want, dtype=np.float64).ravel()
    count = min(len(got), len(want))
    apart = np.flatnonzero(~(np.abs(got[:count] - want[:count]) <= rtol * np.abs(want[:count])))
    if len(apart):
        step = int(apart[0])
        advice = first if step == 0 else later(step + 1) if callable(later) else later
        fail(f"From the same starting weights, the loss of step {step + 1} (step = {step} in the loop) is "
             f"{got[step]:.6f} where the reference's is {want[step]:.6f}. " + advice)


def rescaled_gradient(got, want, averaged, rtol=1e-5):
    """" ...": where the first loss of a run trained with Adam (`got`) that is not the reference's (`want`, to
    `rtol`) is off by at most 1e-4 of it: gradients right but for one factor, which Adam's steps, divided by the
    gradients' own size, all but cancel (Kingma and Ba 2015, section 2.1); else "". `averaged`: what the loss's
    gradient is divided by ("every position of every sequence")."""
    got, want = losses(got), np.asarray(want, dtype=np.float64).ravel()
    count = min(len(got), len(want))
    with np.errstate(all="ignore"):
        apart = np.abs(got[:count] - want[:count]) / np.abs(want[:count])
    first = np.flatnonzero(~(apart <= rtol))
    if not len(first) or not apart[first[0]] <= 1e-4:
        return ""
    return (" The losses part only in their fifth digit at first: gradients that point the right way but are scaled "
            "by one factor train almost alike, since Adam divides each step by the gradients' own size. Is the "
            f"loss's gradient divided once by the number of values it averages, {averaged}?")


def accumulated_advice(names):
    """What an evaluate that printed the last batch's own figures (`names`: "accuracy", "loss") is told to print."""
    return ("calculate returns the figure of the batch it is given. After the loop, print what "
            + " and ".join(f"self.{name}.calculate_accumulated()" for name in names)
            + (" return, the figures" if len(names) > 1 else " returns, the figure") + " over every batch.")


def other_learning_rate(rate, recipe):
    """"the first update used a learning rate of ...": where a watched run's first update used another learning rate
    (`rate`, a float, or None where none was seen) than the recipe's Optimizer_Adam(learning_rate=`recipe`); else
    ""."""
    if isinstance(rate, float) and not np.isclose(rate, recipe):
        return (f"the first update used a learning rate of {rate:g}, where the recipe's is "
                f"Optimizer_Adam(learning_rate={recipe:g}).")
    return ""


def built_once(in_turn, what):
    """Fail where `in_turn` Optimizer_Adams, more than one, each took over from the one before in the run `what`
    names (scenario_helpers.AdamWatch.in_turn): an optimizer built again inside the loop."""
    __tracebackhide__ = True
    if type(in_turn) is int and in_turn > 1:
        fail(f"In {what}, {in_turn} Optimizer_Adams updated the layers one after another, each new one from a step "
             "count of 0: an optimizer built again inside the loop starts Adam's step count over, and with it the "
             "bias correction (and any decay of the learning rate). Build it once, before the loop.", "step_count")


def steps_counted(iterations, steps, what):
    """Fail where the optimizer's `iterations` after a run of `steps` steps (the reference's count) is not `steps`:
    0 where its post_update_params was never called (or counts nothing: the given one, edited), another count where
    it ran more or less often than once a step (or something else counted). `what` names the run; a count that is
    not a whole number is let be."""
    __tracebackhide__ = True
    if iterations == 0 and steps:
        fail(f"After {what}, the optimizer's iterations is still 0, where the reference's counted {steps} steps: "
             "post_update_params was never called, or does not add 1 to self.iterations, so Adam's bias correction "
             "and the decay stayed at the first step's. Call optimizer.post_update_params() after the updates, once "
             "per step; it holds self.iterations += 1.")
    if type(iterations) is int and type(steps) is int and iterations != steps:
        fail(f"After {what}, the optimizer's iterations is {iterations}, where the reference's counted {steps} "
             "steps: post_update_params adds 1 to it once a step, after that step's updates, and nothing else "
             "changes it, so that Adam's bias correction and the decay follow the steps.", "step_count")


def recorded_after_update(got, want, advice):
    """Name the mistake where the losses of a full-batch run from the reference's start (`got`) are the reference's
    (`want`) each one step later, and the first is not the reference's first: each loss was recorded after its
    step's update. `advice`: where the challenge's code records the loss instead."""
    __tracebackhide__ = True
    got, want = losses(got), np.asarray(want, dtype=np.float64).ravel()
    later = want[1:]
    if len(later) and len(got) > len(later) and not close(got[0], want[0]) and close(got[:len(later)], later):
        fail(f"The loss of the first step is {got[0]:.6g}, the reference's loss of the second step: each loss was "
             "recorded after the step's update, from a forward pass on the new weights, so it belongs to the step "
             f"after. Record the loss of the forward pass that starts the step, the one the backward pass starts "
             f"from: {advice}", "loss_after_update")


def batches_sliced(sizes, expected, call):
    """As many batches as `expected` (their sizes, in order), but `sizes` others: each batch's slice is wrong (one
    short, one too long). `call` is what gave them ("model.predict(X, batch_size=64)")."""
    __tracebackhide__ = True
    if isinstance(sizes, list) and len(sizes) == len(expected) and sizes != list(expected):
        fail(f"{call} gave the network batches of {sizes} samples; expected {list(expected)}: batch number step is "
             "X[step * batch_size:(step + 1) * batch_size], batch_size samples each but the last.")


def no_empty_batch(sizes, steps, samples, batch_size, noun, raised=None):
    """Every batch of a watched run must hold a sample. `sizes` are what scenario_helpers.batch_sizes saw (the
    samples the network was given at each forward pass, one a step or a few); the run is `steps` steps of
    `batch_size` of `samples` samples (`noun`), step `step`'s batch from start = step * batch_size % samples;
    `raised` is what the run raised, if it stopped. Anything else in `sizes` (a learner's file may answer
    anything) says nothing and passes."""
    __tracebackhide__ = True
    if not isinstance(sizes, list) or not all(type(size) is int for size in sizes) or 0 not in sizes:
        return
    index, past_the_end, stopped = sizes.index(0), -(-samples // batch_size), isinstance(raised, str)
    # The step is known when the run made the same number of passes at every step, or stopped at the first
    # step whose start, without the wrap, lies past the end.
    calls = len(sizes) // steps if not stopped and len(sizes) % steps == 0 else int(index == past_the_end)
    if calls:
        step = index // calls
        where = f"The batch of step {step + 1} (step = {step} in the loop) was empty"
        if step * batch_size >= samples:
            where += (f": a batch that starts at step * batch_size = {step * batch_size} starts past the end of "
                      f"the {samples} {noun}")
    else:
        where = "A training step's batch was empty"
    outcome = f", and your code raised {raised} on it" if stopped else ", so its loss is the mean of no losses, NaN"
    fail(f"{where}{outcome}. The batches must wrap around: start = step * batch_size % len(X), then "
         f"X[start:start + batch_size]; the batch that reaches the end is cut short, and the next starts again "
         f"near the beginning.")


def kept_by_set(got, want):
    """Model.set keeps each of loss, optimizer and accuracy that is given (not None) and leaves the others: what the
    learner's model and the reference's hold after each call of scenario_helpers.set_in_turn (`got`, `want`)."""
    __tracebackhide__ = True
    calls = {"first": "model.set(loss=..., optimizer=..., accuracy=...)",
             "accuracy": "a second model.set(accuracy=...)", "none": "model.set(loss=None)"}
    for when, call in calls.items():
        for name in ("loss", "optimizer", "accuracy"):
            key = f"{when} {name}"
            held = got.get(key) if isinstance(got, dict) and isinstance(got.get(key), str) else "something else"
            true(held == want[key], f"After {call}, model.{name} holds {held}, not {want[key]}: set keeps each of "
                 "loss, optimizer and accuracy that is given (not None) and leaves the others as they were (if "
                 f"{name} is not None: self.{name} = {name}).")


def finite_losses(losses, batches=True):
    """Every loss of a run (expect.losses' array) must be a finite number; the message names the first step
    that is not. `batches`: whether the run trains in batches, one of which may have been empty."""
    __tracebackhide__ = True
    bad = np.flatnonzero(~np.isfinite(losses))
    if bad.size:
        fail(f"Some losses are NaN or infinite, the first at step {bad[0] + 1} (step = {bad[0]} in the loop, "
             f"{losses[bad[0]]}): check the "
             "learning rate and the backward passes" + (", and that no batch is empty (start = step * batch_size "
                                                         "% len(X))." if batches else ", and the loss."))


def pickled_in_binary(mode, raised, save, load):
    """Fail when a save or a load gave pickle a file opened for text: `mode` is what
    scenario_helpers.pickled_in_text_mode answered ("save" or "load"; anything else passes), `raised` what the
    learner's code raised, `save` and `load` the names of the methods."""
    __tracebackhide__ = True
    if not isinstance(mode, str) or mode not in ("save", "load"):
        return
    method, verb, opened = (save, "writes", "'w'") if mode == "save" else (load, "reads", "'r'")
    fail(f"pickle {verb} bytes, but {method} opened its file for text, with {opened}: open it in binary mode, "
         f"open(path, 'wb') to save and open(path, 'rb') to load, as chapter 21 does."
         + (f" Your code raised {raised}." if isinstance(raised, str) else ""))


def shape(got, expected, what, meaning, likely=None, set_by=None):
    """`got` must be a numeric array of shape `expected`; `meaning` says what its axes count.

    `likely` maps a wrong shape to the sentence that explains it; `set_by`: see as_array.
    """
    __tracebackhide__ = True
    expected = tuple(expected)
    value = as_array(got, what, expected, set_by)
    if value.shape != expected:
        # Only where the first axis counts samples: a weight matrix of one row is another mistake (randn(n)).
        one_row = len(expected) >= 2 and expected[0] > 1 and value.shape in (expected[1:], (1, *expected[1:])) \
            and "sample" in meaning
        swapped = len(expected) == 2 and value.shape == expected[::-1]
        _fail_with(f"{what} {_verb(what, 'has', 'have')} shape {_shape(value.shape)}, but {_shape(expected)} was expected: {meaning}.",
                   (likely or {}).get(value.shape) or (
                       f"That is the shape of one row of the {expected[0]} expected: a loop over the rows that sets the "
                       "whole result anew for each keeps only the last (NumPy's functions take a whole batch at once), "
                       "an index took one row where a slice belongs (X[n] for X[:n]), or a sum or maximum took an "
                       "axis away." if one_row else
                       named("transposed", "The two axes are swapped: for a product, check the order of the arguments "
                                           "to np.dot and which one takes .T.") if swapped else None))
    return value


def initial_parameters(weights, biases, what):
    """The book's initialisation: weights 0.01 · randn (checked by their statistics) and zero biases."""
    __tracebackhide__ = True
    weights = as_array(weights, f"The weights of {what}").astype(np.float64)
    biases = as_array(biases, f"The biases of {what}")
    true(weights.size, f"The weights of {what} are an empty array of shape {_shape(weights.shape)}: "
                       "np.random.randn(n_inputs, n_neurons) gives one weight per input and neuron.")
    with np.errstate(all="ignore"):   # NaN or inf among them: their statistics say so
        spread, centre = float(np.std(weights)), float(np.mean(weights))
    true(0.008 < spread < 0.012 and abs(centre) < 0.002,
         f"The weights of {what} have mean {centre:.4g} and standard deviation {spread:.4g}; "
         "0.01 * np.random.randn(...) gives mean about 0 and standard deviation about 0.01."
         + (" Did you use np.random.rand (uniform on [0, 1)) instead of randn?" if centre > 0.002 and spread < 0.0045
            else " Every weight is positive: np.abs or a square made the draws one-sided; 0.01 * "
                 "np.random.randn(...) keeps their signs." if centre > 0.002 and np.all(weights >= 0) else ""))
    if weights.ndim == 2:
        _drawn_one_by_one(weights, what)
    true(not np.any(biases), f"The biases of {what} must all start at zero: use np.zeros((1, n_neurons)).")
    true(biases.dtype.kind == "f", f"The biases of {what} are integer zeros ({biases.dtype}), not floats: the "
                                   "updates training adds to them are fractions, which integers cannot hold "
                                   "(biases += ... raises). np.zeros((1, n_neurons)) without a dtype gives float64.")


def _drawn_one_by_one(weights, what):
    """Fails where two neurons (columns) of `weights`, or two inputs (rows), start with the same weights: random draws
    never repeat, and neurons that start alike get the same gradients and stay alike (the book, chapter 3)."""
    __tracebackhide__ = True
    for axis, these, draws in ((1, "neurons", "columns"), (0, "inputs", "rows")):
        count = weights.shape[axis]
        # Each row or column as bytes: a set of them is 50 times quicker than np.unique along an axis.
        kinds = len({line.tobytes() for line in np.ascontiguousarray(np.moveaxis(weights, axis, 0))})
        true(kinds == count, f"{count - kinds + 1} of the {count} {these} of {what} start with the same weights "
             f"(equal {draws} of the weights array)" + (
                 ": neurons that start alike get the same gradients and stay alike, so the layer learns as if it had "
                 "fewer neurons." if axis == 1 else ": each input gets one weight repeated rather than its own draws.")
             + " Draw every weight on its own: 0.01 * np.random.randn(n_inputs, n_neurons).")


# --- a trained network, judged by its own parameters ---------------------------
# Held-out data that the worker can read (scikit-learn's bundled sets, the digits) can be read by the learner's code
# too, and some answers follow from the inputs alone (a sequence reversed), so a predict that looks them up or works
# them out would score without a network that learned. A training check on such data therefore runs the trained
# network's parameters forward in the judge, measures that, and asks the learner's predict only to agree with it.

def trained_parameters(got, shapes, what):
    """`got`, [[weights, biases], ...] of each layer with weights in `what` (a trained network) in its order, as
    float64 arrays, after checking them against the architecture asked for: `shapes`, each layer's (weights' shape,
    biases' shape). Biases that hold one value per neuron in another shape ((8,) where (1, 8, 1, 1) is asked for)
    are reshaped to the one asked for."""
    __tracebackhide__ = True
    expected = ", ".join(_shape(weights) for weights, _ in shapes)
    count = len(got) if isinstance(got, list) else 0
    true(isinstance(got, list) and count == len(shapes) and all(
        isinstance(pair, list) and len(pair) == 2 for pair in got), f"{what} has "
         f"{counted(count, 'layer')} with weights and biases; the network asked for has {len(shapes)}, with weights "
         f"of shapes {expected}.")
    parameters = []
    for number, ((weights, biases), (weights_shape, biases_shape)) in enumerate(zip(got, shapes), start=1):
        weights = as_array(weights, f"The weights of layer {number} of {what}")
        biases = as_array(biases, f"The biases of layer {number} of {what}")
        true(weights.shape == tuple(weights_shape) and biases.size == int(np.prod(biases_shape)), f"Layer {number} "
             f"of {what} has weights of shape {_shape(weights.shape)} and biases of shape {_shape(biases.shape)}; "
             f"the network asked for has weights of shapes {expected}, and one bias per neuron.")
        parameters.append((weights.astype(np.float64), biases.astype(np.float64).reshape(biases_shape)))
    return parameters


def dense_network_outputs(inputs, parameters, last):
    """What a network of dense layers with these `parameters` ([(weights, biases), ...], trained_parameters) and ReLU
    between them gives for `inputs`, `last` (an activation) applied after the last layer: the book's networks of
    chapters 16 to 19, run in the judge rather than by the learner's predict. A network that diverged gives NaN
    here, as in the learner's predict, without NumPy's warnings."""
    values = np.asarray(inputs).astype(np.float64)
    with np.errstate(all="ignore"):
        for number, (weights, biases) in enumerate(parameters, start=1):
            values = values @ weights + biases
            values = np.maximum(0, values) if number < len(parameters) else last(values)
    return values


def predicted_by_the_network(got, computed, what, advice):
    """`got`, what the learner's predict gave on held-out data, must be `computed`, what the trained network's own
    parameters give there run forward in the judge: a predict that answers otherwise is not the network's."""
    __tracebackhide__ = True
    outputs = shape(got, computed.shape, what, "the shape of the network's output for these samples")
    if not close(outputs, computed):
        fail(f"{what} is not what the trained network computes: its own weights and biases, run forward on the "
             f"same data, give other outputs: {difference(outputs.astype(np.float64), computed)} {advice}")
    return outputs


def classes_predicted_by_the_network(got, scores, what, advice):
    """`got`, the classes the learner's predict gave on held-out data, must be np.argmax over the last axis of
    `scores`, the trained network's own outputs there computed in the judge; where its two best scores tie within
    float32 rounding, either class will do."""
    __tracebackhide__ = True
    classes = shape(got, scores.shape[:-1], what, "one class index for each sample")
    with np.errstate(invalid="ignore"):
        best = np.sort(scores, axis=-1)
        tied = best[..., -1] - best[..., -2] <= RTOL * np.maximum(1.0, np.abs(best[..., -1]))
        wrong = (classes != np.argmax(scores, axis=-1)) & ~tied
    if np.any(wrong):
        fail(f"{what} is not what the trained network computes: its own weights and biases, run forward on the "
             f"same data, give other classes for {int(np.sum(wrong))} of the {counted(wrong.size, 'answer')} "
             f"(the first at {_index(np.argwhere(wrong)[0])}). {advice}")
    return classes


def _names(names, most=200, longest=60):
    """The attribute names an object ended with (scenario_helpers.attributes) worth comparing, the learner's or the
    reference's: names only, at most `most` of them, none longer than `longest`, so that an object with a million
    long names costs the judge no more than the book's would."""
    return [item for item in (names if isinstance(names, list) else [])[:most]
            if isinstance(item, str) and len(item) <= longest]


def stray_attribute(set_by):
    """For a wrong value: the sentence naming an attribute its object ended with that the reference's did not, near
    one the reference's did and its object has too (set_by: see as_array), or None. The sentence carries its mistake
    (grader.mistakes). A misspelt write leaves the name the code reads as it was (self.current_learing_rate beside
    the current_learning_rate set in __init__); a name used throughout in place of the book's (norm_1, normalised),
    or one only its underscores tell from the book's (d_k beside dk), is the learner's own, not a cause."""
    if set_by is None:
        return None
    names, known, owner = set_by
    names, known = _names(names), _names(known)
    for name in names:
        if name not in known:
            near = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
            if near and near[0] in names and name.replace("_", "") != near[0].replace("_", "") \
                    and not _affixed(name, near[0]) and not _value_and_gradient(name, near[0]):
                kind = re.match(r"\w*", owner)[0] or "object"   # "Layer_Dense.backward" -> "Layer_Dense"
                return named("attribute_never_set", f"Your {kind} has an attribute {name}, which the book's never "
                                                    f"has: did you mean {near[0]}?")
    return None


def _nearest(name, names, cutoff):
    """The one of `names` nearest `name` (difflib's ratio at least `cutoff`), or None. Letters are compared whatever
    their case, so that self.dQ is taken for the book's self.dq: a capital changes half of so short a name. Only for
    an attribute never set, where the name the book reads is missing for certain: beside a wrong value, a name of
    another case may be the learner's own (self.Q, read consistently), not the cause."""
    lowered = {}
    for item in names:
        lowered.setdefault(item.lower(), item)
    near = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[near[0]] if near else None


def _gradient_like(name):
    """Whether `name` reads as a gradient's: the d of the book's names (d_inputs, dinput) or a word of grad."""
    return name.lstrip("_").startswith("d") or "grad" in name.lower()


def _value_and_gradient(name, known):
    """Whether one of `name` and the book's `known` starts with the d of a gradient and the other does not (input
    beside dinputs): a value and a gradient are different words, not one misspelt."""
    return name.lstrip("_").startswith("d") != known.startswith("d")


def _affixed(name, known):
    """Whether `name` is the book's name `known` with a word of the learner's own joined to it by underscores
    (inputs_T, _weights, cached_inputs): a name chosen, not a misspelling of `known`."""
    bare = name.strip("_")
    return bare == known or bare.startswith(known + "_") or bare.endswith("_" + known)


def was_set(names, name, owner, known=()):
    """`owner` must have set self.`name`; `names` are the attributes it ended with (scenario_helpers.attributes),
    `known` those the reference's ended with, none of which is a misspelling of `name`."""
    __tracebackhide__ = True
    if isinstance(names, list) and name in names:
        return
    known = _names(known)
    # For a gradient, only a name that reads as one (self.dinput, self.inputs_grad): the self.input a forward pass
    # kept is the learner's own cache, near dinputs in letters alone.
    near = _nearest(name, [item for item in _names(names) if item not in known
                           and (not name.startswith("d") or _gradient_like(item))], 0.75)
    fail(f"{owner} never set self.{name}"
         + (f"; it set self.{near}, a name the book's code never reads. Did you mean self.{name}?" if near else
            f": store the result in self.{name}, the name the book's next layer reads (a value the method returns "
            "is not kept)."),
         "attribute_never_set")


def as_array(got, what, shape=None, set_by=None):
    """`got` as a numeric ndarray, or a Mismatch that says what it is instead.

    `set_by`, where `what` is an attribute ("self.dweights"): (the attributes its object ended with
    (scenario_helpers.attributes), those the reference's ended with, the call that was to set it), so that one
    spelt otherwise is named (was_set).
    """
    __tracebackhide__ = True
    expected = f"a NumPy array of shape {_shape(shape)}" if shape is not None else "a NumPy array"
    if got is None:
        if what.startswith("self."):
            attribute = what.split()[0]
            if set_by is not None:
                names, known, owner = set_by
                was_set(names, attribute.removeprefix("self."), owner, known)
            fail(f"{what} was never set (or is None); expected {expected}. Store the result in {attribute}: a "
                 "value the method returns is not kept, and an attribute spelt otherwise is another attribute.")
        fail(f"{what} {_verb(what, 'is', 'are')} None; expected {expected}. Was it set (or returned) at all?")
    if isinstance(got, Opaque) and got.description.startswith(_OPAQUE_ARRAY):
        fail(_not_numbers(what, got.description[len(_OPAQUE_ARRAY):], expected), "not_an_array")
    if isinstance(got, Opaque):
        fail(f"{what} {_verb(what, 'is', 'are')} {got.description} ({got.type_name}); expected {expected}.")
    if isinstance(got, Sequence):
        if len(got) > 1 and all(isinstance(item, np.ndarray) and item.ndim == 2 for item in got):
            # A batch's output each: their first axes may differ, where np.array would not make one array.
            fail(f"{what} {_verb(what, 'is', 'are')} a Python {got.type_name} of {len(got)} arrays, of "
                 f"{', '.join(str(len(item)) for item in got[:6])}{', ...' if len(got) > 6 else ''} rows; expected "
                 f"{expected}. Join them along their first axis, np.vstack(...), into one array.", "not_an_array")
        fail(f"{what} {_verb(what, 'is', 'are')} a Python {got.type_name}; expected {expected}. "
             "NumPy operations return arrays: build the result with NumPy rather than a loop, "
             "or wrap it in np.array(...).", "not_an_array")
    if isinstance(got, (str, dict)):
        fail(f"{what} {_verb(what, 'is', 'are')} a {type(got).__name__}; expected {expected}.")
    if isinstance(got, (bool, int, float, np.generic)):
        fail(f"{what} {_verb(what, 'is', 'are')} the single number {_number(got)}; expected {expected}.")
    if isinstance(got, np.ndarray) and got.dtype.kind not in "biuf":
        fail(_not_numbers(what, str(got.dtype), expected), "not_an_array")
    if not isinstance(got, np.ndarray):
        fail(f"{what} {_verb(what, 'is', 'are')} not a numeric array; expected {expected}.")
    return got


# How the worker describes an array whose dtype does not cross to the judge (grader.sandbox.wire).
_OPAQUE_ARRAY = "an array of dtype "


def _not_numbers(what, dtype, expected):
    """The sentence for an array NumPy made of strings or of Python objects, named by its dtype."""
    verb = _verb(what, "is", "are")
    if re.fullmatch(r"[<>|=]?[US]\d*", dtype):
        # Class labels index arrays (y_pred[range(n), y], np.eye(n)[y]): whole numbers, never floats.
        whole = "label" in what.lower()
        return (f"{what} {verb} an array of strings (dtype {dtype}), not of numbers: convert each one to a number "
                "where it is read, int(label) for a label read as text (a folder's name, a line of a file), or the "
                "whole array with " + (".astype(np.uint8): class labels are whole numbers, which pick a class by "
                                       "its index." if whole else ".astype(int) or .astype(float)."))
    if dtype == "object":
        return (f"{what} {verb} an array of Python objects (dtype object), not of numbers: NumPy makes one from "
                "values that are not all numbers of one shape (a None, a string, rows of different lengths). Make "
                "every value a number, and every row the same length.")
    return f"{what} {verb} an array of dtype {dtype}, not of numbers; expected {expected}."


def agrees(got, want, kinds="biuf"):
    """Whether `got`, a value the learner's side sent, is an array of a dtype of `kinds` (NumPy's dtype.kind
    letters) and of `want`'s shape whose values are `want`'s within close's tolerances; False for anything else,
    where close would raise or compare what is no array."""
    return (isinstance(got, np.ndarray) and got.dtype.kind in kinds and got.shape == np.shape(want)
            and close(got, want))


def close(got, want, rtol=RTOL):
    """True when every value agrees within the tolerances float32 work needs."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        scale = float(np.max(np.abs(want), initial=0.0)) if np.isfinite(want).all() else 1.0
        same_nonfinite = (got == want) | (np.isnan(got) & np.isnan(want))
        return bool(np.all((np.abs(got - want) <= _tolerance(want, scale, rtol)) | same_nonfinite))


def _tolerance(want, scale, rtol):
    """How far each value may be from `want`: an infinite expected value is met by itself alone."""
    return ATOL_SCALE * scale + 1e-12 + rtol * np.where(np.isfinite(want), np.abs(want), 0.0)


def difference(got, want, rtol=RTOL):
    """One sentence on how far apart two same-shaped arrays are, and where."""
    with np.errstate(invalid="ignore", over="ignore"):
        error = np.abs(got - want)
        # A NaN against a number is a difference too (the largest there is); NaN against NaN is none.
        same_nonfinite = (got == want) | (np.isnan(got) & np.isnan(want))
        ranked = np.where(same_nonfinite, -1.0, np.where(np.isnan(error), np.inf, error))
        where = np.unravel_index(int(np.argmax(ranked)), error.shape) if error.size else ()
        scale = float(np.max(np.abs(want), initial=0.0)) if np.isfinite(want).all() else 1.0
        wrong = int(np.sum(~((error <= _tolerance(want, scale, rtol)) | same_nonfinite)))
    expected, found = _numbers(want[where], got[where])
    return (f"the largest difference is {_number(error[where])} at {_index(where)} "
            f"(expected {expected}, got {found}); "
            f"{wrong} of {counted(want.size, 'value')} {'is' if wrong == 1 else 'are'} off.")


def median(values):
    """np.median of the values as a float, NaN if any is NaN: the same number, but np.median's first call loads
    numpy.ma (about 15 ms of a grading that needs it nowhere else)."""
    ordered = np.sort(np.ravel(np.asarray(values, dtype=float)))
    if not ordered.size or np.isnan(ordered[-1]):
        return float("nan")
    middle = ordered.size // 2
    if ordered.size % 2:
        return float(ordered[middle])
    with np.errstate(over="ignore"):   # two huge values: their mean is inf, as np.median's is
        return float((ordered[middle - 1] + ordered[middle]) / 2)


def counted(count, noun):
    """"1 value", "3 values"; a count that is not an int (a learner's answer may be anything) is shown as repr()."""
    plural = noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")
    if isinstance(count, int) and not isinstance(count, bool):
        return f"{count} {noun if count == 1 else plural}"
    return f"{_shown_briefly(count)} {plural}"


def _shown_briefly(value):
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001  (a learner's object whose __repr__ raises)
        text = f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _candidates(mistakes):
    """(sentence, float64 array) of each of `mistakes`: a dict, a list of pairs, or a function that returns one
    (see array)."""
    listed = _pairs(mistakes() if callable(mistakes) else mistakes)
    return [(sentence, np.asarray(value, dtype=np.float64)) for sentence, value in listed]


def _pairs(mistakes):
    """Mistakes may be a dict or a list of (sentence, value) pairs."""
    return list(mistakes.items()) if isinstance(mistakes, dict) else list(mistakes or ())


def _stray_or_listed(got, want, candidates, rtol, set_by):
    """(the sentence naming a stray attribute, or else the listed mistake that gives `got`, or None; that listed
    mistake's sentence alone, or None: Mismatch.known). A misspelt attribute comes first: the value it leaves behind
    (a rate never decayed, momentums never kept) is often a listed mistake's, whose sentence names the symptom."""
    stray = stray_attribute(set_by)
    known = None if stray else _known_mistake(got, want, candidates, rtol)
    return stray or known, known


def _known_mistake(got, want, candidates, rtol):
    """The sentence of the first (sentence, float64 array) in `candidates` whose mistake gives `got`, if any."""
    for sentence, candidate in candidates:
        if candidate.shape == got.shape and not close(candidate, want, rtol) \
                and _close_or_same_nonfinite(got, candidate, rtol):
            return sentence
    return None


def _close_or_same_nonfinite(got, candidate, rtol):
    finite = np.isfinite(candidate)
    if not np.array_equal(finite, np.isfinite(got)):
        return False
    return close(got[finite], candidate[finite], rtol)


def _shape_diagnosis(got, want, rtol):
    g, w = got.shape, want.shape
    if g == w[::-1] and close(got.T, want, rtol):
        return TRANSPOSED
    if g == w[::-1]:
        return named("transposed", "The two axes are swapped: the samples come first, one row per sample.")
    if (len(w) == 1 or (len(w) == 2 and w[1] == 1)) and g == (w[0], w[0]):
        return named("broadcast_square", "An (n,) array met an (n, 1) array and broadcasting made an (n, n) "
                                         "matrix (an index like y_pred[:, y_true] does the same): make both "
                                         "arrays the same shape, or index with y_pred[range(n), y_true].")
    if len(w) == 2 and g == (w[0],) and w[1] == 1:
        return named("lost_axis", "An axis was lost: pass keepdims=True to np.sum or np.max so the result "
                                  "keeps its second axis.")
    if len(w) == 2 and g == (w[1],) and w[0] == 1:
        return named("lost_axis", "An axis was lost: keep the result two-dimensional, shape (1, n), e.g. with "
                                  "keepdims=True.")
    if len(w) == 1 and g == (w[0], 1):
        return named("lost_axis", "There is an extra axis of length 1: the expected result is one-dimensional; "
                                  "a reduction with keepdims=True, or a reshape(-1, 1), added it.")
    if len(w) >= 2 and w[0] > 1 and g in (w[1:], (1, *w[1:])):
        row = got.reshape(w[1:])
        rows = [index for index in range(w[0]) if close(row, want[index], rtol)]
        if not rows:
            return ("It has the shape of one row of the expected result: a sum or maximum took an axis away, an "
                    "index took one row where a slice belongs (X[n] for X[:n]), or a loop over the rows set the whole "
                    "result anew for each, keeping only the last.")
        return named("last_row_only", f"It equals {'the last row' if rows[-1] == w[0] - 1 else f'row {rows[-1]}'} "
                                      "of the expected result: a loop over the rows that sets the whole result anew "
                                      "for each keeps only one row. NumPy's functions take a whole batch at once "
                                      "(np.maximum(0, inputs), np.exp(inputs - ...)): apply them to the whole "
                                      "array, or collect each row's result in a list and np.vstack it.")
    if len(g) == len(w) and got.size != want.size and sorted(g) != sorted(w):
        return named("lost_axis", "Check which axis each operation works along (axis=0 runs down the "
                                  "samples, axis=1 along a row).")
    return ""


def _dtype_diagnosis(dtype, want, got):
    if dtype.kind in "biu" and not np.array_equal(want, np.round(want)):
        return named("not_an_array", f"Your array has the integer dtype {dtype}, so every fraction was cut off: "
                                     "keep the result in floating point (no astype(int), no np.zeros(..., "
                                     "dtype=int) to fill in).")
    if dtype == np.float16 and close(got, want, rtol=4e-3):
        return ("Your array has the dtype float16, which keeps about 3 significant digits: differences this small "
                "come from that alone. Keep NumPy's float64 (no astype(np.float16), no dtype=np.float16).")
    return ""


def _value_diagnosis(got, want, samples, rtol):
    if got.ndim == 2 and got.shape[0] == got.shape[1] and close(got.T, want, rtol):
        return TRANSPOSED
    if close(-got, want, rtol) and np.any(want):
        return named("sign_flipped", "Every value has the wrong sign: check the minus signs in your formula.")
    nonzero = np.abs(want) > 1e-12
    if nonzero.any() and not np.any(got[~nonzero]):
        with np.errstate(all="ignore"):
            ratios = got[nonzero] / want[nonzero]
        factor = median(ratios)
        # Where 0 is expected, 0 came: those values are right, and "every value" would count them.
        every = "Every value" if nonzero.all() else "Every value that should not be 0"
        with np.errstate(all="ignore"):   # a huge factor times the values overflows: then it is no factor
            scaled = factor * want if factor and np.isfinite(factor) else None
        if scaled is not None and abs(factor - 1) > 1e-3 and close(got, scaled, rtol):
            if samples and abs(factor - samples) < 1e-3 * samples:
                return named("batch_factor", f"{every} is {samples} times too large ({samples} is the number "
                                             "of samples): divide by the number of samples.")
            if samples and abs(factor * samples - 1) < 1e-3:
                return named("batch_factor", f"{every} is {samples} times too small ({samples} is the number "
                                             "of samples): the result should not be divided by the number of "
                                             "samples here, or was divided twice.")
            rows = got.shape[0] if got.ndim == 2 else 0
            if not samples and rows > 1 and abs(factor * rows - 1) < 1e-3:
                return named("batch_factor", f"{every} is {rows} times too small, {rows} being its number of "
                                             "rows (the samples, where each row is one): was it divided by the "
                                             "number of samples? Only a loss's gradient is divided by them "
                                             "(chapter 9), once, and no other step's.")
            return (f"{every} is {_number(factor)} times the expected value{_as_a_root(factor)}: look for a missing "
                    "or extra factor.")
    return _whole_numbers(got, want) or _rows_left_out(got, want, rtol) or _first_row_repeated(got, want, rtol) \
        or _not_probabilities(got, want)


def _as_a_root(factor):
    """", 1/√3" where `factor` is the inverse square root of a whole number from 2 to 4096, ", √3" where it is the
    root: a square root where the number belongs (attention's scale, chapter 10's RMS) shows so; else ""."""
    if not 1e-3 < factor < 1e3:
        return ""
    for power, shown in ((-2, "1/√{}"), (2, "√{}")):
        square = factor ** power
        whole = round(square)
        # A perfect square's root is a plain whole number (1/√4 is 1/2), which says nothing of a root.
        if 2 <= whole <= 4096 and abs(square - whole) < 1e-6 * whole and math.isqrt(whole) ** 2 != whole:
            return ", " + shown.format(whole)
    return ""


def _first_row_repeated(got, want, rtol):
    """The sentence for a result whose every row is the expected first row: one sample computed, and repeated."""
    if got.ndim != 2 or got.shape[0] < 2 or close(want, np.broadcast_to(want[0], want.shape), rtol):
        return ""
    if not (close(got[0], want[0], rtol) and close(got, np.broadcast_to(got[0], got.shape), rtol)):
        return ""
    return ("Every row holds the first row's result: was the first sample alone computed (inputs[0]) and repeated? "
            "Compute on the whole batch at once, so that each row is its own sample's.")


def _rows_left_out(got, want, rtol):
    """The sentence for a result whose first rows are right and whose last are not: rows a loop never reached. Of a
    2-D result alone: the first axis of a stack of them (one per step, per image) counts no rows a loop writes."""
    if got.ndim != 2 or got.shape[0] < 2:
        return ""
    right = [close(got[index], want[index], rtol) for index in range(got.shape[0])]
    if all(right):
        return ""   # every row close on its own scale, the whole not (the tolerance scales with the largest value)
    done = right.index(False)
    # One right row before wrong ones may be a coincidence of the mistake; rows of zeros are rows never written.
    if done == 0 or any(right[done:]) or (done == 1 and np.any(got[done:])):
        return ""
    # Rows near their values, each on its own row's scale, were computed, a little wrong (rounded, say), and the
    # first rows happened to pass.
    with np.errstate(invalid="ignore", over="ignore"):
        rows = want[done:].reshape(got.shape[0] - done, -1)
        scale = np.max(np.abs(rows), axis=1, keepdims=True)
        if np.all(np.abs(got[done:].reshape(rows.shape) - rows) <= 1e-2 * scale):
            return ""
    rest = got.shape[0] - done
    return (f"{'The first row is' if done == 1 else f'The first {done} rows are'} right and the "
            f"{'last is' if rest == 1 else f'other {rest} are'} not: was every row computed? A loop over "
            "range(inputs.shape[1]) counts the columns, not the rows, and a row of np.empty(...) that is never "
            "written holds whatever the memory held.")


def _not_probabilities(got, want):
    """The sentence for rows that should each be probabilities summing to 1 (a softmax's) where `got`'s are not."""
    if want.ndim < 2 or want.shape[-1] < 2 or np.any(want < 0) or not np.allclose(np.sum(want, axis=-1), 1):
        return ""
    with np.errstate(all="ignore"):
        sums = np.sum(got, axis=-1)
    if not np.all(np.isfinite(got)):
        return ""
    softmax = ("a softmax gives positive exponentials, each row divided by its own sum. Are these the values before "
               "the softmax, a softmax computed otherwise, or values changed after it (a mask, a fill value)?")
    if np.any(got < 0) or np.any(got > 1 + 1e-9):
        return f"Some values are below 0 or above 1, where each should be a probability: {softmax}"
    if not np.any(got):
        # The floor of every probability, each below 1, is 0: _whole_numbers leaves values all alike to this.
        return ("Every value is 0, where each row should be probabilities summing to 1: // is floor division, which "
                "rounds each quotient, every one below 1, down to 0 (divide with /), unless the array was never "
                "filled in after np.zeros.")
    if not np.allclose(sums, 1) and np.isclose(np.min(sums), np.max(sums)):
        return f"Each row should sum to 1, but yours each sum to {_number(np.min(sums))}: {softmax}"
    if not np.allclose(sums, 1):
        return (f"Each row should sum to 1, but yours sum to between {_number(np.min(sums))} and "
                f"{_number(np.max(sums))}: {softmax}")
    return ""


def _whole_numbers(got, want):
    """The sentence for floating-point values that are each the floor of the expected one, or it rounded, where most
    of those are fractions: // floors a division, np.round rounds. Values all one number (zeros never filled in, say)
    are no floor division's sign."""
    with np.errstate(all="ignore"):
        fractions = np.abs(want - np.round(want)) > 1e-6
        if got.dtype.kind != "f" or fractions.mean() < 0.5:
            return ""
        if np.all(np.isfinite(got)) and np.any(got != got.flat[0]) \
                and np.array_equal(got, np.floor(want + 1e-9 * np.maximum(1, np.abs(want)))):
            return ("Every value is a whole number where fractions were expected: // is floor division, which "
                    "rounds each quotient down. Divide with /.")
        if np.array_equal(got, np.round(want)):
            return ("Every value is the expected one rounded to a whole number: an np.round, round() or int() where "
                    "the fractions belong. Keep the values as they are.")
        decimals = next((decimals for decimals in range(1, 7) if np.array_equal(got, np.round(want, decimals))), None)
        if decimals is not None:
            return (f"Every value is the expected one rounded to {decimals} decimal "
                    f"{'place' if decimals == 1 else 'places'}: keep the values as they are, and round only what "
                    "is printed.")
    return ""


# --- numbers ------------------------------------------------------------------

def number(got, want, what, mistakes=None, rtol=RTOL):
    """`got` must be a single real number close to `want`."""
    __tracebackhide__ = True
    if isinstance(got, np.ndarray) and got.shape == () and got.dtype.kind in "biuf":
        got = got[()]
    # A mean of 0 is that of many arrays: only another mean tells per-sample values.
    if isinstance(got, np.ndarray) and got.ndim == 1 and got.size > 1 and got.dtype.kind in "biuf" and want \
            and _scalar_close(float(np.mean(got)), float(want), rtol):
        fail(f"{what} {_verb(what, 'is', 'are')} an array of shape {_shape(got.shape)}; expected a single number. "
             f"Its mean is the expected {_number(want)}: one value per sample came back where their mean is asked "
             "for, np.mean(...) of them" + (" (Loss.calculate averages what Loss.forward gives)"
                                            if "loss" in what.lower() else "") + ".")
    if isinstance(got, np.ndarray):
        fail(f"{what} {_verb(what, 'is', 'are')} an array of shape {_shape(got.shape)}; expected a single number. "
             "A sum or a mean given an axis leaves one value per row or column, and per-sample values are not one "
             "number until averaged: reduce over every value the formula takes in, np.sum(...) or np.mean(...) "
             "with no axis, whichever the book's formula has.")
    if got is None or isinstance(got, (str, Opaque, Sequence, dict)) or isinstance(got, bool) \
            or not isinstance(got, (int, float, np.integer, np.floating)):
        kind = "None" if got is None else _describe(got)
        fail(f"{what} {_verb(what, 'is', 'are')} {kind}; expected a single number near {_number(want)}.")
    got, want = float(got), float(want)
    for sentence, value in _pairs(mistakes):
        if _scalar_close(got, float(value), rtol) and not _scalar_close(float(value), want, rtol):
            fail(f"{what} {_verb(what, 'is', 'are')} {_number(got)}, but {_number(want)} was expected. {sentence}",
                 mistake_of(sentence))
    if not _scalar_close(got, want, rtol):
        hint = " " + _non_finite_cause(np.array([got])) if not np.isfinite(got) else ""
        fail(f"{what} {_verb(what, 'is', 'are')} {_number(got)}, but {_number(want)} was expected.{hint}")


def clipped_at_one(got, what):
    """`got`, the loss of a prediction of exactly 1 for the true class, must be -log(1 - 1e-7), about 1e-7.

    The book clips predictions to [1e-7, 1 - 1e-7] at both ends. The band also
    admits float32 work, where 1 - 1e-7 rounds to 1 - 1.19e-7.
    """
    __tracebackhide__ = True
    want = -np.log1p(-1e-7)
    number(got, want, what, rtol=np.inf)  # only that it is one finite number; the band follows
    if not 0.5 * want < float(got) < 2.5 * want:
        fail(f"{what} is {_number(float(got))}, but {_number(want)} was expected: the book clips predictions to "
             "[1e-7, 1 - 1e-7] at both ends, so a prediction of exactly 1 gives -log(1 - 1e-7). Clip both "
             "ends, with exactly these bounds: np.clip(y_pred, 1e-7, 1 - 1e-7).", "unclipped_log")


def _scalar_close(a, b, rtol):
    if not (np.isfinite(a) and np.isfinite(b)):
        return a == b or (np.isnan(a) and np.isnan(b))
    return abs(a - b) <= rtol * abs(b) + 1e-9


def type_name(value):
    """The type of a value the learner's code returned, as their code names it: "generator", "list", "float" (not
    the grader's Opaque or Sequence that carry it from the worker)."""
    if isinstance(value, (Opaque, Sequence)):
        return value.type_name
    return type(value).__name__


def _describe(value):
    if isinstance(value, Opaque):
        return f"{value.description} ({value.type_name})"
    if isinstance(value, Sequence):
        return f"a Python {value.type_name}"
    return f"a {type(value).__name__}"


# --- side effects ------------------------------------------------------------

# The hint of a check failed by an array changed in place, whatever else the check is about.
IN_PLACE_HINT = ("A function leaves the arrays it is given as they were: compute into a new array (an expression, or "
                 "a .copy()) rather than with +=, *=, a slice assignment or a new .shape on what it was given.")


def of_another_size(got, want, what, advice, mistake=None, mistakes=None, hint=None):
    """`got`: what a call on inputs of a size (or a kind) no other call of the check has gave, or what it raised (a
    str, from grader.scenario_helpers.raised_by), against `want`: a size (or a kind) written into the code shows.
    `advice` follows what it raised, or the values it got wrong, unless they are one of `mistakes` (as array takes
    them, for an array `want`), whose sentence says the cause; `mistake`, where given, is the misconception the
    failure names, whatever the values' own mismatch would; `hint`, where given, replaces the check's hints, which
    are about its other inputs."""
    __tracebackhide__ = True
    if isinstance(got, str):
        fail(f"{what} raised {got}. {advice}", mistake, hint=hint)
    try:
        if np.ndim(want) == 0:
            number(got, want, what)
        else:
            array(got, want, what, mistakes=mistakes)
    except Mismatch as mismatch:
        told = f"{mismatch}" if mismatch.known else f"{mismatch} {advice}"
        raise Mismatch(told, mistake or mismatch.mistake, mismatch.figure, hint or mismatch.hint,
                       mismatch.known) from None


BATCH_OF_ONE = ("A batch of one sample is still a batch: keep its first axis (a .squeeze() or a [0] drops it), so "
                "that n samples give n rows of results whatever n is, 1 included.")


BATCH_OF_ONE_HINT = ("Try your code on a batch of one sample, X[:1] (not X[0], which drops the batch's axis): it "
                     "should give one row of results, with as many axes as a larger batch gives.")


def batch_of_one(got, want, what):
    """What `what` (a call, said with its batch of one sample) gave, or what it raised (a str), against `want`: a
    squeeze that drops the batch's axis shows, and is said to be one; the hint is about a batch of one, whichever
    check judges it."""
    __tracebackhide__ = True
    squeezed = np.squeeze(want)
    of_another_size(got, want, what, BATCH_OF_ONE, mistakes={
        f"Its axes of size 1 were squeezed out. {BATCH_OF_ONE}": squeezed} if squeezed.ndim < np.ndim(want) else None,
        hint=BATCH_OF_ONE_HINT)


ONE_HOT_BY_SHAPE = named("one_hot_by_dtype", "One-hot targets may hold integers, as np.eye(3, dtype=int)[labels] makes "
                         "them: tell them from class indices by their shape, len(y_true.shape) == 2, not their dtype.")


def one_hot_of_integers(got, want, what):
    """What `what` (a call, said with its one-hot targets) gave for one-hot rows of integers, or what it raised (a
    str), against `want`: the same as for one-hot rows of floats, where a dtype taken for the form of the targets
    shows."""
    __tracebackhide__ = True
    if isinstance(got, str) and "Cannot cast ufunc" in got:
        fail(f"{what} raised {got}: an in-place operation (/=, *=, -=) wrote floats into the integer targets, or "
             "into an array that is them. Make a new array instead (y_pred * y_true, not y_true *= y_pred), which "
             "also leaves the caller's y_true as it was.", "in_place")
    of_another_size(got, want, what, ONE_HOT_BY_SHAPE, ONE_HOT_BY_SHAPE.mistake)


def unchanged(after, before, what, advice):
    """An input array must come back exactly as it was given."""
    __tracebackhide__ = True
    before = as_array(before, f"{what} (as it was given)").astype(np.float64)
    after = as_array(after, what, before.shape).astype(np.float64)
    if after.shape != before.shape:
        fail(f"{what} changed shape from {_shape(before.shape)} to {_shape(after.shape)}. {advice}", "in_place",
             hint=IN_PLACE_HINT)
    changed = ~((after == before) | (np.isnan(after) & np.isnan(before)))
    if changed.any():
        first = tuple(np.argwhere(changed)[0])
        was, now = _numbers(before[first], after[first])
        fail(f"{what} {_verb(what, 'was', 'were')} modified: {int(changed.sum())} of {counted(before.size, 'value')} "
             f"changed (at {_index(first)} it was {was}, now {now}). {advice}", "in_place", hint=IN_PLACE_HINT)


def all_unchanged(arrays, advice):
    """Every array of `arrays`, (after, before, what) triples, must come back as it was given; the ones that did not
    are all named in one message, so that a fix of the first does not reveal the next only at the next run."""
    __tracebackhide__ = True
    changed = []
    for after, before, what in arrays:
        try:
            unchanged(after, before, what, "")
        except Mismatch as mismatch:
            changed.append(str(mismatch).strip())
    if changed:
        fail(" ".join(changed + [advice]), "in_place", hint=IN_PLACE_HINT)


def kept_together(parted, what, targets="labels"):
    """X and y must go through one and the same new order (chapters 13 and 19's shuffle); `parted`: for each sample
    returned, whether its row of X and its target came from different samples of those given."""
    __tracebackhide__ = True
    parted = np.asarray(parted, dtype=bool)
    count = int(parted.sum())
    true(not count, f"{what}: {count} of {counted(parted.size, 'sample')} no longer sit next to their own {targets}. "
         "X and y were shuffled apart: index both with the same keys.")


# --- dropout masks (chapter 15) ---------------------------------------------------

_ONE_DRAW_PER_VALUE = "Draw one value per value of the inputs: np.random.binomial(1, self.rate, size=inputs.shape)."


# Said where a dropout layer's forward pass with training=True dropped no value at all.
NOTHING_DROPPED = (" No value was dropped: is the mask applied, self.output = inputs * self.binary_mask, and does "
                   "training=True reach the line that draws it?")


def drawn_for_each_value(dropped):
    """A dropout mask must keep or drop each value of each sample on its own; `dropped`: (samples, features)
    booleans, where a forward pass dropped the value. Where it dropped none, or all, the share dropped says so."""
    __tracebackhide__ = True
    if not dropped.any() or dropped.all():
        return
    samples, features = dropped.shape
    true(not np.all(dropped == dropped[:1]), f"Every one of the {samples} samples lost the same features: one mask "
         f"of {features} values was shared by the whole batch. " + _ONE_DRAW_PER_VALUE)
    true(not np.all(dropped == dropped[:, :1]),
         "Each sample was dropped or kept whole: the mask had one value per sample. " + _ONE_DRAW_PER_VALUE)


def kept_values_scaled(output, inputs, rate):
    """The values a dropout layer keeps while training must be its inputs divided by 1 - rate, the share kept
    (chapter 15's inverted dropout); `output`, `inputs`: arrays of one shape; `rate`: the share dropped."""
    __tracebackhide__ = True
    kept = output != 0
    with np.errstate(all="ignore"):   # huge values overflow to inf, which is not 1 / (1 - rate) either
        ratio = output[kept] / inputs[kept]
    keep = 1 - rate
    book = (f"The book keeps self.rate = 1 - rate, the share kept ({keep:g} here), and divides the mask by it: "
            "np.random.binomial(1, self.rate, size=inputs.shape) / self.rate.")
    if ratio.size == 0 or np.allclose(ratio, 1 / keep, rtol=1e-5):
        return
    if np.allclose(ratio, 1.0):
        fail(f"The kept values were not scaled: divide the mask by 1 - rate (here {keep:g}), so that the next layer "
             f"sees the same sums on average while training as at inference. {book}")
    for factor, said in ((keep, f"multiplied by the share kept, {keep:g}, instead of divided by it"),
                         (1 / rate, f"divided by the share dropped, rate = {rate:g}, instead of the share kept, "
                                    f"1 - rate = {keep:g}"),
                         (rate, f"multiplied by the share dropped, rate = {rate:g}, instead of divided by the share "
                                f"kept, 1 - rate = {keep:g}")):
        if np.allclose(ratio, factor, rtol=1e-5):
            fail(f"The kept values were {said}. {book}")
    low, high = float(ratio.min()), float(ratio.max())
    by = f"by {low:.4g}" if np.isclose(low, high, rtol=1e-4) else f"by between {low:.4g} and {high:.4g}"
    fail(f"The kept values were multiplied {by}; 1 / (1 - rate) = {1 / keep:.4g} was expected. {book}")


def drops_its_own_rate(output, expected_shape, other_rate):
    """`output`: a Layer_Dropout(0.5)'s training pass on inputs of `expected_shape`, where one of `other_rate` dropped
    the right share: a rate written into the code (self.rate = 0.7) shows."""
    __tracebackhide__ = True
    output = shape(output, expected_shape, "self.output of Layer_Dropout(0.5)", "the shape of the inputs")
    share = float(np.mean(output == 0))
    true(abs(share - 0.5) < 0.03, f"Layer_Dropout(0.5) zeroed {share:.1%} of its inputs; about 50% was expected, "
         f"where Layer_Dropout({other_rate}) zeroed about {other_rate:.0%}. Is a rate written into the code, in "
         "__init__ or in forward? Use the one the layer is given: self.rate = 1 - rate in __init__, and self.rate "
         "in forward's mask.")


def drops_without_training(called, output, expected_shape, rate):
    """`output` of a dropout layer's forward(inputs) called without the training flag its signature gives a
    default (`called` is False when it gives none): chapter 15's code calls it so while training, so it must drop."""
    __tracebackhide__ = True
    if called is not True:     # the scenario's own flag: anything else is no call made
        return
    what = "self.output of Layer_Dropout.forward(inputs), called without training"
    output = shape(output, expected_shape, what, "the shape of the inputs")
    dropped = float(np.mean(output == 0))
    true(dropped > rate / 2, named("training_flag", f"Called without the training argument, as chapter 15's code "
         f"calls it while training, Layer_Dropout({rate}).forward(inputs) dropped {dropped:.1%} of the values: the "
         "default of training is False (or None). The book's training loop calls forward(inputs) and expects "
         "dropout; at inference it passes training=False itself. Make the default True: def forward(self, inputs, "
         "training=True)."))


def drawn_at_every_pass(dropped, dropped_again):
    """A dropout layer must draw a new mask at every forward pass; `dropped`, `dropped_again`: the values two
    passes of the same shape dropped."""
    __tracebackhide__ = True
    true(not np.array_equal(dropped, dropped_again),
         "A second forward pass dropped exactly the values the first one dropped: the mask was drawn once and "
         "kept, or drawn each time from a generator seeded anew (np.random.seed(...) inside the layer). Draw a new "
         "self.binary_mask in forward, at every call, as each training step needs, from np.random as the program "
         "seeded it once, at its top.")


# --- gradients ----------------------------------------------------------------

def softmax(scores):
    """Softmax over the last axis of `scores` (..., samples, classes), the book's chapter 4 formula with each
    row's maximum subtracted first so that np.exp cannot overflow. For specs only: scenarios run in the worker,
    beside the learner's code, which must not find one to call."""
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def numerical_gradient(function, x, epsilon=1e-6, batched=False):
    """Central differences of a scalar function at x (float64), the same shape as x.

    batched: `function` takes a stack of points, shape (P,) + x.shape, and returns their P values, so that the
    2 * x.size evaluations are two calls instead of a Python loop; each point differs from x in one element.
    """
    x = np.array(x, dtype=np.float64)
    if batched:
        steps = (np.eye(x.size) * epsilon).reshape((x.size,) + x.shape)
        plus, minus = np.asarray(function(x + steps)), np.asarray(function(x - steps))
        return ((plus - minus) / (2 * epsilon)).reshape(x.shape)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + epsilon
        plus = function(x)
        x[index] = original - epsilon
        minus = function(x)
        x[index] = original
        gradient[index] = (plus - minus) / (2 * epsilon)
    return gradient


def gradient(got, numeric, what, threshold=1e-3, set_by=None, mistakes=None):
    """An analytic gradient must agree with central differences; reports the relative error. `set_by`: see
    as_array. `mistakes`, as array's (read only where the gradient fails): a gradient that fails and is one of them
    is named by its sentence too (the relative error alone tells nothing of where the values came from)."""
    __tracebackhide__ = True
    numeric = np.asarray(numeric, dtype=np.float64)
    got = as_array(got, what, numeric.shape, set_by).astype(np.float64)
    if got.shape != numeric.shape:
        fail(f"{what} {_verb(what, 'has', 'have')} shape {_shape(got.shape)}, but the gradient has shape {_shape(numeric.shape)}.")
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        scale = float(np.max(np.abs(numeric), initial=0.0))
        relative = np.abs(got - numeric) / (np.maximum(np.abs(got), np.abs(numeric)) + 1e-3 * scale + 1e-12)
        relative[~np.isfinite(relative)] = np.inf
    worst = np.unravel_index(int(np.argmax(relative)), relative.shape)
    if relative[worst] > threshold:
        known = _known_mistake(got, numeric, _candidates(mistakes), RTOL)
        _fail_with(f"{what} disagrees with the numerical gradient (central differences of the forward pass): "
                   f"relative error {_number(relative[worst])} at {_index(worst)}, "
                   f"where your backward pass gives {_number(got[worst])} and the numerical gradient is "
                   f"{_number(numeric[worst])}.", known, known=known)


# --- formatting ---------------------------------------------------------------

def _number(value, digits=6):
    value = float(value)
    if value == 0:
        return "0"
    if not np.isfinite(value):
        return str(value)
    return f"{value:.{digits}g}"


def _numbers(first, second):
    """_number of two values, with as many more digits as it takes for two that differ not to read the same
    (0.9999999 and 1 as "1" and "1")."""
    for digits in (6, 9, 12, 17):
        shown = _number(first, digits), _number(second, digits)
        if shown[0] != shown[1] or float(first) == float(second):
            break
    return shown


def _shape(shape):
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _index(index):
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


_PREPOSITIONS = {"after", "for", "of", "from", "with", "in", "when", "at", "on", "by", "given", "returned"}


def _verb(what, singular, plural):
    """The verb that agrees with `what`: "The per-sample losses are", "The weights array is", "self.dbiases is".

    The head noun is the last word before the first preposition, or before a name from code that follows it ("the
    labels load_idx returned"); a name from code alone counts as one array.
    """
    words = []
    for word in str(what).split():
        if word.lower() in _PREPOSITIONS or (words and re.search(r"[_.(\[]", word)):
            break
        words.append(word)
    head = words[-1].lower() if words else ""
    plural_noun = head.isalpha() and head.endswith("s") and not head.endswith(("ss", "us", "is"))
    return plural if plural_noun else singular


# What usually makes NaN (an invalid operation) or an infinity (an overflow, or a division by zero): said where a
# check knows no more precise cause.
NAN_CAUSE = ("NaN comes from an invalid operation: the square root or log of a negative number, 0 / 0, inf - inf or "
             "inf / inf (often after np.exp overflowed). Print the intermediate arrays to find where the first NaN "
             "appears.")
INFINITY_CAUSE = ("An infinite value comes from an overflow (np.exp of a large number), a division by zero, or the "
                  "log of zero.")


def _probabilities_of_nothing(got, want):
    """The sentence for rows of a softmax that are all NaN where `want`'s rows are probabilities: every exponential
    of the row came out 0 or inf, as after subtracting the whole array's maximum, or nothing."""
    if want.ndim < 2 or np.any(want < 0) or not np.allclose(np.sum(want, axis=-1), 1):
        return ""
    rows = np.isnan(got).all(axis=-1)
    if not rows.any() or np.isnan(got[~rows]).any():
        return ""
    return ("Whole rows are NaN: every exponential of such a row came out 0 (0 / 0), or inf (inf / inf), or the row "
            "held -inf alone (-inf - -inf is NaN: a mask of -np.inf, where a large finite value keeps the row a "
            "number). 0 comes of subtracting a number far above the row's own values before np.exp, such as the "
            "whole array's maximum, np.max(x) with no axis; inf of subtracting nothing from large values. Subtract "
            "each row's own maximum, np.max(x, axis=-1, keepdims=True), and sum over the same last axis.")


def _non_finite_cause(got):
    return NAN_CAUSE if np.isnan(got).any() else INFINITY_CAUSE


OVERFLOWED_BEFORE_THE_SHIFT = ("np.exp overflowed on inputs this large (np.exp(710) is already inf), and inf / inf "
                               "is NaN: whatever is done after np.exp comes too late. Subtract each row's maximum "
                               "inside the exponent, np.exp(inputs - np.max(inputs, axis=1, keepdims=True)), so that "
                               "every value is at most 0.")


def overflow_told(mismatch, output):
    """`mismatch`, a softmax of large inputs failing, with the cause of its NaN or infinite values named where `output`
    holds some and no listed mistake was recognised: np.exp of the unshifted inputs."""
    output = np.asarray(output) if isinstance(output, np.ndarray) else None
    if mismatch.known is not None or output is None or output.dtype.kind not in "fc" or np.isfinite(output).all():
        return mismatch
    said = str(mismatch).replace(f" {NAN_CAUSE}", "").replace(f" {INFINITY_CAUSE}", "")
    return Mismatch(f"{said} {OVERFLOWED_BEFORE_THE_SHIFT}", "no_max_shift", mismatch.figure, mismatch.hint)


# --- the code a stub gives ----------------------------------------------------

# The most values of an array a sentence writes out: the probes' arrays hold 6; a larger one (a given method changed
# to return megabytes) is told by its shape, as writing out millions of figures would hold the judge for seconds.
BRIEF_MOST = 24


def _brief(value):
    """A small array or number on one line, as the learner reads it in a sentence, to 4 significant digits; an array
    of more than BRIEF_MOST values by its shape."""
    if isinstance(value, np.ndarray) and value.size > BRIEF_MOST:
        return f"an array of shape {_shape(value.shape)}"
    if isinstance(value, np.ndarray):
        return _number(value.item(), 4) if value.ndim == 0 else "[" + ", ".join(map(_brief, value)) + "]"
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return _number(value, 4)
    return repr(value)


def _same(got, want):
    """Whether a probe's value is the reference's, to close's tolerances (a value that is no number never is)."""
    if want is None or isinstance(want, (bool, str)):
        return got == want
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(map(_same, got, want))
    if isinstance(want, np.ndarray):
        return isinstance(got, np.ndarray) and got.shape == want.shape and close(got, want)
    return isinstance(got, (int, float)) and not isinstance(got, bool) and close(got, want)


# The check's own hints are about the learner's code, which the given code's fault comes before.
GIVEN_CODE_HINT = ("The code the stub gives worked as it came: compare that method with the stub's (git diff shows "
                   "every line you changed) and put back what changed in it.")


def _given(method, doing, line):
    """Fail with the sentence of a method the stub gives that now does `doing` (what it gave, and the stub's), and
    the stub's line `line` (or lines) to put back."""
    __tracebackhide__ = True
    said = f"{method}, which the stub gives, {doing}"
    fail(f"{said}{'' if said.endswith(('.', '?')) else '.'} Keep the stub's code there: {line}. The other checks "
         "judge your code with it, so fix this first.", hint=GIVEN_CODE_HINT)


def _differs(method, got, want, on, line):
    __tracebackhide__ = True
    _given(method, f"now gives {_brief(got)} {on}, where the stub's gives {_brief(want)}", line)


_DENSE_FORWARD = "self.output = np.dot(inputs, self.weights) + self.biases"
_ADAM_DECAY = "self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))"
_ADAM_UPDATE = ("each average updated with its beta, corrected by dividing by 1 - beta ** (self.iterations + 1), and "
                "self.epsilon added after np.sqrt, for the weights and the biases alike")


def _dense_init(got, want):
    if not _same(got["biases"], want["biases"]):
        _differs("Layer_Dense.__init__", got["biases"], want["biases"], "as the biases of Layer_Dense(4, 3)",
                 "self.biases = np.zeros((1, n_neurons))")


def _dense_forward(got, want):
    __tracebackhide__ = True
    output = got["output"]
    if _same(output, want["output"]):
        return
    if _same(output, GIVEN_INPUTS @ GIVEN_WEIGHTS):
        _given("Layer_Dense.forward", f"now leaves the biases out: with biases {_brief(GIVEN_BIASES)} it gives "
               f"{_brief(output)}, where the stub's gives {_brief(want['output'])}", _DENSE_FORWARD)
    _differs("Layer_Dense.forward", output, want["output"], f"for inputs {_brief(GIVEN_INPUTS)}", _DENSE_FORWARD)


def _dense_backward(got, want):
    __tracebackhide__ = True
    lines = {"dweights": "self.dweights = np.dot(self.inputs.T, dvalues)", "dbiases": _DBIASES_LINE,
             "dinputs": "self.dinputs = np.dot(dvalues, self.weights.T)"}
    for name, line in lines.items():
        value, expected = got[name], want[name]
        if _same(value, expected):
            continue
        if name == "dbiases" and isinstance(value, np.ndarray) and value.shape == expected.shape[1:]:
            _dbiases_without_row(value.shape, expected.shape)
        if name == "dbiases" and _same(value, expected / 2):
            _given("Layer_Dense.backward", "now averages dvalues over the samples for dbiases, where the stub's "
                   "sums them", line)
        _differs("Layer_Dense.backward", value, expected, f"as {name}", line)


def _dbiases_shape(got, want):
    """Only a row the stub's np.sum line took away (its first dbiases) and that is still missing when backward ends
    (or raised) is the given line's: one the learner's own penalty code takes away, or a row it gives back, the checks
    of the penalties judge."""
    __tracebackhide__ = True
    shape, first, expected = got["shape"], got.get("first"), want["shape"]
    if isinstance(expected, list) and first == shape == expected[1:]:
        _dbiases_without_row(first, expected, " for a layer without penalties",
                             ", and each penalty's gradient added to dbiases then no longer fits it")


_DBIASES_LINE = "self.dbiases = np.sum(dvalues, axis=0, keepdims=True)"


def _dbiases_without_row(shape, expected, layer="", then=""):
    """Fail: the given Layer_Dense.backward leaves dbiases of `shape` (for `layer`), without the row the stub's, of
    shape `expected`, keeps; `then`: what that leads to."""
    __tracebackhide__ = True
    _given("Layer_Dense.backward", f"now leaves dbiases of shape {_shape(tuple(shape))}{layer}, where the stub's are "
           f"of shape {_shape(tuple(expected))}, one row as the biases: np.sum without keepdims=True drops that "
           f"axis{then}", _DBIASES_LINE)


def _relu_backward(got, want):
    __tracebackhide__ = True
    if _same(got["dinputs"], want["dinputs"]):
        return
    line = "self.dinputs = dvalues.copy() and self.dinputs[self.inputs <= 0] = 0"
    if _same(got["dinputs"], GIVEN_RELU_DVALUES):
        _given("Activation_ReLU.backward", "lost its mask, or gives back its dvalues unchanged: for inputs "
               f"{_brief(GIVEN_RELU_INPUTS)} its dinputs are its dvalues, {_brief(GIVEN_RELU_DVALUES)}, where the "
               "stub's sets the gradient to 0 where the ReLU's input was 0 or less", line)
    _differs("Activation_ReLU.backward", got["dinputs"], want["dinputs"], f"for inputs {_brief(GIVEN_RELU_INPUTS)} and "
             f"dvalues {_brief(GIVEN_RELU_DVALUES)}", line)


def _softmax_forward(got, want):
    __tracebackhide__ = True
    output = got["output"]
    if _same(output, want["output"]):
        return
    line = "self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)"
    if isinstance(output, np.ndarray) and output.shape == GIVEN_SCORES.shape and not close(output.sum(axis=1), 1.0):
        _given("Activation_Softmax.forward", f"now gives rows that do not sum to 1 (their sums are "
               f"{_brief(output.sum(axis=1))}) for the scores {_brief(GIVEN_SCORES)}: each row is divided by its own "
               "sum", line)
    _differs("Activation_Softmax.forward", output, want["output"], f"for the scores {_brief(GIVEN_SCORES)}", line)


def _linear_forward(got, want):
    __tracebackhide__ = True
    if not _same(got["output"], want["output"]):
        _differs("Activation_Linear.forward", got["output"], want["output"], f"for the inputs {_brief(GIVEN_SCORES)}, "
                 "which it passes on as they are", "self.output = inputs")


def _loss_calculate(got, want):
    __tracebackhide__ = True
    value, expected, losses = got["value"], want["value"], GIVEN_SAMPLE_LOSSES[0]
    if _same(value, expected):
        return
    line = "sample_losses = self.forward(output, y), then the mean of them, np.mean(sample_losses)"
    if _same(value, float(losses.sum())):
        _given("Loss.calculate", f"now returns the sum of the sample losses {_brief(losses)}, {_brief(value)}, where "
               f"the stub's returns their mean, {_brief(expected)}: every loss it reports would be as many times too "
               "large as there are samples", line)
    _differs("Loss.calculate", value, expected, f"for the sample losses {_brief(losses)}", line)


def _accumulating(values):
    """The stub's lines of calculate, calculate_accumulated and new_pass, which add up `values` (sample_losses of a
    Loss, comparisons of an Accuracy) over a pass."""
    return (f"calculate adds np.sum({values}) to self.accumulated_sum and len({values}) to self.accumulated_count, "
            "calculate_accumulated divides the one by the other, new_pass sets both to 0")


def _loss_accumulated(got, want):
    __tracebackhide__ = True
    first, second = GIVEN_SAMPLE_LOSSES[0], GIVEN_SAMPLE_LOSSES[1]
    method = "Loss.calculate_accumulated (with Loss.calculate and Loss.new_pass)"
    line = _accumulating("sample_losses")
    value, expected = got["two_batches"], want["two_batches"]
    if not _same(value, expected):
        per_batch = float(first.sum() + second.sum()) / 2
        of_means = (float(first.mean()) + float(second.mean())) / 2
        if _same(value, of_means):
            _given(method, f"now gives {_brief(value)} after batches of {len(first)} and {len(second)} samples, the "
                   "mean of the batches' own losses, where the stub's gives the mean over all their samples, "
                   f"{_brief(expected)}", line)
        doing = (f"now gives {_brief(value)} after batches of {len(first)} and {len(second)} samples, the sum of "
                 f"their losses divided by the number of batches, where the stub's gives their mean over the "
                 f"samples, {_brief(expected)}") if _same(value, per_batch) else (
            f"now gives {_brief(value)} after batches of {len(first)} and {len(second)} samples whose losses are "
            f"{_brief(first)} and {_brief(second)}, where the stub's gives their mean, {_brief(expected)}")
        _given(method, doing, line)
    value, expected = got["after_new_pass"], want["after_new_pass"]
    if not _same(value, expected):
        _given(method, f"now gives {_brief(value)} for a batch after new_pass(), where the stub's gives that batch's "
               f"mean loss, {_brief(expected)}: new_pass no longer starts both sums again", line)


def _accuracy_compare(got, want):
    __tracebackhide__ = True
    targets = {"indices": ("class indices", "Accuracy_Categorical()"),
               "one_hot": ("one-hot targets", "Accuracy_Categorical()"),
               "binary": ("targets of shape (n, 1)", "Accuracy_Categorical(binary=True)")}
    for name, (targets_said, built) in targets.items():
        if not _same(got[name], want[name]):
            gives = f"raises {got[name]}" if isinstance(got[name], str) else f"gives an accuracy of {_brief(got[name])}"
            _given(f"Accuracy_Categorical.compare, with {built}", f"now {gives} on "
                   f"{targets_said}, where the stub's gives {_brief(want[name])}",
                   "if not self.binary and len(y.shape) == 2: y = np.argmax(y, axis=1), then predictions == y")


def _accuracy_accumulated(got, want):
    __tracebackhide__ = True
    method = "Accuracy.calculate_accumulated (with Accuracy.calculate and Accuracy.new_pass)"
    line = _accumulating("comparisons")
    if not _same(got["batch"], want["batch"]):
        _given("Accuracy.calculate", f"now returns {_brief(got['batch'])} for a batch of 4 with 3 right, where the "
               f"stub's returns the share of them right, {_brief(want['batch'])}", "comparisons = self.compare("
               "predictions, y), then the mean of them, np.mean(comparisons)")
    if not _same(got["accumulated"], want["accumulated"]):
        # The probe's batches: 3 of 4 right, then 0 of 1.
        means = " the mean of the batches' own accuracies," if _same(got["accumulated"], (0.75 + 0.0) / 2) else ""
        _given(method, f"now gives {_brief(got['accumulated'])} after batches of 4 and 1 samples with 3 of the 5 "
               f"right,{means} where the stub's gives the share of all their samples, {_brief(want['accumulated'])}",
               line)
    if not _same(got["after_new_pass"], want["after_new_pass"]):
        _given(method, f"now gives {_brief(got['after_new_pass'])} for a batch of 2 right after new_pass(), where the "
               f"stub's gives {_brief(want['after_new_pass'])}: new_pass no longer starts both sums again", line)


def _cce_forward(got, want):
    __tracebackhide__ = True
    losses, expected = got["losses"], want["losses"]
    if _same(losses, expected):
        return
    line = "y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)"
    if isinstance(losses, np.ndarray) and losses.shape == expected.shape and np.isfinite(losses).all() \
            and losses[1] < expected[1] and _same(losses[2:], expected[2:]):
        bound = float(np.exp(-losses[1]))
        _given("Loss_CategoricalCrossentropy.forward", f"now clips the predictions at {bound:.3g}: for a prediction "
               f"of {GIVEN_CONFIDENT[1, 0]:g} for the true class it gives a loss of {_brief(losses[1])}, where the "
               f"stub's, which clips at 1e-7, gives {_brief(expected[1])}", line)
    _differs("Loss_CategoricalCrossentropy.forward", losses, expected, f"as the losses of the predictions "
             f"{_brief(GIVEN_CONFIDENT)}", line)


def _bce_edges(got, want):
    __tracebackhide__ = True
    for name, method, line in (("finite_losses", "forward", "y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)"),
                               ("finite_dinputs", "backward",
                                "clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)")):
        if got[name] is not True and want[name] is True:
            _given(f"Loss_BinaryCrossentropy.{method}", "now gives values that are not finite (inf or nan) for "
                   "predictions of exactly 0 and 1, which a saturated sigmoid gives (1 / (1 + np.exp(-40)) is 1.0), "
                   "where the stub's clips them first", line)


def _regularization_loss(got, want):
    __tracebackhide__ = True
    if not _same(got["value"], want["value"]):
        penalties = " and ".join(f"{name}={GIVEN_PENALTIES[name]:g}" for name in want["penalties"])
        _differs("Loss.regularization_loss", got["value"], want["value"], f"for a layer with {penalties}",
                 "lambda * np.sum(np.abs(parameters)) for L1 and lambda * np.sum(parameters * parameters) for L2")


def _trainable_regularization_loss(got, want):
    __tracebackhide__ = True
    if not _same(got["value"], want["value"]):
        _given("Loss.regularization_loss", f"now gives {_brief(got['value'])} for two trainable layers whose L2 "
               f"penalties are 3 each, where the stub's adds them up, {_brief(want['value'])}" + (
                   ": it returns inside its loop, after the first layer" if _same(got["value"], 3.0) else ""),
               "the sum over every layer of self.trainable_layers, returned after the loop")


def _adam_default_rate(got, want):
    __tracebackhide__ = True
    for name in ("learning_rate", "decay"):
        if not _same(got[name], want[name]):
            _given("Optimizer_Adam.__init__", f"now defaults {name} to {_brief(got[name])}, where the stub's "
                   f"default is {_brief(want[name])}", "def __init__(self, learning_rate=0.001, decay=0., "
                   "epsilon=1e-7, beta_1=0.9, beta_2=0.999)")


def _adam(got, want):
    __tracebackhide__ = True
    settings = list(zip(ADAM_DEFAULTS, got["settings"] or [None] * 3, want["settings"]))
    changed = [(name, value, expected) for name, value, expected in settings
               if type(value) is float and type(expected) is float and not np.isclose(value, expected, rtol=1e-6)]
    if changed:
        fail(named("optimizer_settings", "Optimizer_Adam.__init__, which the stub gives, now keeps "
                   + ", ".join(f"{name}={value:g}" for name, value, _ in changed) + ", where the stub's keeps "
                   + ", ".join(f"{name}={expected:g}" for name, _, expected in changed)
                   + ": keep the book's defaults in Optimizer_Adam.__init__ ("
                   + ", ".join(f"{name}={expected:g}" for name, _, expected in settings) + "), each stored under "
                   "its own name."), hint=GIVEN_CODE_HINT)
    # The parameters the steps leave decide; the step count and the rate only say why they differ, since an Adam
    # of the file's own design (a count from 1, a rate worked out in update_params, names of its own) leaves the
    # same parameters.
    if all(_same(got[name], want[name]) for name in ("first_weights", "first_biases", "weights", "biases",
                                                     "small_first_moved", "small_moved")):
        return
    counts, expected_counts = got["iterations"], want["iterations"]
    if counts != expected_counts and any(count is not None for count in counts):
        said = "no count" if counts[-1] is None else _brief(counts[-1])
        doing = "no longer counts the steps" if counts[-1] in (0, None) else "counts the steps otherwise"
        cause = "its line was taken out or does not add 1 to self.iterations"
        if counts[-1] == expected_counts[-1] * got["layers"]:
            cause = (f"that is {got['layers']} a step, one for each layer updated: were the iterations counted in "
                     "update_params? post_update_params adds 1 to them once a step, after every layer's update")
        _given("Optimizer_Adam.post_update_params", f"{doing}: called after each of {GIVEN_ADAM_STEPS} steps, with "
               f"{got['layers']} layers updated in each, it left iterations at {said}, where the stub's counts "
               f"{expected_counts[-1]}; {cause}", "self.iterations += 1")
    rates, expected_rates = got["rates"], want["rates"]
    wrong = next((step for step, (rate, expected) in enumerate(zip(rates, expected_rates))
                  if rate is not None and not _same(rate, expected)), None)
    if wrong is not None:
        compounded = [expected_rates[0]]
        for rate in expected_rates[1:]:
            # The stub's rate is learning_rate / (1 + decay * iterations): that factor is what divides it.
            compounded.append(compounded[-1] * rate / expected_rates[0] if expected_rates[0] else rate)
        compounds = all(_same(rate, expected) for rate, expected in zip(rates, compounded))
        at = len(rates) - 1 if compounds else wrong
        shown = _numbers(rates[at], expected_rates[at])
        _given("Optimizer_Adam.pre_update_params", f"now gives a learning rate of {shown[0]} after {at + 1} "
               f"{'step' if at == 0 else 'steps'} with learning_rate={got['learning_rate']:g} and "
               f"decay={got['decay']:g}, where the stub's gives {shown[1]}"
               + (": the decay compounds, each step dividing the rate the step before left" if compounds else ""),
               _ADAM_DECAY)
    for name, start in (("weights", GIVEN_WEIGHTS), ("biases", GIVEN_BIASES)):
        first, expected = got[f"first_{name}"], want[f"first_{name}"]
        if _same(first, expected):
            continue
        if _same(first, start):
            _given("Optimizer_Adam.update_params", f"no longer updates the {name}: update_params ran on every "
                   f"layer, yet the {name} did not move, where the stub's moves them to {_brief(expected)} in a "
                   "step. The step it computed came out 0: is a name in it misspelt, or a line taken out?",
                   _ADAM_UPDATE)
        _given("Optimizer_Adam.update_params", f"now moves the {name} {_brief(start)} to {_brief(first)} in the "
               f"first step, where the stub's moves them to {_brief(expected)}", _ADAM_UPDATE)
    for name in ("weights", "biases"):
        if not _same(got[name], want[name]):
            _given("Optimizer_Adam.update_params", f"gives the {name} of the first step, but after {GIVEN_ADAM_STEPS} "
                   f"steps they are {_brief(got[name])}, where the stub's are {_brief(want[name])}: a later step "
                   "differs. The momentums and caches are kept on the layer itself (layer.weight_momentums, ...), "
                   "one set per layer, from step to step", _ADAM_UPDATE)
    for name, after in (("small_first_moved", "the first step"), ("small_moved", f"{GIVEN_ADAM_STEPS} steps")):
        moved, expected = got[name], want[name]
        if not _same(moved, expected):
            # Only where epsilon counts do the steps differ: it is added elsewhere than after the square root.
            _given("Optimizer_Adam.update_params", f"moves the weights of a layer whose gradients are small (below "
                   f"{GIVEN_ADAM_SMALL_GRADIENTS:g}, where epsilon counts) by {_brief(moved[0])} in {after}, "
                   f"where the stub's moves them by {_brief(expected[0])}; with larger gradients the two agree. "
                   "Is self.epsilon added inside np.sqrt? Or to the square root of a cache not yet divided by "
                   "1 - beta_2 ** (self.iterations + 1)? The stub adds it to the square root of the corrected cache, "
                   "np.sqrt(weight_cache_corrected) + self.epsilon, and the same for the biases", _ADAM_UPDATE)


_TRANSFORMER_LAYERS = ("return [self.embedding, self.attention.dense_q, self.attention.dense_k, "
                       "self.attention.dense_v, self.attention.dense_o, self.dense1, self.dense2, self.classifier]")


def _times(count):
    return {2: "twice", 3: "three times"}.get(count, f"{count} times")


def _transformer_layers(got, want):
    __tracebackhide__ = True
    for names in got["shared"]:
        if names not in want["shared"]:
            owner, attribute = (["Transformer", *names[-1].split(".")])[-2:]
            owner = {"attention": "Layer_MultiHeadAttention"}.get(owner, owner)
            built = ("Layer_LayerNorm(d_model)" if attribute.startswith("norm") else "Layer_Dense(d_model, d_model)"
                     if attribute.startswith("dense_") else "its own layer, as the stub's builds it")
            _given(f"{owner}.__init__", f"now makes {' and '.join(names)} one same layer, where the stub's builds "
                   f"each its own: the second forward pass through it overwrites what the first kept for its "
                   f"backward pass, and one layer's parameters stand for both", f"self.{attribute} = {built}")
    trainable, expected = got["trainable"], want["trainable"]
    if trainable == expected:
        return
    faults = [f"leaves out {name}" for name in sorted(set(expected) - set(trainable))]
    faults += [f"gives {name} {_times(trainable.count(name))}" for name in sorted(set(trainable))
               if name != "another layer" and trainable.count(name) > max(expected.count(name), 1)]
    faults += [f"gives {name}, which the optimizer should not update" for name in sorted(set(trainable) - set(expected))
               if name != "another layer"]
    if "another layer" in trainable:
        faults.append("gives a layer that is none of the model's own")
    _given("Transformer.trainable_layers", f"now {' and '.join(faults) or 'gives other layers'}: the optimizer "
           "updates each dense layer once a step, as the stub's list holds each once", _TRANSFORMER_LAYERS)


_GIVEN_PROBES = {"dense_init": _dense_init, "dense_forward": _dense_forward, "dense_backward": _dense_backward,
                 "relu_backward": _relu_backward, "softmax_forward": _softmax_forward,
                 "linear_forward": _linear_forward, "loss_calculate": _loss_calculate,
                 "loss_accumulated": _loss_accumulated, "accuracy_compare": _accuracy_compare,
                 "accuracy_accumulated": _accuracy_accumulated, "cce_forward": _cce_forward, "bce_edges": _bce_edges,
                 "regularization_loss": _regularization_loss,
                 "trainable_regularization_loss": _trainable_regularization_loss,
                 "adam_default_rate": _adam_default_rate,
                 "adam": _adam, "dbiases_shape": _dbiases_shape, "transformer_layers": _transformer_layers}


def given_code_kept(got, want, only=None):
    """Fail, naming the given method, at the first probe whose result on the learner's file (`got`, the answer of a
    scenario that returns {"probes": scenario_helpers.given_code_probed(...)}, as `want` is the reference's) is not the
    reference's: a fault in the code the stub gives is told as such, before a check blames the
    learner's own code for what follows from it. A probe the file has no class for is not judged; nor one
    outside `only`, where a check names the probes of the classes its outcome rests on; nor one that raised, which
    given code built otherwise than the probe builds it may (a Loss that takes arguments, an abstract base): a
    fault that raises, raises in the checks' own runs too, which quote its line."""
    __tracebackhide__ = True
    got, want = (answer.get("probes") if isinstance(answer, dict) else None for answer in (got, want))
    results = {pair[0]: pair[1] for pair in got if isinstance(pair, list) and len(pair) == 2} \
        if isinstance(got, list) else {}
    for name, expected in want or []:
        result = results.get(name)
        if result is None or (only is not None and name not in only) or expected is None or "raised" in expected \
                or "raised" in result:
            continue
        # A value the given code no longer sets (assigned to a local name, say): the checks of what reads it say
        # so, with the learner's line.
        if set(result) != set(expected) or any(result[key] is None is not expected[key] for key in expected):
            continue
        _GIVEN_PROBES[name](result, expected)
