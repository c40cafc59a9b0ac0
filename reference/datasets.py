"""A real dataset (chapters 19 to 22): load images, prepare them, train the Model in batches, and
name what it predicts.

Offline by default on scikit-learn's bundled handwritten digits (1,797 images of 8 × 8 pixels);
the same functions read the book's Fashion-MNIST folder layout, or the original IDX files.
"""
import importlib.util
import os

import numpy as np

from reference.activations import Activation_ReLU, Activation_Softmax
from reference.layers import Layer_Dense
from reference.losses import Loss_CategoricalCrossentropy
from reference.model import Accuracy_Categorical, Model
from reference.optimizers import Optimizer_Adam

FOLDER = "fashion_mnist_images"
IDX_FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
             "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}
DIGITS_TRAINING = 1500   # of the 1,797 digits; the other 297 are the test set


def load_image_folder(path, dataset):
    """X (n, height, width) uint8 and y (n,) uint8 from path/dataset/<label>/<image>.png (chapter 19)."""
    from PIL import Image

    X, y = [], []
    for label in sorted(os.listdir(os.path.join(path, dataset))):
        for file in sorted(os.listdir(os.path.join(path, dataset, label))):
            with Image.open(os.path.join(path, dataset, label, file)) as image:
                X.append(np.array(image.convert("L")))
            y.append(int(label))
    return np.array(X), np.array(y).astype("uint8")


def load_idx(images_path, labels_path):
    """X (n, rows, columns) uint8 and y (n,) uint8 from the original MNIST/Fashion-MNIST IDX files:
    big-endian int32 headers (magic 2051 with count, rows, columns; magic 2049 with count), then bytes."""
    with open(images_path, "rb") as file:
        count, rows, columns = _idx_header(file, 2051, 3, images_path)
        X = np.frombuffer(file.read(), dtype=np.uint8).reshape(count, rows, columns)
    with open(labels_path, "rb") as file:
        (label_count,) = _idx_header(file, 2049, 1, labels_path)
        y = np.frombuffer(file.read(), dtype=np.uint8)
    if len(y) != count or label_count != count:
        raise ValueError(f"{images_path} and {labels_path} are not a matching pair of IDX files")
    return X, y


def _idx_header(file, magic, sizes, path):
    """The sizes after an IDX file's magic number, once the magic number is the one expected."""
    header = np.frombuffer(file.read(4 * (1 + sizes)), dtype=">i4")
    if len(header) != 1 + sizes or header[0] != magic:
        raise ValueError(f"{path} is not an IDX file of the expected kind (magic number {magic})")
    return [int(size) for size in header[1:]]


def load_digits_images():
    """scikit-learn's bundled digits as uint8 images on the 0-255 scale of Fashion-MNIST, and labels.

    They are read straight from the CSV file inside scikit-learn, as its load_digits does:
    importing sklearn.datasets also imports SciPy, which costs more than training on the digits.
    """
    spec = importlib.util.find_spec("sklearn")
    path = os.path.join(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz") if spec else ""
    if os.path.isfile(path):
        # The file holds whole numbers 0-16: read as uint8, they parse several times faster than as floats.
        table = np.loadtxt(path, delimiter=",", dtype=np.uint8)
    else:
        from sklearn.datasets import load_digits

        digits = load_digits()
        table = np.column_stack([digits.data, digits.target])
    images = np.round(table[:, :-1].reshape(-1, 8, 8) / 16 * 255).astype(np.uint8)
    return images, table[:, -1].astype(np.uint8)


def load_dataset(path=None):
    """((X, y), (X_test, y_test)): the Fashion-MNIST images under path if they are there (PNG folders
    first, then IDX files), else the digits, split into 1,500 for training and 297 for testing."""
    if path is not None and os.path.isdir(os.path.join(path, FOLDER)):
        folder = os.path.join(path, FOLDER)
        return load_image_folder(folder, "train"), load_image_folder(folder, "test")
    if path is not None and all(os.path.isfile(os.path.join(path, name)) for pair in IDX_FILES.values()
                                for name in pair):
        return tuple(load_idx(*(os.path.join(path, name) for name in IDX_FILES[part])) for part in ("train", "test"))
    X, y = load_digits_images()
    return (X[:DIGITS_TRAINING], y[:DIGITS_TRAINING]), (X[DIGITS_TRAINING:], y[DIGITS_TRAINING:])


def prepare(X):
    """Images (n, height, width) of 0-255 as rows (n, height · width) of float32 in [-1, 1] (chapter 19)."""
    return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5


def train_model(X, y, *, epochs=10, batch_size=128):
    """Chapter 19's recipe: shuffle, then a 128-128 ReLU network with softmax, trained with
    Adam(decay=1e-3) in batches. X holds prepared rows; returns the trained Model."""
    keys = np.array(range(X.shape[0]))
    np.random.shuffle(keys)
    X, y = X[keys], y[keys]
    model = Model()
    model.add(Layer_Dense(X.shape[1], 128))
    model.add(Activation_ReLU())
    model.add(Layer_Dense(128, 128))
    model.add(Activation_ReLU())
    model.add(Layer_Dense(128, 10))
    model.add(Activation_Softmax())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(decay=1e-3),
              accuracy=Accuracy_Categorical())
    model.finalize()
    model.train(X, y, epochs=epochs, batch_size=batch_size, print_every=100)
    return model


def predict_label(model, image, label_names):
    """The name of the class the model predicts for one image (height, width) of 0-255 (chapter 22)."""
    confidences = model.predict(prepare(image[np.newaxis]))
    return label_names[int(np.argmax(confidences, axis=1)[0])]
