"""The learner's progress, kept in `.nnfs-grade/` at the course root.

It remembers the last result of each challenge (keyed by the content of the
learner's file and the challenge's checks version, so an edit, a new spec or a
grader fix makes it stale), how many hint levels were shown, and the backups `grade reset` makes.
"""
import hashlib
import json
import math
import os
import sys
from pathlib import Path

from grader.course import STATE_FOLDER, CourseError, checks_version, replace_file, stamped, state_folder
from grader.judge.submission import MAX_BYTES, SubmissionRefused, read_submission

NOT_STARTED, IN_PROGRESS, DONE, MISSING = "not started", "in progress", "done", "missing"
UNREADABLE = "unreadable"     # main.py is there but cannot be graded: a folder, a FIFO, a device, too large
# A progress file is a few kilobytes; anything far larger (or not a file at all) is not one this grader wrote.
MAX_PROGRESS_BYTES = 16 << 20
MAX_SOURCE_KEPT = 200   # characters of the line a first failing check stopped at, which `grade hint` quotes
_UNSAVED = set()    # progress files this process could not write, and has said so
_IGNORED = set()    # progress files this process could not read, and has said so


class Progress:
    def __init__(self, root):
        self.folder = Path(root) / STATE_FOLDER
        self.path = self.folder / "progress.json"
        self.data = _read_progress(self.path)
        # What is not as this class writes it (a file edited by hand) is forgotten: graded again, or its hints
        # shown from the first.
        results, hints = self.data.get("results"), self.data.get("hints")
        self.data["results"] = {name: entry for name, entry in (results.items() if isinstance(results, dict) else ())
                                if _well_formed(entry)}
        self.data["hints"] = {name: level for name, level in (hints.items() if isinstance(hints, dict) else ())
                              if type(level) is int and level >= 0}

    def save(self):
        """Write the progress file; where it cannot be written, say so on stderr and go on: the command's own
        result does not depend on it."""
        try:
            state_folder(self.folder.parent)
            replace_file(self.path, json.dumps(self.data, indent=2, sort_keys=True).encode("utf-8"))
        except OSError as exc:
            if self.path not in _UNSAVED:   # once per command, however often it saves
                _UNSAVED.add(self.path)
                print(f"Note: your progress could not be saved in {self.path} ({exc.strerror or exc}), so scores "
                      "and hint levels are not remembered. Remove or rename whatever is in its way, then run the "
                      "command again.", file=sys.stderr)

    # --- results ------------------------------------------------------------

    def cached(self, challenge, submission, key=None):
        """The entry remembered for `submission` as it is now (`key`: its result_key, if taken already), or None."""
        if not Path(submission).is_file():
            return None
        entry = self.data["results"].get(challenge.name)
        try:
            if entry and entry.get("key") == (key or result_key(challenge, submission)):
                return entry
        except SubmissionRefused:
            pass    # a file that cannot be graded has no result
        return None

    def graded_file(self, challenge, submission):
        """Whether `submission` is the file whose result was remembered last for `challenge`, whatever the version
        of the checks: found from the learner's own files alone, without reading the course's."""
        entry = self.data["results"].get(challenge.name)
        key = entry.get("key") if isinstance(entry, dict) else None
        try:
            return isinstance(key, str) and Path(submission).is_file() and \
                key.rpartition(":")[2] == _file_digest(submission)
        except SubmissionRefused:
            return False

    def remember(self, challenge, key, result, shown=False):
        """Keep `result` under `key`: the result_key of the file taken before it was graded, so that a file saved
        while it was graded no longer matches and is graded again. `shown`: whether the learner was shown its
        report (grade, grade watch), whose first hint `grade hint` then need not repeat. Returns the entry kept."""
        entry = self.data["results"][challenge.name] = {"key": key, **summary_of(result, shown)}
        return entry

    def remember_unstarted(self, challenge, max_score):
        """The entry of a challenge not started (its main.py is the stub as shipped) or missing: no points of
        `max_score`. A stub's is kept, under the key of the stub as shipped, so that the next `grade list` need not
        import the challenge's checks to count their points. Returns the entry."""
        entry = {"score": 0.0, "max_score": max_score, "passed": False}
        if challenge.stub.is_file() and challenge.pristine.is_file():
            self.data["results"][challenge.name] = {"key": result_key(challenge, challenge.pristine), **entry}
        return entry

    # --- hints ----------------------------------------------------------------

    def next_hint_level(self, name, levels, first=1):
        """The level to show next (1-based), advancing the counter up to the last level; `first`: the level to
        start from when none was shown yet."""
        shown = self.data["hints"].get(name, first - 1)
        level = min(shown + 1, levels)
        self.data["hints"][name] = level
        return level

    def show_hint_level(self, name, level, levels):
        """`level` (1-based), at most the last of `levels`, remembered as shown: next_hint_level goes on from it."""
        level = max(1, min(level, levels))
        self.data["hints"][name] = level
        return level

    # --- backups ----------------------------------------------------------------

    def backup(self, challenge, data):
        """Keep `data` (the learner's main.py, as read) in a new file of the backups folder; returns its path.
        Raises OSError."""
        folder = state_folder(self.folder.parent, "backups", challenge.name)
        for target in stamped(lambda stamp: folder / f"main-{stamp}.py"):
            try:
                # Created, never opened if there: a name taken (by a link, too) is never written through.
                descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                break
            except FileExistsError:
                continue
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        return target


def summary_of(result, shown=False):
    """What the progress file keeps of a GradeResult: its score, whether it passed, and its first failing check
    (its id, whether it stopped before what it computes could be judged, the line of the learner's file it
    stopped at, and the hint its report gave), which `grade hint` follows, and the checks whose first hint a report `shown` to the learner gave."""
    first = result.first_to_fix()
    causes = result.shared_causes() if shown else {}
    stopped = bool(first and first.stopped_short)
    return {"score": result.score, "max_score": result.max_score, "passed": result.passed,
            "first_failing": getattr(first, "id", None), "first_failing_stopped": stopped,
            "first_failing_where": _line_of(first.where) if stopped else None,
            "first_failing_hint": first.hint if first else None,
            "hinted": [check.id for check in result.checks if shown and check.shows_hint(causes.get(check.id))]}


def _line_of(where):
    """The line, its source (its start) and a notebook's cell of a check's `where`; None where it names no line."""
    if not isinstance(where, dict) or type(where.get("line")) is not int:
        return None
    kept = {"line": where["line"], "source": str(where.get("source") or "")[:MAX_SOURCE_KEPT]}
    if isinstance(where.get("cell"), str):
        kept["cell"] = where["cell"][:MAX_SOURCE_KEPT]
    return kept


def _well_formed(entry):
    """Whether a remembered result is as Progress.remember and remember_unstarted write it."""
    return (isinstance(entry, dict) and isinstance(entry.get("key"), str) and isinstance(entry.get("passed"), bool)
            and all(type(entry.get(field)) in (int, float) and math.isfinite(entry[field])
                    for field in ("score", "max_score"))
            and isinstance(entry.get("first_failing", ""), (str, type(None)))
            and isinstance(entry.get("first_failing_stopped", False), bool)
            and isinstance(entry.get("first_failing_hint", ""), (str, type(None)))
            and _line_of(entry.get("first_failing_where")) == entry.get("first_failing_where"))


def result_key(challenge, submission, sealed=None, content=None):
    """Changes whenever the learner's file, the challenge's checks, the reference or the grader change: the
    checks' version, then the file's own digest (which Progress.graded_file reads alone).
    `sealed`: see grader.course.checks_version; `content`: the file's bytes as graded, if read already. Raises
    SubmissionRefused where the file cannot be graded."""
    return f"{checks_version(challenge, sealed)}:{_file_digest(submission, content)}"


def _file_digest(submission, content=None):
    return hashlib.sha256(read_submission(submission) if content is None else content).hexdigest()


def state_of(challenge, submission, entry, content=None):
    """not started (the stub as shipped), in progress, done (every check passed), missing (no file) or unreadable
    (problem_with says why). `content`: the file's bytes, if read already."""
    if content is None:
        if not os.path.exists(submission):
            return MISSING
        try:
            content = read_submission(submission)
        except SubmissionRefused:
            return UNREADABLE
    if entry and entry["passed"]:
        return DONE
    return NOT_STARTED if is_pristine(challenge, content) else IN_PROGRESS


def is_pristine(challenge, content):
    """Whether `content` (a main.py's bytes, or None) is the challenge's stub as shipped."""
    if content is None:
        return False
    try:
        return content == challenge.read_pristine()
    except CourseError:
        return False


def problem_with(challenge):
    """Why the challenge's main.py cannot be graded (a sentence), or None where it can be, or is not there."""
    if not os.path.exists(challenge.stub):
        return None
    try:
        read_submission(challenge.stub, advice=(
            f"Only a plain file of at most {MAX_BYTES >> 20} MiB can be graded: put your code back in one, or move "
            f"this one out of the way and run grade reset {challenge.number} to start again from the stub."))
    except SubmissionRefused as refused:
        return str(refused)
    return None


def _read_progress(path):
    """The progress file's data; {} where it is not one this grader wrote (edited by hand, damaged, not a regular
    file, far too large), saying so where it is not a file at all, which a save would not mend."""
    try:
        data = json.loads(read_submission(path, MAX_PROGRESS_BYTES, advice=(
            "Your progress (scores and hint levels remembered) was ignored: it is written anew, as a plain file, "
            "once the command saves it.")).decode("utf-8"))
    except SubmissionRefused as refused:
        if os.path.lexists(path) and str(path) not in _IGNORED:    # once per command, however often it is read
            _IGNORED.add(str(path))
            print(f"Note: {refused}", file=sys.stderr)
        return {}
    except (ValueError, RecursionError):    # JSON nested deeper than Python's stack: not ours
        return {}
    return data if isinstance(data, dict) else {}
