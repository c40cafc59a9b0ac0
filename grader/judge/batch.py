"""A grading process for many submissions: Python, NumPy and pytest start once, not once per learner.

`grader.judge.pool` starts one per `-j`. It reads jobs, one JSON object per line,
on stdin: {"id", "nonce", "challenge", "notebook", "source"} (the submission's bytes, base64),
and answers each on the pipe it was given, one JSON object per line:
{"id", "nonce", "result"} or {"id", "nonce", "problem"}. The nonce is the
parent's mark on the job; no learner's worker ever sees it.

One pytest session collects every challenge's checks at start-up and then
serves the jobs from its run loop: each job runs its challenge's collected
checks again, with the judge plugin reset to the new submission. Learner
workers are forked from a zygote (`grader.sandbox.zygote`), so a submission costs a
fork, not an interpreter.

Started as ``python -I -B -c BOOTSTRAP PACKAGE_PARENT COURSE_ROOT``.
"""
import base64
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from grader.judge.pytest_api import hookimpl
from grader.judge.verdicts import answer_line


class BatchSession:
    """The pytest plugin whose run loop grades one job after another."""

    def __init__(self, root, challenges, jobs, answers):
        from grader.judge.grading import Judge
        from grader.judge.seal import CourseSeal
        from grader.sandbox.supervisor import ZygoteSpawner

        self.challenges = {challenge.name: challenge for challenge in challenges}
        self.jobs, self.answers = jobs, answers
        self.checks = {}                # challenge name -> the items this session collected for it
        self.seal = CourseSeal(root, challenges)
        # A zygote started again imports the grader: what it imports is put back as sealed first.
        self.spawner = ZygoteSpawner(before_start=self.seal.restore)
        self.judge = Judge(self.run_collected, self.spawner, self.seal)
        # Every challenge's scenarios and reference are loaded now, before any learner's code runs.
        for challenge in challenges:
            self.judge.load_course(challenge)

    @hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        for item in session.items:
            self.checks.setdefault(Path(item.path).parent.name, []).append(item)
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
            self.spawner.close()
        return True

    def grade(self, job):
        from grader.judge.grading import SpecError
        from grader.judge.notebook import NotebookError

        folder = tempfile.mkdtemp(prefix="nnfs-grade-job-")
        try:
            challenge = self.challenges[job["challenge"]]
            if not self.checks.get(challenge.name):
                raise SpecError(f"The checks of {challenge.name} could not be collected: a fault in the course.")
            # The worker gets this submission alone, in a folder of its own: no classmate's file is in reach.
            submission = Path(folder) / ("main.ipynb" if job.get("notebook") is True else "main.py")
            submission.write_bytes(base64.b64decode(job["source"], validate=True))
            return {"result": self.judge.grade(challenge, submission).to_dict()}
        except (SpecError, NotebookError) as exc:
            return {"problem": str(exc)}
        except Exception as exc:  # one submission the grader fails on must not end the class's grading
            return {"problem": (f"the grader failed on this submission ({type(exc).__name__}: {exc}). "
                                "This is a fault in the grader, not a verdict on the submission.")}
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def run_collected(self, challenge, plugin):
        """Run the challenge's checks again from the items collected at start-up; `plugin` records them."""
        items = self.checks[challenge.name]
        for index, item in enumerate(items):
            following = items[index + 1] if index + 1 < len(items) else None
            item.ihook.pytest_runtest_protocol(item=item, nextitem=following)


def serve(root, jobs, answers):
    from grader.course import load_challenges
    from grader.judge.pytest_api import pytest_main
    from grader.judge.grading import pytest_arguments

    challenges = load_challenges(root)
    session = BatchSession(root, challenges, jobs, answers)
    spec_files = [path for challenge in challenges for path in challenge.spec_files]
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    pytest_main(pytest_arguments(spec_files, root), plugins=[*session.judge.plugin.pytest_plugins(), session])


def main():
    root = Path(sys.argv[1])
    # Answers get a pipe of their own; anything else printed to stdout goes nowhere.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    serve(root, sys.stdin, answers)


if __name__ == "__main__":
    main()
