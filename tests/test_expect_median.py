"""expect.median: np.median's number, without loading numpy.ma into the judge."""
import subprocess
import sys

import numpy as np
import pytest

from grader import expect


@pytest.mark.parametrize("size", [1, 2, 3, 10, 11, 400])
def test_the_median_is_numpys(size):
    values = np.random.default_rng(size).standard_normal(size)
    assert expect.median(values) == float(np.median(values))


def test_a_median_with_a_nan_or_of_nothing_is_nan_and_of_huge_values_is_inf():
    assert np.isnan(expect.median([1.0, np.nan, 2.0]))
    assert np.isnan(expect.median([]))
    with np.errstate(all="raise"):
        assert expect.median([1e308, 1e308]) == np.inf


def test_taking_a_median_loads_no_more_of_numpy():
    code = ("import sys, numpy; from grader import expect; before = set(sys.modules); expect.median([3.0, 1.0]); "
            "print(sorted(set(sys.modules) - before))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"
