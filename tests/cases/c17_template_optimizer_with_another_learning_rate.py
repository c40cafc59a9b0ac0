# challenge_17_convolution, wrong: train deep-copies an Optimizer_Adam made at import with a tenth of its learning rate
import copy
"""Challenge 17: convolution (beyond the book, after chapters 9 to 10).

A solution. Check it with:

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


# --- Beyond the book: convolution on (N, C, H, W) batches ----------------------

def output_size(size, kernel_size, stride=1, padding=0):
    """How many positions a kernel of kernel_size takes along an axis of `size` values."""
    return (size + 2 * padding - kernel_size) // stride + 1


def conv2d_loops(inputs, weights, biases, stride=1, padding=0):
    """The layer's output computed one value at a time: (N, C, H, W) → (N, F, H_out, W_out)."""
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
    """Every window as one row: shape (N * H_out * W_out, C * k * k)."""
    n_samples, channels, height, width = inputs.shape
    out_h = output_size(height, kernel_size, stride, padding)
    out_w = output_size(width, kernel_size, stride, padding)
    padded = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    columns = np.empty((n_samples, channels, kernel_size, kernel_size, out_h, out_w))
    for ki in range(kernel_size):
        for kj in range(kernel_size):
            columns[:, :, ki, kj] = padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride]
    return columns.transpose(0, 4, 5, 1, 2, 3).reshape(n_samples * out_h * out_w, -1)


def col2im(columns, input_shape, kernel_size, stride=1, padding=0):
    """The opposite of im2col: each row's values added back where its window lay, padding cut off."""
    n_samples, channels, height, width = input_shape
    out_h = output_size(height, kernel_size, stride, padding)
    out_w = output_size(width, kernel_size, stride, padding)
    windows = columns.reshape(n_samples, out_h, out_w, channels, kernel_size, kernel_size)
    windows = windows.transpose(0, 3, 4, 5, 1, 2)
    padded = np.zeros((n_samples, channels, height + 2 * padding, width + 2 * padding))
    for ki in range(kernel_size):
        for kj in range(kernel_size):
            padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride] += windows[:, :, ki, kj]
    return padded[:, :, padding:padding + height, padding:padding + width]


class Layer_Conv2D:
    """n_filters kernels slid over the image: a cross-correlation plus one bias per filter."""

    def __init__(self, n_inputs_channels, n_filters, kernel_size, stride=1, padding=0):
        self.weights = 0.01 * np.random.randn(n_filters, n_inputs_channels, kernel_size, kernel_size)
        self.biases = np.zeros((1, n_filters, 1, 1))
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding

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
        self.dweights = np.dot(rows.T, self.columns).reshape(self.weights.shape)
        self.dbiases = np.sum(dvalues, axis=(0, 2, 3), keepdims=True)
        dcolumns = np.dot(rows, self.weights.reshape(n_filters, -1))
        self.dinputs = col2im(dcolumns, self.inputs.shape, self.kernel_size, self.stride, self.padding)


class Layer_MaxPool2D:
    """The largest value of each pool_size x pool_size window; the windows do not overlap."""

    def __init__(self, pool_size=2):
        self.pool_size = pool_size

    def _windows(self, inputs):
        """(N, C, H_out, W_out, pool_size * pool_size): each window's values in a row."""
        n_samples, channels, height, width = inputs.shape
        p = self.pool_size
        out_h, out_w = height // p, width // p
        windows = inputs[:, :, :out_h * p, :out_w * p].reshape(n_samples, channels, out_h, p, out_w, p)
        return windows.transpose(0, 1, 2, 4, 3, 5).reshape(n_samples, channels, out_h, out_w, p * p)

    def forward(self, inputs):
        self.inputs = inputs
        self.output = self._windows(inputs).max(axis=-1)

    def backward(self, dvalues):
        windows = self._windows(self.inputs)
        n_samples, channels, out_h, out_w, _ = windows.shape
        p = self.pool_size
        mask = np.zeros(windows.shape)
        np.put_along_axis(mask, windows.argmax(axis=-1)[..., np.newaxis], 1.0, axis=-1)
        routed = (mask * dvalues[..., np.newaxis]).reshape(n_samples, channels, out_h, out_w, p, p)
        self.dinputs = np.zeros(self.inputs.shape)
        self.dinputs[:, :, :out_h * p, :out_w * p] = routed.transpose(0, 1, 2, 4, 3, 5).reshape(
            n_samples, channels, out_h * p, out_w * p)


class Layer_Flatten:
    """(N, C, H, W) becomes (N, C * H * W), so that a dense layer can follow."""

    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs.reshape(len(inputs), -1)

    def backward(self, dvalues):
        self.dinputs = dvalues.reshape(self.inputs.shape)


def train(X, y, steps=80, batch_size=64):
    """Train Layer_Conv2D(1, 8, 3, padding=1), ReLU, Layer_MaxPool2D(2), Layer_Flatten,
    Layer_Dense(128, 10) and softmax with cross-entropy, using Optimizer_Adam(learning_rate=0.02),
    for `steps` steps, each on the next batch_size images of (X, y): step `step` takes
    X[start:start + batch_size] with start = step * batch_size % len(X), so the batches wrap
    around the data, the one that reaches its end cut short.

    Returns (predict, losses): predict(inputs) gives the class index of each image, and losses
    holds the loss of every step.
    """
    layers = [Layer_Conv2D(1, 8, 3, padding=1), Activation_ReLU(), Layer_MaxPool2D(2), Layer_Flatten(),
              Layer_Dense(128, 10)]
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = copy.deepcopy(TEMPLATE0)
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
        dvalues = loss_activation.dinputs
        for layer in reversed(layers):
            layer.backward(dvalues)
            dvalues = layer.dinputs

        optimizer.pre_update_params()
        optimizer.update_params(layers[0])
        optimizer.update_params(layers[4])
        optimizer.post_update_params()

    def predict(inputs):
        values = inputs
        for layer in layers:
            layer.forward(values)
            values = layer.output
        return np.argmax(values, axis=1)

    return predict, losses


def load_digits():
    """scikit-learn's 1,797 handwritten digits: images (n, 1, 8, 8) scaled to [0, 1], and labels (n,)."""
    from sklearn.datasets import load_digits as load

    digits = load()
    return digits.images.reshape(-1, 1, 8, 8) / 16, digits.target


if __name__ == "__main__":
    np.random.seed(0)
    X, y = load_digits()
    order = np.random.permutation(len(X))
    X, y = X[order], y[order]
    try:
        predict, losses = train(X[:1500], y[:1500], steps=80)
        print(f"loss: {losses[0]:.3f} -> {losses[-1]:.3f}")
        print(f"accuracy on 297 held-out digits: {np.mean(predict(X[1500:]) == y[1500:]):.3f}")
    except NotImplementedError as exc:
        print(f"{exc} Fill it in, then run: grade challenge_17_convolution")


TEMPLATE0 = Optimizer_Adam(learning_rate=0.002)
