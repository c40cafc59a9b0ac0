"""A correct challenge 15 written differently from the solution: zip for links, a batch generator,
save by dropping the data attributes with delattr, and the book's forward(self, inputs, training)
with no default for the input and dropout layers.

Challenge 15: the Model, complete (chapter 18 of the book, with chapter 21's save and load).

The dense layer, the activations' forward and backward passes, the losses and Adam are
given: they are the ones of the earlier challenges. This file is a solution; check it with:

    grade challenge_15_complete_model

Run this file (python main.py) to train a regression, a binary and a categorical model,
then save the last one and load it back.
"""
import copy
import pickle

import numpy as np


class Layer_Input:
    """The model's first layer: its output is the data."""

    def forward(self, inputs, training):
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


class Layer_Dropout:
    """Zeroes a random fraction `rate` of the inputs while training (chapter 15)."""

    def __init__(self, rate):
        # The book stores the keep probability, not the drop rate.
        self.rate = 1 - rate

    def forward(self, inputs, training):
        self.inputs = inputs
        if not training:
            self.output = inputs.copy()
            return
        # Scale the survivors so the expected sum matches inference.
        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate
        self.output = inputs * self.binary_mask

    def backward(self, dvalues):
        self.dinputs = dvalues * self.binary_mask


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
        return outputs.argmax(axis=-1)


class Activation_Sigmoid:
    """1 / (1 + e^-x), element-wise: independent yes/no outputs (chapter 16)."""

    def forward(self, inputs, training=True):
        self.inputs = inputs
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output

    def predictions(self, outputs):
        return np.where(outputs > 0.5, 1, 0)


class Activation_Linear:
    """The identity, for regression outputs (chapter 17)."""

    def forward(self, inputs, training=True):
        self.inputs = inputs
        self.output = inputs

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()

    def predictions(self, outputs):
        return outputs


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


class Loss_BinaryCrossentropy(Loss):
    """Cross-entropy of independent yes/no outputs (chapter 16)."""

    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        sample_losses = -(y_true * np.log(y_pred_clipped) + (1 - y_true) * np.log(1 - y_pred_clipped))
        return np.mean(sample_losses, axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)) / outputs
        self.dinputs = self.dinputs / samples


class Loss_MeanSquaredError(Loss):
    """Mean of the squared differences (L2), for regression (chapter 17)."""

    def forward(self, y_pred, y_true):
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        self.dinputs = -2 * (y_true - dvalues) / outputs
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
        targets = y if self.binary or y.ndim == 1 else y.argmax(axis=1)
        return np.equal(predictions, targets)


class Accuracy_Regression(Accuracy):
    """The share of predictions within std(y) / 250 of the target."""

    def __init__(self):
        self.precision = None

    def init(self, y, reinit=False):
        if reinit or self.precision is None:
            self.precision = y.std() / 250

    def compare(self, predictions, y):
        return np.abs(y - predictions) < self.precision


class Model:
    """Layers, a loss, an optimizer and an accuracy, trained and used as one object."""

    def __init__(self):
        self.layers = []
        self.softmax_classifier_output = None

    def add(self, layer):
        self.layers += [layer]

    def set(self, *, loss=None, optimizer=None, accuracy=None):
        for name, value in (("loss", loss), ("optimizer", optimizer), ("accuracy", accuracy)):
            if value is not None:
                setattr(self, name, value)

    def finalize(self):
        self.input_layer = Layer_Input()
        chain = [self.input_layer, *self.layers, self.loss]
        for before, layer, after in zip(chain, chain[1:], chain[2:]):
            layer.prev, layer.next = before, after
        self.output_layer_activation = self.layers[-1]
        self.trainable_layers = [layer for layer in self.layers if hasattr(layer, "weights")]
        self.loss.remember_trainable_layers(self.trainable_layers)
        combined = isinstance(self.layers[-1], Activation_Softmax) and isinstance(self.loss,
                                                                                   Loss_CategoricalCrossentropy)
        self.softmax_classifier_output = Activation_Softmax_Loss_CategoricalCrossentropy() if combined else None

    def _step(self, X, y):
        output = self.forward(X, training=True)
        data_loss, regularization_loss = self.loss.calculate(output, y, include_regularization=True)
        accuracy = self.accuracy.calculate(self.output_layer_activation.predictions(output), y)
        self.backward(output, y)
        self.optimizer.pre_update_params()
        for layer in self.trainable_layers:
            self.optimizer.update_params(layer)
        self.optimizer.post_update_params()
        return accuracy, data_loss, regularization_loss

    def train(self, X, y, *, epochs=1, batch_size=None, print_every=1, validation_data=None):
        self.accuracy.init(y)
        for epoch in range(epochs):
            print(f"epoch: {epoch + 1}")
            self.loss.new_pass()
            self.accuracy.new_pass()
            batches = list(_batches(X, y, batch_size))
            for step, (batch_X, batch_y) in enumerate(batches):
                accuracy, data_loss, regularization_loss = self._step(batch_X, batch_y)
                if step % print_every == 0 or step + 1 == len(batches):
                    print(f"step: {step}, acc: {accuracy:.3f}, loss: {data_loss + regularization_loss:.3f} "
                          f"(data_loss: {data_loss:.3f}, reg_loss: {regularization_loss:.3f}), "
                          f"lr: {self.optimizer.current_learning_rate:10.5f}")
            data_loss, regularization_loss = self.loss.calculate_accumulated(include_regularization=True)
            print(f"training, acc: {self.accuracy.calculate_accumulated():.3f}, "
                  f"loss: {data_loss + regularization_loss:.3f} (data_loss: {data_loss:.3f}, "
                  f"reg_loss: {regularization_loss:.3f}), lr: {self.optimizer.current_learning_rate}")
            if validation_data:
                self.evaluate(validation_data[0], validation_data[1], batch_size=batch_size)

    def evaluate(self, X_val, y_val, *, batch_size=None):
        self.loss.new_pass()
        self.accuracy.new_pass()
        for batch_X, batch_y in _batches(X_val, y_val, batch_size):
            output = self.forward(batch_X, training=False)
            self.loss.calculate(output, batch_y)
            self.accuracy.calculate(self.output_layer_activation.predictions(output), batch_y)
        print(f"validation, acc: {self.accuracy.calculate_accumulated():.3f}, "
              f"loss: {self.loss.calculate_accumulated():.3f}")

    def predict(self, X, *, batch_size=None):
        return np.vstack([self.forward(batch_X, training=False) for batch_X, _ in _batches(X, X, batch_size)])

    def forward(self, X, training):
        self.input_layer.forward(X, training)
        output = X
        for layer in self.layers:
            layer.forward(layer.prev.output, training)
            output = layer.output
        return output

    def backward(self, output, y):
        if self.softmax_classifier_output is None:
            self.loss.backward(output, y)
            layers = self.layers
        else:
            self.softmax_classifier_output.backward(output, y)
            self.layers[-1].dinputs = self.softmax_classifier_output.dinputs
            layers = self.layers[:-1]
        for layer in layers[::-1]:
            layer.backward(layer.next.dinputs)

    def get_parameters(self):
        return [(layer.weights, layer.biases) for layer in self.trainable_layers]

    def set_parameters(self, parameters):
        for layer, (weights, biases) in zip(self.trainable_layers, parameters):
            layer.set_parameters(weights, biases)

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
        for owner, names in [(model.input_layer, ["output"]), (model.loss, ["dinputs"])] + [
                (layer, ["inputs", "output", "dinputs", "dweights", "dbiases"]) for layer in model.layers]:
            for name in names:
                if hasattr(owner, name):
                    delattr(owner, name)
        with open(path, "wb") as f:
            pickle.dump(model, f)

    @staticmethod
    def load(path):
        with open(path, "rb") as f:
            return pickle.load(f)


def _batches(X, y, batch_size):
    """(X, y) in slices of batch_size, the last one possibly smaller; the whole of both without one."""
    if batch_size is None:
        yield X, y
        return
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


def regression_model():
    """Sine regression, as in chapter 18: linear output, mean squared error, regression accuracy."""
    model = Model()
    model.add(Layer_Dense(1, 64))
    model.add(Activation_ReLU())
    model.add(Layer_Dense(64, 64))
    model.add(Activation_ReLU())
    model.add(Layer_Dense(64, 1))
    model.add(Activation_Linear())
    model.set(loss=Loss_MeanSquaredError(), optimizer=Optimizer_Adam(learning_rate=0.005, decay=1e-3),
              accuracy=Accuracy_Regression())
    model.finalize()
    return model


def binary_model():
    """Two spiral classes, one sigmoid output, binary cross-entropy and binary accuracy."""
    model = Model()
    model.add(Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
    model.add(Activation_ReLU())
    model.add(Layer_Dense(64, 1))
    model.add(Activation_Sigmoid())
    model.set(loss=Loss_BinaryCrossentropy(), optimizer=Optimizer_Adam(decay=5e-7),
              accuracy=Accuracy_Categorical(binary=True))
    model.finalize()
    return model


def categorical_model():
    """Three spiral classes with dropout, softmax and categorical cross-entropy."""
    model = Model()
    model.add(Layer_Dense(2, 512, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
    model.add(Activation_ReLU())
    model.add(Layer_Dropout(0.1))
    model.add(Layer_Dense(512, 3))
    model.add(Activation_Softmax())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(learning_rate=0.05, decay=5e-5),
              accuracy=Accuracy_Categorical())
    model.finalize()
    return model


if __name__ == "__main__":
    import nnfs
    from nnfs.datasets import sine_data, spiral_data

    nnfs.init()
    try:
        X, y = sine_data()
        regression_model().train(X, y, epochs=300, print_every=100)

        X, y = spiral_data(samples=100, classes=2)
        X_test, y_test = spiral_data(samples=100, classes=2)
        # Binary targets are a column: one output per sample.
        y, y_test = y.reshape(-1, 1), y_test.reshape(-1, 1)
        binary_model().train(X, y, epochs=300, print_every=100, validation_data=(X_test, y_test))

        X, y = spiral_data(samples=1000, classes=3)
        X_test, y_test = spiral_data(samples=100, classes=3)
        # spiral_data lists the classes one after another; shuffle so every batch holds all three.
        keys = np.random.permutation(len(X))
        X, y = X[keys], y[keys]
        model = categorical_model()
        model.train(X, y, epochs=10, batch_size=128, print_every=100, validation_data=(X_test, y_test))
        model.save("spiral.model")
        reloaded = Model.load("spiral.model")
        print("saved to spiral.model; reloaded, it predicts", reloaded.output_layer_activation.predictions(
            reloaded.predict(X_test[:5])))
    except NotImplementedError:
        print("Some TODOs are left. Fill them in, then run: grade challenge_15_complete_model")
