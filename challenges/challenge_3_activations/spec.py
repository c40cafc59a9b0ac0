"""Checks for challenge 3: activation functions."""
import numpy as np

from grader import expect
from grader.views import figures
from grader.mistakes import named, softmax_mistakes
from grader.spec import check, figure

KEEP_INPUTS = "Compute into a new array (np.where, np.maximum, or an expression) instead of writing into inputs."


@check("activation", hint="sigmoid(x) = 1 / (1 + e^-x): the exponent carries a minus sign. Which array do you "
       "give np.exp, inputs or -inputs? See chapter 4 and chapter 16.")
def test_sigmoid(run):
    """sigmoid(inputs) computes 1 / (1 + e^-x) for every value"""
    got, want = run("sigmoid")
    x = want["inputs"]
    expect.array(got["output"], want["output"], "sigmoid(inputs)", mistakes={
        # 1 / (1 + e^x) and e^-x / (1 + e^-x) are the same numbers: the sentence names both ways to them.
        named("sign_flipped", "That is sigmoid(-x), which is 1 - sigmoid(x): either the minus sign in e^-x is missing, "
                              "1 / (1 + e^x), or e^-x went above the line, e^-x / (1 + e^-x). sigmoid(x) is "
                              "1 / (1 + np.exp(-x)), with 1 above the line."): 1 / (1 + np.exp(x)),
        "The denominator subtracts e^-x: sigmoid(x) is 1 / (1 + np.exp(-x)), 1 plus e^-x, which keeps it between "
        "0 and 1.": 1 / (1 - np.exp(-x)),
        "That is np.tanh(x), which runs from -1 to 1, another activation: the sigmoid runs from 0 to 1, "
        "1 / (1 + np.exp(-x)).": np.tanh(x),
        "That is 1 + e^-x: 1 / 1 + np.exp(-x) divides 1 by 1 first, as Python divides before it adds. Put the "
        "denominator in parentheses, 1 / (1 + np.exp(-x)).": 1 + np.exp(-x),
        **{f"The inputs were clipped to [-{bound:g}, {bound:g}] first, which changes the sigmoid of every input "
           "beyond them: no clip is needed, since np.exp(-x) of a large negative x overflows to inf and 1 / inf is "
           "0, the right answer (np.errstate(over='ignore') silences NumPy's warning).":
           1 / (1 + np.exp(-np.clip(x, -bound, bound))) for bound in (1, 2, 3, 4, 5, 6, 8, 10, 15, 20)},
    })


@check("shape", depends="sigmoid", hint="Element-wise NumPy operations keep the shape of their input. "
       "See chapter 4.")
def test_sigmoid_any_shape(run):
    """sigmoid works on a 1-D vector and a 3-D array alike"""
    got, want = run("sigmoid_shapes")
    expect.array(got["vector_output"], want["vector_output"], "sigmoid of a vector of shape (7,)")
    expect.array(got["cube_output"], want["cube_output"], "sigmoid of an array of shape (2, 3, 4)")


@check("activation", depends="sigmoid", hint="What are e^1000 and 1 / inf in floating point? See chapter 16.")
def test_sigmoid_extremes(run):
    """sigmoid gives 0 and 1, not NaN, for inputs like -1000 and 1000"""
    got, want = run("sigmoid_extremes")
    inputs = np.asarray(want["inputs"]).ravel()
    # Inputs clipped to a bound far enough from 0 (±10) give outputs far from 0 and 1: said before the comparison.
    if isinstance(got["output"], np.ndarray) and got["output"].size == inputs.size \
            and got["output"].dtype.kind in "iuf":
        with np.errstate(all="ignore"):   # a learner's values may be anything, huge integers among them
            outputs = got["output"].astype(np.float64).ravel()
        for x, value in zip(inputs, outputs):
            if x and not np.isclose(value, float(x > 0), rtol=0, atol=1e-12):
                _inputs_clipped(x, value)
    with np.errstate(all="ignore"):   # the mistake's own overflow, e^1000
        ratio = np.exp(want["inputs"]) / (1 + np.exp(want["inputs"]))
    expect.array(got["output"], want["output"], "sigmoid([-1000, -50, 0, 50, 1000])", mistakes={
        "e^x / (1 + e^x) is sigmoid too, but e^1000 overflows to inf, and inf / inf is NaN: write it as "
        "1 / (1 + np.exp(-inputs)), whose overflow, for very negative inputs, gives 1 / inf = 0.": ratio})
    # Within the tolerance of the comparison above, yet not the 0 and 1 the README asks for: a clipped output.
    output = np.asarray(got["output"], dtype=np.float64).ravel()
    for x, value in zip(inputs, output):
        if (x < 0 and value > 1e-12) or (x > 0 and value < 1 - 1e-9):
            _inputs_clipped(x, value)
            expect.fail(f"sigmoid({x:g}) is {value:.10g}, where the README asks for {0 if x < 0 else 1} (e^-x "
                        "overflows to inf, and 1 / inf is 0). Was the output clipped, as the loss clips its "
                        "predictions? Clipping belongs to the loss (chapter 5); sigmoid returns 1 / (1 + e^-x) as "
                        "it is.")
    # A guard against overflow that writes into the inputs acts only on values this large.
    expect.unchanged(got["given_after"], want["inputs"], "The array given to sigmoid([-1000, -50, 0, 50, 1000])",
                     "A guard against overflow, if any, computes into a new array, np.clip(inputs, -500, 500) "
                     "without out=, never inputs[...] = or out=inputs.")


def _inputs_clipped(x, value):
    """Name sigmoid(x) that is sigmoid of a round number closer to 0 than x: its inputs were clipped there."""
    if not 0 < value < 1:
        return
    with np.errstate(all="ignore"):
        implied = float(np.log(value) - np.log1p(-value))   # the input whose sigmoid is `value`
    bound = round(2 * implied) / 2
    if bound and abs(bound) < abs(x) and abs(implied - bound) <= 1e-6 * abs(bound):
        expect.fail(f"sigmoid({x:g}) is {value:.10g}, which is sigmoid({bound:g}): the inputs were clipped to "
                    f"±{abs(bound):g} before e^-x, where the README asks for {0 if x < 0 else 1}. Without a clip, e^-x "
                    "overflows to inf, and 1 / inf is 0, the right answer (NumPy's overflow warning is harmless "
                    "here); leave the inputs as they are, or clip them far wider, as at ±500.")


@check("activation", hint="Positive values pass unchanged; negative ones are multiplied by alpha. Which NumPy "
       "function chooses between two arrays by a condition? See chapter 4.")
def test_leaky_relu(run):
    """leaky_relu(inputs) keeps positive values and scales negative ones by 0.01"""
    got, want = run("leaky_relu")
    x = want["inputs"]
    expect.array(got["output"], want["output"], "leaky_relu(inputs)", mistakes={
        "Negative values became 0: that is plain ReLU. Leaky ReLU keeps alpha * x for them.": np.maximum(0, x),
        "Positive values were scaled by alpha instead of negative ones.": np.where(x > 0, 0.01 * x, x),
        "Positive values were scaled by alpha and negative ones became 0: leaky ReLU keeps positive values as they "
        "are and multiplies negative ones by alpha, np.where(inputs > 0, inputs, alpha * inputs).":
            np.where(x > 0, 0.01 * x, 0),
        "This is max(x, 0.01): leaky ReLU multiplies negative inputs by alpha, max(alpha * x, x).":
            np.maximum(x, 0.01),
        "Negative values became positive: alpha * np.abs(x) drops their sign. Leaky ReLU keeps alpha * x for "
        "them, which stays negative.": np.where(x > 0, x, 0.01 * np.abs(x)),
        "Every value was multiplied by alpha, the positive ones too: leaky ReLU keeps positive values as they are, "
        "np.where(inputs > 0, inputs, alpha * inputs).": 0.01 * x,
        "Negative values were scaled by 0.1: called without alpha, leaky_relu takes its default, which is 0.01, "
        "def leaky_relu(inputs, alpha=0.01).": np.where(x > 0, x, 0.1 * x),
    })
    whole = want["integers"]
    raised, after = got["of_integers"], got["given_after"]
    # The float batch's call tells where the integers' call wrote: into the caller's array, or into a copy.
    into_inputs = not (isinstance(after, np.ndarray) and after.shape == x.shape and np.array_equal(after, x))
    into = ("the array of integers it was given (the caller's own, which leaky_relu must leave unchanged: the float "
            "batch's values changed in the caller's array)" if into_inputs else
            "an array of integers (a copy of the inputs, np.zeros_like(inputs) or .astype(inputs.dtype), then "
            "out[out < 0] = ... or out *= alpha)")
    if isinstance(raised, str):
        expect.fail(f"leaky_relu(inputs) for the integers {whole.tolist()} raised {raised}: "
                    f"alpha * x, a float, cannot be written into {into}. Build the result as a new array, "
                    "np.where(inputs > 0, inputs, alpha * inputs), which holds floats.")
    expect.array(got["of_integers"], want["of_integers"], f"leaky_relu(inputs) for the integers {whole.tolist()}",
                 mistakes={f"alpha * x was written into {into}, which cuts -0.05 to 0: build the result as a new "
                           "array, np.where(inputs > 0, inputs, alpha * inputs), which holds floats.":
                               np.where(whole > 0, whole, (0.01 * whole).astype(whole.dtype))})


@check("activation", depends="leaky_relu", hint="Use the alpha argument rather than the number 0.01, in a rule "
       "that holds for any alpha, one above 1 too. See chapter 4.")
def test_leaky_relu_alpha(run):
    """leaky_relu(inputs, alpha) uses the alpha it is given, by keyword or position"""
    got, want = run("leaky_relu_alpha")
    x, alpha = want["inputs"], want["alpha"]
    if isinstance(got["output"], str) and got["flat_runs"] is True:
        # Python's own comparisons and conversions, given an array where a loop expected a number.
        looped = any(said in got["output"] for said in ("truth value of an array", "only length-1 arrays",
                                                        "only size-1 arrays", "only 0-dimensional arrays",
                                                        "with a sequence"))
        expect.fail(f"leaky_relu(inputs, alpha={alpha:g}) on inputs of shape {x.shape} raised {got['output']}, where "
                    "the same inputs as a 2-D batch, shape (12, 2), ran: leaky_relu takes arrays of any shape, as "
                    "NumPy's element-wise operations do" + (
                        ", and a loop over the rows meets rows that are arrays themselves. np.where(inputs > 0, "
                        "inputs, alpha * inputs) works whatever the shape." if looped else
                        ": is a shape of two axes written into the code?"),
                    hint="Which NumPy function chooses between two arrays element by element, whatever their "
                    "shape? See chapter 4." if looped else "Try leaky_relu on np.zeros((3, 4, 2)): what in it "
                    "expects two axes? See the README.")
    expect.array(got["output"], want["output"], f"leaky_relu(inputs, alpha={alpha:g})", mistakes={
        f"alpha={alpha:g} was ignored: the result uses 0.01. Use the alpha parameter in the formula.":
            np.where(x > 0, x, 0.01 * x),
    })
    expect.array(got["positional"], want["positional"], f"leaky_relu(inputs, {alpha:g})")
    steep = want["steep_alpha"]
    expect.array(got["steep"], want["steep"], f"leaky_relu(inputs, alpha={steep:g})", mistakes={
        f"np.maximum(x, alpha * x) is the leaky ReLU only for alpha below 1: with alpha={steep:g} it keeps alpha · x "
        "for the positive inputs too. The rule is x where x > 0 and alpha · x elsewhere, np.where(inputs > 0, inputs, "
        "alpha * inputs), for any alpha.": np.maximum(x, steep * x)})


@check("activation", depends=("sigmoid", "leaky_relu"),
       hint="Does either function assign into inputs[...] or use an in-place operator on it? See chapter 4.")
def test_functions_keep_inputs(run):
    """sigmoid and leaky_relu leave their input arrays unchanged"""
    for scenario, name in (("sigmoid", "sigmoid"), ("leaky_relu", "leaky_relu")):
        got, want = run(scenario)
        expect.unchanged(got["given_after"], want["inputs"], f"The array given to {name}", KEEP_INPUTS)


@check("activation", hint="Subtract each row's own maximum, exponentiate, then divide each row by its own sum: "
       "with axis=1 and keepdims=True, np.max and np.sum each give a column, (n, 1), that lines up with the rows. "
       "See chapter 4.")
def test_softmax(run):
    """softmax(inputs) turns each row of a batch into probabilities"""
    got, want = run("softmax")
    expect.array(got["output"], want["output"], "softmax(inputs)",
                 mistakes=softmax_mistakes(want["inputs"]))


@check("activation", depends="softmax", hint="A probability distribution sums to 1. See chapter 4.")
def test_softmax_rows_sum_to_one(run):
    """softmax gives rows that sum to 1 for a batch of any size"""
    got, want = run("softmax_rows")
    expect.array(got["output"], want["output"], "softmax of a batch of shape (7, 3)")


@check("activation", depends="softmax", hint="np.exp(1000) overflows. What can you subtract from each row that "
       "leaves softmax unchanged? See chapter 4.")
def test_softmax_large_logits(run):
    """softmax survives inputs like 1000 without overflow"""
    got, want = run("softmax_large")
    try:
        expect.array(got["output"], want["output"], "softmax of inputs around 1000 and a row far below them",
                     mistakes=softmax_mistakes(want["inputs"]))
    except expect.Mismatch as mismatch:
        raise expect.overflow_told(mismatch, got["output"]) from None


@check("activation", depends="softmax", hint="Subtracting the max with -= changes the caller's array. "
       "See chapter 4.")
def test_softmax_keeps_inputs(run):
    """softmax leaves its input array unchanged"""
    got, want = run("softmax")
    expect.unchanged(got["given_after"], want["inputs"], "The array given to softmax", "Subtract the maximum into a "
                     "new array, np.exp(inputs - np.max(inputs, axis=1, keepdims=True)), instead of writing into "
                     "inputs with -=.")


def _curve(got, want, title):
    return figures.lines(title, want["x"], {"yours": np.ravel(expect.as_array(got["y"], "y")), "reference": want["y"]})


@figure("sigmoid")
def sigmoid_curve(run):
    return _curve(*run("figure_sigmoid_curve"), "Your sigmoid over the reference's, for x from -6 to 6")


@figure("leaky_relu_alpha", "leaky_relu")
def leaky_relu_curve(run):
    got, want = run("figure_leaky_relu_curve")
    # Drawn at the steeper alpha where the first curve is right: np.maximum(x, alpha * x) is right for alpha below 1.
    mine = np.ravel(expect.as_array(got["y"], "y"))
    if mine.shape == want["y"].shape and expect.close(mine, want["y"]):
        got, want = {"y": got["steep_y"]}, {"x": want["x"], "y": want["steep_y"], "alpha": want["steep_alpha"]}
    return _curve(got, want, f"Your leaky_relu(x, alpha={want['alpha']:g}) over the reference's")
