"""Where a learner stands in the course: each challenge's score and state, and what comes next."""
from dataclasses import dataclass

from grader.course import max_score, shipped_or_none
from grader.judge.submission import read_submission
from grader.learner.progress import (DONE, IN_PROGRESS, MISSING, NOT_STARTED, UNREADABLE, Progress, problem_with,
                                     result_key, state_of)


@dataclass
class Standing:
    challenge: object        # the Challenge
    score: float
    max_score: float
    state: str               # not started, in progress, done, missing (no main.py) or unreadable
    problem: str = None      # why main.py cannot be graded, when unreadable
    notebook: str = None     # a notebook worked in beside a main.py not started, which grade list does not track
    graded: bool = False     # a main.py not started whose stub the learner graded: its 0 is a grade, not a default

    def to_dict(self):
        return {"challenge": self.challenge.name, "number": self.challenge.number, "title": self.challenge.title,
                "chapter": self.challenge.chapter, "score": self.score, "max_score": self.max_score,
                "state": self.state, **({"problem": self.problem} if self.problem else {}),
                **({"notebook": self.notebook} if self.notebook else {}),
                **({"graded": True} if self.graded else {})}


def standings(root, challenges, progress=None, zygotes=None):
    """The standing of every challenge, grading only files that changed since they were last graded.

    The changed ones are graded together, in one process (grader.learner.regrading); `zygotes`: the sandboxes
    for them, forked already (see saved_since_graded), which this hangs up once grading ends; the caller closes
    them.
    """
    try:
        return _standings(root, challenges, progress or Progress(root), zygotes)
    finally:
        if zygotes is not None:
            zygotes.hang_up()   # hung up already, unless grading never began


def _standings(root, challenges, progress, zygotes):
    from grader.judge.seal import CourseSeal
    from grader.learner.regrading import grade_changed

    entries, unstarted, keys, contents = {}, [], {}, {}
    # A main.py that cannot be graded (a folder, a FIFO, too large) is said in its own row; the others are shown
    # as usual. Its points are counted as a not-started challenge's, and nothing is remembered of it.
    problems = {challenge.name: problem for challenge in challenges if (problem := problem_with(challenge))}
    # With sandboxes forked for the changed files, the grader's code is sealed now: its digest keys every result,
    # and the same bytes judge them (grade_changed), rather than the package being read from disk once for each.
    seal = CourseSeal(root, []) if zygotes is not None else None
    for challenge in challenges:
        if challenge.name in problems:
            entries[challenge.name] = None
            unstarted.append(challenge)
            continue
        # Read once: the bytes graded are the bytes the result is remembered under, whenever main.py is saved.
        contents[challenge.name] = read_submission(challenge.stub) if challenge.stub.is_file() else None
        keys[challenge.name] = None if contents[challenge.name] is None else result_key(
            challenge, challenge.stub, seal.files if seal else None, contents[challenge.name])
        entries[challenge.name] = progress.cached(challenge, challenge.stub, keys[challenge.name])
        if entries[challenge.name] is None and state_of(challenge, challenge.stub, None, contents[challenge.name]) \
                in (NOT_STARTED, MISSING):
            unstarted.append(challenge)
    changed = [(challenge, challenge.stub.resolve()) for challenge in challenges
               if entries[challenge.name] is None and challenge not in unstarted]
    # The not-started challenges' checks are read now, before any learner's code runs, and run from that text
    # after it: their points are counted once the changed ones are graded (see below).
    if seal is not None:
        seal.add(unstarted)
    elif unstarted:
        seal = CourseSeal(root, unstarted)
    # Graded before max_score imports any spec file: the workers' zygotes are forked from this process only
    # while it holds none of the course's code (grader.sandbox.forked_zygote).
    results = grade_changed(root, changed, zygotes=zygotes, seal=seal, contents=contents) \
        if changed or zygotes else {}
    for challenge in unstarted:
        points = max_score(challenge, seal.module)
        entries[challenge.name] = {"score": 0.0, "max_score": points, "passed": False} \
            if challenge.name in problems else progress.remember_unstarted(challenge, points)
    if unstarted:
        seal.restore()
    for challenge, submission in changed:
        result = results[challenge.name]
        progress.remember(challenge, keys[challenge.name], result)
        entries[challenge.name] = {"score": result.score, "max_score": result.max_score, "passed": result.passed}
    rows = [Standing(challenge, entries[challenge.name]["score"], entries[challenge.name]["max_score"],
                     UNREADABLE if challenge.name in problems else state_of(
                         challenge, challenge.stub, entries[challenge.name], contents[challenge.name]),
                     problems.get(challenge.name)) for challenge in challenges]
    for row in rows:
        # A grade kept of the stub as shipped (progress.remember) names its first failing check, the points a list
        # counts for a stub never graded (remember_unstarted) do not.
        row.graded = row.state == NOT_STARTED and "first_failing" in (entries[row.challenge.name] or {})
        # Where main.py has some work in it, a notebook with work too may hold the rest: grade list grades main.py.
        if row.state in (NOT_STARTED, IN_PROGRESS):
            row.notebook = notebook_worked_in(root, row.challenge)
    progress.save()
    return rows


# A notebook is read for its code cells only where it is at most this large (plots make notebooks large).
MAX_NOTEBOOK_READ = 32 << 20


def notebook_worked_in(root, challenge):
    """The path, relative to the course `root`, of a notebook the learner may be working in instead of the
    challenge's main.py: one in its folder (main.ipynb first, which a class report takes beside the stub) or the
    one `grade release --notebooks` hands out (notebooks/<challenge>.ipynb) where its code is no longer as
    released; None where there is none."""
    from pathlib import Path

    # From grader.course, not the release's own module (which imports ast): grade N asks on every run.
    from grader.course import NOTEBOOKS

    try:
        beside = sorted(challenge.path.glob("*.ipynb"), key=lambda path: (path.name != "main.ipynb", path.name))
    except OSError:
        beside = []
    released = Path(root) / NOTEBOOKS / f"{challenge.name}.ipynb"
    for path in [*beside, *([released] if released.is_file() and not _as_released(challenge, released) else [])]:
        if path.is_file():
            return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    return None


def _as_released(challenge, path):
    """Whether the notebook at `path` holds the challenge's stub as shipped, in the cells a release writes (its
    magics aside)."""
    import json

    from grader.classroom.release_notebooks import stub_cells

    try:
        if path.stat().st_size > MAX_NOTEBOOK_READ:
            return False
        cells = json.loads(path.read_bytes()).get("cells", [])
        code = ["".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                for cell in cells if isinstance(cell, dict) and cell.get("cell_type") == "code"]
        shipped = shipped_or_none(challenge)
        if shipped is None:
            return False
        stub = stub_cells(shipped.decode("utf-8"))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return False
    return [block.strip() for block in code if not block.lstrip().startswith("%")] == \
        [block.strip() for block in stub]


def saved_since_graded(challenges, progress):
    """The challenges whose main.py was saved since it was last graded and is not the stub as shipped: those
    `standings` will grade, unless the checks changed too. Found from the learner's files alone (main.py, the
    shipped stub, the progress file), so that the sandboxes to grade them in can be forked before the judge reads
    any file of the course's checks (grader.sandbox.forked_zygote)."""
    return [challenge for challenge in challenges if not progress.graded_file(challenge, challenge.stub)
            and state_of(challenge, challenge.stub, None) not in (NOT_STARTED, MISSING, UNREADABLE)]


def next_challenge(rows):
    """The first challenge in course order that is not done and can be graded, or None."""
    return next((row.challenge for row in rows if _to_do(row.state)), None)


def next_known_challenge(root, challenges, besides=None):
    """next_challenge's rule, as far as the progress file already knows: no grading, so a file changed since
    its last grading counts as not done. `challenges` in course order (course.load_challenges); `besides`
    (the challenge just passed) is never the answer."""
    progress = Progress(root)
    return next((challenge for challenge in challenges if challenge != besides and _to_do(
        state_of(challenge, challenge.stub, progress.cached(challenge, challenge.stub)))), None)


def _to_do(state):
    return state not in (DONE, MISSING)


def missing(challenges):
    """The challenges whose main.py is not there (deleted or moved): `grade reset` restores them."""
    return [challenge for challenge in challenges if not challenge.stub.is_file()]


def notebook_note(challenge, notebook, started=False):
    """For a challenge whose main.py is not started (or, `started`, is in progress), with `notebook` (a path)
    worked in instead or as well."""
    from grader.views.safe_text import shell_word, shown_path

    said = "holds work of its own, and" if started else "is still the stub as shipped, and"
    return (f"Note: {challenge.name}'s main.py {said} {shown_path(notebook)} is there: grade list "
            f"tracks main.py only. To grade the notebook, run grade {challenge.number} --submission "
            f"{shell_word(notebook)} (or %grade {challenge.number} inside it).")


def missing_note(challenge):
    return f"{challenge.name} has no main.py: run grade reset {challenge.number} to restore the stub as shipped."


def next_to_grade(root, challenges, figures=False, sandbox_for=None):
    """(the first gradable challenge that is not done, its GradeResult when finding it meant grading it).

    Walks the course in order and grades only what it must, so the challenge it stops at is graded
    at most once; (None, None) when every gradable challenge is done. `sandbox_for(challenge)`: the sandbox to
    grade it in (grader.judge.grading.grade's), or None for grading's own.
    """
    from grader.judge.grading import grade

    progress = Progress(root)
    try:
        for challenge in challenges:
            cached = progress.cached(challenge, challenge.stub)
            state = state_of(challenge, challenge.stub, cached)
            if not _to_do(state):
                continue
            if state in (NOT_STARTED, UNREADABLE) or cached is not None:
                # An unreadable main.py is not graded here: grading it by name says what is wrong with it.
                return challenge, None
            key = result_key(challenge, challenge.stub)
            result = grade(challenge, figures=figures, sandbox=sandbox_for(challenge) if sandbox_for else None)
            progress.remember(challenge, key, result)
            if not result.passed:
                return challenge, result
        return None, None
    finally:
        progress.save()

