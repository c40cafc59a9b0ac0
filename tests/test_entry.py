"""The console script takes the learner's plain `grade CHALLENGE ...` itself, and leaves click everything else."""
from pathlib import Path

import pytest

from grader.cli.entry import COMMANDS, plain_grading
from grader.cli.main import main
from helpers import copy_course, leftovers, run_grade, solution, tagged


def test_every_command_of_the_group_is_known_to_the_console_script():
    assert COMMANDS == set(main.commands)


def test_the_plain_form_gives_the_options_click_would():
    assert plain_grading(["5", "--submission", "x.py", "--json", "--check=a", "--check", "b", "--html=r.html",
                          "--require-confinement"]) == {
        "challenge": "5", "submission": Path("x.py"), "as_json": True, "html_path": Path("r.html"),
        "only": ("a", "b"), "required": True}
    assert plain_grading(["backprop"]) == {"challenge": "backprop", "submission": None, "as_json": False,
                                           "html_path": None, "only": (), "required": False}


@pytest.mark.parametrize("args", [
    [], ["list"], ["check", "5"], ["report", "roster"], ["--help"], ["5", "--help"], ["5", "-h"], ["-3"],
    ["5", "extra"], ["5", "--submission"], ["5", "--submission="], ["5", "--submission", "--json"],
    ["5", "--submission", "a.py", "--submission", "b.py"], ["5", "--json=yes"], ["5", "--jsn"],
    ["5", "--html", "."],
], ids=lambda args: " ".join(args) or "nothing")
def test_anything_else_is_left_to_click(args):
    assert plain_grading(args) is None


@pytest.mark.parametrize("submission", ["solution", "missing file"])
def test_the_plain_grade_ends_its_sandbox_before_it_exits(tmp_path, submission):
    """The zygote forked at start is told to end while the report is written, and waited for before the exit;
    one never used (the file to grade is missing) ends too."""
    course = copy_course(tmp_path / "course")
    path = solution("challenge_2_shapes") if submission == "solution" else tmp_path / "missing.py"
    environment = tagged()
    completed = run_grade("challenge_2_shapes", "--submission", path, cwd=course, env=environment)
    if submission == "solution":
        assert completed.returncode == 0, completed.stderr
        assert "checks passed" in completed.stdout
    else:
        assert completed.returncode == 2 and "There is no file" in completed.stderr
    assert not leftovers(environment)
