"""A correct challenge 10 written differently from the solution: zip for links, one batch generator.

Every layer, activation, loss, optimizer and accuracy class is given: they are
the ones of the earlier challenges, in their final form from the book. This file is
a solution; check it with:

    grade challenge_10_model

Run this file (python main.py) to train a model on the spiral data, save it and load it back.
"""
import copy
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
        self.positive = inputs > 0      # all backward needs, under a name of its own
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        # The gradient is zero where the input was not positive.
        self.dinputs = np.where(self.positive, dvalues, 0.0)

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
    """The book's Model, written with zip for the links and one batch generator for train, evaluate, predict."""

    def __init__(self):
        self.layers = []
        self.softmax_classifier_output = None
        self.loss = self.optimizer = self.accuracy = None

    def add(self, layer):
        self.layers += [layer]

    def set(self, *, loss=None, optimizer=None, accuracy=None):
        for name, value in (("loss", loss), ("optimizer", optimizer), ("accuracy", accuracy)):
            if value is not None:
                setattr(self, name, value)

    def finalize(self):
        self.input_layer = Layer_Input()
        for before, layer, after in zip([self.input_layer] + self.layers, self.layers, self.layers[1:] + [self.loss]):
            layer.prev, layer.next = before, after
        self.output_layer_activation = self.layers[-1]
        self.trainable_layers = [layer for layer in self.layers if hasattr(layer, "weights")]
        self.loss.remember_trainable_layers(self.trainable_layers)
        if isinstance(self.layers[-1], Activation_Softmax) and isinstance(self.loss, Loss_CategoricalCrossentropy):
            self.softmax_classifier_output = Activation_Softmax_Loss_CategoricalCrossentropy()

    @staticmethod
    def _batches(X, y, batch_size):
        size = len(X) if batch_size is None else batch_size
        for start in range(0, len(X), size):
            yield X[start:start + size], None if y is None else y[start:start + size]

    def train(self, X, y, *, epochs=1, batch_size=None, print_every=1, validation_data=None):
        self.accuracy.init(y)
        for epoch in range(1, epochs + 1):
            self.loss.new_pass()
            self.accuracy.new_pass()
            batches = list(self._batches(X, y, batch_size))
            for step, (batch_X, batch_y) in enumerate(batches):
                output = self.forward(batch_X, training=True)
                data_loss, regularization_loss = self.loss.calculate(output, batch_y, include_regularization=True)
                accuracy = self.accuracy.calculate(self.output_layer_activation.predictions(output), batch_y)
                self.backward(output, batch_y)
                self.optimizer.pre_update_params()
                for layer in self.trainable_layers:
                    self.optimizer.update_params(layer)
                self.optimizer.post_update_params()
                if step % print_every == 0 or step == len(batches) - 1:
                    print(f"step: {step}, acc: {accuracy:.3f}, loss: {data_loss + regularization_loss:.3f} "
                          f"(data_loss: {data_loss:.3f}, reg_loss: {regularization_loss:.3f}), "
                          f"lr: {self.optimizer.current_learning_rate:10.5f}")
            data_loss, regularization_loss = self.loss.calculate_accumulated(include_regularization=True)
            print(f"epoch: {epoch}\ntraining, acc: {self.accuracy.calculate_accumulated():.3f}, "
                  f"loss: {data_loss + regularization_loss:.3f} (data_loss: {data_loss:.3f}, "
                  f"reg_loss: {regularization_loss:.3f}), lr: {self.optimizer.current_learning_rate}")
            if validation_data is not None:
                self.evaluate(*validation_data, batch_size=batch_size)

    def evaluate(self, X_val, y_val, *, batch_size=None):
        self.loss.new_pass()
        self.accuracy.new_pass()
        for batch_X, batch_y in self._batches(X_val, y_val, batch_size):
            output = self.forward(batch_X, training=False)
            self.loss.calculate(output, batch_y)
            self.accuracy.calculate(self.output_layer_activation.predictions(output), batch_y)
        print(f"validation, acc: {self.accuracy.calculate_accumulated():.3f}, "
              f"loss: {self.loss.calculate_accumulated():.3f}")

    def predict(self, X, *, batch_size=None):
        return np.concatenate([self.forward(batch_X, training=False)
                               for batch_X, _ in self._batches(X, None, batch_size)])

    def forward(self, X, training):
        self.input_layer.forward(X, training)
        for layer in self.layers:
            layer.forward(layer.prev.output, training)
        return self.layers[-1].output

    def backward(self, output, y):
        if self.softmax_classifier_output is not None:
            self.softmax_classifier_output.backward(output, y)
            self.layers[-1].dinputs = self.softmax_classifier_output.dinputs
            remaining = self.layers[:-1]
        else:
            self.loss.backward(output, y)
            remaining = self.layers
        for layer in remaining[::-1]:
            layer.backward(layer.next.dinputs)

    def get_parameters(self):
        return [(layer.weights.copy(), layer.biases.copy()) for layer in self.trainable_layers]

    def set_parameters(self, parameters):
        for (weights, biases), layer in zip(parameters, self.trainable_layers):
            layer.weights, layer.biases = weights.copy(), biases.copy()

    def save_parameters(self, path):
        with open(path, "wb") as file:
            pickle.dump(self.get_parameters(), file)

    def load_parameters(self, path):
        with open(path, "rb") as file:
            self.set_parameters(pickle.load(file))

    def save(self, path):
        model = copy.deepcopy(self)
        model.loss.new_pass()
        model.accuracy.new_pass()
        for part in [model.input_layer, model.loss, *model.layers]:
            for name in ("inputs", "output", "dinputs", "dweights", "dbiases"):
                vars(part).pop(name, None)
        with open(path, "wb") as file:
            pickle.dump(model, file)

    @staticmethod
    def load(path):
        with open(path, "rb") as file:
            return pickle.load(file)


if __name__ == "__main__":
    import nnfs
    from nnfs.datasets import spiral_data

    nnfs.init()
    X, y = spiral_data(samples=1000, classes=3)
    X_test, y_test = spiral_data(samples=100, classes=3)
    # spiral_data lists the classes one after another; shuffle so every batch holds all three.
    keys = np.random.permutation(len(X))
    X, y = X[keys], y[keys]
    model = Model()
    model.add(Layer_Dense(2, 64))
    model.add(Activation_ReLU())
    model.add(Layer_Dense(64, 3))
    model.add(Activation_Softmax())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(learning_rate=0.05, decay=5e-5),
              accuracy=Accuracy_Categorical())
    try:
        model.finalize()
        model.train(X, y, validation_data=(X_test, y_test), epochs=10, batch_size=128, print_every=100)
        model.save("spiral.model")
        reloaded = Model.load("spiral.model")
        print("saved to spiral.model; reloaded, it predicts", np.argmax(reloaded.predict(X_test[:5]), axis=1))
    except NotImplementedError:
        print("Model still has TODOs. Fill them in, then run: grade challenge_10_model")
