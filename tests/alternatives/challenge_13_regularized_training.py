"""A correct challenge 13 written differently from the solution: the book's Layer_Dense with all four penalties,
a dropout mask drawn with np.random.random_sample, the layers walked in a list, and nnfs.init() at import.

A solution. Check it with:

    grade challenge_13_regularized_training

Run this file (python main.py) to train the chapter-15 network with and without
L2 and dropout, and compare how far validation lags behind training.
"""
import nnfs
import numpy as np

nnfs.init()


class Layer_Dense:
    """A layer of neurons, each connected to every input, with optional L2 penalties on its weights and biases."""

    def __init__(self, n_inputs, n_neurons, weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l1, self.weight_regularizer_l2 = weight_regularizer_l1, weight_regularizer_l2
        self.bias_regularizer_l1, self.bias_regularizer_l2 = bias_regularizer_l1, bias_regularizer_l2

    def forward(self, inputs):
        self.input = inputs     # a name of its own for what backward reads
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.input.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dweights = self.dweights + self.weight_regularizer_l1 * np.where(self.weights < 0, -1, 1) \
            + 2 * self.weight_regularizer_l2 * self.weights
        self.dbiases = self.dbiases + self.bias_regularizer_l1 * np.where(self.biases < 0, -1, 1) \
            + 2 * self.bias_regularizer_l2 * self.biases
        self.dinputs = np.dot(dvalues, self.weights.T)


class Activation_ReLU:
    """Rectified linear unit: max(0, x) for every value."""

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax:
    """Turns each row of scores into probabilities that sum to 1."""

    def forward(self, inputs):
        self.inputs = inputs
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues):
        self.dinputs = np.empty_like(dvalues)
        for index, (single_output, single_dvalues) in enumerate(zip(self.output, dvalues)):
            single_output = single_output.reshape(-1, 1)
            jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)
            self.dinputs[index] = np.dot(jacobian_matrix, single_dvalues)


class Loss:
    """What every loss shares: the mean of the per-sample losses, and the penalties of a layer."""

    def regularization_loss(self, layer):
        return sum(l1 * np.abs(parameters).sum() + l2 * np.square(parameters).sum()
                   for parameters, l1, l2 in ((layer.weights, layer.weight_regularizer_l1, layer.weight_regularizer_l2),
                                              (layer.biases, layer.bias_regularizer_l1, layer.bias_regularizer_l2)))

    def calculate(self, output, y):
        sample_losses = self.forward(output, y)
        return np.mean(sample_losses)


class Loss_CategoricalCrossentropy(Loss):
    """-log of the probability the model gave to the true class."""

    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[range(samples), y_true]
        else:
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
    """Softmax and cross-entropy in one step, for a simpler gradient."""

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
    """Momentum and RMSProp together, with both averages corrected for starting at zero."""

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


class Layer_Dropout:
    """While training, zeroes a random share `rate` of its inputs and scales up the rest."""

    def __init__(self, rate):
        self.drop = rate

    def forward(self, inputs, training=True):
        # The book adds the training argument in chapter 18, with the Model; it is here early so that
        # dropout can be switched off when the network is measured.
        if training:
            keep = 1 - self.drop
            self.mask = (np.random.random_sample(inputs.shape) < keep) / keep
        else:
            self.mask = np.ones_like(inputs)
        self.output = inputs * self.mask

    def backward(self, dvalues):
        self.dinputs = self.mask * dvalues


class Network:
    """Chapter 15's network: Layer_Dense(2, 64) with L2 penalties, ReLU, Layer_Dropout(dropout),
    Layer_Dense(64, 3) and softmax with cross-entropy, as the book builds it, without the stub's hidden argument.
    The layers keep the book's names."""

    def __init__(self, l2=5e-4, dropout=0.1):
        self.dense1 = Layer_Dense(2, 64, weight_regularizer_l2=l2, bias_regularizer_l2=l2)
        self.activation1 = Activation_ReLU()
        self.dropout1 = Layer_Dropout(dropout)
        self.dense2 = Layer_Dense(64, 3)
        self.loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()

    def forward(self, X, y, training=True):
        """Runs every layer on X; returns the data loss on y. Dropout only while training."""
        values = X
        for layer in (self.dense1, self.activation1):
            layer.forward(values)
            values = layer.output
        self.dropout1.forward(values, training)
        self.dense2.forward(self.dropout1.output)
        return self.loss_activation.forward(self.dense2.output, y)

    def regularization_loss(self):
        """The penalties of both dense layers."""
        return sum(map(self.loss_activation.loss.regularization_loss, (self.dense1, self.dense2)))

    def backward(self, y):
        """Every layer's backward pass, in reverse order, after forward."""
        self.loss_activation.backward(self.loss_activation.output, y)
        gradient = self.loss_activation.dinputs
        for layer in (self.dense2, self.dropout1, self.activation1, self.dense1):
            layer.backward(gradient)
            gradient = layer.dinputs


def train(X, y, *, l2=5e-4, dropout=0.1, steps=500):
    """Train a new Network(l2, dropout) on (X, y) with Optimizer_Adam(learning_rate=0.05, decay=5e-5)
    for `steps` steps.

    Returns (network, losses): losses holds each step's loss, the data loss plus the regularization loss.
    """
    network = Network(l2=l2, dropout=dropout)
    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)
    losses = np.zeros(steps)
    for step in range(steps):
        losses[step] = network.forward(X, y) + network.regularization_loss()
        network.backward(y)
        optimizer.pre_update_params()
        for layer in (network.dense1, network.dense2):
            optimizer.update_params(layer)
        optimizer.post_update_params()
    return network, losses


def evaluate(network, X, y):
    """(accuracy, loss) of the network on (X, y) with dropout switched off; the loss is the data loss."""
    loss = network.forward(X, y, training=False)
    correct = network.loss_activation.output.argmax(axis=1) == y
    return correct.sum() / len(y), loss


def train_and_validate(X, y, X_val, y_val, *, l2=5e-4, dropout=0.1, steps=500):
    """Train on (X, y) alone, then measure the trained network on both sets.

    Returns {"train_accuracy", "train_loss", "validation_accuracy", "validation_loss"}: how far validation
    lags behind training is the gap regularisation should close.
    """
    network, _ = train(X, y, l2=l2, dropout=dropout, steps=steps)
    result = {}
    for name, (inputs, labels) in (("train", (X, y)), ("validation", (X_val, y_val))):
        result[f"{name}_accuracy"], result[f"{name}_loss"] = evaluate(network, inputs, labels)
    return result


if __name__ == "__main__":
    from nnfs.datasets import spiral_data

    # Few training samples, so the network can learn them by heart within a short run.
    X, y = spiral_data(samples=20, classes=3)
    X_val, y_val = spiral_data(samples=100, classes=3)
    try:
        for name, l2, dropout in (("without regularisation", 0, 0), ("with L2 and dropout", 5e-4, 0.1)):
            result = train_and_validate(X, y, X_val, y_val, l2=l2, dropout=dropout, steps=500)
            print(f"{name}: training acc {result['train_accuracy']:.3f}, loss {result['train_loss']:.3f}; "
                  f"validation acc {result['validation_accuracy']:.3f}, loss {result['validation_loss']:.3f}")
    except NotImplementedError:
        print("Some functions are still TODOs. Fill them in, then run: grade challenge_13_regularized_training")
