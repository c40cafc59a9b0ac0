"""Files that are not what they claim, and an autograder whose results a learner would like to write."""
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import zipfile

import pytest

from classroom import write_learner
from helpers import ROOT, copy_course, noted_calls, points_of, run_grade, solution, stub
from test_exports import _checkout, _run_on_gradescope

CHALLENGE = "challenge_1_forward_pass"


def _not_regular(tmp_path, kind):
    path = tmp_path / "main.py"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "over 1 MiB":
        path.write_text(stub(CHALLENGE).read_text() + "#" * (1 << 20))
    return path


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "over 1 MiB"])
@pytest.mark.parametrize("given", ["file", "folder"])
def test_a_submission_that_is_not_a_small_regular_file_is_refused_at_once(tmp_path, kind, given):
    path = _not_regular(tmp_path, kind)
    completed = run_grade("1", "--submission", path if given == "file" else tmp_path, "--json", timeout=30)
    assert completed.returncode == 2 and completed.stdout == ""
    assert ("not a regular file" in completed.stderr) == (kind != "over 1 MiB")
    assert ("larger than 1 MiB" in completed.stderr) == (kind == "over 1 MiB")


def test_a_class_report_gives_such_submissions_a_row_that_says_why(tmp_path):
    roster = tmp_path / "roster"
    for kind in ("fifo", "link to /dev/zero", "over 1 MiB"):
        folder = roster / kind.replace(" ", "-").replace("/", "") / "challenges" / CHALLENGE
        folder.mkdir(parents=True)
        _not_regular(folder, kind)
    write_learner(roster, "zz-solution", {f"challenges/{CHALLENGE}/main.py": solution(CHALLENGE).read_bytes()},
                  False)
    completed = run_grade("report", roster, "--out", tmp_path / "out", "-j", "1", "--challenge", "1", timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    rows = {row["learner"]: row["challenges"][0] for row in
            json.loads((tmp_path / "out" / "results.json").read_text())["learners"]}
    assert "not a plain file" in rows["fifo"]["problem"]
    assert "symbolic link" in rows["link-to-devzero"]["problem"]
    assert "larger than 1 MiB" in rows["over-1-MiB"]["problem"]
    assert rows["zz-solution"]["result"]["score"] == rows["zz-solution"]["result"]["max_score"] > 0


# --- the Gradescope autograder ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    archive = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    completed = run_grade("export", "gradescope", "5", "--out", archive, timeout=300)
    assert completed.returncode == 0, completed.stderr
    return archive


def _gradescope(tmp_path, archive, main):
    # The reference cannot be imported here: the autograder must grade from its recorded answers.
    blocker = tmp_path / "no-reference"
    (blocker / "reference").mkdir(parents=True)
    (blocker / "reference" / "__init__.py").write_text("raise ImportError('the autograder has no reference')\n")
    return _run_on_gradescope(tmp_path, archive, {"main.py": main.encode()}, env={"PYTHONPATH": str(blocker)})


def test_the_autograder_ships_recorded_answers_and_no_reference(autograder):
    with zipfile.ZipFile(autograder) as archive:
        names = archive.namelist()
        recorded = json.loads(archive.read("nnfs-grade/challenges/challenge_5_backprop/answers.json"))["answers"]
        pyproject = archive.read("nnfs-grade/pyproject.toml").decode()
    assert not [name for name in names if "/reference/" in name or "solutions/" in name]
    assert '"reference"' not in pyproject
    hidden_scenarios = (ROOT / "challenges" / "challenge_5_backprop" / "hidden_scenarios.py").read_text()
    hidden = [key for key in recorded if f"def {key.split('/')[0]}(" in hidden_scenarios]
    assert hidden, "the hidden checks' answers are recorded too"


def test_the_autograder_grades_hidden_checks_without_the_reference(autograder, tmp_path):
    results = _gradescope(tmp_path, autograder, solution("challenge_5_backprop").read_text())
    assert results["score"] == points_of("challenge_5_backprop")
    assert all(test["status"] == "passed" for test in results["tests"])
    assert [test for test in results["tests"] if test["visibility"] != "visible"]


# Writes a passing results.json where Gradescope reads it, then kills the judge before it writes its own.
FORGES_RESULTS = '''import json, os, signal, sys
_root = os.environ.get("AUTOGRADER_ROOT", "/autograder")
with open(os.path.join(_root, "results", "results.json"), "w") as _file:
    json.dump({"score": 18, "tests": [], "output": "all passed"}, _file)
if KILL_THE_JUDGE:
    os.kill(os.getppid(), signal.SIGKILL)
'''


@pytest.mark.parametrize("kill", [True, False])
def test_results_written_by_the_learners_code_are_never_what_gradescope_reads(autograder, tmp_path, kill):
    main = FORGES_RESULTS.replace("KILL_THE_JUDGE", repr(kill)) + stub("challenge_5_backprop").read_text()
    results = _gradescope(tmp_path, autograder, main)
    # Confined, the learner's code cannot reach results/ or the judge; unconfined, run_autograder catches it.
    assert results["score"] == 0
    assert "did not finish grading" in results["output"] or (
        results["tests"] and not [test for test in results["tests"] if test["status"] == "passed"])


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
def test_a_notebook_that_is_not_a_regular_file_is_refused_at_once(tmp_path, kind):
    path = tmp_path / "work.ipynb"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    completed = run_grade("1", "--submission", path, "--json", timeout=30)
    assert completed.returncode == 2 and completed.stdout == "" and "not a regular file" in completed.stderr


@pytest.mark.parametrize("how", ["grade list", "grade N", "bare grade"])
def test_a_main_py_saved_while_it_is_graded_is_not_remembered_with_that_result(tmp_path, monkeypatch, how):
    """The progress file keeps each result under the file it was given for: the key is taken before grading.
    A solution graded, then a broken file saved before the result was remembered, must not show as done."""
    from grader.cli import grade_one
    from grader.course import load_challenges
    from grader.judge import grading
    from grader.learner import overview, regrading
    from grader.learner.progress import DONE, Progress, state_of

    course = copy_course(tmp_path / "course")
    name = "challenge_3_activations"
    challenge = {c.name: c for c in load_challenges(course)}[name]
    shutil.copy(solution(name), challenge.stub)
    broken = challenge.stub.read_text().replace("np.exp", "np.log")

    def graded_then_saved(real):
        def grade(*args, **kwargs):
            result = real(*args, **kwargs)
            challenge.stub.write_text(broken)    # the editor saves while the judge finishes
            return result
        return grade

    monkeypatch.chdir(course)
    if how == "grade list":
        monkeypatch.setattr(regrading, "grade_changed", graded_then_saved(regrading.grade_changed))
        overview.standings(course, [challenge])
    elif how == "grade N":
        monkeypatch.setattr(grading, "grade", graded_then_saved(grading.grade))
        with pytest.raises(SystemExit):
            grade_one.grade_and_report(course, challenge, None, True, None, ())
    else:
        monkeypatch.setattr(grading, "grade", graded_then_saved(grading.grade))
        assert overview.next_to_grade(course, [challenge]) == (None, None)   # the solution passed

    progress = Progress(course)
    assert progress.cached(challenge, challenge.stub) is None
    assert state_of(challenge, challenge.stub, progress.cached(challenge, challenge.stub)) != DONE


# The file saved again just as the judge learns that bubblewrap could not start its worker, before it grades again
# without it.
SAVED_AS_BWRAP_FAILS = """
import grader.judge.grading as grading
from pathlib import Path

giving_up = grading.give_up


def saved_then_given_up(*args, **kwargs):
    main = Path("challenges/challenge_5_backprop/main.py")
    main.write_bytes(Path("solutions/challenge_5_backprop/main.py").read_bytes())
    return giving_up(*args, **kwargs)


grading.give_up = saved_then_given_up
"""


@pytest.mark.parametrize("command", [("5", "--json"), ("list", "--json")])
def test_a_grade_again_without_bubblewrap_grades_the_bytes_read_the_first_time(tmp_path, command):
    """Where bubblewrap is there but cannot start a worker, the judge grades again unconfined: the file it grades
    then is the one it read the first time, whatever was saved meanwhile, and the result is remembered under it."""
    from grader.course import load_challenge
    from grader.learner.progress import Progress

    course = copy_course(tmp_path / "course")
    name = "challenge_5_backprop"
    main = course / "challenges" / name / "main.py"
    main.write_bytes(main.read_bytes() + b"\n# started\n")
    started = main.read_bytes()
    failing = tmp_path / "bin" / "bwrap"
    failing.parent.mkdir()
    failing.write_text("#!/bin/sh\nexit 1\n")
    failing.chmod(0o755)
    env = {"PATH": f"{failing.parent}{os.pathsep}{os.environ['PATH']}", "NNFS_GRADE_SANDBOX": "bwrap"}
    code, _ = noted_calls(course, {}, command, env, SAVED_AS_BWRAP_FAILS)
    assert code == (1 if command[0] == "5" else 0)
    main.write_bytes(started)    # the learner's undo: the file graded is on disk again
    entry = Progress(course).cached(load_challenge(course / "challenges" / name), main)
    assert entry is not None and not entry["passed"]


# The learner's file replaced by a pipe once the judge has read it, before the judge words its messages.
PIPE_AFTER_THE_READ = """
import os
import sys

from grader.judge.grading import Judge

finishing = Judge.finish


def finish(self, started):
    os.unlink(started.submission)
    os.mkfifo(started.submission)
    return finishing(self, started)


Judge.finish = finish
"""


def test_the_messages_are_worded_from_the_bytes_graded_not_from_the_file_read_again(tmp_path):
    """A thrown-away np.clip is named from the bytes the judge read once: a pipe put in the file's place meanwhile
    is never opened (it would wait forever for a writer)."""
    learner = tmp_path / "discarded.py"
    learner.write_text(solution("challenge_4_loss_debug").read_text().replace(
        "    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n    return np.mean(-np.log(correct_confidences("
        "y_pred_clipped, y_true)))",
        "    np.clip(y_pred, 1e-7, 1 - 1e-7)\n    return np.mean(-np.log(correct_confidences(y_pred, y_true)))"))
    line = learner.read_text().splitlines().index("    np.clip(y_pred, 1e-7, 1 - 1e-7)") + 1
    report = tmp_path / "report.html"
    code, _ = noted_calls(copy_course(tmp_path / "course"), {}, ["4", "--submission", learner, "--html", report],
                          setup=PIPE_AFTER_THE_READ)
    assert code == 1
    assert f"Line {line} calls np.clip(...) but throws its result away" in report.read_text()


def test_a_pipe_in_place_of_the_shipped_stub_is_never_waited_on(tmp_path):
    """The stub as shipped names what the checks look for; a pipe in its place is passed over, and grading goes on."""
    course = copy_course(tmp_path / "course")
    pristine = course / "challenges" / "challenge_5_backprop" / ".pristine" / "main.py"
    pristine.unlink()
    os.mkfifo(pristine)
    completed = run_grade("5", "--submission", solution("challenge_5_backprop"), "--json", cwd=course, timeout=60)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert json.loads(completed.stdout)["passed"] is True


def _limited_file_size():
    # A copy of /dev/zero that never ends fails at 64 MiB, rather than filling the disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 20, 64 << 20))


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
@pytest.mark.parametrize("command", [["reset", "5", "--yes"], ["dev", "check", "--challenge", "5", "--no-grading"],
                                     ["release", "--challenge", "5", "--out"]], ids=["reset", "dev check", "release"])
def test_what_stands_in_place_of_the_shipped_stub_is_named_by_every_command_that_reads_it(tmp_path, command, kind):
    course = _checkout(tmp_path / "checkout")
    challenge = course / "challenges" / "challenge_5_backprop"
    (challenge / "main.py").write_text("my work\n")
    (challenge / ".pristine" / "main.py").unlink()
    _not_regular(challenge / ".pristine", kind)
    out = [tmp_path / "released"] if command[0] == "release" else []
    completed = subprocess.run([sys.executable, "-m", "grader", *command, *out], cwd=course, capture_output=True,
                               text=True, timeout=60, preexec_fn=_limited_file_size)
    assert completed.returncode == (1 if command[0] == "dev" else 2), completed.stdout + completed.stderr
    said = completed.stdout + completed.stderr
    what = "a named pipe (FIFO)" if kind == "fifo" else "a character device"
    assert f"{challenge / '.pristine' / 'main.py'} is {what}, not a regular file, so it was not read." in said
    assert "It should hold the stub of challenge_5_backprop as the course ships it, as a plain file" in said
    assert "Traceback" not in said
    assert (challenge / "main.py").read_text() == "my work\n"
    assert not (tmp_path / "released").exists() and not (tmp_path / ".released.partial").exists()


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
@pytest.mark.parametrize("name", ["spec.py", "README.md", "challenge.toml"])
@pytest.mark.parametrize("command", [["release", "--challenge", "5", "--out"], ["dev", "check", "--challenge", "5",
                                     "--no-grading"], ["5", "--json"], ["list"]],
                         ids=["release", "dev check", "grade N", "grade list"])
def test_what_stands_in_place_of_a_course_file_is_named_by_every_command_that_reads_it(tmp_path, command, name, kind):
    course = _checkout(tmp_path / "checkout")
    challenge = course / "challenges" / "challenge_5_backprop"
    (challenge / name).unlink()
    if kind == "fifo":
        os.mkfifo(challenge / name)
    else:
        (challenge / name).symlink_to("/dev/zero")
    out = [tmp_path / "released"] if command[0] == "release" else []
    completed = subprocess.run([sys.executable, "-m", "grader", *command, *out], cwd=course, capture_output=True,
                               text=True, timeout=60, preexec_fn=_limited_file_size)
    said = completed.stdout + completed.stderr
    what = "a named pipe (FIFO)" if kind == "fifo" else "a character device"
    assert f"{challenge / name} is {what}, not a regular file, so it was not read." in said
    assert "Traceback" not in said
    if name == "README.md" and command[0] in ("5", "list"):
        # Neither reads the instructions: each says so, and goes on.
        assert "the command goes on without them" in completed.stderr
        assert completed.returncode == (1 if command[0] == "5" else 0), said
        assert json.loads(completed.stdout) if command[0] == "5" else "challenge_5_backprop" in completed.stdout
    else:
        assert completed.returncode == (1 if command[0] == "dev" and name != "challenge.toml" else 2), said
    assert not (tmp_path / "released").exists() and not (tmp_path / ".released.partial").exists()


def test_reset_restores_the_stub_it_read_before_asking_whatever_is_put_in_its_place_meanwhile(tmp_path):
    challenge = copy_course(tmp_path / "course") / "challenges" / "challenge_5_backprop"
    shipped = (challenge / ".pristine" / "main.py").read_bytes()
    (challenge / "main.py").write_text("my work\n")
    process = subprocess.Popen([sys.executable, "-m", "grader", "reset", "5"], cwd=challenge.parent.parent,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        asked, deadline = b"", time.monotonic() + 60
        while b"Replace" not in asked and time.monotonic() < deadline:
            asked += os.read(process.stdout.fileno(), 4096)
        (challenge / ".pristine" / "main.py").unlink()
        os.mkfifo(challenge / ".pristine" / "main.py")
        out, _ = process.communicate(b"y\n", timeout=60)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0, asked + out
    assert (challenge / "main.py").read_bytes() == shipped


SECRET = "hunter2-in-the-environment"


def _planted_link(tmp_path, course, challenge, at, leads):
    """Replace the course file `at` of `challenge` with a link: to the process's environment, to a file outside the
    course, or to the challenge's own solution. Returns what must never reach a learner."""
    if leads == "environ":
        target, marker = "/proc/self/environ", SECRET
    elif leads == "outside":
        target, marker = tmp_path / "private.txt", "a marker from outside the course"
        target.write_text(f"{marker}\n")
    else:
        solution_file = course / "solutions" / challenge.name / "main.py"
        marker = "# the answer itself, never shipped"
        solution_file.write_text(solution_file.read_text() + f"{marker}\n")
        target = os.path.relpath(solution_file, (challenge / at).parent)
    (challenge / at).unlink()
    (challenge / at).symlink_to(target)
    return marker


def _holding(out, marker):
    """The files of the release folder or autograder zip `out` that hold `marker`."""
    if not out.exists():
        return []
    if out.is_file():
        with zipfile.ZipFile(out) as archive:
            return [name for name in archive.namelist() if marker.encode() in archive.read(name)]
    return [path for path in out.rglob("*") if path.is_file() and marker.encode() in path.read_bytes()]


ARGUMENTS = {"release": ["release", "--challenge", "2", "--out", "released"], "reset": ["reset", "2"],
             "export gradescope": ["export", "gradescope", "2", "--out", "released.zip"]}


@pytest.mark.parametrize("leads", ["environ", "outside", "solution"])
@pytest.mark.parametrize("at", [".pristine/main.py", "README.md"])
@pytest.mark.parametrize("command", ARGUMENTS)
def test_a_course_file_linked_out_of_what_learners_receive_is_never_shipped(tmp_path, command, at, leads):
    course = _checkout(tmp_path / "checkout")
    challenge = course / "challenges" / "challenge_2_shapes"
    stub_file = challenge / ".pristine" / "main.py"
    shipped = stub_file.read_bytes()
    (challenge / "main.py").write_text("my work\n")
    marker = _planted_link(tmp_path, course, challenge, at, leads)
    out = tmp_path / ("released.zip" if command == "export gradescope" else "released")
    arguments = [out if argument == out.name else argument for argument in ARGUMENTS[command]]
    completed = subprocess.run([sys.executable, "-m", "grader", *map(str, arguments)], cwd=course,
                               capture_output=True, text=True, input="y\n", timeout=120,
                               env=dict(os.environ, FAKE_SECRET=SECRET), preexec_fn=_limited_file_size)
    said = completed.stdout + completed.stderr
    assert "Traceback" not in said
    assert marker not in (challenge / "main.py").read_text()
    assert not _holding(out, marker)
    if command == "reset" and at == "README.md":
        # grade reset writes main.py alone, from the stub, and never reads the instructions.
        assert completed.returncode == 0, said
        assert (challenge / "main.py").read_bytes() == shipped
        return
    assert completed.returncode == 2, said
    assert f"{challenge / at} is a symbolic link to " in said
    assert "It should be a plain file of the course: replace the link with the file itself" in said
    assert (challenge / "main.py").read_text() == "my work\n"
    assert not out.exists() and not (tmp_path / f".{out.name}.partial").exists()


def test_a_link_that_stays_inside_the_course_is_followed(tmp_path):
    course = copy_course(tmp_path / "course")
    challenge = course / "challenges" / "challenge_2_shapes"
    kept = course / "stubs" / "shapes.py"
    kept.parent.mkdir()
    (challenge / ".pristine" / "main.py").rename(kept)
    (challenge / ".pristine" / "main.py").symlink_to(os.path.relpath(kept, challenge / ".pristine"))
    (challenge / "main.py").write_text("my work\n")
    completed = run_grade("reset", "2", "--yes", cwd=course, timeout=60)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert (challenge / "main.py").read_bytes() == kept.read_bytes()


@pytest.mark.parametrize("how", ["copy", "hard link"])
def test_a_stub_that_is_its_solution_is_never_released(tmp_path, how):
    course = _checkout(tmp_path / "checkout")
    stub_file = course / "challenges" / "challenge_2_shapes" / ".pristine" / "main.py"
    solution_file = course / "solutions" / "challenge_2_shapes" / "main.py"
    stub_file.unlink()
    if how == "copy":
        shutil.copy(solution_file, stub_file)
    else:
        os.link(solution_file, stub_file)
    completed = run_grade("release", "--challenge", "2", "--out", tmp_path / "released", cwd=course, timeout=120)
    said = completed.stdout + completed.stderr
    assert completed.returncode == 2 and "Traceback" not in said, said
    assert f"Nothing was released: the stub of challenge_2_shapes as it would ship ({stub_file}) is its solution" \
        in said
    assert not (tmp_path / "released").exists() and not (tmp_path / ".released.partial").exists()


@pytest.mark.parametrize("how", ["grade list", "grade N"])
def test_a_result_is_remembered_under_the_bytes_graded_whatever_is_saved_meanwhile(tmp_path, monkeypatch, how):
    """The file is read once: a solution saved as the grading starts, and the wrong file saved back before the
    result is remembered, must leave the wrong file not done (the judge graded the wrong file's bytes)."""
    from grader.cli import grade_one
    from grader.course import load_challenges
    from grader.judge import grading
    from grader.learner import overview, regrading
    from grader.learner.progress import DONE, Progress, state_of

    course = copy_course(tmp_path / "course")
    name = "challenge_3_activations"
    challenge = {c.name: c for c in load_challenges(course)}[name]
    solved = solution(name).read_text()
    wrong = solved.replace("np.exp", "np.log")
    challenge.stub.write_text(wrong)

    def saved_meanwhile(real):
        def grade(*args, **kwargs):
            challenge.stub.write_text(solved)
            try:
                return real(*args, **kwargs)
            finally:
                challenge.stub.write_text(wrong)
        return grade

    monkeypatch.chdir(course)
    if how == "grade list":
        monkeypatch.setattr(regrading, "grade_changed", saved_meanwhile(regrading.grade_changed))
        overview.standings(course, [challenge])
    else:
        monkeypatch.setattr(grading, "grade", saved_meanwhile(grading.grade))
        with pytest.raises(SystemExit):
            grade_one.grade_and_report(course, challenge, None, True, None, ())
    entry = Progress(course).cached(challenge, challenge.stub)
    assert entry is not None and not entry["passed"]
    assert state_of(challenge, challenge.stub, entry) != DONE


class _Planted:
    """Unpickled, it creates the file `path`: what a planted compiled template runs inside the judge."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return open, (self.path, "w")


@pytest.mark.parametrize("abi", [0, 7], ids=["without Landlock", "with Landlock"])
def test_a_compiled_template_planted_where_the_learners_code_could_write_is_never_loaded(tmp_path, monkeypatch, abi):
    """Jinja2 unpickles and runs what its bytecode cache holds. The user's cache folder can be written by a
    learner's code run outside the grader (`python main.py`, a notebook's kernel), and without Landlock by an
    unconfined worker: the judge, rendering a report after the learner's code ran, loads nothing from it."""
    import pickle

    import jinja2.bccache

    from grader.sandbox import lockdown
    from grader.views import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(lockdown, "landlock_abi", lambda: abi)
    monkeypatch.setattr(render, "TEMPLATE_CACHE", tmp_path / "package-cache")   # the checkout's own, left alone
    ran = tmp_path / "planted-code-ran"
    render._environment.cache_clear()
    try:
        environment = render.environment(autoescape=False)
        folder = tmp_path / "cache" / "nnfs-grade" / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        for name in environment.loader.list_templates():
            filename = environment.loader.get_source(environment, name)[1]
            key = jinja2.bccache.BytecodeCache().get_cache_key(name, filename)
            (folder / f"__jinja2_{key}.cache").write_bytes(jinja2.bccache.bc_magic + pickle.dumps(_Planted(ran)))
        for name in environment.loader.list_templates():
            environment.get_template(name)
        assert not ran.exists()
    finally:
        render._environment.cache_clear()
