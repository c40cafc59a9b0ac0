"""The reference of challenge 13: chapter 15's network against central differences, dropout switched off when
measuring, validation data kept out of training, and the validation gap closing on the challenge's budget."""
import numpy as np
import pytest
from nnfs.datasets import spiral_data

import reference.regularized_training as rt
from grader.course import load_challenge
from grader.expect import numerical_gradient
from grader.modules import import_path
from grader.scenario_helpers import fixed_start
from helpers import ROOT


def _spiral(samples, seed):
    np.random.seed(seed)
    return spiral_data(samples=samples, classes=3)


def _network(rng, l2=0.01, dropout=0.5):
    network = rt.Network(l2=l2, dropout=dropout, hidden=8)
    for layer in (network.dense1, network.dense2):
        layer.weights = rng.standard_normal(layer.weights.shape) * 0.5
        layer.biases = rng.standard_normal(layer.biases.shape) * 0.5
    return network


def test_network_backward_matches_central_differences():
    """The loss the optimizer minimises is the data loss plus the penalties; the same dropout mask throughout."""
    rng = np.random.default_rng(3)
    X, y = _spiral(10, 0)
    network = _network(rng)
    network.dense2.weight_regularizer_l2 = 0.02

    def objective(**parameters):
        for name, value in parameters.items():
            layer, attribute = name.split("_")
            setattr(getattr(network, layer), attribute, value)
        np.random.seed(11)
        return network.forward(X, y, training=True) + network.regularization_loss()

    objective()
    network.backward(y)
    gradients = {f"{layer}_{attribute}": getattr(getattr(network, layer), f"d{attribute}").copy()
                 for layer in ("dense1", "dense2") for attribute in ("weights", "biases")}
    for name, analytic in gradients.items():
        layer, attribute = name.split("_")
        start = getattr(getattr(network, layer), attribute).copy()
        numeric = numerical_gradient(lambda value: objective(**{name: value}), start.copy())
        setattr(getattr(network, layer), attribute, start)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7, err_msg=name)


def test_dropout_drops_nothing_when_the_network_is_measured():
    network = _network(np.random.default_rng(4))
    X, y = _spiral(20, 1)
    first = rt.evaluate(network, X, y)
    assert np.array_equal(network.dropout1.output, network.activation1.output)
    assert rt.evaluate(network, X, y) == first
    loss = network.forward(X, y, training=True)
    assert np.mean(network.dropout1.output[network.activation1.output > 0] == 0) == pytest.approx(0.5, abs=0.15)
    assert loss != first[1]


def test_the_validation_data_never_reach_training():
    X, y = _spiral(20, 2)
    runs = []
    for samples, seed in ((100, 3), (40, 4)):
        X_val, y_val = _spiral(samples, seed)
        np.random.seed(5)
        runs.append(rt.train_and_validate(X, y, X_val, y_val, steps=20))
    assert (runs[0]["train_accuracy"], runs[0]["train_loss"]) == (runs[1]["train_accuracy"], runs[1]["train_loss"])
    assert runs[0]["validation_loss"] != runs[1]["validation_loss"]


@pytest.fixture(scope="module")
def scenarios():
    challenge = load_challenge(ROOT / "challenges" / "challenge_13_regularized_training")
    return import_path("_scenarios_of_challenge_13", challenge.path / "scenarios.py")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_l2_and_dropout_close_the_gap_whatever_masks_dropout_draws(scenarios, seed):
    """The gap check's data and starting weights, with dropout masks from other seeds than the check's: a correct
    solution that draws its masks in another way still passes. (On other data 500 steps are not always enough.)"""
    X, y = scenarios._spiral(20, 6)
    X_val, y_val = scenarios._spiral(100, 7)
    gaps = []
    for l2, dropout in ((0, 0), (rt.L2, rt.DROPOUT)):
        with fixed_start(rt, scenarios._starting):
            np.random.seed(100 + seed)
            result = rt.train_and_validate(X, y, X_val, y_val, l2=l2, dropout=dropout, steps=rt.STEPS)
        gaps.append(result["validation_loss"] - result["train_loss"])
    assert 0 < gaps[1] < 0.5 * gaps[0], gaps
