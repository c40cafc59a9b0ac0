"""The reference Model for every kind of output (chapter 18), and its save and load (chapter 21):
Model.backward against central differences of the whole model's loss, the combined softmax and
cross-entropy only where it applies, the regression accuracy's precision, and a saved file
without the data of the last pass."""
import contextlib
import io
import pickle

import numpy as np
import pytest

import reference as nn
from grader.expect import numerical_gradient


def _model(layers, loss, accuracy):
    model = nn.Model()
    for layer in layers:
        model.add(layer)
    model.set(loss=loss, optimizer=nn.Optimizer_Adam(learning_rate=0.05), accuracy=accuracy)
    model.finalize()
    return model


def regression():
    return _model([nn.Layer_Dense(1, 8), nn.Activation_ReLU(), nn.Layer_Dense(8, 1), nn.Activation_Linear()],
                  nn.Loss_MeanSquaredError(), nn.Accuracy_Regression())


def binary():
    return _model([nn.Layer_Dense(2, 8, weight_regularizer_l1=0.1, weight_regularizer_l2=0.01), nn.Activation_ReLU(),
                   nn.Layer_Dense(8, 1), nn.Activation_Sigmoid()],
                  nn.Loss_BinaryCrossentropy(), nn.Accuracy_Categorical(binary=True))


def categorical(rate=0.2):
    return _model([nn.Layer_Dense(2, 8, weight_regularizer_l2=0.01), nn.Activation_ReLU(), nn.Layer_Dropout(rate),
                   nn.Layer_Dense(8, 3), nn.Activation_Softmax()],
                  nn.Loss_CategoricalCrossentropy(), nn.Accuracy_Categorical())


def _data(kind, rng, samples=30):
    inputs = rng.standard_normal((samples, 1 if kind == "regression" else 2))
    if kind == "regression":
        return inputs, np.sin(inputs)
    if kind == "binary":
        return inputs, (inputs[:, :1] > 0).astype(int)
    return inputs, rng.integers(0, 3, samples)


def _quietly(function, *args, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        function(*args, **kwargs)
    return printed.getvalue()


@pytest.mark.parametrize("make", [regression, binary, categorical])
def test_model_backward_matches_central_differences(make):
    """dweights of the first layer is the derivative of the data loss plus the penalties."""
    np.random.seed(3)
    rng = np.random.default_rng(3)
    model = make()
    inputs, targets = _data(make.__name__, rng)
    first = model.layers[0]
    first.weights = rng.standard_normal(first.weights.shape)

    def loss(weights):
        first.weights = weights
        np.random.seed(11)  # the same dropout mask at every probe
        output = model.forward(inputs, training=True)
        return model.loss.calculate(output, targets) + model.loss.regularization_loss()

    weights = first.weights.copy()
    numeric = numerical_gradient(loss, weights.copy())
    first.weights = weights
    np.random.seed(11)
    model.backward(model.forward(inputs, training=True), targets)
    np.testing.assert_allclose(first.dweights, numeric, rtol=1e-4, atol=1e-7)


def test_only_softmax_with_categorical_crossentropy_takes_the_combined_gradient():
    assert isinstance(categorical().softmax_classifier_output, nn.Activation_Softmax_Loss_CategoricalCrossentropy)
    assert regression().softmax_classifier_output is None
    assert binary().softmax_classifier_output is None
    softmax_squared = _model([nn.Layer_Dense(2, 3), nn.Activation_Softmax()], nn.Loss_MeanSquaredError(),
                             nn.Accuracy_Categorical())
    assert softmax_squared.softmax_classifier_output is None


def test_finalize_links_the_layers_and_keeps_only_the_dense_ones():
    model = categorical()
    assert model.layers[0].prev is model.input_layer and model.layers[-1].next is model.loss
    assert all(a.next is b and b.prev is a for a, b in zip(model.layers, model.layers[1:]))
    assert model.trainable_layers == [model.layers[0], model.layers[3]] == model.loss.trainable_layers
    assert model.output_layer_activation is model.layers[-1]


def test_the_regression_accuracy_sets_its_precision_once_unless_reinit():
    rng = np.random.default_rng(0)
    first, second = rng.standard_normal(50) * 3, rng.standard_normal(50)
    accuracy = nn.Accuracy_Regression()
    assert accuracy.precision is None
    accuracy.init(first)
    assert accuracy.precision == np.std(first) / 250
    accuracy.init(second)
    assert accuracy.precision == np.std(first) / 250
    accuracy.init(second, reinit=True)
    assert accuracy.precision == np.std(second) / 250
    targets = np.array([accuracy.precision / 2, 1.0 + accuracy.precision])
    assert accuracy.compare(np.array([0.0, 1.0]), targets).tolist() == [True, False]


def test_train_initialises_the_accuracy_and_reports_the_penalties():
    np.random.seed(0)
    rng = np.random.default_rng(0)
    inputs, targets = _data("regression", rng, 100)
    model = regression()
    _quietly(model.train, inputs, targets, epochs=2, batch_size=32)
    assert model.accuracy.precision == np.std(targets) / 250
    assert model.optimizer.iterations == 8

    model = binary()
    inputs, labels = _data("binary", rng, 100)
    last = _quietly(model.train, inputs, labels, epochs=3).strip().splitlines()[-1]
    data_loss, regularization_loss = model.loss.calculate_accumulated(include_regularization=True)
    assert regularization_loss > 0.01
    assert f"loss: {data_loss + regularization_loss:.3f} (data_loss: {data_loss:.3f}, " \
           f"reg_loss: {regularization_loss:.3f})" in last


def test_dropout_is_off_in_evaluate_and_predict():
    np.random.seed(1)
    inputs, labels = _data("categorical", np.random.default_rng(1))
    model = categorical(rate=0.5)
    first, second = model.predict(inputs), model.predict(inputs, batch_size=7)
    np.testing.assert_array_equal(first, second)
    assert _quietly(model.evaluate, inputs, labels) == _quietly(model.evaluate, inputs, labels)
    assert not np.allclose(model.forward(inputs, training=True), first)


def _arrays_with_a_sample_axis(value, lengths, path="model", seen=None):
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        return [path] if value.ndim and value.shape[0] in lengths else []
    if isinstance(value, (list, tuple)):
        return [p for n, item in enumerate(value)
                for p in _arrays_with_a_sample_axis(item, lengths, f"{path}[{n}]", seen)]
    if hasattr(value, "__dict__"):
        return [p for name, item in vars(value).items()
                for p in _arrays_with_a_sample_axis(item, lengths, f"{path}.{name}", seen)]
    return []


@pytest.mark.parametrize("make", [regression, binary, categorical])
def test_save_pops_the_data_of_the_last_pass_and_load_predicts_the_same(tmp_path, make):
    np.random.seed(2)
    inputs, targets = _data(make.__name__, np.random.default_rng(2), 50)
    model = make()
    _quietly(model.train, inputs, targets, epochs=2, batch_size=20, validation_data=(inputs[:10], targets[:10]))
    before = model.predict(inputs)
    model.save(tmp_path / "kept.model")
    loaded = nn.Model.load(tmp_path / "kept.model")
    np.testing.assert_array_equal(loaded.predict(inputs), before)
    np.testing.assert_array_equal(model.predict(inputs), before)
    with open(tmp_path / "kept.model", "rb") as f:
        saved = pickle.load(f)
    left = [path for path in _arrays_with_a_sample_axis(saved, (50, 20, 10))
            # The book's save leaves these two in place.
            if not path.endswith(".binary_mask") and not path.startswith("model.softmax_classifier_output")]
    assert left == []
