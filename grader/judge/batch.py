"""A grading process for many submissions: Python, NumPy and pytest start once, not once per learner.

`grader.judge.pool` starts one per `-j`. It reads jobs, one JSON object per line,
on stdin: {"id", "challenge", "submission"}, and answers each on the pipe it
was given, one JSON object per line: {"id", "result"} or {"id", "problem"}.

One pytest session collects every challenge's checks at start-up and then
serves the jobs from its run loop: each job runs its challenge's collected
checks again, with the judge plugin reset to the new submission. Learner
workers are forked from a zygote (`grader.sandbox.zygote`), so a submission costs a
fork, not an interpreter.

Started as ``python -I -B -c BOOTSTRAP PACKAGE_PARENT COURSE_ROOT``.
"""
import json
import os
import sys
from pathlib import Path

from grader.judge.pytest_api import hookimpl


class BatchSession:
    """The pytest plugin whose run loop grades one job after another."""

    def __init__(self, challenges, jobs, answers):
        from grader.judge.grading import Judge
        from grader.sandbox.supervisor import ZygoteSpawner

        self.challenges = {challenge.name: challenge for challenge in challenges}
        self.jobs, self.answers = jobs, answers
        self.checks = {}                # challenge name -> the items this session collected for it
        self.spawner = ZygoteSpawner()
        self.judge = Judge(self.run_collected, self.spawner)

    @hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        for item in session.items:
            self.checks.setdefault(Path(item.path).parent.name, []).append(item)
        try:
            for line in self.jobs:
                job = json.loads(line)
                answer = self.grade(job)
                self.answers.write(json.dumps(dict(answer, id=job["id"]), allow_nan=False) + "\n")
                self.answers.flush()
        finally:
            self.spawner.close()
        return True

    def grade(self, job):
        from grader.judge.grading import SpecError
        from grader.judge.notebook import NotebookError

        try:
            challenge = self.challenges[job["challenge"]]
            if not self.checks.get(challenge.name):
                raise SpecError(f"The checks of {challenge.name} could not be collected: a fault in the course.")
            return {"result": self.judge.grade(challenge, Path(job["submission"]).resolve()).to_dict()}
        except (SpecError, NotebookError) as exc:
            return {"problem": str(exc)}
        except Exception as exc:  # one submission the grader fails on must not end the class's grading
            return {"problem": (f"the grader failed on this submission ({type(exc).__name__}: {exc}). "
                                "This is a fault in the grader, not a verdict on the submission.")}

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
    session = BatchSession(challenges, jobs, answers)
    spec_files = [path for challenge in challenges for path in challenge.spec_files]
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    pytest_main(pytest_arguments(spec_files, root), plugins=[session.judge.plugin, session])


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
