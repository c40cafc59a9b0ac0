"""Grades one submission of one challenge: the worker, pytest and the plugin together."""
import contextlib
import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path

from grader.judge.answer_cache import CachedReference, cached_reference
from grader.judge.answers import RecordedReference
from grader.judge.checks import CheckRunner, NeedsPytest, numpy_quiet
from grader.judge import messages
from grader.judge.discarded import discarded_calls
from grader.judge.loading import ask_to_load, import_scenarios, scenario_names, shipped_stub
from grader.judge.imports import python_text, refused_imports
from grader.modules import python_lines
from grader.judge.seal import CourseSeal
from grader.judge.submission import is_notebook, read_submission, script_encoding_note
from grader.results import GradeResult
from grader.sandbox.confinement import give_up
from grader.sandbox.supervisor import LearnerFailure, ProcessSpawner, Sandbox

JUDGE_INI = Path(__file__).with_name("judge.ini")
# Built-in pytest plugins a judge run does not need; leaving them out saves start-up time.
UNUSED_PLUGINS = ("assertion", "cacheprovider", "capture", "debugging", "doctest", "faulthandler",
                  "junitxml", "legacypath", "logging", "monkeypatch", "pastebin", "pytester",
                  "python_path", "recwarn", "reports", "setuponly", "setupplan", "skipping",
                  "stepwise", "subtests", "terminal", "threadexception", "tmpdir", "unittest",
                  "unraisableexception", "warnings")


# The named mistakes (grader.mistakes) that a thrown-away call of this NumPy function produces.
DISCARDED_EXPLAINS = {"clip": ("unclipped_log",), "max": ("no_max_shift",)}
_EXPLAINED = frozenset(mistake for mistakes in DISCARDED_EXPLAINS.values() for mistake in mistakes)


@dataclass
class Started:
    """A grading Judge.start began and Judge.finish ends: the worker computing, and what judging it needs."""

    challenge: object
    submission: Path
    figures: bool
    reference: object                 # the reference runner asked for, or None for the challenge's own
    sandbox: Sandbox                  # loading the learner's file, every scenario asked of it
    cleanup: contextlib.ExitStack     # closes the worker and removes a notebook's temporary main.py
    refused: object                   # the LearnerFailure of a refused import, or None
    relocate: object                  # a notebook's NotebookSource, relocate(where), or None
    notes: tuple
    scenarios: object
    default_reference: object
    names: list                       # the scenarios asked of the worker, in order
    content: bytes                    # the bytes of the file the worker got (a notebook's: of its code cells)


class SpecError(Exception):
    """A challenge's spec file could not be run: a fault in the course, not the submission."""


def grade(challenge, submission=None, figures=False, reference=None, sandbox=None, answer_cache=None,
          meanwhile=None, seal=None, content=None, scenarios=None, shown=None):
    """The GradeResult of `submission` (default: the challenge's own main.py).

    With `figures`, also draws the pictures the HTML report shows (their scenarios cost time);
    `reference` computes the expected answers (default: the reference, or its recorded answers);
    `sandbox` is a worker already started for this challenge, with no file loaded, or a callable that starts one
    once the course is loaded (grader.sandbox.forked.LateSandbox; default: one started here);
    `answer_cache`: the course's state folder, whose cache of the reference's answers is read and added to
    (grader.judge.answer_cache; only for the learner's own commands);
    `meanwhile`: called with no arguments while the worker computes, before the checks wait for it, where the
    worker is confined: it must import nothing of the grader (see grader.judge.seal);
    `seal`: the challenge's CourseSeal, if the caller made it already (default: made here); `content`: the bytes of
    a .py `submission`, if the caller read them already (Judge.start); `scenarios`: the challenge's scenarios, if
    the caller imported them already (grader.judge.loading.import_scenarios); `shown`: the name the learner handed
    the file in by, where `submission` is a copy under another (default: the file's own).
    """
    submission = Path(submission or challenge.stub).resolve()
    # Everything that judges is read before any of the learner's code runs (see grader.judge.seal).
    seal = seal or CourseSeal(challenge.path.parent.parent, [challenge])
    judge = Judge(check_runner(seal), seal=seal, expect_ahead=True, answer_cache=answer_cache, meanwhile=meanwhile)
    if scenarios is not None:
        judge.imported[challenge.name] = scenarios
    result = judge.grade(challenge, submission, figures, reference, sandbox, content, named=shown or True)
    from grader.sandbox.forked import zygote_gone

    if zygote_gone(sandbox):
        # No code of the file ran (an earlier grading's worker left the zygote more than its sweep empties): it is
        # graded again in a worker of grading's own, bubblewrap's, or unconfined with the result saying so.
        judge = Judge(check_runner(seal), seal=seal, expect_ahead=True, answer_cache=answer_cache)
        result = judge.grade(challenge, submission, figures, reference, None, content, named=shown or True)
    return with_course_checked(result, seal)


def check_runner(seal):
    """run_checks(challenge, plugin): without pytest where the spec files are plain checks (grader.judge.checks),
    else in a pytest run of their own. Spec files are imported once per challenge."""
    runner = CheckRunner(seal)

    def run_checks(challenge, plugin):
        try:
            runner.collect(challenge)
        except NeedsPytest:
            pass    # run below, outside this handler: what pytest reports is not chained to NeedsPytest
        else:
            return runner.run(challenge, plugin)
        run_spec_files(challenge, plugin, seal)

    return run_checks


class Judge:
    """The one judging sequence, shared by `grade` and the class grading processes (grader.judge.batch).

    Read the submission once, start a worker, load the course's side (scenarios, reference, pytest),
    then load the submission in the worker and ask for every scenario ahead, point the judge plugin
    at them, run the challenge's checks, and read the result off the plugin. `run_checks(challenge,
    plugin)` runs the checks: a pytest run of their own, or items a long-lived session collected.
    With a `seal` (grader.judge.seal), the course it judges with is kept as it was read. With `expect_ahead`,
    the reference's answers are computed while the worker computes the learner's, not after.
    """

    def __init__(self, run_checks, spawner=None, seal=None, expect_ahead=False, answer_cache=None, meanwhile=None):
        self.run_checks = run_checks
        self.spawner = spawner          # starts the worker processes (default: a new interpreter each)
        self.seal = seal
        self.expect_ahead = expect_ahead
        self.answer_cache = answer_cache  # the state folder whose cache of the reference's answers is used
        self.meanwhile = meanwhile      # called while the worker computes
        self.scenarios = {}             # challenge name -> its scenarios and reference, imported once
        self.imported = {}              # challenge name -> its scenarios, as the caller imported them
        self.stubs = {}                 # challenge name -> its stub as shipped, read once

    @functools.cached_property
    def plugin(self):
        # Imported once a worker is starting: NumPy and pytest load while it does.
        from grader.judge.plugin import JudgePlugin

        return JudgePlugin()

    def grade(self, challenge, submission, figures=False, reference=None, sandbox=None, content=None, named=True):
        """The GradeResult of `submission`, a .py file or a notebook (.ipynb) whose code cells run in order; its notes
        name the file by its own name, by `named` where that is a string (the name the learner handed it in by), or
        not at all where `named` is False (a copy under a name of the grader's, of whichever learner handed it in).

        Raises NotebookError when a notebook cannot be read, SubmissionRefused when the file is not a regular
        file within its size limit. A `sandbox` given (started, nothing loaded) is used and closed.
        """
        return self.finish(self.start(challenge, submission, figures, reference, sandbox, content=content,
                                      named=named))

    def start(self, challenge, submission, figures=False, reference=None, sandbox=None, spawner=None, content=None,
              named=True):
        """The first half of `grade`: the worker started, the learner's file loading in it and every scenario
        asked of it, so that it computes while this process judges something else; `finish` judges it.

        `spawner`: where the worker comes from when no `sandbox` is given (default: this judge's); `content`: the
        bytes of a .py `submission`, if read already: the judge reads the file once, and the worker, the refused
        imports and the caller's record of the result see the same bytes.
        Raises what `grade` raises for a file it cannot grade, with no worker left running.
        """
        with contextlib.ExitStack() as stack:
            shown = Path(submission).name if named is True else named or None
            path, relocate, notes = stack.enter_context(learner_file(submission, shown or "the notebook"))
            content = content if content is not None and relocate is None else read_submission(path)
            if relocate is None:
                notes = (*notes, *script_encoding_note(content, shown))
            refused = refusal(content, relocate)
            if sandbox is None:
                # A new interpreter starts Python and NumPy now, while the course loads; no learner's code yet.
                # A fork from a zygote waits for the load request, which it then finds as it starts.
                spawner = spawner or self.spawner or ProcessSpawner()
                sandbox = Sandbox(challenge.limits, spawner, start=spawner.starts_slowly)
            try:
                if callable(sandbox) and sandbox.ready():
                    sandbox = sandbox()   # its forked zygote made the sandbox while the judge read the course
                # Confined, the learner's code cannot change what this process reads or imports from then on, so
                # the worker loads the file while the judge loads the course (unless `grade N` had it load already:
                # grader.judge.loading.load_ahead). Unconfined, what judges is loaded before the learner's code
                # runs, while the worker starts.
                if not callable(sandbox) and sandbox.spawner.sandboxed and not sandbox.asked_to_load:
                    self.load_submission(sandbox, challenge, path, content)
                scenarios, default_reference = self.load_course(challenge)
                if callable(sandbox):
                    sandbox = sandbox()   # made while the course loaded
            except BaseException:
                sandbox.close()
                raise
            stack.callback(sandbox.close)
            names = scenario_names(scenarios, figures)
            if sandbox.spawner.sandboxed:
                # A sandbox made while the course loaded gets the file as soon as it is: the judge goes on with the
                # checks' modules while the worker computes.
                self._load_and_ask(sandbox, challenge, path, content, names)
            self.plugin  # noqa: B018  (imported while the worker starts)
            import_what_specs_import()
            if isinstance(default_reference, CachedReference) and not (
                    sandbox.spawner.sandboxed and default_reference.covers(names)):
                # Whatever decides a grade is read before any learner's code runs. A confined worker cannot change
                # the reference's files, so where the cache holds every answer it may be imported later, if at all.
                default_reference.runner.load()
            self._load_and_ask(sandbox, challenge, path, content, names)
            return Started(challenge, submission, figures, reference, sandbox, stack.pop_all(), refused, relocate,
                           notes, scenarios, default_reference, names, content)

    def finish(self, started):
        """The GradeResult of a grading `start` began; its worker is closed."""
        challenge, sandbox, default_reference = started.challenge, started.sandbox, started.default_reference
        with started.cleanup:
            plugin = self.plugin
            plugin.start(sandbox, started.reference or default_reference, started.refused, started.relocate,
                         started.scenarios, self.stub_of(challenge))
            if self.expect_ahead:
                plugin.expect_ahead(started.names)
            if self.meanwhile is not None and sandbox.spawner.sandboxed:
                # Only a confined worker leaves the grader's files, and so the templates, as they were read.
                self.meanwhile()
            # The checks, their figures and the result compute on the learner's values, in this process.
            with numpy_quiet():
                self.run_checks(challenge, plugin)
                if started.figures:
                    plugin.draw_figures()
                result = result_of(challenge, started.submission, sandbox, plugin,
                                   None if started.relocate else started.content)
        if isinstance(default_reference, CachedReference):
            default_reference.save()
        if sandbox.spawner.failed_to_start and self.spawner is None:
            # bwrap is there but cannot start a sandbox here: no learner code ran; grade again without it.
            give_up("bwrap is installed but could not start the worker's sandbox on this machine.")
            # The bytes graded the first time, not the file read again: it may have been saved since.
            return self.grade(challenge, started.submission, started.figures, started.reference,
                              content=None if started.relocate else started.content)
        result.notes[:0] = started.notes
        return result

    def _load_and_ask(self, sandbox, challenge, path, content, names):
        """Have the worker load the learner's file, unless it was asked to already, and run the scenarios `names`."""
        if not sandbox.asked_to_load:
            self.load_submission(sandbox, challenge, path, content)
        sandbox.prefetch(names)

    def load_submission(self, sandbox, challenge, path, content):
        """Have the worker import the learner's file, whose bytes are `content` (grader.judge.loading), the
        challenge's stub read once."""
        ask_to_load(sandbox, challenge, path, self.seal, self._shipped(challenge), content)

    def _shipped(self, challenge):
        if challenge.name not in self.stubs:
            self.stubs[challenge.name] = shipped_stub(challenge)
        return self.stubs[challenge.name]

    def stub_of(self, challenge):
        """The challenge's stub as shipped, as hints point learners to it (grader.judge.stub_places)."""
        from grader.judge.stub_places import Stub

        # Where every learner finds it: the .pristine folder's copy is hidden from a file browser's view.
        return Stub(self._shipped(challenge), f"challenges/{challenge.name}/main.py as the course shipped it")

    def load_course(self, challenge):
        """The challenge's scenarios and reference, imported once."""
        if challenge.name not in self.scenarios:
            from grader.judge.plugin import ReferenceRunner

            scenarios = self.imported.pop(challenge.name, None) or import_scenarios(challenge)
            # Behind the cache, the reference is imported only if the cache lacks an answer (Judge.start).
            reference = reference_for(challenge, scenarios, deferred=self.answer_cache is not None)
            if self.answer_cache is not None and isinstance(reference, ReferenceRunner):
                reference = cached_reference(reference, challenge, self.answer_cache,
                                             self.seal.files if self.seal else None)
            self.scenarios[challenge.name] = scenarios, reference
        return self.scenarios[challenge.name]


def learner_file(submission, shown):
    """(the .py file the worker imports, relocate or None, notes) for `submission`, as a context: a notebook becomes
    a temporary main.py of its code cells (grader.judge.notebook, whose patterns take milliseconds to compile, is
    loaded for notebooks only); a .py file is itself. Raises NotebookError, naming the notebook `shown`, when a
    notebook cannot be read."""
    if not is_notebook(submission):
        return contextlib.nullcontext((submission, None, ()))
    from grader.judge.notebook import notebook_as_main_py

    return notebook_as_main_py(submission, shown)


def import_what_specs_import():
    """The grader's modules that spec files import, loaded before any learner's code could change them."""
    import grader.expect  # noqa: F401
    import grader.mistakes  # noqa: F401
    import grader.spec  # noqa: F401
    import grader.views.figures  # noqa: F401


def with_course_checked(result, seal):
    """`result`, or, if the course's files changed while the learner's code ran, `result` with no pass in it.

    The changed files are put back first, so the next run loads the course as it was.
    """
    course_checked([result], seal)
    return result


def course_checked(results, seal):
    """Withdraw every pass of `results` if the course's files changed while the learner's code ran; the changed
    files are put back first, unless every result's code ran confined, where it cannot have changed them (they
    were edited from outside, and are left as they are). The course is read once, however many results."""
    results = list(results)
    seal.learners_confined = seal.learners_confined or (bool(results) and all(
        result.confinement and result.confinement.get("confined") for result in results))
    restored = seal.restore()
    if restored:
        shown = [seal.shown(path) for path in restored]
        kept = seal.shown(seal.kept) if seal.kept and not seal.learners_confined else None
        for result in results:
            confined = bool(result.confinement and result.confinement.get("confined"))
            _withdraw_passes(result, LearnerFailure("course_changed", message=messages.course_changed(
                shown, kept, confined, put_back=not seal.learners_confined)))


def reference_for(challenge, scenarios, deferred=False):
    """The reference's answers: recorded ones where the course ships them (a release), else computed.
    `deferred`: see grader.judge.plugin.ReferenceRunner."""
    from grader.judge.plugin import ReferenceRunner

    if challenge.answers.is_file():
        return RecordedReference(challenge.answers)
    return ReferenceRunner(scenarios, challenge.reference, deferred)


def run_spec_files(challenge, plugin, seal=None):
    """Run the challenge's checks in a pytest run of their own, with `plugin` recording them.

    With a `seal`, pytest imports the spec files from their sealed text, not from disk, and a run whose
    spec modules did not come from it is refused.
    """
    from grader.judge.pytest_api import ExitCode

    with seal.serving(challenge.spec_files) if seal else contextlib.nullcontext(), quiet_pytest() as printed:
        exit_code, uncollected = run_pytest(pytest_arguments(challenge.spec_files, challenge.path.parent.parent),
                                            plugin.pytest_plugins())
    if uncollected:
        raise SpecError(f"The checks of {challenge.name} could not be loaded: a spec file failed to import. This "
                        "is a fault in the course, not in your code; tell whoever maintains the course:\n"
                        + "\n".join(uncollected)[-3000:])
    if exit_code not in (ExitCode.OK, ExitCode.TESTS_FAILED) or not plugin.results:
        raise SpecError(f"The checks of {challenge.name} could not be run (pytest exit code {int(exit_code)}). "
                        f"This is a fault in the course, not in your code:\n{printed.getvalue()[-3000:]}")
    if seal and not all(seal.sealed(module) for module in plugin.spec_modules):
        raise SpecError(f"The checks of {challenge.name} were not loaded as the grader read them (this version of "
                        "pytest imports spec files another way), so no result of this run can be trusted.")


def run_pytest(arguments, plugins):
    """(pytest_main(arguments, plugins)'s exit code, what each spec file that failed to collect raised).

    pytest ends with INTERRUPTED for Ctrl-C and also for a spec file that fails to collect: only the first ends
    the command (KeyboardInterrupt is raised); the second is a fault in the course that the caller reports.
    """
    from grader.judge.pytest_api import Session, hookimpl, pytest_main

    class Outcome:
        def __init__(self):
            self.pressed, self.uncollected = False, []

        @hookimpl
        def pytest_keyboard_interrupt(self, excinfo):
            # A collection error reaches this hook too, as Session.Interrupted.
            self.pressed = self.pressed or not isinstance(excinfo.value, Session.Interrupted)

        @hookimpl
        def pytest_collectreport(self, report):
            if report.failed:
                self.uncollected.append(f"{report.nodeid}: {report.longreprtext[-1500:]}")

    outcome = Outcome()
    exit_code = pytest_main(arguments, plugins=[*plugins, outcome])
    if outcome.pressed:
        raise KeyboardInterrupt  # pytest caught the learner's Ctrl-C; the command ends, not one check
    return exit_code, outcome.uncollected


def pytest_arguments(spec_files, root):
    """pytest's command line for running these spec files as checks, and nothing else."""
    # importlib mode, from the course root, gives each spec.py its own module name: one process can grade many.
    arguments = [*map(str, spec_files), "--noconftest", "-c", str(JUDGE_INI), "--rootdir", str(root),
                 "--import-mode=importlib"]
    for name in UNUSED_PLUGINS:
        arguments += ["-p", f"no:{name}"]
    return arguments


def result_of(challenge, submission, sandbox, plugin, content=None):
    """The GradeResult of the checks `plugin` has just run on `submission`; `content`: the bytes of a .py submission
    as graded, in which thrown-away NumPy calls are looked for (a notebook's lines are its cells', which the
    explanation does not place)."""
    load_failure = sandbox.load_result()
    printed = load_failure.output if load_failure else sandbox.load_output
    result = GradeResult(challenge=challenge.name, title=challenge.title, chapter=challenge.chapter,
                         submission=str(submission), load_output=printed.text, load_output_dropped=printed.dropped,
                         confinement=sandbox.spawner.confinement)
    result.checks = list(plugin.results.values())
    if plugin.relocate:
        result.load_output = plugin.relocate.relocate_printed(result.load_output)
        for check in result.checks:
            check.output = plugin.relocate.relocate_printed(check.output)
            check.message = plugin.relocate.in_notebook_words(check.message)
    if load_failure is None and sandbox.load_seconds > messages.SLOW_IMPORT_NOTE_SECONDS:
        top_level = sandbox.load_top_level
        if plugin.relocate and isinstance(top_level, dict):
            top_level = plugin.relocate(top_level)
        result.notes.append(messages.slow_import_note(sandbox.load_seconds, top_level))
    if content is not None:
        empty = messages.empty_file_note(content, challenge.number if _own_main(challenge, submission) else None)
        if empty:
            result.notes.append(empty)
        _explain_discarded(result, content)
    refused = plugin.refused
    if refused is not None:
        result.notes.append(refused.message)
    elif sandbox.blocked_imports:
        packages = sorted({attempt["package"] for attempt in sandbox.blocked_imports})
        _withdraw_passes(result, LearnerFailure("blocked_import", type="ImportError",
                                                message=messages.blocked_imports(packages)))
    return result


def _own_main(challenge, submission):
    """Whether `submission` is the challenge's own main.py, which `grade reset` restores from its stub."""
    return os.path.lexists(challenge.pristine) and os.path.abspath(submission) == os.path.abspath(challenge.stub)


def _explain_discarded(result, content):
    """A failing check whose named mistake a thrown-away NumPy call in `content` (the bytes graded) explains says so
    instead of guessing."""
    # Reading the file's syntax tree costs milliseconds: done only where a call could explain a check.
    failing = [check for check in result.checks if check.mistake in _EXPLAINED and check.status == "failed"]
    if not failing:
        return
    for line, call in discarded_calls(content):
        for check in failing:
            if check.mistake in DISCARDED_EXPLAINS.get(call.partition(".")[2], ()):
                check.message = f"{check.message.split('. ')[0]}. {messages.discarded_sentence(line, call)}"


def refusal(source, relocate=None):
    """The LearnerFailure that fails every check of a file whose `source` imports the course's packages, or None."""
    found = refused_imports(source)
    if not found:
        return None
    package, line = found[0]
    lines = python_lines(python_text(source))
    where = {"line": line, "source": lines[line - 1].strip()[:200] if 0 < line <= len(lines) else ""}
    where = relocate(where) if relocate else where
    return LearnerFailure("blocked_import", type="ImportError", where=where,
                          message=messages.refused_import(package, messages.place_text(where)))


def _withdraw_passes(result, failure):
    """A run whose code did what no submission may (a refused import, a change to the course) earns nothing:
    its passes become what `failure` makes of them."""
    from grader.judge.plugin import status_of

    result.notes.append(failure.message)
    for check in result.checks:
        if check.status == "passed":
            check.status, check.score, check.message = status_of(failure), 0.0, failure.message


@contextlib.contextmanager
def quiet_pytest():
    """pytest's own report is not ours to show: keep it off stdout and out of the environment."""
    saved = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            yield printed
    finally:
        if saved is None:
            del os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"]
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved
