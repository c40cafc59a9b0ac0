"""What each check runs on an implementation `nn`: the learner's file or the reference.

Every array is channels-first, (N, C, H, W). Sizes are small and uneven (7 × 6
images, 3 channels, 4 filters) so that a swapped axis or an off-by-one output
size shows in the shape. Pooling inputs have no ties, so one position of each
window holds its maximum.
"""
import contextlib
import inspect

import numpy as np

from grader.scenario_helpers import (AdamWatch, ImportedOptimizers, attributes, batch_sizes, copied, fixed_start,
                                     parameters_changed, raised_by, returned_or_raised, shown_default, standing_in,
                                     trained_parameters)
from grader.scenario_helpers import float_copy, on_the_learners_side, own_values, without_each_backward
from grader.scenario_helpers import backward_after, forward_before_backward, output_right, private_generator
from grader.scenario_helpers import given_code_probed as probed

# (size, kernel_size, stride, padding): each kind of term in (size + 2p - k) // s + 1 matters in one.
SIZES = [(7, 3, 1, 0), (7, 3, 1, 1), (7, 3, 2, 0), (8, 3, 2, 1), (6, 2, 2, 0), (9, 4, 3, 2), (5, 5, 1, 2)]
POOL_INPUTS = (2, 3, 9, 11)   # every axis of another length, and an odd row and column no window covers
# The inputs of a layer's forward pass after its first: as many samples and channels, another height and width, so
# that sizes kept from the first call show even where they are made again for another number of samples.
RESIZED_CONV_INPUTS, RESIZED_POOL_INPUTS, RESIZED_FLATTEN_INPUTS = (2, 3, 5, 8), (2, 3, 6, 4), (3, 2, 3, 3)
# The watched run: 16 steps of 32 digits of 0 to 4 from fixed weights. 400 training digits make the
# batches wrap around (step 13 starts at 416 % 400) after a short one (step 12: digits 384 to 399).
CLASSES, STEPS, BATCH = 5, 16, 32
TRAINING_DIGITS, HELD_OUT = 400, 200


def _layer(nn, weights, biases, stride, padding):
    layer = nn.Layer_Conv2D(weights.shape[1], weights.shape[0], weights.shape[2], stride=stride, padding=padding)
    layer.weights, layer.biases = weights.copy(), biases.copy()
    return layer


def _conv_case(rng, stride, padding, shape=(2, 3, 7, 6)):
    inputs = rng.standard_normal(shape)
    weights = rng.standard_normal((4, shape[1], 3, 3))
    biases = rng.standard_normal((1, 4, 1, 1))
    return inputs, weights, biases


def output_sizes(nn, rng):
    # The last two cases leave stride and padding at their defaults (1 and 0).
    sizes = [nn.output_size(*case) for case in SIZES] + [nn.output_size(7, 3), nn.output_size(6, 2, padding=1)]
    return {"cases": np.array(SIZES + [(7, 3, 1, 0), (6, 2, 1, 1)]), "sizes": np.array([np.nan if s is None else s for s in sizes], dtype=float)}


def _kernel_2_case(rng):
    """A case with 2 x 2 kernels, where every other case's kernels are 3 x 3: a kernel size written as 3 shows."""
    return rng.standard_normal((2, 3, 5, 4)), rng.standard_normal((4, 3, 2, 2)), rng.standard_normal((1, 4, 1, 1))


def conv_loops(nn, rng):
    """Sets up: called conv2d_loops with inputs of shape (2, 3, 7, 6), (N, C, H, W), weights of shape
    (4, 3, 3, 3), (F, C, kernel, kernel), and biases of shape (1, 4, 1, 1); then with inputs of shape
    (2, 3, 5, 4) and weights of shape (4, 3, 2, 2), 2 x 2 kernels; stride and padding at their defaults."""
    inputs, weights, biases = _conv_case(rng, 1, 0)
    small = dict(zip(("inputs", "weights", "biases"), _kernel_2_case(rng)))
    output = nn.conv2d_loops(inputs.copy(), weights.copy(), biases.copy())
    # Pixels as integers, as images often come: the output is floats all the same.
    pixels = rng.integers(0, 17, inputs.shape)
    return {"inputs": inputs, "weights": weights, "biases": biases, "output": output,
            "kernel_2": {**small, "output": _raised_as_text(nn, lambda: nn.conv2d_loops(
                *(small[name].copy() for name in ("inputs", "weights", "biases"))))},
            "pixels": pixels, "pixels_output": _raised_as_text(nn, lambda: nn.conv2d_loops(
                pixels.copy(), weights.copy(), biases.copy()))}


def _raised_as_text(nn, call):
    """call(), or {"raised": what it raised (scenario_helpers.raised_by)}: the 2 x 2 case's check says it beside the
    cases of 3 x 3 kernels, which may pass."""
    try:
        return call()
    except Exception as exc:  # noqa: BLE001  (the check reports it, with the learner's line)
        return {"raised": raised_by(nn, exc)}


def conv_loops_stride_padding(nn, rng):
    """Sets up: called conv2d_loops with inputs of shape (2, 3, 7, 6), (N, C, H, W), weights of shape
    (4, 3, 3, 3), (F, C, kernel, kernel), biases of shape (1, 4, 1, 1), stride=2 and padding=1, which pads the
    last two axes (H and W) alone."""
    inputs, weights, biases = _conv_case(rng, 2, 1)
    return {"inputs": inputs, "weights": weights, "biases": biases,
            "output": nn.conv2d_loops(inputs.copy(), weights.copy(), biases.copy(), stride=2, padding=1)}


def im2col(nn, rng):
    """Sets up: called im2col with inputs of shape (2, 3, 5, 6), (N, C, H, W), kernel_size=3, stride=2 and
    padding=1, which pads the last two axes (H and W) alone; then im2col(inputs, 2)."""
    inputs = rng.standard_normal((2, 3, 5, 6))
    return {"inputs": inputs, "columns": nn.im2col(inputs.copy(), 3, stride=2, padding=1),
            "columns_by_default": nn.im2col(inputs.copy(), 2)}


def col2im(nn, rng):
    # 2 samples, 3 x 3 windows of 3 channels over 5 x 6 images with stride 2 and padding 1: 3 x 3 positions.
    columns = rng.standard_normal((2 * 3 * 3, 3 * 3 * 3))
    # With the default stride 1 and padding 0, 2 x 2 windows over 3 x 4 images: 2 x 3 positions.
    by_default = rng.standard_normal((2 * 2 * 3, 3 * 2 * 2))
    # 3 x 3 windows 2 apart over 8 x 8 images, no padding: 3 x 3 positions, which leave the last row and column.
    uncovered = rng.standard_normal((3 * 3, 3 * 3))
    return {"columns": columns, "images": nn.col2im(columns.copy(), (2, 3, 5, 6), 3, stride=2, padding=1),
            "by_default": by_default, "images_by_default": nn.col2im(by_default.copy(), (2, 3, 3, 4), 2),
            "uncovered": uncovered,
            "images_uncovered": returned_or_raised(nn, nn.col2im, uncovered.copy(), (1, 1, 8, 8), 3, stride=2)}


def conv_forward(nn, rng):
    """Sets up: called forward with inputs of shape (2, 3, 7, 6), (N, C, H, W), on a Layer_Conv2D whose weights
    have the shape (4, 3, 3, 3), (F, C, kernel, kernel), with stride=1 and padding=1, which pads the last two
    axes (H and W) alone; then conv2d_loops on the same; then built Layer_Conv2D(3, 4, 2), and called forward
    with inputs of shape (2, 3, 5, 4) on one whose weights have the shape (4, 3, 2, 2), 2 x 2 kernels."""
    inputs, weights, biases = _conv_case(rng, 1, 1)
    layer = _layer(nn, weights, biases, 1, 1)
    given = inputs.copy()
    loops_called = _loops_called(nn, lambda: layer.forward(given))
    inputs_after = copied(given)
    # The parameters the given __init__ makes, and a layer of 2 x 2 kernels.
    made = nn.Layer_Conv2D(3, 4, 2)
    small = dict(zip(("inputs", "weights", "biases"), _kernel_2_case(rng)))
    # Pixels as integers, as images often come: the output is floats all the same.
    pixels = {"inputs": rng.integers(0, 17, inputs.shape), "weights": weights, "biases": biases}
    # The same layer's second forward pass, on another batch of the same shape: windows kept from the first show.
    again = rng.standard_normal(inputs.shape)
    first, first_set = copied(getattr(layer, "output", None)), attributes(layer)
    again_output = copied(_raised_as_text(nn, lambda: _forward_again(layer, again)))
    # Then a batch of another size: sizes kept from the first call show.
    resized = rng.standard_normal(RESIZED_CONV_INPUTS)
    return {"inputs": inputs, "weights": weights, "biases": biases, "output": first, "set": first_set,
            "inputs_after": inputs_after, "again_inputs": again, "again_output": again_output,
            "resized_output": _raised_as_text(nn, lambda: _forward_again(layer, resized)),
            "loops": nn.conv2d_loops(inputs.copy(), weights.copy(), biases.copy(), stride=1, padding=1),
            "made": {name: list(np.shape(getattr(made, name, None))) for name in ("weights", "biases")},
            "kernel_2": {**small, "output": _raised_as_text(nn, lambda: _output_of(nn, small))},
            "loops_called": loops_called, "pixels_output": _raised_as_text(nn, lambda: _output_of(nn, pixels))}


def _forward_again(layer, inputs):
    layer.forward(inputs.copy())
    return getattr(layer, "output", None)


def _loops_called(nn, call):
    """How many times `call` called the module's conv2d_loops."""
    loops, calls = getattr(nn, "conv2d_loops", None), []

    def counted(*args, **kwargs):
        calls.append(None)
        return loops(*args, **kwargs)

    nn.conv2d_loops = counted
    try:
        call()
    finally:
        nn.conv2d_loops = loops
    return len(calls)


def _output_of(nn, case):
    """The output of a layer given `case`'s weights and biases (stride 1, no padding) after its forward pass."""
    layer = _layer(nn, case["weights"], case["biases"], 1, 0)
    layer.forward(case["inputs"].copy())
    return getattr(layer, "output", None)


def conv_forward_stride(nn, rng):
    inputs, weights, biases = _conv_case(rng, 2, 0, shape=(2, 3, 8, 7))
    layer = _layer(nn, weights, biases, 2, 0)
    layer.forward(inputs.copy())
    return {"inputs": inputs, "weights": weights, "biases": biases, "output": getattr(layer, "output", None),
            "set": attributes(layer),
            "loops": nn.conv2d_loops(inputs.copy(), weights.copy(), biases.copy(), stride=2, padding=0)}


def conv_backward(nn, rng):
    return _conv_backward(nn, rng, gradients_kept=True)


def conv_backward_dinputs(nn, rng):
    """conv_backward's run again, for its dinputs check alone, where backward raised after it set dweights and
    dbiases: what it raised is told there as it was raised, its learner's line kept."""
    return {"dinputs": _conv_backward(nn, rng, gradients_kept=False)["dinputs"]}


def _conv_backward(nn, rng, gradients_kept):
    """conv_backward's answer. Where backward raised after it set dweights and dbiases (a col2im call of the wrong
    stride, say), `gradients_kept` keeps them for their checks and says "dinputs_raised"; else it raises."""
    # From a stream of their own (private_generator): this computes a right forward pass, for any `nn` and `rng`.
    rng = private_generator(rng)
    inputs, weights, biases = _conv_case(rng, 2, 1)
    layer = _layer(nn, weights, biases, 2, 1)
    # A broken forward pass is reported by its own checks, and by this one only where backward fails after it.
    raised = forward_before_backward(layer, inputs.copy())
    # The output a correct forward pass gives, written out here rather than in a function the learner's code could
    # call: where the layer's is right, backward works from what its own forward kept.
    padded = np.pad(inputs, ((0, 0), (0, 0), (1, 1), (1, 1)))
    right = biases + sum((padded[:, np.newaxis, :, ki:ki + 8:2, kj:kj + 6:2]
                          * weights[np.newaxis, :, :, ki, kj, np.newaxis, np.newaxis]).sum(axis=2)
                         for ki in range(3) for kj in range(3))
    if not output_right(layer, right):
        layer.inputs = inputs.copy()
    # (7 + 2 - 3) // 2 + 1 = 4 rows and (6 + 2 - 3) // 2 + 1 = 3 columns of outputs.
    dvalues = rng.standard_normal((2, 4, 4, 3))
    given = dvalues.copy()
    dinputs_raised = _weights_gradients_kept(nn, layer, lambda: backward_after(layer, raised, given),
                                             gradients_kept) is not None
    return {"inputs": inputs, "weights": weights, "biases": biases, "dvalues": dvalues,
            "dweights": getattr(layer, "dweights", None), "dbiases": getattr(layer, "dbiases", None),
            "dinputs": getattr(layer, "dinputs", None), "dinputs_raised": dinputs_raised, "dvalues_after": given,
            "set": attributes(layer, leaving_out=("inputs",)), "other_dinputs": _other_backward(nn, rng),
            **_pixels_backward(nn, rng, weights, biases, dvalues)}


def _weights_gradients_kept(nn, layer, backward, kept=True):
    """backward(), watching the module's col2im; None where it returned. Where it raised after it set dweights and
    dbiases but not dinputs, what it raised if `kept` (their checks judge them; dinputs' check tells what was
    raised); else it raises that, told with the stride and padding col2im was given where they are not the
    layer's."""
    calls = []
    # Gradients kept from before (zeros made in __init__, say) that this backward pass neither replaced nor wrote
    # into were not set by it.
    before = {name: (value, copied(value)) for name, value in own_values(layer).items()
              if name in ("dweights", "dbiases")}
    try:
        with _col2im_watched(nn, calls):
            backward()
    except Exception as exc:
        own = own_values(layer)
        if not ("dweights" in own and "dbiases" in own and "dinputs" not in own) or any(
                name in before and before[name][0] is own[name] and _unchanged(own[name], before[name][1])
                for name in ("dweights", "dbiases")):
            raise
        if kept:
            return exc
        _told_with_col2im_arguments(exc, calls, layer)
        raise
    return None


def _unchanged(value, kept):
    """Whether `value` holds what `kept`, a copy made before, held: an array nobody wrote into."""
    try:
        return bool(np.array_equal(value, kept, equal_nan=True))
    except Exception:  # noqa: BLE001  (a learner's object that cannot be compared: taken as written)
        return False


@contextlib.contextmanager
def _col2im_watched(nn, calls):
    """Each call of the module's col2im, while in the context, adds to `calls` the (stride, padding) it was given, as
    its own signature binds them (None for one it names otherwise or that is no whole number)."""
    original = getattr(nn, "col2im", None)
    try:
        signature = inspect.signature(original)
    except (TypeError, ValueError):   # no col2im, or one Python cannot read: nothing to watch
        yield
        return

    def watched(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            calls.append(tuple(int(value) if isinstance(value, (int, np.integer)) and not isinstance(value, bool)
                               else None for value in map(bound.arguments.get, ("stride", "padding"))))
        except TypeError:   # arguments col2im does not take: it raises that itself
            pass
        return original(*args, **kwargs)

    nn.col2im = watched
    try:
        yield
    finally:
        nn.col2im = original


def _told_with_col2im_arguments(exc, calls, layer):
    """Add to `exc`'s text, where it is Python's own kind whose text is its one argument, the stride and padding that
    Layer_Conv2D.backward gave col2im, where they are not the layer's: the cause of a shape that does not fit."""
    stride, padding = getattr(layer, "stride", None), getattr(layer, "padding", None)
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in (stride, padding)):
        return      # kept under names of the learner's own: what the layer's are is not known here
    wrong = [call for call in calls if call != (stride, padding) and None not in call]
    text = exc.args[0] if len(exc.args) == 1 else None
    if not wrong or type(exc).__module__ != "builtins" or isinstance(exc, KeyError) or not isinstance(text, str) \
            or str(exc) != text:
        return
    given, = wrong[:1]
    if given == (padding, stride):
        cause = "they were passed in each other's place"
    elif given[0] != stride:
        cause = "the stride was not passed on, so col2im took its default, 1" if given[0] == 1 else \
            "the stride is not the layer's"
    else:
        cause = "the padding was not passed on, so col2im took its default, 0" if given[1] == 0 else \
            "the padding is not the layer's"
    # ". Here, " is where grader.judge.messages, which gives advice on NumPy's own text, finds what follows it.
    exc.args = (f"{text.rstrip().rstrip('.')}. Here, Layer_Conv2D.backward called col2im with stride={given[0]} and "
                f"padding={given[1]}, where the layer has stride={stride} and padding={padding}: {cause}. col2im "
                "sizes the windows from them, so pass the layer's on, col2im(dcolumns, self.inputs.shape, "
                "self.kernel_size, self.stride, self.padding), in the order col2im takes them",)


def _pixels_backward(nn, rng, weights, biases, dvalues):
    """{"pixels_dweights", "pixels_dinputs"} of a layer (stride 2, padding 1) given pixels as integers, where the
    gradients are floats all the same; or each {"raised": ...} (_raised_as_text) where its passes raised."""
    pixels = rng.integers(0, 17, (2, 3, 7, 6))

    def backward():
        layer = _layer(nn, weights, biases, 2, 1)
        layer.forward(pixels.copy())
        # dweights judged by its own check where only dinputs raised, as in conv_backward.
        raised = _weights_gradients_kept(nn, layer, lambda: layer.backward(dvalues.copy()))
        return {"dweights": getattr(layer, "dweights", None),
                "dinputs": getattr(layer, "dinputs", None) if raised is None else {"raised": raised_by(nn, raised)}}

    gradients = _raised_as_text(nn, backward)
    return {f"pixels_{name}": gradients if "raised" in gradients else gradients[name]
            for name in ("dweights", "dinputs")}


def _other_backward(nn, rng):
    """dinputs of a layer of kernel 2, stride 1 and no padding, which no other backward check has, or what it
    raised: a size written into the code shows."""
    inputs = rng.standard_normal((2, 3, 5, 4))
    layer = _layer(nn, rng.standard_normal((2, 3, 2, 2)), rng.standard_normal((1, 2, 1, 1)), 1, 0)
    try:
        layer.forward(inputs.copy())
        layer.inputs = inputs.copy()
        layer.backward(rng.standard_normal((2, 2, 4, 3)))
    except Exception as exc:  # noqa: BLE001  (the check says what a layer of these sizes raised)
        return raised_by(nn, exc)
    return getattr(layer, "dinputs", None)


def _no_ties(rng, shape):
    """Distinct values in a random order, so each pooling window has one maximum."""
    return rng.permutation(np.linspace(-2, 2, int(np.prod(shape)))).reshape(shape)


def _reshape_told(nn, call, *args):
    """call(*args); a ValueError of a reshape, as pooling windows cut from inputs whose height or width the pool
    size does not divide give, is answered as the text of what was raised, for the check to name. None else."""
    try:
        call(*args)
    except ValueError as exc:
        if "reshape" not in str(exc):
            raise
        return raised_by(nn, exc)
    return None


def pool_forward(nn, rng):
    inputs = _no_ties(rng, POOL_INPUTS)
    pool = nn.Layer_MaxPool2D(2)
    given = inputs.copy()
    raised = _reshape_told(nn, pool.forward, given)
    output, first_set = copied(getattr(pool, "output", None)), attributes(pool)
    inputs_after = copied(given)
    # Then inputs of another size through the same layer: sizes kept from the first call show.
    resized = _no_ties(rng, RESIZED_POOL_INPUTS)
    return {"inputs": inputs, "output": output, "raised": raised, "set": first_set, "inputs_after": inputs_after,
            "resized_output": _raised_as_text(nn, lambda: _forward_again(pool, resized))}


def pool_backward(nn, rng):
    # From a stream of their own (private_generator): this computes a right forward pass, for any `nn` and `rng`.
    rng = private_generator(rng)
    inputs = _no_ties(rng, POOL_INPUTS)
    pool = nn.Layer_MaxPool2D(2)
    # Forward's reshape into windows, where backward fails after it, is told as backward's would be: uncropped.
    given_inputs = inputs.copy()
    forward_raised = forward_before_backward(pool, given_inputs)
    # Where forward's output is right, backward works from what it kept (self.inputs cropped, say).
    if not output_right(pool, inputs[:, :, :8, :10].reshape(2, 3, 4, 2, 5, 2).max(axis=(3, 5))):
        pool.inputs = inputs.copy()
    dvalues = rng.uniform(0.5, 1.5, (2, 3, 4, 5))
    given_dvalues = dvalues.copy()
    raised = _reshape_told(nn, backward_after, pool, forward_raised, given_dvalues)
    dvalues_after, inputs_after = copied(given_dvalues), copied(given_inputs)
    # Pixels as integers, each value once (no ties): the gradient is floats all the same.
    pixels = rng.permutation(int(np.prod(POOL_INPUTS))).reshape(POOL_INPUTS)
    by_pixels = nn.Layer_MaxPool2D(2)

    def pixels_backward():
        by_pixels.forward(pixels.copy())
        by_pixels.backward(dvalues.copy())
        return getattr(by_pixels, "dinputs", None)

    return {"inputs": inputs, "dvalues": dvalues, "dinputs": getattr(pool, "dinputs", None), "raised": raised,
            "set": attributes(pool, leaving_out=("inputs",)), "dvalues_after": dvalues_after,
            "inputs_after": inputs_after, "pixels": pixels,
            "pixels_dinputs": _raised_as_text(nn, pixels_backward)}


def pool_ties(nn, rng):
    """Windows whose maximum several values share, as a zero background gives in real images."""
    inputs = rng.integers(0, 2, POOL_INPUTS).astype(float)
    pool = nn.Layer_MaxPool2D(2)
    dvalues = rng.uniform(0.5, 1.5, (2, 3, 4, 5))
    raised = _reshape_told(nn, pool.forward, inputs.copy()) or _reshape_told(nn, pool.backward, dvalues.copy())
    return {"inputs": inputs, "dvalues": dvalues, "output": getattr(pool, "output", None),
            "dinputs": getattr(pool, "dinputs", None), "raised": raised}


def pool_of_three(nn, rng):
    """Layer_MaxPool2D(3)'s forward pass: the window's size comes from pool_size."""
    inputs = _no_ties(rng, (2, 2, 10, 8))
    pool = nn.Layer_MaxPool2D(3)
    raised = _reshape_told(nn, pool.forward, inputs.copy())
    return {"inputs": inputs, "output": getattr(pool, "output", None), "raised": raised}


def pool_of_three_backward(nn, rng):
    """Layer_MaxPool2D(3)'s backward pass, after its forward pass."""
    inputs = _no_ties(rng, (2, 2, 10, 8))
    pool = nn.Layer_MaxPool2D(3)
    dvalues = rng.uniform(0.5, 1.5, (2, 2, 3, 2))
    raised, backward_raised = _reshape_told(nn, pool.forward, inputs.copy()), None
    if raised is None:
        # What backward alone raised after a forward pass of 3 x 3 windows, a reshape's error among it: where the
        # 2 x 2 windows' backward check passed (this one waits for it), a size written in is what the check names.
        try:
            pool.backward(dvalues.copy())
        except Exception as exc:  # noqa: BLE001  (the check reports it, with the learner's line)
            backward_raised = raised_by(nn, exc)
    return {"inputs": inputs, "dvalues": dvalues, "dinputs": getattr(pool, "dinputs", None), "raised": raised,
            "backward_raised": backward_raised}


def flatten(nn, rng):
    inputs = rng.standard_normal((3, 2, 4, 5))
    layer = nn.Layer_Flatten()
    given = inputs.copy()
    layer.forward(given)
    dvalues = rng.standard_normal((3, 40))
    given_dvalues = dvalues.copy()
    layer.backward(given_dvalues)
    # As the caller holds them then, shape and all: a reshape of their own array through .shape shows.
    kept = {"inputs_after": copied(given), "dvalues_after": copied(given_dvalues)}
    # Pixels as integers, as images often come: the gradient is floats all the same.
    pixels = rng.integers(0, 17, inputs.shape)

    def pixels_backward():
        by_pixels = nn.Layer_Flatten()
        by_pixels.forward(pixels.copy())
        by_pixels.backward(dvalues.copy())
        return getattr(by_pixels, "dinputs", None)

    output, dinputs = copied(getattr(layer, "output", None)), copied(getattr(layer, "dinputs", None))
    first_set = attributes(layer)
    # Then inputs of another size through the same layer: a row length kept from the first call shows.
    resized = rng.standard_normal(RESIZED_FLATTEN_INPUTS)
    return {"inputs": inputs, "output": output, "dvalues": dvalues, "dinputs": dinputs, "set": first_set, **kept,
            "pixels_dinputs": _raised_as_text(nn, pixels_backward),
            "resized_output": _raised_as_text(nn, lambda: _forward_again(layer, resized))}


def _digits():
    """scikit-learn's digits of 0 to 4 as (n, 1, 8, 8) in [0, 1], and labels, in a fixed shuffled order.

    Read from the file scikit-learn ships, whose values are whole numbers 0 to 16 of one or two figures:
    importing sklearn.datasets (and SciPy), or parsing the text as floats, would cost more grading time
    than the training itself.
    """
    import gzip
    import importlib.util
    import os

    folder = os.path.dirname(importlib.util.find_spec("sklearn").origin)
    with open(os.path.join(folder, "datasets", "data", "digits.csv.gz"), "rb") as file:
        text = np.frombuffer(gzip.decompress(file.read()).rstrip() + b"\n", dtype=np.uint8)
    ends = np.flatnonzero(text < ord("0"))   # the comma or line end after each value
    starts = np.r_[0, ends[:-1] + 1]
    first, second = text[starts] - ord("0"), text[np.minimum(starts + 1, len(text) - 1)] - ord("0")
    rows = np.where(ends - starts == 2, first * 10 + second, first).reshape(-1, 65)
    rows = rows[np.random.RandomState(20201125).permutation(len(rows))]
    rows = rows[rows[:, -1] < CLASSES]
    return rows[:, :-1].reshape(-1, 1, 8, 8) / 16, rows[:, -1].astype(int)


def _start(shape):
    """Fixed starting weights of this shape, scaled to their inputs so that 16 steps learn: zero biases."""
    fan_in = int(np.prod(shape[1:])) if len(shape) == 4 else shape[0]
    scale = 2.0 if len(shape) == 4 else 0.5
    weights = np.random.default_rng(list(shape)).standard_normal(shape) * scale / np.sqrt(fan_in)
    biases = np.zeros((1, shape[0], 1, 1)) if len(shape) == 4 else np.zeros((1, shape[1]))
    return {"weights": weights, "biases": biases}


def _weights(layers, axes):
    """Of every one of `layers` whose weights have `axes` axes (4: a convolution, 2: a dense layer), in the order
    they were built: the starting weights, and the weights now (two lists, empty where none was built)."""
    chosen = [layer for layer in layers if np.ndim(getattr(layer, "weights", None)) == axes]
    return ([_start(np.shape(layer.weights))["weights"] for layer in chosen],
            [np.array(layer.weights, dtype=float, copy=True) for layer in chosen])


def _trained(nn, X, y, batches):
    """train's watched run: from the fixed start and np.random.seed(0), STEPS steps of BATCH digits; the digits
    its convolution is given at each forward pass are added to `batches`. Returns (predict, losses), for every
    convolution and every dense layer it built, their weights before and after the run, and those layers."""
    adam = AdamWatch()
    noted = adam.stand_ins() if isinstance(getattr(nn, "Optimizer_Adam", None), type) else {}
    with fixed_start(nn, _start, ("Layer_Conv2D", "Layer_Dense")) as built, \
            batch_sizes(nn, "Layer_Conv2D") as watched, standing_in(nn, noted, held=("Optimizer_Adam",)):
        np.random.seed(0)
        given_X, given_y = X.copy(), y.copy()
        try:
            result = nn.train(given_X, given_y, steps=STEPS, batch_size=BATCH)
        finally:
            batches += watched
        conv_start, conv_trained = _weights(built, 4)
        dense_start, dense_trained = _weights(built, 2)
        # The held-out digits are public: the check runs the trained layers forward itself, in the network's order,
        # convolutions before dense layers, whichever train built first.
        built = sorted(built, key=lambda layer: -np.ndim(getattr(layer, "weights", None)))
        parameters = trained_parameters(built)
    return result, {"first_dweights": adam.first_dweights(built),
                    "conv_start": conv_start, "conv_trained": conv_trained, "dense_start": dense_start,
                    "dense_trained": dense_trained, "parameters": parameters, "learning_rate": adam.first_rate,
                    "iterations": adam.iterations, "optimizers_in_turn": adam.in_turn, "X_after": given_X,
                    "y_after": given_y}, built


def _defaults(nn, X, y):
    """train's default steps and batch size, from its signature; for one it does not show, what a run shows."""
    steps, batch = shown_default(nn.train, "steps"), shown_default(nn.train, "batch_size")
    if steps is None:
        with fixed_start(nn, _start, ("Layer_Conv2D", "Layer_Dense")):
            steps = len(nn.train(X.copy(), y.copy(), batch_size=BATCH)[1])
    if batch is None:
        # From the same start, the first loss tells which digits the first batch held: the first 64, or others.
        first = []
        for given in ({}, {"batch_size": 64}):
            with fixed_start(nn, _start, ("Layer_Conv2D", "Layer_Dense")):
                first.append(nn.train(X.copy(), y.copy(), steps=1, **given)[1][0])
        batch = 64 if first[0] == first[1] else None
    return {"steps": steps, "batch_size": batch}


def training(nn, rng):
    """The watched run, and the digits its convolution was given at each forward pass (one a step). A run that
    raised after an empty batch answers that batch and what was raised, for the check to say why."""
    X, y = _digits()
    train_X, train_y = X[:TRAINING_DIGITS], y[:TRAINING_DIGITS]
    batches = []
    imported = ImportedOptimizers(nn)
    try:
        (predict, losses), weights, built = _trained(nn, train_X, train_y, batches)
    except Exception as exc:  # noqa: BLE001  (answered only after an empty batch; raised again otherwise)
        if 0 not in batches:
            raise
        return {"batch_sizes": batches, "raised": raised_by(nn, exc), "losses": None, "on_held_out": None,
                "on_held_out_again": None, "defaults": None, "labels": None, "held_out": None, "conv_start": None,
                "conv_trained": None, "dense_start": None, "dense_trained": None, "parameters": None,
                "learning_rate": None, "iterations": None, "optimizers_in_turn": None, "changed_by_predict": None,
                "optimizer_at_import": None, "X_after": None, "y_after": None, "first_dweights": None,
                "left_out": None}
    held_out = X[TRAINING_DIGITS:TRAINING_DIGITS + HELD_OUT]
    predictions = predict(held_out.copy())
    again = predict(held_out[:50].copy())
    # A predict that trains on its own classes gives them again: only the layers' parameters show it.
    return {"labels": y[TRAINING_DIGITS:TRAINING_DIGITS + HELD_OUT], "held_out": held_out, "losses": losses,
            "on_held_out": predictions, "on_held_out_again": again,
            "changed_by_predict": parameters_changed(built, weights["parameters"]),
            "defaults": _defaults(nn, train_X, train_y), "batch_sizes": batches, "raised": None,
            "optimizer_at_import": _imported_stepped(nn, imported, train_X, train_y), **weights,
            "left_out": _left_out_at_first_step(nn, train_X[:BATCH], train_y[:BATCH])}


def _left_out_at_first_step(nn, X, y):
    """The first step's dweights of the convolution and the dense layer (as trained_parameters orders them) where
    the backward pass left out each layer without weights in turn (scenario_helpers.without_each_backward), and
    where the combined backward was given the logits: {"kinds", "without_each", "logits"}, on layers of their own
    from the fixed start. Only the reference's are read; None where the learner's layers cannot run so."""
    if on_the_learners_side():
        return None
    try:
        with fixed_start(nn, _start, ("Layer_Conv2D", "Layer_Dense")):
            layers = [nn.Layer_Conv2D(1, 8, 3, padding=1), nn.Activation_ReLU(), nn.Layer_MaxPool2D(2),
                      nn.Layer_Flatten(), nn.Layer_Dense(128, 10)]
        loss_activation = nn.Activation_Softmax_Loss_CategoricalCrossentropy()
        values = X.copy()
        for layer in layers:
            layer.forward(values)
            values = layer.output
        loss_activation.forward(values, y.copy())

        def backward(given=None):
            loss_activation.backward(loss_activation.output if given is None else given, y.copy())
            dvalues = loss_activation.dinputs
            for layer in reversed(layers):
                layer.backward(dvalues)
                dvalues = layer.dinputs

        def read():
            return [float_copy(getattr(layers[number], "dweights", None)) for number in (0, 4)]
        without = without_each_backward(layers, backward, read)
        backward(values)
        return {"kinds": [type(layer).__name__ for layer in layers], "without_each": without, "logits": read()}
    except Exception:  # noqa: BLE001  (the learner's layers: their own checks say what is wrong with them)
        return None


def _imported_stepped(nn, imported, X, y):
    """Whether an Optimizer_Adam the file built as it was imported (ImportedOptimizers) counted its steps on from
    one call of train to the next: after one more call of a step, its count is above the watched run's."""
    if imported.counts:
        with fixed_start(nn, _start, ("Layer_Conv2D", "Layer_Dense")):
            returned_or_raised(nn, nn.train, X.copy(), y.copy(), steps=1, batch_size=BATCH)
    return imported.stepped(most=STEPS)


def figure_feature_maps(nn, rng):
    """Train the network of `train` with these layers, as the watched run trains it, then take the first
    layer's eight feature maps of one held-out digit."""
    X, y = _digits()
    with fixed_start(nn, _start, ("Layer_Conv2D", "Layer_Dense")):
        np.random.seed(0)
        layers = [nn.Layer_Conv2D(1, 8, 3, padding=1), nn.Activation_ReLU(), nn.Layer_MaxPool2D(2),
                  nn.Layer_Flatten(), nn.Layer_Dense(128, 10)]
    loss_activation = nn.Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = nn.Optimizer_Adam(learning_rate=0.02)
    for step in range(STEPS):
        start = step * BATCH % TRAINING_DIGITS
        values, labels = X[start:start + BATCH], y[start:start + BATCH]
        for layer in layers:
            layer.forward(values)
            values = layer.output
        loss_activation.forward(values, labels)
        loss_activation.backward(loss_activation.output, labels)
        dvalues = loss_activation.dinputs
        for layer in reversed(layers):
            layer.backward(dvalues)
            dvalues = layer.dinputs
        optimizer.pre_update_params()
        optimizer.update_params(layers[0])
        optimizer.update_params(layers[4])
        optimizer.post_update_params()
    layers[0].forward(X[TRAINING_DIGITS:TRAINING_DIGITS + 1])
    return {"digit": X[TRAINING_DIGITS, 0], "label": int(y[TRAINING_DIGITS]), "maps": layers[0].output}


def given_code(nn, rng):
    """The code the stub gives, on small fixed inputs (given_code_probed), with the optimizer's settings train uses."""
    return {"probes": probed(nn, "dense_forward", "relu_backward", "loss_calculate",
                             ("adam", {"learning_rate": 0.02, "decay": 0.0}))}
