"""The console script takes the learner's plain `grade CHALLENGE ...` itself, and leaves click everything else."""
from pathlib import Path

import pytest

from grader.cli.entry import COMMANDS, plain_grading
from grader.cli.main import main


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
