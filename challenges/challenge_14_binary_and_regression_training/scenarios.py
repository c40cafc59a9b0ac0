"""What each check runs on an implementation `nn`: the learner's file or the reference.

`train_binary` and `train_regression` build their networks from the module's own classes, so a
scenario can watch them: while one runs, Layer_Dense, Optimizer_Adam and the losses stand for
subclasses that count the calls and keep what each stage computed, and that are put back afterwards.
The real data are read and split here, so that the training checks depend on the training alone.
"""
import importlib.util
import inspect
import os

import numpy as np

from grader.scenario_helpers import (FirstStepCalls, ImportedOptimizers, OptimizerSteps, adam_defaults,
                                     binary_loss_at_the_edges, float_copy, held_at_import, raised_by,
                                     returned_or_raised, standing_in, watch_made_subclass)
from grader.scenario_helpers import given_code_probed as probed

WATCHED_STEPS = 3
# From the same fixed start as the reference's, these runs are compared with its run step by step.
BINARY_STEPS, REGRESSION_STEPS = 20, 20
CANCER_STEPS, DIABETES_STEPS = 20, 10             # diabetes: more steps only fit the training set's noise
SINE_SAMPLES = 250
BINARY_SHAPES = ((2, 64), (64, 1))
REGRESSION_SHAPES = ((1, 64), (64, 64), (64, 1))
LOSSES = ("Loss_BinaryCrossentropy", "Loss_MeanSquaredError")


def _start(shape):
    """The weights and biases every watched layer of this shape starts from when the start is fixed."""
    return (np.random.default_rng(list(shape)).standard_normal(shape) * 0.1,
            np.random.default_rng([7, *shape]).standard_normal((1, shape[1])) * 0.1)


class _Watch:
    """The layers a training function built, and what each stage of it computed."""

    def __init__(self, fixed):
        self.fixed = fixed
        # initial: position -> the weights and biases as the learner's code left them
        self.layers, self.initial, self.initial_biases = [], {}, {}
        self.forwards, self.backwards = {}, {}   # position -> calls
        # position -> the first of each: the shape of the dvalues backward was given, those dvalues, dweights and
        # the weights after the update
        self.dvalues, self.given, self.gradients, self.updates = {}, {}, {}, {}
        self.calls = {"pre_update_params": 0, "update_params": 0, "post_update_params": 0}
        self.first_step = FirstStepCalls()
        self.steps = OptimizerSteps()            # the calls by optimizer: one per layer acts as one
        # [learning_rate, decay] of the first Optimizer_Adam to update a layer, as they were then, and every one
        # that updated a layer (kept, so that no two share an id): one left unused, or set after it was built, is
        # no mistake
        self.optimizer, self.updating = None, []
        self.adam_defaults = None                # the first one's epsilon, beta_1 and beta_2 (adam_defaults)
        self.held = []                           # what the import made (held_at_import): no optimizer train built
        self.sample_losses = None                # the shape of the first per-sample losses a loss returned

    def position(self, shape):
        return next((position for position, layer in enumerate(self.layers)
                     if np.shape(getattr(layer, "weights", None)) == shape), None)

    def built_at(self, layer):
        """Where `layer` was built, or None for one this watch did not see built."""
        return next((position for position, built in enumerate(self.layers) if built is layer), None)

    def note_built(self, layer):
        if self.built_at(layer) is None:
            self.layers.append(layer)

    def dense(self, base):
        watch = self

        class Dense(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                watch.note_built(self)

            def __init_subclass__(cls, **kwargs):
                super().__init_subclass__(**kwargs)
                watch_made_subclass(cls, __class__, watch.note_built)

            def forward(self, *args, **kwargs):
                position = watch.built_at(self)
                if position is None:    # a copy of a watched layer (copy.deepcopy builds none): not watched
                    return super().forward(*args, **kwargs)
                if position not in watch.initial:
                    # The start is read, and fixed, only now: the learner may set the weights after building.
                    watch.initial[position] = float_copy(self.weights)
                    watch.initial_biases[position] = float_copy(getattr(self, "biases", None))
                    if watch.fixed and np.ndim(self.weights) == 2:
                        self.weights, self.biases = _start(np.shape(self.weights))
                watch.forwards[position] = watch.forwards.get(position, 0) + 1
                return super().forward(*args, **kwargs)

            def backward(self, dvalues, *args, **kwargs):
                position = watch.built_at(self)
                if position is None:
                    return super().backward(dvalues, *args, **kwargs)
                watch.backwards[position] = watch.backwards.get(position, 0) + 1
                watch.dvalues.setdefault(position, list(np.shape(dvalues)))
                watch.given.setdefault(position, float_copy(dvalues))
                result = super().backward(dvalues, *args, **kwargs)
                watch.gradients.setdefault(position, float_copy(getattr(self, "dweights", None)))
                return result

        return Dense

    def adam(self, base):
        watch = self

        class Adam(base):
            __slots__ = ()      # the layout of `base`: an optimizer the import made can take this class

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)

            def pre_update_params(self, *args, **kwargs):
                watch.calls["pre_update_params"] += 1
                watch.steps.note(self, "pre_update_params")
                watch.first_step.note("pre_update_params")
                return super().pre_update_params(*args, **kwargs)

            def update_params(self, layer, *args, **kwargs):
                watch.calls["update_params"] += 1
                watch.steps.note(self, "update_params", layer)
                watch.first_step.note("update_params")
                if not any(optimizer is self for optimizer in (*watch.updating, *watch.held)):
                    watch.updating.append(self)
                    if watch.optimizer is None:
                        watch.optimizer = [getattr(self, "learning_rate", None), getattr(self, "decay", None)]
                        watch.adam_defaults = adam_defaults(self)
                result = super().update_params(layer, *args, **kwargs)
                if layer in watch.layers:
                    watch.updates.setdefault(watch.layers.index(layer), float_copy(layer.weights))
                return result

            def post_update_params(self, *args, **kwargs):
                watch.calls["post_update_params"] += 1
                watch.steps.note(self, "post_update_params")
                watch.first_step.note("post_update_params")
                return super().post_update_params(*args, **kwargs)

        return Adam

    def loss(self, base):
        watch = self

        class Loss(base):
            def forward(self, *args, **kwargs):
                sample_losses = super().forward(*args, **kwargs)
                if watch.sample_losses is None:
                    watch.sample_losses = list(np.shape(sample_losses))
                return sample_losses

        return Loss


def _train_watched(nn, function, inputs, targets, steps, fixed):
    """(watch, predict, losses, square): `square` is [the shape of an (n, n) gradient that made training raise,
    which names the mistake better than the exception does, and what was raised (raised_by)]."""
    watch = _Watch(fixed)
    watch.held = held_at_import(nn)
    replaced = {"Layer_Dense": watch.dense, "Optimizer_Adam": watch.adam}
    replaced.update({name: watch.loss for name in LOSSES if isinstance(getattr(nn, name, None), type)})
    try:
        with standing_in(nn, replaced, held=("Optimizer_Adam",)):
            predict, losses = getattr(nn, function)(inputs, targets, steps=steps)
    except Exception as exc:
        square = [shape for shape in watch.dvalues.values() if shape == [len(inputs), len(inputs)]]
        if not square:
            raise
        return watch, None, None, [square[0], raised_by(nn, exc)]
    return watch, predict, losses, None


def _step(nn, function, inputs, targets, shapes):
    imported = ImportedOptimizers(nn)
    watch, _, losses, square = _train_watched(nn, function, inputs, targets, WATCHED_STEPS, fixed=True)
    as_one = watch.steps.as_one(watch.held)
    result = {"inputs": inputs, "targets": targets, "losses": losses, "square": square,
              "calls": as_one or dict(watch.calls), "optimizer": watch.optimizer, "adam_defaults": watch.adam_defaults,
              "optimizers": 1 if as_one else len(watch.updating),
              "optimizers_apart": watch.steps.apart(watch.held, function),
              "sample_losses": watch.sample_losses,
              "optimizer_at_import": not watch.updating and imported.stepped(),
              "first_step_calls": watch.first_step.calls}
    for number, shape in enumerate(shapes, start=1):
        position = watch.position(shape)
        layer = watch.layers[position] if position is not None else None
        result.update({
            f"built{number}": position is not None,
            f"start_weights{number}": _start(shape)[0], f"start_biases{number}": _start(shape)[1],
            f"initial{number}": watch.initial.get(position),
            f"initial_biases{number}": watch.initial_biases.get(position),
            f"regularizers{number}": [float(getattr(layer, name, 0) or 0) for name in (
                "weight_regularizer_l1", "weight_regularizer_l2", "bias_regularizer_l1", "bias_regularizer_l2")]
            if layer is not None else None,
            f"forwards{number}": watch.forwards.get(position, 0),
            f"backwards{number}": watch.backwards.get(position, 0),
            f"dvalues{number}": watch.dvalues.get(position),
            f"given{number}": watch.given.get(position),
            f"dweights{number}": watch.gradients.get(position),
            f"updated_weights{number}": watch.updates.get(position),
            f"weights{number}": float_copy(layer.weights) if layer is not None else None,
        })
    return result


def _default(function, name):
    try:
        default = inspect.signature(function).parameters[name].default
    except (TypeError, ValueError, KeyError):
        return None
    return None if default is inspect.Parameter.empty else default


def binary_step(nn, rng):
    """A few watched steps of train_binary from fixed weights, on the book's spiral data with 2 classes."""
    from nnfs.datasets import spiral_data

    inputs, labels = spiral_data(samples=100, classes=2)
    return _step(nn, "train_binary", inputs, labels, BINARY_SHAPES)


def regression_step(nn, rng):
    """A few watched steps of train_regression from fixed weights, on the book's sine data."""
    from nnfs.datasets import sine_data

    inputs, targets = sine_data(samples=SINE_SAMPLES)
    return _step(nn, "train_regression", inputs, targets, REGRESSION_SHAPES)


def defaults(nn, rng):
    return {"train_binary": _default(nn.train_binary, "steps"),
            "train_regression": _default(nn.train_regression, "steps"),
            "test": _default(nn.split_and_standardize, "test"),
            "scale_targets": _default(nn.split_and_standardize, "scale_targets")}


def binary_accuracy(nn, rng):
    """binary_accuracy on outputs made to tell the book's formula from the usual slips."""
    output = rng.uniform(0, 1, (40, 1))
    output[::7] = 0.5                                   # exactly on the threshold
    # Mostly ones, and 0 on the threshold: each slip below gives its own accuracy.
    labels = (rng.uniform(0, 1, (40, 1)) < 0.7).astype(int)
    labels[::7] = 0
    given, targets = output.copy(), labels.copy()
    binary = nn.binary_accuracy(given, targets)
    # With flat targets, code that flattens the targets itself still compares a column with them, and code that
    # flattens the predictions compares them row by row: which side was flattened, for a square comparison.
    try:
        flat_targets = nn.binary_accuracy(output.copy(), labels.ravel().copy())
    except Exception:  # noqa: BLE001  (the learner's code may refuse flat targets; the main answer says the rest)
        flat_targets = None
    return {"binary_output": output, "labels": labels, "binary": binary, "binary_flat_targets": flat_targets,
            "output_after": given, "labels_after": targets}


def regression_accuracy(nn, rng):
    """regression_accuracy on outputs made to tell the book's formula from the usual slips; apart from
    binary_accuracy, so that each check says what its own function does, or that it is not started."""
    # Two sets of outputs, whose accuracies under the usual slips differ in one set where they agree in the other.
    predictions, targets = _regression_outputs(rng, 4, 3)
    other_predictions, other_targets = _regression_outputs(rng, -3, 30, near=NEAR_THE_PRECISION)
    # Targets whose spread is exactly 250, so that the precision is exactly 1: a quarter of the outputs lie exactly
    # on it, a quarter just beyond it (within np.std(y, ddof=1) / 250, 1.026), half well within.
    on_targets = np.array([[250.0], [-250.0]] * 10)
    on_predictions = on_targets + np.array([[1.0], [0.5], [1.01], [0.5]] * 5)
    given, given_targets = predictions.copy(), targets.copy()
    return {"predictions": predictions, "targets": targets,
            "regression": nn.regression_accuracy(given, given_targets),
            "output_after": given, "targets_after": given_targets,
            "other_predictions": other_predictions, "other_targets": other_targets,
            "regression_other": nn.regression_accuracy(other_predictions.copy(), other_targets.copy()),
            "regression_on_the_precision": nn.regression_accuracy(on_predictions, on_targets.copy())}


# Errors of a few outputs, in precisions: just within and just beyond it, so that a precision a little off shows.
NEAR_THE_PRECISION = (0.8, -0.9, 0.96, -0.99, 1.01, -1.04, 1.1, -1.2)


def _regression_outputs(rng, factor, spread, near=()):
    """(outputs, targets), 60 of each: half the outputs within `spread` precisions (np.std(y) / 250) of their
    targets, the first of them `near` precisions off, half their targets times `factor`, so that the outputs' spread
    and the errors' differ from the targets'."""
    targets = rng.standard_normal((60, 1)) * 2 + 1
    precision = np.std(targets) / 250
    errors = rng.uniform(-spread, spread, (30, 1))
    errors[:len(near), 0] = near
    return np.concatenate([targets[:30] + errors * precision, targets[30:] * factor]), targets


def split(nn, rng):
    """split_and_standardize on 50 samples whose targets, distinct and rising, tell which sample went where."""
    X = rng.standard_normal((50, 3)) * [1, 5, 0.2] + [3, -20, 100]
    y = 10 + 2.0 * np.arange(50)
    given_X, given_y = X.copy(), y.copy()
    plain = nn.split_and_standardize(given_X, given_y, test=0.2)
    scaled = nn.split_and_standardize(X.copy(), y.copy(), test=0.2, scale_targets=True)
    # 48 * 0.2 is 9.6: rounded down, as int() does, 9 are held out.
    of_48 = nn.split_and_standardize(X[:48].copy(), y[:48].copy(), test=0.2)
    held_out = _held_out(of_48)
    # Another share: a test share written into the code shows.
    half = _held_out(nn.split_and_standardize(X.copy(), y.copy(), test=0.5))
    # 5 * 0.1 is 0.5: none held out, and all 5 trained on (X[-0:] is the whole of X, X[:-0] none of it).
    none_held = returned_or_raised(nn, nn.split_and_standardize, X[:5].copy(), y[:5].copy(), test=0.1)
    trained_on = len(none_held[0]) if _held_out(none_held) is not None and hasattr(none_held[0], "__len__") \
        else none_held if isinstance(none_held, str) else None
    return {"X": X, "y": y, "plain": plain, "scaled": scaled, "X_after": given_X, "y_after": given_y,
            "held_out_of_48": held_out, "held_out_of_half": half, "held_out_of_5": _held_out(none_held),
            "trained_on_of_5": trained_on, "by_seed": _test_sets_by_seed(nn, X, y)}


def _test_sets_by_seed(nn, X, y):
    """The targets split_and_standardize holds out after np.random.seed(1), seed(2) and seed(1) again, each sorted,
    and the number np.random draws next after the first two: the shuffle draws from np.random, which the program
    seeds, as challenge 12's does. A split that seeds the generator itself, or draws from one of its own, shows."""
    sets, after = [], []
    for seed in (1, 2, 1):
        np.random.seed(seed)
        split = returned_or_raised(nn, nn.split_and_standardize, X.copy(), y.copy(), test=0.2)
        after.append(float(np.random.random()))
        held = split[3] if _held_out(split) is not None else None
        sets.append(sorted(int(round(float(value))) for value in np.ravel(held)) if held is not None else None)
    return {"sets": sets, "after": after[:2]}


def _held_out(split):
    """How many samples a split_and_standardize result holds out; None where it is not four arrays."""
    return len(split[2]) if isinstance(split, (tuple, list)) and len(split) == 4 and hasattr(split[2], "__len__") \
        else None


def binary_training(nn, rng):
    """train_binary on the book's two-class spiral from fixed weights, then predict on it and on new spirals."""
    from nnfs.datasets import spiral_data

    inputs, labels = spiral_data(samples=100, classes=2)
    given_inputs, given_labels = inputs.copy(), labels.copy()
    _, predict, losses, _ = _train_watched(nn, "train_binary", given_inputs, given_labels, BINARY_STEPS, fixed=True)
    on_training = predict(inputs.copy())
    # Held-out data drawn only now, after training, with a seed of their own; fewer samples than the training
    # set, shuffled (spirals come ordered by class), so only a forward pass on them can answer.
    np.random.seed(20201125)
    validation_inputs, validation_labels = spiral_data(samples=70, classes=2)
    order = np.random.permutation(len(validation_inputs))
    validation_inputs, validation_labels = validation_inputs[order], validation_labels[order]
    return {"inputs": inputs, "labels": labels, "losses": losses, "on_training": on_training,
            "validation_labels": validation_labels, "on_validation": predict(validation_inputs),
            # What the caller holds after training: a y.shape = (-1, 1) or an X scaled in place changes it.
            "inputs_after": given_inputs, "labels_after": given_labels}


def regression_training(nn, rng):
    from nnfs.datasets import sine_data

    inputs, targets = sine_data(samples=SINE_SAMPLES)
    given_inputs, given_targets = inputs.copy(), targets.copy()
    _, predict, losses, _ = _train_watched(nn, "train_regression", given_inputs, given_targets, REGRESSION_STEPS,
                                           fixed=True)
    return {"inputs": inputs, "targets": targets, "losses": losses, "outputs": predict(inputs.copy()),
            "inputs_after": given_inputs, "targets_after": given_targets}


def _bundled(name):
    spec = importlib.util.find_spec("sklearn")
    return os.path.join(spec.submodule_search_locations[0], "datasets", "data", name)


def _prepared(dataset):
    """(X_train, y_train, X_test, y_test) of "breast_cancer" or "diabetes" (whose targets are standardised too), as
    the checks trust them: shuffled, a fifth held out, training statistics only. It reads the data itself: one that
    split and standardised the arrays it was given would be a split_and_standardize the learner's code could call."""
    if dataset == "breast_cancer":
        table = np.loadtxt(_bundled("breast_cancer.csv"), delimiter=",", skiprows=1)
        X, y = table[:, :-1], table[:, -1]
    else:
        X, y = np.loadtxt(_bundled("diabetes_data_raw.csv.gz")), np.loadtxt(_bundled("diabetes_target.csv.gz"))
    keys = np.random.permutation(len(X))
    X, y = X[keys], y[keys].reshape(-1, 1)
    n_test = int(len(X) * 0.2)
    mean, std = X[n_test:].mean(axis=0), X[n_test:].std(axis=0)
    X = (X - mean) / std
    if dataset == "diabetes":
        y = (y - y[n_test:].mean()) / y[n_test:].std()
    return X[n_test:], y[n_test:], X[:n_test], y[:n_test]


def _parameters(watch):
    """[weights, biases] of every dense layer the training built, in the order it built them, as training left
    them: the held-out patients are public data, so the checks run the trained network forward themselves."""
    return [[float_copy(getattr(layer, "weights", None)), float_copy(getattr(layer, "biases", None))] for layer in watch.layers]


def breast_cancer(nn, rng):
    X_train, y_train, X_test, y_test = _prepared("breast_cancer")
    watch, predict, _, _ = _train_watched(nn, "train_binary", X_train, y_train.ravel(), CANCER_STEPS, fixed=True)
    parameters = _parameters(watch)
    return {"inputs": X_test, "labels": y_test, "parameters": parameters, "outputs": predict(X_test),
            "at_the_edges": binary_loss_at_the_edges(nn)}



def diabetes(nn, rng):
    X_train, y_train, X_test, y_test = _prepared("diabetes")
    watch, predict, _, _ = _train_watched(nn, "train_regression", X_train, y_train, DIABETES_STEPS, fixed=False)
    parameters = _parameters(watch)
    return {"inputs": X_test, "targets": y_test, "parameters": parameters, "outputs": predict(X_test)}


def given_code(nn, rng):
    """The code the stub gives, on small fixed inputs (given_code_probed), with the optimizer's settings
    train_regression uses."""
    return {"probes": probed(nn, "dense_forward", "relu_backward", "linear_forward",
                             ("regularization_loss", {"penalties": ("weight_regularizer_l2", "bias_regularizer_l2")}),
                             "loss_calculate", "adam_default_rate",
                             ("adam", {"learning_rate": 0.005, "decay": 1e-3}))}
