"""The `grade` command: parses, calls and renders, nothing more."""
import os
import sys
from pathlib import Path

import click
from click_default_group import DefaultGroup

from grader import __version__
from grader.course import CourseError, find_root, load_challenges, resolve

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class CannotGrade(click.ClickException):
    """The command could not grade at all (exit status 2)."""

    exit_code = 2


@click.group(cls=DefaultGroup, default="check", context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="nnfs-grade")
def main():
    """Checks for the exercises of Neural Networks from Scratch in Python.

    \b
    Example:
        grade challenge_5_backprop
    """


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("challenge", required=False)
@click.option("--submission", type=click.Path(path_type=Path),
              help="Grade this .py file, or the main.py inside this folder, instead of the challenge's own.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as a self-contained HTML page to this file.")
def check(challenge, submission, as_json, html_path):
    """Grade CHALLENGE: a full name, its number, or a unique part of its name.

    Exits 0 when every check passes, 1 when some do not, 2 when it cannot grade.

    \b
    Examples:
        grade challenge_5_backprop
        grade 5 --html report.html
        grade backprop --submission my_backprop.py --json
    """
    from grader import render
    from grader.runner import SpecError, grade

    chosen = _challenge(challenge)
    path = _submission_path(chosen, submission)
    try:
        result = grade(chosen, path)
    except SpecError as exc:
        raise CannotGrade(str(exc)) from None

    if html_path is not None:
        try:
            html_path.write_text(render.to_html(result), encoding="utf-8")
        except OSError as exc:
            raise CannotGrade(f"Cannot write the HTML report to {html_path}: {exc.strerror}.") from None
    if as_json:
        click.echo(render.to_json(result))
    else:
        click.echo(render.to_text(result, colour=render.use_colour(sys.stdout)), nl=False)
        if html_path is not None:
            click.echo(f"HTML report: {html_path}")
    sys.exit(0 if result.passed else 1)


def run():
    """The console script: `main`, then an exit that skips tearing down NumPy and pytest.

    Freeing every module at interpreter shutdown costs about 50 ms and does nothing
    for a command that has already closed its worker and written its output.
    """
    try:
        main()
        code = 0
    except SystemExit as exit:
        code = exit.code
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass  # the reader went away (`grade 5 | head`); nothing more to tell it
    os._exit(code)


def _challenge(query):
    try:
        challenges = load_challenges(find_root())
        if not query:
            names = "\n  ".join(f"{c.number:>2}  {c.name}" for c in challenges)
            raise CourseError(f"Name the challenge to grade, e.g. grade {challenges[0].name} "
                              f"(or grade {challenges[0].number}). The challenges are:\n  {names}")
        return resolve(query, challenges)
    except CourseError as exc:
        raise CannotGrade(str(exc)) from None


def _submission_path(challenge, submission):
    if submission is None:
        path = challenge.stub
    elif submission.is_dir():
        path = submission / "main.py"
        if not path.is_file():
            raise CannotGrade(f"{submission} is a folder without a main.py: point --submission at the "
                              f"file to grade, or at a folder that holds {challenge.name}'s main.py.")
    else:
        path = submission
    if not path.exists():
        raise CannotGrade(f"There is no file {path}: check the path and try again.")
    if path.suffix != ".py":
        raise CannotGrade(f"{path} is not a Python file: --submission takes a .py file or a folder.")
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise CannotGrade(f"Cannot read {path}: {exc.strerror}.") from None
    return path
