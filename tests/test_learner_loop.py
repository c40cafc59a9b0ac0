"""The learner's loop: list, grade with no argument, hint, reset and watch, on a copy of the course."""
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from helpers import CHALLENGES, COURSE_ORDER, alive, copy_course, run_grade


@pytest.fixture
def course(tmp_path):
    """A fresh clone's worth of the course, for commands that write into it."""
    return copy_course(tmp_path)


def _solve(course, challenge):
    shutil.copy(course / "solutions" / challenge / "main.py", course / "challenges" / challenge / "main.py")


def _states(course):
    completed = run_grade("list", "--json", cwd=course)
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    return {row["challenge"]: row["state"] for row in data["challenges"]}, data["next"]


def test_list_on_a_fresh_clone_shows_everything_not_started(course):
    states, upcoming = _states(course)
    assert list(states) == COURSE_ORDER
    assert set(states.values()) == {"not started"}
    assert upcoming == COURSE_ORDER[0]
    text = run_grade("list", cwd=course, env={"NO_COLOR": "1"}).stdout
    assert f"→  1  {COURSE_ORDER[0]}" in text and f"Next: grade {COURSE_ORDER[0]}" in text


def test_list_says_a_graded_stub_was_graded(course):
    # Graded as shipped, the stub scored its 0: the list says so, where a stub never graded is only not started.
    assert run_grade(CHALLENGES[0], "--json", cwd=course).returncode == 1
    completed = run_grade("list", "--json", cwd=course)
    rows = {row["challenge"]: row for row in json.loads(completed.stdout)["challenges"]}
    assert rows[CHALLENGES[0]]["state"] == "not started" and rows[CHALLENGES[0]]["graded"] is True
    assert not any("graded" in rows[challenge] for challenge in CHALLENGES[1:])
    text = run_grade("list", cwd=course, env={"NO_COLOR": "1"}).stdout
    assert [line for line in text.splitlines() if "(graded as shipped)" in line] == [
        line for line in text.splitlines() if f"  {CHALLENGES[0]}  " in line], text


def test_list_after_copying_the_solutions_in_shows_everything_done(course):
    for challenge in CHALLENGES:
        _solve(course, challenge)
    states, upcoming = _states(course)
    assert set(states.values()) == {"done"} and upcoming is None


def test_list_tells_in_progress_from_done(course):
    _solve(course, CHALLENGES[0])
    stub = course / "challenges" / CHALLENGES[1] / "main.py"
    stub.write_text(stub.read_text() + "\n# looking at it\n")
    states, upcoming = _states(course)
    assert states[CHALLENGES[0]] == "done" and states[CHALLENGES[1]] == "in progress"
    assert upcoming == CHALLENGES[1]


def test_grade_without_a_challenge_grades_the_next_unfinished_one(course):
    _solve(course, CHALLENGES[0])
    completed = run_grade(cwd=course, env={"NO_COLOR": "1"})
    assert completed.returncode == 1
    assert completed.stdout.startswith(f"{CHALLENGES[1]}:")


def test_grade_without_a_challenge_when_all_are_done(course):
    for challenge in CHALLENGES:
        _solve(course, challenge)
    completed = run_grade(cwd=course)
    assert completed.returncode == 0 and "Every challenge is done" in completed.stdout


def test_hints_advance_level_by_level_and_stop_at_the_last(course):
    # The stub's first failing check has one hint of its own; the challenge has three more.
    shown = [run_grade("hint", "5", cwd=course).stdout for _ in range(5)]
    repeat = "You have seen every hint; here is the last one again.\n\n"
    assert [text.removeprefix(repeat).split(" for ")[0] for text in shown] == [
        "Hint 1 of 4", "Hint 2 of 4", "Hint 3 of 4", "Hint 4 of 4", "Hint 4 of 4"]
    # Only the hint asked for again after the last is said to be a repeat.
    assert [text.startswith(repeat) for text in shown] == [False] * 4 + [True]
    assert "That is the last hint" in shown[3]
    assert "Hint 1 of 4" in run_grade("hint", "5", "--level", "1", cwd=course).stdout


def test_a_hint_for_one_check(course):
    completed = run_grade("hint", "backprop", "dense_backward_dbiases", cwd=course)
    assert completed.returncode == 0 and "keeps the result (1, n_neurons)" in completed.stdout
    unknown = run_grade("hint", "backprop", "no_such_check", cwd=course)
    assert unknown.returncode == 2 and "dense_backward_dbiases" in unknown.stderr
    # A check is named by any part of its id that no other check holds, as a challenge is.
    part = run_grade("hint", "5", "dbiases", cwd=course)
    assert part.returncode == 0 and "check dense_backward_dbiases" in part.stdout
    several = run_grade("hint", "5", "dense", cwd=course)
    assert several.returncode == 2 and "part of several checks" in several.stderr
    shouted = run_grade("hint", "5", "DENSE_BACKWARD_DINPUTS", cwd=course)
    assert shouted.returncode == 0 and "check dense_backward_dinputs" in shouted.stdout


def test_reset_backs_up_then_restores_the_stub(course):
    stub = course / "challenges" / CHALLENGES[2] / "main.py"
    pristine = stub.read_text()
    stub.write_text("my work\n")
    refused = run_grade("reset", "3", cwd=course)
    assert refused.returncode == 1 and stub.read_text() == "my work\n"
    assert "Nothing was reset" in refused.stderr and "--yes" in refused.stderr and "Aborted" not in refused.stderr
    completed = run_grade("reset", "3", "--yes", cwd=course)
    assert completed.returncode == 0 and stub.read_text() == pristine
    backups = list((course / ".nnfs-grade" / "backups" / CHALLENGES[2]).glob("main-*.py"))
    assert [backup.read_text() for backup in backups] == ["my work\n"]


def test_reset_asks_and_obeys_the_answer(course):
    stub = course / "challenges" / CHALLENGES[2] / "main.py"
    stub.write_text("my work\n")
    completed = subprocess.run([sys.executable, "-m", "grader", "reset", "3"], cwd=course, input="y\n",
                               capture_output=True, text=True)
    assert completed.returncode == 0 and stub.read_text() != "my work\n"


def test_reset_replaces_a_linked_main_py_and_leaves_the_file_it_points_to(course, tmp_path):
    stub = course / "challenges" / CHALLENGES[2] / "main.py"
    pristine = stub.read_text()
    outside = tmp_path / "my_work.py"
    outside.write_text("my work, kept outside the course\n")
    stub.unlink()
    stub.symlink_to(outside)
    completed = run_grade("reset", "3", "--yes", cwd=course, timeout=30)
    assert completed.returncode == 0, completed.stderr
    assert outside.read_text() == "my work, kept outside the course\n"
    assert not stub.is_symlink() and stub.read_text() == pristine
    backups = list((course / ".nnfs-grade" / "backups" / CHALLENGES[2]).glob("main-*.py"))
    assert [backup.read_text() for backup in backups] == ["my work, kept outside the course\n"]


@pytest.mark.parametrize("make, kind", [(os.mkdir, "a folder"), (os.mkfifo, "a named pipe (FIFO)"),
                                        (lambda path: os.symlink("/dev/zero", path), "a character device")],
                         ids=["folder", "fifo", "device"])
def test_reset_refuses_a_main_py_that_is_not_a_file_and_touches_nothing(course, make, kind):
    stub = course / "challenges" / CHALLENGES[2] / "main.py"
    stub.unlink()
    make(stub)
    before = os.lstat(stub)
    completed = run_grade("reset", "3", "--yes", cwd=course, timeout=30)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
    assert f"is {kind}, not a regular file" in completed.stderr and "Nothing was reset" in completed.stderr
    assert "grade reset 3 again" in completed.stderr and "can back up only a plain file" in completed.stderr
    after = os.lstat(stub)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert not (course / ".nnfs-grade" / "backups").exists()
    assert [path.name for path in stub.parent.iterdir() if path.name.startswith(".main-")] == []


@pytest.mark.parametrize("poll", [True, False], ids=["polling", "file-events"])
def test_watch_regrades_on_save_and_stops_cleanly(course, poll):
    stub = course / "challenges" / CHALLENGES[2] / "main.py"
    command = [sys.executable, "-m", "grader", "watch", "3"] + (["--poll"] if poll else [])
    process = subprocess.Popen(command, cwd=course, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        _wait_for(lines, "Waiting for main.py to change")
        shutil.copy(course / "solutions" / CHALLENGES[2] / "main.py", stub)
        # An editor's save may be seen half-written and graded so; the watch ends on the file as saved.
        seen = _wait_for(lines, "All 11 checks passed")
        seen += _wait_for(lines, "Waiting for main.py to change")
        assert "Newly passing: sigmoid(inputs)" in seen
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    assert "Stopped watching." in _wait_for(lines, "Stopped watching.", seconds=10)
    assert process.returncode == 0


def test_watch_says_a_check_that_passed_is_now_skipped_not_failing():
    """A check skipped because the one it depends on fails did not fail: it was not run."""
    from grader.judge.messages import prerequisite_not_passed
    from grader.learner.watch import changes_since
    from grader.results import CheckResult, GradeResult

    def result(**statuses):
        checks = [CheckResult(id=check_id, name=f"check {check_id}", category="forward", status=status, score=0.0,
                              max_score=1.0, message=prerequisite_not_passed("check a") if status == "skipped" else "")
                  for check_id, status in statuses.items()]
        return GradeResult("challenge_1_forward_pass", "Forward", "2-5", "main.py", checks)

    said = changes_since(result(a="passed", b="passed", c="failed"), result(a="failed", b="skipped", c="skipped"))
    assert said.splitlines() == ['Newly failing: check a',
                                 'Now skipped: check b (it waits for "check a", which does not pass now)',
                                 'Now skipped: check c (it waits for "check a", which does not pass now)']


def test_watch_says_a_check_that_passed_and_is_a_todo_again_went_back_to_it_not_that_it_fails():
    """After grade reset, the stub's TODOs raise NotImplementedError: nothing the learner wrote fails."""
    from grader.learner.watch import changes_since
    from grader.results import CheckResult, GradeResult

    def result(status, not_started=False):
        check = CheckResult(id="a", name="check a", category="forward", status=status, score=0.0, max_score=1.0,
                            not_started=not_started)
        return GradeResult("challenge_1_forward_pass", "Forward", "2-5", "main.py", [check])

    assert changes_since(result("passed"), result("error", not_started=True)) == "Back to its TODO: check a\n"
    assert changes_since(result("passed"), result("failed")) == "Newly failing: check a\n"


def test_watch_says_a_check_that_fails_for_another_reason_changed_though_its_badge_did_not():
    from grader.learner.watch import changes_since
    from grader.results import CheckResult, GradeResult

    def result(message):
        check = CheckResult(id="a", name="check a", category="forward", status="failed", score=0.0, max_score=1.0,
                            message=message)
        return GradeResult("challenge_1_forward_pass", "Forward", "2-5", "main.py", [check])

    assert changes_since(result("wrong shape"), result("wrong values")) == (
        'No check changed its badge since the last run, but "check a" now fails for another reason: read its message '
        "again.\n")
    assert changes_since(result("wrong values"), result("wrong values")) == "No check changed since the last run.\n"


@pytest.mark.parametrize("status, message, said", [
    ("error", "Your file could not be imported, so this check could not run. Python cannot read your file: "
              "SyntaxError: invalid syntax. Python stopped reading it at line 38: def broken(:",
     "Your file no longer imports: Python stops at line 38 of your file, `def broken(:` (SyntaxError)."),
    ("timeout", "Your file could not be imported, so no check could run. It ran for more than 10 s.",
     "Your file no longer imports in time: it was still running line 38 of your file, `def broken(:`."),
])
def test_watch_says_first_that_the_file_no_longer_imports_and_counts_what_that_stops(status, message, said):
    from grader.judge.messages import prerequisite_not_passed
    from grader.learner.watch import changes_since
    from grader.results import CheckResult, GradeResult

    def result(**statuses):
        checks = [CheckResult(id=check_id, name=f"check {check_id}", category="forward", status=status, score=0.0,
                              max_score=1.0, at_import=status in ("error", "timeout"),
                              where={"line": 38, "source": "def broken(:"} if status not in ("passed", "skipped")
                              else None,
                              message=prerequisite_not_passed("check a") if status == "skipped"
                              else "" if status == "passed" else message)
                  for check_id, status in statuses.items()]
        return GradeResult("challenge_3_activations", "Activations", "4", "main.py", checks)

    passing = result(a="passed", b="passed", c="passed")
    said_after = changes_since(passing, result(a=status, b="skipped", c=status))
    assert said_after.splitlines() == [
        said, "No check can run until it does: that alone is why 3 checks that passed before do not pass now."]
    # A file that did not import before either: what changed since, as after any save.
    assert changes_since(result(a=status, b="skipped", c=status), result(a=status, b="skipped", c=status)) == \
        "No check changed since the last run.\n"
    # Not importing still, at another place: said, not "nothing changed".
    elsewhere = result(a=status, b="skipped", c=status)
    for check in elsewhere.checks:
        if check.where:
            check.where = {"line": 40, "source": "x = ("}
    assert changes_since(result(a=status, b="skipped", c=status), elsewhere) == (
        "Your file still does not import, for another reason: Python stops at line 40 of your file, `x = (` "
        "(SyntaxError).\n" if status == "error" else
        "Your file still does not import in time: this time it was still running line 40 of your file, `x = (`.\n")
    # Mended: what changed since it last imported, not every check's way back from the import's failure.
    mended = changes_since(result(a=status, b="skipped", c=status), result(a="passed", b="passed", c="failed"),
                           imported=passing)
    assert mended.splitlines() == ["Your file imports again. Since it last did:", "Newly failing: check c"]


@pytest.mark.parametrize("make, kind", [(os.mkfifo, "a named pipe (FIFO)"),
                                        (lambda path: os.symlink("/dev/zero", path), "a character device")],
                         ids=["fifo", "dev-zero"])
def test_watch_says_what_is_wrong_with_main_py_and_goes_on_watching(course, make, kind):
    import resource

    stub = course / "challenges" / CHALLENGES[2] / "main.py"
    stub.unlink()
    make(stub)
    limit = 4 << 30     # a file read whole fails here rather than swapping the test machine
    process = subprocess.Popen([sys.executable, "-m", "grader", "watch", "3", "--poll"], cwd=course,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        seen = _wait_for(lines, "Waiting for main.py to change")
        assert f"main.py is {kind}, not a regular file" in seen and "Traceback" not in seen
        stub.unlink()
        shutil.copy(course / "solutions" / CHALLENGES[2] / "main.py", stub)
        _wait_for(lines, "All 11 checks passed")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    assert process.returncode == 0


@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_watch_ended_by_its_terminal_removes_its_copy_of_main_py(course, tmp_path, ending):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "grader", "watch", "3", "--poll"], cwd=course,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=dict(os.environ, TMPDIR=str(scratch)))
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        _wait_for(lines, "Waiting for main.py to change")
        assert [path.name[:len("nnfs-grade-watch-")] for path in scratch.iterdir()] == ["nnfs-grade-watch-"]
        process.send_signal(ending)
        # While watchfiles waits, it turns any signal into a KeyboardInterrupt: the watch then ends as on Ctrl-C.
        assert process.wait(timeout=20) in (0, 128 + ending)
    finally:
        process.kill()
        process.wait()
    assert not list(scratch.glob("nnfs-grade-watch-*"))


def _plant_shadows(folder, marker):
    """Files beside a learner's main.py that Python would import before the grader's own modules, were the judge
    started from there (a `grader` package that prints a passing result, a `random.py`), and a course inside it
    whose one check asserts nothing, found first from there. Each leaves `marker` behind if it runs."""
    (folder / "grader").mkdir()
    (folder / "grader" / "__init__.py").write_text("")
    (folder / "grader" / "__main__.py").write_text(
        f"open({str(marker)!r}, 'w').write('grader')\n"
        "print('{\"challenge\": \"x\", \"score\": 11, \"max_score\": 11, \"checks\": []}')\n")
    (folder / "random.py").write_text(f"open({str(marker)!r}, 'w').write('random')\n")
    fake = folder / "challenges" / folder.name
    shutil.copytree(folder, fake, ignore=shutil.ignore_patterns("grader", "random.py", "challenges"))
    (fake / "spec.py").write_text(
        "from grader.spec import check\n\n\n"
        "@check('forward', points=11)\n"
        "def test_nothing(run):\n"
        f"    \"\"\"Nothing\"\"\"\n    open({str(marker)!r}, 'w').write('fake course')\n")


def test_watch_grades_with_the_grader_and_the_course_it_was_started_with(course, tmp_path, monkeypatch):
    from grader.course import load_challenges
    from grader.learner.watch import Watch
    from grader.results import GradeResult

    marker = tmp_path / "ran-in-the-judge"
    folder = course / "challenges" / CHALLENGES[2]
    _plant_shadows(folder, marker)
    on_path = tmp_path / "on-pythonpath" / "grader"
    on_path.mkdir(parents=True)
    (on_path / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('PYTHONPATH')\n")
    monkeypatch.setenv("PYTHONPATH", str(on_path.parent))
    challenges = load_challenges(course)
    watch = Watch(course, challenges, next(each for each in challenges if each.name == CHALLENGES[2]))
    try:
        result = watch._grade((folder / "main.py").read_bytes())
    finally:
        shutil.rmtree(watch.folder)
    assert isinstance(result, GradeResult), result
    assert result.challenge == CHALLENGES[2] and result.score == 0 and len(result.checks) == 11
    assert not marker.exists(), marker.read_text()


def test_a_watch_removes_the_folders_of_watches_killed_outright(course, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    environment = dict(os.environ, TMPDIR=str(scratch))
    command = [sys.executable, "-m", "grader", "watch", "3", "--poll"]
    killed = subprocess.Popen(command, cwd=course, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=environment)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in killed.stdout], daemon=True).start()
    try:
        _wait_for(lines, "Waiting for main.py to change")
    finally:
        killed.kill()       # SIGKILL: no exit of its own removes its copy of main.py
        killed.wait()
    [left] = scratch.glob("nnfs-grade-watch-*")
    assert (left / "main.py").is_file()
    running = scratch / f"nnfs-grade-watch-{os.getpid()}-abcd1234"    # a watch still running keeps its folder
    running.mkdir()
    unrelated = scratch / "nnfs-grade-watch-notapid"
    unrelated.mkdir()
    later = subprocess.Popen(command, cwd=course, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env=environment)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in later.stdout], daemon=True).start()
    try:
        _wait_for(lines, "Waiting for main.py to change")
        assert not left.exists() and running.is_dir() and unrelated.is_dir()
        assert len(list(scratch.glob(f"nnfs-grade-watch-{later.pid}-*"))) == 1
    finally:
        later.send_signal(signal.SIGINT)
        later.wait(timeout=20)


def test_a_grade_the_watch_started_ends_when_the_watch_is_killed_outright(course, tmp_path):
    """The `grade` a watch (or a notebook's kernel) runs is killed with it: left alone, it would go on grading, its
    worker and the worker's children with it, for no one until its time limits."""
    slow = tmp_path / "slow.py"
    slow.write_text("import time\ntime.sleep(60)\n")
    starter = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys; from grader.learner.grade_process import grade_command; "
        "child = subprocess.Popen(grade_command('3', '--submission', sys.argv[1])); print(child.pid, flush=True); "
        "child.wait()"), str(slow)], cwd=course, stdout=subprocess.PIPE, text=True)
    grading = int(starter.stdout.readline())
    time.sleep(1.0)    # the grade under way, its worker importing the file
    assert alive(grading)
    starter.kill()      # SIGKILL: no exit of its own stops its child
    starter.wait()
    deadline = time.monotonic() + 10
    while alive(grading) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(grading)


def _wait_for(lines, text, seconds=30):
    """Read lines until one holds `text`; returns everything read."""
    seen, deadline = "", time.monotonic() + seconds
    while text not in seen:
        try:
            seen += lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"{text!r} did not appear in:\n{seen}") from None
    return seen


@pytest.mark.parametrize("watched, not_done, expected", [
    ("challenge_5_backprop", {"challenge_3_activations"}, 3),
    ("challenge_5_backprop", set(), 6),
    ("challenge_13_regularized_training", {"challenge_9_binary_and_regression", "challenge_10_model"}, 9),
    ("challenge_14_binary_and_regression_training", {"challenge_9_binary_and_regression", "challenge_10_model"}, 9),
])
def test_watch_names_next_the_first_challenge_not_done_in_course_order(course, watched, not_done, expected):
    from types import SimpleNamespace

    from grader.course import load_challenges
    from grader.learner.progress import Progress, result_key
    from grader.learner.watch import Watch

    challenges = load_challenges(course)
    by_name = {challenge.name: challenge for challenge in challenges}
    progress = Progress(course)
    passed = SimpleNamespace(score=1.0, max_score=1.0, passed=True, first_to_fix=lambda: None, checks=[],
                             shared_causes=dict)
    for name in COURSE_ORDER[:COURSE_ORDER.index(watched) + 1]:
        if name not in not_done:
            progress.remember(by_name[name], result_key(by_name[name], by_name[name].stub), passed)
    progress.save()
    watch = Watch(course, challenges, by_name[watched])
    try:
        assert watch._next_step().endswith(f"Next: grade watch {expected}")
    finally:
        shutil.rmtree(watch.folder)


def test_grade_never_writes_its_state_through_a_link_planted_in_the_state_folder(course, tmp_path):
    main = course / "challenges" / CHALLENGES[2] / "main.py"
    before = main.read_bytes()
    state = course / ".nnfs-grade"
    state.mkdir(exist_ok=True)
    (state / "progress.tmp").symlink_to(main)
    elsewhere = tmp_path / "made-through-a-link"
    (state / ".gitignore").symlink_to(elsewhere)
    assert run_grade("3", cwd=course).returncode == 1
    assert main.read_bytes() == before and not elsewhere.exists()
    assert CHALLENGES[2] in json.loads((state / "progress.json").read_text())["results"]


def test_reset_backs_up_what_was_saved_while_it_asked(course):
    stub = course / "challenges" / CHALLENGES[2] / "main.py"
    stub.write_text("my work\n")
    process = subprocess.Popen([sys.executable, "-m", "grader", "reset", "3"], cwd=course, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    asked, deadline = b"", time.monotonic() + 60
    while b"Replace" not in asked and time.monotonic() < deadline:
        asked += os.read(process.stdout.fileno(), 4096)
    stub.write_text("my work\nsaved while grade reset asked\n")
    out, _ = process.communicate(b"y\n", timeout=60)
    assert process.returncode == 0, asked + out
    (backup,) = (course / ".nnfs-grade" / "backups" / CHALLENGES[2]).glob("main-*.py")
    assert backup.read_text() == "my work\nsaved while grade reset asked\n"
