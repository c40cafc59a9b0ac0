"""Convolution, max pooling and flattening on (N, C, H, W) batches, beyond the book.

The layers keep the book's protocol: `forward` sets `output`, `backward(dvalues)`
sets `dinputs` (and `dweights`, `dbiases`). Like every deep-learning library, the
"convolution" is a cross-correlation: the kernel is not flipped.
"""
import numpy as np

from reference.activations import Activation_ReLU
from reference.layers import Layer_Dense
from reference.losses import Activation_Softmax_Loss_CategoricalCrossentropy
from reference.optimizers import Optimizer_Adam


def output_size(size, kernel_size, stride=1, padding=0):
    """How many positions a kernel takes along an axis of `size` values: (size + 2p - k) // s + 1."""
    return (size + 2 * padding - kernel_size) // stride + 1


def conv2d_loops(inputs, weights, biases, stride=1, padding=0):
    """The cross-correlation, one output value at a time: (N, C, H, W) → (N, F, H_out, W_out)."""
    n_samples, _, height, width = inputs.shape
    n_filters, _, kernel_size, _ = weights.shape
    out_h = output_size(height, kernel_size, stride, padding)
    out_w = output_size(width, kernel_size, stride, padding)
    padded = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    output = np.zeros((n_samples, n_filters, out_h, out_w))
    for sample in range(n_samples):
        for f in range(n_filters):
            for i in range(out_h):
                for j in range(out_w):
                    window = padded[sample, :, i * stride:i * stride + kernel_size,
                                    j * stride:j * stride + kernel_size]
                    output[sample, f, i, j] = np.sum(window * weights[f]) + biases[0, f, 0, 0]
    return output


def im2col(inputs, kernel_size, stride=1, padding=0):
    """Every window as a row: (N·H_out·W_out, C·k·k), rows ordered by (sample, i, j), columns by (c, ki, kj)."""
    n_samples, channels, height, width = inputs.shape
    out_h = output_size(height, kernel_size, stride, padding)
    out_w = output_size(width, kernel_size, stride, padding)
    padded = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    columns = np.empty((n_samples, channels, kernel_size, kernel_size, out_h, out_w), dtype=padded.dtype)
    # One slice per kernel offset gathers that offset of every window at once.
    for ki in range(kernel_size):
        for kj in range(kernel_size):
            columns[:, :, ki, kj] = padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride]
    return columns.transpose(0, 4, 5, 1, 2, 3).reshape(n_samples * out_h * out_w, -1)


def col2im(columns, input_shape, kernel_size, stride=1, padding=0):
    """The adjoint of im2col: each row's values added back where its window lay; padding cut off."""
    n_samples, channels, height, width = input_shape
    out_h = output_size(height, kernel_size, stride, padding)
    out_w = output_size(width, kernel_size, stride, padding)
    windows = columns.reshape(n_samples, out_h, out_w, channels, kernel_size, kernel_size)
    windows = windows.transpose(0, 3, 4, 5, 1, 2)
    padded = np.zeros((n_samples, channels, height + 2 * padding, width + 2 * padding))
    # Overlapping windows share input values: their gradients add up.
    for ki in range(kernel_size):
        for kj in range(kernel_size):
            padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride] += windows[:, :, ki, kj]
    return padded[:, :, padding:padding + height, padding:padding + width]


class Layer_Conv2D:
    """n_filters kernels of (n_inputs_channels, k, k) slid over the image: a cross-correlation plus a bias."""

    def __init__(self, n_inputs_channels, n_filters, kernel_size, stride=1, padding=0):
        self.weights = 0.01 * np.random.randn(n_filters, n_inputs_channels, kernel_size, kernel_size)
        # One bias per filter, shaped to broadcast over (N, F, H_out, W_out) as the book's (1, n_neurons) does.
        self.biases = np.zeros((1, n_filters, 1, 1))
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def forward(self, inputs):
        self.inputs = inputs
        n_samples, _, height, width = inputs.shape
        out_h = output_size(height, self.kernel_size, self.stride, self.padding)
        out_w = output_size(width, self.kernel_size, self.stride, self.padding)
        self.columns = im2col(inputs, self.kernel_size, self.stride, self.padding)
        output = np.dot(self.columns, self.weights.reshape(len(self.weights), -1).T)
        self.output = output.reshape(n_samples, out_h, out_w, -1).transpose(0, 3, 1, 2) + self.biases

    def backward(self, dvalues):
        n_filters = len(self.weights)
        rows = dvalues.transpose(0, 2, 3, 1).reshape(-1, n_filters)
        columns = im2col(self.inputs, self.kernel_size, self.stride, self.padding)
        self.dweights = np.dot(rows.T, columns).reshape(self.weights.shape)
        self.dbiases = np.sum(dvalues, axis=(0, 2, 3), keepdims=True)
        self.dinputs = col2im(np.dot(rows, self.weights.reshape(n_filters, -1)), self.inputs.shape,
                              self.kernel_size, self.stride, self.padding)


class Layer_MaxPool2D:
    """The largest value of each pool_size × pool_size window; windows do not overlap."""

    def __init__(self, pool_size=2):
        self.pool_size = pool_size

    def forward(self, inputs):
        self.inputs = inputs
        n_samples, channels, height, width = inputs.shape
        p = self.pool_size
        windows = inputs[:, :, :height // p * p, :width // p * p].reshape(
            n_samples, channels, height // p, p, width // p, p)
        self.output = windows.max(axis=(3, 5))

    def backward(self, dvalues):
        n_samples, channels, height, width = self.inputs.shape
        p = self.pool_size
        out_h, out_w = height // p, width // p
        windows = self.inputs[:, :, :out_h * p, :out_w * p].reshape(n_samples, channels, out_h, p, out_w, p)
        windows = windows.transpose(0, 1, 2, 4, 3, 5).reshape(n_samples, channels, out_h, out_w, p * p)
        # Only the first maximum of each window passed forward, so only it gets the gradient.
        mask = np.zeros_like(windows, dtype=float)
        np.put_along_axis(mask, windows.argmax(axis=-1)[..., None], 1.0, axis=-1)
        routed = (mask * dvalues[..., None]).reshape(n_samples, channels, out_h, out_w, p, p)
        self.dinputs = np.zeros(self.inputs.shape)
        self.dinputs[:, :, :out_h * p, :out_w * p] = routed.transpose(0, 1, 2, 4, 3, 5).reshape(
            n_samples, channels, out_h * p, out_w * p)


class Layer_Flatten:
    """(N, C, H, W) → (N, C·H·W), so a dense layer can follow."""

    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs.reshape(len(inputs), -1)

    def backward(self, dvalues):
        self.dinputs = dvalues.reshape(self.inputs.shape)


def train(X, y, steps=100, batch_size=128):
    """Conv(1→8, 3×3, padding 1), ReLU, max-pool 2, flatten, dense to 10 classes, trained with Adam
    on mini-batches taken in turn; return (predict, losses)."""
    conv, activation = Layer_Conv2D(X.shape[1], 8, 3, padding=1), Activation_ReLU()
    pool, flatten = Layer_MaxPool2D(2), Layer_Flatten()
    dense = Layer_Dense(8 * (X.shape[2] // 2) * (X.shape[3] // 2), 10)
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=0.02)
    layers = (conv, activation, pool, flatten, dense)
    losses = []
    for step in range(steps):
        start = step * batch_size % len(X)
        batch_X, batch_y = X[start:start + batch_size], y[start:start + batch_size]
        values = batch_X
        for layer in layers:
            layer.forward(values)
            values = layer.output
        losses.append(loss_activation.forward(values, batch_y))
        loss_activation.backward(loss_activation.output, batch_y)
        gradient = loss_activation.dinputs
        for layer in reversed(layers):
            layer.backward(gradient)
            gradient = layer.dinputs
        optimizer.pre_update_params()
        optimizer.update_params(conv)
        optimizer.update_params(dense)
        optimizer.post_update_params()

    def predict(inputs):
        values = inputs
        for layer in layers:
            layer.forward(values)
            values = layer.output
        return np.argmax(values, axis=1)

    return predict, losses
