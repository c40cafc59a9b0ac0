"""What the `grade` commands share: their help options, the exit-2 error, finding the course."""
import click

from grader.course import CourseError, find_root, load_challenges, resolve

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class CannotGrade(click.ClickException):
    """The command could not grade at all (exit status 2)."""

    exit_code = 2


def course():
    """(the course root, its challenges in course order), or exit 2 saying why."""
    try:
        root = find_root()
        return root, load_challenges(root)
    except CourseError as exc:
        raise CannotGrade(str(exc)) from None


def resolve_challenge(query, challenges):
    try:
        return resolve(query, challenges)
    except CourseError as exc:
        raise CannotGrade(str(exc)) from None


def chosen_challenges(queries, challenges):
    """The challenges named by `queries`, in course order; all of them when there are none."""
    if not queries:
        return challenges
    picked = {resolve_challenge(query, challenges).name for query in queries}
    return [challenge for challenge in challenges if challenge.name in picked]
