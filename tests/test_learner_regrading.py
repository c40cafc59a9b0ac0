"""`grade list` grades the learner's changed challenges together, and each exactly as `grade N` grades it."""
import json
import os

from grader.course import load_challenges
from grader.judge.grading import grade
from grader.learner.regrading import grade_changed
from helpers import copy_course, run_grade, solution, stub
from planted_mistakes import PLANTED

SIGMOID_SIGN = next(replacements for challenge, replacements, check, *_ in PLANTED if check == "sigmoid")


def _write(course, files):
    for challenge, text in files.items():
        (course / "challenges" / challenge / "main.py").write_text(text, encoding="utf-8")


def _mixed_files():
    """A solution, a planted mistake, a started stub, a crash at import and a refused import, one challenge each."""
    planted = solution("challenge_3_activations").read_text()
    for old, new in SIGMOID_SIGN:
        planted = planted.replace(old, new, 1)
    return {
        "challenge_1_forward_pass": solution("challenge_1_forward_pass").read_text(),
        "challenge_3_activations": planted,
        "challenge_5_backprop": stub("challenge_5_backprop").read_text() + "\n# started\n",
        "challenge_2_shapes": "raise RuntimeError('boom')\n",
        "challenge_4_loss_debug": "import reference\n" + solution("challenge_4_loss_debug").read_text(),
    }


def test_challenges_graded_together_get_exactly_the_results_grade_n_gives(tmp_path):
    course = copy_course(tmp_path / "course")
    files = _mixed_files()
    _write(course, files)
    challenges = {challenge.name: challenge for challenge in load_challenges(course)}
    work = [(challenges[name], challenges[name].stub.resolve()) for name in files]
    together = grade_changed(course, work)
    assert set(together) == set(files)
    for challenge, submission in work:
        alone = grade(challenge, submission).to_dict()
        assert json.dumps(together[challenge.name].to_dict(), sort_keys=True) == json.dumps(alone, sort_keys=True), \
            challenge.name
    # What the mix must show, so that the comparison above compared something.
    assert together["challenge_1_forward_pass"].passed
    sigmoid = {check.id: check.status for check in together["challenge_3_activations"].checks}["sigmoid"]
    assert sigmoid == "failed" and not together["challenge_3_activations"].passed
    assert {check.status for check in together["challenge_2_shapes"].checks} <= {"error", "skipped"}
    assert together["challenge_4_loss_debug"].score == 0


def test_grade_list_shows_the_scores_grade_n_gives_and_remembers_them(tmp_path):
    course = copy_course(tmp_path / "course")
    files = _mixed_files()
    _write(course, files)
    listed = run_grade("list", "--json", cwd=course)
    assert listed.returncode == 0, listed.stderr[-2000:]
    rows = {row["challenge"]: row for row in json.loads(listed.stdout)["challenges"]}
    for challenge in files:
        completed = run_grade(challenge, "--json", cwd=course)
        assert completed.returncode in (0, 1), completed.stderr[-2000:]
        alone = json.loads(completed.stdout)
        assert (rows[challenge]["score"], rows[challenge]["max_score"]) == (alone["score"], alone["max_score"])
    assert rows["challenge_1_forward_pass"]["state"] == "done"
    assert rows["challenge_3_activations"]["state"] == "in progress"
    progress = json.loads((course / ".nnfs-grade" / "progress.json").read_text())
    assert set(files) <= set(progress["results"])


def test_grade_list_still_grades_where_the_sandbox_cannot_start(tmp_path):
    """A bwrap that always fails: the zygote cannot start, and each challenge is graded the grade N way,
    unconfined and saying so in its result, as grade N does."""
    failing = tmp_path / "bin" / "bwrap"
    failing.parent.mkdir()
    failing.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    failing.chmod(0o755)
    course = copy_course(tmp_path / "course")
    files = {name: solution(name).read_text() + "\n# mine\n" for name in ("challenge_1_forward_pass",
                                                                         "challenge_3_activations")}
    _write(course, files)
    # Workers started by bwrap, as where the kernel refuses the grader its own namespaces.
    env = {"PATH": f"{failing.parent}{os.pathsep}{os.environ['PATH']}", "NNFS_GRADE_SANDBOX": "bwrap"}
    listed = run_grade("list", "--json", cwd=course, env=env)
    assert listed.returncode == 0, listed.stderr[-2000:]
    states = {row["challenge"]: row["state"] for row in json.loads(listed.stdout)["challenges"]}
    assert all(states[name] == "done" for name in files)

