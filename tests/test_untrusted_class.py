"""A class report in which some learners attack the judge: none of them gains, and no classmate's grade moves.

The report runs on a copy of the course (challenge 1 and the reference) with one
grading process, so the attackers are graded first, in one process, before the
honest learners; nothing here can change the repository's own course.
"""
import base64
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from classroom import write_learner
from helpers import ROOT, grade_json, run_grade, solution, stub

CHALLENGE = "challenge_1_forward_pass"

# Finds the processes above the learner's worker: the zygote, the grading process, `grade report`.
ANCESTORS = '''import os, signal, sqlite3, sys

def _parent(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])

def _ancestors():
    pid = os.getpid()
    while pid > 1:
        pid = _parent(pid)
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            yield pid, file.read().split(b"\\0")

def _grading_process():
    return next(pid for pid, args in _ancestors() if any(b"grader.judge.batch" in arg for arg in args))

def _report_out():
    for pid, args in _ancestors():
        if b"--out" in args:
            return args[args.index(b"--out") + 1].decode()
'''

# Writes a full-marks answer for every job id into every pipe its grading process holds.
FORGES_ANSWERS = ANCESTORS + '''
_pid = _grading_process()
_lines = "".join(__import__("json").dumps({"id": number, "result": RESULT}) + "\\n" for number in range(20))
for _fd in os.listdir(f"/proc/{_pid}/fd"):
    if _fd != "0" and os.readlink(f"/proc/{_pid}/fd/{_fd}").startswith("pipe:"):
        try:
            with open(f"/proc/{_pid}/fd/{_fd}", "w") as _pipe:
                _pipe.write(_lines)
        except OSError:
            pass
'''

# Removes every classmate from the run's plan in gradebook.sqlite.
WRITES_GRADEBOOK = ANCESTORS + '''
_db = sqlite3.connect(os.path.join(_report_out(), "gradebook.sqlite"), timeout=5)
_db.execute("DELETE FROM run WHERE learner != 'b-writes-gradebook'")
_db.commit()
'''

# Puts a full-marks solution in place of every staged classmate's file.
OVERWRITES_STAGING = ANCESTORS + '''
_staging = os.path.join(_report_out(), ".staging")
for _folder, _, _names in os.walk(_staging):
    for _name in _names:
        if _name == "main.py":
            with open(os.path.join(_folder, _name), "w") as _file:
                _file.write(SOLUTION)
'''

# Rewrites spec.py so that the judge that imports it passes every check, then kills its grading process
# so that a replacement imports it.
SPEC_PAYLOAD = '''
import pathlib as _pl
exec(compile(_pl.Path(__file__).with_name("spec.original").read_text(), __file__, "exec"), globals())
import grader.judge.plugin as _gp
_old = _gp.JudgePlugin._result
def _result(self, info, report, call):
    result = _old(self, info, report, call)
    result.status, result.score, result.message = "passed", result.max_score, ""
    return result
_gp.JudgePlugin._result = _result
'''
REWRITES_SPEC = ANCESTORS + '''
import glob
with open(f"/proc/{_grading_process()}/cmdline", "rb") as _file:
    _root = [_arg for _arg in _file.read().split(b"\\0") if _arg][-1].decode()   # the course it grades
for _spec in glob.glob(os.path.join(_root, "challenges", "*", "spec.py")):
    with open(_spec) as _file:
        _original = _file.read()
    with open(os.path.join(os.path.dirname(_spec), "spec.original"), "w") as _file:
        _file.write(_original)
    with open(_spec, "w") as _file:
        _file.write(PAYLOAD)
os.kill(_grading_process(), signal.SIGKILL)
'''

# Makes every scenario module in its worker run a full-marks solution, whatever file it is given: the modules
# its zygote ran once for every worker, which the next learner's worker must get as they were.
REWIRES_SCENARIOS = '''
import sys as _sys
_solved = type(_sys)("solved")
exec(SOLUTION, vars(_solved))
for _name, _module in list(_sys.modules.items()):
    if _name.startswith("_nnfs_grade_"):
        for _key, _value in list(vars(_module).items()):
            if callable(_value) and getattr(_value, "__module__", None) == _module.__name__:
                setattr(_module, _key, (lambda scenario: lambda nn, rng: scenario(_solved, rng))(_value))
'''

# Leaves folders thousands deep, in its scratch folder and in the sandbox's /tmp and /dev/shm: removing them
# recursively overflowed Python's stack in the zygote, which then ended before it forked the next learner's worker.
LEAVES_A_DEEP_TREE = '''import os as _os
_here = _os.getcwd()
for _top in (_here, "/tmp", "/dev/shm"):
    try:
        _os.chdir(_top)
        for _ in range(3000):
            _os.mkdir("d")
            _os.chdir("d")
    except OSError:
        pass
_os.chdir(_here)
'''


def _course_copy(folder):
    """A course of challenge 1 alone, in `folder`: grading there cannot change the repository."""
    shutil.copytree(ROOT / "challenges" / CHALLENGE, folder / "challenges" / CHALLENGE,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def _attacker(code, **values):
    for name, value in values.items():
        code = code.replace(name, repr(value))
    return (code + "\n" + stub(CHALLENGE).read_text()).encode()


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attacked")
    course = _course_copy(folder / "course")
    spec = (course / "challenges" / CHALLENGE / "spec.py").read_bytes()
    _, full_marks = grade_json(CHALLENGE, solution(CHALLENGE))
    roster = folder / "roster"
    learners = {
        "a-forges-answers": _attacker(FORGES_ANSWERS, RESULT=full_marks),
        "b-writes-gradebook": _attacker(WRITES_GRADEBOOK),
        "c-rewrites-spec": _attacker(REWRITES_SPEC, PAYLOAD=SPEC_PAYLOAD),
        "d-overwrites-staging": _attacker(OVERWRITES_STAGING, SOLUTION=solution(CHALLENGE).read_text()),
        "e-rewires-scenarios": _attacker(REWIRES_SCENARIOS, SOLUTION=solution(CHALLENGE).read_text()),
        "f-leaves-a-deep-tree": _attacker(LEAVES_A_DEEP_TREE),
        "x-solution": solution(CHALLENGE).read_bytes(),
        "y-stub": stub(CHALLENGE).read_bytes(),
        "z-stub": stub(CHALLENGE).read_bytes() + b"\n# another learner's copy of the stub\n",
    }
    for name, source in learners.items():
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": source}, False)
    out = folder / "out"
    completed = run_grade("report", roster, "--out", out, "-j", "1", cwd=course, timeout=600)
    rows = {row["learner"]: row for row in json.loads((out / "results.json").read_text())["learners"]}
    return {"completed": completed, "rows": rows, "out": out, "course": course, "spec": spec}


def _score(row):
    entry = row["challenges"][0]
    return entry["result"]["score"] if "result" in entry else entry["problem"]


def test_the_report_is_written_for_every_learner(attacked):
    assert attacked["completed"].returncode == 0, attacked["completed"].stderr[-3000:]
    assert sorted(attacked["rows"]) == ["a-forges-answers", "b-writes-gradebook", "c-rewrites-spec",
                                        "d-overwrites-staging", "e-rewires-scenarios", "f-leaves-a-deep-tree",
                                        "x-solution", "y-stub", "z-stub"]


def test_no_attacker_gains_a_point(attacked):
    # Confined, the attacks reach nothing and each attacker is graded as the stub it is; unconfined, the
    # judge's own defences catch them: a forged answer and a killed grading process cost their own row.
    rows = attacked["rows"]
    assert _score(rows["a-forges-answers"]) == 0 or "not this job's" in _score(rows["a-forges-answers"])
    assert _score(rows["b-writes-gradebook"]) == 0
    assert _score(rows["c-rewrites-spec"]) == 0 or "killed" in _score(rows["c-rewrites-spec"])
    assert _score(rows["d-overwrites-staging"]) == 0
    assert _score(rows["e-rewires-scenarios"]) == 0
    assert _score(rows["f-leaves-a-deep-tree"]) == 0


def test_the_honest_learners_get_their_own_grades(attacked):
    rows = attacked["rows"]
    assert _score(rows["x-solution"]) == rows["x-solution"]["max_total"] > 0
    assert _score(rows["y-stub"]) == 0 and _score(rows["z-stub"]) == 0


def test_the_course_and_the_gradebook_are_as_before(attacked):
    assert (attacked["course"] / "challenges" / CHALLENGE / "spec.py").read_bytes() == attacked["spec"]
    with sqlite3.connect(attacked["out"] / "gradebook.sqlite") as db:
        learners = {name for (name,) in db.execute("SELECT learner FROM run")}
    assert len(learners) == 9
    assert not (attacked["out"] / ".staging").exists()


def test_a_spec_rewritten_at_import_runs_nowhere_and_is_put_back(tmp_path):
    course = _course_copy(tmp_path)
    spec = course / "challenges" / CHALLENGE / "spec.py"
    original = spec.read_bytes()
    attack = tmp_path / "main.py"
    attack.write_bytes(_attacker(REWRITES_SPEC.replace("os.kill(_grading_process(), signal.SIGKILL)", ""),
                                 PAYLOAD=SPEC_PAYLOAD))
    status, result = grade_json(CHALLENGE, attack, cwd=course)
    assert status == 1 and result["score"] == 0
    if not result.get("confinement", {}).get("confined"):
        assert "changed the course's files" in " ".join(result["notes"])
    assert spec.read_bytes() == original
    # The next learner's run loads the course as it was.
    status, result = grade_json(CHALLENGE, stub(CHALLENGE), cwd=course)
    assert status == 1 and result["score"] == 0


def test_the_shared_spec_rewriting_case_gets_no_pass(tmp_path):
    course = _course_copy(tmp_path)
    spec = course / "challenges" / CHALLENGE / "spec.py"
    original = spec.read_bytes()
    case = ROOT / "tests" / "tampering" / "rewrite_spec_judge_rce.py"
    status, result = grade_json(CHALLENGE, case, cwd=course)
    assert status == 1 and result["score"] == 0
    assert spec.read_bytes() == original


# Plants a bytecode cache for one of the grader's modules: Python would load it instead of the source next time.
PLANTS_BYTECODE = '''import importlib._bootstrap_external as _external, os
_source = open(SOURCE).read() + "\\nPLANTED = True\\n"
_stat = os.stat(SOURCE)
_code = compile(_source, SOURCE, "exec", dont_inherit=True)
os.makedirs(os.path.dirname(CACHE), exist_ok=True)
with open(CACHE, "wb") as _file:
    _file.write(_external._code_to_timestamp_pyc(_code, _stat.st_mtime, _stat.st_size))
'''


def test_a_bytecode_cache_planted_for_the_grader_is_gone_when_the_run_ends(tmp_path):
    import importlib.util

    source = ROOT / "grader" / "judge" / "messages.py"
    cache = Path(importlib.util.cache_from_source(source))
    before = cache.read_bytes() if cache.exists() else None
    attack = tmp_path / "main.py"
    attack.write_bytes(_attacker(PLANTS_BYTECODE, SOURCE=str(source), CACHE=str(cache)))
    try:
        status, result = grade_json(CHALLENGE, attack)
        assert status == 1 and result["score"] == 0
        assert not cache.exists() or b"PLANTED" not in cache.read_bytes()
    finally:
        if before is None:
            cache.unlink(missing_ok=True)
        else:
            cache.write_bytes(before)


def test_a_spec_runs_from_its_sealed_bytecode_cache_and_a_planted_one_is_put_back(tmp_path, monkeypatch):
    import importlib.util
    import marshal

    from grader.course import load_challenge
    from grader.judge.seal import CourseSeal

    monkeypatch.setattr("sys.dont_write_bytecode", False)
    challenge = load_challenge(_course_copy(tmp_path) / "challenges" / CHALLENGE)
    cache = Path(importlib.util.cache_from_source(challenge.spec))
    CourseSeal(tmp_path, [challenge]).code(challenge.spec)       # compiles, and caches as Python would
    written = cache.read_bytes()
    seal = CourseSeal(tmp_path, [challenge])
    assert "test_dense_init_shapes" in seal.code(challenge.spec).co_names and challenge.spec not in seal.compiled
    cache.write_bytes(written[:16] + marshal.dumps(compile("PLANTED = 1", str(challenge.spec), "exec")))
    assert cache in seal.restore() and cache.read_bytes() == written


@pytest.mark.parametrize("field", ["co_stacksize", "co_qualname", "co_consts"])
def test_a_planted_cache_that_differs_from_the_sealed_code_only_where_code_equality_looks_away_is_removed(
        tmp_path, monkeypatch, field):
    """Code objects compare equal whatever their stack size (Python 3.11), which the interpreter trusts: code
    compiled from the sealed source with too small a stack corrupts the memory of the process that runs it."""
    import importlib._bootstrap_external as _external
    import importlib.util

    from grader.course import load_challenge
    from grader.judge.seal import CourseSeal

    monkeypatch.setattr("sys.dont_write_bytecode", False)
    challenge = load_challenge(_course_copy(tmp_path) / "challenges" / CHALLENGE)
    seal = CourseSeal(tmp_path, [challenge])
    cache = Path(importlib.util.cache_from_source(challenge.spec))
    code = compile(challenge.spec.read_bytes(), str(challenge.spec), "exec", dont_inherit=True)
    function = next(constant for constant in code.co_consts if hasattr(constant, "co_code")
                    and any(type(value) is str for value in constant.co_consts))
    # A number or a text the check compares with (a tolerance, an expected message), changed in place.
    consts = tuple("planted" if type(value) is str else value for value in function.co_consts)
    changed = function.replace(**{"co_stacksize": {"co_stacksize": 1}, "co_qualname": {"co_qualname": "planted"},
                                  "co_consts": {"co_consts": consts}}[field])
    planted = code.replace(co_consts=tuple(changed if constant is function else constant
                                           for constant in code.co_consts))
    # What code's own == cannot tell apart, but for the constants, which it compares.
    assert (planted == code) == (field != "co_consts")
    status = challenge.spec.stat()
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(_external._code_to_timestamp_pyc(planted, status.st_mtime, status.st_size))

    assert cache in seal.restore() and not cache.exists()


def test_a_cache_whose_header_is_not_the_sealed_sources_is_not_run(tmp_path, monkeypatch):
    """Python runs a cache only where its header gives the source's time and size: an older cache beside a spec
    edited since would run the old checks."""
    import importlib._bootstrap_external as _external
    import importlib.util

    from grader.course import load_challenge
    from grader.judge.seal import CourseSeal

    monkeypatch.setattr("sys.dont_write_bytecode", False)
    challenge = load_challenge(_course_copy(tmp_path) / "challenges" / CHALLENGE)
    cache = Path(importlib.util.cache_from_source(challenge.spec))
    cache.parent.mkdir(exist_ok=True)
    older = compile("OLDER_CHECKS = 1", str(challenge.spec), "exec")
    status = challenge.spec.stat()
    cache.write_bytes(_external._code_to_timestamp_pyc(older, status.st_mtime - 100, status.st_size))
    seal = CourseSeal(tmp_path, [challenge])
    code = seal.code(challenge.spec)
    assert "OLDER_CHECKS" not in code.co_names and "test_dense_init_shapes" in code.co_names


def test_with_bytecode_caches_written_the_solution_passes_run_after_run(tmp_path):
    course = _course_copy(tmp_path)
    for _ in range(2):   # the first run writes the caches, the second runs from them
        status, result = grade_json(CHALLENGE, solution(CHALLENGE), cwd=course, env={"PYTHONDONTWRITEBYTECODE": ""})
        assert status == 0 and not result["notes"], result["notes"]
    assert list((course / "challenges" / CHALLENGE / "__pycache__").glob("*.pyc"))


def test_a_py_file_with_the_bytes_of_a_classmates_notebook_gets_its_own_grade(tmp_path):
    """Identical submissions share one result, but the same bytes as main.py and as main.ipynb are judged
    differently: a .py file holding a passing notebook's JSON does not even import, and must not get its marks."""
    source = solution("challenge_3_activations").read_text()
    notebook = json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                                      "source": source.splitlines(True)}],
                           "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()
    roster = tmp_path / "roster"
    # The notebook's learner sorts first, so a shared result would be the notebook's.
    write_learner(roster, "a-notebook", {"challenges/challenge_3_activations/main.ipynb": notebook}, as_zip=False)
    write_learner(roster, "b-same-bytes", {"challenges/challenge_3_activations/main.py": notebook}, as_zip=False)

    completed = run_grade("report", roster, "--out", tmp_path / "out", "-j", "1", timeout=600)

    assert completed.returncode == 0, completed.stderr
    learners = {learner["learner"]: learner for learner in json.loads((tmp_path / "out" / "results.json").read_text())
                ["learners"]}
    scores = {name: [item.get("result", {}).get("score") for item in learner["challenges"]
                     if item["challenge"] == "challenge_3_activations"][0] for name, learner in learners.items()}
    assert scores["a-notebook"] > 0
    assert scores["b-same-bytes"] == 0


def _session_and_job(course, source):
    from grader.course import load_challenges
    from grader.judge.batch import BatchSession

    session = BatchSession(course, load_challenges(course), [], io.StringIO(), preload=True)
    job = {"id": 1, "nonce": "n", "challenge": CHALLENGE, "source": base64.b64encode(source).decode("ascii")}
    return session, job


def test_a_class_grading_zygote_runs_each_scenario_file_once_for_every_worker(tmp_path):
    """Each worker of a class grading takes the scenario modules its zygote ran, by the digest of their sealed
    bytes, rather than writing and running them itself; the grades are the same."""
    from grader.sandbox.supervisor import scenario_key

    course = _course_copy(tmp_path / "course")
    session, job = _session_and_job(course, solution(CHALLENGE).read_bytes())
    try:
        scenarios = [path for challenge in session.challenges.values() for path in challenge.scenario_files]
        assert scenarios and session.spawner.preloaded == {scenario_key(path.read_bytes()) for path in scenarios}
        solved = session.grade(job)["result"]
        stubbed = session.grade(dict(job, source=base64.b64encode(stub(CHALLENGE).read_bytes()).decode()))["result"]
    finally:
        session.spawner.close()
    _, alone = grade_json(CHALLENGE, solution(CHALLENGE), cwd=course)
    assert solved["score"] == alone["score"] == solved["max_score"] > 0 and stubbed["score"] == 0


def test_a_scenario_file_the_zygote_does_not_hold_is_the_graders_fault_not_the_learners(tmp_path):
    """Should the judge name a file by a key its zygote never ran, the worker says so before any learner code
    runs, and no check passes: each says the grader failed, or is skipped behind one that did."""
    from grader.sandbox.supervisor import scenario_key

    course = _course_copy(tmp_path / "course")
    session, job = _session_and_job(course, solution(CHALLENGE).read_bytes())
    try:
        scenario_files = session.challenges[CHALLENGE].scenario_files
        for path in scenario_files:
            session.seal.files[path] += b"\n# bytes the zygote never ran\n"
        session.spawner.preloaded |= {scenario_key(session.seal.files[path]) for path in scenario_files}
        checks = session.grade(job)["result"]["checks"]
    finally:
        session.spawner.close()
    errors = [check for check in checks if check["status"] == "error"]
    assert errors and {check["status"] for check in checks} <= {"error", "skipped"}
    assert all("grader" in check["message"] for check in errors), errors[0]["message"]
