"""`grade report` run again reads, grades and renders only what changed, and everything that did."""
import csv
import json
import tempfile
from pathlib import Path

import pytest

from grader.classroom import pages as class_pages
from grader.classroom import report as class_report
from grader.classroom.identity import read_class_list
from grader.classroom.learner_choice import LearnerChoiceError, chosen_positions
from grader.classroom.roster import KnownEntries
from grader.course import load_challenges
from grader.judge import pool as grading_pool
from grader.sandbox import confinement

from classroom import write_learner
from helpers import ROOT, learners_own, solution
from planted_mistakes import PLANTED

CHALLENGE = "challenge_3_activations"
SIGMOID_SIGN = next(replacements for challenge, replacements, check, *_ in PLANTED if check == "sigmoid")


@pytest.fixture
def rerun(tmp_path, monkeypatch):
    """A class of three (two folders and a zip) graded once; `rerun()` grades it again and returns the Summary."""
    # The roster's files are written moments before the first run: trust their times at once.
    monkeypatch.setattr(KnownEntries, "RACY_SECONDS", 0.0)
    roster, out = tmp_path / "roster", tmp_path / "out"
    for name, as_zip in (("alice", False), ("bob", True), ("carol", False)):
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": learners_own(CHALLENGE).encode()
                                     + f"# {name}\n".encode()}, as_zip)
    challenges = [challenge for challenge in load_challenges(ROOT) if challenge.name == CHALLENGE]

    def run(**options):
        return class_report.make_report(ROOT, roster, out, challenges, processes=1, **options)

    first = run()
    assert (first.graded, first.pages_written, first.entries_reused) == (3, 3, 0)
    return {"run": run, "roster": roster, "out": out, "tmp_path": tmp_path, "monkeypatch": monkeypatch}


def _page_of(out, learner):
    return next((out / "learners").glob(f"{learner}-*.html"))


def _totals(out):
    return {row["learner"]: row["total"] for row in json.loads((out / "results.json").read_text())["learners"]}


def test_nothing_changed_reads_grades_and_renders_nothing_again(rerun):
    out = rerun["out"]
    outputs = {name: (out / name).read_bytes() for name in ("grades.csv", "checks.csv")}
    index = (out / "index.html").read_text()
    again = rerun["run"]()
    assert (again.graded, again.pages_written, again.entries_reused, again.learners) == (0, 0, 3, 3)
    assert {name: (out / name).read_bytes() for name in outputs} == outputs
    # The class page is written anew from the kept rows: only its date may differ.
    assert (out / "index.html").read_text().split("</tr>")[1:-1] == index.split("</tr>")[1:-1]
    assert _totals(out) == {"alice": 11.0, "bob": 11.0, "carol": 11.0}


def test_a_changed_submission_is_read_graded_and_rendered_again(rerun):
    out, roster = rerun["out"], rerun["roster"]
    page = _page_of(out, "carol")
    before = page.read_text()
    path = roster / "carol" / "challenges" / CHALLENGE / "main.py"
    text = path.read_text()
    for old, new in SIGMOID_SIGN:
        text = text.replace(old, new, 1)
    path.write_text(text)
    again = rerun["run"]()
    assert (again.graded, again.pages_written, again.entries_reused) == (1, 1, 2)
    assert page.read_text() != before
    totals = _totals(out)
    assert totals["carol"] < 11.0 and totals["alice"] == totals["bob"] == 11.0
    grades = {row["learner"]: row for row in csv.DictReader((out / "grades.csv").open(encoding="utf-8-sig"))}
    assert float(grades["carol"]["total"]) == totals["carol"]
    statuses = {(row["learner"], row["check"]): row["status"]
                for row in csv.DictReader((out / "checks.csv").open(encoding="utf-8-sig"))}
    assert statuses[("carol", "sigmoid")] == "failed" and statuses[("alice", "sigmoid")] == "passed"


def test_a_changed_zip_is_read_again(rerun):
    out, roster = rerun["out"], rerun["roster"]
    write_learner(roster, "bob", {f"challenges/{CHALLENGE}/main.py": b"raise RuntimeError('boom')\n"}, True)
    again = rerun["run"]()
    assert (again.graded, again.pages_written, again.entries_reused) == (1, 1, 2)
    assert _totals(out)["bob"] == 0.0


def test_a_changed_check_grades_and_renders_everyone_again(rerun):
    for module in (class_report, class_pages):
        rerun["monkeypatch"].setattr(module, "checks_version", lambda challenge: "a changed check")
    again = rerun["run"]()
    assert (again.graded, again.pages_written, again.entries_reused) == (3, 3, 0)


def test_a_changed_class_list_renders_the_learners_it_names_again(rerun):
    out, tmp_path = rerun["out"], rerun["tmp_path"]
    class_list = tmp_path / "class.csv"
    class_list.write_text("name,email\nalice,alice@example.org\nbob,bob@example.org\ndave,dave@example.org\n")
    again = rerun["run"](class_list=read_class_list(class_list))
    assert again.graded == 0 and again.entries_reused == 3
    assert again.missing == ["dave"] and again.unlisted == ["carol/"] and again.pages_written == 4
    grades = {row["learner"]: row for row in csv.DictReader((out / "grades.csv").open(encoding="utf-8-sig"))}
    assert grades["alice"]["email"] == "alice@example.org" and "not on the class list" in grades["carol"]["notes"]
    assert "dave" in grades and grades["dave"]["total"] == ""
    assert "not on the class list" in (out / "index.html").read_text()


def test_namesakes_graded_again_are_each_named_with_their_entry():
    from types import SimpleNamespace

    learners = [SimpleNamespace(name="Zhang, Wei", entry="zhangwei_104323_8811003_main.py"),
                SimpleNamespace(name="Zhang, Wei", entry="zhangwei_104324_8811004_main.py"),
                SimpleNamespace(name="Ada", entry="ada/")]
    assert class_report._chosen_names(learners) == ("Zhang, Wei (zhangwei_104323_8811003_main.py); Zhang, Wei "
                                                    "(zhangwei_104324_8811004_main.py); Ada")


def test_learner_is_chosen_by_a_part_of_their_name_in_any_case_and_a_part_several_names_share_names_them(rerun):
    """--learner takes a name in any case, or a part of it that only one learner's name has; a part that several
    have, or nobody's, exits 2 naming whom it could mean."""
    again = rerun["run"](learner="CAR")
    assert again.graded == 1 and "Graded again, as --learner 'CAR' names: carol." in again.notes
    assert rerun["run"](learner="Bob").graded == 1
    with pytest.raises(class_report.ReportError) as shared:
        rerun["run"](learner="o")
    assert "--learner 'o' is part of the names of 2 learners in" in str(shared.value)
    assert ": bob (bob.zip); carol (carol/). Give more of the name" in str(shared.value)
    with pytest.raises(class_report.ReportError) as nobody:
        rerun["run"](learner="alise")
    assert str(nobody.value).startswith("No learner in ") and str(nobody.value).endswith(" The nearest names: alice.")


def test_learner_takes_a_name_in_another_order_without_accents_or_an_id_and_never_a_part_two_names_hold():
    """A part of a name chooses a learner only where no other learner's name holds it, whole word or not; a learner
    whose whole name is a part of another's (one calling themselves "ada" beside Ada Lovelace) takes neither's
    regrade. An entry or id given whole is the learner it names."""
    learners = [(0, "Rao, Gita", "raogita_107_5007_main.py", []), (1, "Ångström, Björn", "bjorn/", ["S0102"]),
                (2, "Wen Li", "wenli/", ["wen.li@uni.example"]), (3, "Oliver Grant", "oliver/", []),
                (4, "ada", "x9_108_5008_main.py", []), (5, "Ada Lovelace", "lovelace/", [])]
    for wanted, positions in (("gita rao", [0]), ("bjorn", [1]), ("s0102", [1]), ("WEN.LI@uni.example", [2]),
                              ("wen", [2]), ("oliv", [3]), ("x9_108_5008_main.py", [4]), ("ada lovelace", [5]),
                              ("love", [5])):
        assert chosen_positions(wanted, learners, "roster") == positions, wanted
    with pytest.raises(LearnerChoiceError) as shared:
        chosen_positions("li", learners, "roster")
    assert str(shared.value).startswith("--learner 'li' is part of the names of 2 learners in roster: Wen Li (wenli/); "
                                        "Oliver Grant (oliver/).")
    with pytest.raises(LearnerChoiceError) as taken:
        chosen_positions("Ada", learners, "roster")
    assert str(taken.value).startswith("--learner 'Ada' is a learner's name and part of the names of 1 more learner "
                                       "in roster: ada (x9_108_5008_main.py); Ada Lovelace (lovelace/).")
    # Namesakes: the name is each one's whole name, and chooses neither; an e-mail or entry chooses one.
    namesakes = learners + [(6, "Wen Li", "wenli2/", ["wen.li2@uni.example"])]
    with pytest.raises(LearnerChoiceError) as twice:
        chosen_positions("wen li", namesakes, "roster")
    assert str(twice.value).startswith("--learner 'wen li' is the name of 2 learners in roster: Wen Li (wenli/); Wen "
                                       "Li (wenli2/). Give the learner's entry, e-mail or id"), str(twice.value)
    assert chosen_positions("wenli2/", namesakes, "roster") == [6]


def test_learner_who_handed_in_nothing_is_not_said_to_be_graded_again(rerun):
    class_list = rerun["tmp_path"] / "class.csv"
    class_list.write_text("name,email\nalice,alice@example.org\nbob,bob@example.org\ncarol,carol@example.org\n"
                          "dave,dave@example.org\n")
    rerun["run"](class_list=read_class_list(class_list))
    again = rerun["run"](learner="dave")
    assert again.graded == 0 and not [note for note in again.notes if note.startswith("Graded again")]
    assert ("--learner 'dave' names dave, who handed in nothing that could be graded: grades.csv and their page say "
            "why.") in again.notes


def test_a_rerun_with_fewer_options_keeps_the_class_list_and_writes_every_gradebook_of_the_folder_again(rerun):
    """A regrade with --learner alone, after one with --class-list and --gradebook, leaves no gradebook that
    disagrees with grades.csv, and grades.csv keeps the class list's e-mails and learners with no entry."""
    out, roster, tmp_path = rerun["out"], rerun["roster"], rerun["tmp_path"]
    class_list = tmp_path / "class.csv"
    class_list.write_text("name,email\nalice,alice@example.org\nbob,bob@example.org\ncarol,carol@example.org\n"
                          "dave,dave@example.org\n")
    rerun["run"](class_list=read_class_list(class_list), gradebooks=("moodle",))
    path = roster / "carol" / "challenges" / CHALLENGE / "main.py"
    text = path.read_text()
    for old, new in SIGMOID_SIGN:
        text = text.replace(old, new, 1)
    path.write_text(text)

    def files():
        grades = {row["learner"]: row for row in csv.DictReader((out / "grades.csv").open(encoding="utf-8-sig"))}
        moodle = {row["Email address"]: row for row in csv.DictReader((out / "gradebook-moodle.csv").open())}
        return grades, moodle

    again = rerun["run"](learner="carol")
    grades, moodle = files()
    assert float(grades["carol"]["total"]) == _totals(out)["carol"] < 11
    assert moodle["carol@example.org"]["NNFS 3: Activation functions"] == grades["carol"]["total"]
    assert grades["alice"]["email"] == "alice@example.org" and grades["dave"]["total"] == "" and again.missing == [
        "dave"]
    assert (f"The class list {class_list}, given to an earlier run into this folder, was used again; give "
            "--class-list to use another.") in again.notes
    assert ("gradebook-moodle.csv, made by an earlier run into this folder, was written again from this run's "
            "grades, so that it agrees with grades.csv; delete it to stop that.") in again.notes
    # A class list that is gone leaves the report as it was, until --replace writes it without one; then it is said
    # to be gone, at the top of the summary and of the class page.
    class_list.unlink()
    before = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    refused = rerun["run"]()
    assert refused.earlier_kept == class_report.KEPT_CLASS_LIST_LOST and refused.class_list_lost.startswith(
        f"The class list {class_list} cannot be read")
    assert {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()} == before
    again = rerun["run"](replace=True)
    grades = {row["learner"]: row for row in csv.DictReader((out / "grades.csv").open(encoding="utf-8-sig"))}
    assert "dave" not in grades and grades["alice"]["email"] == "" and not again.missing
    # Without the class list's e-mails no learner has a row Moodle matches: the earlier file is gone, none written.
    assert not (out / "gradebook-moodle.csv").exists()
    (warning,) = again.warnings
    assert warning.startswith(f"The class list {class_list} cannot be read") and "this run's have none of them" in \
        warning
    assert "this run&#39;s have none of them" in (out / "index.html").read_text()


def test_a_deleted_page_is_written_again(rerun):
    out = rerun["out"]
    page = _page_of(out, "alice")
    text = page.read_text()
    page.unlink()
    again = rerun["run"]()
    assert (again.graded, again.pages_written) == (0, 1)
    assert page.read_text() == text


def test_files_changed_just_before_a_run_are_not_trusted_unchanged(rerun):
    rerun["monkeypatch"].setattr(KnownEntries, "RACY_SECONDS", 3600.0)
    again = rerun["run"]()
    assert (again.graded, again.pages_written, again.entries_reused) == (0, 0, 0)


def test_confined_grading_keeps_its_scratch_files_in_the_memory_folder_and_leaves_none(rerun):
    memory, made = rerun["tmp_path"] / "memory", []
    memory.mkdir()
    rerun["monkeypatch"].setattr(grading_pool, "MEMORY_FOLDER", str(memory))
    scratch_folder = grading_pool.scratch_folder

    def recorded():
        made.append(Path(scratch_folder()))
        return made[-1]

    rerun["monkeypatch"].setattr(grading_pool, "scratch_folder", recorded)
    write_learner(rerun["roster"], "alice", {f"challenges/{CHALLENGE}/main.py": solution(CHALLENGE).read_bytes()
                                             + b"# alice, again\n"}, False)
    again = rerun["run"]()
    assert again.graded == 1 and _totals(rerun["out"])["alice"] == 11.0
    # In memory where bwrap confines the workers; an unconfined worker's scratch stays on the disk.
    home = memory if "namespaces" in confinement.in_force() else Path(tempfile.gettempdir())
    assert made and all(folder.parent == home and not folder.exists() for folder in made)
    assert list(memory.iterdir()) == []


def test_a_first_run_starts_grading_while_reading_and_a_failed_reading_leaves_no_process(tmp_path, monkeypatch):
    roster, out = tmp_path / "roster", tmp_path / "out"
    for name in ("dan", "eve", "fay"):
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": solution(CHALLENGE).read_bytes()
                                     + f"# {name}\n".encode()}, False)
    challenges = [challenge for challenge in load_challenges(ROOT) if challenge.name == CHALLENGE]
    read_roster, pools, read = class_report.read_roster, [], []

    def reading(*args):
        for learner in read_roster(*args):
            read.append(learner.name)
            yield learner
            if len(read) == 2:
                raise class_report.RosterError("the roster's third entry cannot be read")

    start, processes = grading_pool.GradingPool.start, []

    def started(pool):
        pools.append(pool)
        start(pool)
        processes.extend(pool.started)

    monkeypatch.setattr(grading_pool.GradingPool, "start", started)
    monkeypatch.setattr(class_report, "read_roster", reading)
    with pytest.raises(class_report.ReportError, match="third entry"):
        class_report.make_report(ROOT, roster, out, challenges, processes=2)
    # Two submissions are work for two processes: they start before the reading goes on, and are stopped with it.
    assert read == ["dan", "eve"] and len(pools) == 1 and len(processes) == 2
    assert all(process.popen.poll() is not None for process in processes)


def test_a_gradebook_made_in_one_transaction_is_whole_and_a_file_that_is_none_is_refused(tmp_path):
    """A new gradebook's tables come in one commit; a file of that name that is no database is refused with what
    to do, and left as it was."""
    import sqlite3

    from grader.classroom.gradebook import FILE_NAME, Gradebook, GradebookError

    Gradebook(tmp_path).close()
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"results", "failures", "pages", "views", "entries", "options"} <= tables
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / FILE_NAME).write_bytes(b"not a database, only text " * 10)
    with pytest.raises(GradebookError, match="is not a gradebook this version can read .* Move it away"):
        Gradebook(broken)
    assert (broken / FILE_NAME).read_bytes() == b"not a database, only text " * 10


def test_a_long_note_is_cut_after_a_sentence_or_a_word_never_inside_one():
    """grades.csv's notes are short; where an import failure's sentence is long, the cell ends on a whole sentence."""
    advice = ("Your code raised RuntimeError: oops at import. Code at the top level of your file runs whenever the "
              "file is imported, by the grader too: if this code tries your classes out, move it into an "
              "if __name__ == \"__main__\": block.")
    assert class_pages._cut(advice) == advice
    longer = advice + " " + advice
    assert class_pages._cut(longer) == advice + " Your code raised RuntimeError: oops at import. …"
    words = "word " * 100
    assert class_pages._cut(words).endswith("word …") and len(class_pages._cut(words)) <= 322
