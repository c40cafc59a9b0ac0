"""What each check runs on an implementation `nn`: the learner's file or the reference.

A scenario trains stand-in layers (weights, biases and their gradients only)
for a few steps and records the parameters after each step. Every gradient has
one entry that is always exactly 0 (a dead unit) and one that is tiny, where
formulas that differ only in where epsilon sits give different steps; a layer
has at least three neurons, so that its biases get an ordinary gradient too.
"""
import itertools

import numpy as np

from grader.scenario_helpers import SCALARS, attributes, own_values, raised_by


class _Layer:
    """All an optimizer may touch: the parameters, their gradients, and what it stores itself. Named Layer_Dense,
    as the learner's error messages should name it ("'Layer_Dense' object has no attribute 'dweigths'")."""

    def __init__(self, rng, inputs=3, neurons=3):
        self.weights = rng.standard_normal((inputs, neurons))
        self.biases = rng.standard_normal((1, neurons))


def _gradient(rng, shape):
    gradient = rng.standard_normal(shape)
    gradient.flat[0] = 0.0
    gradient.flat[-1] *= 1e-6
    return gradient


_Layer.__name__ = _Layer.__qualname__ = "Layer_Dense"


def _train(optimizer, rng, steps, layers=None):
    """Step `layers` (one small layer by default); the first three layers' histories are returned."""
    layers = layers or [_Layer(rng)]
    start = [(layer.weights.copy(), layer.biases.copy()) for layer in layers]
    history, rates, gradients = [], [], []
    for _ in range(steps):
        step_gradients = []
        for layer in layers:
            layer.dweights = _gradient(rng, layer.weights.shape)
            layer.dbiases = _gradient(rng, layer.biases.shape)
            step_gradients.append((layer.dweights.copy(), layer.dbiases.copy()))
        optimizer.pre_update_params()
        rates.append(getattr(optimizer, "current_learning_rate", None))
        for layer in layers:
            optimizer.update_params(layer)
        optimizer.post_update_params()
        history.append([(np.array(layer.weights, copy=True), np.array(layer.biases, copy=True))
                        for layer in layers])
        gradients.append(step_gradients)
    result = {"rates": np.array(rates, dtype=float), "iterations": getattr(optimizer, "iterations", None),
              "set": attributes(optimizer)}
    for index, prefix in enumerate(("", "second_", "third_")[:len(layers)]):
        given = gradients[-1][index] if gradients else None
        result.update({
            f"{prefix}one_array": _one_array(layers[index]),
            f"{prefix}gradients_changed": given is not None and _changed(layers[index], given),
            f"{prefix}start_weights": start[index][0], f"{prefix}start_biases": start[index][1],
            f"{prefix}dweights": np.array([step[index][0] for step in gradients]),
            f"{prefix}dbiases": np.array([step[index][1] for step in gradients]),
            f"{prefix}weights": np.array([step[index][0] for step in history]),
            f"{prefix}biases": np.array([step[index][1] for step in history]),
            f"{prefix}layer_set": attributes(layers[index]),   # what the optimizer keeps on the layer
        })
    return result


def _one_array(layer):
    """"layer.a and layer.b" for each two arrays the layer holds that are one array, or views of one."""
    arrays = {name: value for name, value in own_values(layer).items() if isinstance(value, np.ndarray)}
    return [f"layer.{first} and layer.{second}" for (first, one), (second, other)
            in itertools.combinations(sorted(arrays.items()), 2) if np.may_share_memory(one, other)]


def _changed(layer, given):
    """Whether the layer's dweights or dbiases differ from the gradients it was given before the last step, other
    than set to zeros once used."""
    held = [getattr(layer, name, None) for name in ("dweights", "dbiases")]
    return any(isinstance(now, np.ndarray) and not np.array_equal(now, value) and np.any(now)
               for now, value in zip(held, given))


TWO_LAYER_KEYS = ("rates", "iterations", "set", *(
    f"{prefix}{name}" for prefix in ("", "second_", "third_") for name in (
        "start_weights", "start_biases", "dweights", "dbiases", "weights", "biases", "layer_set", "one_array",
        "gradients_changed")))


def _two_layers(optimizer, rng, steps=3):
    """Two layers of different shapes stepped together, as a network's are, and a third of the first one's shape,
    whose memory must stay its own too (one kept per shape of weights would be shared).

    What the learner's optimizer raised is recorded rather than raised, so the
    check can say which layer-sharing mistake it comes from; so are the arrays
    it keeps on itself, where every layer would share them.
    """
    layers = [_Layer(rng, 3, 2), _Layer(rng, 4, 5), _Layer(rng, 3, 2)]
    try:
        result = {**_train(optimizer, rng, steps, layers), "raised": ""}
    except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything
        result = {**dict.fromkeys(TWO_LAYER_KEYS), "raised": _describe(exc)}
    # On the optimizer, or on its class, where every optimizer of the kind shares them too: arrays themselves, and
    # arrays kept in a dict or a list, by shape or by id (the check names them where the steps are wrong).
    kept = {**{name: value for klass in type(optimizer).__mro__[:-1] for name, value in vars(klass).items()
               if not name.startswith("__")}, **own_values(optimizer)}
    result["arrays_on_optimizer"] = ", ".join(sorted(name for name, value in kept.items()
                                                     if isinstance(value, np.ndarray)))
    result["arrays_kept_by_key"] = ", ".join(sorted(name for name, value in kept.items()
                                                    if not isinstance(value, np.ndarray) and _holds_arrays(value)))
    return result


def _holds_arrays(value, depth=3):
    """Whether `value` is an array, or a dict, list or tuple that holds one (`depth` levels down at most)."""
    if isinstance(value, np.ndarray):
        return True
    if depth and isinstance(value, dict):
        return any(_holds_arrays(item, depth - 1) for item in list(value.values())[:100])
    if depth and isinstance(value, (list, tuple)):
        return any(_holds_arrays(item, depth - 1) for item in value[:100])
    return False


def _describe(exc):
    try:
        return f"{type(exc).__name__}: {exc}"[:300]
    except Exception:  # noqa: BLE001 - a learner's exception whose str() fails
        return type(exc).__name__


# What an optimizer may hold of its settings, under the book's names.
SETTINGS = ("learning_rate", "decay", "momentum", "epsilon", "rho", "beta_1", "beta_2")


def _with_settings(optimizer, rng, steps):
    """_train, and the settings the optimizer holds as it is built (None for one it does not hold by that name), so
    that a check can name a default that is not the book's."""
    settings = {name: getattr(optimizer, name, None) for name in SETTINGS}
    return {**_train(optimizer, rng, steps), "settings": {name: float(value) if type(value) in (int, float) else None
                                                          for name, value in settings.items()}}


def sgd(nn, rng):
    return _with_settings(nn.Optimizer_SGD(learning_rate=0.5), rng, 3)


def sgd_decay(nn, rng):
    return _train(nn.Optimizer_SGD(learning_rate=1.0, decay=0.1), rng, 5)


def sgd_momentum(nn, rng):
    return _train(nn.Optimizer_SGD(learning_rate=0.5, momentum=0.9), rng, 4)


def sgd_momentum_decay(nn, rng):
    return _train(nn.Optimizer_SGD(learning_rate=0.5, decay=0.2, momentum=0.8), rng, 4)


def sgd_two_layers(nn, rng):
    return _two_layers(nn.Optimizer_SGD(learning_rate=0.5, decay=0.2, momentum=0.8), rng)


def adagrad(nn, rng):
    return _with_settings(nn.Optimizer_Adagrad(learning_rate=0.5, decay=0.1), rng, 4)


def adagrad_two_layers(nn, rng):
    return _two_layers(nn.Optimizer_Adagrad(learning_rate=0.5, decay=0.1), rng)


def rmsprop(nn, rng):
    return _with_settings(nn.Optimizer_RMSprop(learning_rate=0.05, decay=0.1, rho=0.8), rng, 4)


def rmsprop_two_layers(nn, rng):
    return _two_layers(nn.Optimizer_RMSprop(learning_rate=0.05, decay=0.1, rho=0.8), rng)


def adam(nn, rng):
    """Four steps with the settings the call leaves out at their defaults."""
    return _with_settings(nn.Optimizer_Adam(learning_rate=0.05, decay=0.1), rng, 4)


def adam_two_layers(nn, rng):
    return _two_layers(nn.Optimizer_Adam(learning_rate=0.05, decay=5e-3), rng)


def adam_defaults(nn, rng):
    return _train(nn.Optimizer_Adam(), rng, 2)


def defaults(nn, rng):
    """Each optimizer built with no arguments at all, as the book's examples often are."""
    return {name: _with_settings(getattr(nn, name)(), rng, 3)
            for name in ("Optimizer_SGD", "Optimizer_Adagrad", "Optimizer_RMSprop", "Optimizer_Adam")}


# Each optimizer that keeps memories on a layer, as late_layer builds it.
LATE_LAYER_OPTIMIZERS = {"Optimizer_SGD": {"learning_rate": 0.5, "momentum": 0.8},
                         "Optimizer_Adagrad": {"learning_rate": 0.5}, "Optimizer_RMSprop": {"learning_rate": 0.05},
                         "Optimizer_Adam": {"learning_rate": 0.05}}


def late_layer(nn, rng):
    """For each of LATE_LAYER_OPTIMIZERS, the parameters after an optimizer's third step, which is the first of a
    layer it had not met, stepped before the layer it stepped twice: {"late": {name: {"weights", "biases": the new
    layer's, "first": the weights of the layer stepped thrice}, or the text of what the third step raised
    (raised_by), or None where the first two steps raised (the optimizer's own check says why)}, "calls": {name:
    the call that built it}}."""
    found = {}
    # Numbers of each optimizer's own, so that one whose steps raise takes none from the next.
    for (name, settings), seed in zip(LATE_LAYER_OPTIMIZERS.items(), rng.integers(1 << 30, size=4)):
        numbers = np.random.default_rng(int(seed))
        first, late = _Layer(numbers, 3, 2), _Layer(numbers, 4, 5)
        try:
            optimizer = getattr(nn, name)(**settings)
            _train(optimizer, numbers, 2, [first])
        except Exception:  # noqa: BLE001  (the optimizer's own check says how it fails)
            found[name] = None
            continue
        try:
            # The new layer first: memories kept by the order layers come in show.
            _train(optimizer, numbers, 1, [late, first])
            found[name] = {"weights": np.array(late.weights, copy=True), "biases": np.array(late.biases, copy=True),
                           "first": np.array(first.weights, copy=True)}
        except Exception as exc:  # noqa: BLE001  (the check says what the third step raised)
            found[name] = raised_by(nn, exc)
    return {"late": found, "calls": {name: f"{name}({', '.join(f'{key}={value}' for key, value in settings.items())})"
                                     for name, settings in LATE_LAYER_OPTIMIZERS.items()}}


def caches_per_layer(nn, rng):
    small, large = _Layer(rng, 3, 2), _Layer(rng, 4, 5)
    optimizer = nn.Optimizer_Adam(learning_rate=0.05)
    _train(optimizer, rng, 2, [small, large])
    names = ("weight_momentums", "weight_cache", "bias_momentums", "bias_cache")
    return {"small_weights": small.weights, "large_weights": large.weights, **_after_one_freed(nn, rng),
            "book_names": any(name in vars(layer) for layer in (small, large) for name in names),
            # Memories under names of the learner's own must still be the layer's: two arrays beyond its own each.
            "memories_on_layers": all(len(_memories(layer)) >= 2 for layer in (small, large)),
            **{f"small_{name}": getattr(small, name, None) for name in names},
            **{f"large_{name}": getattr(large, name, None) for name in names}}


def _memories(layer, depth=5):
    """The arrays `layer` holds beyond its weights, biases and their gradients: as attributes, or inside what it holds
    as one (a dict, list or tuple, an object of the learner's own: layer.adam = {"weights": (m, v)}), `depth` levels
    deep."""
    found = []
    pending = [(value, 1) for name, value in own_values(layer).items()
               if name not in ("weights", "biases", "dweights", "dbiases")]
    while pending and len(found) < 100:
        value, level = pending.pop()
        if isinstance(value, np.ndarray):
            found.append(value)
            continue
        # An optimizer the layer points to holds its own memories, not the layer's.
        if level >= depth or isinstance(value, SCALARS) or isinstance(value, type) \
                or hasattr(type(value), "update_params"):
            continue
        try:
            items = list(value.values()) if isinstance(value, dict) else list(value) \
                if isinstance(value, (list, tuple)) else list(own_values(value).values())
        except Exception:  # noqa: BLE001  (what the learner's code holds that cannot be read holds nothing here)
            items = []
        pending += [(item, level + 1) for item in items[:100]]
    return found


FREED_TRIES = 8   # CPython's allocator mostly gives a new object the id of the one just freed; not always


def _after_one_freed(nn, rng):
    """The weights of a new layer after its first Adam step, the layer made right after another stepped one was
    deleted, and whether it got the id of the one deleted: momentums kept anywhere but on the layer (a dict keyed
    by id(layer)) then show in its update. Tried again, from the same numbers, until the id is taken, so that the
    answer is the same however many tries it took."""
    seed = int(rng.integers(1 << 30))
    for _ in range(FREED_TRIES):
        numbers = np.random.default_rng(seed)
        stepped = _Layer(numbers, 4, 5)
        _train(nn.Optimizer_Adam(learning_rate=0.05), numbers, 2, [stepped])
        freed = id(stepped)
        del stepped
        new = _Layer(numbers, 4, 5)
        _train(nn.Optimizer_Adam(learning_rate=0.05), numbers, 1, [new])
        if id(new) == freed:
            break
    return {"new_weights": np.array(new.weights, copy=True), "new_took_the_freed_id": id(new) == freed}


# Settings other than the book's defaults, which only an update that reads them from the optimizer follows; and those
# defaults, which the same steps take where an update writes the number in.
OWN_SETTINGS = {"Optimizer_Adagrad": {"learning_rate": 0.5, "epsilon": 1e-3},
                "Optimizer_RMSprop": {"learning_rate": 0.05, "rho": 0.8, "epsilon": 1e-3},
                "Optimizer_Adam": {"learning_rate": 0.05, "epsilon": 1e-3, "beta_1": 0.8, "beta_2": 0.95}}
BOOK_SETTINGS = {"epsilon": 1e-7, "beta_1": 0.9, "beta_2": 0.999}


def own_settings(nn, rng):
    """The weights and the biases ("<name> biases") after 3 steps of each optimizer of OWN_SETTINGS on the same layer
    and gradients, and of the same optimizer with one of those settings back at the book's default ("Optimizer_Adam beta_1"), or all of them
    ("Optimizer_Adam epsilon beta_1 beta_2"), which the check compares with to name settings the update does not
    read."""
    seed = int(rng.integers(1 << 30))
    result = {"built": OWN_SETTINGS, "defaults": BOOK_SETTINGS}
    for name, settings in OWN_SETTINGS.items():
        trained = _train(getattr(nn, name)(**settings), np.random.default_rng(seed), 3)
        result[name], result[f"{name} biases"] = trained["weights"], trained["biases"]
        defaulted = [setting for setting in BOOK_SETTINGS if setting in settings]
        # Each setting at its default alone, then all of them together.
        for group in [[setting] for setting in defaulted] + ([defaulted] if len(defaulted) > 1 else []):
            trained = _train(
                getattr(nn, name)(**{**settings, **{setting: BOOK_SETTINGS[setting] for setting in group}}),
                np.random.default_rng(seed), 3)
            result[f"{name} {' '.join(group)}"] = trained["weights"]
            result[f"{name} {' '.join(group)} biases"] = trained["biases"]
    return result


def adam_many_steps(nn, rng):
    """Adam minimising the sum of squares of the parameters: they should head for zero."""
    layer, optimizer = _Layer(rng, 4, 3), nn.Optimizer_Adam(learning_rate=0.05, decay=1e-3)
    for _ in range(200):
        layer.dweights, layer.dbiases = 2 * layer.weights, 2 * layer.biases
        optimizer.pre_update_params()
        optimizer.update_params(layer)
        optimizer.post_update_params()
    return {"weights": np.array(layer.weights, copy=True), "biases": np.array(layer.biases, copy=True)}
