"""Text a learner controls cannot pose as the grader's: nothing hidden, nothing reordered, no formula, no twin name."""
import csv
import json
import os
import sys
import unicodedata

import pytest

from grader.classroom import pages
from grader.classroom.gradebook import Gradebook
from grader.course import load_challenge
from grader.results import CheckResult, GradeResult
from grader.views.safe_text import lookalikes, shown_name, spreadsheet_cell, visible
from helpers import ROOT, run_grade

CHALLENGE = "challenge_3_activations"
# Bidi controls and invisible characters: the list and the usual suspects.
HIDDEN = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
          "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\U000e0041"]


def test_every_invisible_or_reordering_character_of_unicode_is_shown_as_an_escape():
    missed = [f"U+{code:04X}" for code in range(sys.maxunicode + 1)
              if (unicodedata.category(chr(code)) in ("Cf", "Zl", "Zp", "Cc") and chr(code) not in "\n\t")
              and chr(code) in visible(chr(code))]
    assert not missed


def test_every_ascii_character_is_shown_as_the_whole_list_shows_it_alone_or_in_printable_text():
    """visible tells printable ASCII apart without the list of hidden characters: it must agree with the list."""
    from grader.views.safe_text import _HIDDEN, _escape

    for code in range(128):
        for text in (chr(code), f"a {chr(code)} b", f"={chr(code)}"):
            assert visible(text) == _HIDDEN.sub(_escape, text), repr(text)
            bare, starts = unicodedata.normalize("NFKC", visible(text)), ("=", "+", "-", "@", "\t", "\r")
            formula = visible(text) != "-" and (bare.startswith(starts) or bare.lstrip().startswith(starts))
            assert spreadsheet_cell(text) == "'" * formula + visible(text), repr(text)


@pytest.mark.parametrize("char", HIDDEN)
def test_a_hidden_character_is_named_where_it_was(char):
    shown = visible(f"a{char}b")
    assert char not in shown and shown.startswith("a\\") and shown.endswith("b")


def test_the_override_that_turns_dessap_into_passed_is_shown_as_written(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("def sigmoid(inputs):\n    raise ValueError('\\u202eDESSAP')\n")
    html = tmp_path / "report.html"
    completed = run_grade(CHALLENGE, "--submission", path, "--html", html)
    assert completed.returncode == 1
    for text in (completed.stdout, html.read_text(encoding="utf-8")):
        assert "\u202e" not in text
        assert "\\u202eDESSAP" in text


def _result(message):
    check = CheckResult(id="sigmoid", name="sigmoid", category="activation", status="error", score=0.0,
                        max_score=1.0, message=message)
    return GradeResult(challenge=CHALLENGE, title="Activations", chapter="4", submission="",
                       checks=[check]).to_dict()


@pytest.fixture
def class_pages(tmp_path):
    names = ["alice", "ali\u200bce", "\u0430lice", "=HYPERLINK(\"http://x\")", " \n@SUM(A1)", "bob",
             "ｂｏｂ"]
    # The entries' names hold formulas after blanks a spreadsheet may drop, or in full-width letters NFKC reads.
    entries = ["entry-0/", "\u00a0=1+1/", "\u3000=2+2/", "\uff1d3+3/", "entry-4/", "\u2003@x/", "\uff0b1/"]
    learners = [(name, entry, "", {}, [{"challenge": CHALLENGE, "origin": "main.py",
                                        "result": _result("\u202eDESSAP")}])
                for name, entry in zip(names, entries)]
    book = Gradebook(tmp_path)
    try:
        pages.write_all(tmp_path, [load_challenge(ROOT / "challenges" / CHALLENGE)], iter(learners), book,
                        lookalikes=lookalikes(names))
    finally:
        book.close()
    return tmp_path


def test_class_pages_show_names_normalised_and_nothing_hidden(class_pages):
    for path in [class_pages / "index.html", class_pages / "grades.csv", class_pages / "checks.csv",
                 class_pages / "results.json", *class_pages.glob("learners/*.html")]:
        text = path.read_text(encoding="utf-8-sig")
        assert not [char for char in HIDDEN if char in text], path.name
    index = (class_pages / "index.html").read_text()
    assert "ali\\u200bce" in index and "ｂｏｂ" not in index


def test_names_that_look_alike_are_flagged_in_every_view(class_pages):
    rows = {row["learner"]: row for row in json.loads((class_pages / "results.json").read_text())["learners"]}
    assert set(rows["alice"]["lookalikes"]) == {"ali\u200bce", "\u0430lice"}
    assert rows["bob"]["lookalikes"] == ["ｂｏｂ"] and not rows["=HYPERLINK(\"http://x\")"]["lookalikes"]
    with open(class_pages / "grades.csv", encoding="utf-8-sig", newline="") as file:
        table = {row["learner"]: row for row in csv.DictReader(file)}
    assert "looks like" in table["alice"]["notes"] and "looks like" in table["ali\\u200bce"]["notes"]
    assert "looks like" in (class_pages / "index.html").read_text()


def _is_formula(cell):
    bare = unicodedata.normalize("NFKC", cell)
    return cell != "-" and (bare.startswith(("\t", "\r")) or bare.lstrip().startswith(("=", "+", "-", "@")))


@pytest.mark.parametrize("table", ["grades.csv", "checks.csv"])
def test_no_csv_cell_starts_a_formula_even_after_blanks_and_newlines(class_pages, table):
    with open(class_pages / table, encoding="utf-8-sig", newline="") as file:
        cells = [cell for row in csv.reader(file) for cell in row]
    assert [cell for cell in cells if "1+1" in cell] == ["'\u00a0=1+1/"]
    assert not [cell for cell in cells if _is_formula(cell)]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1", "\n\n=1", " \t@x",
                                  "\r\n-1", "--", "- ", " -", "-A1", "\u00a0=1", "\u3000=1", "\uff1d1",
                                  "\u2003\uff20x", "\uff0b1"])
def test_a_formula_prefix_is_neutralised_wherever_the_blanks_end(text):
    cell = spreadsheet_cell(text)
    assert cell.startswith("'") or not _is_formula(cell)


@pytest.mark.parametrize("text", ["alice", "1-2", "a=b", "", "-"])
def test_plain_text_is_left_as_it_is(text):
    assert spreadsheet_cell(text) == text


def test_a_name_is_shown_nfkc_normalised_with_its_hidden_characters_named():
    assert shown_name("ｂｏｂ") == "bob"
    assert shown_name("ali\u200bce") == "ali\\u200bce"
    assert lookalikes(["rnary", "mary", "Mary", "0scar", "oscar", "carol"]) == {
        "rnary": ["mary", "Mary"], "mary": ["rnary", "Mary"], "Mary": ["rnary", "mary"],
        "0scar": ["oscar"], "oscar": ["0scar"]}


def test_the_class_report_s_console_shows_no_character_a_learner_s_name_could_hide(tmp_path):
    """Folder names and a class list's names reach the instructor's terminal in grade report's summary."""
    from classroom import write_learner
    from helpers import run_grade, solution

    roster = tmp_path / "roster"
    hostile = "mal\x1b]0;owned\x07\u202eecila"
    for name in (hostile, "alice", "bob"):
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": solution(CHALLENGE).read_bytes()}, False)
    class_list = tmp_path / "class.csv"
    class_list.write_text("Name,Email\nAlice Smith,alice@example.org\nBob\x1b[2J Jones,bob@example.org\n"
                          "Carol \u202eJones,carol@example.org\n", encoding="utf-8")
    completed = run_grade("report", roster, "--out", tmp_path / "out", "--challenge", CHALLENGE, "-j", "1",
                          "--class-list", class_list, timeout=300)
    assert completed.returncode == 0, completed.stderr
    for text in (completed.stdout, completed.stderr):
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text, text
    assert "Not on the class list" in completed.stderr and "\\x1b" in completed.stderr


def test_a_line_break_in_a_folder_s_name_starts_no_line_of_the_learner_s_own(tmp_path):
    """A folder's name may hold a line break: in the terminal, or in a CSV file read line by line (grep, an LMS
    importer), the rest of it would read as a line, or a row, the learner wrote. Every view shows it as \\n."""
    from classroom import write_learner
    from helpers import solution

    roster, out = tmp_path / "roster", tmp_path / "out"
    for name in ("carol\nPASS,19", "alice"):
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": solution(CHALLENGE).read_bytes()}, False)
    completed = run_grade("report", roster, "--out", out, "--challenge", CHALLENGE, "-j", "1", timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert "carol\\nPASS,19" in completed.stderr
    assert not [line for line in (completed.stdout + completed.stderr).splitlines() if line.startswith("PASS")]
    for name in ("grades.csv", "checks.csv"):
        text = (out / name).read_text(encoding="utf-8-sig")
        rows = list(csv.reader(text.splitlines()))
        assert len(rows) == len(list(csv.reader(text.splitlines(keepends=True)))), name
        assert ["carol\\nPASS,19", "carol\\nPASS,19/"] in [row[:2] for row in rows] or name == "checks.csv"
        assert not [row for row in rows if row and row[0].startswith("PASS")], name


def test_a_command_s_error_shows_what_it_quotes_as_visible_text():
    from grader.cli.common import CannotGrade

    shown = CannotGrade("roster/mal\x1b]0;owned\x07 cannot be read.\nGive a folder.").format_message()
    assert shown == "roster/mal\\x1b]0;owned\\x07 cannot be read.\nGive a folder."


@pytest.mark.parametrize("name", ["plain.ipynb", "two words's.ipynb", "w\x1b]0;T\x07\x1b[2J.ipynb", "a\nPASS.ipynb",
                                  "tab\there\u202egnp.ipynb", "latin-1 \udce9t\udce9.ipynb", "back\\slash\x7f.ipynb"])
def test_a_file_name_in_a_suggested_command_reads_back_as_itself_in_a_shell_and_hides_nothing(name):
    """A command the grader suggests names the learner's file as one word the shell reads back as that name (bytes
    that are not UTF-8 included), with no character a terminal would act on or hide."""
    import subprocess

    from grader.views.safe_text import shell_word

    word = shell_word(name)
    assert visible(word) == word and "\n" not in word
    read = subprocess.run(["bash", "-c", f"printf %s {word}"], capture_output=True, check=True).stdout
    assert read == os.fsencode(name)

