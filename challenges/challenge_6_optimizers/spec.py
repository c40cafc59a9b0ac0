"""Checks for challenge 6: optimizers."""
import numpy as np

from grader import expect
from grader.mistakes import named
from grader.spec import check


def _replay(want, rates, update):
    """The weights after each step when `update(step, weights, gradient, state, rate)` is the rule."""
    weights, state, history = want["start_weights"].copy(), {}, []
    for step, (gradient, rate) in enumerate(zip(want["dweights"], rates)):
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


def _plain(step, weights, gradient, state, rate):
    return weights - rate * gradient


def _cache_rule(new_cache, root=True):
    """An AdaGrad-like update whose cache evolves as `new_cache(cache, gradient)`."""
    def update(step, weights, gradient, state, rate):
        state["c"] = new_cache(state.get("c", 0), gradient)
        with np.errstate(invalid="ignore"):
            denominator = np.sqrt(state["c"]) if root else state["c"]
        return weights - rate * gradient / (denominator + 1e-7)
    return update


def _adam(correct=True, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    def update(step, weights, gradient, state, rate):
        state["m"] = beta_1 * state.get("m", 0) + (1 - beta_1) * gradient
        state["c"] = beta_2 * state.get("c", 0) + (1 - beta_2) * gradient ** 2
        m = state["m"] / (1 - beta_1 ** (step + 1)) if correct else state["m"]
        c = state["c"] / (1 - beta_2 ** (step + 1)) if correct else state["c"]
        return weights - rate * m / (np.sqrt(c) + epsilon)
    return update


def _check_steps(got, want, name):
    steps = len(want["weights"])
    expect.array(got["weights"], want["weights"], f"the weights after each of {steps} steps of {name}")
    expect.array(got["biases"], want["biases"], f"the biases after each of {steps} steps of {name}")


@check("optimizer", hint="Each parameter moves against its gradient: weights += -learning_rate * dweights. "
       "See chapter 10.")
def test_sgd_step(run):
    """Optimizer_SGD.update_params moves weights and biases against their gradients"""
    got, want = run("sgd")
    rates = np.full(3, 0.5)
    expect.array(got["weights"], want["weights"], "the weights after each of 3 SGD steps", mistakes={
        named("sign_flipped", "The weights moved along the gradient instead of against it: subtract "
                              "learning_rate * dweights."):
            _replay(want, rates, lambda step, weights, gradient, state, rate: weights + rate * gradient),
    })
    expect.array(got["biases"], want["biases"], "the biases after each of 3 SGD steps")


@check("optimizer", depends="sgd_step", hint="current_learning_rate = learning_rate * (1 / (1 + decay * "
       "iterations)), and post_update_params counts the iterations. See chapter 10.")
def test_sgd_decay(run):
    """Optimizer_SGD decays current_learning_rate as 1 / (1 + decay · iterations)"""
    got, want = run("sgd_decay")
    steps = len(want["rates"])
    expect.array(got["rates"], want["rates"], "current_learning_rate at each of 5 steps (decay=0.1)", mistakes={
        "current_learning_rate never changes: pre_update_params must compute it from the decay, and "
        "post_update_params must add 1 to self.iterations.": np.ones(steps),
        "The decay starts one step early: the first step uses the full learning rate, since iterations "
        "is still 0.": np.array([1 / (1 + 0.1 * (t + 1)) for t in range(steps)]),
    })
    expect.true(isinstance(got["iterations"], int) and got["iterations"] == steps, f"After {steps} steps self.iterations is {got['iterations']!r}; "
                f"expected {steps}: post_update_params adds 1 each step.")
    _check_steps(got, want, "SGD with decay")


@check("optimizer", depends="sgd_step", hint="With momentum, each update is momentum * the previous update "
       "minus learning_rate * the gradient. Where is the previous update kept? See chapter 10.")
def test_sgd_momentum(run):
    """Optimizer_SGD with momentum carries part of each update into the next"""
    got, want = run("sgd_momentum")
    rates = np.full(4, 0.5)
    expect.array(got["weights"], want["weights"], "the weights after each of 4 SGD steps with momentum=0.9",
                 mistakes={
                     "The momentum was ignored: these are plain SGD steps. Keep each update in "
                     "layer.weight_momentums and add momentum times it to the next one.":
                         _replay(want, rates, _plain),
                 })
    expect.array(got["biases"], want["biases"], "the biases after each of 4 SGD steps with momentum=0.9")


@check("optimizer", depends=("sgd_decay", "sgd_momentum"), hint="With both decay and momentum, which learning "
       "rate does the momentum update use? See chapter 10.")
def test_sgd_momentum_with_decay(run):
    """Optimizer_SGD applies the decayed learning rate inside the momentum update"""
    got, want = run("sgd_momentum_decay")
    expect.array(got["weights"], want["weights"], "the weights after each of 4 steps with decay and momentum",
                 mistakes={
                     "The momentum update used learning_rate, not the decayed current_learning_rate.":
                         _replay(want, np.full(4, 0.5), _momentum(0.8)),
                 })
    expect.array(got["biases"], want["biases"], "the biases after each of 4 steps with decay and momentum")


@check("optimizer", depends="sgd_decay", hint="AdaGrad divides each update by the square root of the sum of "
       "all squared gradients so far (plus epsilon). See chapter 10.")
def test_adagrad(run):
    """Optimizer_Adagrad divides each step by the root of the summed squared gradients"""
    got, want = run("adagrad")
    rates = _decayed(0.5, 0.1, 4)
    expect.array(got["weights"], want["weights"], "the weights after each of 4 AdaGrad steps", mistakes={
        "The cache holds the sum of the gradients, not of their squares: weight_cache += dweights ** 2.":
            _replay(want, rates, _cache_rule(lambda cache, g: cache + g)),
        "The square root is missing: divide by np.sqrt(weight_cache) + epsilon.":
            _replay(want, rates, _cache_rule(lambda cache, g: cache + g ** 2, root=False)),
    })
    expect.array(got["biases"], want["biases"], "the biases after each of 4 AdaGrad steps")


@check("optimizer", depends="sgd_decay", hint="RMSProp keeps a moving average: cache = rho * cache + (1 - rho) "
       "* gradient ** 2. See chapter 10.")
def test_rmsprop(run):
    """Optimizer_RMSprop keeps a moving average of squared gradients"""
    got, want = run("rmsprop")
    rates = _decayed(0.05, 0.1, 4)
    expect.array(got["weights"], want["weights"], "the weights after each of 4 RMSProp steps (rho=0.8)", mistakes={
        "The cache adds up squared gradients the AdaGrad way; RMSProp keeps a moving average, "
        "rho * cache + (1 - rho) * dweights ** 2.":
            _replay(want, rates, _cache_rule(lambda cache, g: cache + g ** 2)),
        "rho and 1 - rho are swapped in the moving average.":
            _replay(want, rates, _cache_rule(lambda cache, g: 0.2 * cache + 0.8 * g ** 2)),
    })
    expect.array(got["biases"], want["biases"], "the biases after each of 4 RMSProp steps")


@check("optimizer", depends="sgd_decay", hint="Adam keeps a momentum (beta_1) and a cache (beta_2), and divides "
       "each by 1 - beta ** (iterations + 1) before using it. See chapter 10.")
def test_adam(run):
    """Optimizer_Adam combines momentum and RMSProp, with bias correction"""
    got, want = run("adam")
    rates = _decayed(0.05, 0.1, 4)
    expect.array(got["weights"], want["weights"], "the weights after each of 4 Adam steps", mistakes={
        "The bias correction is missing: divide the momentums by 1 - beta_1 ** (iterations + 1) and the "
        "cache by 1 - beta_2 ** (iterations + 1) before the update.":
            _replay(want, rates, _adam(correct=False)),
    })
    expect.array(got["biases"], want["biases"], "the biases after each of 4 Adam steps")


@check("optimizer", depends="adam", hint="The book's defaults: learning_rate=0.001, decay=0., epsilon=1e-7, "
       "beta_1=0.9, beta_2=0.999. See chapter 10.")
def test_adam_defaults(run):
    """Optimizer_Adam() uses the book's default hyper-parameters"""
    got, want = run("adam_defaults")
    _check_steps(got, want, "Optimizer_Adam()")


@check("optimizer", depends="adam", hint="Create a layer's momentums and caches the first time update_params "
       "sees it, with np.zeros_like, and keep them on the layer. See chapter 10.")
def test_caches_per_layer(run):
    """Optimizer_Adam keeps separate momentums and caches on each layer, created on first use"""
    got, want = run("caches_per_layer")
    for layer, shape in (("small", (3, 2)), ("large", (4, 5))):
        for name in ("weight_momentums", "weight_cache"):
            expect.array(got[f"{layer}_{name}"], want[f"{layer}_{name}"], f"layer.{name} of the {layer} layer "
                         f"(weights {shape})")
        for name in ("bias_momentums", "bias_cache"):
            expect.array(got[f"{layer}_{name}"], want[f"{layer}_{name}"], f"layer.{name} of the {layer} layer")


@check("optimizer", points=2, depends="adam", hint="Run the optimizer for many steps: small errors in the "
       "update grow. See chapter 10.")
def test_adam_many_steps(run):
    """200 Adam steps on a simple bowl end where the reference's do"""
    got, want = run("adam_many_steps")
    expect.array(got["weights"], want["weights"], "the weights after 200 Adam steps")
    expect.array(got["biases"], want["biases"], "the biases after 200 Adam steps")
