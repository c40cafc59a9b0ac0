"""What leaves the instructor's machine: the learners' release, the Gradescope autograder, the Classroom workflow."""
import ast
import base64
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml

from classroom import nested_folders
from grader.classroom.github_classroom import runner_result
from grader.course import checks_of, load_challenges
from grader.results import CheckResult, GradeResult
from grader.sandbox import confinement
from grader.views.safe_text import visible
from helpers import CHALLENGES, ROOT, copy_course, planted, points_of, run_grade, solution, stub

GRADESCOPE_SCHEMA = json.loads((Path(__file__).with_name("schemas") / "gradescope_results.json").read_text())


def _hidden_check_names():
    names = []
    for path in (ROOT / "challenges").glob("*/hidden_spec.py"):
        names += [node.name for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.FunctionDef)]
    return names


def _solution_lines(challenges):
    """Lines of these challenges' solutions that none of their stubs has: each gives part of an answer away."""
    given = {_code(line) for challenge in challenges for line in stub(challenge).read_text().splitlines()}
    return {_code(line) for challenge in challenges for line in solution(challenge).read_text().splitlines()
            if len(_code(line)) > 30 and _code(line) not in given and not line.strip().startswith(("#", '"""'))}


def _code(line):
    """A line as code, whether written out or shown in a comment."""
    return line.strip().lstrip("#").strip()


def _text_lines(folder):
    return {_code(line) for path in folder.rglob("*") if path.is_file()
            for line in path.read_text(errors="replace").splitlines()}


# --- grade release ------------------------------------------------------------------------

def _checkout(folder):
    """A checkout as shipped to release from: the course copy, the grader and pyproject.toml."""
    course = copy_course(folder)
    for name in ("grader", "pyproject.toml", "LICENSE", "SECURITY.md"):
        if (ROOT / name).exists():
            (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, course / name)
    return course


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "course"
    completed = run_grade("release", "--out", out, "--all-at-once", timeout=300,
                          cwd=_checkout(tmp_path_factory.mktemp("checkout")))
    assert completed.returncode == 0, completed.stderr[-3000:]
    (out.parent / "release.stderr").write_text(completed.stderr)   # what `grade release` said, for the tests
    (out.parent / "release.stdout").write_text(completed.stdout)
    # A reference package that refuses to load: the release must grade without the reference.
    blocker = tmp_path_factory.mktemp("no-reference")
    (blocker / "reference").mkdir()
    (blocker / "reference" / "__init__.py").write_text("raise ImportError('a release has no reference')\n")
    return out, {"PYTHONPATH": str(blocker)}


@pytest.fixture(scope="module")
def released_solution(release):
    """released_solution(challenge) -> (exit status, JSON result) of grading its solution in the release, with the
    reference blocked: graded once, for the test that it passes and for the one that counts its points."""
    out, env = release

    @functools.cache
    def graded(challenge):
        completed = run_grade(challenge, "--submission", solution(challenge), "--json", cwd=out, env=env)
        return completed.returncode, json.loads(completed.stdout)

    return graded


def test_grade_release_gives_the_start_command_of_the_release_s_readme(release):
    out, _ = release
    said = (out.parent / "release.stdout").read_text()
    command = said.split("Learners start with: ", 1)[1].strip()
    assert "-m venv .venv" in command and command in (out / "README.md").read_text(), said


def test_the_release_holds_no_solution_no_hidden_check_and_no_reference(release):
    out, _ = release
    files = [path for path in out.rglob("*") if path.is_file()]
    names = {path.name for path in files}
    assert not (out / "solutions").exists() and not (out / "reference").exists()
    assert "hidden_spec.py" not in names and "hidden_scenarios.py" not in names
    assert "equivalent_mutants.toml" not in names, "it describes the solutions"
    text = "\n".join(path.read_text(errors="replace") for path in files)
    hidden = _hidden_check_names()
    assert hidden and not [name for name in hidden if name in text]
    assert 'include = ["grader", "grader.*"]' in (out / "pyproject.toml").read_text()
    assert "grade challenge_1_forward_pass" in (out / "README.md").read_text()
    assert "## In a notebook" not in (out / "README.md").read_text(), "a release without notebooks"


def test_a_release_in_steps_gives_no_answer_away(tmp_path):
    first = CHALLENGES[:4]
    completed = run_grade("release", "--out", tmp_path / "course", *[a for n in first for a in ("--challenge", n)],
                          cwd=_checkout(tmp_path / "checkout"))
    assert completed.returncode == 0 and "Note:" not in completed.stderr, completed.stderr
    secrets = _solution_lines(first)
    assert len(secrets) > 10
    assert not secrets & _text_lines(tmp_path / "course")
    # The check itself notices a solution that slipped in.
    (tmp_path / "course" / "leak.py").write_bytes(solution(first[2]).read_bytes())
    assert secrets & _text_lines(tmp_path / "course")


def test_a_release_holds_no_cache_and_ignores_what_learners_tools_write(tmp_path):
    course = tmp_path / "course"
    # Python writes its caches here, as it does for an instructor (an empty value does not forbid them).
    completed = run_grade("release", "--out", course, "--challenge", "3", "--notebooks",
                          cwd=_checkout(tmp_path / "checkout"), env={"PYTHONDONTWRITEBYTECODE": ""})
    assert completed.returncode == 0, completed.stderr
    assert not [path for path in course.rglob("*") if path.name in ("__pycache__", ".pytest_cache")
                or path.suffix == ".pyc"]
    subprocess.run(["git", "init", "-q"], cwd=course, check=True)
    for made in (".venv/bin/python", "__pycache__/x.pyc", "grader/__pycache__/y.cpython-311.pyc",
                 "nnfs_grade.egg-info/PKG-INFO", ".nnfs-grade/progress.json", ".ipynb_checkpoints/a.ipynb"):
        (course / made).parent.mkdir(parents=True, exist_ok=True)
        (course / made).write_text("x")
    untracked = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=course, check=True,
                               capture_output=True, text=True).stdout
    listed = {line[3:] for line in untracked.splitlines()}
    assert {".gitignore", "challenges/challenge_3_activations/main.py",
            "challenges/challenge_3_activations/answers.json", "notebooks/challenge_3_activations.ipynb"} <= listed
    assert not [name for name in listed if name.startswith((".venv", "nnfs_grade.egg-info", ".nnfs-grade",
                                                             ".ipynb_checkpoints")) or "__pycache__" in name]


def test_a_release_ships_the_stub_even_when_the_instructor_solved_the_challenge_in_the_checkout(tmp_path):
    course = _checkout(tmp_path / "checkout")
    challenge = "challenge_5_backprop"
    (course / "challenges" / challenge / "main.py").write_bytes(solution(challenge).read_bytes())
    completed = run_grade("release", "--out", tmp_path / "course", "--challenge", challenge, cwd=course)
    assert completed.returncode == 0, completed.stderr
    released = tmp_path / "course" / "challenges" / challenge / "main.py"
    assert released.read_bytes() == (ROOT / "challenges" / challenge / ".pristine" / "main.py").read_bytes()
    assert f"main.py of {challenge} differs from the stub in .pristine/" in completed.stderr


def test_what_else_lies_in_a_challenge_s_folder_reaches_neither_a_release_nor_an_autograder(tmp_path):
    """An instructor's copy of the course may hold, beside a challenge's files, a class report, a learner's upload or
    a solved notebook: a release and an autograder take the challenge's own files only, and say what they left."""
    course = _checkout(tmp_path / "checkout")
    challenge = "challenge_3_activations"
    folder = course / "challenges" / challenge
    strays = {"class-report/grades.csv": "learner,score\nalice,11\n", "submissions/alice.zip": "PK",
              "main.ipynb": solution(challenge).read_text(), ".pristine/solved.py": solution(challenge).read_text()}
    for relative, text in strays.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text)
    completed = run_grade("release", "--out", tmp_path / "course", "--challenge", "3", cwd=course)
    assert completed.returncode == 0, completed.stderr
    released = tmp_path / "course" / "challenges" / challenge
    assert sorted(path.relative_to(released).as_posix() for path in released.rglob("*") if path.is_file()) == [
        ".pristine/main.py", "README.md", "answers.json", "challenge.toml", "main.py", "scenarios.py", "spec.py"]
    said = " ".join(completed.stderr.split())
    assert (f"Note: challenges/{challenge}/class-report; challenges/{challenge}/main.ipynb; "
            f"challenges/{challenge}/submissions; challenges/{challenge}/.pristine/solved.py are left out of the "
            "release, which takes from a challenge's folder only the files a challenge is made of") in said, said
    archive = tmp_path / "autograder.zip"
    completed = run_grade("export", "gradescope", "3", "--out", archive, cwd=course)
    assert completed.returncode == 0, completed.stderr
    with zipfile.ZipFile(archive) as opened:
        taken = [name for name in opened.namelist() if f"/{challenge}/" in name]
    assert not [name for name in taken if any(name.endswith(f"/{challenge}/{stray}") for stray in strays)], taken
    assert f"nnfs-grade/challenges/{challenge}/hidden_spec.py" in taken
    assert "left out of the autograder" in completed.stderr


def test_releasing_everything_says_which_stubs_give_earlier_answers(release):
    out, _ = release
    stderr = (out.parent / "release.stderr").read_text()
    assert ("as --all-at-once asks, the release holds the stub of challenge_10_model, which gives most of the "
            "solution of challenge_1_forward_pass") in stderr


@pytest.mark.parametrize("chosen", [[], ["--challenge", "1", "--challenge", "5"]], ids=["every challenge", "1 and 5"])
def test_a_release_that_would_give_answers_away_is_refused_and_writes_nothing(tmp_path, chosen):
    completed = run_grade("release", "--out", tmp_path / "course", *chosen)
    assert completed.returncode == 2 and not (tmp_path / "course").exists()
    assert "Nothing was released" in completed.stderr and "challenge_1_forward_pass" in completed.stderr
    assert "the stub of challenge_5_backprop gives most of the solution of challenge_1_forward_pass" in completed.stderr
    assert f"grade release --out {tmp_path / 'course'} --challenge 1" in completed.stderr
    assert "--all-at-once" in completed.stderr


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_grade_in_the_release_passes_the_solution_on_public_checks(released_solution, challenge):
    status, result = released_solution(challenge)
    assert status == 0, [c["message"] for c in result["checks"] if c["status"] != "passed"]
    assert result["checks"] and not [check for check in result["checks"] if check.get("hidden")]


def test_grade_in_the_release_fails_the_stub_and_names_a_mistake(release, tmp_path):
    out, env = release
    untouched = run_grade("5", "--json", cwd=out, env=env)
    assert untouched.returncode == 1 and json.loads(untouched.stdout)["score"] == 0
    mistake = planted(tmp_path, "challenge_5_backprop", [("self.dweights = np.dot(self.inputs.T, dvalues)",
                                                          "self.dweights = np.dot(dvalues.T, self.inputs)")])
    checks = {c["id"]: c for c in json.loads(run_grade("5", "--submission", mistake, "--json", cwd=out,
                                                       env=env).stdout)["checks"]}
    assert checks["dense_backward_dweights"]["mistake"] == "transposed"
    listing = run_grade("list", cwd=out, env=env)
    assert listing.returncode == 0 and "challenge_10_model" in listing.stdout


def test_release_refuses_to_overwrite(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    completed = run_grade("release", "--out", tmp_path / "taken", "--challenge", "1")
    assert completed.returncode == 2 and "not empty" in completed.stderr
    # Releasing in steps is how the README sets challenges that give each other away: the refusal says how.
    assert "To add challenges to a release learners have already, release them into a new folder" in completed.stderr
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"


# --- grade export gradescope ------------------------------------------------------------------

def _autograder(tmp_path, *challenges):
    # In a folder not made yet, which the export makes, as grade report makes its --out.
    archive = tmp_path / "exports" / "autograder.zip"
    completed = run_grade("export", "gradescope", *challenges, "--out", archive)
    assert completed.returncode == 0, completed.stderr
    return archive


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    """autograder(*challenges) -> the zip `grade export gradescope CHALLENGES...` writes, exported once for the
    tests of this module, which only read it."""
    @functools.cache
    def exported(*challenges):
        return _autograder(tmp_path_factory.mktemp("autograder"), *challenges)

    return exported


def _run_on_gradescope(tmp_path, archive, files, env=None):
    """Run the autograder against a temporary folder laid out as Gradescope's /autograder."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(root / "source")
    for name, data in files.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_bytes(data)
    (root / "submission").mkdir(parents=True, exist_ok=True)
    (root / "results").mkdir()
    completed = subprocess.run(["bash", str(root / "source" / "run_autograder")], capture_output=True, text=True,
                               timeout=300, env=dict(os.environ, AUTOGRADER_ROOT=str(root),
                                                     NNFS_GRADE_PYTHON=sys.executable, **(env or {})))
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, GRADESCOPE_SCHEMA)
    return results


def test_the_autograder_zip_has_what_gradescope_runs(autograder):
    with zipfile.ZipFile(autograder("5")) as archive:
        names = archive.namelist()
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    assert "setup.sh" in names and "run_autograder" in names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert "nnfs-grade/challenges/challenge_5_backprop/hidden_spec.py" in names
    assert not [name for name in names if "solutions/" in name or "__pycache__" in name]
    # Of a challenge it does not grade, only the stub as shipped, which learners hold too.
    assert [name for name in names if "challenge_1_forward_pass" in name] == [
        "nnfs-grade/other_stubs/challenge_1_forward_pass/main.py"]


def test_the_autograder_carries_the_stub_as_shipped_not_the_instructors_main_py(tmp_path):
    """An instructor who tried the challenge in their checkout has a solved main.py there: the autograder, where the
    learners' code runs, gets the stub a release gives them."""
    course = _checkout(tmp_path / "course")
    challenge = course / "challenges" / "challenge_5_backprop"
    (challenge / "main.py").write_bytes(solution("challenge_5_backprop").read_bytes())
    archive = tmp_path / "autograder.zip"
    completed = run_grade("export", "gradescope", "5", "--out", archive, cwd=course)
    assert completed.returncode == 0, completed.stderr
    with zipfile.ZipFile(archive) as opened:
        shipped = opened.read("nnfs-grade/challenges/challenge_5_backprop/main.py")
    assert shipped == (challenge / ".pristine" / "main.py").read_bytes() != solution("challenge_5_backprop").read_bytes()


def test_gradescope_gets_full_marks_for_the_solution(autograder, tmp_path):
    results = _run_on_gradescope(tmp_path, autograder("5"),
                                 {"main.py": solution("challenge_5_backprop").read_bytes()})
    assert results["score"] == sum(test["max_score"] for test in results["tests"]) == points_of("challenge_5_backprop")
    assert all(test["status"] == "passed" for test in results["tests"])
    hidden = [test for test in results["tests"] if test["visibility"] != "visible"]
    assert [test["visibility"] for test in hidden] == ["after_published"]


def test_gradescope_explains_a_planted_mistake(autograder, tmp_path):
    mistake = planted(tmp_path, "challenge_5_backprop", [("self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
                                                          "self.dbiases = np.sum(dvalues, axis=0)")])
    results = _run_on_gradescope(tmp_path, autograder("5"), {"folder/main.py": mistake.read_bytes()})
    failed = {test["name"]: test for test in results["tests"] if test["status"] == "failed"}
    dbiases = failed["Backpropagation: Layer_Dense.backward sets dbiases = the sum of dvalues over the samples"]
    assert "keepdims=True" in dbiases["output"] and "Hint:" in dbiases["output"] and dbiases["score"] == 0
    assert 0 < results["score"] < 18


def test_gradescope_tells_a_learner_whose_graded_file_is_the_stub_which_file_was_not_graded(autograder, tmp_path):
    """The stub main.py as shipped beside the learner's notebook of another name: the stub's 0 says that the notebook
    was not graded and how to name it; the stub alone says nothing of it."""
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        solution("challenge_3_activations").read_text())])
    results = _run_on_gradescope(tmp_path, autograder("3"), {
        "main.py": stub("challenge_3_activations").read_bytes(),
        "Activations.ipynb": nbformat.writes(notebook).encode()})
    assert results["score"] == 0
    assert ("Activation functions: main.py is the stub as shipped, so it scored 0; Activations.ipynb was not graded, "
            "as only main.py, challenge_3_activations.py or a notebook of those names is. If your work is there, name "
            "that file main.py (a notebook main.ipynb) and upload it again") in results["output"], results["output"]
    alone = _run_on_gradescope(tmp_path / "alone", autograder("3"), {
        "main.py": stub("challenge_3_activations").read_bytes()})
    assert "is the stub as shipped" not in alone["output"]


def test_gradescope_grades_several_challenges_and_names_what_is_missing(autograder, tmp_path):
    archive = autograder("3", "4")
    results = _run_on_gradescope(tmp_path, archive, {
        "challenge_3_activations/main.py": solution("challenge_3_activations").read_bytes()})
    both = _run_on_gradescope(tmp_path / "both", archive, {
        "challenge_3_activations/main.py": solution("challenge_3_activations").read_bytes(),
        "challenge_3_activations.py": planted(tmp_path, "challenge_3_activations",
                                              [("1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(inputs))")]).read_bytes()})
    assert ("Activation functions: challenge_3_activations.py holds other work for the challenge and was not graded: "
            "challenge_3_activations/main.py was.") in both["output"], both["output"]
    swapped = _run_on_gradescope(tmp_path / "swapped", archive, {
        "challenge_3_activations/main.py": solution("challenge_4_loss_debug").read_bytes(),
        "challenge_4_loss_debug/main.py": solution("challenge_3_activations").read_bytes()})
    assert "Activation functions: your main.py defines none of the names challenge_3_activations's checks look for" in \
        swapped["output"] and "is it the file of another challenge?" in swapped["output"], swapped["output"]
    by_challenge = {}
    for test in results["tests"]:
        by_challenge.setdefault(test["tags"][0], []).append(test)
    assert all(test["status"] == "passed" for test in by_challenge["challenge_3_activations"])
    assert all(test["score"] == 0 for test in by_challenge["challenge_4_loss_debug"])
    assert "no main.py (or main.ipynb) was found for challenge_4_loss_debug" in results["output"]
    assert results["score"] == sum(test["max_score"] for test in by_challenge["challenge_3_activations"])


def test_gradescope_takes_its_challenges_with_challenge_as_every_other_command_does(autograder, tmp_path):
    archive = tmp_path / "named.zip"
    completed = run_grade("export", "gradescope", "--challenge", "3", "--challenge", "4", "--out", archive)
    assert completed.returncode == 0, completed.stderr
    assert "a Gradescope autograder for challenge_3_activations, challenge_4_loss_debug" in completed.stdout
    with zipfile.ZipFile(archive) as named, zipfile.ZipFile(autograder("3", "4")) as given:
        assert sorted(named.namelist()) == sorted(given.namelist())


def test_an_untouched_release_uploaded_whole_earns_nothing_from_another_challenge_s_stub(autograder, tmp_path):
    """Gradescope's GitHub upload sends the learner's whole repository: later challenges' stubs give challenge 1's
    classes as working code, and the course's own files hold main.py files too; none of them is the learner's."""
    release = tmp_path / "release"
    completed = run_grade("release", "--out", release, "--all-at-once", timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    files = {path.relative_to(release).as_posix(): path.read_bytes() for path in release.rglob("*")
             if path.is_file() and path.suffix in (".py", ".ipynb")}
    results = _run_on_gradescope(tmp_path, autograder("1"), files)
    assert results["score"] == 0, results["output"]
    files["challenges/challenge_1_forward_pass/main.py"] = solution("challenge_1_forward_pass").read_bytes()
    results = _run_on_gradescope(tmp_path / "worked", autograder("1"), files)
    assert results["score"] == points_of("challenge_1_forward_pass") and "holds other work" not in results["output"]


def test_a_later_challenge_s_stub_copied_anywhere_earns_nothing_in_place_of_the_untouched_stub(autograder, tmp_path):
    """The autograder holds the challenges it grades, and the stubs of all the others as shipped: challenge 17's stub,
    whose classes solve challenge 1, is none of the learner's work wherever it is put."""
    files = {"challenges/challenge_1_forward_pass/main.py": stub("challenge_1_forward_pass").read_bytes()}
    later = (ROOT / "challenges" / "challenge_17_convolution" / ".pristine" / "main.py").read_bytes()
    for place in ("challenge_1_forward_pass.py", "work/main.py"):
        results = _run_on_gradescope(tmp_path / place.replace("/", "-"), autograder("1"), {**files, place: later})
        assert results["score"] == 0, results["output"]
    # Put in the place of main.py, it is graded, and said to be the course's code.
    results = _run_on_gradescope(tmp_path / "in-place", autograder("1"),
                                 {"challenges/challenge_1_forward_pass/main.py": later})
    assert "main.py is another challenge's stub as shipped, statement for statement" in results["output"]


def test_a_fault_of_the_grader_on_one_challenge_costs_that_challenge_alone(autograder, tmp_path, monkeypatch):
    from grader.classroom import gradescope
    from grader.judge import grading

    root = tmp_path / "autograder"
    with zipfile.ZipFile(autograder("3", "4")) as opened:
        opened.extractall(root / "source")
    for challenge in ("challenge_3_activations", "challenge_4_loss_debug"):
        (root / "submission" / challenge).mkdir(parents=True)
        (root / "submission" / challenge / "main.py").write_bytes(solution(challenge).read_bytes())
    graded = grading.grade

    def failing_on_challenge_4(challenge, path, **named):
        if challenge.name == "challenge_4_loss_debug":
            raise KeyError("a fault of the grader's")
        return graded(challenge, path, **named)

    monkeypatch.setattr(grading, "grade", failing_on_challenge_4)
    monkeypatch.chdir(root / "source" / "nnfs-grade")    # as run_autograder starts the judge
    results = gradescope._grade_submission(root)
    jsonschema.validate(results, GRADESCOPE_SCHEMA)
    by_challenge = {}
    for test in results["tests"]:
        by_challenge.setdefault(test["tags"][0], []).append(test)
    assert results["score"] == sum(test["max_score"] for test in by_challenge["challenge_3_activations"]) > 0
    assert all(test["score"] == 0 and "The grader failed while grading this file (KeyError)" in test["output"]
               for test in by_challenge["challenge_4_loss_debug"]), by_challenge["challenge_4_loss_debug"]


UPLOADS = {   # (challenges graded, {learner: their upload}), as learners upload to Gradescope
    "one challenge": (("challenge_3_activations",), {
        "Flat": {"challenge_3_activations.py": "full"},
        "Renamed": {"Activations.py": "planted"},
        "Folder": {"my_work/main.py": "full"},
        "Stub beside notebook": {"main.py": "stub", "main.ipynb": "notebook"},
        "Stub named for the challenge": {"challenge_3_activations.py": "stub", "main.py": "full"},
        "Nothing": {"notes.txt": "none"},
    }),
    "two challenges": (("challenge_1_forward_pass", "challenge_3_activations"), {
        "Flat": {"challenge_1_forward_pass.py": "full", "challenge_3_activations.py": "planted"},
        "Folders": {"challenge_1_forward_pass/main.py": "full", "x/challenges/challenge_3_activations/main.py": "full"},
        "One of two": {"challenge_3_activations.py": "full", "helper.py": "none"},
    }),
}


def _upload(challenges, kind):
    """The bytes of an upload of `kind` for the challenge graded last of `challenges`, or for the file's own."""
    challenge = challenges[-1]
    if kind == "planted":
        return solution(challenge).read_text().replace("1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(inputs))",
                                                        1).encode()
    if kind == "notebook":
        return _notebook_with_a_plot(challenge, 0)
    return {"full": solution(challenge).read_bytes(), "stub": stub(challenge).read_bytes(), "none": b"x = 1\n"}[kind]


@pytest.mark.parametrize("case", UPLOADS)
def test_the_class_report_scores_gradescope_uploads_as_the_autograder_does(autograder, tmp_path, case):
    """One rule (grader.classroom.entries.chosen_upload) picks the file in both; the scores must agree."""
    challenges, learners = UPLOADS[case]
    archive = autograder(*challenges)
    export, metadata, autograded = tmp_path / "export.zip", [], {}
    with zipfile.ZipFile(export, "w") as zipped:
        for number, (learner, files) in enumerate(learners.items(), 1):
            contents = {}
            for name, kind in files.items():
                owner = next((challenge for challenge in challenges if name.startswith(challenge)
                              or f"/{challenge}/" in name), challenges[-1])
                contents[name] = _upload((owner,), kind)
                zipped.writestr(f"submission_{number}/{name}", contents[name])
            metadata.append(f"submission_{number}:\n  :submitters:\n  - :name: {learner}\n"
                            f"    :email: l{number}@example.edu\n")
            autograded[learner] = _run_on_gradescope(tmp_path / f"run{number}", archive, contents)["score"]
        zipped.writestr("submission_metadata.yml", "".join(metadata))
    options = [option for challenge in challenges for option in ("--challenge", challenge)]
    completed = run_grade("report", export, "--out", tmp_path / "out", "-j", "1", *options, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = {row["learner"]: row["total"] or 0
              for row in json.loads((tmp_path / "out" / "results.json").read_text())["learners"]}
    assert report == autograded
    assert case != "one challenge" or (autograded["Flat"] == points_of("challenge_3_activations")
                                       and 0 < autograded["Renamed"] < autograded["Flat"] == autograded["Folder"]
                                       == autograded["Stub beside notebook"]
                                       == autograded["Stub named for the challenge"] and autograded["Nothing"] == 0)
    assert case != "two challenges" or autograded["Flat"] > points_of("challenge_1_forward_pass")


def _notebook_with_a_plot(challenge, megabytes):
    """The challenge's solution as one code cell whose output is an image of about `megabytes` MB, as a plot is."""
    image = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBORw0KGgo" * (megabytes << 17)}}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [image], "id": "a",
         "source": solution(challenge).read_text()}]}).encode()


def test_gradescope_grades_a_notebook_of_plots_and_one_broken_notebook_costs_only_its_challenge(autograder, tmp_path):
    archive = autograder("3", "4")
    results = _run_on_gradescope(tmp_path, archive, {
        "challenge_3_activations/main.ipynb": _notebook_with_a_plot("challenge_3_activations", 2),
        "challenge_4_loss_debug/main.ipynb": b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [1]}'})
    by_challenge = {}
    for test in results["tests"]:
        by_challenge.setdefault(test["tags"][0], []).append(test)
    assert all(test["status"] == "passed" for test in by_challenge["challenge_3_activations"]), results["output"]
    assert by_challenge["challenge_4_loss_debug"] and all(
        test["score"] == 0 and "cannot be read as a Jupyter notebook" in test["output"]
        for test in by_challenge["challenge_4_loss_debug"])
    assert results["score"] == sum(test["max_score"] for test in by_challenge["challenge_3_activations"])
    assert "fault in the autograder" not in results["output"]


def test_gradescope_names_a_notebook_it_cannot_read_as_the_learner_uploaded_it(autograder, tmp_path):
    """The autograder grades a copy under a name of its own: why the notebook cannot be read names the upload."""
    results = _run_on_gradescope(tmp_path, autograder("4"), {
        "work/nb2.ipynb": b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code"}]}'})
    assert results["score"] == 0 and "work/nb2.ipynb has a code cell without text" in results["output"], results
    assert results["tests"] and all("work/nb2.ipynb has a code cell" in test["output"] for test in results["tests"])
    assert "main.ipynb" not in json.dumps(results)


def test_gradescope_survives_an_empty_submission(autograder, tmp_path):
    results = _run_on_gradescope(tmp_path, autograder("1"), {})
    assert results["score"] == 0 and "Upload your main.py" in results["output"]


def test_gradescope_says_why_it_cannot_read_an_upload_nested_deeper_than_pythons_stack(autograder, tmp_path):
    """The autograder walks the upload without recursion and refuses one nested past MAX_DEPTH as the class report
    does: a sentence for the learner, not a fault in the autograder."""
    from grader.classroom.entries import MAX_DEPTH, EntryRefused
    from grader.classroom.gradescope import _submitted_files

    archive = autograder("2")
    submission = tmp_path / "autograder" / "submission"
    with nested_folders(submission / "junk"):
        with pytest.raises(EntryRefused, match=f"submission/ nests folders more than {MAX_DEPTH} deep"):
            _submitted_files(submission)
        results = _run_on_gradescope(tmp_path, archive, {"main.py": solution("challenge_2_shapes").read_bytes()})
    assert results["score"] == 0 and f"Not graded: submission/ nests folders more than {MAX_DEPTH} deep" in \
        results["output"] and "fault in the autograder" not in results["output"]


HIDDEN_IN_A_NOTE = "\u202eDESSAP\u202d all checks \x1b[32mPASSED\x1b[0m"


def _strings(data):
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [text for item in data for text in _strings(item)] if isinstance(data, list) else []


def test_gradescope_shows_the_hidden_characters_of_a_notebooks_notes_as_escapes(autograder, tmp_path):
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "id": "a",
         "source": f"%matplotlib inline  # {HIDDEN_IN_A_NOTE}"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "id": "b",
         "source": solution("challenge_5_backprop").read_text()}]}
    results = _run_on_gradescope(tmp_path, autograder("5"), {"main.ipynb": json.dumps(notebook).encode()})
    assert results["score"] == points_of("challenge_5_backprop") and "was left out" in results["output"]
    assert "\\u202eDESSAP\\u202d all checks \\x1b[32mPASSED" in results["output"]
    assert [text for text in _strings(results) if visible(text) != text] == []


def test_a_classroom_runner_result_shows_the_hidden_characters_of_a_message_as_escapes():
    check = CheckResult("forward", f"forward {HIDDEN_IN_A_NOTE}", "shapes", "failed", 0.0, 1.0,
                        message=f"ValueError: {HIDDEN_IN_A_NOTE}")
    result = runner_result(GradeResult("challenge_1_forward_pass", "Forward pass", "2", "main.py", [check]))
    (test,) = result["tests"]
    assert test["message"] == "ValueError: \\u202eDESSAP\\u202d all checks \\x1b[32mPASSED\\x1b[0m"
    assert [text for text in _strings(result) if visible(text) != text] == []


def _bwrap_failing_after_its_first_call(folder):
    """{"PATH": ...} that puts first a bwrap whose first call (the survey's probe) runs the real one and every later
    call fails, as a sandbox that stops starting after the check that it can."""
    failing = folder / "bin" / "bwrap"
    failing.parent.mkdir(parents=True)
    failing.write_text(f"#!/bin/sh\nif [ -e {folder}/probed ]; then echo 'bwrap: setting up uid map: Permission "
                       f"denied' >&2; exit 1; fi\ntouch {folder}/probed\nexec {shutil.which('bwrap')} \"$@\"\n")
    failing.chmod(0o755)
    return {"PATH": f"{failing.parent}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.skipif(not confinement.confined(thorough=True), reason="needs bubblewrap's sandbox to start at first")
def test_a_sandbox_that_fails_after_the_survey_gives_no_grade_that_counts(autograder, tmp_path):
    """The autograder and --require-confinement check once that bwrap works: a worker's sandbox that fails after
    that gives no score, where the learner's own grade would go on unconfined."""
    submission = {"main.py": solution("challenge_3_activations").read_bytes()}
    lost = _run_on_gradescope(tmp_path / "gradescope", autograder("3"), submission,
                              _bwrap_failing_after_its_first_call(tmp_path / "first"))
    assert lost["score"] == 0 and lost["tests"] == [], lost
    assert "sandbox failed to start for your code" in lost["output"]
    required = run_grade("3", "--submission", solution("challenge_3_activations"), "--json", "--require-confinement",
                         env=_bwrap_failing_after_its_first_call(tmp_path / "second"))
    assert required.returncode == 2 and required.stdout == "", required.stdout[-2000:]
    assert "Nothing was graded: a grade that counts needs the learner's code confined" in required.stderr


def test_gradescope_refuses_to_grade_unconfined_unless_the_export_allows_it(autograder, tmp_path):
    failing = tmp_path / "bin" / "bwrap"   # an image where bwrap cannot make namespaces
    failing.parent.mkdir()
    failing.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    failing.chmod(0o755)
    env = {"PATH": f"{failing.parent}{os.pathsep}{os.environ['PATH']}"}
    submission = {"main.py": solution("challenge_3_activations").read_bytes()}
    refused = _run_on_gradescope(tmp_path / "refused", autograder("3"), submission, env)
    assert refused["score"] == 0 and refused["tests"] == []
    assert "cannot confine" in refused["output"] and "--allow-unconfined" in refused["output"]
    archive = tmp_path / "allowed.zip"
    assert run_grade("export", "gradescope", "3", "--out", archive, "--allow-unconfined").returncode == 0
    allowed = _run_on_gradescope(tmp_path / "allowed", archive, submission, env)
    assert allowed["score"] == sum(test["max_score"] for test in allowed["tests"]) > 0


def test_the_gradescope_image_runs_the_learners_code_as_an_account_of_its_own(autograder):
    with zipfile.ZipFile(autograder("3")) as archive:
        setup, run = archive.read("setup.sh").decode(), archive.read("run_autograder").decode()
    assert "bubblewrap" in setup and "useradd --system" in setup and "nnfs-learner" in setup
    assert 'NNFS_GRADE_WORKER_USER="${NNFS_GRADE_WORKER_USER-nnfs-learner}"' in run


def test_the_authors_commands_say_where_to_run_them_in_a_released_course(release):
    """A release records its checks' answers and leaves the solutions out: linting or mutating it would report
    every recorded answer as a stray file and every solution as missing."""
    out, env = release
    for command in (["check", "--no-grading"], ["mutate", "3"]):
        refused = run_grade("dev", *command, cwd=out, env=env)
        assert refused.returncode == 2 and "as grade release writes it for learners" in refused.stderr, command
        assert "stray" not in refused.stdout + refused.stderr


# --- grade export github-classroom ----------------------------------------------------------------

def test_the_classroom_workflow_gives_points_per_public_check(release, released_solution, tmp_path):
    # A copy of its own: this test writes a workflow and a solved main.py, which the module's other tests must not see.
    shared, env = release
    out = shutil.copytree(shared, tmp_path / "course", symlinks=True)
    completed = run_grade("export", "github-classroom", "--out", out, cwd=out, env=env)
    assert completed.returncode == 0, completed.stderr
    workflow = yaml.safe_load((out / ".github" / "workflows" / "classroom.yml").read_text())
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    installs = [step["run"] for step in steps if "bubblewrap" in step.get("run", "")]
    assert installs and installs[0].index("apt-get update") < installs[0].index("apt-get install"), \
        "a runner's package lists may be stale: they are refreshed before bubblewrap is installed"
    graders = [step for step in steps if step.get("uses", "").startswith("classroom-resources/autograding-command")]
    reporter = steps[-1]
    assert reporter["uses"] == "classroom-resources/autograding-grading-reporter@v1"
    assert reporter["with"]["runners"].split(",") == [step["id"] for step in graders]
    assert set(reporter["env"]) == {f"{step['id'].upper()}_RESULTS" for step in graders}
    public = sum(released_solution(name)[1]["max_score"] for name in CHALLENGES)
    assert sum(step["with"]["max-score"] for step in graders) == public
    assert not [step for step in graders if any(name in step["with"]["command"] for name in _hidden_check_ids())]
    # The commands work in the learner's repository: a solved check earns its points, an unsolved one does not.
    step = next(step for step in graders if step["with"]["command"].endswith("--check sigmoid --require-confinement"))
    assert subprocess.run(step["with"]["command"].replace("grade", f"{sys.executable} -m grader", 1).split(),
                          cwd=out, env=dict(os.environ, **env), capture_output=True).returncode == 1
    (out / "challenges" / "challenge_3_activations" / "main.py").write_bytes(
        solution("challenge_3_activations").read_bytes())
    assert subprocess.run(step["with"]["command"].replace("grade", f"{sys.executable} -m grader", 1).split(),
                          cwd=out, env=dict(os.environ, **env), capture_output=True).returncode == 0


def test_the_classroom_workflow_of_a_partial_release_grades_only_the_challenges_it_holds(tmp_path):
    """Run from the instructor's course, as the README shows, on a release of challenges 1 and 3."""
    release = tmp_path / "course"
    completed = run_grade("release", "--out", release, "--challenge", "1", "--challenge", "3", timeout=300,
                          cwd=_checkout(tmp_path / "checkout"))
    assert completed.returncode == 0, completed.stderr[-3000:]
    completed = run_grade("export", "github-classroom", "--out", release)
    assert completed.returncode == 0, completed.stderr
    steps = yaml.safe_load((release / ".github" / "workflows" / "classroom.yml").read_text())[
        "jobs"]["run-autograding-tests"]["steps"]
    commands = [step["with"]["command"] for step in steps if "with" in step and "command" in step["with"]]
    assert commands and {command.split()[1] for command in commands} == {"challenge_1_forward_pass",
                                                                         "challenge_3_activations"}
    assert "(the challenges" in completed.stdout
    # A challenge the release lacks is refused by name, and nothing is written for it.
    refused = run_grade("export", "github-classroom", "--out", release, "--challenge", "5")
    assert refused.returncode == 2 and "without challenge_5_backprop" in refused.stderr
    narrowed = run_grade("export", "github-classroom", "--out", release, "--challenge", "3", "--per", "challenge")
    assert narrowed.returncode == 0 and "1 autograding step worth" in narrowed.stdout, narrowed.stdout


def _hidden_check_ids():
    return [name[len("test_"):] for name in _hidden_check_names()]


ACTIONS = Path(__file__).with_name("fixtures") / "github_classroom"


def _action(name):
    """The action's inputs, from the copy of its action.yml kept in tests/fixtures (source in its header)."""
    return yaml.safe_load((ACTIONS / f"{name}.action.yml").read_text())["inputs"]


@pytest.mark.parametrize("per", ["check", "challenge"])
def test_the_classroom_workflow_uses_the_real_actions_as_they_are_defined(tmp_path, per):
    completed = run_grade("export", "github-classroom", "--out", tmp_path, "--per", per)
    assert completed.returncode == 0, completed.stderr
    steps = yaml.safe_load((tmp_path / ".github" / "workflows" / "classroom.yml").read_text())[
        "jobs"]["run-autograding-tests"]["steps"]
    grader_inputs, reporter_inputs = _action("autograding-command-grader"), _action("autograding-grading-reporter")
    runners = [step for step in steps if "id" in step]
    assert runners
    for step in runners:
        if "uses" in step:
            assert step["uses"] == "classroom-resources/autograding-command-grader@v1"
            assert set(step["with"]) <= set(grader_inputs), step
            assert {name for name, spec in grader_inputs.items() if spec.get("required")} <= set(step["with"])
            assert isinstance(step["with"]["max-score"], int) and step["with"]["max-score"] > 0
        else:
            assert per == "challenge" and "grader.classroom.github_classroom" in step["run"]
    reporter = steps[-1]
    assert reporter["uses"] == "classroom-resources/autograding-grading-reporter@v1"
    assert set(reporter["with"]) <= set(reporter_inputs)
    assert {name for name, spec in reporter_inputs.items() if spec.get("required")} <= set(reporter["with"])
    ids = reporter["with"]["runners"].split(",")
    assert ids == [step["id"] for step in runners]
    # The reporter reads each runner's result from <RUNNER>_RESULTS (its src/main.js), and parses every one: a step
    # of its own that ends without a result (out of time) goes on, and the reporter gets a result of no points for it.
    fallbacks = {}
    for step in runners:
        variable, read = f"{step['id'].upper()}_RESULTS", f"steps.{step['id']}.outputs.result"
        if "uses" in step:
            assert reporter["env"][variable] == f"${{{{ {read} }}}}"
            continue
        assert step["continue-on-error"] is True
        found = re.fullmatch(rf"\$\{{{{ {re.escape(read)} \|\| '([A-Za-z0-9+/=]+)' \}}}}", reporter["env"][variable])
        assert found, reporter["env"][variable]
        fallbacks[step["id"]] = json.loads(base64.b64decode(found[1]))
    assert set(reporter["env"]) == {f"{step_id.upper()}_RESULTS" for step_id in ids}
    for step_id, result in fallbacks.items():
        public = sum(info.points for info in checks_of(next(challenge for challenge in load_challenges(ROOT)
                                                            if f"c{challenge.number}" == step_id))
                     if not info.hidden)
        assert result["max_score"] == public and [test["score"] for test in result["tests"]] == [0], result
        assert "ended without a result" in result["tests"][0]["message"]
    assert bool(fallbacks) == (per == "challenge")


def test_an_edited_classroom_workflow_is_kept_beside_the_new_one(tmp_path):
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    edited = "# the instructor's own step\non: push\n"
    (workflows / "classroom.yml").write_text(edited)
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("not a workflow\n")

    completed = run_grade("export", "github-classroom", "--out", tmp_path)
    assert completed.returncode == 0, completed.stderr
    [kept] = workflows.glob("classroom.yml.*.bak")
    assert kept.read_text() == edited and str(kept) in completed.stderr
    written = (workflows / "classroom.yml").read_text()
    assert "autograding-grading-reporter" in written

    # The same workflow written again is left as it is, with no second copy.
    completed = run_grade("export", "github-classroom", "--out", tmp_path)
    assert completed.returncode == 0 and "kept as" not in completed.stderr
    assert len(list(workflows.glob("*.bak"))) == 1
    # So is an earlier export's own, unedited, which another export (of more challenges, week after week) replaces.
    completed = run_grade("export", "github-classroom", "--out", tmp_path, "--per", "challenge")
    assert completed.returncode == 0 and "kept as" not in completed.stderr, completed.stderr
    assert len(list(workflows.glob("*.bak"))) == 1 and (workflows / "classroom.yml").read_text() != written
    completed = run_grade("export", "github-classroom", "--out", tmp_path)
    assert completed.returncode == 0 and (workflows / "classroom.yml").read_text() == written
    assert len(list(workflows.glob("*.bak"))) == 1
    # An unedited one from before the digest line, or with Windows line ends, is ours too.
    (workflows / "classroom.yml").write_text(written.partition("\n")[2])
    assert "kept as" not in run_grade("export", "github-classroom", "--out", tmp_path).stderr
    (workflows / "classroom.yml").write_bytes(written.replace("\n", "\r\n").encode())
    assert "kept as" not in run_grade("export", "github-classroom", "--out", tmp_path).stderr
    assert len(list(workflows.glob("*.bak"))) == 1
    # One edited under its first line is the instructor's: kept.
    (workflows / "classroom.yml").write_text(written.replace("timeout: ", "timeout: 1", 1))
    completed = run_grade("export", "github-classroom", "--out", tmp_path)
    assert completed.returncode == 0 and "kept as" in completed.stderr
    assert len(list(workflows.glob("*.bak"))) == 2

    # A link at the workflow's name is moved aside, never written through.
    (workflows / "classroom.yml").unlink()
    (workflows / "classroom.yml").symlink_to(outside)
    completed = run_grade("export", "github-classroom", "--out", tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert outside.read_text() == "not a workflow\n"
    assert not (workflows / "classroom.yml").is_symlink()
    assert (workflows / "classroom.yml").read_text() == written
    assert len(list(workflows.glob("*.bak"))) == 3


def _step_per_challenge(release, tmp_path, challenge, main):
    """(the CompletedProcess, the runner result) of the Classroom's per-challenge step on `main` as main.py."""
    out, env = release
    stub = out / "challenges" / challenge / "main.py"
    original = stub.read_bytes()
    stub.write_bytes(main)
    outputs = tmp_path / "github_output"
    try:
        completed = subprocess.run([sys.executable, "-m", "grader.classroom.github_classroom", challenge], cwd=out,
                                   env=dict(os.environ, **env, GITHUB_OUTPUT=str(outputs)), capture_output=True,
                                   text=True, timeout=300)
    finally:
        stub.write_bytes(original)
    assert completed.returncode == 0, completed.stderr[-2000:]
    (line,) = outputs.read_text().splitlines()
    assert line.startswith("result=")
    return completed, json.loads(base64.b64decode(line.removeprefix("result=")))


def test_a_step_per_challenge_keeps_partial_credit(release, tmp_path):
    challenge = "challenge_3_activations"
    # The solution with a sign flipped in sigmoid: every other check of the challenge earns its points.
    _, result = _step_per_challenge(release, tmp_path, challenge, solution(challenge).read_text().replace(
        "1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(inputs))").encode())
    scores = {test["name"]: test["score"] for test in result["tests"]}
    earned = sum(scores.values())
    assert result["status"] == "fail" and 0 < earned < result["max_score"]
    assert [test["status"] for test in result["tests"]].count("fail") < len(result["tests"]) - 1


def test_a_step_per_challenge_on_a_file_that_cannot_be_graded_reports_zero_and_why(release, tmp_path):
    completed, result = _step_per_challenge(release, tmp_path, "challenge_3_activations",
                                            b"x = 1\n" + b"#" * (1 << 20))
    assert "Traceback" not in completed.stderr, completed.stderr[-2000:]
    assert result["status"] == "fail" and result["tests"] and all(
        test["score"] == 0 and "larger than 1 MiB" in test["message"] for test in result["tests"])


def _workflow_commands(text):
    """The lines of a step's output that GitHub Actions' runner parses as workflow commands (actions/runner's
    ActionCommand: "::" after leading blanks, .NET's TrimStart, or "##[" anywhere)."""
    return [line for line in text.splitlines() if line.lstrip().startswith("::") or "##[" in line]


def test_what_the_learners_code_prints_never_commands_the_classroom_runner(release, tmp_path):
    out, env = release
    challenge = "challenge_3_activations"
    stub = out / "challenges" / challenge / "main.py"
    original = stub.read_bytes()
    forged = ["::notice title=Autograding complete::Points 11/11", "  ::add-mask::secret",
              "\u2003::error::em space first", "see ##[error]anywhere", "::stop-commands::token"]
    stub.write_text(f"print({forged!r}[0])\n" + "".join(f"print({line!r})\n" for line in forged[1:])
                    + f"raise ValueError({chr(10).join(forged)!r})\n")
    try:
        steps = [[sys.executable, "-m", "grader", challenge, "--check", "sigmoid", "--require-confinement"],
                 [sys.executable, "-m", "grader", challenge, "--check", "sigmoid", "--json"],
                 [sys.executable, "-m", "grader.classroom.github_classroom", challenge]]
        outputs = [subprocess.run(step, cwd=out, env=dict(os.environ, **env, GITHUB_OUTPUT=str(tmp_path / "o")),
                                  capture_output=True, text=True, timeout=300) for step in steps]
    finally:
        stub.write_bytes(original)
    for step, completed in zip(steps, outputs):
        assert "Autograding complete" in completed.stdout and "anywhere" in completed.stdout, completed.stderr
        assert _workflow_commands(completed.stdout + completed.stderr) == [], step
    # The JSON still holds what was printed, as it was printed.
    assert json.loads(outputs[1].stdout)["load_output"] == "".join(line + "\n" for line in forged)
    # What the per-challenge step hands GitHub Classroom's reporter, which prints every failing test's message
    # into the log of a later step.
    (line,) = (tmp_path / "o").read_text().splitlines()
    runner = json.loads(base64.b64decode(line.removeprefix("result=")))
    assert "Autograding complete" in json.dumps(runner)
    assert [text for test in runner["tests"] for text in test.values() if isinstance(text, str)
            and _workflow_commands(text)] == []


def test_gradescope_keeps_a_failed_hidden_check_hidden_until_published(autograder, tmp_path):
    # Right for every batch but the single sample that only the hidden check tries.
    mistake = planted(tmp_path, "challenge_5_backprop", [(
        "self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
        "self.dbiases = np.sum(dvalues, axis=0, keepdims=True) * min(len(dvalues), 2) / 2")])
    results = _run_on_gradescope(tmp_path, autograder("5"), {"main.py": mistake.read_bytes()})
    hidden = [test for test in results["tests"] if test["visibility"] != "visible"]
    shown = [test for test in results["tests"] if test["visibility"] == "visible"]
    assert [test["status"] for test in hidden] == ["failed"] and all(test["status"] == "passed" for test in shown)
    assert hidden[0]["visibility"] == "after_published"
    visible, total = int(points_of("challenge_5_backprop")) - 1, int(points_of("challenge_5_backprop"))
    assert results["score"] == visible
    # The top-level output is always shown: it tells only what the visible checks earned.
    assert f"{visible} of {total}" not in results["output"] and str(total) not in results["output"]
    assert f"Checks you can see now: {visible} of {visible} points." in results["output"]
    assert results["stdout_visibility"] == "hidden"


def test_gradescope_tells_learners_truly_when_they_see_hidden_checks(tmp_path):
    """Gradescope never shows a `hidden` test yet shows the total, so hidden tests are for checks that give no points
    (https://gradescope-autograders.readthedocs.io/en/latest/specs/); after_due_date shows them after the due date."""
    refused = run_grade("export", "gradescope", "3", "--hidden-visibility", "hidden", "--out", tmp_path / "h.zip")
    assert refused.returncode == 2 and not (tmp_path / "h.zip").exists()
    assert "challenge_3_activations: 1" in refused.stderr and "after_published or after_due_date" in refused.stderr
    # A challenge without hidden checks has nothing to give away.
    assert run_grade("export", "gradescope", "2", "--hidden-visibility", "hidden",
                     "--out", tmp_path / "two.zip").returncode == 0
    archive = tmp_path / "due.zip"
    assert run_grade("export", "gradescope", "3", "--hidden-visibility", "after_due_date",
                     "--out", archive).returncode == 0
    results = _run_on_gradescope(tmp_path, archive, {"main.py": solution("challenge_3_activations").read_bytes()})
    assert [test["visibility"] for test in results["tests"] if test["visibility"] != "visible"] == ["after_due_date"]
    assert "their results are shown after the due date" in results["output"]
    assert "publish" not in results["output"]
    from grader.classroom.gradescope import _visible_score

    unscored = [{"visibility": "visible", "score": 1.0, "max_score": 1.0},
                {"visibility": "hidden", "score": 0.0, "max_score": 0.0}]
    assert _visible_score(unscored, "hidden").endswith("you will not see them, and they give no points.")


def test_gradescope_setup_updates_apt_first_and_installs_a_supported_python(autograder, tmp_path):
    """setup.sh run against stand-ins for apt-get, add-apt-repository and an old python3, as on Ubuntu 22.04."""
    with zipfile.ZipFile(autograder("3")) as archive:
        setup = archive.read("setup.sh").decode()
    tools, root, log = tmp_path / "bin", tmp_path / "autograder", tmp_path / "calls.log"
    tools.mkdir()
    (root / "source" / "nnfs-grade").mkdir(parents=True)
    logging = f'echo "$(basename "$0") $*" >> {log}\n'
    fake_venv = ('if [ "$1" = -m ] && [ "$2" = venv ]; then mkdir -p "$3/bin"; '
                 f'printf \'#!/bin/sh\\n{logging.strip()}\\n\' > "$3/bin/pip"; chmod +x "$3/bin/pip"; fi\n')
    scripts = {"apt-get": logging, "add-apt-repository": logging,
               "python3": logging + "exit 1\n",   # python3 -c '...version check...': 3.10, too old
               "python3.12": logging + fake_venv,
               "id": "exit 1\n", "useradd": logging}   # no learner account yet: one is made (here, pretended)
    for name, body in scripts.items():
        (tools / name).write_text("#!/bin/sh\n" + body)
        (tools / name).chmod(0o755)
    completed = subprocess.run(["bash", "-c", setup], capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, PATH=f"{tools}:/usr/bin:/bin", AUTOGRADER_ROOT=str(root)))
    assert completed.returncode == 0, completed.stderr
    calls = log.read_text().splitlines()
    apt = [call for call in calls if call.startswith("apt-get")]
    assert apt[0] == "apt-get update", "the package lists are refreshed before the first install"
    last_update = len(calls) - 1 - calls[::-1].index("apt-get update")
    assert calls.index("add-apt-repository -y ppa:deadsnakes/ppa") < last_update, "the new archive is read"
    assert any("python3.12 python3.12-venv" in call for call in apt) and not any("python3.11" in call for call in apt)
    assert f"python3.12 -m venv {root}/venv" in calls
    assert calls[-1] == f"pip install {root}/source/nnfs-grade"
    assert any(call.startswith("apt-get install") and "bubblewrap" in call for call in apt)
    assert "useradd --system --no-create-home --shell /usr/sbin/nologin nnfs-learner" in calls


def test_an_autograder_is_never_written_over_anything_but_an_autograder(tmp_path):
    mine = tmp_path / "main.py"
    mine.write_text("my work\n")
    link = tmp_path / "autograder.zip"
    link.symlink_to(mine)
    for out in (mine, link):
        completed = run_grade("export", "gradescope", "3", "--out", out)
        assert completed.returncode == 2 and "left as it is" in completed.stderr, completed.stderr
        assert mine.read_text() == "my work\n"
    unnamed = run_grade("export", "gradescope", "3", "--out", tmp_path / "autograder")
    assert unnamed.returncode == 2 and "does not end in .zip" in unnamed.stderr, unnamed.stderr
    assert not (tmp_path / "autograder").exists()
    again = tmp_path / "autograder-3.zip"
    for _ in range(2):
        assert run_grade("export", "gradescope", "3", "--out", again).returncode == 0 and zipfile.is_zipfile(again)
