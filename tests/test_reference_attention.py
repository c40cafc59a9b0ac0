"""The reference's attention layers: forward passes against independent formulations (loops over the batch and
the heads, a softmax over each query's allowed prefix, the paper's formula one value at a time), every backward
pass against central differences, and the one-block Transformer learning to reverse sequences."""
import subprocess
import sys

import numpy as np
import pytest

from reference import attention as at
from reference.numerical import numerical_gradient


@pytest.fixture
def rng():
    return np.random.default_rng(17)


def _loops(q, k, v, mask=None):
    """Attention for one (sequence, features) sample, one query at a time, over the keys it may see."""
    output = np.zeros((len(q), v.shape[1]))
    for i in range(len(q)):
        allowed = range(len(k)) if mask is None else [j for j in range(len(k)) if mask[i, j]]
        scores = np.array([q[i] @ k[j] for j in allowed]) / np.sqrt(q.shape[1])
        weights = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
        output[i] = sum(weight * v[j] for weight, j in zip(weights, allowed))
    return output


def test_import_has_no_side_effects():
    code = ("import numpy as np; dot, state = np.dot, np.random.get_state()[1].copy(); import reference.attention; "
            "assert np.dot is dot; assert (np.random.get_state()[1] == state).all(); print('clean')")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.stdout.strip() == "clean", completed.stderr


@pytest.mark.parametrize("masked", [False, True])
def test_attention_forward_matches_loops(rng, masked):
    q, k, v = rng.standard_normal((3, 5, 4)), rng.standard_normal((3, 5, 4)), rng.standard_normal((3, 5, 2))
    mask = at.causal_mask(5) if masked else None
    attention = at.Attention()
    attention.forward(q, k, v, mask)
    expected = np.array([_loops(q[b], k[b], v[b], mask) for b in range(3)])
    np.testing.assert_allclose(attention.output, expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(attention.attention_weights.sum(axis=-1), 1.0)
    if masked:
        assert np.all(attention.attention_weights[:, ~mask] == 0)
        # The first query sees only itself, so it returns its own value.
        np.testing.assert_allclose(attention.output[:, 0], v[:, 0])


def test_attention_over_heads_matches_each_head(rng):
    q, k, v = rng.standard_normal((2, 3, 4, 5)), rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((2, 3, 6, 2))
    attention = at.Attention()
    attention.forward(q, k, v)
    for b in range(2):
        for h in range(3):
            np.testing.assert_allclose(attention.output[b, h], _loops(q[b, h], k[b, h], v[b, h]), rtol=1e-10)


@pytest.mark.parametrize("masked", [False, True])
def test_attention_backward(rng, masked):
    q, k, v = rng.standard_normal((2, 4, 3)), rng.standard_normal((2, 4, 3)), rng.standard_normal((2, 4, 2))
    mask = at.causal_mask(4) if masked else None
    dvalues = rng.standard_normal((2, 4, 2))
    attention = at.Attention()
    attention.forward(q, k, v, mask)
    attention.backward(dvalues)

    def objective(q=q, k=k, v=v):
        probe = at.Attention()
        probe.forward(q, k, v, mask)
        return np.sum(probe.output * dvalues)

    np.testing.assert_allclose(attention.dq, numerical_gradient(lambda x: objective(q=x), q), rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(attention.dk, numerical_gradient(lambda x: objective(k=x), k), rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(attention.dv, numerical_gradient(lambda x: objective(v=x), v), rtol=1e-5, atol=1e-8)


def test_heads_split_features_and_merge_back(rng):
    inputs = rng.standard_normal((2, 5, 6))
    heads = at.split_heads(inputs, 3)
    assert heads.shape == (2, 3, 5, 2)
    np.testing.assert_array_equal(heads[1, 2, 4], inputs[1, 4, 4:6])
    np.testing.assert_array_equal(at.merge_heads(heads), inputs)


def _multi_head_layer(rng, d_model=6, n_heads=3):
    layer = at.Layer_MultiHeadAttention(d_model, n_heads)
    for dense in (layer.dense_q, layer.dense_k, layer.dense_v, layer.dense_o):
        dense.weights, dense.biases = rng.standard_normal(dense.weights.shape), rng.standard_normal(dense.biases.shape)
    return layer


def test_multi_head_forward_matches_loops_over_heads(rng):
    layer = _multi_head_layer(rng)
    inputs, mask = rng.standard_normal((2, 5, 6)), at.causal_mask(5)
    layer.forward(inputs, mask)
    q, k, v = (inputs @ dense.weights + dense.biases for dense in (layer.dense_q, layer.dense_k, layer.dense_v))
    heads = [np.array([_loops(q[b, :, 2 * h:2 * h + 2], k[b, :, 2 * h:2 * h + 2], v[b, :, 2 * h:2 * h + 2], mask)
                       for b in range(2)]) for h in range(3)]
    expected = np.concatenate(heads, axis=-1) @ layer.dense_o.weights + layer.dense_o.biases
    np.testing.assert_allclose(layer.output, expected, rtol=1e-10, atol=1e-12)


def test_multi_head_backward(rng):
    layer = _multi_head_layer(rng)
    inputs, mask, dvalues = rng.standard_normal((2, 4, 6)), at.causal_mask(4), rng.standard_normal((2, 4, 6))
    layer.forward(inputs, mask)
    layer.backward(dvalues)

    def objective(x=inputs):
        layer.forward(x, mask)
        return np.sum(layer.output * dvalues)

    np.testing.assert_allclose(layer.dinputs, numerical_gradient(objective, inputs), rtol=1e-5, atol=1e-8)
    for dense in (layer.dense_q, layer.dense_k, layer.dense_v, layer.dense_o):
        analytic, weights = dense.dweights.copy(), dense.weights
        np.testing.assert_allclose(analytic, numerical_gradient(lambda w: objective(), weights), rtol=1e-5, atol=1e-8)


def test_layernorm_forward_over_features_with_the_biased_variance(rng):
    inputs = rng.standard_normal((3, 4, 5)) * 4 + 2
    norm = at.Layer_LayerNorm(5)
    norm.gamma, norm.beta = rng.standard_normal((1, 5)), rng.standard_normal((1, 5))
    norm.forward(inputs)
    for b in range(3):
        for t in range(4):
            row = inputs[b, t]
            variance = sum((x - row.mean()) ** 2 for x in row) / len(row)
            expected = norm.gamma[0] * (row - row.mean()) / np.sqrt(variance + 1e-5) + norm.beta[0]
            np.testing.assert_allclose(norm.output[b, t], expected, rtol=1e-10)


def test_layernorm_backward(rng):
    inputs, dvalues = rng.standard_normal((3, 4, 5)) * 2, rng.standard_normal((3, 4, 5))
    norm = at.Layer_LayerNorm(5)
    norm.gamma, norm.beta = rng.standard_normal((1, 5)), rng.standard_normal((1, 5))
    gamma, beta = norm.gamma, norm.beta
    norm.forward(inputs)
    norm.backward(dvalues)

    def objective(x=inputs, g=gamma, b=beta):
        probe = at.Layer_LayerNorm(5)
        probe.gamma, probe.beta = g, b
        probe.forward(x)
        return np.sum(probe.output * dvalues)

    np.testing.assert_allclose(norm.dinputs, numerical_gradient(lambda x: objective(x=x), inputs), rtol=1e-5,
                               atol=1e-8)
    np.testing.assert_allclose(norm.dgamma, numerical_gradient(lambda g: objective(g=g), gamma), rtol=1e-5)
    np.testing.assert_allclose(norm.dbeta, numerical_gradient(lambda b: objective(b=b), beta), rtol=1e-5)


def test_positional_encoding_is_the_papers_formula():
    encoding = at.positional_encoding(7, 8)
    for pos in range(7):
        for i in range(4):
            angle = pos / 10000 ** (2 * i / 8)
            assert encoding[pos, 2 * i] == pytest.approx(np.sin(angle))
            assert encoding[pos, 2 * i + 1] == pytest.approx(np.cos(angle))


def test_transformer_backward(rng):
    model = at.Transformer(5, 4, d_model=8, n_heads=2, d_ff=12)
    for layer in model.trainable_layers():
        layer.weights = rng.standard_normal(layer.weights.shape) * 0.5
        layer.biases = rng.standard_normal(layer.biases.shape) * 0.1
    tokens, dvalues = rng.integers(0, 5, (3, 4)), rng.standard_normal((3, 4, 5))
    model.forward(tokens)
    model.backward(dvalues)

    def objective():
        model.forward(tokens)
        return np.sum(model.output * dvalues)

    for layer in model.trainable_layers():
        analytic = (layer.dweights.copy(), layer.dbiases.copy())
        np.testing.assert_allclose(analytic[0], numerical_gradient(lambda w: objective(), layer.weights), rtol=1e-4,
                                   atol=1e-7)
        np.testing.assert_allclose(analytic[1], numerical_gradient(lambda b: objective(), layer.biases), rtol=1e-4,
                                   atol=1e-7)


def test_transformer_learns_to_reverse_sequences():
    X = np.random.RandomState(5).randint(0, 8, (1200, 6))
    Y = X[:, ::-1].copy()
    np.random.seed(0)
    model, losses = at.train(X[:1000], Y[:1000], steps=150, batch_size=32)
    assert len(losses) == 150 and np.mean(losses[-10:]) < 0.25 * np.mean(losses[:5])
    assert np.mean(model.predict(X[1000:]) == Y[1000:]) >= 0.95
