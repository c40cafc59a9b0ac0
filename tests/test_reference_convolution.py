"""The reference's convolution layers: forward passes against independent formulations (explicit loops,
scipy.signal.correlate), every backward pass against central differences."""
import numpy as np
import pytest

from grader.expect import numerical_gradient
from reference import convolution as conv

# (image height, width, stride, padding): square and not, with and without stride and padding.
GEOMETRIES = [(7, 6, 1, 0), (7, 6, 2, 1), (5, 5, 1, 2), (8, 7, 3, 1)]


@pytest.fixture
def rng():
    return np.random.default_rng(11)


def _layer(rng, stride, padding, channels=3, filters=4, kernel_size=3):
    layer = conv.Layer_Conv2D(channels, filters, kernel_size, stride=stride, padding=padding)
    layer.weights = rng.standard_normal(layer.weights.shape)
    layer.biases = rng.standard_normal(layer.biases.shape)
    return layer


def _scipy_conv(inputs, weights, biases, stride, padding):
    """Each output map as a sum over channels of scipy's 2-D cross-correlation, then strided."""
    # Imported here: scipy.signal takes over a second to import, which every test process would pay at collection.
    from scipy.signal import correlate

    padded = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    return np.array([[sum(correlate(sample[c], kernel[c], mode="valid") for c in range(len(kernel)))
                      [::stride, ::stride] + biases[0, f, 0, 0] for f, kernel in enumerate(weights)]
                     for sample in padded])


@pytest.mark.parametrize("height, width, stride, padding", GEOMETRIES)
def test_conv_forward_matches_loops_and_scipy(rng, height, width, stride, padding):
    layer = _layer(rng, stride, padding)
    inputs = rng.standard_normal((2, 3, height, width))
    layer.forward(inputs)
    loops = conv.conv2d_loops(inputs, layer.weights, layer.biases, stride, padding)
    np.testing.assert_allclose(layer.output, loops, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(loops, _scipy_conv(inputs, layer.weights, layer.biases, stride, padding),
                               rtol=1e-10, atol=1e-12)
    assert layer.output.shape[2:] == (conv.output_size(height, 3, stride, padding),
                                      conv.output_size(width, 3, stride, padding))


@pytest.mark.parametrize("height, width, stride, padding", GEOMETRIES)
def test_conv_backward(rng, height, width, stride, padding):
    layer = _layer(rng, stride, padding)
    inputs = rng.standard_normal((2, 3, height, width))
    layer.forward(inputs)
    dvalues = rng.standard_normal(layer.output.shape)
    layer.backward(dvalues)

    def objective(x=inputs, w=layer.weights, b=layer.biases):
        return np.sum(conv.conv2d_loops(x, w, b, stride, padding) * dvalues)

    np.testing.assert_allclose(layer.dweights, numerical_gradient(lambda w: objective(w=w), layer.weights),
                               rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(layer.dbiases, numerical_gradient(lambda b: objective(b=b), layer.biases),
                               rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(layer.dinputs, numerical_gradient(lambda x: objective(x=x), inputs),
                               rtol=1e-5, atol=1e-7)


def test_col2im_is_the_adjoint_of_im2col(rng):
    inputs = rng.standard_normal((2, 3, 7, 6))
    columns = conv.im2col(inputs, 3, stride=2, padding=1)
    other = rng.standard_normal(columns.shape)
    # <im2col(x), c> = <x, col2im(c)> for every x and c: col2im is im2col's transpose.
    assert np.isclose(np.sum(columns * other), np.sum(inputs * conv.col2im(other, inputs.shape, 3, 2, 1)))


def test_max_pool_forward_and_backward(rng):
    inputs = rng.permutation(np.linspace(-1, 1, 2 * 3 * 7 * 6)).reshape(2, 3, 7, 6)
    pool = conv.Layer_MaxPool2D(2)
    pool.forward(inputs)
    loops = np.array([[[[inputs[n, c, 2 * i:2 * i + 2, 2 * j:2 * j + 2].max() for j in range(3)] for i in range(3)]
                       for c in range(3)] for n in range(2)])
    np.testing.assert_array_equal(pool.output, loops)
    dvalues = rng.standard_normal(pool.output.shape)
    pool.backward(dvalues)

    def objective(x):
        probe = conv.Layer_MaxPool2D(2)
        probe.forward(x)
        return np.sum(probe.output * dvalues)

    np.testing.assert_allclose(pool.dinputs, numerical_gradient(objective, inputs), rtol=1e-5, atol=1e-7)


def test_flatten_round_trip(rng):
    inputs = rng.standard_normal((3, 2, 4, 5))
    flatten = conv.Layer_Flatten()
    flatten.forward(inputs)
    assert flatten.output.shape == (3, 40)
    np.testing.assert_array_equal(flatten.output[1], inputs[1].ravel())
    flatten.backward(flatten.output * 2)
    np.testing.assert_array_equal(flatten.dinputs, inputs * 2)


def test_small_cnn_learns_the_digits():
    from sklearn.datasets import load_digits

    digits = load_digits()
    X, y = digits.images.reshape(-1, 1, 8, 8) / 16, digits.target
    order = np.random.RandomState(3).permutation(len(X))
    X, y = X[order], y[order]
    np.random.seed(0)
    predict, losses = conv.train(X[:1500], y[:1500], steps=80, batch_size=64)
    assert len(losses) == 80 and losses[-1] < 0.5 * losses[0]
    assert np.mean(predict(X[1500:]) == y[1500:]) >= 0.9
