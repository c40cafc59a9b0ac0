"""Checks for challenge 2: shape debugging."""
import numpy as np

from grader import expect
from grader.spec import check


@check("shape", hint="np.dot(inputs, weights) needs weights with one row per input. Which argument of randn "
       "comes first? See chapter 3.")
def test_init_weights_shape(run):
    """init_params(n_inputs, n_neurons) returns weights of shape (n_inputs, n_neurons)"""
    got, want = run("init_params")
    weights = expect.as_array(got["weights"], "The weights from init_params(4, 6)")
    expect.true(weights.shape == (4, 6), f"The weights from init_params(4, 6) have shape {weights.shape}; expected "
                "(4, 6): one row per input, one column per neuron."
                + (" That is one row per neuron, the layout of chapter 2; the book switches to "
                   "(n_inputs, n_neurons) so that no transpose is needed." if weights.shape == (6, 4) else ""))


@check("shape", hint="The biases are one row with one value per neuron. Which shape do you pass to np.zeros? "
       "See chapter 3.")
def test_init_biases_shape(run):
    """init_params returns biases of shape (1, n_neurons)"""
    got, want = run("init_params")
    biases = expect.as_array(got["biases"], "The biases from init_params(4, 6)")
    expect.true(biases.shape == (1, 6), f"The biases from init_params(4, 6) have shape {biases.shape}; expected "
                "(1, 6): one row, one bias per neuron."
                + (" A shape (6,) vector also broadcasts, but the book keeps biases two-dimensional: "
                   "np.zeros((1, n_neurons))." if biases.shape == (6,) else ""))


@check("forward", depends=("init_weights_shape", "init_biases_shape"),
       hint="0.01 * np.random.randn(...) and np.zeros(...). See chapter 3.")
def test_init_values(run):
    """init_params draws weights as 0.01 · randn and starts biases at zero"""
    got, want = run("init_params")
    weights = expect.as_array(got["large_weights"], "The weights from init_params(60, 50)").astype(float)
    spread, centre = float(np.std(weights)), float(np.mean(weights))
    expect.true(0.008 < spread < 0.012 and abs(centre) < 0.002,
                f"The weights from init_params(60, 50) have mean {centre:.4g} and standard deviation "
                f"{spread:.4g}; 0.01 * np.random.randn(...) gives mean about 0 and standard deviation about 0.01.")
    expect.true(not np.any(expect.as_array(got["large_biases"], "The biases from init_params(60, 50)")),
                "The biases must start at zero.")


@check("shape", hint="(samples, inputs) · (inputs, neurons) + (1, neurons): what shape is the bias after .T? "
       "See chapter 3.")
def test_dense_forward_shape(run):
    """dense_forward returns one row per sample and one column per neuron"""
    got, want = run("dense_forward")
    output = expect.as_array(got["output"], "dense_forward(inputs, weights, biases)", (5, 3))
    expect.true(output.shape == (5, 3), f"dense_forward(inputs, weights, biases) has shape {output.shape} for 5 "
                "samples and 3 neurons; expected (5, 3).")


@check("forward", depends="dense_forward_shape",
       hint="Broadcasting adds a (1, neurons) row to every sample. See chapter 3.")
def test_dense_forward(run):
    """dense_forward computes inputs · weights + biases, also for a square batch"""
    got, want = run("dense_forward")
    expect.array(got["output"], want["output"], "dense_forward(inputs, weights, biases)")
    square, weights, biases = want["square_inputs"], want["weights"], want["biases"]
    expect.array(got["square_output"], want["square_output"], "dense_forward for 3 samples and 3 neurons",
                 mistakes={
                     "The biases were transposed: a (3, 1) column adds one bias per sample, not per neuron. "
                     "Add biases as the (1, n_neurons) row they are.": square @ weights + biases.T,
                 })


@check("forward", hint="With one row per neuron, the weights must be transposed before the dot product. "
       "See chapter 3.")
def test_neuron_rows(run):
    """forward_from_neuron_rows handles weights stored one row per neuron"""
    got, want = run("neuron_rows")
    expect.array(got["output"], want["output"], "forward_from_neuron_rows(inputs, neuron_weights, biases)")


@check("data", depends="neuron_rows", hint="np.array(...) turns a list of lists into an array with .T. "
       "See chapter 3.")
def test_neuron_rows_lists(run):
    """forward_from_neuron_rows accepts plain Python lists, as in the book"""
    got, want = run("neuron_rows_lists")
    expect.array(got["output"], want["output"], "forward_from_neuron_rows with list arguments")


@check("shape", hint="A single sample of n features becomes a batch of one: how many rows and columns? "
       "See chapter 3.")
def test_as_batch_sample(run):
    """as_batch turns a 1-D sample (n,) into a batch of shape (1, n)"""
    got, want = run("as_batch")
    expect.array(got["sample_output"], want["sample_output"], "as_batch of a sample of shape (4,)")


@check("shape", hint="A batch is already two-dimensional. See chapter 3.")
def test_as_batch_batch(run):
    """as_batch returns a 2-D batch unchanged"""
    got, want = run("as_batch")
    expect.array(got["batch_output"], want["batch_output"], "as_batch of a batch of shape (3, 4)")


@check("shape", hint="The first layer's output is the second layer's input. See chapter 3.")
def test_two_layer_shape(run):
    """two_layer_forward returns (samples, neurons of the second layer)"""
    got, want = run("two_layer")
    output = expect.as_array(got["output"], "two_layer_forward(...)", (5, 2))
    expect.true(output.shape == (5, 2), f"two_layer_forward(...) has shape {output.shape} for 5 samples and 2 "
                "neurons in the second layer; expected (5, 2).")


@check("forward", depends="two_layer_shape", hint="Two dense layers, no activation in between. See chapter 3.")
def test_two_layer_forward(run):
    """two_layer_forward chains two dense layers"""
    got, want = run("two_layer")
    expect.array(got["output"], want["output"], "two_layer_forward(...)")
