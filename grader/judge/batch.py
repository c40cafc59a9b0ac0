"""A grading process for many submissions: Python, NumPy and pytest start once, not once per learner.

`grader.judge.pool` starts one per `-j`. It reads jobs, one JSON object per line,
on stdin: {"id", "nonce", "challenge", "notebook", "source"} (the submission's bytes, base64),
and answers each on the pipe it was given, one JSON object per line:
{"id", "nonce", "result"} or {"id", "nonce", "problem"}. The nonce is the
parent's mark on the job; no learner's worker ever sees it.

Every challenge's spec files are imported at start-up, before any learner's
code runs, and each job runs its challenge's checks again with the judge
plugin reset to the new submission: without pytest where the spec files are
plain checks (grader.judge.checks), else from the run loop of one pytest
session that collected them all. The reference's answers are computed once
per process and copied for each job. Learner workers are forked from a zygote
(`grader.sandbox.zygote`), so a submission costs a fork, not an interpreter.

Started as ``python -I -B -c BOOTSTRAP PACKAGE_PARENT COURSE_ROOT [CHALLENGE ...]``: the challenges it loads,
by default every one of the course.
"""
import base64
import json
import marshal
import os
import sys
import tempfile
from pathlib import Path

from grader.course import worker_imports
from grader.judge.checks import CheckRunner, NeedsPytest
from grader.judge.verdicts import answer_line
from grader.limits import Limits
from grader.sandbox import tree_removal

# For the zygote to end itself once no job is coming: well within the time the pool gives this process to end.
ZYGOTE_END_SECONDS = 1.0


class BatchSession:
    """Grades one job after another: by itself, or as the pytest plugin whose run loop does."""

    def __init__(self, root, challenges, jobs, answers, spawner=None, answer_cache=None, preload=False, seal=None):
        """`spawner`: where workers come from; by default a zygote in bubblewrap, started at once.
        `answer_cache`: see grader.judge.grading.grade (the learner's own `grade list` alone passes one).
        `preload`: have that zygote run every scenario file once, for the many workers of a class's grading.
        `seal`: a grader.judge.seal.CourseSeal made already, before any learner's code ran (`grade list` keys its
        results with it), which then seals these challenges too; by default one is made now."""
        from grader.judge.grading import Judge
        from grader.judge.seal import CourseSeal
        from grader.sandbox.supervisor import ZygoteSpawner

        self.challenges = {challenge.name: challenge for challenge in challenges}
        self.jobs, self.answers = jobs, answers
        self.checks = {}                # challenge name -> the items a pytest session collected for it
        self.uncollected = set()        # names of the challenges with a spec file pytest could not collect
        if seal is None:
            seal = CourseSeal(root, challenges)
        else:
            seal.add(challenges)
        self.seal = seal
        # A zygote started again imports the grader: what it imports is put back as sealed first.
        self.spawner = spawner or ZygoteSpawner(before_start=self.seal.restore)
        if spawner is None:
            # It loads NumPy while this process loads the course below; it forks no worker before the first job.
            self.spawner.start(max((challenge.limits.memory_mb for challenge in challenges),
                                   default=Limits().memory_mb))
        self.runner = CheckRunner(self.seal)
        self.needs_pytest = False
        self.judge = Judge(self.run_checks, self.spawner, self.seal, expect_ahead=True, answer_cache=answer_cache)
        self.start_ahead()
        # Every challenge's scenarios, reference and checks are loaded now, before any learner's code runs but that
        # of the confined workers start_ahead started, which cannot change them.
        try:
            for challenge in challenges:
                self.runner.collect(challenge)
        except NeedsPytest:
            self.needs_pytest = True
        for challenge in challenges:
            self.judge.load_course(challenge)
        if preload and spawner is None:
            self.spawner.warm(worker_imports(challenges))
            self.spawner.preload(self._sealed_scenarios(challenges))

    def start_ahead(self):
        """Start, before the course loads, the gradings whose confined workers may compute meanwhile: none here
        (grader.learner.regrading starts some)."""

    def run_checks(self, challenge, plugin):
        """Run the challenge's checks: from the items a pytest session collected where a spec file needs pytest,
        else without pytest (grader.judge.checks)."""
        if self.needs_pytest:
            self.run_collected(challenge, plugin)
        else:
            self.runner.run(challenge, plugin)

    def _sealed_scenarios(self, challenges):
        """(key, name, what it compiles to, marshalled) of each scenario file of `challenges` as the seal read it."""
        from grader.sandbox.supervisor import scenario_key

        files = []
        for path in (Path(path) for challenge in challenges for path in challenge.scenario_files):
            if path in self.seal.files:
                try:
                    files.append((scenario_key(self.seal.files[path]), path.name, marshal.dumps(self.seal.code(path))))
                except (SyntaxError, ValueError):
                    pass    # each worker compiles it, and says how it fails
        return files

    def pytest_plugin(self):
        """The pytest plugin that serves this session from pytest's run loop, where the spec files need pytest
        (grader.judge.pytest_hooks.BatchHooks); plain checks never load pytest's hook machinery."""
        from grader.judge.pytest_hooks import BatchHooks

        return BatchHooks(self)

    def serve_jobs(self):
        """Answer every job read, in order, until the jobs end."""
        try:
            for line in self.jobs:
                job = json.loads(line)
                answer = self.grade(job)
                try:
                    self.answers.write(answer_line(job, job["nonce"], answer))
                except ValueError as exc:
                    self.answers.write(answer_line(job, job["nonce"], {"problem": (
                        f"the grader could not write this submission's result ({exc}).")}))
                self.answers.flush()
        finally:
            self.spawner.close(seconds=ZYGOTE_END_SECONDS)

    def grade(self, job):
        from grader.judge.grading import SpecError
        from grader.judge.notebook import NotebookError

        folder = tempfile.mkdtemp(prefix="nnfs-grade-job-")
        try:
            challenge = self.challenges[job["challenge"]]
            if self.needs_pytest and not self.checks.get(challenge.name):
                raise SpecError(f"The checks of {challenge.name} could not be collected: a fault in the course.")
            # The worker gets this submission alone, in a folder of its own: no classmate's file is in reach.
            submission = Path(folder) / ("main.ipynb" if job.get("notebook") is True else "main.py")
            submission.write_bytes(base64.b64decode(job["source"], validate=True))
            return {"result": self.judge.grade(challenge, submission, named=False).to_dict()}
        except (SpecError, NotebookError) as exc:
            return {"problem": str(exc)}
        except Exception as exc:  # one submission the grader fails on must not end the class's grading
            return {"problem": (f"the grader failed on this submission ({type(exc).__name__}: {exc}). "
                                "This is a fault in the grader, not a verdict on the submission.")}
        finally:
            tree_removal.remove_tree(folder)   # an unconfined worker wrote in it

    def run_collected(self, challenge, plugin):
        """Run the challenge's checks again from the items collected at start-up; `plugin` records them."""
        items = self.checks[challenge.name]
        for index, item in enumerate(items):
            following = items[index + 1] if index + 1 < len(items) else None
            item.ihook.pytest_runtest_protocol(item=item, nextitem=following)


def serve(root, jobs, answers, names=None):
    from grader.course import load_challenges
    from grader.judge.pytest_api import pytest_main
    from grader.judge.grading import pytest_arguments

    challenges = [challenge for challenge in load_challenges(root) if not names or challenge.name in names]
    session = BatchSession(root, challenges, jobs, answers, preload=True)
    if not session.needs_pytest:
        session.serve_jobs()
        return
    spec_files = [path for challenge in challenges for path in challenge.spec_files]
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    pytest_main(pytest_arguments(spec_files, root),
                plugins=[*session.judge.plugin.pytest_plugins(), session.pytest_plugin()])


def main():
    root = Path(sys.argv[1])
    # Answers get a pipe of their own; anything else printed to stdout goes nowhere.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    serve(root, sys.stdin, answers, sys.argv[2:])


if __name__ == "__main__":
    main()
