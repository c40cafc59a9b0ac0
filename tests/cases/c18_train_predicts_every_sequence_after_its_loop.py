# challenge_18_attention, correct: train also predicts every sequence after its loop, to print an accuracy (a forward pass beside the steps)
"""Challenge 18: attention (beyond the book, after chapters 9 to 10).

The book's dense layer, ReLU, softmax with cross-entropy and Adam are given. Write the parts
marked TODO, then check your work with:

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
# Every array is (batch, sequence, features); heads add an axis: (batch, heads, sequence, features).
# The attention softmax runs over the last axis, the keys. A mask is True where a query may look;
# the scores it hides become MASK_VALUE before the softmax.

MASK_VALUE = -1e9


def softmax(scores):
    """Softmax over the last axis of an array of any shape."""
    exp_values = np.exp(scores - np.max(scores, axis=-1, keepdims=True))
    return exp_values / np.sum(exp_values, axis=-1, keepdims=True)


def causal_mask(length):
    """(length, length) booleans, True where query i may look at key j, that is j <= i."""
    return np.tril(np.ones((length, length), dtype=bool))


class Attention:
    """Scaled dot-product attention: softmax(q · kᵀ / sqrt(d_k)) · v, over any leading axes."""

    def forward(self, q, k, v, mask=None):
        self.q, self.k, self.v = q, k, v
        scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])
        if mask is not None:
            scores = np.where(mask, scores, MASK_VALUE)
        self.attention_weights = softmax(scores)
        self.output = np.matmul(self.attention_weights, v)

    def backward(self, dvalues):
        weights = self.attention_weights
        self.dv = np.matmul(weights.swapaxes(-1, -2), dvalues)
        dweights = np.matmul(dvalues, self.v.swapaxes(-1, -2))
        dscores = weights * (dweights - np.sum(dweights * weights, axis=-1, keepdims=True)) / np.sqrt(self.q.shape[-1])
        self.dq = np.matmul(dscores, self.k)
        self.dk = np.matmul(dscores.swapaxes(-1, -2), self.q)


def split_heads(inputs, n_heads):
    """(batch, sequence, d_model) → (batch, n_heads, sequence, d_model // n_heads)."""
    batch, length, d_model = inputs.shape
    return inputs.reshape(batch, length, n_heads, d_model // n_heads).transpose(0, 2, 1, 3)


def merge_heads(inputs):
    """(batch, n_heads, sequence, d_head) → (batch, sequence, n_heads * d_head)."""
    batch, n_heads, length, d_head = inputs.shape
    return inputs.transpose(0, 2, 1, 3).reshape(batch, length, n_heads * d_head)


class Layer_MultiHeadAttention:
    """Self-attention with n_heads heads; the four projections are dense layers."""

    def __init__(self, d_model, n_heads):
        self.n_heads = n_heads
        self.dense_q = Layer_Dense(d_model, d_model)
        self.dense_k = Layer_Dense(d_model, d_model)
        self.dense_v = Layer_Dense(d_model, d_model)
        self.dense_o = Layer_Dense(d_model, d_model)
        self.attention = Attention()

    def forward(self, inputs, mask=None):
        batch, length, d_model = inputs.shape
        rows = inputs.reshape(-1, d_model)
        heads = []
        for dense in (self.dense_q, self.dense_k, self.dense_v):
            dense.forward(rows)
            heads.append(split_heads(dense.output.reshape(batch, length, d_model), self.n_heads))
        self.attention.forward(heads[0], heads[1], heads[2], mask)
        self.dense_o.forward(merge_heads(self.attention.output).reshape(-1, d_model))
        self.output = self.dense_o.output.reshape(batch, length, d_model)

    def backward(self, dvalues):
        batch, length, d_model = dvalues.shape
        self.dense_o.backward(dvalues.reshape(-1, d_model))
        self.attention.backward(split_heads(self.dense_o.dinputs.reshape(batch, length, d_model), self.n_heads))
        self.dense_q.backward(merge_heads(self.attention.dq).reshape(-1, d_model))
        self.dense_k.backward(merge_heads(self.attention.dk).reshape(-1, d_model))
        self.dense_v.backward(merge_heads(self.attention.dv).reshape(-1, d_model))
        dinputs = self.dense_q.dinputs + self.dense_k.dinputs + self.dense_v.dinputs
        self.dinputs = dinputs.reshape(batch, length, d_model)


class Layer_LayerNorm:
    """Each position's features scaled to mean 0 and variance 1, then multiplied by gamma and shifted by beta."""

    def __init__(self, n_features, epsilon=1e-5):
        self.gamma = np.ones((1, n_features))
        self.beta = np.zeros((1, n_features))
        self.epsilon = epsilon

    def forward(self, inputs):
        mean = np.mean(inputs, axis=-1, keepdims=True)
        variance = np.mean((inputs - mean) ** 2, axis=-1, keepdims=True)
        self.std = np.sqrt(variance + self.epsilon)
        self.normalized = (inputs - mean) / self.std
        self.output = self.gamma * self.normalized + self.beta

    def backward(self, dvalues):
        features = dvalues.shape[-1]
        self.dgamma = np.sum((dvalues * self.normalized).reshape(-1, features), axis=0, keepdims=True)
        self.dbeta = np.sum(dvalues.reshape(-1, features), axis=0, keepdims=True)
        dnormalized = dvalues * self.gamma
        self.dinputs = (dnormalized - np.mean(dnormalized, axis=-1, keepdims=True)
                        - self.normalized * np.mean(dnormalized * self.normalized, axis=-1, keepdims=True)) / self.std


def positional_encoding(length, d_model):
    """(length, d_model): sin(pos / 10000 ** (2i / d_model)) at feature 2i, cos of the same angle at 2i + 1."""
    positions = np.arange(length).reshape(-1, 1)
    angles = positions / 10000 ** (2 * (np.arange(d_model) // 2) / d_model)
    encoding = np.sin(angles)
    encoding[:, 1::2] = np.cos(angles[:, 1::2])
    return encoding


class Transformer:
    """One encoder block: one-hot tokens, an embedding plus positional encoding, self-attention and a
    feed-forward block (each added to its input, then layer-normalised), and a dense layer to the tokens."""

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

    def forward(self, tokens, mask=None):
        batch, length = tokens.shape
        one_hot = np.eye(self.vocabulary)[tokens]
        self.embedding.forward(one_hot.reshape(-1, self.vocabulary))
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
        self.norm1.backward(self.norm2.dinputs + self.dense1.dinputs.reshape(batch, length, self.d_model))
        self.attention.backward(self.norm1.dinputs)
        dembedded = self.norm1.dinputs + self.attention.dinputs
        self.embedding.backward(dembedded.reshape(-1, self.d_model))

    def predict(self, tokens):
        """The most likely token at every position: (batch, sequence)."""
        self.forward(tokens)
        return np.argmax(self.output, axis=-1)


def train(X, Y, steps=150, batch_size=32):
    """Train a Transformer on token sequences X (n, length) with targets Y (n, length), using
    Optimizer_Adam(learning_rate=0.01), for `steps` steps, each on the next batch_size sequences:
    step `step` takes X[start:start + batch_size] with start = step * batch_size % len(X), so the
    batches wrap around the data, the one that reaches its end cut short.

    Returns (model, losses): the trained Transformer, and the loss of every step.
    """
    vocabulary = int(max(X.max(), Y.max())) + 1
    model = Transformer(vocabulary, X.shape[1])
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=0.01)
    losses = []
    for step in range(steps):
        start = step * batch_size % len(X)
        batch_X, batch_Y = X[start:start + batch_size], Y[start:start + batch_size]

        model.forward(batch_X)
        losses.append(loss_activation.forward(model.output.reshape(-1, vocabulary), batch_Y.reshape(-1)))

        loss_activation.backward(loss_activation.output, batch_Y.reshape(-1))
        model.backward(loss_activation.dinputs.reshape(model.output.shape))

        optimizer.pre_update_params()
        for layer in model.trainable_layers():
            optimizer.update_params(layer)
        optimizer.post_update_params()
    accuracy = np.mean(model.predict(X) == Y)
    print(f'training accuracy after {steps} steps: {accuracy:.3f}')
    return model, losses


def reversal_task(n_sequences, length=6, vocabulary=8):
    """Random token sequences and the same sequences reversed: (X, Y), each (n_sequences, length)."""
    X = np.random.randint(0, vocabulary, (n_sequences, length))
    return X, X[:, ::-1].copy()


if __name__ == "__main__":
    np.random.seed(0)
    X, Y = reversal_task(1200)
    try:
        model, losses = train(X[:1000], Y[:1000])
        print(f"loss: {losses[0]:.3f} -> {losses[-1]:.3f}")
        print(f"tokens right on 200 held-out sequences: {np.mean(model.predict(X[1000:]) == Y[1000:]):.3f}")
        model.predict(X[1000:1001])
        print("the first head's attention for", X[1000], "(each row a query, each column a key):")
        print(np.round(model.attention.attention.attention_weights[0, 0], 2))
    except NotImplementedError as exc:
        print(f"{exc} Fill it in, then run: grade challenge_18_attention")
