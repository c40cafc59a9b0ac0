"""What each check runs on an implementation `nn`: the learner's file or the reference."""
from grader.scenario_helpers import returned_or_raised


def init_params(nn, rng):
    weights, biases = nn.init_params(4, 6)
    large_weights, large_biases = nn.init_params(60, 50)
    # A second layer of the same size: its weights are drawn anew.
    again, _ = nn.init_params(60, 50)
    return {"weights": weights, "biases": biases, "large_weights": large_weights, "large_biases": large_biases,
            "large_weights_again": again}


def dense_forward(nn, rng):
    inputs = rng.standard_normal((5, 4))
    weights, biases = rng.standard_normal((4, 3)), rng.standard_normal((1, 3))
    square = rng.standard_normal((3, 4))
    given = [inputs.copy(), weights.copy(), biases.copy()]
    return {"inputs": inputs, "weights": weights, "biases": biases, "square_inputs": square,
            "output": nn.dense_forward(*given), "given_after": given,
            # Three samples and three neurons: a transposed bias broadcasts without an error here.
            "square_output": nn.dense_forward(square.copy(), weights.copy(), biases.copy())}


def neuron_rows(nn, rng):
    inputs = rng.standard_normal((5, 4))
    neuron_weights, biases = rng.standard_normal((3, 4)), rng.standard_normal(3)
    # And a layer of 5 neurons: a neuron count written into the code shows.
    wide = [rng.standard_normal((2, 4)), rng.standard_normal((5, 4)), rng.standard_normal(5)]
    wide_output = returned_or_raised(nn, nn.forward_from_neuron_rows, *(array.copy() for array in wide))
    return {"inputs": inputs, "neuron_weights": neuron_weights, "biases": biases,
            "output": nn.forward_from_neuron_rows(inputs.copy(), neuron_weights.copy(), biases.copy()),
            "wide_output": wide_output}


def neuron_rows_lists(nn, rng):
    # The book's chapter 3 starts from plain Python lists.
    inputs = [[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]
    weights = [[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
    biases = [2.0, 3.0, 0.5]
    return {"output": nn.forward_from_neuron_rows(inputs, weights, biases)}


def _as_batch(nn, x):
    """as_batch(x), or what it raised, for a check that names the size it failed on."""
    return returned_or_raised(nn, nn.as_batch, x)


def as_batch(nn, rng):
    sample, batch = rng.standard_normal(4), rng.standard_normal((3, 4))
    # Of other sizes: 4 features written into the code fails here.
    other_sample, other_batch = rng.standard_normal(6), rng.standard_normal((2, 5))
    given = sample.copy()
    return {"sample": sample, "batch": batch,
            "sample_output": nn.as_batch(given), "sample_after": given, "batch_output": nn.as_batch(batch.copy()),
            "other_sample_output": _as_batch(nn, other_sample.copy()),
            "other_batch_output": _as_batch(nn, other_batch.copy()),
            # Batches with a size of 1, of one feature and of one sample: a size taken for the number of dimensions
            # shows.
            "narrow_batch": batch[:, :1], "narrow_batch_output": _as_batch(nn, batch[:, :1].copy()),
            "one_row_batch": batch[:1], "one_row_batch_output": _as_batch(nn, batch[:1].copy())}


def as_batch_list(nn, rng):
    # The book's chapter 3 writes a sample as a plain list, and a batch as a list of them.
    return {"output": nn.as_batch([1.0, 2.0, 3.0, 2.5]),
            "batch_output": _as_batch(nn, [[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]])}


def two_layer(nn, rng):
    inputs = rng.standard_normal((5, 4))
    w1, b1 = rng.standard_normal((4, 3)), rng.standard_normal((1, 3))
    w2, b2 = rng.standard_normal((3, 2)), rng.standard_normal((1, 2))
    return {"inputs": inputs, "w1": w1, "b1": b1, "w2": w2, "b2": b2,
            "output": nn.two_layer_forward(inputs.copy(), w1.copy(), b1.copy(), w2.copy(), b2.copy())}
