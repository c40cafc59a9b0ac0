"""GitHub Classroom: the autograding workflow `grade export github-classroom` writes.

One step per check (or per challenge) with its points, each running `grade`
in the learner's repository through GitHub Classroom's command grader, and
a reporter step that adds them up. The learner's repository is a release
(`grade release`), so the hidden checks are not in it and not in the workflow.
"""
import re
from pathlib import Path

from grader.views import render
from grader.course import checks_of

WORKFLOW = Path(".github") / "workflows" / "classroom.yml"


def build_workflow(out, challenges, per="check", python="3.11", minutes=2):
    """Write the workflow into `out` (a release folder or any folder); returns its path and the steps."""
    steps = []
    for challenge in challenges:
        public = [info for info in checks_of(challenge) if not info.hidden]
        if per == "challenge":
            steps.append(_step(f"c{challenge.number}", f"{challenge.number}. {challenge.title}",
                               f"grade {challenge.name}", sum(info.points for info in public)))
            continue
        for info in public:
            steps.append(_step(f"c{challenge.number}-{info.id}", f"{challenge.number}. {info.name}",
                               f"grade {challenge.name} --check {info.id}", info.points))
    text = render.environment(autoescape=False).get_template("classroom.yml.j2").render(
        steps=steps, python=python, minutes=minutes)
    path = Path(out) / WORKFLOW
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, steps


def _step(step_id, name, command, points):
    step_id = re.sub(r"[^a-z0-9-]+", "-", step_id.lower())
    return {"id": step_id, "name": _quoted(name), "command": command,
            "points": int(points) if float(points).is_integer() else points,
            "variable": f"{step_id.upper()}_RESULTS"}


def _quoted(text):
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
