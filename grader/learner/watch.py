"""`grade watch`: grade again on every save, and say what changed since the last run.

Each grading reads a snapshot of main.py taken when it starts; when it ends, a file that
differs from that snapshot (a save made meanwhile, as editors with autosave do) is graded
again at once, so the screen always ends on the file as last saved.
"""
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click

from grader.judge.submission import MAX_BYTES, SubmissionRefused, read_submission
from grader.learner.grade_process import grade_command, grade_environment
from grader.learner.progress import Progress, result_key
from grader.results import STATUS_LABELS, GradeResult
from grader.views import render

CLEAR_AND_HOME = "\x1b[2J\x1b[H"
AGAIN = "save main.py and it is graded again"
FOLDER_PREFIX = "nnfs-grade-watch-"
# The watch's folder is named after its process, so that a later watch knows when its owner is gone.
OWNED_FOLDER = re.compile(rf"{FOLDER_PREFIX}(\d{{1,10}})-\w+")


class Watch:
    """Watches one challenge's main.py; when following, moves on to the next challenge once it passes."""

    def __init__(self, root, challenges, challenge, follow=False, colour=False, columns=None):
        self.root, self.challenges, self.challenge = root, challenges, challenge
        self.follow, self.colour, self.columns = follow, colour, columns
        self.previous = None          # the last GradeResult shown for this challenge
        self.imported = None          # the last of them in which the file imported
        self.graded = None            # the bytes of main.py that the last grading read
        sweep_abandoned_folders()
        self.folder = _own_folder()

    def run(self, poll=False):
        """Grade, show, wait for a save, and again, until Ctrl-C (or the terminal closes: SIGHUP, SIGTERM)."""
        for number in (signal.SIGHUP, signal.SIGTERM):
            signal.signal(number, _end)
        try:
            while self.challenge is not None:
                self._grade_until_current()
                self._wait_for_saves(poll)
        except KeyboardInterrupt:
            click.echo("\nStopped watching.")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _wait_for_saves(self, poll):
        import watchfiles

        stub = self.challenge.stub
        # The watcher also wakes every second with no event: a save made before it started, or an event
        # that never arrived, is still seen by comparing the file with what was graded last.
        for _ in watchfiles.watch(stub.parent, watch_filter=lambda change, path: path == str(stub),
                                  force_polling=poll or None, poll_delay_ms=500, rust_timeout=1000,
                                  yield_on_timeout=True, raise_interrupt=True):
            if _content(stub) != self.graded:
                self._grade_until_current()
            if self.follow and self.previous is not None and self.previous.passed:
                return self._move_on()

    def _grade_until_current(self):
        while True:
            snapshot = _content(self.challenge.stub)
            self._show(snapshot, self._grade(snapshot))
            self.graded = snapshot
            if _content(self.challenge.stub) == snapshot:
                return

    def _grade(self, snapshot):
        """The GradeResult of these bytes of main.py, or a sentence saying why there is none."""
        if snapshot is None:
            return (f"{self.challenge.stub} is not there (deleted or being saved). "
                    f"grade reset {self.challenge.number} restores the stub as shipped.")
        if isinstance(snapshot, Unreadable):
            return snapshot.reason
        copy = self._copy_of(snapshot)
        # Each run is a fresh `grade` process, as if typed by hand: nothing is cached between saves.
        # Started from the course's root, which it finds again there, and nowhere the learner's files could shadow it.
        completed = subprocess.run(grade_command(self.challenge.name, "--submission", copy, "--json"),
                                   capture_output=True, text=True, cwd=self.root, env=grade_environment())
        if completed.returncode not in (0, 1):
            return completed.stderr.strip() or "grade could not run."
        # Read back as the learner's own file: what their code printed names main.py, not the snapshot.
        result = GradeResult.from_dict(json.loads(completed.stdout.replace(
            json.dumps(str(copy))[1:-1], json.dumps(str(self.challenge.stub))[1:-1])))
        progress = Progress(self.root)
        # The key is the snapshot's content, which is what was graded: main.py's when it has not changed since.
        progress.remember(self.challenge, result_key(self.challenge, copy), result, shown=True)
        progress.save()
        return result

    def _copy_of(self, snapshot):
        try:
            (self.folder / "main.py").write_bytes(snapshot)
        except FileNotFoundError:
            # Swept by a watch that cannot see this process (another PID namespace sharing the temporary folder).
            self.folder = _own_folder()
            (self.folder / "main.py").write_bytes(snapshot)
        return self.folder / "main.py"

    def _show(self, snapshot, result):
        if self.colour:
            click.echo(CLEAR_AND_HOME, nl=False)
        if not isinstance(result, GradeResult):
            click.echo(result)
        else:
            click.echo(render.to_text(result, colour=self.colour, columns=self.columns, again=AGAIN), nl=False)
            click.echo(changes_since(self.previous, result, self.imported), nl=False)
            self.previous = result
            if result.import_failure() is None:
                self.imported = result
            if result.passed:
                click.echo(self._next_step())
        click.echo(f"Waiting for {self.challenge.stub.name} to change… (Ctrl-C to stop)")

    def _next_step(self):
        upcoming = self._upcoming()
        if upcoming is None:
            return f"Every check of {self.challenge.name} passes, and every challenge is done."
        if self.follow:
            return f"Every check of {self.challenge.name} passes. Next: {upcoming.name}, watched from now on."
        return f"Every check of {self.challenge.name} passes. Next: grade watch {upcoming.number}"

    def _upcoming(self):
        """The first challenge not done in course order, as `grade list` says (not the next number)."""
        from grader.learner.overview import next_known_challenge

        return next_known_challenge(self.root, self.challenges, besides=self.challenge)

    def _move_on(self):
        self.challenge, self.previous, self.imported, self.graded = self._upcoming(), None, None, None


def _own_folder():
    return Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))


def sweep_abandoned_folders(parent=None):
    """Remove the folders, each with a copy of a learner's main.py, that watches of this user left in the temporary
    folder (default: tempfile's) when they were killed outright (SIGKILL, a crash), with no exit to remove them.

    A folder is left alone while a process of its number runs: a number reused since only delays its removal.
    """
    try:
        entries = list(os.scandir(parent or tempfile.gettempdir()))
    except OSError:
        return
    for entry in entries:
        owner = OWNED_FOLDER.fullmatch(entry.name)
        if owner is None or _running(int(owner.group(1))):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid():
            shutil.rmtree(entry.path, ignore_errors=True)


def _running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True     # another user's, or not a number a process can have: not ours to judge
    return True


def _end(number, frame):
    """A watch ended by a signal ends as by an exit, so that its copy of main.py is removed."""
    raise SystemExit(128 + number)


# The kind of exception a check's message names ("Your code raised NameError: ...", "SyntaxError: ...").
_EXCEPTION_NAME = re.compile(r"\b[A-Z]\w*(?:Error|Exception)\b")


def changes_since(previous, result, imported=None):
    """A line per check whose badge changed (Newly passing, Newly failing, Back to its TODO, Now skipped, or
    TODO → FAIL and the like). After a save that stops the file importing, that cause comes first, in one line,
    and the checks it changed are counted after it rather than listed: a list as long as the checks would push it
    off the screen. After a save that mends such a file, the changes are those since `imported`, the last result
    in which it imported, where there is one: every check's ERROR → PASS says nothing of what the learner
    changed."""
    if previous is None:
        return ""
    if imported is not None and previous.import_failure() is not None and result.import_failure() is None:
        return "Your file imports again. Since it last did:\n" + changes_since(imported, result)
    before = {check.id: _badge(check) for check in previous.checks}
    changed = [(check, before[check.id], _badge(check)) for check in result.in_report_order()
               if before.get(check.id) not in (None, _badge(check))]
    unimportable = result.import_failure()
    if unimportable is not None and previous.import_failure() is None:
        lines = [_no_longer_imports(unimportable)]
        if all(check.at_import or now == "SKIP" for check, _, now in changed):
            lost = sum(was == "PASS" for _, was, _ in changed)
            lines.append("No check can run until it does" + (
                f": that alone is why {lost} check{'s' if lost > 1 else ''} that passed before "
                f"{'do' if lost > 1 else 'does'} not pass now." if lost else "."))
        else:
            lines += [_change(result, *change) for change in changed]
        return "\n".join(lines) + "\n"
    lines = [_change(result, *change) for change in changed]
    was_unimportable = previous.import_failure()
    if not lines and unimportable is not None and was_unimportable is not None and (
            unimportable.message, unimportable.where) != (was_unimportable.message, was_unimportable.where):
        lines = [_no_longer_imports(unimportable, still=True)]
    if not lines:
        # Still failing, for another reason: what the learner changed did something, which "nothing changed" denies.
        messages = {check.id: check.message for check in previous.checks}
        moved = [check for check in result.in_report_order()
                 if check.status != "passed" and messages.get(check.id, check.message) != check.message]
        if moved:
            lines = [f'No check changed its badge since the last run, but "{render.printable(moved[0].name)}"'
                     + (f" and {len(moved) - 1} more" if len(moved) > 1 else "") + " now fail"
                     + ("s" if len(moved) == 1 else "") + " for another reason: read "
                     + ("its message" if len(moved) == 1 else "their messages") + " again."]
    return "\n".join(lines or ["No check changed since the last run."]) + "\n"


def _change(result, check, was, now):
    name = render.printable(check.name)
    if now == "PASS":
        return f"Newly passing: {name}"
    if now == "SKIP":
        # Not failing: not run, until the check it depends on passes again.
        waiting = result.waited_for(check)
        return f"Now skipped: {name} (it waits for " + (
            f'"{render.printable(waiting.name)}", which does not pass now)' if waiting
            else "a check it depends on, which does not pass now)")
    if was == "PASS" and now == "TODO":
        # The file went back to the stub's TODO (grade reset, say): nothing the learner wrote fails.
        return f"Back to its TODO: {name}"
    if was == "PASS":
        return f"Newly failing: {name}"
    return f"{was} → {now}: {name}"


def _no_longer_imports(check, still=False):
    """The one line that says the file no longer imports, and where it stops (`check`: one that failed so); `still`:
    it did not import before either, and stops elsewhere or otherwise now."""
    where = check.where or {}
    place = (render.place_in_file(where) + (f", `{render.printable(where['source'])}`" if where.get("source") else "")
             if where.get("line") else None)
    if check.status == "timeout":
        return (f"Your file {'still does not import' if still else 'no longer imports'} in time"
                + (f": {'this time ' if still else ''}it was still running {place}." if place else "."))
    said = "still does not import, for another reason" if still else "no longer imports"
    kind = _EXCEPTION_NAME.search(check.message)
    return (f"Your file {said}" + (f": Python stops at {place}" if place else "")
            + (f" ({kind[0]})." if kind else "."))


def _badge(check):
    return "TODO" if check.not_started else STATUS_LABELS[check.status]


@dataclass(frozen=True)
class Unreadable:
    """main.py as it cannot be graded (a FIFO, a device, a folder, too large): equal to the same reason again, so that
    a watch says it once, then waits for the learner to mend it."""
    reason: str


def _content(path):
    """main.py's bytes, read as a submission is (never blocking, at most 1 MiB); None where it is not there, or
    Unreadable."""
    if not path.exists():
        return None
    try:
        return read_submission(path, advice=f"Save your code in it as a plain file of at most {MAX_BYTES >> 20} MiB "
                                            "and it is graded again.")
    except SubmissionRefused as refused:
        return Unreadable(str(refused))
