"""Checks for challenge 8: regularization and dropout."""
import functools
import itertools

import numpy as np

from grader import expect
from grader.mistakes import named
from grader.spec import check

RATE = 0.3
# The two L2 strengths differ and neither is twice the other, so that an L2 gradient with the other's lambda is not
# one without its factor 2.
PENALTIES = {"weight_regularizer_l1": 0.3, "weight_regularizer_l2": 0.2,
             "bias_regularizer_l1": 0.1, "bias_regularizer_l2": 0.35}
WEIGHT_L2, BIAS_L2 = PENALTIES["weight_regularizer_l2"], PENALTIES["bias_regularizer_l2"]
# What each penalty multiplies by its lambda (chapter 14).
TERMS = {"weight_regularizer_l1": "np.sum(np.abs(layer.weights))",
         "weight_regularizer_l2": "np.sum(layer.weights ** 2)",
         "bias_regularizer_l1": "np.sum(np.abs(layer.biases))", "bias_regularizer_l2": "np.sum(layer.biases ** 2)"}


def _subgradient_at_zero(got, want, parameters, strength):
    """`got` with each value where the parameter is exactly 0 set to `want`'s, when it lies within the L1 range.

    |w| has no derivative at 0: any value from -strength to +strength added there is a valid
    subgradient (np.sign gives 0). `want` carries the book's +strength.
    """
    got = np.array(got, dtype=float, copy=True)
    if got.shape != np.shape(want):
        return got
    kinks = parameters == 0
    low, high = want - 2 * strength, want
    tolerance = 1e-4 * np.abs(want) + 1e-7
    within = kinks & (got >= low - tolerance) & (got <= high + tolerance)
    got[within] = want[within]
    return got


def _left_out(weights, biases):
    """The penalty with some of the four terms left out, for each proper subset of them: which were dropped."""
    terms = {"weight_regularizer_l1": PENALTIES["weight_regularizer_l1"] * np.abs(weights).sum(),
             "weight_regularizer_l2": PENALTIES["weight_regularizer_l2"] * (weights ** 2).sum(),
             "bias_regularizer_l1": PENALTIES["bias_regularizer_l1"] * np.abs(biases).sum(),
             "bias_regularizer_l2": PENALTIES["bias_regularizer_l2"] * (biases ** 2).sum()}
    names = list(terms)
    mistakes = {}
    for kept in itertools.chain.from_iterable(itertools.combinations(names, size) for size in range(1, 4)):
        left_out = [name for name in names if name not in kept]
        dropped = ", ".join(left_out)
        # The first terms alone left out: a later term set with = where += belongs replaced the sum so far.
        replaced = left_out == names[:len(left_out)]
        mistakes[f"The term of {dropped} was left out when all four penalties are set: each adds its own term "
                 "(four separate ifs, not elif)" + (
                     f", with += (a term set with =, regularization_loss = ..., replaces the sum of those before it, "
                     f"here {dropped})" if replaced else "") + "."] = sum(terms[name] for name in kept)
    return mistakes


def _dense_objective(want, penalties):
    """sum(output · dvalues) + the penalty: its gradient is what backward must produce."""
    def objective(weights=want["weights"], biases=want["biases"], inputs=want["inputs"]):
        penalty = (penalties.get("weight_regularizer_l1", 0) * np.abs(weights).sum()
                   + penalties.get("weight_regularizer_l2", 0) * (weights ** 2).sum()
                   + penalties.get("bias_regularizer_l1", 0) * np.abs(biases).sum()
                   + penalties.get("bias_regularizer_l2", 0) * (biases ** 2).sum())
        return np.sum((inputs @ weights + biases) * want["dvalues"]) + penalty
    return objective


@check("regularization", hint="L1 is lambda times the sum of |w|; L2 is lambda times the sum of w². Each of the "
       "four penalties counts only when its lambda is above 0. See chapter 14.")
def test_regularization_loss(run):
    """Loss.regularization_loss adds each of the layer's four penalties"""
    got, want = run("regularization_loss")
    for name in ("weight_regularizer_l1", "weight_regularizer_l2", "bias_regularizer_l1", "bias_regularizer_l2"):
        params = want[f"{name}_weights"] if name.startswith("weight") else want[f"{name}_biases"]
        strength = PENALTIES[name]
        mistakes = {
            "L2 squares the parameters; this is lambda times the sum of their absolute values (L1).":
                strength * np.abs(params).sum(),
            "L1 takes absolute values; this is lambda times the sum of their squares (L2).":
                strength * (params ** 2).sum(),
            "The penalty was not multiplied by its lambda.": (params ** 2).sum() if "l2" in name
            else np.abs(params).sum(),
        }
        # np.linalg.norm's ord 1 and 2 are other norms for a matrix than for a vector.
        matrix = params.ndim == 2 and min(params.shape) > 1
        if "l2" in name:
            mistakes["L2 squares each parameter, then sums: np.sum(w ** 2); np.sum(w) ** 2 squares the sum."] = \
                strength * params.sum() ** 2
            mistakes["L2 sums the squares of the parameters, np.sum(w * w): np.sum(w) adds them as they are, so "
                     "the negative ones cancel the positive."] = strength * params.sum()
            mistakes["L2 squares each parameter, then sums: np.sum(w * w); np.sum(np.abs(w)) ** 2 squares the sum of "
                     "the absolute values (the L1 sum)."] = strength * np.abs(params).sum() ** 2
            mistakes["That is twice the penalty: 2 * lambda belongs to the gradient of lambda * w ** 2, not to the "
                     "penalty itself, lambda times the sum of the squares."] = 2 * strength * (params ** 2).sum()
            mistakes["np.linalg.norm(w) is the root of the sum of the squares: L2 is the sum itself, np.sum(w * w) "
                     "(or np.linalg.norm(w) ** 2)."] = strength * np.sqrt((params ** 2).sum())
            if matrix:
                mistakes["np.linalg.norm(w, 2) of a matrix is its largest singular value, not the root of the sum of "
                         "squares: L2 is np.sum(w * w), which np.linalg.norm(w) ** 2 (the Frobenius norm) gives "
                         "too."] = strength * np.linalg.norm(params, 2) ** 2
        if "l1" in name:
            mistakes["L1 sums the absolute values, np.abs(w): a sum of the parameters as they are lets the negative "
                     "ones cancel the positive."] = strength * params.sum()
            if matrix:
                mistakes["np.linalg.norm(w, 1) of a matrix is its largest column sum of absolute values, not the "
                         "sum of them all: L1 is np.sum(np.abs(w))."] = strength * np.linalg.norm(params, 1)
        # The other penalties' lambdas are 0 here: a term multiplied by one of them is 0 too.
        mistakes[f"The {name} penalty is 0: it was left out, or multiplied by another penalty's lambda (0 in this "
                 f"check). regularization_loss adds the term of each penalty whose lambda is above 0, layer.{name} "
                 f"* {TERMS[name]}."] = 0.0
        penalty = (lambda p: np.abs(p).sum()) if "l1" in name else (lambda p: (p ** 2).sum())
        mistakes["np.mean divides the penalty by the number of parameters: the penalty is lambda times their sum, "
                 "np.sum."] = strength * penalty(params) / params.size
        mistakes["That is half the penalty: the book's L1 and L2 penalties are lambda times the sum, without the "
                 "1/2 some texts put in front of L2."] = strength * penalty(params) / 2
        if name.startswith("bias"):
            mistakes[f"The {name} penalty was computed from the layer's weights: it penalises the biases, "
                     "layer.biases."] = strength * penalty(want[f"{name}_weights"])
        expect.number(got[name], want[name], f"regularization_loss with only {name}={strength}", mistakes=mistakes)
    # Before the sums of all four penalties and of a second call: a parameter changed by the first call changes them.
    expect.all_unchanged([(got[f"{case}_{part}"], want[f"{case}_{part}"], f"The layer's {part} after "
                           f"regularization_loss with {'all four penalties' if case == 'all' else 'only ' + case}")
                          for case in [*PENALTIES, "all"] for part in ("weights", "biases")],
                         "regularization_loss only reads the layer's parameters: np.abs(w) and w * w make new arrays, "
                         "where w[w < 0] *= -1, np.abs(w, out=w) or np.square(w, out=w) write into the layer's own, "
                         "which the next step then trains.")
    expect.number(got["none"], want["none"], "regularization_loss of a layer without penalties")
    expect.number(got["all"], want["all"], "regularization_loss with all four penalties together",
                  mistakes=_left_out(want["all_weights"], want["all_biases"]))
    expect.number(got["all_again"], want["all_again"], "A second regularization_loss of the same layer, from the "
                  "same Loss,", mistakes={"That is the first call's penalty and the second's added together: "
                                          "regularization_loss starts from 0 at every call, a local "
                                          "regularization_loss = 0, not a total kept on the Loss.":
                                          2 * want["all_again"]})


def _parameters_kept(got, penalty, fresh):
    """backward computes gradients and leaves the weights and biases as forward found them; `fresh`: {parameter's
    name: the book's expression of its gradient, a new array}."""
    __tracebackhide__ = True
    for name in ("weights", "biases"):
        after, before = got[name], got[f"{name}_before"]
        changed = isinstance(after, np.ndarray) and isinstance(before, np.ndarray) \
            and after.shape == before.shape and not np.array_equal(after, before)
        expect.true(not changed, f"Layer_Dense.backward with {penalty} penalties changed self.{name}: backward "
                    f"computes gradients and leaves the parameters as they were. Is the {penalty} gradient built in "
                    f"an array that is self.{name} itself (d{penalty} = self.{name}, then d{penalty}[...] = ..., or "
                    f"*=)? Start from a new array: {fresh[name]}.")


@check("regularization", hint="The derivative of lambda |w| is lambda · sign(w); at w = 0 any value from -lambda "
       "to +lambda will do, and the book takes +lambda (np.ones_like, then -1 where w < 0). See chapter 14.")
def test_backward_l1(run):
    """Layer_Dense.backward adds the L1 penalties' gradients"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"))
    got, want = run("backward_l1")
    _broadcast_raised(got["raised"], want["weights"].shape, want["biases"].shape)
    _parameters_kept(got, "L1", {"weights": "np.ones_like(self.weights)", "biases": "np.ones_like(self.biases)"})
    at_zero = " At w = 0 any value from -lambda to +lambda is a valid subgradient; the book takes +lambda."
    set_by = got["set"], want["set"], "Layer_Dense.backward"
    dweights = _subgradient_at_zero(expect.as_array(got["dweights"], "self.dweights with L1 penalties",
                                                    set_by=set_by),
                                    want["dweights"], want["weights"], 0.3)
    signs = {name: np.where(want[name] < 0, -1, 1) for name in ("weights", "biases")}
    # Each mistake's value goes through the same allowance at w = 0 as the learner's values.
    on_weights = functools.partial(_subgradient_at_zero, want=want["dweights"], parameters=want["weights"],
                                   strength=0.3)
    on_biases = functools.partial(_subgradient_at_zero, want=want["dbiases"], parameters=want["biases"],
                                  strength=0.1)
    base = want["inputs"].T @ want["dvalues"]
    expect.array(dweights, want["dweights"], "self.dweights with L1 penalties", mistakes={
        "The L1 gradient is missing, or was multiplied by another penalty's lambda (0 in this check): add "
        "weight_regularizer_l1 times the sign of each weight, self.weight_regularizer_l1 * dL1.": on_weights(base),
        "The L1 gradient has the wrong sign: the penalty grows with |w|, so add lambda · sign(w), not "
        "-lambda · sign(w)." + at_zero: on_weights(base - 0.3 * signs["weights"]),
        "The L1 gradient was not multiplied by its lambda: add weight_regularizer_l1 * dL1, not dL1 alone.":
            on_weights(base + signs["weights"]),
        "The L1 gradient took its signs from dweights: it is the sign of each weight, dL1[self.weights < 0] = -1.":
            on_weights(base + 0.3 * np.where(base < 0, -1, 1)),
        _overwritten("dweights", "self.weight_regularizer_l1 * dL1"): on_weights(0.3 * signs["weights"]),
        "That is the L2 penalty's gradient, 2 · lambda · w: the derivative of lambda |w| is lambda · sign(w), "
        "dL1 = np.ones_like(self.weights), then dL1[self.weights < 0] = -1.":
            on_weights(base + 2 * 0.3 * want["weights"]),
        "The L1 gradient was doubled, 2 * lambda * sign(w): the factor 2 comes from the square in L2; the derivative "
        "of lambda |w| is lambda · sign(w), self.weight_regularizer_l1 * dL1.":
            on_weights(base + 2 * 0.3 * signs["weights"]),
        "That is lambda · |w|, the penalty itself: its derivative is lambda · sign(w), dL1 = "
        "np.ones_like(self.weights), then dL1[self.weights < 0] = -1.":
            on_weights(base + 0.3 * np.abs(want["weights"])),
        "The weights' L1 gradient took the biases' lambda: self.weight_regularizer_l1 * dL1.":
            on_weights(base + 0.1 * signs["weights"]),
        "The L1 gradient took the weights themselves, lambda · w: the derivative of lambda |w| is lambda times the "
        "sign of w, 1 or -1 whatever its size, dL1 = np.ones_like(self.weights), then dL1[self.weights < 0] = -1.":
            on_weights(base + 0.3 * want["weights"]),
    })
    dbiases = _subgradient_at_zero(expect.as_array(got["dbiases"], "self.dbiases with L1 penalties", set_by=set_by),
                                   want["dbiases"], want["biases"], 0.1)
    bias_base = want["dvalues"].sum(axis=0, keepdims=True)
    from_weights = ("the biases' L1 gradient used the weights where the biases belong. It is bias_regularizer_l1 "
                    "times the sign of each bias: dL1 = np.ones_like(self.biases), then dL1[self.biases < 0] = -1.")
    # Where every bias not at 0 has the sign opposite to its gradient's, the wrong sign and signs taken from dbiases
    # give the same values: the sentence names both.
    nonzero = want["biases"] != 0
    wrong_sign = ("The biases' L1 gradient has the wrong sign, or took its signs from dbiases (these biases' signs "
                  "are the opposite of their gradients'): add lambda · sign(b), the sign of each bias, "
                  "dL1[self.biases < 0] = -1." if np.array_equal(np.sign(bias_base)[nonzero], -signs["biases"][nonzero])
                  else "The biases' L1 gradient has the wrong sign: add lambda · sign(b), not -lambda · sign(b).")
    expect.array(dbiases, want["dbiases"], "self.dbiases with L1 penalties", mistakes=[
        ("The biases' L1 gradient is missing, or was multiplied by another penalty's lambda (0 in this check): add "
         "bias_regularizer_l1 times the sign of each bias.", on_biases(bias_base)),
        (wrong_sign + at_zero.replace("w = 0", "b = 0"), on_biases(bias_base - 0.1 * signs["biases"])),
        ("The biases' L1 gradient took its signs from dbiases: it is the sign of each bias, "
         "dL1[self.biases < 0] = -1.", on_biases(bias_base + 0.1 * np.where(bias_base < 0, -1, 1))),
        (_overwritten("dbiases", "self.bias_regularizer_l1 * dL1"), on_biases(0.1 * signs["biases"])),
        ("That is the L2 penalty's gradient, 2 · lambda · b: the derivative of lambda |b| is lambda · sign(b).",
         on_biases(bias_base + 2 * 0.1 * want["biases"])),
        ("The biases' L1 gradient took the weights' lambda: self.bias_regularizer_l1 * dL1.",
         on_biases(bias_base + 0.3 * signs["biases"])),
        (named("wrong_derivative_input", f"dbiases took the shape of the weights: {from_weights}"),
         bias_base + 0.1 * signs["weights"]),
        (named("wrong_derivative_input", f"dbiases took the shape of the weights: {from_weights}"),
         bias_base + 0.1 * np.sign(want["weights"])),
        # A row of the weights' signs fits dbiases' shape, so nothing raises.
        *((named("wrong_derivative_input", f"dbiases holds the signs of a row of the weights: {from_weights}"),
           on_biases(bias_base + 0.1 * row)) for row in signs["weights"]),
    ])
    _each_alone(got, want)
    _of_another_layer(got, want, "L1", "np.ones_like(self.weights)")


def _of_another_layer(got, want, penalty, shaped):
    """The gradients of a layer of 2 inputs and 5 neurons, a shape no other layer of these checks has, with `penalty`
    set: a size written into the code shows; `shaped` is the book's term, which takes its shape from the layer."""
    __tracebackhide__ = True
    other, what = got["other"], f"a Layer_Dense(2, 5) with {penalty} penalties"
    if isinstance(other, str):   # what backward raised (scenarios._another_layer)
        expect.fail(f"The backward pass of {what} raised {other}. Does backward make an array of a size written into "
                    f"the code, such as np.ones((4, 3))? The penalty's gradient takes the shape of the layer's own "
                    f"parameters: {shaped}.")
    expect.true(isinstance(other, dict), f"The backward pass of {what} gave nothing to judge.")
    for name in ("dweights", "dbiases"):
        expect.array(other.get(name), want["other"][name], f"self.{name} of {what}",
                     set_by=(other.get("set"), want["other"]["set"], "Layer_Dense.backward"))


def _each_alone(got, want):
    """Each penalty set alone adds its own term, and only its own: a block guarded by another penalty's lambda (a
    bias term under `if self.weight_regularizer_l1 > 0`, copied) adds nothing where that lambda is 0."""
    __tracebackhide__ = True
    for name, answers in want["alone"].items():
        setting = f"{name}={PENALTIES[name]} alone"
        mine = got["alone"].get(name) if isinstance(got["alone"], dict) else None
        if isinstance(mine, str):   # a sentence made for every pass would print the arrays of one that went well
            expect.fail(f"Layer_Dense.backward with {setting} raised {mine}.")
        parameter = {"weight": "weights", "bias": "biases"}[name.split("_")[0]]
        plain = {"weights": answers["inputs"].T @ answers["dvalues"],
                 "biases": np.sum(answers["dvalues"], axis=0, keepdims=True)}
        guard = (f"self.d{parameter} with {setting} has no {name[-2:].upper()} term: is its block guarded by its "
                 f"own lambda, if self.{name} > 0? A guard that tests another penalty's lambda (copied from the "
                 "block above, say) skips the term wherever that lambda is 0.")
        for key in ("weights", "biases"):
            expect.array(mine.get(f"d{key}") if isinstance(mine, dict) else mine, answers[f"d{key}"],
                         f"self.d{key} with {setting}",
                         mistakes={guard: plain[key]} if key == parameter else None,
                         set_by=(mine.get("set") if isinstance(mine, dict) else None, answers["set"],
                                 "Layer_Dense.backward"))


def _broadcast_raised(raised, weights_shape, biases_shape):
    """Name the ValueError of a backward pass whose L1 gradient of the biases was built from the weights and added
    with +=: an array of the weights' shape cannot be added into dbiases."""
    if not isinstance(raised, str) or not raised:
        return   # no exception: the values say the rest
    shapes = [str(shape).replace(" ", "") for shape in (weights_shape, biases_shape)]
    if all(shape in raised.replace(" ", "") for shape in shapes) and "dbiases" in raised:
        expect.fail(f"Layer_Dense.backward raised {raised}. The biases' L1 gradient used the weights where the "
                    f"biases belong: an array of the weights' shape {weights_shape} cannot be added into dbiases, "
                    f"shape {biases_shape}. It is bias_regularizer_l1 times the sign of each bias: dL1 = "
                    "np.ones_like(self.biases), then dL1[self.biases < 0] = -1.", "wrong_derivative_input")
    expect.fail(f"Layer_Dense.backward with L1 penalties raised {raised}: two arrays of shapes that do not "
                "broadcast met. Each penalty's gradient has the shape of what it penalises: the weights' for "
                "dweights, the biases' for dbiases.")


def _overwritten(name, term):
    """The sentence for a gradient that is the penalty's term alone: it replaced the gradient instead of adding."""
    return named("gradient_overwritten", f"self.{name} is the penalty's gradient alone: `self.{name} = {term}` "
                 "replaced the gradient of the data that backward had just computed. Add the penalty's term to it: "
                 f"self.{name} += {term}.")


@check("regularization", hint="The derivative of lambda w² is 2 · lambda · w. See chapter 14.")
def test_backward_l2(run):
    """Layer_Dense.backward adds the L2 penalties' gradients"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"))
    got, want = run("backward_l2")
    _parameters_kept(got, "L2", {"weights": "2 * self.weight_regularizer_l2 * self.weights",
                                 "biases": "2 * self.bias_regularizer_l2 * self.biases"})
    base = want["inputs"].T @ want["dvalues"]
    weights, biases = want["weights"], want["biases"]
    set_by = got["set"], want["set"], "Layer_Dense.backward"
    expect.array(got["dweights"], want["dweights"], "self.dweights with L2 penalties", set_by=set_by, mistakes={
        "The factor 2 is missing from the L2 gradient: add 2 * weight_regularizer_l2 * weights.":
            base + WEIGHT_L2 * weights,
        "The L2 gradient was doubled, 4 * lambda * w: the derivative of lambda · w² is 2 · lambda · w, "
        "2 * self.weight_regularizer_l2 * self.weights.": base + 4 * WEIGHT_L2 * weights,
        "The biases' L2 gradient went into dweights too, 2 * bias_regularizer_l2 * self.weights: it belongs in "
        "dbiases, self.dbiases += 2 * self.bias_regularizer_l2 * self.biases.":
            base + 2 * (WEIGHT_L2 + BIAS_L2) * weights,
        "The L2 gradient is missing, or was multiplied by another penalty's lambda (0 in this check): add "
        "2 * weight_regularizer_l2 * weights, after dweights is computed (a gradient added before "
        "self.dweights = np.dot(...) is replaced by it).": base,
        _overwritten("dweights", "2 * self.weight_regularizer_l2 * self.weights"): 2 * WEIGHT_L2 * weights,
        "The weights' L2 gradient took the biases' lambda: 2 * self.weight_regularizer_l2 * self.weights.":
            base + 2 * BIAS_L2 * weights,
        "The weights were squared in the gradient: the derivative of lambda · w² is 2 · lambda · w, "
        "2 * self.weight_regularizer_l2 * self.weights.": base + 2 * WEIGHT_L2 * weights ** 2,
        "The L2 gradient was subtracted: the penalty adds to the loss, so its gradient adds to dweights, "
        "self.dweights += 2 * self.weight_regularizer_l2 * self.weights.": base - 2 * WEIGHT_L2 * weights,
        "The L2 gradient was built from dweights, 2 * lambda * self.dweights: the penalty is lambda times the sum "
        "of the squared weights, so its gradient is 2 * self.weight_regularizer_l2 * self.weights.":
            base + 2 * WEIGHT_L2 * base,
        "The L2 gradient took the weights' absolute values, 2 * lambda * np.abs(w): the derivative of w² keeps "
        "its sign, 2 * self.weight_regularizer_l2 * self.weights.": base + 2 * WEIGHT_L2 * np.abs(weights),
    })
    bias_base = want["dvalues"].sum(axis=0, keepdims=True)
    expect.array(got["dbiases"], want["dbiases"], "self.dbiases with L2 penalties", set_by=set_by, mistakes={
        "The factor 2 is missing from the biases' L2 gradient.": bias_base + BIAS_L2 * biases,
        "The biases' L2 gradient is missing, or was multiplied by another penalty's lambda (0 in this check): add "
        "2 * bias_regularizer_l2 * self.biases to dbiases, after dbiases is computed (a gradient added before "
        "self.dbiases = np.sum(...) is replaced by it).": bias_base,
        _overwritten("dbiases", "2 * self.bias_regularizer_l2 * self.biases"): 2 * BIAS_L2 * biases,
        "The biases' L2 gradient took the weights' lambda: 2 * self.bias_regularizer_l2 * self.biases.":
            bias_base + 2 * WEIGHT_L2 * biases,
        "The biases' L2 gradient was subtracted: the penalty adds to the loss, so its gradient adds to dbiases, "
        "self.dbiases += 2 * self.bias_regularizer_l2 * self.biases.": bias_base - 2 * BIAS_L2 * biases,
        named("wrong_derivative_input", "dbiases took the shape of the weights: the biases' L2 gradient used the "
                                        "weights where the biases belong. It is 2 * bias_regularizer_l2 * "
                                        "self.biases."):
            bias_base + 2 * BIAS_L2 * weights,
    })
    _each_alone(got, want)
    _of_another_layer(got, want, "L2", "2 * self.weight_regularizer_l2 * self.weights")


@check("regularization", depends=("backward_l1", "backward_l2"),
       hint="Each penalty adds to the loss, so each adds its own term to the gradient. See chapter 14.")
def test_backward_gradcheck(run):
    """Layer_Dense.backward with all four penalties agrees with a numerical gradient"""
    got, want = run("backward_all")
    objective = _dense_objective(want, PENALTIES)
    set_by = got["set"], want["set"], "Layer_Dense.backward"
    # At the L1 kink (a parameter of exactly 0) any subgradient will do; the book's +lambda is what want holds.
    for name, parameters, strength in (("weights", want["weights"], 0.3), ("biases", want["biases"], 0.1)):
        numeric = expect.numerical_gradient(lambda p: objective(**{name: p}), parameters.copy())
        numeric[parameters == 0] = want[f"d{name}"][parameters == 0]
        given = _subgradient_at_zero(expect.as_array(got[f"d{name}"], f"self.d{name}", set_by=set_by),
                                     want[f"d{name}"], parameters, strength)
        expect.gradient(given, numeric, f"self.d{name}")
    expect.gradient(got["dinputs"], expect.numerical_gradient(lambda x: objective(inputs=x), want["inputs"]),
                    "self.dinputs", set_by=set_by)
    for name in ("dweights", "dbiases"):
        once, twice = got[f"{name}_once"], got[f"{name}_twice"]
        if isinstance(once, np.ndarray) and isinstance(twice, np.ndarray) and once.shape == twice.shape:
            expect.array(twice, once, f"self.{name} after a second backward pass with the same dvalues", mistakes={
                f"That is the first pass's {name} and the second's added together: each backward pass sets its "
                f"gradients anew, self.{name} = ..., then adds the penalties' terms to them (+=).": 2 * once})


@check("regularization", hint="Layer_Dropout(0.3) drops 30% of the values. The book keeps self.rate = 1 - rate, "
       "the share to keep, and draws np.random.binomial(1, self.rate, size=inputs.shape). See chapter 15.")
def test_dropout_drops_the_right_share(run):
    """Layer_Dropout(rate) zeroes about that share of the values"""
    got, want = run("dropout")
    expect.was_set(got["set_by_forward"], "output", "Layer_Dropout.forward(inputs, training=True)")
    output = expect.shape(got["output"], want["inputs"].shape, "self.output", "the shape of the inputs")
    expect.drawn_for_each_value(output == 0)
    dropped = float(np.mean(output == 0))
    expect.true(abs(dropped - RATE) < 0.02, f"Layer_Dropout({RATE}) zeroed {dropped:.1%} of 10,000 values; about "
                f"{RATE:.0%} was expected." + (" It dropped the share it should have kept: the rate is the share "
                                               "to drop, so keep 1 - rate." if abs(dropped - (1 - RATE)) < 0.02
                                               else expect.NOTHING_DROPPED if not dropped else ""))
    expect.drops_its_own_rate(got["half_output"], want["inputs"].shape, RATE)


@check("regularization", depends="dropout_drops_the_right_share",
       hint="Without scaling, the sum of the outputs shrinks while training. Divide the mask by the share kept. "
       "See chapter 15.")
def test_dropout_scales_the_kept_values(run):
    """Layer_Dropout scales the values it keeps by 1 / (1 - rate)"""
    got, want = run("dropout")
    output = expect.shape(got["output"], want["inputs"].shape, "self.output", "the shape of the inputs")
    expect.kept_values_scaled(output, want["inputs"], RATE)


@check("regularization", depends="dropout_drops_the_right_share",
       hint="Which line draws the mask: does it run at every call of forward? See chapter 15.")
def test_dropout_draws_a_new_mask_each_pass(run):
    """Layer_Dropout draws a new mask at every forward pass"""
    got, want = run("dropout")
    dropped = expect.shape(got["output"], want["inputs"].shape, "self.output", "the shape of the inputs") == 0
    again = expect.shape(got["output_again"], want["inputs_again"].shape, "self.output of a second forward pass",
                         "the shape of the inputs") == 0
    expect.drawn_at_every_pass(dropped, again)
    other = got["output_other"]
    if isinstance(other, str):   # what forward raised on a batch of another shape (scenarios.dropout)
        expect.fail(f"Layer_Dropout.forward on inputs of shape (120, 30), after inputs of shape (200, 50), raised "
                    f"{other}. Is the mask drawn with a size written into the code, or kept from the first call? "
                    "Draw it at every call in the shape of that call's inputs: np.random.binomial(1, self.rate, "
                    "size=inputs.shape).")
    other = expect.shape(other, want["inputs_other"].shape, "self.output for inputs of shape (120, 30)",
                         "the shape of the inputs")
    share = float(np.mean(other == 0))
    expect.true(abs(share - RATE) < 0.05, f"Layer_Dropout({RATE}) zeroed {share:.1%} of the 3,600 values of "
                f"inputs of shape (120, 30), after the right share of inputs of shape (200, 50); about {RATE:.0%} was "
                "expected. Draw the mask at every call in the shape of that call's inputs.")


@check("backprop", depends="dropout_drops_the_right_share",
       hint="Keep the mask in self.binary_mask during forward, and multiply dvalues by that very mask. "
       "See chapter 15.")
def test_dropout_backward_reuses_the_mask(run):
    """Layer_Dropout.backward multiplies dvalues by the mask of the forward pass"""
    got, want = run("dropout_backward")
    output = expect.shape(got["output"], want["inputs"].shape, "self.output", "the shape of the inputs")
    with np.errstate(all="ignore"):   # huge values overflow to inf: no mask, and the checks below say so
        mask = output.astype(float) / want["inputs"]
        masked = want["dvalues"] * mask
        times_output = want["dvalues"] * output
    dinputs = expect.shape(got["dinputs"], want["dvalues"].shape, "self.dinputs", "the shape of dvalues",
                           set_by=(got["set"], want["set"], "Layer_Dropout.backward"))
    # Masked, but not where forward dropped values: a second mask was drawn.
    other_mask = np.any(dinputs[mask == 0] != 0) and np.any(dinputs == 0)
    expect.true(not other_mask,
                "dinputs is not 0 where the forward pass dropped the value, or 0 where it kept it: backward "
                "drew a new mask. Reuse self.binary_mask from forward.")
    expect.array(dinputs, masked, "self.dinputs", mistakes={
        "dinputs was not masked: the gradient of a dropped value is 0.": want["dvalues"],
        "dvalues was multiplied by the layer's output, not by its mask: self.dinputs = dvalues * "
        "self.binary_mask.": times_output,
        "The mask was not scaled in backward as it was in forward: backward multiplied dvalues by 0s and 1s, where "
        "forward's output was divided by the rate of units kept too. Keep the scaled mask in self.binary_mask, "
        "np.random.binomial(1, self.rate, size=inputs.shape) / self.rate, as the book does, so that forward and "
        "backward both multiply by it.":
            want["dvalues"] * (mask != 0),
        "self.dinputs is the mask alone: the gradient that came in is multiplied by it, self.dinputs = dvalues * "
        "self.binary_mask.": mask,
    })
    expect.dropout_mask_not_rebuilt(got, want)
    expect.dropout_used_again(got, want)


@check("regularization", depends="dropout_drops_the_right_share",
       hint="self.output = inputs * self.binary_mask builds a new array; which line writes into inputs or "
       "dvalues instead? See chapter 15.")
def test_dropout_keeps_its_arguments(run):
    """Layer_Dropout leaves the inputs and dvalues it was given unchanged"""
    got, want = run("dropout_backward")
    expect.all_unchanged([(got["inputs_after"], want["inputs"], "The inputs given to Layer_Dropout.forward"),
                          (got["dvalues_after"], want["dvalues"], "The dvalues given to Layer_Dropout.backward")],
                         "Multiply into a new array (inputs * self.binary_mask, dvalues * self.binary_mask) instead "
                         "of with *=: the caller still needs it.")


@check("regularization", depends="dropout_drops_the_right_share",
       hint="Chapter 15's training loop calls dropout.forward(inputs) with no training argument: what must your "
       "default be for that call to drop? See chapter 15.")
def test_dropout_default_drops(run):
    """Layer_Dropout drops values while training when called as chapter 15's code calls it, forward(inputs), or with training=True where training has no default"""
    got, want = run("dropout")
    expect.drops_without_training(got["default_called"], got["default_output"], want["inputs"].shape, RATE)


@check("regularization", hint="At inference every neuron takes part: with training=False, the output is the "
       "inputs. See chapter 18.")
def test_dropout_inference(run):
    """Layer_Dropout.forward(inputs, training=False) passes the inputs through unchanged"""
    got, want = run("dropout_inference")
    if got["takes_training"] is False:
        expect.fail("Layer_Dropout.forward takes no training argument, so dropout cannot be switched off at "
                    "inference: that is chapter 15's forward(self, inputs). Chapter 18 adds it: "
                    "forward(self, inputs, training), and when not training, self.output = inputs.copy() and "
                    "return.", "training_flag")
    expect.was_set(got["set_by_forward"], "output", "Layer_Dropout.forward(inputs, training=False)")
    output, inputs = got["output"], want["inputs"]
    if isinstance(output, np.ndarray) and output.shape == inputs.shape and np.any(output == 0):
        kept = output != 0
        if np.allclose(output[kept], inputs[kept] / 0.5, rtol=1e-4):
            expect.fail("With training=False some values were dropped and the rest doubled: dropout was applied "
                        "at inference. When not training, the output is the inputs, unchanged.", "training_flag")
    expect.array(output, want["output"], "self.output with training=False", mistakes={
        "With training=False the output was scaled by the share kept, 1 - rate: that is classic dropout, which scales "
        "at inference. The book's inverted dropout scales while training instead (the mask divided by 1 - rate), "
        "so with training=False the output is the inputs, unchanged: self.output = inputs.copy().":
            want["output"] * 0.5})
