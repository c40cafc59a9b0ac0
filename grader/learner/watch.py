"""`grade watch`: grade again on every save, and say what changed since the last run."""
import json
import subprocess
import sys

import click

from grader.views import render
from grader.results import GradeResult

CLEAR_AND_HOME = "\x1b[2J\x1b[H"


def watch_challenge(root, challenge, poll=False, colour=False):
    """Grade, show, wait for the stub to change, and again, until Ctrl-C."""
    import watchfiles

    previous, graded = None, None
    try:
        previous, graded = _show(challenge, previous, colour), _content(challenge.stub)
        # The watcher also wakes every second with no event: a save made before it started, or an event
        # that never arrived, is still seen by comparing the file with what was graded last.
        for _ in watchfiles.watch(challenge.stub.parent, watch_filter=lambda change, path: path == str(challenge.stub),
                                  force_polling=poll or None, poll_delay_ms=500, rust_timeout=1000,
                                  yield_on_timeout=True, raise_interrupt=True):
            if _content(challenge.stub) != graded:
                previous, graded = _show(challenge, previous, colour), _content(challenge.stub)
    except KeyboardInterrupt:
        click.echo("\nStopped watching.")


def _content(path):
    try:
        return path.read_bytes()
    except OSError:
        return None


def _show(challenge, previous, colour):
    # Each run is a fresh `grade` process, as if typed by hand: nothing is cached between saves.
    completed = subprocess.run([sys.executable, "-m", "grader", challenge.name, "--json"],
                               capture_output=True, text=True, cwd=challenge.path)
    if colour:
        click.echo(CLEAR_AND_HOME, nl=False)
    if completed.returncode not in (0, 1):
        click.echo(completed.stderr or "grade could not run.")
        click.echo(f"Waiting for {challenge.stub.name} to change… (Ctrl-C to stop)")
        return previous
    result = GradeResult.from_dict(json.loads(completed.stdout))
    click.echo(render.to_text(result, colour=colour), nl=False)
    click.echo(changes_since(previous, result))
    click.echo(f"Waiting for {challenge.stub.name} to change… (Ctrl-C to stop)")
    return result


def changes_since(previous, result):
    """One or two lines naming the checks that newly pass and newly fail."""
    if previous is None:
        return ""
    before = {check.id: check.status for check in previous.checks}
    newly_passing = [c.name for c in result.checks if c.status == "passed" and before.get(c.id) != "passed"]
    newly_failing = [c.name for c in result.checks if c.status != "passed" and before.get(c.id) == "passed"]
    lines = [f"Newly passing: {render.printable(name)}" for name in newly_passing]
    lines += [f"Newly failing: {render.printable(name)}" for name in newly_failing]
    return "\n".join(lines or ["No check changed since the last run."]) + "\n"
