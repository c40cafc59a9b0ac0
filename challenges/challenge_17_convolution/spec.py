"""Checks for challenge 17: convolution, max pooling and flattening, then a small CNN on digits."""
import contextlib
import functools

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from grader import expect
from grader.mistakes import dvalues_ignored, named
from grader.spec import check, figure
from grader.views import figures

STEPS, BATCH = 16, 32            # the watched run, from fixed starting weights
TRAINING_DIGITS = 400           # its data: the batches wrap around at step 14 (step = 13)
SHORT_STEP = TRAINING_DIGITS // BATCH + 1   # step 13, of the short batch before the wrap: batching shows from here
DEFAULTS = {"steps": 80, "batch_size": 64}
HELD_OUT_ACCURACY = 0.9
KEEP_DVALUES = ("Work on new arrays: never assign into dvalues or change it with +=, -=. "
                "The caller may still need dvalues.")
KEEP_INPUTS = ("Work on new arrays: never assign into the inputs (inputs[...] = 0, say) or change them with +=, -=; "
               "a slice such as inputs[:, :, :H, :W] crops without writing. The caller may still need its array.")
FLIPPED = named("flipped_kernel", "This is a true convolution: the kernel was flipped (weights[..., ::-1, ::-1], "
                                  "or windows read from the far end). Like every deep-learning library, the layer "
                                  "is a cross-correlation: multiply each window by the filter as it is.")
CHANNELS_LAST = named("channels_last", "The axes are in the order (N, H, W, C), channels last; every array here is "
                                       "channels-first, (N, C, H, W): bring the filters' axis forward with "
                                       ".transpose(0, 3, 1, 2).")


def _conv(inputs, weights, biases, stride=1, padding=0):
    """The cross-correlation from sliding windows and one einsum: (N, C, H, W) → (N, F, H_out, W_out).

    Leading axes before those of inputs (N, C, H, W), weights (F, C, K, K) or biases (1, F, 1, 1) broadcast:
    a stack of points for a batched numerical gradient gives a stack of outputs.
    """
    padded = np.pad(inputs, [(0, 0)] * (inputs.ndim - 2) + [(padding, padding)] * 2)
    windows = sliding_window_view(padded, weights.shape[-2:], axis=(-2, -1))[..., ::stride, ::stride, :, :]
    return np.einsum("...nchwij,...fcij->...nfhw", windows, weights, optimize=True) + biases


# Rows of im2col's products are windows (sample, i, j), columns filters: (N, F, H_out, W_out) arrays meet them through
# (N, H_out, W_out, F), never by a reshape alone, forward or backward.
RESHAPED_STRAIGHT = ("The (N * H_out * W_out, F) product was reshaped straight to (N, F, H_out, W_out): reshape it to "
                     "(N, H_out, W_out, F) first, then transpose(0, 3, 1, 2).")
DVALUES_RESHAPED_STRAIGHT = ("dvalues (N, F, H_out, W_out) was reshaped straight to (N * H_out * W_out, F), so its "
                             "rows mix filters and positions: transpose it to (N, H_out, W_out, F) first, "
                             "dvalues.transpose(0, 2, 3, 1).reshape(-1, F), so that each row holds one window's "
                             "gradient for every filter, in the order of im2col's rows.")
# The same mix by a transpose on the wrong side of the reshape: out.T.reshape(N, F, H_out, W_out) forward, and
# dvalues.reshape(F, -1).T backward.
TRANSPOSED_BEFORE_RESHAPE = ("The (N * H_out * W_out, F) product was transposed to (F, N * H_out * W_out), then "
                             "reshaped to (N, F, H_out, W_out): a reshape keeps the values in their order, so each "
                             "sample's maps hold other samples' and filters' outputs. Reshape the product to (N, "
                             "H_out, W_out, F) first, then transpose(0, 3, 1, 2).")
DVALUES_TRANSPOSED_AFTER_RESHAPE = ("dvalues (N, F, H_out, W_out) was reshaped to (F, N * H_out * W_out), then "
                                    "transposed, dvalues.reshape(F, -1).T: a reshape keeps the values in their order, "
                                    "so its rows mix samples, filters and positions. Transpose first, "
                                    "dvalues.transpose(0, 2, 3, 1).reshape(-1, F), so that each row holds one "
                                    "window's gradient for every filter, in the order of im2col's rows.")


def _reshaped_straight(dvalues):
    """The dvalues a backward pass uses when it reshapes them to (N * H_out * W_out, F) without the transpose, put
    back in (N, F, H_out, W_out): what the right backward pass given these gives, that one gives."""
    n, f, h, w = dvalues.shape
    return dvalues.reshape(n, h, w, f).transpose(0, 3, 1, 2)


def _transposed_after_reshape(dvalues):
    """As _reshaped_straight, for a backward pass whose rows are dvalues.reshape(F, -1).T."""
    n, f, h, w = dvalues.shape
    return dvalues.reshape(f, -1).T.reshape(n, h, w, f).transpose(0, 3, 1, 2)


def _conv_gradient(name, want, dvalues):
    """The gradient `name` ("weights" or "inputs") that the right backward pass of the checks' layer (stride 2,
    padding 1) gives for `dvalues`: the layer is linear in both, so central differences give it exactly."""
    arrays = {"inputs": want["inputs"], "weights": want["weights"]}

    def objective(points):
        given = {**arrays, name: points}
        return np.sum(_conv(given["inputs"], given["weights"], want["biases"], 2, 1) * dvalues, axis=(-4, -3, -2, -1))

    return expect.numerical_gradient(objective, arrays[name], batched=True)


def _conv_dvalues_mistakes(name, want):
    """{sentence: value} of the gradient `name` for the backward passes that take their rows from other values than
    dvalues.transpose(0, 2, 3, 1).reshape(-1, F)."""
    dvalues = want["dvalues"]
    output = _conv(want["inputs"], want["weights"], want["biases"], 2, 1)
    return {DVALUES_RESHAPED_STRAIGHT: _conv_gradient(name, want, _reshaped_straight(dvalues)),
            DVALUES_TRANSPOSED_AFTER_RESHAPE: _conv_gradient(name, want, _transposed_after_reshape(dvalues)),
            **dvalues_ignored("Layer_Conv2D.backward", lambda given: _conv_gradient(name, want, given),
                              dvalues.shape, output)}


def _size_mistake(meaning, more=False):
    """The output size's sentence; `more`: the output has more positions than expected, fewer otherwise."""
    return named("output_size", f"The output has {meaning}. The number of positions is "
                                "(size + 2 * padding - kernel_size) // stride + 1: " + (
                                    "is the padding added more than once, or the stride left out?" if more else
                                    "pad both sides, and count the first position too."))


def _expect_conv(got, want, what, padding, stride, set_by=None):
    """A convolution output: right shape first (with the size diagnosis), then values. `set_by`: see
    expect.as_array."""
    inputs, weights = want["inputs"], want["weights"]
    output = expect.as_array(got, what, want["output"].shape, set_by)
    if output.ndim == 4 and output.shape != want["output"].shape:
        if output.shape == want["output"].transpose(0, 2, 3, 1).shape:
            expect.fail(f"{what} has shape {output.shape}, but {want['output'].shape} was expected. "
                        + CHANNELS_LAST, "channels_last")
        if output.shape[:2] == want["output"].shape[:2]:
            size = f"{output.shape[2]} x {output.shape[3]} positions instead of {want['output'].shape[2]} x " \
                   f"{want['output'].shape[3]} (stride {stride}, padding {padding})"
            twice = tuple((side + 4 * padding - weights.shape[-1]) // stride + 1 for side in inputs.shape[-2:])
            if padding and output.shape[2:] == twice:
                expect.fail(f"{what} has shape {output.shape}, but {want['output'].shape} was expected. The output "
                            f"has {size}: as many as inputs padded twice give, {padding} more on each side again. "
                            "Pad them once: where the inputs were padded already, whatever takes the windows must "
                            "not pad them again (im2col(inputs, kernel_size, stride, padding) pads the inputs it is "
                            "given, so pass it the inputs as they came).", "output_size")
            expect.fail(f"{what} has shape {output.shape}, but {want['output'].shape} was expected. "
                        + _size_mistake(size, more=np.prod(output.shape[2:]) > np.prod(want["output"].shape[2:])),
                        "output_size")
    expect.array(output, want["output"], what, mistakes=lambda: _conv_mistakes(want, padding, stride), set_by=set_by)


def _conv_mistakes(want, padding, stride):
    """{sentence: output} of the wrong convolutions of want's inputs, weights and biases: computed only for a wrong
    output (_expect_conv)."""
    inputs, weights, biases = want["inputs"], want["weights"], want["biases"]
    n, f, h, w = want["output"].shape
    mistakes = {
        FLIPPED: _conv(inputs, weights[..., ::-1, ::-1], biases, stride, padding),
        "The biases were not added: add each filter's bias to all of its outputs.":
            _conv(inputs, weights, 0 * biases, stride, padding),
        "Every filter got the first filter's bias: filter f's outputs add biases[0, f, 0, 0], its own.":
            _conv(inputs, weights, np.broadcast_to(biases.reshape(-1)[:1].reshape(1, 1, 1, 1), biases.shape),
                  stride, padding),
        # im2col's product has a row per (sample, position) and a column per filter.
        RESHAPED_STRAIGHT: (want["output"] - biases).transpose(0, 2, 3, 1).reshape(n, f, h, w) + biases,
        TRANSPOSED_BEFORE_RESHAPE: (want["output"] - biases).transpose(0, 2, 3, 1).reshape(-1, f).T.reshape(
            n, f, h, w) + biases,
    }
    if stride > 1:
        mistakes["The windows moved by 1, not by the stride: window (i, j) starts at row i * stride and column "
                 "j * stride of the padded input."] = _conv(inputs, weights, biases, 1, padding)[..., :h, :w]
    return mistakes


INSIDE = ("the + 1 was put inside the division by the stride, but it counts the first position and is added after "
          "the division")


def _expect_conv_kernel_2(got, want, what, size):
    """The case of 2 x 2 kernels beside the cases of 3 x 3 ones: what it raised, said with the kernel's size."""
    __tracebackhide__ = True
    output = got["kernel_2"]["output"]
    if isinstance(output, dict) and isinstance(output.get("raised"), str):
        expect.fail(f"{what} raised {output['raised']}, where kernels of 3 x 3 gave no error: is the kernel's size "
                    f"written as 3 somewhere? The window's size comes from {size}.",
                    hint=f"Every size of a window, a padded image and an output comes from {size}: which line uses "
                         "a 3 of its own? See the README's conventions.")
    _expect_conv(output, want["kernel_2"], f"{what} (the window's size comes from {size})", 0, 1)


# --- sizes and loops ----------------------------------------------------------

@check("shape", hint=("How many positions does a 3-wide kernel take along 7 values? Along 7 values padded by 1 "
                      "on each side? With stride 2? See the README's formula for H_out.",
                      "The padded axis has size + 2 * padding values; the kernel's last position starts "
                      "kernel_size values before its end; positions are stride apart."))
def test_output_size(run):
    """output_size(size, kernel_size, stride, padding) counts the positions of the kernel"""
    got, want = run("output_sizes")
    sizes = expect.shape(got["sizes"], want["sizes"].shape, "The sizes output_size returned",
                         "one size for each case the check asks about")
    # A slip named where it gives every size returned: in one case two slips may give the same.
    cases = [tuple(int(v) for v in case) for case in want["cases"]]
    slips = {"the + 1 for the first position is missing": lambda n, k, s, p: (n + 2 * p - k) // s,
             INSIDE: lambda n, k, s, p: (n + 2 * p - k + 1) // s,
             "the padding was counted on one side only": lambda n, k, s, p: (n + p - k) // s + 1,
             "the stride was ignored": lambda n, k, s, p: n + 2 * p - k + 1,
             "the division rounds up, where // rounds down to drop the part of a step that does not fit":
                 lambda n, k, s, p: -(-(n + 2 * p - k) // s) + 1}
    every = next((slip for slip, size_of in slips.items()
                  if np.array_equal(sizes, [size_of(*case) for case in cases])), None)
    for case, size, expected in zip(want["cases"], sizes, want["sizes"]):
        size_, kernel, stride, padding = (int(v) for v in case)
        if not size == expected:
            expected = int(expected)
            if np.isfinite(size) and size != int(size):
                expect.fail(f"output_size({size_}, {kernel}, stride={stride}, padding={padding}) returned {size:g}, "
                            f"but {expected} was expected: a count of positions is a whole number. Divide by the "
                            "stride with //, which drops the part of a step that does not fit.", "output_size")
            size = int(size) if np.isfinite(size) else size
            # One case alone: of the slips that give the same size there, the last named (the + 1 inside the
            # division is named only where it gives every size).
            missing = every or {size_of(size_, kernel, stride, padding): slip for slip, size_of in slips.items()
                                if slip != INSIDE}.get(size)
            expect.fail(f"output_size({size_}, {kernel}, stride={stride}, padding={padding}) returned {size}, but "
                        f"{expected} was expected" + (f": {missing}. " if missing else ". ")
                        + "The formula is (size + 2 * padding - kernel_size) // stride + 1.", "output_size")


@check("convolution", hint=("Which window does output[n, f, i, j] read, and is the kernel used as it is or flipped? "
                        "See the README's conventions.",
                        "output[n, f, i, j] = np.sum(padded[n, :, i*s:i*s+k, j*s:j*s+k] * weights[f]) + "
                        "biases[0, f, 0, 0]."),
       uses="output_size")
def test_conv_loops(run):
    """conv2d_loops computes the cross-correlation of each window with each filter, plus its bias"""
    got, want = run("conv_loops")
    _expect_conv(got["output"], want, "conv2d_loops(inputs, weights, biases)", 0, 1)
    _expect_conv_kernel_2(got, want, "conv2d_loops(inputs, weights, biases) with weights of shape (4, 3, 2, 2), "
                          "2 x 2 kernels", "weights.shape[2]")
    _expect_from_pixels(got["pixels_output"], want["pixels_output"], "conv2d_loops(inputs, weights, biases) with "
                        "inputs of integers (pixels of 0 to 16)", "output")


PIXELS_HINT = ("Which dtype does np.zeros_like(inputs) give, when the inputs are integers? See the README's "
               "conventions.")


def _expect_from_pixels(got, want, what, name):
    """What a function or layer gave for integer inputs, where floats are right: a result cut to whole numbers
    (an array made with the inputs' dtype) is named."""
    __tracebackhide__ = True
    if isinstance(got, dict) and isinstance(got.get("raised"), str):
        expect.fail(f"{what} raised {got['raised']}: images may come as integers, and the README's conventions "
                    "take them.")
    try:
        expect.array(got, want, what, mistakes={
            f"Each value was cut to a whole number: the {name}, or an array it was built from, was made with the "
            f"inputs' integer dtype (np.zeros_like(inputs), np.zeros_like of the windows, dtype=inputs.dtype or "
            ".astype(inputs.dtype)), so "
            "every float put in it lost its fraction. Make such arrays as floats, np.zeros(shape), as the README's "
            "conventions say.": np.trunc(want)})
    except expect.Mismatch as mismatch:
        if mismatch.known is None:
            raise
        # The check's own hints are about the values; this one is about the array they were put in.
        raise expect.Mismatch(str(mismatch), mismatch.mistake, mismatch.figure, PIXELS_HINT, mismatch.known) from None


@check("convolution", depends="conv_loops", hint="With padding, the window at output position i starts at "
       "i * stride in the padded image. np.pad pads only the axes you ask it to. See the README, step 2.",
       uses="output_size")
def test_conv_loops_stride_padding(run):
    """conv2d_loops handles stride 2 and padding 1"""
    got, want = run("conv_loops_stride_padding")
    _expect_conv(got["output"], want, "conv2d_loops(..., stride=2, padding=1)", 1, 2)


# --- im2col -------------------------------------------------------------------

@check("convolution", hint=("Each row is one window, flattened: which order do its values come in? See the README, step 3.",
                        "Rows in the order (sample, i, j); a row holds window[c, ki, kj] in C order, the order "
                        "weights[f].ravel() has."),
       uses="output_size")
def test_im2col(run):
    """im2col turns every window into a row, in the order of weights.reshape(F, -1)"""
    got, want = run("im2col")
    inputs, columns = want["inputs"], want["columns"]
    rows = len(columns)
    by_window = columns.reshape(rows, 3, 3, 3)
    expect.array(got["columns"], columns, "im2col(inputs, 3, stride=2, padding=1)", mistakes={
        named("channels_last", "Each row holds the window in the order (ki, kj, channel), channels last; "
                               "weights.reshape(F, -1) has the order (channel, ki, kj)."):
            by_window.transpose(0, 2, 3, 1).reshape(rows, -1),
        "Each row holds the window transposed (kj before ki).": by_window.transpose(0, 1, 3, 2).reshape(rows, -1),
        FLIPPED: by_window[:, :, ::-1, ::-1].reshape(rows, -1),
        # 2 samples of 3 x 3 windows' positions, here.
        "The rows come position by position, the samples of each together: im2col lists every window of the first "
        "sample, row by row of positions, then the next sample's, the order (sample, i, j) in which the output is "
        "reshaped back to (N, H_out, W_out, F).": columns.reshape(2, 3, 3, -1).transpose(1, 2, 0, 3).reshape(rows, -1),
        "The rows of each sample come column by column of positions (j before i): im2col lists the windows of each "
        "row of positions in turn, the order (sample, i, j) in which the output is reshaped back to (N, H_out, "
        "W_out, F): put the axis of i before the axis of j.":
            columns.reshape(2, 3, 3, -1).transpose(0, 2, 1, 3).reshape(rows, -1),
        "The windows were taken 1 apart, not stride apart: each offset's slice steps by the stride, "
        "padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride].": _im2col_by_ones(inputs),
        "The windows were taken from the inputs unpadded, 2 x 2 positions where padding=1 gives 3 x 3: pad them "
        "first, np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding))), and take every window of "
        "the padded inputs.": _im2col_unpadded(inputs),
        # Shapes of their own: 5 x 6 positions of every window, and 4 samples of 5 channels padded too.
        "Every window of the padded inputs was taken, 1 apart, 5 x 6 positions where stride=2 gives 3 x 3: the "
        "stride was left out. Step each window's start by the stride, [:, :, ::stride, ::stride] of every window, "
        "or padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride] for each offset.":
            _im2col_of_padded(np.pad(inputs, ((0, 0), (0, 0), (1, 1), (1, 1))), 1),
        "The padding was added to all four axes, np.pad(inputs, padding), which adds samples and channels of zeros "
        "too (4 samples of 5 channels here): pad the last two axes (H and W) alone, np.pad(inputs, ((0, 0), (0, "
        "0), (padding, padding), (padding, padding))).": _im2col_of_padded(np.pad(inputs, 1), 2),
    })
    expect.array(got["columns_by_default"], want["columns_by_default"],
                 "im2col(inputs, 2), with the default stride 1 and padding 0")


@check("convolution", hint=("Several windows cover the same input value: what happens to its gradient? See chapter 9 (a value used twice).",
                         "Add with += into np.zeros of the padded shape, then cut the padding off."),
       uses="output_size")
def test_col2im(run):
    """col2im adds each row back where its window lay, and cuts the padding off"""
    got, want = run("col2im")
    images = expect.as_array(got["images"], "col2im(columns, (2, 3, 5, 6), 3, stride=2, padding=1)")
    expect.true(images.shape != (2, 3, 7, 8), f"col2im(columns, (2, 3, 5, 6), 3, stride=2, padding=1) has shape "
                f"{images.shape}, the padded images' shape; the images had (2, 3, 5, 6): cut the padding off, "
                "[:, :, p:p + H, p:p + W].")
    overwritten = named("gradient_overwritten", "Where windows overlap, one window's value replaced the other's: "
                        "add them up with +=, since an input value shared by several windows gets the gradient of "
                        "each.")
    expect.array(images, want["images"], "col2im(columns, (2, 3, 5, 6), 3, stride=2, padding=1)", mistakes=[
        (overwritten, _col2im_overwriting(want["columns"])),
        (overwritten, _col2im_overwriting_by_window(want["columns"])),
        # Put back in some other order with =: the images are then what they are, one window's value at each place.
        *([(overwritten, images)] if _one_window_each(images, want["columns"]) else []),
        ("The windows were put back 1 apart, not stride apart: each offset's slice steps by the stride, "
         "padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride] += ...",
         _col2im_by_ones(want["columns"])),
        ("The padding was cut off the far side alone, [:, :, :H, :W], which keeps the first rows and columns of "
         "padding and drops the last of the images: the padding lies on both sides, [:, :, p:p + H, p:p + W].",
         _col2im_put_back(want["columns"], step=2, add=True, kept=(slice(0, 5), slice(0, 6)))),
    ])
    what = "col2im(columns, (2, 3, 3, 4), 2), with the default stride 1 and padding 0"
    by_default = expect.as_array(got["images_by_default"], what)
    if by_default.ndim == 4 and by_default.shape[:2] == (2, 3) and 0 in by_default.shape[2:]:
        expect.fail(f"{what} has shape {by_default.shape}, but (2, 3, 3, 4) was expected: with padding 0, a slice "
                    "[p:-p] is [0:0], which is empty. Cut the padding off with [:, :, p:p + H, p:p + W], which holds "
                    "for p = 0 too.")
    expect.array(by_default, want["images_by_default"], what)
    uncovered, expected = got["images_uncovered"], want["images_uncovered"]
    what = ("col2im(columns, (1, 1, 8, 8), 3, stride=2), whose 3 x 3 windows 2 apart leave the images' last row and "
            "column uncovered,")
    advice = ("The images keep their own size however the windows fall: put the windows back into np.zeros((n, c, "
              "H + 2 * p, W + 2 * p)), not into the area they cover, (out - 1) * stride + k, which is smaller where "
              "the stride does not divide what is left.")
    expect.true(not (isinstance(uncovered, np.ndarray) and uncovered.shape != expected.shape),
                f"{what} has shape {np.shape(uncovered)}, but {expected.shape} was expected. {advice}")
    expect.of_another_size(uncovered, expected, what, advice)


def _im2col_by_ones(inputs):
    """im2col's rows for 2 x 3 x 5 x 6 `inputs` (k 3, stride 2, padding 1: 3 x 3 positions) when each offset's slice
    ignores the stride: the windows start 1 apart."""
    padded = np.pad(inputs, ((0, 0), (0, 0), (1, 1), (1, 1)))
    columns = np.stack([padded[:, :, ki:ki + 3, kj:kj + 3] for ki in range(3) for kj in range(3)], axis=2)
    return columns.reshape(2, 3, 3, 3, 3, 3).transpose(0, 4, 5, 1, 2, 3).reshape(18, 27)


def _im2col_of_padded(padded, stride):
    """im2col's rows of 3 x 3 windows `stride` apart over `padded`, inputs already padded as a mistake padded them."""
    windows = sliding_window_view(padded, (3, 3), axis=(-2, -1))[:, :, ::stride, ::stride]
    n, channels, out_h, out_w = windows.shape[:4]
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * out_h * out_w, channels * 9)


def _im2col_unpadded(inputs):
    """im2col's rows for 2 x 3 x 5 x 6 `inputs` (k 3, stride 2) when the padding is left out: 2 x 2 positions."""
    windows = sliding_window_view(inputs, (3, 3), axis=(-2, -1))[:, :, ::2, ::2]
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(8, 27)


def _col2im_put_back(columns, step, add, kept=(slice(1, 6), slice(1, 7))):
    """What col2im gives for 2 x 3 x 5 x 6 images (k 3, stride 2, padding 1) with each window put back `step` apart,
    added to what is there (`add`) or assigned over it; `kept`: the rows and columns of the padded images kept."""
    windows = columns.reshape(2, 3, 3, 3, 3, 3).transpose(0, 3, 4, 5, 1, 2)
    padded = np.zeros((2, 3, 7, 8))
    for ki in range(3):
        for kj in range(3):
            place = (slice(None), slice(None), slice(ki, ki + 3 * step, step), slice(kj, kj + 3 * step, step))
            padded[place] = padded[place] + windows[:, :, ki, kj] if add else windows[:, :, ki, kj]
    return padded[(slice(None), slice(None), *kept)]


def _col2im_by_ones(columns):
    """The same when each offset's slice ignores the stride: the windows put back 1 apart."""
    return _col2im_put_back(columns, step=1, add=True)


def _col2im_overwriting(columns):
    """The same when it assigns instead of adding."""
    return _col2im_put_back(columns, step=2, add=False)


def _col2im_overwriting_by_window(columns):
    """The same, when col2im puts each row back in turn, window (n, i, j) after window (n, i, j - 1), with =: where
    windows overlap, the later window's value stays."""
    windows = columns.reshape(2, 3, 3, 3, 3, 3)
    padded = np.zeros((2, 3, 7, 8))
    for i in range(3):
        for j in range(3):
            padded[:, :, 2 * i:2 * i + 3, 2 * j:2 * j + 3] = windows[:, i, j]
    return padded[:, :, 1:6, 1:7]


def _one_window_each(images, columns):
    """Whether `images` holds, at each place of the 2 x 3 x 5 x 6 images (k 3, stride 2, padding 1), the value of
    one of the windows that lie there (0 where none does) and, somewhere windows overlap, not their sum: col2im
    assigned instead of adding, whatever order it put the windows back in."""
    if images.shape != (2, 3, 5, 6) or not np.all(np.isfinite(images)):
        return False
    windows = columns.reshape(2, 3, 3, 3, 3, 3).transpose(0, 3, 4, 5, 1, 2)
    # Windows that share a kernel offset never overlap (stride 2): one layer per offset holds every value put there.
    layers = np.full((9, 2, 3, 7, 8), np.nan)
    for ki in range(3):
        for kj in range(3):
            layers[3 * ki + kj][:, :, ki:ki + 6:2, kj:kj + 6:2] = windows[:, :, ki, kj]
    layers = layers[:, :, :, 1:6, 1:7]
    present = ~np.isnan(layers)
    one_of_them = np.any(present & np.isclose(layers, images), axis=0) | (~present.any(axis=0) & (images == 0))
    overlap = present.sum(axis=0) > 1
    summed = np.nansum(layers, axis=0)
    return bool(np.all(one_of_them) and np.any(overlap & ~np.isclose(images, summed)))


# --- Layer_Conv2D -------------------------------------------------------------

@check("convolution", hint=("After np.dot(columns, weights.reshape(F, -1).T) you have one row per window and one "
                        "column per filter: which axes are those, and in which order must they end? See the README's conventions.",
                        "reshape(N, H_out, W_out, F), then .transpose(0, 3, 1, 2), then add the biases."),
       uses=("output_size", "im2col"))
def test_conv_forward(run):
    """Layer_Conv2D.forward (im2col) sets output (N, F, H_out, W_out) for padding 1"""
    got, want = run("conv_forward")
    _expect_conv(got["output"], want, "self.output", 1, 1, set_by=(got["set"], want["set"], "Layer_Conv2D.forward"))
    for name, meaning in (("weights", "(n_filters, n_inputs_channels, kernel_size, kernel_size)"),
                          ("biases", "(1, n_filters, 1, 1), one bias per filter, for each of its maps")):
        expect.true(got["made"][name] == want["made"][name], f"Layer_Conv2D(3, 4, 2) made {name} of shape "
                    f"{tuple(got['made'][name]) if isinstance(got['made'][name], list) else got['made'][name]}, "
                    f"but {tuple(want['made'][name])} was expected, {meaning}: put the given __init__ back as it was.")
    _expect_conv_kernel_2(got, want, "self.output of a Layer_Conv2D(3, 4, 2), 2 x 2 kernels",
                          "self.kernel_size, the argument the layer was built with")
    _expect_from_pixels(got["pixels_output"], want["pixels_output"], "self.output of a Layer_Conv2D given inputs of "
                        "integers (pixels of 0 to 16)", "output")
    again, what = got["again_output"], "self.output of the same layer's second forward pass, on another batch,"
    expect.true(not (isinstance(again, dict) and isinstance(again.get("raised"), str)),
                f"A second forward pass of the same layer, on another batch of the same shape, raised "
                f"{again.get('raised') if isinstance(again, dict) else ''}.")
    try:
        expect.array(again, want["again_output"], what, mistakes={
            "That is the first batch's output: forward kept what its first call made (the windows, self.columns, "
            "made under an if not hasattr(...), say) where each call takes the windows of the inputs it is given.":
                want["output"]})
    except expect.Mismatch as mismatch:
        mismatch.hint = mismatch.hint or ("What does forward keep from one call to the next, and is it made again "
                                          "from the inputs each call gets? See the README, step 4.")
        raise
    _expect_resized(got, want, "Layer_Conv2D", "(2, 3, 7, 6)", "(2, 3, 5, 8)")


def _expect_resized(got, want, layer, first, then):
    """The same layer's forward pass on inputs of another size after its first (scenarios' RESIZED_*_INPUTS): sizes
    kept from the first call show."""
    __tracebackhide__ = True
    resized = got["resized_output"]
    raised = resized.get("raised") if isinstance(resized, dict) else None
    expect.of_another_size(raised if isinstance(raised, str) else resized, want["resized_output"],
                           f"self.output of the same {layer}'s forward pass on inputs of shape {then}, after one of "
                           f"{first},", "Each call takes its sizes from the inputs it is given: compute them in "
                           "forward, from inputs.shape, not once under an if not hasattr(...) or in __init__.")


@check("convolution", depends="conv_forward", hint="Pass the layer's stride and padding to im2col and to the "
       "output size. See the README, step 4.",
       uses=("output_size", "im2col"))
def test_conv_forward_stride(run):
    """Layer_Conv2D.forward handles stride 2"""
    got, want = run("conv_forward_stride")
    _expect_conv(got["output"], want, "self.output with stride 2", 0, 2,
                 set_by=(got["set"], want["set"], "Layer_Conv2D.forward"))


@check("convolution", depends=("conv_loops_stride_padding", "conv_forward_stride"),
       hint="Both ways compute the same thing: if they differ, print both for one small image. See the README, step 4.")
def test_conv_forward_matches_loops(run):
    """Layer_Conv2D.forward and conv2d_loops give the same output for the same layer"""
    expect.true(run("conv_forward")[0]["loops_called"] == 0, "Layer_Conv2D.forward called conv2d_loops, so "
                "this check would compare your loops with themselves. Its numbers are right, but step 4 computes the "
                "layer with im2col, every window as a row, and one np.dot with the weights reshaped to (n_filters, "
                "-1), whose columns backward then reuses.")
    for scenario, what in (("conv_forward", "padding 1"), ("conv_forward_stride", "stride 2")):
        got, _ = run(scenario)
        loops = expect.as_array(got["loops"], f"conv2d_loops with {what}")
        output = expect.as_array(got["output"], f"Layer_Conv2D.forward with {what}")
        expect.true(loops.shape == output.shape and expect.close(output, loops),
                    f"With {what}, Layer_Conv2D.forward and your conv2d_loops disagree: "
                    + (expect.difference(output.astype(float), loops.astype(float)) if loops.shape == output.shape
                       else f"shapes {output.shape} and {loops.shape}."))


@contextlib.contextmanager
def _dvalues_kept(got, want):
    """A gradient that does not match says first that the backward pass changed its dvalues, where it did."""
    __tracebackhide__ = True
    try:
        yield
    except expect.Mismatch:
        after = got["dvalues_after"]
        if isinstance(after, np.ndarray) and after.shape == want["dvalues"].shape \
                and not np.array_equal(after, want["dvalues"]):
            expect.unchanged(after, want["dvalues"], "The dvalues array given to Layer_Conv2D.backward",
                             f"{KEEP_DVALUES} Values changed before they were used change the gradients too.")
        raise


@check("convolution", hint=("Each weight met every window at its position: which product of the windows "
                         "(im2col) and dvalues adds those meetings up? See chapter 9.",
                         "rows = dvalues.transpose(0, 2, 3, 1).reshape(-1, F); "
                         "dweights = np.dot(rows.T, columns).reshape(weights.shape)."),
       uses=("output_size", "im2col", "conv_forward"))
def test_conv_backward_dweights(run):
    """Layer_Conv2D.backward sets dweights, the gradient for every weight, in the weights' shape"""
    got, want = run("conv_backward")
    inputs, dweights = want["inputs"], want["dweights"]
    with _dvalues_kept(got, want):
        # Given as a function: central differences, costly, are taken only for wrong values.
        expect.array(got["dweights"], dweights, "self.dweights",
                     set_by=(got["set"], want["set"], "Layer_Conv2D.backward"), mistakes=lambda: {
            FLIPPED: dweights[..., ::-1, ::-1], **_conv_dvalues_mistakes("weights", want),
            named("transposed", "Each filter's kernel of dweights is transposed, its rows and columns swapped (as "
                                "swapaxes(2, 3) gives): np.dot(rows.T, self.columns).reshape(self.weights.shape) is "
                                "in the weights' (F, C, kernel rows, kernel columns) order as it is, since im2col "
                                "laid each window out row by row."): dweights.swapaxes(-1, -2),
            named("transposed", "That is np.dot(self.columns.T, rows) reshaped: the transpose of the product whose "
                                "(filters, channels · kernel · kernel) layout is the weights'. Compute np.dot(rows.T, "
                                "self.columns), then reshape it to the weights' shape."):
                dweights.reshape(len(dweights), -1).T.reshape(dweights.shape),
            f"That is the gradient divided by the batch's {len(inputs)} samples: dweights sums every sample's "
            "share, np.dot(rows.T, self.columns), since dvalues comes from a loss whose backward divided by the "
            "samples already.": dweights / len(inputs)})
    _expect_from_pixels(got["pixels_dweights"], want["pixels_dweights"], "self.dweights of a Layer_Conv2D given "
                        "inputs of integers", "dweights")


@check("convolution", hint=("Each filter's bias was added to every sample and every position: which axes does "
                         "its gradient sum over? See chapter 9.",
                         "np.sum(dvalues, axis=(0, 2, 3), keepdims=True) keeps the shape (1, F, 1, 1)."),
       uses=("output_size", "im2col", "conv_forward"))
def test_conv_backward_dbiases(run):
    """Layer_Conv2D.backward sets dbiases, the sum of dvalues over samples and positions"""
    got, want = run("conv_backward")
    dvalues = want["dvalues"]
    wrong_axes = "dbiases was summed over the wrong axes: each filter's bias gets the sum over the samples " \
                 "and both position axes, np.sum(dvalues, axis=(0, 2, 3), keepdims=True)"
    with _dvalues_kept(got, want):
        expect.array(got["dbiases"], want["dbiases"], "self.dbiases", samples=len(dvalues),
                     set_by=(got["set"], want["set"], "Layer_Conv2D.backward"), mistakes={
            named("lost_axis", wrong_axes + " (this summed over the samples only)."):
                dvalues.sum(axis=0, keepdims=True),
            named("lost_axis", wrong_axes + " (this summed over the positions only)."):
                dvalues.sum(axis=(2, 3), keepdims=True),
            named("lost_axis", wrong_axes + " (this summed over the samples and the rows only)."):
                dvalues.sum(axis=(0, 2), keepdims=True),
            named("lost_axis", "dbiases lost its axes: pass keepdims=True so it keeps the shape (1, F, 1, 1) of "
                               "the biases."): dvalues.sum(axis=(0, 2, 3)),
            named("batch_factor", "dbiases is a mean; the gradient is the sum."): dvalues.mean(axis=(0, 2, 3),
                                                                                                 keepdims=True),
            **dvalues_ignored("Layer_Conv2D.backward", lambda given: given.sum(axis=(0, 2, 3), keepdims=True),
                              dvalues.shape, _conv(want["inputs"], want["weights"], want["biases"], 2, 1)),
        })


@check("convolution", hint=("dinputs has the shape of inputs: which product gives the gradient of every window, "
                         "and how do overlapping windows go back into one image? "
                         "See chapter 9.",
                         "dcolumns = np.dot(rows, weights.reshape(F, -1)), then col2im(dcolumns, inputs.shape, "
                         "...)."),
       uses=("output_size", "col2im", "conv_forward"))
def test_conv_backward_dinputs(run):
    """Layer_Conv2D.backward sets dinputs, the gradient for every input value, in the inputs' shape"""
    got, want = run("conv_backward")
    if got["dinputs_raised"] is True:
        # Backward raised after it set dweights and dbiases, which their own checks judge: the error is this one's.
        run("conv_backward_dinputs")
    inputs, weights, biases, dvalues = want["inputs"], want["weights"], want["biases"], want["dvalues"]
    padded = inputs.shape[:2] + tuple(size + 2 for size in inputs.shape[2:])   # padding 1
    dinputs = expect.as_array(got["dinputs"], "self.dinputs", want["dinputs"].shape,
                              set_by=(got["set"], want["set"], "Layer_Conv2D.backward"))
    expect.true(dinputs.shape != padded, f"self.dinputs has shape {dinputs.shape}, the padded inputs' "
                f"shape; the inputs had {want['dinputs'].shape}: cut the padding off, "
                "[:, :, p:p + H, p:p + W].")

    def through(kernels):
        """dinputs through these kernels: the layer is linear in its inputs, so central differences give it exactly."""
        return expect.numerical_gradient(
            lambda x: np.sum(_conv(x, kernels, biases, 2, 1) * dvalues, axis=(-4, -3, -2, -1)), inputs, batched=True)

    def mistakes():
        """The sentences of wrong dinputs and their values, taken by central differences: only for wrong values."""
        return {
            FLIPPED: through(weights[..., ::-1, ::-1]), **_conv_dvalues_mistakes("inputs", want),
            # weights.reshape(-1, F).T has the (F, C · k · k) shape of the weights' rows, but not their order.
            "That is the gradient through self.weights.reshape(-1, F).T: it has the shape of the filters' rows, "
            "(F, C · kernel · kernel), but reads the weights in another order. Each filter's row is "
            "self.weights.reshape(F, -1), the layout im2col's columns have: dcolumns = np.dot(rows, "
            "self.weights.reshape(F, -1)).": through(weights.reshape(-1, len(weights)).T.reshape(weights.shape)),
            "That is the gradient through kernels transposed, self.weights.transpose(0, 1, 3, 2): each filter's row "
            "reads its weights row by row, as im2col laid each window out, self.weights.reshape(F, -1), with no "
            "transpose.": through(weights.transpose(0, 1, 3, 2))}

    with _dvalues_kept(got, want):
        expect.array(dinputs, want["dinputs"], "self.dinputs", mistakes=mistakes)
    expect.of_another_size(got["other_dinputs"], want["other_dinputs"], "self.dinputs of a Layer_Conv2D(3, 2, 2) "
                           "with stride 1 and no padding", "Is a kernel size, stride or padding written into the "
                           "code? backward reads them from the layer: col2im(dcolumns, self.inputs.shape, "
                           "self.kernel_size, self.stride, self.padding).")
    _expect_from_pixels(got["pixels_dinputs"], want["pixels_dinputs"], "self.dinputs of a Layer_Conv2D given inputs "
                        "of integers", "dinputs")


@check("convolution", depends=("conv_backward_dweights", "conv_backward_dbiases", "conv_backward_dinputs"),
       hint="Check each gradient on a 1 x 1 x 3 x 3 image and one 2 x 2 filter by hand. See chapter 9.")
def test_conv_backward_gradcheck(run):
    """Layer_Conv2D.backward agrees with a numerical gradient for weights, biases and inputs"""
    got, want = run("conv_backward")
    inputs, weights, biases, dvalues = want["inputs"], want["weights"], want["biases"], want["dvalues"]
    def objective(outputs):
        return np.sum(outputs * dvalues, axis=(-4, -3, -2, -1))

    expect.gradient(got["dweights"], expect.numerical_gradient(
        lambda w: objective(_conv(inputs, w, biases, 2, 1)), weights, batched=True), "self.dweights")
    expect.gradient(got["dbiases"], expect.numerical_gradient(
        lambda b: objective(_conv(inputs, weights, b, 2, 1)), biases, batched=True), "self.dbiases")
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda x: objective(_conv(x, weights, biases, 2, 1)), inputs, batched=True), "self.dinputs")


@check("convolution", depends="conv_backward_dinputs",
       hint="Does a line of your backward pass assign into dvalues[...] or use -=, += on it? See chapter 9.")
def test_conv_backward_keeps_dvalues(run):
    """Layer_Conv2D.backward leaves the dvalues it was given unchanged"""
    got, want = run("conv_backward")
    expect.unchanged(got["dvalues_after"], want["dvalues"], "The dvalues array given to Layer_Conv2D.backward",
                     KEEP_DVALUES)


# --- Layer_MaxPool2D and Layer_Flatten -----------------------------------------

def _windows(values, pool):
    """(..., N, C, H, W) → (..., N, C, H // pool, pool, W // pool, pool): the pooling windows, whole ones only."""
    *leading, h, w = values.shape
    h, w = h // pool * pool, w // pool * pool
    return values[..., :h, :w].reshape(*leading, h // pool, pool, w // pool, pool)


def _max_pool(values, pool):
    """Each window's maximum, (..., N, C, H, W) → (..., N, C, H // pool, W // pool): the maximum of the pool x pool
    strided slices, several times faster than .max(axis=(-3, -1)) on a stack of points."""
    windows = _windows(values, pool)
    return functools.reduce(np.maximum, (windows[..., :, i, :, j] for i in range(pool) for j in range(pool)))


def _uncropped(raised, shape, pool):
    """Name the ValueError of a reshape into pool x pool windows of inputs (..., H, W) whose H or W the pool size
    does not divide: the checks' inputs have such sizes, and the windows that fit are the ones to pool."""
    __tracebackhide__ = True
    if not isinstance(raised, str) or not raised:
        return   # nothing raised: the values say the rest
    odd = [f"{name} = {size}" for name, size in zip("HW", shape[-2:]) if size % pool]
    if not odd:
        expect.fail(f"Layer_MaxPool2D({pool}) raised {raised}.")
    verb = "does" if len(odd) == 1 else "do"
    expect.fail(f"Layer_MaxPool2D({pool}) raised {raised}. {' and '.join(odd)} {verb} not divide by {pool}, so "
                f"the inputs cannot be reshaped into (N, C, H // {pool}, {pool}, W // {pool}, {pool}) as they are. "
                f"Crop them to whole windows first, inputs[:, :, :H // {pool} * {pool}, :W // {pool} * {pool}], "
                "then reshape: a trailing row or column that fills no window is left out (and its gradient in "
                "backward is 0).")


@check("forward", hint=("Reshaped into whole windows, (N, C, H // 2, 2, W // 2, 2), which two axes hold the values "
                        "of one window? And the checks pool 9 x 11 inputs: what becomes of the row and the column "
                        "that fill no window? See the README, step 5.",
                        "Crop to whole windows, inputs[:, :, :H // 2 * 2, :W // 2 * 2], then reshape to "
                        "(N, C, H // 2, 2, W // 2, 2) and take the maximum over axes 3 and 5."))
def test_pool_forward(run):
    """Layer_MaxPool2D.forward takes the maximum of each 2 x 2 window"""
    got, want = run("pool_forward")
    _uncropped(got["raised"], want["inputs"].shape, 2)
    windows = _windows(want["inputs"], 2)
    n, channels, height, width = windows.shape[0], windows.shape[1], windows.shape[2], windows.shape[4]
    expect.array(got["output"], want["output"], "self.output",
                 set_by=(got["set"], want["set"], "Layer_MaxPool2D.forward"), mistakes={
        "The windows were reshaped straight to (N, C, H // 2, W // 2, 4), without the transpose: a reshape keeps "
        "the values in their order, so each of those groups of 4 is a run of neighbours along a row. Reshape to "
        "(N, C, H // 2, 2, W // 2, 2) and take the maximum over axes 3 and 5 (or transpose(0, 1, 2, 4, 3, 5) "
        "before the reshape to 4).": windows.reshape(n, channels, height, width, 4).max(axis=-1),
        "Each window's mean was taken: max pooling keeps its largest value.": windows.mean(axis=(3, 5)),
        "The windows were read across the wrong axes: reshape to (N, C, H/2, 2, W/2, 2) and take the maximum "
        "over axes 3 and 5.": windows.reshape(2, 3, 2, 4, 2, 5).max(axis=(2, 4)),
        "The maximum was taken across the windows instead of within each: in (N, C, H // 2, 2, W // 2, 2), axes 2 "
        "and 4 count the windows and axes 3 and 5 hold one window's values, so take .max(axis=(3, 5)).":
            windows.max(axis=(2, 4)),
    })
    _expect_resized(got, want, "Layer_MaxPool2D(2)", "(2, 3, 9, 11)", "(2, 3, 6, 4)")


@check("backprop", hint=("Only one position of each window passed its value forward: which one, and what "
                         "is the derivative of the maximum for the others? It is the idea of the ReLU's, of "
                         "max(x, 0). See chapter 9.",
                         "Build a mask of each window's maximum (argmax) and multiply the repeated dvalues by it."))
def test_pool_backward(run):
    """Layer_MaxPool2D.backward sends each window's gradient to the position of its maximum"""
    got, want = run("pool_backward")
    _uncropped(got["raised"], want["inputs"].shape, 2)
    spread = np.zeros(want["inputs"].shape)
    repeated = np.repeat(np.repeat(want["dvalues"], 2, axis=2), 2, axis=3)
    spread[:, :, :repeated.shape[2], :repeated.shape[3]] = repeated
    windows = _windows(want["inputs"], 2)
    routed = (windows == windows.min(axis=(-3, -1), keepdims=True)) * want["dvalues"][:, :, :, None, :, None]
    to_minimum = np.zeros(want["inputs"].shape)
    to_minimum[:, :, :routed.shape[2] * 2, :routed.shape[4] * 2] = routed.reshape(
        *routed.shape[:2], routed.shape[2] * 2, routed.shape[4] * 2)
    maxima = windows == windows.max(axis=(-3, -1), keepdims=True)

    def to_maxima(values):
        """dinputs where each window's maximum gets the window's value of `values` (N, C, H // 2, W // 2)."""
        dinputs = np.zeros(want["inputs"].shape)
        dinputs[:, :, :maxima.shape[2] * 2, :maxima.shape[4] * 2] = (maxima * values[:, :, :, None, :, None]).reshape(
            *maxima.shape[:2], maxima.shape[2] * 2, maxima.shape[4] * 2)
        return dinputs

    # Routed window by window, (N, C, H/2, W/2, 2, 2), and laid back without the transpose that undoes the window's.
    to_maximum = maxima * want["dvalues"][:, :, :, None, :, None]
    unswapped = np.zeros(want["inputs"].shape)
    unswapped[:, :, :routed.shape[2] * 2, :routed.shape[4] * 2] = to_maximum.transpose(0, 1, 2, 4, 3, 5).reshape(
        *routed.shape[:2], routed.shape[2] * 2, routed.shape[4] * 2)
    mistakes = {
        "The gradient went to each window's smallest value: the maximum is what passed forward, so its position "
        "(argmax, not argmin) gets the gradient.": to_minimum,
        named("pool_gradient_everywhere", "Every position of each window got the window's gradient; only the "
                                          "maximum passed forward, so only it gets the gradient, the others 0."):
            spread,
        named("pool_gradient_everywhere", "Every position of each window got a quarter of the gradient, as in "
                                          "average pooling; in max pooling only the maximum gets it all."):
            spread / 4,
        "The windows' gradients were laid back without the transpose: from (N, C, H // 2, W // 2, 2, 2), "
        "transpose(0, 1, 2, 4, 3, 5) before reshaping to (N, C, H, W), as forward transposed to make them.": unswapped,
        **dvalues_ignored("Layer_MaxPool2D.backward", to_maxima, want["dvalues"].shape, _max_pool(want["inputs"], 2)),
    }
    try:
        expect.array(got["dinputs"], want["dinputs"], "self.dinputs", mistakes=mistakes,
                     set_by=(got["set"], want["set"], "Layer_MaxPool2D.backward"))
    except expect.Mismatch as mismatch:
        if mismatch.known is None:
            _zero_elsewhere(got["dinputs"], want["dinputs"], want["inputs"])
        raise
    _expect_from_pixels(got["pixels_dinputs"], want["pixels_dinputs"], "self.dinputs of a Layer_MaxPool2D given "
                        "inputs of integers", "dinputs")


def _zero_elsewhere(dinputs, want, inputs):
    """Where each window's maximum got its gradient and the other positions hold anything but 0: say what
    dinputs started from."""
    __tracebackhide__ = True
    if not (isinstance(dinputs, np.ndarray) and dinputs.shape == want.shape and dinputs.dtype.kind == "f"):
        return
    routed = want != 0
    stray = ~routed & (dinputs != 0)
    if not np.allclose(dinputs[routed], want[routed]) or not np.any(stray):
        return
    started = ("a copy of the inputs, whose values stay" if np.array_equal(dinputs[stray], inputs[stray]) else
               "an array that was not zeros (np.empty leaves whatever the memory held)")
    expect.fail(f"self.dinputs holds each window's gradient at its maximum, but not 0 everywhere else: it started "
                f"from {started} at the positions no maximum took, the last row or column that no window covers "
                "among them. Start from np.zeros(self.inputs.shape), then put each window's gradient at its "
                "maximum.")


@check("backprop", depends="pool_backward", hint="The maximum's derivative is 1 for the largest value and 0 "
       "for the others, as the ReLU's is. See chapter 9.")
def test_pool_backward_gradcheck(run):
    """Layer_MaxPool2D.backward agrees with a numerical gradient"""
    got, want = run("pool_backward")
    _uncropped(got["raised"], want["inputs"].shape, 2)
    expect.gradient(got["dinputs"], expect.numerical_gradient(
        lambda x: np.sum(_max_pool(x, 2) * want["dvalues"], axis=(-4, -3, -2, -1)),
        want["inputs"], batched=True), "self.dinputs")


@check("backprop", depends=("pool_forward", "pool_backward"),
       hint="Where does the 2 of a 2 x 2 window come from in your code: self.pool_size, or a number written in? "
            "See the README, step 5.")
def test_pool_uses_pool_size(run):
    """Layer_MaxPool2D(3) takes 3 x 3 windows, forward and backward"""
    got, want = run("pool_of_three")
    _uncropped(got["raised"], want["inputs"].shape, 3)
    two = "Layer_MaxPool2D(3) pooled 2 x 2 windows: a window is self.pool_size values wide and high, not 2."
    expect.array(got["output"], want["output"], "self.output of Layer_MaxPool2D(3)",
                 mistakes={two: _max_pool(want["inputs"], 2)})
    got, want = run("pool_of_three_backward")
    _uncropped(got["raised"], want["inputs"].shape, 3)
    raised = got["backward_raised"]
    expect.true(raised is None, f"Layer_MaxPool2D(3).backward raised {raised}, after its forward pass had pooled "
                "the same inputs in 3 x 3 windows, and where Layer_MaxPool2D(2) gave no error: is the 2 of a 2 x 2 "
                "window written into backward (p = 2, or a reshape to 4 values)? Backward takes the window's size from "
                "self.pool_size, as forward does.")
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs of Layer_MaxPool2D(3)")


@check("backprop", depends="pool_backward", hint=(
    "np.argmax gives the first position of a window's maximum, however many values share it. See the README, "
    "step 5.",
    "A mask of windows == their maximum marks every tied value; the argmax along each window's values marks one."))
def test_pool_backward_ties(run):
    """Layer_MaxPool2D.backward sends a window's gradient to one position where several values tie for the maximum"""
    got, want = run("pool_ties")
    _uncropped(got["raised"], want["inputs"].shape, 2)
    inputs = want["inputs"]
    windows = _windows(inputs, 2)
    tied = windows == windows.max(axis=(-3, -1), keepdims=True)

    def spread(weights):
        """dinputs where each window's gradient goes to its positions in these proportions (N, C, Ho, 2, Wo, 2)."""
        dinputs = np.zeros(inputs.shape)
        rows, columns = tied.shape[2] * 2, tied.shape[4] * 2
        dinputs[:, :, :rows, :columns] = (weights * want["dvalues"][:, :, :, None, :, None]).reshape(
            *tied.shape[:2], rows, columns)
        return dinputs

    def to_one(order, last=False):
        """dinputs where one tied value of each window gets its gradient: the first (or the last) in `order`, the
        axes of tied with the window's two last, (ki, kj) for row by row, (kj, ki) for column by column."""
        flat = tied.transpose(order).reshape(*tied.shape[:3], tied.shape[4], 4)
        index = 3 - np.argmax(flat[..., ::-1], axis=-1) if last else np.argmax(flat, axis=-1)
        one = (np.arange(4) == index[..., None]).reshape(flat.shape[:4] + tuple(tied.shape[axis] for axis in order[4:]))
        return spread(one.transpose(np.argsort(order)))

    by_row, by_column = (0, 1, 2, 4, 3, 5), (0, 1, 2, 4, 5, 3)
    told = ("; where several values of a window tie for its maximum, the first of them (row by row, as np.argmax "
            "picks) gets the whole gradient and the others 0. Ties are common in real images: a background of "
            "zeros gives windows of equal values, and the training below follows the reference step by step.")
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs where values tie", mistakes={
        "Every value tied for a window's maximum got the window's gradient" + told: spread(tied),
        "The values tied for a window's maximum shared the window's gradient" + told:
            spread(tied / tied.sum(axis=(-3, -1), keepdims=True)),
        "The last of the values tied for a window's maximum got the window's gradient" + told:
            to_one(by_row, last=True),
        "The first of the values tied for a window's maximum column by column got the window's gradient, as an argmax "
        "of the window transposed or read in Fortran order picks" + told: to_one(by_column),
    })


@check("backprop", depends=("conv_forward", "pool_forward", "pool_backward"),
       hint="Does a line of forward or backward assign into the array it was given (inputs[...] = 0) or use -=, +=, "
            "*= on it? See chapter 9.")
def test_layers_keep_their_arguments(run):
    """Layer_Conv2D.forward and Layer_MaxPool2D's forward and backward leave the arrays they are given unchanged"""
    # Backward too can write into forward's inputs, which it keeps as self.inputs: the caller's array.
    for scenario, given, layer in (("conv_forward", "inputs", "Layer_Conv2D.forward"),
                                   ("pool_forward", "inputs", "Layer_MaxPool2D.forward"),
                                   ("pool_backward", "dvalues", "Layer_MaxPool2D.backward"),
                                   ("pool_backward", "inputs", "Layer_MaxPool2D.forward, once backward had run,")):
        got, want = run(scenario)
        expect.unchanged(got[f"{given}_after"], want[given], f"The {given} array given to {layer}",
                         KEEP_DVALUES if given == "dvalues" else KEEP_INPUTS)


@check("forward", hint="inputs.reshape(len(inputs), -1) keeps the samples and flattens the rest, in C order. See the README, step 5.")
def test_flatten(run):
    """Layer_Flatten.forward makes one row per sample; backward gives dvalues the inputs' shape"""
    got, want = run("flatten")
    inputs = want["inputs"]
    expect.array(got["output"], want["output"], "self.output",
                 set_by=(got["set"], want["set"], "Layer_Flatten.forward"), mistakes={
        CHANNELS_LAST: inputs.transpose(0, 2, 3, 1).reshape(len(inputs), -1),
        "The rows were flattened in Fortran order (order='F'), which runs the first axes fastest and so mixes the "
        "samples into each other's rows: inputs.reshape(len(inputs), -1) in NumPy's own C order keeps each sample "
        "in its row.": inputs.reshape(len(inputs), -1, order="F")})
    try:
        expect.array(got["dinputs"], want["dinputs"], "self.dinputs",
                     set_by=(got["set"], want["set"], "Layer_Flatten.backward"))
    except expect.Mismatch:
        if np.shape(got["inputs_after"]) != inputs.shape:
            # Backward read the shape back from self.inputs, the caller's array, which forward reshaped.
            expect.unchanged(got["inputs_after"], inputs, "The inputs array given to Layer_Flatten.forward",
                             "inputs.shape = ... reshapes the caller's own array, and self.inputs with it, so "
                             "backward gives dvalues that shape; inputs.reshape(len(inputs), -1) makes a new array "
                             "and leaves the caller's as it was.")
        raise
    _expect_from_pixels(got["pixels_dinputs"], want["pixels_dinputs"], "self.dinputs of a Layer_Flatten given "
                        "inputs of integers", "dinputs")
    _expect_resized(got, want, "Layer_Flatten", "(3, 2, 4, 5)", "(3, 2, 3, 3)")


# --- a small CNN on the digits -------------------------------------------------

@check("training", depends=("conv_forward", "conv_backward_gradcheck", "pool_forward", "pool_backward",
                            "pool_backward_ties", "flatten"),
       hint="The step budget is the steps argument, 80 unless told otherwise: one loss per step, one batch of "
            "batch_size (64 by default) per step, the batches taken in turn and wrapping around past the last "
            "sample (start = step * batch_size % len(X)), so that no batch is empty. See chapter 10.")
def test_step_budget(run):
    """train(X, y, steps, batch_size) runs exactly `steps` steps and returns one loss per step; by default 80 steps of 64 digits"""
    got, want = run("training")
    expect.no_empty_batch(got["batch_sizes"], STEPS, TRAINING_DIGITS, BATCH, "digits", got["raised"])
    losses = expect.one_loss_a_step(got["losses"], STEPS, f"train(X, y, steps={STEPS}, batch_size={BATCH})")
    expect.finite_losses(losses)
    defaults = got["defaults"] if isinstance(got["defaults"], dict) else {}
    wrong = [f"{name}={defaults[name]!r}" if defaults.get(name) is not None else f"a {name} other than {value}"
             for name, value in DEFAULTS.items() if defaults.get(name) != value]
    expect.true(not wrong, f"train defaults to {' and '.join(wrong)}; the challenge's defaults are "
                "train(X, y, steps=80, batch_size=64).")


@check("training", depends="step_budget",
       hint=("Does each step take the next batch_size digits, and run pre_update_params, update_params on the "
             "convolution and the dense layer, and post_update_params? See chapter 10.",
             "start = step * batch_size % len(X); the optimizer's calls come after the backward pass through every "
             "layer, once per step."))
def test_training_recipe(run):
    """train follows the recipe: from the same starting weights, each of its 16 losses is the reference's"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"))
    got, want = run("training")
    _updated(got, want)
    changed_rate = expect.other_learning_rate(got["learning_rate"], want["learning_rate"])
    rescaled = expect.rescaled_gradient(got["losses"], want["losses"], "every sample of the batch")

    def later(step):
        return "The first steps agree, so a later one differs: " + (changed_rate or (
            "take the batches in turn, wrapping around with start = step * batch_size % len(X), keep the optimizer "
            "(and its momentums) from step to step, and call pre_update_params, update_params for both layers with "
            "weights and post_update_params once per step." + rescaled if step >= SHORT_STEP else
            "each step takes the next batch_size digits, keeps the optimizer (and its momentums), and calls "
            "pre_update_params, update_params for both layers with weights and post_update_params once." + (
                rescaled or " Where train does all that, the first update moved the weights otherwise than the "
                "gradients the recipe gives: check each layer's backward pass, the given ones too.")))
    first = ("The first loss differs: check the first batch (the first batch_size digits), the forward pass "
             "through every layer and the loss. The checks give Layer_Conv2D and Layer_Dense fixed starting weights, "
             "so train must build its layers from those two classes.")
    sizes = got["batch_sizes"]
    if isinstance(sizes, list) and len(sizes) == 2 * len(want["batch_sizes"]):
        first = (f"train ran the network forward {len(sizes)} times in its {STEPS} steps, twice a step, where the "
                 f"recipe runs it once. A loss taken from a second forward pass, after the update, is the loss of "
                 "the new weights, which belongs to the step after: record the loss of the forward pass that starts "
                 "the step, the one the backward pass starts from, losses.append(loss_activation.forward(values, "
                 "batch_y)), before the optimizer's calls.")
    expect.optimizer_not_built_at_import(got["optimizer_at_import"], "train")
    expect.built_once(got["optimizers_in_turn"], f"train's {STEPS} steps")
    expect.steps_counted(got["iterations"], want["iterations"], f"train's {STEPS} steps")
    _first_step_left_out(got["first_dweights"], want["first_dweights"], want["left_out"])
    expect.same_losses(got["losses"], want["losses"], first, later)


def _first_step_left_out(got, want, left_out):
    """Where the first step's dweights of the dense layer, or else of the convolution, are those of a backward pass
    without one of the layers between them (scenarios._left_out_at_first_step), or from the logits, say so: the
    losses say only that a later step differs."""
    if not (isinstance(got, list) and len(got) == len(want) == 2 and isinstance(left_out, dict)):
        return
    kinds = left_out["kinds"]
    mistakes = {expect.logits_into_combined("the last layer's output", "loss_activation.backward("
                                            "loss_activation.output, batch_y)"): left_out["logits"]}
    for position, without in enumerate(left_out["without_each"]):
        if without is not None and 0 < position < len(kinds) - 1:
            mistakes[expect.backward_left_out(f"the {kinds[position - 1]}'s backward", f"the {kinds[position + 1]}'s "
                                              "dinputs", f"the {kinds[position]}")] = without
    for number in (1, 0):   # the dense layer first, as the gradients flow
        value, expected = got[number], want[number]
        if not (isinstance(value, np.ndarray) and isinstance(expected, np.ndarray) and value.shape == expected.shape):
            return
        if not expect.close(value, expected):
            for sentence, values in mistakes.items():
                if values[number] is not None and expect.close(value, values[number]):
                    expect.fail(f"In the first step, the gradients the optimizer was given are not the recipe's. "
                                f"{sentence}")
            return


def _updated(got, want):
    """Every layer with weights moves in the watched run, as the reference's do: one that kept its starting weights
    is named, which says more than the step whose loss first differs. Every layer of each kind is looked at: of a
    network of two dense layers, the second may be the one never updated."""
    stuck = []
    for key, kind, names in (("conv", "Layer_Conv2D", ("convolution", "convolutions")),
                             ("dense", "Layer_Dense", ("dense layer", "dense layers"))):
        starts, now = got[f"{key}_start"], got[f"{key}_trained"]
        moved = [not np.array_equal(start, trained) for start, trained in zip(want[f"{key}_start"],
                                                                             want[f"{key}_trained"])]
        if not isinstance(starts, list) or not isinstance(now, list) or not any(moved):
            continue
        stuck += [_layer_named(names, kind, index, len(starts))
                  for index, (start, trained) in enumerate(zip(starts, now))
                  if isinstance(start, np.ndarray) and isinstance(trained, np.ndarray)
                  and np.array_equal(start, trained)]
    if stuck:
        expect.fail(f"The weights of {' and of '.join(stuck)} did not change in the {STEPS} steps: call "
                    f"optimizer.update_params on {'it' if len(stuck) == 1 else 'each of them'} at every step, beside "
                    "the other layers with weights, between pre_update_params and post_update_params.")


ORDINALS = ("first", "second", "third", "fourth", "fifth")


def _layer_named(names, kind, index, count):
    """"the dense layer (Layer_Dense)", or "the second of the 2 dense layers train builds (Layer_Dense)"; `names`:
    (one, several)."""
    if count == 1:
        return f"the {names[0]} ({kind})"
    which = ORDINALS[index] if index < len(ORDINALS) else f"number {index + 1}"
    return f"the {which} of the {count} {names[1]} train builds ({kind})"


@check("training", depends="step_budget", hint="If the loss does not fall, are both layers with weights "
       "updated after every backward pass? See chapter 10.")
def test_loss_goes_down(run):
    """The loss falls while training"""
    got, want = run("training")
    losses = expect.losses(got["losses"])
    start, end = float(np.mean(losses[:3])), float(np.mean(losses[-3:]))
    expect.true(end < 0.5 * start, f"The loss went from {start:.3f} (first 3 steps) to {end:.3f} (last 3); it "
                f"should fall below half of where it started (the reference ends at "
                f"{float(np.mean(want['losses'][-3:])):.3f}).")


@check("training", points=2, depends="loss_goes_down", hint="predict runs the forward pass through every layer "
       "and returns np.argmax of the output over the classes. See chapter 10.")
def test_held_out_accuracy(run):
    """The CNN reaches 90% accuracy on 200 digits of 0 to 4 it never saw, after 16 steps on 400 others"""
    got, want = run("training")
    labels = want["labels"]
    predictions = expect.as_array(got["on_held_out"], "predict on the held-out digits", labels.shape)
    expect.true(predictions.shape == labels.shape, f"predict returned shape {predictions.shape}; expected "
                f"{labels.shape}, one class index per image (np.argmax(output, axis=1)).")
    # The held-out digits are public: the accuracy is that of the trained layers' own parameters, run forward
    # here, and predict must give what they give.
    shapes = [(weights.shape, biases.shape) for weights, biases in want["parameters"]]
    parameters = expect.trained_parameters(got["parameters"], shapes, "the network train built")
    scores = _network_scores(want["held_out"], parameters)
    # The network is the recipe's, run with the parameters train left: a train that builds another network differs
    # from it as much as a predict that runs something else does.
    expect.classes_predicted_by_the_network(predictions, scores, "predict on the held-out digits", "train must build "
                                            "the recipe's network (Layer_Conv2D with padding 1, ReLU, 2 × 2 max "
                                            "pooling, flatten, Layer_Dense), and predict run the forward pass through "
                                            "every one of its layers, on the images it is given, and return "
                                            "np.argmax of the output.")
    accuracy = float(np.mean(np.argmax(scores, axis=1) == labels))
    reference = float(np.mean(want["on_held_out"] == labels))
    expect.true(accuracy >= HELD_OUT_ACCURACY, f"The accuracy on the held-out digits is {accuracy:.3f}; at least "
                f"{HELD_OUT_ACCURACY} was expected after {STEPS} steps (the reference reaches {reference:.3f}).")


def _network_scores(images, parameters):
    """The class scores train's network (convolution with padding 1, ReLU, 2 × 2 max pooling, flatten, dense) with
    these parameters gives for `images`, computed here rather than by the learner's predict."""
    (conv_weights, conv_biases), (dense_weights, dense_biases) = parameters
    with np.errstate(all="ignore"):   # a network that diverged gives NaN here as in the learner's predict
        maps = np.maximum(0, _conv(images.astype(np.float64), conv_weights, conv_biases.reshape(1, -1, 1, 1),
                                   padding=1))
        n, channels, height, width = maps.shape
        pooled = maps.reshape(n, channels, height // 2, 2, width // 2, 2).max(axis=(3, 5))
        return pooled.reshape(n, -1) @ dense_weights + dense_biases


@check("training", depends="held_out_accuracy", hint="predict must only run the forward pass. See chapter 11.")
def test_predict_does_not_learn(run):
    """predict only runs the network: the same digits give the same classes, and the layers stay as trained"""
    got, want = run("training")
    changed = got["changed_by_predict"]
    expect.true(not (isinstance(changed, str) and changed), f"predict changed {changed!s:.300}: it trained the "
                "network. predict must only run the forward pass, with no backward pass or optimizer step.")
    before = expect.as_array(got["on_held_out"], "predict on the held-out digits")
    after = expect.as_array(got["on_held_out_again"], "predict called again")
    expect.true(before.ndim == 1 and before[:50].shape == after.shape and np.array_equal(before[:50], after),
                "predict gave other classes when called a second time: it changed the network.")


@check("training", depends="step_budget", hint=(
    "The caller's arrays are the caller's: a layer or train reads them and leaves them as they were. See chapter 19.",
    "Flatten with inputs.reshape(len(inputs), -1) and dvalues.reshape(self.inputs.shape), which make new arrays; "
    "shuffle into new ones, X[keys] and y[keys]."))
def test_arguments_kept(run):
    """train and Layer_Flatten leave the arrays they are given as they were, shape and all"""
    got, want = run("training")
    flat, flat_want = run("flatten")
    expect.all_unchanged([(got["X_after"], want["X_after"], "The X given to train"),
                          (got["y_after"], want["y_after"], "The y given to train"),
                          (flat["inputs_after"], flat_want["inputs"], "The inputs given to Layer_Flatten.forward"),
                          (flat["dvalues_after"], flat_want["dvalues"], "The dvalues given to Layer_Flatten.backward")],
                         "The caller's arrays must come back as they were given: x.reshape(...) makes a new array "
                         "(a view of the same values), where x.shape = ... reshapes the caller's own, and X -= ..., "
                         "X[:] = ... or np.random.shuffle(X) change it.")


@figure("held_out_accuracy", "conv_forward", "conv_backward_gradcheck", "pool_backward")
def feature_maps(run):
    got, want = run("figure_feature_maps")
    yours = expect.as_array(got["maps"], "the feature maps", want["maps"].shape)
    expect.true(yours.shape == want["maps"].shape, f"The first layer's output has shape {yours.shape}; "
                f"{want['maps'].shape} was expected, so there are no feature maps to draw.")
    return figures.maps(
        f"A held-out digit (a {want['label']}) and the eight feature maps the first layer makes of it after "
        f"{STEPS} training steps from fixed starting weights: with your layers, and with the reference's",
        {"digit": [want["digit"]], "yours": yours[0], "reference": want["maps"][0]})
