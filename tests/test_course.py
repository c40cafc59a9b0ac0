"""The course linted as data: every challenge complete, consistent and well declared."""
import ast

import pytest

from grader.cli.main import main as cli
from grader.course import checks_of, find_root, load_challenges, resolve
from grader.spec import CATEGORIES
from helpers import ROOT

SEED_CHALLENGES = ["challenge_1_forward_pass", "challenge_2_shapes", "challenge_3_activations",
                   "challenge_4_loss_debug", "challenge_5_backprop"]


def test_the_seed_challenges_are_there_in_order():
    assert [c.name for c in load_challenges(find_root(ROOT))][:5] == SEED_CHALLENGES


@pytest.mark.parametrize("challenge", load_challenges(ROOT), ids=lambda c: c.name)
def test_challenge_is_complete(challenge):
    for path in (challenge.stub, challenge.readme, challenge.spec, challenge.scenarios, challenge.pristine,
                 ROOT / "solutions" / challenge.name / "main.py"):
        assert path.is_file(), f"{path} is missing"
    assert challenge.pristine.read_text() == challenge.stub.read_text(), \
        f"{challenge.stub} differs from {challenge.pristine}: the course must ship the stub untouched"
    assert challenge.title and challenge.summary and challenge.chapter
    assert len(challenge.hints) >= 2 and all(hint.strip() for hint in challenge.hints)
    first_chapter = challenge.chapter.split("-")[0]
    readme = challenge.readme.read_text()
    assert f"chapter {first_chapter}" in readme or f"chapters {first_chapter}" in readme
    stub = challenge.stub.read_text()
    if challenge.kind == "exercise":
        assert "# TODO:" in stub, f"{challenge.stub} has no # TODO: for the learner"
    else:
        assert challenge.kind == "debugging" and "TODO" not in stub


@pytest.mark.parametrize("challenge", load_challenges(ROOT), ids=lambda c: c.name)
def test_checks_are_well_declared(challenge):
    checks = checks_of(challenge)
    assert checks, f"{challenge.spec} declares no checks"
    seen = set()
    scenario_names = {node.name for path in challenge.scenario_files
                      for node in ast.parse(path.read_text()).body if isinstance(node, ast.FunctionDef)}
    for info in checks:
        assert info.id not in seen, f"check {info.id} is declared twice"
        assert info.category in CATEGORIES
        assert info.points > 0
        assert "?" in info.hint or "See chapter" in info.hint, f"{info.id}: a hint asks or points to the book"
        assert "See chapter" in info.hint, f"{info.id}: the hint should cite the book's chapter"
        for dependency in info.depends:
            assert dependency in seen, f"{info.id} depends on {dependency}, which is not declared before it"
        seen.add(info.id)
    for spec in challenge.spec_files:
        for name in {node.args[0].value for node in ast.walk(ast.parse(spec.read_text()))
                     if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "run"
                     and isinstance(node.args[0], ast.Constant)}:
            assert name in scenario_names, f"{spec} runs unknown scenario {name}"


@pytest.mark.parametrize("challenge", load_challenges(ROOT), ids=lambda c: c.name)
def test_hidden_checks_live_in_hidden_spec_and_nowhere_else(challenge):
    hidden = {info.id for info in checks_of(challenge) if info.hidden}
    in_hidden_file = set()
    if challenge.hidden_spec.is_file():
        in_hidden_file = {node.name[len("test_"):] for node in ast.parse(challenge.hidden_spec.read_text()).body
                          if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}
        assert in_hidden_file, f"{challenge.hidden_spec} declares no check"
    assert hidden == in_hidden_file
    if challenge.hidden_scenarios.is_file():
        assert challenge.hidden_spec.is_file(), "hidden scenarios without hidden checks"
        public = challenge.spec.read_text()
        for node in ast.parse(challenge.hidden_scenarios.read_text()).body:
            if isinstance(node, ast.FunctionDef):
                assert f'"{node.name}"' not in public, f"a public check runs the hidden scenario {node.name}"


def test_no_subcommand_shadows_a_challenge():
    challenges = load_challenges(ROOT)
    for command in cli.commands:
        with pytest.raises(Exception):
            resolve(command, challenges)


def test_names_numbers_and_fragments_resolve():
    challenges = load_challenges(ROOT)
    assert resolve("5", challenges).name == "challenge_5_backprop"
    assert resolve("backprop", challenges).name == "challenge_5_backprop"
    assert resolve("challenge_2_shapes", challenges).number == 2
    with pytest.raises(Exception, match="more than one"):
        resolve("challenge", challenges)
    with pytest.raises(Exception, match="No challenge matches"):
        resolve("convolution", challenges)


def test_limits_can_be_set_per_challenge(tmp_path):
    from grader.course import load_challenge
    from grader.limits import Limits

    folder = tmp_path / "challenge_9_custom"
    folder.mkdir()
    (folder / "challenge.toml").write_text(
        'title = "t"\nchapter = "1"\n[limits]\ncheck_seconds = 0.5\nmemory_mb = 256\n')
    limits = load_challenge(folder).limits
    assert (limits.check_seconds, limits.memory_mb) == (0.5, 256)
    assert (limits.load_seconds, limits.run_seconds) == (Limits().load_seconds, Limits().run_seconds)


def test_a_grader_fix_makes_the_learners_results_and_the_gradebooks_stale_alike(tmp_path, monkeypatch):
    from grader import course
    from grader.classroom.gradebook import Gradebook
    from grader.learner.progress import Progress
    from grader.results import GradeResult

    challenge = load_challenges(ROOT)[0]
    result = GradeResult(challenge=challenge.name, title=challenge.title, chapter=challenge.chapter, submission="")
    progress, book = Progress(tmp_path), Gradebook(tmp_path)
    progress.remember(challenge, challenge.pristine, result)
    book.store(challenge.name, "content", course.checks_version(challenge), result.to_dict())
    assert progress.cached(challenge, challenge.pristine) is not None
    assert book.result(challenge.name, "content", course.checks_version(challenge)) is not None

    monkeypatch.setattr(course, "_code_digest", lambda: "the grader after a fix")
    assert progress.cached(challenge, challenge.pristine) is None
    assert book.result(challenge.name, "content", course.checks_version(challenge)) is None
    book.close()
