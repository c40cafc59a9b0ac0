"""Running `grade` as a learner does, and writing submissions with planted mistakes."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# In course order: challenge_10 comes after challenge_9, not after challenge_1.
CHALLENGES = sorted((p.name for p in (ROOT / "challenges").iterdir() if (p / "challenge.toml").is_file()),
                    key=lambda name: int(name.split("_")[1]))


def solution(challenge):
    return ROOT / "solutions" / challenge / "main.py"


def stub(challenge):
    return ROOT / "challenges" / challenge / "main.py"


def run_grade(*args, cwd=ROOT, timeout=120, env=None):
    """Run the grade command in a fresh process; returns the CompletedProcess."""
    environment = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=environment)


def grade_json(challenge, submission, **kwargs):
    """(exit status, parsed JSON result) of grading `submission`."""
    completed = run_grade(challenge, "--submission", submission, "--json", **kwargs)
    assert completed.returncode in (0, 1), completed.stderr
    return completed.returncode, json.loads(completed.stdout)


def checks_by_id(result):
    return {check["id"]: check for check in result["checks"]}


def planted(tmp_path, challenge, replacements, name="main.py"):
    """A copy of the challenge's solution with each (old, new) text replaced once."""
    source = solution(challenge).read_text()
    for old, new in replacements:
        assert old in source, f"{old!r} is not in the solution of {challenge}"
        source = source.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(source)
    return path
