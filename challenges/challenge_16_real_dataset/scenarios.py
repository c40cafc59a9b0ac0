"""What each check runs on an implementation `nn`: the learner's file or the reference.

The loaders read tiny datasets written here, in the book's Fashion-MNIST folder layout and in
the original IDX format; training uses scikit-learn's bundled digits, prepared here so that
the training check depends on train_model alone, and starts from fixed weights so that a few
dozen steps learn them.
"""
import contextlib
import importlib.util
import io
import os
import re
import tempfile

import numpy as np

from grader.scenario_helpers import (adam_defaults, fixed_start, float_copy, held_at_import, kinds_of, method_wrapped,
                                     plain_number, printed_by, raised_by, returned_or_raised, shown_default,
                                     step_count)
from grader.scenario_helpers import given_code_probed as probed

LABELS = (0, 3, 7)
PENALTIES = ("weight_regularizer_l1", "weight_regularizer_l2", "bias_regularizer_l1", "bias_regularizer_l2")
HEIGHT, WIDTH = 5, 4
TRAINING_DIGITS, EPOCHS, BATCH = 800, 2, 32     # 25 batches in each epoch
DEFAULTS = {"epochs": 10, "batch_size": 128}    # chapter 19's
DEFAULT_RUNS = (129, 384)                       # samples of the runs that count the steps of the defaults
NAMES = {0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
         8: "eight", 9: "nine"}


def _images(rng, count):
    images = rng.integers(0, 256, (count, HEIGHT, WIDTH)).astype(np.uint8)
    images[:, 0, 0], images[:, -1, -1] = 0, 255
    return images


def _write_folder(root, rng, labels):
    """root/fashion_mnist_images/<dataset>/<label>/<n>.png for each dataset's labels (one image per entry), saved in
    colour, its three channels alike, as a PNG may be: one grey channel only with .convert("L"), which gives each
    pixel its grey value exactly; returns {dataset: (images, labels)}."""
    from PIL import Image

    written = {}
    for dataset, dataset_labels in labels.items():
        images, dataset_labels = _images(rng, len(dataset_labels)), np.array(dataset_labels)
        for n, (image, label) in enumerate(zip(images, dataset_labels)):
            folder = os.path.join(root, "fashion_mnist_images", dataset, str(label))
            os.makedirs(folder, exist_ok=True)
            Image.fromarray(np.stack([image] * 3, axis=-1)).save(os.path.join(folder, f"{n:04d}.png"))
        written[dataset] = (images, dataset_labels)
    return written


def _write_idx(root, rng, names, count=5):
    images, labels = _images(rng, count), rng.integers(0, 10, count).astype(np.uint8)
    with open(os.path.join(root, names[0]), "wb") as file:
        file.write(np.array([2051, count, HEIGHT, WIDTH], dtype=">i4").tobytes() + images.tobytes())
    with open(os.path.join(root, names[1]), "wb") as file:
        file.write(np.array([2049, count], dtype=">i4").tobytes() + labels.tobytes())
    return images, labels


def _by_content(X, y):
    """Images and labels in an order that does not depend on how the folders were listed."""
    try:
        X, y = np.asarray(X), np.asarray(y)
        # The values' bytes as float64, so that images of any dtype sort as the same values do.
        order = sorted(range(len(y)), key=lambda i: (int(y[i]), X[i].astype(np.float64).tobytes()))
        return X[order], y[order]
    except (TypeError, ValueError, IndexError):
        return X, y


def image_folder(nn, rng):
    with tempfile.TemporaryDirectory() as root:
        # A test folder beside it, which load_image_folder(path, "train") must leave out.
        written = _write_folder(root, rng, {"train": np.repeat(LABELS, 2), "test": LABELS[:1]})
        X, y = nn.load_image_folder(os.path.join(root, "fashion_mnist_images"), "train")
        X_test, y_test = nn.load_image_folder(os.path.join(root, "fashion_mnist_images"), "test")
    expected_X, expected_y = _by_content(*written["train"])
    X, y = _by_content(X, y)
    return {"X": X, "y": y, "expected_X": expected_X, "expected_y": expected_y,
            "test_shapes": [list(np.shape(X_test)), list(np.shape(y_test))],
            "expected_test_shapes": [list(np.shape(part)) for part in written["test"]]}


def idx(nn, rng):
    with tempfile.TemporaryDirectory() as root:
        images, labels = _write_idx(root, rng, ("images-idx3-ubyte", "labels-idx1-ubyte"))
        try:
            X, y = nn.load_idx(os.path.join(root, "images-idx3-ubyte"), os.path.join(root, "labels-idx1-ubyte"))
        except ValueError as exc:   # a reshape by the header's numbers: the check says whether they were misread
            if "reshape" not in str(exc):
                raise
            return {"X": None, "y": None, "images": images, "labels": labels, "raised": raised_by(nn, exc)}
    return {"X": X, "y": y, "images": images, "labels": labels, "raised": None}


def _shapes(loaded):
    """The shapes of ((X, y), (X_test, y_test)), or words for what came back when it is not that."""
    try:
        (X, y), (X_test, y_test) = loaded
        return [list(np.shape(X)), list(np.shape(y)), list(np.shape(X_test)), list(np.shape(y_test))]
    except (TypeError, ValueError):
        pass
    try:
        parts = [f"shape {list(np.shape(part))}" if isinstance(part, np.ndarray) else type(part).__name__
                 for part in list(loaded)[:6]]
        return f"a {type(loaded).__name__} of {len(loaded)} values ({', '.join(parts)}{', ...' * (len(loaded) > 6)})"
    except TypeError:
        return f"a {type(loaded).__name__}"


def _digit_split(loaded):
    """Where the digits load_dataset returned come from: for the training and the test images, the index of each in
    the data (-1 for an image not in it) and how many of them carry another digit's label; None when they are not
    arrays of the digits' shapes (the shapes are checked on their own)."""
    images, _, labels = _digits()
    where = {image.astype(np.float64).tobytes(): i for i, image in enumerate(images)}
    try:
        (X, y), (X_test, y_test) = loaded
        split = {}
        for part, (part_X, part_y) in (("train", (X, y)), ("test", (X_test, y_test))):
            part_X, part_y = np.asarray(part_X, dtype=np.float64), np.asarray(part_y)
            if part_X.shape[1:] != images.shape[1:] or part_y.shape != part_X.shape[:1]:
                return None
            rows = [where.get(image.tobytes(), -1) for image in part_X]
            mislabelled = [i for i, row in enumerate(rows) if row >= 0 and part_y[i] != labels[row]]
            split[part] = {"rows": rows, "mislabelled": len(mislabelled),
                           "first_mislabelled": [mislabelled[0], int(part_y[mislabelled[0]]),
                                                 int(labels[rows[mislabelled[0]]])] if mislabelled else None}
        return split
    except (TypeError, ValueError, IndexError):
        return None


def dataset_choice(nn, rng):
    found = {}
    with tempfile.TemporaryDirectory() as root:
        # Fewer test images than training ones, so that the two cannot be swapped unseen.
        _write_folder(root, rng, {"train": LABELS, "test": LABELS[:1]})
        found["folder"] = _shapes(nn.load_dataset(root))
    with tempfile.TemporaryDirectory() as root:
        _write_idx(root, rng, ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), count=6)
        _write_idx(root, rng, ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"), count=3)
        found["idx"] = _shapes(nn.load_dataset(root))
    with tempfile.TemporaryDirectory() as root:
        # Both kinds in one folder: the PNG folders come first, as the README orders them.
        _write_folder(root, rng, {"train": LABELS, "test": LABELS[:1]})
        _write_idx(root, rng, ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), count=6)
        _write_idx(root, rng, ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"), count=3)
        found["folder_beside_idx"] = _shapes(nn.load_dataset(root))
    with tempfile.TemporaryDirectory() as root:
        digits = nn.load_dataset(root)
    found["digits"] = _shapes(digits)
    found["digits_by_default"] = _shapes(nn.load_dataset())
    found["digit_split"] = _digit_split(digits)
    return found


def prepare(nn, rng):
    images = _images(rng, 4)
    given = images.copy()
    # Images already in float32 (a folder read by another library), which np.asarray does not copy.
    given_floats = images.astype(np.float32)
    # Dim images, none reaching 0 or 255: a scale taken from the data's own range shows.
    dim = (_images(rng, 3) // 2 + 20).astype(np.uint8)
    return {"images": images, "rows": nn.prepare(given), "after": given,
            "rows_of_floats": returned_or_raised(nn, nn.prepare, given_floats), "floats_after": given_floats,
            "dim": dim, "dim_rows": returned_or_raised(nn, nn.prepare, dim.copy())}


def _digits():
    """The digits as images of 0-255, as prepared rows, and labels; nn.load_digits_images is the given
    code's, which the learner may have changed, so the scenario reads them itself."""
    spec = importlib.util.find_spec("sklearn")
    path = os.path.join(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz") if spec else ""
    if os.path.isfile(path):
        table = np.loadtxt(path, delimiter=",", dtype=np.uint8)
    else:
        from sklearn.datasets import load_digits

        digits = load_digits()
        table = np.column_stack([digits.data, digits.target])
    images = np.round(table[:, :-1].reshape(-1, 8, 8) / 16 * 255).astype(np.uint8)
    rows = (images.reshape(len(images), -1).astype(np.float32) - 127.5) / 127.5
    return images, rows, table[:, -1].astype(np.uint8)


def _start(shape):
    """The weights every Layer_Dense of this shape starts from: He's scale, so that Adam's small steps learn the
    digits in 50 steps (from the book's 0.01 · randn they take hundreds)."""
    return {"weights": np.random.default_rng(list(shape)).standard_normal(shape) * np.sqrt(2 / shape[0])}


def training(nn, rng):
    """train_model on 800 digits sorted by class, from fixed weights; the model saved, reloaded and asked to name
    four of the 297 test digits."""
    images, rows, labels = _digits()
    # Sorted by class, as Fashion-MNIST's folders are read: without a shuffle every batch holds one class.
    by_class = np.argsort(labels[:TRAINING_DIGITS], kind="stable")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        given_X, given_y = rows[by_class], labels[by_class]
        # What the file made as it was imported: a model or an optimizer there would serve every call of
        # train_model, the second adding its layers to the first one's model or going on with its optimizer's steps.
        held = held_at_import(nn)
        with fixed_start(nn, _start), _trained_on(nn) as trained_on:
            model = nn.train_model(given_X, given_y, epochs=EPOCHS, batch_size=BATCH)
        defaults = {name: shown_default(nn.train_model, name) for name in DEFAULTS}
        default_steps = None
        if None in defaults.values():
            # A default the signature does not show (epochs=None, then 10 inside) is counted from two runs: 129 and
            # 384 samples make 2 and 3 batches of the default 128 in each of the default 10 epochs, 20 and 30 steps,
            # which no other batch size or number of epochs makes.
            defaults = None
            default_steps = [_iterations(nn.train_model(rows[:count], labels[:count])) for count in DEFAULT_RUNS]
    made_at_import = [what for what, made in (("the Model", model),
                                              ("the optimizer", getattr(model, "optimizer", None)))
                      if made is not None and any(made is value for value in held)]
    # What training made of the network, read before predict runs: the check runs it forward itself, since the
    # test digits are public and a predict could look their labels up.
    parameters = _parameters(model)
    test_outputs = model.predict(rows[1500:])
    test_predictions = np.argmax(test_outputs, axis=1)
    with tempfile.TemporaryDirectory() as root:
        model.save(os.path.join(root, "digits.model"))
        loaded = nn.Model.load(os.path.join(root, "digits.model"))
    chosen = [1500, 1600, 1700, 1796]
    try:
        names = [nn.predict_label(loaded, images[i].copy(), NAMES) for i in chosen]
    except NotImplementedError as exc:   # still a TODO: the check says so, as for a scenario that raised it
        names = {"not_started": raised_by(nn, exc)}
    except Exception as exc:  # noqa: BLE001  (the predict_label check says so; the training went as it went)
        names = raised_by(nn, exc)
    optimizer = getattr(model, "optimizer", None)
    # What the judged model holds, read before train_model runs again: a model or optimizer the file made at import
    # would take that run's layers and steps too.
    judged = {"steps": _iterations(model),
              "layers": [[kinds_of(layer), list(np.shape(getattr(layer, "weights", ())))]
                         for layer in getattr(model, "layers", [])],
              # Each dense layer's penalties (weight L1, weight L2, bias L1, bias L2): chapter 19's network has none.
              "penalties": [[plain_number(getattr(layer, name, 0)) for name in PENALTIES]
                            for layer in getattr(model, "layers", []) if hasattr(layer, "weights")],
              "optimizer": [kinds_of(optimizer), getattr(optimizer, "learning_rate", None),
                            getattr(optimizer, "decay", None)],
              "adam_defaults": adam_defaults(optimizer)}
    with contextlib.redirect_stdout(printed), _rows_trained(nn) as narrow_trained_on:
        narrow, narrow_names, narrow_last = _narrow_model(nn, images, rows, labels)
    with contextlib.redirect_stdout(printed):
        seeds_itself = _seeds_itself(nn, rows, labels)
    return {"narrow": narrow, "narrow_names": narrow_names, "narrow_last": narrow_last, "seeds_itself": seeds_itself,
            "narrow_trained_on": narrow_trained_on, "test_rows": rows[1500:],
            "test_labels": labels[1500:], "test_outputs": test_outputs,
            "parameters": parameters, **judged,
            "defaults": defaults, "default_steps": default_steps,
            "names": names,
            "expected_names": [NAMES[int(test_predictions[i - 1500])] for i in chosen],
            "X": rows[by_class], "X_after": given_X, "y": labels[by_class], "y_after": given_y,
            "trained_on": trained_on, "made_at_import": made_at_import}


def _seeds_itself(nn, rows, labels):
    """Whether train_model seeds NumPy's generator itself: after a short run from each of two seeds of the program's,
    the generator gives the same number; None where a run raised (the other checks say why)."""
    after = []
    for seed in (1, 2):
        np.random.seed(seed)
        try:
            with fixed_start(nn, _start):
                nn.train_model(rows[:40], labels[:40], epochs=1, batch_size=20)
        except Exception:  # noqa: BLE001  (the checks of the watched run say what raised)
            return None
        after.append(float(np.random.random_sample()))
    return after[0] == after[1]


def _narrow_model(nn, images, rows, labels):
    """train_model on NARROW_SAMPLES rows of NARROW_WIDTH values (the digits cropped to 7 x 7), none of them a 9, in
    batches of 32 and a last partial one: the shapes of its
    model's first and last weights, or what it raised (the network takes X.shape[1] inputs, as Fashion-MNIST's 784
    need, not the 64 of the digits the other runs use, and has ten outputs, whatever classes one training set
    holds); and {"names", "expected"}: what predict_label named four cropped images, or what it raised, and the
    names of the model's own predictions for them (None where train_model raised)."""
    chosen = np.flatnonzero(labels != 9)[:NARROW_SAMPLES]
    images, rows, labels = images[chosen], rows[chosen], labels[chosen]
    narrow = rows.reshape(-1, 8, 8)[:, :7, :7].reshape(NARROW_SAMPLES, NARROW_WIDTH)
    try:
        model = nn.train_model(narrow.copy(), labels.copy(), epochs=1, batch_size=32)
    except Exception as exc:  # noqa: BLE001  (the check says which rows it raised on)
        return raised_by(nn, exc), None, None
    dense = [layer for layer in getattr(model, "layers", []) if hasattr(layer, "weights")]
    first = dense[0] if dense else None
    expected = None
    try:
        expected = [NAMES[int(index)] for index in np.argmax(model.predict(narrow[:4].copy()), axis=1)]
        names = [nn.predict_label(model, image.copy(), NAMES) for image in images[:4, :7, :7]]
    except Exception as exc:  # noqa: BLE001  (the predict_label check says so)
        names = raised_by(nn, exc)
    return list(np.shape(getattr(first, "weights", ()))), {"names": names, "expected": expected}, \
        list(np.shape(getattr(dense[-1] if dense else None, "weights", ())))


NARROW_SAMPLES, NARROW_WIDTH = 70, 49


@contextlib.contextmanager
def _train_calls(nn, note):
    """While inside, every call of the module's Model.train calls note(X) with the X it was given, first
    (scenario_helpers.method_wrapped)."""
    def wrap(train):
        def noting(self, X, *args, **kwargs):
            note(X)
            return train(self, X, *args, **kwargs)
        return noting

    with method_wrapped(getattr(nn, "Model", None), "train", wrap):
        yield


@contextlib.contextmanager
def _trained_on(nn):
    """While inside, the first call of Model.train notes what it was given: [samples, lowest, highest value, rows that
    differ], in the list yielded (empty where train was never called, or not with an array of rows)."""
    noted = []

    def first(X):
        if not noted and isinstance(X, np.ndarray) and X.ndim == 2 and X.size and X.dtype.kind == "f":
            noted.extend([len(X), float(np.min(X)), float(np.max(X)), len(np.unique(X, axis=0))])

    with _train_calls(nn, first):
        yield noted


@contextlib.contextmanager
def _rows_trained(nn):
    """While inside, [the rows every call of Model.train was given, added up], in the list yielded (empty where train
    was never called: a train_model may train otherwise): one that calls train once a batch, or once an epoch,
    gives it every row all the same."""
    noted = []

    def added(X):
        noted[:] = [(noted[0] if noted else 0) + (len(X) if isinstance(X, np.ndarray) and X.ndim == 2 else 0)]

    with _train_calls(nn, added):
        yield noted


def _parameters(model):
    """[weights, biases] of each of the model's layers that has weights, in its order."""
    return [[float_copy(getattr(layer, "weights", None)), float_copy(getattr(layer, "biases", None))]
            for layer in getattr(model, "layers", []) if hasattr(layer, "weights")]


def _iterations(model):
    """How many steps the model's optimizer made (a whole float or NumPy integer as an int: 50.0 steps are 50), or
    None."""
    return step_count(getattr(model, "optimizer", None))


# 3 whole batches to train on, as the digits make 25: a given backward that scales every gradient alike then
# trains as the reference does under Adam. The validation rows make a last partial batch.
GIVEN_ROWS, GIVEN_VALIDATION, GIVEN_BATCH, GIVEN_EPOCHS = 12, 7, 4, 2
PRINTED = re.compile(r"^(step|training|validation)\b.*?acc: ([-\d.naif]+), loss: ([-\d.naif]+)"
                     r"(?: \(data_loss: ([-\d.naif]+), reg_loss: ([-\d.naif]+)\))?")


def _lines(printed):
    """The progress lines of `printed` as [kind, epoch, step, acc, loss, data_loss, reg_loss]: the kind "step",
    "training" or "validation"; the epoch, the number of lines before it that start with "epoch", however they are
    worded; the number a step line shows (None on the others); None for a number not shown."""
    lines, epoch = [], 0
    for line in printed.splitlines():
        if line.startswith("epoch"):
            epoch += 1
        found = PRINTED.match(line)
        if found:
            step = re.match(r"step: (\d+)", line)
            lines.append([found[1], epoch, int(step[1]) if step else None,
                          *(None if value is None else float(value) for value in found.groups()[1:])])
    return lines


def given_model(nn, rng):
    """The given Model, Optimizer_Adam, Loss and Accuracy as train_model uses them, on a network small enough to
    follow: two dense layers from fixed weights and biases, 12 rows in batches of 4, 7 to validate, with and
    without validation data; what it printed (as _lines reads it), its steps, parameters and predictions, whether
    two models share their list of layers, and what it raised. A fault of the given code shows here whatever
    train_model does, since the learner's own functions take no part; given_code probes each class on its own."""
    data = np.random.default_rng(16)
    starts = [(data.standard_normal((4, 6)) * 0.5, data.standard_normal((1, 6)) * 0.1),
              (data.standard_normal((6, 3)) * 0.5, data.standard_normal((1, 3)) * 0.1)]
    X, X_val = data.standard_normal((GIVEN_ROWS, 4)), data.standard_normal((GIVEN_VALIDATION, 4))
    # Labels the starting network gets mostly right, every third one moved on: the printed accuracies are then
    # neither 0 nor 1, so that a wrong one shows from the first epoch.
    y, y_val = ((np.argmax(np.maximum(0, rows @ starts[0][0] + starts[0][1]) @ starts[1][0] + starts[1][1], axis=1)
                 + (np.arange(len(rows)) % 3 == 2)) % 3 for rows in (X, X_val))
    first, second = nn.Model(), nn.Model()
    first.add(nn.Activation_ReLU())
    # Every key, whatever the run reached: the judge takes a result of other keys for a tampered one.
    found = dict.fromkeys(("trainable", "validated", "steps", "parameters", "on_training", "on_validation",
                           "predicted", "unvalidated", "raised"))
    found["shared_layers"] = len(getattr(second, "layers", [])) > 0

    def built():
        dense = [nn.Layer_Dense(*weights.shape) for weights, _ in starts]
        for layer, (weights, biases) in zip(dense, starts):
            layer.weights, layer.biases = weights.copy(), biases.copy()
        model = nn.Model()
        for layer in (dense[0], nn.Activation_ReLU(), dense[1], nn.Activation_Softmax()):
            model.add(layer)
        model.set(loss=nn.Loss_CategoricalCrossentropy(), optimizer=nn.Optimizer_Adam(learning_rate=0.05, decay=0.1),
                  accuracy=nn.Accuracy_Categorical())
        model.finalize()
        return model, dense

    try:
        model, dense = built()
        found["trainable"] = len(getattr(model, "trainable_layers", []))
        found["validated"] = _lines(printed_by(model.train, X, y, epochs=GIVEN_EPOCHS, batch_size=GIVEN_BATCH,
                                               print_every=1, validation_data=(X_val, y_val)))
        found["steps"] = _iterations(model)
        found["parameters"] = [[float_copy(layer.weights), float_copy(layer.biases)] for layer in dense]
        found["on_training"] = _lines(printed_by(model.evaluate, X, y, batch_size=GIVEN_BATCH))
        found["on_validation"] = _lines(printed_by(model.evaluate, X_val, y_val, batch_size=GIVEN_BATCH))
        predicted = model.predict(X_val, batch_size=GIVEN_BATCH)
        found["predicted"] = [list(np.shape(predicted)), float_copy(predicted),
                              float_copy(model.predict(X_val))]
        model, _ = built()
        found["unvalidated"] = _lines(printed_by(model.train, X, y, epochs=GIVEN_EPOCHS, batch_size=GIVEN_BATCH,
                                                 print_every=1))
    except Exception as exc:  # noqa: BLE001  (given code taken out or changed so that it raises: left to the checks)
        # Where models share their layers, this one holds another's: the check names the shared list.
        found["raised"] = raised_by(nn, exc)
    found["starts"] = [[weights, biases] for weights, biases in starts]
    return found


def given_code(nn, rng):
    """The code the stub gives, on small fixed inputs (given_code_probed), with the optimizer's settings train_model
    uses."""
    return {"probes": probed(nn, "dense_forward", "relu_backward", "loss_calculate", "loss_accumulated",
                             "accuracy_accumulated", ("adam", {"learning_rate": 0.001, "decay": 1e-3}))}
