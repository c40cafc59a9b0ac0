"""The grade command's contract: names, options, output streams and exit statuses."""
import json
import os
import shlex
from pathlib import Path

from helpers import copy_course, run_grade, solution, stub


def test_unknown_challenge_exits_2_with_the_list():
    completed = run_grade("convolutions")
    assert completed.returncode == 2
    assert "No challenge matches 'convolutions'" in completed.stderr and "challenge_5_backprop" in completed.stderr


def test_missing_submission_exits_2():
    completed = run_grade("5", "--submission", "/no/such/file.py")
    assert completed.returncode == 2 and "There is no file" in completed.stderr


def test_a_folder_submission_uses_its_main_py():
    completed = run_grade("backprop", "--submission", solution("challenge_5_backprop").parent, "--json")
    assert completed.returncode == 0


def test_json_prints_exactly_one_document(tmp_path):
    completed = run_grade("challenge_3_activations", "--json", cwd=copy_course(tmp_path))
    result = json.loads(completed.stdout)
    assert completed.returncode == 1
    assert set(result) >= {"challenge", "title", "score", "max_score", "checks"}
    for check in result["checks"]:
        assert set(check) >= {"id", "name", "category", "status", "score", "max_score", "message", "hint"}


def test_text_report_without_colour_when_piped(tmp_path):
    completed = run_grade("3", env={"NO_COLOR": "1"}, cwd=copy_course(tmp_path))
    assert completed.returncode == 1
    assert "\x1b[" not in completed.stdout
    assert "TODO  sigmoid(inputs)" in completed.stdout and "0 of 11 checks passed" in completed.stdout


def test_html_report_is_written_and_escapes_learner_text(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("raise ValueError('<script>alert(1)</script>')\n")
    report = tmp_path / "report.html"
    completed = run_grade("3", "--submission", path, "--html", report)
    html = report.read_text()
    assert completed.returncode == 1
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<style>" in html and "http" not in html.split("<body>")[0].replace('http-equiv', '')


def test_a_submission_whose_name_is_not_utf8_gets_every_report(tmp_path):
    path = Path(os.fsdecode(bytes(tmp_path) + b"/mine\xff.py"))
    path.write_text("import numpy as np\n")
    report = tmp_path / "report.html"
    for options in ((), ("--json",), ("--html", report)):
        completed = run_grade("3", "--submission", path, *options)
        assert completed.returncode == 1, completed.stderr
    assert "mine\ufffd.py" in report.read_text()


def test_terminal_output_neutralises_escape_sequences(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("raise ValueError('\\x1b[2J\\x1b]0;pwned\\x07')\n")
    completed = run_grade("3", "--submission", path)
    assert "\x1b" not in completed.stdout and "\\x1b[2J" in completed.stdout


def test_help_and_version():
    assert run_grade("--help").returncode == 0
    assert "nnfs-grade" in run_grade("--version").stdout
    assert "Example" in run_grade("check", "--help").stdout


def test_grade_runs_from_inside_a_challenge_folder(tmp_path):
    completed = run_grade("1", cwd=copy_course(tmp_path) / "challenges" / "challenge_1_forward_pass")
    assert completed.returncode == 1 and "challenge_1_forward_pass" in completed.stdout


def _graded_into_a_closed_pipe(*args, cwd):
    """(exit status, stderr) of `grade ARGS` whose stdout reader went away before it wrote (`grade ... | head`)."""
    import os
    import subprocess
    import sys

    reader, writer = os.pipe()
    os.close(reader)
    try:
        completed = subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=cwd, stdout=writer,
                                   stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(writer)
    return completed.returncode, completed.stderr


def test_a_plain_grading_piped_into_a_reader_that_went_away_ends_quietly(tmp_path):
    status, stderr = _graded_into_a_closed_pipe("5", "--submission", solution("challenge_5_backprop"),
                                                "--html", tmp_path / "r.html", cwd=copy_course(tmp_path / "c"))
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert status == 1 and (tmp_path / "r.html").is_file()


def test_a_click_command_piped_into_a_reader_that_went_away_ends_quietly(tmp_path):
    status, stderr = _graded_into_a_closed_pipe("list", cwd=copy_course(tmp_path))
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr and "Exception ignored" not in stderr, stderr
    assert status == 1


def test_the_advice_to_grade_again_repeats_the_submission_quoted_for_the_shell(tmp_path):
    submission = tmp_path / "my attempt's" / "main.py"
    submission.parent.mkdir()
    submission.write_text(stub("challenge_5_backprop").read_text())
    completed = run_grade("5", "--submission", submission, env={"NO_COLOR": "1", "COLUMNS": "500"})
    assert completed.returncode == 1, completed.stderr
    text = " ".join(completed.stdout.split())
    assert f"run grade challenge_5_backprop --submission {shlex.quote(str(submission))} again." in text
    assert "run grade challenge_5_backprop again" not in text


def test_html_never_overwrites_anything_but_an_html_report(tmp_path):
    course = copy_course(tmp_path)
    main = course / "challenges" / "challenge_3_activations" / "main.py"
    other = tmp_path / "mine.py"
    other.write_text("x = 1\n")
    for submission, html in ((None, main), (solution("challenge_3_activations"), other), (other, other)):
        before = {path: path.read_bytes() for path in (main, other)}
        completed = run_grade("3", *(("--submission", submission) if submission else ()), "--html", html, cwd=course)
        assert completed.returncode == 2 and "Give the report a name of its own" in completed.stderr, completed
        assert {path: path.read_bytes() for path in (main, other)} == before
    # A link, even one named .html, and any file that is not an HTML report: the course's own settings too.
    link, hard_link = tmp_path / "report-link.html", tmp_path / "report-hard-link.html"
    link.symlink_to(main)
    os.link(main, hard_link)
    settings = course / "challenges" / "challenge_3_activations" / "challenge.toml"
    for html in (link, hard_link, settings):
        before = {path: path.read_bytes() for path in (main, settings)}
        completed = run_grade("3", "--html", html, cwd=course)
        assert completed.returncode == 2 and "Give the report a name of its own" in completed.stderr, completed
        assert {path: path.read_bytes() for path in (main, settings)} == before
    report = tmp_path / "report.html"
    assert run_grade("3", "--html", report, cwd=course).returncode == 1 and report.read_text().startswith("<!DOCTYPE")
    # An HTML report may be written again over itself.
    assert run_grade("3", "--html", report, cwd=course).returncode == 1 and report.read_text().startswith("<!DOCTYPE")


def test_on_windows_the_command_says_to_use_wsl_and_grades_nothing(tmp_path):
    import subprocess
    import sys

    # As Windows' Python would run it: the worker's POSIX limits are never reached for.
    script = ("import sys; sys.platform = 'win32'; sys.argv[0] = 'grade'; "
              "from grader.cli.entry import console_script; console_script()")
    completed = subprocess.run([sys.executable, "-c", script, "1"], cwd=copy_course(tmp_path), capture_output=True,
                               text=True, timeout=60)
    assert completed.returncode == 2 and completed.stdout == ""
    assert "cannot grade on Windows itself" in completed.stderr and "wsl --install" in completed.stderr
    assert not (tmp_path / ".nnfs-grade").exists()
