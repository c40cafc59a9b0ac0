"""Challenge 2: shape debugging (chapters 2 and 3 of the book).

Every function below runs, or nearly, but each has a bug in the shapes it
builds or combines. Run this file to see the shapes it prints, find the bugs,
fix them, and check your work with:

    grade challenge_2_shapes
"""
import numpy as np


def init_params(n_inputs, n_neurons):
    """Weights (n_inputs, n_neurons) as 0.01 · randn, and zero biases (1, n_neurons)."""
    weights = 0.01 * np.random.randn(n_neurons, n_inputs)
    biases = np.zeros(n_neurons)
    return weights, biases


def dense_forward(inputs, weights, biases):
    """The output of a dense layer for a batch of inputs."""
    return np.dot(inputs, weights) + biases.T


def forward_from_neuron_rows(inputs, neuron_weights, biases):
    """A dense layer whose weights are stored one row per neuron, as in chapter 3."""
    return np.dot(inputs, np.array(neuron_weights)) + biases


def as_batch(x):
    """A single sample (n,) as a batch (1, n); a batch (m, n) as it is."""
    return np.reshape(x, (-1, 1))


def two_layer_forward(inputs, w1, b1, w2, b2):
    """Two dense layers, one after the other, with no activation between them."""
    hidden = dense_forward(inputs, w1, b1)
    return dense_forward(hidden, w2.T, b2)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    inputs = rng.standard_normal((5, 4))
    for name, make in [
        ("init_params(4, 3) weights, biases", lambda: [p.shape for p in init_params(4, 3)]),
        ("dense_forward, 5 samples, 3 neurons", lambda: dense_forward(inputs, *init_params(4, 3)).shape),
        ("forward_from_neuron_rows, 3 neurons", lambda: forward_from_neuron_rows(
            inputs, rng.standard_normal((3, 4)), np.zeros(3)).shape),
        ("as_batch of shape (4,)", lambda: as_batch(np.ones(4)).shape),
        ("as_batch of shape (5, 4)", lambda: as_batch(inputs).shape),
        ("two_layer_forward, 4 -> 3 -> 2", lambda: two_layer_forward(
            inputs, *init_params(4, 3), *init_params(3, 2)).shape),
    ]:
        try:
            print(f"{name:40} {make()}")
        except ValueError as error:
            print(f"{name:40} ValueError: {error}")
