"""Whatever the worker writes on its pipe, the judge ends with exit 1 and one bounded JSON document.

The learner's code shares the worker's process, so it can forge any frame. The
cases in tests/tampering crashed the judge (a wrong type, a NaN) or
smuggled 40 MB of "printed output" past the worker's cap; the variants here
forge frames that carry the right request number, so the schema itself is tested.
"""
import json
import os
import shutil
import struct
import subprocess
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.limits import Limits
from grader.sandbox import reaper, replies, wire
from grader.sandbox.supervisor import LearnerFailure, Sandbox, _value_of, _Walls
from helpers import ROOT, checks_by_id, copy_course, grade_json, run_grade, solution, spec_module, with_limits

CASES = Path(__file__).resolve().parent / "tampering"
# The JSON of a challenge 1 result is a few kB; a forged flood must not make it megabytes.
MAX_JSON_BYTES = 200_000

# Writes one forged reply carrying the number of the request being answered, so it passes the
# request-number check and meets the schema itself. REPLY is substituted with a Python expression.
FORGER = '''import json, struct, sys

def _find(name, attribute):
    frame = sys._getframe()
    while frame is not None:
        found = frame.f_locals.get(name)
        if hasattr(found, attribute) or (isinstance(found, dict) and attribute in found):
            return found
        frame = frame.f_back

_worker, _request = _find("self", "outbox"), _find("request", "seq")
_reply = dict(REPLY, seq=_request["seq"])
_body = json.dumps(_reply).encode()
_worker.outbox.write(struct.pack(">I", len(_body)) + _body)

class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        raise NotImplementedError
'''

FORGED_REPLIES = {
    "blocked_imports_of_the_wrong_type": '{"ok": True, "value": None, "blocked_imports": [1]}',
    "an_unknown_package_in_blocked_imports": '{"ok": True, "value": None, "blocked_imports": [{"package": "os"}]}',
    "a_line_number_that_is_a_float": '{"ok": False, "error": {"kind": "exception", "type": "X", "message": "m", '
                                     '"where": {"line": 1.5}}}',
    "a_line_number_out_of_range": '{"ok": False, "error": {"kind": "exception", "type": "X", "message": "m", '
                                  '"where": {"line": 10 ** 30}}}',
    "an_unknown_kind_of_failure": '{"ok": False, "error": {"kind": "passed", "type": "X", "message": "m"}}',
    "ok_that_is_not_a_boolean": '{"ok": "yes", "value": None}',
    "output_that_is_a_list": '{"ok": True, "value": None, "output": ["A"]}',
    "a_negative_count_of_dropped_output": '{"ok": True, "value": None, "output": {"text": "", "dropped": -1}}',
}


def _assert_bounded_failure(completed):
    assert completed.returncode == 1, completed.stderr[-2000:]
    assert len(completed.stdout.encode()) < MAX_JSON_BYTES
    result = json.loads(completed.stdout)
    assert result["score"] == 0 and not result["passed"]
    assert {check["status"] for check in result["checks"]} <= {"error", "failed", "skipped", "timeout"}
    return result


@pytest.mark.parametrize("case", ["forge_frame_blocked_imports_crash", "forge_frame_nan_crash",
                                  "forge_frame_output_flood"])
def test_a_forged_frame_from_the_shared_cases_is_an_error_with_bounded_json(case):
    completed = run_grade("1", "--submission", CASES / f"{case}.py", "--json")
    result = _assert_bounded_failure(completed)
    first = result["checks"][0]
    # Writing 40 MB can outlast the import's time limit on a loaded machine: a timeout is no pass either.
    assert first["status"] == "error" and "sent a reply the grader does not accept" in first["message"] or \
        case == "forge_frame_output_flood" and first["status"] == "timeout"
    # Frames that parse but carry no request number: the reason says so in words, not as a Python value.
    assert case != "forge_frame_blocked_imports_crash" or "and a reply to no request came" in first["message"]


@pytest.mark.parametrize("name", sorted(FORGED_REPLIES))
def test_a_forged_reply_with_the_right_number_is_refused_by_the_schema(tmp_path, name):
    path = tmp_path / "main.py"
    path.write_text(FORGER.replace("REPLY", FORGED_REPLIES[name]))
    result = _assert_bounded_failure(run_grade("1", "--submission", path, "--json"))
    assert "sent a reply the grader does not accept" in result["checks"][0]["message"]


@pytest.mark.parametrize("announced, written", [(40_000_000, 1_000_000), (100, 0)], ids=["cut_short", "a_header_alone"])
def test_a_frame_that_stops_halfway_is_refused_without_waiting_for_the_time_limit(tmp_path, announced, written):
    """A header announcing more bytes than follow: the judge must not wait for the rest until the import's limit
    and then blame the code for running that long."""
    path = tmp_path / "main.py"
    path.write_text(FORGER.replace("_worker.outbox.write(struct.pack(\">I\", len(_body)) + _body)",
                                   f"_worker.outbox.write(struct.pack('>I', {announced}) + b'A' * {written})")
                    .replace("REPLY", "{}"))
    first = _assert_bounded_failure(run_grade("1", "--submission", path, "--json"))["checks"][0]
    assert first["status"] == "error" and "sent a reply the grader does not accept" in first["message"]


def test_forged_printed_output_is_cut_by_the_judge(tmp_path):
    path = tmp_path / "main.py"
    path.write_text(FORGER.replace("REPLY", '{"ok": True, "value": None, "output": {"text": "A" * 4_000_000}}'))
    completed = run_grade("1", "--submission", path, "--json")
    result = _assert_bounded_failure(completed)
    first = result["checks"][0]
    # Writing 4 MB can outlast the import's time limit on a loaded machine: a timeout is no pass either, and keeps
    # no output.
    if first["status"] == "timeout":
        return
    assert len(result["load_output"]) < replies.OUTPUT_LIMIT + 200
    assert "more characters of output were not kept" in result["load_output"], first


# --- the schema and the supervisor, fuzzed --------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)
where = st.none() | st.fixed_dictionaries({}, optional={"line": json_values, "source": json_values,
                                                         "function": json_values}) | json_values
reply_like = st.fixed_dictionaries({}, optional={
    "ok": st.booleans() | json_values, "value": json_values, "seq": st.sampled_from([1, 2, None, "1"]),
    "blocked_imports": st.lists(st.fixed_dictionaries({"package": st.sampled_from(["grader", "os", 1])},
                                                      optional={"line": json_values, "source": json_values}),
                                max_size=4) | json_values,
    "output": st.fixed_dictionaries({}, optional={"text": st.text(max_size=50) | json_values,
                                                  "dropped": st.integers() | json_values}) | json_values,
    "error": st.fixed_dictionaries({}, optional={
        "kind": st.sampled_from(replies.FAILURE_KINDS) | json_values, "type": json_values,
        "message": json_values, "where": where}) | json_values,
})


@settings(max_examples=500, deadline=None)
@given(reply_like)
def test_every_reply_is_either_refused_or_made_plain_and_bounded(message):
    try:
        reply = replies.checked(message, seq=1)
    except wire.WireError as exc:
        assert str(exc)
        return
    json.dumps({key: value for key, value in reply.items() if key not in ("value", "buffers")}, allow_nan=False)
    assert len(reply["output"]["text"]) <= replies.OUTPUT_LIMIT
    assert isinstance(reply["output"]["dropped"], int) and reply["output"]["dropped"] >= 0
    if not reply["ok"]:
        error = reply["error"]
        assert error["kind"] in replies.FAILURE_KINDS and len(error["message"]) <= wire.MAX_TEXT
        line = (error["where"] or {}).get("line")
        assert line is None or (isinstance(line, int) and not isinstance(line, bool))


# The supervisor sends the worker a copy of the learner's file, so one must exist; what it holds never runs here.
LEARNER_FILE = Path(__file__).resolve().parents[1] / "solutions" / "challenge_3_activations" / "main.py"


class _FramesSpawner(_Walls):
    """Stands in for the worker: greets as a worker does, writes prepared bytes on the pipe the judge reads,
    and ends, as a worker that crashed after writing them; with `lives_on`, it closes the pipe and sleeps."""

    GREETING = {"ready": True, "layers": []}

    def __init__(self, data, lives_on=False):
        self.data = _framed(json.dumps(self.GREETING).encode()) + data
        self.command = [shutil.which("sleep"), "30"] if lives_on else [shutil.which("false")]
        self.sandboxed, self.outer, self.inner = False, [], []
        self.started_once = self.failed_to_start = False

    def spawn(self, in_fd, out_fd, workdir, memory_mb):
        out = os.dup(out_fd)

        def write():
            try:
                os.write(out, self.data)
            except OSError:
                pass
            finally:
                os.close(out)

        threading.Thread(target=write, daemon=True).start()
        return subprocess.Popen(self.command, start_new_session=True)

    def kill(self, process):
        reaper.kill_group(process)

    def kill_leftovers(self):
        pass


def _framed(body, length=None):
    return struct.pack(">I", len(body) if length is None else length) + body


frames = st.lists(
    st.one_of(reply_like.map(lambda message: _framed(json.dumps(message).encode())),
              st.binary(max_size=40).map(_framed),
              st.tuples(st.binary(max_size=20), st.integers(0, 2 ** 32 - 1)).map(lambda pair: _framed(*pair))),
    max_size=4).map(b"".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames)
def test_the_supervisor_turns_any_bytes_from_the_worker_into_answers_or_learner_failures(data):
    limits = Limits(check_seconds=0.05, load_seconds=0.05, run_seconds=0.3)
    sandbox = Sandbox(limits, _FramesSpawner(data))
    try:
        sandbox.load(LEARNER_FILE, [])
        failure = sandbox.load_result()
        assert failure is None or isinstance(failure, LearnerFailure)
        for scenario in ("first", "second"):
            try:
                sandbox.learner_answer(scenario)
            except LearnerFailure as failure:
                json.dumps({**vars(failure), "output": vars(failure.output)}, allow_nan=False)
                assert len(failure.output.text) <= replies.OUTPUT_LIMIT
    finally:
        sandbox.close()


def test_a_worker_that_closes_its_pipe_and_lives_on_is_stopped_and_said_to_have_crashed():
    """The judge waits a moment for the exit status of a worker whose pipe closed (the fuzzed workers above end
    at once), and stops one that does not exit."""
    sandbox = Sandbox(Limits(check_seconds=0.05, load_seconds=0.05, run_seconds=5), _FramesSpawner(b"", lives_on=True))
    worker = sandbox.process
    try:
        sandbox.load(LEARNER_FILE, [])
        failure = sandbox.load_result()
        assert isinstance(failure, LearnerFailure) and failure.kind == "crash"
        assert worker.poll() is not None, "the worker that lived on was not stopped"
    finally:
        sandbox.close()


@pytest.mark.parametrize("body", [b'{"value": NaN}', b'{"value": -Infinity}', b'{"value": 1e999}', b"[" * 100_000])
def test_numbers_json_cannot_hold_and_runaway_nesting_are_refused_by_the_decoder(body):
    with pytest.raises(wire.WireError):
        wire.parse_body(body)


# --- a class grading process's answers, fuzzed ------------------------------------------------------

DECLARED = {"first": 1.0, "second": 2.0}
check_like = st.fixed_dictionaries({"id": st.sampled_from(["first", "second", "third", 1])}, optional={
    "name": json_values, "category": json_values, "status": st.sampled_from(["passed", "failed", "bogus"]) | json_values,
    "score": st.sampled_from([0, 0.0, 1.0, 2.0, -1.0, float("inf")]) | json_values,
    "max_score": st.sampled_from([1.0, 2.0, 3.0]) | json_values, "message": json_values, "where": where,
    "output": json_values, "hidden": json_values, "not_started": json_values, "mistake": json_values})
answer_like = st.fixed_dictionaries({}, optional={
    "id": st.sampled_from([7, 8, "7"]), "nonce": st.sampled_from(["n", "m", None]), "problem": json_values,
    "result": st.fixed_dictionaries({}, optional={
        "challenge": st.sampled_from(["c", "d"]), "title": json_values, "notes": json_values,
        "load_output": json_values, "checks": st.lists(check_like, max_size=3) | json_values}) | json_values})


@settings(max_examples=400, deadline=None)
@given(answer_like)
def test_a_grading_process_answer_is_either_refused_or_a_plain_bounded_result(answer):
    from grader.judge.verdicts import AnswerRefused, checked_answer

    try:
        line = json.dumps(answer).encode()
    except ValueError:
        return
    try:
        accepted = checked_answer(line, {"id": 7, "challenge": "c"}, "n", DECLARED)
    except AnswerRefused as refused:
        assert str(refused)
        return
    json.dumps(accepted, allow_nan=False)
    assert answer["nonce"] == "n" and answer["id"] == 7
    if "result" in accepted:
        checks = accepted["result"]["checks"]
        assert sorted(check["id"] for check in checks) == ["first", "second"]
        assert all(0 <= check["score"] <= DECLARED[check["id"]] == check["max_score"] for check in checks)


# Progress lines whose "numbers" are characters the checks' patterns allow, but no number: "-", ".", "n", "i".
UNREADABLE_PROGRESS = '''

_train = Model.train


def _odd_train(self, *args, **kwargs):
    _train(self, *args, **kwargs)
    print("acc: -, loss: . (data_loss: n, reg_loss: i)")
    print("validation, acc: ., loss: -")


_evaluate = Model.evaluate


def _odd_evaluate(self, *args, **kwargs):
    _evaluate(self, *args, **kwargs)
    print("validation, acc: ., loss: -")


Model.train, Model.evaluate = _odd_train, _odd_evaluate
'''


@pytest.mark.parametrize("challenge, checks", [
    ("challenge_15_complete_model", ("train_regression", "train_binary")),
    ("challenge_10_model", ("evaluate",)),
])
def test_printed_progress_whose_numbers_are_not_numbers_fails_with_a_sentence(tmp_path, challenge, checks):
    """The checks read numbers from what the learner's code printed: text that only looks like them is a failed
    check saying so, never a fault of the grader (tests/test_spec_fuzz.py feeds every check such text)."""
    submission = tmp_path / "main.py"
    submission.write_text(solution(challenge).read_text() + UNREADABLE_PROGRESS)

    _, result = grade_json(challenge, submission)

    statuses = {check["id"]: check for check in result["checks"]}
    assert not [check["id"] for check in result["checks"] if check["status"] == "error"]
    for check_id in checks:
        assert statuses[check_id]["status"] == "failed"
        assert "numbers cannot be read" in statuses[check_id]["message"]


class _EndedSandboxSpawner(_Walls):
    """Stands in for a forked zygote that has ended: every worker it hands out never ran, and how it ended
    cannot be known (grader.sandbox.forked_zygote.Forked(None))."""

    def __init__(self):
        self.sandboxed, self.outer, self.inner = True, [], []
        self.started_once = self.failed_to_start = False

    def spawn(self, in_fd, out_fd, workdir, memory_mb):
        from grader.sandbox.forked_zygote import Forked

        return Forked(None)

    def kill(self, process):
        pass

    def kill_leftovers(self):
        pass


def test_a_worker_whose_sandbox_ended_is_not_said_to_have_ended_itself():
    from grader.judge.messages import describe_failure

    sandbox = Sandbox(Limits(check_seconds=0.5, load_seconds=0.5, run_seconds=5), _EndedSandboxSpawner())
    try:
        sandbox.load(LEARNER_FILE, [])
        failure = sandbox.load_result()
    finally:
        sandbox.close()
    assert isinstance(failure, LearnerFailure) and failure.kind == "crash"
    sentence = describe_failure(failure, at_import=True)
    assert "The sandbox running your code ended while importing your file" in sentence
    assert "os._exit" not in sentence and "status None" not in sentence


def test_a_worker_that_cannot_get_ready_to_import_the_file_does_not_blame_the_file():
    from grader.judge.messages import describe_failure

    failure = LearnerFailure("grader", "GraderError", "the grader's package could not be hidden from the submission")
    sentence = describe_failure(failure, at_import=True)
    assert sentence.startswith("The grader could not load your file (the grader's package could not be hidden")
    assert "fault in the grader, not in your code" in sentence and "could not be imported" not in sentence


@pytest.mark.parametrize("operands", ["a, shape (); b, shape ()", "a, shape (1 2); b, shape (3,)",
                                      "a, shape (3,); b, shape ()"])
def test_a_matmul_message_the_learner_forged_gets_a_sentence_not_a_fault_of_the_grader(operands):
    """The operands the worker adds to a matmul error are read back from the exception's text, which the learner's
    code may write itself: shapes no product has are NumPy's words alone, and advice that cannot read the text is
    left out, never a traceback in the judge."""
    from grader.judge.messages import describe_failure
    from grader.sandbox.operands import OPERANDS

    text = f"matmul: Input operand 1 has a mismatch in its core dimension 0; {OPERANDS} {operands}"
    sentence = describe_failure(LearnerFailure("exception", "ValueError", text))
    assert sentence.startswith("Your code raised ValueError: matmul: Input operand 1 has a mismatch"), sentence


def test_a_lone_surrogate_from_the_learners_code_is_shown_as_its_escape_in_every_output(tmp_path):
    """print("\\ud800") or an exception message holding one: no UTF-8 text can hold a lone surrogate, so the JSON,
    the terminal report and the class's pages would fail to be written."""
    from classroom import write_learner

    path = tmp_path / "main.py"
    path.write_text('print("\\ud800")\n\ndef softmax(inputs):\n    raise ValueError("x\\udc80")\n')
    status, result = grade_json("challenge_3_activations", path)
    assert status == 1 and result["load_output"] == "\\ud800\n"
    assert "ValueError: x\\udc80" in checks_by_id(result)["softmax"]["message"]
    assert run_grade("challenge_3_activations", "--submission", path).returncode == 1
    write_learner(tmp_path / "roster", "surrogates", {"challenge_3_activations/main.py": path.read_bytes()},
                  as_zip=False)
    completed = run_grade("report", tmp_path / "roster", "--out", tmp_path / "out", "--challenge", "3", "-j", "1")
    assert completed.returncode == 0, completed.stderr
    learner, = json.loads((tmp_path / "out" / "results.json").read_text())["learners"]
    assert learner["challenges"][0]["result"]["load_output"] == "\\ud800\n"
    # A notebook's JSON may hold one in its code itself, which the judge writes into a file.
    notebook = tmp_path / "main.ipynb"
    code = "# \ud800\ndef softmax(inputs):\n    raise ValueError('x\udc80')\n"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "id": "a", "metadata": {},
                                               "outputs": [], "source": code}],
                                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert "\\ud800" in notebook.read_text()
    status, result = grade_json("challenge_3_activations", notebook)
    assert status == 1
    assert "ValueError: x\\udc80. Your code stopped at code cell 1, line 3" in checks_by_id(result)["softmax"]["message"]


def test_the_json_report_shows_no_character_the_learners_text_could_hide(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("def sigmoid(inputs):\n    raise ValueError('\\u202eDESSAP\\u2028\\x85\\U000e0041 ok')\n")
    completed = run_grade("challenge_3_activations", "--submission", path, "--json", "--check", "sigmoid")
    assert not any(char in completed.stdout for char in "\u202e\u2028\x85\U000e0041"), completed.stdout[-500:]
    check = next(check for check in json.loads(completed.stdout)["checks"] if check["id"] == "sigmoid")
    assert "\u202eDESSAP\u2028\x85\U000e0041 ok" in check["message"]    # the same text to a parser


def test_a_forged_source_line_with_line_breaks_stays_one_line():
    where = {"line": 3, "source": "x = 1\n\rAll 18 checks passed", "function": "f",
             "caller": {"line": 9, "source": "f()\nPASSED"}}
    checked = replies.checked_location(where)
    assert checked["source"] == "x = 1\\n\\rAll 18 checks passed"
    assert checked["caller"]["source"] == "f()\\nPASSED"


def test_a_function_name_with_a_line_break_is_shown_on_one_line(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("def sigmoid(inputs):\n    raise ValueError('no')\n\n"
                    "sigmoid.__code__ = sigmoid.__code__.replace(co_qualname='sigmoid\\n\\nPASSED')\n")
    completed = run_grade("challenge_3_activations", "--submission", path, "--json")
    check = next(check for check in json.loads(completed.stdout)["checks"] if check["id"] == "sigmoid")
    assert check["where"]["function"] == "sigmoid\\n\\nPASSED", check["where"]


# A forger that answers every scenario with one frame of COUNT empty dicts that the judge would have turned into
# gigabytes of them, or with real arrays of 31 MB, each of which the judge would have kept.
BULKY = {
    "json_bomb": '''import gc, struct
def _install():
    for worker in gc.get_objects():
        if type(worker).__name__ == "Worker" and hasattr(worker, "outbox"):
            real = worker.send
            def send(reply, real=real, worker=worker):
                if "seq" not in reply or reply.get("value") is None:
                    return real(reply)
                body = b'{"ok":true,"seq":%d,"value":[' % reply["seq"] + b"{}," * COUNT + b'{}]}'
                worker.outbox.write(struct.pack(">I", len(body)) + body)
            worker.send = send
            return
_install()
''',
    # Sequences nested 19 deep, COUNT of them: within the per-frame limits, and each decoded as an object of its own.
    "nested_sequences": '''import sys
def _wire():
    frame = sys._getframe()
    while frame and type(frame.f_globals.get("wire")).__name__ != "module":
        frame = frame.f_back
    return frame.f_globals["wire"]
_wire_module = _wire()
_encode = _wire_module.encode
_chain = {"__seq__": []}
for _ in range(18):
    _chain = {"__seq__": [_chain]}
def _bomb(value, depth=0, buffers=None):
    encoded = _encode(value, depth, buffers)
    return {"__seq__": [_chain] * COUNT} if depth == 0 and isinstance(encoded, dict) and "__dict__" in encoded \
        else encoded
_wire_module.encode = _bomb
''',
    # Every backward pass of challenge 5 leaves 62 MB for its scenario to send.
    "kept_arrays": '''import numpy as np
BIG = np.ones(3_900_000)
class _Big:
    def __init__(self, *args):
        pass
    def forward(self, *args, **kwargs):
        return 0.0
    def backward(self, *args, **kwargs):
        self.dweights = self.dinputs = BIG
        self.dbiases = BIG[:10]
Layer_Dense = Activation_ReLU = Activation_Softmax = Loss_CategoricalCrossentropy = _Big
Activation_Softmax_Loss_CategoricalCrossentropy = _Big
''',
}


# The judge's own peak: about 180, 60, 115, 220 and 365 MB.
@pytest.mark.parametrize("name, count, said, most_kb", [
    ("json_bomb", 7_000_000, "the message's JSON of", 300_000),                                   # 20 MB a frame
    ("json_bomb", 1_000_000, "the message's JSON holds more values than the limit", 300_000),      # 3 MB a frame
    ("json_bomb", 180_000, "came to more than 64 MB in all, more than the grader keeps", 300_000),  # 0.5 MB each
    # 31 MB arrays, sent by each backward pass of challenge 5's scenarios.
    ("kept_arrays", 0, "came to more than 64 MB in all, more than the grader keeps", 400_000),
    # 670 MB when a JSON value was weighed as 64 bytes.
    ("nested_sequences", 9_900, "came to more than 64 MB in all, more than the grader keeps", 500_000),
])
def test_replies_that_would_take_the_judge_s_memory_are_refused_and_its_memory_stays_bounded(
        tmp_path, name, count, said, most_kb):
    import sys

    path = tmp_path / "main.py"
    challenge = "challenge_5_backprop" if name == "kept_arrays" else "challenge_1_forward_pass"
    # The forgers that patch the worker come after the solution, whose answers they replace.
    path.write_text(BULKY[name].replace("COUNT", str(count)) if name == "kept_arrays" else
                    solution(challenge).read_text() + BULKY[name].replace("COUNT", str(count)))
    # The peak memory of the judge alone, `grade` run in this process: its workers are processes of their own, each
    # with a memory limit of its own.
    # grade leaves through os._exit, which its forked children inherit too: only the judge's exit says its peak.
    # VmHWM, the peak of this program's own memory: ru_maxrss keeps the peak of the process that started it (pytest's,
    # hundreds of MB), which a fork shares and an exec keeps.
    measure = ("import os, runpy, sys\n"
               "judge, leave = os.getpid(), os._exit\n"
               "def measured_exit(code):\n"
               "    if os.getpid() == judge:\n"
               "        with open('/proc/self/status') as status:\n"
               "            peak = next(line.split()[1] for line in status if line.startswith('VmHWM:'))\n"
               "        print(peak, file=sys.stderr, flush=True)\n"
               "    leave(code)\n"
               "os._exit = measured_exit\n"
               "sys.argv = ['grade', *sys.argv[1:]]\n"
               "runpy.run_module('grader', run_name='__main__', alter_sys=True)\n")
    completed = subprocess.run([sys.executable, "-c", measure, challenge, "--submission", str(path), "--json"],
                               capture_output=True, text=True, timeout=300, cwd=ROOT)
    result = json.loads(completed.stdout)
    assert result["score"] < result["max_score"]
    assert any(said in check["message"] for check in result["checks"]), result
    assert int(completed.stderr.split()[-1]) < most_kb, completed.stderr   # gigabytes before any bound


# A reply of 1 MB whose arrays a check multiplied out (challenge 7's predict run without its ReLU, in the judge):
# data of 1,000,000 samples and a network whose first layer takes one input, about 1 GB of the judge's memory.
OVERSIZED_NETWORK = '''
import sys
def _forge():
    frame = sys._getframe()
    while frame is not None and type(frame.f_globals.get("wire")).__name__ != "module":
        frame = frame.f_back
    wire = frame.f_globals["wire"]
    real = wire.encode
    def encode(value, depth=0, buffers=None):
        if depth == 0 and isinstance(value, dict) and "network" in value and "on_training" in value:
            value = dict(value, inputs=np.ones((1_000_000, 1), dtype=np.uint8), on_training=np.zeros(300, dtype=int),
                         network=[[np.ones((1, 64), dtype=np.uint8), np.zeros(64, dtype=np.uint8)],
                                  [np.ones((64, 3), dtype=np.uint8), np.zeros(3, dtype=np.uint8)]])
        return real(value, depth, buffers)
    wire.encode = encode
_forge()
'''


def test_what_the_learners_code_sends_back_never_sizes_what_a_check_computes(tmp_path):
    import sys

    path = tmp_path / "main.py"
    path.write_text(solution("challenge_7_training").read_text() + OVERSIZED_NETWORK)
    measure = ("import resource, subprocess, sys; completed = subprocess.run(sys.argv[1:], capture_output=True, "
               "text=True); print(completed.stdout); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)")
    completed = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "grader", "challenge_7_training",
                                "--submission", str(path), "--json"], capture_output=True, text=True, timeout=300)
    check = checks_by_id(json.loads(completed.stdout))["training_accuracy"]
    assert check["status"] == "failed" and "accuracy on the training data" in check["message"], check
    assert int(completed.stderr.split()[-1]) < 300_000, completed.stderr   # about 1,070,000 kB before the bound


def test_a_long_list_of_what_a_saved_model_kept_is_read_no_further_than_a_real_one():
    """Challenge 15's check of save compares the paths of the kept arrays it is sent: 200,000 of them, within every
    bound of the wire, were compared each with each (hours of the judge's time)."""
    import time

    from grader import expect

    spec = spec_module("challenge_15_complete_model")
    got = {"text_mode": None, "raised": None, "loaded_type": "Model", "taken_from_model": "",
           "leftovers": [f"model.input_layer.a{number:x} model.b{number:x}" for number in range(200_000)]}
    started = time.process_time()
    with pytest.raises(expect.Mismatch) as failure:
        spec.test_save_and_load(lambda scenario: (got, {"loaded_type": "Model"}))
    assert time.process_time() - started < 5
    assert "still holds the data of the model's last pass" in str(failure.value) and len(str(failure.value)) < 2000


def test_an_exception_s_name_and_text_with_line_breaks_stay_on_the_check_s_line(tmp_path):
    path = tmp_path / "main.py"
    forged = "x\n\n  PASS  sigmoid squashes every value  [1/1]\r\n"
    path.write_text(f"Forged = type('Forged' + {forged!r}.replace(' ', '\\u00a0'), (Exception,), {{}})\n"
                    f"def sigmoid(inputs):\n    raise Forged({forged!r})\n")
    completed = run_grade("challenge_3_activations", "--submission", path)
    assert "\n  PASS  sigmoid" not in completed.stdout and "\r" not in completed.stdout, completed.stdout
    check = checks_by_id(json.loads(run_grade("challenge_3_activations", "--submission", path, "--json").stdout))[
        "sigmoid"]
    assert "\n" not in check["message"] and "x\\n\\n" in check["message"], check["message"]


def test_an_honest_reply_over_the_frame_limit_is_not_said_to_be_a_forgery(tmp_path):
    """Three 31 MB gradients, each under the size the worker describes instead of sending, make one 94 MB reply:
    the code may have written to the channel, or only kept arrays far too large, and the message says both."""
    path = tmp_path / "main.py"
    path.write_text("import numpy as np\n\n\nclass _Big:\n    def __init__(self, *args):\n        pass\n\n"
                    "    def forward(self, *args, **kwargs):\n        return 0.0\n\n"
                    "    def backward(self, *args, **kwargs):\n"
                    "        self.dweights, self.dbiases, self.dinputs = (np.ones(3_900_000) for _ in range(3))\n\n\n"
                    "Layer_Dense = Activation_ReLU = Activation_Softmax = Loss_CategoricalCrossentropy = _Big\n"
                    "Activation_Softmax_Loss_CategoricalCrossentropy = _Big\n")
    # Writing 94 MB can outlast the 2 s a check has on a machine busy with the rest of the suite; the time
    # limit is not what this test is about.
    course = with_limits(copy_course(tmp_path / "course"), "challenge_5_backprop", check_seconds=60.0)
    check = checks_by_id(grade_json("challenge_5_backprop", path, cwd=course)[1])["dense_backward_dweights"]
    assert check["status"] == "error" and "is larger than the limit" in check["message"], check["message"]
    assert "Either an answer held arrays far larger than the checks'" in check["message"], check["message"]


def test_arrays_that_all_name_the_same_bytes_are_refused_before_each_is_copied():
    """30 references to one 32 MB buffer were 1 GB in the judge."""
    count = 1000
    item = {"__buffer__": [0, count * 8], "dtype": "<f8", "shape": [count], "scalar": False}
    with pytest.raises(wire.WireError, match="name more bytes than the message holds"):
        wire.decode({"__seq__": [item] * 3, "type": "list"}, buffers=bytes(count * 8))
    assert wire.decode({"__seq__": [item], "type": "list"}, buffers=bytes(count * 8))[0].shape == (count,)


@pytest.mark.parametrize("shape", [[0] * 70, [0, 2 ** 52, 2 ** 52], [0, *[10 ** 6] * 5], [1] * 33],
                         ids=["70 sides", "sides past NumPy's index", "empty and 10^30 besides", "33 sides of one"])
def test_an_array_whose_forged_shape_numpy_refuses_is_the_learners_failure_not_the_graders(shape):
    """An empty array's shape passes the count of its values, whatever its other sides: NumPy's own refusal of it was
    said to be a fault in the grader."""
    array = {"__ndarray__": "", "dtype": "<f8", "shape": shape, "scalar": False}
    with pytest.raises(wire.WireError):
        wire.decode(array)
    with pytest.raises(LearnerFailure, match="cannot be compared as plain data"):
        _value_of({"ok": True, "value": array, "buffers": b""})


# Gives back challenge 12's split scenario with one case a mapping of other keys than the scenario makes.
OTHER_KEYS = '''import sys
def _wire():
    frame = sys._getframe()
    while frame and type(frame.f_globals.get("wire")).__name__ != "module":
        frame = frame.f_back
    return frame.f_globals["wire"]
_wire_module = _wire()
_encode = _wire_module.encode
def _other_keys(value, depth=0, buffers=None):
    if depth == 0 and isinstance(value, dict) and "20" in value:
        value = {**value, "20": {"odd": 1.0}}
    return _encode(value, depth, buffers)
_wire_module.encode = _other_keys
'''


def test_an_answer_a_check_cannot_read_is_laid_at_the_learners_door_not_the_graders(tmp_path):
    """A check that stops at what the learner's code gave back (a KeyError in a mapping of other keys), where the
    reference's own answers take it to its end, says so: the fault is not the grader's."""
    challenge = "challenge_12_validation_and_preprocessing"
    path = tmp_path / "main.py"
    path.write_text(solution(challenge).read_text() + OTHER_KEYS)
    _, result = grade_json(challenge, path)
    check = checks_by_id(result)["split_sizes"]
    assert check["status"] == "error" and "not of the kind this check reads (KeyError: 'out')" in check["message"], \
        check
    assert not [other for other in result["checks"] if "fault in the grader" in other["message"]], result


def test_a_value_s_description_and_type_name_stay_on_one_line():
    opaque = wire.decode({"__opaque__": "x\n  PASS  sigmoid  [1/1]", "type": "T\r\nAll 15 checks passed"})
    assert "\n" not in opaque.description + opaque.type_name and "\r" not in opaque.type_name
    assert opaque.description == "x\\n  PASS  sigmoid  [1/1]"


def test_a_message_quoting_megabytes_the_code_returned_is_cut_to_a_bounded_length():
    """A check's message that quotes what the learner's code returned, however long, is said within a bounded
    length, which a class report's answer can carry."""
    from grader.expect import Mismatch
    from grader.judge.messages import MOST_MESSAGE_CHARACTERS
    from grader.judge.plugin import JudgePlugin
    from grader.spec import CheckInfo

    info = CheckInfo(id="quotes", name="quotes", category="data", points=1.0, hints=("",))
    plugin = JudgePlugin.__new__(JudgePlugin)
    plugin.printed = {}
    result = plugin._result(info, Mismatch(f"The indices are {list(range(200_000))}."))
    assert result.message.startswith("The indices are [0, 1, 2")
    assert len(result.message) < MOST_MESSAGE_CHARACTERS + 60 and result.message.endswith(" more characters]")


def test_a_fold_of_millions_of_indices_is_refused_before_any_message_lists_them():
    from helpers import grade_planted

    status, result = grade_planted("challenge_12_validation_and_preprocessing", [(
        "    folds = np.array_split(np.arange(n_samples), k)",
        "    folds = np.array_split(np.arange(n_samples if n_samples != 23 else 200_000), k)")])
    message = checks_by_id(result)["k_fold_validates_every_sample_once"]["message"]
    assert status == 1 and message.startswith("A fold of k_fold(23, 5) holds 160000 indices"), message
