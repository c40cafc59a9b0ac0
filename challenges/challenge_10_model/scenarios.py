"""What each check runs on an implementation `nn`: the learner's file or the reference.

300 spiral samples in batches of 128 make two full batches and a partial one of 44.
"""
import contextlib
import os
import pickle
import tempfile

import numpy as np

from grader.scenario_helpers import (FirstStepCalls, copied, gradients_changed, gradients_left, held_for_saving,
                                     left_from_the_last_pass, listed, measures, method_wrapped, pickled_in_text_mode,
                                     printed_by, progress_lines, raised_by, regularization_penalty, rows_outside,
                                     returned_or_raised, set_in_turn, step_count)
from grader.scenario_helpers import float_copy, on_the_learners_side, without_each_backward
from grader.scenario_helpers import given_code_probed as probed

BATCH = 128


def _data():
    from nnfs.datasets import spiral_data

    inputs, labels = spiral_data(samples=100, classes=3)
    order = np.random.permutation(len(inputs))
    return inputs[order], labels[order]


def _counting(nn, *args, **kwargs):
    """A Layer_Dense that counts its forward calls, to see how often the model runs the network.

    Its forward is wrapped on the layer itself, which stays of the learner's own class: a Model may pick its dense
    layers by type(layer) == Layer_Dense. A class of slots alone takes no attribute of its own, and its layer is
    made of a subclass instead. Either way a model holding it cannot be pickled: save and load use plain layers.
    """
    if isinstance(nn.Layer_Dense, type) and not any("__dict__" in vars(klass) for klass in nn.Layer_Dense.__mro__):
        return _counting_subclass(nn, *args, **kwargs)
    layer = nn.Layer_Dense(*args, **kwargs)
    forward = layer.forward

    def counted(*args, **kwargs):
        _note_forward(layer, args, kwargs)
        return forward(*args, **kwargs)

    layer.forwards, layer.forward = 0, counted
    return layer


def _counting_subclass(nn, *args, **kwargs):
    class Dense(nn.Layer_Dense):
        forwards = 0

        def forward(self, *args, **kwargs):
            _note_forward(self, args, kwargs)
            return super().forward(*args, **kwargs)

    Dense.__name__ = Dense.__qualname__ = "Layer_Dense"   # as the learner's error messages should name it
    return Dense(*args, **kwargs)


NOTED_BATCHES = 40
NOT_GIVEN = "no training argument"


def _note_forward(layer, args, kwargs):
    """Count a call of the layer's forward(inputs, training) and note what it was given."""
    layer.forwards += 1
    _note_batch(layer, args[0] if args else kwargs.get("inputs"))
    _note_training(layer, args[1] if len(args) > 1 else kwargs.get("training", NOT_GIVEN))


def _note_training(layer, training):
    """Note how the layer's forward was told whether the model is training (the first NOTED_BATCHES calls): True,
    False, or NOT_GIVEN, where its own default decides."""
    if not hasattr(layer, "trainings"):
        layer.trainings = []
    if len(layer.trainings) < NOTED_BATCHES:
        layer.trainings.append(training if training is NOT_GIVEN else bool(training))


def _note_batch(layer, inputs):
    """Note the size and the first sample of a batch the layer's forward was given (the first NOTED_BATCHES)."""
    if not hasattr(layer, "batch_sizes"):
        layer.batch_sizes, layer.batch_firsts = [], []
    if len(layer.batch_sizes) >= NOTED_BATCHES:
        return
    try:
        shape = np.shape(inputs)     # a list of rows is a batch too
        rows = shape[0] if len(shape) == 2 and shape[1] == 2 else None
        first = np.array(inputs[0], dtype=float) if rows else np.full(2, np.nan)
    except Exception:  # noqa: BLE001  (whatever the learner's code passed, its own forward says what is wrong)
        rows, first = None, np.full(2, np.nan)
    layer.batch_sizes.append(rows)
    layer.batch_firsts.append(first)


def _batches(layer, data):
    """The batches the first layer was given while training: their sizes (None: not samples of 2 features), their
    first samples, (batches, 2), NaN where a batch had none, and how many of those are not samples of `data`, the X
    train was given (values changed, where reordered samples would all be)."""
    sizes = getattr(layer, "batch_sizes", [])
    firsts = np.array(getattr(layer, "batch_firsts", []), dtype=float).reshape(len(sizes), 2)
    return {"batch_sizes": sizes, "batch_firsts": firsts,
            "firsts_outside_data": rows_outside(firsts[np.isfinite(firsts).all(axis=1)], data)}


def _model(nn, first=None, decay=0.0, batches=None):
    """The spiral classifier; with `batches`, a dict, its "loss" and "accuracy" lists get each batch's value."""
    model = nn.Model()
    model.add(first or nn.Layer_Dense(2, 16))
    model.add(nn.Activation_ReLU())
    model.add(nn.Layer_Dense(16, 3))
    model.add(nn.Activation_Softmax())
    loss, accuracy = measures(nn.Loss_CategoricalCrossentropy, nn.Accuracy_Categorical, batches)
    model.set(loss=loss, optimizer=nn.Optimizer_Adam(learning_rate=0.05, decay=decay), accuracy=accuracy)
    model.finalize()
    return model


def finalize(nn, rng):
    """The links and trainable layers finalize made, in the second of two models: a layers list every model shares
    holds the first one's layers too; and the trainable layers after a second finalize of that model."""
    _model(nn)
    model = _model(nn)
    layers = model.layers
    answer = {"layer_count": len(layers), "trainable": len(getattr(model, "trainable_layers", [])),
            "trainable_are_dense": all(hasattr(layer, "weights") for layer in getattr(model, "trainable_layers", [])),
            "first_prev_has_output": hasattr(getattr(layers[0], "prev", None), "forward"),
            "links": all(getattr(layers[i], "next", None) is layers[i + 1]
                         and getattr(layers[i + 1], "prev", None) is layers[i] for i in range(len(layers) - 1)),
            "last_next_is_loss": getattr(layers[-1], "next", None) is model.loss,
            "last_next_set": hasattr(layers[-1], "next"),
            **_loss_trainable(model)}
    try:
        model.finalize()   # again, as after set gives the model another loss: what it finds is found anew
        answer["trainable_again"] = len(getattr(model, "trainable_layers", []))
    except Exception as exc:  # noqa: BLE001  (the finalize_again check says so)
        answer["trainable_again"] = raised_by(nn, exc)
    return answer


def _loss_trainable(model):
    """Whether finalize gave the loss any layers through remember_trainable_layers, and whether they are the
    model's trainable layers, in order."""
    remembered = getattr(getattr(model, "loss", None), "trainable_layers", None)
    try:
        same = [id(layer) for layer in remembered] == [id(layer) for layer in model.trainable_layers]
    except Exception:  # noqa: BLE001  (none given, or not a list of layers)
        same = False
    return {"loss_given_layers": remembered is not None, "loss_has_trainable": same}


def backward_through_the_loss(nn, rng):
    """A model ending in softmax whose loss is not categorical cross-entropy (a squared error of the
    probabilities), so that Model.backward cannot take the combined gradient: it runs the loss's backward, then
    every layer's from the last to the first. Each dense layer's gradients after one forward and backward pass; and
    what they would be had the combined softmax and cross-entropy gradient been taken instead."""
    inputs, labels = _data()
    inputs, labels = inputs[:30], labels[:30]
    first, second = nn.Layer_Dense(2, 5), nn.Layer_Dense(5, 3)
    for layer in (first, second):
        layer.weights = rng.standard_normal(layer.weights.shape) * 0.5
        layer.biases = rng.standard_normal(layer.biases.shape) * 0.1
    model = nn.Model()
    for layer in (first, nn.Activation_ReLU(), second, nn.Activation_Softmax()):
        model.add(layer)
    model.set(loss=_squared_error(nn), optimizer=nn.Optimizer_Adam(), accuracy=nn.Accuracy_Categorical())
    model.finalize()
    output = model.forward(inputs.copy(), training=True)
    model.backward(np.array(output, copy=True), labels.copy())
    gradients = {f"{name}{number}": np.array(getattr(layer, name, None), copy=True)
                 for number, layer in ((1, first), (2, second)) for name in ("dweights", "dbiases")}
    # And with each layer without weights left out of that pass in turn: only the reference's are read.
    gradients["kinds"] = [type(layer).__name__ for layer in model.layers]
    gradients["without_each"] = without_each_backward(
        model.layers, lambda: model.backward(np.array(output, copy=True), labels.copy()),
        lambda: {f"dweights{number}": float_copy(layer.dweights) for number, layer in ((1, first), (2, second))})
    # The combined gradient, (softmax output - one-hot) / samples, taken back through the same layers: the check
    # reads the reference's alone (its ReLU keeps the book's self.inputs), so the learner's code is not asked to. The
    # keys are there on both sides, as the judge takes a result of other keys for a tampered one.
    combined = dict.fromkeys(("combined_dweights1", "combined_dweights2"))
    if not on_the_learners_side():
        relu = nn.Activation_ReLU()
        relu.inputs = first.output
        second.backward((output - np.eye(3)[labels]) / len(output))
        relu.backward(second.dinputs)
        first.backward(relu.dinputs)
        combined = {"combined_dweights1": first.dweights, "combined_dweights2": second.dweights}
    return {**gradients, **combined, **_cross_entropy_after_relu(nn, rng, inputs, labels)}


def _cross_entropy_after_relu(nn, rng, inputs, labels):
    """The other way round: categorical cross-entropy on a model ending in ReLU, not softmax, whose gradient is the
    loss's own; the last dense layer's dweights after one forward and backward pass, or what they raised."""
    layer = nn.Layer_Dense(2, 3)
    layer.weights = rng.standard_normal(layer.weights.shape) * 0.5
    layer.biases = rng.uniform(0.5, 1.0, layer.biases.shape)   # outputs above 0, where ReLU passes the gradient
    model = nn.Model()
    for each in (layer, nn.Activation_ReLU()):
        model.add(each)
    try:
        model.set(loss=nn.Loss_CategoricalCrossentropy(), optimizer=nn.Optimizer_Adam(),
                  accuracy=nn.Accuracy_Categorical())
        model.finalize()
        output = model.forward(inputs.copy(), training=True)
        model.backward(np.array(output, copy=True), labels.copy())
        return {"after_relu_dweights": np.array(getattr(layer, "dweights", None), copy=True)}
    except Exception as exc:  # noqa: BLE001  (the check says what it raised)
        return {"after_relu_dweights": raised_by(nn, exc)}


def _squared_error(nn):
    """A loss of the learner's Loss class, so the model can count on it as on any loss: the squared error of the
    probabilities against the one-hot targets, summed over each sample's classes."""
    class SquaredError(nn.Loss):
        def forward(self, y_pred, y_true):
            return np.sum((y_pred - np.eye(y_pred.shape[1])[y_true]) ** 2, axis=1)

        def backward(self, dvalues, y_true):
            self.dinputs = 2 * (dvalues - np.eye(dvalues.shape[1])[y_true]) / len(dvalues)

    return SquaredError()


def set_twice(nn, rng):
    return set_in_turn(nn)


def predict(nn, rng):
    inputs, labels = _data()
    model = _model(nn, first=_counting(nn, 2, 16))
    whole = copied(model.predict(inputs))
    first = model.layers[0]
    first.batch_sizes, first.batch_firsts = [], []   # the batches of the batched call alone
    batched = copied(model.predict(inputs, batch_size=BATCH))
    sizes = list(first.batch_sizes)
    # Other samples, fewer: what a first call kept on the model (its X, its steps, an array made once) shows.
    again = returned_or_raised(nn, model.predict, inputs[100:170].copy(), batch_size=BATCH)
    return {"whole": whole, "batched": batched, "batch_sizes": sizes, "again": again}


def _parameters(model):
    first, second = model.layers[0], model.layers[2]
    return {"weights1": np.array(first.weights, copy=True), "biases1": np.array(first.biases, copy=True),
            "weights2": np.array(second.weights, copy=True), "biases2": np.array(second.biases, copy=True)}


def _progress(printed):
    """The last lines printed with an accuracy, one string each: whatever else was printed, each line comes
    whole (a string is cut at its first 2,000 characters on its way to the judge)."""
    return [line for line in printed.splitlines() if "acc:" in line][-60:]


@contextlib.contextmanager
def _first_step(model):
    """While inside, the dweights each dense layer held when update_params was first given it in the first step,
    in the dict yielded; on leaving, the optimizer's calls of that step (scenario_helpers.FirstStepCalls) under
    "first_step_calls", None where the optimizer's methods cannot be watched."""
    optimizer, dense = model.optimizer, {1: model.layers[0], 2: model.layers[2]}
    calls, noted = FirstStepCalls(), {"first_dweights1": None, "first_dweights2": None}
    names = ("pre_update_params", "update_params", "post_update_params")
    # Methods the learner's optimizer set on itself are put back as they were.
    own = {name: value for name, value in getattr(optimizer, "__dict__", {}).items() if name in names}

    def watched(name, method):
        def call(*args, **kwargs):
            calls.note(name)
            given = (*args, *kwargs.values())
            number = next((number for number, layer in dense.items() if any(value is layer for value in given)), None)
            if name == "update_params" and number and not calls.over and noted[f"first_dweights{number}"] is None:
                value = getattr(dense[number], "dweights", None)
                noted[f"first_dweights{number}"] = value.copy() if isinstance(value, np.ndarray) else None
            return method(*args, **kwargs)
        return call

    try:
        for name in names:
            setattr(optimizer, name, watched(name, getattr(optimizer, name)))
        watching = True
    except AttributeError:   # slots, or a method missing: the parameters after training still judge the steps
        watching = False
    try:
        yield noted
    finally:
        for name in names:
            if name in own:
                setattr(optimizer, name, own[name])
            elif hasattr(optimizer, "__dict__"):
                vars(optimizer).pop(name, None)
        noted["first_step_calls"] = calls.calls if watching else None


def train(nn, rng):
    """Training with L1 and L2 penalties on the first layer, large enough for a reg_loss of 0.01 to 0.1: a
    printed loss without them is off by more than its rounding. The learning rate decays, ten steps an epoch: a
    rate decayed once an epoch, not once a step, shows."""
    inputs, labels = _data()
    given = inputs.copy()   # as train was given them, whatever it does to them
    batches = {}
    model = _model(nn, _counting(nn, 2, 16, weight_regularizer_l1=5e-2, weight_regularizer_l2=5e-2,
                                 bias_regularizer_l1=5e-2, bias_regularizer_l2=5e-2), decay=1e-2, batches=batches)
    started = _parameters(model)
    with _first_step(model) as first_step:
        printed = printed_by(model.train, inputs, labels, epochs=3, batch_size=BATCH, print_every=100)
    # Ten steps an epoch, printed every 4: the steps print_every picks, and each epoch's last.
    try:
        every_4 = _progress(printed_by(_model(nn).train, inputs.copy(), labels.copy(), epochs=2, batch_size=30,
                                       print_every=4))
    except Exception as exc:  # noqa: BLE001  (the progress check says so; the checks of the run above judge it first)
        every_4 = raised_by(nn, exc)
    # One model trained on 100 samples, then on all 300: what a first call kept (its steps, X, y) shows.
    again = _model(nn)
    try:
        printed_by(again.train, inputs[:100].copy(), labels[:100].copy(), epochs=1, batch_size=BATCH)
        printed_by(again.train, inputs.copy(), labels.copy(), epochs=1, batch_size=BATCH)
        trained_again = _parameters(again)
    except Exception as exc:  # noqa: BLE001  (the check names the call that raised)
        trained_again = raised_by(nn, exc)
    return {**_parameters(model), "started": started, "trained_again": trained_again,
            "iterations": step_count(model.optimizer),
            "progress": _progress(printed), "progress_every_4": every_4, "forwards": model.layers[0].forwards,
            "trainings": list(getattr(model.layers[0], "trainings", [])), **_batches(model.layers[0], given),
            "batch_losses": batches["loss"][-60:], "batch_accuracies": batches["accuracy"][-60:], **first_step,
            **_left_out_at_first_step(nn, started, given[:BATCH], labels[:BATCH], weight_regularizer_l1=5e-2,
                                      weight_regularizer_l2=5e-2, bias_regularizer_l1=5e-2, bias_regularizer_l2=5e-2)}


def _left_out_at_first_step(nn, started, inputs, labels, **regularizers):
    """The dweights of each dense layer after the first step's backward pass had it left out each layer without
    weights in turn (scenario_helpers.without_each_backward), on a model of its own from the same start. Only the
    reference's are read; built last, so that no later weights are drawn otherwise."""
    if on_the_learners_side():
        return {"kinds": [], "without_each": []}
    try:
        model = _model(nn, nn.Layer_Dense(2, 16, **regularizers))
        dense = {1: model.layers[0], 2: model.layers[2]}
        for number, layer in dense.items():
            layer.weights, layer.biases = (np.array(started[f"{name}{number}"], copy=True)
                                           for name in ("weights", "biases"))
        output = model.forward(inputs.copy(), training=True)
        without = without_each_backward(
            model.layers, lambda: model.backward(np.array(output, copy=True), labels.copy()),
            lambda: {f"first_dweights{number}": float_copy(layer.dweights) for number, layer in dense.items()})
        return {"kinds": [type(layer).__name__ for layer in model.layers], "without_each": without}
    except Exception:  # noqa: BLE001  (a learner's model that cannot be built or run so: only the reference's count)
        return {"kinds": [], "without_each": []}


def train_validated(nn, rng):
    """Training with validation data of another size, and L1 and L2 penalties on the first layer.

    Batches of 100 divide the 300 samples exactly (no partial batch); the 90 validation samples
    make a single partial one. Weights start at 0.01 * randn: only an L1 penalty this strong is large enough, after
    three epochs, to show in a validation loss printed to 3 decimals that wrongly holds it.
    """
    inputs, labels = _data()
    given = inputs.copy()
    validation_inputs, validation_labels = inputs[:90].copy() + 0.05, labels[:90].copy()
    model = _model(nn, _counting(nn, 2, 16, weight_regularizer_l1=0.1, weight_regularizer_l2=5e-4,
                                 bias_regularizer_l2=5e-4))
    started = _parameters(model)
    printed = printed_by(model.train, inputs, labels, epochs=3, batch_size=100, print_every=100,
                         validation_data=(validation_inputs, validation_labels))
    return {**_parameters(model), "started": started, "iterations": step_count(model.optimizer),
            "printed": progress_lines(printed),
            "forwards": model.layers[0].forwards,
            **_batches(model.layers[0], given),
            "penalty": regularization_penalty(model)}


def train_whole_batch(nn, rng):
    """batch_size left at its default, None: each epoch is one step on all the data. Three epochs, then one more
    with epochs left at its default, 1.

    The learning rate decays, so a loop that never calls pre_update_params shows.
    """
    inputs, labels = _data()
    given = inputs.copy()
    model = _model(nn, _counting(nn, 2, 16), decay=0.1)
    started = _parameters(model)
    with _first_step(model) as first_step:
        printed = printed_by(model.train, inputs, labels, epochs=3)
    # The steps of the call told its epochs, apart from those of the call left at its default.
    told = step_count(model.optimizer)
    printed_by(model.train, inputs, labels)
    rate = getattr(model.optimizer, "current_learning_rate", None)
    return {**_parameters(model), **first_step, "started": started, "progress": _progress(printed),
            "iterations": step_count(model.optimizer), "iterations_told": told,
            "forwards": model.layers[0].forwards, **_batches(model.layers[0], given),
            "learning_rate": model.optimizer.learning_rate,
            "current_learning_rate": rate if isinstance(rate, (int, float, np.number)) else None,
            **_left_out_at_first_step(nn, started, given, labels)}


@contextlib.contextmanager
def _training_flags(model):
    """While inside, the training values the model's forward is given, in the list yielded (True, False, or None
    where it is given none), as whatever calls self.forward passes them (scenario_helpers.method_wrapped)."""
    flags = []

    def wrap(forward):
        def noted(self, *args, **kwargs):
            if self is model and len(flags) < 100:
                flags.append(args[1] if len(args) > 1 else kwargs.get("training"))
            return forward(self, *args, **kwargs)
        return noted

    with method_wrapped(type(model), "forward", wrap):
        yield flags


def evaluate(nn, rng):
    inputs, labels = _data()
    batches = {}
    model = _model(nn, first=_counting(nn, 2, 16), batches=batches)
    printed_by(model.train, inputs[:200], labels[:200], epochs=2, batch_size=BATCH)
    trained, iterations = _parameters(model), getattr(model.optimizer, "iterations", None)
    gradients = gradients_left(model.layers)
    for values in batches.values():
        values.clear()
    first = model.layers[0]
    first.batch_sizes, first.batch_firsts = [], []   # the batches of the batched evaluate alone
    first.trainings = []
    with _training_flags(model) as flags:
        printed = printed_by(model.evaluate, inputs[200:], labels[200:], batch_size=64)
        evaluated = {name: values[-60:] for name, values in batches.items()}
        evaluated_sizes = list(first.batch_sizes)
        printed_whole = printed_by(model.evaluate, inputs[200:], labels[200:])
        # Other data, more of it: what the first calls kept (their steps, X_val, y_val) shows.
        try:
            printed_other = printed_by(model.evaluate, inputs, labels, batch_size=64)
        except Exception as exc:  # noqa: BLE001  (the check names the call that raised)
            printed_other = f"raised: {raised_by(nn, exc)}"
        while_training = ["evaluate"] if any(flag is True for flag in flags) else []
        flags.clear()
        outputs = model.predict(inputs[200:])
        while_training += ["predict"] if any(flag is True for flag in flags) else []
        # Told training=False, the model must tell its layers so: a dropout layer's default is to train.
        told = [training for training in getattr(first, "trainings", []) if training is not False]
        not_passed_on = str(told[0]) if told and False in flags and not while_training else ""
    after = _parameters(model)
    changed = [name for name in trained if not np.array_equal(trained[name], after[name])]
    if getattr(model.optimizer, "iterations", None) != iterations:
        changed.append("the optimizer's iterations")
    if gradients_changed(model.layers, gradients):
        changed.append("the layers' gradients (dweights, dbiases, dinputs), so backward ran")
    return {"printed": printed[-500:],
            "printed_whole": printed_whole[-500:],
            "printed_other": printed_other[-500:],
            "outputs": outputs,
            "labels": labels[200:], "changed": ", ".join(changed), "while_training": " and ".join(while_training),
            "not_passed_on": not_passed_on,
            "batch_losses": evaluated["loss"], "batch_accuracies": evaluated["accuracy"],
            "batch_sizes": evaluated_sizes}


def _saved_kind(path):
    """The name of the type of what the file at `path` holds, as pickle reads it; None where it cannot be read."""
    try:
        with open(path, "rb") as file:
            return type(pickle.load(file)).__name__
    except Exception:  # noqa: BLE001  (what load_parameters makes of the file says the rest)
        return None


def parameters(nn, rng):
    inputs, labels = _data()
    trained = _model(nn)
    printed_by(trained.train, inputs, labels, epochs=2, batch_size=BATCH)
    fresh = _model(nn)
    fresh.set_parameters(trained.get_parameters())
    saved = None    # what the file holds, where load_parameters then failed
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "spiral.parms")
        try:
            trained.save_parameters(path)
            saved = _saved_kind(path)
            loaded = _model(nn)
            loaded.load_parameters(path)
        except Exception as exc:
            if pickled_in_text_mode(exc) is None and saved in (None, "list", "tuple"):
                raise
            return {"text_mode": pickled_in_text_mode(exc), "raised": raised_by(nn, exc), "trained": None,
                    "copied": None, "loaded": None, "saved": saved}
    return {"trained": trained.predict(inputs), "copied": fresh.predict(inputs), "loaded": loaded.predict(inputs),
            "text_mode": None, "raised": None, "saved": None}


def save_and_load(nn, rng):
    inputs, labels = _data()
    model = _model(nn)
    printed_by(model.train, inputs, labels, epochs=2, batch_size=BATCH)
    before = model.predict(inputs)
    held = held_for_saving(model)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "spiral.model")
        try:
            model.save(path)
            taken = [item for item in held if item not in held_for_saving(model)]
            loaded = nn.Model.load(path)
        except Exception as exc:
            if pickled_in_text_mode(exc) is None:
                raise
            return {"text_mode": pickled_in_text_mode(exc), "raised": raised_by(nn, exc), "before": before,
                    "after": None, "still_usable": None, "leftovers": None, "taken_from_model": None}
    leftovers = listed(left_from_the_last_pass(loaded))   # before predict fills the loaded model again
    return {"before": before, "after": loaded.predict(inputs), "still_usable": model.predict(inputs),
            "leftovers": leftovers,
            "taken_from_model": listed(taken), "text_mode": None, "raised": None}


def given_code(nn, rng):
    """The code the stub gives, on small fixed inputs (given_code_probed), with the optimizer's settings the README's
    model uses. The accumulated accuracy before compare, whose probe goes through the given calculate: a fault of
    calculate is named as its own."""
    return {"probes": probed(nn, "dense_forward", "dense_backward", "relu_backward",
                             ("adam", {"learning_rate": 0.05, "decay": 5e-5}), "loss_calculate", "loss_accumulated",
                             "accuracy_accumulated", "accuracy_compare",
                             "trainable_regularization_loss")}
