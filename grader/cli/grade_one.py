"""`grade CHALLENGE`, the learner's command: grade one submission, show the report, exit 0 or 1.

Click runs it as the group's default command (grader.cli.main); the console script runs its plain form
straight away, without the command tree (grader.cli.entry). Either way the same code grades and reports.
"""
import os
import sys
from pathlib import Path

STILL_RUNNING_SECONDS = 3   # of grading, before a terminal is told that the learner's code is still running


def cannot_grade(message):
    """grader.cli.common.CannotGrade (exit status 2), imported only when there is one: the plain form of
    `grade CHALLENGE` does not load click otherwise."""
    from grader.cli.common import CannotGrade

    return CannotGrade(message)


def grade_plain(challenge, submission, as_json, html_path, only, required, started=None, writer=None):
    """`grade CHALLENGE ...` for a named challenge; `started`: (course root, the challenge, its worker) when the
    console script could start the worker before anything else, `writer`: the terminal report's forked writer
    (both grader.cli.entry)."""
    if started is not None:
        root, chosen, sandbox = started
        grade_and_report(root, chosen, submission, as_json, html_path, only, sandbox=sandbox, remember_answers=True,
                         writer=writer)
        return
    from grader.cli.common import course, require_confinement, resolve_challenge

    if required:
        require_confinement("leave out --require-confinement")
    root, challenges = course()
    grade_and_report(root, resolve_challenge(challenge, challenges), submission, as_json, html_path, only,
                     remember_answers=not required, writer=writer)


class ForkedOnce:
    """A zygote forked as the command starts, before it reads the course (grader.sandbox.forked_zygote), whose
    workers the command's gradings run in: confined as the plain `grade CHALLENGE` is (grader.cli.entry), where
    bubblewrap is missing too. `several`: more than one grading may ask (a bare `grade` grades the challenges
    changed on its way to the next one), so the zygote serves them in turn and ends at close(); else it ends with
    the first grading's worker, while the report is written. close() ends whatever was started, after the report."""

    def __init__(self, several=False):
        import numpy  # noqa: F401  (the zygote starts with it loaded, as every worker needs it)

        from grader.sandbox.forked_zygote import fork_zygote

        self.early, self.several, self.taken = fork_zygote(), several, None

    def take(self, challenge):
        """The sandbox for `challenge`: on the zygote (grader.sandbox.forked.LateSandbox the first time, bubblewrap's
        where no zygote could be forked here), or None where grading starts bubblewrap's worker itself (the zygote
        served its one grading, or is gone)."""
        from grader.sandbox.forked import LateSandbox
        from grader.sandbox.supervisor import Sandbox

        if self.taken is None:
            if self.early is not None:
                self.early.warm(challenge.worker_imports)
            self.taken, self.early = LateSandbox(self.early, challenge.limits, one_sandbox=not self.several), None
            return self.taken
        spawner = self.taken.spawner
        if not self.several or spawner is None or getattr(spawner, "gone", False):
            return None
        return Sandbox(challenge.limits, spawner, start=spawner.starts_slowly)

    def close(self):
        if self.taken is not None:
            self.taken.close()
        elif self.early is not None:
            self.early.close()


def grade_and_report(root, chosen, submission, as_json, html_path, only, result=None, sandbox=None,
                     remember_answers=False, writer=None):
    """Grade `chosen` (unless `result` is already its result), remember it, print the report and exit 0 or 1.

    `sandbox`: the sandbox to come for `chosen` (grader.sandbox.forked.LateSandbox), or a Sandbox started with no
    file loaded. Grading closes its worker; the caller closes it, after the report, since its zygote ends meanwhile.
    `remember_answers`: use and add to the course's cache of the reference's answers (never for a grade
    that counts: grader.judge.answer_cache). `writer`: the terminal report's writer (grader.cli.report_writer).
    """
    from grader.course import STATE_FOLDER

    if note := chosen.readme_note():
        echo(note, err=True)
    told = []   # said again after the report, where the advice ending it is about the stub
    path = submission_path(chosen, submission, told)
    if html_path is not None:
        _refuse_to_overwrite(html_path, path)
    if only:
        from grader.course import checks_of

        known = [info.id for info in checks_of(chosen)]
        unknown = [check_id for check_id in only if check_id not in known]
        if unknown:
            raise cannot_grade(f"{chosen.name} has no check {unknown[0]!r}. Its checks are: {', '.join(known)}.")
    key = None
    if result is None:
        from grader.judge.loading import import_scenarios, load_ahead, scenario_names
        from grader.judge.seal import CourseSeal

        # Read once: the bytes graded are the bytes the result is remembered under, whenever main.py is saved.
        content = _content_of(path)
        # Everything that judges is read before any of the learner's code runs (see grader.judge.seal), but where
        # the worker is confined: it loads the file once the challenge's files are read, while the judge reads the
        # rest.
        seal = CourseSeal(chosen.path.parent.parent, [chosen], code=False)
        scenarios = names = None
        if sandbox is not None:
            # Their names go with the file: the worker runs them once it has loaded it, while the judge reads on.
            scenarios = import_scenarios(chosen)
            names = scenario_names(scenarios, figures=html_path is not None)
            load_ahead(sandbox, chosen, path, seal, content, names)
        seal.add_code()
        if sandbox is not None:
            load_ahead(sandbox, chosen, path, seal, content, names)   # where the sandbox has been made since
        # Before any learner's code runs unconfined (load_ahead loads it only in a confined worker).
        from grader.views import render  # noqa: F401

        key = _key_of(chosen, path, seal, content) if submission is None else None
        answer_cache = root / STATE_FOLDER if remember_answers else None
        meanwhile = None if as_json or writer is not None else _text_report_ahead
        notice = None if as_json else _still_running_notice(chosen.limits)
        try:
            result = _graded(chosen, path, html_path is not None, sandbox, answer_cache, meanwhile, seal, content,
                             scenarios)
        finally:
            if notice is not None:
                notice.cancel()
    _report(root, chosen, key, result, as_json, html_path, only, submission, writer, told)


def _refuse_to_overwrite(html_path, submission):
    """CannotGrade when the HTML report would replace anything but an HTML file: the file graded, other code, a
    challenge's settings, or whatever a link there points to."""
    from grader.course import output_may_replace

    advice = "Give the report a name of its own, such as report.html."
    if os.path.islink(html_path):
        raise cannot_grade(f"--html {html_path} is a link, and the report would replace whatever it points to. "
                           + advice)
    try:
        graded = os.path.samefile(html_path, submission)
    except OSError:
        graded = False
    if graded or not output_may_replace(html_path, (".html", ".htm")):
        what = "the file graded" if graded else "a file that is not an HTML report of its own"
        raise cannot_grade(f"--html {html_path} names {what}, which the report would replace. {advice}")


def _content_of(path):
    """The bytes of the .py file at `path`, read once for the whole grading (None for a notebook, which grading
    reads as a notebook), or exit 2 saying why it cannot be graded."""
    from grader.judge.submission import SubmissionRefused, read_submission

    if Path(path).suffix.lower() == ".ipynb":
        return None
    try:
        return read_submission(path)
    except SubmissionRefused as exc:
        raise cannot_grade(str(exc)) from None


def _key_of(chosen, path, seal, content=None):
    """The result_key of the challenge's main.py (`content`: its bytes as graded, if read already), or exit 2 saying
    why it cannot be graded."""
    from grader.judge.submission import SubmissionRefused
    from grader.learner.progress import result_key

    try:
        return result_key(chosen, path, seal.files, content)
    except SubmissionRefused as exc:
        raise cannot_grade(str(exc)) from None


def _graded(chosen, path, figures, sandbox, answer_cache, meanwhile, seal, content=None, scenarios=None):
    """`answer_cache`: the course's state folder, whose cache of the reference's answers is used, or None;
    `meanwhile`: what to do while the worker computes, `seal`: the course as read, `content`: the file's bytes,
    `scenarios`: the challenge's scenarios, if imported already (grader.judge.grading.grade)."""
    from grader.judge.grading import SpecError, grade
    from grader.judge.submission import NotebookError, SubmissionRefused
    from grader.sandbox.confinement import SandboxLost

    try:
        return grade(chosen, path, figures=figures, sandbox=sandbox, answer_cache=answer_cache, meanwhile=meanwhile,
                     seal=seal, content=content, scenarios=scenarios)
    except (SpecError, NotebookError, SubmissionRefused, SandboxLost) as exc:
        raise cannot_grade(str(exc)) from None


def _still_running_notice(limits):
    """A started timer that says, on a terminal, that the learner's code is still running once it has run for
    STILL_RUNNING_SECONDS, and how long it may go on; None where stderr is no terminal (a pipe, an editor's runner).
    A loop that never ends is silent until its limit, up to load_seconds at import."""
    if not sys.stderr.isatty():
        return None
    import threading

    said = (f"Still grading after {STILL_RUNNING_SECONDS:g} s: your code is running. Code that runs too long is "
            f"stopped and named in the report (importing your file after {limits.load_seconds:g} s, a check after "
            f"{limits.check_seconds:g} s); Ctrl-C stops grading now.")
    # To the descriptor: sys.stderr may be a capture of the checks' own output by then.
    timer = threading.Timer(STILL_RUNNING_SECONDS, os.write, (sys.stderr.fileno(), f"{said}\n".encode()))
    timer.daemon = True
    timer.start()
    return timer


def _text_report_ahead():
    """Load what the terminal report needs (Jinja2, its template) while the worker computes, not after the checks."""
    from grader.views import render

    render.prepare_text(colour=render.use_colour(sys.stdout), columns=render.terminal_columns(sys.stdout))


def _report(root, chosen, key, result, as_json, html_path, only, submission, writer=None, told=()):
    """Remember `result` under `key` (None: not the challenge's own main.py, or remembered already), then show it.

    `submission`: the --submission path given, if any, which the advice to grade again repeats; `writer`: the
    terminal report's forked writer, which writes it if it can; `told`: notes said again after the text report.
    """
    from grader.views import render

    if key is not None:
        from grader.learner.progress import Progress

        progress = Progress(root)
        progress.remember(chosen, key, result, shown=not as_json)
        progress.save()

    if html_path is not None:
        try:
            # Never through a link put there since the check above.
            descriptor = os.open(html_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                out.write(render.to_html(result))
        except OSError as exc:
            raise cannot_grade(f"Cannot write the HTML report to {html_path}: {exc.strerror}.") from None
    if as_json:
        echo(render.to_json(result))
    else:
        again = _again(chosen, submission)
        if writer is None or not writer.write(result, again):
            echo(render.to_text(result, colour=render.use_colour(sys.stdout),
                                columns=render.terminal_columns(sys.stdout), again=again), nl=False)
        if html_path is not None:
            echo(f"HTML report: {html_path}")
        for note in told:
            echo(note, err=True)
    if result.confinement and not result.confinement["confined"]:
        from grader.sandbox.confinement import NOT_CONFINED_NOTE

        echo(NOT_CONFINED_NOTE, err=True)
    if only:
        statuses = {check.id: check.status for check in result.checks}
        sys.exit(0 if all(statuses.get(check_id) == "passed" for check_id in only) else 1)
    sys.exit(0 if result.passed else 1)


def echo(text, err=False, nl=True):
    """click.echo's job for text this module made: written and flushed, so it comes before any later note."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + ("\n" if nl else ""))
    stream.flush()


def _again(chosen, submission):
    """The advice to grade again: the same file, so a --submission is repeated, quoted for the shell."""
    if submission is None:
        return None   # the report's own advice: grade the challenge's main.py again
    from grader.views.safe_text import shell_word

    return f"run grade {chosen.name} --submission {shell_word(submission)} again"


def _notebook_beside(folder):
    """The notebook in `folder` that a class report takes where main.py there is missing or the stub, main.ipynb;
    None where there is none."""
    notebook = folder / "main.ipynb"
    return notebook if os.path.isfile(notebook) else None


def _notebook_instead_of_the_stub(challenge, path):
    """(a notebook the learner may work in instead of `path`, the challenge's main.py, whether it is the main.ipynb
    beside it that a class report takes), where `path` is the stub as shipped; else (None, False). Besides main.ipynb,
    the one grade list names: another in the folder, or the one `grade release --notebooks` handed out once its code
    changed (grader.learner.overview.notebook_worked_in). main.py is read only where there is one."""
    from grader.learner.overview import notebook_worked_in

    root = challenge.path.parent.parent
    beside = _notebook_beside(path.parent)
    found = notebook_worked_in(root, challenge) if beside is None else None
    notebook = beside or (root / found if found else None)
    if notebook is None or not _is_the_stub(challenge, path):
        return None, False
    return notebook, beside is not None


def _is_the_stub(challenge, path):
    """Whether the file at `path` is the challenge's stub as shipped (not when it cannot be read as a submission)."""
    from grader.judge.submission import SubmissionRefused, read_submission
    from grader.learner.progress import is_pristine

    try:
        return is_pristine(challenge, read_submission(path))
    except SubmissionRefused:
        return False


def submission_path(challenge, submission, told=None):
    """The file to grade: `submission` (a file, or a folder holding main.py), else the challenge's own main.py.
    `told`: a list that gets the reminder to say after the report, where a notebook holds the work instead."""
    from grader.views.safe_text import shell_word, shown_path

    if submission is None:
        path = challenge.stub
        if not os.path.exists(path):
            from grader.learner.overview import missing_note

            raise cannot_grade(missing_note(challenge))
        from grader.learner.progress import problem_with

        # Said as grade list says it, with what the learner can do about their own main.py.
        problem = problem_with(challenge)
        if problem:
            raise cannot_grade(problem)
        notebook, beside = _notebook_instead_of_the_stub(challenge, path)
        if notebook is not None:
            notebook = Path(os.path.relpath(notebook))
            where = f"{shown_path(notebook.name)} is beside it" if beside else f"{shown_path(notebook)} is there"
            command = f"grade {challenge.name} --submission {shell_word(notebook)}"
            echo(f"Note: {path.name} is still the stub as shipped, and {where}, which is what a class report and the "
                 f"Gradescope autograder grade (the GitHub Classroom workflow grades {path.name} alone). This grades "
                 f"{path.name}; to grade the notebook, run {command}", err=True)
            if told is not None:
                told.append(f"Note: that was {path.name}, the stub as shipped. If your work is in the notebook, grade "
                            f"it with {command}")
        elif _notebook_beside(path.parent) is not None and os.path.isfile(path):
            notebook = Path(os.path.relpath(path.parent / "main.ipynb"))
            echo(f"Note: {shown_path(notebook.name)} is beside {path.name}, which this grades, as a class report "
                 f"does; to grade the notebook, run grade {challenge.name} --submission {shell_word(notebook)}",
                 err=True)
    elif submission.is_dir():
        path = submission / "main.py"
        # As a class report reads a learner's folder: the notebook, where main.py is missing or the stub.
        notebook = _notebook_beside(submission)
        if notebook is not None and (not os.path.lexists(path) or _is_the_stub(challenge, path)):
            path = notebook
        if not os.path.lexists(path):
            raise cannot_grade(f"{shown_path(submission)} is a folder without a main.py (or main.ipynb): point "
                               f"--submission at the file to grade, or at a folder that holds {challenge.name}'s "
                               "main.py.")
    else:
        path = submission
    if not path.exists():
        raise cannot_grade(f"There is no file {shown_path(path)}: check the path and try again.")
    if path.suffix not in (".py", ".ipynb"):
        raise cannot_grade(f"{shown_path(path)} is not a Python file or a notebook: --submission takes a .py file, "
                           "a Jupyter notebook (.ipynb) or a folder.")
    return path   # grading reads it once, and refuses what is not a regular file within its size limit
