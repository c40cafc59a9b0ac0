"""What each check runs on an implementation `nn`: the learner's file or the reference.

`train` builds its network from the module's own classes, so a scenario can
watch it: while `train` runs, those names stand for subclasses that count the
calls and keep every layer, and that are put back afterwards.
"""
import numpy as np

from grader.scenario_helpers import (FirstStepCalls, ImportedOptimizers, OptimizerSteps, adam_defaults, float_copy,
                                     held_at_import, plain_number, raised_by, shown_default, standing_in,
                                     watch_made_subclass)
from grader.scenario_helpers import given_code_probed as probed

WATCHED_STEPS = 3
TRAINING_STEPS = 60     # the run the accuracy checks read, from the same start as the reference's


class _Watch:
    """The layers train built and how often each stage ran."""

    def __init__(self):
        self.layers = []
        self.calls = {"pre_update_params": 0, "update_params": 0, "post_update_params": 0}
        self.first_step = FirstStepCalls()
        self.steps = OptimizerSteps()            # the calls by optimizer: one per layer acts as one
        self.updated = set()                     # the positions of the layers an optimizer has updated
        self.forwards, self.backwards = {}, {}   # layer position -> calls
        self.rows = {}                           # layer position -> samples its last forward pass was given
        self.first_inputs = {}                   # layer position -> the inputs of its first forward pass
        self.first_targets = None                # the targets of a loss's first forward pass while training
        # In the first step, per backward / update_params call: (layer position, array); the dvalues each backward
        # was given, and the dweights and dbiases it left.
        self.dvalues, self.gradients, self.bias_gradients, self.updates = [], [], [], []
        self.loss_backwards = 0                  # calls of a loss's backward
        self.optimizer = None                    # (learning_rate, decay) of the first Optimizer_Adam to step
        self.adam_defaults = None                # its epsilon, beta_1 and beta_2 (scenario_helpers.adam_defaults)
        self.optimizers_built = 0
        # The Optimizer_Adams built, the copies that carried a built one's steps on (both kept, so that no two share
        # an id), and what the import made (set by the scenario).
        self.optimizers, self.copies, self.held = [], [], []
        self.stepped = []                        # the optimizers counted in optimizers_built
        # While predict runs (set by the scenario): for each forward pass of a loss, whether its targets were
        # train's y.
        self.predicting, self.training_labels, self.predict_targets = False, None, []

    def built(self, optimizer):
        """Note an Optimizer_Adam train built: it counts once it takes a step (used)."""
        self.optimizers.append(optimizer)

    def used(self, optimizer):
        """Note the settings of the first Optimizer_Adam to take a step, those the checks read (one built and left
        unused is not it), and count each optimizer that starts Adam over: one train built, at its first step, and
        a copy whose step count is still 0 (of one the import made, or of one train built and left unused, as
        copy.deepcopy(Optimizer_Adam(...)) leaves it). A copy that carries its steps on is the same optimizer going
        on."""
        if self.optimizer is None:
            self.optimizer = [plain_number(getattr(optimizer, "learning_rate", None)),
                              plain_number(getattr(optimizer, "decay", None))]
            self.adam_defaults = adam_defaults(optimizer)
        if any(optimizer is known for known in (*self.stepped, *self.copies, *self.held)):
            return
        steps = getattr(optimizer, "iterations", 0)
        carried_on = isinstance(steps, (int, np.integer)) and not isinstance(steps, bool) and steps > 0
        if carried_on and not any(optimizer is known for known in self.optimizers):
            self.copies.append(optimizer)
            return
        self.stepped.append(optimizer)
        self.optimizers_built += 1

    def built_at(self, layer):
        """Where `layer` was built, or None for one this watch did not see built."""
        return next((position for position, built in enumerate(self.layers) if built is layer), None)

    def position(self, shape):
        """Where the layer with weights of this shape was built, or None."""
        return next((position for position, layer in enumerate(self.layers)
                     if np.shape(getattr(layer, "weights", None)) == shape), None)

    def first(self, records, shape):
        """The first array recorded for the layer of this shape, or None."""
        position = self.position(shape)
        return next((array for where, array in records if where == position), None)

    def weights(self, shape):
        position = self.position(shape)
        return None if position is None else float_copy(self.layers[position].weights)

    def parameters(self, shape):
        """[weights, biases] of the layer with weights of this shape, as float copies (None where it has none)."""
        position = self.position(shape)
        return None if position is None else [float_copy(getattr(self.layers[position], name, None))
                                              for name in ("weights", "biases")]


def _watching(nn, watch, fixed_weights):
    """{name: make}: makers of subclasses of module `nn`'s Layer_Dense and Optimizer_Adam that report to `watch`
    (for scenario_helpers.standing_in), and of its losses, which count their backward passes and report the
    targets they get while predict runs.

    Arrays are kept for the first step only: the later steps are watched through the call counts and the losses.
    """
    def built(layer):
        if fixed_weights and np.ndim(layer.weights) == 2:
            # The same start for the learner's network and the reference's, whatever order they are built in.
            layer.weights, layer.biases = _start(np.shape(layer.weights))
        if watch.built_at(layer) is None:
            watch.layers.append(layer)

    def dense(base):
        class Dense(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                built(self)

            def __init_subclass__(cls, **kwargs):
                super().__init_subclass__(**kwargs)
                watch_made_subclass(cls, __class__, built)

            def forward(self, *args, **kwargs):
                position = watch.built_at(self)
                if position is None:    # a copy of a watched layer (copy.deepcopy builds none): not watched
                    return super().forward(*args, **kwargs)
                watch.forwards[position] = watch.forwards.get(position, 0) + 1
                watch.rows[position] = len(args[0]) if args and np.ndim(args[0]) > 0 else None
                if position not in watch.first_inputs:
                    watch.first_inputs[position] = float_copy(args[0] if args else kwargs.get("inputs"))
                return super().forward(*args, **kwargs)

            def backward(self, *args, **kwargs):
                position = watch.built_at(self)
                if position is None:
                    return super().backward(*args, **kwargs)
                watch.backwards[position] = watch.backwards.get(position, 0) + 1
                # The first step of this layer: until an optimizer updates it (one per layer may update it as soon as
                # its backward pass is done, before the next layer's).
                first = position not in watch.updated
                if first:
                    watch.dvalues.append((position, float_copy(args[0] if args else kwargs.get("dvalues"))))
                result = super().backward(*args, **kwargs)
                if first:
                    watch.gradients.append((position, float_copy(getattr(self, "dweights", None))))
                    watch.bias_gradients.append((position, float_copy(getattr(self, "dbiases", None))))
                return result
        return Dense

    def adam(base):
        class Adam(base):
            __slots__ = ()      # the layout of `base`: an optimizer the import made can take this class

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                watch.built(self)

            def pre_update_params(self, *args, **kwargs):
                watch.used(self)
                watch.calls["pre_update_params"] += 1
                watch.steps.note(self, "pre_update_params")
                watch.first_step.note("pre_update_params")
                return super().pre_update_params(*args, **kwargs)

            def update_params(self, layer, *args, **kwargs):
                watch.used(self)
                watch.calls["update_params"] += 1
                watch.steps.note(self, "update_params", layer)
                watch.first_step.note("update_params")
                result = super().update_params(layer, *args, **kwargs)
                position = watch.built_at(layer)
                if position is not None:
                    watch.updated.add(position)
                if layer in watch.layers and not watch.steps.posted(self):
                    watch.updates.append((watch.layers.index(layer), float_copy(layer.weights)))
                return result

            def post_update_params(self, *args, **kwargs):
                watch.calls["post_update_params"] += 1
                watch.steps.note(self, "post_update_params")
                watch.first_step.note("post_update_params")
                return super().post_update_params(*args, **kwargs)
        return Adam

    def loss(base):
        class Loss(base):
            def forward(self, *args, **kwargs):
                if watch.predicting:
                    targets = args[1] if len(args) > 1 else kwargs.get("y_true")
                    try:
                        same = bool(np.array_equal(targets, watch.training_labels))
                    except Exception:  # noqa: BLE001  (targets NumPy cannot compare: not train's y)
                        same = False
                    watch.predict_targets.append(same)
                elif watch.first_targets is None:
                    targets = args[1] if len(args) > 1 else kwargs.get("y_true")
                    watch.first_targets = np.array(targets, copy=True) if isinstance(targets, np.ndarray) else False
                return super().forward(*args, **kwargs)

            def backward(self, *args, **kwargs):
                watch.loss_backwards += 1
                return super().backward(*args, **kwargs)
        return Loss

    watched = {"Layer_Dense": dense, "Optimizer_Adam": adam}
    # The losses a predict may run with targets of its own: watched where the file has them.
    for name in ("Loss_CategoricalCrossentropy", "Activation_Softmax_Loss_CategoricalCrossentropy"):
        if isinstance(getattr(nn, name, None), type):
            watched[name] = loss
    return watched


def _train_watched(nn, inputs, labels, steps, fixed_weights):
    watch = _Watch()
    watch.training_labels = labels.copy()
    watch.held = held_at_import(nn)
    with standing_in(nn, _watching(nn, watch, fixed_weights), held=("Optimizer_Adam",)):
        predict, losses = nn.train(inputs, labels, steps=steps)
    return watch, predict, losses


def _predicted(nn, watch, predict, inputs):
    """predict(inputs), or {"raised": what it raised (scenario_helpers.raised_by), "training_targets": whether a
    loss ran on train's y meanwhile}: the checks of predict say so, and those of the training itself go on."""
    watch.predicting, watch.predict_targets = True, []
    try:
        return predict(inputs)
    except Exception as exc:  # noqa: BLE001  (the checks of predict report it, with the learner's line)
        return {"raised": raised_by(nn, exc), "training_targets": any(watch.predict_targets)}
    finally:
        watch.predicting = False


def _first_rows_of(nn, inputs, labels):
    """How many samples dense1's first forward pass is given in a step of train on `inputs`, more samples than any
    other run has, or what train raised: a batch size written into the code shows."""
    try:
        # Two steps: a loop that stops a step short still makes one, which its own check names.
        watch, _, _ = _train_watched(nn, inputs, labels, 2, fixed_weights=True)
    except Exception as exc:  # noqa: BLE001  (the check says what 600 samples raised)
        return raised_by(nn, exc)
    return (np.shape(watch.first_inputs.get(watch.position((2, 64)))) or (None,))[0]


def _default_steps(nn, inputs, labels):
    """(the default of train's steps when its signature shows a whole number, else None; and else the losses that
    train(X, y) returns, from a run with steps left out: a default such as steps=None costs one long run)."""
    default = shown_default(nn.train, "steps")
    if default is not None:
        return default, None
    return None, nn.train(inputs.copy(), labels.copy())[1]


def _start(shape):
    """The weights and biases every watched layer of this shape starts from."""
    return (np.random.default_rng(list(shape)).standard_normal(shape) * 0.1,
            np.random.default_rng([7, *shape]).standard_normal((1, shape[1])) * 0.1)


def _order_of(first, inputs, targets, labels):
    """For the inputs of a layer's first forward pass: "as given"; "shuffled together" (the samples of `inputs` in
    another order, and the loss's first `targets` the `labels` in that order too); "reordered" (the samples alone);
    "fewer samples" (fewer rows of as many features); "other values" (as many rows, not a reordering of them); or
    None (anything else)."""
    if not isinstance(first, np.ndarray) or first.ndim != 2 or first.shape[1:] != inputs.shape[1:]:
        return None
    if len(first) < len(inputs):
        return "fewer samples"
    if first.shape != inputs.shape:
        return None
    if np.array_equal(first, inputs):
        return "as given"
    order, given = np.lexsort(first.T[::-1]), np.lexsort(inputs.T[::-1])
    if not np.array_equal(first[order], inputs[given]):
        return "other values"
    taken = np.empty(len(first), dtype=int)
    taken[order] = given      # first[i] is inputs[taken[i]]
    paired = isinstance(targets, np.ndarray) and targets.shape == labels.shape and np.array_equal(targets,
                                                                                                   labels[taken])
    return "shuffled together" if paired else "reordered"


def training_step(nn, rng):
    """A few watched steps from fixed weights: each stage of the first step, the optimizer's methods it called in
    order, how often each stage ran, and the X and y train was given, as train left them."""
    from nnfs.datasets import spiral_data

    inputs, labels = spiral_data(samples=100, classes=3)
    given_inputs, given_labels = inputs.copy(), labels.copy()
    # What the file made as it was imported, and train may use instead of its own: its layers' weights and its
    # optimizers' step counts before and after.
    held = held_at_import(nn)
    dense_at_import = [(layer, float_copy(layer.weights)) for layer in held
                       if isinstance(layer, nn.Layer_Dense) and isinstance(getattr(layer, "weights", None), np.ndarray)]
    adam_at_import = ImportedOptimizers(nn)
    watch, predict, losses = _train_watched(nn, given_inputs, given_labels, WATCHED_STEPS, fixed_weights=True)
    trained_at_import = {np.shape(weights) for layer, weights in dense_at_import
                         if not np.array_equal(float_copy(layer.weights), weights)}
    as_one = watch.steps.as_one(watch.held)
    result = {"inputs": inputs, "labels": labels, "losses": losses, "calls": as_one or dict(watch.calls),
              "first_step_calls": watch.first_step.calls,
              "optimizer": watch.optimizer, "adam_defaults": watch.adam_defaults,
              "optimizers_built": 1 if as_one else watch.optimizers_built,
              "optimizers_apart": watch.steps.apart(watch.held),
              "inputs_after": given_inputs, "labels_after": given_labels, "loss_backwards": watch.loss_backwards,
              "optimizer_at_import": not watch.optimizers_built and adam_at_import.stepped(),
              "first_inputs_order": _order_of(watch.first_inputs.get(watch.position((2, 64))), inputs,
                                              watch.first_targets, labels),
              "first_inputs_rows": (np.shape(watch.first_inputs.get(watch.position((2, 64)))) or (None,))[0],
              "rows_of_600": _first_rows_of(nn, *spiral_data(samples=200, classes=3))}
    for number, shape in ((1, (2, 64)), (2, (64, 3))):
        position = watch.position(shape)
        result.update({
            f"built{number}": position is not None,
            f"built_times{number}": sum(np.shape(getattr(layer, "weights", None)) == shape for layer in watch.layers),
            f"built_at_import{number}": position is None and shape in trained_at_import,
            f"start_weights{number}": _start(shape)[0], f"start_biases{number}": _start(shape)[1],
            f"forwards{number}": watch.forwards.get(position, 0),
            f"backwards{number}": watch.backwards.get(position, 0),
            f"dvalues{number}": watch.first(watch.dvalues, shape),
            f"dweights{number}": watch.first(watch.gradients, shape),
            f"dbiases{number}": watch.first(watch.bias_gradients, shape),
            f"updated_weights{number}": watch.first(watch.updates, shape),
            f"weights{number}": watch.weights(shape),
        })
    return result


def training(nn, rng):
    """train on the book's vertical data for TRAINING_STEPS steps from fixed weights, then predict on new data."""
    from nnfs.datasets import vertical_data

    inputs, labels = vertical_data(samples=100, classes=3)
    watch, predict, losses = _train_watched(nn, inputs.copy(), labels.copy(), TRAINING_STEPS, fixed_weights=True)
    given_to_predict = inputs.copy()
    on_training = _predicted(nn, watch, predict, given_to_predict)
    # The validation data are drawn only now, after train has returned, with a seed of their own; fewer
    # samples than the training set, in another order, so only a forward pass on them can answer.
    np.random.seed(20201125)
    validation_inputs, validation_labels = vertical_data(samples=70, classes=3)
    order = np.random.permutation(len(validation_inputs))
    validation_inputs, validation_labels = validation_inputs[order], validation_labels[order]
    shapes = {"dense1.weights": (2, 64), "dense2.weights": (64, 3)}
    # What the network holds as predict starts, for the checks of predict to run it themselves.
    network = [watch.parameters(shape) for shape in shapes.values()]
    trained = {name: None if parameters is None else parameters[0] for name, parameters in zip(shapes, network)}
    first = watch.position((2, 64))
    forwards = watch.forwards.get(first, 0)
    on_validation = _predicted(nn, watch, predict, validation_inputs.copy())
    # How many samples dense1's forward pass got while predict ran on the held-out data; None if it did not run.
    predict_rows = watch.rows.get(first) if watch.forwards.get(first, 0) > forwards else None
    changed = [name for name, shape in shapes.items()
               if trained[name] is not None and not np.array_equal(trained[name], watch.weights(shape))]
    default_steps, default_losses = _default_steps(nn, inputs, labels)
    as_one = watch.steps.as_one(watch.held)
    on_validation_again = _predicted(nn, watch, predict, validation_inputs.copy())
    on_training_again = _predicted(nn, watch, predict, inputs.copy())
    # Points anywhere on the plane, where the network's classes are its own and no rule read off the vertical data
    # (class c about x = c / 3) gives them; more of them than the training data, as a predict that cuts its output
    # to len(X) shows.
    plane = rng.uniform(-10, 10, (400, 2))
    return {"inputs": inputs, "labels": labels, "losses": losses, "on_training": on_training, "network": network,
            "optimizers_built": 1 if as_one else watch.optimizers_built,
            "optimizers_apart": watch.steps.apart(watch.held),
            "validation_labels": validation_labels, "on_validation": on_validation,
            "on_validation_again": on_validation_again, "on_training_again": on_training_again,
            "plane": plane, "on_plane": _predicted(nn, watch, predict, plane.copy()),
            "changed_by_predict": ", ".join(changed), "predict_rows": predict_rows,
            "predict_inputs_after": given_to_predict,
            "default_steps": default_steps, "default_losses": default_losses}


def given_code(nn, rng):
    """The code the stub gives that train's outcome rests on, on small fixed inputs (given_code_probed), with the
    optimizer's settings train uses."""
    return {"probes": probed(nn, "dense_forward", "relu_backward", "loss_calculate",
                             ("adam", {"learning_rate": 0.05, "decay": 5e-7}))}
