"""What each check runs on an implementation `nn`: the learner's file or the reference."""
import numpy as np

from grader.scenario_helpers import returned_or_raised

# The alpha that the checks of leaky_relu's alpha and the picture of its curve pass: far enough from the default
# 0.01 that a function ignoring it gives other numbers, and a slope the picture shows.
ALPHA = 0.2
STEEP_ALPHA = 1.5


def _call(function, inputs, *args, **kwargs):
    given = inputs.copy()
    return {"inputs": inputs, "output": function(given, *args, **kwargs), "given_after": given}


def sigmoid(nn, rng):
    return _call(nn.sigmoid, rng.standard_normal((5, 4)) * 3)


def sigmoid_shapes(nn, rng):
    vector, cube = rng.standard_normal(7), rng.standard_normal((2, 3, 4))
    return {"vector": vector, "cube": cube,
            "vector_output": nn.sigmoid(vector.copy()), "cube_output": nn.sigmoid(cube.copy())}


def sigmoid_extremes(nn, rng):
    return _call(nn.sigmoid, np.array([[-1000.0, -50.0, 0.0, 50.0, 1000.0]]))


def leaky_relu(nn, rng):
    # Whole numbers as integers too: alpha * x of -5 is -0.05, which an integer array written into cannot hold.
    whole = np.array([[-200, -5, 0, 3], [7, -1, -40, 2]])
    return {**_call(nn.leaky_relu, np.round(rng.standard_normal((5, 4)), 2)), "integers": whole,
            "of_integers": returned_or_raised(nn, nn.leaky_relu, whole.copy())}


def leaky_relu_alpha(nn, rng):
    """leaky_relu on a batch of 3-D inputs, with alpha by keyword, by position and above 1; where the first call
    raised, its text (raised_by) and whether the same call on those inputs as a 2-D batch ran."""
    inputs = np.round(rng.standard_normal((3, 4, 2)), 2)
    output = returned_or_raised(nn, nn.leaky_relu, inputs.copy(), alpha=ALPHA)
    if isinstance(output, str):
        flat = returned_or_raised(nn, nn.leaky_relu, inputs.reshape(12, 2), alpha=ALPHA)
        return {"inputs": inputs, "output": output, "flat_runs": not isinstance(flat, str), "positional": None,
                "alpha": ALPHA, "steep": None, "steep_alpha": STEEP_ALPHA}
    # A slope above 1 too: the README's rule holds for any alpha, np.maximum(x, alpha * x) only below 1.
    return {"inputs": inputs, "output": output, "flat_runs": True, "positional": nn.leaky_relu(inputs.copy(), ALPHA),
            "alpha": ALPHA, "steep": nn.leaky_relu(inputs.copy(), alpha=STEEP_ALPHA), "steep_alpha": STEEP_ALPHA}


def softmax(nn, rng):
    # A square batch: an axis or keepdims mistake gives wrong numbers instead of an error.
    return _call(nn.softmax, rng.standard_normal((4, 4)) * 2)


def softmax_rows(nn, rng):
    return _call(nn.softmax, rng.standard_normal((7, 3)) * 3)


def softmax_large(nn, rng):
    # The last row lies far below the batch's largest value: only each row's own max keeps it finite.
    return _call(nn.softmax, np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0], [800.0, 800.0, 799.0],
                                       [0.0, 1.0, 2.0]]))


def figure_sigmoid_curve(nn, rng):
    x = np.linspace(-6, 6, 121)
    return {"x": x, "y": nn.sigmoid(x.copy())}


def figure_leaky_relu_curve(nn, rng):
    x = np.linspace(-3, 3, 121)
    return {"x": x, "y": nn.leaky_relu(x.copy(), alpha=ALPHA), "alpha": ALPHA,
            "steep_y": nn.leaky_relu(x.copy(), alpha=STEEP_ALPHA), "steep_alpha": STEEP_ALPHA}
