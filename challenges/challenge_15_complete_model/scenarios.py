"""What each check runs on an implementation `nn`: the learner's file or the reference.

Three models of chapter 18, built in the same order from the same seed on both sides, so their
weights are the same: a regression (linear output, mean squared error), a binary classifier
(sigmoid, binary cross-entropy, L2 penalties) and a categorical one with dropout (softmax,
categorical cross-entropy). 200 samples in batches of 64 make three full batches and a
partial one of 8.
"""
import collections
import os
import pickle
import reprlib
import tempfile

import numpy as np

from grader.scenario_helpers import (FirstStepCalls, attributes, copied, float_copy, held_for_saving, kinds_of,
                                     left_from_the_last_pass, listed, measures, method_wrapped, own_values,
                                     pickled_in_text_mode, plain_number, printed_by, progress_lines, raised_by,
                                     regularization_penalty, returned_or_raised, rows_outside, set_in_turn,
                                     step_count)
from grader.scenario_helpers import without_each_backward
from grader.scenario_helpers import given_code_probed as probed

SAMPLES = 200
BATCH = 64
# Every array the model saw with a sample axis has one of these lengths, and no parameter has:
# the layers are 16 and 24 wide.
DATA_LENGTHS = (SAMPLES, BATCH, SAMPLES % BATCH, 60)


def _regression_data():
    inputs = np.linspace(-1, 1, SAMPLES).reshape(-1, 1)
    targets = np.sin(3 * inputs) + 0.1 * np.random.randn(SAMPLES, 1)
    order = np.random.permutation(SAMPLES)
    return inputs[order], targets[order]


def _spiral(classes):
    from nnfs.datasets import spiral_data

    inputs, labels = spiral_data(samples=SAMPLES // classes, classes=classes)
    order = np.random.permutation(len(inputs))
    return inputs[order], labels[order]


def _binary_data():
    inputs, labels = _spiral(2)
    # Binary targets are a column, one output per sample, as chapter 16 reshapes them.
    return inputs, labels.reshape(-1, 1)


def _categorical_data():
    return _spiral(4)


def _regression(nn, learning_rate=0.01, batches=None, decay=0.0):
    model = nn.Model()
    model.add(nn.Layer_Dense(1, 16))
    model.add(nn.Activation_ReLU())
    model.add(nn.Layer_Dense(16, 1))
    model.add(nn.Activation_Linear())
    loss, accuracy = measures(nn.Loss_MeanSquaredError, nn.Accuracy_Regression, batches)
    model.set(loss=loss, optimizer=nn.Optimizer_Adam(learning_rate=learning_rate, decay=decay), accuracy=accuracy)
    model.finalize()
    return model


def _binary(nn):
    model = nn.Model()
    # Weights start at 0.01 * randn, so only an L1 penalty this strong shows in the printed loss.
    model.add(nn.Layer_Dense(2, 16, weight_regularizer_l1=0.1, weight_regularizer_l2=5e-3, bias_regularizer_l2=5e-3))
    model.add(nn.Activation_ReLU())
    model.add(nn.Layer_Dense(16, 1))
    model.add(nn.Activation_Sigmoid())
    model.set(loss=nn.Loss_BinaryCrossentropy(), optimizer=nn.Optimizer_Adam(learning_rate=0.02, decay=0.1),
              accuracy=nn.Accuracy_Categorical(binary=True))
    model.finalize()
    return model


def _categorical(nn, rate=0.2, l1=0, batches=None):
    """The spiral classifier with dropout; `batches` as scenario_helpers.measures takes it."""
    model = nn.Model()
    model.add(nn.Layer_Dense(2, 24, weight_regularizer_l1=l1, weight_regularizer_l2=5e-4))
    model.add(nn.Activation_ReLU())
    model.add(nn.Layer_Dropout(rate))
    model.add(nn.Layer_Dense(24, 4))
    model.add(nn.Activation_Softmax())
    loss, accuracy = measures(nn.Loss_CategoricalCrossentropy, nn.Accuracy_Categorical, batches)
    model.set(loss=loss, optimizer=nn.Optimizer_Adam(learning_rate=0.05), accuracy=accuracy)
    model.finalize()
    return model


def _softmax_with_squared_error(nn):
    """Softmax output with a loss other than categorical cross-entropy: no combined gradient."""
    model = nn.Model()
    model.add(nn.Layer_Dense(2, 4))
    model.add(nn.Activation_Softmax())
    model.set(loss=nn.Loss_MeanSquaredError(), optimizer=nn.Optimizer_Adam(), accuracy=nn.Accuracy_Categorical())
    model.finalize()
    return model


def _cross_entropy_without_softmax(nn):
    """Categorical cross-entropy after an output that is not Softmax: no combined gradient either."""
    model = nn.Model()
    model.add(nn.Layer_Dense(2, 4))
    model.add(nn.Activation_Linear())
    model.set(loss=nn.Loss_CategoricalCrossentropy(), optimizer=nn.Optimizer_Adam(),
              accuracy=nn.Accuracy_Categorical())
    model.finalize()
    return model


def _dense(model):
    return [layer for layer in model.layers if "Layer_Dense" in kinds_of(layer)]


def _parameters(model):
    return {f"{name}{n}": np.array(getattr(layer, name), copy=True)
            for n, layer in enumerate(_dense(model), start=1) for name in ("weights", "biases")}


def _index(model, layer):
    return next((n for n, other in enumerate(model.layers) if other is layer), None)


def layer_input(nn, rng):
    inputs = rng.standard_normal((5, 3))
    layer = nn.Layer_Input()
    layer.forward(inputs, training=False)
    return {"output": layer.output}


def dropout(nn, rng):
    inputs = rng.standard_normal((40, 6))
    layer = nn.Layer_Dropout(0.3)
    given = inputs.copy()
    layer.forward(given, training=True)
    training, inputs_after = np.array(layer.output, copy=True), copied(given)
    # backward of the training pass, before the next pass draws another mask.
    dvalues = rng.standard_normal(inputs.shape)
    try:
        layer.backward(dvalues.copy())
        dinputs = copied(getattr(layer, "dinputs", None))
    except Exception as exc:  # noqa: BLE001  (said by the backward check, not by the forward one)
        dinputs = raised_by(nn, exc)
    backward_set = attributes(layer)
    layer.forward(inputs.copy(), training=False)
    inference, inference_set = copied(layer.output), attributes(layer)
    # The next training step's pass, on inputs of the same shape: it must draw a mask of its own.
    layer.forward(inputs.copy(), training=True)
    return {"training": training, "inference": inference, "kept": getattr(layer, "rate", None),
            "training_again": layer.output, "dvalues": dvalues, "dinputs": dinputs, "inputs": inputs,
            "inputs_after": inputs_after, "inference_set": inference_set, "backward_set": backward_set}


def predictions(nn, rng):
    scores = rng.standard_normal((8, 4))
    # Probabilities on both sides of 0.5, and 0.5 itself, which is not above it.
    probabilities = np.array([[0.1], [0.5], [0.51], [0.9], [0.49], [0.0]])
    outputs = {"softmax": scores, "sigmoid": probabilities, "linear": rng.standard_normal((6, 2))}
    given = {name: value.copy() for name, value in outputs.items()}
    found = {name: copied(getattr(nn, f"Activation_{name.title()}")().predictions(given[name])) for name in outputs}
    # The model's outputs, which the loss's backward pass reads after train has taken their predictions.
    return {**found, **{f"{name}_outputs": value for name, value in outputs.items()},
            **{f"{name}_after": value for name, value in given.items()}}


def accuracy_categorical(nn, rng):
    predicted = np.array([0, 2, 1, 1, 0, 2, 2, 1])
    sparse = np.array([0, 2, 2, 1, 1, 2, 0, 1])
    accuracy = nn.Accuracy_Categorical()
    binary = nn.Accuracy_Categorical(binary=True)
    # A pass begins as the book's Model begins one, whose Accuracy.calculate adds to the sums new_pass sets.
    accuracy.new_pass()
    binary.new_pass()
    binary_predicted = np.array([[1], [0], [0], [1], [1]])
    binary_true = np.array([[1], [1], [0], [1], [0]])
    # Two yes-or-no outputs a sample (chapter 16's several binary outputs): compared as they are, never argmaxed.
    two_predicted, two_true = np.array([[1, 0], [0, 0], [1, 1], [0, 1]]), np.array([[1, 1], [0, 0], [1, 0], [0, 1]])
    # The same accuracy again on other one-hot targets, fewer and of more classes: what a call kept of its y shows.
    again_predicted, again_true = np.array([3, 1, 0, 3, 2, 1]), np.eye(4)[[3, 1, 1, 0, 2, 2]]
    return {"sparse": accuracy.calculate(predicted, sparse),
            "one_hot": accuracy.calculate(predicted, np.eye(3)[sparse]),
            "one_hot_again": returned_or_raised(nn, lambda: np.asarray(accuracy.compare(again_predicted,
                                                                                         again_true))),
            # One-hot rows of integers, as np.eye(3, dtype=int) makes them: the kind of targets tells by shape alone.
            "integer_one_hot": returned_or_raised(nn, lambda: np.asarray(nn.Accuracy_Categorical().compare(
                predicted.copy(), np.eye(3, dtype=int)[sparse]))),
            "binary": binary.calculate(binary_predicted, binary_true),
            "binary_compared": np.asarray(binary.compare(binary_predicted, binary_true)),
            "two_outputs_compared": returned_or_raised(nn, lambda: np.asarray(binary.compare(two_predicted,
                                                                                              two_true)))}


def accuracy_regression(nn, rng):
    first, second = rng.standard_normal((50, 1)) * 2.0, rng.standard_normal((30, 1)) * 0.5
    accuracy = nn.Accuracy_Regression()
    fresh = accuracy.precision
    accuracy.new_pass()
    accuracy.init(first)
    after_first = accuracy.precision
    accuracy.init(second)
    after_second = accuracy.precision
    accuracy.init(second, reinit=True)
    after_reinit = accuracy.precision
    predicted = second + np.array([[0.0], [1e-3], [-1e-3], [0.1], [-0.1]] * 6)
    given, targets = predicted.copy(), second.copy()
    compared = np.asarray(accuracy.compare(given, targets))
    # A later batch, as train's are, whose targets spread four times wider than those the precision came from: off by
    # twice the precision, its predictions are wrong, though within a precision the batch's own spread would give.
    precision = float(np.std(second)) / 250
    batch = second[:10] * 4.0
    offsets = np.array([[0.0], [0.5], [-0.5], [2.0], [-2.0]] * 2) * precision
    # Targets of 0, so that a prediction one precision away is exactly that far: "closer than" leaves it out. The
    # object's own precision, which a spread computed otherwise moves by a rounding.
    own = accuracy.precision
    off = np.array([[1.0], [-1.0], [0.5], [2.0]])   # how many precisions from the target
    on = off * (float(own) if isinstance(own, (float, np.floating)) else precision)
    return {"fresh": "None" if fresh is None else fresh, "after_first": after_first, "after_second": after_second,
            "after_reinit": after_reinit, "compared": compared, "predicted_after": given, "targets_after": targets,
            "accuracy": accuracy.calculate(predicted.copy(), second.copy()),
            "compared_on_the_precision": np.asarray(accuracy.compare(on, np.zeros_like(on))),
            "precisions_off": off,
            "compared_batch": np.asarray(accuracy.compare(batch + offsets, batch)),
            "batch_precision": np.abs(offsets) < np.std(batch) / 250,
            "signed": [predicted - second < precision, second - predicted < precision]}


def _links(model):
    layers = model.layers
    trainable = getattr(model, "trainable_layers", None) or []
    input_layer = getattr(model, "input_layer", None)
    shortcut = getattr(model, "softmax_classifier_output", None)
    return {
        "links": _first_wrong_link(model),
        "first_prev": type(getattr(layers[0], "prev", None)).__name__,
        "first_prev_is_input_layer": input_layer is not None and getattr(layers[0], "prev", None) is input_layer,
        "last_next_is_loss": getattr(layers[-1], "next", None) is model.loss,
        "output_layer_is_last": getattr(model, "output_layer_activation", None) is layers[-1],
        "trainable": ", ".join(str(_index(model, layer)) for layer in trainable),
        "loss_trainable": ", ".join(str(_index(model, layer))
                                    for layer in getattr(model.loss, "trainable_layers", None) or []),
        "shortcut": type(shortcut).__name__ if shortcut is not None else "None",
        "set": attributes(model),
        "layer_count": len(layers),
    }


def _first_wrong_link(model):
    """"" where every pair of neighbours is linked both ways; else the first link that is not, in words."""
    layers = model.layers

    def named(thing):
        position = _index(model, thing)
        return f"layers[{position}]" if position is not None else type(thing).__name__

    for i in range(len(layers) - 1):
        for attribute, at, other in (("next", i, i + 1), ("prev", i + 1, i)):
            found = getattr(layers[at], attribute, None)
            if found is not layers[other]:
                return f"layers[{at}].{attribute} is {named(found)}, not layers[{other}]"
    return ""


def _flat(results):
    """{kind: {name: value}} as {"kind name": value}: the judge reads plain values, one level deep."""
    return {f"{kind} {name}": value for kind, values in results.items() for name, value in values.items()}


def finalize(nn, rng):
    return _flat({"regression": _links(_regression(nn)), "binary": _links(_binary(nn)),
                  "categorical": _links(_categorical(nn)),
                  "softmax_squared_error": _links(_softmax_with_squared_error(nn)),
                  "cross_entropy_without_softmax": _links(_cross_entropy_without_softmax(nn)),
                  "finalized_twice": _finalized_again(nn, _categorical(nn))})


def _finalized_again(nn, model):
    """{"trainable": the positions of the trainable layers after `model` is finalized a second time, as after set
    gives it another loss (what finalize finds is found anew), "raised": what that raised, or ""}."""
    try:
        model.finalize()
    except Exception as exc:  # noqa: BLE001  (the finalize_again check says so)
        return {"trainable": "", "raised": raised_by(nn, exc)}
    return {"trainable": _links(model)["trainable"], "raised": ""}


def set_twice(nn, rng):
    return set_in_turn(nn)


def forward(nn, rng):
    inputs, _ = _categorical_data()
    model = _categorical(nn)
    inference = model.forward(inputs, training=False)
    training = model.forward(inputs, training=True)
    regression_inputs, _ = _regression_data()
    regression = _regression(nn).forward(regression_inputs, training=False)
    return {"inference": np.array(inference, copy=True), "training": np.array(training, copy=True),
            "regression": regression}


def _one_backward(nn, make, data):
    inputs, targets = data()
    model = make(nn)
    output = model.forward(inputs, training=True)
    model.backward(output, targets)
    first = model.layers[0]
    # Copied: the passes below run again on the same layers.
    answer = {"dweights": copied(first.dweights), "dbiases": copied(first.dbiases),
              "last_dinputs": copied(model.layers[-1].dinputs),
              "loss_dinputs": copied(getattr(model.loss, "dinputs", None))}
    # The reference's alone are read: the first layer's dweights had the pass left out each layer in turn.
    return {**answer, "kinds": [type(layer).__name__ for layer in model.layers],
            "without_each": without_each_backward(model.layers, lambda: model.backward(output, targets),
                                                  lambda: float_copy(first.dweights))}


def backward(nn, rng):
    return _flat({"regression": _one_backward(nn, _regression, _regression_data),
                  "binary": _one_backward(nn, _binary, _binary_data),
                  "categorical": _one_backward(nn, _categorical, _categorical_data)})


def _counting_first_layer(model):
    """Count the first layer's forward calls, to see how often the model runs the network, and keep the inputs of
    the first: the first batch, whose order says whether train took the data as given."""
    layer = model.layers[0]
    calls = [0, None]
    forward = layer.forward

    def counted(*args, **kwargs):
        if not calls[0]:
            calls[1] = float_copy(args[0] if args else kwargs.get("inputs"))
        calls[0] += 1
        return forward(*args, **kwargs)

    layer.forward = counted
    return calls


def _first_step_noted(model):
    """The optimizer's methods its first step calls, in order (scenario_helpers.FirstStepCalls), noted from now on
    through wrappers on the optimizer itself; nothing is noted for one that takes no attribute of its own."""
    noted = FirstStepCalls()
    optimizer = model.optimizer
    for name in ("pre_update_params", "update_params", "post_update_params"):
        method = getattr(optimizer, name, None)
        if not callable(method):
            continue

        def wrapper(*args, method=method, name=name, **kwargs):
            noted.note(name)
            return method(*args, **kwargs)

        try:
            setattr(optimizer, name, wrapper)
        except (AttributeError, TypeError):
            return FirstStepCalls()
    return noted


def _trained(model, calls, printed, given, noted, **extra):
    """What a training scenario returns; `given`, a copy of the X train was given, taken before it ran: how many of
    the first batch's samples are not its samples tells values changed from samples reordered; `noted`: the calls
    of the optimizer's first step (_first_step_noted)."""
    return {**_parameters(model), "iterations": step_count(model.optimizer),
            "printed": progress_lines(printed), "forwards": calls[0], "first_batch": calls[1],
            "first_batch_outside_data": rows_outside(calls[1], given), "first_step_calls": noted.calls, **extra}


def train_regression(nn, rng):
    inputs, targets = _regression_data()
    given = inputs.copy()
    # The learning rate decays, several steps an epoch: a rate decayed once an epoch, not once a step, shows.
    model = _regression(nn, decay=1e-2)
    calls, noted = _counting_first_layer(model), _first_step_noted(model)
    printed = printed_by(model.train, inputs, targets, epochs=3, batch_size=BATCH, print_every=2)
    # epochs left at its default: one.
    printed_by(model.train, inputs[:60], 3 * targets[:60])
    return _trained(model, calls, printed, given, noted)


def _precision(accuracy):
    precision = getattr(accuracy, "precision", "missing")
    return "None" if precision is None else precision


def train_precision(nn, rng):
    """The precision after one train in batches, and after a second on other targets, which keeps it.

    Without a precision, the regression accuracy's comparison raises: that is caught here, so the
    check can say which call was missing. In batches, a precision set from the first batch's targets
    shows: theirs is not the whole training set's.
    """
    inputs, targets = _regression_data()
    model = _regression(nn)
    raised = ""
    try:
        printed_by(model.train, inputs, targets, epochs=1, batch_size=BATCH)
    except Exception as error:  # noqa: BLE001 - the learner's train may fail in any way without a precision
        raised = f"{type(error).__name__}: {error}"
    first = _precision(model.accuracy)
    try:
        printed_by(model.train, inputs[:60], 3 * targets[:60], epochs=1)
    except Exception:  # noqa: BLE001
        pass
    return {"precision": first, "precision_after_second": _precision(model.accuracy), "raised": raised[:300],
            "first_batch_precision": float(np.std(targets[:BATCH]) / 250),
            "last_batch_precision": float(np.std(targets[len(targets) - (len(targets) - 1) % BATCH - 1:]) / 250),
            "second_targets_precision": float(np.std(3 * targets[:60]) / 250)}


def train_binary(nn, rng):
    inputs, labels = _binary_data()
    given = inputs.copy()
    model = _binary(nn)
    calls, noted = _counting_first_layer(model), _first_step_noted(model)
    printed = printed_by(model.train, inputs, labels, epochs=4, print_every=1)
    return _trained(model, calls, printed, given, noted)


def train_categorical(nn, rng):
    inputs, labels = _categorical_data()
    given = inputs.copy()
    validation_inputs, validation_labels = inputs[:60] + 0.05, labels[:60]
    # An L1 penalty strong enough to show in a validation loss, printed to 3 decimals, that wrongly holds it.
    model = _categorical(nn, l1=0.1)
    calls, noted = _counting_first_layer(model), _first_step_noted(model)
    printed = printed_by(model.train, inputs, labels, epochs=2, batch_size=BATCH, print_every=100,
                         validation_data=(validation_inputs, validation_labels))
    return _trained(model, calls, printed, given, noted, penalty=regularization_penalty(model))


def _last_batch(batches, samples, batch_size):
    """[accuracy, loss, size] of the last batch that `batches` (as measures fills it) noted; None where not had."""
    return [(batches.get(name) or [None])[-1] for name in ("accuracy", "loss")] + [samples % batch_size or batch_size]


def evaluate(nn, rng):
    inputs, targets = _regression_data()
    batches = {}
    model = _regression(nn, learning_rate=0.05, batches=batches)
    printed_by(model.train, inputs, targets, epochs=5)
    trained, iterations = _parameters(model), getattr(model.optimizer, "iterations", None)
    precision = _precision(model.accuracy)
    printed = printed_by(model.evaluate, inputs[:60], targets[:60], batch_size=BATCH // 2)
    # Each batched evaluation's last batch's accuracy and loss: an evaluate that prints one batch's shows.
    last_batch = {"printed": _last_batch(batches, 60, BATCH // 2)}
    printed_whole = printed_by(model.evaluate, inputs[:60], targets[:60])
    categorical_inputs, labels = _categorical_data()
    batches = {}
    categorical = _categorical(nn, rate=0.5, batches=batches)
    dropout_first = printed_by(categorical.evaluate, categorical_inputs, labels)
    dropout_second = printed_by(categorical.evaluate, categorical_inputs, labels)
    # Batches of one class each, whose accuracies differ: an evaluate that reports one batch's shows.
    sizes, first = [], categorical.layers[0]
    with method_wrapped(type(first), "forward", lambda forward: _noting_size(forward, first, sizes)):
        categorical_batched = printed_by(categorical.evaluate, categorical_inputs, labels, batch_size=BATCH)
    last_batch["categorical_batched"] = _last_batch(batches, len(categorical_inputs), BATCH)
    # Samples that divide evenly into batches: no partial batch follows.
    even_sizes = []
    with method_wrapped(type(first), "forward", lambda forward: _noting_size(forward, first, even_sizes)):
        printed_by(categorical.evaluate, categorical_inputs[:2 * BATCH], labels[:2 * BATCH], batch_size=BATCH)
    after = _parameters(model)
    changed = [name for name in trained if not np.array_equal(trained[name], after[name])]
    if getattr(model.optimizer, "iterations", None) != iterations:
        changed.append("the optimizer's iterations")
    # The precision train set from the training targets, which a later train keeps (accuracy.init without reinit).
    if not np.array_equal(np.asarray(_precision(model.accuracy), dtype=object), np.asarray(precision, dtype=object)):
        changed.append("the accuracy's precision")
    return {"printed": printed[-500:], "printed_whole": printed_whole[-500:], "dropout_first": dropout_first[-500:],
            "dropout_second": dropout_second[-500:], "categorical_batched": categorical_batched[-500:],
            "last_batch": last_batch, "batch_sizes": sizes, "even_batch_sizes": even_sizes,
            "changed": ", ".join(changed)}


def predict(nn, rng):
    inputs, _ = _categorical_data()
    model = _categorical(nn, rate=0.5)
    binary_inputs, _ = _binary_data()
    whole, again = model.predict(inputs), model.predict(inputs)
    sizes = []
    first = model.layers[0]
    with method_wrapped(type(first), "forward", lambda forward: _noting_size(forward, first, sizes)):
        batched = model.predict(inputs, batch_size=BATCH)
    return {"whole": whole, "again": again, "batched": batched, "batch_sizes": sizes,
            "binary": _binary(nn).predict(binary_inputs, batch_size=BATCH)}


def _noting_size(forward, layer, sizes):
    """`forward` that appends to `sizes` the number of samples `layer` is given (None where they have no length);
    other layers of its class pass unnoted."""
    def noted(self, inputs, *args, **kwargs):
        if self is layer:
            sizes.append(len(inputs) if hasattr(inputs, "__len__") else None)
        return forward(self, inputs, *args, **kwargs)
    return noted


def parameters(nn, rng):
    inputs, labels = _binary_data()
    trained = _binary(nn)
    printed_by(trained.train, inputs, labels, epochs=3)
    fresh = _binary(nn)
    given = trained.get_parameters()
    fresh.set_parameters(given)
    # Dense layers that are not every other layer: between them a ReLU and a dropout layer.
    categorical_inputs, categorical_labels = _categorical_data()
    categorical = _categorical(nn)
    printed_by(categorical.train, categorical_inputs, categorical_labels, epochs=1)
    categorical_fresh = _categorical(nn)
    categorical_fresh.set_parameters(categorical.get_parameters())
    return {"count": len(given), "trained": trained.predict(inputs), "copied": fresh.predict(inputs),
            "categorical_trained": categorical.predict(categorical_inputs),
            "categorical_copied": categorical_fresh.predict(categorical_inputs)}


def _data_arrays(root):
    """Paths of the arrays with a sample axis anywhere in `root`, a loaded model, each by its shortest path."""
    found, seen, queue = [], set(), collections.deque([(root, "model")])
    while queue:
        value, path = queue.popleft()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, np.ndarray):
            if value.ndim and value.shape[0] in DATA_LENGTHS:
                found.append(path)
        elif isinstance(value, (list, tuple)):
            queue.extend((item, f"{path}[{n}]") for n, item in enumerate(value))
        elif isinstance(value, dict):
            queue.extend((item, f"{path}[{key!r}]") for key, item in value.items())
        elif (hasattr(value, "__dict__") or hasattr(type(value), "__slots__")) and not isinstance(value, type):
            queue.extend((item, f"{path}.{name}") for name, item in own_values(value).items())
    return found


def _left_over(saved):
    """What the book pops and the saved model still holds, then any other array with a sample axis.

    The book leaves two arrays of the last pass in place: dropout's mask and the combined softmax
    and loss's gradient; they are not counted.
    """
    left = left_from_the_last_pass(saved)
    left += [path for path in _data_arrays(saved) if path not in left and not path.endswith(".binary_mask")
             and not path.startswith("model.softmax_classifier_output")]
    return left


def _saved_and_loaded(nn, model, inputs, folder, name, targets=None):
    """(predictions before, after loading, of the saved model itself; what the file holds that it should not; the
    loaded model's type; what save took from the model itself rather than from a copy; the type of what the file
    holds, unpickled here; with `targets`, what evaluate on them printed, or raised, for the saved model and then
    for the loaded one, and their accuracies' precisions, the saved model's as it was before save)."""
    before = model.predict(inputs)
    optimizer = _optimizer_of(model)
    held = held_for_saving(model)
    # Read before save, which may change the model it saves (a check says so), and before an evaluate sets one.
    precision = _precision_of(model)
    path = os.path.join(folder, name)
    model.save(path)
    taken = [item for item in held if item not in held_for_saving(model)]
    with open(path, "rb") as f:
        saved = pickle.load(f)
    loaded = nn.Model.load(path)
    left = _left_over(saved)
    # What Model.load returned may be no model at all (the pickled parameters, say): its type tells the check.
    after = loaded.predict(inputs) if callable(getattr(loaded, "predict", None)) else None
    # chapter 21 evaluates a loaded model: what it learned (a regression accuracy's precision) must come back too.
    # The loaded one's before an evaluate sets one that is None from the targets it is given.
    precisions = [precision, _precision_of(loaded)]
    evaluated = None if targets is None else [
        *(_evaluated(nn, one, inputs, targets) for one in (model, loaded)), precisions]
    return before, after, model.predict(inputs), f"{name}: {listed(left)}" if left else "", \
        type(loaded).__name__, listed(taken), type(saved).__name__, evaluated, [optimizer, _optimizer_of(loaded)]


def _optimizer_of(model):
    """[the type name of `model`'s optimizer, its step count where that is a whole number]: what a saved model
    must bring back for training to go on."""
    optimizer = getattr(model, "optimizer", None)
    iterations = step_count(optimizer)
    return [type(optimizer).__name__, iterations if type(iterations) is int else None]


def _precision_of(model):
    """The precision of `model`'s accuracy: a float where it is a number (a 0-d array too), else what it is, as a
    short text ("None", "'0.1'")."""
    precision = getattr(getattr(model, "accuracy", None), "precision", None)
    if isinstance(precision, np.ndarray) and precision.ndim == 0 and precision.dtype.kind in "iuf":
        precision = precision[()]
    number = plain_number(precision)
    return number if number is not None else reprlib.repr(precision)


def _evaluated(nn, model, inputs, targets):
    """["printed", what model.evaluate(inputs, targets) printed], or ["raised", what it raised]."""
    try:
        return ["printed", printed_by(model.evaluate, inputs, targets)]
    except Exception as exc:  # noqa: BLE001  (the check compares the loaded model's with the saved one's)
        return ["raised", raised_by(nn, exc)]


def save_and_load(nn, rng):
    """A categorical model with dropout and a regression model, each trained in batches, saved and loaded."""
    inputs, labels = _categorical_data()
    categorical = _categorical(nn)
    printed_by(categorical.train, inputs, labels, epochs=2, batch_size=BATCH,
               validation_data=(inputs[:60], labels[:60]))
    regression_inputs, targets = _regression_data()
    regression = _regression(nn)
    printed_by(regression.train, regression_inputs, targets, epochs=2, batch_size=BATCH)
    with tempfile.TemporaryDirectory() as folder:
        try:
            first = _saved_and_loaded(nn, categorical, inputs, folder, "spiral.model")
            second = _saved_and_loaded(nn, regression, regression_inputs, folder, "sine.model", targets)
        except Exception as exc:
            if pickled_in_text_mode(exc) is None:
                raise
            return {"text_mode": pickled_in_text_mode(exc), "raised": raised_by(nn, exc), "before": None,
                    "after": None, "still_usable": None, "regression_before": None, "regression_after": None,
                    "leftovers": None, "loaded_type": None, "taken_from_model": None, "saved_type": None,
                    "regression_evaluated": None, "optimizers": None}
    return {"before": first[0], "after": first[1], "still_usable": first[2],
            "regression_before": second[0], "regression_after": second[1], "regression_evaluated": second[7],
            "leftovers": "; ".join(filter(None, (first[3], second[3]))), "loaded_type": first[4],
            "taken_from_model": first[5], "saved_type": first[6], "text_mode": None, "raised": None,
            "optimizers": first[8]}


def given_code(nn, rng):
    """The code the stub gives, on small fixed inputs (given_code_probed), with the optimizer's settings of the
    regression model."""
    return {"probes": probed(nn, "dense_forward", "dense_backward", "relu_backward", "loss_calculate",
                             "loss_accumulated", "accuracy_accumulated",
                             ("adam", {"learning_rate": 0.005, "decay": 1e-3}), "bce_edges",
                             "trainable_regularization_loss")}
