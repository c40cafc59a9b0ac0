"""Checks for challenge 6: optimizers.

Each optimizer is judged on its own: a mistake in SGD's decay says nothing about Adam.
"""
import re

import numpy as np

from grader import expect
from grader.mistakes import mistake_of, named
from grader.spec import check

TWO_LAYER_STEPS = 3
# The checks stack a layer's arrays one step after another: the shape a message gives leads with the steps.
STACKED = " (one array per step, stacked)"
# Chapter 10's constructors, as the README's table gives them.
BOOK_DEFAULTS = {"Optimizer_SGD": "learning_rate=1., decay=0., momentum=0.",
                 "Optimizer_Adagrad": "learning_rate=1., decay=0., epsilon=1e-7",
                 "Optimizer_RMSprop": "learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9",
                 "Optimizer_Adam": "learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999"}
# The same steps within rounding: epsilon added after the division, or not at all.
EPSILON_OUTSIDE = named("epsilon_placement", "epsilon is outside the square root's denominator, or missing from "
                                             "it: a gradient of exactly 0 gives 0 / 0 = NaN and a tiny one a full "
                                             "step. Divide by (np.sqrt(cache) + epsilon), with the parentheses.")
EPSILON_INSIDE = named("epsilon_placement", "epsilon went inside the square root, np.sqrt(cache + epsilon), where "
                                           "the book adds it after the root: divide by np.sqrt(cache) + epsilon, "
                                           "dweights / (np.sqrt(weight_cache) + epsilon). The two differ where the "
                                           "cache is near 0: the root of epsilon is about 3e-4, epsilon itself 1e-7.")
NO_ROOT = named("no_square_root", "The square root is missing: divide by np.sqrt(cache) + epsilon.")
# The hints of a check whose failure is in the decay or the step count, where its own hints are about its update.
DECAY_HINT = ("current_learning_rate = learning_rate * (1. / (1. + decay * iterations)), computed in "
              "pre_update_params from the iterations post_update_params counts. See chapter 10.")
COUNT_HINT = ("post_update_params runs once a step, after the updates, and adds 1 to self.iterations. See "
              "chapter 10.")
UNDECAYED = "The update used learning_rate, not the decayed current_learning_rate that pre_update_params computed."
SQUARE_MISSING = ("The cache was built from the gradients' sizes, np.abs(dweights), not their squares: the cache "
                  "holds squared gradients, dweights ** 2, so that its square root is on the gradients' scale.")
UNSQUARED = ("The cache was built from the gradients themselves, not their squares, so it goes below 0 wherever they "
             "are negative, and its square root is NaN there: the cache holds squared gradients, dweights ** 2.")


def _replay(want, rates, update, prefix="", parameter="weights"):
    """The weights (or another `parameter`) after each step when `update(step, weights, gradient, state, rate)` is
    the rule."""
    weights, state, history = want[f"{prefix}start_{parameter}"].copy(), {}, []
    with np.errstate(all="ignore"):
        for step, (gradient, rate) in enumerate(zip(want[f"{prefix}d{parameter}"], rates)):
            weights = update(step, weights, gradient, state, rate)
            history.append(weights.copy())
    return np.array(history)


def _decayed(learning_rate, decay, steps):
    return np.array([learning_rate / (1 + decay * t) for t in range(steps)])


def _momentum(momentum):
    def update(step, weights, gradient, state, rate):
        state["v"] = momentum * state.get("v", 0) - rate * gradient
        return weights + state["v"]
    return update


def _rate_outside(momentum):
    """Momentum kept unscaled, momentum * kept - gradient, and the whole of it times this step's rate."""
    def update(step, weights, gradient, state, rate):
        state["v"] = momentum * state.get("v", 0) - gradient
        return weights + rate * state["v"]
    return update


def _momentum_dampened(momentum):
    """Momentum whose gradient is weighted by 1 - momentum (a moving average of the gradients)."""
    def update(step, weights, gradient, state, rate):
        state["v"] = momentum * state.get("v", 0) - (1 - momentum) * rate * gradient
        return weights + state["v"]
    return update


def _momentum_climbing(momentum):
    """Momentum with the gradient added instead of subtracted."""
    def update(step, weights, gradient, state, rate):
        state["v"] = momentum * state.get("v", 0) + rate * gradient
        return weights + state["v"]
    return update


def _momentum_kept_otherwise(momentum, kept, sign=1):
    """Momentum whose update is sign * momentum * (what the last step kept) - rate * gradient, and which keeps
    kept(update, gradient) for the next step: the update itself is the book's."""
    def update(step, weights, gradient, state, rate):
        change = sign * momentum * state.get("v", 0) - rate * gradient
        state["v"] = kept(change, gradient)
        return weights + change
    return update


def _cache_after_step(new_cache):
    """An AdaGrad-like step divided by the cache as the previous step left it, the cache updated only afterwards."""
    def update(step, weights, gradient, state, rate):
        cache = state.get("c", 0.0)
        moved = weights - rate * gradient / (np.sqrt(cache) + 1e-7)
        state["c"] = new_cache(cache, gradient)
        return moved
    return update


def _late_momentum(momentum):
    """The weights moved by the previous step's momentums, which are updated only afterwards."""
    def update(step, weights, gradient, state, rate):
        previous = state.get("v", 0)
        state["v"] = momentum * previous - rate * gradient
        return weights + previous
    return update


def _plain(step, weights, gradient, state, rate):
    return weights - rate * gradient


def _cache_rule(new_cache, root=True, epsilon_outside=False, epsilon_inside=False, start=0.0):
    """An AdaGrad-like update whose cache evolves as `new_cache(cache, gradient)` from `start`."""
    def update(step, weights, gradient, state, rate):
        state["c"] = new_cache(state.get("c", start), gradient)
        if epsilon_inside:
            return weights - rate * gradient / np.sqrt(state["c"] + 1e-7)
        denominator = np.sqrt(state["c"]) if root else state["c"]
        if epsilon_outside:
            return weights - rate * gradient / denominator + 1e-7
        return weights - rate * gradient / (denominator + 1e-7)
    return update


def _summed(cache, gradient):
    return cache + gradient ** 2


def _averaged(cache, gradient, rho=0.8):
    return rho * cache + (1 - rho) * gradient ** 2


def _cache_mistakes(rates, rule):
    """The sentences and replayed weights of the mistakes AdaGrad and RMSProp share."""
    return lambda want, prefix="", parameter="weights": {
        NO_ROOT: _replay(want, rates, _cache_rule(rule, root=False), prefix, parameter),
        SQUARE_MISSING: _replay(want, rates, _cache_rule(lambda cache, g: rule(cache, np.sqrt(np.abs(g)))), prefix,
                                parameter),
        # A rule that is a * cache + b * gradient ** 2, given the gradient unsquared: rule(cache, 0) + rule(0, 1) * g.
        UNSQUARED: _replay(want, rates, _cache_rule(lambda cache, g: rule(cache, 0) + rule(0, 1) * g), prefix,
                           parameter),
        EPSILON_OUTSIDE: _replay(want, rates, _cache_rule(rule, epsilon_outside=True), prefix, parameter),
        EPSILON_INSIDE: _replay(want, rates, _cache_rule(rule, epsilon_inside=True), prefix, parameter),
        UNDECAYED: _replay(want, np.full(len(rates), rates[0]), _cache_rule(rule), prefix, parameter),
    }


def _adam(correct=True, beta_1=0.9, beta_2=0.999, epsilon=1e-7, offset=1, reset=False, root=True,
          epsilon_inside=False, cache_beta=None, scaled_square=False, kept_corrected=False, squared_momentum=False,
          divisor=None, cache_divisor_beta=None, momentum_weights_swapped=False, raw_gradient=False,
          momentum_beta=None, folded=False, unscaled_gradient=False, momentum_divisor_beta=None,
          cache_of_momentums=False):
    """One Adam step as the book takes it, or with one mistake; `correct`: True, False, or which of "momentums"
    and "cache" alone is bias-corrected. `cache_beta`: the beta the cache's moving average uses, if not beta_2;
    `scaled_square`: ((1 - beta_2) * gradient) ** 2 for (1 - beta_2) * gradient ** 2; `kept_corrected`: the
    corrected momentums and cache (True, or which of "momentums" and "cache" alone) stored back on the layer, so
    that the next step corrects them again;
    `squared_momentum`: the momentums averaging the squared gradient, as the cache does; `divisor(beta, step)`: the
    bias correction's divisor, if not 1 - beta ** (step + offset); `cache_divisor_beta`: the beta the cache's
    correction uses, if not beta_2; `momentum_weights_swapped`: (1 - beta_1) * momentums + beta_1 * gradient;
    `raw_gradient`: the step takes the gradient where the corrected momentums belong; `momentum_beta`: the beta
    the momentums' moving average uses, if not beta_1 (their correction still uses beta_1); `folded`: the
    corrections folded into the step size as the Adam paper's section 2 does, epsilon then added to the root of
    the uncorrected cache; `unscaled_gradient`: the momentums add the whole gradient, without (1 - beta_1);
    `momentum_divisor_beta`: the beta the momentums' correction uses, if not beta_1; `cache_of_momentums`: the cache
    averages the squared momentums, not the squared gradient."""
    cache_beta = beta_2 if cache_beta is None else cache_beta
    momentum_divisor_beta = beta_1 if momentum_divisor_beta is None else momentum_divisor_beta
    averaged = beta_1 if momentum_beta is None else momentum_beta
    cache_divisor_beta = beta_2 if cache_divisor_beta is None else cache_divisor_beta
    divisor = divisor or (lambda beta, step: 1 - beta ** (step + offset))

    def update(step, weights, gradient, state, rate):
        if reset:
            state.clear()
        kept, new = (1 - averaged, averaged) if momentum_weights_swapped else (averaged, 1 - averaged)
        new = 1 if unscaled_gradient else new
        state["m"] = kept * state.get("m", 0) + new * (gradient ** 2 if squared_momentum else gradient)
        squared = state["m"] if cache_of_momentums else gradient
        state["c"] = cache_beta * state.get("c", 0) + (
            ((1 - cache_beta) * squared) ** 2 if scaled_square else (1 - cache_beta) * squared ** 2)
        m = state["m"] / divisor(momentum_divisor_beta, step) if correct in (True, "momentums") else state["m"]
        c = state["c"] / divisor(cache_divisor_beta, step) if correct in (True, "cache") else state["c"]
        if kept_corrected in (True, "momentums"):
            state["m"] = m
        if kept_corrected in (True, "cache"):
            state["c"] = c
        if raw_gradient:
            m = gradient
        if epsilon_inside:
            return weights - rate * m / np.sqrt(c + epsilon)
        if folded:
            return weights - rate * m / (np.sqrt(c) + epsilon / np.sqrt(divisor(cache_divisor_beta, step)))
        return weights - rate * m / ((np.sqrt(c) if root else c) + epsilon)
    return update


def _adam_mistakes(rates):
    return lambda want, prefix="", parameter="weights": {
        "The bias correction is missing: divide the momentums by 1 - beta_1 ** (iterations + 1) and the "
        "cache by 1 - beta_2 ** (iterations + 1) before the update.":
            _replay(want, rates, _adam(correct=False), prefix, parameter),
        "The cache's bias correction is missing: divide the cache by 1 - beta_2 ** (iterations + 1) too, as the "
        "momentums by 1 - beta_1 ** (iterations + 1).":
            _replay(want, rates, _adam(correct="momentums"), prefix, parameter),
        "The momentums' bias correction is missing: divide them by 1 - beta_1 ** (iterations + 1) too, as the "
        "cache by 1 - beta_2 ** (iterations + 1).": _replay(want, rates, _adam(correct="cache"), prefix, parameter),
        named("step_count", "The bias correction used beta ** iterations where beta ** (iterations + 1) belongs: "
                            "iterations counts the steps already taken, and is 0 during the first."):
            _replay(want, rates, _adam(offset=0), prefix, parameter),
        named("step_count", "The bias correction ran one step ahead: it used beta ** (iterations + 2). Was "
                            "iterations advanced inside update_params as well as in post_update_params?"):
            _replay(want, rates, _adam(offset=2), prefix, parameter),
        named("memory_reset", "The momentums and caches start again from zero at every step: create them only "
                              "the first time update_params sees a layer (if not hasattr(layer, 'weight_cache')), "
                              "and keep updating those."):
            _replay(want, rates, _adam(reset=True), prefix, parameter),
        NO_ROOT: _replay(want, rates, _adam(root=False), prefix, parameter),
        named("epsilon_placement", "epsilon went inside the square root: divide by "
                                   "np.sqrt(weight_cache_corrected) + epsilon, not np.sqrt(... + epsilon)."):
            _replay(want, rates, _adam(epsilon_inside=True), prefix, parameter),
        "beta_1 and beta_2 are swapped: the momentums use beta_1 (0.9) and the cache beta_2 (0.999).":
            _replay(want, rates, _adam(beta_1=0.999, beta_2=0.9), prefix, parameter),
        "The cache's moving average used beta_1 (0.9): the cache takes beta_2, weight_cache = beta_2 * "
        "weight_cache + (1 - beta_2) * dweights ** 2; beta_1 is the momentums'.":
            _replay(want, rates, _adam(cache_beta=0.9), prefix, parameter),
        "The momentums' moving average used beta_2 (0.999): the momentums take beta_1, weight_momentums = "
        "beta_1 * weight_momentums + (1 - beta_1) * dweights; beta_2 is the cache's.":
            _replay(want, rates, _adam(momentum_beta=0.999), prefix, parameter),
        "The two moving averages swapped their betas: the momentums take beta_1 (0.9), weight_momentums = beta_1 * "
        "weight_momentums + (1 - beta_1) * dweights, and the cache beta_2 (0.999), weight_cache = beta_2 * "
        "weight_cache + (1 - beta_2) * dweights ** 2.":
            _replay(want, rates, _adam(momentum_beta=0.999, cache_beta=0.9), prefix, parameter),
        "(1 - beta_2) was squared with the gradient: ((1 - beta_2) * dweights) ** 2. Only the gradient is "
        "squared: (1 - beta_2) * dweights ** 2.": _replay(want, rates, _adam(scaled_square=True), prefix, parameter),
        "The momentums averaged the squared gradient: they are the gradient's own moving average, "
        "weight_momentums = beta_1 * weight_momentums + (1 - beta_1) * dweights; only the cache squares it.":
            _replay(want, rates, _adam(squared_momentum=True), prefix, parameter),
        "The bias-corrected momentums and cache were stored back on the layer, so the next step corrects them "
        "again and the moving averages grow: keep them in local variables (weight_momentums_corrected = "
        "layer.weight_momentums / (1 - ...)) and leave layer.weight_momentums and layer.weight_cache "
        "uncorrected.": _replay(want, rates, _adam(kept_corrected=True), prefix, parameter),
        **{f"The bias-corrected {stored} stored back on the layer, so the next step corrects them again: keep the "
           f"corrected values in a local variable ({local} = layer.{attribute} / (1 - ...)) and leave "
           f"layer.{attribute} uncorrected.": _replay(want, rates, _adam(kept_corrected=kept), prefix, parameter)
           for kept, stored, local, attribute in (
               ("momentums", "momentums were", "weight_momentums_corrected", "weight_momentums"),
               ("cache", "cache was", "weight_cache_corrected", "weight_cache"))},
        UNDECAYED: _replay(want, np.full(len(rates), rates[0]), _adam(), prefix, parameter),
        "The bias correction's parentheses are missing: 1 - beta ** iterations + 1 adds 1 after the power. The "
        "book divides by 1 - beta ** (iterations + 1).":
            _replay(want, rates, _adam(divisor=lambda beta, step: 2 - beta ** step), prefix, parameter),
        "The bias correction multiplied where it raises to a power: 1 - beta * (iterations + 1), where the book "
        "divides by 1 - beta ** (iterations + 1).":
            _replay(want, rates, _adam(divisor=lambda beta, step: 1 - beta * (step + 1)), prefix, parameter),
        "The cache's bias correction used beta_1: the cache is corrected by 1 - beta_2 ** (iterations + 1), the "
        "momentums by 1 - beta_1 ** (iterations + 1).":
            _replay(want, rates, _adam(cache_divisor_beta=0.9), prefix, parameter),
        "The momentums' moving average adds the whole gradient: weight_momentums = beta_1 * weight_momentums + "
        "(1 - beta_1) * dweights, whose (1 - beta_1) keeps the average the gradient's size.":
            _replay(want, rates, _adam(unscaled_gradient=True), prefix, parameter),
        "The momentums' bias correction used beta_2: the momentums are corrected by 1 - beta_1 ** (iterations + "
        "1), the cache by 1 - beta_2 ** (iterations + 1).":
            _replay(want, rates, _adam(momentum_divisor_beta=0.999), prefix, parameter),
        "The cache averaged the squared momentums: it is the squared gradient's moving average, weight_cache = "
        "beta_2 * weight_cache + (1 - beta_2) * dweights ** 2.":
            _replay(want, rates, _adam(cache_of_momentums=True), prefix, parameter),
        "The momentums' moving average has its two weights swapped: weight_momentums = beta_1 * weight_momentums "
        "+ (1 - beta_1) * dweights keeps 90% of the old momentum and adds 10% of the gradient.":
            _replay(want, rates, _adam(momentum_weights_swapped=True), prefix, parameter),
        "The step took the raw gradient where the corrected momentums belong: weights += -current_learning_rate "
        "* weight_momentums_corrected / (np.sqrt(weight_cache_corrected) + epsilon).":
            _replay(want, rates, _adam(raw_gradient=True), prefix, parameter),
        "That is the Adam paper's shortcut, the corrections folded into the step size, current_learning_rate * "
        "np.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t), with epsilon added to the uncorrected cache's root: it "
        "differs from the book's where a gradient is tiny. The book corrects the momentums and the cache, then "
        "divides by np.sqrt(weight_cache_corrected) + epsilon.":
            _replay(want, rates, _adam(folded=True), prefix, parameter),
    }


def _check_rates(got, want, what):
    """current_learning_rate at each step, read right after pre_update_params."""
    rates = want["rates"]
    learning_rate, steps = rates[0], len(rates)
    decay = (learning_rate / rates[1] - 1) if steps > 1 and rates[1] else 0.0
    mistakes = {
        "current_learning_rate never changes: pre_update_params must compute it from the decay, and "
        "post_update_params must add 1 to self.iterations.": np.full(steps, learning_rate),
        named("step_count", "The decay starts one step early: the first step uses the full learning rate, "
                            "since iterations is still 0."):
            learning_rate / (1 + decay * np.arange(1, steps + 1)),
        named("step_count", "The decay runs twice as fast: iterations grows by 2 a step, counted somewhere besides "
                            "post_update_params (in update_params, say). Only post_update_params adds 1 to "
                            "self.iterations, once per step."):
            learning_rate / (1 + decay * 2 * np.arange(steps)),
        "The parentheses are missing: learning_rate * 1. / 1. + decay * iterations adds decay * iterations to "
        "the learning rate. The book divides by the whole 1 + decay * iterations: learning_rate * (1. / (1. + "
        "decay * iterations)).": learning_rate + decay * np.arange(steps),
        "The decay compounds: current_learning_rate was computed from its own previous value. Compute it "
        "from self.learning_rate every time.": learning_rate * np.cumprod(1 / (1 + decay * np.arange(steps))),
        "The parentheses are misplaced: learning_rate / (1 + decay) * iterations multiplies by the step count. "
        "The book divides by 1 + decay * iterations: learning_rate * (1. / (1. + decay * iterations)).":
            learning_rate / (1 + decay) * np.arange(steps),
        "The decay is subtracted: learning_rate * (1 - decay * iterations) falls in a straight line and goes below "
        "zero. The book divides: learning_rate * (1. / (1. + decay * iterations)).":
            learning_rate * (1 - decay * np.arange(steps)),
        "The decay is exponential, learning_rate * exp(-decay * iterations). The book's decay divides: "
        "learning_rate * (1. / (1. + decay * iterations)).": learning_rate * np.exp(-decay * np.arange(steps)),
        "current_learning_rate, read right after pre_update_params, is the previous step's: it is computed later "
        "in the step (in update_params, say). pre_update_params computes it, before any layer is updated.":
            np.concatenate([[learning_rate], rates[:-1]]),
        "1 + decay was raised to the power of iterations, learning_rate / (1 + decay) ** iterations, which decays "
        "exponentially. The book divides by 1 + decay * iterations: learning_rate * (1. / (1. + decay * "
        "iterations)).": learning_rate / (1 + decay) ** np.arange(steps),
        "The rate was multiplied by 1 - decay at every step, learning_rate * (1 - decay) ** iterations, which decays "
        "exponentially. The book divides by 1 + decay * iterations: learning_rate * (1. / (1. + decay * "
        "iterations)).": learning_rate * (1 - decay) ** np.arange(steps),
    }
    floored = ("// is floor division: 1 // (1 + decay * iterations), or learning_rate // (1 + decay * iterations), "
               "rounds the quotient down to a whole number (as int(...) of it does). Divide with /: learning_rate * "
               "(1. / (1. + decay * iterations)).")
    mistakes = [*mistakes.items(), (floored, learning_rate * np.floor(1 / (1 + decay * np.arange(steps))))]
    whole = np.floor(learning_rate / (1 + decay * np.arange(steps)))
    if whole.any():   # a rate of 0 throughout has other causes
        mistakes.append((floored, whole))
    try:
        expect.array(got["rates"], rates, f"current_learning_rate of {what} at each of {steps} steps",
                     set_by=(got.get("set"), want["set"], what), mistakes=mistakes)
    except expect.Mismatch as mismatch:
        mismatch.hint = mismatch.hint or DECAY_HINT
        raise


# What a layer holds before any optimizer sees it: its parameters and their gradients.
LAYER_OWN = ("weights", "biases", "dweights", "dbiases")


def _on_the_layer(got, want, prefix=""):
    """expect.array's set_by for what the optimizer keeps on a layer: a momentum kept under another name is named.
    Only what the optimizer added is compared, so that a memory of the learner's own name (m_biases) is taken for a
    misspelling of none of the layer's own attributes."""
    names, known = got.get(f"{prefix}layer_set"), want.get(f"{prefix}layer_set")
    added = [name for name in names if name not in LAYER_OWN] if isinstance(names, list) else names
    return added, [name for name in known if name not in LAYER_OWN], "layer"


# The weights' names in a mistake's sentence and the biases' (chapter 10 names each pair so).
BIAS_NAMES = (("weight_momentums", "bias_momentums"), ("weight_cache", "bias_cache"), ("dweights", "dbiases"),
              ("weights +=", "biases +="))


def _for_biases(mistakes):
    """A mistakes dict replayed on the biases, each sentence said of them: the same slip, made in the bias lines
    alone, leaves the weights right."""
    said = {}
    for sentence, replayed in mistakes.items():
        text = str(sentence)
        for weights, biases in BIAS_NAMES:
            text = text.replace(weights, biases)
        text = "The weights are updated right and the biases are not. " + text
        said[named(sentence.mistake, text) if mistake_of(sentence) else text] = replayed
    return said


def _steps_or_defaults(got, want, call, name, mistakes=None, after_others=False):
    """_check_steps of an optimizer built by `call`; where its steps differ from the reference's and a setting `call`
    leaves at its default is not the book's (the settings the scenario read, as _with_settings reads them), says
    which. `after_others`: the optimizer is a new one on a new layer, built after others of its class stepped
    layers of the same shapes (and passed their checks)."""
    __tracebackhide__ = True
    try:
        _check_steps(got, want, name, mistakes)
    except expect.Mismatch as mismatch:
        _name_other_defaults(mismatch, got, want, call)
        if after_others and mismatch.mistake is None and mismatch.known is None:
            expect.fail(f"{mismatch} Its settings read as the book's defaults, and optimizers of its class built "
                        "earlier stepped right: does this new one start from memory an earlier one left, kept on the "
                        "class (a class attribute such as caches = {}) or keyed by something other than the layer "
                        "itself? Keep each layer's memory on the layer, created the first time update_params sees "
                        "it.", "state_on_optimizer")
        raise


def _name_other_defaults(mismatch, got, want, call):
    """Fail with `mismatch` and the settings `call` leaves at their defaults that are not the book's, where there are
    any (the settings the scenario read, as _with_settings reads them); else return."""
    __tracebackhide__ = True
    settings = got["settings"] if isinstance(got["settings"], dict) else {}
    passed = re.findall(r"(\w+)=", call)
    other = [f"{setting}={settings.get(setting)!r}" for setting, book in want["settings"].items()
             if book is not None and setting not in passed and settings.get(setting) is not None
             and settings.get(setting) != book]
    if other:
        left = "the rest at their defaults" if passed else "every setting at its default"
        expect.fail(f"{mismatch} {call} leaves {left}, and yours are {', '.join(other)}: the book's defaults are "
                    f"{BOOK_DEFAULTS[call.partition('(')[0]]}.", "optimizer_settings")


def _check_steps(got, want, name, mistakes=None, prefix="", what=""):
    """The weights, then the biases, after each step. `mistakes(want, prefix, parameter)` gives the mistakes dict
    replayed on `parameter` ("weights" or "biases"), or `mistakes` is a dict for the weights alone."""
    steps = len(want[f"{prefix}weights"])
    replayed = mistakes if callable(mistakes) else lambda want, prefix, parameter: \
        mistakes if parameter == "weights" else None
    counted = _count(got["iterations"])
    if not prefix and counted is not None and counted != want["iterations"]:
        expect.fail(named("step_count", f"After {steps} steps of {name}, self.iterations is {counted}; expected "
                                        f"{want['iterations']}: post_update_params adds 1 at every step, decay or "
                                        "not, since the steps read it (Adam's bias correction divides by 1 - beta "
                                        "** (iterations + 1))."), hint=COUNT_HINT)
    # The mistakes' replays are many: taken only for wrong steps.
    try:
        expect.array(got[f"{prefix}weights"], want[f"{prefix}weights"],
                     f"the {what}weights after each of {steps} steps of {name}{STACKED}",
                     mistakes=lambda: replayed(want, prefix, "weights"), set_by=_on_the_layer(got, want, prefix))
    except expect.Mismatch as mismatch:
        cause = _shared_arrays(got, prefix)
        if cause is None or mismatch.mistake is not None or mismatch.known is not None:
            raise
        # The cause found here is what made any NaN: the general account of NaN goes.
        said = str(mismatch).replace(f" {expect.NAN_CAUSE}", "").replace(f" {expect.INFINITY_CAUSE}", "")
        raise expect.Mismatch(f"{said} {cause}", mismatch.mistake, mismatch.figure) from None

    def on_biases():
        replayed_on_biases = replayed(want, prefix, "biases")
        return replayed_on_biases and _for_biases(replayed_on_biases)

    try:
        expect.array(got[f"{prefix}biases"], want[f"{prefix}biases"],
                     f"the {what}biases after each of {steps} steps of {name}{STACKED}", mistakes=on_biases)
    except expect.Mismatch as mismatch:
        if mismatch.mistake is not None or mismatch.known is not None:
            raise
        # The weights stepped right: the bias lines differ from the weight lines they mirror.
        raise expect.Mismatch(f"{mismatch} The weights step right with the same rule: compare each bias line with "
                              "its weight line, which uses the bias's own arrays (dbiases, bias_momentums, "
                              "bias_cache) where the weights' use theirs.", None, mismatch.figure,
                              mismatch.hint) from None


def _count(value):
    """A step count the scenario read, as an int (NumPy's integers too), or None where it is no whole number."""
    return int(value) if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)) else None


def _shared_arrays(got, prefix=""):
    """The sentence for steps that went wrong where the layer's arrays are one array, or where update_params changed
    its gradients in place (scenarios._one_array, _changed); None where neither is so."""
    one_array = got.get(f"{prefix}one_array")
    if isinstance(one_array, list) and one_array and all(isinstance(pair, str) for pair in one_array):
        return (f"Here {one_array[0]} are one array (made from one np.zeros_like, or one "
                "assigned to the other), so changing one in place changes the other: give each memory an array of "
                "its own, np.zeros_like(layer.weights) for each.")
    if got.get(f"{prefix}gradients_changed") is True:
        return ("update_params changed layer.dweights or layer.dbiases in place (*=, +=, **=), so what it computed "
                "from the gradient afterwards used the changed values: leave the gradients as they are and compute "
                "new arrays from them.")
    return None


def _check_two_layers(run, scenario, name, mistakes=None):
    """Three layers stepped together, the first two of different shapes, the third of the first one's: each keeps its
    own memory, one count per step."""
    got, want = run(scenario)
    raised = got["raised"]
    layers_own = ("layer.weight_momentums and layer.bias_momentums" if "SGD" in name else
                  "layer.weight_momentums, layer.weight_cache and the biases' two" if "Adam" in name else
                  "layer.weight_cache and layer.bias_cache")
    by_key, on_optimizer = got["arrays_kept_by_key"], got["arrays_on_optimizer"]
    # Said only where the steps are wrong: arrays an optimizer keeps to show them (its last update, a log) are no fault.
    shared = (f"{name} keeps its memory in {by_key}, on the optimizer (or its class), not on each layer: a dict of "
              "arrays is shared by layers of one shape where keyed by shape, by every optimizer where kept on the "
              "class, and by a new layer given a freed layer's id where keyed by id(layer). Keep them on each layer "
              f"({layers_own}), created the first time update_params sees that layer."
              if isinstance(by_key, str) and by_key else
              f"{name} keeps {on_optimizer} on the optimizer itself, so every layer shares one: keep them on each "
              f"layer ({layers_own}), created the first time update_params sees that layer."
              if isinstance(on_optimizer, str) and on_optimizer else None)
    if isinstance(raised, str) and raised:
        expect.fail(shared or f"Stepping three layers (weights (3, 2), (4, 5) and (3, 2)) together, {name} raised "
                    f"{raised}. Does each layer get its own caches and momentums, shaped like its own parameters?",
                    "state_on_optimizer" if shared else None)
    try:
        _check_layer_steps(got, want, name, mistakes)
    except expect.Mismatch:
        if shared:
            expect.fail(shared, "state_on_optimizer")
        raise
    try:
        _check_steps(got, want, f"{name} on three layers", mistakes, "third_", "third layer's ")
    except expect.Mismatch as mismatch:
        keep = shared or (f"Keep each layer's own ({layers_own}) on it, created the first time update_params sees "
                          "that layer.")
        raise expect.Mismatch(f"{mismatch} The first two layers stepped right, so the third, of the first one's shape "
                              f"(3, 2), shared another layer's memory. {keep}",
                              mismatch.mistake or "state_on_optimizer", mismatch.figure) from None


def _check_layer_steps(got, want, name, mistakes):
    """The step count, the rates and the steps of the first two layers of _check_two_layers's run."""
    __tracebackhide__ = True
    steps = _count(got["iterations"])
    if steps != TWO_LAYER_STEPS:
        per_layer = steps == 3 * TWO_LAYER_STEPS
        expect.fail(f"After {TWO_LAYER_STEPS} steps on three layers, {name}.iterations is {got['iterations']!r}; "
                    f"expected {TWO_LAYER_STEPS}." + (" update_params advanced it once per layer: only "
                                             "post_update_params counts, once per step." if per_layer else ""),
                    "step_count" if per_layer else None, hint=COUNT_HINT)
    _check_rates(got, want, f"{name} on three layers")
    for prefix, what in (("", "first layer's "), ("second_", "second layer's ")):
        _check_steps(got, want, f"{name} on three layers", mistakes, prefix, what)


@check("optimizer", hint="Each parameter moves against its gradient: weights += -learning_rate * dweights. "
       "See chapter 10.")
def test_sgd_step(run):
    """Optimizer_SGD.update_params moves weights and biases against their gradients"""
    got, want = run("sgd")
    rates = np.full(3, 0.5)
    try:
        expect.array(got["weights"], want["weights"], f"the weights after each of 3 SGD steps{STACKED}", mistakes={
            named("sign_flipped", "The weights moved along the gradient instead of against it: subtract "
                                  "learning_rate * dweights."):
                _replay(want, rates, lambda step, weights, gradient, state, rate: weights + rate * gradient),
        })
    except expect.Mismatch as mismatch:
        _name_other_defaults(mismatch, got, want, "Optimizer_SGD(learning_rate=0.5)")
        raise
    expect.array(got["biases"], want["biases"], f"the biases after each of 3 SGD steps{STACKED}", mistakes={
        "The biases never moved: update_params must step layer.biases as it steps layer.weights, by "
        "-learning_rate * dbiases.": np.repeat(want["start_biases"][np.newaxis], len(rates), axis=0),
        named("sign_flipped", "The biases moved along the gradient instead of against it: subtract "
                              "learning_rate * dbiases."):
            _replay(want, rates, lambda step, biases, gradient, state, rate: biases + rate * gradient,
                    parameter="biases"),
    })
    steps = len(rates)
    if _count(got["iterations"]) != steps:
        stray = expect.stray_attribute((got["set"], want["set"], "Optimizer_SGD"))
        expect.fail(f"After {steps} steps of Optimizer_SGD(learning_rate=0.5), which does not decay, self.iterations "
                    f"is {got['iterations']!r}; expected {steps}. " + (stray or "post_update_params adds 1 at every "
                                                                       "step, decay or not."),
                    mistake_of(stray) if stray else "step_count", hint=None if stray else COUNT_HINT)


@check("optimizer", depends="sgd_step", hint="current_learning_rate = learning_rate * (1 / (1 + decay * "
       "iterations)), and post_update_params counts the iterations. See chapter 10.")
def test_sgd_decay(run):
    """Optimizer_SGD decays current_learning_rate as 1 / (1 + decay · iterations)"""
    got, want = run("sgd_decay")
    steps = len(want["rates"])
    _check_rates(got, want, "Optimizer_SGD(learning_rate=1.0, decay=0.1)")
    expect.true(_count(got["iterations"]) == steps, f"After {steps} steps "
                f"self.iterations is {got['iterations']!r}; expected {steps}: post_update_params adds 1 each step.")
    _check_steps(got, want, "SGD with decay", {UNDECAYED: _replay(want, np.full(steps, want["rates"][0]), _plain)})


@check("optimizer", depends="sgd_step", hint="With momentum, each update is momentum * the previous update "
       "minus learning_rate * the gradient. Where is the previous update kept? See chapter 10.")
def test_sgd_momentum(run):
    """Optimizer_SGD with momentum carries part of each update into the next"""
    got, want = run("sgd_momentum")
    rates = np.full(4, 0.5)
    expect.array(got["weights"], want["weights"], f"the weights after each of 4 SGD steps with momentum=0.9{STACKED}",
                 set_by=_on_the_layer(got, want), mistakes={
                     "The momentum was ignored: these are plain SGD steps. Keep each update in "
                     "layer.weight_momentums and add momentum times it to the next one, and create the momentums "
                     "only the first time update_params sees a layer (if not hasattr(layer, 'weight_momentums')): "
                     "made again at every call, they start from zero at every step.":
                         _replay(want, rates, _plain),
                     "Each step applied the previous step's update (the old momentums) and computed the new one "
                     "only afterwards, so every update comes one step late and the first does nothing: compute "
                     "weight_updates = momentum * layer.weight_momentums - current_learning_rate * dweights, "
                     "store it in layer.weight_momentums, then add it to the weights.":
                         _replay(want, rates, _late_momentum(0.9)),
                     named("sign_flipped", "Each step climbs the loss: the gradient was added to the momentum "
                                           "instead of subtracted, or the update was subtracted from the weights. "
                                           "weight_updates = momentum * layer.weight_momentums - "
                                           "current_learning_rate * dweights already carries the minus sign: add it, "
                                           "layer.weights += weight_updates."):
                         _replay(want, rates, _momentum_climbing(0.9)),
                     "layer.weight_momentums kept the gradient, not the update: the momentum carries the previous "
                     "update into the next, so store weight_updates in layer.weight_momentums.":
                         _replay(want, rates, _momentum_kept_otherwise(0.9, lambda change, gradient: gradient)),
                     "The previous update was subtracted: weight_updates = momentum * layer.weight_momentums - "
                     "current_learning_rate * dweights adds it, with a plus.":
                         _replay(want, rates, _momentum_kept_otherwise(0.9, lambda change, gradient: change, -1)),
                     "layer.weight_momentums kept the negative gradient, not the update: the momentum carries the "
                     "previous update into the next, so store weight_updates in layer.weight_momentums.":
                         _replay(want, rates, _momentum_kept_otherwise(0.9, lambda change, gradient: -gradient)),
                     "The gradient was scaled by 1 - momentum, as a moving average (or PyTorch's dampening) does: "
                     "the book's update takes the whole of it, weight_updates = momentum * layer.weight_momentums - "
                     "current_learning_rate * dweights.":
                         _replay(want, rates, _momentum_dampened(0.9)),
                 })
    what = f"the biases after each of 4 SGD steps with momentum=0.9{STACKED}"
    expect.array(got["biases"], want["biases"], what, mistakes={
        "The biases took plain SGD steps while the weights kept their momentum: the biases need momentums of "
        "their own, layer.bias_momentums, updated as the weights' are.":
            _replay(want, rates, _plain, parameter="biases"),
        named("sign_flipped", "The gradient was added to the biases' momentum, not subtracted: bias_updates = "
                              "momentum * layer.bias_momentums - current_learning_rate * dbiases."):
            _replay(want, rates, _momentum_climbing(0.9), parameter="biases")})


@check("optimizer", depends=("sgd_decay", "sgd_momentum"), hint="With both decay and momentum, which learning "
       "rate does the momentum update use? And where does each layer keep its own momentums? See chapter 10.")
def test_sgd_momentum_with_decay(run):
    """Optimizer_SGD applies the decayed learning rate inside the momentum update, for every layer"""
    got, want = run("sgd_momentum_decay")
    expect.array(got["weights"], want["weights"], f"the weights after each of 4 steps with decay and momentum{STACKED}",
                 set_by=_on_the_layer(got, want), mistakes={
                     "The momentum update used learning_rate, not the decayed current_learning_rate.":
                         _replay(want, np.full(4, 0.5), _momentum(0.8)),
                     "These are the steps of momentum=0.9, not of the momentum=0.8 this optimizer was built with: "
                     "update_params reads self.momentum, which __init__ keeps from its argument, never a number "
                     "written in.": _replay(want, _decayed(0.5, 0.2, 4), _momentum(0.9)),
                     "The learning rate multiplied the whole update, the momentum's part too, so each past gradient "
                     "is scaled by this step's decayed rate, not by its own step's. The rate goes inside: "
                     "weight_updates = momentum * layer.weight_momentums - current_learning_rate * dweights, kept "
                     "as the momentum for the next step.": _replay(want, _decayed(0.5, 0.2, 4), _rate_outside(0.8)),
                 })
    expect.array(got["biases"], want["biases"], f"the biases after each of 4 steps with decay and momentum{STACKED}")
    _check_two_layers(run, "sgd_two_layers", "Optimizer_SGD(learning_rate=0.5, decay=0.2, momentum=0.8)")


@check("optimizer", hint="AdaGrad divides each update by the square root of the sum of all squared gradients "
       "so far, plus epsilon: dweights / (np.sqrt(weight_cache) + epsilon). See chapter 10.")
def test_adagrad(run):
    """Optimizer_Adagrad divides each step by the root of the summed squared gradients"""
    got, want = run("adagrad")
    rates = _decayed(0.5, 0.1, 4)
    _check_rates(got, want, "Optimizer_Adagrad(learning_rate=0.5, decay=0.1)")
    mistakes = lambda want, prefix, parameter: {   # noqa: E731
        "The cache holds only this step's squared gradient: add to it, weight_cache += dweights ** 2, so it "
        "sums every step so far.": _replay(want, rates, _cache_rule(lambda cache, g: g ** 2), prefix, parameter),
        "The step was divided by the cache before this step's squared gradient was added to it, so the first step "
        "divides by epsilon alone: update layer.weight_cache first, then step.":
            _replay(want, rates, _cache_after_step(_summed), prefix, parameter),
        **_cache_mistakes(rates, _summed)(want, prefix, parameter),
    }
    _steps_or_defaults(got, want, "Optimizer_Adagrad(learning_rate=0.5, decay=0.1)", "AdaGrad", mistakes)
    _check_two_layers(run, "adagrad_two_layers", "Optimizer_Adagrad",
                      _cache_mistakes(_decayed(0.5, 0.1, TWO_LAYER_STEPS), _summed))


@check("optimizer", hint="RMSProp keeps a moving average: cache = rho * cache + (1 - rho) * gradient ** 2, "
       "and divides by np.sqrt(cache) + epsilon. See chapter 10.")
def test_rmsprop(run):
    """Optimizer_RMSprop keeps a moving average of squared gradients"""
    got, want = run("rmsprop")
    rates = _decayed(0.05, 0.1, 4)
    _check_rates(got, want, "Optimizer_RMSprop(learning_rate=0.05, decay=0.1, rho=0.8)")
    mistakes = lambda want, prefix, parameter: {   # noqa: E731
        "The cache adds up squared gradients the AdaGrad way; RMSProp keeps a moving average, "
        "rho * cache + (1 - rho) * dweights ** 2.":
            _replay(want, rates, _cache_rule(_summed), prefix, parameter),
        "rho and 1 - rho are swapped in the moving average.":
            _replay(want, rates, _cache_rule(lambda cache, g: _averaged(cache, g, rho=0.2)), prefix, parameter),
        "These are the steps of rho=0.9, the book's default, not of the rho=0.8 this optimizer was built with: "
        "update_params reads self.rho, which __init__ keeps from its argument, never a number written in.":
            _replay(want, rates, _cache_rule(lambda cache, g: _averaged(cache, g, rho=0.9)), prefix, parameter),
        "The new squared gradient was added whole: the moving average weighs it by 1 - rho, "
        "cache = rho * cache + (1 - rho) * dweights ** 2.":
            _replay(want, rates, _cache_rule(lambda cache, g: 0.8 * cache + g ** 2), prefix, parameter),
        "The old cache was kept whole: the moving average multiplies it by rho before adding the new part, "
        "cache = rho * cache + (1 - rho) * dweights ** 2.":
            _replay(want, rates, _cache_rule(lambda cache, g: cache + 0.2 * g ** 2), prefix, parameter),
        "The moving average was added to the cache, cache += rho * cache + ...: it replaces the cache, "
        "cache = rho * cache + (1 - rho) * dweights ** 2.":
            _replay(want, rates, _cache_rule(lambda cache, g: cache + 0.8 * cache + 0.2 * g ** 2), prefix, parameter),
        "The cache started at ones: create it with np.zeros_like(layer.weights) the first time a layer is seen.":
            _replay(want, rates, _cache_rule(_averaged, start=1.0), prefix, parameter),
        **_cache_mistakes(rates, _averaged)(want, prefix, parameter),
    }
    _steps_or_defaults(got, want, "Optimizer_RMSprop(learning_rate=0.05, decay=0.1, rho=0.8)", "RMSProp (rho=0.8)",
                       mistakes)
    _check_two_layers(run, "rmsprop_two_layers", "Optimizer_RMSprop",
                      _cache_mistakes(_decayed(0.05, 0.1, TWO_LAYER_STEPS), _averaged))


@check("optimizer", hint="Adam keeps a momentum (beta_1) and a cache (beta_2) on each layer, and divides each by "
       "1 - beta ** (iterations + 1) before using it; only post_update_params advances iterations. See chapter 10.")
def test_adam(run):
    """Optimizer_Adam combines momentum and RMSProp, with bias correction, on every layer"""
    got, want = run("adam")
    _check_rates(got, want, "Optimizer_Adam(learning_rate=0.05, decay=0.1)")
    _steps_or_defaults(got, want, "Optimizer_Adam(learning_rate=0.05, decay=0.1)", "Adam",
                       _adam_mistakes(_decayed(0.05, 0.1, 4)))
    _check_two_layers(run, "adam_two_layers", "Optimizer_Adam(learning_rate=0.05, decay=5e-3)",
                      _adam_mistakes(_decayed(0.05, 5e-3, TWO_LAYER_STEPS)))


@check("optimizer", depends="adam", hint="The book's defaults: learning_rate=0.001, decay=0., epsilon=1e-7, "
       "beta_1=0.9, beta_2=0.999. See chapter 10.")
def test_adam_defaults(run):
    """Optimizer_Adam() uses the book's default hyper-parameters"""
    got, want = run("adam_defaults")
    _check_steps(got, want, "Optimizer_Adam()")


@check("optimizer", depends=("sgd_step", "adagrad", "rmsprop", "adam"), hint="The book's defaults: " + ", ".join(
    f"{name}({defaults})" for name, defaults in BOOK_DEFAULTS.items()) + ". See chapter 10.")
def test_defaults(run):
    """Every optimizer built with no arguments uses the book's defaults"""
    got, want = run("defaults")
    for name in ("Optimizer_SGD", "Optimizer_Adagrad", "Optimizer_RMSprop", "Optimizer_Adam"):
        expect.true(isinstance(got[name], dict) and set(got[name]) == set(want[name]),
                    f"{name}() could not be stepped as the others were.")
        rates = expect.as_array(got[name]["rates"], f"current_learning_rate of {name}()", want[name]["rates"].shape)
        default = want[name]["rates"][0]
        expect.true(rates.size > 0 and expect.close(rates.ravel()[:1], [default]), f"{name}() starts with "
                    f"current_learning_rate {f'{float(rates.ravel()[0]):g}' if rates.size else None}; the book's "
                    f"default learning_rate for {name} is {default:g}.")
        _check_rates(got[name], want[name], f"{name}()")
        _steps_or_defaults(got[name], want[name], f"{name}()", f"{name}()", after_others=True)


@check("optimizer", depends="adam", hint="Create a layer's momentums and caches the first time update_params "
       "sees it, with np.zeros_like, and keep them on the layer. See chapter 10.")
def test_caches_per_layer(run):
    """Optimizer_Adam keeps separate momentums and caches on each layer, created on first use"""
    got, want = run("caches_per_layer")
    # First, as it does not depend on which layers of the scenario happened to get the ids of earlier ones.
    what = "the weights of a new layer after its first step, made right after another trained layer was deleted"
    new = expect.as_array(got["new_weights"], what, want["new_weights"].shape)
    # The check this one depends on passed: a new layer whose first step is not a fresh one's started from memory
    # an earlier layer left, whether its id is the one just freed or another's CPython gave it.
    if new.shape == want["new_weights"].shape and not expect.close(new, want["new_weights"]):
        took = ("The new layer has the id of the deleted one, and its" if got["new_took_the_freed_id"] is True
                else "Its")
        expect.fail(f"{what[0].upper()}{what[1:]} differ from a new layer's: "
                    f"{expect.difference(new, want['new_weights'])} {took} first update used momentums or caches an "
                    "earlier layer left: they were kept elsewhere than on the layer, such as in a dict keyed by "
                    "id(layer), which a new object can get again. Keep them on the layer itself, "
                    "layer.weight_momentums and the others, created with np.zeros_like the first time update_params "
                    "sees it.", "state_on_optimizer")
    # Memories kept on the layer under names of the learner's own are judged by the steps they make alone.
    named = not (got["book_names"] is False and got["memories_on_layers"] is True)
    for layer, shape in (("small", (3, 2)), ("large", (4, 5))):
        for name in ("weight_momentums", "weight_cache") if named else ():
            expect.array(got[f"{layer}_{name}"], want[f"{layer}_{name}"], f"layer.{name} of the {layer} layer "
                         f"(weights {shape})")
        for name in ("bias_momentums", "bias_cache") if named else ():
            expect.array(got[f"{layer}_{name}"], want[f"{layer}_{name}"], f"layer.{name} of the {layer} layer")
        expect.array(got[f"{layer}_weights"], want[f"{layer}_weights"], f"the weights of the {layer} layer "
                     "after 2 steps")
    expect.array(new, want["new_weights"], what)


@check("optimizer", depends=("sgd_momentum", "adagrad", "rmsprop", "adam"), hint="Where does update_params make a "
       "layer's momentums and caches, and what if the layer is new to an optimizer that has stepped before? See "
       "chapter 10.")
def test_late_layer(run):
    """Every optimizer steps a layer it first meets after its first step, as it steps one it met at the start"""
    got, want = run("late_layer")
    for name, call in want["calls"].items():
        late, expected = got["late"][name], want["late"][name]
        if late is None:
            continue
        memory = "weight_momentums" if name == "Optimizer_SGD" else "weight_cache"
        if isinstance(late, str):   # a sentence made for every run would print the arrays of one that went well
            expect.fail(f"{call} stepped a layer twice, then a new layer and that one; the third step raised {late}. "
                        "A layer's momentums or caches are made the first time update_params meets that layer, "
                        f"whatever step the optimizer is at (if not hasattr(layer, '{memory}'): ...), not once for "
                        "all layers, when self.iterations is 0, say.")
        late = late if isinstance(late, dict) else {}
        try:
            for key, what in (("weights", "the weights"), ("biases", "the biases")):
                expect.array(late.get(key), expected[key], f"{what} of a layer {call} first stepped at its third "
                             "step, before a layer it had stepped twice,")
            expect.array(late.get("first"), expected["first"], f"the weights of the layer {call} stepped twice, "
                         "after its third step, taken after a new layer's first,")
        except expect.Mismatch as mismatch:
            if mismatch.known is not None:
                raise
            raise expect.Mismatch(
                f"{mismatch} Each layer's momentums and caches start at zero the first time update_params meets it "
                "and are that layer's alone (kept on the layer, not by the order layers come in)"
                + (", and the bias correction counts the optimizer's steps, self.iterations, not the layer's own"
                   if name == "Optimizer_Adam" else "") + ".", mismatch.mistake, mismatch.figure) from None


@check("optimizer", depends="defaults", hint="update_params reads every setting from the "
       "optimizer, self.epsilon, self.rho, self.beta_1 and self.beta_2, which __init__ keeps from its arguments: "
       "never the default's number written in. See chapter 10.")
def test_own_settings(run):
    """Optimizers built with another epsilon, rho or betas step with them"""
    got, want = run("own_settings")
    for name, settings in want["built"].items():
        built = f"{name}({', '.join(f'{setting}={value:g}' for setting, value in settings.items())})"
        defaulted = [setting for setting in want["defaults"] if setting in settings]
        groups = defaulted + ([" ".join(defaulted)] if len(defaulted) > 1 else [])
        # The biases' line of update_params may hold a number the weights' line reads from self: each is checked.
        for part, key in (("weights", ""), ("biases", " biases")):
            mistakes = {_ignored(settings, want["defaults"], group.split(" ")): want[f"{name} {group}{key}"]
                        for group in groups}
            try:
                expect.array(got[f"{name}{key}"], want[f"{name}{key}"],
                             f"the {part} after each of 3 steps of {built}{STACKED}", mistakes=mistakes)
            except expect.Mismatch as mismatch:
                if mismatch.known is not None:
                    raise
                # The checks this one depends on passed: with the book's defaults, these steps are right.
                numbers = _in_words([_as_written(want["defaults"][setting]) for setting in defaulted], "or")
                expect.fail(f"{mismatch} With the book's defaults the same update steps right, so some of the "
                            f"settings this optimizer was built with do not reach it: look for {numbers} written "
                            f"into update_params where {_in_words([f'self.{setting}' for setting in defaulted], 'and')}"
                            " belong, or an argument __init__ does not keep.")


def _in_words(words, conjunction):
    """"a", "a or b", "a, b or c"."""
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}" if len(words) > 1 else words[0]


def _as_written(value):
    """A default as chapter 10 writes it: 1e-7, not 1e-07."""
    return f"{value:g}".replace("e-0", "e-")


def _ignored(settings, defaults, ignored):
    """The sentence for an update that took the book's defaults of the settings `ignored` for those it was built
    with."""
    theirs = ", ".join(f"{setting}={_as_written(defaults[setting])}" for setting in ignored)
    own = ", ".join(f"{setting}={settings[setting]:g}" for setting in ignored)
    reads = _in_words([f"self.{setting}" for setting in ignored], "and")
    kept = ", ".join(f"self.{setting} = {setting}" for setting in ignored)
    return (f"These are the steps of the book's default{'s' * (len(ignored) > 1)} {theirs}, not of the {own} this "
            f"optimizer was built with: __init__ keeps {'each argument' if len(ignored) > 1 else 'the argument'}, "
            f"{kept}, and update_params reads {reads}, not a number written in.")


# Apart from the checks of the steps, which a write into the gradients leaves right: it costs this check alone.
@check("optimizer", depends=("sgd_momentum_with_decay", "adagrad", "rmsprop", "adam"),
       hint="An optimizer reads each layer's dweights and dbiases: it changes only the parameters and its own "
            "momentums and caches. See chapter 10.")
def test_gradients_kept(run):
    """update_params leaves each layer's dweights and dbiases as its backward pass made them"""
    changed = [name for scenario, name in (("sgd", "Optimizer_SGD"), ("sgd_decay", "Optimizer_SGD with decay"),
                                           ("sgd_momentum", "Optimizer_SGD with momentum"),
                                           ("adagrad", "Optimizer_Adagrad"), ("rmsprop", "Optimizer_RMSprop"),
                                           ("adam", "Optimizer_Adam"))
               if run(scenario)[0].get("gradients_changed") is True]
    expect.true(not changed, f"{' and '.join(changed)} changed layer.dweights or layer.dbiases in place (*=, +=, "
                "**=). The steps came out right, but a layer's gradients are its backward pass's, which whatever runs "
                "after the step may read: compute the update as a new array from them, such as "
                "-self.current_learning_rate * layer.dweights.")


@check("optimizer", points=2, depends="adam", hint="Run the optimizer for many steps: small errors in the "
       "update grow. See chapter 10.")
def test_adam_many_steps(run):
    """200 Adam steps on a simple bowl end where the reference's do"""
    got, want = run("adam_many_steps")
    expect.array(got["weights"], want["weights"], "the weights after 200 Adam steps")
    expect.array(got["biases"], want["biases"], "the biases after 200 Adam steps")
