"""Challenge 10: the Model object (chapters 18 to 22 of the book).

Every layer, activation, loss, optimizer and accuracy class is given: they are
the ones of the earlier challenges, in their final form from the book. Write the
Model that ties them together, then check your work with:

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
        # TODO: append the layer to self.layers.
        raise NotImplementedError

    def set(self, *, loss=None, optimizer=None, accuracy=None):
        # TODO: keep each of loss, optimizer and accuracy that is given.
        raise NotImplementedError

    def finalize(self):
        # TODO: create self.input_layer = Layer_Input(); give every layer .prev and .next (the first layer's
        #       prev is the input layer, the last layer's next is the loss, and the last layer is
        #       self.output_layer_activation); collect the layers with weights in self.trainable_layers and
        #       tell the loss about them; use Activation_Softmax_Loss_CategoricalCrossentropy for the
        #       gradient when the model ends in softmax with categorical cross-entropy.
        raise NotImplementedError

    def train(self, X, y, *, epochs=1, batch_size=None, print_every=1, validation_data=None):
        # TODO: first self.accuracy.init(y) (a regression accuracy sets its precision from y; the
        #       categorical one does nothing). Then for each epoch, start a new pass of the loss and the
        #       accuracy, then for each batch (the last one may be smaller): forward with training=True,
        #       the loss with regularization, the accuracy, backward, and the optimizer's three calls. Print progress as the book does and
        #       evaluate on validation_data after each epoch when it is given.
        raise NotImplementedError

    def evaluate(self, X_val, y_val, *, batch_size=None):
        # TODO: a new pass of the loss and the accuracy, forward with training=False batch by batch,
        #       then print f"validation, acc: {accuracy:.3f}, loss: {loss:.3f}" from the accumulated values.
        raise NotImplementedError

    def predict(self, X, *, batch_size=None):
        # TODO: forward with training=False, batch by batch, and return np.vstack of the outputs.
        raise NotImplementedError

    def forward(self, X, training):
        # TODO: run the input layer, then every layer on its prev's output, each told `training`; return the last
        #       output.
        raise NotImplementedError

    def backward(self, output, y):
        # TODO: with the combined softmax and loss, start from its backward and set the last layer's dinputs;
        #       otherwise start from the loss's backward. Then every layer, in reverse, on its next's dinputs.
        raise NotImplementedError

    def get_parameters(self):
        # TODO: the list of (weights, biases) of every trainable layer.
        raise NotImplementedError

    def set_parameters(self, parameters):
        # TODO: give each trainable layer its (weights, biases).
        raise NotImplementedError

    def save_parameters(self, path):
        # TODO: pickle get_parameters() to path.
        raise NotImplementedError

    def load_parameters(self, path):
        # TODO: unpickle from path and set_parameters.
        raise NotImplementedError

    def save(self, path):
        # TODO: pickle a copy.deepcopy of the model, after a new pass of its loss and accuracy and with
        #       inputs, output, dinputs, dweights and dbiases removed from its layers.
        raise NotImplementedError

    @staticmethod
    def load(path):
        # TODO: unpickle a model from path and return it.
        raise NotImplementedError


if __name__ == "__main__":
    import nnfs
    from nnfs.datasets import spiral_data

    nnfs.init()
    X, y = spiral_data(samples=1000, classes=3)
    X_test, y_test = spiral_data(samples=100, classes=3)
    # spiral_data lists the classes one after another; shuffle so every batch holds all three.
    keys = np.random.permutation(len(X))
    X, y = X[keys], y[keys]
    try:
        model = Model()
        model.add(Layer_Dense(2, 64))
        model.add(Activation_ReLU())
        model.add(Layer_Dense(64, 3))
        model.add(Activation_Softmax())
        model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(learning_rate=0.05, decay=5e-5),
                  accuracy=Accuracy_Categorical())
        model.finalize()
        model.train(X, y, validation_data=(X_test, y_test), epochs=10, batch_size=128, print_every=100)
        model.save("spiral.model")
        reloaded = Model.load("spiral.model")
        print("saved to spiral.model; reloaded, it predicts", np.argmax(reloaded.predict(X_test[:5]), axis=1))
    except NotImplementedError:
        print("Model still has TODOs. Fill them in, then run: grade challenge_10_model")
