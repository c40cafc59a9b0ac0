"""What each check runs on an implementation `nn`: the learner's file or the reference.

The loaders read tiny datasets written here, in the book's Fashion-MNIST folder layout and in
the original IDX format; training uses scikit-learn's bundled digits, prepared here so that
the training check depends on train_model alone.
"""
import contextlib
import importlib.util
import io
import os
import tempfile

import numpy as np

LABELS = (0, 3, 7)
IMAGES_PER_LABEL = 2
HEIGHT, WIDTH = 5, 4
EPOCHS, BATCH = 5, 32
NAMES = {0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
         8: "eight", 9: "nine"}


def _images(rng, count):
    images = rng.integers(0, 256, (count, HEIGHT, WIDTH)).astype(np.uint8)
    images[:, 0, 0], images[:, -1, -1] = 0, 255
    return images


def _write_folder(root, rng):
    """root/fashion_mnist_images/{train,test}/<label>/<n>.png; returns {dataset: (images, labels)}."""
    from PIL import Image

    written = {}
    for dataset in ("train", "test"):
        images, labels = _images(rng, len(LABELS) * IMAGES_PER_LABEL), np.repeat(LABELS, IMAGES_PER_LABEL)
        for n, (image, label) in enumerate(zip(images, labels)):
            folder = os.path.join(root, "fashion_mnist_images", dataset, str(label))
            os.makedirs(folder, exist_ok=True)
            Image.fromarray(image).save(os.path.join(folder, f"{n:04d}.png"))
        written[dataset] = (images, labels)
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
        order = sorted(range(len(y)), key=lambda i: (int(y[i]), X[i].tobytes()))
        return X[order], y[order]
    except (TypeError, ValueError, IndexError):
        return X, y


def image_folder(nn, rng):
    with tempfile.TemporaryDirectory() as root:
        written = _write_folder(root, rng)
        X, y = nn.load_image_folder(os.path.join(root, "fashion_mnist_images"), "train")
    expected_X, expected_y = _by_content(*written["train"])
    X, y = _by_content(X, y)
    return {"X": X, "y": y, "expected_X": expected_X, "expected_y": expected_y}


def idx(nn, rng):
    with tempfile.TemporaryDirectory() as root:
        images, labels = _write_idx(root, rng, ("images-idx3-ubyte", "labels-idx1-ubyte"))
        X, y = nn.load_idx(os.path.join(root, "images-idx3-ubyte"), os.path.join(root, "labels-idx1-ubyte"))
    return {"X": X, "y": y, "images": images, "labels": labels}


def _shapes(loaded):
    """The shapes of ((X, y), (X_test, y_test)), or what came back when it is not that."""
    try:
        (X, y), (X_test, y_test) = loaded
        return [list(np.shape(X)), list(np.shape(y)), list(np.shape(X_test)), list(np.shape(y_test))]
    except (TypeError, ValueError):
        return repr(loaded)[:200]


def dataset_choice(nn, rng):
    found = {}
    with tempfile.TemporaryDirectory() as root:
        _write_folder(root, rng)
        found["folder"] = _shapes(nn.load_dataset(root))
    with tempfile.TemporaryDirectory() as root:
        _write_idx(root, rng, ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), count=6)
        _write_idx(root, rng, ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"), count=3)
        found["idx"] = _shapes(nn.load_dataset(root))
    with tempfile.TemporaryDirectory() as root:
        found["digits"] = _shapes(nn.load_dataset(root))
    found["digits_by_default"] = _shapes(nn.load_dataset())
    return found


def prepare(nn, rng):
    images = _images(rng, 4)
    given = images.copy()
    return {"images": images, "rows": nn.prepare(given), "after": given}


def _digits():
    """The digits as images of 0-255, as prepared rows, and labels; nn.load_digits_images is the given
    code's, which the learner may have changed, so the scenario reads them itself."""
    spec = importlib.util.find_spec("sklearn")
    path = os.path.join(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz") if spec else ""
    if os.path.isfile(path):
        table = np.loadtxt(path, delimiter=",")
    else:
        from sklearn.datasets import load_digits

        digits = load_digits()
        table = np.column_stack([digits.data, digits.target])
    images = np.round(table[:, :-1].reshape(-1, 8, 8) * 255 / 16).astype(np.uint8)
    rows = (images.reshape(len(images), -1).astype(np.float32) - 127.5) / 127.5
    return images, rows, table[:, -1].astype(np.uint8)


def training(nn, rng):
    images, rows, labels = _digits()
    # Sorted by class, as Fashion-MNIST's folders are read: without a shuffle every batch holds one class.
    by_class = np.argsort(labels[:1500], kind="stable")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model = nn.train_model(rows[by_class], labels[by_class], epochs=EPOCHS, batch_size=BATCH)
        # 200 samples make two batches of the default 128 in each of the default 10 epochs.
        default_steps = getattr(getattr(nn.train_model(rows[:200], labels[:200]), "optimizer", None), "iterations",
                                None)
    test_predictions = np.argmax(model.predict(rows[1500:]), axis=1)
    with tempfile.TemporaryDirectory() as root:
        model.save(os.path.join(root, "digits.model"))
        loaded = nn.Model.load(os.path.join(root, "digits.model"))
    chosen = [1500, 1600, 1700, 1796]
    optimizer = getattr(model, "optimizer", None)
    return {"test_labels": labels[1500:], "test_predictions": test_predictions, "default_steps": default_steps,
            "layers": [[type(layer).__name__, list(np.shape(getattr(layer, "weights", ())))]
                       for layer in getattr(model, "layers", [])],
            "optimizer": [type(optimizer).__name__, getattr(optimizer, "learning_rate", None),
                          getattr(optimizer, "decay", None)],
            "names": [nn.predict_label(loaded, images[i].copy(), NAMES) for i in chosen],
            "expected_names": [NAMES[int(test_predictions[i - 1500])] for i in chosen]}
