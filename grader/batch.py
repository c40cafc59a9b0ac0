"""A grading process for many submissions: Python, NumPy and pytest start once, not once per learner.

`grader.pool` starts one per `-j`. It reads jobs, one JSON object per line,
on stdin: {"id", "challenge", "submission"}, and answers each on the pipe it
was given, one JSON object per line: {"id", "result"} or {"id", "problem"}.
Learner workers are forked from a zygote (`grader.zygote`), so a
submission costs a fork, not an interpreter.

Started as ``python -I -B -c BOOTSTRAP PACKAGE_PARENT COURSE_ROOT``.
"""
import json
import os
import sys
from pathlib import Path


def serve(root, jobs, answers):
    from grader.course import load_challenges
    from grader.runner import SpecError, grade
    from grader.sandbox import ZygoteSpawner

    challenges = {challenge.name: challenge for challenge in load_challenges(root)}
    spawner = ZygoteSpawner()
    try:
        for line in jobs:
            job = json.loads(line)
            try:
                result = grade(challenges[job["challenge"]], job["submission"], spawner=spawner)
                answer = {"id": job["id"], "result": result.to_dict()}
            except SpecError as exc:
                answer = {"id": job["id"], "problem": str(exc)}
            except Exception as exc:  # one submission the grader fails on must not end the class's grading
                answer = {"id": job["id"], "problem": (
                    f"the grader failed on this submission ({type(exc).__name__}: {exc}). This is a fault in "
                    "the grader, not a verdict on the submission.")}
            answers.write(json.dumps(answer, allow_nan=False) + "\n")
            answers.flush()
    finally:
        spawner.close()


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
