"""The pytest plugin that turns a spec file's tests into check results.

It provides the `run` fixture (a scenario on the learner's code in the worker
and on the reference here), skips a check whose prerequisite did not pass,
and records one CheckResult per check. The same object serves the checks that
`grader.judge.checks` runs without pytest, so both ways decide a check alike;
pytest itself, and its hooks (grader.judge.pytest_hooks), are imported only when pytest runs them.
"""
import copy
import dataclasses
import functools
import importlib

import numpy as np

from grader.expect import Mismatch, NotStarted
from grader.judge import messages
from grader.results import NOT_IMPORTED, CheckResult
from grader.sandbox import names_meant, wire
from grader.sandbox.supervisor import LearnerFailure, Printed


class ReferenceRunner:
    """Runs scenarios on the reference implementation, in this process, each (scenario, seed) once."""

    def __init__(self, scenarios, reference_module, deferred=False):
        """`deferred`: import the reference module at the first answer asked of it, or at `load`, not now."""
        self.scenarios = scenarios
        self.reference_module = reference_module
        self.answers = {}               # (scenario, seed) -> the reference's value, as first computed
        if not deferred:
            self.load()

    @functools.cached_property
    def reference(self):
        return importlib.import_module(self.reference_module)

    def load(self):
        """Import the reference module now, if not yet done."""
        self.reference  # noqa: B018

    def answer(self, scenario, seed):
        """The reference's value of `scenario`, with the seed the worker uses for the learner's code.

        Each caller gets a copy of its own: a class grading process judges many submissions with one runner,
        and nothing a check does to one submission's answers may reach the next's.
        """
        key = (scenario, seed)
        if key not in self.answers:
            function = getattr(self.scenarios, scenario)
            np.random.seed(seed)
            self.answers[key] = function(self.reference, np.random.default_rng(seed))
        return own_copy(self.answers[key])


def own_copy(value):
    """What copy.deepcopy(value) gives, made faster for what answers are made of: dicts, lists (wire.Sequence
    among them), tuples, numeric arrays, NumPy scalars, numbers and text. Anything else is deep-copied."""
    kind = type(value)
    if kind is dict:
        return {key: own_copy(item) for key, item in value.items()}
    if kind is np.ndarray and value.dtype.kind in "biufc":
        return value.copy(order="K")
    if kind in _IMMUTABLE or isinstance(value, np.generic):
        return value
    if kind is list or kind is tuple:
        return kind(own_copy(item) for item in value)
    if kind is wire.Sequence:
        return wire.Sequence([own_copy(item) for item in value], value.type_name)
    return copy.deepcopy(value)


_IMMUTABLE = frozenset({int, float, bool, str, bytes, type(None), complex})


class JudgePlugin:
    def __init__(self, sandbox=None, reference_runner=None, refused=None):
        self.figure_functions = []      # functions declared with grader.spec.figure
        self.spec_modules = []          # the spec files' modules, as pytest collected them
        self.start(sandbox, reference_runner, refused)

    def start(self, sandbox, reference_runner, refused=None, relocate=None, scenarios=None, stub=None):
        """Judge a new submission: results and cached answers start empty.

        `relocate(where)` turns a place in the file the worker imported into one the learner knows
        (a notebook's cell), or is None. `scenarios`: the challenge's scenario functions, whose docstrings
        say what a check set up (the reference's answers may be recorded ones, without them). `stub`: a
        grader.judge.stub_places.Stub, where a check that finds a name not written yet points to it.
        """
        self.sandbox = sandbox
        self.stub = stub
        self.reference = reference_runner
        self.scenarios = scenarios
        self.refused = refused          # a LearnerFailure that fails every check, or None
        self.relocate = relocate
        self.results = {}
        self.cache = {}
        self.printed = {}               # check id -> what the learner's code printed for it
        self.raised_in = {}             # check id -> the scenario in which the learner's code raised
        self.expected = {}              # (scenario, seed) -> the reference's answer, or what computing it raised

    def pytest_plugins(self):
        """The objects a pytest run of the checks needs: this plugin and the `run` fixture it serves."""
        from grader.judge.pytest_hooks import JudgeHooks
        from grader.judge.run_fixture import RunFixture

        return [JudgeHooks(self), RunFixture(self)]

    def run_for(self, info):
        """The `run` that spec files ask for: run(scenario, seed=0) -> (learner's value, reference's value)."""
        return lambda scenario, seed=0: self.run_scenario(scenario, seed, info.id, info.seconds)

    def expect_ahead(self, scenarios, seed=0):
        """Compute the reference's answers now, while the worker computes the learner's."""
        if self.refused is not None:
            return   # no check will ask for them
        for scenario in scenarios:
            self._expected(scenario, seed)

    def _expected(self, scenario, seed):
        key = (scenario, seed)
        if key not in self.expected:
            try:
                self.expected[key] = (self.reference.answer(scenario, seed), None)
            except Exception as exc:   # raised again in the check that asks, as if computed there
                self.expected[key] = (None, exc)
        want, raised = self.expected[key]
        if raised is not None:
            raise raised
        return want

    def run_scenario(self, scenario, seed, check_id, seconds=None):
        """(learner's value, reference's value) of one scenario, each computed once per run."""
        key = (scenario, seed)
        if key not in self.cache:
            try:
                got = self.sandbox.learner_answer(scenario, seed, seconds)
            except LearnerFailure as failure:
                got = (failure, Printed())
            self.cache[key] = (*got, self._expected(scenario, seed))
        got, printed, want = self.cache[key]
        if printed:
            self.printed[check_id] = self.printed.get(check_id, Printed()) + printed
        if isinstance(got, LearnerFailure):
            self.raised_in.setdefault(check_id, scenario)
            raise got
        if not isinstance(got, dict) or set(got) != set(want):
            raise LearnerFailure("exception", type="RuntimeError", message=messages.scenario_tampered(scenario))
        return got, want

    def draw_figures(self):
        """Attach each declared figure under the check it illustrates; one the learner's code cannot draw is left out."""
        for function in self.figure_functions:
            result = self._illustrated(function.figure_for)
            if result is None or result.status == "timeout" or self.refused is not None:
                continue
            try:
                result.figures.append(function(lambda scenario, seed=0: self.run_scenario(scenario, seed, result.id)))
            except (LearnerFailure, Mismatch, ValueError, TypeError, IndexError, KeyError):
                pass  # the check's own message already says what is wrong

    def _illustrated(self, check_ids):
        """The first of these checks, in the order they ran, that failed for a reason of its own;
        else the first of them, if it passed."""
        failing = [result for check_id, result in self.results.items()
                   if check_id in check_ids and result.status not in ("passed", "skipped")]
        home = self.results.get(check_ids[0])
        return failing[0] if failing else home if home is not None and home.status == "passed" else None

    def collected(self, modules):
        """The spec files' modules whose checks are about to run; their figure functions are drawn later."""
        self.spec_modules = list(modules)
        self.figure_functions = [value for module in self.spec_modules for value in vars(module).values()
                                 if callable(value) and hasattr(value, "figure_for")]

    def before_check(self, info):
        """Raise the refusal that fails every check; else the reason to skip this check, or None to run it."""
        if self.refused is not None:
            raise self.refused
        for dependency in info.depends:
            result = self.results.get(dependency)
            if result is None or result.status != "passed":
                # A check skipped after an import failure is one too, however far down the chain.
                return messages.prerequisite_not_passed(result.name if result else dependency, result is not None and (
                    result.at_import or result.message == NOT_IMPORTED))
        return None

    def record(self, info, error=None, skipped=None, check=None):
        """Record the check's result: its test raised `error` (None: it returned), or was skipped for `skipped`.
        `check`: the test function, which an error other than a Mismatch or a LearnerFailure runs again on the
        reference's own answers (reaches_a_verdict)."""
        learners = (error is not None and not isinstance(error, (Mismatch, LearnerFailure)) and check is not None
                    and reaches_a_verdict(check, self._expected))
        self.results[info.id] = self._after_what_it_uses(info, self._result(info, error, skipped, learners))

    def _after_what_it_uses(self, info, result):
        """`result`, said to follow from the first check of what its code uses (info.uses) that failed too, since
        what it found may come from there: one thing to fix first, and one cause in the reports."""
        if result.status not in ("failed", "error") or result.at_import or result.not_started:
            return result
        used = next((self.results[check_id] for check_id in info.uses if check_id in self.results
                     and self.results[check_id].status in ("failed", "error", "timeout")), None)
        if used is None:
            return result
        first = self.results.get(used.follows, used)   # what that check follows from in turn
        result.message, result.follows, result.mistake, result.where = (
            messages.follows_from(first.name), first.id, None, None)
        return result

    def _result(self, info, error, skipped=None, learners=False):
        status = status_of(error, skipped=skipped is not None)
        result = CheckResult(id=info.id, name=info.name, category=info.category, status=status,
                             score=info.points if status == "passed" else 0.0, max_score=info.points,
                             hint=info.hint, more_hints=len(info.hints) > 1, hidden=info.hidden)
        if skipped is not None:
            result.message = skipped
        elif isinstance(error, Mismatch):
            result.message, result.mistake = str(error), error.mistake
            result.not_started = isinstance(error, NotStarted)
            result.keep_output(self.printed.get(info.id, Printed()))
            result.figures = [error.figure] if error.figure is not None else []
            if error.hint:
                result.hint, result.more_hints = error.hint, False
        elif isinstance(error, LearnerFailure):
            at_import = self.sandbox.load_failure is error
            if self.relocate and error.where:
                error = dataclasses.replace(error, where=self.relocate(error.where))
            if self.relocate and error.kind == "exception":
                error = dataclasses.replace(error, message=self.relocate.relocate_message(error.message))
            setup = None if at_import else self._setup_of(self.raised_in.get(info.id))
            # A name or attribute the code lacks is about the code, not about what the check gave it.
            if error.kind != "exception" or error.type in ("NameError", "AttributeError"):
                setup = None
            advice = self.stub.base_missing(error.message) if (
                self.stub and error.kind == "exception" and error.type == "AttributeError") else ""
            result.message = messages.describe_failure(error, at_import, setup, advice)
            # An import stopped for its time: where to start is the top-level line that was running (the loop),
            # not whichever line inside it the clock happened to stop.
            top_level = (error.where or {}).get("top_level") if at_import and error.kind == "timeout" else None
            result.where = top_level if isinstance(top_level, dict) and top_level.get("line") else error.where
            result.not_started = error.kind == "not_started"
            if error.kind == "exception" and names_meant.LOOKED_FOR in error.message:
                result.mistake = "misspelt_name"
            result.missing = messages.not_defined_name(error)
            if result.missing:
                # The check's hint is about a wrong one; what helps first is what to write, and where.
                result.hint = self.stub.hint_for(result.missing) if self.stub else ""
                result.more_hints = False
            # What the file printed while it was imported is shown once, for the whole result.
            result.keep_output(Printed() if at_import else error.output)
            result.at_import = at_import
        elif learners:
            result.message = messages.unreadable_answer(error)
        elif error is not None:
            result.message = messages.grader_fault(error)
        result.message = messages.within_bounds(result.message)
        return result

    def _setup_of(self, scenario):
        """The "Sets up: ..." line of a scenario's docstring: what the check gave the learner's code."""
        function = getattr(self.scenarios, scenario or "", None)
        for paragraph in (getattr(function, "__doc__", None) or "").split("\n\n"):
            words = " ".join(paragraph.split())
            if words.startswith("Sets up:"):
                return words[len("Sets up:"):].strip()
        return None


def reaches_a_verdict(check, expected):
    """Whether `check` reaches a verdict on the reference's own answers (expected(scenario, seed)), each as the worker
    would send it: it passes, or fails with a Mismatch where the reference differs from what the challenge asks (a
    default the book sets otherwise). Where it does, an exception it raised on the learner's answers came from what
    the learner's code gave back (a mapping of other keys, a number where a list goes), which no scenario of the
    grader's would make; where it does not, the fault is the grader's."""
    def run(scenario, seed=0):
        want = expected(scenario, seed)
        return wire.decode(wire.encode(want)), want

    try:
        check(run)
    except Mismatch:
        return True
    except Exception:
        return False
    return True


# What each kind of LearnerFailure makes of a check; every other kind is an error.
STATUS_OF_KIND = {"timeout": "timeout", "not_started": "failed"}


def status_of(error, skipped=False):
    """The status of a check whose test raised `error` (None: it returned), decided here and only here."""
    if skipped:
        return "skipped"
    if error is None:
        return "passed"
    if isinstance(error, Mismatch):
        return "failed"
    if isinstance(error, LearnerFailure):
        return STATUS_OF_KIND.get(error.kind, "error")
    return "error"
