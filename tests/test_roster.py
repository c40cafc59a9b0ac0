"""Reading a roster's untrusted entries: what is found, what is refused, and that nothing is written."""
import ast
import base64
import codecs
import collections
import csv
import hmac
import io
import keyword
import os
import re
import struct
import tokenize
import warnings
import zipfile

import pytest

from classroom import nested_folders, roster_digest, write_learner
from grader.classroom.identity import read_class_list
from grader.course import find_root, load_challenges
from grader.classroom.roster import MAX_FILE_BYTES, KnownEntries, read_roster
from grader.classroom.spool import Spool
from grader.classroom.stub_shapes import (OTHER_STUBS, ChallengeNames, OtherStubs, StubShapes, code_only, identifier_counts,
                                          same_tree)
from helpers import learners_own, shipped_course, solution, stub
from planted_mistakes import PLANTED

CHALLENGES = load_challenges(find_root())[:2]
FIRST = CHALLENGES[0].name
BACKPROP = "challenge_5_backprop"   # its stub is plain ASCII


def _read(roster, tmp_path, spool=None):
    return {learner.name: learner for learner in read_roster(roster, CHALLENGES, spool or Spool())}


@pytest.mark.parametrize("layout", ["challenges/{name}/main.py", "{name}/main.py",
                                    "alice-main/challenges/{name}/main.py", "alice-main/{name}/main.py"])
@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_each_layout_finds_the_submission(tmp_path, layout, as_zip):
    roster = tmp_path / "roster"
    write_learner(roster, "alice", {layout.format(name=FIRST): b"x = 1\n"}, as_zip)
    spool = Spool()
    alice = _read(roster, tmp_path, spool)["alice"]
    first, second = alice.submissions
    assert spool.read(first.staged) == b"x = 1\n" and first.origin.endswith(layout.format(name=FIRST))
    assert not second.staged and second.problem.startswith("no submission")
    assert not alice.problem


def test_staged_copies_are_graded_and_the_roster_is_left_alone(tmp_path):
    roster = tmp_path / "roster"
    write_learner(roster, "bob", {f"challenges/{FIRST}/main.py": b"y = 2\n"}, False)
    before = roster_digest(roster)
    spool = Spool()
    bob = _read(roster, tmp_path, spool)["bob"]
    assert spool.read(bob.submissions[0].staged) == b"y = 2\n"
    assert roster_digest(roster) == before and sorted(os.listdir(tmp_path)) == ["roster"]


def test_the_spool_keeps_each_copy_by_name_in_a_file_nobody_can_open_by_path(tmp_path):
    roster = tmp_path / "roster"
    for name, data in (("ann", b"a = 1\n"), ("ben", b"b = 22\n")):
        write_learner(roster, name, {f"challenges/{FIRST}/main.py": data, f"{CHALLENGES[1].name}/main.py": data * 2},
                      name == "ben")
    with Spool() as spool:
        learners = _read(roster, tmp_path, spool)
        assert [spool.read(submission.staged) for name in ("ann", "ben")
                for submission in learners[name].submissions] == [b"a = 1\n", b"a = 1\n" * 2, b"b = 22\n", b"b = 22\n" * 2]
        assert os.readlink(f"/proc/self/fd/{spool.file.fileno()}").endswith("(deleted)")


def test_a_main_py_too_large_is_refused(tmp_path):
    roster = tmp_path / "roster"
    write_learner(roster, "big", {f"challenges/{FIRST}/main.py": b"#" * (MAX_FILE_BYTES + 1)}, True)
    write_learner(roster, "huge", {f"challenges/{FIRST}/main.py": b"#" * (MAX_FILE_BYTES + 1)}, False)
    learners = _read(roster, tmp_path)
    assert "more than 1 MiB" in learners["big"].submissions[0].problem
    assert "larger than 1 MiB" in learners["huge"].submissions[0].problem


def test_a_notebook_of_plots_is_staged_as_its_code_cells_alone_and_a_larger_one_is_refused(tmp_path):
    import json

    from grader.classroom.entries import MAX_NOTEBOOK_BYTES

    code = {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "a = 1\n", "outputs": [
        {"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * (2 << 20)}}]}
    plots = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Mine", "attachments": {"a.png": {"image/png": "A"}}},
        code]}).encode()
    roster = tmp_path / "roster"
    for name, as_zip in (("zipped", True), ("folder", False)):
        write_learner(roster, name, {f"challenges/{FIRST}/main.ipynb": plots}, as_zip)
    write_learner(roster, "huge", {f"challenges/{FIRST}/main.ipynb": b" " * (MAX_NOTEBOOK_BYTES + 1)}, False)
    with Spool() as spool:
        learners = _read(roster, tmp_path, spool)
        for name in ("zipped", "folder"):
            submission = learners[name].submissions[0]
            staged = json.loads(spool.read(submission.staged))
            assert staged["cells"] == [{"cell_type": "code", "execution_count": 1, "source": "a = 1\n", "outputs": [],
                                        "metadata": {}}]
    assert "larger than 32 MiB; clear its outputs" in learners["huge"].submissions[0].problem


@pytest.mark.parametrize("cells", [[{"cell_type": "code", "source": 5}], [{"cell_type": "code"}],
                                   [{"cell_type": "code", "source": ["x = 1\n", 7]}], "abc"])
def test_a_notebook_whose_cells_the_judge_cannot_read_is_named_as_the_learner_handed_it_in(tmp_path, cells):
    """The grading process has only a copy of the notebook, under a name of its own: why its cells cannot be read is
    said while staging, naming the learner's file, and nothing is graded."""
    import json

    notebook = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}).encode()
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "nb2.ipynb").write_bytes(notebook)
    write_learner(roster, "alice", {"work.ipynb": notebook}, True)
    learners = read_roster(roster, CHALLENGES[:1], Spool())
    problems = {learner.name: learner.submissions[0].problem for learner in learners}
    assert not any(submission.staged for learner in learners for submission in learner.submissions)
    for name, shown in (("nb2", "nb2.ipynb"), ("alice", "alice.zip:work.ipynb")):
        assert problems[name].startswith(f"{shown} ") and "Open it in Jupyter" in problems[name], problems[name]
        assert "main.ipynb" not in problems[name]


def test_a_folder_named_main_py_in_an_archive_is_refused_as_it_is_on_disk(tmp_path):
    """A folder main.py/ is no file main.py: neither its own member in a zip nor the folder its members lie in is
    graded as an empty main.py, nor as the file inside it; each is refused, with no grade, as on disk."""
    roster = tmp_path / "roster"
    write_learner(roster, "disk", {"main.py/x.py": b"x = 1\n"}, False)
    roster.mkdir(exist_ok=True)
    with zipfile.ZipFile(roster / "member.zip", "w") as archive:
        archive.writestr("main.py/", b"")
        archive.writestr("main.py/x.py", b"x = 1\n")
    write_learner(roster, "implied", {"main.py/x.py": b"x = 1\n"}, True)
    learners = read_roster(roster, CHALLENGES[:1], Spool())
    problems = {learner.name: learner.submissions[0].problem for learner in learners}
    assert problems == {"disk": "disk/main.py is not a plain file.",
                        "member": "member.zip:main.py is not a plain file.",
                        "implied": "implied.zip:main.py is not a plain file."}
    assert not any(submission.staged for learner in learners for submission in learner.submissions)


def test_a_member_twice_in_one_archive_is_refused(tmp_path):
    roster = tmp_path / "roster"
    roster.mkdir()
    with pytest.warns(UserWarning), zipfile.ZipFile(roster / "carol.zip", "w") as archive:
        archive.writestr(f"challenges/{FIRST}/main.py", "a = 1")
        archive.writestr(f"challenges/{FIRST}/main.py", "a = 2")
    assert "twice" in _read(roster, tmp_path)["carol"].problem


def _empty_members(path, count, listed=None, zip64=False):
    """A zip of `count` empty members written by hand, as a bomb is made; its end record says it holds `listed`
    (`count` unless given), in a ZIP64 end record where `zip64`."""
    listed = count if listed is None else listed
    local, central = bytearray(), bytearray()
    for number in range(count):
        name = b"%x" % number
        central += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0,
                               0, 0, 0, len(local)) + name
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
    ends = b""
    if zip64:
        ends = (struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, listed, listed, len(central), len(local))
                + struct.pack("<4sLQL", b"PK\x06\x07", 0, len(local) + len(central), 1))
        listed = 0xFFFF
    path.write_bytes(local + central + ends + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, listed, listed,
                                                          len(central), len(local), 0))


@pytest.fixture
def zipfile_reads(monkeypatch):
    """Every archive zipfile.ZipFile is asked to read (its path) while the test runs."""
    reads, real = [], zipfile.ZipFile

    def spy(file, mode="r", *args, **kwargs):
        if mode == "r":
            reads.append(os.path.basename(getattr(file, "name", "<bytes>")))
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", spy)
    return reads


@pytest.mark.parametrize("zip64", [False, True], ids=["zip", "zip64"])
@pytest.mark.parametrize("understated", [False, True], ids=["counted", "understated"])
def test_an_archive_of_too_many_files_is_refused_from_its_end_record_before_zipfile_reads_its_list(
        tmp_path, zipfile_reads, zip64, understated):
    from grader.classroom.entries import MAX_ARCHIVE_MEMBERS

    roster = tmp_path / "roster"
    write_learner(roster, "alice", {f"challenges/{FIRST}/main.py": b"x = 1\n"}, True)
    count = MAX_ARCHIVE_MEMBERS + 1
    _empty_members(roster / "mallory.zip", count, listed=1 if understated else None, zip64=zip64)
    # The same archive uploaded to Canvas, named <lastfirst>_<user id>_<submission id>_<file>.
    (roster / "trentmallory_301_9001_work.zip").write_bytes((roster / "mallory.zip").read_bytes())
    learners = _read(roster, tmp_path)
    said = (f"holds more than {MAX_ARCHIVE_MEMBERS} files" if understated else
            f"holds {count} files, more than the {MAX_ARCHIVE_MEMBERS} a submission may")
    mallory = learners["mallory"]
    assert said in mallory.problem and all(submission.problem == mallory.problem
                                           for submission in mallory.submissions)
    assert said in learners["trentmallory"].submissions[0].problem
    # Neither archive's list of files was read by zipfile; the rest of the class was.
    assert zipfile_reads == ["alice.zip"] and learners["alice"].submissions[0].staged


def test_zip64_records_before_a_long_comment_are_read_where_zipfile_reads_them(tmp_path, zipfile_reads):
    """A comment of almost 64 KiB leaves the ZIP64 locator just before the archive's last 64 KiB, where zipfile
    still finds it: the count it gives is the one checked, not the plain end record's single file."""
    from grader.classroom.entries import MAX_ARCHIVE_MEMBERS

    count = MAX_ARCHIVE_MEMBERS + 1
    record = struct.Struct("<4s4B4HL2L5H2L")
    central = b"".join(record.pack(b"PK\x01\x02", 20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0) + b"x"
                       for _ in range(count - 1))
    # The one record the plain end record names; its comment holds the ZIP64 end record and locator.
    last = record.pack(b"PK\x01\x02", 20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 76, 0, 0, 0, 0) + b"y"
    listed = len(central) + len(last)
    zip64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, listed, 0)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, listed, 1)
    comment = b"A" * 0xFFFF
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(last), len(central), len(comment))
    roster = tmp_path / "roster"
    write_learner(roster, "alice", {f"challenges/{FIRST}/main.py": b"x = 1\n"}, True)
    (roster / "mallory.zip").write_bytes(central + last + zip64 + locator + end + comment)
    learners = _read(roster, tmp_path)
    assert f"holds {count} files, more than the {MAX_ARCHIVE_MEMBERS}" in learners["mallory"].problem, \
        learners["mallory"].problem
    assert zipfile_reads == ["alice.zip"]


def test_an_archive_larger_on_disk_than_any_learners_files_is_refused_unread(tmp_path, zipfile_reads):
    from grader.classroom.entries import MAX_ARCHIVE_FILE_BYTES

    roster = tmp_path / "roster"
    write_learner(roster, "alice", {f"challenges/{FIRST}/main.py": b"x = 1\n"}, True)
    for name in ("mallory.zip", "trentmallory_301_9001_work.zip"):
        with open(roster / name, "wb") as file:     # sparse: nothing of it is read
            file.truncate(MAX_ARCHIVE_FILE_BYTES + 1)
    learners = _read(roster, tmp_path)
    said = f"is larger than {MAX_ARCHIVE_FILE_BYTES >> 20} MiB; a learner's files never need an archive that large"
    assert said in learners["mallory"].problem and said in learners["trentmallory"].submissions[0].problem
    assert zipfile_reads == ["alice.zip"] and learners["alice"].submissions[0].staged


def test_an_honest_archive_near_every_limit_is_read(tmp_path):
    """As many files as an archive may hold, under long paths, and as many bytes, mostly a notebook of plots and data
    that do not compress: within the limit of the archive's size on disk."""
    import json

    from grader.classroom.entries import (MAX_ARCHIVE_BYTES, MAX_ARCHIVE_FILE_BYTES, MAX_ARCHIVE_MEMBERS,
                                          MAX_NOTEBOOK_BYTES)

    plots = base64.b64encode(os.urandom(MAX_NOTEBOOK_BYTES * 3 // 4 - (64 << 10))).decode()
    notebook = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "b = 2\n", "outputs": [
            {"output_type": "display_data", "metadata": {}, "data": {"image/png": plots}}]}]}).encode()
    folder = "alice-main/data/" + "/".join(["a-long-folder-name-of-a-dataset"] * 7)
    files = {f"alice-main/challenges/{FIRST}/main.py": b"x = 1\n",
             f"alice-main/challenges/{CHALLENGES[1].name}/main.ipynb": notebook}
    files |= {f"{folder}/sample_{number:05d}.txt": b"" for number in range(MAX_ARCHIVE_MEMBERS - len(files) - 1)}
    files["alice-main/data/blob.bin"] = os.urandom(MAX_ARCHIVE_BYTES - len(notebook) - 16)
    roster = tmp_path / "roster"
    roster.mkdir()
    with zipfile.ZipFile(roster / "alice.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            # Stored where deflating would not help, as zip tools do: the archive is as large as its files.
            archive.writestr(path, data, zipfile.ZIP_STORED if len(data) > MAX_FILE_BYTES else None)
    assert len(files) == MAX_ARCHIVE_MEMBERS and (roster / "alice.zip").stat().st_size > MAX_ARCHIVE_BYTES
    with Spool() as spool:
        alice = _read(roster, tmp_path, spool)["alice"]
        assert not alice.problem and [bool(submission.staged) for submission in alice.submissions] == [True, True]
    assert (roster / "alice.zip").stat().st_size < MAX_ARCHIVE_FILE_BYTES


def test_a_link_inside_a_folder_is_refused(tmp_path):
    roster = tmp_path / "roster"
    (roster / "dave").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere" / FIRST
    elsewhere.mkdir(parents=True)
    (elsewhere / "main.py").write_text("secret = 1")
    os.symlink(elsewhere.parent, roster / "dave" / "challenges")
    dave = _read(roster, tmp_path)["dave"]
    assert "symbolic link" in dave.submissions[0].problem and not dave.submissions[0].staged


def test_a_learner_folder_that_is_a_link_is_refused(tmp_path):
    roster = tmp_path / "roster"
    write_learner(tmp_path / "real", "erin", {f"challenges/{FIRST}/main.py": b"z = 3\n"}, False)
    roster.mkdir()
    os.symlink(tmp_path / "real" / "erin", roster / "erin")
    assert "symbolic link" in _read(roster, tmp_path)["erin"].problem


class _Readings:
    """The part of a gradebook KnownEntries uses: readings kept in memory, every result known."""

    def __init__(self):
        self.readings = {}

    def entry_reading(self, key, fingerprint):
        return self.readings.get((key, fingerprint))

    def set_entry_reading(self, key, fingerprint, reading):
        self.readings[(key, fingerprint)] = reading

    def known(self, challenge, content, version):
        return True


def test_a_folder_nested_deeper_than_pythons_stack_costs_nothing_run_after_run(tmp_path):
    """A learner's folder of folders nested beyond Python's recursion limit is fingerprinted without recursion (an
    entry nested past MAX_DEPTH is read every time), and the class is read on the first run and the next."""
    import time

    roster = tmp_path / "roster"
    for name in ("alice", "mallory"):
        write_learner(roster, name, {f"challenges/{FIRST}/main.py": f"x = '{name}'\n".encode()}, False)
    book = _Readings()
    with nested_folders(roster / "mallory" / "junk"):
        for run in range(2):
            # Started well after the files were written, so none is too recent to be fingerprinted.
            known = KnownEntries(book, CHALLENGES, dict.fromkeys([c.name for c in CHALLENGES], "v"), time.time() + 60)
            learners = {learner.name: learner for learner in read_roster(roster, CHALLENGES, Spool(), known=known)}
            assert not learners["mallory"].problem and not learners["mallory"].reused
            assert learners["mallory"].submissions[0].content and not learners["mallory"].submissions[0].problem
            assert learners["alice"].submissions[0].content and learners["alice"].reused == (run == 1)


def _gradescope_folder(export, submissions):
    """An unzipped Gradescope export: submission_metadata.yml and a submission_<n>/ folder of `files` each."""
    export.mkdir(parents=True)
    metadata = ""
    for number, (name, files) in enumerate(submissions.items(), 1):
        metadata += f"submission_{number}:\n  :submitters:\n  - :name: {name}\n    :email: {name}@uni.edu\n"
        for path, data in files.items():
            (export / f"submission_{number}" / path).parent.mkdir(parents=True, exist_ok=True)
            (export / f"submission_{number}" / path).write_bytes(data)
    (export / "submission_metadata.yml").write_text(metadata)


def test_a_gradescope_submission_nested_deeper_than_pythons_stack_is_refused_alone(tmp_path):
    from grader.classroom.entries import MAX_DEPTH

    export = tmp_path / "export"
    _gradescope_folder(export, {"alice": {"main.py": b"x = 1\n"}, "mallory": {"main.py": b"x = 2\n"}})
    with nested_folders(export / "submission_2" / "junk"):
        learners = {learner.name: learner for learner in read_roster(export, CHALLENGES[:1], Spool())}
    assert learners["alice"].submissions[0].content and not learners["alice"].problem
    assert f"submission_2/ nests folders more than {MAX_DEPTH} deep" in learners["mallory"].problem
    assert not learners["mallory"].submissions[0].content


def test_a_gradescope_submission_nested_to_the_limit_is_read(tmp_path):
    from grader.classroom.entries import MAX_DEPTH

    export = tmp_path / "export"
    _gradescope_folder(export, {"alice": {"/".join(["d"] * (MAX_DEPTH - 1) + ["main.py"]): b"x = 1\n"}})
    alice = next(read_roster(export, CHALLENGES[:1], Spool()))
    assert alice.submissions[0].content and not alice.problem


def _export_with(path, member, mode, data=b"y = 1\n"):
    """A zipped Gradescope export of alice's and mallory's main.py, plus `member` (a name relative to the export's
    folder, stored as it is) of the given `mode`."""
    import warnings

    metadata = "".join(f"submission_{number}:\n  :submitters:\n  - :name: {name}\n    :email: {name}@uni.edu\n"
                       for number, name in ((1, "alice"), (2, "mallory")))
    with zipfile.ZipFile(path, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")     # zipfile warns of a name written twice, as one of the cases is
        for number, name in ((1, "alice"), (2, "mallory")):
            archive.writestr(f"export/submission_{number}/main.py", f"x = '{name}'\n")
        info = zipfile.ZipInfo(f"export/{member}")
        info.external_attr = mode << 16
        archive.writestr(info, data)
        archive.writestr("export/submission_metadata.yml", metadata)


@pytest.mark.parametrize("member, mode, words", [
    ("submission_2/..\\notes.py", 0o100644, "points outside the archive ('export/submission_2/..\\\\notes.py')"),
    ("submission_2/../../../etc/x.py", 0o100644, "points outside the archive"),
    ("submission_2/link.py", 0o120777, "holds a symbolic link"),
    ("submission_2/main.py", 0o100644, "twice, so which one to grade is unclear"),
], ids=["backslash", "dotdot", "link", "twice"])
def test_an_unsafe_member_of_one_gradescope_submission_refuses_that_submission_alone(tmp_path, member, mode, words):
    export = tmp_path / "export.zip"
    _export_with(export, member, mode)
    learners = {learner.name: learner for learner in read_roster(export, CHALLENGES[:1], Spool())}
    assert learners["alice"].submissions[0].content and not learners["alice"].problem
    assert learners["mallory"].problem.startswith("export.zip:export/submission_2/ ") and words in \
        learners["mallory"].problem, learners["mallory"].problem
    assert not learners["mallory"].submissions[0].content


@pytest.mark.parametrize("member", ["../evil.py", "submission_metadata.yml", "notes\\..\\..\\evil.py"])
def test_an_unsafe_member_outside_every_submission_refuses_the_whole_export(tmp_path, member):
    from grader.classroom.downloads import RosterError

    export = tmp_path / "export.zip"
    _export_with(export, member, 0o100644, b"submission_1: {}\n")
    with pytest.raises(RosterError, match="^export.zip (has a member that points outside|holds )"):
        list(read_roster(export, CHALLENGES[:1], Spool()))


@pytest.mark.parametrize("member", ["../../escape_2002_9002_main.py", "/escape_2002_9002_main.py",
                                    "./../escape_2002_9002_main.py", "..\\escape_2002_9002_main.py"])
def test_a_canvas_download_member_that_points_outside_it_costs_its_learner_a_sentence_not_their_row(tmp_path, member):
    """A member of Canvas's download named to land outside it, by an absolute path or by "..", is not opened; its
    learner keeps a row that says why, as any unsafe member's does, and the others are graded."""
    download = tmp_path / "submissions.zip"
    with zipfile.ZipFile(download, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        archive.writestr("adamsamy_2001_9001_main.py", "x = 1\n")
        archive.writestr(member, "x = 2\n")
    learners = {learner.name: learner for learner in read_roster(download, CHALLENGES[:1], Spool())}
    assert sorted(learners) == ["adamsamy", "escape"], sorted(learners)
    assert learners["adamsamy"].submissions[0].content
    problem = learners["escape"].submissions[0].problem or learners["escape"].problem
    assert "points outside the archive" in problem and not learners["escape"].submissions[0].content, problem


@pytest.mark.parametrize("layout", ["folder", "loose", "folder_in_challenge_folder"])
def test_the_latest_copy_of_a_moodle_upload_is_graded_in_a_folder_as_among_loose_files(tmp_path, layout):
    """Moodle's file picker names an upload whose name is taken "main (1).py": the highest number is the latest,
    whether the download lays the learner's files out in a folder or loose."""
    roster, prefix = tmp_path / "roster", "Carol King_103_assignsubmission_file"
    files = {"main.py": b"x = 'older'\n", "main (1).py": b"x = 'newer'\n", "main-2.txt": b"notes\n"}
    if layout == "loose":
        roster.mkdir()
        for name, data in files.items():
            (roster / f"{prefix}_{name}").write_bytes(data)
    else:
        inside = f"challenges/{FIRST}/" if layout == "folder_in_challenge_folder" else ""
        write_learner(roster, prefix, {inside + name: data for name, data in files.items()}, False)
    spool = Spool()
    carol = next(read_roster(roster, CHALLENGES[:1], spool))
    assert spool.read(carol.submissions[0].staged) == b"x = 'newer'\n" and carol.submissions[0].origin.endswith(
        "main (1).py")


def _learner_zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# Canvas's and Moodle's downloads, each as its files are named (grader.classroom.downloads): a late file, a
# re-submission, online text, anonymous grading, an upload in a learner's own .zip, a file named for two learners;
# folders per plugin, a browser's copy, loose files, a challenge's folder, a folder holding nothing to grade.
LMS_DOWNLOADS = {
    "Canvas": {"lovelaceada_201_9001_main.py": b"x = 'ada'\n",
               "turingalan_LATE_202_9002_main.py": b"x = 'alan'\n",
               "turingalan_LATE_202_9003_main-1.py": b"x = 'alan, again'\n",
               "hopperg_203_text.html": b"<p>see my file</p>",
               "hopperg_203_9004_work.zip": _learner_zip({f"challenges/{FIRST}/main.py": b"x = 'grace'\n"}),
               "LATE_anon_k3Xq9_9005_main.py": b"x = 'anonymous'\n",
               "knuthd_204_9006_x_205_9007_main.py": b"x = 'whose?'\n"},
    "Moodle": {"Ada Lovelace_501_assignsubmission_file/main.py": b"x = 'ada'\n",
               "Ada Lovelace_501_assignsubmission_file/main (1).py": b"x = 'ada, again'\n",
               "Ada Lovelace_501_assignsubmission_onlinetext/onlinetext.html": b"<p>notes</p>",
               "Alan Turing_502_assignsubmission_file_main.py": b"x = 'alan'\n",
               f"Grace Hopper_503_assignsubmission_file/challenges/{FIRST}/main.py": b"x = 'grace'\n",
               "Grace Hopper_503_assignsubmission_file/work.zip": _learner_zip({"main.py": b"x = 'in a zip'\n"}),
               "Donald Knuth_504_assignsubmission_onlinetext/onlinetext.html": b"<p>no code</p>",
               "Edsger Dijkstra_505_assignsubmission_file_x_506_assignsubmission_file_main.py": b"x = 'whose?'\n"},
}


def test_an_empty_entry_is_said_to_be_empty_and_one_without_main_py_to_lack_it(tmp_path):
    roster = tmp_path / "roster"
    (roster / "ivy").mkdir(parents=True)
    (roster / "hugo.zip").write_bytes(_learner_zip({}))
    (roster / "jo.zip").write_bytes(_learner_zip({"notes.txt": b"done"}))
    (roster / "kai" / "__pycache__").mkdir(parents=True)
    (roster / "kai" / "__pycache__" / "main.cpython-311.pyc").write_bytes(b"\0")
    (roster / "lee.zip").write_bytes(_learner_zip({".ipynb_checkpoints/main-checkpoint.ipynb": b"{}"}))
    problems = {learner.name: learner.problem for learner in read_roster(roster, CHALLENGES[:2], Spool())}
    for name, shown in (("ivy", "ivy/"), ("hugo", "hugo.zip")):
        assert problems[name] == (f"nothing to grade: {shown} is empty, with no file in it at all; ask the learner to "
                                  "hand in their main.py again."), problems[name]
    for name in ("jo", "kai", "lee"):
        assert "holds no main.py" in problems[name] and "empty" not in problems[name], problems[name]


@pytest.mark.parametrize("platform", sorted(LMS_DOWNLOADS))
def test_an_lms_download_reads_alike_from_its_zip_and_unzipped(tmp_path, platform):
    """grade report takes Canvas's and Moodle's download as it comes, a .zip, and reads from it every learner, file,
    id and note it reads from the same download unzipped."""
    unzipped, archive = tmp_path / "download", tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, data in LMS_DOWNLOADS[platform].items():
            (unzipped / name).parent.mkdir(parents=True, exist_ok=True)
            (unzipped / name).write_bytes(data)
            zipped.writestr(name, data)

    def read(roster):
        def plain(text):   # in the archive, each name starts with the archive's
            return text.replace("submissions.zip:", "")

        spool, learners = Spool(), []
        for learner in read_roster(roster, CHALLENGES[:1], spool):
            submissions = [(plain(submission.origin), spool.read(submission.staged) if submission.staged else None,
                            plain(submission.problem), plain(submission.note)) for submission in learner.submissions]
            learners.append((learner.name, plain(learner.entry), plain(learner.problem), learner.identity,
                             submissions))
        return learners

    from_folder = read(unzipped)
    assert read(archive) == from_folder
    graded = {name: submissions[0][1] for name, _, _, _, submissions in from_folder}
    assert graded == ({"lovelaceada": b"x = 'ada'\n", "turingalan": b"x = 'alan, again'\n",
                       "hopperg": b"x = 'grace'\n", "anon_k3Xq9": b"x = 'anonymous'\n",
                       "knuthd_204_9006_x_205_9007_main.py": None} if platform == "Canvas" else
                      {"Ada Lovelace": b"x = 'ada, again'\n", "Alan Turing": b"x = 'alan'\n",
                       "Grace Hopper": b"x = 'grace'\n", "Donald Knuth": None,
                       "Edsger Dijkstra_505_assignsubmission_file_x_506_assignsubmission_file_main.py": None})


@pytest.mark.parametrize("member", ["./lovelaceada_201_9002_main.py", "/lovelaceada_201_9002_main.py",
                                    "__MACOSX/._turingalan_202_9003_main.py"])
def test_an_unsafe_member_of_an_lms_download_refuses_at_most_its_own_learner(tmp_path, member):
    """A link in Canvas's download, at a name that leads to a learner's place once extracted, refuses that learner
    alone; under __MACOSX/, what no learner handed in, it is left out with the rest there."""
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("lovelaceada_201_9001_main.py", "x = 'ada'\n")
        zipped.writestr("turingalan_202_9003_main.py", "x = 'alan'\n")
        link = zipfile.ZipInfo(member)
        link.external_attr = 0o120777 << 16
        zipped.writestr(link, "/etc/passwd")
    spool = Spool()
    learners = {learner.name: learner for learner in read_roster(archive, CHALLENGES[:1], spool)}
    assert spool.read(learners["turingalan"].submissions[0].staged) == b"x = 'alan'\n"
    ada = learners["lovelaceada"]
    if member.startswith("__MACOSX"):
        assert spool.read(ada.submissions[0].staged) == b"x = 'ada'\n"
    else:
        # Her newer main.py is the link: what was to be graded is refused, saying why.
        problem = ada.submissions[0].problem
        assert problem.startswith("submissions.zip:lovelaceada_201_9002_main.py ") and (
            "link" in problem or "points outside the archive" in problem), problem


@pytest.mark.parametrize("platform, member, text", [
    ("Canvas", "smithalice_101_9001_../../../etc/passwd", False),
    ("Canvas", "smithalice_101_9001_..\\..\\evil.py", False),
    ("Canvas", "smithalice_101_9001_../../../etc/passwd", True),
    ("Moodle", "Alice Smith_501_assignsubmission_file", False)])
def test_a_learner_whose_only_files_were_left_out_as_unsafe_is_told_why(tmp_path, platform, member, text):
    """A learner whose files in an LMS's download were all left out as unsafe has nothing to grade, and the reason
    they were left out says what to fix, rather than "holds no main.py" alone, or that they handed in online text
    alone where they wrote some too."""
    archive = tmp_path / "submissions.zip"
    other = "jonesbob_102_9002_main.py" if platform == "Canvas" else "Bob Jones_502_assignsubmission_file/main.py"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(other, "x = 'bob'\n")
        if text:
            zipped.writestr("smithalice_101_text.html", "<p>my code is in the file</p>")
        unsafe = zipfile.ZipInfo(member)
        if platform == "Moodle":
            unsafe.external_attr = 0o120777 << 16   # a link where Moodle puts the learner's folder
        zipped.writestr(unsafe, "/etc/passwd")
    spool = Spool()
    learners = {learner.name: learner for learner in read_roster(archive, CHALLENGES[:1], spool)}
    assert spool.read(learners["jonesbob" if platform == "Canvas" else "Bob Jones"].submissions[0].staged) \
        == b"x = 'bob'\n"
    alice = learners["smithalice" if platform == "Canvas" else "Alice Smith"]
    assert "points outside the archive" in alice.problem or "symbolic link" in alice.problem, alice.problem


@pytest.mark.parametrize("layout", ["folder", "zip", "canvas", "moodle", "several", "mains", "bare", "other"])
def test_an_entry_of_several_files_none_named_main_py_is_told_which_files_it_holds(tmp_path, layout):
    """An entry whose .py files are none of them named for the challenge is told which it holds and how to name
    them, rather than that it holds no main.py alone: with one challenge graded a lone file is graded, but of two
    neither is chosen; with several, even one is named."""
    roster = tmp_path / "roster"
    roster.mkdir()
    files = {"a/main.py": b"x = 1\n", "b/main.py": b"x = 2\n"} if layout == "mains" else {"main.py": b"x = 1\n"} \
        if layout == "bare" else {"challenges/challenge_9_binary_and_regression/main.py": b"x = 1\n"} \
        if layout == "other" else {"forward.py": b"x = 1\n", "old try.py": b"x = 2\n"}
    if layout in ("folder", "several", "mains", "bare", "other"):
        for name, data in files.items():
            (roster / "ada" / name).parent.mkdir(parents=True, exist_ok=True)
            (roster / "ada" / name).write_bytes(data)
    elif layout == "zip":
        (roster / "ada.zip").write_bytes(_learner_zip(files))
    elif layout == "canvas":
        for number, (name, data) in enumerate(files.items()):
            (roster / f"ada_201_900{number}_{name}").write_bytes(data)
        (roster / "bob_202_9009_main.py").write_bytes(b"x = 3\n")
    else:
        for name, data in files.items():
            (roster / "Ada_501_assignsubmission_file").mkdir(exist_ok=True)
            (roster / "Ada_501_assignsubmission_file" / name).write_bytes(data)
        (roster / "Bob_502_assignsubmission_file").mkdir()
        (roster / "Bob_502_assignsubmission_file" / "main.py").write_bytes(b"x = 3\n")
    challenges = CHALLENGES if layout in ("several", "bare", "other") else CHALLENGES[:1]
    learners = {learner.name: learner for learner in read_roster(roster, challenges, Spool())}
    ada = learners["Ada" if layout == "moodle" else "ada"]
    said = {"several": "forward.py and old try.py: name each challenge's file challenges/<name>/main.py.",
            "mains": "a/main.py and b/main.py: main.py in folders named for no challenge; put the one to grade at "
                     "challenges/<name>/main.py or at the top of the entry.",
            "bare": "a bare main.py counts only when one challenge is graded (--challenge).",
            "other": "holds no main.py"}.get(
        layout, "forward.py and old try.py: a lone .py file or notebook is graded whatever its name, but of several the "
                "learner must name the one to grade main.py.")
    assert said in ada.problem and ("It holds" not in ada.problem) == (layout in ("bare", "other")), ada.problem
    assert "holds no main.py" in ada.problem and not any(submission.staged for submission in ada.submissions)


def test_a_canvas_learner_s_main_py_beside_an_archive_of_something_else_is_graded(tmp_path):
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "lovelaceada_201_9001_main.py").write_bytes(b"x = 'ada'\n")
    (roster / "lovelaceada_201_9002_notes.zip").write_bytes(_learner_zip({"notes.txt": b"my notes\n"}))
    spool = Spool()
    (ada,) = read_roster(roster, CHALLENGES[:1], spool)
    assert spool.read(ada.submissions[0].staged) == b"x = 'ada'\n"


@pytest.mark.parametrize("platform", ["Canvas", "Moodle", "Gradescope", "none"])
def test_a_class_s_download_alone_in_a_folder_is_refused_saying_to_give_the_zip_itself(tmp_path, platform):
    """Alone in the roster, a platform's .zip would be graded as one learner's archive; a .zip that is no platform's
    download, given itself, is refused saying what grade report reads."""
    from grader.classroom.downloads import RosterError, list_entries

    roster = tmp_path / "roster"
    roster.mkdir()
    archive = roster / "submissions.zip"
    files = ({"submission_metadata.yml": b"submission_1: {}\n", "submission_1/main.py": b"x = 1\n"}
             if platform == "Gradescope" else {"alice/main.py": b"x = 1\n"} if platform == "none"
             else LMS_DOWNLOADS[platform])
    archive.write_bytes(_learner_zip(files))
    if platform == "none":
        assert [entry.name for entry in list_entries(roster)] == ["submissions"]   # one learner's archive
        with pytest.raises(RosterError, match="^submissions.zip holds no submission_metadata.yml and its files are "
                                              "not named as Canvas's or Moodle's downloads name them"):
            list_entries(archive)
    else:
        with pytest.raises(RosterError, match=f"^{roster} holds submissions.zip, {platform}'s .* and no learner's "
                                              f"entry beside it: give grade report {archive} itself.$"):
            list_entries(roster)
        assert list_entries(archive)


@pytest.mark.parametrize("platform", ["Canvas", "Moodle"])
def test_a_file_name_holding_the_other_platform_s_ids_stays_its_learner_s_zipped_or_not(tmp_path, platform):
    """A learner names their own upload, and may put the other platform's marks in it: the download's own layout
    decides whose it is, in the folder as in the archive; in a folder of both platforms' entries it is nobody's."""
    from grader.classroom.downloads import list_entries

    if platform == "Canvas":
        names = ["doejane_222_446_main.py", "smithjohn_111_444_main.py",
                 "smithjohn_111_445_x_222_assignsubmission_file_main.py"]
        owners = {"doejane": ["doejane_222_446_main.py"], "smithjohn": names[1:]}
    else:
        names = ["Jane Doe_222_assignsubmission_file_main.py", "John Smith_111_assignsubmission_file_main.py",
                 "John Smith_111_assignsubmission_file_x_222_446_main.py"]
        owners = {"Jane Doe": names[:1], "John Smith": names[1:]}
    folder = tmp_path / "download"
    folder.mkdir()
    for name in names:
        (folder / name).write_text("x = 1\n")
    (tmp_path / "download.zip").write_bytes(_learner_zip({name: b"x = 1\n" for name in names}))
    for roster, prefix in ((folder, ""), (tmp_path / "download.zip", "download.zip:")):
        entries = list_entries(roster)
        assert {entry.name: entry.shown for entry in entries} == {
            owner: ", ".join(prefix + name for name in files) for owner, files in owners.items()}, roster
    if platform == "Canvas":
        (folder / "Ada Lovelace_42_assignsubmission_file").mkdir()
    else:
        (folder / "lovelaceada_42_7001_main.py").write_text("x = 1\n")
    refused = {entry.name: entry.refused for entry in list_entries(folder) if entry.refused}
    assert list(refused) == [names[2]]
    assert "holds both Canvas's _<user id>_<submission id>_ and Moodle's" in refused[names[2]]


def test_a_canvas_learner_s_latest_submission_replaces_their_earlier_one_whatever_the_files_names(tmp_path):
    """A Canvas download unzipped over an earlier one leaves a learner's earlier files beside those of the submission
    that replaced them; one submission's files are all late or none is, and the newest file is the latest's."""
    roster = tmp_path / "roster"
    roster.mkdir()
    notebook = (b'{"cells": [{"cell_type": "code", "metadata": {}, "source": ["x = 2"], "outputs": [], '
                b'"execution_count": null}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    for name, data in {"chenmei_101_900011_main.py": b"x = 1\n", "chenmei_LATE_101_900555_forward.py": b"x = 2\n",
                       "pateltara_102_900017_main.py": b"", "pateltara_LATE_102_900557_main.ipynb": notebook,
                       "leeheidi_103_900020_notes.py": b"# notes\n", "leeheidi_103_900021_main.py": b"x = 3\n",
                       "smithalice_104_900001_main.py": b"x = 0\n", "smithalice_104_900558_main-1.py": b"x = 4\n",
                       # A deadline moved: the late file is the older, the on-time one replaced it.
                       "jonesbob_LATE_105_900002_main.py": b"x = 5\n", "jonesbob_105_900600_forward.py": b"x = 6\n",
                       # Two downloads' main.py: the newer by its id, whatever the names' order as text.
                       "kimjo_106_99_main.py": b"x = 7\n", "kimjo_106_100_main.py": b"x = 8\n"
                       }.items():
        (roster / name).write_bytes(data)
    spool = Spool()
    learners = {learner.name: learner for learner in read_roster(roster, CHALLENGES[:1], spool)}
    graded = {name: learner.submissions[0] for name, learner in learners.items()}
    assert {name: submission.origin for name, submission in graded.items()} == {
        "chenmei": "chenmei_LATE_101_900555_forward.py", "pateltara": "pateltara_LATE_102_900557_main.ipynb",
        "leeheidi": "leeheidi_103_900021_main.py", "smithalice": "smithalice_104_900558_main-1.py",
        "jonesbob": "jonesbob_105_900600_forward.py", "kimjo": "kimjo_106_100_main.py"}
    assert spool.read(graded["chenmei"].staged) == b"x = 2\n"
    assert graded["chenmei"].note == ("no file of the latest submission is named main.py, so the only .py file or "
                                      "notebook handed in, chenmei_LATE_101_900555_forward.py, was graded in its "
                                      "place. chenmei_LATE_101_900555_forward.py is of the learner's latest "
                                      "submission, which replaced their earlier chenmei_101_900011_main.py, set "
                                      "aside.")
    assert "replaced their earlier pateltara_102_900017_main.py, set aside" in graded["pateltara"].note
    assert "set aside" not in graded["leeheidi"].note + graded["smithalice"].note
    assert "replaced their earlier jonesbob_LATE_105_900002_main.py" in graded["jonesbob"].note
    assert learners["chenmei"].identity["late"] and not learners["jonesbob"].identity["late"]
    assert "replaced their earlier kimjo_106_99_main.py" in graded["kimjo"].note


def test_a_released_notebook_left_as_released_is_not_started_and_one_changed_is(tmp_path):
    """A release's notebook holds the stub in cells, with the lines that load and call the grader: left as it is, it
    is the stub as shipped, as main.py left as it is."""
    import nbformat

    from grader.classroom.release_notebooks import challenge_notebook

    # The course as shipped: a learner's work in this checkout's main.py is no release's.
    released = challenge_notebook(load_challenges(shipped_course())[0])
    changed = nbformat.from_dict(released)
    changed.cells[3].source += "\n\nanswer = 42\n"
    roster = tmp_path / "roster"
    for learner, notebook in (("alice", released), ("bob", changed)):
        write_learner(roster, learner, {f"challenges/{FIRST}/main.ipynb": nbformat.writes(notebook).encode()}, False)
    read = _read(roster, tmp_path)
    assert read["alice"].submissions[0].untouched and read["alice"].submissions[0].origin.endswith("main.ipynb")
    assert not read["bob"].submissions[0].untouched


def test_another_challenge_s_file_is_neither_taken_for_this_one_nor_graded_without_a_note(tmp_path):
    """A file in another challenge's folder is that challenge's work, even when it is an entry's only file; a file
    handed in for this challenge but written for another gets a note saying so beside its zero."""
    course = load_challenges(find_root())
    shapes, activations = (next(c for c in course if c.name.startswith(prefix))
                           for prefix in ("challenge_2_", "challenge_3_"))
    roster = tmp_path / "roster"
    write_learner(roster, "leo", {f"challenges/{shapes.name}/main.py": solution(shapes.name).read_bytes()}, False)
    write_learner(roster, "victor", {f"challenges/{activations.name}/main.py": solution(shapes.name).read_bytes()},
                  False)
    # This challenge's work in the other's folder is this challenge's, by what it defines.
    write_learner(roster, "wanda", {f"{shapes.name}/main.py": learners_own(activations.name).encode()}, False)
    learners = {learner.name: learner for learner in read_roster(roster, [activations], Spool(), course=course,
                                                                 names=ChallengeNames(course))}
    leo, victor, wanda = learners["leo"], learners["victor"], learners["wanda"]
    assert not leo.submissions[0].content and leo.holds == [shapes.name]
    assert wanda.submissions[0].content and wanda.submissions[0].note == (
        f"wanda/{shapes.name}/main.py lies in the folder of {shapes.name} but defines names this challenge's checks "
        "look for, so it was graded for this one.")
    assert victor.submissions[0].content and victor.submissions[0].note == (
        f"{victor.submissions[0].origin} looks written for {shapes.name}: it defines none of the names "
        f"{activations.name}'s checks look for.")


@pytest.mark.parametrize("layout", ["folder", "zip", "moodle loose", "canvas copies"])
def test_an_entry_s_only_file_is_taken_whatever_its_name_when_one_challenge_is_graded(tmp_path, layout):
    """grader.classroom.entries.only_upload, Gradescope's rule, on every layout; the note names the file taken."""
    roster = tmp_path / "roster"
    if layout in ("folder", "zip"):
        write_learner(roster, "alice", {"work/forward.py": b"x = 1\n", "notes.txt": b"notes\n"}, layout == "zip")
        taken = "work/forward.py"
    else:
        roster.mkdir()
        names = (["Alice Smith_101_assignsubmission_file_forward.py"] if layout == "moodle loose" else
                 ["smithalice_101_9001_forward.py", "smithalice_101_9002_forward-1.py"])
        for name in names:
            (roster / name).write_bytes(b"x = 1\n")
        taken = names[-1]
    spool = Spool()
    (alice,) = read_roster(roster, CHALLENGES[:1], spool)
    (submission,) = alice.submissions
    assert spool.read(submission.staged) == b"x = 1\n" and submission.origin.endswith(taken), submission
    assert submission.note == (f"no file is named main.py, so the only .py file or notebook handed in, "
                               f"{submission.origin}, was graded in its place.")
    (alice,) = read_roster(roster, CHALLENGES, Spool())
    assert all(not submission.content for submission in alice.submissions)


def test_two_files_of_other_names_are_neither_taken(tmp_path):
    roster = tmp_path / "roster"
    write_learner(roster, "alice", {"forward.py": b"x = 1\n", "helper.py": b"y = 2\n"}, False)
    (alice,) = read_roster(roster, CHALLENGES[:1], Spool())
    assert not alice.submissions[0].content and alice.problem.startswith("nothing to grade")


def test_every_solution_and_stub_reads_as_written_for_its_own_challenge():
    """A class's correct files, or its untouched stubs, are never taken for another challenge's: each defines every
    name its checks look for, and its names are nearest its own challenge's."""
    challenges = load_challenges(find_root())
    names = ChallengeNames(challenges)
    for challenge in challenges:
        for source in (solution(challenge.name), stub(challenge.name)):
            reading = names.reading(challenge.name, source.read_bytes())
            assert reading == (len(names.names[challenge.name]), challenge.name, True), (source, reading)
    assert names.reading("challenge_1_forward_pass", solution("challenge_3_activations").read_bytes()) == (
        0, "challenge_3_activations", True)
    # A file Python cannot parse is read line by line; a file of no definition resembles nothing.
    broken = solution("challenge_3_activations").read_bytes().replace(b"def softmax(inputs):", b"def softmax(inputs)")
    assert names.reading("challenge_3_activations", broken) == (3, "challenge_3_activations", True)
    assert names.reading("challenge_3_activations", b"") == (0, "", False)


def test_a_copy_beside_main_py_in_a_learner_s_own_folder_is_not_taken_for_it(tmp_path):
    """Only an LMS renames an upload whose name is taken: in a learner's own folder (a clone), main.py is theirs."""
    roster = tmp_path / "roster"
    write_learner(roster, "alice", {f"challenges/{FIRST}/main.py": b"x = 1\n",
                                    f"challenges/{FIRST}/main (1).py": b"x = 2\n"}, False)
    spool = Spool()
    alice = next(read_roster(roster, CHALLENGES[:1], spool))
    assert spool.read(alice.submissions[0].staged) == b"x = 1\n"


@pytest.mark.parametrize("limit", ["files", "depth"])
@pytest.mark.parametrize("unzipped", [False, True], ids=["zip", "folder"])
def test_a_gradescope_submission_beyond_a_submission_s_limits_is_refused_alike_zipped_unzipped_and_autograded(
        tmp_path, monkeypatch, limit, unzipped):
    """The report reads a submission of Gradescope's export, zipped or not, as the exported autograder reads the
    same upload: beyond MAX_ARCHIVE_MEMBERS files and folders, or MAX_DEPTH nested folders, it is refused alike."""
    from grader.classroom import entries
    from grader.classroom.gradescope import _submitted_files

    # A hidden folder counts, but what it holds (deeper than MAX_DEPTH here) does not.
    upload = {"main.py": b"x = 1\n", ".git/objects/" + "/".join(["o"] * 80) + "/pack": b"hidden: not counted\n"}
    if limit == "files":
        monkeypatch.setattr(entries, "MAX_ARCHIVE_MEMBERS", 30)
        upload |= {f"data/sample_{number}.txt": b"" for number in range(27)}    # with data/, .git/, main.py: 30
        below = dict(upload)
        upload["data/one_more.txt"] = b""
        words = "holds more than 30 files and folders"
    else:
        below = dict(upload, **{"/".join(["d"] * (entries.MAX_DEPTH - 1)) + "/main.py": b"y = 1\n"})
        upload = dict(upload, **{"/".join(["d"] * entries.MAX_DEPTH) + "/main.py": b"y = 1\n"})
        words = f"nests folders more than {entries.MAX_DEPTH} deep"
    problems = []
    for files in (below, upload):
        export = tmp_path / f"export-{len(problems)}"
        _gradescope_folder(export, {"alice": files})
        if not unzipped:
            with zipfile.ZipFile(export.with_suffix(".zip"), "w") as archive:
                for path in sorted(export.rglob("*")):
                    if path.is_file():
                        archive.write(path, path.relative_to(export).as_posix())
        alice = next(read_roster(export if unzipped else export.with_suffix(".zip"), CHALLENGES[:1], Spool()))
        problems.append(alice.problem)
        if unzipped and files is upload:
            with pytest.raises(entries.EntryRefused, match=words):
                _submitted_files(export / "submission_1")
        elif unzipped:
            assert "main.py" in _submitted_files(export / "submission_1")
    assert problems[0] == "" and problems[1].endswith(f"submission_1/ {words}, more than a submission may."
                                                      if limit == "files" else
                                                      f"submission_1/ {words}, deeper than a submission needs, so it "
                                                      "was not read."), problems


def test_names_differing_only_in_case_are_one_learner(tmp_path):
    roster = tmp_path / "roster"
    write_learner(roster, "Frank", {f"challenges/{FIRST}/main.py": b"a = 1\n"}, False)
    write_learner(roster, "frank", {f"challenges/{FIRST}/main.py": b"a = 2\n"}, True)
    learners = list(read_roster(roster, CHALLENGES, Spool()))
    assert len(learners) == 1 and "keep only one" in learners[0].problem


def test_a_folder_name_that_is_not_utf8_is_refused(tmp_path):
    roster = tmp_path / "roster"
    roster.mkdir()
    os.mkdir(os.path.join(os.fsencode(roster), b"gr\xe9ta"))
    (learner,) = read_roster(roster, CHALLENGES, Spool())
    assert "not valid UTF-8" in learner.problem


CANVAS_CLASS_LIST = ('Student,ID,SIS User ID,SIS Login ID,Section\n"Smith, Alice",1001,S1001,asmith,A\n'
                     '"Jones, Mallory",1002,S1002,mjones,A\n')


@pytest.mark.parametrize("upload", ["smithalice_1001_9001_2_main.py", "smithalice_1001_9001_01_forward.ipynb"])
def test_a_learner_whose_one_file_is_refused_for_holding_several_ids_is_told_so_not_that_nothing_came(tmp_path,
                                                                                                     upload):
    """Canvas names a file <name>_<user id>_<submission id>_<the file's own name>: a file the learner named 2_main.py
    reads as holding two learners' ids, and is refused; whose ids it holds learn why they have no grade."""
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / upload).write_text("x = 1\n")
    (roster / "jonesmallory_1002_9002_main.py").write_text("x = 1\n")
    (tmp_path / "class.csv").write_text(CANVAS_CLASS_LIST + '"Brown, Dan",1003,S1003,dbrown,A\n')
    learners = {learner.name: learner for learner in read_roster(roster, CHALLENGES[:1], Spool(),
                                                                 class_list=read_class_list(tmp_path / "class.csv"))}
    alice = learners["Smith, Alice"]
    assert not alice.entry and f"{upload} may be this learner's" in alice.problem and "refused" in alice.problem
    assert "nothing was submitted" in learners["Brown, Dan"].problem
    assert learners["Jones, Mallory"].entry == "jonesmallory_1002_9002_main.py"
    assert "may_be" not in learners[upload].identity


def test_a_refused_canvas_file_is_said_to_be_maybe_theirs_by_its_first_reading_alone(tmp_path):
    """browndan_1003_9003_1002_9_main.py: Dan uploaded 1002_9_main.py, and 1002 is Mallory's Canvas user id."""
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "browndan_1003_9003_1002_9_main.py").write_text("x = 1\n")
    (tmp_path / "class.csv").write_text(CANVAS_CLASS_LIST + '"Brown, Dan",1003,S1003,dbrown,A\n')
    learners = {learner.name: learner for learner in read_roster(roster, CHALLENGES[:1], Spool(),
                                                                 class_list=read_class_list(tmp_path / "class.csv"))}
    assert "may be this learner's" in learners["Brown, Dan"].problem
    assert "nothing was submitted" in learners["Jones, Mallory"].problem


@pytest.mark.parametrize("upload", [
    "smithalice_1001_9001_smithalice_1001_8000_main.py",      # a file downloaded and handed in again
    "m_200_1_LATE_200_5001_main.py",                          # a late file under a name that marks it on time
    "X_55_assignsubmission_100_assignsubmission_file_55_assignsubmission_file_main.py",   # 100 is a classmate's
])
def test_a_file_whose_name_holds_the_platform_s_mark_twice_is_nobody_s_even_where_each_gives_one_id(tmp_path, upload):
    """The mark read is the first, which a learner's name may hold: whatever ids the marks give, it steers whose the
    file is, whether it is late and which upload it is."""
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / upload).write_text("x = 1\n")
    (roster / "jonesbob_1002_9002_main.py" if "assignsubmission" not in upload else
     roster / "Bob Jones_56_assignsubmission_file_main.py").write_text("x = 2\n")
    (learner,) = [learner for learner in read_roster(roster, CHALLENGES[:1], Spool()) if learner.entry == upload]
    assert "more than once, so whose it is cannot be told from its name" in learner.problem


def test_a_refused_canvas_file_of_a_learner_a_list_names_family_name_first_is_said_to_be_maybe_theirs(tmp_path):
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "tanakayuki_1001_901_2_main.py").write_text("x = 1\n")
    (tmp_path / "class.csv").write_text("Name,Email,Student ID\nTANAKA Yuki,yuki@uni.example,S1\n")
    learners = {learner.name: learner for learner in read_roster(roster, CHALLENGES[:1], Spool(),
                                                                 class_list=read_class_list(tmp_path / "class.csv"))}
    assert "may be this learner's" in learners["TANAKA Yuki"].problem


def test_a_refused_moodle_file_is_said_to_be_maybe_theirs_by_every_participant_id_it_holds(tmp_path):
    """Moodle names a file <full name>_<participant>_assignsubmission_file_<file>: a learner chooses both ends."""
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "Eve Evans_2001_assignsubmission_file__2002_assignsubmission_file_main.py").write_text("x = 1\n")
    (tmp_path / "worksheet.csv").write_text("Identifier,Full name,Email address\n"
                                            "Participant 2001,Ann Lee,ann@uni.example\n"
                                            "Participant 2002,Eve Evans,eve@uni.example\n")
    learners = {learner.name: learner for learner in read_roster(
        roster, CHALLENGES[:1], Spool(), class_list=read_class_list(tmp_path / "worksheet.csv"))}
    assert all("may be this learner's" in learners[name].problem for name in ("Ann Lee", "Eve Evans"))


def test_a_refused_canvas_file_is_said_to_be_maybe_theirs_by_its_name_and_never_by_a_student_number(tmp_path):
    """leecarol_3333_5680_2_main.py: 5680 is Carol's submission id read as a user id, and Bob's student number."""
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "leecarol_3333_5680_2_main.py").write_text("x = 1\n")
    (tmp_path / "class.csv").write_text("Name,Email,Student ID\nCarol Lee,carol@uni.example,1234\n"
                                        "Bob Jones,bob@uni.example,5680\n")
    learners = {learner.name: learner for learner in read_roster(roster, CHALLENGES[:1], Spool(),
                                                                 class_list=read_class_list(tmp_path / "class.csv"))}
    assert "may be this learner's" in learners["Carol Lee"].problem
    assert "nothing was submitted" in learners["Bob Jones"].problem


@pytest.mark.parametrize("canvas", [False, True], ids=["folders", "canvas-download"])
def test_learners_whose_names_are_each_other_s_reversed_are_never_given_each_other_s_row(tmp_path, canvas):
    """Li Wang and Wang Li: a folder is named by the name as it is; Canvas's download by the lastfirst, which is
    "wangli" for Li Wang, or for Wang Li written family name first."""
    roster = tmp_path / "roster"
    roster.mkdir()
    entries = {"wangli_1001_901_main.py": "Li Wang", "liwang_1002_902_main.py": "Wang Li"} if canvas else \
        {"Li Wang.py": "Li Wang", "Wang Li.py": "Wang Li"}
    for entry in entries:
        (roster / entry).write_text("x = 1\n")
    (tmp_path / "class.csv").write_text("Name,Email,Student ID\nLi Wang,li@uni.example,S1\n"
                                        "Wang Li,wang@uni.example,S2\n")
    learners = {learner.entry: learner for learner in read_roster(
        roster, CHALLENGES[:1], Spool(), class_list=read_class_list(tmp_path / "class.csv"))}
    if canvas:
        # The list may write either name family name first: each file reads as both people, and takes neither row.
        assert all(learners[entry].identity["listed"] is False for entry in entries)
    else:
        assert {entry: learners[entry].name for entry in entries} == entries


@pytest.mark.parametrize("heading", ["Name,Email,Student ID", "Name,Email,SIS User ID", "Name,Email,ID number"])
def test_a_canvas_user_id_is_compared_with_canvas_user_ids_alone(tmp_path, heading):
    """Canvas's download names each file by the learner's Canvas user id: a student number may equal a classmate's
    Canvas user id, and names nobody by it; such a list matches Canvas's names (lastfirst) by name, to check."""
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "smithalice_1002_901_main.py").write_text("x = 1\n")
    (roster / "jonesbob_2001_902_main.py").write_text("x = 2\n")
    (tmp_path / "class.csv").write_text(f"{heading}\nAlice Smith,alice@uni.example,2001\n"
                                        "Bob Jones,bob@uni.example,1002\n")
    learners = {learner.entry or learner.name: learner for learner in read_roster(
        roster, CHALLENGES[:1], Spool(), class_list=read_class_list(tmp_path / "class.csv"))}
    assert learners["smithalice_1002_901_main.py"].name == "Alice Smith"
    assert learners["jonesbob_2001_902_main.py"].name == "Bob Jones"
    assert {learners[entry].identity["matched_by"] for entry in ("smithalice_1002_901_main.py",
                                                                  "jonesbob_2001_902_main.py")} == {"name"}
    # Canvas's own export: its ID is the user id, and a file whose id is another's takes no row by its name.
    (tmp_path / "canvas.csv").write_text(CANVAS_CLASS_LIST)
    (roster / "jonesbob_2001_902_main.py").rename(roster / "jonesmallory_1003_902_main.py")
    learners = {learner.entry or learner.name: learner for learner in read_roster(
        roster, CHALLENGES[:1], Spool(), class_list=read_class_list(tmp_path / "canvas.csv"))}
    assert learners["smithalice_1002_901_main.py"].name == "Jones, Mallory"
    mallory = learners["jonesmallory_1003_902_main.py"]
    assert mallory.identity["listed"] is False and "its Canvas ID differs" in mallory.identity["note"]


MOODLE_EXPORT = "First name;Last name;ID number;Email address\r\nZoë;Müller;S1;zoe@uni.example\r\n" \
                "José;Ñúñez;S2;jose@uni.example\r\n"


@pytest.mark.parametrize("encoding, delimiter, note", [
    ("cp1252", ";", "not UTF-8, so it was read as Windows-1252"),
    ("utf-16", "\t", ""),               # Excel's "Unicode Text": UTF-16 with its byte-order mark, tab-separated
    ("utf-8-sig", ";", ""),
    ("utf-8", ",", ""),
], ids=["cp1252-semicolons", "utf16-tabs", "utf8-bom-semicolons", "utf8-commas"])
def test_a_class_list_saved_in_a_spreadsheet_s_encoding_and_separator_is_read(tmp_path, encoding, delimiter, note):
    path = tmp_path / "class.csv"
    path.write_bytes(MOODLE_EXPORT.replace(";", delimiter).encode(encoding))
    class_list = read_class_list(path)
    assert [(person.name, person.sid, person.email) for person in class_list.people] == [
        ("Zoë Müller", "S1", "zoe@uni.example"), ("José Ñúñez", "S2", "jose@uni.example")]
    assert any(note in line for line in class_list.notes) if note else not [
        line for line in class_list.notes if "Windows-1252" in line]
    assert bool([line for line in class_list.notes if "not commas" in line]) == (delimiter != ",")


def test_a_class_list_whose_letters_a_code_page_lost_is_said_to_have_lost_them(tmp_path):
    """Excel's plain CSV writes each letter Windows-1252 lacks as "?": the names no longer match the entries."""
    path = tmp_path / "class.csv"
    path.write_bytes("Student,SIS User ID\n李雷,S1\nZoë Müller,S2\n".encode("cp1252", "replace"))
    class_list = read_class_list(path)
    assert [person.name for person in class_list.people] == ["??", "Zoë Müller"]
    assert any(f"The class list {path} names 1 learner with question marks where letters belong (??)" in line
               for line in class_list.notes), class_list.notes
    path.write_text("Student,SIS User ID\n李雷,S1\n", encoding="utf-8")
    assert not [line for line in read_class_list(path).notes if "question marks" in line]


def test_a_grading_worksheet_holding_a_learners_very_long_online_text_is_read_whole(tmp_path):
    """Moodle's grading worksheet carries each learner's online text whole: one learner's 200,000 characters, more
    than the csv module reads in a cell by default, must not refuse the class list of everybody."""
    path = tmp_path / "worksheet.csv"
    path.write_text("Identifier,Full name,Email address,Online text\n"
                    f"Participant 7,Zoë Müller,zoe@uni.example,{'x' * 200_000}\n"
                    "Participant 8,José Ñúñez,jose@uni.example,\n", encoding="utf-8")
    limit = csv.field_size_limit()
    class_list = read_class_list(path)
    assert [(person.name, person.participant) for person in class_list.people] == [
        ("Zoë Müller", "7"), ("José Ñúñez", "8")]
    assert csv.field_size_limit() == limit


def test_a_class_list_whose_name_runs_to_megabytes_is_refused_before_it_reaches_any_output(tmp_path):
    """Every row is written into grades.csv, the gradebooks and the class page: a name of 50 MB made a 2.5 GB run."""
    from grader.classroom.identity import ClassListError

    path = tmp_path / "class.csv"
    path.write_text(f"name,email\nAda,ada@uni.example\n{'x' * 100_000},x@uni.example\n", encoding="utf-8")
    with pytest.raises(ClassListError, match="Row 3 of the class list .* has a name of 100,000 characters"):
        read_class_list(path)


@pytest.mark.parametrize("data, words", [
    (MOODLE_EXPORT.encode("utf-16-le"), "UTF-16 text without the byte-order mark"),
    (b"name,email\r\nZo\x81 M,zoe@uni.example\r\n", "neither UTF-8 nor Windows-1252"),
    (codecs.BOM_UTF16_LE + b"n\x00a\x00\x00\xd8", "not UTF-16 throughout"),
], ids=["utf16-without-bom", "undecodable", "broken-utf16"])
def test_a_class_list_that_cannot_be_decoded_is_refused_with_how_to_save_it(tmp_path, data, words):
    from grader.classroom.identity import ClassListError

    path = tmp_path / "class.csv"
    path.write_bytes(data)
    with pytest.raises(ClassListError) as refused:
        read_class_list(path)
    assert words in str(refused.value) and 'as "CSV UTF-8 (Comma delimited)"' in str(refused.value)
    assert "codec" not in str(refused.value)


def test_only_canvas_s_own_points_row_and_test_student_of_its_export_are_no_people(tmp_path):
    """Canvas's export writes its points row as "    Points Possible" with no ids (lib/gradebook_exporter.rb); a
    person whose name holds those words, or is them but has an id, is on the class list."""
    path = tmp_path / "canvas_export.csv"
    path.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n    Points Possible,,,,\n'
                    '"Student, Test",999,,,A\nZed Points Possible,202,S2,zed,A\nPoints Possible,203,,,A\n'
                    '"Possible, Points",,S4,,A\n')
    assert [person.name for person in read_class_list(path).people] == [
        "Zed Points Possible", "Points Possible", "Possible, Points"]
    # The export that splits names writes the words in LastName (gradebook_exporter.rb, show_student_first_last_name).
    path.write_text('LastName,FirstName,ID,SIS User ID,SIS Login ID,Section\n    Points Possible,,,,,\n'
                    'Lovelace,Ada,201,S1,ada,A\n')
    assert [person.name for person in read_class_list(path).people] == ["Ada Lovelace"]


def test_canvas_s_test_student_is_left_out_with_a_note_and_a_learner_of_that_name_is_a_person(tmp_path):
    """Canvas's Test Student has a user ID like anyone's, no SIS User ID, and as its login the HMAC-SHA1 in hex of
    "Test Student_<user id>" (app/models/course.rb), or none where it was made before it got one; a learner named
    Student, Test logs in as themselves."""
    export = tmp_path / "canvas_export.csv"
    login = hmac.new(b"the instance's own key", b"Test Student_998", "sha1").hexdigest()
    export.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n    Points Possible,,,,\n'
                      '"Student, Test",301,S301,tstudent,A\n"Student, Test",302,,test.student@example.edu,A\n'
                      f'"Student, Test",998,,{login},A\n"Student, Test",999,,,A\n')
    split = tmp_path / "canvas_export_first_last.csv"
    split.write_text("LastName,FirstName,ID,SIS Login ID,Section\nStudent,Test,303,tstudent3,A\nStudent,Test,999,,A\n")
    listed, by_halves = read_class_list(export), read_class_list(split)
    assert [(person.name, person.lms_id) for person in listed.people] == [("Student, Test", "301"),
                                                                        ("Student, Test", "302")]
    assert [(person.name, person.lms_id) for person in by_halves.people] == [("Test Student", "303")]
    for path, notes, left_out in ((export, listed.notes, [(5, 998), (6, 999)]), (split, by_halves.notes, [(3, 999)])):
        assert notes == [f"The class list {path} names Canvas's Test Student on row {row} (ID {user}), so that row was "
                         "left out: it has no SIS User ID and its login is none or the one Canvas gives its Test "
                         "Student. If it is a learner, give the row their SIS Login ID or e-mail, then run grade "
                         "report again." for row, user in left_out]


def test_canvas_s_test_student_s_submission_is_named_for_what_it_is(tmp_path):
    """An instructor who tried the assignment in Student View finds the Test Student's file beside the class's: it
    is nobody's on the class list, and says why, rather than reading as a learner the list forgot."""
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "lovelaceada_201_9001_main.py").write_text("x = 1\n")
    (roster / "studenttest_999_9002_main.py").write_text("x = 2\n")
    (roster / "strangerbob_998_9003_main.py").write_text("x = 3\n")
    (tmp_path / "class.csv").write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Lovelace, Ada",201,S1,ada,A\n'
                                        '"Student, Test",999,,,A\n')
    learners = {learner.entry: learner for learner in read_roster(
        roster, CHALLENGES[:1], Spool(), class_list=read_class_list(tmp_path / "class.csv"))}
    test_student, stranger = learners["studenttest_999_9002_main.py"], learners["strangerbob_998_9003_main.py"]
    assert test_student.identity["listed"] is False and stranger.identity["listed"] is False
    assert test_student.identity["note"] == ("Canvas's Test Student (Student View), whose row the class list's "
                                             "reading left out")
    assert "note" not in stranger.identity
    assert learners["lovelaceada_201_9001_main.py"].name == "Lovelace, Ada"


def _named_by_class_list(tmp_path, submitters):
    """The learners of a Gradescope export of `submitters` ({folder: (name, sid, email)}), named by a Canvas
    class list; {entry or the listed name: Learner}."""
    export = tmp_path / "export"
    metadata = []
    for folder, (name, sid, email) in submitters.items():
        (export / folder).mkdir(parents=True)
        (export / folder / "main.py").write_text(f"# {folder}\n")
        metadata.append(f"{folder}:\n  :submitters:\n  - :name: {name}\n    :sid: '{sid}'\n    :email: {email}\n")
    (export / "submission_metadata.yml").write_text("".join(metadata))
    (tmp_path / "class.csv").write_text(CANVAS_CLASS_LIST)
    learners = read_roster(export, CHALLENGES[:1], Spool(), class_list=read_class_list(tmp_path / "class.csv"))
    return {learner.entry or learner.name: learner for learner in learners}


@pytest.mark.parametrize("mallory", ["submission_050", "submission_200"])
def test_a_name_two_entries_match_alone_gives_neither_the_row_whatever_their_order(tmp_path, mallory):
    learners = _named_by_class_list(tmp_path, {"submission_100": ("Alice Smith", "", "alice@uni.example"),
                                               mallory: ("Alice  Smith", "", "mallory@uni.example")})
    alice, impostor = learners["submission_100/"], learners[f"{mallory}/"]
    for learner, other in ((alice, impostor), (impostor, alice)):
        assert learner.name != "Smith, Alice" and learner.identity["listed"] is False
        assert "Smith, Alice" in learner.identity["note"] and other.entry in learner.identity["note"]
    row = learners["Smith, Alice"]
    assert not row.entry and "submission_100/" in row.problem and f"{mallory}/" in row.problem


@pytest.mark.parametrize("mallory", ["submission_050", "submission_200"])
def test_an_id_outranks_a_name_whatever_the_order(tmp_path, mallory):
    learners = _named_by_class_list(tmp_path, {"submission_100": ("Alice Smith", "S1001", "alice@uni.example"),
                                               mallory: ("Alice  Smith", "", "mallory@uni.example")})
    alice, impostor = learners["submission_100/"], learners[f"{mallory}/"]
    assert alice.name == "Smith, Alice" and alice.identity["lms_id"] == "1001" and "matched_by" not in alice.identity
    assert impostor.identity["listed"] is False and "submission_100/" in impostor.identity["note"]


def _plain_roster_named(tmp_path, files, class_list):
    """{entry or the listed name: Learner} of a plain roster of `files` (the one-file entries learners named themselves)
    named by the class list `class_list` (its CSV text)."""
    roster = tmp_path / "roster"
    roster.mkdir()
    for name in files:
        (roster / name).write_text(f"# {name}\n")
    (tmp_path / "class.csv").write_text(class_list)
    learners = read_roster(roster, CHALLENGES[:1], Spool(), class_list=read_class_list(tmp_path / "class.csv"))
    return {learner.entry or learner.name: learner for learner in learners}


@pytest.mark.parametrize("forged", ["asmith.py", "alice@uni.example.py", "S1001.py", "smithalice_1001_77_main.py"])
def test_an_id_a_learner_wrote_in_a_file_s_name_takes_no_row_from_a_classmate_s_own_entry(tmp_path, forged):
    """In a plain roster the learners name their files: an e-mail or id in one's name (or a name shaped as Canvas's
    download names files, in a folder that is not that download) is worth a name, so Alice's row goes to neither."""
    class_list = CANVAS_CLASS_LIST.replace('"Jones, Mallory",1002,S1002,mjones,A', "Mallory Jones,1002,S1002,mjones,A")
    learners = _plain_roster_named(tmp_path, ["Alice Smith.py", forged, "Mallory Jones.py"],
                                   class_list.replace("Student,", "Student,Email,").replace(
                                       '"Smith, Alice",', '"Smith, Alice",alice@uni.example,').replace(
                                       "Mallory Jones,", "Mallory Jones,mallory@uni.example,"))
    alice, impostor = learners["Alice Smith.py"], learners[forged]
    for learner, other in ((alice, impostor), (impostor, alice)):
        assert learner.identity["listed"] is False, learner.identity
        assert "Smith, Alice" in learner.identity["note"] and other.entry in learner.identity["note"]
    row = learners["Smith, Alice"]
    assert not row.entry and "Alice Smith.py" in row.problem and forged in row.problem
    assert learners["Mallory Jones.py"].name == "Mallory Jones"


def test_a_folder_named_by_an_id_alone_gets_its_row_without_a_note_to_check(tmp_path):
    """An instructor who names each learner's folder by e-mail or id: the one entry that matches a person takes the
    row, as an id does."""
    learners = _plain_roster_named(tmp_path, ["S1001.py", "mjones.py"], CANVAS_CLASS_LIST)
    for entry, name in (("S1001.py", "Smith, Alice"), ("mjones.py", "Jones, Mallory")):
        assert learners[entry].name == name and "matched_by" not in learners[entry].identity


def test_canvas_files_in_their_own_download_keep_their_ids_over_a_name(tmp_path):
    """A Canvas download alone: the ids in its files' names are Canvas's, and outrank a name."""
    learners = _plain_roster_named(tmp_path, ["smithalice_1001_77_main.py", "jonesmallory_1002_78_main.py"],
                                   CANVAS_CLASS_LIST)
    assert {learner.name for learner in learners.values() if learner.entry} == {"Smith, Alice", "Jones, Mallory"}
    assert all("ids_named_by_learner" not in learner.identity for learner in learners.values())


def test_a_name_alone_is_matched_when_nothing_contradicts_it_and_says_so(tmp_path):
    learners = _named_by_class_list(tmp_path, {"submission_100": ("Alice Smith", "", "alice@uni.example"),
                                               "submission_200": ("Mallory Jones", "S9999", "mallory@uni.example")})
    alice = learners["submission_100/"]
    assert alice.name == "Smith, Alice" and alice.identity["matched_by"] == "name"
    assert alice.identity["entry_name"] == "Alice Smith"
    # An id the entry declares and the list contradicts refuses the match by name.
    mallory = learners["submission_200/"]
    assert mallory.identity["listed"] is False and "its id differs" in mallory.identity["note"]
    assert "no entry in the roster" in learners["Jones, Mallory"].problem


def test_a_moodle_entry_whose_participant_id_the_worksheet_contradicts_takes_no_row_by_its_name(tmp_path):
    """Moodle's download names each folder <Full Name>_<participant id>_...; a learner who takes a classmate's name
    keeps their own participant id, which the grading worksheet gives the classmate's row otherwise."""
    roster = tmp_path / "roster"
    for folder in ("Victim Name_999_assignsubmission_file", "Other Person_124_assignsubmission_file"):
        write_learner(roster, folder, {"main.py": b"x = 1\n"}, False)
    (tmp_path / "worksheet.csv").write_text("Identifier,Full name,Email address,Status,Grade\n"
                                            "Participant 123,Victim Name,victim@x.edu,,\n"
                                            "Participant 124,Other Person,other@x.edu,,\n")
    learners = {learner.entry or learner.name: learner for learner in read_roster(
        roster, CHALLENGES[:1], Spool(), class_list=read_class_list(tmp_path / "worksheet.csv"))}
    impostor = learners["Victim Name_999_assignsubmission_file/"]
    assert impostor.identity["listed"] is False and "its participant id differs" in impostor.identity["note"]
    assert learners["Other Person_124_assignsubmission_file/"].name == "Other Person"
    assert "no entry in the roster" in learners["Victim Name"].problem


def test_staff_on_a_gradescope_roster_are_no_learners_with_no_entry_nor_rows_of_an_lms_gradebook(tmp_path):
    from grader.classroom.lms_gradebooks import STAFF, Writers

    export = tmp_path / "export"
    metadata = ""
    for folder, name, email in (("submission_1", "Ada Lovelace", "ada@uni.example"),
                                ("submission_2", "Tina Teacher", "tina@uni.example")):   # a TA tries the assignment
        (export / folder).mkdir(parents=True)
        (export / folder / "main.py").write_text(f"# {folder}\n")
        metadata += f"{folder}:\n  :submitters:\n  - :name: {name}\n    :sid: ''\n    :email: {email}\n"
    (export / "submission_metadata.yml").write_text(metadata)
    (tmp_path / "roster.csv").write_text(
        "First Name,Last Name,SID,Email,Role,Sections\nAda,Lovelace,1001,ada@uni.example,Student,\n"
        "Noah,Nosub,1002,noah@uni.example,Student,\nTina,Teacher,,tina@uni.example,TA,\n"
        "Ian,Instructor,,ian@uni.example,Instructor,\nRita,Reader,,rita@uni.example,Reader,\n")
    learners = list(read_roster(export, CHALLENGES[:1], Spool(), class_list=read_class_list(tmp_path / "roster.csv")))
    assert [(learner.name, bool(learner.entry)) for learner in learners] == [
        ("Ada Lovelace", True), ("Tina Teacher", True), ("Noah Nosub", False)]
    tina = learners[1]
    assert tina.identity["staff"] is True and tina.identity["role"] == "TA" and "staff" not in learners[0].identity
    challenge = CHALLENGES[0]
    with Writers(tmp_path, ["canvas", "moodle"], [challenge], {challenge.name: 10}) as writers:
        for learner in learners:
            writers.add(learner.name, learner.identity, [""], None)
    assert writers.exported["moodle"]["left_out"] == [("Tina Teacher", STAFF)]
    # No learner of the download has a grade: no file is written, rather than one of Tina's row.
    assert not (tmp_path / "gradebook-moodle.csv").exists()


def _named_by_classroom(tmp_path, usernames, folders, assignment="", roster_name="roster", remembered="",
                        cloned=False):
    """The learners of a GitHub Classroom clone holding `folders` (each holding .git, `cloned`), named by a class list
    of `usernames` (each user u is called "U Person"); {entry or the listed name: Learner}."""
    roster = tmp_path / roster_name
    for folder in folders:
        write_learner(roster, folder, {f"challenges/{FIRST}/main.py": f"# {folder}\n".encode()}, False)
        if cloned:
            (roster / folder / ".git").mkdir()
    class_list = tmp_path / "classroom_roster.csv"
    class_list.write_text("identifier,github_username,github_id,name\n" + "".join(
        f"{username}@uni.example,{username},{number},{username.title()} Person\n"
        for number, username in enumerate(usernames, 1)))
    learners = read_roster(roster, CHALLENGES[:1], Spool(), class_list=read_class_list(class_list),
                           assignment=assignment, remembered=remembered)
    return {learner.entry or learner.name: learner for learner in learners}


@pytest.mark.parametrize("told", ["--assignment", "clones-folder"])
@pytest.mark.parametrize("usernames, folders", [
    (["alice", "bob", "carol"], ["hw1-evil-alice", "hw1-evil-bob", "hw1-carol"]),   # more impostors than clones
    (["jane", "ann", "carol"], ["mary-jane", "mary-ann", "hw1-carol"]),             # more folders of another start
], ids=["impostors", "other-start"])
def test_the_assignment_named_for_the_clones_decides_which_folders_are_clones(tmp_path, told, usernames, folders):
    """Guessed from the folders' names, the assignment is the start most of them share before a listed username
    (hw1-evil, mary), and those folders take the rows silently. Named (--assignment hw1, or the folder
    hw1-submissions that `gh classroom clone student-repos` makes), only hw1's clones match by their usernames; a
    folder of another start matches by the end of its name alone, noted for the instructor to check."""
    told_by = {"assignment": "hw1"} if told == "--assignment" else {"roster_name": "hw1-submissions"}
    learners = _named_by_classroom(tmp_path, usernames, folders, **told_by)
    carol = learners["hw1-carol/"]
    assert carol.name == "Carol Person" and "matched_by" not in carol.identity
    for folder in folders[:2]:
        other = learners[f"{folder}/"]
        assert other.identity["listed"] is False or other.identity["matched_by"] == "suffix", other.identity
    if folders[0].startswith("hw1-"):
        assert {learners[f"{username.title()} Person"].problem[:20] for username in usernames[:2]} == {
            "no entry in the rost"}


@pytest.mark.parametrize("roster_name, folders", [
    ("lab-submissions", ["hw1-alice", "hw1-bob"]),
    ("challenge-1-submissions", ["challenge-1-forward-pass-alice", "challenge-1-forward-pass-bob"]),
], ids=["another-name", "a-start-of-the-name"])
def test_a_clones_folder_no_listed_user_s_clone_is_named_for_leaves_the_assignment_to_the_folders_names(
        tmp_path, roster_name, folders):
    # The slug GitHub's CLI names the folder by need not be the start of the repositories' names, nor all of it.
    learners = _named_by_classroom(tmp_path, ["alice", "bob"], folders, roster_name=roster_name)
    alice, bob = (learners[f"{folder}/"] for folder in folders)
    assert alice.name == "Alice Person" and "matched_by" not in alice.identity and bob.name == "Bob Person"


def test_an_earlier_run_s_assignment_counts_only_where_a_listed_user_s_clone_is_named_for_it(tmp_path):
    folders = ["challenge-1-retake-alice", "challenge-1-retake-bob"]   # challenge-1's retake, not challenge-1
    learners = _named_by_classroom(tmp_path, ["alice", "bob"], folders, remembered="challenge-1")
    assert [learners[f"{folder}/"].name for folder in folders] == ["Alice Person", "Bob Person"]


@pytest.mark.parametrize("roster_name, folders", [
    ("hw1-submissions", ["hw1-alice", "hw0-alice", "hw1-bob"]),     # a leftover clone of an earlier assignment
    ("week1-submissions", ["alice", "week1-alice", "bob"]),         # a learner's upload named as a clone
], ids=["leftover-clone", "upload-named-as-a-clone"])
def test_a_folder_named_as_a_clone_outweighs_no_other_entry_of_the_same_learner(tmp_path, roster_name, folders):
    """A folder named <assignment>-<username> that holds .git may be a learner's upload as well as GitHub's clone:
    against another entry ending in or named for the same username it weighs the same, and neither gets the row."""
    learners = _named_by_classroom(tmp_path, ["alice", "bob"], folders, roster_name=roster_name, cloned=True)
    assert [learners[f"{folder}/"].identity["listed"] for folder in folders[:2]] == [False, False]
    assert "match this learner equally well" in learners["Alice Person"].problem


def test_a_clones_folder_named_for_another_assignment_outranks_the_one_an_earlier_run_was_given(tmp_path):
    """An earlier run's --assignment hw1, into the report of hw2's clones: hw2-submissions names them."""
    folders = ["hw2-alice", "hw2-evil-alice", "hw2-bob", "hw1-carol"]     # and a stray clone of hw1
    learners = _named_by_classroom(tmp_path, ["alice", "bob", "carol"], folders, roster_name="hw2-submissions",
                                   remembered="hw1")
    assert learners["hw2-alice/"].name == "Alice Person" and learners["hw2-bob/"].name == "Bob Person"
    assert learners["hw2-evil-alice/"].identity["listed"] is False
    assert learners["hw1-carol/"].identity["matched_by"] == "suffix"
    # Without a folder of its name, the earlier run's assignment is used where this roster holds its clones.
    learners = _named_by_classroom(tmp_path / "again", ["alice", "bob"], ["hw1-alice", "hw1-bob"], remembered="hw1")
    assert learners["hw1-alice/"].name == "Alice Person"


def test_a_clone_s_username_is_cut_where_the_assignment_ends_however_case_folding_spells_it():
    from grader.classroom.identity import clone_usernames
    from grader.classroom.roster import Learner

    learners = [Learner(name=folder, entry=f"{folder}/", identity={"folder": folder})
                for folder in ("Straße-bob", "STRASSE-Alice")]
    assert sorted(clone_usernames(learners, "STRASSE").values()) == ["Alice", "bob"]


def test_clones_with_no_class_list_are_named_by_the_username_after_the_assignment_named(tmp_path):
    roster = tmp_path / "roster"
    for folder in ("hw1-alice", "hw1-Bob-2", "old-alice"):
        write_learner(roster, folder, {f"challenges/{FIRST}/main.py": f"# {folder}\n".encode()}, False)
        (roster / folder / ".git").mkdir()
    named = {learner.entry: learner.name for learner in read_roster(roster, CHALLENGES[:1], Spool(), assignment="HW1")}
    assert named == {"hw1-alice/": "alice", "hw1-Bob-2/": "Bob-2", "old-alice/": "old-alice"}
    # Beside an entry that is no clone, a username could be another entry's name (bob.py): folders keep theirs.
    (roster / "bob-2.py").write_text("# a late file, e-mailed\n")
    named = {learner.entry: learner.name for learner in read_roster(roster, CHALLENGES[:1], Spool(), assignment="HW1")}
    assert named["hw1-Bob-2/"] == "hw1-Bob-2" and named["bob-2.py"] == "bob-2"


@pytest.mark.parametrize("impostor", ["hw1-evil-alice", "hw1-0-alice"])   # sorts after alice's clone, and before
def test_a_clone_named_exactly_for_a_username_outranks_one_whose_name_merely_ends_in_it(tmp_path, impostor):
    learners = _named_by_classroom(tmp_path, ["alice", "bob"], ["hw1-alice", impostor, "hw1-bob"])
    alice, other = learners["hw1-alice/"], learners[f"{impostor}/"]
    assert alice.name == "Alice Person" and "matched_by" not in alice.identity
    assert other.name == impostor and other.identity["listed"] is False
    assert "ends in alice, the GitHub username of Alice Person" in other.identity["note"]
    assert learners["hw1-bob/"].name == "Bob Person" and "Alice Person" not in {
        learner.name for learner in learners.values() if not learner.entry}


def test_a_username_that_is_the_assignment_and_another_username_claims_only_its_own_clone(tmp_path):
    """GitHub user hw1-alice's clone of hw1 is hw1-hw1-alice; alice's is hw1-alice, read as alice's alone, never also
    as user hw1-alice's, which would leave alice's row without her grade."""
    learners = _named_by_classroom(tmp_path, ["alice", "hw1-alice", "bob"], ["hw1-alice", "hw1-hw1-alice", "hw1-bob"])
    assert learners["hw1-alice/"].name == "Alice Person" and learners["hw1-alice/"].identity["listed"] is True
    assert learners["hw1-hw1-alice/"].name == "Hw1-Alice Person"
    assert learners["hw1-bob/"].name == "Bob Person"
    assert all(learner.entry for learner in learners.values())


@pytest.mark.parametrize("assignment", ["hw1", "hw-1"])
def test_a_clone_of_the_assignment_for_an_unlisted_username_takes_no_row_whatever_its_name_ends_in(tmp_path,
                                                                                                  assignment):
    """alice has no clone; GitHub user evil-alice's clone of the assignment ends in alice and is still not hers."""
    learners = _named_by_classroom(tmp_path, ["alice", "bob"], [f"{assignment}-evil-alice", f"{assignment}-bob"])
    row = learners[f"{assignment}-evil-alice/"]
    assert row.name == f"{assignment}-evil-alice" and row.identity["listed"] is False
    assert row.identity["note"] == (f"its folder's name ends in alice, the GitHub username of Alice Person on the "
                                    f"class list, but it is the clone of {assignment} of GitHub user evil-alice, who "
                                    "is not on the class list: check whose repository this is")
    assert "no entry in the roster" in learners["Alice Person"].problem
    assert learners[f"{assignment}-bob/"].name == "Bob Person"


def test_folders_named_by_usernames_each_get_their_own_row_though_one_username_ends_in_another(tmp_path):
    """mary-jane is a username of the list, not jane's clone of an assignment "mary": one folder's name makes no
    assignment."""
    learners = _named_by_classroom(tmp_path, ["alice", "jane", "mary-jane"], ["alice", "jane", "mary-jane"])
    assert {entry: learners[entry].name for entry in ("alice/", "jane/", "mary-jane/")} == {
        "alice/": "Alice Person", "jane/": "Jane Person", "mary-jane/": "Mary-Jane Person"}


def test_a_folder_named_for_a_classmate_s_username_takes_no_row_from_the_classmate_s_own_folder(tmp_path):
    """A learner who names their entry hw-alice, as a clone of alice's would be: what an entry's name says weighs as
    a name, so alice's row goes to neither."""
    learners = _named_by_classroom(tmp_path, ["alice", "mallory"], ["alice", "hw-alice", "mallory"])
    row = learners["Alice Person"]
    assert not row.entry and "alice/" in row.problem and "hw-alice/" in row.problem
    assert learners["hw-alice/"].identity["listed"] is False and learners["alice/"].identity["listed"] is False
    assert learners["mallory/"].name == "Mallory Person"


def test_a_folder_not_named_for_the_assignment_gets_the_row_its_name_ends_in_with_a_note_to_check(tmp_path):
    from grader.classroom.pages import class_list_note

    learners = _named_by_classroom(tmp_path, ["alice", "bob", "carol"], ["old-copy-alice", "hw1-bob", "hw1-carol"])
    row = learners["old-copy-alice/"]
    assert row.name == "Alice Person" and row.identity["matched_by"] == "suffix"
    assert row.identity["entry_name"] == "old-copy-alice"
    note = class_list_note(row.identity)
    assert "by the end of its folder's name alone (old-copy-alice ends in alice" in note and "check" in note
    assert "matched_by" not in learners["hw1-bob/"].identity


@pytest.mark.parametrize("others", [[], ["hw-1-jane"]], ids=["alone", "beside-jane"])
def test_usernames_and_assignments_with_hyphens_match_exactly(tmp_path, others):
    """mary-jane's clone of hw-1 is hw-1-mary-jane: it is hers, not jane's (nor 1-mary-jane's), and says nothing."""
    learners = _named_by_classroom(tmp_path, ["mary-jane", "jane", "bob", "1-mary-jane"],
                                   ["hw-1-mary-jane", "hw-1-bob", *others])
    mary = learners["hw-1-mary-jane/"]
    assert mary.name == "Mary-Jane Person" and "matched_by" not in mary.identity
    assert learners["hw-1-bob/"].name == "Bob Person"
    if others:
        assert learners["hw-1-jane/"].name == "Jane Person" and "matched_by" not in learners["hw-1-jane/"].identity
    else:
        assert "no entry in the roster" in learners["Jane Person"].problem
    assert "no entry in the roster" in learners["1-Mary-Jane Person"].problem


def test_a_lone_clone_matches_the_longest_listed_username_its_name_ends_in(tmp_path):
    learners = _named_by_classroom(tmp_path, ["mary-jane", "jane"], ["hw-1-mary-jane"])
    assert learners["hw-1-mary-jane/"].name == "Mary-Jane Person"
    assert "no entry in the roster" in learners["Jane Person"].problem


@pytest.mark.parametrize("folders, names", [
    (["hw-1-mary-jane", "hw-1-bob", "hw-1-carol"], ["mary-jane", "bob", "carol"]),
    (["hw1-alice", "HW1-bob"], ["alice", "bob"]),
    (["hw1-alice", "hw2-bob"], ["hw1-alice", "hw2-bob"]),     # no one assignment
    (["hw1-alice", "bob"], ["hw1-alice", "bob"]),
    (["hw1-alice"], ["hw1-alice"]),                          # one clone cannot tell its assignment from its user
    (["hw1-alice", "hw1-alice-b"], ["alice", "alice-b"]),
    (["learner-1", "learner-2"], ["learner-1", "learner-2"]),   # numbered folders, not usernames
], ids=["hyphens", "case", "two-assignments", "one-not-a-clone", "alone", "one-a-prefix-of-the-other", "numbered"])
def test_clones_with_no_class_list_are_named_by_their_usernames(tmp_path, folders, names):
    """GitHub Classroom names each clone <assignment>-<username>: without a class list, the learner is the username;
    the entry keeps the folder's whole name, which grades.csv gives. Folders that are no clones keep their names."""
    roster = tmp_path / "roster"
    for number, folder in enumerate(folders):
        write_learner(roster, folder, {f"challenges/{FIRST}/main.py": f"# {folder}\n".encode()}, False)
        # A clone holds .git; a download of one from GitHub, the workflow's .github.
        (roster / folder / (".git" if number % 2 else ".github")).mkdir()
    learners = {learner.entry: learner.name for learner in read_roster(roster, CHALLENGES[:1], Spool())}
    assert learners == {f"{folder}/": name for folder, name in zip(folders, names)}
    # Without either, folders of a class named <something>-<name> are not taken for clones.
    plain = tmp_path / "plain"
    for folder in ("alice-smith", "alice-jones", "alice-brown"):
        write_learner(plain, folder, {f"challenges/{FIRST}/main.py": b"x = 1\n"}, False)
    assert sorted(learner.name for learner in read_roster(plain, CHALLENGES[:1], Spool())) == [
        "alice-brown", "alice-jones", "alice-smith"]


def test_a_stub_with_other_comments_and_layout_is_untouched_and_one_changed_value_is_not(tmp_path):
    roster, (challenge,) = tmp_path / "roster", [c for c in load_challenges(find_root()) if c.name == BACKPROP]
    shipped = stub(BACKPROP).read_text()
    relaid = ("# my notes before starting\n\n" + shipped.replace("\nclass ", "\n\n# read chapter 9 first\nclass ")
              + "\n# nothing done yet\n")
    # The same number written as a float: equal in Python, a different program text.
    number = next(node for node in ast.walk(ast.parse(shipped))
                  if isinstance(node, ast.Constant) and type(node.value) is int)
    lines = shipped.splitlines(keepends=True)
    line = lines[number.lineno - 1]
    lines[number.lineno - 1] = f"{line[:number.col_offset]}{number.value}.0{line[number.end_col_offset:]}"
    # Python reads identifiers in NFKC form and source in its declared coding: the same tree, spelt otherwise.
    name = next(node.id for node in ast.walk(ast.parse(shipped)) if isinstance(node, ast.Name) and node.id[0].isalpha()
                and len(re.findall(node.id, shipped)) == len(re.findall(rf"\b{node.id}\b", shipped)))
    fullwidth = re.sub(rf"\b{name}\b", chr(ord(name[0]) + 0xFEE0) + name[1:], shipped)
    utf7 = re.sub(rb"\b" + name.encode() + rb"\b", b"+" + base64.b64encode(name[0].encode("utf-16-be")).rstrip(b"=")
                  + b"-" + name[1:].encode(), ("# coding: utf-7\n" + shipped).encode("utf-7"))
    assert utf7.isascii() and name.encode() not in utf7
    assert ast.dump(ast.parse(utf7)) == ast.dump(ast.parse(fullwidth)) == ast.dump(ast.parse(shipped))
    files = {"relaid": relaid.encode(), "changed": "".join(lines).encode(), "solved": solution(BACKPROP).read_bytes(),
             "fullwidth": fullwidth.encode(), "utf7": utf7}
    for learner, data in files.items():
        write_learner(roster, learner, {f"challenges/{BACKPROP}/main.py": data}, False)
    assert {learner.name: learner.submissions[0].untouched
            for learner in read_roster(roster, [challenge], Spool())} == {
        "relaid": True, "changed": False, "solved": False, "fullwidth": True, "utf7": True}


def test_an_entry_holding_an_archive_and_no_main_py_says_the_files_may_be_in_it(tmp_path):
    """An archive inside a learner's folder or archive is not opened: where nothing else is there to grade, the row
    says the files may be in it."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr(f"challenges/{BACKPROP}/main.py", solution(BACKPROP).read_bytes())
    roster = tmp_path / "roster"
    write_learner(roster, "ada", {"work.zip": inner.getvalue()}, False)
    write_learner(roster, "bob", {"work.zip": inner.getvalue()}, True)
    challenge = next(challenge for challenge in load_challenges(find_root()) if challenge.name == BACKPROP)
    for learner in read_roster(roster, [challenge], Spool()):
        assert "It holds an archive, work.zip, which is not opened inside it" in learner.problem, learner.problem


def test_syntax_trees_compare_as_their_dumps_do():
    # 1 == 1.0 == True in Python, but not in a syntax tree: the comparison must tell them apart as ast.dump does.
    texts = ["x = 1", "x = 1.0", "x = True", "x = (1)", "x = 1  # one", "y = 1", "x = [1, 2]", "x = [1]",
             "def f(a, b=2):\n    return a", "def f(a, b=2.0):\n    return a", "def f(a, *, b=2):\n    return a",
             *(path.read_text() for challenge in CHALLENGES for path in (stub(challenge.name),
                                                                         solution(challenge.name)))]
    trees = [ast.parse(text) for text in texts]
    for one in trees:
        for other in trees:
            assert same_tree(one, other) == (ast.dump(one) == ast.dump(other))


# Each text with a respelling of the same syntax tree: the places where a quick reading of Python could go wrong.
RESPELT = [
    ("f(*a, b=1)", "f(b=1, *a)"),
    ("x = 1..__class__ + 1.0._y + 1 ._z", "x = (1.).__class__ + (1.)._y + (1)._z"),
    ("x = 1.e5 + 1.j + 0x_1f", "x = 100000.0 + 1j + 31"),
    ("if'x'in y:pass", "if 'x' in y:\n    pass"),
    ("x = 0x1f + 0o17 + 0b1_0 + 1_000.5e-3j", "x = 31 + 15 + 2 + 1000.5e-3j"),
    ("x = a + \\\n    b if y else\\\n2", "x = (a + b if y else 2)"),
    (r"s = r'\'' ; t = rb'a#b'", "s = \"\\\\'\"\nt = b'a#b'"),
    ("s = 'a\\\nb'  # c", "s = 'ab'"),
    ("s = 'a\\\r\nb'\r\n", "s = 'ab'"),
    ("s = '''it's ''' \"\"\"a\"\"b\"\"\"", "s = \"it's a\\\"\\\"b\""),
    ("s = f'{x!r:>{width}}' F\"{y}\"", "s = f\"{x!r:>{width}}{y}\""),
    ("if a:\n    pass\nelif b:\n    pass", "if a:\n    pass\nelse:\n    if b:\n        pass"),
    ("match x:\n    case _:\n        pass", "match(x):\n    case (_):\n        pass"),
    ("x = 'été'  # été", "x = '\\xe9t\\xe9'"),
]


def _names_by_tokenize(text):
    return collections.Counter(token.string for token in tokenize.generate_tokens(io.StringIO(text).readline)
                               if token.type == tokenize.NAME and token.string not in keyword.kwlist)


def _course_texts():
    root = find_root()
    return [path.read_text(encoding="utf-8") for folder in ("challenges", "solutions", "reference")
            for path in sorted((root / folder).rglob("*.py"))]


def test_identifiers_are_counted_as_pythons_tokenizer_reads_them():
    for text in [*_course_texts(), *(text for pair in RESPELT for text in pair)]:
        counts = identifier_counts(text.encode())
        assert counts is None or counts == _names_by_tokenize(text.replace("\r\n", "\n")), text[:80]


def test_texts_with_the_same_syntax_tree_count_the_same_identifiers():
    # The quick reading may only tell that a file is not the stub: every respelling of a tree must read alike.
    pairs = [*RESPELT, *((text, ast.unparse(ast.parse(text))) for text in _course_texts())]
    for one, other in pairs:
        assert ast.dump(ast.parse(one)) == ast.dump(ast.parse(other)), one[:80]
        counts = [identifier_counts(text.encode()) for text in (one, other)]
        assert None in counts or counts[0] == counts[1], one[:80]


def test_texts_the_quick_reading_cannot_trust_are_left_to_the_parser():
    assert identifier_counts("café = 1".encode()) is None           # NFKC may spell the same name otherwise
    assert identifier_counts("a·b = 1".encode()) is None            # one identifier, to the parser
    assert identifier_counts(b"# coding: latin-1\nx = 1") is None   # the parser decodes the bytes otherwise
    assert identifier_counts(b"x = '\xff'") is None                 # not UTF-8


def _relaid(text, chooser):
    """`text` with comments, blank lines and blanks at line ends put in at random places: some inside strings (or
    after a backslash, or on a line of an expression in brackets), where they change the syntax tree or break it."""
    lines = text.split("\n")
    for _ in range(6):
        at = chooser.randrange(len(lines))
        lines[at] += chooser.choice(["  # a note", "\t", "   ", "# it's \"quoted\"", "\n", "\n\n    # c\n"])
    return "\n".join(lines)


def _tree_or_none(text):
    try:
        return ast.dump(ast.parse(text))
    except SyntaxError:
        return None


def test_texts_of_the_same_code_only_text_have_the_same_syntax_tree():
    # The quick reading may tell that a file is the stub or the solution without parsing it: any two texts it reads
    # alike must parse to the same tree (never one that does not parse at all).
    import random

    chooser = random.Random(7)
    texts = [text for pair in RESPELT for text in pair]
    for text in _course_texts():
        texts += [text, text + "\n# learner-0001\n", "\n\n" + text.rstrip("\n") + "  # done"]
        texts += [_relaid(text, chooser) for _ in range(8)]
    by_code = collections.defaultdict(set)
    for text in texts:
        code = code_only(text.encode())
        if code is not None:
            by_code[code].add(text)
    for code, alike in by_code.items():
        trees = {_tree_or_none(text) for text in alike}
        assert len(alike) == 1 or (len(trees) == 1 and None not in trees), code[:80]
    # And it does read a copy with a comment and blank lines more as the file itself.
    for text in _course_texts():
        assert code_only(text.encode()) == code_only(("# mine\n\n" + text + "\n\n# learner-0001  \n").encode())


def test_what_the_code_only_reading_takes_out():
    assert code_only(b"x = 1  # one\n\n\n\t\ny = '#2'  \n") == "x = 1\ny = '#2'"
    assert code_only(b"if a:\n    # why\n\n    b = 1\n") == "if a:\n    b = 1"
    assert code_only(b"x = (1 +  # one\n     2)\n") == "x = (1 +\n     2)"
    assert code_only(b"x = 1 + \\\n\n2") == "x = 1 + \\\n\n2"   # not a blank line: the backslash joins it
    assert code_only(b's = """a\n\n# b  \n"""\n') == 's = """a\n\n# b  \n"""'
    assert code_only(b"# coding: latin-1\nx = 1") is None


def test_a_text_of_unclosed_quotes_is_read_in_one_pass():
    # Each unclosed string runs to the end of its line or of the text; retrying from every quote would take hours.
    for unit in (b'"\\', b"'''\\", b"r'"):
        assert identifier_counts(unit * 300_000) is not None


def test_the_stub_is_told_apart_as_a_whole_comparison_of_syntax_trees_does():
    challenges = load_challenges(find_root())
    stubs = StubShapes(challenges)
    for challenge in challenges:
        shipped = challenge.shipped_stub.read_bytes()
        solved = solution(challenge.name).read_text()
        tree = ast.parse(shipped)
        for text in [shipped, shipped + b"\n# done?\n", ast.unparse(tree).encode(), shipped + b"\nx = 1\n",
                     solved.encode()]:
            assert stubs.is_stub(challenge, text) == same_tree(ast.parse(text), tree), challenge.name
        # Each a solution with a mistake planted, so not the stub: parsing them all for the comparison would take
        # the most of this test's time.
        for name, replacements, *_ in PLANTED:
            assert name != challenge.name or not stubs.is_stub(challenge, _planted(solved, replacements).encode())


def test_a_course_file_python_cannot_read_is_no_learner_s_file(tmp_path):
    # A course file is read only as far as a comparison needs; one that does not parse still matches nothing, not
    # even its own bytes or a copy of them with a comment, as when every file was parsed first.
    broken = b"class Layer_Dense:\n    def forward(self, inputs)\n        pass\n"
    (tmp_path / OTHER_STUBS / "challenge_9").mkdir(parents=True)
    (tmp_path / OTHER_STUBS / "challenge_9" / "main.py").write_bytes(broken)
    (tmp_path / OTHER_STUBS / "challenge_10").mkdir()
    (tmp_path / OTHER_STUBS / "challenge_10" / "main.py").write_bytes(b"x = 1\n")
    others = OtherStubs(tmp_path)
    for data in (broken, b"# mine\n" + broken, broken.replace(b"pass", b"pass  # done")):
        assert not others.holds(data)
    assert others.holds(b"x = 1\n") and others.holds(b"# mine\nx = 1  # one\n") and others.holds(b"x = (1)\n")
    assert not others.holds(b"x = 2\n")


def test_an_empty_stub_or_solution_of_the_course_is_no_learner_s_file():
    """A course file of no bytes (a solution emptied by hand) is read as any other: it matches only a file that holds
    no code either."""
    class Emptied:
        name = "challenge_3_activations"

        def read_shipped(self):
            return b""

        def read_solution(self):
            return b""

    stubs = StubShapes([Emptied()])
    assert not stubs.is_stub(Emptied(), b"x = 1\n") and not stubs.is_solution(Emptied(), b"x = 1\n")
    for data in (b"", b"# mine\n"):
        assert stubs.is_stub(Emptied(), data) and stubs.is_solution(Emptied(), data)


def test_the_course_s_solution_is_told_as_python_reads_it_and_never_in_a_file_python_refuses():
    """Saved with a byte-order mark, or with a coding line, the solution is still the solution; with a NUL byte in a
    comment it is a file Python refuses, which scores nothing, so it is not called the solution."""
    stubs, right = StubShapes(CHALLENGES[:1]), solution(FIRST).read_bytes()
    for data in (right, b"\xef\xbb\xbf" + right, b"# -*- coding: latin-1 -*-\n" + right, right.replace(b"\n", b"\r\n")):
        assert stubs.is_solution(CHALLENGES[0], data), data[:40]
    for data in (right + b"\n# \x00\n", b"\xef\xbb\xbf# -*- coding: latin-1 -*-\n" + right):
        assert not stubs.is_solution(CHALLENGES[0], data), data[:40]


# Each before or after the solution's code, outside its strings.
@pytest.mark.parametrize("change", [
    lambda right: right + b"\n# \x00\n", lambda right: b"# \x00 mine\n" + right, lambda right: right + b"#\x00",
    lambda right: right.replace(b"\n", b"\r"), lambda right: b"\x0c\n\x0c# mine\n" + right + b"\n\x0c\n",
    lambda right: b"\t  # mine\n  \t\n" + right + b"\n\t  # a comment at no indentation of its own\n  \t\n",
    lambda right: b"  \t \n" + right.rstrip(b"\n") + b"   \t\n   \t\n", lambda right: right + b"\n# caf\xc3\xa9 \\\n",
    lambda right: b"#!/usr/bin/env python3\n\n\n" + right + b"\n\n   \n# end",
    lambda right: b"\xef\xbb\xbf# \xe2\x80\xae mine\n" + right + b"  # \\ \xe2\x80\x8b\n# \xed\xa0\x80\n"])
def test_a_solution_changed_in_comments_and_layout_alone_is_the_solution_where_python_compiles_it(change):
    """Python compiles the solution once, not each file: a file of the same code but for comments and layout is the
    solution exactly where Python compiles the file itself."""
    stubs, data = StubShapes(CHALLENGES[:1]), change(solution(FIRST).read_bytes())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, "main.py", "exec", dont_inherit=True)
        compiles = True
    except (SyntaxError, ValueError):
        compiles = False
    assert stubs.is_solution(CHALLENGES[0], data) == compiles, data[:40]


def _planted(source, replacements):
    for old, new in replacements:
        source = source.replace(old, new, 1)
    return source
