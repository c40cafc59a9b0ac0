import os
import signal
import sys
import tempfile
from pathlib import Path

# One BLAS thread in the test processes too, as `grade` gives its judge and worker: the suite runs in
# parallel workers on a few cores, where BLAS threads of their own only fight each other. Set before
# anything imports NumPy; the `grade` processes the tests start inherit it.
from grader.limits import ONE_BLAS_THREAD  # noqa: E402  (imports no NumPy)

for _variable, _value in ONE_BLAS_THREAD.items():
    os.environ.setdefault(_variable, _value)

# A test run started in the background of a non-interactive shell (`python -m pytest &` in a script) inherits SIGINT
# ignored, and so would every `grade` it starts, which Ctrl-C could then not stop: the tests that press Ctrl-C need
# the `grade` they start to take it as a terminal's foreground job does.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import golden  # noqa: E402
import helpers  # noqa: E402

# CI explores the same examples every run, so a red build is always reproducible.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
# Hypothesis keeps its examples and caches in the temporary folder, not in the checkout, where the suite writes
# nothing a `grade` run would not (README).
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "nnfs-grade-tests-hypothesis")


@pytest.hookimpl(optionalhook=True)    # pytest-xdist's hook: unknown when xdist is not loaded
def pytest_xdist_auto_num_workers(config):
    """`-n auto`: two test processes per core. Much of a test's time is spent waiting for the processes it starts
    (`grade`, a worker, Chromium, a kernel) and for limits to pass: with one test process per core, an idle
    2-core machine used as many CPU seconds as the run took seconds, one core's worth. PYTEST_XDIST_AUTO_NUM_WORKERS
    still decides when it is set."""
    if not os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return 2 * len(os.sched_getaffinity(0))
    return None


def pytest_configure(config):
    # A pytest-xdist worker's temporary folder lies in its run's own folder, which all the run's workers share.
    if hasattr(config, "workerinput"):
        helpers.share_graded_results_in(Path(config.option.basetemp).parent / "graded-once")


@pytest.fixture(scope="session")
def graded_course():
    """graded_course(challenge, "solution" or "stub") -> (exit status, JSON result), graded once per test run."""
    return lambda challenge, role: helpers.graded_once(("course", challenge, role),
                                                       lambda: golden.graded(challenge, role))
