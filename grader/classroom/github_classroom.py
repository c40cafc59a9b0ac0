"""GitHub Classroom: the autograding workflow `grade export github-classroom` writes.

One step per check (or per challenge) with its points, and GitHub Classroom's
reporter step that adds them up. The learner's repository is a release
(`grade release`), so the hidden checks are not in it and not in the workflow;
written into a release, the workflow grades only the challenges the release
holds (held_by), since a step for any other could only fail.

The actions and their inputs are those of the public action.yml files:
https://github.com/classroom-resources/autograding-command-grader (inputs test-name,
setup-command, command, timeout, max-score; output result) and
https://github.com/classroom-resources/autograding-grading-reporter (input runners;
each runner's result read from the environment variable <RUNNER>_RESULTS, base64 JSON).

The command grader gives all of a step's points or none, which suits one check per
step. A step per challenge instead runs this module (`python -m
grader.classroom.github_classroom CHALLENGE`), which grades the challenge and writes
a runner result with one test per check, so a challenge keeps its partial credit.
"""
import base64
import hashlib
import json
import os
import re
import sys
from pathlib import Path

from grader.views import render
from grader.views.safe_text import fit_for_actions_log, visible_data
from grader.course import checks_of, replace_file, stamped

WORKFLOW = Path(".github") / "workflows" / "classroom.yml"
MAX_WORKFLOW_BYTES = 1 << 20   # far above any workflow written here: a larger file is no earlier export of ours
COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
# The first line of a workflow this module wrote: the digest of the lines after it tells it unedited since.
WRITTEN = "# Written by grade export github-classroom; unedited while this digest is of the lines below: "


def held_by(out, challenges):
    """Those of `challenges` that the course at `out` holds (a release holds only those it was made with), or None
    where `out` holds no course: a folder to copy .github/ from, which may serve any of them."""
    folder = Path(out) / "challenges"
    if not folder.is_dir():
        return None
    held = {path.name for path in folder.iterdir() if (path / "challenge.toml").is_file()}
    return [challenge for challenge in challenges if challenge.name in held]


def build_workflow(out, challenges, per="check", python="3.11", minutes=2, confined=True):
    """Write the workflow into `out` (a release folder or any folder); returns its path, the steps and where a
    different workflow that was there was moved to (None where there was none). Raises OSError.

    `confined`: every step refuses to grade where the runner cannot confine the learner's code.
    """
    steps = []
    require = " --require-confinement" if confined else ""
    for challenge in challenges:
        public = [info for info in checks_of(challenge) if not info.hidden]
        if per == "challenge":
            points = sum(info.points for info in public)
            step = _step(f"c{challenge.number}", f"{challenge.number}. {challenge.title}",
                         f"python -m grader.classroom.github_classroom {challenge.name}{require}", points,
                         runs_itself=True)
            step["fallback"] = _encoded(_no_result(challenge, points, minutes))
            steps.append(step)
            continue
        for info in public:
            steps.append(_step(f"c{challenge.number}-{info.id}", f"{challenge.number}. {info.name}",
                               f"grade {challenge.name} --check {info.id}{require}", info.points))
    text = render.environment(autoescape=False).get_template("classroom.yml.j2").render(
        steps=steps, python=python, minutes=minutes, command_grader=COMMAND_GRADER, reporter=REPORTER,
        per=per)
    data = _signed(text.encode("utf-8"))
    path = Path(out) / WORKFLOW
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = _move_aside(path, data)
    replace_file(path, data)
    return path, steps, kept


def _signed(body):
    """A workflow's bytes, under a first line that holds the digest of `body`."""
    return f"{WRITTEN}{hashlib.sha256(body).hexdigest()}\n".encode() + body


def _move_aside(path, data):
    """Rename a workflow at `path` that is neither `data` nor one an earlier export wrote and nobody edited since (one
    the instructor edited, or a link) to a new classroom.yml.<time>.bak beside it, which GitHub does not run (it runs
    only .yml and .yaml files); returns the new name, or None where nothing, or a workflow of ours, was there."""
    if not os.path.lexists(path):
        return None
    if not path.is_symlink() and path.is_file():
        with open(path, "rb") as existing:
            there = existing.read(max(len(data), MAX_WORKFLOW_BYTES) + 1)
        # An earlier export's, from before the digest line, or saved again with Windows line ends, is ours too.
        there = there.replace(b"\r\n", b"\n")
        if there in (data, data.partition(b"\n")[2], _signed(there.partition(b"\n")[2])):
            return None
    kept = next(kept for kept in stamped(lambda stamp: path.with_name(f"{path.name}.{stamp}.bak"))
                if not os.path.lexists(kept))
    os.rename(path, kept)
    return kept


def _step(step_id, name, command, points, runs_itself=False):
    step_id = re.sub(r"[^a-z0-9-]+", "-", step_id.lower())
    return {"id": step_id, "name": _quoted(name), "command": command, "runs_itself": runs_itself,
            "points": int(points) if float(points).is_integer() else points,
            "variable": f"{step_id.upper()}_RESULTS", "fallback": None}


def _no_result(challenge, points, minutes):
    """The runner result the reporter gets for a challenge's step that ended without writing one (out of its time,
    its folder deleted): the challenge's points lost, and why. The reporter cannot read a missing result, and would
    then give no points for any challenge (its src/main.js parses every runner's)."""
    return {"version": 1, "status": "fail", "max_score": points, "tests": [{
        "name": f"{challenge.number}. {challenge.title}", "status": "fail", "score": 0,
        "message": (f"This challenge's step ended without a result, so none of its points could be given: its "
                    f"log on the repository's Actions tab says why (it may have run out of its {minutes} minutes, "
                    f"or challenges/{challenge.name} may be missing)."),
        "test_code": f"grade {challenge.name}", "filename": "", "line_no": 0, "duration": 0}]}


def _encoded(result):
    """A runner result as the reporter reads it from <RUNNER>_RESULTS: base64 of its JSON."""
    return base64.b64encode(json.dumps(result).encode()).decode()


def _quoted(text):
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- one step per challenge, inside the learner's repository on GitHub Actions ---------------

def runner_result(result):
    """The reporter's runner result for one GradeResult: a test per check, each with its own score, and nothing
    hidden in any of its text, which GitHub shows as it is and the reporter prints into the workflow's log."""
    return visible_data({
        "version": 1,
        "status": "pass" if result.passed else "fail",
        "max_score": result.max_score,
        "tests": [{"name": check.name, "status": "pass" if check.status == "passed" else "fail",
                   "score": check.score, "message": "" if check.status == "passed" else check.message,
                   "test_code": f"grade {result.challenge} --check {check.id}", "filename": "", "line_no": 0,
                   "duration": 0} for check in result.checks],
    }, fit_for_actions_log)


def main(argv=None):
    """Grade CHALLENGE's main.py and write the runner result to the step's outputs ($GITHUB_OUTPUT).

    With --require-confinement, exit 2 without grading where the learner's code cannot be confined.
    """
    from grader.course import CourseError, find_root, load_challenges, resolve
    from grader.judge.grading import grade
    from grader.judge.notebook import NotebookError
    from grader.judge.submission import SubmissionRefused

    argv = sys.argv[1:] if argv is None else argv
    if "--require-confinement" in argv:
        from grader.sandbox import confinement

        argv = [arg for arg in argv if arg != "--require-confinement"]
        if not confinement.confined(thorough=True):
            missing = next(layer for layer in confinement.survey(thorough=True) if layer.name == "namespaces")
            print(f"Not graded: this runner cannot confine the learner's code. {missing.detail} {missing.remedy}",
                  file=sys.stderr)
            return 2
    try:
        challenge = resolve(argv[0] if argv else "", load_challenges(find_root()))
    except CourseError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        result = grade(challenge, challenge.stub)
    except (SubmissionRefused, NotebookError) as refused:
        # The learner's file cannot be graded at all (a folder, a pipe, over 1 MiB): every check gets nothing, and
        # the reporter says why, rather than the step failing without a result.
        result = _not_graded(challenge, f"Not graded: {refused}")
    print(render.to_text(result, colour=False), end="")
    encoded = _encoded(runner_result(result))
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as file:
            file.write(f"result={encoded}\n")
    else:
        print(f"result={encoded}")
    return 0


def _not_graded(challenge, why):
    """A GradeResult in which every check of `challenge` failed for the reason `why`."""
    from grader.results import CheckResult, GradeResult

    checks = [CheckResult(info.id, info.name, info.category, "error", 0.0, info.points, message=why)
              for info in checks_of(challenge)]
    return GradeResult(challenge.name, challenge.title, challenge.chapter, str(challenge.stub), checks)


if __name__ == "__main__":
    sys.exit(main())
