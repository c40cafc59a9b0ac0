"""The judge's central differences: the batched form gives what the loop gives, and the specs' formulas that take
stacks of points give each point's own value."""
import numpy as np
import pytest

from grader import expect
from helpers import spec_module


def test_a_batched_numerical_gradient_equals_the_loop_and_leaves_x_alone():
    rng = np.random.default_rng(0)
    x, weights = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    seen = []

    def batched(points):
        seen.append(points.shape)
        return np.sum(np.tanh(points) * weights, axis=(-2, -1))

    before = x.copy()
    looped = expect.numerical_gradient(lambda point: np.sum(np.tanh(point) * weights), x)
    stacked = expect.numerical_gradient(batched, x, batched=True)
    assert seen == [(12, 3, 4), (12, 3, 4)]
    np.testing.assert_allclose(stacked, looped, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(stacked, weights / np.cosh(x) ** 2, rtol=1e-6)
    np.testing.assert_array_equal(x, before)


def test_the_convolution_spec_gives_each_point_of_a_stack_its_own_output():
    spec = spec_module("challenge_17_convolution")
    rng = np.random.default_rng(1)
    inputs, weights, biases = rng.standard_normal((2, 3, 7, 6)), rng.standard_normal((4, 3, 3, 3)), \
        rng.standard_normal((1, 4, 1, 1))
    stack = rng.standard_normal((5, 2, 3, 7, 6))
    outputs = spec._conv(stack, weights, biases, 2, 1)
    for point, output in zip(stack, outputs):
        np.testing.assert_allclose(output, spec._conv(point, weights, biases, 2, 1), rtol=1e-12, atol=1e-12)
    filters = rng.standard_normal((5, 4, 3, 3, 3))
    for point, output in zip(filters, spec._conv(inputs, filters, biases, 2, 1)):
        np.testing.assert_allclose(output, spec._conv(inputs, point, biases, 2, 1), rtol=1e-12, atol=1e-12)
    pools = rng.permutation(np.arange(5 * 2 * 3 * 9 * 11.0)).reshape(5, 2, 3, 9, 11)
    for point, pooled in zip(pools, spec._max_pool(pools, 2)):
        np.testing.assert_array_equal(pooled, spec._windows(point, 2).max(axis=(3, 5)))


@pytest.mark.parametrize("causal", [False, True])
def test_the_attention_spec_attends_one_query_at_a_time_for_each_point_of_a_stack(causal):
    spec = spec_module("challenge_18_attention")
    rng = np.random.default_rng(2)
    q, k, v = rng.standard_normal((5, 2, 4, 3)), rng.standard_normal((2, 4, 3)), rng.standard_normal((2, 4, 6))
    mask = np.tril(np.ones((4, 4), dtype=bool)) if causal else None
    scores = np.matmul(q, np.swapaxes(k, -1, -2)) / np.sqrt(3)
    if causal:
        scores = np.where(mask, scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    expected = np.matmul(weights / weights.sum(axis=-1, keepdims=True), v)
    np.testing.assert_allclose(spec._attention_loops(q, k, v, mask), expected, rtol=1e-12, atol=1e-12)


def test_the_checks_softmax_gives_each_point_of_a_stack_its_own_rows():
    from grader.expect import softmax

    stack = np.random.default_rng(3).standard_normal((5, 6, 4)) * 30
    for point, rows in zip(stack, softmax(stack)):
        np.testing.assert_allclose(rows, softmax(point), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(rows.sum(axis=-1), 1.0)
