"""Each command driven in-process with click's CliRunner, as click's own tests do."""
import json
import shutil

import pytest

from grader.cli.main import main
from helpers import CHALLENGES, copy_course, invoke


@pytest.fixture
def course(tmp_path, monkeypatch):
    monkeypatch.chdir(copy_course(tmp_path))
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def test_every_command_has_help_with_an_example():
    commands = [((name,), command) for name, command in main.commands.items()]
    commands += [((name, inner), sub) for (name,), command in list(commands)
                 for inner, sub in getattr(command, "commands", {}).items()]
    for names, command in commands:
        result = invoke(*names, "--help")
        assert result.exit_code == 0, names
        assert command.help and "Example" in result.output, f"{' '.join(names)} --help has no example"


def test_check_grades_a_solution_and_a_stub(course):
    solved = invoke("3", "--submission", course / "solutions" / CHALLENGES[2] / "main.py", "--json")
    assert solved.exit_code == 0 and json.loads(solved.stdout)["passed"] is True
    stub = invoke("3")
    assert stub.exit_code == 1 and "0 of 11 checks passed" in stub.output


def test_check_refuses_what_it_cannot_grade(course):
    assert invoke("no_such_thing").exit_code == 2
    assert invoke("3", "--submission", course / "missing.py").exit_code == 2


def test_list_marks_the_next_challenge(course):
    shutil.copy(course / "solutions" / CHALLENGES[0] / "main.py", course / "challenges" / CHALLENGES[0] / "main.py")
    result = invoke("list")
    assert result.exit_code == 0
    header, first, second = result.output.splitlines()[:3]   # the header, then one row per challenge
    assert "done" in first and second.startswith("→")
    data = json.loads(invoke("list", "--json").output)
    assert data["next"] == CHALLENGES[1]


def test_hint_levels_advance_and_can_be_chosen(course):
    # The first failing check's one hint, then the challenge's three.
    assert "Hint 1 of 4" in invoke("hint", "1").output
    assert "Hint 2 of 4" in invoke("hint", "1").output
    assert "Hint 1 of 4" in invoke("hint", "1", "--level", "1").output
    assert invoke("hint", "1", "no_such_check").exit_code == 2


def test_reset_asks_first_and_keeps_a_backup(course):
    stub = course / "challenges" / CHALLENGES[3] / "main.py"
    stub.write_text("mine\n")
    declined = invoke("reset", "4", input="n\n")
    assert declined.exit_code == 0 and stub.read_text() == "mine\n"
    assert "Nothing was reset" in declined.output and "Aborted" not in declined.output
    # No answer at all (a script, a tool without a terminal): a sentence that names --yes, not click's "Aborted!".
    unanswered = invoke("reset", "4", input="")
    assert unanswered.exit_code == 1 and stub.read_text() == "mine\n"
    assert "Nothing was reset" in unanswered.output and "--yes" in unanswered.output
    assert "Aborted" not in unanswered.output
    accepted = invoke("reset", "4", input="y\n")
    assert accepted.exit_code == 0 and stub.read_text() != "mine\n"
    assert "main-" in accepted.output and "backups" in accepted.output
    assert "nothing to reset" in invoke("reset", "4").output
