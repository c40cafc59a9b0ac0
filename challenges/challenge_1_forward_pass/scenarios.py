"""What each check runs on an implementation `nn`: the learner's file or the reference."""
import numpy as np

from grader.scenario_helpers import attributes, copied, random_probabilities, read_after, returned_or_raised


def _dense(nn, weights, biases):
    layer = nn.Layer_Dense(*weights.shape)
    layer.weights, layer.biases = weights, biases
    return layer


def _forward(layer, inputs):
    returned = layer.forward(inputs)
    return {"output": getattr(layer, "output", None), "returned": returned, "set": attributes(layer)}


def _forward_again(nn, layer, inputs, result):
    """`result` of a first forward pass, with the output of a second call of forward on other `inputs` (of another
    number of samples, unless the first call's one sample is given again), or what that call raised. The first output
    is copied first: a layer may write its next output into the same array."""
    result = {**result, "output": copied(result["output"])}
    again = read_after(nn, lambda: layer.forward(inputs), lambda: getattr(layer, "output", None))
    return {**result, "again_inputs": inputs, "again": again}


def dense_init(nn, rng):
    small, large = nn.Layer_Dense(4, 7), nn.Layer_Dense(60, 50)
    another = nn.Layer_Dense(60, 50)
    return {"weights": small.weights, "biases": small.biases,
            "large_weights": large.weights, "large_biases": large.biases, "another_weights": another.weights}


def dense_forward(nn, rng):
    """Sets up: set weights of shape (4, 3), (n_inputs, n_neurons) as the book stores them, and biases of
    shape (1, 3) on a Layer_Dense(4, 3), then called forward with inputs of shape (6, 4) and (1, 4)."""
    inputs = rng.standard_normal((6, 4))
    weights, biases = rng.standard_normal((4, 3)) * 0.5, rng.standard_normal((1, 3))
    layer = _dense(nn, weights, biases)
    result = _forward(layer, inputs)
    weights_after, biases_after = (copied(getattr(layer, name, None)) for name in ("weights", "biases"))
    single = _dense(nn, weights, biases)
    one = _forward(single, inputs[:1].copy())
    # The same sample again, a copy of its own: a forward pass that draws random numbers gives another output.
    one_again = _forward_again(nn, single, inputs[:1].copy(), one)
    result = _forward_again(nn, layer, rng.standard_normal((9, 4)), result)
    return {"inputs": inputs, "weights": weights, "biases": biases,
            "output": result["output"], "returned": result["returned"], "one_sample": one_again["output"],
            "one_sample_again": one_again["again"], "weights_after": weights_after, "biases_after": biases_after,
            "set": result["set"], "again_inputs": result["again_inputs"], "again": result["again"]}


def relu_forward(nn, rng):
    inputs = np.round(rng.standard_normal((5, 4)), 2)
    inputs[0, :2] = 0.0
    inputs[1, :2] = 1e-4, -1e-4   # close to 0 on either side: ReLU keeps the first whole
    given = inputs.copy()
    relu = nn.Activation_ReLU()
    result = _forward(relu, given)
    result = _forward_again(nn, relu, np.round(rng.standard_normal((8, 4)), 2), result)
    # Far from 0, on its own (a large value in the batch above would widen its tolerance): ReLU has no upper limit,
    # where a ReLU6 or a clip at 100 has.
    far = FAR_FROM_ZERO.copy()
    return {"inputs": inputs, "given_after": given, **result, "far_inputs": FAR_FROM_ZERO,
            "far": _forward(nn.Activation_ReLU(), far)["output"]}


FAR_FROM_ZERO = np.array([[1e6, -1e6, 250.0, 7.0]])


def softmax_forward(nn, rng):
    # A square batch: an axis or keepdims mistake gives wrong numbers instead of an error.
    inputs = rng.standard_normal((3, 3)) * 2
    given = inputs.copy()
    softmax = nn.Activation_Softmax()
    result = _forward(softmax, given)
    result = _forward_again(nn, softmax, rng.standard_normal((5, 3)) * 2, result)
    return {"inputs": inputs, "given_after": given, **result}


def softmax_rows(nn, rng):
    inputs = rng.standard_normal((6, 4)) * 3
    one = rng.standard_normal((1, 4)) * 3
    return {"inputs": inputs, **_forward(nn.Activation_Softmax(), inputs.copy()), "one_inputs": one,
            "one": returned_or_raised(nn, lambda: _forward(nn.Activation_Softmax(), one.copy())["output"])}


def _clear_of_the_clip(rng, samples, classes):
    """Predicted probabilities (random_probabilities) between 0.05 and 0.95: a clip of the learner's own, at bounds
    other than the book's, is judged by cce_clipping and does not show in the checks of the losses' values first."""
    return np.clip(random_probabilities(rng, samples, classes, scale=2), 0.05, 0.95)


def cce_batch_of_one(nn, rng):
    """The loss of one sample, with its class index and with its one-hot row: a squeeze of the batch axis shows."""
    y_pred, label = _clear_of_the_clip(rng, 1, 3), rng.integers(0, 3, 1)
    loss = nn.Loss_CategoricalCrossentropy
    return {"y_pred": y_pred, "y_true": label,
            "sparse": returned_or_raised(nn, lambda: copied(loss().forward(y_pred.copy(), label.copy()))),
            "onehot": returned_or_raised(nn, lambda: copied(loss().forward(y_pred.copy(), np.eye(3)[label])))}


def softmax_large(nn, rng):
    # The last row lies far below the batch's largest value: only each row's own max keeps it finite.
    inputs = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0], [800.0, 800.0, 799.0], [0.0, 1.0, 2.0]])
    return {"inputs": inputs, **_forward(nn.Activation_Softmax(), inputs.copy())}


def cce_sparse(nn, rng):
    y_pred, y_true = _clear_of_the_clip(rng, 6, 3), rng.integers(0, 3, 6)
    # As many samples as classes: class indices then have the length of a one-hot row.
    square_pred, square_true = _clear_of_the_clip(rng, 3, 3), np.array([2, 0, 1])
    # Four classes: a class count written into the code shows.
    wide_pred, wide_true = _clear_of_the_clip(rng, 5, 4), np.array([3, 0, 2, 3, 1])
    # The first loss object again, on a batch of another size: a size kept from its first call shows.
    again_pred = _clear_of_the_clip(rng, 9, 4)
    again_true = rng.integers(0, 4, 9)
    loss = nn.Loss_CategoricalCrossentropy()
    return {"y_pred": y_pred, "y_true": y_true,
            "losses": copied(loss.forward(y_pred.copy(), y_true.copy())),
            "square_pred": square_pred, "square_true": square_true,
            "square_losses": nn.Loss_CategoricalCrossentropy().forward(square_pred.copy(), square_true.copy()),
            "wide_pred": wide_pred, "wide_true": wide_true,
            "wide_losses": returned_or_raised(nn, nn.Loss_CategoricalCrossentropy().forward, wide_pred.copy(),
                                      wide_true.copy()),
            "again_losses": returned_or_raised(nn, loss.forward, again_pred.copy(), again_true.copy())}



def cce_onehot(nn, rng):
    y_pred, labels = _clear_of_the_clip(rng, 6, 3), rng.integers(0, 3, 6)
    y_true = np.eye(3)[labels]
    wide_pred, wide_true = _clear_of_the_clip(rng, 5, 4), np.eye(4)[[3, 0, 2, 3, 1]]
    return {"y_pred": y_pred, "y_true": y_true, "labels": labels,
            "losses": nn.Loss_CategoricalCrossentropy().forward(y_pred.copy(), y_true.copy()),
            "wide_losses": returned_or_raised(nn, nn.Loss_CategoricalCrossentropy().forward, wide_pred.copy(),
                                      wide_true.copy()),
            "integer_losses": returned_or_raised(nn, nn.Loss_CategoricalCrossentropy().forward, y_pred.copy(),
                                                 y_true.astype(int))}


def cce_clipping(nn, rng):
    # Predictions of exactly 0 and exactly 1 for the true class: both ends of the clip.
    y_pred = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]])
    y_true = np.array([0, 0, 2])
    given, targets = y_pred.copy(), y_true.copy()
    return {"y_pred": y_pred, "y_true": y_true,
            "losses": nn.Loss_CategoricalCrossentropy().forward(given, targets), "given_after": given,
            "targets_after": targets}


def cce_clipping_onehot(nn, rng):
    # The predictions of cce_clipping, with the same true classes as one-hot rows: the one-hot branch clips too.
    y_pred = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]])
    y_true = np.eye(3)[[0, 0, 2]]
    given, targets = y_pred.copy(), y_true.copy()
    return {"y_pred": y_pred, "y_true": y_true,
            "losses": nn.Loss_CategoricalCrossentropy().forward(given, targets), "given_after": given,
            "targets_after": targets}


def loss_calculate(nn, rng):
    y_pred, y_true = _clear_of_the_clip(rng, 8, 3), rng.integers(0, 3, 8)
    # The same loss again, on more samples: a count kept from its first call shows.
    again_pred = _clear_of_the_clip(rng, 11, 3)
    again_true = rng.integers(0, 3, 11)
    loss = nn.Loss_CategoricalCrossentropy()
    return {"y_pred": y_pred, "y_true": y_true, "loss": loss.calculate(y_pred.copy(), y_true.copy()),
            "again_loss": returned_or_raised(nn, loss.calculate, again_pred.copy(), again_true.copy())}


def network_forward(nn, rng):
    """The chapter-5 network, with weights set so any correct implementation agrees.

    Sets up: built Layer_Dense(2, 3) and Layer_Dense(3, 3) with weights of shapes (2, 3) and (3, 3),
    (n_inputs, n_neurons) as the book stores them, then passed inputs of shape (30, 2) through the network."""
    inputs = rng.uniform(-1, 1, (30, 2))
    y_true = rng.integers(0, 3, 30)
    dense1 = _dense(nn, rng.standard_normal((2, 3)), rng.standard_normal((1, 3)) * 0.1)
    dense2 = _dense(nn, rng.standard_normal((3, 3)), rng.standard_normal((1, 3)) * 0.1)
    activation1, activation2 = nn.Activation_ReLU(), nn.Activation_Softmax()
    dense1.forward(inputs)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    loss = nn.Loss_CategoricalCrossentropy().calculate(activation2.output, y_true)
    return {"output": activation2.output, "loss": loss}


GRID = 48


def _trained_weights(inputs, labels, rng, hidden=32, steps=300, rate=0.05):
    """A small network trained with plain NumPy and Adam, so the picture shows real decision regions."""
    params = [rng.standard_normal((2, hidden)) * 0.5, np.zeros((1, hidden)),
              rng.standard_normal((hidden, 3)) * 0.5, np.zeros((1, 3))]
    first, second = [np.zeros_like(p) for p in params], [np.zeros_like(p) for p in params]
    one_hot = np.eye(3)[labels]
    for step in range(1, steps + 1):
        hidden_in = inputs @ params[0] + params[1]
        hidden_out = np.maximum(0, hidden_in)
        scores = hidden_out @ params[2] + params[3]
        exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
        dscores = (exp / exp.sum(axis=-1, keepdims=True) - one_hot) / len(inputs)
        dhidden = (dscores @ params[2].T) * (hidden_in > 0)
        grads = [inputs.T @ dhidden, dhidden.sum(axis=0, keepdims=True),
                 hidden_out.T @ dscores, dscores.sum(axis=0, keepdims=True)]
        for p, g, m, v in zip(params, grads, first, second):
            m[:] = 0.9 * m + 0.1 * g
            v[:] = 0.999 * v + 0.001 * g * g
            p -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-7)
    return params


def figure_decision_regions(nn, rng):
    from nnfs.datasets import spiral_data

    inputs, labels = spiral_data(samples=60, classes=3)
    inputs = np.asarray(inputs, dtype=float)
    w1, b1, w2, b2 = _trained_weights(inputs, labels, rng)
    axis = np.linspace(-1, 1, GRID)
    grid = np.array([[x, y] for y in axis for x in axis])
    dense1, dense2 = _dense(nn, w1, b1), _dense(nn, w2, b2)
    activation1, activation2 = nn.Activation_ReLU(), nn.Activation_Softmax()
    dense1.forward(grid)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    return {"inputs": inputs, "labels": labels, "classes": activation2.output}
