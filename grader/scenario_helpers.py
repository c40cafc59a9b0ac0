"""What the challenges' scenarios and specs share: plain NumPy helpers, and calls made on a learner's
objects the way the book's code of any chapter accepts them. None of them computes what a challenge asks
of the learner from arguments it is given: the worker holds this module beside the learner's code.

Scenarios run twice: in the worker, beside the learner's code, and in the
judge. So this module imports nothing but NumPy, and a scenario file imports
it at its top: the worker loads scenario files before it refuses `grader` to
the learner's code, and an import inside a scenario's body would be refused
like a learner's (`grade dev check` says so).
"""
import contextlib
import functools
import inspect
import io
import types

import numpy as np


# Bound when the scenarios load, before any learner's code runs, which could replace what `object` names.
CLASS_SETTER = object.__dict__["__class__"].__set__


class HelperFault(Exception):
    """A helper of this module could not do its own part (give a layer back its class): the worker reports it as the
    grader's fault (kind "grader"), never as the learner's code raising."""


def generator(rng):
    """`rng`, which must be NumPy's own Generator (TypeError otherwise)."""
    if type(rng) is not np.random.Generator:
        raise TypeError("rng must be a numpy.random.Generator")
    return rng


# The entropy of the streams that the inputs of a right forward pass computed in the worker are drawn from (a
# softmax, a forward cache a backward check is given): no scenario seeds a Generator so. The learner's code can put a
# Generator in any state a scenario's was (its seed is in the worker's frames, and PCG64 rewinds), and so make a
# helper that drew from `rng` itself draw the inputs a check gave that code, then compute their forward pass for it.
PRIVATE_STREAM = 0x6E6E66732D6772616465   # "nnfs-grade"


def private_generator(rng):
    """A Generator of a stream of its own, no scenario's, chosen by one draw of `rng` (NumPy's own Generator:
    TypeError otherwise): whatever state `rng` is in, its draws are none a check gives the learner's code."""
    return np.random.default_rng([PRIVATE_STREAM, int(generator(rng).integers(2 ** 63))])


def random_scores_and_probabilities(rng, shape, scale=1.0):
    """Normal scores times `scale` (`shape`), drawn from a stream of their own (private_generator), and their softmax
    over the last axis: a forward cache. `scale` is a plain number (TypeError otherwise): an array or an object of
    the learner's would turn the scores into any it chose, and this into a softmax it could call."""
    if type(scale) not in (int, float):
        raise TypeError("scale must be an int or a float")
    scores = private_generator(rng).standard_normal(shape) * scale
    # Written out, not a softmax(scores) of its own, which the learner's code could call instead of writing one.
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return scores, exp / exp.sum(axis=-1, keepdims=True)


def random_probabilities(rng, samples, classes, scale=1.0):
    """A (samples, classes) batch of predicted probabilities: the softmax of normal scores times `scale`."""
    return random_scores_and_probabilities(rng, (samples, classes), scale)[1]


FLAG_WORDS = ("train", "mode", "infer", "eval", "predict", "dropout")   # in a flag's name: is_training, mode


def _is_flag(parameter):
    """Whether the parameter after `inputs` is the training flag under another name: one the caller must give
    (the book's forward(self, inputs, training) from chapter 18), one whose default is True or False, or one whose
    name says so (is_training=None). An option with another default, such as rng=None, is not."""
    if parameter.default is parameter.empty or isinstance(parameter.default, bool):
        return True
    name = parameter.name.lower()
    return name.startswith("is_") or any(word in name for word in FLAG_WORDS)


def training_style(method):
    """How `method` takes the training flag: "keyword", "positional" (a second argument of another name that is
    the flag, such as is_training), or None when it takes none (chapters 14 to 18)."""
    try:
        parameters = list(inspect.signature(method).parameters.values())
    except (TypeError, ValueError):
        return "keyword"
    if any(parameter.name == "training" or parameter.kind is parameter.VAR_KEYWORD for parameter in parameters):
        return "keyword"
    positional = [parameter for parameter in parameters
                  if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)]
    if (len(positional) >= 2 and _is_flag(positional[1])) \
            or any(parameter.kind is parameter.VAR_POSITIONAL for parameter in parameters):
        return "positional"
    return None


def takes_training(method):
    return training_style(method) is not None


def forward_without_training(nn, inputs, rate):
    """A new Layer_Dropout(rate)'s forward(inputs), without the training flag, as chapter 15's code calls it while
    training: {"default_called": whether the learner's signature accepts that call (a flag with a default,
    **kwargs, *args or no flag at all), "default_output": the layer's output then}."""
    layer = nn.Layer_Dropout(rate)
    try:
        inspect.signature(layer.forward).bind(None)
    except (TypeError, ValueError):
        return {"default_called": False, "default_output": None}
    layer.forward(inputs.copy())
    return {"default_called": True, "default_output": getattr(layer, "output", None)}


def dropout_on_signed_inputs(nn, rng, rate=0.3):
    """A Layer_Dropout(rate)'s forward pass while training, then its backward with dvalues of 1, on inputs as a ReLU
    leaves them (a third exactly 0) and some below 0, where a mask rebuilt from the output shows:
    {"signed_inputs", "signed_output", "signed_dinputs"}, for expect.dropout_mask_not_rebuilt."""
    signed = rng.standard_normal((200, 50))
    signed[signed < -0.5] = 0.0
    layer = nn.Layer_Dropout(rate)
    forward(layer, signed.copy(), training=True)
    output = copied(getattr(layer, "output", None))
    layer.backward(np.ones(signed.shape))
    return {"signed_inputs": signed, "signed_output": output,
            "signed_dinputs": copied(getattr(layer, "dinputs", None)), **_dropout_again(nn, rng, layer)}


def _dropout_again(nn, rng, layer):
    """The dropout `layer`, used once, used again as a network uses it: a training pass forward and backward (dvalues
    of 1, so that dinputs is the mask forward applied, output / inputs) on a batch of other sizes, then passes at
    inference on two more: {"again_inputs", "again_output", "again_dinputs", "again_raised": what the training pass
    raised, or None, "inferred": [[inputs, output, or what that pass raised; None where forward takes no training
    flag]]}. The same keys and lengths whatever happens, as the reference's."""
    again = rng.uniform(0.5, 1.5, (90, 12))
    found = {"again_inputs": again, "again_output": None, "again_dinputs": None, "again_raised": None,
             "inferred": [[rng.uniform(0.5, 1.5, shape), None] for shape in ((20, 10), (35, 8))]}
    try:
        forward(layer, again.copy(), training=True)
        found["again_output"] = copied(getattr(layer, "output", None))
        layer.backward(np.ones(again.shape))
        found["again_dinputs"] = copied(getattr(layer, "dinputs", None))
    except Exception as exc:  # noqa: BLE001  (the check names the pass that raised)
        found["again_raised"] = raised_by(nn, exc)
        return found
    for pair in found["inferred"] if takes_training(layer.forward) else ():
        pair[1] = read_after(nn, lambda: forward(layer, pair[0].copy(), False),
                             lambda: copied(getattr(layer, "output", None)))
    return found


def forward(step, inputs, training=True):
    """step.forward(inputs), passing `training` when its signature asks for it.

    Chapters 14 to 17 write forward(self, inputs); from chapter 18 on the book writes
    forward(self, inputs, training) with no default. Both are the book's code.
    """
    style = training_style(step.forward)
    if style == "keyword":
        return step.forward(inputs, training=training)
    if style == "positional":
        return step.forward(inputs, training)
    return step.forward(inputs)


def plain_number(value):
    """A plain float of a number the learner's object holds; anything else as None."""
    return float(value) if isinstance(value, (int, float, np.number)) and not isinstance(value, bool) else None


def step_count(optimizer):
    """The optimizer's iterations, a NumPy integer or a whole float made a plain int (the checks count steps as
    ints); anything else as it is, for the check to describe."""
    iterations = getattr(optimizer, "iterations", None)
    if isinstance(iterations, (float, np.floating)) and np.isfinite(iterations) and float(iterations).is_integer():
        return int(iterations)
    return int(iterations) if isinstance(iterations, (int, np.integer)) and not isinstance(iterations, bool) \
        else iterations


ADAM_DEFAULTS = ("epsilon", "beta_1", "beta_2")   # the settings of chapter 10's Adam that training leaves alone


def adam_defaults(optimizer):
    """[epsilon, beta_1, beta_2] of an Optimizer_Adam, each a float, or None where the optimizer holds no number by
    that name (for expect.adam_defaults_kept)."""
    return [plain_number(getattr(optimizer, name, None)) for name in ADAM_DEFAULTS]


def float_copy(value):
    """A float copy of a numeric array, as it is at this moment (training goes on changing the learner's arrays);
    anything else as None."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return np.array(value, dtype=float, copy=True)
    return None


def copied(value):
    """`value` as it is at this moment: an array copied (the learner's code may go on changing it), anything else as it
    is, for the check to say what it is."""
    return np.array(value, copy=True) if isinstance(value, np.ndarray) else value


def trained_parameters(layers):
    """[[weights, biases], ...] of `layers` as they are now (float_copy: None where a layer has none)."""
    return [[float_copy(getattr(layer, "weights", None)), float_copy(getattr(layer, "biases", None))]
            for layer in layers]


def parameters_changed(layers, kept):
    """Which of `layers` no longer hold the parameters `kept` (trained_parameters of them, taken earlier): "the
    weights of trained layer 2 (Layer_Dense), ..." in the order they were built, or "" where none changed."""
    return ", ".join(f"the {name} of trained layer {number} ({type(layer).__name__})"
                     for number, (layer, pair) in enumerate(zip(layers, kept), start=1)
                     for name, before in zip(("weights", "biases"), pair)
                     if before is not None and not np.array_equal(float_copy(getattr(layer, name, None)), before))


def gradients_left(layers):
    """Copies of what backward leaves on `layers` (dweights, dbiases, dinputs; None where a layer has none), to compare
    with gradients_changed: a pass that only measures or predicts leaves them as training left them."""
    return [float_copy(getattr(layer, name, None)) for layer in layers for name in ("dweights", "dbiases", "dinputs")]


def gradients_changed(layers, kept):
    """Whether `layers` no longer hold the gradients `kept` (gradients_left of them, taken earlier): backward ran."""
    return any((before is None) != (now is None) or (before is not None and not np.array_equal(before, now))
               for before, now in zip(kept, gradients_left(layers)))


# Set by grader.sandbox.worker.start in the worker, where the scenarios run on the learner's code; a flag, not a
# function, so that nothing a test or a learner's code calls among the worker's functions sets it.
IN_A_WORKER = False


def on_the_learners_side():
    """Whether this scenario runs on the learner's code, in a worker: what only the reference's answer is read for
    is not computed there, where its runs would spend the learner's time (a check's few seconds)."""
    return IN_A_WORKER


def without_each_backward(layers, backward, read):
    """What a backward pass gives with each of `layers` left out of it, its dvalues passed on as its dinputs: one
    read() a layer, None where the layer's backward cannot be replaced or the pass raised, and for a layer with
    weights, which has checks of its own. `backward()` runs the pass again on what the forward pass left. The
    reference's answers name a layer (an activation, dropout, a layer norm) a learner's backward pass skipped."""
    if on_the_learners_side():
        return [None] * len(layers)
    found = []
    for layer in layers:
        if hasattr(layer, "weights"):
            found.append(None)
            continue
        own = vars(layer).get("backward") if hasattr(layer, "__dict__") else None

        def through(dvalues, *args, layer=layer, **kwargs):
            layer.dinputs = dvalues
        try:
            layer.backward = through
            backward()
            found.append(read())
        except Exception:  # noqa: BLE001  (a layout that takes no such method, or a pass that fails without it)
            found.append(None)
        finally:
            try:
                if own is None:
                    vars(layer).pop("backward", None)
                else:
                    layer.backward = own
            except Exception:  # noqa: BLE001  (slots: nothing was set)
                pass
    return found


def rows_outside(rows, data):
    """How many of `rows` (samples, features) are no sample of `data` (samples, features): samples a training was
    given that are not the data's, their values changed rather than their order; None where the shapes do not fit."""
    if not (isinstance(rows, np.ndarray) and rows.ndim == 2 and rows.shape[1:] == data.shape[1:]):
        return None
    return int(np.sum(~(rows[:, None, :] == data[None, :, :]).all(axis=2).any(axis=1)))


def held_at_import(nn):
    """The objects module `nn` holds: as its names, as items of the dicts, lists and tuples it holds, as attributes
    of its classes, and as default arguments of its functions and of its classes' methods, where standing_in finds
    the references to classes (REFERENCE_DEPTH levels of containers, of at most REFERENCE_ITEMS items): what the
    file made as it was imported (a layer or an optimizer built at its top level, which a function then uses for
    every call, or copies). Numbers and strings are left out; what cannot be read is too."""
    held = []

    def visit(value, depth):
        if type(value) in SCALARS:
            return
        held.append(value)
        if depth and type(value) in (list, tuple, dict) and len(value) <= REFERENCE_ITEMS:
            for item in list(value.values() if type(value) is dict else value):
                visit(item, depth - 1)

    def defaults(function):
        if isinstance(function, types.FunctionType) and getattr(function, "__module__", None) == nn.__name__:
            keywords = function.__kwdefaults__
            for value in (*(function.__defaults__ or ()), *(keywords.values() if type(keywords) is dict else ())):
                visit(value, REFERENCE_DEPTH)

    for name, value in list(vars(nn).items()):
        if name.startswith("__"):
            continue
        try:
            visit(value, REFERENCE_DEPTH)
            if isinstance(value, type) and getattr(value, "__module__", None) == nn.__name__:
                for attribute, member in list(vars(value).items()):
                    if not attribute.startswith("__"):
                        defaults(getattr(member, "__func__", member))   # staticmethod and classmethod hold it
                        if not callable(member):
                            visit(member, REFERENCE_DEPTH)
            elif isinstance(value, types.FunctionType):
                defaults(value)
        except Exception:  # noqa: BLE001  (an object of the learner's that refuses to be read: left out)
            continue
    return held


# Values no class of the learner's can be: held_at_import leaves them out.
SCALARS = (bool, int, float, complex, str, bytes, type(None))


class ImportedOptimizers:
    """The optimizers of class `kind` module `nn` made as it was imported (held_at_import), and their step counts
    (`iterations`) now: `stepped()` tells whether one counted a step since, as one built at the file's top level and
    used by every call of a training function does. Made before the class is stood in for (standing_in)."""

    def __init__(self, nn, kind="Optimizer_Adam"):
        cls = getattr(nn, kind, None)
        self.counts = [(optimizer, repr(getattr(optimizer, "iterations", None))) for optimizer in held_at_import(nn)
                       if isinstance(cls, type) and isinstance(optimizer, cls)]

    def stepped(self, most=None):
        """Whether one counted a step since; with `most`, only one whose count is now above `most`, the steps of the
        longest call: one whose count went on from call to call, where one set back to 0 at each call is none."""
        for optimizer, before in self.counts:
            now = getattr(optimizer, "iterations", None)
            if repr(now) != before and (most is None or not isinstance(now, int) or now > most):
                return True
        return False


def own_values(thing):
    """{name: value} of what an object holds of its own: its __dict__, and the slots its classes declare that are
    set (a class with __slots__ has no __dict__, or one that holds only the rest). Each slot is read through its
    own descriptor, so that neither a __getattr__ nor a class attribute of the same name stands in for one never
    set; what cannot be read is left out."""
    found = {}
    try:
        classes = type(thing).__mro__
    except Exception:  # noqa: BLE001  (a learner's object that cannot be looked into holds nothing said here)
        classes = ()
    for klass in classes:
        try:
            slots = vars(klass).get("__slots__", ())
            names = (slots,) if isinstance(slots, str) else tuple(slots)
        except Exception:  # noqa: BLE001
            continue
        for name in names:
            if not isinstance(name, str) or name in ("__dict__", "__weakref__"):
                continue
            # A private slot's descriptor is stored under its mangled name (_Class__name).
            stored = f"_{klass.__name__.lstrip('_')}{name}" if name.startswith("__") and not name.endswith("__") \
                else name
            descriptor = vars(klass).get(stored)
            if not isinstance(descriptor, types.MemberDescriptorType):
                continue
            try:
                found[name] = descriptor.__get__(thing, type(thing))
            except Exception:  # noqa: BLE001  (declared and never set, or refused: not held)
                continue
    try:
        own = object.__getattribute__(thing, "__dict__")
    except Exception:  # noqa: BLE001  (no __dict__: a class of slots alone)
        own = None
    if isinstance(own, dict):
        found.update(own)
    return found


def attributes(thing, leaving_out=()):
    """The names of the attributes an object ended with, for messages about one that was never set. `leaving_out`:
    those a scenario set on it itself, for its backward pass to be judged alone; beside a name of the learner's own,
    read consistently (self.input), one set there would pass for the name a misspelt write left stale (did you mean
    inputs?), where the value backward read was the right one whatever its name."""
    return sorted(name for name in own_values(thing) if isinstance(name, str) and name not in leaving_out)


def binary_loss_at_the_edges(nn):
    """[losses, dinputs] of the learner's nn.Loss_BinaryCrossentropy for predictions of exactly 0 and 1, right and
    wrong, which a saturated sigmoid gives; or what it raised (expect.binary_loss_finite)."""
    y_pred, y_true = np.array([[0.0], [1.0], [1.0], [0.0]]), np.array([[1], [0], [1], [0]])
    loss = nn.Loss_BinaryCrossentropy()
    try:
        with np.errstate(all="ignore"):
            losses = float_copy(loss.forward(y_pred.copy(), y_true.copy()))
            loss.backward(y_pred.copy(), y_true.copy())
    except Exception as exc:  # noqa: BLE001  (the check says what it raised)
        return raised_by(nn, exc)
    return [losses, getattr(loss, "dinputs", None)]


def raised_by(nn, exc):
    """What the learner's code raised, for a check that reports it in place of a value: "ValueError: ... (line 41:
    ..., in forward called from line 511: ...)", the lines being the last and the first of the learner's file
    (`nn`) that the exception passed."""
    import traceback

    try:
        text = f"{type(exc).__name__}: {exc}"
    except Exception:  # noqa: BLE001  (a learner's exception whose str() fails)
        text = type(exc).__name__
    file = getattr(nn, "__file__", None)
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == file]
    if frames:
        last, first = frames[-1], frames[0]
        called = f", in {last.name} called from line {first.lineno}: {(first.line or '').strip()}" \
            if first is not last else ""
        text += f" (line {last.lineno}: {(last.line or '').strip()}{called})"
    return text[:500]


def forward_before_backward(step, *args, **kwargs):
    """step.forward(*args, **kwargs), run by a check of backward before it: None, or what it raised, kept for
    backward_after, which tells of it only where backward raises too (a forward's own checks judge it)."""
    try:
        step.forward(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001  (told by backward_after where backward fails on what forward left)
        return exc
    return None


def backward_after(step, raised, *args, **kwargs):
    """step.backward(*args, **kwargs) after a forward pass that raised `raised` (forward_before_backward), or None.
    Where both raise, forward's exception is raised again, its learner's line kept and its text saying that forward
    raised it: backward's own (an attribute forward never set, an array forward left half made) would blame
    backward, or a backward never run. A forward still a TODO (NotImplementedError) is told as such by its own
    checks, and backward's error then is backward's own, as is a backward that is still a TODO itself."""
    try:
        return step.backward(*args, **kwargs)
    except Exception as after:
        if raised is None or isinstance(raised, NotImplementedError) or isinstance(after, NotImplementedError):
            raise
        _told_as_forwards(step, raised, after)
        raise raised from None


def _told_as_forwards(step, raised, after):
    """Add to `raised`'s text, where it is Python's own kind of exception whose text is its one argument, that
    `step`'s forward raised it before backward raised `after`; else leave it as it is."""
    try:
        text = raised.args[0] if len(raised.args) == 1 else None
        # A forward still a TODO is told as one ("Not started"); a KeyError's text is the repr of its key.
        if type(raised).__module__ != "builtins" or isinstance(raised, (KeyError, NotImplementedError)) \
                or not isinstance(text, str) or str(raised) != text:
            return
        name = type(step).__name__
        # NumPy's broadcast error ends in a space: the sentence goes on after its last shape.
        raised.args = (f"{text.rstrip().rstrip('.')}, in {name}.forward, which this check runs before backward, and "
                       f"backward then raised {type(after).__name__} too: fix forward first",)
    except Exception:  # noqa: BLE001  (a learner's exception that cannot be read: raised as it is)
        return


def output_right(step, expected):
    """Whether `step`'s forward pass left `expected` as its output (near): a backward check then keeps what that
    forward pass stored, whatever it named it and meant by it (self.inputs padded, cropped or centred), and gives a
    correct forward pass's cache only to a layer whose forward went wrong."""
    return near(getattr(step, "output", None), expected)


def near(found, expected, tolerance=1e-4):
    """Whether `found`, an array a forward pass of the learner's left, is the array `expected` to the rounding of
    float32 work: floats of its shape, each within `tolerance` (array methods and operators alone, which the learner's
    code cannot replace as it can NumPy's functions)."""
    # NumPy's own arrays alone: a subclass's operators are the learner's code, handed `expected`.
    if type(found) is not np.ndarray or found.shape != expected.shape or found.dtype.kind != "f":
        return False
    difference = found.astype(np.float64) - expected
    return bool(((difference <= tolerance) & (difference >= -tolerance)).all())


def returned_or_raised(nn, function, *args, **kwargs):
    """function(*args, **kwargs), or what it raised (raised_by): for a check that says what a call on inputs of
    another kind or size raised, where the others did not."""
    try:
        return function(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001  (the check says what the call raised)
        return raised_by(nn, exc)


def read_after(nn, call, read):
    """read() after call(), or what the call raised (raised_by): what an object holds after one more call of it, on
    arguments of other sizes than its first call's, whose results the scenario copied before."""
    try:
        call()
    except Exception as exc:  # noqa: BLE001  (the check names the call that raised)
        return raised_by(nn, exc)
    return read()


def pickled_in_text_mode(exc):
    """"save" or "load" when `exc` is what pickle raises on a file opened for text: pickle.dump into open(path,
    'w') (write() argument must be str, not bytes), pickle.load from open(path, 'r') (the bytes do not decode as
    text, or a bytes-like object is required); else None. A scenario that saves and loads answers it in place of
    the exception, for the check to say so."""
    if isinstance(exc, UnicodeDecodeError):
        return "load"
    if type(exc) is TypeError:
        text = str(exc)
        if text.startswith("write() argument must be str, not bytes"):
            return "save"
        if text.startswith("a bytes-like object is required, not 'str'"):
            return "load"
    return None


def set_in_turn(nn):
    """model.set of nn's Model with a loss, an optimizer and an accuracy (nn's Loss_CategoricalCrossentropy,
    Optimizer_Adam, Accuracy_Categorical), then set(accuracy=) alone, then set(loss=None): what model.loss,
    model.optimizer and model.accuracy hold after each, in words ("first loss": "the first loss", "none
    accuracy": "the second accuracy", or "None", or "something else")."""
    model = nn.Model()
    given = {"loss": nn.Loss_CategoricalCrossentropy(), "optimizer": nn.Optimizer_Adam(),
             "accuracy": nn.Accuracy_Categorical()}
    second = nn.Accuracy_Categorical()
    names = {id(value): f"the first {name}" for name, value in given.items()}
    names.update({id(second): "the second accuracy", id(None): "None"})
    held = {}
    for when, arguments in (("first", given), ("accuracy", {"accuracy": second}), ("none", {"loss": None})):
        model.set(**arguments)
        held.update({f"{when} {name}": names.get(id(getattr(model, name, None)), "something else") for name in given})
    return held


def printed_by(function, *args, **kwargs):
    """Call `function` (a model's train or evaluate, which print as the book's do) and return what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        function(*args, **kwargs)
    return printed.getvalue()


def regularization_penalty(model):
    """The regularization loss of `model`'s trainable layers as its loss computes it (model.loss.regularization_loss(),
    chapter 19), a float; None where that raises or gives no number. The checks read the reference's, to recognise a
    penalty added to a loss that measures the network alone."""
    try:
        return float(model.loss.regularization_loss())
    except Exception:  # noqa: BLE001  (the learner's loss may name it otherwise: the reference's is the one read)
        return None


def progress_lines(printed, most=2000):
    """The lines of `printed` that report an accuracy (the book's progress and validation lines), the last of them
    that fit in `most` characters: a text reaches the judge cut at its first 2,000 characters, and what else the
    learner's code prints must not push these out."""
    kept, size = [], 0
    for line in reversed([line for line in printed.splitlines() if "acc:" in line]):
        size += len(line) + 1
        if size > most:
            break
        kept.append(line)
    return "\n".join(reversed(kept))


def kinds_of(thing):
    """The names of `thing`'s class and of the classes it is built on, nearest first, without object: a layer of
    the learner's Layer_Dense_He(Layer_Dense) is a Layer_Dense too."""
    return [own.__name__ for own in type(thing).__mro__[:-1]]


def recording(given, values):
    """A `given` (a loss or accuracy class) whose calculate appends each batch's value, the data loss or the accuracy,
    to `values` (None where it is not a number): the reference's show what one batch's figure, or the mean of
    the batches' own, would be.

    Its class is local, so a model holding it cannot be pickled: save and load use plain ones.
    """
    class Recording(given):
        def calculate(self, *args, **kwargs):
            result = super().calculate(*args, **kwargs)
            value = result[0] if isinstance(result, tuple) and result else result
            values.append(float(value) if isinstance(value, (int, float, np.number)) else None)
            return result

    Recording.__name__ = Recording.__qualname__ = given.__name__   # as the learner's error messages should name it
    return Recording()


def measures(loss, accuracy, batches=None):
    """Instances of the classes `loss` and `accuracy`; with `batches`, a dict, ones whose "loss" and "accuracy" lists
    get each batch's value (recording)."""
    if batches is None:
        return loss(), accuracy()
    return recording(loss, batches.setdefault("loss", [])), recording(accuracy, batches.setdefault("accuracy", []))


# What chapter 21's Model.save pops from each layer of the copy it pickles.
BOOK_POPS = ("inputs", "output", "dinputs", "dweights", "dbiases")


def held_for_saving(model):
    """What the book's save pops from the copy it pickles, as `model` holds it now: each layer's BOOK_POPS
    ("model.layers[0].inputs", ...), then the input layer's output."""
    layers = getattr(model, "layers", None)
    held = [f"model.layers[{n}].{name}" for n, layer in enumerate(layers if isinstance(layers, (list, tuple)) else [])
            for name in BOOK_POPS if own_values(layer).get(name) is not None]
    if own_values(getattr(model, "input_layer", None)).get("output") is not None:
        held.append("model.input_layer.output")
    return held


def left_from_the_last_pass(model):
    """What chapter 21's save clears from the copy it pickles and `model` (a saved copy) still holds: the arrays of
    held_for_saving, the loss's dinputs, and the sums the loss and the accuracy accumulated (new_pass resets them)."""
    left = held_for_saving(model)
    if own_values(getattr(model, "loss", None)).get("dinputs") is not None:
        left.append("model.loss.dinputs")
    for name in ("loss", "accuracy"):
        count = own_values(getattr(model, name, None)).get("accumulated_count")
        if isinstance(count, (int, float, np.number)) and not isinstance(count, bool) and count != 0:
            left.append(f"model.{name}.accumulated_sum")
    return left


def listed(items, most=6):
    """The first `most` of `items` joined with commas, and how many more there are."""
    return ", ".join(items[:most]) + (f" and {len(items) - most} more" if len(items) > most else "")


@contextlib.contextmanager
def method_wrapped(owner, name, wrap):
    """While inside, the plain function `name` that class `owner` defines itself is replaced by wrap(that function),
    and put back afterwards; yields whether it was. A static or class method, one the class inherits, and a class
    that takes no new attribute are left alone: a scenario that notes a call through it then notes nothing.

    The class's method, not an object's: a class with __slots__ takes no attribute of its own, and what its code
    builds inside the call is of that class too."""
    function = vars(owner).get(name) if isinstance(owner, type) else None
    if not isinstance(function, types.FunctionType):
        yield False
        return
    try:
        setattr(owner, name, wrap(function))
    except (AttributeError, TypeError):
        yield False
        return
    try:
        yield True
    finally:
        setattr(owner, name, function)


class FirstStepCalls:
    """The optimizer's methods (pre_update_params, update_params, post_update_params) that the first training step
    called, in order, for expect.optimizer_step_order: the step ends where pre_update_params is called again. A
    first step calls four for two layers; at most MOST are noted, more being a step gone wrong that those tell."""

    MOST = 8

    def __init__(self):
        self.calls, self.over = [], False

    def note(self, name):
        if self.over or len(self.calls) >= self.MOST:
            return
        self.over = name == "pre_update_params" and name in self.calls
        if not self.over:
            self.calls.append(name)


def _setting(value):
    """An optimizer's setting as compared with another's: a number as a float (0, 0.0 and np.float64(0.0) alike),
    anything else as its repr."""
    number = plain_number(value)
    return repr(value) if number is None else number


class OptimizerSteps:
    """The calls of each optimizer a training made, and the layers each updated, for the counts of its steps.

    Optimizers that each update layers of their own, built by the training (not as the file was imported), with the
    same settings and as many pre_update_params and post_update_params calls as each other, train exactly as chapter
    10's one optimizer for every layer does (each keeps its momentums and caches on its layers): `as_one` counts them
    as that one optimizer, and `apart` says why others do not act as one."""

    NAMES = ("pre_update_params", "update_params", "post_update_params")

    def __init__(self):
        self.optimizers, self.calls, self.layers = [], [], []   # aligned: an optimizer, its counts, its layers
        self.spans = []     # aligned too: [the ordinal of its first call, of its last] among every optimizer's calls
        self.ordinal = 0

    def _index(self, optimizer):
        index = next((index for index, known in enumerate(self.optimizers) if known is optimizer), None)
        if index is None:
            self.optimizers.append(optimizer)
            self.calls.append(dict.fromkeys(self.NAMES, 0))
            self.layers.append([])
            self.spans.append([self.ordinal + 1, self.ordinal + 1])
            index = len(self.optimizers) - 1
        return index

    def note(self, optimizer, name, layer=None):
        """Count a call of method `name` by `optimizer`, with the layer update_params was given."""
        index = self._index(optimizer)
        self.calls[index][name] += 1
        self.ordinal += 1
        self.spans[index][1] = self.ordinal
        if layer is not None and not any(layer is known for known in self.layers[index]):
            self.layers[index].append(layer)

    def posted(self, optimizer):
        """How often `optimizer` has called post_update_params: 0 while its first step goes on."""
        return self.calls[self._index(optimizer)]["post_update_params"]

    def _updating(self):
        return [index for index, layers in enumerate(self.layers) if layers]

    def apart(self, held=(), who="train"):
        """Why the optimizers that updated layers, each its own (one per layer), do not act as one optimizer, as a
        clause ("they differ in decay: ..."), or None: one optimizer, optimizers that act as one, or optimizers that
        each update every layer (one built again at every step, which the counts of its builds tell). `held`: what
        the file made as it was imported (held_at_import); `who`: the training function, as the clause names it."""
        updating = self._updating()
        if len(updating) < 2 or len({frozenset(map(id, self.layers[index])) for index in updating}) == 1:
            return None
        if any(self.optimizers[index] is known for index in updating for known in held):
            return f"one of them was made as the file was imported, not by {who}"
        layers = [layer for index in updating for layer in self.layers[index]]
        shared = max(sum(layer is other for other in layers) for layer in layers)
        if shared > 1 and self._took_over(updating):
            return (f"one layer was updated by {shared} of them in turn: an optimizer built again inside the loop "
                    "starts its step count back at 0")
        if shared > 1:
            return f"one layer was updated by {shared} of them, where each layer takes one optimizer's update a step"
        settings = [[_setting(getattr(self.optimizers[index], name, None)) for name in ("learning_rate", "decay")]
                    + adam_defaults(self.optimizers[index]) for index in updating]
        for position, name in enumerate(("learning_rate", "decay", *ADAM_DEFAULTS)):
            values = list(dict.fromkeys(each[position] for each in settings))
            if len(values) > 1:
                shown = [f"{value:g}" if type(value) is float else str(value) for value in values]
                return f"they differ in {name}: {' and '.join(shown)}"
        for name in ("pre_update_params", "post_update_params"):
            counts = list(dict.fromkeys(self.calls[index][name] for index in updating))
            if len(counts) > 1:
                return (f"their {name} ran {' and '.join(map(str, counts))} times: each of them calls it once per "
                        "step")
        return None

    def _took_over(self, updating):
        """Whether, of the optimizers that updated one layer, each began after the one before had made its last call:
        new optimizers taking over from old ones (built inside the loop), not several updating it in each step."""
        for layer in {id(layer): layer for index in updating for layer in self.layers[index]}.values():
            spans = sorted(self.spans[index] for index in updating
                           if any(layer is known for known in self.layers[index]))
            if len(spans) > 1 and all(later[0] > earlier[1] for earlier, later in zip(spans, spans[1:])):
                return True
        return False

    def as_one(self, held=()):
        """The counts of the one optimizer the updating ones act as, or None where they do not act as one (a single
        optimizer's counts are its own)."""
        updating = self._updating()
        layers = [layer for index in updating for layer in self.layers[index]]
        if len(updating) < 2 or len({id(layer) for layer in layers}) < len(layers) or self.apart(held) is not None:
            return None
        [(pre, post)] = {(self.calls[index]["pre_update_params"], self.calls[index]["post_update_params"])
                         for index in updating}
        updates = sum(self.calls[index]["update_params"] for index in updating)
        return {"pre_update_params": pre, "update_params": updates, "post_update_params": post}


def shown_default(function, name):
    """The default of `function`'s parameter `name` when its signature shows a whole number, else None.

    A check reads a default such as steps=500 from here instead of paying for a run that leaves it out;
    for a default the signature does not show (steps=None, then 500 inside), the caller counts such a run.
    """
    try:
        default = inspect.signature(function).parameters[name].default
    except (TypeError, ValueError, KeyError):
        return None
    return default if type(default) is int else None


WEIGHT_AXES = {"Layer_Dense": 2, "Layer_Conv2D": 4}   # (inputs, neurons); (filters, channels, k, k)


@contextlib.contextmanager
def standing_in(nn, stand_ins, held=()):
    """While inside, each class of module `nn` named in `stand_ins` ({name: make}) is bound to make(the class), a
    subclass that watches or changes it, and so is each of the learner's own subclasses of one (a
    `Layer_Dense_Regression(Layer_Dense)` made when the file was imported) and each other name of it (Dense =
    Layer_Dense), so that what the learner's code builds from them is watched too, after a subclass's own
    __init__. The references to them that the file's import left elsewhere stand for the made classes too: an
    item of a dict, list or tuple the module holds (LAYERS = {"dense": Layer_Dense}), an attribute of one of its
    classes, a default argument of one of its functions or methods (def train(X, y, layer=Layer_Dense)). Each made
    class bears its class's name, which the learner's messages should show. The objects of the classes named in
    `held` that the import made (held_at_import) are of the made classes too, so that a copy of one (a template
    optimizer train deep-copies) is watched as one train builds; a made class must then have its class's layout
    (no __slots__ of its own where the class has a __dict__), or those objects stay unwatched. Everything is put
    back afterwards. Yields the classes made."""
    bound, made_for = {}, {}
    held_classes = set()
    for name, make in stand_ins.items():
        base = getattr(nn, name)
        own = [(own_name, own) for own_name, own in vars(nn).items()
               if isinstance(own, type) and own is not base and own_name not in stand_ins
               and getattr(own, "__module__", None) == nn.__name__ and _derived(own, base)]
        # Other names of the class itself (Dense = Layer_Dense) build the same watched class.
        aliases = [own_name for own_name, own in vars(nn).items() if own is base and own_name != name]
        for bound_name, given in ((name, base), *own):
            try:
                made = _making(make, given)
            except Exception:  # noqa: BLE001  (a layout or metaclass a subclass cannot share: left unwatched)
                if given is base:
                    raise
                continue
            bound[bound_name] = made
            made_for[id(given)] = (given, made)
            if name in held:
                held_classes.add(given)
            if given is base:
                bound.update(dict.fromkeys(aliases, made))
    given = {name: getattr(nn, name) for name in bound}
    replaced = []
    try:
        _replace_references(nn, made_for, replaced)
        for thing in held_at_import(nn) if held_classes else ():
            given_class = type(thing)
            if any(given_class is held_class for held_class in held_classes):
                try:
                    CLASS_SETTER(thing, made_for[id(given_class)][1])
                except TypeError:   # a layout the made class does not share: left unwatched
                    continue
                replaced.append((functools.partial(CLASS_SETTER, thing), given_class))
        for name, value in bound.items():
            setattr(nn, name, value)
        yield set(bound.values())
    finally:
        for name, value in given.items():
            setattr(nn, name, value)
        for put, value in reversed(replaced):
            try:
                put(value)
            except Exception:  # noqa: BLE001  (a container or class of the learner's that changed meanwhile)
                pass


# How far into a module's containers references are followed, and the most items looked at in one container.
REFERENCE_DEPTH, REFERENCE_ITEMS = 2, 1000


def _replace_references(nn, made_for, replaced):
    """Make the references to the classes that `made_for` ({id(class): (class, made class)}) maps, held where the
    import of module `nn` left them other than under its names, refer to the made classes; append (put, value) to
    `replaced` for each, put(value) putting the reference back. Looks into the dicts, lists and tuples the module
    holds (REFERENCE_DEPTH levels), the attributes of its classes, and the default arguments of its functions and
    of its classes' methods; what it cannot read is left as it is."""
    def made(value):
        return made_for[id(value)][1] if id(value) in made_for and made_for[id(value)][0] is value else None

    def visit(value, put, depth):
        """`value`, held where put(new value) sets it: itself a class to stand in for, or a container of one."""
        if made(value) is not None:
            put(made(value))
            replaced.append((put, value))
        elif depth and type(value) is dict and len(value) <= REFERENCE_ITEMS:
            for key, item in list(value.items()):
                visit(item, functools.partial(value.__setitem__, key), depth - 1)
        elif depth and type(value) is list and len(value) <= REFERENCE_ITEMS:
            for index, item in enumerate(list(value)):
                visit(item, functools.partial(value.__setitem__, index), depth - 1)
        elif depth and type(value) is tuple and len(value) <= REFERENCE_ITEMS:
            items = tuple(made(item) or item for item in value)
            if any(new is not old for new, old in zip(items, value)):
                put(items)
                replaced.append((put, value))
            for item in value:
                if type(item) in (dict, list):
                    visit(item, None, depth - 1)

    def defaults(function):
        if not isinstance(function, types.FunctionType) or getattr(function, "__module__", None) != nn.__name__:
            return
        visit(function.__defaults__, functools.partial(setattr, function, "__defaults__"), REFERENCE_DEPTH)
        keywords = function.__kwdefaults__
        if type(keywords) is dict and any(made(value) is not None for value in keywords.values()):
            function.__kwdefaults__ = {key: made(value) or value for key, value in keywords.items()}
            replaced.append((functools.partial(setattr, function, "__kwdefaults__"), keywords))

    for name, value in list(vars(nn).items()):
        try:
            if name.startswith("__"):
                continue
            if isinstance(value, type) and getattr(value, "__module__", None) == nn.__name__:
                for attribute, member in list(vars(value).items()):
                    defaults(getattr(member, "__func__", member))   # staticmethod and classmethod hold __func__
                    if not attribute.startswith("__") and not callable(member):
                        visit(member, functools.partial(setattr, value, attribute), REFERENCE_DEPTH)
                    elif made(member) is not None:
                        visit(member, functools.partial(setattr, value, attribute), 0)
            elif isinstance(value, types.FunctionType):
                defaults(value)
            elif type(value) in (dict, list, tuple):
                visit(value, functools.partial(setattr, nn, name), REFERENCE_DEPTH)
        except Exception:  # noqa: BLE001  (an object of the learner's that refuses to be read or set: left as it is)
            continue


class AdamWatch:
    """What the learner's train does with the Optimizer_Adam it builds: the current_learning_rate its first
    update_params call finds, the steps it counted (iterations) by the end, and whether new ones took over from it.
    Its stand_ins go to standing_in."""

    def __init__(self):
        self.rates, self.optimizers = [], []
        # [optimizer, its first update's number, its last's, whether its step count was 0 at its first], in the order
        # they first updated
        self.updates = []
        self.counted = 0        # update_params calls so far
        self.first_gradients = []   # [layer, its dweights at its first update (float_copy)], in that order

    def stand_ins(self):
        def make(base):
            watch = self

            class Adam(base):
                __slots__ = ()      # the layout of `base`: an optimizer the import made can take this class

                def update_params(self, *args, **kwargs):
                    if not watch.rates:
                        watch.rates.append(getattr(self, "current_learning_rate", None))
                        watch.optimizers.append(self)
                    watch.noted_update(self)
                    watch.noted_gradient(args[0] if args else kwargs.get("layer"))
                    return super().update_params(*args, **kwargs)
            return Adam
        return {"Optimizer_Adam": make}

    def noted_update(self, optimizer):
        """Note an update_params call of `optimizer`."""
        self.counted += 1
        known = next((noted for noted in self.updates if noted[0] is optimizer), None)
        if known is None:
            self.updates.append([optimizer, self.counted, self.counted, _steps_of(optimizer) == 0])
        else:
            known[2] = self.counted

    def noted_gradient(self, layer):
        """Note the dweights `layer` holds at its first update, which the first step's backward pass left."""
        if layer is not None and not any(noted is layer for noted, _ in self.first_gradients):
            self.first_gradients.append([layer, float_copy(getattr(layer, "dweights", None))])

    def first_dweights(self, layers):
        """The dweights each of `layers` held at its first update (noted_gradient); None for one never updated."""
        return [next((dweights for noted, dweights in self.first_gradients if noted is layer), None)
                for layer in layers]

    @property
    def in_turn(self):
        """How many Optimizer_Adams updated, each only after the one before had made its last update, the later ones
        from a step count of 0 (one built again inside the loop); 1 where one did, several side by side (one per
        layer), or copies that carried the step count on (the same optimizer going on); 0 where none did."""
        spans = [(first, last) for _, first, last, _ in self.updates]
        if len(spans) > 1 and all(later[0] > earlier[1] for earlier, later in zip(spans, spans[1:])):
            return 1 + sum(fresh for _, _, _, fresh in self.updates[1:])
        return min(len(spans), 1)

    @property
    def first_rate(self):
        """The first update's learning rate, as a float; None where there was none, or it is not a number."""
        rate = self.rates[0] if self.rates else None
        return float(rate) if isinstance(rate, (int, float, np.floating)) and not isinstance(rate, bool) else None

    @property
    def iterations(self):
        """The iterations of the optimizer that updated last, as train left them (a copy made at each step carries
        them on), as an int; None where there is no such number."""
        last = max(self.updates, key=lambda noted: noted[2])[0] if self.updates else None
        return _steps_of(last)


def _steps_of(optimizer):
    """An optimizer's iterations, as an int; None where it has no such number."""
    steps = getattr(optimizer, "iterations", None)
    return int(steps) if isinstance(steps, (int, np.integer)) and not isinstance(steps, bool) else None


_made_now = []   # the classes whose watching subclass is being made: the grader's own, not the learner's
MADE_BY = "_nnfs_grade_made_by"   # the attribute of a made class that holds the make that made it


def _making(make, given, named=None):
    """make(given), a subclass that watches `given`, bearing the names of `named` (default: given's), module
    included, so that messages show them and pickle finds it by them. No watching class it derives from takes it
    for a subclass the learner's code made (watch_made_subclass). Each method it defines acts as given's where it is
    called on an object of another class: the learner's `Layer_Dense.__init__(self, ...)` in a subclass's own
    __init__ finds the made class under that name, and calls it on an object of the subclass's own made class,
    which watches it already."""
    _made_now.append(given)
    try:
        made = make(given)
    finally:
        _made_now.pop()
    named = named or given
    made.__name__, made.__qualname__, made.__module__ = named.__name__, named.__qualname__, named.__module__
    try:
        for name, method in list(vars(made).items()):
            if isinstance(method, types.FunctionType):
                setattr(made, name, _acting_as(made, given, name, method))
        setattr(made, MADE_BY, make)
    except (TypeError, AttributeError):
        pass    # a metaclass of the learner's that refuses: explicit calls through the name fail as they would
    return made


def _acting_as(made, given, name, method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if isinstance(self, made):
            return method(self, *args, **kwargs)
        return getattr(given, name)(self, *args, **kwargs)
    return call


def watch_made_subclass(cls, watching, watched):
    """For the __init_subclass__ of `watching`, a class standing_in made: a subclass of it that the learner's code
    makes while it runs (class Dense01(Layer_Dense) inside train, or class Dense(SmallInit, Layer_Dense) with a
    mixin) is watched as standing_in watches the file's own subclasses. It is based on the learner's class in
    place of `watching` (and of the made classes `watching` derives from, where several watch at once), and builds
    objects of the classes that made them, each watching the next, made from it: its own __init__, forward and
    backward, or a mixin's, run inside the watching ones, once. Where its bases cannot be changed (a layout of its
    own), only its own __init__ is followed (after_own_init, with `watched`)."""
    if _made_now or watching not in cls.__bases__:
        return      # the grader's own, or made from another made class, which watches it
    makes, learners = [], watching
    while MADE_BY in vars(learners):
        makes.append(vars(learners)[MADE_BY])
        learners = learners.__bases__[0]

    def made_from(kind):
        made = kind
        for make in reversed(makes):   # the innermost first, as standing_in made them
            made = _making(make, made, named=kind)
        return made

    bases = cls.__bases__
    try:
        cls.__bases__ = tuple(learners if base is watching else base for base in bases)
        made_for = {cls: made_from(cls)}
    except Exception:  # noqa: BLE001  (a layout or metaclass of the learner's that cannot take it)
        if cls.__bases__ != bases:
            cls.__bases__ = bases
        after_own_init(cls, watched)
        return
    following = cls.__new__

    def __new__(kind, *args, **kwargs):
        if kind not in made_for.values():
            # A subclass of it made later (class B(A) beside class A(Layer_Dense)) is made watched when first built.
            if kind not in made_for:
                try:
                    made_for[kind] = made_from(kind)
                except Exception:  # noqa: BLE001  (a layout of its own: its objects are left unwatched)
                    made_for[kind] = kind
            kind = made_for[kind]
        return object.__new__(kind) if following is object.__new__ else following(kind, *args, **kwargs)

    cls.__new__ = staticmethod(__new__)


def after_own_init(cls, watched):
    """A subclass `cls` of a watching class whose own __init__ need not call the watching one calls watched(obj)
    once that __init__ returns too. `watched` must take the same object twice: an __init__ that calls
    super().__init__() gives it before and after."""
    own = cls.__dict__.get("__init__")
    if not callable(own):
        return

    @functools.wraps(own)
    def __init__(self, *args, **kwargs):
        own(self, *args, **kwargs)
        watched(self)

    cls.__init__ = __init__


@contextlib.contextmanager
def batch_sizes(nn, name):
    """While inside, how many samples each forward pass of an instance of nn's class `name` (the layer or model
    that takes a training step's batch first) was given, in the order of the calls: the list yielded grows, one
    number a call (-1 for inputs without a length). It stays empty where nn has no such class, or one that cannot
    be watched. Afterwards each instance is of the class it had without this one, and its calls are no longer
    counted. Used inside a fixed_start of the same class, it watches that class's layers but not those of the
    learner's subclasses of it (a Layer_Conv2D_He), which fixed_start has bound already."""
    sizes, built, watching = [], [], [True]

    def noted(layer):
        if not any(known is layer for known in built):
            built.append(layer)

    def watched(base):
        class Watched(base):
            __slots__ = ()      # the layout of `base`, so that each layer can be given back its class

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                noted(self)

            def __init_subclass__(cls, **kwargs):
                super().__init_subclass__(**kwargs)
                watch_made_subclass(cls, __class__, noted)

            def forward(self, inputs, *args, **kwargs):
                if watching[0]:
                    try:
                        sizes.append(int(np.shape(inputs)[0]) if np.ndim(inputs) else -1)
                    except Exception:  # noqa: BLE001  (inputs NumPy cannot read: not counted)
                        sizes.append(-1)
                return super().forward(inputs, *args, **kwargs)
        return Watched

    bound = set()
    try:
        with contextlib.ExitStack() as stack:
            if isinstance(getattr(nn, name, None), type):
                try:
                    bound = stack.enter_context(standing_in(nn, {name: watched}))
                except Exception:  # noqa: BLE001  (a class that cannot be subclassed: the run is not watched)
                    pass
            yield sizes
    finally:
        watching[0] = False
        _give_back(built, bound)


def _give_back(things, bound):
    """Make each of `things` an instance of the class it had before the classes of `bound` (made with __slots__ = (),
    so with its layout) stood in; HelperFault where one cannot be."""
    for thing in things:
        try:
            # object's own __class__ setter: no __setattr__ or __class__ property of the learner's class runs.
            CLASS_SETTER(thing, next(own for own in type(thing).__mro__ if own not in bound))
        except Exception as exc:  # noqa: BLE001  (the grader's own step: never reported as the learner's)
            # Named by its kind alone: its text may come from the learner's objects.
            raise HelperFault(f"the grader could not give a layer back its own class ({type(exc).__name__}). This "
                              "is a fault in the grader, not in your code: please report it.") from None


def _set_start(layer, values):
    """Set each of `values` on `layer` past any __setattr__ of the learner's, in a slot or in its __dict__. A
    property of the learner's class by that name runs, and what it raises is the learner's code's."""
    for name, value in values.items():
        object.__setattr__(layer, name, value)


def _derived(own, base):
    """Whether the class `own` derives from `base`; False where the learner's metaclass refuses to say."""
    try:
        return issubclass(own, base)
    except Exception:  # noqa: BLE001
        return False


@contextlib.contextmanager
def fixed_start(nn, start, classes=("Layer_Dense",)):
    """While inside, every layer of these classes (Layer_Dense, Layer_Conv2D) that module `nn` builds takes the
    attributes start(shape of its weights) returns (a dict: weights, and biases if wanted), in the order they
    are built. Afterwards each layer is an instance of nn's own class again, so that a model holding them
    pickles, and is named, as the learner's. The list yielded grows with the layers built, in that order, so that
    a scenario can read what training made of them."""
    built = []
    starts = {}     # id of a layer built -> the start it took, given again where its own __init__ went on after

    def started(name):
        """What a layer of nn's class `name` takes once built: its start (again, where its own __init__ went on after
        the one that gave it), and its place in `built`."""
        def take(layer):
            if not any(known is layer for known in built):
                if np.ndim(getattr(layer, "weights", None)) == WEIGHT_AXES[name]:
                    starts[id(layer)] = start(np.shape(layer.weights))
                built.append(layer)
            if id(layer) in starts:
                _set_start(layer, starts[id(layer)])
        return take

    def starting(name):
        taken = started(name)

        def make(base):
            class Layer(base):
                __slots__ = ()      # the layout of `base` (a learner's class may declare __slots__), so that each
                                    # layer can be given back its class

                def __init__(self, *args, **kwargs):
                    super().__init__(*args, **kwargs)
                    taken(self)

                def __init_subclass__(cls, **kwargs):
                    super().__init_subclass__(**kwargs)
                    watch_made_subclass(cls, __class__, taken)
            return Layer
        return make

    bound = set()
    try:
        with standing_in(nn, {name: starting(name) for name in classes}) as bound:
            yield built
    finally:
        _give_back(built, bound)


# --- the code a stub gives -------------------------------------------------------------------------------
# Probes of the code a stub gives: each runs one given class or method on small fixed inputs chosen so that the
# edits a learner may make to it by mistake show, and returns plain results (expect.given_code_kept compares them
# with the reference's).
#
# A challenge's scenario `given_code` lists the probes of what its stub gives, never of a method that is the
# learner's TODO: the other checks judge those. The inputs hold no exact zeros where a ReLU masks, no logits large
# enough to overflow and no predictions of exactly 0 or 1 for the categorical loss, so that edits that change nothing
# in the book's runs (a mask of < 0, a softmax without its shift, a clip taken out) are not told as faults.

GIVEN_INPUTS = np.array([[1.0, -2.0, 0.5], [0.3, 0.8, -1.2]])
GIVEN_WEIGHTS = np.array([[0.2, -0.5], [0.1, 0.4], [-0.3, 0.25]])
GIVEN_BIASES = np.array([[0.5, -1.0]])
GIVEN_DVALUES = np.array([[0.1, -0.2], [0.3, 0.05]])
GIVEN_RELU_INPUTS = np.array([[1.5, -0.5, 2.0], [-1.0, 0.7, -0.2]])
GIVEN_RELU_DVALUES = np.array([[0.4, 0.3, -0.6], [0.2, -0.1, 0.5]])
GIVEN_SCORES = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
GIVEN_SAMPLE_LOSSES = (np.array([1.0, 2.0, 3.0, 6.0]), np.array([4.0]), np.array([5.0, 7.0]))
# A confident right answer, a confident wrong one and an unsure one: a clip other than the book's 1e-7 moves the
# first two, none does the third.
GIVEN_CONFIDENT = np.array([[1 - 2e-5, 1e-5, 1e-5], [1e-5, 1 - 2e-5, 1e-5], [0.2, 0.5, 0.3]])
GIVEN_CONFIDENT_LABELS = np.array([0, 0, 2])
GIVEN_ADAM_STEPS = 60        # enough for a decay of 5e-7 that compounds to show at the checks' tolerance


class _GivenLayer:
    """What Optimizer_Adam.update_params reads and writes of a layer, and nothing else."""

    def __init__(self, scale=1.0):
        self.weights, self.biases = GIVEN_WEIGHTS * scale, GIVEN_BIASES * scale


def _given_gradients(step, scale=1.0):
    """Gradients that change from step to step, in size and sign, as a training run's do."""
    sign = 1.0 if step % 3 else -0.5
    return (sign * scale * (GIVEN_WEIGHTS + 0.01 * step), sign * scale * (GIVEN_BIASES - 0.02 * step))


def _given_layer(nn, *args, **kwargs):
    layer = nn.Layer_Dense(*args, **kwargs)
    layer.weights, layer.biases = GIVEN_WEIGHTS.copy(), GIVEN_BIASES.copy()
    return layer


def _given_dense_init(nn):
    return {"biases": float_copy(getattr(nn.Layer_Dense(4, 3), "biases", None))}


def _given_dense_forward(nn):
    layer = _given_layer(nn, 3, 2)
    forward(layer, GIVEN_INPUTS.copy())
    return {"output": float_copy(layer.output)}


def _given_dense_backward(nn):
    layer = _given_layer(nn, 3, 2)
    forward(layer, GIVEN_INPUTS.copy())
    layer.backward(GIVEN_DVALUES.copy())
    return {name: float_copy(getattr(layer, name, None)) for name in ("dweights", "dbiases", "dinputs")}


def _given_dbiases_shape(nn):
    """The shape of dbiases a layer without penalties leaves, and of the first value backward gives it (the stub's
    np.sum line): where Layer_Dense.backward also holds the learner's penalties, their values are the learner's to
    judge, and only a row that line took away, and nothing after it gave back, is the given code's fault."""
    first = []

    class _Recording(nn.Layer_Dense):
        def __setattr__(self, name, value):
            if name == "dbiases" and not first:
                first.append(list(np.shape(value)))
            super().__setattr__(name, value)

    layer = _Recording(*GIVEN_WEIGHTS.shape)
    layer.weights, layer.biases = GIVEN_WEIGHTS.copy(), GIVEN_BIASES.copy()
    forward(layer, GIVEN_INPUTS.copy())
    try:
        layer.backward(GIVEN_DVALUES.copy())
    except Exception:  # noqa: BLE001  (a penalty added in place to the row-less dbiases raises: the row is told)
        if not first or first[0] != [GIVEN_BIASES.shape[1]]:
            raise
        return {"shape": first[0], "first": first[0]}   # what the raise left dbiases at
    dbiases = getattr(layer, "dbiases", None)
    return {"shape": None if dbiases is None else list(np.shape(dbiases)), "first": first[0] if first else None}


def _given_relu_backward(nn):
    relu = nn.Activation_ReLU()
    forward(relu, GIVEN_RELU_INPUTS.copy())
    relu.backward(GIVEN_RELU_DVALUES.copy())
    return {"dinputs": float_copy(relu.dinputs)}


def _given_softmax_forward(nn):
    softmax = nn.Activation_Softmax()
    forward(softmax, GIVEN_SCORES.copy())
    return {"output": float_copy(softmax.output)}


def _given_linear_forward(nn):
    linear = nn.Activation_Linear()
    forward(linear, GIVEN_SCORES.copy())
    return {"output": float_copy(linear.output)}


def _given_fixed_loss(nn, losses):
    """An instance of a subclass of the module's Loss whose forward pass returns the next of `losses`: Loss's own
    methods alone are given_code_probed."""
    class Fixed(nn.Loss):
        def forward(self, *args, **kwargs):     # called as the file's calculate calls it, by any names
            return losses.pop(0).copy()

    return Fixed()


def _given_loss_calculate(nn):
    loss = _given_fixed_loss(nn, [GIVEN_SAMPLE_LOSSES[0]])
    if callable(getattr(loss, "new_pass", None)):
        loss.new_pass()    # the book's calculate from chapter 18 on adds to sums that new_pass starts
    return {"value": plain_number(loss.calculate(np.zeros((4, 3)), np.zeros(4, dtype=int)))}


def _given_loss_accumulated(nn):
    """The mean over two batches of 4 and 1 samples, then over one of 2 after new_pass."""
    loss = _given_fixed_loss(nn, list(GIVEN_SAMPLE_LOSSES))
    loss.new_pass()
    for losses in GIVEN_SAMPLE_LOSSES[:2]:
        loss.calculate(np.zeros((len(losses), 3)), np.zeros(len(losses), dtype=int))
    first = plain_number(loss.calculate_accumulated())
    loss.new_pass()
    loss.calculate(np.zeros((2, 3)), np.zeros(2, dtype=int))
    return {"two_batches": first, "after_new_pass": plain_number(loss.calculate_accumulated())}


def _given_accuracy_compare(nn):
    """Accuracy_Categorical on class indices, on one-hot targets, and with binary=True on (n, 1) targets."""
    results = {}
    labels = np.array([0, 2, 1, 2])
    for name, y, predictions, kwargs in (
            ("indices", labels, np.array([0, 2, 2, 2]), {}),
            ("one_hot", np.eye(3, dtype=int)[labels], np.array([0, 1, 1, 2]), {}),
            ("binary", np.array([[1], [0], [1], [1]]), np.array([[1], [0], [0], [1]]), {"binary": True})):
        metric = nn.Accuracy_Categorical(**kwargs)
        for prepare, arguments in (("init", (y,)), ("new_pass", ())):
            if callable(getattr(metric, prepare, None)):
                getattr(metric, prepare)(*arguments)
        # Built and prepared, the class's own comparison raising on targets of this kind is its fault, said as such.
        try:
            results[name] = plain_number(metric.calculate(predictions, y))
        except Exception as exc:  # noqa: BLE001
            results[name] = raised_by(nn, exc)
    return results


def _given_accuracy_accumulated(nn):
    """The accuracy Accuracy accumulates over two batches, 3 of 4 and 0 of 1 right, with a compare of its own: the
    base class's methods alone are given_code_probed."""
    class Fixed(nn.Accuracy):
        def compare(self, predictions, y):
            return predictions == y

    metric = Fixed()
    metric.new_pass()
    batch = plain_number(metric.calculate(np.array([0, 2, 1, 1]), np.array([0, 2, 1, 2])))
    metric.calculate(np.array([1]), np.array([2]))
    accumulated = plain_number(metric.calculate_accumulated())
    metric.new_pass()
    metric.calculate(np.array([1, 0]), np.array([1, 0]))
    return {"batch": batch, "accumulated": accumulated,
            "after_new_pass": plain_number(metric.calculate_accumulated())}


def _given_cce_forward(nn):
    losses = nn.Loss_CategoricalCrossentropy().forward(GIVEN_CONFIDENT.copy(), GIVEN_CONFIDENT_LABELS.copy())
    return {"losses": float_copy(np.asarray(losses, dtype=float))}


def _given_bce_edges(nn):
    """Loss_BinaryCrossentropy's losses and dinputs for predictions of exactly 0 and 1, which a saturated sigmoid
    gives: whether they are finite."""
    y_pred, y_true = np.array([[0.0], [1.0], [1.0], [0.0]]), np.array([[1], [0], [1], [0]])
    loss = nn.Loss_BinaryCrossentropy()
    with np.errstate(all="ignore"):
        losses = np.asarray(loss.forward(y_pred.copy(), y_true.copy()), dtype=float)
        loss.backward(y_pred.copy(), y_true.copy())
        dinputs = np.asarray(loss.dinputs, dtype=float)
    return {"finite_losses": bool(np.isfinite(losses).all()), "finite_dinputs": bool(np.isfinite(dinputs).all())}


GIVEN_PENALTIES = {"weight_regularizer_l1": 0.01, "weight_regularizer_l2": 0.02, "bias_regularizer_l1": 0.03,
                   "bias_regularizer_l2": 0.04}


def _given_regularization_loss(nn, penalties=tuple(GIVEN_PENALTIES)):
    """Loss.regularization_loss(layer) of a layer with the `penalties` a challenge uses (the others 0): a given
    regularization_loss that leaves out a kind the challenge never uses is not judged on it."""
    settings = {name: value if name in penalties else 0 for name, value in GIVEN_PENALTIES.items()}
    layer = _given_layer(nn, *GIVEN_WEIGHTS.shape, **settings)   # the file's own, which its Loss may ask more of
    return {"value": plain_number(nn.Loss().regularization_loss(layer)), "penalties": list(penalties)}


def _given_trainable_regularization_loss(nn):
    """The penalties of two layers the loss was given by remember_trainable_layers (L2 of 0.5 on weights of ones:
    3 each), as the Model's loss adds them up from chapter 18 on."""
    layers = [_given_layer(nn, *GIVEN_WEIGHTS.shape, weight_regularizer_l2=0.5) for _ in range(2)]
    for layer in layers:
        layer.weights = np.ones_like(layer.weights)
    loss = nn.Loss()
    loss.remember_trainable_layers(layers)
    return {"value": plain_number(loss.regularization_loss())}


def _given_adam_default_rate(nn):
    optimizer = nn.Optimizer_Adam()
    return {"learning_rate": plain_number(getattr(optimizer, "learning_rate", None)),
            "decay": plain_number(getattr(optimizer, "decay", None))}


def _adam_layer(nn, scale):
    """A layer for Optimizer_Adam to update: the file's own Layer_Dense, which may make the momentums and caches
    Adam reads itself (a design the book's hasattr leaves open), holding GIVEN_WEIGHTS and GIVEN_BIASES times
    `scale`; a plain one where the file's cannot be built so."""
    try:
        layer = nn.Layer_Dense(*GIVEN_WEIGHTS.shape)
        layer.weights, layer.biases = GIVEN_WEIGHTS * scale, GIVEN_BIASES * scale
        return layer
    except Exception:  # noqa: BLE001  (a Layer_Dense that cannot be built is judged by other checks)
        return _GivenLayer(scale)


# Gradients this small are of the size of sqrt(epsilon) (3e-4 for the book's 1e-7), where the place epsilon is added in
# shows: np.sqrt(cache + epsilon) moves such a layer a fraction of the way np.sqrt(cache) + epsilon does.
GIVEN_ADAM_SMALL_GRADIENTS = 1e-4


def _moved(layer, start):
    return [float_copy(layer.weights - start.weights), float_copy(layer.biases - start.biases)]


def _given_adam(nn, learning_rate, decay, layers=1):
    """GIVEN_ADAM_STEPS steps of an Optimizer_Adam(learning_rate, decay) over `layers` layers (_adam_layer) and one
    more whose gradients are GIVEN_ADAM_SMALL_GRADIENTS times theirs: its settings, the learning rate
    pre_update_params set and the iterations post_update_params left at each step, the first layer's parameters
    after the first step and the last, and how far the last layer's moved by then."""
    optimizer = nn.Optimizer_Adam(learning_rate=learning_rate, decay=decay)
    trained = [_adam_layer(nn, 1.0 + number) for number in range(layers)]
    small, start = _adam_layer(nn, 1.0), _GivenLayer()
    scales = [1.0 + number for number in range(layers)] + [GIVEN_ADAM_SMALL_GRADIENTS]
    rates, iterations, first, small_first = [], [], None, None
    for step in range(GIVEN_ADAM_STEPS):
        optimizer.pre_update_params()
        rates.append(plain_number(getattr(optimizer, "current_learning_rate", None)))
        for layer, scale in zip([*trained, small], scales):
            layer.dweights, layer.dbiases = _given_gradients(step, scale)
            optimizer.update_params(layer)
        optimizer.post_update_params()
        iterations.append(step_count(optimizer))
        if first is None:
            first = [float_copy(trained[0].weights), float_copy(trained[0].biases)]
            small_first = _moved(small, start)
    iterations = [count if isinstance(count, int) else None for count in iterations]
    return {"learning_rate": learning_rate, "decay": decay, "settings": adam_defaults(optimizer), "rates": rates,
            "iterations": iterations, "first_weights": first[0], "first_biases": first[1],
            "weights": float_copy(trained[0].weights), "biases": float_copy(trained[0].biases),
            "small_first_moved": small_first, "small_moved": _moved(small, start), "layers": len(scales)}


# The layers of the stub's Transformer, by the names it gives them.
GIVEN_TRANSFORMER_LAYERS = ("embedding", "attention", "attention.dense_q", "attention.dense_k", "attention.dense_v",
                            "attention.dense_o", "attention.attention", "norm1", "dense1", "relu", "dense2", "norm2",
                            "classifier")


def _given_transformer_layers(nn):
    """Of a Transformer(vocabulary=5, length=4): the names of the layers trainable_layers() returns, sorted (the
    order the optimizer takes them in changes nothing), "another layer" for one none of those names holds, and each
    pair of names that hold one same layer."""
    model = nn.Transformer(5, 4)
    held = {}
    for name in GIVEN_TRANSFORMER_LAYERS:
        layer = model
        for part in name.split("."):
            layer = getattr(layer, part, None)
        if layer is not None:
            held.setdefault(id(layer), []).append(name)
    trainable = [held.get(id(layer), ["another layer"])[0] for layer in model.trainable_layers()]
    return {"trainable": sorted(trainable), "shared": [names for names in held.values() if len(names) > 1]}


GIVEN_PROBES = {"dense_init": _given_dense_init, "dense_forward": _given_dense_forward,
                "dense_backward": _given_dense_backward, "relu_backward": _given_relu_backward,
                "softmax_forward": _given_softmax_forward, "linear_forward": _given_linear_forward,
                "loss_calculate": _given_loss_calculate, "loss_accumulated": _given_loss_accumulated,
                "accuracy_compare": _given_accuracy_compare, "accuracy_accumulated": _given_accuracy_accumulated,
                "cce_forward": _given_cce_forward, "bce_edges": _given_bce_edges,
                "regularization_loss": _given_regularization_loss,
                "trainable_regularization_loss": _given_trainable_regularization_loss,
                "adam_default_rate": _given_adam_default_rate,
                "adam": _given_adam, "dbiases_shape": _given_dbiases_shape,
                "transformer_layers": _given_transformer_layers}
# The class and method each probe runs: a file without them (one that left out what nothing it writes calls) is not
# given_code_probed there.
GIVEN_NEEDS = {"dense_init": "Layer_Dense.__init__", "dense_forward": "Layer_Dense.forward",
               "dense_backward": "Layer_Dense.backward", "relu_backward": "Activation_ReLU.backward",
               "softmax_forward": "Activation_Softmax.forward", "linear_forward": "Activation_Linear.forward",
               "loss_calculate": "Loss.calculate", "loss_accumulated": "Loss.calculate_accumulated",
               "accuracy_compare": "Accuracy_Categorical.compare",
               "accuracy_accumulated": "Accuracy.calculate_accumulated",
               "cce_forward": "Loss_CategoricalCrossentropy.forward", "bce_edges": "Loss_BinaryCrossentropy.backward",
               "regularization_loss": "Loss.regularization_loss",
               "trainable_regularization_loss": "Loss.remember_trainable_layers",
               "adam_default_rate": "Optimizer_Adam.__init__",
               "adam": "Optimizer_Adam.update_params", "dbiases_shape": "Layer_Dense.backward",
               "transformer_layers": "Transformer.trainable_layers"}


class _GivenClasses:
    """The classes of module `nn`; for a module of the reference that lacks one (reference.training has no Loss of
    its own), the reference package's: the classes the stubs give are the book's, as the package's are."""

    def __init__(self, nn):
        self._nn = nn

    def __getattr__(self, name):
        found = getattr(self._nn, name, None)
        if found is None and str(getattr(self._nn, "__name__", "")).split(".")[0] == "reference":
            import reference
            found = getattr(reference, name, None)
        return found


def given_code_probed(nn, *probes):
    """[[probe, result], ...] in the order given, each probe a name of GIVEN_PROBES or (name, {keyword arguments});
    a result is a dict, {"raised": what the given code raised}, or None where the file has no such method."""
    results, classes = [], _GivenClasses(nn)
    for probe in probes:
        name, kwargs = (probe, {}) if isinstance(probe, str) else probe
        owner, method = GIVEN_NEEDS[name].split(".")
        found = getattr(classes, owner)
        if not (isinstance(found, type) and callable(getattr(found, method, None))):
            results.append([name, None])
            continue
        try:
            with np.errstate(all="ignore"):
                results.append([name, GIVEN_PROBES[name](classes, **kwargs)])
        except Exception as exc:  # noqa: BLE001  (the check names the given method that raised)
            results.append([name, {"raised": raised_by(nn, exc)}])
    return results
