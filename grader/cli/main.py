"""The `grade` command: parses, calls and renders, nothing more."""
import json
import os
import sys
from pathlib import Path

import click
from click_default_group import DefaultGroup

from grader import __version__
from grader.cli.instructor import export, release, report
from grader.cli.common import CONTEXT_SETTINGS, CannotGrade, course, resolve_challenge

@click.group(cls=DefaultGroup, default="check", default_if_no_args=True, context_settings=CONTEXT_SETTINGS)
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
              help="Grade this .py file or notebook (.ipynb), or the main.py inside this folder, instead of the "
                   "challenge's own.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as a self-contained HTML page to this file.")
@click.option("--check", "only", multiple=True, metavar="CHECK",
              help="Exit 0 when this check passes, whatever the others do (a check's id, as in the JSON "
                   "report); repeat for more. Autograding platforms use it to give points per check.")
def check(challenge, submission, as_json, html_path, only):
    """Grade CHALLENGE: a full name, its number, or a unique part of its name.

    Without CHALLENGE, grades the first challenge that is not done yet.
    Exits 0 when every check passes, 1 when some do not, 2 when it cannot grade.

    \b
    Examples:
        grade challenge_5_backprop
        grade 5 --html report.html
        grade backprop --submission my_backprop.py --json
    """
    from grader.views import render
    from grader.learner.progress import Progress
    from grader.judge.grading import SpecError, grade
    from grader.judge.notebook import NotebookError

    root, challenges = course()
    chosen = resolve_challenge(challenge, challenges) if challenge else _next_or_exit(root, challenges, as_json)
    path = _submission_path(chosen, submission)
    if only:
        from grader.course import checks_of

        known = [info.id for info in checks_of(chosen)]
        unknown = [check_id for check_id in only if check_id not in known]
        if unknown:
            raise CannotGrade(f"{chosen.name} has no check {unknown[0]!r}. Its checks are: {', '.join(known)}.")
    try:
        result = grade(chosen, path, figures=html_path is not None)
    except (SpecError, NotebookError) as exc:
        raise CannotGrade(str(exc)) from None
    if submission is None:
        progress = Progress(root)
        progress.remember(chosen, path, result)
        progress.save()

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
    if only:
        statuses = {check.id: check.status for check in result.checks}
        sys.exit(0 if all(statuses.get(check_id) == "passed" for check_id in only) else 1)
    sys.exit(0 if result.passed else 1)


def console_script():
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


@main.command("list", context_settings=CONTEXT_SETTINGS)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else.")
def list_challenges(as_json):
    """List the challenges in course order, with your score and state in each.

    The state is "not started" while main.py is the stub as shipped, "in progress"
    once you have changed it, and "done" when every check passes. The next
    challenge to work on is marked with an arrow.

    \b
    Example:
        grade list
    """
    from grader.views import render
    from grader.learner.overview import next_challenge, standings

    root, challenges = course()
    rows = standings(root, challenges)
    upcoming = next_challenge(rows)
    if as_json:
        click.echo(json.dumps({"challenges": [row.to_dict() for row in rows],
                               "next": upcoming.name if upcoming else None}, indent=2))
    else:
        click.echo(render.standings_text(rows, upcoming, colour=render.use_colour(sys.stdout)), nl=False)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("challenge")
@click.argument("check_id", metavar="[CHECK]", required=False)
@click.option("--level", type=click.IntRange(min=1), help="Show this level instead of the next one.")
def hint(challenge, check_id, level):
    """Show a hint for CHALLENGE, or for one of its checks.

    Each call shows the next level, from a first nudge to the most specific;
    none gives the solution away. CHECK is a check's id, as in the JSON report.

    \b
    Examples:
        grade hint 5
        grade hint 5 dense_backward_dbiases
        grade hint 5 --level 1
    """
    from grader.course import checks_of
    from grader.learner.progress import Progress

    root, challenges = course()
    chosen = resolve_challenge(challenge, challenges)
    hints, about = chosen.hints, chosen.name
    if check_id:
        checks = {info.id: info for info in checks_of(chosen)}
        if check_id not in checks:
            raise CannotGrade(f"{chosen.name} has no check {check_id!r}. Its checks are: {', '.join(checks)}.")
        hints, about = checks[check_id].hints, f"{chosen.name}, check {check_id}"
    if not hints:
        raise CannotGrade(f"There are no hints for {about}.")
    progress = Progress(root)
    if level is None:
        level = progress.next_hint_level(about, len(hints))
        progress.save()
    level = min(level, len(hints))
    click.echo(f"Hint {level} of {len(hints)} for {about}:\n\n  {hints[level - 1]}\n")
    if level < len(hints):
        click.echo("Run the same command again for a more specific hint.")


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("challenge")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def reset(challenge, yes):
    """Put CHALLENGE's main.py back as the course ships it, after backing yours up.

    Your file is copied to .nnfs-grade/backups/ with a timestamp first.

    \b
    Example:
        grade reset 5
    """
    from grader.learner.progress import Progress

    root, challenges = course()
    chosen = resolve_challenge(challenge, challenges)
    if not chosen.pristine.is_file():
        raise CannotGrade(f"{chosen.name} has no pristine stub ({chosen.pristine}) to restore.")
    if chosen.stub.is_file() and chosen.stub.read_bytes() == chosen.pristine.read_bytes():
        click.echo(f"{chosen.stub} is already the stub as shipped; nothing to reset.")
        return
    if not yes:
        click.confirm(f"Replace {chosen.stub} with the original stub? Your version is backed up first.",
                      abort=True)
    backup = Progress(root).backup(chosen, chosen.stub) if chosen.stub.is_file() else None
    chosen.stub.write_bytes(chosen.pristine.read_bytes())
    click.echo(f"Restored {chosen.stub}." + (f" Your version is in {backup}." if backup else ""))


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("challenge")
@click.option("--poll", is_flag=True,
              help="Check the file for changes every half second, where change events do not arrive "
                   "(network file systems, some containers).")
def watch(challenge, poll):
    """Grade CHALLENGE again every time its main.py is saved; stop with Ctrl-C.

    After each run it shows which checks newly pass and which newly fail.

    \b
    Example:
        grade watch 5
    """
    from grader.views import render
    from grader.learner.watch import watch_challenge

    root, challenges = course()
    watch_challenge(root, resolve_challenge(challenge, challenges), poll=poll, colour=render.use_colour(sys.stdout))


for command in (report, release, export):
    main.add_command(command)


def _next_or_exit(root, challenges, quiet):
    from grader.learner.overview import next_challenge, standings

    upcoming = next_challenge(standings(root, challenges))
    if upcoming is None:
        if not quiet:
            click.echo("Every challenge is done: congratulations! Run grade list to see your scores.")
        sys.exit(0)
    if not quiet:
        click.echo(f"Next up: {upcoming.name}\n", err=True)
    return upcoming


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
    if path.suffix not in (".py", ".ipynb"):
        raise CannotGrade(f"{path} is not a Python file or a notebook: --submission takes a .py file, "
                          "a Jupyter notebook (.ipynb) or a folder.")
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise CannotGrade(f"Cannot read {path}: {exc.strerror}.") from None
    return path
