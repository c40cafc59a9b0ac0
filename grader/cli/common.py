"""What the `grade` commands share: their help options, the exit-2 error, finding the course."""
import click

from grader.course import CourseError, find_root, load_challenges, resolve

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class CannotGrade(click.ClickException):
    """The command could not grade at all (exit status 2)."""

    exit_code = 2

    def format_message(self):
        # The sentence may quote what a roster, a platform's export or a learner named: shown, never run by the
        # terminal (safe_text.visible keeps line breaks and tabs).
        from grader.views.safe_text import visible

        return visible(self.message)


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


def require_confinement(allow):
    """Exit 2 unless the learner's code will run confined; `allow` says how to grade unconfined anyway."""
    from grader.sandbox import confinement

    if confinement.confined(thorough=True):
        confinement.require()
        return
    missing = next(layer for layer in confinement.survey(thorough=True) if layer.name == "namespaces")
    raise CannotGrade(f"Grades that count need the learner's code confined, and it cannot be here: {missing.detail} "
                      f"{missing.remedy} `grade doctor` shows every layer; {allow} to grade unconfined anyway.")


def chosen_challenges(queries, challenges):
    """The challenges named by `queries`, in course order; all of them when there are none."""
    if not queries:
        return challenges
    picked = {resolve_challenge(query, challenges).name for query in queries}
    return [challenge for challenge in challenges if challenge.name in picked]
