"""The learner's loop as a new learner meets it: a missing file, Ctrl-C, one cause per message,
names typed or tab-completed, hints, wording, the HTML report and `grade watch` in a real terminal."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import types
import uuid

import pytest

from helpers import (CHALLENGES, ROOT, alive, checks_by_id, copy_course, grade_planted, invoke, judged, planted,
                     processes_marked, run_grade, shipped_course, solution, with_limits)


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A fresh clone's worth of the course, the working directory of every command."""
    monkeypatch.chdir(copy_course(tmp_path))
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def _solve(course, number):
    name = CHALLENGES[number - 1]
    shutil.copy(solution(name), course / "challenges" / name / "main.py")


# --- 2. a missing main.py ----------------------------------------------------------------------------

def test_list_shows_a_missing_main_py_and_how_to_restore_it(course):
    (course / "challenges" / CHALLENGES[2] / "main.py").unlink()
    listed = invoke("list")
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.output.splitlines() if CHALLENGES[2] in line)
    assert row.rstrip().endswith("missing")
    assert f"{CHALLENGES[2]} has no main.py: run grade reset 3" in listed.output
    data = json.loads(invoke("list", "--json").stdout)
    assert {row["challenge"]: row["state"] for row in data["challenges"]}[CHALLENGES[2]] == "missing"


def test_list_says_where_a_notebook_is_worked_in_beside_a_main_py_not_started(course):
    """grade list tracks main.py; a learner working in a notebook (%grade) would see "not started" alone. A
    notebook in the challenge's folder, or the one a release hands out once its code changed, gets a note that
    names the command grading it."""
    from grader.classroom.release_notebooks import write_notebooks
    from grader.course import load_challenges

    write_notebooks(course, load_challenges(course))   # as `grade release --notebooks` hands them out
    untouched = invoke("list")
    assert untouched.exit_code == 0 and "Note:" not in untouched.output, untouched.output
    released = course / "notebooks" / f"{CHALLENGES[5]}.ipynb"
    released.write_text(released.read_text().replace("raise NotImplementedError", "pass", 1))
    (course / "challenges" / CHALLENGES[2] / "main.ipynb").write_text(released.read_text())
    listed = invoke("list")
    assert f"Note: {CHALLENGES[5]}'s main.py is still the stub as shipped, and notebooks/{CHALLENGES[5]}.ipynb is " \
           f"there: grade list tracks main.py only. To grade the notebook, run grade 6 --submission " \
           f"notebooks/{CHALLENGES[5]}.ipynb (or %grade 6 inside it)." in listed.output, listed.output
    assert f"and challenges/{CHALLENGES[2]}/main.ipynb is there" in listed.output
    rows = {row["challenge"]: row for row in json.loads(invoke("list", "--json").stdout)["challenges"]}
    assert rows[CHALLENGES[5]]["notebook"] == f"notebooks/{CHALLENGES[5]}.ipynb"
    # grade N says so too, as the GitHub Classroom workflow's steps run it on main.py.
    graded = run_grade("6", "--json", cwd=course)
    assert f"main.py is still the stub as shipped, and notebooks/{CHALLENGES[5]}.ipynb is there" in graded.stderr \
        and f"--submission notebooks/{CHALLENGES[5]}.ipynb" in graded.stderr, graded.stderr
    # The report's own closing advice is about main.py: the reminder comes after it too.
    shown = run_grade("6", cwd=course)
    assert shown.stderr.rstrip().splitlines()[-1] == (
        f"Note: that was main.py, the stub as shipped. If your work is in the notebook, grade it with grade "
        f"{CHALLENGES[5]} --submission notebooks/{CHALLENGES[5]}.ipynb"), shown.stderr
    assert "Note: that was main.py" not in graded.stderr   # --json: said once, before
    assert rows[CHALLENGES[5]]["state"] == "not started" and "notebook" not in rows[CHALLENGES[0]]
    # Some work in main.py too: the notebook may hold the rest, which grade list does not grade.
    stub = course / "challenges" / CHALLENGES[5] / "main.py"
    stub.write_text(stub.read_text() + "\nSTARTED = True\n")
    started = invoke("list")
    assert f"Note: {CHALLENGES[5]}'s main.py holds work of its own, and notebooks/{CHALLENGES[5]}.ipynb is there: " \
           "grade list tracks main.py only." in started.output, started.output


def test_a_file_name_a_learners_code_chose_reaches_the_terminal_as_escapes_on_one_line(course, tmp_path):
    """A notebook's code, run in the learner's own kernel, can write a file whose name holds escape sequences (a
    terminal would set its title, clear the screen) and a line break (a line of the name's own text): grade list,
    grade N and their errors show that name as escapes, on the line it belongs to."""
    from grader.classroom.release_notebooks import write_notebooks
    from grader.course import load_challenges

    write_notebooks(course, load_challenges(course))
    released = course / "notebooks" / f"{CHALLENGES[5]}.ipynb"
    hostile = "w\x1b]0;PWNED\x07\x1b[2J\x1b[31mRED\nDONE all.ipynb"
    (course / "challenges" / CHALLENGES[5] / hostile).write_text(
        released.read_text().replace("raise NotImplementedError", "pass", 1))
    shown = "w\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mRED\\nDONE all.ipynb"
    submitted = tmp_path / "a\x1b[31m\nPASS" / "main.py"
    submitted.parent.mkdir()
    submitted.write_text(solution(CHALLENGES[0]).read_text())
    outputs = {"grade list": invoke("list").output, "grade 6": run_grade("6", cwd=course).stderr,
               "grade 1 --submission": run_grade("1", "--submission", submitted, cwd=course).stdout,
               "there is no file": run_grade("1", "--submission", submitted.with_name("gone.py"), cwd=course).stderr}
    for command, output in outputs.items():
        assert "\x1b" not in output and "\x07" not in output, (command, output)
        assert not any(line.startswith(("DONE all", "PASS")) for line in output.splitlines()), (command, output)
    assert shown in outputs["grade list"] and shown in outputs["grade 6"]
    # The command the note gives reads back, in a shell, as the notebook's own name.
    word = re.search(r"--submission (\$'(?:[^'\\]|\\.)*')", outputs["grade list"]).group(1)
    read = subprocess.run(["bash", "-c", f"printf %s {word}"], capture_output=True, check=True).stdout.decode()
    assert read == f"challenges/{CHALLENGES[5]}/{hostile}"
    assert "\\x1b[31m\\nPASS" in outputs["grade 1 --submission"] and "\\nPASS" in outputs["there is no file"]


def test_a_notebook_beside_the_stub_that_is_no_json_python_can_read_is_named_not_a_traceback(course):
    notebook = course / "notebooks" / f"{CHALLENGES[5]}.ipynb"
    notebook.parent.mkdir()
    notebook.write_text("[" * 200_000 + "]" * 200_000)    # deeper than Python's stack
    listed = invoke("list")
    assert listed.exit_code == 0 and f"notebooks/{CHALLENGES[5]}.ipynb is there" in listed.output, listed.output
    graded = run_grade("6", cwd=course)
    assert graded.returncode == 1 and "Traceback" not in graded.stderr, graded.stderr[-3000:]
    assert f"notebooks/{CHALLENGES[5]}.ipynb is there" in graded.stderr, graded.stderr[-3000:]


def test_a_bare_grade_skips_a_missing_main_py_and_says_why_when_nothing_else_is_left(course):
    for number in (1, 2):
        _solve(course, number)
    (course / "challenges" / CHALLENGES[2] / "main.py").unlink()
    skipped = invoke()
    assert skipped.exit_code == 1 and skipped.output.startswith(f"Next up: {CHALLENGES[3]}")
    for number in range(4, len(CHALLENGES) + 1):
        _solve(course, number)
    stuck = invoke()
    assert stuck.exit_code == 2 and "Traceback" not in stuck.output
    assert f"{CHALLENGES[2]} has no main.py: run grade reset 3" in stuck.output
    named = invoke("3")
    assert named.exit_code == 2 and "grade reset 3" in named.output


def _grade_within_memory(*args, gib=4):
    """`grade args...` in a fresh process whose address space is capped, as a learner's small machine caps it: a
    file read whole fails there rather than swapping the test machine."""
    import resource

    limit = gib << 30
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, timeout=90,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))


def test_list_says_in_its_row_what_is_wrong_with_a_main_py_that_cannot_be_graded_and_shows_the_others(course):
    folder = course / "challenges"
    os.mkfifo(_replaced(folder / CHALLENGES[0] / "main.py"))
    (folder / CHALLENGES[2] / "main.py").write_text("#" * (2 << 20))
    os.truncate(folder / CHALLENGES[3] / "main.py", 6 << 30)     # sparse: 6 GiB that take no room on disk
    _replaced(folder / CHALLENGES[4] / "main.py").symlink_to("/dev/zero")
    _replaced(folder / CHALLENGES[5] / "main.py").mkdir()
    _solve(course, 2)
    listed = _grade_within_memory("list", "--json")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    rows = {row["challenge"]: row for row in json.loads(listed.stdout)["challenges"]}
    expected = {0: "a named pipe (FIFO)", 2: "larger than 1 MiB", 3: "larger than 1 MiB", 4: "a character device",
                5: "a folder"}
    for index, problem in expected.items():
        assert rows[CHALLENGES[index]]["state"] == "unreadable", rows[CHALLENGES[index]]
        assert problem in rows[CHALLENGES[index]]["problem"]
        assert f"grade reset {index + 1}" in rows[CHALLENGES[index]]["problem"]
    assert rows[CHALLENGES[1]]["state"] == "done" and rows[CHALLENGES[6]]["state"] == "not started"
    text = _grade_within_memory("list").stdout
    row = text.splitlines().index(next(line for line in text.splitlines() if CHALLENGES[2] in line))
    assert text.splitlines()[row].rstrip().endswith("unreadable") and "larger than 1 MiB" in text.splitlines()[row + 1]
    graded = _grade_within_memory("4")
    assert graded.returncode == 2 and "Traceback" not in graded.stderr and "larger than 1 MiB" in graded.stderr
    piped = _grade_within_memory("1")
    assert piped.returncode == 2 and "a named pipe (FIFO)" in piped.stderr and "grade reset 1" in piped.stderr


def _replaced(path):
    path.unlink()
    return path


@pytest.mark.parametrize("make", [os.mkfifo, lambda path: path.symlink_to("/dev/zero")], ids=["fifo", "dev-zero"])
def test_a_progress_file_that_is_not_a_file_is_ignored_with_a_note(course, make):
    progress = course / ".nnfs-grade" / "progress.json"
    progress.parent.mkdir()
    for args, status in ((["list"], 0), (["2"], 1)):
        progress.unlink(missing_ok=True)    # the command before saved a new one in its place
        make(progress)
        completed = _grade_within_memory(*args)
        assert completed.returncode == status and "Traceback" not in completed.stderr, completed.stderr
        assert "progress.json is a" in completed.stderr and "was ignored" in completed.stderr
    assert json.loads(progress.read_text())["results"]


# --- 4. Ctrl-C ---------------------------------------------------------------------------------------

# The learner's code is confined and cannot write where the test could read, so it marks its progress with
# processes whose command lines carry the test's marker: the test sees them in /proc, as it sees leftovers.
HANGING = '''
import subprocess, sys, time

def _mark(stage):
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "{marker}-" + stage],
                     process_group=0)

_mark("imported")


def sigmoid(inputs):
    _mark("hanging")
    while True:
        time.sleep(0.01)
'''


def test_ctrl_c_during_a_hanging_check_exits_130_quietly_and_leaves_nothing(course, tmp_path):
    marker = f"nnfs-test-{uuid.uuid4().hex}"
    learner = tmp_path / "hangs.py"
    learner.write_text(HANGING.replace("{marker}", marker))
    # Long enough that the check is still hanging when Ctrl-C comes, however long the machine takes to show it.
    with_limits(course, CHALLENGES[2], check_seconds=60.0)
    grading = subprocess.Popen([sys.executable, "-m", "grader", "3", "--submission", learner],
                               cwd=course, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        _wait_until(lambda: _marked(f"{marker}-hanging"))
        os.killpg(grading.pid, signal.SIGINT)   # what the terminal does on Ctrl-C
        out, err = grading.communicate(timeout=30)
    finally:
        if grading.poll() is None:
            os.killpg(grading.pid, signal.SIGKILL)
    assert grading.returncode == 130
    assert "Traceback" not in err + out and "fault in the course" not in err + out and "Aborted" not in err
    assert [line for line in err.splitlines() if line.strip()] == ["Stopped: you pressed Ctrl-C."]
    _wait_until(lambda: not _marked(marker))


def _marked(marker):
    """Pids of the live processes whose command line carries `marker`."""
    return [pid for pid in processes_marked(marker) if alive(pid)]


def _wait_until(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


# --- 3. book-style code at the top level -------------------------------------------------------------

def _with_top_level(challenge, code):
    return solution(challenge).read_text().split('if __name__ == "__main__":')[0] + code


def test_slow_top_level_code_is_graded_with_one_note_naming_it(course, tmp_path):
    learner = tmp_path / "book_style.py"
    learner.write_text(_with_top_level(CHALLENGES[2], "import time\nfor epoch in range(30):\n"
                                                      "    time.sleep(0.1)\n    print('epoch', epoch)\n"))
    line = learner.read_text().splitlines().index("for epoch in range(30):") + 1
    result = invoke("3", "--submission", learner)
    assert result.exit_code == 0, result.output
    # Its line last, after a colon, as a learner's line is quoted everywhere.
    assert f"It ran line {line} of your file's top level: for epoch in range(30):\n" in result.output
    assert 'if __name__ == "__main__":' in result.output
    assert result.output.count("epoch 29") == 1


def test_an_endless_loop_at_the_top_level_is_said_once_with_the_limit(course, tmp_path):
    with_limits(course, CHALLENGES[2], load_seconds=1.0)
    learner = tmp_path / "endless.py"
    learner.write_text(_with_top_level(CHALLENGES[2], "while True:\n    print('still here')\n"))
    line = learner.read_text().splitlines().index("while True:") + 1
    result = invoke("3", "--submission", learner)
    assert result.exit_code == 1
    assert result.output.count("after 1 s (the limit) while importing your file") == 1
    assert f"It was running line {line} of your file's top level: while True:\n" in result.output
    # Where to start is the loop, not whichever line inside it the clock stopped.
    assert f"Start with line {line} of your file (`while True:`): it stops" in result.output
    assert result.output.count("still here") <= 60     # printed once, cut short, not once per check
    data = json.loads(invoke("3", "--submission", learner, "--json").stdout)
    assert all(check["status"] == "timeout" for check in data["checks"] if check["status"] != "skipped")


def test_a_terminal_is_told_while_code_runs_that_it_runs_and_when_it_will_be_stopped(course, tmp_path):
    """An endless loop is otherwise silent until its limit, up to 20 s at import; a pipe (grade watch, an editor's
    runner) is not told."""
    import pty

    with_limits(course, CHALLENGES[2], load_seconds=4.0)
    learner = tmp_path / "endless.py"
    # An endless loop that spins no processor while the two runs wait for its limit side by side.
    learner.write_text(_with_top_level(CHALLENGES[2], "import time\nwhile True:\n    time.sleep(0.01)\n"))
    command = [sys.executable, "-m", "grader", "3", "--submission", str(learner)]
    piped = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    reader, terminal = pty.openpty()
    try:
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=terminal, timeout=120)
        os.set_blocking(reader, False)
        said = os.read(reader, 1 << 16).decode()
    finally:
        os.close(reader)
        os.close(terminal)
    assert completed.returncode == 1
    assert said.startswith("Still grading after 3 s: your code is running. Code that runs too long is stopped and "
                           "named in the report (importing your file after 4 s, a check after 2 s)"), said
    output, _ = piped.communicate(timeout=120)
    assert piped.returncode == 1 and "Still grading" not in output, output


def test_an_endless_loop_in_a_notebook_cell_is_named_by_its_cell(course, tmp_path):
    import nbformat

    from grader.classroom.release_notebooks import stub_cells

    with_limits(course, CHALLENGES[2], load_seconds=1.0)
    cells = [*stub_cells(solution(CHALLENGES[2]).read_text().split('if __name__ == "__main__":')[0]),
             "count = 0\nwhile True:\n    count += 1"]
    learner = tmp_path / "endless.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=list(map(nbformat.v4.new_code_cell, cells))), str(learner))
    output = invoke("3", "--submission", learner).output
    assert f"It was running code cell {len(cells)}, line 2 of your notebook's top level: while True:" in output
    assert f"Start with code cell {len(cells)}, line 2 of your notebook (`while True:`): it stops" in output


# --- 5. one root cause, one message -------------------------------------------------------------------

def test_a_syntax_error_is_printed_once_and_kept_in_every_check_of_the_json(course, tmp_path):
    learner = tmp_path / "broken.py"
    learner.write_text("import numpy as np\n\ndef sigmoid(inputs)\n    return inputs\n")
    text = invoke("3", "--submission", learner).output
    assert text.count("SyntaxError") == 1 and "line 3: def sigmoid(inputs)" in text
    assert "Hint:" not in text
    html_path = tmp_path / "report.html"
    invoke("3", "--submission", learner, "--html", html_path)
    assert html_path.read_text().count("SyntaxError") == 1
    checks = json.loads(invoke("3", "--submission", learner, "--json").stdout)["checks"]
    errors = [check for check in checks if check["status"] == "error"]
    assert len(errors) == 3 and all("SyntaxError" in check["message"] for check in errors)


def test_a_syntax_error_quotes_its_line_with_no_brackets_but_its_own(course, tmp_path):
    """A line one ")" short is quoted last, after a colon, or as code: parentheses around it would close it."""
    learner = tmp_path / "unclosed.py"
    learner.write_text(solution(CHALLENGES[2]).read_text().replace("np.exp(-inputs))", "np.exp(-inputs)", 1))
    source = "return 1 / (1 + np.exp(-inputs)"
    line = [text.strip() for text in learner.read_text().splitlines()].index(source) + 1
    checks = json.loads(invoke("3", "--submission", learner, "--json").stdout)["checks"]
    message = next(check["message"] for check in checks if check["status"] == "error")
    assert message.endswith(f"'(' was never closed. Python stopped reading it at line {line}: {source}"), message
    text = invoke("3", "--submission", learner).output
    assert f"line {line}: {source}\n" in text and f"({source}" not in text and f"{source})" not in text
    # A file that cannot be imported costs every check: those that ran, and those skipped as they wait for them.
    assert f"Start with line {line} of your file (`{source}`): it stops all 11 checks, from " in text
    page = tmp_path / "report.html"
    invoke("3", "--submission", learner, "--html", page)
    assert f"start with line {line} of your file (<code>{source}</code>): it stops all 11 checks, from " in \
        page.read_text()


def _stopped_at_one_line(**statuses):
    """A GradeResult of checks named by id: "error" raises at line 5, "failed" fails on its own, and "skipped:x"
    waits for x."""
    from grader.judge.messages import prerequisite_not_passed
    from grader.results import CheckResult, GradeResult

    def check(check_id, status):
        status, _, waits = status.partition(":")
        raised = status == "error"
        return CheckResult(id=check_id, name=f"check {check_id}", category="forward", status=status, score=0.0,
                           max_score=1.0, where={"line": 5, "source": "x = y"} if raised else None,
                           message=("Your code raised NameError: name 'y' is not defined." if raised
                                    else prerequisite_not_passed(f"check {waits}") if waits else "wrong values"))

    checks = [check(check_id, status) for check_id, status in statuses.items()]
    return GradeResult("challenge_1_forward_pass", "Forward", "2-5", "main.py", checks)


@pytest.mark.parametrize("statuses, said", [
    # Skipped checks that wait for those the line stops, directly or through another skipped check, are lost too;
    # one that waits for a check failing for a reason of its own is not.
    ({"a": "error", "b": "error", "c": "skipped:a", "d": "skipped:c", "e": "failed", "f": "skipped:e"},
     'it stops 2 checks, and 2 more wait for them, from "check a" on'),
    ({"a": "error", "b": "error", "c": "skipped:b", "e": "failed"},
     'it stops 2 checks, and 1 more waits for them, from "check a" on'),
    ({"a": "error", "b": "error", "e": "failed"}, 'it stops 2 checks, from "check a" on'),
    ({"a": "error", "c": "skipped:a", "d": "skipped:a", "e": "failed"},
     'it stops "check a", and 2 more checks wait for it'),
    ({"a": "error", "c": "skipped:a", "e": "failed"}, 'it stops "check a", and 1 more check waits for it'),
    ({"a": "error", "b": "error", "c": "skipped:a", "d": "skipped:b"}, 'it stops all 4 checks, from "check a" on'),
    ({"a": "error", "c": "skipped:a"}, 'it stops both checks, from "check a" on'),
])
def test_start_with_counts_every_check_the_line_costs(statuses, said):
    from grader.views import render

    result = _stopped_at_one_line(**statuses)
    text = render.to_text(result)
    assert f"Start with line 5 of your file (`x = y`): {said}. Then run grade" in text, text
    linked = said.replace('"check a"', '<a href="#challenge_1_forward_pass-a">check a</a>')
    assert f"start with line 5 of your file (<code>x = y</code>): {linked}.</div>" in render.to_html(result)


def test_start_with_names_no_count_for_a_line_that_costs_one_check():
    from grader.views import render

    text = render.to_text(_stopped_at_one_line(a="error", e="failed", f="skipped:e"))
    assert 'Start with "check a", then run grade' in text and "it stops" not in text, text


def test_a_runtime_error_quotes_its_line_last_with_no_brackets_but_its_own(tmp_path):
    """The first line of a statement that runs over several is one ")" short: quoted last, after a colon, as a syntax
    error's line is, it reads as the line it is; in the sentence's parentheses it would look closed."""
    learner = planted(tmp_path, CHALLENGES[4], [("self.dinputs = np.dot(dvalues, self.weights.T)",
                                                 "self.dinputs = np.dot(\n            dvalues, self.weights)")])
    source = "self.dinputs = np.dot("
    line = [text.strip() for text in learner.read_text().splitlines()].index(source) + 1
    _, result = judged(CHALLENGES[4], learner)
    message = checks_by_id(result)["dense_backward_dinputs"]["message"]
    assert message.startswith("Your code raised ValueError: ") and message.endswith(
        f". Your code stopped at line {line}: {source}"), message


def test_a_numpy_warning_names_the_learners_file_as_the_learner_knows_it(course, tmp_path):
    """Not the path of the worker's copy in its scratch folder, which the learner never saw."""
    learner = tmp_path / "main.py"
    learner.write_text(solution("challenge_3_activations").read_text().replace(
        "np.exp(inputs - np.max(inputs, axis=1, keepdims=True))", "np.exp(inputs)"))
    checks = json.loads(invoke("3", "--submission", learner, "--json").stdout)["checks"]
    printed = next(check["output"] for check in checks if check["id"] == "softmax_large_logits")
    assert "main.py:" in printed and "RuntimeWarning: overflow encountered in exp" in printed, printed
    assert "/tmp" not in printed and "worker-" not in printed and "submission/" not in printed, printed


def test_one_wrong_line_is_one_message_and_start_with_follows_the_screen(course, tmp_path):
    learner = tmp_path / "one_wrong_line.py"
    learner.write_text(solution(CHALLENGES[4]).read_text().replace(
        "self.dinputs = np.dot(dvalues, self.weights.T)", "self.dinputs = np.dot(dvalues, self.weights)"))
    text = invoke("5", "--submission", learner).output
    assert text.count("Your code raised ValueError") == 1
    assert "The same cause stops" in text and '(the same cause as "Layer_Dense.backward sets dweights' in text
    assert "Start with line 26 of your file (`self.dinputs = np.dot(dvalues, self.weights)`): it stops" in text
    checks = json.loads(invoke("5", "--submission", learner, "--json").stdout)["checks"]
    assert sum("Your code raised ValueError" in check["message"] for check in checks) >= 3

    # sigmoid_any_shape is declared before leaky_relu_alpha but shown after it, under Shapes.
    partly = tmp_path / "partly.py"
    partly.write_text(solution(CHALLENGES[2]).read_text()
                      .replace("1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(-np.atleast_2d(inputs)))")
                      .replace("alpha * inputs", "0.01 * inputs"))
    text = invoke("3", "--submission", partly).output
    assert text.index("leaky_relu(inputs, alpha)") < text.index("sigmoid works on a 1-D vector")
    assert 'Start with "leaky_relu(inputs, alpha) uses the alpha' in text


def test_start_with_follows_the_readmes_order_of_work_in_challenge_17(course, tmp_path):
    # README step 2 (conv2d_loops) fails while step 5 (Layer_Flatten) is still a TODO: the loops come first, in
    # the report and in "Start with", as the README's "Write, in this order" has the learner write them.
    name = "challenge_17_convolution"
    learner = planted(tmp_path, name, [
        ("padded = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))\n"
         "    output = np.zeros", "padded = np.pad(inputs, padding)\n    output = np.zeros"),
        ("        self.inputs = inputs\n        self.output = inputs.reshape(len(inputs), -1)",
         "        raise NotImplementedError")])
    text = invoke("17", "--submission", learner).output
    assert text.index("conv2d_loops handles stride 2") < text.index("Layer_Flatten.forward makes one row")
    last = text.strip().splitlines()[-1]
    assert last.startswith("Start with line") and 'from "conv2d_loops handles stride 2 and padding 1" on' in last, last


def test_a_check_whose_set_up_the_code_rejects_says_what_it_set_up(course, tmp_path):
    learner = tmp_path / "rows_per_neuron.py"
    learner.write_text(solution(CHALLENGES[0]).read_text()
                       .replace("0.01 * np.random.randn(n_inputs, n_neurons)", "0.01 * np.random.randn(n_neurons, n_inputs)")
                       .replace("np.dot(inputs, self.weights)", "np.dot(inputs, self.weights.T)"))
    checks = {check["id"]: check for check in json.loads(invoke("1", "--submission", learner, "--json").stdout)["checks"]}
    message = checks["dense_forward_shape"]["message"]
    assert "not aligned" in message and "This check set weights of shape (4, 3), (n_inputs, n_neurons)" in message


# --- 7. hints follow progress -----------------------------------------------------------------------

def test_hints_start_from_the_first_failing_check_and_follow_progress(course):
    stub = course / "challenges" / CHALLENGES[4] / "main.py"
    first = invoke("hint", "5").output
    # A heading of plain sentences, no brackets or quotes nested in it.
    heading = first.split("\n\n")[0]
    assert heading == ("Hint 1 of 4 for challenge_5_backprop, about your first failing check, "
                       "dense_backward_dweights.\nThat check: Layer_Dense.backward sets dweights = inputs.T · dvalues. "
                       "This is its only hint; hints 2 to 4 are about the whole challenge."), heading
    assert not set('()"') & set(heading), heading
    assert "Which product of inputs and dvalues has the shape of weights" in first
    general = invoke("hint", "5").output     # the challenge's first level, said to be about the challenge
    assert "Every backward method receives dvalues" in general
    assert general.startswith("Hint 2 of 4 for challenge_5_backprop as a whole.\nYour first failing check, "
                              "dense_backward_dweights, has no more hints. That check: Layer_Dense.backward sets "
                              "dweights"), general
    assert not set('()"') & set(general.split("\n\n")[0]) and "the challenge's 1 of 3" not in general, general
    solved = solution(CHALLENGES[4]).read_text()
    stub.write_text(solved.replace("np.sum(dvalues, axis=0, keepdims=True)", "np.sum(dvalues, axis=1, keepdims=True)"))
    moved_on = invoke("hint", "5").output
    assert moved_on.startswith("Hint 1 of 4") and "Layer_Dense.backward sets dbiases" in moved_on
    assert "Each bias gets the sum of its column of dvalues" in moved_on


def test_a_failure_with_a_hint_of_its_own_is_followed_by_that_hint_not_the_check_s(course):
    """Clipped at 1e-15, the loss check's hints ask what np.log(0) is, which that learner knows: the report gives
    the hint about the bound instead, and `grade hint` goes on from it, not from the check's own."""
    from grader.mistakes import CLIP_BOUND_HINT, CLIP_HINTS

    stub = course / "challenges" / CHALLENGES[0] / "main.py"
    stub.write_text(solution(CHALLENGES[0]).read_text().replace("np.clip(y_pred, 1e-7, 1 - 1e-7)",
                                                                "np.clip(y_pred, 1e-15, 1 - 1e-15)"))
    invoke("1", "--json")
    first = invoke("hint", "1").output
    assert first.startswith("Hint 1 of 4 for challenge_1_forward_pass, about your first failing check") and \
        "This is its only hint; hints 2 to 4 are about the whole challenge." in first and CLIP_BOUND_HINT in first, \
        first
    later = invoke("hint", "1").output + invoke("hint", "1").output + invoke("hint", "1").output
    assert not any(hint in later for hint in CLIP_HINTS), later


def test_a_batch_of_one_that_fails_a_check_of_other_inputs_gets_the_hint_about_a_batch_of_one(tmp_path):
    """correct_confidences that squeezes its result fails on a batch of one sample in the check of unclipped
    confidences, whose own hints are about clipping: the report's hint is about a batch of one."""
    from grader.expect import BATCH_OF_ONE_HINT

    learner = planted(tmp_path, "challenge_4_loss_debug", [(
        "    return y_pred[range(len(y_pred)), y_true]",
        "    return np.take_along_axis(y_pred, y_true.reshape(-1, 1), axis=1).squeeze()")])
    _, result = judged("challenge_4_loss_debug", learner)
    check = checks_by_id(result)["confidences_unclipped"]
    assert check["status"] == "failed" and "batch of one" in check["message"], check
    assert check["hint"] == BATCH_OF_ONE_HINT


def test_hints_go_on_from_the_one_the_report_showed(course):
    """The report shows a failing check's first hint; `grade hint` then starts at the next one, and says how to
    see the first again. A hint asked for a file whose report was not shown (grade --json) starts at the first."""
    stub = course / "challenges" / CHALLENGES[4] / "main.py"
    stub.write_text(solution(CHALLENGES[4]).read_text().replace(
        "np.sum(dvalues, axis=0, keepdims=True)", "np.sum(dvalues, axis=1, keepdims=True)"))
    report = invoke("5").output
    assert "Each bias gets the sum of its column of dvalues" in report     # the check's first hint
    after = invoke("hint", "5").output
    assert after.startswith("Hint 1 is the one your report shows (grade hint 5 --level 1 shows it again).")
    assert "Hint 2 of 4 for challenge_5_backprop as a whole.\nYour first failing check, " in after
    assert invoke("hint", "5").output.startswith("Hint 3 of 4")
    assert invoke("hint", "5", "--level", "1").output.startswith("Hint 1 of 4")

    stub.write_text(solution(CHALLENGES[4]).read_text().replace(
        "np.dot(self.inputs.T, dvalues)", "np.dot(self.inputs.T, dvalues) * 2"))
    invoke("5", "--json")
    assert invoke("hint", "5").output.startswith("Hint 1 of 4 for challenge_5_backprop, about your first failing "
                                                 "check, dense_backward_dweights.\nThat check: Layer_Dense.backward "
                                                 "sets dweights")


def test_a_level_asked_for_restarts_the_hints_there(course, tmp_path):
    """--level k shows hint k, and the next call without it goes on to k + 1, as the README says: with or without
    --submission."""
    def shown(*arguments):
        return re.search(r"Hint \d+ of \d+(?= for )", invoke("hint", "5", *arguments).output)[0]

    assert [shown(), shown(), shown()] == ["Hint 1 of 4", "Hint 2 of 4", "Hint 3 of 4"]
    assert [shown("--level", "1"), shown(), shown()] == ["Hint 1 of 4", "Hint 2 of 4", "Hint 3 of 4"]
    assert [shown("--level", "2"), shown()] == ["Hint 2 of 4", "Hint 3 of 4"]
    assert [shown("--level", "9"), shown()] == ["Hint 4 of 4", "Hint 4 of 4"]
    learner = planted(tmp_path, CHALLENGES[4], [("np.sum(dvalues, axis=0, keepdims=True)",
                                                 "np.sum(dvalues, axis=1, keepdims=True)")])
    given = ("--submission", str(learner))
    # The file's own report (grade 5 --submission FILE) gave the first hint: the hints go on from the second.
    assert [shown(*given), shown(*given), shown(*given, "--level", "1"), shown(*given)] == [
        "Hint 2 of 4", "Hint 3 of 4", "Hint 1 of 4", "Hint 2 of 4"]


@pytest.mark.parametrize("replaced, replacement, stopped", [
    ("np.dot(self.inputs.T, dvalues)", "np.dot(self.inputs.T, dvalue)", True),                  # NameError
    ("self.dweights = np.dot(self.inputs.T, dvalues)", "self.dweigths = np.dot(self.inputs.T, dvalues)", True),
    ("np.dot(self.inputs.T, dvalues)", "np.dot(self.inputs.T, dvalues) * 2", False),            # the maths
])
def test_a_hint_about_the_maths_says_first_when_the_check_stopped_before_the_maths(
        course, replaced, replacement, stopped):
    stub = course / "challenges" / CHALLENGES[4] / "main.py"
    stub.write_text(solution(CHALLENGES[4]).read_text().replace(replaced, replacement, 1))
    said = invoke("hint", "5").output
    assert "about your first failing check, dense_backward_dweights.\nThat check: Layer_Dense.backward sets " \
        "dweights" in said
    assert ("Your first failing check stopped" in said and "this hint is for what comes after" in said) == stopped, said
    # The challenge's own hints, after the check's, come after the line too: it is what stands in the way.
    assert ("Your first failing check stopped" in invoke("hint", "5", "--level", "3").output) == stopped


def test_the_hint_after_the_one_a_report_showed_still_names_the_line_that_stopped(course):
    """The report gave the check's only hint; `grade hint` goes on to the challenge's own, and says first which line
    stopped the check, as the first hint would have."""
    stub = course / "challenges" / CHALLENGES[0] / "main.py"
    stub.write_text(solution(CHALLENGES[0]).read_text().replace(
        "np.dot(inputs, self.weights) + self.biases", "np.dot(inputs, self.weigths) + self.biases", 1))
    invoke(CHALLENGES[0])
    said = invoke("hint", "1").output
    assert said.startswith("Your first failing check stopped at line "), said
    assert "self.output = np.dot(inputs, self.weigths) + self.biases" in said.splitlines()[0], said
    assert "Hint 1 is the one your report shows" in said and "as a whole" in said, said


@pytest.mark.parametrize("replaced, replacement, line", [
    ("np.dot(dvalues, self.weights.T)", "np.dot(dvalues, self.weights)",
     "self.dinputs = np.dot(dvalues, self.weights)"),
    ("np.dot(self.inputs.T, dvalues)", "np.dot(self.inputs.T, dvalue)",
     "self.dweights = np.dot(self.inputs.T, dvalue)"),
])
def test_a_hint_for_a_check_that_stopped_names_the_line_it_stopped_at(course, replaced, replacement, line):
    """The hint is about what the first failing check computes, which may be right: the line that raised comes
    first, so the learner does not go looking for a mistake in the maths the hint is about."""
    stub = course / "challenges" / CHALLENGES[4] / "main.py"
    stub.write_text(solution(CHALLENGES[4]).read_text().replace(replaced, replacement, 1))
    number = 1 + stub.read_text().splitlines().index(next(text for text in stub.read_text().splitlines()
                                                          if text.strip() == line))
    said = invoke("hint", "5").output
    assert said.startswith(f"Your first failing check stopped at line {number} of your file, before it could judge "
                           f"what it computes: {line}\ngrade 5 shows why. Fix that line first"), said


def test_the_line_a_hint_quotes_is_printable_and_short(course):
    """The line is the learner's own text: shown with its control and bidi characters as escapes, and cut short."""
    stub = course / "challenges" / CHALLENGES[4] / "main.py"
    stub.write_text(solution(CHALLENGES[4]).read_text().replace(
        "np.dot(self.inputs.T, dvalues)", "np.dot(self.inputs.T, dvalue) + 0 * len('\x1b[2J\u202e" + "x" * 400 + "')",
        1))
    said = invoke("hint", "5").output.splitlines()[0]
    assert "\x1b" not in said and "\u202e" not in said and "\\x1b" in said, said
    assert len(said) < 400, said


def test_a_check_that_ran_out_of_time_shows_no_hint_about_what_it_computes():
    """An endless loop, or a slow one: the message says where the code was running, and a hint about the maths
    ("the exponent carries a minus sign") would lead away from it."""
    from grader.results import CheckResult, GradeResult
    from grader.views import render

    check = CheckResult(id="sigmoid", name="sigmoid(inputs) computes 1 / (1 + e^-x) for every value",
                        category="activation", status="timeout", score=0.0, max_score=1.0,
                        message="Your code was still running after 2 s. Your code stopped at line 21: while True:",
                        hint="sigmoid(x) = 1 / (1 + e^-x): the exponent carries a minus sign.")
    result = GradeResult(challenge=CHALLENGES[2], title="Activation functions", chapter="4", submission="main.py",
                         checks=[check])
    assert not check.shows_hint()
    assert "minus sign" not in render.to_text(result) and "minus sign" not in render.to_html(result)


def test_checks_that_ran_out_of_time_at_one_line_are_one_cause_said_once():
    """A debugging print in an endless loop stops every check that calls the function: one cause, said once with
    what it printed, though each check's sentence counts its own characters printed."""
    from grader.results import CheckResult, GradeResult
    from grader.views import render

    where = {"line": 20, "source": 'print("debugging", inputs.shape)', "function": "dense_forward"}
    checks = [CheckResult(id=check_id, name=name, category="shape", status="timeout", score=0.0, max_score=1.0,
                          message=f"Your code was still running after 2 s. It had printed {printed} characters by "
                                  "then. Your code stopped at line 20: print(\"debugging\", inputs.shape)",
                          where=dict(where), output=f"debugging {check_id}\n")
              for check_id, name, printed in (
                  ("dense_forward_shape", "dense_forward returns one row per sample", "3,589,156"),
                  ("two_layer_shape", "two_layer_forward returns its shape", "4,001,003"))]
    result = GradeResult(challenge=CHALLENGES[1], title="Shapes", chapter="2-3", submission="main.py", checks=checks)
    causes = result.shared_causes()
    assert causes["two_layer_shape"].first is checks[0] and causes["dense_forward_shape"].first is checks[0]
    text = render.to_text(result)
    assert 'the same cause as "dense_forward returns one row per sample" above' in text, text
    assert "debugging dense_forward_shape" in text and "debugging two_layer_shape" not in text, text


def test_the_hint_under_a_sigmoid_that_lost_its_minus_sign_asks_about_the_sign():
    """The learner found np.exp; what is missing is the minus of e^-x, and the hint shown beside that mistake asks
    about it rather than about computing e^x."""
    from grader.results import GradeResult
    from grader.views import render

    _, result = grade_planted(CHALLENGES[2], [("1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(inputs))")])
    check = checks_by_id(result)["sigmoid"]
    assert check["mistake"] == "sign_flipped"
    assert "minus sign" in check["hint"] and "-inputs" in check["hint"] and "e^x" not in check["hint"], check
    assert f"Hint: {check['hint']}" in render.to_text(GradeResult.from_dict(result))


def test_a_progress_file_nested_too_deep_or_in_the_way_costs_a_note_not_a_traceback(course):
    state = course / ".nnfs-grade"
    state.mkdir(exist_ok=True)
    (state / "progress.json").write_text("[" * 100_000 + "]" * 100_000)
    assert invoke("hint", "1").exit_code == 0
    (state / "progress.json").unlink()
    (state / "progress.json").mkdir()
    completed = run_grade("hint", "1", cwd=course)
    assert completed.returncode == 0 and "Traceback" not in completed.stderr, completed.stderr
    assert completed.stderr.count("your progress could not be saved") == 1
    assert not (state / "progress.tmp").exists()


def test_the_hints_of_a_challenge_whose_checks_all_pass_say_so(course):
    (course / "challenges" / CHALLENGES[0] / "main.py").write_text(solution(CHALLENGES[0]).read_text())
    shown = invoke("hint", "1")
    assert shown.exit_code == 0 and "as a whole.\nEvery check of your main.py passes already." in shown.output
    # Of another file, the file is what passes.
    other = invoke("hint", "1", "--submission", str(solution(CHALLENGES[0])))
    assert other.exit_code == 0 and "as a whole.\nEvery check of the file passes already." in other.output, \
        other.output


def test_hints_without_a_challenge_are_for_the_next_one_not_done(course):
    (course / "challenges" / CHALLENGES[0] / "main.py").write_text(solution(CHALLENGES[0]).read_text())
    shown = invoke("hint")
    assert shown.exit_code == 0 and shown.output.startswith(f"Hint 1 of 4 for {CHALLENGES[1]}"), shown.output


def test_an_empty_or_endless_check_name_is_refused_with_a_sentence(course):
    empty = invoke("hint", "1", "")
    assert empty.exit_code == 2 and "An empty name names no check of challenge_1_forward_pass" in empty.output
    endless = invoke("hint", "1", "q" * 100_000)
    assert endless.exit_code == 2 and "has no check 'qqq" in endless.output and len(endless.output) < 1000


@pytest.mark.parametrize("progress", [
    {"hints": {"challenge_1_forward_pass, from dense_init_shapes": "x", "challenge_1_forward_pass": None}},
    {"hints": {"challenge_1_forward_pass, from dense_init_shapes": -100, "challenge_1_forward_pass": [1]}},
    {"hints": [], "results": []},
    {"hints": None, "results": {"challenge_1_forward_pass": 5, "challenge_2_shapes": {"key": 1, "passed": "yes"}}},
    {"results": {"challenge_1_forward_pass": {"key": "k", "score": 1, "max_score": 2, "passed": False,
                                              "first_failing": ["dense_init_shapes"]}}},
])
def test_a_progress_file_edited_by_hand_is_forgotten_where_it_is_not_as_written(course, progress):
    state = course / ".nnfs-grade"
    state.mkdir(exist_ok=True)
    (state / "progress.json").write_text(json.dumps(progress))
    hint = invoke("hint", "1")
    assert hint.exit_code == 0 and hint.output.startswith("Hint 1 of "), hint.output
    listed = invoke("list", "--json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)["challenges"][0]["state"] == "not started"


def test_a_remembered_score_that_is_not_a_finite_number_is_forgotten_and_graded_again(course):
    """NaN or Infinity put in the progress file by hand would make `grade list --json` print what no strict JSON
    parser reads."""
    (course / "challenges" / CHALLENGES[0] / "main.py").write_text(solution(CHALLENGES[0]).read_text())
    assert invoke("1").exit_code == 0
    path = course / ".nnfs-grade" / "progress.json"
    progress = json.loads(path.read_text())
    progress["results"][CHALLENGES[0]]["score"] = float("nan")
    progress["results"][CHALLENGES[0]]["max_score"] = float("inf")
    path.write_text(json.dumps(progress))

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    listed = invoke("list", "--json")
    first = json.loads(listed.output, parse_constant=refuse)["challenges"][0]
    assert listed.exit_code == 0 and first["state"] == "done" and first["score"] == first["max_score"] > 0


# --- 8. diagnoses and grammar ------------------------------------------------------------------------

def test_an_exception_in_init_is_one_cause_and_np_zeros_with_two_numbers_is_explained(tmp_path):
    learner = tmp_path / "zeros.py"
    learner.write_text(solution(CHALLENGES[0]).read_text().replace("np.zeros((1, n_neurons))",
                                                                   "np.zeros(1, n_neurons)"))
    result = json.loads(invoke("1", "--submission", learner, "--json").stdout)
    checks = {check["id"]: check for check in result["checks"]}
    assert "take the shape as one tuple: np.zeros((1, n_neurons))" in checks["dense_init_shapes"]["message"]
    from grader.results import GradeResult
    from grader.views import render

    text = render.to_text(GradeResult.from_dict(result))
    # Each check that makes a layer stops at the same line, with its own numbers in NumPy's words: one cause.
    assert text.count("Cannot interpret") == 1 and "The same cause stops" in text, text


def test_an_exception_that_stops_several_checks_gets_no_one_checks_hint(tmp_path):
    learner = tmp_path / "dinputs.py"
    learner.write_text(solution(CHALLENGES[4]).read_text().replace("np.dot(dvalues, self.weights.T)",
                                                                   "np.dot(dvalues, self.weights)", 1))
    from grader.results import GradeResult
    from grader.views import render

    result = GradeResult.from_dict(json.loads(invoke("5", "--submission", learner, "--json").stdout))
    head = render.to_text(result).split("Layer_Dense.backward sets dbiases")[0]
    # The raising line computes dinputs: the dweights check that ran it first has nothing to hint about it.
    assert "needs a's last dimension to equal b's first" in head
    # The count says what the report's last line says: these 4 checks, and the 2 that wait for them.
    assert "The same cause stops 3 more checks below, and the 2 skipped checks that wait for them" in head, head
    assert "it stops 4 checks, and 2 more wait for them" in render.to_text(result).splitlines()[-1]
    assert "Hint:" not in head


def test_a_check_stopped_while_printing_a_lot_names_the_printing(tmp_path):
    learner = tmp_path / "printing.py"
    printing = "def sigmoid(inputs):\n    for step in range(10 ** 8):\n        print('step', step)\n"
    learner.write_text(solution(CHALLENGES[2]).read_text().replace("def sigmoid(inputs):\n", printing, 1))
    check = next(check for check in json.loads(invoke("3", "--submission", learner, "--json", "--check", "sigmoid")
                                               .stdout)["checks"] if check["id"] == "sigmoid")
    assert check["status"] == "timeout" and "printing that much takes time of its own" in check["message"]


def test_nan_is_not_called_an_overflow_and_verbs_agree():
    import numpy as np

    from grader import expect
    from grader.expect import Mismatch

    with np.errstate(invalid="ignore"):
        root_of_negative = np.sqrt(np.array([[1.0, -4.0]]))
    with pytest.raises(Mismatch) as nan:
        expect.array(root_of_negative, [[1.0, 2.0]], "The per-sample losses")
    assert "A value overflowed" not in str(nan.value) and "the square root or log of a negative number" in str(nan.value)
    assert str(nan.value).startswith("The per-sample losses contain 1 NaN")
    with pytest.raises(Mismatch) as infinite:
        expect.array(np.array([[1.0, np.inf]]), [[1.0, 2.0]], "self.output")
    assert "overflow" in str(infinite.value) and str(infinite.value).startswith("self.output contains")
    with pytest.raises(Mismatch) as plural:
        expect.array(np.array([[1.0, 3.0]]), [[1.0, 2.0]], "the weights after each of 3 SGD steps")
    assert str(plural.value).startswith("The weights after each of 3 SGD steps have the right shape")
    with pytest.raises(Mismatch) as singular:
        expect.array(np.array([[1.0, 3.0]]), [[1.0, 2.0]], "The weights array from init_params(4, 6)")
    assert "init_params(4, 6) has the right shape" in str(singular.value)
    with pytest.raises(Mismatch) as clause:
        expect.as_array(np.array(["3", "1"]), "the labels load_image_folder returned")
    assert str(clause.value).startswith("The labels load_image_folder returned are an array of strings")


def test_a_discarded_np_clip_is_named_as_discarded(course, tmp_path):
    learner = tmp_path / "discarded.py"
    learner.write_text(solution(CHALLENGES[3]).read_text().replace(
        "    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n    return np.mean(-np.log(correct_confidences("
        "y_pred_clipped, y_true)))",
        "    np.clip(y_pred, 1e-7, 1 - 1e-7)\n    return np.mean(-np.log(correct_confidences(y_pred, y_true)))"))
    line = learner.read_text().splitlines().index("    np.clip(y_pred, 1e-7, 1 - 1e-7)") + 1
    checks = {check["id"]: check for check in json.loads(invoke("4", "--submission", learner, "--json").stdout)["checks"]}
    message = checks["cce_clipping"]["message"]
    assert f"Line {line} calls np.clip(...) but throws its result away" in message
    assert "clip y_pred with" not in message


@pytest.mark.parametrize("replaced, replacement, meant", [
    ("np.dot(self.inputs.T, dvalues)", "np.dot(self.inputs.T, dvalue)", "name 'dvalue' is not defined. Did you mean: "
                                                                          "'dvalues'?"),
    ("np.dot(self.inputs.T, dvalues)", "np.dott(self.inputs.T, dvalues)", "module 'numpy' has no attribute 'dott'. "
                                                                           "Did you mean: 'dot'?"),
    ("np.dot(self.inputs.T, dvalues)", "np.dot(self.inputs.T, dvalues.T.T).reshape(self.weigths.shap)",
     "'Layer_Dense' object has no attribute 'weigths'. Did you mean: 'weights'?"),
    ("self.dweights = np.dot(self.inputs.T, dvalues)", "self.dweights = dvalues.T.dot(self.inputs).T.reshape("
     "self.weights.shap)", "'numpy.ndarray' object has no attribute 'shap'. Did you mean: 'shape'?"),
    # Read before the line that sets it: not misspelt, and the nearest name, biases, is not what was meant.
    ("self.dweights = np.dot(self.inputs.T, dvalues)", "self.dweights = np.dot(self.inputs.T, dvalues) + "
     "self.dbiases * 0", "'Layer_Dense' object has no attribute 'dbiases'. Layer_Dense.backward sets it, but only "
                         "after this line. Your code stopped at line "),
])
def test_a_misspelt_name_gets_the_name_meant_and_an_unset_attribute_does_not(tmp_path, replaced, replacement, meant):
    _, result = judged(CHALLENGES[4], planted(tmp_path, CHALLENGES[4], [(replaced, replacement)]))
    message = {check["id"]: check for check in result["checks"]}["dense_backward_dweights"]["message"]
    assert f"Your code raised {'NameError' if 'defined' in meant else 'AttributeError'}: {meant}" in message, message


def test_the_last_line_repeats_a_misspelt_name_it_starts_with(tmp_path):
    learner = planted(tmp_path, CHALLENGES[4], [("self.dweights = np.dot", "self.dweigths = np.dot")])
    last = invoke("5", "--submission", learner).output.strip().splitlines()[-1]
    assert last.startswith('Start with "Layer_Dense.backward sets dweights = inputs.T · dvalues": Layer_Dense.'
                           "backward never set self.dweights; it set self.dweigths") and \
        last.endswith("Did you mean self.dweights? Then run grade challenge_5_backprop --submission "
                      f"{learner} again."), last


@pytest.mark.parametrize("challenge, replaced, replacement, check_id, said", [
    # The checks ask for the book's name: the file's near name is the misspelt one.
    (CHALLENGES[0], "def forward(self, inputs):", "def foward(self, inputs):", "dense_forward_shape",
     "'Layer_Dense' object has no attribute 'forward'. It has foward (line 19): the checks look for forward, the "
     "book's name."),
    (CHALLENGES[0], "class Layer_Dense:", "class Layer_dense:", "dense_init_shapes",
     "module 'main' has no attribute 'Layer_Dense'. Your file defines Layer_dense (line 12): the checks look for "
     "Layer_Dense, the book's name."),
    # Set under one name and read under another, both in the file: the constructor's argument is the book's name.
    ("challenge_8_regularization", "self.rate = 1 - rate", "self.rat = 1 - rate", "dropout_drops_the_right_share",
     "'Layer_Dropout' object has no attribute 'rate'. It has rat, which your code sets but never reads, and __init__ "
     "takes rate: is rat a misspelling of rate? Your code stopped at line "),
    # An augmented assignment reads before it writes: it sets nothing, and the name is misspelt.
    ("challenge_6_optimizers", "self.iterations += 1", "self.iteration += 1", "sgd_step",
     "'Optimizer_SGD' object has no attribute 'iteration'. Did you mean: 'iterations'? Your code stopped at line "),
    # += made a local of the misspelt name: Python names it only in its text.
    ("challenge_8_regularization", "regularization_loss += layer.weight_regularizer_l2",
     "regularisation_loss += layer.weight_regularizer_l2", "regularization_loss",
     "cannot access local variable 'regularisation_loss' where it is not associated with a value. Did you mean: "
     "'regularization_loss'? Your code stopped at line "),
    # Read before the line that sets it, in the class whose object it is (not Model.backward, which sets it too),
    # by another object's backward: the layers were walked from the first.
    ("challenge_15_complete_model", "        for layer in reversed(self.layers):", "        for layer in self.layers:",
     "backward", "'Activation_ReLU' object has no attribute 'dinputs'. Activation_ReLU.backward sets it, but had not "
                 "run yet when this line read it: a backward pass walks the layers from the last to the first, for "
                 "layer in reversed(self.layers), so that each is given the dinputs of the one after it, whose "
                 "backward has already run. Your code stopped at line "),
    # Python's own measure: a changed letter and an added one are still near (difflib's ratio would say 0.67).
    (CHALLENGES[2], "inputs, alpha * inputs)", "inputs, alfa * inputs)", "leaky_relu",
     "name 'alfa' is not defined. Did you mean: 'alpha'? Your code stopped at line "),
    (CHALLENGES[2], "np.where(inputs > 0, inputs, alpha * inputs)", "np.where(input > 0, inputs, alpha * inputs)",
     "leaky_relu", "or a name misspelt, such as input (Python's input function) for inputs? Your code stopped at "
                   "line "),
    # No exception: the book's attribute keeps its first value, and the misspelt one is what the object gained.
    ("challenge_6_optimizers", "            self.current_learning_rate = self.learning_rate * (",
     "            self.current_learing_rate = self.learning_rate * (", "sgd_decay",
     "Your Optimizer_SGD has an attribute current_learing_rate, which the book's never has: did you mean "
     "current_learning_rate?"),
    ("challenge_6_optimizers", "self.iterations += 1", "self.iteration = self.iterations + 1", "sgd_step",
     "Your Optimizer_SGD has an attribute iteration, which the book's never has: did you mean iterations?"),
    # Kept on the layer by the optimizer, under another name: the layer gained it, the book's never has it.
    ("challenge_6_optimizers", "layer.weight_momentums = weight_updates", "layer.weight_momentum = weight_updates",
     "sgd_momentum", "Your layer has an attribute weight_momentum, which the book's never has: did you mean "
                     "weight_momentums?"),
    # What predict_label raises is said by its own check, not by the training checks of the same scenario.
    ("challenge_16_real_dataset", "model.predict(prepare(image[np.newaxis]))", "model.predict(prepare(image))",
     "predict_label", "predict_label raised ValueError: shapes (8,8) and (64,128) not aligned: 8 (dim 1) != 64 (dim 0) "
                      "(line "),
])
def test_a_misspelling_is_said_from_the_side_that_knows_the_book_s_name(tmp_path, challenge, replaced, replacement,
                                                                        check_id, said):
    # The first occurrence: Layer_Dense's forward, say.
    _, result = judged(challenge, planted(tmp_path, challenge, [(replaced, replacement)]))
    message = {check["id"]: check for check in result["checks"]}[check_id]["message"]
    assert said in message, message
    assert "This check " not in message   # what the check set up has nothing to do with a name
    # The checks' own look-up of the book's name raised, not the learner's code.
    assert message.startswith("The checks could not find a name they look for: ") is ("the checks look for" in said), \
        message


@pytest.mark.parametrize("challenge, replaced, replacement, check_id, said", [
    # np.dot's shape error names both shapes and gets advice; @'s names neither: the worker finds the operands.
    ("challenge_2_shapes", "return np.dot(inputs, weights) + biases", "return inputs @ weights.T + biases",
     "dense_forward_shape", r"a @ b and np.matmul\(a, b\) need a's last dimension to equal b's first \(b's "
     r"second-to-last, when b has 3 or more dimensions\): here a is inputs, of shape \(\d+, (\d+)\), and b is "
     r"weights\.T, of shape \((\d+), \d+\), so a's last dimension \(\1\) does not equal b's first \(\2\)\. See "
     r"which one needs transposing, or which one is the wrong array\. Your code stopped at line \d+: return inputs @ "
     r"weights\.T \+ biases$"),
    # On a batch of heads .T reverses every axis, not only the last two.
    ("challenge_18_attention", "scores = np.matmul(q, k.swapaxes(-1, -2))", "scores = np.matmul(q, k.T)",
     "attention_forward", r"here a is q, of shape \(\d+, \d+, \d+\), and b is k\.T, of shape \(\d+, \d+, \d+\), so "
     r"a's last dimension \(\d+\) does not equal b's second-to-last \(\d+\)\. See which one needs transposing, or which "
     r"one is the wrong array\. k has 3 or more dimensions, and \.T reverses every axis: to swap only its last two, "
     r"use k\.swapaxes\(-1, -2\)\."),
])
def test_a_matrix_product_s_shape_error_names_its_operands_and_the_dimensions_that_must_agree(
        tmp_path, challenge, replaced, replacement, check_id, said):
    _, result = judged(challenge, planted(tmp_path, challenge, [(replaced, replacement)]))
    message = {check["id"]: check for check in result["checks"]}[check_id]["message"]
    assert message.startswith("Your code raised ValueError: matmul: ") and re.search(said, message), message
    assert "the product's operands:" not in message   # the worker's facts, said in the judge's words


def test_numerical_gradient_is_judged_while_numerical_derivative_fails(tmp_path):
    """The two functions are independent (the stub's numerical_gradient does not call numerical_derivative): a
    wrong derivative leaves the gradient's checks to say what they find, not skipped."""
    challenge = "challenge_11_random_search_and_derivatives"
    _, result = judged(challenge, planted(tmp_path, challenge, [("return (f(x + h) - f(x - h)) / (2 * h)",
                                                                 "return (f(x + h) - f(x)) / h")]))
    checks = {check["id"]: check for check in result["checks"]}
    assert checks["numerical_derivative"]["status"] == "failed"
    assert all(checks[check_id]["status"] == "passed" for check_id in (
        "numerical_gradient", "numerical_gradient_keeps_x", "backward_errors_pass_a_correct_layer")), checks


@pytest.mark.parametrize("replaced, replacement, check_id, said", [
    # The checks read layer.output themselves: the worker's AttributeError says what the forward pass did instead.
    ("    def forward(self, inputs, training=True):\n        self.output = inputs\n\n\nclass Layer_Dense",
     "    def forward(self, inputs, training=True):\n        return inputs\n\n\nclass Layer_Dense", "layer_input",
     "Your code raised AttributeError: 'Layer_Input' object has no attribute 'output'. Layer_Input.forward returns its "
     "result but does not store it: the book's layers set self.output = ... and return nothing."),
    # The learner's own Model.backward reads it: the same words, and its line.
    ("    def backward(self, dvalues):\n        self.dinputs = dvalues.copy()\n\n    def predictions(self, outputs):"
     "\n        return outputs",
     "    def backward(self, dvalues):\n        return dvalues.copy()\n\n    def predictions(self, outputs):"
     "\n        return outputs", "backward",
     "Your code raised AttributeError: 'Activation_Linear' object has no attribute 'dinputs'. "
     "Activation_Linear.backward returns its result but does not store it: the book's layers set self.dinputs = ... "
     "and return nothing. Your code stopped at line "),
])
def test_a_method_that_returns_what_the_book_stores_is_told_so_wherever_the_attribute_is_read(
        tmp_path, replaced, replacement, check_id, said):
    challenge = "challenge_15_complete_model"
    _, result = judged(challenge, planted(tmp_path, challenge, [(replaced, replacement)]))
    message = {check["id"]: check for check in result["checks"]}[check_id]["message"]
    assert message.startswith(said), message


def _without(challenge, start, end, tmp_path):
    """The challenge's solution with the text from `start` up to `end` (or to the end of the file) left out."""
    source = solution(challenge).read_text()
    begin = source.index(start)
    stop = source.index(end, begin) if end else len(source)
    path = tmp_path / "main.py"
    path.write_text(source[:begin] + source[stop:])
    return path


@pytest.mark.parametrize("start, end, check_id, said", [
    # Optimizer_SGD is near Optimizer_Adam, but it is a class the checks look for too: Adam is not written yet.
    ("class Optimizer_Adam", None, "adam",
     "Optimizer_Adam is not defined yet: write it (the checks look for Optimizer_Adam, the book's name)."),
    ("class Optimizer_RMSprop", "class Optimizer_Adam", "rmsprop",
     "Optimizer_RMSprop is not defined yet: write it (the checks look for Optimizer_RMSprop, the book's name)."),
    # A method the checks call is not another's misspelling either (pre_update_params of post_update_params).
    ("    def post_update_params(self):\n        self.iterations += 1\n\n\nclass Optimizer_Adagrad",
     "class Optimizer_Adagrad", "sgd_step",
     "Optimizer_SGD.post_update_params is not defined yet: write it (the checks look for "
     "Optimizer_SGD.post_update_params, the book's name)."),
])
def test_a_name_the_checks_look_for_is_never_offered_as_another_s_misspelling(tmp_path, start, end, check_id, said):
    _, result = judged("challenge_6_optimizers", _without("challenge_6_optimizers", start, end, tmp_path))
    message = {check["id"]: check for check in result["checks"]}[check_id]["message"]
    # Said as the sentence itself: the learner's code raised nothing, the checks' own look-up found nothing.
    assert message == said, message


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_a_name_not_written_yet_is_hinted_with_where_the_stub_has_it_not_how_a_wrong_one_goes_wrong(
        tmp_path, challenge):
    """Under "sigmoid is not defined yet", a hint about the lost minus sign of e^-x helps nobody: what helps is what
    to write and where the stub has it, its TODO; also where that one name stops several checks."""
    from grader.course import checks_of, load_challenge
    from grader.results import GradeResult
    from grader.views import render

    empty = tmp_path / "main.py"
    empty.write_text("")
    _, result = judged(challenge, empty)
    declared = {info.id: info.hint for info in checks_of(load_challenge(ROOT / "challenges" / challenge))}
    stub_lines = (ROOT / "challenges" / challenge / ".pristine" / "main.py").read_text().splitlines()
    missing = {}
    for check in result["checks"]:
        found = re.fullmatch(r"([\w.]+) is not defined yet: .*", check["message"])
        if found:
            missing.setdefault(found[1], check)
            assert check["hint"] != declared[check["id"]], check
    assert missing, result["checks"]
    text = render.to_text(GradeResult.from_dict(result))
    for name, check in missing.items():
        at = re.search(rf"at line (\d+) of challenges/{challenge}/main\.py as the course shipped it", check["hint"])
        assert at and re.match(rf"\s*(class|def) {name.rpartition('.')[2]}\b", stub_lines[int(at[1]) - 1]), check
        assert f"Hint: {check['hint'][:40]}" in text, text


def test_a_file_that_fails_as_it_is_imported_names_the_top_level_line_that_ran_the_function(tmp_path):
    """Demo code left outside `if __name__ == "__main__":` calls a right softmax with a 1-D array: the line inside
    softmax is where it stopped, and the top-level line that called it is what to change."""
    path = tmp_path / "main.py"
    path.write_text(solution(CHALLENGES[2]).read_text()
                    + '\nx = np.array([[1.0, 2.0]])\nprint("softmax:", softmax(x[0]))\n')
    line = len(path.read_text().splitlines())
    _, result = judged(CHALLENGES[2], path)
    message = result["checks"][0]["message"]
    assert message.startswith("Your file could not be imported"), message
    assert message.endswith(f' — in softmax called, as your file was imported, from line {line}: '
                            'print("softmax:", softmax(x[0]))'), message
    assert 'move it into an if __name__ == "__main__": block. Your code stopped at line' in message, message


def test_a_file_saved_as_utf_16_is_told_to_be_saved_as_utf_8(tmp_path):
    path = tmp_path / "main.py"
    path.write_bytes(solution(CHALLENGES[2]).read_text().encode("utf-16"))
    _, result = judged(CHALLENGES[2], path)
    message = result["checks"][0]["message"]
    assert "cannot contain null bytes. A file saved as UTF-16" in message and "save it as UTF-8" in message, message


@pytest.mark.parametrize("comment", ["# positional encoding: sin at 2i, cos at 2i + 1", "# decoding=greedy"])
def test_a_first_line_comment_python_takes_for_an_encoding_declaration_is_explained(tmp_path, comment):
    path = tmp_path / "main.py"
    path.write_text(f"{comment}\n{solution(CHALLENGES[2]).read_text()}")
    _, result = judged(CHALLENGES[2], path)
    message = result["checks"][0]["message"]
    name = comment.split("coding")[1][1:].split()[0].rstrip(",")
    assert f"unknown encoding: {name}" in message and f'(here "{name}") is read by Python as the file\'s encoding ' \
        "declaration (PEP 263): reword that comment" in message, message


def test_a_syntax_error_in_code_the_file_compiles_as_it_is_imported_is_not_said_to_be_the_file_s(tmp_path):
    path = tmp_path / "main.py"
    path.write_text(solution(CHALLENGES[2]).read_text() + '\nexec("x = (")\n')
    _, result = judged(CHALLENGES[2], path)
    message = result["checks"][0]["message"]
    assert "Your code raised SyntaxError: '(' was never closed (<string>, line 1)." in message, message
    assert "cannot read your file" not in message


def test_a_syntax_error_that_code_raises_as_a_check_runs_is_not_said_to_be_the_file_s(tmp_path):
    """Python cannot read a file only as it is imported: a SyntaxError later comes from code the file compiled."""
    path = tmp_path / "main.py"
    path.write_text(solution(CHALLENGES[2]).read_text() + '\n\ndef sigmoid(inputs):\n    exec("x = (")\n')
    _, result = judged(CHALLENGES[2], path)
    message = checks_by_id(result)["sigmoid"]["message"]
    assert message.startswith("Your code raised SyntaxError: ") and "cannot read your file" not in message, message
    assert message.endswith('Your code stopped at line ' + str(len(path.read_text().splitlines())) + ': exec("x = (")')


def test_a_file_that_cannot_be_imported_counts_every_check_once_and_sends_no_skipped_check_elsewhere(tmp_path):
    """Checks skipped after an import failure wait for no other check's fix: each says the import stopped it, and
    the first check's count agrees with the last line's."""
    from grader.results import GradeResult
    from grader.views import render

    path = tmp_path / "main.py"
    path.write_text(solution(CHALLENGES[0]).read_text().replace("self.biases\n", "self.biases)\n", 1))
    _, data = judged(CHALLENGES[0], path)
    result = GradeResult.from_dict(data)
    skipped = sum(check.status == "skipped" for check in result.checks)
    failing = len(result.checks) - skipped
    text = render.to_text(result)
    assert skipped and text.count("(not run: your file could not be imported)") == skipped, text
    assert "first)" not in text, text
    assert (f"The same cause stops {failing - 1} more checks below, and the {skipped} skipped checks that wait for "
            "them") in text, text
    assert f"it stops all {len(result.checks)} checks" in text.splitlines()[-1]
    page = render.to_html(result)
    assert page.count("Not run: your file could not be imported.") == skipped and "first.</div>" not in page
    # So does the JSON result, which Gradescope and GitHub Classroom show.
    assert {check.message for check in result.checks if check.status == "skipped"} == {
        "not run: your file could not be imported"}


@pytest.mark.parametrize("tail, advised", [
    ("\nlayer = Activation_ReLU()\nlayer.forward(np.ones((2, 2)))\nprint(layer.outptu)\n", True),
    ("\nclass Layer_Dropout(Layer_Base):\n    pass\n", False),     # a definition's own fault
    ("\nfrom nnfs.datasets import spiral_dataset\n", False),
])
def test_an_import_stopped_by_top_level_code_advises_the_main_guard_and_one_stopped_by_a_definition_does_not(
        tmp_path, tail, advised):
    """Code left at the top level to try the classes out runs when the grader imports the file: moving it under the
    guard is the fix. A class or an import that fails is the file's own fault, where that advice would mislead."""
    path = tmp_path / "main.py"
    path.write_text(solution(CHALLENGES[0]).read_text() + tail)
    _, result = judged(CHALLENGES[0], path)
    message = result["checks"][0]["message"]
    assert message.startswith("Your file could not be imported"), message
    assert ('if __name__ == "__main__": block' in message) is advised, message


@pytest.mark.parametrize("challenge, replaced, replacement, right, wrong", [
    ("challenge_9_binary_and_regression", "dvalues * (1 - self.output) * self.output",
     "dvalues * (1 - self.outptu) * self.output", ("sigmoid_forward",), ("sigmoid_backward",)),
    ("challenge_9_binary_and_regression", "self.output = 1 / (1 + np.exp(-inputs))",
     "self.output = 1 / (1 + np.exp(-inptus))", ("sigmoid_backward",), ("sigmoid_forward",)),
    ("challenge_13_regularized_training", "self.dinputs = dvalues * self.binary_mask",
     "self.dinputs = dvalues * self.binary_mask_", ("dropout_while_training", "dropout_at_inference"),
     ("dropout_backward_reuses_the_mask",)),
])
def test_a_forward_pass_and_its_backward_pass_are_judged_apart(challenge, replaced, replacement, right, wrong):
    """A misspelling in a backward pass costs the backward pass's checks, not the forward pass's, which is right;
    and a forward pass that raises does not hide a right backward pass."""
    _, result = grade_planted(challenge, [(replaced, replacement)])
    checks = checks_by_id(result)
    assert [checks[check_id]["status"] for check_id in right] == ["passed"] * len(right), result
    assert [checks[check_id]["status"] for check_id in wrong] == ["error"] * len(wrong), result


def test_a_class_that_does_not_inherit_what_the_stubs_class_inherits_is_told_its_base(tmp_path):
    """Book code copied class by class loses a base: "'Loss_CategoricalCrossentropy' object has no attribute
    'calculate'" alone does not say that calculate lives in Loss, which the stub's class inherits."""
    path = planted(tmp_path, "challenge_5_backprop", [("class Loss_CategoricalCrossentropy(Loss):",
                                                        "class Loss_CategoricalCrossentropy:")])
    _, result = judged("challenge_5_backprop", path)
    message = checks_by_id(result)["combined_forward"]["message"]
    assert message.startswith("Your code raised AttributeError: 'Loss_CategoricalCrossentropy' object has no attribute "
                              "'calculate'. In the stub, Loss_CategoricalCrossentropy inherits calculate from Loss: "
                              "declare it as class Loss_CategoricalCrossentropy(Loss): and keep class Loss in your "
                              "file, as the book does. Your code stopped at line "), message


def test_the_base_a_stubs_class_has_an_attribute_from_is_found_through_its_bases():
    from grader.judge.stub_places import inherited_from

    stub = (b"class Base:\n    def calculate(self):\n        pass\n    scale = 2\n"
            b"class Middle(Base):\n    pass\n"
            b"class Loss(Middle):\n    def forward(self):\n        pass\n"
            b"class Own(Base):\n    def calculate(self):\n        pass\n")
    assert inherited_from(stub, "Loss", "calculate") == "Base"
    assert inherited_from(stub, "Loss", "scale") == "Base"
    assert inherited_from(stub, "Own", "calculate") is None      # its own, not inherited
    assert inherited_from(stub, "Loss", "forward") is None
    assert inherited_from(stub, "Loss", "backward") is None
    assert inherited_from(stub, "Nobody", "calculate") is None
    assert inherited_from(b"class (:", "Loss", "calculate") is None


def test_the_names_the_checks_look_for_are_read_as_shipped_whatever_the_learners_file_did_to_ast(tmp_path):
    """The worker reads the stub's names only when a failure needs them, after the learner's code ran: a file that
    replaced what reading them would use still gets the sentence."""
    path = _without("challenge_6_optimizers", "class Optimizer_Adam", None, tmp_path)
    path.write_text("import ast, base64\n\n\ndef _broken(*args, **kwargs):\n    raise RuntimeError('replaced')\n\n\n"
                    "ast.parse = base64.b64decode = _broken\nast.FunctionDef = ast.ClassDef = type('Other', (), {})\n"
                    + path.read_text())
    _, result = judged("challenge_6_optimizers", path)
    message = {check["id"]: check for check in result["checks"]}["adam"]["message"]
    assert message == ("Optimizer_Adam is not defined yet: write it (the checks look for Optimizer_Adam, the book's "
                       "name)."), message


def test_a_file_that_replaced_the_builtin_exceptions_still_gets_its_exceptions_message(tmp_path):
    """Looking for the names the checks look for must not cost a learner's file the message of its own exception."""
    path = _without("challenge_6_optimizers", "class Optimizer_Adam", None, tmp_path)
    path.write_text("import builtins\n\nbuiltins.NameError = builtins.AttributeError = None\n" + path.read_text())
    _, result = judged("challenge_6_optimizers", path)
    message = {check["id"]: check for check in result["checks"]}["adam"]["message"]
    assert "Optimizer_Adam" in message and "could not be shown" not in message, message


@pytest.mark.parametrize("challenge, replaced, replacement, check_id, said", [
    ("challenge_6_optimizers", "class Optimizer_Adam:", "class Optimizer_adam:", "adam",
     "module 'main' has no attribute 'Optimizer_Adam'. Your file defines Optimizer_adam (line 108): the checks look "
     "for Optimizer_Adam, the book's name."),
    (CHALLENGES[0], "class Activation_ReLU:", "class Activation_Relu:", "relu_forward",
     "module 'main' has no attribute 'Activation_ReLU'. Your file defines Activation_Relu (line 23): the checks look "
     "for Activation_ReLU, the book's name."),
])
def test_a_misspelt_class_is_still_named_beside_the_classes_the_checks_look_for(tmp_path, challenge, replaced,
                                                                                replacement, check_id, said):
    _, result = judged(challenge, planted(tmp_path, challenge, [(replaced, replacement)]))
    check = {check["id"]: check for check in result["checks"]}[check_id]
    assert said in check["message"] and check["mistake"] == "misspelt_name", check


@pytest.mark.parametrize("challenge, owner, attribute, misspelt, check_id", [
    (CHALLENGES[4], "Layer_Dense.backward", "dweights", "dweigths", "dense_backward_dweights"),
    (CHALLENGES[4], "Layer_Dense.backward", "dbiases", "dbaises", "dense_backward_dbiases"),
    (CHALLENGES[4], "Layer_Dense.backward", "dinputs", "dinput", "dense_backward_dinputs"),
    (CHALLENGES[0], "Layer_Dense.forward", "output", "ouptut", "dense_forward_shape"),
    (CHALLENGES[0], "Activation_ReLU.forward", "output", "outputs", "relu_forward"),
])
def test_an_attribute_set_under_another_spelling_is_named_and_the_reference_s_own_are_not(
        tmp_path, challenge, owner, attribute, misspelt, check_id):
    """self.dweigths is nearer to weights, which the book's Layer_Dense sets too, than to dweights."""
    learner = tmp_path / "main.py"
    source = solution(challenge).read_text()
    start = source.index(f"class {owner.split('.')[0]}")
    body = source[start:source.find("\nclass ", start + 1)]
    assert body.count(f"self.{attribute} = ") == 1
    learner.write_text(source.replace(body, body.replace(f"self.{attribute} = ", f"self.{misspelt} = ")))
    _, result = judged(challenge, learner)
    message = {check["id"]: check for check in result["checks"]}[check_id]["message"]
    assert message == (f"{owner} never set self.{attribute}; it set self.{misspelt}, a name the book's code never "
                       f"reads. Did you mean self.{attribute}?")


@pytest.mark.parametrize("owner, attribute, misspelt, value_check, gradient_check", [
    ("Layer_Dense", "dweights", "dweigths", "dense_backward_dweights", "dense_backward_gradcheck"),
    ("Layer_Dense", "dbiases", "dbaises", "dense_backward_dbiases", "dense_backward_gradcheck"),
    ("Activation_ReLU", "dinputs", "dinput", "relu_backward", "relu_backward_gradcheck"),
    ("Activation_Softmax_Loss_CategoricalCrossentropy", "dinputs", "dinptus", "combined_backward",
     "combined_backward_gradcheck"),
])
def test_a_gradient_stored_under_another_name_is_one_cause_without_a_hint_about_the_maths(
        tmp_path, owner, attribute, misspelt, value_check, gradient_check):
    from grader.results import GradeResult
    from grader.views import render

    learner = tmp_path / "main.py"
    source = solution(CHALLENGES[4]).read_text()
    start = source.index(f"\nclass {owner}:")
    body = source[start:source.find("\nclass ", start + 1)]
    # Misspelt the same way wherever the method uses it, so that nothing raises.
    learner.write_text(source.replace(body, body.replace(f"self.{attribute}", f"self.{misspelt}")))
    _, data = judged(CHALLENGES[4], learner)
    checks = {check["id"]: check for check in data["checks"]}
    assert checks[value_check]["message"] == checks[gradient_check]["message"], data
    assert f"it set self.{misspelt}" in checks[gradient_check]["message"]
    result = GradeResult.from_dict(data)
    assert result.shared_causes()[gradient_check][0].id == value_check
    # The name is the mistake: the checks' hints ask about the maths.
    alone = render.to_text(GradeResult.from_dict({**data, "checks": [checks[value_check], checks[gradient_check]]}))
    assert "Hint:" not in alone and checks[value_check]["hint"], alone


@pytest.mark.parametrize("replaced, replacement, said", [
    # A second dense layer, never given to the optimizer: every layer of a kind is looked at, not only the first.
    ("Layer_Flatten(),\n              Layer_Dense(128, 10)]",
     "Layer_Flatten(),\n              Layer_Dense(128, 32), Activation_ReLU(), Layer_Dense(32, 10)]",
     "The weights of the second of the 2 dense layers train builds (Layer_Dense) did not change in the 16 steps: "
     "call optimizer.update_params on it at every step"),
    ("        optimizer.update_params(layers[4])\n", "",
     "The weights of the dense layer (Layer_Dense) did not change in the 16 steps: call optimizer.update_params on "
     "it at every step"),
])
def test_a_layer_never_updated_is_named_whichever_of_its_kind_it_is(tmp_path, replaced, replacement, said):
    challenge = "challenge_17_convolution"
    _, result = judged(challenge, planted(tmp_path, challenge, [(replaced, replacement)]))
    check = checks_by_id(result)["training_recipe"]
    assert check["status"] == "failed" and check["message"].startswith(said), check


def test_checks_whose_code_relies_on_a_failing_one_say_to_fix_that_one_first(tmp_path):
    """Challenge 17's im2col, col2im and layer call output_size: one wrong formula is one thing to fix."""
    from grader.results import GradeResult
    from grader.views import render

    learner = planted(tmp_path, CHALLENGES[16], [("return (size + 2 * padding - kernel_size) // stride + 1",
                                                  "return (size + padding - kernel_size) // stride + 1")])
    _, data = judged(CHALLENGES[16], learner)
    checks = {check["id"]: check for check in data["checks"]}
    assert "counted on one side only" in checks["output_size"]["message"]
    followers = {"conv_loops_stride_padding", "im2col", "conv_forward", "col2im", "conv_backward_dweights",
                 "conv_backward_dbiases", "conv_backward_dinputs"}
    assert {check_id for check_id, check in checks.items() if check.get("follows") == "output_size"} == followers
    for check_id in followers:   # failed or raised, as they did, and no mistake or line of their own
        assert checks[check_id]["status"] in ("failed", "error") and checks[check_id]["score"] == 0
        assert checks[check_id]["message"].startswith('This check fails too, but its code relies on what '
                                                      '"output_size(size, kernel_size, stride, padding) counts')
        assert "mistake" not in checks[check_id] and "where" not in checks[check_id]
        assert "grade again" not in checks[check_id]["message"]   # grade watch grades again by itself
    # conv2d_loops without padding or stride does not meet the wrong formula: it passes.
    assert checks["conv_loops"]["status"] == "passed" and "follows" not in checks["conv_loops"]
    text = render.to_text(GradeResult.from_dict(data))
    assert "7 more checks below rely on it and fail too: fix this first." in text
    assert text.count("(this check's code relies on \"output_size(size, kernel_size, stride, padding)") == 7
    assert "fixing it once fixes" not in text


@pytest.mark.parametrize("challenge", ["challenge_10_model", "challenge_15_complete_model"])
def test_a_correct_train_that_prints_its_own_lines_at_every_step_passes(tmp_path, challenge):
    """Only the first 2,000 characters of a text reach the judge: debug lines must not push out the book's."""
    learner = planted(tmp_path, challenge, [("            for step in range(train_steps):\n",
                                             "            for step in range(train_steps):\n"
                                             "                print('debug', 'x' * 300)\n")])
    status, result = judged(challenge, learner)
    assert status == 0 and result["passed"], [check["message"] for check in result["checks"]
                                              if check["status"] != "passed"]


def test_the_challenge_4_example_shows_the_stubs_bugs():
    stub_run = subprocess.run([sys.executable, "main.py"], cwd=shipped_course() / "challenges" / CHALLENGES[3],
                              capture_output=True, text=True, timeout=60)
    solved = subprocess.run([sys.executable, "main.py"], cwd=ROOT / "solutions" / CHALLENGES[3],
                            capture_output=True, text=True, timeout=60)
    accuracy = {run: next(line for line in run.stdout.splitlines() if line.startswith("accuracy:"))
                for run in (stub_run, solved)}
    assert accuracy[solved].startswith("accuracy: 0.6 ") and not accuracy[stub_run].startswith("accuracy: 0.6 ")


# --- 9. the HTML report -------------------------------------------------------------------------------

def _check_div(html, challenge, check_id):
    start = html.index(f'id="{challenge}-{check_id}"')
    return html[start:html.find('<div class="check', start + 1)]


def test_html_pictures_sit_under_the_failing_check(course, tmp_path):
    learner = tmp_path / "alpha_ignored.py"
    learner.write_text(solution(CHALLENGES[2]).read_text().replace("alpha * inputs", "0.01 * inputs"))
    page = tmp_path / "report.html"
    invoke("3", "--submission", learner, "--html", page)
    html = page.read_text()
    check = _check_div(html, CHALLENGES[2], "leaky_relu_alpha")
    assert "alpha=0.2 was ignored" in check and "Your leaky_relu(x, alpha=0.2) over" in check
    assert "<svg" not in _check_div(html, CHALLENGES[2], "leaky_relu")

    wrong_forward = tmp_path / "wrong_forward.py"
    wrong_forward.write_text(solution(CHALLENGES[0]).read_text().replace(
        "np.dot(inputs, self.weights) + self.biases", "np.dot(inputs, self.weights) - self.biases"))
    invoke("1", "--submission", wrong_forward, "--html", page)
    html = page.read_text()
    assert "The class your network predicts" in _check_div(html, CHALLENGES[0], "dense_forward")


def test_html_header_counts_badges_scales_the_heat_map_and_shows_no_local_path(course, tmp_path):
    page = tmp_path / "stub.html"
    invoke("3", "--html", page)
    header = page.read_text().split("<header>")[1].split("</header>")[0]
    assert '<span class="badge">TODO</span> 3' in header and "failed" not in header

    learner = tmp_path / "private" / "dbiases_doubled.py"
    learner.parent.mkdir()
    learner.write_text(solution(CHALLENGES[4]).read_text().replace(
        "np.sum(dvalues, axis=0, keepdims=True)", "np.sum(dvalues, axis=0, keepdims=True) * 2"))
    invoke("5", "--submission", learner, "--html", page)
    html = page.read_text()
    assert "difference</text>" in html and 'id="heat-scale"' in html
    assert str(tmp_path) not in html and os.path.expanduser("~") + "/" not in html
    assert "dbiases_doubled.py" in html


# --- 10. the command line ----------------------------------------------------------------------------

def test_names_as_a_learner_types_them(course):
    assert invoke("challenge_1", "--json").stdout and json.loads(
        invoke("challenge_1", "--json").stdout)["challenge"] == CHALLENGES[0]
    completed = json.loads(invoke("challenges/challenge_5_backprop/", "--json").stdout)
    assert completed["challenge"] == "challenge_5_backprop"
    assert json.loads(invoke("./challenges/challenge_3_activations/main.py", "--json").stdout)[
        "challenge"] == CHALLENGES[2]


def test_a_bare_grade_inside_a_challenge_folder_grades_that_challenge(course, monkeypatch):
    _solve(course, 1)
    monkeypatch.chdir(course / "challenges" / CHALLENGES[3])
    assert json.loads(invoke("--json").stdout)["challenge"] == CHALLENGES[3]


def test_a_bare_grade_grades_the_next_challenge_once(course, monkeypatch):
    from grader.judge import grading

    _solve(course, 1)
    stub = course / "challenges" / CHALLENGES[1] / "main.py"
    stub.write_text(stub.read_text() + "\n# started\n")
    graded = []
    real = grading.grade
    monkeypatch.setattr(grading, "grade", lambda challenge, *a, **k: graded.append(challenge.name) or real(
        challenge, *a, **k))
    result = invoke()
    assert result.exit_code == 1 and f"{CHALLENGES[1]}: " in result.output
    assert graded == [CHALLENGES[0], CHALLENGES[1]]      # the solved one once to know it is done, then the next


def test_a_negative_number_names_no_check_subcommand(course):
    result = invoke("-1")
    assert result.exit_code == 2
    assert "check" not in result.output and "numbered from 1" in result.output
    listed = invoke("--help").output.split("Commands:")[1].split()
    assert "check" not in listed and "check*" not in listed
    assert invoke("3", "--help", prog_name="grade").output.startswith("Usage: grade [OPTIONS] [CHALLENGE]")


def test_long_lines_wrap_to_the_terminal_and_check_ids_show(course, tmp_path):
    from grader.results import GradeResult
    from grader.views import render

    learner = tmp_path / "alpha_ignored.py"
    learner.write_text(solution(CHALLENGES[2]).read_text().replace("alpha * inputs", "0.01 * inputs"))
    result = GradeResult.from_dict(json.loads(invoke("3", "--submission", learner, "--json").stdout))
    wrapped = render.to_text(result, columns=70)
    assert max(map(len, wrapped.splitlines())) <= 70
    # The check's one hint is the one the report shows: no "More hints" line sends the learner for it again.
    assert "Use the alpha argument" in " ".join(wrapped.split()) and "More hints" not in wrapped
    assert max(map(len, render.to_text(result).splitlines())) > 70      # not a terminal: left whole
    as_batch = (tmp_path / "as_batch.py")
    as_batch.write_text(solution(CHALLENGES[1]).read_text().replace("np.asarray(x)", "x", 1))
    more = render.to_text(GradeResult.from_dict(json.loads(invoke("2", "--submission", as_batch, "--json").stdout)),
                          columns=70)
    assert "More hints: grade hint 2 as_batch_sample" in " ".join(more.split())


def test_time_messages_state_the_limit(course, tmp_path):
    # Every scenario that calls the endless sigmoid spins until the limit: a short one spins less.
    with_limits(course, CHALLENGES[2], check_seconds=0.5)
    learner = tmp_path / "hangs.py"
    learner.write_text("def sigmoid(inputs):\n    while True:\n        pass\n")
    checks = {check["id"]: check for check in json.loads(invoke("3", "--submission", learner, "--json").stdout)["checks"]}
    assert checks["sigmoid"]["status"] == "timeout"
    assert "after 0.5 s (the limit) while this check ran it, and was stopped" in checks["sigmoid"]["message"]


def test_python_main_py_of_every_stub_ends_without_a_traceback():
    for name in CHALLENGES:
        ran = subprocess.run([sys.executable, "main.py"], cwd=shipped_course() / "challenges" / name,
                             capture_output=True, text=True, timeout=120)
        assert "Traceback" not in ran.stderr, name


def test_challenge_9_backward_checks_do_not_wait_for_a_broken_forward(course, tmp_path):
    source = solution(CHALLENGES[8]).read_text()
    start = source.index("class Loss_MeanSquaredError")
    forward = source.index("\n", source.index("def forward", start)) + 1
    learner = tmp_path / "forward_raises.py"
    learner.write_text(source[:forward] + "        raise ValueError('not yet')\n" + source[forward:])
    checks = {check["id"]: check for check in json.loads(invoke("9", "--submission", learner, "--json").stdout)["checks"]}
    assert checks["mse_forward"]["status"] == "error" and checks["mse_backward"]["status"] == "passed"


def test_list_has_a_header_aligned_columns_and_a_total(course):
    _solve(course, 1)
    lines = invoke("list").output.splitlines()
    header, rows = lines[0], lines[1:1 + len(CHALLENGES)]
    assert header.split() == ["#", "challenge", "chapter", "score", "state"]
    assert len({row.index("ch. ") for row in rows}) == 1 and len({row.index("/") for row in rows}) == 1
    assert f"1 of {len(CHALLENGES)} done." in lines


def test_the_list_is_laid_out_and_coloured_as_it_always_was():
    """The overview is written without a template or click: its columns, notes and colours, byte for byte, are
    those the Jinja2 template and click.style gave."""
    import click

    from grader.learner.overview import Standing
    from grader.views import render

    def challenge(number, name, chapter):
        return types.SimpleNamespace(number=number, name=name, chapter=chapter, summary=f"Do {name}.")

    first, second, third = (challenge(1, "challenge_1_forward_pass", "2-5"), challenge(2, "challenge_2_shapes", "2-3"),
                            challenge(12, "challenge_12_validation", "12-13"))
    rows = [Standing(first, 19.0, 19.0, "done"), Standing(second, 2.5, 11.0, "in progress"),
            Standing(third, 0.0, 10.0, "missing")]
    lines = ["   #  challenge                 chapter        score  state",
             "   1  challenge_1_forward_pass  ch. 2-5      19/19    done",
             "→  2  challenge_2_shapes        ch. 2-3     2.5/11    in progress",
             "  12  challenge_12_validation   ch. 12-13     0/10    missing",
             "", "1 of 3 done.",
             "challenge_12_validation has no main.py: run grade reset 12 to restore the stub as shipped."]
    upcoming = "Next: grade challenge_2_shapes   (Do challenge_2_shapes.)"
    assert render.standings_text(rows, second) == "\n".join([*lines, upcoming]) + "\n"
    assert render.standings_text(rows, None) == "\n".join([*lines[:2], " " + lines[2][1:], *lines[3:]]) + "\n"
    assert render.standings_text(rows[:1], None).endswith("1 of 1 done.\nEvery challenge is done. Well done!\n")

    def style(text, colour, bold=True):
        return click.style(text, fg=colour, bold=bold)

    coloured = render.standings_text(rows + [Standing(challenge(3, "challenge_3_activations", "4"), 0, 11.0,
                                                      "not started")], second, colour=True).splitlines()
    assert coloured[1] == f"{style(' ', 'green')}{lines[1][1:-4]}{style('done', 'green')}"
    assert coloured[2] == f"{style('→', 'green')}{lines[2][1:-11]}{style('in progress', 'yellow')}"
    assert coloured[3] == f"{style(' ', 'green')}{lines[3][1:-7]}{style('missing', 'red')}"
    assert coloured[4].endswith(style("not started", "bright_black", bold=False))


# --- 1 and 6. grade watch, in a real terminal ---------------------------------------------------------

class Terminal:
    """A program running in a tmux terminal of its own (its own server socket), read as the learner sees it."""

    def __init__(self, command, cwd, env=None):
        if shutil.which("tmux") is None:
            pytest.skip("tmux is not installed")
        self.socket = f"nnfs-grade-test-{os.getpid()}-{time.monotonic_ns()}"
        variables = [f"{key}={value}" for key, value in (env or {}).items()]
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "200",
                        "-c", str(cwd), "env", *variables, *command, ";", "set-option", "remain-on-exit", "on"],
                       check=True)

    def screen(self):
        return subprocess.run(["tmux", "-L", self.socket, "capture-pane", "-p", "-J"], capture_output=True,
                              text=True).stdout

    def wait_for(self, *texts, seconds=90):
        deadline = time.monotonic() + seconds
        while True:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{texts} did not appear on the screen:\n{screen}")
            time.sleep(0.2)

    def press(self, *keys):
        subprocess.run(["tmux", "-L", self.socket, "send-keys", *keys], check=True)

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal():
    opened = []
    yield lambda *args, **kwargs: opened.append(Terminal(*args, **kwargs)) or opened[-1]
    for each in opened:
        each.close()


def _save(path, text):
    """Write as an editor does: the file is replaced by its new content in one step."""
    temporary = path.with_name(".main.py.swp")
    temporary.write_text(text)
    os.replace(temporary, path)


# Confined, the file cannot write where the test reads; a process carrying the marker says grading began.
SLOW_TO_IMPORT = '''
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", {marker!r}], process_group=0)
time.sleep(2)

def sigmoid(inputs):
    return inputs
'''


def test_watch_ends_on_the_last_save_after_two_quick_saves(course, terminal):
    stub = course / "challenges" / CHALLENGES[2] / "main.py"
    marker = f"nnfs-test-{uuid.uuid4().hex}"
    screen = terminal([sys.executable, "-m", "grader", "watch", "3"], course)
    screen.wait_for("Waiting for main.py to change")
    _save(stub, SLOW_TO_IMPORT.format(marker=marker))
    _wait_until(lambda: _marked(marker))  # the first save is being graded ...
    _save(stub, solution(CHALLENGES[2]).read_text())   # ... when the second one lands
    # The line after the report, not only the report: an earlier "Waiting for main.py to change" may still show.
    shown = screen.wait_for("All 11 checks passed", "Every check of challenge_3_activations passes",
                            "Waiting for main.py to change")
    # Challenges 1 and 2 come first in the course and are not done in a fresh copy.
    assert "Every check of challenge_3_activations passes. Next: grade watch 1" in shown
    time.sleep(2.5)                      # a watch that lagged one save behind would now show the first
    assert "All 11 checks passed" in screen.screen()


def test_watch_reports_todo_to_fail_and_never_says_run_grade_again(course, terminal):
    stub = course / "challenges" / CHALLENGES[2] / "main.py"
    screen = terminal([sys.executable, "-m", "grader", "watch", "3"], course)
    first = screen.wait_for("Waiting for main.py to change")
    # The last sentence is wrapped to the terminal's width, wherever its words fall.
    assert "TODO" in first and "save main.py and it is graded again" in " ".join(first.split())
    # Nor, in a TODO's sentence, that the learner should grade again: watch does.
    assert "grade again" not in " ".join(first.split()), first
    _save(stub, stub.read_text().replace('    # TODO: return the sigmoid of inputs.\n    raise NotImplementedError',
                                         "    return inputs"))
    shown = screen.wait_for("TODO → FAIL: sigmoid(inputs) computes")
    assert "run grade" not in shown and "No check changed" not in shown


def test_watch_says_first_that_a_save_stopped_the_file_importing(course, terminal):
    """The cause, and where, right after the report's last word; the checks it stops counted, not listed one by one,
    which would push it off the screen."""
    _solve(course, 3)
    stub = course / "challenges" / CHALLENGES[2] / "main.py"
    screen = terminal([sys.executable, "-m", "grader", "watch", "3"], course)
    screen.wait_for("All 11 checks passed", "Waiting for main.py to change")
    _save(stub, stub.read_text() + "\ndef broken(:\n    pass\n")
    line = stub.read_text().splitlines().index("def broken(:") + 1
    shown = screen.wait_for("do not pass now.\nWaiting for main.py to change")
    after = shown[shown.index("0 of 11 checks passed"):]
    assert (f"it stops all 11 checks, from \"sigmoid(inputs) computes 1 / (1 + e^-x) for every value\" on. Then save "
            f"main.py and it is graded again. Your file no longer imports: Python stops at line {line} of your file, "
            "`def broken(:` (SyntaxError). No check can run until it does: that alone is why 11 checks that passed "
            "before do not pass now. Waiting for main.py to change") in " ".join(after.split()), after
    assert "Newly failing" not in after and "Now skipped" not in after, after


def test_watch_without_a_challenge_follows_the_course(course, terminal):
    _solve(course, 1)
    screen = terminal([sys.executable, "-m", "grader", "watch"], course)
    screen.wait_for(f"{CHALLENGES[1]}:", "Waiting for main.py to change")
    _solve(course, 2)
    screen.wait_for(f"Every check of {CHALLENGES[1]} passes. Next: {CHALLENGES[2]}, watched from now on.")
    screen.wait_for(f"{CHALLENGES[2]}:", "0 of 11 checks passed")
    screen.press("C-c")
    screen.wait_for("Stopped watching.")


def test_hints_follow_the_first_failing_check_of_the_file_given_with_submission(course, tmp_path):
    learner = planted(tmp_path, CHALLENGES[4], [("np.sum(dvalues, axis=0, keepdims=True)",
                                                 "np.sum(dvalues, axis=1, keepdims=True)")])
    said = invoke("hint", "5", "--submission", learner).output
    # The file's report, grade 5 --submission FILE, showed the check's first hint: this is the next.
    assert said.startswith("Hint 1 is the one your report shows") and "Hint 2 of " in said, said
    said = invoke("hint", "5", "--submission", learner, "--level", "1").output
    assert "about your first failing check, dense_backward_dbiases.\nThat check: Layer_Dense.backward sets " \
        "dbiases" in said, said
    stopped = planted(tmp_path, CHALLENGES[4], [("self.dweights = ", "self.dweigths = ")], name="typo.py")
    said = invoke("hint", "5", "--submission", stopped).output
    assert f"grade 5 --submission {stopped} shows where" in said, said
    missing = invoke("hint", "5", "--submission", tmp_path / "none.py")
    assert missing.exit_code == 2 and "There is no file" in missing.output
    # What grade itself refuses, hint says as grade does.
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "broken.ipynb").write_text('{"cells": 1}')
    for refused, said in (("pipe.py", "is a named pipe (FIFO)"), ("broken.ipynb", "cannot be read as a Jupyter")):
        result = invoke("hint", "5", "--submission", tmp_path / refused)
        assert result.exit_code == 2 and said in result.output and "Traceback" not in result.output, result.output


@pytest.mark.parametrize("content, held", [(b"", "is empty (0 bytes)"), (b"\n   \n\t\n", "holds nothing but blank lines")])
def test_a_file_with_no_code_says_so_above_its_checks(tmp_path, content, held):
    """An empty main.py (an editor that never saved, a file uploaded empty) fails every check with "not defined";
    one note says what is wrong with the file itself."""
    path = tmp_path / "main.py"
    path.write_bytes(content)
    status, result = judged("challenge_3_activations", path)
    assert status == 1 and result["notes"] == [
        f"The file graded {held}: there was no code to check. Was the work saved in this file, under this name?"]
    _, solved = judged("challenge_3_activations", solution("challenge_3_activations"))
    assert not any("no code to check" in note for note in solved["notes"])


def test_an_empty_main_py_of_the_learner_s_own_is_told_how_to_get_the_stub_back(course):
    """The learner's own challenges/<challenge>/main.py can be put back as shipped; the note names the command
    with this challenge's number (a file graded from anywhere else is someone's file, and gets no such advice)."""
    (course / "challenges" / CHALLENGES[2] / "main.py").write_text("")
    graded = invoke("3")
    assert graded.exit_code == 1
    assert ("there was no code to check. Was the work saved in this file, under this name? To start again from the "
            "stub, run grade reset 3 (it backs this file up first).") in " ".join(graded.output.split()), graded.output
    # As said, it gives back the stub, which grades as not started.
    assert invoke("reset", "3", "--yes").exit_code == 0
    assert "Not started" in invoke("3").output


def test_dropout_writing_into_its_inputs_is_named_once_and_not_blamed_on_the_training_flag():
    """With inputs *= mask, activation1.output becomes the dropped values: the network's check would read that as
    dropout run without training=True. It waits for the check of the arguments kept, which names the real fault."""
    _, result = grade_planted("challenge_13_regularized_training", [
        ("self.output = inputs * self.binary_mask", "inputs *= self.binary_mask\n        self.output = inputs")])
    checks = checks_by_id(result)
    assert checks["dropout_keeps_its_arguments"]["status"] == "failed"
    assert "Multiply into a new array" in checks["dropout_keeps_its_arguments"]["message"]
    assert checks["network_forward_while_training"]["status"] == "skipped"
    assert not any("without training=True" in check["message"] for check in result["checks"])


@pytest.mark.parametrize("encoding, coding_line, noted", [
    ("cp1252", "", True), ("utf-8", "", False), ("latin-1", "# -*- coding: latin-1 -*-\n", False),
    ("cp1252", "# coding: utf-8\n", False)])
def test_a_file_python_imports_but_would_not_run_as_a_script_is_graded_with_a_note(tmp_path, encoding, coding_line,
                                                                                   noted):
    """A comment saved in Windows-1252 is no UTF-8: Python's import never decodes it, so the checks pass, but
    `python main.py` refuses the file; the result says so, naming the byte and its line. With a coding line,
    Python runs the file as it imports it, and there is no note."""
    source = solution(CHALLENGES[0]).read_text().replace("import numpy as np", "# café, naïve\nimport numpy as np", 1)
    submission = tmp_path / "main.py"
    submission.write_bytes((coding_line + source).encode(encoding))
    runs = subprocess.run([sys.executable, str(submission)], capture_output=True, text=True, cwd=tmp_path)
    assert ("SyntaxError" in runs.stderr) == noted, runs.stderr
    status, result = judged(CHALLENGES[0], submission)
    assert status == 0 and all(check["status"] == "passed" for check in result["checks"])
    line = source.splitlines().index("# café, naïve") + 1 + bool(coding_line)
    said = [note for note in result["notes"] if "is not UTF-8 text" in note]
    assert said == ([f"main.py is not UTF-8 text: its byte 0xe9 on line {line} (an accented letter saved in another "
                     "encoding, such as Windows-1252) makes `python main.py` refuse to run it, though grade could "
                     "import it. Save it as UTF-8 (your editor's encoding setting)."] if noted else []), result["notes"]
