"""The learner's changed challenges, graded in this process: checks loaded once and one warm worker factory.

`grade list` after a day's work may find ten files changed. Graded one `grade` at a
time, each would pay for loading its checks and for a worker interpreter with NumPy;
here the class grading's batch session loads every changed challenge's checks once
(plain checks run without pytest, others from one pytest session), and the workers are
forked from one zygote (grader.judge.batch, grader.sandbox.zygote), confined as
`grade N` confines its worker. Each result is what `grade N` gives: the same judge,
the same checks, the learner's own file, and the course's files checked afterwards
(grader.judge.grading.with_course_checked). Whatever this session could not grade
(a spec that does not collect, a zygote that cannot start here) is graded the
`grade N` way, one challenge at a time.
"""

from pathlib import Path

from grader.course import STATE_FOLDER
from grader.judge.batch import BatchSession
from grader.judge.grading import SpecError, grade, pytest_arguments, quiet_pytest, run_pytest, with_course_checked
from grader.judge.pytest_api import ExitCode


class _Regrading(BatchSession):
    """The batch session, serving (challenge, submission) pairs and keeping their GradeResults."""

    def __init__(self, root, work, spawner=None, answer_cache=None):
        super().__init__(root, [challenge for challenge, _ in work], jobs=None, answers=None, spawner=spawner,
                         answer_cache=answer_cache)
        self.work, self.results = work, {}

    def serve_jobs(self):
        try:
            for challenge, submission in self.work:
                if self.needs_pytest and not self.checks.get(challenge.name):
                    continue    # not collected: graded on its own, which says what is wrong with its checks
                try:
                    result = self.judge.grade(challenge, submission)
                except OSError:
                    return      # the zygote cannot start or keep running here: the rest are graded on their own
                if self.spawner.failed_to_start:
                    return      # no worker could start in the sandbox: `grade N` grades without it, saying so
                self.results[challenge.name] = with_course_checked(result, self.seal)
        finally:
            self.spawner.close()


def grade_changed(root, work):
    """{challenge name: GradeResult} for each (challenge, submission) of `work`, as `grade N` would grade it.

    Raises what `grade N` raises for a challenge it cannot grade (SpecError, SubmissionRefused, NotebookError).
    """
    results = {}
    answer_cache = Path(root) / STATE_FOLDER
    if len(work) > 1:
        session = _Regrading(root, work, _forked_spawner(), answer_cache)
        if session.needs_pytest:
            _serve_in_pytest(session, root, [path for challenge, _ in work for path in challenge.spec_files])
        else:
            session.serve_jobs()    # plain checks (grader.judge.checks): no pytest session at all
        results.update(session.results)
    for challenge, submission in work:
        if challenge.name not in results:
            results[challenge.name] = grade(challenge, submission, answer_cache=answer_cache)
    return results


def _forked_spawner():
    """Workers forked from this process, as `grade N`'s are (grader.sandbox.forked), where it has run no course
    code yet; else None, and the session starts a zygote in bubblewrap."""
    import numpy  # noqa: F401  (the zygote starts with it loaded, as every worker needs it)

    from grader.sandbox.forked import adopt
    from grader.sandbox.forked_zygote import fork_zygote

    return adopt(fork_zygote())


def _serve_in_pytest(session, root, spec_files):
    """Serve the session from the run loop of one pytest session that collects these spec files."""
    with session.seal.serving(spec_files), quiet_pytest():
        # Without a confcutdir pytest lists every folder above the course (a home folder, /tmp) on the way down.
        arguments = [*pytest_arguments(spec_files, root), "--confcutdir", str(root)]
        exit_code, _ = run_pytest(arguments, [*session.judge.plugin.pytest_plugins(), session])
    if exit_code not in (ExitCode.OK, ExitCode.TESTS_FAILED):
        return      # the spec files did not collect: each challenge graded on its own says which and why
    if not all(session.seal.sealed(module) for module in session.judge.plugin.spec_modules):
        raise SpecError("The checks were not loaded as the grader read them (this version of pytest imports "
                        "spec files another way), so no result of this run can be trusted.")
