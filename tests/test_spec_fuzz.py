"""Every check of every challenge, fed arbitrary learner values: it passes or fails with a Mismatch, never crashes."""
import importlib
import re
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import HypothesisException
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader import expect
from grader.sandbox import wire
from grader.course import load_challenges
from grader.judge.plugin import reaches_a_verdict
from grader.modules import import_path
from helpers import ROOT


def _cases():
    for challenge in load_challenges(ROOT):
        spec = import_path(f"fuzz_spec_{challenge.name}", challenge.spec)
        for name, function in vars(spec).items():
            if name.startswith("test_") and hasattr(function, "check_info"):
                yield pytest.param(challenge, function, id=f"{challenge.number}-{function.check_info.id}")


def _reference_result(challenge, scenario, cache={}):
    key = (challenge.name, scenario)
    if key not in cache:
        scenarios = import_path(f"fuzz_scenarios_{challenge.name}", challenge.scenarios)
        np.random.seed(0)
        cache[key] = getattr(scenarios, scenario)(importlib.import_module(challenge.reference),
                                                  np.random.default_rng(0))
    return cache[key]


def _numbers_replaced(text):
    """The reference's printed text with every number in it made of characters numbers are made of, in any
    order (`-`, `.`, `nan`...): a progress line a parser's pattern matches but whose numbers may not be numbers."""
    parts = re.split(r"(-?\d+(?:\.\d*)?(?:e[-+]?\d+)?)", text[-2000:])
    return st.tuples(*(st.text("-.0123456789naif", min_size=1, max_size=4) if number % 2 else st.just(part)
                       for number, part in enumerate(parts))).map("".join)


# Wrong types and odd arrays, whatever the expected value; lists whose items are anything.
_ITEMS = st.none() | st.booleans() | st.floats() | st.text(max_size=3) | st.lists(st.floats(), max_size=2)
_OTHERS = st.none() | st.booleans() | st.floats() | st.text(max_size=5) | st.lists(st.floats(), max_size=4) \
    | st.lists(_ITEMS, max_size=4) \
    | hnp.arrays(st.sampled_from([np.float64, np.float32, np.int32, np.bool_]),
                 hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6))


def _like(value):
    """Values a learner might return in place of `value`: near misses, wrong types, odd arrays."""
    if isinstance(value, str):
        return _OTHERS | _numbers_replaced(value)
    if isinstance(value, (list, tuple)) and value:
        # As long as the expected list, an item of any kind in any place (a setting that is a word, say).
        return _OTHERS | st.lists(_ITEMS, min_size=len(value), max_size=len(value))
    if isinstance(value, np.ndarray) and value.size:
        shaped = hnp.arrays(np.float64, value.shape)
        floats = value.astype(float)
        return _OTHERS | shaped | st.just(floats.T) | st.just(-floats) | st.just(floats * len(value))
    return _OTHERS


def _like_answer(challenge, scenario, key, cache={}):
    """_like of the reference's answer `key` to `scenario`, built once: hypothesis validates and analyses each
    new strategy object before drawing from it, which costs more than the draws themselves."""
    if (challenge.name, scenario, key) not in cache:
        cache[challenge.name, scenario, key] = _like(_reference_result(challenge, scenario)[key])
    return cache[challenge.name, scenario, key]


def _judged(challenge, check, run):
    """Run `check` on `run`'s answers: it passes, fails with a Mismatch that says something, or raises what the judge
    lays at the learner's door, an exception where the reference's own answers get a verdict
    (grader.judge.plugin.reaches_a_verdict): never a fault of the grader's."""
    try:
        check(run)
    except expect.Mismatch as mismatch:
        assert str(mismatch)
    except HypothesisException:
        raise    # hypothesis's own: a draw it rejected, not the check's
    except Exception:
        assert reaches_a_verdict(check, lambda scenario, seed=0: _reference_result(challenge, scenario))


class _DrawnAnswer(Mapping):
    """A learner's answer with the reference's keys, each value drawn when the check first reads it: a check reads
    a few of a scenario's values, and drawing the others would cost most of the run's time and judge nothing."""

    def __init__(self, data, challenge, scenario, want):
        self._data, self._challenge, self._scenario, self._want, self._drawn = data, challenge, scenario, want, {}

    def __getitem__(self, key):
        if key not in self._drawn:
            value = self._data.draw(_like_answer(self._challenge, self._scenario, key), label=key)
            # What arrives from the worker has been through the wire, like this.
            self._drawn[key] = wire.decode(wire.encode({key: value}))[key]
        return self._drawn[key]

    def __iter__(self):
        return iter(self._want)

    def __len__(self):
        return len(self._want)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
@pytest.mark.parametrize("challenge, check", list(_cases()))
def test_any_learner_value_gets_a_verdict(challenge, check, data):
    def run(scenario, seed=0):
        want = _reference_result(challenge, scenario)
        return _DrawnAnswer(data, challenge, scenario, want), want

    _judged(challenge, check, run)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
@pytest.mark.parametrize("challenge, check", list(_cases()))
def test_one_odd_value_in_an_otherwise_right_answer_gets_a_verdict(challenge, check, data):
    """The reference's own answer with one value replaced: the check reaches the code that reads that value, which
    an answer odd throughout would have stopped before (a learning rate that is a word, after right losses)."""
    def run(scenario, seed=0):
        want = _reference_result(challenge, scenario)
        odd = data.draw(st.sampled_from(sorted(want)), label="odd key") if want else None
        got = {key: data.draw(_like_answer(challenge, scenario, key), label=key) if key == odd else value
               for key, value in want.items()}
        return wire.decode(wire.encode(got)), want

    _judged(challenge, check, run)


def _not_finite(value):
    """`value` with every number of an array of floats infinite of either sign or NaN, by turns: what a diverging
    network hands back."""
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size:
        return np.resize(np.array([np.inf, -np.inf, np.nan], dtype=value.dtype), value.shape)
    return value


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("challenge, check", list(_cases()))
def test_answers_that_are_not_finite_get_a_verdict_without_a_numpy_warning(challenge, check):
    """The judge's statistics of a learner's values (means, spreads, differences) hold no warning for NaN or
    infinity: a check says what it found, where NumPy would print "invalid value encountered" beside it."""
    def run(scenario, seed=0):
        want = _reference_result(challenge, scenario)
        return wire.decode(wire.encode({key: _not_finite(value) for key, value in want.items()})), want

    try:
        check(run)
    except expect.Mismatch as mismatch:
        assert str(mismatch)

