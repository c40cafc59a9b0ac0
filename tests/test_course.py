"""The course linted as data by `grade dev check`: every challenge complete, consistent and well declared."""
import subprocess

import pytest
from click.testing import CliRunner

from grader.cli.main import main as cli
from grader.course import CourseError, find_root, load_challenges, resolve
from helpers import ROOT, copy_course

SEED_CHALLENGES = ["challenge_1_forward_pass", "challenge_2_shapes", "challenge_3_activations",
                   "challenge_4_loss_debug", "challenge_5_backprop"]


def test_the_seed_challenges_are_there_in_order():
    # Later challenges take their place among them in book order (challenge 11 follows chapter 5).
    names = [c.name for c in load_challenges(find_root(ROOT))]
    assert [name for name in names if name in SEED_CHALLENGES] == SEED_CHALLENGES


def test_the_course_follows_the_book_not_the_numbers():
    challenges = load_challenges(ROOT)
    names = [c.name for c in challenges]
    # Challenge 11 (chapters 6-8) goes between the loss (chapter 5) and backpropagation (chapter 9).
    assert names.index("challenge_4_loss_debug") < names.index("challenge_11_random_search_and_derivatives") \
        < names.index("challenge_5_backprop")
    # A challenge that trains with what a chapter teaches follows the one that builds it (same chapters).
    assert names.index("challenge_8_regularization") + 1 == names.index("challenge_13_regularized_training")
    # The complete Model (chapter 18) follows challenge 10's and comes before the real dataset (chapters 19-22).
    assert names.index("challenge_10_model") < names.index("challenge_15_complete_model") \
        < names.index("challenge_16_real_dataset")
    # The book's challenges in chapter order; those beyond the book ("9-10+") after every one of them.
    in_book = [c for c in challenges if c.chapter.replace("-", "").isdigit()]
    chapters = [int(c.chapter.split("-")[0]) for c in in_book]
    assert chapters == sorted(chapters)
    assert names[:len(in_book)] == [c.name for c in in_book]


def _course(tmp_path, folders):
    for name, toml in folders.items():
        (tmp_path / "challenges" / name).mkdir(parents=True)
        (tmp_path / "challenges" / name / "challenge.toml").write_text(toml)
    return [c.name for c in load_challenges(tmp_path)]


def test_an_order_setting_places_a_challenge_and_ties_go_by_number(tmp_path):
    assert _course(tmp_path, {
        "challenge_1_a": 'title = "a"\nchapter = "9"\n',
        "challenge_2_b": 'title = "b"\nchapter = "2"\n',
        "challenge_3_c": 'title = "c"\nchapter = "2-4"\n',
        "challenge_17_convolution": 'title = "d"\nchapter = "beyond the book"\n',
        "challenge_18_attention": 'title = "e"\nchapter = "beyond the book"\norder = 5.5\n',
    }) == ["challenge_2_b", "challenge_3_c", "challenge_18_attention", "challenge_1_a", "challenge_17_convolution"]


def test_an_unreadable_order_is_a_course_error(tmp_path):
    with pytest.raises(CourseError, match="challenge.toml"):
        _course(tmp_path, {"challenge_1_a": 'title = "a"\nchapter = "9"\norder = "soon"\n'})


def test_the_course_passes_dev_check(monkeypatch, tmp_path):
    monkeypatch.chdir(copy_course(tmp_path))
    result = CliRunner().invoke(cli, ["dev", "check"])
    assert result.exit_code == 0, result.output
    assert "every stub fails and every solution passes" in result.output


def test_each_stub_a_clone_holds_is_the_one_grade_reset_and_a_release_give():
    """A clone's challenges/<name>/main.py is the stub a learner starts from; .pristine/main.py is what grade reset
    restores and grade release ships. Compared as committed, not as a contributor's checkout may hold them."""
    listed = subprocess.run(["git", "ls-files", "-s", "challenges"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0 or not listed.stdout:
        pytest.skip("not a git checkout: the committed stubs cannot be read")
    blobs = {line.split("\t")[1]: line.split()[1] for line in listed.stdout.splitlines()}
    differ = [path for path, blob in blobs.items() if path.endswith("/.pristine/main.py")
              and blobs.get(path.replace("/.pristine/", "/")) != blob]
    assert not differ, f"committed main.py and .pristine/main.py differ: {differ}"


# The head of challenge 16's predict_label check, which the rewrites below move to an earlier category.
PREDICT_LABEL_CHECK = '@check("training", depends="trains_on_the_digits", uses="prepare",\n       hint=("An image must'


def _rewrite(path, old, new):
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


def _stub_without_todo(course):
    folder = course / "challenges" / "challenge_1_forward_pass"
    for path in (folder / "main.py", folder / ".pristine" / "main.py"):
        path.write_text(path.read_text().replace("# TODO:", "# Next:"))


def _renamed(course, old, new):
    (course / "challenges" / old).rename(course / "challenges" / new)
    (course / "solutions" / old).rename(course / "solutions" / new)
    _rewrite(course / "README.md", f"`{old}`", f"`{new}`")


C3 = "challenges/challenge_3_activations"
C16 = "challenges/challenge_16_real_dataset"
C18 = "challenges/challenge_18_attention"
# (what breaks the course, the file dev check must name, words of its message)
BREAKAGES = {
    "one_hint": (lambda c: (c / C3 / "challenge.toml").write_text('title = "t"\nchapter = "4"\nsummary = "s"\n'
                                                                   'hints = ["only one"]\n'),
                 f"{C3}/challenge.toml", "at least two hints"),
    "no_todo": (_stub_without_todo, "challenges/challenge_1_forward_pass/main.py", 'has no "# TODO:"'),
    "edited_stub": (lambda c: (c / C3 / "main.py").write_text("mine\n"), f"{C3}/.pristine/main.py",
                    "differs from main.py"),
    "stray_file": (lambda c: (c / C3 / "notes.txt").write_text("x"), f"{C3}/notes.txt", "is a stray file"),
    "stray_folder": (lambda c: (c / "challenges" / "drafts").mkdir(), "challenges/drafts", "is not a challenge"),
    "stray_solution": (lambda c: (c / "solutions" / "challenge_99_gone").mkdir(), "solutions/challenge_99_gone",
                       "is not the solution of any challenge"),
    "no_solution": (lambda c: (c / "solutions" / "challenge_2_shapes" / "main.py").unlink(),
                    "solutions/challenge_2_shapes/main.py", "is missing"),
    "hidden_in_spec": (lambda c: _rewrite(c / C3 / "spec.py", '@check("shape", depends="sigmoid",',
                                          '@check("shape", hidden=True, depends="sigmoid",'),
                       f"{C3}/spec.py", "sigmoid_any_shape is hidden: move it to hidden_spec.py"),
    "scenario_imports_the_judge": (lambda c: _rewrite(c / C3 / "scenarios.py", "import numpy as np\n",
                                                      "import numpy as np\nfrom grader import expect\n"),
                                   f"{C3}/scenarios.py", "may use only grader.scenario_helpers"),
    "late_helper_import": (lambda c: _rewrite(c / C3 / "scenarios.py", "    given = inputs.copy()\n",
                                              "    from grader.scenario_helpers import random_probabilities\n"
                                              "    given = inputs.copy()\n"),
                           f"{C3}/scenarios.py", "inside a function"),
    "shown_before_its_dependency": (lambda c: _rewrite(c / C16 / "spec.py", PREDICT_LABEL_CHECK,
                                                       PREDICT_LABEL_CHECK.replace('"training"', '"model"')),
                                    f"{C16}/spec.py", "predict_label depends on trains_on_the_digits, which reports "
                                                      "list after it (model comes before training)"),
    "unknown_dependency": (lambda c: _rewrite(c / C3 / "spec.py", '@check("shape", depends="sigmoid",',
                                              '@check("shape", depends="sigmoid_extremes",'),
                           f"{C3}/spec.py", "depends on sigmoid_extremes, which is not declared before it"),
    "unknown_use": (lambda c: _rewrite(c / C3 / "spec.py", '@check("shape", depends="sigmoid",',
                                       '@check("shape", depends="sigmoid", uses="sigmoid_extremes",'),
                    f"{C3}/spec.py", "uses sigmoid_extremes, which is not declared before it: declare checks after "
                                     "the ones they use"),
    "shown_before_what_it_uses": (lambda c: _rewrite(c / C16 / "spec.py", PREDICT_LABEL_CHECK,
                                                     PREDICT_LABEL_CHECK.replace(
                                                         '"training",', '"model",').replace(
                                                         'uses="prepare"', 'uses=("prepare", "trains_on_the_digits")')),
                                  f"{C16}/spec.py", "predict_label uses trains_on_the_digits, which reports list "
                                                    "after it (model comes before training)"),
    "syntax_error": (lambda c: (c / C3 / "spec.py").write_text((c / C3 / "spec.py").read_text() + "def broken(:\n"),
                     f"{C3}/spec.py", "has a syntax error on line"),
    "unknown_scenario": (lambda c: _rewrite(c / C3 / "spec.py", 'run("sigmoid")', 'run("sigmoidal")'),
                         f"{C3}/spec.py", "runs the scenario 'sigmoidal'"),
    "hint_without_book": (lambda c: _rewrite(c / C3 / "spec.py", " See chapter 16.\")", "\")"),
                          f"{C3}/spec.py", "sigmoid_extremes: the hint should ask a guiding question and cite"),
    # Within the book a hint cites its chapter; the README stands in for one only beyond the book.
    "hint_citing_the_readme_within_the_book": (lambda c: _rewrite(c / C3 / "spec.py", " See chapter 16.\")",
                                                                  " See the README.\")"),
                                               f"{C3}/spec.py", "sigmoid_extremes: the hint should ask a guiding "
                                                                "question and cite"),
    "hint_beyond_the_book_without_source": (lambda c: _rewrite(c / C18 / "spec.py", "\"See Vaswani et al. 2017, "
                                                               "section 3.5.\",", "\"\","),
                                            f"{C18}/spec.py", "or, beyond the book, with where the README or a paper "
                                                              "says it"),
    "readme_without_chapter": (lambda c: _rewrite(c / C3 / "README.md", "chapter 4", "the book"),
                               f"{C3}/README.md", "does not cite the book"),
    "course_readme_without_row": (lambda c: _rewrite(c / "README.md", "`challenge_7_training`", "training"),
                                  "README.md", "does not name challenge_7_training"),
    "same_number": (lambda c: _renamed(c, "challenge_9_binary_and_regression", "challenge_8_binary"),
                    # In book order chapter 14's challenge comes first, so the later one is named.
                    "challenges/challenge_8_binary", "has the same number as challenge_8_regularization"),
    "command_name": (lambda c: _renamed(c, "challenge_9_binary_and_regression", "challenge_9_watching"),
                     "challenges/challenge_9_watching", "contains the command name 'watch'"),
}


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    monkeypatch.chdir(copy_course(tmp_path))
    return tmp_path


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_dev_check_names_the_file_and_the_fix(course_copy, breakage):
    # An unbroken copy passes dev check: test_the_course_passes_dev_check runs it on a copy made the same way.
    breaks, path, words = BREAKAGES[breakage]
    breaks(course_copy)
    result = CliRunner().invoke(cli, ["dev", "check", "--no-grading"])
    assert result.exit_code == 1
    assert any(line.startswith(f"{path}: ") and words in line for line in result.output.splitlines()), result.output


def test_names_numbers_and_fragments_resolve():
    challenges = load_challenges(ROOT)
    assert resolve("5", challenges).name == "challenge_5_backprop"
    assert resolve("backprop", challenges).name == "challenge_5_backprop"
    assert resolve("challenge_2_shapes", challenges).number == 2
    with pytest.raises(Exception, match="more than one"):
        resolve("challenge", challenges)
    with pytest.raises(Exception, match="No challenge matches"):
        resolve("recurrent", challenges)


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
    from grader.learner.progress import Progress, result_key
    from grader.results import GradeResult

    challenge = load_challenges(ROOT)[0]
    result = GradeResult(challenge=challenge.name, title=challenge.title, chapter=challenge.chapter, submission="")
    progress, book = Progress(tmp_path), Gradebook(tmp_path)
    progress.remember(challenge, result_key(challenge, challenge.pristine), result)
    book.store(challenge.name, "content", course.checks_version(challenge), result.to_dict())
    assert progress.cached(challenge, challenge.pristine) is not None
    assert book.result(challenge.name, "content", course.checks_version(challenge)) is not None

    monkeypatch.setattr(course, "_code_digest", lambda sealed=None: "the grader after a fix")
    assert progress.cached(challenge, challenge.pristine) is None
    assert book.result(challenge.name, "content", course.checks_version(challenge)) is None
    book.close()


def test_finding_a_challenge_by_its_folder_gives_what_resolving_among_all_gives():
    """The console script's `grade N` reads one challenge.toml where the folders' names settle which."""
    from grader.course import find_challenge

    challenges = load_challenges(ROOT)
    for query in ("1", "11", "challenge_1", "challenge_10_model", "backprop", "Forward", "challenges/challenge_7_training",
                  "99", "xyz", "challenge", "_"):
        try:
            expected = resolve(query, challenges)
        except CourseError as error:
            with pytest.raises(CourseError) as raised:
                find_challenge(ROOT, query)
            assert str(raised.value) == str(error)
        else:
            assert find_challenge(ROOT, query) == expected


def test_a_file_replaced_whole_keeps_its_permissions_and_a_new_one_gets_the_umasks(tmp_path):
    """grade reset's stub and an exported workflow are written through a temporary file, which is the owner's
    alone until it takes the mode of the file it replaces, or of a new file."""
    import os
    import stat

    from grader.course import replace_file

    shared = tmp_path / "main.py"
    shared.write_text("old\n")
    shared.chmod(0o664)
    replace_file(shared, b"new\n")
    assert shared.read_bytes() == b"new\n" and stat.S_IMODE(shared.stat().st_mode) == 0o664
    umask = os.umask(0o022)
    try:
        replace_file(tmp_path / "classroom.yml", b"on: push\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "classroom.yml").stat().st_mode) == 0o644
