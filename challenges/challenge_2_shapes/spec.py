"""Checks for challenge 2: shape debugging."""
import numpy as np

from grader import expect
from grader.mistakes import (BIASES_NOT_ADDED, CHAPTER_2_LAYOUT, COLUMN_BIASES, FLAT_BIASES, ONE_SIZE_WEIGHTS,
                             named)
from grader.spec import check

RETURNED_SWAPPED = ("The weights and the biases came back in the other order: init_params returns the weights "
                    "first, return weights, biases, as the callers unpack them.")


@check("shape", hint="np.dot(inputs, weights) needs weights with one row per input. Which argument of randn "
       "comes first? See chapter 3.")
def test_init_weights_shape(run):
    """init_params(n_inputs, n_neurons) returns weights of shape (n_inputs, n_neurons)"""
    got, want = run("init_params")
    expect.shape(got["weights"], (4, 6), "The weights array from init_params(4, 6)",
                 "one row per input, one column per neuron",
                 likely={(6, 4): CHAPTER_2_LAYOUT, (6,): ONE_SIZE_WEIGHTS,
                         **({(1, 6): RETURNED_SWAPPED} if getattr(got["biases"], "shape", None) == (4, 6) else {})})


@check("shape", hint="The biases are one row with one value per neuron. Which shape do you pass to np.zeros? "
       "See chapter 3.")
def test_init_biases_shape(run):
    """init_params returns biases of shape (1, n_neurons)"""
    got, want = run("init_params")
    expect.shape(got["biases"], (1, 6), "The biases array from init_params(4, 6)", "one row, one bias per neuron",
                 likely={(6,): FLAT_BIASES, (6, 1): COLUMN_BIASES,
                         **({(4, 6): RETURNED_SWAPPED} if getattr(got["weights"], "shape", None) == (1, 6) else {})})


@check("forward", depends=("init_weights_shape", "init_biases_shape"),
       hint="0.01 * np.random.randn(...) and np.zeros(...). See chapter 3.")
def test_init_values(run):
    """init_params draws weights as 0.01 · randn and starts biases at zero"""
    got, want = run("init_params")
    expect.initial_parameters(got["large_weights"], got["large_biases"], "init_params(60, 50)")
    first, again = got["large_weights"], got["large_weights_again"]
    expect.true(not (isinstance(first, np.ndarray) and isinstance(again, np.ndarray) and first.shape == again.shape
                     and np.array_equal(first, again)),
                "Two calls of init_params(60, 50) gave the same weights, so every layer of a network would start "
                "alike: a seed set inside init_params (np.random.seed, nnfs.init()) starts the generator again at "
                "each call. Seed once, at the top of the script, and let each call draw new weights.")


@check("shape", hint="(samples, inputs) · (inputs, neurons) + (1, neurons): what shape is the bias after .T? "
       "See chapter 3.")
def test_dense_forward_shape(run):
    """dense_forward returns one row per sample and one column per neuron"""
    got, want = run("dense_forward")
    expect.shape(got["output"], (5, 3), "dense_forward(inputs, weights, biases)", "5 samples, 3 neurons")


@check("forward", depends="dense_forward_shape",
       hint="Broadcasting adds a (1, neurons) row to every sample. See chapter 3.")
def test_dense_forward(run):
    """dense_forward computes inputs · weights + biases, also for a square batch"""
    got, want = run("dense_forward")
    product = want["inputs"] @ want["weights"]
    expect.array(got["output"], want["output"], "dense_forward(inputs, weights, biases)", mistakes={
        BIASES_NOT_ADDED: product,
        "The biases were subtracted: each neuron adds its bias, np.dot(inputs, weights) + biases.":
            product - want["biases"],
        "Every neuron got the sum of all the biases: each neuron adds its own, the row of biases added as it is, "
        "np.dot(inputs, weights) + biases.": product + np.sum(want["biases"])})
    square, weights, biases = want["square_inputs"], want["weights"], want["biases"]
    expect.array(got["square_output"], want["square_output"], "dense_forward for 3 samples and 3 neurons",
                 mistakes={
                     named("transposed", "The biases were transposed: a (3, 1) column adds one bias per "
                                         "sample, not per neuron. Add biases as the (1, n_neurons) row they are."):
                         square @ weights + biases.T,
                 })
    expect.all_unchanged([(after, want[name], f"The {name} given to dense_forward")
                          for after, name in zip(got["given_after"], ("inputs", "weights", "biases"))],
                         "dense_forward returns a new array and leaves the arrays it was given as they were: its "
                         "caller uses them again (the next batch, the backward pass).")


@check("forward", hint="With one row per neuron, the weights must be transposed before the dot product. "
       "See chapter 3.")
def test_neuron_rows(run):
    """forward_from_neuron_rows handles weights stored one row per neuron"""
    got, want = run("neuron_rows")
    expect.array(got["output"], want["output"], "forward_from_neuron_rows(inputs, neuron_weights, biases)",
                 mistakes={"The biases were not added: output = np.dot(inputs, np.array(neuron_weights).T) + biases.":
                           want["inputs"] @ want["neuron_weights"].T,
                           "The weights were reshaped to (n_inputs, n_neurons), which keeps their values in row order "
                           "and refills the rows: reshape is not a transpose. Swap the axes with .T, "
                           "np.array(neuron_weights).T.":
                           want["inputs"] @ want["neuron_weights"].reshape(want["neuron_weights"].shape[::-1])
                           + want["biases"]})
    expect.of_another_size(got["wide_output"], want["wide_output"], "forward_from_neuron_rows for a layer of 5 "
                           "neurons", "Is the number of neurons written into the code (reshape(1, 3), say)? Take it "
                           "from the arrays given, or let NumPy broadcast the (n_neurons,) biases as they are.")


@check("data", depends="neuron_rows", hint="np.array(...) turns a list of lists into an array with .T. "
       "See chapter 3.")
def test_neuron_rows_lists(run):
    """forward_from_neuron_rows accepts plain Python lists, as in the book"""
    got, want = run("neuron_rows_lists")
    expect.array(got["output"], want["output"], "forward_from_neuron_rows with list arguments")


@check("shape", hint=("A single sample of n features becomes a batch of one: how many rows and columns? "
                      "See chapter 3.",
                      "The book's chapter 3 writes a sample as a plain list: np.asarray(x) makes it an array "
                      "before you look at its ndim or reshape it."))
def test_as_batch_sample(run):
    """as_batch turns a 1-D sample (n,), an array or a list, into a batch of shape (1, n)"""
    got, want = run("as_batch")
    _batch(got["sample_output"], want["sample_output"], "as_batch of a sample of shape (4,)")
    expect.unchanged(got["sample_after"], want["sample"], "The sample given to as_batch",
                     "x.shape = (1, n) or x.resize(...) reshapes the caller's own array; return a reshaped view "
                     "instead, x.reshape(1, -1), which leaves x as it was.")
    _other_size(got["other_sample_output"], want["other_sample_output"], "a sample of shape (6,)")
    got, want = run("as_batch_list")
    _batch(got["output"], want["output"],
           "as_batch of the list [1.0, 2.0, 3.0, 2.5] (a sample as the book's chapter 3 writes it)")


# After the sample check: `return x` leaves a batch unchanged too, and turns no sample into a batch.
@check("shape", depends="as_batch_sample", hint="A batch is already two-dimensional. See chapter 3.")
def test_as_batch_batch(run):
    """as_batch returns a 2-D batch unchanged"""
    got, want = run("as_batch")
    _batch(got["batch_output"], want["batch_output"], "as_batch of a batch of shape (3, 4)")
    _other_size(got["other_batch_output"], want["other_batch_output"], "a batch of shape (2, 5)")
    by_ndim = ("A 2-D array is a batch whatever its sizes, 1 included: tell a sample from a batch by x.ndim alone, "
               "not by its sizes or by squeezing it first.")
    for key, what in (("narrow_batch", "a batch of 3 samples of one feature, shape (3, 1)"),
                      ("one_row_batch", "a batch of one sample, shape (1, 4)")):
        expected = want[f"{key}_output"]
        wrong = ({f"It became one row, a batch of one sample: the batch was taken for a sample. {by_ndim}":
                  expected.reshape(1, -1)} if expected.shape[0] > 1 else
                 {f"It became a column, one row per feature: the batch was taken for a sample and stood on end. "
                  f"{by_ndim}": expected.T})
        expect.of_another_size(got[f"{key}_output"], expected, f"as_batch of {what},", by_ndim, mistakes=wrong)
    got, want = run("as_batch_list")
    batch = got["batch_output"]
    if isinstance(batch, str):
        expect.fail(f"as_batch of a batch written as a list of 3 lists (as the book's chapter "
                    f"3 writes one) raised {batch}. Make it an array first, np.asarray(x), then look at its ndim.")
    if isinstance(batch, list):
        # Returned unchanged, as the README allows a batch: judged as the array it stands for.
        batch = _as_numbers(batch)
    _batch(batch, want["batch_output"], "as_batch of a batch written as a list of 3 lists of 4 (as the book's "
           "chapter 3 writes one)")


def _as_numbers(value):
    """`value`, a nested list, as a float array where it is a rectangular one of numbers; else as it is."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return value
    return array if array.ndim == 2 else value


def _other_size(got, want, what):
    """as_batch of an input whose samples have other than 4 features, after one of 4 passed."""
    __tracebackhide__ = True
    if isinstance(got, str):   # what as_batch raised (scenarios._as_batch)
        expect.fail(f"as_batch raised {got} on {what}, though it worked on samples of 4 features. Is the number "
                    "of features, 4, written into it? Take it from the input: x.reshape(1, -1) for a sample.")
    _batch(got, want, f"as_batch of {what}")


def _batch(got, want, what):
    """expect.array for what as_batch returned (`want`: a batch of one sample, or the batch it was given), with
    sentences of their own for its shape mistakes: as_batch only reshapes, it makes no product."""
    __tracebackhide__ = True
    if want.shape[0] == 1:
        mistakes = {
            named("transposed", "That is a column, one row per feature: the transpose of the batch expected. A "
                                "batch has one row per sample, so a sample of n features becomes (1, n): "
                                "x.reshape(1, -1), not x.reshape(-1, 1)."): want.T,
            "That is the sample as it came, one-dimensional: a batch has two axes, one row per sample, so a sample "
            "of n features becomes (1, n): x.reshape(1, -1).": want.ravel(),
        }
    else:
        mistakes = {
            "The batch was reshaped into one column: a 2-D batch already has one row per sample; return it as it "
            "is, and reshape only a 1-D sample (x.reshape(1, -1) when x.ndim == 1).": want.reshape(-1, 1),
            "The batch was flattened into one row: a 2-D batch already has one row per sample; return it as it "
            "is, and reshape only a 1-D sample (x.reshape(1, -1) when x.ndim == 1).": want.reshape(1, -1),
            named("transposed", "The batch was transposed, one row per feature: a 2-D batch already has one row "
                                "per sample; return it as it is."): want.T,
            "The batch got an extra axis in front, as a sample does: a 2-D batch already has one row per sample; "
            "add the axis only to a 1-D sample (x.reshape(1, -1) when x.ndim == 1).": want[np.newaxis],
        }
    expect.array(got, want, what, mistakes=mistakes)


@check("shape", uses="dense_forward_shape", hint="The first layer's output is the second layer's input. See chapter 3.")
def test_two_layer_shape(run):
    """two_layer_forward returns (samples, neurons of the second layer)"""
    got, want = run("two_layer")
    expect.shape(got["output"], (5, 2), "two_layer_forward(...)", "5 samples, 2 neurons in the second layer")


@check("forward", depends="two_layer_shape", uses="dense_forward",
       hint="Two dense layers, no activation in between. See chapter 3.")
def test_two_layer_forward(run):
    """two_layer_forward chains two dense layers"""
    got, want = run("two_layer")
    inputs, w1, b1, w2, b2 = (want[name] for name in ("inputs", "w1", "b1", "w2", "b2"))
    expect.array(got["output"], want["output"], "two_layer_forward(...)", mistakes={
        "A ReLU (or another activation) was put between the two layers: this challenge chains the two dense layers "
        "alone, the first layer's output going straight into the second, as chapter 3 does before activations.":
            np.maximum(0, inputs @ w1 + b1) @ w2 + b2,
        "The second layer's biases were not added: each dense layer adds its own, output = np.dot(hidden, w2) + b2.":
            (inputs @ w1 + b1) @ w2,
        "The first layer's biases were not added: each dense layer adds its own, hidden = np.dot(inputs, w1) + b1.":
            (inputs @ w1) @ w2 + b2,
        "A softmax was put after the second layer: this challenge chains the two dense layers alone, and returns "
        "the second one's output as it is.": expect.softmax((inputs @ w1 + b1) @ w2 + b2),
    })
