"""The reference's answers kept in a checkout: read by the learner's own `grade`, never by a grade that counts."""
import json

import pytest

from grader.course import load_challenges
from grader.judge.answer_cache import CachedReference, cached_reference, entry, file_bytes, read_file
from grader.judge.grading import import_scenarios, reference_for
from grader.sandbox import wire
from grader.views.render import to_json

from helpers import copy_course, run_grade, solution, worker_factory

CHALLENGE = "challenge_3_activations"


def _cache_file(course):
    return course / ".nnfs-grade" / "answers" / f"{CHALLENGE}.answers"


def _challenge(course):
    return next(challenge for challenge in load_challenges(course) if challenge.name == CHALLENGE)


def _graded(course, *options):
    completed = run_grade(CHALLENGE, "--submission", solution(CHALLENGE), "--json", *options, cwd=course)
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(completed.stdout)


def _forge(course):
    """Keep the cache's key, and make every answer in it an empty list: no solution matches that."""
    key, answers = read_file(_cache_file(course).read_bytes())
    _cache_file(course).write_bytes(file_bytes(key, {name: entry([]) for name in answers}))


def test_the_learners_grade_keeps_the_answers_and_gives_the_same_result_with_them(tmp_path):
    course = copy_course(tmp_path / "course")
    first = _graded(course)
    assert first["passed"] is True and _cache_file(course).is_file()
    assert (course / ".nnfs-grade" / ".gitignore").read_text() == "*\n"
    assert _graded(course) == first


def test_the_learners_grade_reads_the_cache_and_a_grade_that_counts_never_does(tmp_path):
    course = copy_course(tmp_path / "course")
    _graded(course)
    _forge(course)
    # A learner could commit such a file; the Classroom workflow grades with --require-confinement.
    assert _graded(course, "--require-confinement")["passed"] is True
    assert _graded(course)["passed"] is False


def test_answers_kept_under_another_key_or_damaged_are_computed_again(tmp_path):
    course = copy_course(tmp_path / "course")
    challenge = _challenge(course)
    runner = reference_for(challenge, import_scenarios(challenge))
    cached = cached_reference(runner, challenge, course / ".nnfs-grade")
    scenario = import_scenarios(challenge).names[0]
    computed = cached.answer(scenario, 0)
    cached.save()
    key, answers = read_file(_cache_file(course).read_bytes())
    assert key == cached.key and f"{scenario}/0" in answers
    # Another key (a changed check, reference, NumPy or processor) reads nothing of the file.
    assert CachedReference(runner, _cache_file(course), "another key").known == {}
    # A damaged answer is computed again.
    answers[f"{scenario}/0"] = ({"__seq__": "not a list"}, b"")
    _cache_file(course).write_bytes(file_bytes(key, answers))
    again = CachedReference(runner, _cache_file(course), cached.key).answer(scenario, 0)
    assert to_json_value(again) == to_json_value(computed)
    # An answer whose arrays lie outside the file is computed again.
    encoded, arrays = answers[f"{scenario}/0"] = entry(computed)
    _cache_file(course).write_bytes(file_bytes(key, answers)[:-1])
    assert arrays and f"{scenario}/0" not in CachedReference(runner, _cache_file(course), cached.key).known
    # A file whose head is not JSON at all is no cache.
    _cache_file(course).write_bytes(b"{not json\0")
    assert CachedReference(runner, _cache_file(course), cached.key).known == {}


def to_json_value(value):
    return json.dumps(wire.encode(value), sort_keys=True)


def test_grading_in_the_same_process_with_a_warm_cache_gives_byte_identical_json(tmp_path):
    from grader.judge.grading import grade

    course = copy_course(tmp_path / "course")
    challenge = _challenge(course)
    state = course / ".nnfs-grade"
    cold = to_json(grade(challenge, solution(CHALLENGE), figures=True))
    grade(challenge, solution(CHALLENGE), figures=True, answer_cache=state)
    assert to_json(grade(challenge, solution(CHALLENGE), figures=True, answer_cache=state)) == cold


def test_answers_read_from_the_cache_keep_the_note_on_what_a_check_set_up(tmp_path):
    """The note comes from the scenario's docstring, which cached (or a release's recorded) answers do not carry."""
    course = copy_course(tmp_path / "course")
    learner = tmp_path / "rows_per_neuron.py"
    learner.write_text(solution("challenge_1_forward_pass").read_text()
                       .replace("0.01 * np.random.randn(n_inputs, n_neurons)", "0.01 * np.random.randn(n_neurons, n_inputs)")
                       .replace("np.dot(inputs, self.weights)", "np.dot(inputs, self.weights.T)"))
    for _ in range(2):   # computed, then read from the cache
        completed = run_grade("1", "--submission", learner, "--json", cwd=course)
        checks = {check["id"]: check for check in json.loads(completed.stdout)["checks"]}
        assert "This check set weights of shape (4, 3)" in checks["dense_forward_shape"]["message"]
    assert (course / ".nnfs-grade" / "answers" / "challenge_1_forward_pass.answers").is_file()


def _reference_imported_before_the_learners_code(course, spawner):
    """(whether the judge imported the reference before loading the learner's file, the result)."""
    from grader.judge.grading import Judge, check_runner
    from grader.judge.seal import CourseSeal

    challenge = _challenge(course)
    seal = CourseSeal(course, [challenge])
    judge = Judge(check_runner(seal), seal=seal, expect_ahead=True, answer_cache=course / ".nnfs-grade")
    started = judge.start(challenge, solution(CHALLENGE), spawner=spawner)
    imported = "reference" in vars(started.default_reference.runner)
    return imported, to_json(judge.finish(started))


def test_the_reference_is_imported_before_the_learners_code_unless_a_confined_worker_meets_a_full_cache(
        tmp_path, monkeypatch):
    spawner = worker_factory()
    if not spawner.sandboxed:
        pytest.skip("this machine cannot confine a worker")
    course = copy_course(tmp_path / "course")
    imported, first = _reference_imported_before_the_learners_code(course, spawner)
    assert imported and json.loads(first)["passed"] is True
    # Every answer is in the cache now, and the worker cannot write the reference's files.
    imported, again = _reference_imported_before_the_learners_code(course, spawner)
    assert not imported and again == first
    # An unconfined worker could change them while it runs: the reference is read before it starts. (The worker
    # this spawner then starts is told the wrong walls, so its result is not the point here.)
    monkeypatch.setattr(spawner, "sandboxed", False)
    imported, _ = _reference_imported_before_the_learners_code(course, spawner)
    assert imported
