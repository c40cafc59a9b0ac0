"""The course seal puts back files changed while unconfined code ran, and leaves an edit made while confined code ran."""
import hashlib
import json
import os
import sys
import threading
from pathlib import Path

import pytest

from grader.course import PACKAGE_PARENT, load_challenge
from grader.judge.grading import with_course_checked
from grader.judge.loading import import_scenarios, scenario_names
from grader.judge.seal import CourseSeal
from grader.limits import Limits
from grader.results import CheckResult, GradeResult
from grader.sandbox.supervisor import Sandbox
from helpers import copy_course, noted_calls, solution

CHALLENGE = "challenge_3_activations"


def _sealed(tmp_path):
    challenge = load_challenge(copy_course(tmp_path / "course") / "challenges" / CHALLENGE)
    return challenge, CourseSeal(tmp_path / "course", [challenge])


def test_a_course_file_changed_during_a_grade_is_put_back_and_kept_for_whoever_changed_it(tmp_path):
    challenge, seal = _sealed(tmp_path)
    original = challenge.spec.read_bytes()
    challenge.spec.write_bytes(original + b"\n# an author's edit\n")
    assert seal.restore() == [challenge.spec]
    assert challenge.spec.read_bytes() == original
    kept = seal.kept / "challenges" / CHALLENGE / "spec.py"
    assert kept.read_bytes() == original + b"\n# an author's edit\n"
    assert seal.kept.parent.parent == tmp_path / "course" / ".nnfs-grade"
    assert (tmp_path / "course" / ".nnfs-grade" / ".gitignore").read_text() == "*\n"


def test_a_pipe_or_a_link_in_a_course_files_place_is_put_back_without_waiting_or_following_it(tmp_path):
    challenge, seal = _sealed(tmp_path)
    scenarios, spec = challenge.scenarios, challenge.spec
    original_scenarios, original_spec = scenarios.read_bytes(), spec.read_bytes()
    secret = tmp_path / "secret.txt"
    secret.write_text("not the course's")
    scenarios.unlink()
    os.mkfifo(scenarios)                 # reading it would wait for a writer that never comes
    spec.unlink()
    spec.symlink_to(secret)
    restoring = threading.Thread(target=seal.restore, daemon=True)
    restoring.start()
    restoring.join(60)
    assert not restoring.is_alive(), "restoring waited on the pipe"
    assert scenarios.read_bytes() == original_scenarios and not scenarios.is_symlink()
    assert spec.read_bytes() == original_spec and not spec.is_symlink()
    assert secret.read_text() == "not the course's"
    assert seal.kept is None   # neither a pipe nor a link is copied


def test_a_grader_file_is_kept_under_its_place_in_the_installation(tmp_path):
    _, seal = _sealed(tmp_path)
    assert seal._kept_name(Path(PACKAGE_PARENT) / "grader" / "spec.py") == Path("grader", "spec.py")
    assert seal._kept_name(Path("/elsewhere/entirely/x.py")) == Path("x.py")


def _result(confined):
    """A result whose one check passed, graded confined or not."""
    passed = CheckResult(id="a", name="a check", category="forward", status="passed", score=1.0, max_score=1.0)
    return GradeResult(challenge=CHALLENGE, title="", chapter="", submission="main.py", checks=[passed],
                       confinement={"confined": confined, "layers": []})


def test_a_change_made_while_unconfined_code_ran_is_put_back_and_laid_at_its_door(tmp_path):
    challenge, seal = _sealed(tmp_path)
    original = challenge.spec.read_bytes()
    challenge.spec.write_bytes(original + b"\n# changed\n")
    result = with_course_checked(_result(False), seal)
    note = result.notes[-1]
    assert note.startswith("Your code changed the course's files") and f"challenges/{CHALLENGE}/spec.py" in note
    assert "put back as they were" in note and "kept in .nnfs-grade/changed/" in note
    assert challenge.spec.read_bytes() == original
    # It earns nothing: the pass it reported is withdrawn.
    assert [(check.status, check.score) for check in result.checks] != [("passed", 1.0)] and result.score == 0


def test_a_change_in_a_run_of_several_results_one_unconfined_is_put_back_and_withdraws_every_pass(tmp_path):
    """grade list judges several challenges in one run, one of them perhaps graded again unconfined: one result of
    code that could write the course is enough for a change to be its, and for no result of the run to pass."""
    from grader.judge.grading import course_checked

    challenge, seal = _sealed(tmp_path)
    original = challenge.spec.read_bytes()
    challenge.spec.write_bytes(original + b"\n# changed\n")
    results = [_result(True), _result(False)]
    course_checked(results, seal)
    assert challenge.spec.read_bytes() == original and not seal.learners_confined
    assert all(result.score == 0 and result.checks[0].status != "passed" for result in results)


def test_an_edit_made_while_confined_code_ran_is_left_as_it_is(tmp_path):
    """Code in a sandbox cannot write the course: a file changed meanwhile was edited by whoever runs the grader
    (an author, a git pull), whose edit stays. The run gives no pass, since it may have loaded either version."""
    challenge, seal = _sealed(tmp_path)
    edited = challenge.spec.read_bytes() + b"\n# an author's edit\n"
    challenge.spec.write_bytes(edited)
    note = with_course_checked(_result(True), seal).notes[-1]
    assert "sandbox that cannot write them" in note and "edit the course only while no grade runs" in note
    assert "left as they are now" in note and "no check passes in this run" in note and "kept in" not in note
    assert challenge.spec.read_bytes() == edited and seal.kept is None
    # Once learners' code is known to run confined, a later look leaves the edit too.
    assert seal.restore() == [challenge.spec] and challenge.spec.read_bytes() == edited


def test_a_class_report_leaves_the_course_as_edited_only_while_every_learner_ran_confined(tmp_path):
    from grader.judge.pool import GradingPool

    pool = GradingPool(copy_course(tmp_path / "course"), 1, challenges=[CHALLENGE])
    answer = {"result": {"confinement": {"confined": True, "layers": []}}}
    pool._note_confinement({"problem": "could not be graded"})
    assert not pool.seal.learners_confined
    pool._note_confinement(answer)
    assert pool.seal.learners_confined
    pool._note_confinement({"result": {"confinement": {"confined": False, "layers": []}}})
    pool._note_confinement(answer)
    assert not pool.seal.learners_confined


def test_the_worker_runs_the_scenarios_as_sealed_not_as_they_are_on_disk_now(tmp_path):
    """In class grading one process judges many learners: a scenario file an earlier learner's code rewrote
    (where nothing confines it) must not reach a later learner's worker before the seal puts it back."""
    scenarios = tmp_path / "scenarios.py"
    scenarios.write_text("def answer(nn, rng):\n    return {'value': 'changed on disk'}\n")
    learner = tmp_path / "main.py"
    learner.write_text("")
    sandbox = Sandbox(Limits())
    try:
        sandbox.load(learner, [scenarios], sealed={scenarios: b"def answer(nn, rng):\n    return {'value': 'sealed'}\n"})
        value, _ = sandbox.learner_answer("answer")
    finally:
        sandbox.close()
    assert value == {"value": "sealed"}


def test_a_file_rewritten_to_its_old_size_and_times_is_still_found_changed(tmp_path, monkeypatch):
    """The seal reads again only files whose identity changed; a rewrite that keeps the size and sets the times
    back still changes the file's ctime."""
    from grader.judge import seal as seal_module

    challenge, seal = _sealed(tmp_path)
    # Every file counts as written long before it was sealed, so that only its identity decides.
    monkeypatch.setattr(seal_module, "RACY_NS", -10**18)
    reads = []
    monkeypatch.setattr(seal_module, "_read_regular", lambda path, limit: reads.append(path) or path.read_bytes())
    assert seal.restore() == [] and reads == []   # nothing changed: nothing read again
    original, info = challenge.spec.read_bytes(), challenge.spec.stat()
    challenge.spec.write_bytes(original.replace(b"def ", b"dEf ", 1))
    os.utime(challenge.spec, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert challenge.spec.stat().st_size == info.st_size
    assert seal.restore() == [challenge.spec]
    assert challenge.spec.read_bytes() == original


def test_a_file_written_just_before_it_was_sealed_is_compared_byte_for_byte(tmp_path, monkeypatch):
    from grader.judge import seal as seal_module

    challenge, seal = _sealed(tmp_path)   # the copy was just written
    reads = []
    monkeypatch.setattr(seal_module, "_read_regular", lambda path, limit: reads.append(path) or path.read_bytes())
    assert seal.restore() == []
    assert challenge.spec in reads


def test_challenges_sealed_later_are_read_then_and_put_back_like_the_first(tmp_path):
    """grade list seals the grader first, to key its results, and the challenges it grades once it knows them."""
    course = copy_course(tmp_path / "course")
    first = load_challenge(course / "challenges" / CHALLENGE)
    later = load_challenge(course / "challenges" / "challenge_4_loss_debug")
    seal = CourseSeal(course, [])
    grader_files = dict(seal.files)
    assert first.spec not in seal.files and any(path.parent.name == "grader" for path in grader_files)
    original = later.spec.read_bytes()
    seal.add([first, later])
    assert seal.files[later.spec] == original and seal.files[first.spec] == first.spec.read_bytes()
    assert all(seal.files[path] is data for path, data in grader_files.items())
    later.spec.write_bytes(original + b"\n# changed while a learner's code ran\n")
    seal.add([later])     # sealed once: a second add reads nothing again
    assert seal.files[later.spec] == original
    assert seal.restore() == [later.spec]
    assert later.spec.read_bytes() == original


class _Recorded:
    """A sandbox that records when the judge asks it to load the learner's file, as confined or not."""

    def __init__(self, confined, events):
        self.spawner = type("Spawner", (), {"sandboxed": confined, "failed_to_start": False})()
        self.events = events
        self.asked_to_load = False

    def load(self, *args, **kwargs):
        self.events.append("worker loads the learner's file")
        self.asked_to_load = True

    def prefetch(self, names):
        pass

    def close(self):
        pass


@pytest.mark.parametrize("confined", [True, False])
def test_only_a_confined_worker_loads_the_learners_file_before_the_judge_has_loaded_the_course(tmp_path,
                                                                                            confined):
    """Unconfined, the learner's code could rewrite the scenarios, the reference or the grader's modules before the
    judge imports them; confined it cannot, and the worker loads the file while the judge loads the course."""
    from grader.judge.grading import Judge, check_runner

    challenge, seal = _sealed(tmp_path)
    events = []
    judge = Judge(check_runner(seal), seal=seal)
    loading = judge.load_course

    def load_course(chosen):
        events.append("judge loads the course")
        return loading(chosen)

    judge.load_course = load_course
    started = judge.start(challenge, challenge.stub, sandbox=_Recorded(confined, events))
    started.cleanup.close()
    assert events == (["worker loads the learner's file", "judge loads the course"] if confined
                      else ["judge loads the course", "worker loads the learner's file"])


# A forked sandbox made before the judge has read the challenge's files (it takes milliseconds), or not yet.
READY = ("from grader.sandbox.forked import LateSandbox\nimport select\nLateSandbox.ready = lambda self: "
         "self.early is None or bool(select.select([self.early.control], [], [], 10)[0])\n")
BEING_MADE = "from grader.sandbox.forked import LateSandbox\nLateSandbox.ready = lambda self: False\n"


@pytest.mark.parametrize("confined, sandbox", [(True, "ready"), (True, "being made"), (False, "")])
def test_grade_n_has_a_confined_worker_load_the_file_while_it_reads_the_grader_and_an_unconfined_one_after(
        tmp_path, confined, sandbox):
    """`grade N` reads the challenge's files, then asks a confined worker to load the learner's file while it reads
    the grader's and the reference's, unless its sandbox is still being made, which it does not wait for; an
    unconfined worker's file is loaded once everything that judges is read. The result is remembered under the
    digest of the bytes the worker got."""
    course = copy_course(tmp_path / "course")
    name = "challenge_5_backprop"
    main = course / "challenges" / name / "main.py"
    main.write_text(solution(name).read_text())
    # Unconfined: neither bubblewrap on the PATH nor the forked sandbox.
    environment = {} if confined else {"PATH": str(Path(sys.executable).parent), "NNFS_GRADE_SANDBOX": "bwrap"}
    steps = ["worker loads the learner's file", "judge reads the grader and the reference"]
    setup = {"ready": READY, "being made": BEING_MADE}.get(sandbox, "")
    code, events = noted_calls(course, {"grader.sandbox.supervisor:Sandbox.load": steps[0],
                                        "grader.judge.seal:CourseSeal.add_code": steps[1]},
                               [name, "--json"], environment, setup)
    assert code == 0
    assert events == (steps if sandbox == "ready" else steps[::-1])
    remembered = json.loads((course / ".nnfs-grade" / "progress.json").read_text())["results"][name]["key"]
    assert remembered.endswith(":" + hashlib.sha256(main.read_bytes()).hexdigest())


@pytest.mark.parametrize("confined", [True, False])
def test_grade_n_has_a_confined_worker_run_every_scenario_once_it_has_loaded_the_file(tmp_path, confined):
    """A confined worker is asked for every scenario with the learner's file, and runs them while the judge reads the
    grader, the reference and the checks; an unconfined one once everything that judges is read. Each scenario is
    asked for once."""
    course = copy_course(tmp_path / "course")
    name = "challenge_5_backprop"
    (course / "challenges" / name / "main.py").write_text(solution(name).read_text())
    environment = {} if confined else {"PATH": str(Path(sys.executable).parent), "NNFS_GRADE_SANDBOX": "bwrap"}
    code, events = noted_calls(course, {"grader.sandbox.supervisor:Sandbox.load": "load",
                                        "grader.sandbox.supervisor:Sandbox._request": "scenario",
                                        "grader.judge.seal:CourseSeal.add_code": "grader read"},
                               [name, "--json"], environment, READY if confined else "")
    assert code == 0
    scenarios = scenario_names(import_scenarios(load_challenge(course / "challenges" / name)), figures=False)
    assert events.count("scenario") == len(scenarios) > 1
    first = events.index("scenario")
    assert (first < events.index("grader read")) == confined and events[first - 1] == "load"
