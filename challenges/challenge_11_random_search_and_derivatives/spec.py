"""Checks for challenge 11: from random search to derivatives."""
import numpy as np

from grader import expect
from grader.mistakes import named
from grader.spec import check

ITERATIONS = 400
CORRECT, WRONG = 1e-3, 0.1   # what backward_errors must report for a right and a wrong gradient
STEP = 0.01   # the h the scenarios give numerical_derivative and numerical_gradient
KEEP_X = "Put each element back after moving it (x[index] = kept), or work on a copy of x."
PRECEDENCE = ("Every slope is h² times the expected value: / 2 * h divides by 2 and then multiplies by h, since / and * "
              "are worked out from left to right. Divide by the distance between the two points in parentheses: "
              "/ (2 * h).")


def _loss(parameters, inputs, labels, relu=True, softmax=True):
    """The categorical cross-entropy of the 2-3-3 network with these parameters, as the book computes it; without
    the ReLU, or of the raw scores taken for probabilities, as two mistakes compute it."""
    weights1, biases1, weights2, biases2 = (np.asarray(p, dtype=float) for p in parameters)
    hidden = inputs @ weights1 + biases1
    scores = (np.maximum(0, hidden) if relu else hidden) @ weights2 + biases2
    exp = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    probabilities = np.clip(exp / np.sum(exp, axis=1, keepdims=True) if softmax else scores, 1e-7, 1 - 1e-7)
    return float(np.mean(-np.log(probabilities[range(len(labels)), labels])))


def _parameters(got):
    """The four weight and bias arrays of the layers random_search returned."""
    parameters = got["parameters"]
    expect.true(isinstance(parameters, list) and len(parameters) == 4, "random_search must return the two "
                "Layer_Dense objects it trained, each with weights and biases.")
    return [expect.as_array(p, "a weight or bias array of the returned layers").astype(float) for p in parameters]


def _lowest_losses(got):
    returned = got.get("returned")
    expect.true(returned is None, f"random_search returned {returned!s:.80}; it returns three things, "
                "dense1, dense2, lowest_losses: the two layers, holding the parameters of the lowest loss found, and "
                "the list of the lowest loss after each iteration.")
    losses = expect.as_array(got["lowest_losses"], "the lowest_losses random_search returned")
    expect.true(losses.shape == (ITERATIONS,), f"random_search(X, y, iterations={ITERATIONS}) returned "
                f"{losses.size} lowest losses; expected {ITERATIONS}, one after each iteration.")
    return losses.astype(float)


@check("training", hint=("Is what you append each iteration the lowest loss so far, or the loss of that "
                         "iteration's nudge? See chapter 6.",
                         "Append lowest_loss after the if/else, once per iteration. See chapter 6."))
def test_random_search_keeps_the_lowest(run):
    """random_search records the lowest loss after each iteration, which never goes up"""
    got, want = run("random_search")
    losses = _lowest_losses(got)
    expect.true(isinstance(got["default_count"], int) and got["default_count"] == 1000, f"random_search(X, y) without "
                f"iterations makes {expect.counted(got['default_count'], 'iteration')}; the default is "
                "iterations=1000.")
    with np.errstate(invalid="ignore"):   # inf - inf, where the lowest loss was never set from a loss
        steps = np.diff(losses)
    rises = np.flatnonzero(steps > 0)
    expect.true(not (rises.size and not np.any(steps < 0)), "The recorded loss only ever went up: the search "
                "keeps a nudge whose loss is higher, the comparison turned around. Keep a nudge only when its loss "
                "is lower, if loss < lowest_loss, and append lowest_loss.")
    expect.true(not rises.size, f"The lowest loss went up from iteration {rises[0] if rises.size else 0} to the "
                "next: lowest_losses must hold the lowest loss found so far, which a worse nudge never changes. "
                "Is it each iteration's own loss instead?")
    # The reference's search finds a lower loss dozens of times in these iterations.
    expect.true(bool(np.any(steps < 0)), f"The lowest loss never fell in {ITERATIONS} iterations: it stayed "
                f"{losses[0]:.4f}. Does each iteration nudge the parameters, compute the loss of the nudged network, "
                "and keep that loss as the lowest (lowest_loss = loss) when it is lower? A np.random.seed call "
                "inside the loop makes every iteration draw the same nudge.")
    expect.true(bool(np.isfinite(losses[0])) and losses[0] < 1e6, f"The first lowest loss recorded is "
                f"{losses[0]:.10g}, the value lowest_loss starts at before any loss is computed: it was appended "
                "before the iteration's comparison, so every entry is one iteration late. Append lowest_loss after "
                "the if/else, once per iteration.")


@check("training", depends="random_search_keeps_the_lowest",
       hint=("After a worse nudge, do the layers get the best parameters back? And are the best ones copies, "
             "or the very arrays the next nudge changes? See chapter 6.",
             "Keep dense1.weights.copy() (and the same for every array); `best = dense1.weights` is the same "
             "array, which `+=` changes in place. See chapter 6."))
def test_random_search_returns_the_best(run):
    """The layers random_search returns hold the parameters of the lowest loss it found"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("dense_forward", "softmax_forward", "loss_calculate"))
    got, want = run("random_search")
    losses = _lowest_losses(got)
    parameters = _parameters(got)
    shapes = [np.shape(p) for p in want["parameters"]]
    expect.true([p.shape for p in parameters] == shapes, f"The returned layers' weights and biases have shapes "
                f"{[p.shape for p in parameters]}; expected {shapes}: Layer_Dense(2, 3) and Layer_Dense(3, 3).")
    loss = _loss(parameters, want["inputs"], want["labels"])
    if abs(loss - losses[-1]) > 1e-3 * abs(losses[-1]):
        _network_left_out(parameters, want, loss, losses[-1])
    expect.true(abs(loss - losses[-1]) <= 1e-3 * abs(losses[-1]), f"The parameters in the returned layers give a "
                f"loss of {loss:.4f}, but the lowest loss random_search recorded is {losses[-1]:.4f}: these layers "
                "hold the last nudge, not the best parameters. When a nudge makes the loss worse, put copies of the "
                "best parameters back into the layers, and keep the best ones with .copy() (a plain assignment "
                "keeps the same array, which the next `+=` changes).")


def _network_left_out(parameters, want, loss, lowest):
    """Fail where the lowest loss recorded is what the returned layers give without the ReLU or the softmax."""
    __tracebackhide__ = True
    with np.errstate(all="ignore"):
        for left_out, question in (
                ({"relu": False}, "is dense1's output passed through Activation_ReLU before dense2, as the book's "
                                  "network does?"),
                ({"softmax": False}, "is the loss taken of the softmax's output, activation2.output, and not of "
                                     "dense2.output, the raw scores?")):
            other = _loss(parameters, want["inputs"], want["labels"], **left_out)
            if abs(other - lowest) <= 1e-3 * max(abs(lowest), 1e-6):
                expect.fail(f"The parameters in the returned layers give a loss of {loss:.4f} through the book's "
                            f"network, but the lowest loss random_search recorded is {lowest:.4f}, which these same "
                            f"layers give without the {'ReLU' if 'relu' in left_out else 'softmax'}: {question}",
                            hint="Each iteration measures the book's network: dense1, ReLU, dense2, softmax, then "
                                 "the loss of the softmax's output. See chapter 6.")


@check("training", depends="random_search_returns_the_best",
       hint="Each nudge is step * np.random.randn of the array's shape, added to every weight and bias. See "
            "chapter 6.")
def test_random_search_learns_the_vertical_data(run):
    """Random search brings the loss on the vertical data well down"""
    got, want = run("random_search")
    losses, reference = _lowest_losses(got), want["lowest_losses"]
    names = ("dense1.weights", "dense1.biases", "dense2.weights", "dense2.biases")
    parameters = _parameters(got)
    for layer, biases in (("dense1", parameters[1]), ("dense2", parameters[3])):
        expect.true(np.any(biases), f"{layer}.biases are still all zeros, as Layer_Dense starts them: {layer} was "
                    f"never nudged. Each iteration nudges all four arrays, {', '.join(names)}, each by step * "
                    "np.random.randn(...) of its shape.")
    for name, values in zip(names, parameters):
        # Kept nudges of 0.05 add up to values near 1; the start is 0.01 · randn, or zeros, and one nudge 0.05 ·
        # randn, which is what an array replaced at every iteration stays near.
        expect.true(float(np.max(np.abs(values))) > 0.1, f"{name} is still as small as one nudge (its largest "
                    f"value is {float(np.max(np.abs(values))):.3f}), where kept nudges add up to values near 1. "
                    "Is each nudge added to the array (+=), at every iteration, rather than put in its place (=)?")
    expect.true(losses[-1] < 0.7 * losses[0], f"After {ITERATIONS} iterations the lowest loss is "
                f"{losses[-1]:.3f}, from {losses[0]:.3f} at the start; on the vertical data random search should "
                f"fall below 70% of where it started (the reference ends at {reference[-1]:.3f}). Are all four "
                "arrays nudged, by step * np.random.randn(...)?")


BOOK_STEP = 0.05   # the book's nudge, random_search's default step
BOOK_H = 1e-5      # the README's step for numerical derivatives


@check("training", depends="random_search_keeps_the_lowest",
       hint=("Where does the size of each nudge come from? See chapter 6.",
             "def random_search(X, y, iterations=1000, step=0.05), and each nudge is step * np.random.randn(...). "
             "See chapter 6."))
def test_random_search_uses_step(run):
    """random_search nudges by the step it is given, 0.05 unless told otherwise"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("dense_init",))
    got, want = run("random_search_step")
    step = want["step"]
    largest = _largest_bias(got["tiny_step_biases"])
    expect.true(largest < 100 * step, f"After random_search(X, y, iterations=50, step={step}), a bias is "
                f"{largest:.3g}, where nudges of step={step} from the zero biases Layer_Dense starts with stay "
                f"below {100 * step:g}: the step given was not used. Nudge by step * np.random.randn(...), not by "
                "a number written into the loop.")
    default = got["default_step"]
    if default is not None:
        shown = f"{default:g}" if isinstance(default, float) else f"a {expect.type_name(default)}"
        expect.true(isinstance(default, float) and abs(default - BOOK_STEP) < 1e-12, f"random_search's default "
                    f"step is {shown}; the book nudges by 0.05: def random_search(X, y, iterations=1000, "
                    "step=0.05).")
        return
    nudge = _largest_bias(got["first_nudge_biases"])
    expect.true(BOOK_STEP / 10 < nudge < 5 * BOOK_STEP, f"Without a step, the first nudge random_search keeps moves "
                f"a bias to {nudge:.3g}; with the default step=0.05, one nudge 0.05 * np.random.randn(...) stays "
                "within about 0.2 of the zero biases Layer_Dense starts with. Make step=0.05 the default.")


def _largest_bias(biases):
    """The largest absolute bias of the two layers random_search returned (NaN if any is NaN)."""
    expect.true(isinstance(biases, list) and len(biases) == 2, "random_search must return the two Layer_Dense "
                "objects it trained, each with its biases.")
    arrays = [expect.as_array(b, "the biases of a layer random_search returned").astype(float) for b in biases]
    return max(float(np.max(np.abs(b), initial=0.0)) for b in arrays)


@check("backprop", hint=("How far from x does the central difference look, and on which sides? See chapter 7.",
                         "(f(x + h) - f(x - h)) / (2 * h). See chapter 7."))
def test_numerical_derivative(run):
    """numerical_derivative takes the central difference (f(x + h) - f(x - h)) / 2h"""
    got, want = run("derivative")
    points = np.asarray(want["points"])
    f = lambda x: x ** 3 - 2 * x + 1   # noqa: E731 (the scenario's function)
    h = 0.01
    slopes = got["slopes"]
    expect.true(not (isinstance(slopes, np.ndarray) and slopes.ndim > 1 and len(slopes) == len(points)
                     and slopes[0].size == 1), f"numerical_derivative(f, x, h=0.01) returned an array of one element, "
                f"shape {np.shape(slopes)[1:]}, for each number x (0.5, -1.3 and 2.0); expected the number itself, a "
                "float: return (f(x + h) - f(x - h)) / (2 * h), with no np.array([...]) or list around it.")
    expect.array(slopes, want["slopes"], "numerical_derivative(f, x, h=0.01) at x = 0.5, -1.3, 2.0",
                 rtol=1e-3, mistakes={
                     "That is the forward difference (f(x + h) - f(x)) / h, which is off by about h · f''(x) / 2; "
                     "the central difference steps to both sides: (f(x + h) - f(x - h)) / (2 * h).":
                         (f(points + h) - f(points)) / h,
                     "Every slope is twice too large: the difference was divided by half the distance between "
                     "its two points. Step h to each side, f(x + h) and f(x - h), and divide by 2 * h, the distance "
                     "between them.":
                         2 * np.asarray(want["slopes"]),
                     PRECEDENCE: h ** 2 * np.asarray(want["slopes"]),
                     named("sign_flipped", "Every slope has the wrong sign: it is f(x + h) - f(x - h), in that "
                                           "order."): -np.asarray(want["slopes"]),
                     IGNORES_H.format(h=h): 3 * points ** 2 - 2,
                 })
    expect.number(got["wide"], want["wide"], "numerical_derivative(f, 1.0, h=0.5)", rtol=1e-3, mistakes={
        IGNORES_H.format(h=0.5): 3 * 1.0 ** 2 - 2})
    _default_h(got["default_h"], "numerical_derivative(f, x, h=1e-5)")


@check("backprop",
       hint=("Which element does each difference move, and is it put back before the next? See chapter 8.",
             "Loop over np.ndindex(x.shape): move x[index] up by h, call f, down by h, call f, restore it. See "
             "chapter 8."))
def test_numerical_gradient(run):
    """numerical_gradient gives one central difference per element, for 1-D and 2-D arrays"""
    got, want = run("gradient")
    weights = np.asarray(want["weights"])
    functions = {"of_matrix": (lambda a: np.sum(np.sin(a) * weights) + 0.5 * np.sum(a ** 3), want["matrix"]),
                 "of_vector": (lambda a: np.sum(a ** 3), want["vector"])}   # the scenario's functions and arrays
    exact = {"of_matrix": np.cos(want["matrix"]) * weights + 1.5 * want["matrix"] ** 2,
             "of_vector": 3 * want["vector"] ** 2}
    for key in ("of_vector", "wide"):
        if isinstance(got[key], str):
            expect.fail(f"numerical_gradient raised {got[key]} for a (5,) array, where it ran for a (3, 4) one. x "
                        "may have any number of dimensions: walk every element of it, for index in "
                        "np.ndindex(x.shape), and move x[index], not x[i, j].")
    for key, what in (("of_matrix", "the gradient for a (3, 4) array"), ("of_vector", "the gradient for a "
                                                                                     "(5,) array")):
        expect.array(got[key], want[key], f"numerical_gradient: {what}", rtol=1e-3, mistakes=[
            ("Every element was moved at once: the result is the slope along the diagonal, not the partial "
             "derivatives. Move one element at a time.", np.full_like(want[key], np.sum(want[key]))),
            ("That is the forward difference (f(x + h) - f(x)) / h for each element, which is off by about "
             "h · f''(x) / 2; the central difference moves the element to both sides: call f with x[index] = kept + "
             "h, then with x[index] = kept - h, and take (above - below) / (2 * h).",
             _forward_differences(*functions[key])),
            (PRECEDENCE, STEP ** 2 * np.asarray(want[key])),
            (f"Every slope is 2 / h = {2 / STEP:g} times the expected value: the difference was divided by h * h. "
             "The two points are 2h apart: (above - below) / (2 * h).", 2 / STEP * np.asarray(want[key])),
            ("Every slope is twice the expected value: the difference was divided by h, but the two points are 2h "
             "apart: (above - below) / (2 * h).", 2 * np.asarray(want[key])),
            *((ROWS_MOVED, moved) for moved in _rows_moved(*functions[key])),
            (IGNORES_H.format(h=STEP), exact[key]),
        ])
    expect.array(got["wide"], want["wide"], "numerical_gradient with h=0.5 for a (5,) array", rtol=1e-3,
                 mistakes={IGNORES_H.format(h=0.5): 3 * np.asarray(want["vector"]) ** 2})
    flat_copy = ("Every slope is 0: the elements moved were those of a copy of x, not x itself. x.reshape(-1) (or "
                 "x.ravel()) is a view only where x is stored row by row; this x, a transposed array, is not. Move "
                 "x[index] itself, for index in np.ndindex(x.shape).")
    expect.of_another_size(got["of_transposed"], want["of_transposed"], "numerical_gradient for a (4, 3) array "
                           "stored column by column (a transposed one)", flat_copy if isinstance(
                               got["of_transposed"], np.ndarray) and not np.any(got["of_transposed"]) else
                           "x may be any array: a transposed one is a view of another's memory.")
    _default_h(got["default_h"], "numerical_gradient(f, x, h=1e-5)")


# A step of h = 0.5 moves a cubic's central difference 0.25 away from the derivative; a much smaller step does not.
IGNORES_H = ("That is the exact derivative, as a much smaller step than the h given ({h}) gives it (a step of the "
             "function's own, such as the book's 0.0001), or a formula more exact than the central difference (a "
             "five-point stencil). Take the central difference with the h the function is given, "
             "(f(x + h) - f(x - h)) / (2 * h).")
ROWS_MOVED = ("Each row was moved as a whole: for index in range(len(x)) walks the rows of a 2-D array, so x[index] "
              "moves every element of the row at once, and each gets the row's slope. Move one element at a time: for "
              "index in np.ndindex(x.shape).")


def _rows_moved(function, x, h=STEP):
    """What a loop over range(len(x)) gives for a 2-D x, the row moved as a whole: with the row kept as a copy, and
    kept as a view of x (kept = x[index] aliases the row, so x[index] = kept - h puts it back where it was and the
    second call sees x unmoved). Nothing for a 1-D x, where that loop is right."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim < 2:
        return []
    central, aliased = np.zeros(x.shape), np.zeros(x.shape)
    base = function(x)
    for row in range(len(x)):
        above, below = x.copy(), x.copy()
        above[row] += h
        below[row] -= h
        central[row] = (function(above) - function(below)) / (2 * h)
        aliased[row] = (function(above) - base) / (2 * h)
    return [central, aliased]


def _forward_differences(function, x, h=STEP):
    """The forward difference (f(x + h) - f(x)) / h of each element of x, moved alone."""
    x = np.asarray(x, dtype=np.float64)
    base, result = function(x), np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        moved = x.copy()
        moved[index] += h
        result[index] = (function(moved) - base) / h
    return result


@check("backprop", depends="numerical_gradient", hint="After each difference, is the element put back to what "
       "it was? See chapter 8.")
def test_numerical_gradient_keeps_x(run):
    """numerical_gradient leaves the array it was given as it was"""
    got, want = run("gradient")
    _restored(got["matrix_after"], want["matrix"], "The array given to numerical_gradient")
    _restored(got["vector_after"], want["vector"], "The 1-D array given to numerical_gradient")


def _default_h(default, signature):
    """The default step a function's signature shows (None where it shows no number) must be the README's."""
    __tracebackhide__ = True
    name = signature.partition("(")[0]
    expect.true(default is None or (isinstance(default, float) and abs(default - BOOK_H) <= 1e-12 * BOOK_H),
                f"{name}'s default h is {default!s:.30}; the README's is 1e-5: def {signature}. A wider step "
                "measures the slope of a chord between two far points, not the slope at x.")


def _restored(after, before, what, advice=KEEP_X):
    """An array moved by h and back must hold its values again, to the rounding that moving it can leave
    (x[index] += h, then -= 2 * h, then += h, lands a unit in the last place away); a difference of the order of h
    is an element never put back. `advice`: what to do, for an array changed otherwise."""
    __tracebackhide__ = True
    before = np.asarray(before, dtype=np.float64)
    rounding = 8 * np.finfo(np.float64).eps * (np.abs(before) + STEP)
    if isinstance(after, np.ndarray) and after.shape == before.shape and after.dtype.kind == "f" \
            and np.all(np.abs(after.astype(np.float64) - before) <= rounding):
        return
    if isinstance(after, np.ndarray) and after.shape == before.shape and after.dtype.kind == "f" \
            and np.all(np.abs(after.astype(np.float64) - before) <= 1e-3 * STEP):
        expect.fail(f"{what} came back off by up to {np.max(np.abs(after - before)):.3g}, far less than h={STEP} "
                    "but more than rounding: moving an element by += h and -= 2 * h and back adds and subtracts "
                    "in the array's own precision. Save the old value (kept = x[index]) and put it back "
                    "(x[index] = kept).", "in_place")
    expect.unchanged(after, before, what, advice)


def _errors(got, case, finite="a finite number."):
    """The errors backward_errors reported for `case`, each a float; `finite`: what the message expects where one
    is a number but not a finite one."""
    errors = got["errors"][case] if isinstance(got["errors"], dict) else None
    expect.true(isinstance(errors, dict), f"backward_errors returned {errors!r}; expected a dict with the keys "
                "'dweights', 'dbiases' and 'dinputs', one error each.")
    numbers = {}
    keys = got.get("keys")
    if all(value is None for value in errors.values()) and isinstance(keys, list) and keys:
        expect.fail(f"backward_errors returned a dict with the keys {', '.join(map(repr, keys))}; the checks read "
                    "'dweights', 'dbiases' and 'dinputs', the names of the gradients each error is of.")
    for name, value in errors.items():
        if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf":
            value = value[()]
        if isinstance(value, np.ndarray) and value.size == 1:
            expect.fail(f"backward_errors gave an array of shape {value.shape} for {name}; expected a single number: "
                        "take float(...) of it, or compute it without keepdims.")
        is_number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
        expect.true(is_number and np.isfinite(value), f"backward_errors gave {value!r:.80} for {name}; expected "
                    + (finite if is_number else "a number (a float), one error for each gradient."))
        numbers[name] = float(value)
    return numbers


@check("backprop", depends="numerical_gradient", uses="numerical_gradient_keeps_x",
       hint=("Which number is a backward pass given dvalues the gradient of? See chapter 9's chain rule, and "
             "chapter 8.",
             "layer.backward(dvalues) is the gradient of np.sum(layer.output * dvalues): differentiate that "
             "number, running layer.forward(inputs) inside the function. See chapter 8."))
def test_backward_errors_pass_a_correct_layer(run):
    """backward_errors reports errors near zero for a correct dense layer"""
    got, want = run("backward_errors")
    errors = _errors(got, "correct")
    negative = {name: value for name, value in errors.items() if value < 0}
    expect.true(not negative, f"For a dense layer whose backward pass is right, backward_errors reported "
                f"{negative}: an error is a magnitude, never below 0. Take both parts as magnitudes, as chapter 8 "
                "does: the largest absolute difference, np.max(np.abs(analytic - numeric)), over the largest "
                "magnitude of the two gradients, np.max(np.abs(...)) of each (a signed np.max(analytic - numeric) "
                "is below 0 where the differences are, and its divisor np.max(analytic), negative where every "
                "element of the gradient is).")
    if isinstance(got["errors"].get("correct_zero"), dict):
        _errors(got, "correct_zero", finite="a finite number for a dense layer whose backward pass is right, given "
                "dvalues of zeros (every gradient 0), where the error is 0 / 0. Keep a tiny floor under the divisor, "
                "max(..., 1e-12), so that two gradients of all zeros give an error of 0.")
    large = {name: value for name, value in errors.items() if not value < CORRECT}
    if large:
        _signed_scale(got, want, large)
    size = np.asarray(want["dvalues"]).size
    averaged = len(large) == len(errors) and all(abs(value - (1 - 1 / size)) < 1e-6 for value in large.values())
    expect.true(not averaged, f"For a dense layer whose backward pass is right, backward_errors reported {large}: "
                f"each is 1 - 1/{size}, what a numerical gradient {size} times too small gives. "
                f"np.mean(layer.output * dvalues) divides the sum by its {size} elements; backward(dvalues) is the "
                "gradient of the sum, np.sum(layer.output * dvalues).")
    ones = [name for name, value in large.items() if abs(value - 1.0) < 1e-9]
    expect.true(not ones, f"For a dense layer whose backward pass is right, backward_errors reported {large}. An "
                f"error of exactly 1 ({', '.join(ones)}) is what a numerical gradient of all zeros gives: the function "
                "given to numerical_gradient does not depend on the array it is given. Put that array into the layer "
                "inside the function (layer.weights = w, then layer.forward(inputs)), since numerical_gradient may "
                "move a copy of the layer's own array.")
    expect.true(not large, f"For a dense layer whose backward pass is right, backward_errors reported {large}; "
                f"every error should be below {CORRECT}. Is the numerical gradient taken of "
                "np.sum(layer.output * dvalues), with the forward pass run again for each step, and does the layer "
                "hold its own weights and biases while each one is taken (a function that gives the layer only "
                "the array it moves leaves the other as the last gradient left it)?")
    _default_h(got["default_h"], "backward_errors(layer, inputs, dvalues, h=1e-5)")


@check("backprop", depends="backward_errors_pass_a_correct_layer", hint="Which array does the numerical gradient of "
       "the inputs move, and can it hold x + h when the inputs are integers? See chapter 8.")
def test_backward_errors_take_integer_inputs(run):
    """backward_errors reports errors near zero for a correct dense layer given inputs of integers"""
    got, want = run("backward_errors")
    integers = got["errors"].get("correct_integers") if isinstance(got["errors"], dict) else None
    said = "For a dense layer whose backward pass is right, given inputs of integers, backward_errors"
    if isinstance(integers, str):
        expect.fail(f"{said} raised {integers}.")
    large = {name: value for name, value in _errors(got, "correct_integers").items() if not value < CORRECT}
    expect.true(not large, f"{said} reported {large}; every error should be below {CORRECT}. An array of integers "
                "cannot hold x + h (NumPy cuts it back to a whole number), and neither can its copy, "
                "inputs.copy(): the numerical gradient of the inputs moves a float copy, np.array(inputs, "
                "dtype=float).")


def _signed_scale(got, want, large):
    """Fail where the errors reported for doubled and halved dweights are those of a scale taken without absolute
    values, np.max(analytic) for np.max(np.abs(analytic)): the scenario's largest dweight is negative."""
    __tracebackhide__ = True
    true = want["dvalues"].T @ want["inputs"]
    for case, factor in (("double_dweights", 2.0), ("half_dweights", 0.5)):
        reported = got["errors"][case].get("dweights") if isinstance(got["errors"].get(case), dict) else None
        if not isinstance(reported, (int, float, np.floating)) or isinstance(reported, bool):
            return
        analytic = factor * true
        difference = np.max(np.abs(analytic - true))
        signed = difference / max(np.max(analytic), np.max(true), 1e-12)
        if not (abs(reported - signed) <= 2e-2 * abs(signed)
                and abs(signed - want["errors"][case]["dweights"]) > 5e-2 * abs(signed)):
            return
    expect.fail(f"For a dense layer whose backward pass is right, backward_errors reported {large}, and for one whose "
                f"dweights are doubled {got['errors']['double_dweights']['dweights']:.3g} where the largest "
                f"difference over the largest magnitude is {want['errors']['double_dweights']['dweights']:.3g}: "
                "each error is divided by the gradients' largest values, np.max(analytic), not their largest "
                "magnitudes. Here the largest gradients are negative, which leaves a tiny divisor: divide by "
                "np.max(np.abs(...)) of each gradient.", hint="The error is the largest absolute difference divided "
                "by the largest absolute value of the two gradients. See chapter 8.")


@check("backprop", depends="backward_errors_pass_a_correct_layer", hint="Compare each analytic gradient with "
       "the numerical gradient of its own array: weights, biases, inputs. See chapter 8.")
def test_backward_errors_find_wrong_gradients(run):
    """backward_errors reports a large error exactly where a backward pass is wrong"""
    got, want = run("backward_errors")
    wrong = {"double_dweights": ("dweights", "doubles dweights"), "half_dweights": ("dweights", "halves dweights"),
             "dbiases": ("dbiases", "forgets to sum dbiases over the samples"),
             "dinputs": ("dinputs", "flips the sign of dinputs")}
    for case, (bug, what) in wrong.items():
        errors = _errors(got, case)
        expect.true(errors.get(bug, 0) > WRONG, f"For a layer whose backward pass {what}, backward_errors "
                    f"reported {errors.get(bug)} for {bug}; expected more than {WRONG}.")
        # max|a - n| / max(max|a|, max|n|) is at most 2: anything larger was divided by something smaller.
        expect.true(errors.get(bug) <= 2, f"The error backward_errors reported for {bug} of a layer whose backward "
                    f"pass {what} is {errors.get(bug):.6g}; an error divided by the largest magnitude of the two "
                    f"gradients is at most 2, so {_divided_by(errors.get(bug), case, want)}: the error is "
                    "np.max(np.abs(analytic - numeric)) / max(np.max(np.abs(analytic)), np.max(np.abs(numeric))).")
        expect.number(errors.get(bug), want["errors"][case][bug], f"The error backward_errors reported for {bug} "
                      f"of a layer whose backward pass {what} (the largest difference divided by the largest "
                      "magnitude of the two gradients, both taken as absolute values)", rtol=2e-2, mistakes=[
                          # A gradient doubled or halved is off by a third of |a| + |n| at every element.
                          *([(ELEMENT_WISE, 1 / 3), (MEAN_DIFFERENCE, _mean_difference_error(case, want)),
                             (ONE_GRADIENT_SCALE, _one_gradient_scale_error(case, want)),
                             (ANALYTIC_SCALE, _analytic_scale_error(case, want))]
                            + [(MEAN_DIVISOR, value) for value in _scaled_errors(case, want)[1]]
                            if case in ("double_dweights", "half_dweights") else [])])
        others = {name: value for name, value in errors.items() if name != bug and not value < CORRECT}
        expect.true(not others, f"For a layer whose backward pass {what} (and nothing else), backward_errors "
                    f"also reported {others}: each gradient must be compared with its own array's numerical "
                    "gradient.")
    small = _errors(got, "double_dweights_small").get("dweights", 0)
    expected = _errors(want, "double_dweights_small")["dweights"]
    # A floor or an epsilon under the divisor shrinks the error of small gradients, well before it hides them; the
    # numerical gradient of a float32 network (nnfs.init) strays by a tenth of it either way at this size.
    expect.true(small >= 0.75 * expected, f"For a layer whose backward pass doubles dweights, given inputs and "
                f"dvalues 10,000 times smaller (gradients below 1e-7), backward_errors reported {small:.6g} for "
                f"dweights; expected about {expected:.2g}, as for larger gradients. The error is relative whatever "
                "their size: a floor under the divisor larger than the gradients (max(..., 1e-5), or 1), an "
                "epsilon added to it (+ 1e-7), or a plain difference for small gradients, shrinks or hides a wrong "
                "one. Keep the floor tiny, max(..., 1e-12), and add nothing.")


MEAN_DIVISOR = ("That error was divided by a mean magnitude, np.mean(np.abs(...)) of a gradient, which is smaller "
                "than its largest: the error here divides the largest difference by the larger of the two largest "
                "magnitudes, np.max(np.abs(analytic - numeric)) / max(np.max(np.abs(analytic)), "
                "np.max(np.abs(numeric))).")


MEAN_DIFFERENCE = ("That is the mean difference, np.mean(np.abs(analytic - numeric)), where the error takes the "
                   "largest, np.max(np.abs(analytic - numeric)): one element far off is a wrong gradient too, "
                   "however right the others are.")


ONE_GRADIENT_SCALE = ("That error was divided by the numerical gradient's largest magnitude alone: where the analytic "
                      "gradient is the larger (doubled, say), the error comes out too large. Divide by the larger of "
                      "the two, max(np.max(np.abs(analytic)), np.max(np.abs(numeric))).")


ANALYTIC_SCALE = ("That error was divided by the analytic gradient's largest magnitude alone: where the numerical "
                  "gradient is the larger (the analytic one halved, say), the error comes out too large. Divide by "
                  "the larger of the two, max(np.max(np.abs(analytic)), np.max(np.abs(numeric))).")


def _analytic_scale_error(case, want):
    """The error of a doubled or halved dweights divided by the analytic gradient's largest magnitude alone."""
    true = want["dvalues"].T @ want["inputs"]
    analytic = (2.0 if case == "double_dweights" else 0.5) * true
    return np.max(np.abs(analytic - true)) / np.max(np.abs(analytic))


def _one_gradient_scale_error(case, want):
    """The error of a doubled or halved dweights divided by the numerical gradient's largest magnitude alone."""
    true = want["dvalues"].T @ want["inputs"]
    analytic = (2.0 if case == "double_dweights" else 0.5) * true
    return np.max(np.abs(analytic - true)) / np.max(np.abs(true))


def _mean_difference_error(case, want):
    """The error of a doubled or halved dweights whose difference was averaged where its largest belongs."""
    true = want["dvalues"].T @ want["inputs"]
    analytic = (2.0 if case == "double_dweights" else 0.5) * true
    return np.mean(np.abs(analytic - true)) / max(np.max(np.abs(analytic)), np.max(np.abs(true)))


def _scaled_errors(case, want):
    """(the error of a doubled or halved dweights left undivided, [the errors divided by the mean magnitude of each
    gradient]); None for the other cases, whose gradients the check does not rebuild."""
    if case not in ("double_dweights", "half_dweights"):
        return None
    true = want["dvalues"].T @ want["inputs"]
    analytic = (2.0 if case == "double_dweights" else 0.5) * true
    difference = np.max(np.abs(analytic - true))
    return difference, [difference / np.mean(np.abs(gradient)) for gradient in (analytic, true)]


def _divided_by(reported, case, want):
    """What an error above 2 was divided by, where a doubled or halved dweights tells: nothing, or a mean of the
    gradients' magnitudes; else that it was something smaller than their largest magnitude."""
    scaled = _scaled_errors(case, want)
    if scaled and np.isclose(reported, scaled[0], rtol=1e-3):
        return "this one was not divided"
    if scaled and any(np.isclose(reported, value, rtol=1e-3) for value in scaled[1]):
        return ("this one was divided by a mean magnitude, np.mean(np.abs(...)) of a gradient, which is smaller "
                "than its largest")
    return "this one was divided by something smaller than that (a mean, one element), or not divided at all"


# What a relative error whose denominator adds the two gradients' sizes gives a gradient doubled or halved: 1/3.
ELEMENT_WISE = ("That is a relative error divided by the two gradients' sizes added together (np.abs(analytic) + "
                "np.abs(numeric) element by element, or their norms or largest values summed): the error here "
                "divides the largest difference by the larger of the two largest magnitudes, "
                "np.max(np.abs(analytic - numeric)) / max(np.max(np.abs(analytic)), np.max(np.abs(numeric))).")


@check("backprop", depends=("backward_errors_pass_a_correct_layer", "backward_errors_find_wrong_gradients"),
       hint=("On a layer whose output curves, the error a numerical gradient leaves depends on its step: which step "
             "does backward_errors take, and on which sides? See chapter 8.",
             "Hand backward_errors' own h on to each numerical_gradient(..., h) call. See chapter 8."))
def test_backward_errors_take_central_differences_with_h(run):
    """backward_errors takes central differences with the h it is given, on a layer whose output curves"""
    got, want = run("backward_errors")
    layer = "For a layer whose output is the tanh of a dense layer's, its backward pass right,"
    for case, step in (("curved", STEP), ("curved_wide", 4 * STEP)):
        raised = got["errors"].get(case) if isinstance(got["errors"], dict) else None
        if isinstance(raised, str):
            expect.fail(f"{layer} backward_errors raised {raised}; it gets the layer as the dense one: call "
                        "layer.forward and layer.backward, and move layer.weights, layer.biases and the inputs, "
                        "without computing the layer's output yourself.")
        errors = _errors(got, case)
        for name, expected in want["errors"][case].items():
            value = errors.get(name)
            expect.true(value is not None, f"{layer} backward_errors returned no error for {name}; expected the "
                        "keys 'dweights', 'dbiases' and 'dinputs', one error each.")
            given = f"where central differences with the h it was given (h={step:g}) leave {expected:.3g}"
            # The error of a central difference grows as h²: twice the step leaves 4 times the error, a one-sided
            # difference about 100 times, a step of 1e-5 about a million times less.
            expect.true(value <= 3 * expected + 1e-6, f"{layer} backward_errors reported {value:.3g} for {name}, "
                        f"{given}. A one-sided difference, (f(x + h) - f(x)) / h, is off by about h · f''(x) / 2 "
                        "on a curved output, which a dense layer's straight output hides, as is a step larger than "
                        "h; and an analytic gradient taken after the numerical ones reads the output the last moved "
                        "array left. Run layer.forward(inputs) and layer.backward(dvalues) first, then take the "
                        "numerical gradients with numerical_gradient and the h backward_errors is given.")
            expect.true(value >= expected / 3, f"{layer} backward_errors reported {value:.3g} for {name}, {given}: "
                        "its numerical gradients were taken with a smaller step than h, such as numerical_gradient's "
                        "default or a step of its own. Hand h on: numerical_gradient(function, array, h).")


@check("backprop", depends="backward_errors_pass_a_correct_layer", uses="numerical_gradient_keeps_x",
       hint="Moving a weight to measure a slope is fine; is it put back afterwards? See chapter 8.")
def test_backward_errors_keep_the_layer(run):
    """backward_errors leaves the layer's weights and biases as they were"""
    got, want = run("backward_errors")
    for name in ("weights", "biases"):
        _restored(got[f"{name}_after"], want[name], f"The layer's {name} after backward_errors",
                  "backward_errors hands the layer back as it was given: whatever its functions set on the layer "
                  "while the numerical gradients are taken (a moved copy of its weights, say), put its own weights "
                  "and biases back once they are taken.")
