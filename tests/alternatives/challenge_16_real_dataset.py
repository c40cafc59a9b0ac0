"""Challenge 16: a real dataset (chapters 19 to 22 of the book).

The Model of challenge 10 and every class it needs are given, complete. This file is a correct challenge 16 written
differently from the solution: pathlib, struct, np.random.permutation. Check it with:

    grade challenge_16_real_dataset

Run this file (python main.py) to train on the handwritten digits that come with scikit-learn,
or on Fashion-MNIST if you have it: python main.py PATH, where PATH holds the book's
fashion_mnist_images folder or the four original IDX files.
"""
import copy
import importlib.util
import os
import pickle

import numpy as np


class Layer_Input:
    """The model's first layer: its output is the data."""

    def forward(self, inputs, training=True):
        self.output = inputs


class Layer_Dense:
    """A fully connected layer: output = inputs · weights + biases."""

    def __init__(self, n_inputs, n_neurons,
                 weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l1 = weight_regularizer_l1
        self.weight_regularizer_l2 = weight_regularizer_l2
        self.bias_regularizer_l1 = bias_regularizer_l1
        self.bias_regularizer_l2 = bias_regularizer_l2

    def forward(self, inputs, training=True):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)

        if self.weight_regularizer_l1 > 0:
            dL1 = np.ones_like(self.weights)
            dL1[self.weights < 0] = -1
            self.dweights += self.weight_regularizer_l1 * dL1
        if self.weight_regularizer_l2 > 0:
            self.dweights += 2 * self.weight_regularizer_l2 * self.weights
        if self.bias_regularizer_l1 > 0:
            dL1 = np.ones_like(self.biases)
            dL1[self.biases < 0] = -1
            self.dbiases += self.bias_regularizer_l1 * dL1
        if self.bias_regularizer_l2 > 0:
            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases

        self.dinputs = np.dot(dvalues, self.weights.T)

    def get_parameters(self):
        return self.weights, self.biases

    def set_parameters(self, weights, biases):
        self.weights = weights
        self.biases = biases


class Activation_ReLU:
    """max(0, x), element-wise."""

    def forward(self, inputs, training=True):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        # The gradient is zero where the input was not positive.
        self.dinputs[self.inputs <= 0] = 0

    def predictions(self, outputs):
        return outputs


class Activation_Softmax:
    """Turns each row of scores into a probability distribution."""

    def forward(self, inputs, training=True):
        self.inputs = inputs
        # Subtract the row max so exp cannot overflow; the result is unchanged.
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues):
        self.dinputs = np.empty_like(dvalues)
        for index, (single_output, single_dvalues) in enumerate(zip(self.output, dvalues)):
            single_output = single_output.reshape(-1, 1)
            jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)
            self.dinputs[index] = np.dot(jacobian_matrix, single_dvalues)

    def predictions(self, outputs):
        return np.argmax(outputs, axis=1)


class Loss:
    """Common loss: the mean of the per-sample losses, plus regularisation.

    `regularization_loss(layer)` is chapter 14's form; without an argument it sums
    over the layers `remember_trainable_layers` was given, as a Model does (chapter 19).
    """

    def regularization_loss(self, layer=None):
        regularization_loss = 0
        for layer in [layer] if layer is not None else self.trainable_layers:
            if layer.weight_regularizer_l1 > 0:
                regularization_loss += layer.weight_regularizer_l1 * np.sum(np.abs(layer.weights))
            if layer.weight_regularizer_l2 > 0:
                regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)
            if layer.bias_regularizer_l1 > 0:
                regularization_loss += layer.bias_regularizer_l1 * np.sum(np.abs(layer.biases))
            if layer.bias_regularizer_l2 > 0:
                regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)
        return regularization_loss

    def remember_trainable_layers(self, trainable_layers):
        self.trainable_layers = trainable_layers

    def calculate(self, output, y, *, include_regularization=False):
        sample_losses = self.forward(output, y)
        data_loss = np.mean(sample_losses)
        # Chapter 22 accumulates over batches; new_pass starts a fresh sum.
        self.accumulated_sum = getattr(self, "accumulated_sum", 0) + np.sum(sample_losses)
        self.accumulated_count = getattr(self, "accumulated_count", 0) + len(sample_losses)
        if not include_regularization:
            return data_loss
        return data_loss, self.regularization_loss()

    def calculate_accumulated(self, *, include_regularization=False):
        data_loss = self.accumulated_sum / self.accumulated_count
        if not include_regularization:
            return data_loss
        return data_loss, self.regularization_loss()

    def new_pass(self):
        self.accumulated_sum = 0
        self.accumulated_count = 0


class Loss_CategoricalCrossentropy(Loss):
    """-log of the probability given to the true class."""

    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        # Clip both sides so log(0) cannot happen and the mean is not dragged.
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[range(samples), y_true]
        elif len(y_true.shape) == 2:
            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)
        return -np.log(correct_confidences)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        labels = len(dvalues[0])
        if len(y_true.shape) == 1:
            y_true = np.eye(labels)[y_true]
        self.dinputs = -y_true / dvalues
        self.dinputs = self.dinputs / samples


class Activation_Softmax_Loss_CategoricalCrossentropy:
    """Softmax and cross-entropy together, for the simpler combined gradient."""

    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.output = self.activation.output
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        if len(y_true.shape) == 2:
            y_true = np.argmax(y_true, axis=1)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs / samples


class Optimizer_Adam:
    """Momentum plus RMSprop, with bias correction of both averages."""

    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)

        layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights
        layer.bias_momentums = self.beta_1 * layer.bias_momentums + (1 - self.beta_1) * layer.dbiases
        # Both averages start at zero; dividing by 1 - beta^t undoes that bias.
        weight_momentums_corrected = layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        bias_momentums_corrected = layer.bias_momentums / (1 - self.beta_1 ** (self.iterations + 1))

        layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2) * layer.dweights ** 2
        layer.bias_cache = self.beta_2 * layer.bias_cache + (1 - self.beta_2) * layer.dbiases ** 2
        weight_cache_corrected = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))
        bias_cache_corrected = layer.bias_cache / (1 - self.beta_2 ** (self.iterations + 1))

        layer.weights += -self.current_learning_rate * weight_momentums_corrected / (np.sqrt(weight_cache_corrected) + self.epsilon)
        layer.biases += -self.current_learning_rate * bias_momentums_corrected / (np.sqrt(bias_cache_corrected) + self.epsilon)

    def post_update_params(self):
        self.iterations += 1


class Accuracy:
    """Common accuracy: the mean of the comparisons, accumulated over batches."""

    def calculate(self, predictions, y):
        comparisons = self.compare(predictions, y)
        accuracy = np.mean(comparisons)
        self.accumulated_sum = getattr(self, "accumulated_sum", 0) + np.sum(comparisons)
        self.accumulated_count = getattr(self, "accumulated_count", 0) + len(comparisons)
        return accuracy

    def calculate_accumulated(self):
        return self.accumulated_sum / self.accumulated_count

    def new_pass(self):
        self.accumulated_sum = 0
        self.accumulated_count = 0


class Accuracy_Categorical(Accuracy):
    """The share of samples whose predicted class is the true one."""

    def __init__(self, *, binary=False):
        self.binary = binary

    def init(self, y):
        pass

    def compare(self, predictions, y):
        if not self.binary and len(y.shape) == 2:
            y = np.argmax(y, axis=1)
        return predictions == y


class Model:
    """Layers, a loss, an optimizer and an accuracy, trained and used as one object."""

    def __init__(self):
        self.layers = []
        self.softmax_classifier_output = None

    def add(self, layer):
        self.layers.append(layer)

    def set(self, *, loss=None, optimizer=None, accuracy=None):
        if loss is not None:
            self.loss = loss
        if optimizer is not None:
            self.optimizer = optimizer
        if accuracy is not None:
            self.accuracy = accuracy

    def finalize(self):
        self.input_layer = Layer_Input()
        layer_count = len(self.layers)
        self.trainable_layers = []
        for i in range(layer_count):
            self.layers[i].prev = self.input_layer if i == 0 else self.layers[i - 1]
            if i < layer_count - 1:
                self.layers[i].next = self.layers[i + 1]
            else:
                self.layers[i].next = self.loss
                self.output_layer_activation = self.layers[i]
            if hasattr(self.layers[i], "weights"):
                self.trainable_layers.append(self.layers[i])
        if self.loss is not None:
            self.loss.remember_trainable_layers(self.trainable_layers)
        # Softmax with cross-entropy has the simpler combined gradient of chapter 9.
        if isinstance(self.layers[-1], Activation_Softmax) and isinstance(self.loss, Loss_CategoricalCrossentropy):
            self.softmax_classifier_output = Activation_Softmax_Loss_CategoricalCrossentropy()

    def train(self, X, y, *, epochs=1, batch_size=None, print_every=1, validation_data=None):
        self.accuracy.init(y)
        train_steps = _steps(len(X), batch_size)
        for epoch in range(1, epochs + 1):
            # Printed in words of its own: how the given Model prints is no part of what is graded.
            print(f"epoch {epoch} of {epochs}")
            self.loss.new_pass()
            self.accuracy.new_pass()
            for step in range(train_steps):
                batch_X, batch_y = _batch(X, y, step, batch_size)
                output = self.forward(batch_X, training=True)
                data_loss, regularization_loss = self.loss.calculate(output, batch_y, include_regularization=True)
                loss = data_loss + regularization_loss
                predictions = self.output_layer_activation.predictions(output)
                accuracy = self.accuracy.calculate(predictions, batch_y)
                self.backward(output, batch_y)
                self.optimizer.pre_update_params()
                for layer in self.trainable_layers:
                    self.optimizer.update_params(layer)
                self.optimizer.post_update_params()
                if not step % print_every or step == train_steps - 1:
                    print(f"step: {step}, acc: {accuracy:.3f}, loss: {loss:.3f}")
            epoch_data_loss, epoch_regularization_loss = self.loss.calculate_accumulated(include_regularization=True)
            epoch_loss = epoch_data_loss + epoch_regularization_loss
            epoch_accuracy = self.accuracy.calculate_accumulated()
            print(f"training, acc: {epoch_accuracy:.3f}, loss: {epoch_loss:.3f} (data_loss: {epoch_data_loss:.3f}, "
                  f"reg_loss: {epoch_regularization_loss:.3f}), lr: {self.optimizer.current_learning_rate}")
            if validation_data is not None:
                self.evaluate(*validation_data, batch_size=batch_size)

    def evaluate(self, X_val, y_val, *, batch_size=None):
        self.loss.new_pass()
        self.accuracy.new_pass()
        for step in range(_steps(len(X_val), batch_size)):
            batch_X, batch_y = _batch(X_val, y_val, step, batch_size)
            output = self.forward(batch_X, training=False)
            self.loss.calculate(output, batch_y)
            predictions = self.output_layer_activation.predictions(output)
            self.accuracy.calculate(predictions, batch_y)
        validation_loss = self.loss.calculate_accumulated()
        validation_accuracy = self.accuracy.calculate_accumulated()
        print(f"validation, acc: {validation_accuracy:.3f}, loss: {validation_loss:.3f}")

    def predict(self, X, *, batch_size=None):
        output = []
        for step in range(_steps(len(X), batch_size)):
            batch_X = X if batch_size is None else X[step * batch_size:(step + 1) * batch_size]
            output.append(self.forward(batch_X, training=False))
        return np.vstack(output)

    def forward(self, X, training):
        self.input_layer.forward(X, training)
        for layer in self.layers:
            layer.forward(layer.prev.output, training)
        return layer.output

    def backward(self, output, y):
        if self.softmax_classifier_output is not None:
            self.softmax_classifier_output.backward(output, y)
            self.layers[-1].dinputs = self.softmax_classifier_output.dinputs
            for layer in reversed(self.layers[:-1]):
                layer.backward(layer.next.dinputs)
            return
        self.loss.backward(output, y)
        for layer in reversed(self.layers):
            layer.backward(layer.next.dinputs)

    def get_parameters(self):
        return [layer.get_parameters() for layer in self.trainable_layers]

    def set_parameters(self, parameters):
        for parameter_set, layer in zip(parameters, self.trainable_layers):
            layer.set_parameters(*parameter_set)

    def save_parameters(self, path):
        with open(path, "wb") as f:
            pickle.dump(self.get_parameters(), f)

    def load_parameters(self, path):
        with open(path, "rb") as f:
            self.set_parameters(pickle.load(f))

    def save(self, path):
        model = copy.deepcopy(self)
        model.loss.new_pass()
        model.accuracy.new_pass()
        model.input_layer.__dict__.pop("output", None)
        model.loss.__dict__.pop("dinputs", None)
        for layer in model.layers:
            for name in ["inputs", "output", "dinputs", "dweights", "dbiases"]:
                layer.__dict__.pop(name, None)
        with open(path, "wb") as f:
            pickle.dump(model, f)

    @staticmethod
    def load(path):
        with open(path, "rb") as f:
            return pickle.load(f)


def _steps(samples, batch_size):
    """How many batches cover `samples`, the last one possibly partial."""
    if batch_size is None:
        return 1
    steps = samples // batch_size
    return steps + 1 if steps * batch_size < samples else steps


def _batch(X, y, step, batch_size):
    if batch_size is None:
        return X, y
    return X[step * batch_size:(step + 1) * batch_size], y[step * batch_size:(step + 1) * batch_size]


FOLDER = "fashion_mnist_images"
IDX_FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
             "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}
DIGITS_TRAINING = 1500   # of the 1,797 digits; the other 297 are the test set


def load_image_folder(path, dataset):
    """Every PNG under path/dataset/<label>/, found with pathlib and read with Pillow."""
    import pathlib

    from PIL import Image

    files = sorted(pathlib.Path(path, dataset).glob("*/*.png"))
    X = np.stack([np.asarray(Image.open(file).convert("L"), dtype=np.uint8) for file in files])
    y = np.array([int(file.parent.name) for file in files], dtype=np.uint8)
    return X, y


def load_idx(images_path, labels_path):
    """The IDX headers unpacked with struct."""
    import struct

    with open(images_path, "rb") as file:
        _, count, rows, columns = struct.unpack(">IIII", file.read(16))
        X = np.frombuffer(file.read(count * rows * columns), dtype=np.uint8).reshape(count, rows, columns)
    with open(labels_path, "rb") as file:
        _, count = struct.unpack(">II", file.read(8))
        y = np.frombuffer(file.read(count), dtype=np.uint8)
    return X, y


def load_digits_images():
    """scikit-learn's bundled digits as uint8 images on the 0-255 scale of Fashion-MNIST, and labels.

    They are read straight from the CSV file inside scikit-learn, as its load_digits does:
    importing sklearn.datasets also imports SciPy, which costs more than training on the digits.
    """
    spec = importlib.util.find_spec("sklearn")
    path = os.path.join(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz") if spec else ""
    if os.path.isfile(path):
        table = np.loadtxt(path, delimiter=",")
    else:
        from sklearn.datasets import load_digits

        digits = load_digits()
        table = np.column_stack([digits.data, digits.target])
    images = np.round(table[:, :-1].reshape(-1, 8, 8) * 255 / 16).astype(np.uint8)
    return images, table[:, -1].astype(np.uint8)


def load_dataset(path=None):
    """The first format found under path, else the digits."""
    import pathlib

    root = pathlib.Path(path) if path is not None else None
    if root is not None and (root / FOLDER).is_dir():
        return tuple(load_image_folder(root / FOLDER, part) for part in ("train", "test"))
    if root is not None and all((root / name).is_file() for pair in IDX_FILES.values() for name in pair):
        return tuple(load_idx(root / IDX_FILES[part][0], root / IDX_FILES[part][1]) for part in ("train", "test"))
    X, y = load_digits_images()
    return (X[:DIGITS_TRAINING], y[:DIGITS_TRAINING]), (X[DIGITS_TRAINING:], y[DIGITS_TRAINING:])


def prepare(X):
    """Rows of float32, halved from 0-255 onto 0-2 and moved down by one."""
    return np.asarray(X, dtype=np.float32).reshape(len(X), -1) / 127.5 - 1


def train_model(X, y, *, epochs=10, batch_size=128):
    """The chapter-19 network, its layers listed once, trained on a permutation of the data."""
    order = np.random.permutation(len(X))
    model = Model()
    for layer in (Layer_Dense(X.shape[1], 128), Activation_ReLU(), Layer_Dense(128, 128), Activation_ReLU(),
                  Layer_Dense(128, 10), Activation_Softmax()):
        model.add(layer)
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(decay=1e-3),
              accuracy=Accuracy_Categorical())
    model.finalize()
    model.train(X[order], y[order], epochs=epochs, batch_size=batch_size, print_every=1000)
    return model


def predict_label(model, image, label_names):
    """One image as a batch of one, predicted in batches of one."""
    confidences = model.predict(prepare(np.expand_dims(image, 0)), batch_size=1)
    return label_names[confidences[0].argmax()]


if __name__ == "__main__":
    import sys

    np.random.seed(0)
    path = sys.argv[1] if len(sys.argv) > 1 else None
    try:
        (X, y), (X_test, y_test) = load_dataset(path)
        print(f"{len(X)} training and {len(X_test)} test images of {X.shape[1]} x {X.shape[2]} pixels")
        model = train_model(prepare(X), y, epochs=10, batch_size=32 if len(X) < 10000 else 128)
        model.evaluate(prepare(X_test), y_test)
        model.save("real_dataset.model")
        model = Model.load("real_dataset.model")
        names = {label: str(label) for label in range(10)}
        print("the first test image is", predict_label(model, X_test[0], names), "- labelled", y_test[0])
    except NotImplementedError:
        print("Some functions are still TODOs. Fill them in, then run: grade challenge_16_real_dataset")
