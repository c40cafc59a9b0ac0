"""Reading a roster's untrusted entries: what is found, what is refused, and that nothing is written."""
import ast
import base64
import os
import re
import zipfile

import pytest

from classroom import roster_digest, write_learner
from grader.course import find_root, load_challenges
from grader.classroom.roster import MAX_FILE_BYTES, read_roster, same_tree
from helpers import solution, stub

CHALLENGES = load_challenges(find_root())[:2]
FIRST = CHALLENGES[0].name
BACKPROP = "challenge_5_backprop"   # its stub is plain ASCII


def _read(roster, tmp_path):
    return {learner.name: learner for learner in read_roster(roster, CHALLENGES, tmp_path / "staging")}


@pytest.mark.parametrize("layout", ["challenges/{name}/main.py", "{name}/main.py",
                                    "alice-main/challenges/{name}/main.py", "alice-main/{name}/main.py"])
@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_each_layout_finds_the_submission(tmp_path, layout, as_zip):
    roster = tmp_path / "roster"
    write_learner(roster, "alice", {layout.format(name=FIRST): b"x = 1\n"}, as_zip)
    alice = _read(roster, tmp_path)["alice"]
    first, second = alice.submissions
    assert first.path.read_bytes() == b"x = 1\n" and first.origin.endswith(layout.format(name=FIRST))
    assert second.path is None and second.problem.startswith("no submission")
    assert not alice.problem


def test_staged_copies_are_graded_and_the_roster_is_left_alone(tmp_path):
    roster = tmp_path / "roster"
    write_learner(roster, "bob", {f"challenges/{FIRST}/main.py": b"y = 2\n"}, False)
    before = roster_digest(roster)
    bob = _read(roster, tmp_path)["bob"]
    assert tmp_path / "staging" in bob.submissions[0].path.parents
    assert roster_digest(roster) == before


def test_a_main_py_too_large_is_refused(tmp_path):
    roster = tmp_path / "roster"
    write_learner(roster, "big", {f"challenges/{FIRST}/main.py": b"#" * (MAX_FILE_BYTES + 1)}, True)
    write_learner(roster, "huge", {f"challenges/{FIRST}/main.py": b"#" * (MAX_FILE_BYTES + 1)}, False)
    learners = _read(roster, tmp_path)
    assert "more than 1 MiB" in learners["big"].submissions[0].problem
    assert "larger than 1 MiB" in learners["huge"].submissions[0].problem


def test_a_member_twice_in_one_archive_is_refused(tmp_path):
    roster = tmp_path / "roster"
    roster.mkdir()
    with pytest.warns(UserWarning), zipfile.ZipFile(roster / "carol.zip", "w") as archive:
        archive.writestr(f"challenges/{FIRST}/main.py", "a = 1")
        archive.writestr(f"challenges/{FIRST}/main.py", "a = 2")
    assert "twice" in _read(roster, tmp_path)["carol"].problem


def test_a_link_inside_a_folder_is_refused(tmp_path):
    roster = tmp_path / "roster"
    (roster / "dave").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere" / FIRST
    elsewhere.mkdir(parents=True)
    (elsewhere / "main.py").write_text("secret = 1")
    os.symlink(elsewhere.parent, roster / "dave" / "challenges")
    dave = _read(roster, tmp_path)["dave"]
    assert "symbolic link" in dave.submissions[0].problem and dave.submissions[0].path is None


def test_a_learner_folder_that_is_a_link_is_refused(tmp_path):
    roster = tmp_path / "roster"
    write_learner(tmp_path / "real", "erin", {f"challenges/{FIRST}/main.py": b"z = 3\n"}, False)
    roster.mkdir()
    os.symlink(tmp_path / "real" / "erin", roster / "erin")
    assert "symbolic link" in _read(roster, tmp_path)["erin"].problem


def test_names_differing_only_in_case_are_one_learner(tmp_path):
    roster = tmp_path / "roster"
    write_learner(roster, "Frank", {f"challenges/{FIRST}/main.py": b"a = 1\n"}, False)
    write_learner(roster, "frank", {f"challenges/{FIRST}/main.py": b"a = 2\n"}, True)
    learners = list(read_roster(roster, CHALLENGES, tmp_path / "staging"))
    assert len(learners) == 1 and "keep only one" in learners[0].problem


def test_a_folder_name_that_is_not_utf8_is_refused(tmp_path):
    roster = tmp_path / "roster"
    roster.mkdir()
    os.mkdir(os.path.join(os.fsencode(roster), b"gr\xe9ta"))
    (learner,) = read_roster(roster, CHALLENGES, tmp_path / "staging")
    assert "not valid UTF-8" in learner.problem


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
            for learner in read_roster(roster, [challenge], tmp_path / "staging")} == {
        "relaid": True, "changed": False, "solved": False, "fullwidth": True, "utf7": True}


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
