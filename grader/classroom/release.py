"""`grade release`: the course as learners receive it.

A release holds the stubs (as shipped in .pristine/, whatever an instructor
solved in the checkout's main.py), the instructions, the public checks and the
grader, and nothing that gives answers away: no solutions, no hidden checks,
and no reference implementation (a full solution of every challenge). In its
place each challenge ships answers.json, the reference's answers to exactly
the scenarios its public checks ask for, recorded by grading the
instructor's solution through the released checks.
"""
import functools
import os
import re
import shutil
from pathlib import Path

from grader.judge import answers
from grader.views import render
from grader.classroom.release_notebooks import write_notebooks
from grader.course import CACHES, STATE_FOLDER, CourseError, load_challenge, read_course_file, require_course_file

# equivalent_mutants.toml describes the solution's code line by line (grade dev mutate).
LEFT_OUT = ("hidden_spec.py", "hidden_scenarios.py", "equivalent_mutants.toml", answers.FILE_NAME, "__pycache__")
COURSE_FILES = ("LICENSE", "SECURITY.md")
# The learners' repository is committed and pushed (GitHub Classroom grades what is pushed): what their tools write
# stays out of it. The release's own files, answers.json and the learner's main.py and notebooks are all committed.
GITIGNORE = """# What learners' tools write; none of it belongs in the repository.
.venv/
venv/
__pycache__/
*.pyc
*.egg-info/
.pytest_cache/
.ipynb_checkpoints/
# grade's own state (progress, backups, cached answers): kept per machine, never committed
{state}/
"""


class ReleaseError(Exception):
    """The release cannot be made; nothing was left half-written in its place."""


def shipped_stubs(root, challenges):
    """{challenge name: the bytes of the stub it ships (Challenge.read_shipped)}. Raises ReleaseError where one
    cannot be read, or there is none, or is a link refused in the course at `root` (require_course_link)."""
    stubs = {}
    for challenge in challenges:
        try:
            stubs[challenge.name] = challenge.read_shipped(within=root)
        except CourseError as exc:
            raise ReleaseError(f"Nothing was released: the stub of {challenge.name} could not be read. {exc}") from None
        if stubs[challenge.name] is None:
            raise ReleaseError(f"Nothing was released: {challenge.name} has no stub. Add {challenge.pristine}, the "
                               "stub as the course ships it (grade dev check lists what a challenge needs), then "
                               "run grade release again.")
    return stubs


def make_release(root, out, challenges, stubs, notebooks=False):
    """Write the learners' course for `challenges` into the new folder `out`; returns the released challenges.

    `stubs`: shipped_stubs(challenges), what each challenge's main.py (and .pristine/main.py) is in the release.
    With `notebooks`, each challenge is also written as notebooks/<challenge>.ipynb.
    """
    root, out = Path(root), Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ReleaseError(f"{out} already exists and is not empty; choose a new folder, so nothing in it is "
                           "overwritten. To add challenges to a release learners have already, release them into a "
                           "new folder and copy its challenges/<name>/ folders (and, with --notebooks, its "
                           "notebooks/<name>.ipynb) into the learners' repository (then, for GitHub Classroom, grade "
                           "export github-classroom --out that repository, to add their steps).")
    try:
        for challenge in challenges:
            challenge.require_plain_files(within=root)
            solution = challenge.solution
            if os.path.lexists(solution):
                require_course_file(solution)
    except CourseError as exc:
        raise ReleaseError(f"Nothing was released: {exc}") from None
    missing = [challenge.name for challenge in challenges
               if not challenge.solution.is_file()]
    if missing:
        raise ReleaseError(f"No solution for {', '.join(missing)} in {root / 'solutions'}: a release records the "
                           "reference's answers by grading the solution, so each challenge needs one.")
    _refuse_solved_stubs(root, challenges, stubs)
    building = out.with_name(f".{out.name}.partial")
    shutil.rmtree(building, ignore_errors=True)
    try:
        released = _build(root, building, challenges, stubs, notebooks)
        if notebooks:
            write_notebooks(building, released)
        _drop_caches(building)
        (building / ".gitignore").write_text(GITIGNORE.format(state=STATE_FOLDER), encoding="utf-8")
        if out.exists():
            out.rmdir()
        building.rename(out)
    except BaseException as exc:
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(exc, CourseError):
            raise ReleaseError(f"Nothing was released: {exc}") from None
        raise
    return [load_challenge(out / "challenges" / challenge.path.name) for challenge in released]


def _refuse_solved_stubs(root, challenges, stubs):
    """Raise ReleaseError where the stub a challenge would ship (in `stubs`) is its solution's very bytes: a copy, a
    hard link or a link, which the check of later stubs (given_away) cannot see, as it weighs a solution against
    the lines of its own stub."""
    for challenge in challenges:
        solution = challenge.solution
        try:
            solved = read_course_file(solution)
        except CourseError as exc:
            raise ReleaseError(f"Nothing was released: {exc}") from None
        if stubs[challenge.name] == solved:
            raise ReleaseError(f"Nothing was released: the stub of {challenge.name} as it would ship "
                               f"({challenge.shipped_stub}) is its solution ({solution}), byte for byte, and would "
                               f"give the answer away. Put the stub back in {challenge.pristine} (git checkout "
                               "restores it where the course is a git repository), then run grade release again.")


def given_away(root, challenges, stubs):
    """[(later, earlier)]: released challenges whose stub (in `stubs`, from shipped_stubs) holds most of an earlier
    one's solution.

    Later stubs give the book's earlier classes as working code; released together,
    they hand learners the answers to the earlier challenge.
    """
    found = []
    for earlier in challenges:
        solution = earlier.solution
        own = _code_lines(stubs[earlier.name])
        answers_only = _code_lines(read_course_file(solution)) - own
        for later in challenges:
            if later.course_position > earlier.course_position and answers_only:
                shared = answers_only & _code_lines(stubs[later.name])
                if len(shared) >= len(answers_only) / 2:
                    found.append((later, earlier))
    return found


def edited_stubs(challenges, stubs):
    """The challenges whose main.py in the checkout is not the stub they ship (in `stubs`, from shipped_stubs): an
    instructor tried them there."""
    return [challenge for challenge in challenges if challenge.stub.is_file()
            and stubs[challenge.name] != challenge.stub.read_bytes()]


def _code_lines(source):
    return {line.strip() for line in source.decode("utf-8").splitlines() if len(line.strip()) > 20}


def _build(root, folder, challenges, stubs, notebooks=False):
    folder.mkdir(parents=True)
    copy_file = functools.partial(_copy_course_file, within=root)
    shutil.copytree(root / "grader", folder / "grader", ignore=_grader_left_out(root / "grader"),
                    copy_function=copy_file)
    pyproject = read_course_file(root / "pyproject.toml", within=root).decode("utf-8")
    (folder / "pyproject.toml").write_text(without_reference(pyproject), encoding="utf-8")
    for name in COURSE_FILES:
        if os.path.lexists(root / name):
            copy_file(root / name, folder / name)
    released = []
    for challenge in challenges:
        target = folder / "challenges" / challenge.path.name
        shutil.copytree(challenge.path, target, ignore=_stubs_left_out(challenge), copy_function=copy_file)
        (target / "main.py").write_bytes(stubs[challenge.name])
        if os.path.lexists(challenge.pristine):
            (target / ".pristine" / "main.py").write_bytes(stubs[challenge.name])
        copy = load_challenge(target)
        _record_answers(copy, challenge.solution)
        released.append(copy)
    (folder / "README.md").write_text(render.environment(autoescape=False).get_template("release_readme.md.j2")
                                      .render(challenges=released, start=start_command(released), notebooks=notebooks),
                                      encoding="utf-8")
    return released


def start_command(released):
    """The command a learner starts a release with: its virtualenv, the install, the first challenge graded."""
    return f"python3 -m venv .venv && . .venv/bin/activate && pip install -e . && grade {released[0].name}"


def _drop_caches(folder):
    """Remove the caches that importing the released checks (to record their answers) wrote into `folder`."""
    for cache in sorted(path for name in CACHES for path in folder.rglob(name) if path.is_dir()):
        shutil.rmtree(cache, ignore_errors=True)
    for compiled in folder.rglob("*.pyc"):
        compiled.unlink(missing_ok=True)


def _copy_course_file(source, target, within):
    """shutil.copytree's copy function: each file read as grader.course.read_course_file reads it, in the course at
    `within`. shutil's own follows a link to /dev/zero and copies it without end, and one to /proc/self/environ or
    out of the course ships what it finds there; this names them (CourseError), as it names a pipe."""
    Path(target).write_bytes(read_course_file(source, within=within))
    shutil.copystat(source, target)
    return target


def _stubs_left_out(challenge):
    """What copying a challenge's folder leaves out: LEFT_OUT, whatever is not the challenge's own (Challenge.strays),
    and the stubs, which are written from the bytes shipped_stubs read (a pipe or device in their place is never
    opened by the copy)."""
    left_out = shutil.ignore_patterns(*LEFT_OUT)
    strays = {(stray.parent, stray.name) for stray in challenge.strays()}
    stub_folders = {challenge.path, challenge.pristine.parent}

    def ignored(folder, names):
        folder = Path(folder)
        return (set(left_out(folder, names)) | {name for name in names if (folder, name) in strays}
                | ({"main.py"} if folder in stub_folders else set()))

    return ignored


def _grader_left_out(grader):
    """What a release leaves out of the grader: caches, and `grade dev new`'s templates, whose example solves a
    challenge."""
    caches = shutil.ignore_patterns("__pycache__", "*.pyc")

    def left_out(folder, names):
        return set(caches(folder, names)) | ({"templates"} if Path(folder) == grader / "dev" else set())

    return left_out


def _record_answers(challenge, solution):
    """Grade the solution through the released checks, keeping every answer the reference gave."""
    recorded, failing = answers.record(challenge, solution)
    if failing:
        raise ReleaseError(f"The solution of {challenge.name} does not pass {', '.join(failing)}; fix the course "
                           "before releasing it.")
    answers.save(challenge.answers, recorded)


def without_reference(pyproject):
    """The project file with the reference package left out of what it installs."""
    return re.sub(r'include = \[[^\]]*\]', 'include = ["grader", "grader.*"]', pyproject, count=1)
