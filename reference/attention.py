"""Attention, layer normalisation and a one-block Transformer on (batch, sequence, features) arrays,
beyond the book (Vaswani et al. 2017, "Attention is all you need").

The layers keep the book's protocol: `forward` sets `output`, `backward(dvalues)`
sets `dinputs` (Attention, with three inputs, sets `dq`, `dk` and `dv`; LayerNorm
sets `dgamma` and `dbeta`). The attention softmax runs over the last axis, the
keys; a mask is True where a query may look, and the scores it hides are set to
MASK_VALUE before the softmax.
"""
import numpy as np

from reference.activations import Activation_ReLU
from reference.layers import Layer_Dense
from reference.losses import Activation_Softmax_Loss_CategoricalCrossentropy
from reference.optimizers import Optimizer_Adam

# Far enough below any score that its exponential is exactly 0, finite so that 0 * MASK_VALUE stays 0.
MASK_VALUE = -1e9


def softmax(scores):
    """Softmax over the last axis of an array of any shape."""
    # Subtract each row's maximum so np.exp cannot overflow.
    exp = np.exp(scores - np.max(scores, axis=-1, keepdims=True))
    return exp / np.sum(exp, axis=-1, keepdims=True)


def causal_mask(length):
    """(length, length) booleans, True where query i may look at key j: j <= i."""
    return np.tril(np.ones((length, length), dtype=bool))


class Attention:
    """Scaled dot-product attention: softmax(q · kᵀ / sqrt(d_k)) · v, over any leading axes."""

    def forward(self, q, k, v, mask=None):
        self.q, self.k, self.v, self.mask = q, k, v, mask
        scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])
        if mask is not None:
            scores = np.where(mask, scores, MASK_VALUE)
        self.attention_weights = softmax(scores)
        self.output = np.matmul(self.attention_weights, v)

    def backward(self, dvalues):
        weights = self.attention_weights
        self.dv = np.matmul(weights.swapaxes(-1, -2), dvalues)
        dweights = np.matmul(dvalues, self.v.swapaxes(-1, -2))
        # The softmax's Jacobian row by row; hidden positions have weight 0, so they get no gradient.
        dscores = weights * (dweights - np.sum(dweights * weights, axis=-1, keepdims=True))
        dscores = dscores / np.sqrt(self.q.shape[-1])
        self.dq = np.matmul(dscores, self.k)
        self.dk = np.matmul(dscores.swapaxes(-1, -2), self.q)


def split_heads(inputs, n_heads):
    """(batch, sequence, d_model) → (batch, n_heads, sequence, d_model / n_heads): each head a slice of features."""
    batch, length, d_model = inputs.shape
    return inputs.reshape(batch, length, n_heads, d_model // n_heads).transpose(0, 2, 1, 3)


def merge_heads(inputs):
    """(batch, n_heads, sequence, d_head) → (batch, sequence, n_heads · d_head), the inverse of split_heads."""
    batch, n_heads, length, d_head = inputs.shape
    return inputs.transpose(0, 2, 1, 3).reshape(batch, length, n_heads * d_head)


class Layer_MultiHeadAttention:
    """Self-attention with n_heads heads; the query, key, value and output projections are dense layers."""

    def __init__(self, d_model, n_heads):
        self.n_heads = n_heads
        self.dense_q, self.dense_k = Layer_Dense(d_model, d_model), Layer_Dense(d_model, d_model)
        self.dense_v, self.dense_o = Layer_Dense(d_model, d_model), Layer_Dense(d_model, d_model)
        self.attention = Attention()

    def forward(self, inputs, mask=None):
        self.inputs = inputs
        batch, length, d_model = inputs.shape
        # The book's dense layers take 2-D batches: every position of every sequence is one row.
        rows = inputs.reshape(-1, d_model)
        heads = []
        for dense in (self.dense_q, self.dense_k, self.dense_v):
            dense.forward(rows)
            heads.append(split_heads(dense.output.reshape(batch, length, d_model), self.n_heads))
        self.attention.forward(*heads, mask)
        self.dense_o.forward(merge_heads(self.attention.output).reshape(-1, d_model))
        self.output = self.dense_o.output.reshape(batch, length, d_model)

    def backward(self, dvalues):
        batch, length, d_model = dvalues.shape
        self.dense_o.backward(dvalues.reshape(-1, d_model))
        self.attention.backward(split_heads(self.dense_o.dinputs.reshape(batch, length, d_model), self.n_heads))
        # The inputs fed all three projections: their gradients add up.
        self.dinputs = np.zeros((batch * length, d_model))
        for dense, dheads in ((self.dense_q, self.attention.dq), (self.dense_k, self.attention.dk),
                              (self.dense_v, self.attention.dv)):
            dense.backward(merge_heads(dheads).reshape(-1, d_model))
            self.dinputs += dense.dinputs
        self.dinputs = self.dinputs.reshape(batch, length, d_model)


class Layer_LayerNorm:
    """Each position's features scaled to mean 0 and variance 1 (the biased variance), then gamma · x + beta."""

    def __init__(self, n_features, epsilon=1e-5):
        self.gamma = np.ones((1, n_features))
        self.beta = np.zeros((1, n_features))
        self.epsilon = epsilon

    def forward(self, inputs):
        self.inputs = inputs
        mean = np.mean(inputs, axis=-1, keepdims=True)
        variance = np.mean((inputs - mean) ** 2, axis=-1, keepdims=True)
        self.std = np.sqrt(variance + self.epsilon)
        self.normalized = (inputs - mean) / self.std
        self.output = self.gamma * self.normalized + self.beta

    def backward(self, dvalues):
        n_features = dvalues.shape[-1]
        self.dgamma = np.sum(dvalues * self.normalized, axis=tuple(range(dvalues.ndim - 1))).reshape(1, n_features)
        self.dbeta = np.sum(dvalues, axis=tuple(range(dvalues.ndim - 1))).reshape(1, n_features)
        dnormalized = dvalues * self.gamma
        # The mean and the variance depend on every feature of the position: two terms take that back out.
        self.dinputs = (dnormalized - np.mean(dnormalized, axis=-1, keepdims=True)
                        - self.normalized * np.mean(dnormalized * self.normalized, axis=-1, keepdims=True)) / self.std


def positional_encoding(length, d_model):
    """(length, d_model) sinusoids of section 3.5: sin(pos / 10000^(2i / d_model)) at feature 2i, cos at 2i + 1."""
    positions = np.arange(length)[:, np.newaxis]
    pairs = np.arange(d_model) // 2
    angles = positions / 10000 ** (2 * pairs / d_model)
    return np.where(np.arange(d_model) % 2 == 0, np.sin(angles), np.cos(angles))


class Transformer:
    """One encoder block on token sequences: one-hot tokens, an embedding, positional encoding, self-attention
    and a feed-forward block, each added to its input and layer-normalised, then a dense layer to the tokens."""

    def __init__(self, vocabulary, length, d_model=32, n_heads=2, d_ff=64):
        self.vocabulary, self.d_model = vocabulary, d_model
        self.embedding = Layer_Dense(vocabulary, d_model)
        self.positions = positional_encoding(length, d_model)
        self.attention = Layer_MultiHeadAttention(d_model, n_heads)
        self.norm1, self.norm2 = Layer_LayerNorm(d_model), Layer_LayerNorm(d_model)
        self.dense1, self.relu, self.dense2 = Layer_Dense(d_model, d_ff), Activation_ReLU(), Layer_Dense(d_ff, d_model)
        self.classifier = Layer_Dense(d_model, vocabulary)

    def trainable_layers(self):
        """The dense layers, the ones the book's optimizer updates."""
        return [self.embedding, self.attention.dense_q, self.attention.dense_k, self.attention.dense_v,
                self.attention.dense_o, self.dense1, self.dense2, self.classifier]

    def forward(self, tokens, mask=None):
        batch, length = tokens.shape
        self.embedding.forward(np.eye(self.vocabulary)[tokens].reshape(-1, self.vocabulary))
        embedded = self.embedding.output.reshape(batch, length, self.d_model) + self.positions[:length]
        self.attention.forward(embedded, mask)
        self.norm1.forward(embedded + self.attention.output)
        self.dense1.forward(self.norm1.output.reshape(-1, self.d_model))
        self.relu.forward(self.dense1.output)
        self.dense2.forward(self.relu.output)
        self.norm2.forward(self.norm1.output + self.dense2.output.reshape(batch, length, self.d_model))
        self.classifier.forward(self.norm2.output.reshape(-1, self.d_model))
        self.output = self.classifier.output.reshape(batch, length, self.vocabulary)

    def backward(self, dvalues):
        batch, length, _ = dvalues.shape
        self.classifier.backward(dvalues.reshape(-1, self.vocabulary))
        self.norm2.backward(self.classifier.dinputs.reshape(batch, length, self.d_model))
        self.dense2.backward(self.norm2.dinputs.reshape(-1, self.d_model))
        self.relu.backward(self.dense2.dinputs)
        self.dense1.backward(self.relu.dinputs)
        # A residual connection passes its gradient on unchanged, beside the branch's.
        self.norm1.backward(self.norm2.dinputs + self.dense1.dinputs.reshape(batch, length, self.d_model))
        self.attention.backward(self.norm1.dinputs)
        dembedded = self.norm1.dinputs + self.attention.dinputs
        self.embedding.backward(dembedded.reshape(-1, self.d_model))

    def predict(self, tokens):
        self.forward(tokens)
        return np.argmax(self.output, axis=-1)


def train(X, Y, steps=150, batch_size=32, learning_rate=0.01):
    """A Transformer for sequences X (n, length) of tokens with targets Y (n, length), trained with Adam on
    batches taken in turn; returns (model, losses)."""
    vocabulary = int(max(X.max(), Y.max())) + 1
    model = Transformer(vocabulary, X.shape[1])
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=learning_rate)
    losses = []
    for step in range(steps):
        start = step * batch_size % len(X)
        batch_X, batch_Y = X[start:start + batch_size], Y[start:start + batch_size]
        model.forward(batch_X)
        # Every position of every sequence is one sample of the softmax over the tokens.
        losses.append(loss_activation.forward(model.output.reshape(-1, vocabulary), batch_Y.reshape(-1)))
        loss_activation.backward(loss_activation.output, batch_Y.reshape(-1))
        model.backward(loss_activation.dinputs.reshape(model.output.shape))
        optimizer.pre_update_params()
        for layer in model.trainable_layers():
            optimizer.update_params(layer)
        optimizer.post_update_params()
    return model, losses
