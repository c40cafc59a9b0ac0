"""The worker holds the grader's scenario files and helpers beside the learner's code, where that code can reach
them (sys.modules, the frames that call it, gc). None of their functions may answer what a challenge asks the
learner to write: called on the very arguments the checks pass to the learner's function, each gives something
else than the reference does."""
import ast
import contextlib
import copy
import functools
import inspect
import json
import signal
import types
import warnings

import numpy as np
import pytest

import grader.scenario_helpers
from grader.course import load_challenge
from grader.modules import import_path
from classroom import write_learner
from helpers import CHALLENGES, ROOT, run_grade, solution

SCENARIO_FILES = ("scenarios.py", "hidden_scenarios.py")
SECONDS_PER_CALL = 5


def _functions_to_write(challenge):
    """The module-level functions of the stub the learner writes: TODOs, or every one in a debugging challenge."""
    tree = ast.parse(challenge.pristine.read_text())   # the stub as shipped: main.py may hold the learner's work
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            raises = any(isinstance(inner, ast.Raise) and "NotImplementedError" in ast.unparse(inner)
                         for inner in ast.walk(node))
            if raises or challenge.kind == "debugging":
                names.append(node.name)
    return names


def _scenario_modules(challenge):
    return [import_path(f"_worker_memory_{challenge.number}_{number}", challenge.path / name)
            for number, name in enumerate(SCENARIO_FILES) if (challenge.path / name).is_file()]


@functools.lru_cache(maxsize=1)
def _held_by_every_worker():
    """Every function the scenario files of the whole course and the scenario helpers define (a zygote that serves
    several challenges holds all of their scenario files), but the scenarios themselves, which call `nn`."""
    found = {}
    modules = [grader.scenario_helpers] + [module for name in CHALLENGES
                                           for module in _scenario_modules(load_challenge(ROOT / "challenges" / name))]
    for module in modules:
        for name, value in vars(module).items():
            if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
                parameters = list(inspect.signature(value).parameters)
                if parameters[:1] != ["nn"]:
                    found[f"{module.__name__}.{name}"] = value
            elif isinstance(value, type) and value.__module__ == module.__name__:
                for attribute, method in vars(value).items():
                    if isinstance(method, (staticmethod, classmethod)):
                        found[f"{module.__name__}.{name}.{attribute}"] = method.__func__
    return found


class _Recorder(types.ModuleType):
    """The reference module, with the functions the learner writes recording the arguments each call gets."""

    def __init__(self, reference, names):
        super().__init__(reference.__name__)
        vars(self).update(vars(reference))
        self.calls = []
        for name in names:
            function = getattr(reference, name, None)
            if callable(function):
                setattr(self, name, self._recording(name, function))

    def _recording(self, name, function):
        def recorded(*args, **kwargs):
            self.calls.append((name, copy.deepcopy(args), copy.deepcopy(kwargs)))
            return function(*args, **kwargs)
        return recorded


def _run_every_scenario(challenge, recorder):
    """Each of the challenge's scenarios on `recorder`, which stands in for the reference module and records."""
    for module in _scenario_modules(challenge):
        for name, scenario in vars(module).items():
            if isinstance(scenario, types.FunctionType) and not name.startswith("_") \
                    and list(inspect.signature(scenario).parameters)[:2] == ["nn", "rng"] \
                    and scenario.__module__ == module.__name__:
                np.random.seed(0)
                try:
                    scenario(recorder, np.random.default_rng(0))
                except Exception:  # noqa: BLE001  (a scenario that needs more than this harness gives records less)
                    pass


def _calls_the_checks_make(challenge, names):
    import importlib

    recorder = _Recorder(importlib.import_module(challenge.reference), names)
    _run_every_scenario(challenge, recorder)
    return recorder.calls


def _same(a, b):
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[key], b[key]) for key in a)
    try:
        a, b = np.asarray(a), np.asarray(b)
        return a.dtype != object and a.shape == b.shape and a.size > 1 and bool(np.allclose(a, b))
    except (TypeError, ValueError):
        return False


def _ways_to_call(function, answer, args, kwargs):
    """Calls of `function` with the arguments the learner's function got: as they came, and by the names of the
    learner's function's parameters that `function` also has (defaults included), as a learner's code would adapt
    a helper it found."""
    yield lambda: function(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    try:
        bound = inspect.signature(answer).bind(*args, **kwargs)
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return
    bound.apply_defaults()
    shared = {name: value for name, value in bound.arguments.items() if name in parameters}
    yield lambda: function(**copy.deepcopy(shared))


def _timed_out(signum, frame):
    raise TimeoutError


@contextlib.contextmanager
def _at_most(seconds):
    """Ends what runs within after `seconds`, quietly: a function handed arguments meant for another may loop."""
    previous = signal.signal(signal.SIGALRM, _timed_out)
    signal.alarm(seconds)
    try:
        yield
    except TimeoutError:
        pass
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", CHALLENGES)
def test_no_function_the_worker_holds_answers_what_the_learner_writes(name):
    challenge = load_challenge(ROOT / "challenges" / name)
    names = _functions_to_write(challenge)
    calls = _calls_the_checks_make(challenge, names)
    assert calls or not names, f"{name}: no call to {names} was recorded, so this test would prove nothing"
    import importlib

    reference = importlib.import_module(challenge.reference)
    answers = []
    for function_name, args, kwargs in calls:
        np.random.seed(0)
        try:
            expected = getattr(reference, function_name)(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except OSError:
            continue   # it read files the scenario wrote and has removed
        if any(_same(expected, given) for given in (*args, *kwargs.values())):
            continue   # an answer that is one of its arguments is no answer to give away
        for held, function in _held_by_every_worker().items():
            with _at_most(SECONDS_PER_CALL):
                for attempt in _ways_to_call(function, getattr(reference, function_name), args, kwargs):
                    try:
                        np.random.seed(0)
                        # Arguments meant for another function make NumPy warn (a division by zero): no matter here.
                        with warnings.catch_warnings(), np.errstate(all="ignore"):
                            warnings.simplefilter("ignore")
                            given = attempt()
                    except Exception:  # noqa: BLE001  (most of them take other arguments)
                        continue
                    if _same(given, expected):
                        answers.append(f"{held} answers {function_name}")
    assert not answers, sorted(set(answers))


def _methods_to_write(challenge):
    """{class: [method]} of the stub's classes the learner writes, __init__ aside (its random weights answer nothing):
    TODOs, or every one in a debugging challenge."""
    tree = ast.parse(challenge.pristine.read_text())
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for method in node.body:
            if isinstance(method, ast.FunctionDef) and method.name != "__init__" and (
                    challenge.kind == "debugging" or any(isinstance(inner, ast.Raise) and "NotImplementedError" in
                                                         ast.unparse(inner) for inner in ast.walk(method))):
                found.setdefault(node.name, []).append(method.name)
    return found


class _MethodRecorder(types.ModuleType):
    """The reference module, its classes that the learner writes methods of replaced by subclasses whose methods
    record the first call each gets: the object's attributes before it, its arguments, and what it wrote."""

    def __init__(self, reference, methods):
        super().__init__(reference.__name__)
        vars(self).update(vars(reference))
        self.calls = {}
        for class_name, names in methods.items():
            cls = getattr(reference, class_name, None)
            if isinstance(cls, type):
                recording = {name: self._recording(class_name, name, getattr(cls, name)) for name in names
                             if callable(getattr(cls, name, None))}
                setattr(self, class_name, type(class_name, (cls,), recording))

    def _recording(self, class_name, name, method):
        calls = self.calls

        def recorded(own, *args, **kwargs):
            if (class_name, name) in calls:
                return method(own, *args, **kwargs)
            try:
                before, arguments = copy.deepcopy(vars(own)), copy.deepcopy((args, kwargs))
            except Exception:  # noqa: BLE001  (an object that cannot be copied is left unrecorded)
                return method(own, *args, **kwargs)
            returned = method(own, *args, **kwargs)
            written = {key: copy.deepcopy(value) for key, value in vars(own).items()
                       if key not in before or not _same(before[key], value)}
            calls[(class_name, name)] = (before, *arguments, written, copy.deepcopy(returned))
            return returned
        return recorded


def _arrays_in(value, depth=6):
    """The arrays of more than one number in `value` and in the lists, tuples, dicts and objects' attributes it
    holds, `depth` deep."""
    if isinstance(value, np.ndarray):
        if value.size > 1 and value.dtype != object:
            yield value
    elif depth and isinstance(value, (list, tuple)):
        for item in value:
            yield from _arrays_in(item, depth - 1)
    elif depth and isinstance(value, dict):
        for item in value.values():
            yield from _arrays_in(item, depth - 1)
    elif depth and hasattr(value, "__dict__") and not isinstance(value, (type, types.ModuleType, types.FunctionType)):
        yield from _arrays_in(vars(value), depth - 1)


class _Probe:
    """What stands in for the learner's object: its attributes alone."""


@pytest.mark.parametrize("name", CHALLENGES)
def test_no_function_the_worker_holds_writes_what_a_learners_method_writes(name):
    """Handed an object holding what the learner's object held and the arguments its method got, as the frames that
    call the learner's code would let it, no function the worker holds leaves on that object (or gives back) what the
    reference's method writes (self.output, self.dinputs, ...), which the learner's method could then take as its own.
    """
    challenge = load_challenge(ROOT / "challenges" / name)
    methods = _methods_to_write(challenge)
    import importlib

    recorder = _MethodRecorder(importlib.import_module(challenge.reference), methods)
    _run_every_scenario(challenge, recorder)
    assert recorder.calls or not methods, f"{name}: no call of {methods} was recorded, so this test would prove nothing"
    answers = []
    for (class_name, method_name), (before, args, kwargs, written, returned) in recorder.calls.items():
        # What the method wrote or gave back that is not made of what it was given or what the object (its layers
        # and all) held: an answer to give away.
        given = list(_arrays_in([args, kwargs, before]))
        targets = {key: value for key, value in [*written.items(), ("(returned)", returned)]
                   if not all(any(_same(one, other) for other in given) for one in _arrays_in(value))}
        if not targets:
            continue
        method = getattr(getattr(recorder, class_name).__base__, method_name)
        try:
            # The arguments as they came, and every parameter's in its order, defaults included.
            bound = inspect.signature(method).bind(None, *args, **kwargs)
            bound.apply_defaults()
            callings = [(args, kwargs), (tuple(bound.arguments.values())[1:], {})]
        except (TypeError, ValueError):
            callings = [(args, kwargs)]
        for held, function in _held_by_every_worker().items():
            with _at_most(SECONDS_PER_CALL):
                for positional, named in callings:
                    probe = _Probe()
                    vars(probe).update(copy.deepcopy(before))
                    try:
                        np.random.seed(0)
                        with warnings.catch_warnings(), np.errstate(all="ignore"):
                            warnings.simplefilter("ignore")
                            result = function(probe, *copy.deepcopy(positional), **copy.deepcopy(named))
                    except Exception:  # noqa: BLE001  (most of them take other arguments)
                        continue
                    left = {**vars(probe), "(returned)": result}
                    answers += [f"{held} writes {class_name}.{method_name}'s {key}" for key, value in targets.items()
                                if key in left and _same(left[key], value)]
    assert not answers, sorted(set(answers))


PROBES_OTHER_CHALLENGES = '''import sys
def _classes(cls=object):
    for sub in type.__subclasses__(cls):
        yield sub
        yield from _classes(sub)
found = set()
for cls in _classes():
    if str(getattr(cls, "__module__", "")).startswith("_nnfs_grade_preloaded"):
        for value in vars(cls).values():
            found |= {name for name in getattr(value, "__globals__", {}) if not name.startswith("__")}
print(sorted(found))
'''


def test_a_class_worker_finds_nothing_of_the_other_challenges_its_zygote_ran(tmp_path):
    """In class grading one zygote runs the scenario files of every challenge graded; a worker empties the other
    challenges' modules, whose classes stay reachable through object.__subclasses__()."""
    write_learner(tmp_path / "roster", "a-probes", {
        "challenges/challenge_3_activations/main.py": PROBES_OTHER_CHALLENGES.encode(),
        "challenges/challenge_18_attention/main.py": solution("challenge_18_attention").read_bytes()}, as_zip=False)
    completed = run_grade("report", tmp_path / "roster", "--out", tmp_path / "out", "-j", "1",
                          "--challenge", "3", "--challenge", "18", timeout=600)
    assert completed.returncode == 0, completed.stderr
    learner, = json.loads((tmp_path / "out" / "results.json").read_text())["learners"]
    result = next(entry["result"] for entry in learner["challenges"] if entry["challenge"] == "challenge_3_activations")
    assert result["load_output"].strip() == "[]", result["load_output"]


def test_the_helpers_that_make_inputs_take_numpys_generator_only():
    """A stand-in generator whose draws are chosen would turn them into a softmax the learner's code could call."""
    class Chosen:
        def standard_normal(self, shape):
            return np.ones(shape)

    for probabilities in (lambda rng: grader.scenario_helpers.random_probabilities(rng, 2, 3),
                          lambda rng: grader.scenario_helpers.random_scores_and_probabilities(rng, (2, 3))[1]):
        with pytest.raises(TypeError):
            probabilities(Chosen())
        assert np.allclose(probabilities(np.random.default_rng(0)).sum(axis=-1), 1.0)
