"""Golden results: the JSON of every solution and every untouched stub, as recorded in tests/golden/.

tests/test_golden.py compares today's results with these files, as Exercism's
test runners keep an expected results.json per example. When a change to the
checks or their messages is meant, record the results again and review the diff:

    python tests/golden.py                      # every challenge
    python tests/golden.py challenge_5_backprop # only these
"""
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import CHALLENGES, ROOT, grade_json, shipped_course  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
# Any test process's copy of the course: results graded once in one process are compared in all of them.
SHIPPED_COPY = re.compile(re.escape(tempfile.gettempdir()) + r"/nnfs-grade-shipped-[^/]+/")

# Graded in a copy of the course as shipped: the checkout's main.py may hold the contributor's own work.
ROLES = {"solution": "solutions", "stub": "challenges"}
# What depends on the machine or the moment rather than on the checks: left out of the comparison.
VOLATILE = ("confinement",)


def golden_path(challenge, role):
    return GOLDEN / challenge / f"{role}.json"


def graded(challenge, role):
    """(exit status, result) of `grade CHALLENGE --submission <the solution or the stub> --json`."""
    course = shipped_course()
    return grade_json(challenge, course / ROLES[role] / challenge / "main.py", cwd=course)


def comparable(status, result):
    """The parts of a run that must not change unless the checks do: exit status and the result, paths
    relative to the course and timing fields left out."""
    return {"exit_status": status, "result": _stable(result)}


def _stable(value):
    if isinstance(value, dict):
        return {key: _stable(item) for key, item in value.items()
                if key not in VOLATILE and not key.endswith(("seconds", "duration"))}
    if isinstance(value, list):
        return [_stable(item) for item in value]
    if isinstance(value, str):
        return SHIPPED_COPY.sub("", value).replace(f"{ROOT}/", "")
    return value


def record(challenge, role, status, result):
    path = golden_path(challenge, role)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(comparable(status, result), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def main(names):
    unknown = [name for name in names if name not in CHALLENGES]
    if unknown:
        sys.exit(f"No challenge {unknown[0]!r}; the challenges are: {', '.join(CHALLENGES)}.")
    for challenge in names or CHALLENGES:
        for role in ROLES:
            path = record(challenge, role, *graded(challenge, role))
            print(f"recorded {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
