"""Runs a challenge's checks as pytest runs them, without pytest: `grade` pays for the checks, not for a test framework.

Spec files stay pytest files. A check is a plain test function taking the `run`
fixture (grader.spec), and for such files this runner does what a pytest run
with the judge plugin does: it collects the `test*` functions of each spec file
in the order the file defines them, runs `before_check` as pytest's set-up,
calls the check with `run`, and records what it raised (grader.judge.plugin).
A spec file that asks more of pytest (another fixture, a mark, a test class,
module set-up, pytest itself) is not guessed at: `NeedsPytest` sends it to a
pytest run (grader.judge.grading.run_spec_files). tests/test_check_runner.py
proves both ways give byte-identical results.
"""
import contextlib
import inspect
import io
import warnings

# Module-level names through which pytest would do more than call the test functions.
PYTEST_HOOK_NAMES = ("setup_module", "teardown_module", "setUpModule", "tearDownModule", "setup_function",
                     "teardown_function", "pytestmark", "pytest_plugins")


@contextlib.contextmanager
def numpy_quiet():
    """No NumPy warning from what the judge computes on the learner's values (an inf, a NaN, an empty array): the
    check that reads them says what is wrong, where a warning would name a line of the grader, on the learner's
    terminal, or turn into an error the learner is blamed for where warnings are made errors (PYTHONWARNINGS). The
    worker's warnings about the learner's own code are its own process's, and show as before."""
    import numpy as np

    with np.errstate(all="ignore"), warnings.catch_warnings():
        # Not every warning of NumPy's goes through errstate: np.mean of an empty array warns by itself.
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


class NeedsPytest(Exception):
    """A spec file uses more of pytest than plain checks taking `run`: pytest itself must run it."""


class CheckRunner:
    """Runs the checks of challenges whose spec files it imported once, from the seal's text when there is one."""

    def __init__(self, seal=None):
        self.seal = seal
        self.collected = {}             # challenge name -> (spec modules, check functions in pytest's order)

    def collect(self, challenge):
        """(the spec modules, their check functions in pytest's order), imported once; raises NeedsPytest."""
        if challenge.name not in self.collected:
            modules, checks = [], []
            for path in challenge.spec_files:
                module = self._import(f"_spec_{challenge.name}_{path.stem}", path)
                modules.append(module)
                checks += checks_in(module)
            if not checks:
                raise NeedsPytest(f"{challenge.name} declares no checks")
            self.collected[challenge.name] = modules, checks
        return self.collected[challenge.name]

    def run(self, challenge, plugin):
        """Run the challenge's checks, `plugin` (a grader.judge.plugin.JudgePlugin) recording them."""
        modules, checks = self.collect(challenge)
        plugin.collected(modules)
        # What a check prints is not ours to show, as in a pytest run (grader.judge.grading.quiet_pytest).
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for function in checks:
                run_check(function, plugin)

    def _import(self, name, path):
        try:
            module = self.seal.module(name, path) if self.seal else _import_unsealed(name, path)
        except Exception as exc:
            # pytest reports a spec file that cannot be imported; let it say what is wrong.
            raise NeedsPytest(f"{path} could not be imported ({type(exc).__name__})") from exc
        return module


def run_check(function, plugin):
    """One check through pytest's phases: set-up (prerequisites, refusal), call, and its result recorded."""
    info = function.check_info
    try:
        skipped = plugin.before_check(info)
    except KeyboardInterrupt:
        raise
    except BaseException as error:   # as pytest: whatever a phase raises is that phase's failure
        plugin.record(info, error)
        return
    if skipped is not None:
        plugin.record(info, skipped=skipped)
        return
    try:
        function(plugin.run_for(info))
    except KeyboardInterrupt:
        raise
    except BaseException as error:
        plugin.record(info, error, check=function)
        return
    plugin.record(info)


def checks_in(module):
    """The check functions pytest would collect from `module`, in its order; raises NeedsPytest where pytest
    would do more than call them with `run`."""
    found = []
    for name, value in list(vars(module).items()):
        if name in PYTEST_HOOK_NAMES or _from_pytest(value) or _safe_getattr(value, "__test__") is not None:
            raise NeedsPytest(f"{module.__name__}.{name} is for pytest")
        if inspect.isclass(value):
            if name.startswith("Test"):
                raise NeedsPytest(f"{module.__name__}.{name} is a test class")
            continue
        if not name.startswith("test") or not callable(value):
            continue
        if not _plain_check(value):
            raise NeedsPytest(f"{module.__name__}.{name} is not a plain check taking `run`")
        found.append(value)
    return found


def _plain_check(function):
    if not inspect.isfunction(function) or not hasattr(function, "check_info") or hasattr(function, "pytestmark"):
        return False
    if inspect.iscoroutinefunction(function) or inspect.isgeneratorfunction(function) \
            or inspect.isasyncgenfunction(function):
        return False
    parameters = list(inspect.signature(function).parameters.values())
    return [(p.name, p.kind, p.default) for p in parameters] == [
        ("run", inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.empty)]


def _from_pytest(value):
    """Whether `value` is pytest, or one of its objects (a fixture, a mark, `pytest.skip`, ...)."""
    homes = [getattr(value, "__name__", None) if inspect.ismodule(value) else None,
             _safe_getattr(value, "__module__"), type(value).__module__]
    return any(isinstance(home, str) and home.split(".")[0] in ("pytest", "_pytest") for home in homes)


def _safe_getattr(value, name):
    try:
        return getattr(value, name, None)
    except Exception:
        return None


def _import_unsealed(name, path):
    from grader.modules import import_path

    return import_path(name, path, register=True)
