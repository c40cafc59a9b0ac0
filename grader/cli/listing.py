"""`grade list`, the learner's overview: every challenge in course order, with its score and state.

Click runs it as a command of the group (grader.cli.main); the console script runs `grade list [--json]` straight
away (grader.cli.entry), without click's command tree. Either way, the challenges saved since they were last graded
are graded first, side by side (grader.learner.regrading), in sandboxes forked as soon as NumPy has loaded, before
the judge reads any file of the course's checks.
"""
import json
import sys

from grader.cli.grade_one import cannot_grade, echo


def list_challenges(as_json):
    """Print the standings (as JSON with `as_json`); exit 2 where the course or a changed challenge cannot be
    graded (grader.cli.common.CannotGrade)."""
    from grader.course import CourseError, find_root, load_challenges

    try:
        root = find_root()
        challenges = load_challenges(root)
    except CourseError as exc:
        raise cannot_grade(str(exc)) from None
    for note in filter(None, (challenge.readme_note() for challenge in challenges)):
        echo(note, err=True)
    progress, zygotes = _progress_and_zygotes(root, challenges)
    try:
        rows = _graded_standings(root, challenges, progress, zygotes)
        from grader.learner.overview import next_challenge

        upcoming = next_challenge(rows)
        if as_json:
            echo(json.dumps({"challenges": [row.to_dict() for row in rows],
                             "next": upcoming.name if upcoming else None}, indent=2))
        else:
            from grader.views import render

            echo(render.standings_text(rows, upcoming, colour=render.use_colour(sys.stdout)), nl=False)
    finally:
        if zygotes is not None:
            # Last, as `grade N` closes its zygote: hung up as grading ended, they have been ending since.
            zygotes.close()


def _progress_and_zygotes(root, challenges):
    """(the learner's Progress, the sandboxes to grade the challenges saved since they were last graded, one per
    processor at most, forked now: grader.sandbox.forked), the sandboxes None when there is nothing to grade, or
    where they cannot be forked."""
    from grader.course import worker_imports
    from grader.learner.overview import saved_since_graded
    from grader.learner.progress import Progress

    progress = Progress(root)
    changed = saved_since_graded(challenges, progress)
    if not changed:
        return progress, None
    from grader.sandbox.forked_zygote import fork_zygotes, processors

    zygotes = fork_zygotes(min(len(changed), processors()))
    if zygotes is not None:
        zygotes.warm(worker_imports(changed))
    return progress, zygotes


def standings(root, challenges):
    """grader.learner.overview.standings, the sandboxes for what changed forked first, or exit 2 saying why a
    changed challenge could not be graded."""
    progress, zygotes = _progress_and_zygotes(root, challenges)
    try:
        return _graded_standings(root, challenges, progress, zygotes)
    finally:
        if zygotes is not None:
            zygotes.close()


def _graded_standings(root, challenges, progress, zygotes):
    from grader.course import CourseError
    from grader.judge.grading import SpecError
    from grader.judge.notebook import NotebookError
    from grader.judge.submission import SubmissionRefused
    from grader.learner import overview

    try:
        return overview.standings(root, challenges, progress, zygotes)
    except (CourseError, SpecError, NotebookError, SubmissionRefused) as exc:
        raise cannot_grade(str(exc)) from None
