"""Challenge 17: convolution (beyond the book, after chapters 9 to 10).

A correct solution written differently from solutions/ (fancy indexing, np.add.at, einsum,
a tie-breaking mask). Check it with:

    grade challenge_17_convolution

Run this file (python main.py) to train a small convolutional network on 8 x 8 handwritten digits.
"""
import numpy as np


class Layer_Dense:
    """A layer of neurons, each connected to every input."""

    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
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
    """What every loss shares: averaging the per-sample losses."""

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


def output_size(size, kernel_size, stride=1, padding=0):
    padded = size + 2 * padding
    return len(range(0, padded - kernel_size + 1, stride))


def conv2d_loops(inputs, weights, biases, stride=1, padding=0):
    inputs = np.asarray(inputs, dtype=float)
    batch, _, height, width = inputs.shape
    filters, _, k, _ = weights.shape
    rows, cols = output_size(height, k, stride, padding), output_size(width, k, stride, padding)
    padded = np.zeros((batch, inputs.shape[1], height + 2 * padding, width + 2 * padding))
    padded[:, :, padding:padding + height, padding:padding + width] = inputs
    result = np.empty((batch, filters, rows, cols))
    for i in range(rows):
        for j in range(cols):
            patch = padded[:, :, i * stride:i * stride + k, j * stride:j * stride + k]
            result[:, :, i, j] = np.tensordot(patch, weights, axes=([1, 2, 3], [1, 2, 3]))
    return result + np.reshape(biases, (1, -1, 1, 1))


def _positions(input_shape, k, stride, padding):
    """Index arrays (channel, row, column) into the padded image for every (window, element)."""
    _, channels, height, width = input_shape
    rows, cols = output_size(height, k, stride, padding), output_size(width, k, stride, padding)
    channel = np.repeat(np.arange(channels), k * k)[np.newaxis, :]
    row = (np.tile(np.repeat(np.arange(k), k), channels)[np.newaxis, :]
           + stride * np.repeat(np.arange(rows), cols)[:, np.newaxis])
    col = (np.tile(np.arange(k), k * channels)[np.newaxis, :]
           + stride * np.tile(np.arange(cols), rows)[:, np.newaxis])
    return channel, row, col


def im2col(inputs, kernel_size, stride=1, padding=0):
    padded = np.pad(inputs, [(0, 0), (0, 0), (padding, padding), (padding, padding)], mode="constant")
    channel, row, col = _positions(inputs.shape, kernel_size, stride, padding)
    return padded[:, channel, row, col].reshape(-1, channel.shape[1])


def col2im(columns, input_shape, kernel_size, stride=1, padding=0):
    batch, channels, height, width = input_shape
    padded = np.zeros((batch, channels, height + 2 * padding, width + 2 * padding))
    channel, row, col = _positions(input_shape, kernel_size, stride, padding)
    np.add.at(padded, (slice(None), channel, row, col), columns.reshape(batch, -1, channel.shape[1]))
    return padded[:, :, padding:height + padding, padding:width + padding]


class Layer_Conv2D:

    def __init__(self, n_inputs_channels, n_filters, kernel_size, stride=1, padding=0):
        self.weights = 0.01 * np.random.randn(n_filters, n_inputs_channels, kernel_size, kernel_size)
        self.biases = np.zeros((1, n_filters, 1, 1))
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def forward(self, inputs):
        self.inputs = inputs
        batch, _, height, width = inputs.shape
        rows = output_size(height, self.kernel_size, self.stride, self.padding)
        cols = output_size(width, self.kernel_size, self.stride, self.padding)
        patches = im2col(inputs, self.kernel_size, self.stride, self.padding).reshape(batch, rows * cols, -1)
        flat = self.weights.reshape(self.weights.shape[0], -1)
        self.output = np.einsum("npk,fk->nfp", patches, flat).reshape(batch, -1, rows, cols) + self.biases

    def backward(self, dvalues):
        batch, filters = dvalues.shape[:2]
        grads = dvalues.reshape(batch, filters, -1)
        patches = im2col(self.inputs, self.kernel_size, self.stride, self.padding).reshape(
            batch, grads.shape[2], -1)
        self.dweights = np.einsum("nfp,npk->fk", grads, patches).reshape(self.weights.shape)
        self.dbiases = dvalues.sum(axis=0, keepdims=True).sum(axis=2, keepdims=True).sum(axis=3, keepdims=True)
        dpatches = np.einsum("nfp,fk->npk", grads, self.weights.reshape(filters, -1))
        self.dinputs = col2im(dpatches.reshape(-1, dpatches.shape[2]), self.inputs.shape, self.kernel_size,
                              self.stride, self.padding)


class Layer_MaxPool2D:

    def __init__(self, pool_size=2):
        self.pool_size = pool_size

    def forward(self, inputs):
        self.inputs = inputs
        p = self.pool_size
        batch, channels, height, width = inputs.shape
        self.output = np.full((batch, channels, height // p, width // p), -np.inf)
        for i in range(p):
            for j in range(p):
                self.output = np.maximum(self.output, inputs[:, :, i:height // p * p:p, j:width // p * p:p])

    def backward(self, dvalues):
        p = self.pool_size
        height, width = self.output.shape[2] * p, self.output.shape[3] * p
        self.dinputs = np.zeros_like(self.inputs, dtype=float)
        taken = np.zeros(self.output.shape, dtype=bool)
        for i in range(p):
            for j in range(p):
                here = (self.inputs[:, :, i:height:p, j:width:p] == self.output) & ~taken
                self.dinputs[:, :, i:height:p, j:width:p] = np.where(here, dvalues, 0.0)
                taken |= here


class Layer_Flatten:

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.reshape(inputs, (inputs.shape[0], np.prod(inputs.shape[1:])))

    def backward(self, dvalues):
        self.dinputs = np.reshape(dvalues, np.shape(self.inputs))


def train(X, y, steps=80, batch_size=64):
    conv, relu, pool, flat = Layer_Conv2D(1, 8, 3, padding=1), Activation_ReLU(), Layer_MaxPool2D(2), Layer_Flatten()
    dense = Layer_Dense(128, 10)
    head = Activation_Softmax_Loss_CategoricalCrossentropy()
    adam = Optimizer_Adam(learning_rate=0.02)

    def scores(images):
        conv.forward(images)
        relu.forward(conv.output)
        pool.forward(relu.output)
        flat.forward(pool.output)
        dense.forward(flat.output)
        return dense.output

    losses = []
    for step in range(steps):
        start = step * batch_size % len(X)
        batch_X, batch_y = X[start:start + batch_size], y[start:start + batch_size]
        losses.append(head.forward(scores(batch_X), batch_y))
        head.backward(head.output, batch_y)
        dense.backward(head.dinputs)
        flat.backward(dense.dinputs)
        pool.backward(flat.dinputs)
        relu.backward(pool.dinputs)
        conv.backward(relu.dinputs)
        adam.pre_update_params()
        for layer in (conv, dense):
            adam.update_params(layer)
        adam.post_update_params()
    return (lambda images: scores(images).argmax(axis=1)), losses
