"""What each check runs on an implementation `nn`: the learner's file or the reference.

Networks start from fixed weights: while a scenario runs, the module's Layer_Dense stands for a
subclass that replaces each new layer's random weights with the same ones for the learner and the
reference, whatever else drew random numbers before. Dropout still draws its masks from np.random,
seeded before every run.
"""
import contextlib
import inspect

import numpy as np

from grader.scenario_helpers import (AdamWatch, FirstStepCalls, ImportedOptimizers, adam_defaults, attributes,
                                     dropout_on_signed_inputs, fixed_start, forward, forward_without_training,
                                     own_values, plain_number, raised_by, standing_in)
from grader.scenario_helpers import given_code_probed as probed

L2_PAIR = {"weight_regularizer_l2": 0.2, "bias_regularizer_l2": 0.4}
# 60 steps on 60 samples already overfit: the gap without regularisation is about 0.5, with it about 0.4 of
# that, as after 500 steps. Validation data that leak into training change it from the first step.
STEPS, WATCHED_STEPS, SHORT_STEPS = 60, 3, 5
# A strong penalty, so that its share of the loss and of each update is far above rounding.
STEP_L2 = 0.01
# The book's settings for chapter 15's network.
BOOK_L2, BOOK_DROPOUT = 5e-4, 0.1


def _start(shape):
    """The weights and biases every watched layer of this shape starts from."""
    return (np.random.default_rng(list(shape)).standard_normal(shape) * 0.1,
            np.random.default_rng([7, *shape]).standard_normal((1, shape[1])) * 0.1)


def _starting(shape):
    """_start's weights and biases as the attributes scenario_helpers.fixed_start gives each new layer."""
    weights, biases = _start(shape)
    return {"weights": weights, "biases": biases}


def _copy(value):
    """A float copy of a numeric array as it is now; anything else as it is."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return np.array(value, dtype=float, copy=True)
    return value


def _spiral(samples, seed):
    from nnfs.datasets import spiral_data

    np.random.seed(seed)
    return spiral_data(samples=samples, classes=3)


def _layer(nn, rng, **penalties):
    layer = nn.Layer_Dense(4, 3, **penalties)
    layer.weights, layer.biases = rng.standard_normal((4, 3)), rng.standard_normal((1, 3))
    return layer


def regularization_loss(nn, rng):
    results = {}
    for name, penalties in (("both", L2_PAIR), ("weights_only", {"weight_regularizer_l2": 0.2}),
                            ("biases_only", {"bias_regularizer_l2": 0.4}), ("none", {})):
        layer = _layer(nn, rng, **penalties)
        results[name] = nn.Loss().regularization_loss(layer)
        results[f"{name}_weights"], results[f"{name}_biases"] = layer.weights, layer.biases
    return results


def dense_backward(nn, rng):
    results = {}
    alone = [(f"only_{key}", {key: value}) for key, value in L2_PAIR.items()]
    for name, penalties in (("l2", L2_PAIR), ("none", {}), *alone):
        layer = _layer(nn, rng, **penalties)
        inputs, dvalues = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
        forward(layer, inputs.copy())
        layer.backward(dvalues.copy())
        results.update({f"{name}_inputs": inputs, f"{name}_dvalues": dvalues, f"{name}_weights": layer.weights,
                        f"{name}_biases": layer.biases, f"{name}_dweights": getattr(layer, "dweights", None),
                        f"{name}_dbiases": getattr(layer, "dbiases", None),
                        f"{name}_dinputs": getattr(layer, "dinputs", None), f"{name}_set": attributes(layer)})
    return results


def _dropout_batch(rng):
    return rng.uniform(0.5, 1.5, (200, 50)), rng.standard_normal((200, 50))


def dropout(nn, rng):
    """Two forward passes while training, one at inference, and none backward: the forward checks judge forward
    alone, so that a backward that raises stops none of them."""
    inputs, _ = _dropout_batch(rng)
    layer = nn.Layer_Dropout(0.3)
    np.random.seed(3)
    forward(layer, inputs.copy(), training=True)
    output = _copy(getattr(layer, "output", None))
    set_by_forward = attributes(layer)
    # A second pass, as the next training step makes: it must draw a mask of its own.
    again = rng.uniform(0.5, 1.5, inputs.shape)
    forward(layer, again.copy(), training=True)
    inference = nn.Layer_Dropout(0.5)
    forward(inference, inputs[:20].copy(), training=False)
    # A layer of another rate while training: a rate written into the code shows.
    half = nn.Layer_Dropout(0.5)
    forward(half, inputs.copy(), training=True)
    return {"inputs": inputs, "output": output, "set_by_forward": set_by_forward,
            "half_output": getattr(half, "output", None),
            "inference_output": getattr(inference, "output", None), "inference_set": attributes(inference),
            "inputs_again": again,
            "output_again": getattr(layer, "output", None), **forward_without_training(nn, inputs, 0.3)}


def dropout_backward(nn, rng):
    """The batch of `dropout`: one forward pass while training (the mask backward reuses), then backward."""
    inputs, dvalues = _dropout_batch(rng)
    layer = nn.Layer_Dropout(0.3)
    given_inputs, given_dvalues = inputs.copy(), dvalues.copy()
    np.random.seed(3)
    forward(layer, given_inputs, training=True)
    output = _copy(getattr(layer, "output", None))
    layer.backward(given_dvalues)
    return {"inputs": inputs, "dvalues": dvalues, "output": output, "dinputs": getattr(layer, "dinputs", None),
            "set": attributes(layer), "inputs_after": given_inputs, "dvalues_after": given_dvalues,
            **dropout_on_signed_inputs(nn, rng)}


def _network_state(network, moment):
    """What the layers hold after a pass, under keys that name the pass (`moment`): their outputs, the names the
    book's API gives them, not what each keeps for its backward pass under a name of its own."""
    return {f"{moment}_hidden": _copy(getattr(network.activation1, "output", None)),
            f"{moment}_dropped": _copy(getattr(network.dropout1, "output", None)),
            f"{moment}_dense2_output": _copy(getattr(network.dense2, "output", None))}


def _masks_kept(dropout, shape):
    """The arrays of `shape` a dropout layer keeps of its own but its output and gradient: binary_mask, first, or a
    mask under a name of the learner's (self.mask); the check takes the one that agrees with the output."""
    held = {name: value for name, value in own_values(dropout).items()
            if isinstance(value, np.ndarray) and value.shape == shape and name not in ("output", "dinputs")}
    return [_copy(held[name]) for name in sorted(held, key=lambda name: name != "binary_mask")][:4]


def network_pass(nn, rng):
    """Chapter 15's network from fixed weights: one pass while training, backward, then one pass without."""
    X, y = _spiral(100, 0)
    with fixed_start(nn, _starting):
        network = nn.Network(l2=STEP_L2, dropout=0.5)
    np.random.seed(1)
    training_loss = network.forward(X.copy(), y.copy(), training=True)
    result = {"X": X, "y": y, "training_loss": training_loss, **_network_state(network, "training")}
    result["backward_raised"] = None
    try:
        network.backward(y.copy())
    except Exception as exc:  # noqa: BLE001  (a dropout that never drew its mask: the forward check says why)
        result["backward_raised"] = raised_by(nn, exc)
    result.update({"dweights1": _copy(getattr(network.dense1, "dweights", None)),
                   "dbiases1": _copy(getattr(network.dense1, "dbiases", None)),
                   "dweights2": _copy(getattr(network.dense2, "dweights", None)),
                   # The whole mask, where the ReLU's output is 0 too: what a backward pass without the ReLU's uses.
                   "dropout_masks": _masks_kept(getattr(network, "dropout1", None),
                                                np.shape(result["training_hidden"])),
                   "regularization_loss": network.regularization_loss()})
    result["inference_loss"] = network.forward(X.copy(), y.copy(), training=False)
    result.update(_network_state(network, "inference"))
    # The book's dense2 has no penalty; given one, it must count too.
    network.dense2.weight_regularizer_l2 = STEP_L2
    result["regularization_loss_both"] = network.regularization_loss()
    for number, shape in ((1, (2, 64)), (2, (64, 3))):
        result[f"start_weights{number}"], result[f"start_biases{number}"] = _start(shape)
    return {**result, "again_dweights1": _passed_again(nn, X, y)}


def _passed_again(nn, X, y):
    """dense1.dweights of a network without dropout after a pass forward and backward on the first 60 samples, then
    one on the others, or what a call raised: what the first pass kept on self (its y, its sizes) shows."""
    with fixed_start(nn, _starting):
        network = nn.Network(l2=STEP_L2, dropout=0.0)
    try:
        for part in (slice(None, 60), slice(60, None)):
            network.forward(X[part].copy(), y[part].copy(), training=True)
            network.backward(y[part].copy())
    except Exception as exc:  # noqa: BLE001  (the check names the pass that raised)
        return raised_by(nn, exc)
    return _copy(getattr(network.dense1, "dweights", None))


def _watching_optimizer(settings, updated, calls, used=None):
    """{name: make} for scenario_helpers.standing_in: an Optimizer_Adam that appends its (learning_rate, decay)
    to `settings` when first used (its first pre_update_params or update_params), so settings changed after it
    was built count, keeps in `updated` the weights and biases of the first layer of weights (2, 64) it
    updates, as that first update left them, and notes in `calls` (a scenario_helpers.FirstStepCalls) the
    methods the first step called; `used`, a list, gets the optimizers themselves, in the order first used."""
    noted = [] if used is None else used   # the optimizers whose settings are in `settings`: no two share an id

    def adam(base):
        class Adam(base):
            __slots__ = ()      # the layout of `base`: an optimizer the import made can take this class

            def _note_settings(self):
                if not any(optimizer is self for optimizer in noted):
                    noted.append(self)
                    settings.append([plain_number(getattr(self, "learning_rate", None)),
                                     plain_number(getattr(self, "decay", None))])

            def pre_update_params(self, *args, **kwargs):
                self._note_settings()
                calls.note("pre_update_params")
                return super().pre_update_params(*args, **kwargs)

            def post_update_params(self, *args, **kwargs):
                calls.note("post_update_params")
                return super().post_update_params(*args, **kwargs)

            def update_params(self, *args, **kwargs):
                self._note_settings()
                calls.note("update_params")
                result = super().update_params(*args, **kwargs)
                layer = args[0] if args else kwargs.get("layer")
                if not updated and np.shape(getattr(layer, "weights", None)) == (2, 64):
                    updated.extend([_copy(getattr(layer, "weights", None)), _copy(getattr(layer, "biases", None))])
                return result
        return Adam
    return {"Optimizer_Adam": adam}


def _network_settings(cls, args, kwargs):
    """[l2, dropout] as a Network.__init__ of class `cls` took them from this call, its defaults included; None
    where its signature names no such parameters."""
    try:
        bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
        bound.apply_defaults()
    except (TypeError, ValueError):
        return None
    if not {"l2", "dropout"} <= set(bound.arguments):
        return None
    return [plain_number(bound.arguments["l2"]), plain_number(bound.arguments["dropout"])]


def _watching_network(built):
    """{name: make} for scenario_helpers.standing_in: a Network that appends (itself, [l2, dropout]) to `built`
    for every one built, as its __init__ took them."""
    def network(base):
        try:
            class Network(base):
                def __init__(self, *args, **kwargs):
                    super().__init__(*args, **kwargs)
                    built.append((self, _network_settings(base, args, kwargs)))
        except Exception:  # noqa: BLE001  (a class that cannot be subclassed: left unwatched)
            return base
        return Network
    return {"Network": network}


def training_step(nn, rng):
    """A few steps of train from fixed weights, dropout off: the losses it reports, where the weights went, the
    learning rate and decay of the Optimizer_Adam it built, the methods of it the first step called, dense1 as
    its first update left it, and the l2 and dropout of the Network it built."""
    X, y = _spiral(100, 0)
    optimizers, updated, networks, calls, used = [], [], [], FirstStepCalls(), []
    watched = _watching_optimizer(optimizers, updated, calls, used) \
        if isinstance(getattr(nn, "Optimizer_Adam", None), type) else {}
    if isinstance(getattr(nn, "Network", None), type):
        watched.update(_watching_network(networks))
    with fixed_start(nn, _starting), standing_in(nn, watched, held=("Optimizer_Adam",)):
        np.random.seed(2)
        network, losses = nn.train(X.copy(), y.copy(), l2=STEP_L2, dropout=0, steps=WATCHED_STEPS)
    iterations = getattr(used[0], "iterations", None) if used else None
    result = {"X": X, "y": y, "losses": _copy(losses), "defaults": _defaults(nn.train),
              "optimizer": optimizers[0] if optimizers else None,
              "adam_defaults": adam_defaults(used[0]) if used else None,
              "network_settings": next((settings for built, settings in networks if built is network), None),
              "first_step_calls": calls.calls,
              "iterations": iterations if type(iterations) is int else None,
              "first_update_weights1": updated[0] if updated else None,
              "first_update_biases1": updated[1] if updated else None}
    for number, shape in ((1, (2, 64)), (2, (64, 3))):
        layer = getattr(network, f"dense{number}", None)
        result[f"start_weights{number}"], result[f"start_biases{number}"] = _start(shape)
        result[f"weights{number}"] = _copy(getattr(layer, "weights", None))
        result[f"biases{number}"] = _copy(getattr(layer, "biases", None))
    return result


def _defaults(function):
    """The default value of each keyword parameter of `function` that has one."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return {}
    return {parameter.name: parameter.default for parameter in parameters
            if parameter.default is not parameter.empty and isinstance(parameter.default, (int, float))}


def evaluation(nn, rng):
    """evaluate on a network from fixed weights, with dropout at 0.5: twice on the same data."""
    X, y = _spiral(100, 4)
    with fixed_start(nn, _starting):
        network = nn.Network(l2=STEP_L2, dropout=0.5)
    np.random.seed(5)
    first = nn.evaluate(network, X.copy(), y.copy())
    second = nn.evaluate(network, X.copy(), y.copy())
    return {"first": first, "second": second, "weights1": _copy(network.dense1.weights),
            "start_weights1": _start((2, 64))[0], "start_biases1": _start((2, 64))[1], "y": y}


def gaps(nn, rng):
    """train_and_validate from fixed weights on few training samples, so the network can overfit them: without
    regularisation and with the book's L2 and dropout; with a strong L2 and no dropout, beside the last loss train
    reports from that start and the penalty of the network it trained, neither of which belongs in the measured
    losses; then two short runs that differ only in their validation data, with dropout and without it (runs
    without dropout that agree, where those with it do not, tell masks drawn elsewhere than np.random from
    validation data used in training). Each run's network is measured again on each set with evaluate, and the
    dense1 weights the short runs with dropout trained are kept, to tell figures measured on the wrong set from a
    training that changed."""
    X, y = _spiral(20, 6)
    X_val, y_val = _spiral(100, 7)
    X_other, y_other = _spiral(70, 8)
    short = {"l2": BOOK_L2, "dropout": BOOK_DROPOUT, "steps": SHORT_STEPS}
    still = {**short, "dropout": 0}
    penalized = {"l2": STEP_L2, "dropout": 0, "steps": STEPS}
    settings = {"plain": {"l2": 0, "dropout": 0, "steps": STEPS},
                "regularized": {"l2": BOOK_L2, "dropout": BOOK_DROPOUT, "steps": STEPS},
                "penalized": penalized, "short": short, "short_other_validation": short,
                "short_still": still, "short_still_other_validation": still}
    validation = {"plain": (X_val, y_val), "regularized": (X_val, y_val), "penalized": (X_val, y_val),
                  "short": (X_val, y_val), "short_other_validation": (X_other, y_other),
                  "short_still": (X_val, y_val), "short_still_other_validation": (X_other, y_other)}
    runs, measured, trained = {}, {}, {}
    networks = []
    watched = _watching_network(networks) if isinstance(getattr(nn, "Network", None), type) else {}
    imported = ImportedOptimizers(nn)
    passed = {}   # each run's first call of train: [l2, dropout, steps] as it bound them
    # The first run's optimizers: the watched steps of training_step are too few to show one built again every few.
    adam = AdamWatch()
    for name, keywords in settings.items():
        networks.clear()
        stand_ins = {**watched, **adam.stand_ins()} \
            if name == "plain" and isinstance(getattr(nn, "Optimizer_Adam", None), type) else watched
        with fixed_start(nn, _starting), standing_in(nn, stand_ins, held=("Optimizer_Adam",)), \
                _train_calls(nn) as calls:
            np.random.seed(9)
            runs[name] = nn.train_and_validate(X.copy(), y.copy(), validation[name][0].copy(),
                                               validation[name][1].copy(), **keywords)
        passed[name] = calls[0] if calls else None
        # The network train_and_validate trained (the last one built), measured again on each set.
        network = networks[-1][0] if networks else None
        measured[name] = {"training": _measured(nn, network, X, y),
                          "validation": _measured(nn, network, *validation[name])}
        trained[name] = _copy(getattr(getattr(network, "dense1", None), "weights", None))
    try:
        with fixed_start(nn, _starting):
            np.random.seed(9)
            network, losses = nn.train(X.copy(), y.copy(), **penalized)
        penalty = _copy(network.regularization_loss())
    except Exception:  # noqa: BLE001 - train's own checks say how it fails; here it only tells a mistake apart
        losses, penalty = None, None
    last_step = _copy(losses[-1]) if isinstance(losses, (list, tuple, np.ndarray)) and len(losses) else None
    return {**runs, "penalized_last_step": last_step, "penalized_penalty": penalty, "optimizers_in_turn": adam.in_turn,
            # An optimizer made at import and set up again by each call (its __init__ called anew) is no mistake.
            "optimizer_at_import": imported.stepped(most=max(keywords["steps"] for keywords in settings.values())),
            "defaults": _defaults(nn.train_and_validate), "measured": measured, "passed_to_train": passed,
            "trained_weights1": {name: trained[name] for name in ("short", "short_other_validation")}}


@contextlib.contextmanager
def _train_calls(nn):
    """While inside, every call of the module's train (by its name, as train_and_validate makes it) appends to the
    list yielded [l2, dropout, steps] as train's signature bound them, defaults included (None where it names
    no such parameter)."""
    calls, real = [], getattr(nn, "train", None)
    if not callable(real):
        yield calls
        return

    def noted(*args, **kwargs):
        try:
            bound = inspect.signature(real).bind(*args, **kwargs)
            bound.apply_defaults()
            calls.append([plain_number(bound.arguments.get(name)) for name in ("l2", "dropout", "steps")])
        except (TypeError, ValueError):
            calls.append(None)
        return real(*args, **kwargs)

    nn.train = noted
    try:
        yield calls
    finally:
        nn.train = real


def _measured(nn, network, X, y):
    """[accuracy, loss] of evaluate(network, X, y), or None where there is no network or evaluate does not give
    two numbers: the checks of train_and_validate compare the figures it returned with these, to say which set
    each was measured on."""
    if network is None:
        return None
    try:
        accuracy, loss = nn.evaluate(network, X.copy(), y.copy())
        return [float(accuracy), float(loss)]
    except Exception:  # noqa: BLE001  (evaluate's own check says how it fails; here it only tells sets apart)
        return None


GRID = 48


def figure_regions(nn, rng):
    """The class each trained network predicts over the plane, without and with L2 and dropout."""
    X, y = _spiral(20, 6)
    axis = np.linspace(-1, 1, GRID)
    grid = np.array([[a, b] for b in axis for a in axis])
    result = {"inputs": X, "labels": y}
    for name, keywords in {"without": {"l2": 0, "dropout": 0},
                           "with": {"l2": BOOK_L2, "dropout": BOOK_DROPOUT}}.items():
        with fixed_start(nn, _starting):
            np.random.seed(9)
            network, _ = nn.train(X.copy(), y.copy(), steps=STEPS, **keywords)
        network.forward(grid, np.zeros(len(grid), dtype=int), training=False)
        result[name] = _copy(getattr(network.loss_activation, "output", None))
    return result


def given_code(nn, rng):
    """The code the stub gives, on small fixed inputs (given_code_probed), with the optimizer's settings train uses: of
    Layer_Dense.backward, whose penalties' gradients are the learner's to add, only the shape of dbiases."""
    return {"probes": probed(nn, "dense_forward", "dbiases_shape", "relu_backward", "loss_calculate",
                             ("adam", {"learning_rate": 0.05, "decay": 5e-5}))}
