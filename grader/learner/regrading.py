"""The learner's changed challenges, graded in this process: checks loaded once, workers side by side.

`grade list` after a day's work may find ten files changed. Graded one `grade` at a
time, each would pay for loading its checks and for a worker interpreter with NumPy;
here the class grading's batch session loads every changed challenge's checks once
(plain checks run without pytest, others from one pytest session), and the workers are
forked from zygotes forked from this process, one per processor
(grader.sandbox.forked_zygote.ForkedZygotes), confined as `grade N` confines its worker. A
challenge's worker starts as soon as a zygote is free, the longest computations first, so
that the learner's computations overlap each other and the judging of earlier ones; each
is judged once its worker has answered all it was asked.
Each result is what `grade N` gives: the same judge, the same checks, the learner's own
file, and the course's files checked afterwards (grader.judge.grading.course_checked).
Whatever this session could not grade (a spec that does not collect, a zygote that cannot
start here) is graded the `grade N` way, one challenge at a time.
"""

import collections
import select
from pathlib import Path

from grader.course import STATE_FOLDER
from grader.judge.batch import BatchSession
from grader.judge.grading import (SpecError, course_checked, grade, pytest_arguments, quiet_pytest, run_pytest,
                                  with_course_checked)


class _Regrading(BatchSession):
    """The batch session, serving (challenge, submission) pairs and keeping their GradeResults.

    With `zygotes` (grader.sandbox.forked_zygote.ForkedZygotes), one worker per zygote computes at a time, each
    started as soon as a zygote is free, while this process judges those that have answered.
    """

    def __init__(self, root, work, zygotes=None, answer_cache=None, seal=None, contents=None):
        self.zygotes = zygotes
        self.work, self.results = work, {}
        self.contents = contents or {}   # challenge name -> the bytes of its file, read already
        self.forked = []        # the forked zygotes' spawners, where their sandboxes could be made (start_ahead)
        # Once started ahead: (work not started, free spawners, [(spawner, what Judge.start returned)], whether the
        # spawners could start them all).
        self.ahead = None
        # A session without forked zygotes starts one in bubblewrap at once (BatchSession).
        try:
            super().__init__(root, [challenge for challenge, _ in work], jobs=None, answers=None, spawner=zygotes,
                             answer_cache=answer_cache, seal=seal)
        except BaseException:
            self.drop_ahead()
            raise

    def start_ahead(self):
        """A grading on each forked zygote, started before the course loads: their workers are confined, so they
        load the learner's files and compute while this process loads the checks."""
        self.forked = self.zygotes.adopt() if self.zygotes is not None else []
        if not self.forked or not all(spawner.sandboxed for spawner in self.forked):
            return
        todo, free, running = collections.deque(_start_order(self.work, len(self.forked))), self.forked[::-1], []
        self.ahead = todo, free, running, True     # closed by drop_ahead, should starting one fail
        if not self._start(todo, free, running):
            self.ahead = todo, free, running, False

    def drop_ahead(self):
        """Close the gradings started ahead that serving never reached (a pytest session whose spec files did not
        collect never serves), so that their workers end now."""
        for _, started in self.ahead[2] if self.ahead else ():
            started.cleanup.close()
        if self.ahead:
            self.ahead[2].clear()

    def serve_jobs(self):
        """Grade the work, as far as this session can (see grade_changed)."""
        from grader.sandbox.supervisor import ZygoteSpawner

        forked = self.forked
        spawners = forked or [self.spawner]
        if self.zygotes is not None and not forked:
            # forked, but this machine could not make their sandboxes: bubblewrap's zygote
            spawners = [ZygoteSpawner(before_start=self.seal.restore)]
        try:
            self._serve(spawners)
        finally:
            if self.zygotes is not None:
                self.zygotes.hang_up()   # each ends on its own; whoever forked them waits for them (close)
            for spawner in spawners:
                if spawner not in forked:
                    spawner.close()
        if len(spawners) > 1:
            # The workers ran side by side, so a change to the course cannot be laid at one challenge's door:
            # checked once, it withdraws every pass. (Sandboxed workers cannot reach the course; this is the seal.)
            course_checked(self.results.values(), self.seal)

    def _serve(self, spawners):
        side_by_side = len(spawners) > 1
        # Not collected: graded on its own, which says what is wrong with its checks.
        collected = {challenge.name for challenge, _ in self.work
                     if not (self.needs_pytest and not self.checks.get(challenge.name))}
        # running: (its spawner, what Judge.start returned), in the order they started
        if self.ahead is None:
            todo = collections.deque(_start_order([pair for pair in self.work if pair[0].name in collected],
                                                  len(spawners)))
            free, running, startable = spawners[::-1], [], True
        else:
            todo, free, running, startable = self.ahead
            todo = collections.deque(pair for pair in todo if pair[0].name in collected)
            for spawner, started in [grading for grading in running if grading[1].challenge.name not in collected]:
                started.cleanup.close()
                running.remove((spawner, started))
                free.append(spawner)
        try:
            if not startable:
                return
            while todo or running:
                if not self._start(todo, free, running) or not running:
                    return      # what is left is graded on its own (grade_changed)
                spawner, started = running.pop(_next_to_judge(running))
                passed_on = False
                if side_by_side:
                    started.sandbox.budget_from_now()
                    if todo and started.sandbox.answered(started.names):
                        # What its checks read has all come: its worker ends now, and the zygote sweeps what it left
                        # and forks the next one, which computes while this process judges.
                        started.sandbox.close()
                        free.append(spawner)
                        passed_on = True
                        if not self._start(todo, free, running):
                            started.cleanup.close()
                            return
                try:
                    result = self.judge.finish(started)
                except OSError:
                    return
                if spawner.failed_to_start:
                    return      # no worker could start in the sandbox: `grade N` grades without it, saying so
                if getattr(spawner, "gone", False):
                    # Its zygote ended before it forked this challenge's worker (what the worker before left was more
                    # than a sweep empties, say): no code of this challenge ran, and it is graded on its own.
                    if spawner in free:
                        free.remove(spawner)
                    continue
                self.results[started.challenge.name] = result if side_by_side else with_course_checked(
                    result, self.seal)
                if passed_on:
                    continue
                if todo:
                    free.append(spawner)
                else:
                    spawner.hang_up()   # its zygote ends, and what the worker left with it, while the others run
        finally:
            for _, started in running:
                started.cleanup.close()

    def _start(self, todo, free, running):
        """Start the next of `todo` on each `free` spawner; False where a zygote cannot start or keep running here
        (the rest are then graded on their own)."""
        while todo and free:
            challenge, submission = todo.popleft()
            spawner = free.pop()
            try:
                running.append((spawner, self.judge.start(challenge, submission, spawner=spawner,
                                                          content=self.contents.get(challenge.name))))
            except OSError:
                return False
        return True


def _start_order(work, side_by_side):
    """`work` in the order to start it on `side_by_side` zygotes: the longest first (_longest_first), except that the
    last zygote starts with the shortest, so that this process has a grading to judge while the longest compute
    rather than wait for them."""
    ordered = _longest_first(work)
    if 1 < side_by_side < len(ordered):
        ordered.insert(side_by_side - 1, ordered.pop())
    return ordered


def _longest_first(work):
    """`work` in the order to start it: the challenges allowed the most time per check first (those that train a
    network), so that the longest computation does not begin last while the other processors wait for it; course
    order among equals. Results do not depend on it: each challenge is judged on its own."""
    return sorted(work, key=lambda pair: -pair[0].limits.check_seconds)


def _next_to_judge(running):
    """The index in `running` of the grading to judge next: one whose worker has answered everything asked of it,
    the earliest started, so that judging it waits for nothing while the other workers compute; else, when no
    reply comes within the shortest time a worker may take, the earliest started, whose judging then waits as it
    would one at a time. A grading that runs alone is judged at once, its answers read as they come."""
    if len(running) == 1:
        return 0
    while True:
        for index, (_, started) in enumerate(running):
            if started.sandbox.caught_up():
                return index
        sandboxes = [started.sandbox for _, started in running]
        if not select.select([sandbox.fileno() for sandbox in sandboxes], [], [],
                             min(sandbox.allowance() for sandbox in sandboxes))[0]:
            return 0


def grade_changed(root, work, workers=None, zygotes=None, seal=None, contents=None):
    """{challenge name: GradeResult} for each (challenge, submission) of `work`, as `grade N` would grade it.

    Up to `workers` learner workers compute at once (default: one per processor this process may use).
    `zygotes`: grader.sandbox.forked_zygote.fork_zygotes(...) forked already, before this process read the course's
    checks; hung up here once grading ends (each then ends on its own), and closed by the caller, which waits for
    them. `seal`: a grader.judge.seal.CourseSeal made before any learner's code ran, to grade with (BatchSession).
    `contents`: {challenge name: the bytes of its submission} read already, which are graded rather than the file
    read again.

    Raises what `grade N` raises for a challenge it cannot grade (SpecError, SubmissionRefused, NotebookError).
    """
    results = {}
    answer_cache = Path(root) / STATE_FOLDER
    forked_here = zygotes is None and bool(work)
    if forked_here:
        from grader.sandbox.forked_zygote import fork_zygotes, processors

        zygotes = fork_zygotes(min(len(work), workers or processors()))
    elif zygotes is not None and not work:
        zygotes.hang_up()
        zygotes = None
    try:
        if zygotes is not None or len(work) > 1:
            session = _Regrading(root, work, zygotes, answer_cache, seal, contents)
            try:
                if session.needs_pytest:
                    _serve_in_pytest(session, root, [path for challenge, _ in work for path in challenge.spec_files])
                else:
                    session.serve_jobs()    # plain checks (grader.judge.checks): no pytest session at all
            finally:
                session.drop_ahead()
            results.update(session.results)
    finally:
        if zygotes is not None and forked_here:
            zygotes.close()
        elif zygotes is not None:
            zygotes.hang_up()   # hung up already, unless the session ended before serving
    for challenge, submission in work:
        if challenge.name not in results:
            results[challenge.name] = grade(challenge, submission, answer_cache=answer_cache,
                                            content=(contents or {}).get(challenge.name))
    return results


def _serve_in_pytest(session, root, spec_files):
    """Serve the session from the run loop of one pytest session that collects these spec files."""
    from grader.judge.pytest_api import ExitCode

    with session.seal.serving(spec_files), quiet_pytest():
        # Without a confcutdir pytest lists every folder above the course (a home folder, /tmp) on the way down.
        arguments = [*pytest_arguments(spec_files, root), "--confcutdir", str(root)]
        exit_code, _ = run_pytest(arguments, [*session.judge.plugin.pytest_plugins(), session.pytest_plugin()])
    if exit_code not in (ExitCode.OK, ExitCode.TESTS_FAILED):
        return      # the spec files did not collect: each challenge graded on its own says which and why
    if not all(session.seal.sealed(module) for module in session.judge.plugin.spec_modules):
        raise SpecError("The checks were not loaded as the grader read them (this version of pytest imports "
                        "spec files another way), so no result of this run can be trusted.")
