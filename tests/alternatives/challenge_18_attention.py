"""Challenge 18: attention (beyond the book, after chapters 9 to 10).

A correct solution written differently from solutions/ (einsum, np.split and np.stack, np.var,
the positional encoding one value at a time). Check it with:

    grade challenge_18_attention

Run this file (python main.py) to train a one-block Transformer to reverse short sequences.
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


# --- Beyond the book: attention on (batch, sequence, features) arrays ------------

MASK_VALUE = -1e9


def softmax(scores):
    """Softmax over the last axis of an array of any shape."""
    shifted = scores - scores.max(axis=-1, keepdims=True)
    return np.exp(shifted) / np.exp(shifted).sum(axis=-1, keepdims=True)


def causal_mask(length):
    """True where query i may look at key j (j <= i)."""
    positions = np.arange(length)
    return positions[np.newaxis, :] <= positions[:, np.newaxis]


class Attention:
    """Scaled dot-product attention with einsum, over any leading axes."""

    def forward(self, q, k, v, mask=None):
        self.q, self.k, self.v = q, k, v
        scores = np.einsum("...id,...jd->...ij", q, k) / np.sqrt(q.shape[-1])
        if mask is not None:
            scores = scores.copy()
            scores[..., ~np.broadcast_to(mask, scores.shape[-2:])] = MASK_VALUE
        self.attention_weights = softmax(scores)
        self.output = np.einsum("...ij,...jd->...id", self.attention_weights, v)

    def backward(self, dvalues):
        a = self.attention_weights
        self.dv = np.einsum("...ij,...id->...jd", a, dvalues)
        da = np.einsum("...id,...jd->...ij", dvalues, self.v)
        # The softmax's Jacobian diag(a) - a aᵀ, applied row by row.
        ds = a * da - a * np.einsum("...ij,...ij->...i", a, da)[..., np.newaxis]
        ds = ds / np.sqrt(self.q.shape[-1])
        self.dq = np.einsum("...ij,...jd->...id", ds, self.k)
        self.dk = np.einsum("...ij,...id->...jd", ds, self.q)


def split_heads(inputs, n_heads):
    """(batch, sequence, d_model) → (batch, n_heads, sequence, d_head): the features cut into n_heads slices."""
    return np.stack(np.split(inputs, n_heads, axis=2), axis=1)


def merge_heads(inputs):
    """(batch, n_heads, sequence, d_head) → (batch, sequence, n_heads * d_head)."""
    return np.concatenate(list(np.moveaxis(inputs, 1, 0)), axis=2)


class Layer_MultiHeadAttention:
    """Self-attention with n_heads heads; the four projections are dense layers."""

    def __init__(self, d_model, n_heads):
        self.n_heads = n_heads
        self.dense_q = Layer_Dense(d_model, d_model)
        self.dense_k = Layer_Dense(d_model, d_model)
        self.dense_v = Layer_Dense(d_model, d_model)
        self.dense_o = Layer_Dense(d_model, d_model)
        self.attention = Attention()

    def _project(self, dense, values):
        shape = values.shape
        dense.forward(values.reshape(-1, shape[-1]))
        return dense.output.reshape(shape[:-1] + (-1,))

    def _project_back(self, dense, dvalues):
        shape = dvalues.shape
        dense.backward(dvalues.reshape(-1, shape[-1]))
        return dense.dinputs.reshape(shape[:-1] + (-1,))

    def forward(self, inputs, mask=None):
        q = split_heads(self._project(self.dense_q, inputs), self.n_heads)
        k = split_heads(self._project(self.dense_k, inputs), self.n_heads)
        v = split_heads(self._project(self.dense_v, inputs), self.n_heads)
        self.attention.forward(q, k, v, mask=mask)
        self.output = self._project(self.dense_o, merge_heads(self.attention.output))

    def backward(self, dvalues):
        dmerged = self._project_back(self.dense_o, dvalues)
        self.attention.backward(split_heads(dmerged, self.n_heads))
        self.dinputs = sum(self._project_back(dense, merge_heads(d)) for dense, d in
                           ((self.dense_q, self.attention.dq), (self.dense_k, self.attention.dk),
                            (self.dense_v, self.attention.dv)))


class Layer_LayerNorm:
    """Each position normalised over its features (np.var is the biased variance), then gamma * x + beta."""

    def __init__(self, n_features, epsilon=1e-5):
        self.gamma = np.ones((1, n_features))
        self.beta = np.zeros((1, n_features))
        self.epsilon = epsilon

    def forward(self, inputs):
        self.inputs = inputs
        self.std = np.sqrt(np.var(inputs, axis=-1, keepdims=True) + self.epsilon)
        self.normalized = (inputs - np.mean(inputs, axis=-1, keepdims=True)) / self.std
        self.output = self.normalized * self.gamma + self.beta

    def backward(self, dvalues):
        n = dvalues.shape[-1]
        rows = dvalues.reshape(-1, n)
        self.dbeta = rows.sum(axis=0).reshape(1, n)
        self.dgamma = (rows * self.normalized.reshape(-1, n)).sum(axis=0).reshape(1, n)
        g = dvalues * self.gamma
        self.dinputs = (n * g - g.sum(axis=-1, keepdims=True)
                        - self.normalized * (g * self.normalized).sum(axis=-1, keepdims=True)) / (n * self.std)


def positional_encoding(length, d_model):
    """sin(pos / 10000 ** (2i / d_model)) at feature 2i, cos at 2i + 1, one value at a time."""
    encoding = np.zeros((length, d_model))
    for pos in range(length):
        for feature in range(d_model):
            angle = pos / 10000 ** (2 * (feature // 2) / d_model)
            encoding[pos, feature] = np.sin(angle) if feature % 2 == 0 else np.cos(angle)
    return encoding


class Transformer:
    """One encoder block: embedding plus positions, self-attention and a feed-forward block with residuals and
    layer norms, then a dense layer to the tokens."""

    def __init__(self, vocabulary, length, d_model=32, n_heads=2, d_ff=64):
        self.vocabulary = vocabulary
        self.d_model = d_model
        self.embedding = Layer_Dense(vocabulary, d_model)
        self.positions = positional_encoding(length, d_model)
        self.attention = Layer_MultiHeadAttention(d_model, n_heads)
        self.norm1 = Layer_LayerNorm(d_model)
        self.dense1 = Layer_Dense(d_model, d_ff)
        self.relu = Activation_ReLU()
        self.dense2 = Layer_Dense(d_ff, d_model)
        self.norm2 = Layer_LayerNorm(d_model)
        self.classifier = Layer_Dense(d_model, vocabulary)

    def trainable_layers(self):
        """The dense layers, which the book's Optimizer_Adam updates."""
        return [self.embedding, self.attention.dense_q, self.attention.dense_k, self.attention.dense_v,
                self.attention.dense_o, self.dense1, self.dense2, self.classifier]

    def _rows(self, values):
        return values.reshape(-1, values.shape[-1])

    def forward(self, tokens, mask=None):
        shape = tokens.shape + (self.d_model,)
        one_hot = (tokens.reshape(-1, 1) == np.arange(self.vocabulary)).astype(float)
        self.embedding.forward(one_hot)
        x = self.embedding.output.reshape(shape) + self.positions[:tokens.shape[1]]
        self.attention.forward(x, mask)
        self.norm1.forward(self.attention.output + x)
        self.dense1.forward(self._rows(self.norm1.output))
        self.relu.forward(self.dense1.output)
        self.dense2.forward(self.relu.output)
        self.norm2.forward(self.dense2.output.reshape(shape) + self.norm1.output)
        self.classifier.forward(self._rows(self.norm2.output))
        self.output = self.classifier.output.reshape(tokens.shape + (self.vocabulary,))

    def backward(self, dvalues):
        shape = dvalues.shape[:2] + (self.d_model,)
        self.classifier.backward(self._rows(dvalues))
        self.norm2.backward(self.classifier.dinputs.reshape(shape))
        residual = self.norm2.dinputs
        self.dense2.backward(self._rows(residual))
        self.relu.backward(self.dense2.dinputs)
        self.dense1.backward(self.relu.dinputs)
        self.norm1.backward(residual + self.dense1.dinputs.reshape(shape))
        residual = self.norm1.dinputs
        self.attention.backward(residual)
        self.embedding.backward(self._rows(residual + self.attention.dinputs))

    def predict(self, tokens):
        """The most likely token at every position."""
        self.forward(tokens)
        return self.output.argmax(axis=2)


def train(X, Y, steps=150, batch_size=32):
    """Train a Transformer on X (n, length) with targets Y, Adam with learning rate 0.01; return (model, losses)."""
    vocabulary = int(max(X.max(), Y.max())) + 1
    model = Transformer(vocabulary, X.shape[1])
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=0.01)
    losses = []
    starts = (np.arange(steps) * batch_size) % len(X)
    for start in starts:
        batch_X, batch_Y = X[start:start + batch_size], Y[start:start + batch_size]
        model.forward(batch_X)
        targets = batch_Y.ravel()
        losses.append(loss_activation.forward(model.output.reshape(len(targets), vocabulary), targets))
        loss_activation.backward(loss_activation.output, targets)
        model.backward(loss_activation.dinputs.reshape(model.output.shape))
        optimizer.pre_update_params()
        for layer in model.trainable_layers():
            optimizer.update_params(layer)
        optimizer.post_update_params()
    return model, np.array(losses)


if __name__ == "__main__":
    np.random.seed(0)
    X = np.random.randint(0, 8, (1200, 6))
    Y = X[:, ::-1].copy()
    model, losses = train(X[:1000], Y[:1000])
    print(f"tokens right on 200 held-out sequences: {np.mean(model.predict(X[1000:]) == Y[1000:]):.3f}")
