"""Class rosters for `grade report`: learners made of solutions, stubs, planted mistakes and bad entries."""
import contextlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import CHALLENGES, ROOT, learners_own, solution, stub
from planted_mistakes import PLANTED

SEED = CHALLENGES[:5]
HANG = ("challenge_4_loss_debug", [('    """The fraction of samples whose most likely class is the true class."""\n',
                                     '    """The fraction of samples whose most likely class is the true class."""\n'
                                     "    while True:\n        pass\n")])


def _planted_source(challenge, replacements):
    source = solution(challenge).read_text()
    for old, new in replacements:
        assert old in source, f"{old!r} is not in the solution of {challenge}"
        source = source.replace(old, new, 1)
    return source


def _files(sources, layout, tag):
    """{path inside the learner's entry: bytes}; `tag` makes every learner's files distinct."""
    prefix = {"challenges": "challenges/", "flat": "", "wrapped": "repo-main/challenges/"}[layout]
    return {f"{prefix}{challenge}/main.py": (source + f"\n# {tag}\n").encode() for challenge, source in sources.items()}


def write_learner(roster, name, files, as_zip):
    roster.mkdir(parents=True, exist_ok=True)
    if as_zip:
        with zipfile.ZipFile(roster / f"{name}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            for path, data in files.items():
                archive.writestr(path, data)
    else:
        for path, data in files.items():
            target = roster / name / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _raw_zip(path, members):
    """A zip written member by member, for archives zipfile refuses to make: (name bytes, data, flags, mode)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            archive.writestr(info, data)


class _Latin1Name(zipfile.ZipInfo):
    """A member whose name is stored as Latin-1 bytes, without the flag that would say UTF-8."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("latin-1"), self.flag_bits


def planted_learner(check_id, words):
    """The name build_class gives the learner whose file holds the PLANTED mistake caught by `check_id` with
    `words` in its message."""
    index = next(index for index, row in enumerate(PLANTED) if row[2] == check_id and words in row[5])
    return f"planted-{index:02d}"


def build_class(roster, challenges=SEED, size=None):
    """Write a roster and return {learner: {challenge: expectation}}.

    An expectation is ("full",), ("zero",), ("planted", check id, words), ("timeout", check id)
    or ("problem", words in the reason).
    """
    roster.mkdir(parents=True, exist_ok=True)
    expected = {}
    solved = {challenge: learners_own(challenge) for challenge in challenges}
    layouts = ["challenges", "flat", "wrapped"]
    number = 0

    def add(name, sources, as_zip, expectation):
        nonlocal number
        number += 1
        write_learner(roster, name, _files(sources, layouts[number % 3], name), as_zip)
        expected[name] = expectation

    for index in range(size or 8):
        add(f"solved-{index:03d}", solved, index % 2 == 0, {c: ("full",) for c in challenges})
    for index in range(2):
        add(f"untouched-{index}", {c: stub(c).read_text() for c in challenges}, index == 1,
            {c: ("zero",) for c in challenges})
    for index, (challenge, replacements, check_id, _category, _status, words) in enumerate(PLANTED):
        if challenge not in challenges:
            continue
        sources = dict(solved, **{challenge: _planted_source(challenge, replacements)})
        add(f"planted-{index:02d}", sources, index % 2 == 1,
            {c: ("planted", check_id, words) if c == challenge else ("full",) for c in challenges})
    if HANG[0] in challenges:
        add("loops-forever", dict(solved, **{HANG[0]: _planted_source(*HANG)}), False,
            {c: ("timeout", "accuracy_sparse") if c == HANG[0] else ("full",) for c in challenges})
    partial = dict(list(solved.items())[:2])
    add("only-two", partial, True,
        {c: ("full",) if c in partial else ("problem", "no submission") for c in challenges})

    def refused(name, words):
        expected[name] = {c: ("problem", words) for c in challenges}

    (roster / "empty-folder").mkdir()
    refused("empty-folder", "nothing to grade")
    (roster / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip file")
    refused("broken", "not a readable .zip archive (it has no end record). It may be cut short or damaged: download "
                      "it again")
    first = challenges[0]
    _raw_zip(roster / "zip-slip.zip", [(f"challenges/{first}/main.py", solved[first], 0o100644),
                                        ("../../outside.py", "print('escaped')", 0o100644)])
    refused("zip-slip", "points outside the archive")
    _raw_zip(roster / "absolute.zip", [("/tmp/nnfs-grade-absolute.py", "x = 1", 0o100644)])
    refused("absolute", "points outside the archive")
    _raw_zip(roster / "linked.zip", [(f"challenges/{first}/main.py", "/etc/passwd", 0o120777)])
    refused("linked", "symbolic link")
    with zipfile.ZipFile(roster / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"challenges/{first}/main.py", solved[first])
        archive.writestr("padding.bin", b"\0" * (80 << 20))
    refused("bomb", "more than 64 MiB")
    with zipfile.ZipFile(roster / "latin1.zip", "w") as archive:
        archive.writestr(f"challenges/{first}/main.py", solved[first])
        archive.writestr(_Latin1Name("caf\u00e9.txt"), "a name written in Latin-1")
    refused("latin1", "not UTF-8")
    write_learner(roster, "twice", _files(solved, "challenges", "twice"), False)
    write_learner(roster, "twice", _files(solved, "challenges", "twice"), True)
    expected["twice"] = {c: ("problem", "twice/, twice.zip are all entries") for c in challenges}
    (roster / "linked-folder" / "challenges" / first).mkdir(parents=True)
    os.symlink(ROOT / "solutions" / first / "main.py", roster / "linked-folder" / "challenges" / first / "main.py")
    expected["linked-folder"] = {c: ("problem", "symbolic link") if c == first else ("problem", "no submission")
                                 for c in challenges}
    (roster / "notes.txt").write_text("not a learner")
    refused("notes.txt", "neither a folder, a .zip file nor a .py file or notebook")
    return expected


def roster_digest(roster):
    """Every path, size and modification time in the roster: unchanged after `grade report`."""
    return sorted((str(path.relative_to(roster)), path.lstat().st_size, path.lstat().st_mtime_ns)
                  for path in Path(roster).rglob("*"))


@contextlib.contextmanager
def nested_folders(top, depth=None):
    """`top` holding a chain of `depth` folders, each inside the last (by default deeper than Python's recursion
    limit), with a file at the bottom; made and removed without recursion (pathlib's mkdir and shutil.rmtree
    recurse per folder)."""
    depth = depth or sys.getrecursionlimit() + 100
    top.mkdir(parents=True, exist_ok=True)
    folder = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=folder)
            inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=folder)
            os.close(folder)
            folder = inner
        os.close(os.open("notes.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder))
    finally:
        os.close(folder)
    try:
        yield top
    finally:
        subprocess.run(["rm", "-rf", "--", top], check=True)     # GNU rm walks any depth
