"""The checks run without pytest give byte-identical results to a plain pytest run of the same spec files.

`grade` runs plain checks itself (grader.judge.checks) and computes the reference's
answers while the worker computes the learner's; a pytest run with the judge plugin
is the definition of what a spec file means. Every solution, untouched stub and
planted mistake is judged both ways, and the JSON documents must be the same bytes.
"""
import functools
import json
import re
import shutil
import types

import pytest

from grader.course import load_challenges
from grader.judge.checks import CheckRunner, NeedsPytest, checks_in
from grader.judge.grading import Judge, run_spec_files
from grader.judge.seal import CourseSeal
from grader.sandbox.supervisor import ZygoteSpawner
from grader.spec import check
from grader.views import render
from helpers import ROOT, copy_course, grade_planted, planted, run_grade, solution, stub
from planted_mistakes import PLANTED

CHALLENGES = {challenge.name: challenge for challenge in load_challenges(ROOT)}
CASES = ([(name, "solution", ()) for name in CHALLENGES] + [(name, "stub", ()) for name in CHALLENGES]
         + [(entry[0], f"planted {number}", tuple(map(tuple, entry[1]))) for number, entry in enumerate(PLANTED)])


@pytest.fixture(scope="module")
def pytest_judge():
    """A judge whose checks run in a pytest run of their own, its workers forked from one zygote."""
    seal = CourseSeal(ROOT, list(CHALLENGES.values()))
    spawner = ZygoteSpawner(before_start=seal.restore)
    yield Judge(functools.partial(run_spec_files, seal=seal), spawner, seal)
    spawner.close()
    assert not seal.restore(), "grading changed the course"


def _same_scratch(text):
    """Each forked worker imports the file from a scratch folder of a new name, which its warnings quote."""
    return re.sub(r"/tmp/worker-[A-Za-z0-9_]+/", "/tmp/worker/", text)


def _printed(result):
    """The JSON document `grade --json` printed for `result` (render.to_json's bytes, from its parsed form), with
    the path of the file graded, which differs between the two gradings, and the worker's scratch folder named alike."""
    text = json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False)
    return _same_scratch(text.replace(json.dumps(result["submission"])[1:-1], "SUBMISSION"))


def _submission(tmp_path, name, role, replacements):
    if role == "solution":
        return solution(name)
    if role == "stub":
        return stub(name)
    return planted(tmp_path, name, replacements)


@pytest.mark.parametrize("name, role, replacements", CASES, ids=[f"{name}-{role}" for name, role, _ in CASES])
def test_grade_and_a_pytest_run_give_the_same_json(pytest_judge, graded_course, tmp_path, name, role, replacements):
    """`grade`'s own JSON (the command's, graded once per test run for the tests of test_grading.py and
    test_golden.py) against a pytest run of the same spec files on the same code, byte for byte."""
    status, ours = graded_course(name, role) if role in ("solution", "stub") else grade_planted(name, replacements)
    result = pytest_judge.grade(CHALLENGES[name], _submission(tmp_path, name, role, replacements))
    assert _printed(ours) == _printed(json.loads(render.to_json(result)))
    assert status == (0 if result.passed else 1)
    assert ours["checks"], "no check ran"


@pytest.mark.parametrize("name, replacements", [
    ("challenge_1_forward_pass", PLANTED[0][1]),
    ("challenge_5_backprop", None),
])
def test_the_grade_command_prints_what_a_pytest_run_gives(tmp_path, name, replacements):
    """The whole command (its worker started early, its own check runner) against pytest, byte for byte."""
    submission = planted(tmp_path, name, replacements) if replacements else stub(name)
    completed = run_grade(name, "--submission", submission, "--json")
    seal = CourseSeal(ROOT, [CHALLENGES[name]])
    result = Judge(functools.partial(run_spec_files, seal=seal), seal=seal).grade(CHALLENGES[name], submission)
    assert completed.returncode == (0 if result.passed else 1)
    assert completed.stdout == render.to_json(result) + "\n"


def _spec_module(**values):
    module = types.ModuleType("spec")
    vars(module).update(values)
    return module


def _spec_functions():
    """Functions as a spec file would define them (built here, so that this file's pytest run does not collect them)."""
    @check("forward", hint="A hint.")
    def test_plain(run):
        """A plain check"""

    def test_not_a_check(run):
        """A test function without @check"""

    @check("forward", hint="A hint.")
    def test_other_fixture(run, tmp_path):
        """A check asking for another fixture"""

    class TestGroup:
        pass

    return test_plain, test_not_a_check, test_other_fixture, TestGroup


PLAIN, NOT_A_CHECK, OTHER_FIXTURE, TEST_CLASS = _spec_functions()


@pytest.mark.parametrize("values", [
    {"test_not_a_check": NOT_A_CHECK},
    {"test_other_fixture": OTHER_FIXTURE},
    {"TestGroup": TEST_CLASS},
    {"pytest": pytest},
    {"skip": pytest.skip},
    {"pytestmark": [pytest.mark.filterwarnings("ignore")]},
    {"setup_module": lambda: None},
], ids=["not a check", "another fixture", "a test class", "pytest", "a pytest function", "a mark", "module set-up"])
def test_a_spec_file_asking_more_of_pytest_goes_to_pytest(values):
    with pytest.raises(NeedsPytest):
        checks_in(_spec_module(test_plain=PLAIN, **values))


def test_plain_checks_are_collected_and_the_rest_left_alone():
    module = _spec_module(test_plain=PLAIN, testing_data=[1, 2], helper=lambda run: None, CONSTANT=3)
    assert checks_in(module) == [PLAIN]


def test_every_challenge_of_the_course_runs_without_pytest():
    runner = CheckRunner(CourseSeal(ROOT, list(CHALLENGES.values())))
    for challenge in CHALLENGES.values():
        modules, checks = runner.collect(challenge)
        assert [function.check_info.id for function in checks], challenge.name
        assert all(CourseSeal.sealed(module) for module in modules)


@pytest.mark.parametrize("command", [("3",), ("3", "--check", "softmax"), ("list",),
                                     ("report", "roster", "--out", "report", "-j", "1")])
def test_a_spec_file_that_fails_to_import_is_a_course_fault_not_ctrl_c(tmp_path, command):
    """pytest ends a run whose spec file fails to collect as it ends one stopped by Ctrl-C (INTERRUPTED): the
    learner must be told that the course is broken and where, not that they pressed Ctrl-C."""
    course = copy_course(tmp_path / "course")
    spec = course / "challenges" / "challenge_3_activations" / "spec.py"
    spec.write_text(spec.read_text() + "\nraise ValueError('a broken spec line')\n")
    # `grade list` grades in one process only the challenges whose main.py changed: two of them.
    for name in ("challenge_3_activations", "challenge_4_loss_debug"):
        shutil.copy(solution(name), course / "challenges" / name / "main.py")
        learner = course / "roster" / "alice" / "challenges" / name
        learner.mkdir(parents=True)
        shutil.copy(solution(name), learner / "main.py")

    completed = run_grade(*command, cwd=course)

    assert "Ctrl-C" not in completed.stdout + completed.stderr
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "fault in the course" in completed.stderr and "challenge_3_activations" in completed.stderr
    assert "ValueError: a broken spec line" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_a_spec_file_that_needs_pytest_is_graded_from_pytests_run_loop_alike_in_every_command(tmp_path):
    """A spec file that asks more of pytest than plain checks (here a module set-up) is run by pytest: `grade`
    alone, and `grade list` and `grade report` from pytest's run loop, each with the same verdicts."""
    course = copy_course(tmp_path / "course")
    name = "challenge_3_activations"
    spec = course / "challenges" / name / "spec.py"
    spec.write_text(spec.read_text() + "\n\ndef setup_module(module):\n    pass\n")
    for changed in (name, "challenge_4_loss_debug"):   # two changed: grade list grades them in one process
        shutil.copy(solution(changed), course / "challenges" / changed / "main.py")
    learner = course / "roster" / "alice" / "challenges" / name
    learner.mkdir(parents=True)
    shutil.copy(solution(name), learner / "main.py")

    alone = run_grade(name, "--json", cwd=course)
    assert alone.returncode == 0, alone.stderr[-3000:]
    listed = run_grade("list", "--json", cwd=course)
    assert listed.returncode == 0, listed.stderr[-3000:]
    assert {row["challenge"]: row["state"] for row in json.loads(listed.stdout)["challenges"]}[name] == "done"
    reported = run_grade("report", "roster", "--out", "report", "-j", "1", "--challenge", "3", cwd=course)
    assert reported.returncode == 0, reported.stderr[-3000:]
    [alice] = json.loads((course / "report" / "results.json").read_text())["learners"]
    [result] = [entry["result"] for entry in alice["challenges"] if entry["challenge"] == name]
    statuses = {check["id"]: check["status"] for check in json.loads(alone.stdout)["checks"]}
    assert {check["id"]: check["status"] for check in result["checks"]} == statuses
    assert set(statuses.values()) == {"passed"}


def test_a_check_whose_docstring_wraps_onto_a_second_line_is_refused():
    """Reports show a check's docstring's first line alone: one wrapped onto a second line would read cut short."""
    def test_wrapped(run):
        """A sentence that runs on and
        ends here"""

    def test_plain(run):
        """A sentence on one line"""

    with pytest.raises(ValueError, match="test_wrapped: a check's docstring is one line"):
        check("forward", hint="A hint.")(test_wrapped)
    assert check("forward", hint="A hint.")(test_plain).check_info.name == "A sentence on one line"
