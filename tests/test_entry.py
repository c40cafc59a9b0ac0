"""The console script takes the learner's plain `grade CHALLENGE ...` itself, and leaves click everything else."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.cli.entry import COMMANDS, plain_grading, plain_listing
from grader.cli.main import main
from grader.sandbox import confinement
from helpers import CHALLENGES, ROOT, copy_course, leftovers, run_grade, solution, tagged


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


def test_the_plain_list_form_is_taken_and_anything_more_left_to_click():
    assert plain_listing(["list"]) == {"as_json": False}
    assert plain_listing(["list", "--json"]) == {"as_json": True}
    for args in (["list", "--help"], ["list", "-h"], ["list", "--json", "--json"], ["list", "5"], ["lst"], ["5"], []):
        assert plain_listing(args) is None, args


def test_the_plain_list_prints_what_clicks_list_command_prints(tmp_path, monkeypatch):
    """`grade list` as the console script runs it (no click), and as the group's command, on the same course: the
    first grades what changed, the second finds it remembered; both print the same, and the same errors."""
    from helpers import invoke

    course = copy_course(tmp_path / "course")
    for name in ("challenge_1_forward_pass", "challenge_3_activations"):
        (course / "challenges" / name / "main.py").write_text(solution(name).read_text() + "\n# mine\n")
    monkeypatch.chdir(course)
    monkeypatch.setenv("NO_COLOR", "1")
    for args in (["list", "--json"], ["list"]):
        plain = run_grade(*args, cwd=course, env={"NO_COLOR": "1"})
        assert plain.returncode == 0, plain.stderr[-2000:]
        by_click = invoke(*args)
        assert by_click.exit_code == 0 and by_click.stdout == plain.stdout
    assert f"2 of {len(CHALLENGES)} done." in plain.stdout
    (course / "challenges" / "challenge_2_shapes" / "challenge.toml").write_text("title = \n")
    plain, by_click = run_grade("list", cwd=course), invoke("list")
    assert plain.returncode == by_click.exit_code == 2
    assert "challenge.toml cannot be read" in plain.stderr and plain.stderr == by_click.stderr


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


# Ctrl-C arriving while an extension module loads, which turns it into an ImportError, as NumPy's does
# (numpy/_core/__init__.py re-raises any failure of its C extension as "Importing the numpy C-extensions failed").
CTRL_C_TURNED_INTO_IMPORT_ERROR = '''
import os, signal, sys
from grader.cli import entry

def invoke():
    try:
        os.kill(os.getpid(), signal.SIGINT)
        signal.pthread_sigmask(signal.SIG_BLOCK, [])   # a point where Python runs the handler
    except KeyboardInterrupt:
        raise ImportError("PyCapsule_Import could not import module 'datetime'") from None

entry._invoke = invoke
entry.console_script()
'''


def test_ctrl_c_that_an_import_turns_into_another_error_still_exits_130_with_one_line():
    ended = subprocess.run([sys.executable, "-c", CTRL_C_TURNED_INTO_IMPORT_ERROR], capture_output=True, text=True,
                           timeout=60)
    assert ended.returncode == 130, ended.stderr
    assert [line for line in ended.stderr.splitlines() if line.strip()] == ["Stopped: you pressed Ctrl-C."]
    assert ended.stdout == ""


def test_an_error_without_ctrl_c_is_not_taken_for_one():
    crashing = CTRL_C_TURNED_INTO_IMPORT_ERROR.replace("os.kill(os.getpid(), signal.SIGINT)", "raise KeyboardInterrupt")
    crashing = crashing.replace("except KeyboardInterrupt:", "except KeyboardInterrupt:  # not a Ctrl-C: no signal")
    ended = subprocess.run([sys.executable, "-c", crashing], capture_output=True, text=True, timeout=60)
    assert ended.returncode == 1 and "ImportError" in ended.stderr and "Stopped" not in ended.stderr


@pytest.mark.parametrize("options", [(), ("--require-confinement",)], ids=["forked", "bubblewrap"])
def test_grade_with_its_error_stream_closed_grades_and_exits_as_it_would(options):
    """`grade 1 2>&-`: Python's sys.stderr is None, which the notice of code still running and the flush on the way
    out would take for a stream; and descriptor 2, free, would be the first pipe's, which a worker given it as its
    stderr would write into."""
    if options and not confinement.confined(thorough=True):
        pytest.skip("bubblewrap cannot confine here")
    completed = subprocess.run([sys.executable, "-m", "grader", "challenge_1_forward_pass", "--submission",
                                str(solution("challenge_1_forward_pass")), *options], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=120,
                               preexec_fn=lambda: os.close(2))
    assert completed.returncode == 0 and "All 21 checks passed" in completed.stdout, completed.stdout[-2000:]
