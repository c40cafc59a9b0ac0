"""Learner code that misbehaves: the grader survives it, says so, and awards nothing unearned."""
import contextlib
import json
import os
import random
import re
import select
import time
from pathlib import Path

import pytest

from grader.course import load_challenge
from grader.judge.grading import import_scenarios, scenario_names
from grader.judge.plugin import ReferenceRunner
from grader.sandbox import wire
from grader.sandbox.supervisor import LearnerFailure

from helpers import (CHALLENGES, ROOT, checks_by_id, copy_course, grade_json, leftovers, planted, run_grade, solution,
                     stub, tagged, with_limits, worker_factory)


def _processes_matching(text):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in cmdline:
                found.append((entry.name, cmdline))
    return found


def test_rigged_numpy_comparisons_pass_nothing(tmp_path):
    path = tmp_path / "main.py"
    path.write_text(
        "import numpy as np\n"
        "np.allclose = np.array_equal = lambda *a, **k: True\n"
        "np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool)\n"
        "np.testing.assert_allclose = np.testing.assert_array_equal = lambda *a, **k: None\n"
        "import builtins\n"
        "builtins.isinstance = lambda *a: True\n"
        "builtins.abs = lambda x: 0\n"
        "def sigmoid(inputs):\n    return np.zeros_like(inputs)\n"
        "def leaky_relu(inputs, alpha=0.01):\n    return inputs * 0\n"
        "def softmax(inputs):\n    return np.ones_like(inputs)\n")
    status, result = grade_json("challenge_3_activations", path)
    assert status == 1 and result["score"] == 0
    assert all(check["status"] != "passed" for check in result["checks"])


def test_a_forward_that_never_returns_times_out_and_the_rest_still_run(tmp_path):
    path = planted(tmp_path, "challenge_1_forward_pass", [(
        "        self.output = np.dot(inputs, self.weights) + self.biases",
        "        while True:\n            pass")])
    # The endless forward is stopped at the check's limit, so a short one spins less.
    course = with_limits(copy_course(tmp_path / "course"), "challenge_1_forward_pass", check_seconds=0.5)
    started, environment = time.monotonic(), tagged()
    status, result = grade_json("challenge_1_forward_pass", path, env=environment, cwd=course)
    checks = checks_by_id(result)
    assert time.monotonic() - started < 60
    assert status == 1
    assert checks["dense_forward_shape"]["status"] == "timeout"
    assert "still running" in checks["dense_forward_shape"]["message"]
    for passing in ("dense_init_shapes", "relu_forward", "softmax_forward", "cce_sparse", "loss_calculate"):
        assert checks[passing]["status"] == "passed", checks[passing]["message"]
    assert not leftovers(environment)


# Scenarios that note, in the learner's module, that they ran: two endless ones, then a quick one.
NOTING_SCENARIOS = """
def endless(nn, rng):
    nn.ran.append("endless")
    while True:
        pass


def endless_too(nn, rng):
    nn.ran.append("endless_too")
    while True:
        pass


def quick(nn, rng):
    nn.ran.append("quick")
    return {"ran": " ".join(nn.ran)}
"""


@contextlib.contextmanager
def _noting_sandbox(tmp_path, learner_source, **limits):
    """A worker of this test process's zygote, loading `learner_source` with NOTING_SCENARIOS; closed after."""
    from grader.limits import Limits
    from grader.sandbox.supervisor import Sandbox

    (tmp_path / "scenarios.py").write_text(NOTING_SCENARIOS)
    (tmp_path / "main.py").write_text(learner_source)
    sandbox = Sandbox(Limits(**limits), worker_factory())
    try:
        sandbox.load(tmp_path / "main.py", [tmp_path / "scenarios.py"])
        yield sandbox
    finally:
        sandbox.close()


def test_a_timeout_inside_a_while_loop_names_the_loop_not_only_the_line_it_stopped_at(tmp_path):
    """The line the timer stopped is wherever the loop's body was: the loop whose condition never turns false is
    what the learner must look at, in the check's message and in the report's last word."""
    path = planted(tmp_path, "challenge_1_forward_pass", [(
        "        self.output = np.dot(inputs, self.weights) + self.biases",
        "        done = 0\n"
        "        while done < 1:\n"
        "            for row in range(len(inputs)):\n"
        "                self.output = np.dot(inputs, self.weights) + self.biases")])
    loop_line = path.read_text().splitlines().index("        while done < 1:") + 1
    course = with_limits(copy_course(tmp_path / "course"), "challenge_1_forward_pass", check_seconds=0.5)
    status, result = grade_json("challenge_1_forward_pass", path, cwd=course)
    check = checks_by_id(result)["dense_forward_shape"]
    assert status == 1 and check["status"] == "timeout"
    assert f"It was inside the while loop at line {loop_line} (while done < 1:)" in check["message"], check["message"]
    assert check["where"]["loop"] == {"line": loop_line, "source": "while done < 1:"}
    text = run_grade("challenge_1_forward_pass", "--submission", path, cwd=course).stdout
    assert f"Start with line {loop_line} of your file (`while done < 1:`)" in " ".join(text.split()), text[-2000:]


def test_after_a_timeout_the_worker_runs_only_the_scenarios_checks_still_ask_for(tmp_path):
    """Scenarios asked ahead would each run the same endless code to their own limit, for checks a timeout leaves
    skipped (an endless update_params cost 12 s where one check's limit is 2 s): a fresh worker runs what is asked."""
    with _noting_sandbox(tmp_path, "ran = []\n", check_seconds=0.3, run_seconds=20) as sandbox:
        sandbox.prefetch(["endless", "endless_too", "quick"])
        with pytest.raises(LearnerFailure) as stopped:
            sandbox.learner_answer("endless")
        assert stopped.value.kind == "timeout"
        value, _ = sandbox.learner_answer("quick")
    assert value == {"ran": "quick"}


def test_a_file_slower_to_import_than_a_check_is_not_imported_again_after_a_timeout(tmp_path):
    """A fresh worker imports the learner's file again, within the run's time: where that import takes longer
    than a check's limit, the scenarios asked ahead run in the worker that has it, as they always did."""
    with _noting_sandbox(tmp_path, "import time\ntime.sleep(0.6)\nran = []\n", check_seconds=0.3,
                         run_seconds=20) as sandbox:
        sandbox.prefetch(["endless", "endless_too", "quick"])
        with pytest.raises(LearnerFailure):
            sandbox.learner_answer("endless")
        value, _ = sandbox.learner_answer("quick")
    assert value == {"ran": "endless endless_too quick"}


class _Peeking:
    """A spawner that notes, each time it is asked for a worker, whether a request already waits in its pipe."""

    def __init__(self, spawner):
        self.spawner, self.waiting = spawner, []

    def __getattr__(self, name):
        return getattr(self.spawner, name)

    def spawn(self, in_fd, out_fd, workdir, memory_mb):
        self.waiting.append(bool(select.select([in_fd], [], [], 0)[0]))
        return self.spawner.spawn(in_fd, out_fd, workdir, memory_mb)


@pytest.mark.parametrize(("padding", "enlarged", "waiting"),
                         [(0, True, True), (300_000, True, True), (300_000, False, False)])
def test_a_forked_worker_finds_its_load_request_waiting_unless_its_pipe_cannot_hold_it(tmp_path, monkeypatch,
                                                                                      padding, enlarged, waiting):
    """A worker forked from a zygote is asked for once its load request is known, and finds it in its pipe as it
    starts, the pipe enlarged for a request larger than a default pipe (64 kB) holds; a request that no pipe here
    can hold is written once the worker reads, never blocking the judge."""
    from grader.limits import Limits
    from grader.sandbox import supervisor
    from grader.sandbox.supervisor import Sandbox

    if not enlarged:
        monkeypatch.setattr(supervisor, "_enlarge_pipe", lambda fd, size: None)
    (tmp_path / "scenarios.py").write_text(NOTING_SCENARIOS)
    (tmp_path / "main.py").write_text(f"# {'x' * padding}\nran = []\n")
    spawner = _Peeking(worker_factory())
    assert not spawner.starts_slowly
    sandbox = Sandbox(Limits(), spawner, start=False)
    try:
        assert spawner.waiting == []
        sandbox.load(tmp_path / "main.py", [tmp_path / "scenarios.py"])
        value, _ = sandbox.learner_answer("quick")
    finally:
        sandbox.close()
    assert value == {"ran": "quick"}
    assert spawner.waiting == [waiting]


def test_the_judge_goes_on_while_a_zygote_forks_and_reads_each_workers_pid_when_it_needs_it(tmp_path):
    """Asking a zygote for a worker does not wait for its answer: the zygote's answers are read in order when
    the next request is made or a pid is needed, here to report how a worker ended."""
    from grader.sandbox.supervisor import ForkedWorker

    exits = "import os\n\nclass Ran(list):\n    def append(self, name):\n        if name == 'endless_too':\n" \
            "            os._exit(3)\n        super().append(name)\n\nran = Ran()\n"
    with _noting_sandbox(tmp_path, exits, check_seconds=0.3, run_seconds=20) as sandbox:
        first, spawner = sandbox.process, sandbox.spawner
        assert isinstance(first, ForkedWorker) and list(spawner.owed) == [first] and not first.answered
        with pytest.raises(LearnerFailure) as stopped:
            sandbox.learner_answer("endless")
        assert stopped.value.kind == "timeout"
        with pytest.raises(LearnerFailure) as crashed:
            sandbox.learner_answer("endless_too")     # in a new worker, which exits with status 3
        # Its status came from the zygote, which knows the worker by the pid it answered, the first's before it.
        assert crashed.value.kind == "crash" and crashed.value.facts["exit_status"] == 3
        assert first.answered and isinstance(first.pid, int) and first not in spawner.owed
        value, _ = sandbox.learner_answer("quick")
    assert value == {"ran": "quick"}


BIG_ANSWER_SCENARIOS = """
import time

import numpy as np


def big(nn, rng):
    return np.zeros(80_000)     # 640 kB, ten times what a pipe holds by default


def after(nn, rng):
    return time.monotonic()
"""


def test_a_worker_goes_on_to_the_next_scenario_while_a_large_answer_waits_to_be_read(tmp_path):
    """Answers up to a megabyte wait in the pipe while the judge is busy elsewhere: the worker is not held up."""
    from grader.limits import Limits
    from grader.sandbox.supervisor import Sandbox

    (tmp_path / "scenarios.py").write_text(BIG_ANSWER_SCENARIOS)
    (tmp_path / "main.py").write_text("")
    sandbox = Sandbox(Limits(), worker_factory())
    try:
        sandbox.load(tmp_path / "main.py", [tmp_path / "scenarios.py"])
        sandbox.prefetch(["big", "after"])
        time.sleep(1.0)   # the judge reads nothing meanwhile
        reading = time.monotonic()
        big, _ = sandbox.learner_answer("big")
        after, _ = sandbox.learner_answer("after")
    finally:
        sandbox.close()
    assert big.shape == (80_000,) and after < reading


def test_once_the_runs_time_is_up_every_scenario_still_asked_is_a_timeout(tmp_path):
    """The worker stopped at the run's limit is not replaced: a scenario asked afterwards, asked ahead or not, is a
    timeout for the learner, never a request written to the closed pipe (whose number may be another file's now)."""
    failures = []
    with _noting_sandbox(tmp_path, "ran = []\n", check_seconds=30, run_seconds=1) as sandbox:
        sandbox.prefetch(["endless", "endless_too"])
        for scenario in ("endless", "endless_too", "quick"):
            with pytest.raises(LearnerFailure) as stopped:
                sandbox.learner_answer(scenario)
            failures.append(stopped.value)
    assert [failure.kind for failure in failures] == ["timeout"] * 3
    assert all("run_seconds" in failure.facts for failure in failures)


def test_a_run_where_every_call_hangs_ends_within_a_minute_and_leaves_nothing(tmp_path):
    marker = f"nnfs-grade-test-{os.getpid()}"
    source = (
        "import subprocess, signal\n"
        f"subprocess.Popen(['sleep', '300', '{marker}'])\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n")
    for name in ("Layer_Dense", "Activation_ReLU", "Activation_Softmax", "Loss_CategoricalCrossentropy",
                 "Activation_Softmax_Loss_CategoricalCrossentropy"):
        source += (f"class {name}:\n"
                   "    def __init__(self, *args):\n        while True:\n            pass\n")
    path = tmp_path / "main.py"
    path.write_text(source)
    # Each hanging call is stopped at the check's limit, so a short one spins less; any limit is under a minute.
    course = with_limits(copy_course(tmp_path / "course"), "challenge_5_backprop", check_seconds=0.5)
    started, environment = time.monotonic(), tagged()
    status, result = grade_json("challenge_5_backprop", path, env=environment, cwd=course)
    assert time.monotonic() - started < 60
    assert status == 1 and result["score"] == 0
    assert {check["status"] for check in result["checks"]} <= {"timeout", "skipped"}
    assert not _processes_matching(marker)
    assert not leftovers(environment)


def test_a_syntax_error_is_gradable_and_quotes_the_line(tmp_path):
    path = planted(tmp_path, "challenge_3_activations", [("return np.where(inputs > 0, inputs, alpha * inputs)",
                                                          "return np.where(inputs > 0, inputs, alpha * inputs")])
    status, result = grade_json("challenge_3_activations", path)
    assert status == 1
    for check in result["checks"]:
        if check["status"] != "skipped":
            assert check["status"] == "error"
            assert "SyntaxError" in check["message"] and "np.where(inputs > 0" in check["message"]


@pytest.mark.parametrize("call, said", [("exit(3)", "exit() (with 3), which"), ("exit()", "exit(), which")])
def test_exit_at_import_is_an_error_not_a_crash_of_the_grader(tmp_path, call, said):
    path = planted(tmp_path, "challenge_3_activations", [("import numpy as np\n", f"import numpy as np\n{call}\n")])
    status, result = grade_json("challenge_3_activations", path)
    assert status == 1
    assert all(check["status"] in ("error", "skipped") for check in result["checks"])
    assert "sys.exit()" in result["checks"][0]["message"] and said in result["checks"][0]["message"]


@pytest.mark.parametrize("imports, call, refused", [
    ("from sklearn.metrics import accuracy_score", "accuracy_score(y_true, predictions)", "sklearn.metrics"),
    ("import sklearn", "sklearn.metrics.accuracy_score(y_true, predictions)", "sklearn.metrics"),
    # sklearn itself, which this case's import_module would load first inside the check, is imported with the file:
    # its 0.7 s of imports (SciPy's among them) can outlast the check's 2 s on a machine busy with the suite.
    ("import importlib, sklearn", "importlib.import_module('sklearn.metrics').accuracy_score(y_true, predictions)",
     "sklearn.metrics"),
    ("import scipy.stats", "float(np.mean(scipy.stats.mode(predictions) == y_true))", "scipy"),
], ids=["from-import", "lazy attribute", "import_module", "scipy"])
def test_a_library_that_would_answer_for_the_learner_cannot_be_imported_by_the_learners_code(tmp_path, imports,
                                                                                             call, refused):
    """scikit-learn and SciPy are installed for the course's own use (challenge 16 loads its digits with
    sklearn.datasets); their functions would compute a challenge's answers, and a grade means the work was done."""
    path = planted(tmp_path, "challenge_4_loss_debug", [
        ("import numpy as np\n", f"import numpy as np\n{imports}\n"),
        ("    return np.mean(predictions == y_true)", f"    return {call}")])
    status, result = grade_json("challenge_4_loss_debug", path)
    accuracy = checks_by_id(result)["accuracy_sparse"]
    assert status == 1 and accuracy["status"] == "error", accuracy["message"]
    assert f"{refused} cannot be imported by your code: this course builds every piece from scratch" in \
        accuracy["message"], accuracy["message"]


def test_importing_the_reference_earns_nothing(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("from reference.functional import sigmoid, leaky_relu, softmax\n")
    status, result = grade_json("challenge_3_activations", path)
    assert status == 1 and result["score"] == 0
    message = result["checks"][0]["message"]
    assert "may not use the grader's reference" in message and message.count("line 1") == 1
    text = run_grade("challenge_3_activations", "--submission", path).stdout
    assert "Start with line 1 of your file (`from reference.functional import sigmoid, leaky_relu, softmax`)" in text


def test_a_refused_import_quotes_the_line_python_numbers_as_its_own(tmp_path):
    """U+2028 inside a comment does not end a line for Python: the quoted line is the import's, not the comment's."""
    path = tmp_path / "main.py"
    path.write_text("x = 1  # a note\u2028and more\nfrom reference.functional import softmax\n", encoding="utf-8")
    text = run_grade("challenge_3_activations", "--submission", path).stdout
    assert "Start with line 2 of your file (`from reference.functional import softmax`)" in text, text


def test_an_import_spelled_in_the_encoding_the_file_declares_is_read_as_python_reads_it(tmp_path):
    """UTF-7 spells `import reference` as `+AGk-mport +AHI-eference`, which Python decodes, as the scan must."""
    path = tmp_path / "main.py"
    path.write_bytes(b"# coding: utf-7\n+AGk-mport +AHI-eference.functional\n")
    status, result = grade_json("challenge_3_activations", path)
    assert status == 1 and result["score"] == 0
    assert result["checks"][0]["message"].startswith("Your file imports reference (line 2)."), result["checks"][0]
    text = run_grade("challenge_3_activations", "--submission", path).stdout
    assert "Start with line 2 of your file (`import reference.functional`)" in text, text


def test_a_coding_line_that_names_a_codec_of_bytes_gets_a_report_that_says_python_refuses_it(tmp_path):
    path = tmp_path / "main.py"
    path.write_bytes(b"# coding: rot13\nvzcbeg ahzcl nf ac\n")
    status, result = grade_json("challenge_3_activations", path)
    assert status == 1 and result["score"] == 0
    assert "'rot13' is not a text encoding" in result["checks"][0]["message"], result["checks"][0]


def test_importing_the_reference_by_a_computed_name_earns_nothing(tmp_path):
    path = tmp_path / "main.py"
    path.write_text(
        "import importlib\n"
        "try:\n    impl = importlib.import_module('refer' + 'ence.functional')\n"
        "except ImportError:\n    impl = None\n"
        "import numpy as np\n"
        "def sigmoid(inputs):\n    return 1 / (1 + np.exp(-inputs))\n"
        "def leaky_relu(inputs, alpha=0.01):\n    return np.where(inputs > 0, inputs, alpha * inputs)\n"
        "def softmax(inputs):\n    e = np.exp(inputs - inputs.max(axis=1, keepdims=True))\n"
        "    return e / e.sum(axis=1, keepdims=True)\n")
    status, result = grade_json("challenge_3_activations", path)
    assert status == 1 and result["score"] == 0
    assert any("tried to import reference" in note for note in result["notes"])


def test_the_learners_code_finds_neither_the_grader_nor_the_scenarios_by_name(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("import sys\nprint(sorted(name for name in sys.modules\n"
                    "             if name.startswith(('grader', 'reference', 'solutions', '_nnfs_grade'))))\n")
    status, result = grade_json("challenge_5_backprop", path)
    assert status == 1 and result["load_output"].strip() == "[]"


def test_printing_a_fake_result_changes_nothing(tmp_path):
    fake = json.dumps({"challenge": "challenge_3_activations", "score": 10.0, "max_score": 10.0, "checks": []})
    path = tmp_path / "main.py"
    path.write_text(f"import os\nprint({fake!r})\nos.write(1, b{fake!r})\n"
                    "def sigmoid(x):\n    print('ALL CHECKS PASSED')\n    return x\n")
    completed = run_grade("challenge_3_activations", "--submission", path, "--json")
    result = json.loads(completed.stdout)
    assert completed.returncode == 1 and result["score"] == 0


def test_the_same_submission_gives_the_same_json():
    path = solution("challenge_5_backprop")
    # Different hash seeds: nothing in a result may depend on the order of a set or a dict of strings.
    first, second = (run_grade("challenge_5_backprop", "--submission", path, "--json",
                               env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2"))
    assert first == second


def test_grading_never_writes_into_the_learners_folder(tmp_path):
    path = tmp_path / "main.py"
    path.write_text(solution(CHALLENGES[0]).read_text())
    before = sorted(p.name for p in tmp_path.iterdir())
    grade_json(CHALLENGES[0], path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


LEAKY_RELU = "    return np.where(inputs > 0, inputs, alpha * inputs)"


@pytest.mark.parametrize("challenge, replaced, ending, check, words, passing", [
    ("challenge_1_forward_pass", "        self.output = np.maximum(0, inputs)", "        import os\n        os._exit(3)",
     "relu_forward", ("exited with status 3",), ("dense_forward", "softmax_forward", "cce_sparse")),
    ("challenge_3_activations", LEAKY_RELU, "    import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)",
     "leaky_relu", ("killed by SIGKILL", "does your code call os.kill"), ("sigmoid", "softmax")),
    ("challenge_3_activations", LEAKY_RELU, "    import ctypes\n    return ctypes.string_at(0)",
     "leaky_relu", ("SIGSEGV", "crash inside compiled code"), ("sigmoid", "softmax")),
], ids=["exit", "kill", "segmentation_fault"])
def test_a_call_that_ends_the_process_costs_only_its_checks(tmp_path, challenge, replaced, ending, check, words,
                                                             passing):
    status, result = grade_json(challenge, planted(tmp_path, challenge, [(replaced, ending)]))
    checks = checks_by_id(result)
    assert status == 1 and checks[check]["status"] == "error"
    assert all(word in checks[check]["message"] for word in words), checks[check]["message"]
    for name in passing:
        assert checks[name]["status"] == "passed", checks[name]["message"]


def test_detached_children_are_killed_when_grade_returns(tmp_path):
    marker = f"nnfs-grade-detached-{os.getpid()}"
    path = tmp_path / "main.py"
    path.write_text(
        "import os, subprocess\n"
        f"subprocess.Popen(['sleep', '300', '{marker}-a'], process_group=0)\n"
        "if os.fork() == 0:\n"
        "    os.setpgid(0, 0)\n"
        "    if os.fork() == 0:\n"
        f"        os.execvp('sleep', ['sleep', '300', '{marker}-b'])\n"
        "    os._exit(0)\n"
        "def sigmoid(x):\n    return x\n")
    grade_json("challenge_3_activations", path)
    assert not _processes_matching(marker)


def test_a_memory_hog_fails_fast_with_a_clear_message(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("import numpy as np\n"
                    "def sigmoid(inputs):\n    return np.ones((200_000, 100_000))\n")
    started = time.monotonic()
    status, result = grade_json("challenge_3_activations", path)
    check = checks_by_id(result)["sigmoid"]
    assert time.monotonic() - started < 30
    assert check["status"] == "error" and "Memory limit exceeded" in check["message"]


def test_a_flood_of_output_is_cut_with_a_note(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("def sigmoid(inputs):\n    for _ in range(200_000):\n        print('spam ' * 10)\n"
                    "    return inputs\n")
    status, result = grade_json("challenge_3_activations", path)
    check = checks_by_id(result)["sigmoid"]
    output = check["output"]
    assert len(output) < 10_000 and "more characters of output were not kept" in output
    # The count travels as data, so every view gives the same number without reading the note back.
    printed, kept = 200_000 * len("spam " * 10 + "\n"), len(output.partition("\n[…")[0])
    assert check["output_dropped"] == printed - kept
    text = run_grade("challenge_3_activations", "--submission", path).stdout
    # Cut at the end of the last whole line of the first 600 characters: 11 lines of 51, less the last's line break.
    line = "spam " * 10
    assert re.search(rf"{line}\n *\[… {printed - 11 * 51 + 1} more characters not shown\]", text), text


def test_input_gets_end_of_file_at_once(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("def sigmoid(inputs):\n    return float(input('a number? '))\n")
    started = time.monotonic()
    status, result = grade_json("challenge_3_activations", path)
    check = checks_by_id(result)["sigmoid"]
    assert time.monotonic() - started < 20
    assert check["status"] == "error" and "input()" in check["message"]


@pytest.mark.parametrize("limit", [None, 100_000], ids=["python's limit", "a limit raised to 100,000"])
def test_unbounded_recursion_is_an_error_with_the_line(tmp_path, limit):
    """Under a raised limit the recursion leaves 100,000 frames: they are walked within the check's time, so the
    report names the line rather than a timeout with none."""
    path = tmp_path / "main.py"
    raised = f"import sys\nsys.setrecursionlimit({limit})\n" if limit else ""
    path.write_text(f"{raised}def sigmoid(inputs):\n    return sigmoid(inputs)\n")
    check = checks_by_id(grade_json("challenge_3_activations", path)[1])["sigmoid"]
    assert check["status"] == "error" and "RecursionError" in check["message"], check["message"]
    assert f"line {4 if limit else 2}" in check["message"] and "calls itself" in check["message"]


def test_odd_exceptions_are_reported_and_the_rest_still_run(tmp_path):
    path = tmp_path / "main.py"
    path.write_text(
        "import numpy as np\n"
        "class Sneaky(Exception):\n    def __str__(self):\n        raise RuntimeError('no message')\n"
        "def sigmoid(inputs):\n    raise KeyboardInterrupt\n"
        "def leaky_relu(inputs, alpha=0.01):\n    raise Sneaky()\n"
        "def softmax(inputs):\n    e = np.exp(inputs - inputs.max(axis=1, keepdims=True))\n"
        "    return e / e.sum(axis=1, keepdims=True)\n")
    checks = checks_by_id(grade_json("challenge_3_activations", path)[1])
    assert checks["sigmoid"]["status"] == "error" and "KeyboardInterrupt" in checks["sigmoid"]["message"]
    assert checks["leaky_relu"]["status"] == "error" and "could not be shown" in checks["leaky_relu"]["message"]
    assert checks["softmax"]["status"] == "passed"


def test_rigged_objects_are_compared_as_plain_data_or_refused(tmp_path):
    path = tmp_path / "main.py"
    path.write_text(
        "import numpy as np\n"
        "class Always(np.ndarray):\n"
        "    def __eq__(self, other):\n        return True\n"
        "    def __array_ufunc__(self, *args, **kwargs):\n        return np.zeros(3, dtype=bool) == 0\n"
        "class Fake:\n"
        "    shape = (5, 4)\n"
        "    def __array__(self, dtype=None, copy=None):\n        return np.zeros((5, 4))\n"
        "    def __eq__(self, other):\n        return True\n"
        "def sigmoid(inputs):\n    return np.zeros_like(inputs).view(Always)\n"
        "def leaky_relu(inputs, alpha=0.01):\n    return Fake()\n"
        "def softmax(inputs):\n    return np.full(inputs.shape, 1.0).view(Always)\n")
    status, result = grade_json("challenge_3_activations", path)
    assert status == 1 and result["score"] == 0
    assert "expected a NumPy array" in checks_by_id(result)["leaky_relu"]["message"]


def test_temporary_files_are_removed(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    path = tmp_path / "main.py"
    path.write_text("open('left-behind.txt', 'w').write('x')\ndef sigmoid(x):\n    return x\n")
    grade_json("challenge_3_activations", path, env={"TMPDIR": str(temporary)})
    assert not list(temporary.iterdir())


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_every_scenario_depends_only_on_its_seed(challenge):
    """What many identical runs would show, in two: the same seed gives the same answer, whatever else ran before."""
    challenge = load_challenge(ROOT / "challenges" / challenge)
    scenarios = import_scenarios(challenge)
    reference = ReferenceRunner(scenarios, challenge.reference)
    for name in scenario_names(scenarios, figures=False):
        first = _plain(reference.answer(name, 0))
        # The runner seeds NumPy's generators; Python's and any unseeded one differ from call to call.
        random.seed(os.urandom(8))
        assert _plain(reference.answer(name, 0)) == first, f"{challenge.name}: scenario {name} depends on luck"


def _plain(value):
    """The bytes the worker would send for `value`: equal only when every number is the same to the bit."""
    return json.dumps(wire.encode(value), sort_keys=True)


def test_tampering_with_the_scenarios_earns_nothing(tmp_path):
    path = tmp_path / "main.py"
    # The worker keeps the scenarios in a namespace; a submission can find it through the garbage collector.
    path.write_text("import gc, types\n"
                    "for found in gc.get_objects():\n"
                    "    if isinstance(found, types.SimpleNamespace) and hasattr(found, 'sigmoid'):\n"
                    "        found.sigmoid = lambda nn, rng: 'all good'\n"
                    "def sigmoid(x):\n    return x\n")
    check = checks_by_id(grade_json("challenge_3_activations", path)[1])["sigmoid"]
    assert check["status"] == "error" and "changed the grader's scenarios" in check["message"]


ATTENTION_FORWARD = ("attention_forward", "attention_masked", "softmax", "causal_mask")


# Each exploit is appended to its challenge's stub, after the one it builds on, and replaces what it redefines.
ON_ATTENTION = ("attention_from_a_helper_reseeded.py",)


@pytest.mark.parametrize("names, challenge, not_written", [
    (ON_ATTENTION, "challenge_18_attention", ATTENTION_FORWARD),
    ((*ON_ATTENTION, "attention_from_a_helper_rewound.py"), "challenge_18_attention", ATTENTION_FORWARD),
    ((*ON_ATTENTION, "softmax_from_a_helper_reseeded.py"), "challenge_18_attention", ATTENTION_FORWARD),
    # Its leaky ReLU is written: those checks pass.
    (("activations_from_a_helper_scaled.py",), "challenge_3_activations",
     ("sigmoid", "softmax", "softmax_single_row"))],
    ids=["attention_reseeded", "attention_rewound", "softmax_reseeded", "activations_scaled"])
def test_no_helper_drawing_a_forward_cache_computes_it_for_a_learner_who_rewinds_its_generator(tmp_path, names,
                                                                                               challenge, not_written):
    """Files that hand the helpers which build a right forward pass in the worker (a softmax, an attention's cache)
    NumPy's own Generator in the state a check's scenario drew its inputs from, or a scale that turns the helper's
    draws into their own inputs: they compute nothing of the check's."""
    submission = tmp_path / "main.py"
    submission.write_text("\n\n".join([stub(challenge).read_text(),
                                       *((ROOT / "tests" / "tampering" / name).read_text() for name in names)]))
    checks = checks_by_id(grade_json(challenge, submission)[1])
    passed = [check_id for check_id in not_written if checks[check_id]["status"] == "passed"]
    assert not passed, passed


# A backward pass that works on 3-D inputs alone, and a forward pass that has the rounds of the backward check after
# the first come back empty (None), which no round of the grader's gives: the scenario function that runs them is
# reached through the frames that call forward.
SKIPS_LATER_ROUNDS = """
        import sys
        frame = sys._getframe(1)
        while frame is not None:
            if '_later_backward' in frame.f_globals:
                frame.f_globals['_later_backward'] = lambda *args, **kwargs: None
            frame = frame.f_back
"""


def test_a_backward_round_the_worker_leaves_empty_earns_nothing(tmp_path):
    path = planted(tmp_path, "challenge_18_attention", [
        ("        self.q, self.k, self.v = q, k, v\n",
         "        self.q, self.k, self.v = q, k, v\n" + SKIPS_LATER_ROUNDS),
        ("self.dv = np.matmul(weights.swapaxes(-1, -2), dvalues)",
         "self.dv = np.matmul(weights.transpose(0, 2, 1), dvalues)")])
    check = checks_by_id(grade_json("challenge_18_attention", path)[1])["attention_backward"]
    assert check["status"] == "error" and "not of the kind this check reads" in check["message"], check


BINARY = "challenge_14_binary_and_regression_training"
DEFAULT_START = "self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)"


@pytest.mark.parametrize("start, status, words", [
    # The spread of the start, np.ptp, overflows: the start is judged random all the same.
    (f"{DEFAULT_START}\n        self.weights.flat[:2] = 1e308, -1e308", "passed", ""),
    ("self.weights = np.full((n_inputs, n_neurons), np.inf)", "failed", "hold 128 infinite or NaN values"),
])
def test_the_judge_computing_on_a_learners_inf_prints_no_numpy_warning(tmp_path, start, status, words):
    """A start the judge computes on (its spread) that holds inf or overflows: no NumPy warning of the judge's
    reaches stderr, and none turns into an error the learner is blamed for where warnings are made errors
    (PYTHONWARNINGS; the learner's own code, which gives no warning here, would get that filter too)."""
    learner = planted(tmp_path, BINARY, [(DEFAULT_START, start)])
    for env in (None, {"PYTHONWARNINGS": "error::RuntimeWarning"}):
        completed = run_grade("14", "--submission", learner, "--json", env=env, timeout=600)
        assert completed.returncode in (0, 1) and "Warning" not in completed.stderr, completed.stderr
        checks = checks_by_id(json.loads(completed.stdout))
        assert not [check["id"] for check in checks.values() if "RuntimeWarning" in check["message"]], env
        spiral = checks["binary_learns_the_spiral"]
        assert spiral["status"] == status and words in spiral["message"], (env, spiral)


def test_warning_filters_of_the_learner_s_shell_grade_nothing_otherwise(tmp_path):
    """A learner's code that warns (np.log(0)) is graded alike whatever PYTHONWARNINGS says: the workers forked from
    `grade` get Python's own filters, as those bubblewrap starts with python -I do."""
    learner = planted(tmp_path, "challenge_1_forward_pass", [(
        "        self.output = np.dot(inputs, self.weights) + self.biases\n",
        "        self.output = np.dot(inputs, self.weights) + self.biases\n        np.log(np.zeros(1))\n")])
    graded = {}
    for env in ({}, {"PYTHONWARNINGS": "error::RuntimeWarning"}, {"PYTHONWARNINGS": "error"}):
        completed = run_grade("1", "--submission", learner, "--json", env=env)
        assert completed.returncode in (0, 1), completed.stderr
        graded[env.get("PYTHONWARNINGS")] = {check["id"]: check["status"]
                                             for check in json.loads(completed.stdout)["checks"]}
    assert graded[None] == graded["error::RuntimeWarning"] == graded["error"], graded
    assert set(graded[None].values()) == {"passed"}, graded[None]


# An Attention whose forward pass hands a probe and its own q, k, v and mask to every function of the frames that
# call it, and takes the weights any of them leaves on the probe: a scenario helper that puts a forward cache right
# from the inputs it is given would write the attention forward for it.
CALLS_THE_SCENARIOS_HELPERS = """
        import sys
        class Probe:
            pass
        frame, weights = sys._getframe(1), None
        while frame is not None and weights is None:
            for found in list(frame.f_globals.values()):
                if callable(found) and not isinstance(found, type):
                    probe = Probe()
                    try:
                        found(probe, q, k, v, mask)
                    except BaseException:
                        continue
                    weights = getattr(probe, 'attention_weights', None)
                    if weights is not None:
                        break
            frame = frame.f_back
        self.q, self.k, self.v = q, k, v
        self.attention_weights = weights
        self.output = np.matmul(weights, v)
"""


def test_no_scenario_helper_computes_the_attention_forward_pass_for_a_learner(tmp_path):
    path = planted(tmp_path, "challenge_18_attention", [(
        "        self.q, self.k, self.v = q, k, v\n"
        "        scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])\n"
        "        if mask is not None:\n"
        "            scores = np.where(mask, scores, MASK_VALUE)\n"
        "        self.attention_weights = softmax(scores)\n"
        "        self.output = np.matmul(self.attention_weights, v)\n", CALLS_THE_SCENARIOS_HELPERS)])
    checks = checks_by_id(grade_json("challenge_18_attention", path)[1])
    assert checks["attention_forward"]["status"] != "passed", checks["attention_forward"]
    assert checks["attention_masked"]["status"] != "passed", checks["attention_masked"]
