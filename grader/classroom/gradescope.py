"""Gradescope: the autograder zip `grade export gradescope` writes, and what runs inside it.

The zip holds setup.sh, run_autograder and the course: the grader and the
chosen challenges with their hidden checks, but neither the reference nor the
solutions, since the learner's code runs on the same machine. Each challenge
carries instead the reference's recorded answers to every check, hidden ones
included (grader.judge.answers). Gradescope runs run_autograder once per
submission, which runs ``python -m grader.classroom.gradescope AUTOGRADER_ROOT``:
grade each challenge's main.py found in AUTOGRADER_ROOT/submission and write
AUTOGRADER_ROOT/results/results.json in Gradescope's format
(https://gradescope-autograders.readthedocs.io/en/latest/specs/), in one
step at the very end. A run that does not finish gets a results.json of
zero points from run_autograder, whatever the learner's code left there.
"""
import json
import os
import shutil
import stat
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

from grader.classroom.release import without_reference
from grader.classroom.stub_shapes import OTHER_STUBS
from grader.course import CourseError, load_challenges, read_course_file
from grader.judge import answers
from grader.views.safe_text import some_of, visible, visible_data

COURSE_FOLDER = "nnfs-grade"
WORKER_ACCOUNT = "nnfs-learner"   # the unprivileged account setup.sh makes for the learner's code
CONFIG = "autograder.json"
OUTPUT_LIMIT = 20_000

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
# Base image: Ubuntu 22.04, Gradescope's default (https://gradescope-autograders.readthedocs.io/en/latest/base_images/).
# Its python3 is 3.10 and its python3.11 package is a release candidate, so Python 3.12 comes
# from the deadsnakes archive; an image whose python3 is 3.11 or newer (Ubuntu 24.04) uses its own.
# AUTOGRADER_ROOT lets it run outside Gradescope, for testing.
set -euo pipefail
root="${{AUTOGRADER_ROOT:-/autograder}}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
# bubblewrap confines the learner's code, which runs as an unprivileged account of its own.
apt-get install -y --no-install-recommends python3 python3-venv ca-certificates bubblewrap
id -u {worker} >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin {worker}
python=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    apt-get install -y --no-install-recommends software-properties-common gpg-agent
    add-apt-repository -y ppa:deadsnakes/ppa
    apt-get update
    apt-get install -y --no-install-recommends python3.12 python3.12-venv
    python=python3.12
fi
"$python" -m venv "$root/venv"
"$root/venv/bin/pip" install --upgrade pip
"$root/venv/bin/pip" install "$root/source/{course}"
# The learner's account reads Python and the course (to run them), never writes them.
chmod -R a+rX "$root/venv" "$root/source"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission; it writes results/results.json.
# AUTOGRADER_ROOT and NNFS_GRADE_PYTHON let it run outside Gradescope, for testing.
root="${{AUTOGRADER_ROOT:-/autograder}}"
python="${{NNFS_GRADE_PYTHON:-$root/venv/bin/python}}"
results="$root/results/results.json"
cd "$root/source/{course}" || exit 1
export {account_variable}="${{{account_variable}-{worker}}}"
# Only a judge that finished may leave results: whatever is there otherwise is not the judge's.
rm -rf "$results"
"$python" -m grader.classroom.gradescope "$root"
status=$?
if [ "$status" -ne 0 ]; then
    mkdir -p "$root/results"
    rm -rf "$results"
    printf '{{"score": 0, "tests": [], "output": "{unfinished}"}}\n' "$status" > "$results"
fi
exit 0
"""
UNFINISHED = ("The autograder did not finish grading this submission (it ended with status %d), so this run gives "
              "no points. If your code stops or kills processes, or writes into the folders of the autograder, remove "
              "that code and submit again; otherwise tell your instructor.")


class ExportError(Exception):
    """The export cannot be written."""


# --- building the zip (the instructor's machine) ------------------------------------------

# When learners see a hidden check's result, as each of Gradescope's visibilities shows a test
# (https://gradescope-autograders.readthedocs.io/en/latest/specs/#controlling-test-case-visibility).
SHOWN_WHEN = {"after_published": "when your instructor publishes the grades",
              "after_due_date": "after the due date (the late due date, where late submissions are allowed)"}


def hidden_points_refusal(challenges, hidden_visibility):
    """Why `hidden_visibility` cannot serve the hidden checks of `challenges`, or None where it can.

    Gradescope never shows a `hidden` test to learners, yet does not hide the total score for it: hidden tests
    "should only be used for tests which don't contribute points to the total" (the specs, "Controlling test case
    visibility"). A hidden check that carries points would then be read off the total, so `hidden` is refused for
    them; after_due_date and after_published hide the total until the tests are shown.
    """
    from grader.course import checks_of

    if hidden_visibility != "hidden":
        return None
    points = {challenge.name: sum(info.points for info in checks_of(challenge) if info.hidden)
              for challenge in challenges}
    carrying = {name: total for name, total in points.items() if total}
    if not carrying:
        return None
    return ("--hidden-visibility hidden cannot keep these checks hidden: Gradescope never shows a hidden test, but "
            "shows learners their total score, which would count the hidden checks' points ("
            + ", ".join(f"{name}: {total:g}" for name, total in carrying.items())
            + "), so a learner would read their results off it. Gradescope's hidden tests are for tests that give no "
            "points (https://gradescope-autograders.readthedocs.io/en/latest/specs/). Use after_published or "
            "after_due_date, which hide the total until the results are shown.")


def build_autograder(root, out, challenges, hidden_visibility="after_published", allow_unconfined=False):
    """Write the autograder zip for `challenges` to `out`; `allow_unconfined`: grade where bwrap cannot run."""
    from grader.sandbox.confinement import WORKER_USER_VARIABLE

    refusal = hidden_points_refusal(challenges, hidden_visibility)
    if refusal:
        raise ExportError(refusal)
    root, out = Path(root), Path(out)
    files = {"setup.sh": SETUP_SH.format(course=COURSE_FOLDER, worker=WORKER_ACCOUNT).encode(),
             "run_autograder": RUN_AUTOGRADER.format(course=COURSE_FOLDER, worker=WORKER_ACCOUNT,
                                                     account_variable=WORKER_USER_VARIABLE,
                                                     unfinished=UNFINISHED).encode(),
             f"{COURSE_FOLDER}/{CONFIG}": json.dumps({
                 "challenges": [challenge.name for challenge in challenges],
                 "hidden_visibility": hidden_visibility, "allow_unconfined": allow_unconfined}, indent=2).encode()}
    try:
        for challenge in challenges:
            challenge.require_plain_files(within=root)
        for relative in _course_files(root, challenges):
            files[f"{COURSE_FOLDER}/{relative.as_posix()}"] = read_course_file(root / relative, within=root)
    except CourseError as exc:
        raise ExportError(f"Nothing was exported: {exc}") from None
    files[f"{COURSE_FOLDER}/pyproject.toml"] = without_reference(
        files[f"{COURSE_FOLDER}/pyproject.toml"].decode("utf-8")).encode("utf-8")
    for challenge in challenges:
        folder = f"{COURSE_FOLDER}/{challenge.path.relative_to(root).as_posix()}"
        files[f"{folder}/{answers.FILE_NAME}"] = _recorded_answers(challenge)
        # The stub as shipped, as a release has it: main.py in the instructor's checkout may be their own solved copy,
        # which the learners' code on Gradescope could read.
        try:
            shipped = challenge.read_shipped(within=root)
        except CourseError as exc:
            raise ExportError(f"Nothing was exported: {exc}") from None
        if shipped is not None:
            files[f"{folder}/main.py"] = shipped
    # The other challenges' stubs as shipped, which learners hold too: a later one copied in is none of their work.
    chosen = {challenge.name for challenge in challenges}
    try:
        for other in load_challenges(root):
            shipped = other.read_shipped(within=root) if other.name not in chosen else None
            if shipped is not None:
                files[f"{COURSE_FOLDER}/{OTHER_STUBS}/{other.name}/main.py"] = shipped
    except CourseError as exc:
        raise ExportError(f"Nothing was exported: {exc}") from None
    partial = out.with_name(f".{out.name}.partial")
    try:
        # As grade report makes its --out folder: the export's folder is made where it is not there yet.
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                executable = name in ("setup.sh", "run_autograder")
                info.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"Cannot write {out}: {exc.strerror or exc}.") from None
    return sorted(files)


def _recorded_answers(challenge):
    """answers.json for `challenge`: the reference's answers to every check, hidden ones included."""
    solution = challenge.solution
    if not solution.is_file():
        raise ExportError(f"No solution for {challenge.name} in {solution.parent.parent}: the autograder carries the "
                          "reference's recorded answers, recorded by grading the solution, so it needs one.")
    recorded, failing = answers.record(challenge, solution)
    if failing:
        raise ExportError(f"The solution of {challenge.name} does not pass {', '.join(failing)}; fix the course "
                          "before exporting it.")
    return answers.encoded(recorded)


def _course_files(root, challenges):
    """The course's files an autograder needs, relative to `root`: no reference, no solutions, no caches, nothing in
    a challenge's folder that is not its own (Challenge.strays)."""
    left_out = {stray for challenge in challenges for stray in challenge.strays()}
    for folder in (root / "grader", *(challenge.path for challenge in challenges)):
        for path in sorted(folder.rglob("*")):
            # A pipe or a device is taken too, to be refused by name rather than left out unsaid.
            if (not path.is_dir() and "__pycache__" not in path.parts and path.suffix != ".pyc"
                    and not any(stray == path or stray in path.parents for stray in left_out)):
                yield path.relative_to(root)
    yield Path("pyproject.toml")


# --- grading one submission (inside Gradescope) -------------------------------------------

def autograde(autograder_root):
    """Grade AUTOGRADER_ROOT/submission and write AUTOGRADER_ROOT/results/results.json; never raises."""
    started = time.monotonic()
    autograder_root = Path(autograder_root)
    results_file = autograder_root / "results" / "results.json"
    if results_file.is_file() or results_file.is_symlink():
        results_file.unlink()
    try:
        results = _grade_submission(autograder_root)
    except Exception as exc:  # Gradescope shows nothing useful for a run that writes no results
        results = {"score": 0.0, "output": (
            f"The autograder could not grade this submission ({type(exc).__name__}: {exc}). "
            "This is a fault in the autograder, not in your code: please tell your instructor."),
            "tests": []}
    results["execution_time"] = round(time.monotonic() - started, 3)
    results["stdout_visibility"] = "hidden"
    # Gradescope shows names, tags and outputs as they are: learners' notes and messages must hide nothing.
    _write_last(results_file, json.dumps(visible_data(results), indent=2, allow_nan=False))


def _write_last(path, text):
    """Write `path` in one step, replacing whatever the learner's code may have put there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    os.replace(partial, path)


def _grade_submission(autograder_root):
    from grader.classroom.entries import EntryRefused, file_limit
    from grader.course import find_root, load_challenges
    from grader.judge.grading import grade
    from grader.judge.notebook import NotebookError
    from grader.judge.submission import SubmissionRefused, read_submission
    from grader.sandbox import confinement

    course = find_root(Path.cwd())
    config = json.loads((course / CONFIG).read_text(encoding="utf-8"))
    every = {challenge.name: challenge for challenge in load_challenges(course)}
    chosen = [every[name] for name in config["challenges"]]
    hidden = config.get("hidden_visibility", "after_published")
    refusal = _unconfined_refusal(config)
    if refusal:
        return {"score": 0.0, "output": refusal, "tests": []}
    if not config.get("allow_unconfined"):
        confinement.require()
    try:
        submitted = _submitted_files(autograder_root / "submission")
    except EntryRefused as refused:
        return {"score": 0.0, "output": f"Not graded: {refused}",
                "tests": [test for challenge in chosen for test in _unsubmitted_tests(challenge, hidden, str(refused))]}
    tests, notes = [], []
    for challenge in chosen:
        path = _find_main(submitted, challenge, single=len(chosen) == 1)
        if path is None:
            notes.append(f"{challenge.title}: no main.py (or main.ipynb) was found for {challenge.name}. "
                         + _where_to_put_it(challenge, len(chosen) == 1))
            tests += _unsubmitted_tests(challenge, hidden)
            continue
        shown = visible(next(name for name, found in submitted.items() if found == path))
        try:
            source = read_submission(path, file_limit(path.name))
            with tempfile.TemporaryDirectory() as staging:
                # Graded from a copy, so the submission folder stays as it was uploaded; its notes name the upload.
                copy = Path(staging) / f"main{path.suffix.lower()}"
                copy.write_bytes(source)    # a notebook is read as every grader reads one (code_of_notebook)
                result = grade(challenge, copy, shown=shown)
        except confinement.SandboxLost as lost:
            # The sandbox failed after the survey found it could start: no score from an unconfined run.
            print(lost, file=sys.stderr)   # to the autograder's log, which the instructor reads
            return {"score": 0.0, "output": SANDBOX_LOST, "tests": []}
        except (SubmissionRefused, NotebookError) as refused:
            # One file that cannot be graded costs its own challenge's points, not the others'.
            notes.append(f"{challenge.title}: {refused}")
            tests += _unsubmitted_tests(challenge, hidden, f"Not graded: {refused}")
            continue
        except Exception as exc:   # the grader's own fault: it too costs this challenge alone, and says so
            traceback.print_exc()   # to the autograder's log, which the instructor reads
            failed = (f"The grader failed while grading this file ({type(exc).__name__}). Tell your instructor, "
                      "who finds the details in the autograder's log; your other challenges are graded as usual.")
            notes.append(f"{challenge.title}: {failed}")
            tests += _unsubmitted_tests(challenge, hidden, f"Not graded: {failed}")
            continue
        tests += [_test(challenge, number, check, hidden) for number, check in enumerate(result.checks, 1)]
        notes += [f"{challenge.title}: {note}" for note in result.notes]
        another = _another_stub(challenge, source, path)
        if another:
            notes.append(f"{challenge.title}: {another}")
        other = _other_work(submitted, challenge, len(chosen) == 1, path)
        if other is not None:
            notes.append(f"{challenge.title}: {visible(other)} holds other work for the challenge and was not graded: "
                         f"{shown} was. If your work is in the other, upload that file alone.")
        unread = _unread_beside_stub(submitted, challenge, path)
        if unread:
            notes.append(f"{challenge.title}: {shown} is the stub as shipped, so it scored 0; {some_of(unread, 3)} "
                         f"{'was' if len(unread) == 1 else 'were'} not graded, as only main.py, {challenge.name}.py "
                         "or a notebook of those names is. If your work is there, name that file main.py (a notebook "
                         "main.ipynb) and upload it again, in the stub's place.")
        missing = result.names_missing()
        if missing:
            notes.append(f"{challenge.title}: your {visible(path.name)} defines none of the names "
                         f"{challenge.name}'s checks look for ({', '.join(missing[:3])}"
                         f"{', ...' if len(missing) > 3 else ''}): is it the file of another challenge? Upload this "
                         "challenge's main.py.")
    score = round(sum(test["score"] for test in tests), 6)
    return {"score": score, "output": "\n".join([_visible_score(tests, hidden), *notes])[:OUTPUT_LIMIT],
            "tests": tests}


def _visible_score(tests, hidden="after_published"):
    """The score line learners may read at once: the visible checks' points only, and when the others are shown.

    Gradescope hides a submission's total from learners while an after_due_date or after_published test is
    unpublished (https://gradescope-autograders.readthedocs.io/en/latest/specs/#controlling-test-case-visibility),
    but the top-level output is always shown, so a total there would give a failed hidden check away until then.
    A `hidden` test is never shown; the export allows it only for checks that give no points.
    """
    shown = [test for test in tests if test["visibility"] == "visible"]
    score = round(sum(test["score"] for test in shown), 6)
    maximum = round(sum(test["max_score"] for test in shown), 6)
    if len(shown) == len(tests):
        return f"Score: {score:g} of {maximum:g}."
    if hidden == "hidden":
        scoring = any(test["max_score"] for test in tests if test["visibility"] == "hidden")
        return (f"Checks you can see: {score:g} of {maximum:g} points. Further checks are for your instructor only: "
                "you will not see them" + (", and they give no points." if not scoring else "."))
    return (f"Checks you can see now: {score:g} of {maximum:g} points. Further checks count towards your grade; "
            f"their results are shown {SHOWN_WHEN.get(hidden, SHOWN_WHEN['after_published'])}.")


SANDBOX_LOST = ("Not graded: the autograder's sandbox failed to start for your code, so it gives no score rather than "
                "one from a run without it. Nothing is wrong with your work: submit again, and tell your instructor if "
                "it happens again; the autograder's log says why.")


def _unconfined_refusal(config):
    """Why this image may not grade, when it cannot confine the learner's code and the export did not allow it."""
    from grader.sandbox import confinement

    if confinement.confined(thorough=True) or config.get("allow_unconfined"):
        return None
    missing = next(layer for layer in confinement.survey(thorough=True) if layer.name == "namespaces")
    # Learners read it first: nothing in it is theirs to fix.
    return ("Not graded: this autograder cannot confine the learner's code on this machine, so it gives no score "
            "rather than one it cannot vouch for. Nothing is wrong with your work: tell your instructor, and submit "
            f"again once they say it is fixed. For the instructor: {missing.detail} {missing.remedy} Or export the "
            "autograder again with grade export gradescope --allow-unconfined to grade without confinement.")


def _test(challenge, number, check, hidden):
    lines = []
    if check.status != "passed":
        lines.append(check.message)
        if check.shows_hint():
            lines.append(f"Hint: {check.hint}")
        if check.output or check.output_dropped:
            lines.append(f"Your code printed:\n{check.printed_output}")
    return {
        "name": f"{challenge.title}: {check.name}",
        "number": f"{challenge.number}.{number}",
        "score": check.score,
        "max_score": check.max_score,
        "status": "passed" if check.status == "passed" else "failed",
        "output": visible("\n".join(lines))[:OUTPUT_LIMIT],
        "tags": [challenge.name, check.category, *([check.mistake] if check.mistake else [])],
        "visibility": hidden if check.hidden else "visible",
    }


def _unsubmitted_tests(challenge, hidden, why=None):
    from grader.course import checks_of

    return [{"name": f"{challenge.title}: {info.name}", "number": f"{challenge.number}.{number}",
             "score": 0.0, "max_score": info.points, "status": "failed",
             "output": why or f"Not graded: your submission has no main.py for {challenge.name}.",
             "tags": [challenge.name, info.category], "visibility": hidden if info.hidden else "visible"}
            for number, info in enumerate(checks_of(challenge), 1)]


def _submitted_files(folder):
    """{relative path: path} of every plain .py file and notebook uploaded that a grader may take
    (grader.classroom.entries.uploaded_files); links are not followed. Raises EntryRefused, with a sentence for the
    learner, for an upload that cannot be read or is beyond a submission's limits, as the class report does."""
    from grader.classroom.entries import FolderEntry, Submitted, read_safely

    shown = f"{folder.name}/"
    submitted = read_safely(shown, lambda: Submitted(FolderEntry(folder, shown)))
    return {relative: folder / relative for relative in submitted.files}


def _find_main(submitted, challenge, single):
    """The learner's file for `challenge`, chosen as the class report chooses it from Gradescope's export
    (grader.classroom.entries.chosen_upload); where the .py chosen is the stub as shipped, a notebook, else another .py
    named for the challenge that is not (entries.named_files)."""
    from grader.classroom.entries import chosen_upload, named_files

    files = sorted(submitted)
    found = chosen_upload(files, challenge.name, single)
    if found is not None and found.lower().endswith(".py") and _is_stub(challenge, submitted[found]):
        # Who works in a notebook may hand in the stub main.py beside it, as the course shipped it; who works in
        # <challenge>.py, beside main.py (or the other way round).
        found = chosen_upload(files, challenge.name, single, (".ipynb",)) or next(
            (path for path in named_files(files, challenge.name, single)
             if path != found and _holds_work(challenge, path, submitted[path])), found)
    return None if found is None else submitted[found]


def _other_work(submitted, challenge, single, graded):
    """The name of a file named for `challenge` other than the one `graded` that holds other work (not the stub as
    shipped, nor the same bytes), or None: the learner may have meant it, as the class report's notes say too."""
    from grader.classroom.entries import named_files
    from grader.judge.submission import SubmissionRefused, read_submission

    try:
        chosen = read_submission(graded)
        for name in named_files(sorted(submitted), challenge.name, single):
            path = submitted[name]
            if path != graded and _holds_work(challenge, name, path) and read_submission(path) != chosen:
                return name
    except SubmissionRefused:
        return None
    return None


def _unread_beside_stub(submitted, challenge, graded):
    """Where the file `graded` for `challenge` is its stub as shipped, the names (as the learner sees them) of the
    uploaded .py files and notebooks of other names beside it, which may hold the work but are never graded: neither
    named for the challenge, nor another challenge's, nor the course's own; else []."""
    from grader.classroom.entries import of_other_names

    if not _is_stub(challenge, graded):
        return []
    return [visible(name) for name, path in sorted(submitted.items())
            if path != graded and of_other_names(name, challenge.name) and _holds_work(challenge, name, path)]


def _holds_work(challenge, name, path):
    """Whether the uploaded file `name` (at `path`) may hold the learner's work for `challenge`: neither a challenge's
    stub as shipped (its own, or a later one's, which gives its classes) nor a file the course ships (a clone of the
    release uploaded whole)."""
    from grader.classroom.roster import course_file, course_stub
    from grader.judge.submission import SubmissionRefused, read_submission

    root = challenge.path.parent.parent
    try:
        data = read_submission(path)
    except SubmissionRefused:
        return True    # graded, the judge says why it cannot be
    return not course_stub(data, root) and not course_file(name, root)


def _another_stub(challenge, source, path):
    """The note for `source`, the .py file at `path` graded for `challenge`, where it is another challenge's stub as
    shipped; else None."""
    from grader.classroom.roster import OTHER_STUB_GRADED, course_stub

    if path.suffix.lower() != ".py" or _is_stub(challenge, path) \
            or not course_stub(source, challenge.path.parent.parent):
        return None
    return OTHER_STUB_GRADED.format(origin=visible(path.name), challenge=challenge.name)


def _is_stub(challenge, path):
    """Whether the file at `path` is `challenge`'s stub as the course shipped it."""
    from grader.classroom.stub_shapes import StubShapes
    from grader.judge.submission import SubmissionRefused, read_submission

    try:
        return StubShapes([challenge]).is_stub(challenge, read_submission(path))
    except SubmissionRefused:
        return False


def _where_to_put_it(challenge, single):
    if single:
        return "Upload your main.py or main.ipynb (or the challenge folder that holds it)."
    return (f"Upload it as {challenge.name}/main.py, challenges/{challenge.name}/main.py or {challenge.name}.py, "
            "so the autograder knows which challenge it is.")


def main():
    autograde(sys.argv[1] if len(sys.argv) > 1 else "/autograder")


if __name__ == "__main__":
    main()
