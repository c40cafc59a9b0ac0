"""Reads a class roster: one folder or .zip file per learner, each holding that learner's main.py files.

Everything in a roster is untrusted. Nothing is ever written into it: each
submission is copied into a staging folder first, and an archive is read
member by member with limits, never extracted. An entry that cannot be
read safely gets a problem, a sentence for the instructor, instead of a grade.
"""
import hashlib
import os
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 1 << 20            # one main.py
MAX_ARCHIVE_BYTES = 64 << 20        # everything an archive says it expands to
MAX_ARCHIVE_MEMBERS = 10_000
UTF8_FLAG = 0x800                   # zip general-purpose flag: the member's name is UTF-8
ENCRYPTED_FLAG = 0x1
NO_SUBMISSION = "no submission"


class EntryRefused(Exception):
    """A learner's entry, or one of its files, cannot be read safely; the message says why."""


@dataclass
class Submission:
    challenge: str
    origin: str = ""                 # where it came from, as the instructor knows it: alice.zip:challenges/…
    path: Path | None = None         # the staged copy that is graded
    content: str = ""                # sha256 of the file's bytes
    problem: str = ""                # why there is nothing to grade


@dataclass
class Learner:
    name: str
    entry: str                       # the roster entry's own name: alice/ or alice.zip
    submissions: list = field(default_factory=list)
    problem: str = ""                # why none of this learner's entry could be read


def read_roster(roster, challenges, staging):
    """Yield a Learner per entry of `roster`, in name order, with its submissions staged under `staging`."""
    roster = Path(roster)
    claims = {}
    for name in sorted(name for name in os.listdir(roster) if not name.startswith(".")):
        claims.setdefault(_learner_key(name), []).append(name)
    for position, names in enumerate(claims.values()):
        name = names[0]
        learner = Learner(name=_learner_name(name),
                          entry=", ".join(_shown_entry(roster / other, other) for other in names))
        try:
            _check_name(name)
            if len(names) > 1:
                raise EntryRefused(f"{learner.entry} are all entries for the learner {learner.name}; "
                                   "keep only one of them and grade again.")
            reader = _open_entry(roster / name, learner.entry)
        except EntryRefused as exc:
            learner.problem = str(exc)
            learner.submissions = [Submission(challenge.name, problem=learner.problem) for challenge in challenges]
            yield learner
            continue
        with reader:
            folder = Path(staging) / f"{position:06d}"
            learner.submissions = [_stage(reader, challenge.name, folder) for challenge in challenges]
        if challenges and all(submission.problem.startswith(NO_SUBMISSION) for submission in learner.submissions):
            learner.problem = (f"nothing to grade: {learner.entry} holds no main.py for any of the challenges "
                               "graded, neither as challenges/<name>/main.py nor as <name>/main.py.")
        yield learner


def _learner_key(name):
    """Entries that name the same learner: alice/, alice.zip and ALICE.zip."""
    stem = name[:-4] if name.lower().endswith(".zip") else name
    return unicodedata.normalize("NFC", stem).casefold()


def _learner_name(name):
    shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return shown[:-4] if shown.lower().endswith(".zip") else shown


def _shown_entry(path, name):
    shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return shown + "/" if path.is_dir() and not path.is_symlink() else shown


def _check_name(name):
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise EntryRefused("The entry's name is not valid UTF-8; rename it and grade again.") from None


def _open_entry(path, shown):
    if path.is_symlink():
        raise EntryRefused(f"{shown} is a symbolic link; the roster must hold the learner's files themselves.")
    if path.is_dir():
        try:
            return FolderEntry(path, shown)
        except OSError as exc:
            raise EntryRefused(f"{shown} cannot be read: {exc.strerror}.") from None
    if path.suffix.lower() == ".zip" and path.is_file():
        return ZipEntry(path, shown)
    raise EntryRefused(f"{shown} is neither a folder nor a .zip file, so it was not read.")


def _stage(reader, challenge, folder):
    """Copy the learner's main.py for `challenge` to the staging folder, or say why there is none."""
    try:
        found = reader.find(challenge)
        if found is None:
            return Submission(challenge, problem=(
                f"{NO_SUBMISSION}: {reader.shown} has no challenges/{challenge}/main.py (nor {challenge}/main.py)."))
        origin, data = found
    except EntryRefused as exc:
        return Submission(challenge, problem=str(exc))
    target = folder / challenge / "main.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return Submission(challenge, origin=origin, path=target, content=hashlib.sha256(data).hexdigest())


def submission_paths(challenge, wrapper=""):
    """Where a learner's main.py for `challenge` may be, most likely first; then inside `wrapper`, if given."""
    paths = [f"challenges/{challenge}/main.py", f"{challenge}/main.py"]
    return paths + [f"{wrapper}/{path}" for path in paths] if wrapper else paths


class FolderEntry:
    """A learner's folder, read without following a symbolic link anywhere."""

    def __init__(self, path, shown):
        self.path, self.shown = path, shown
        self.wrapper = _single_wrapper([child.name for child in path.iterdir()],
                                       [child.name for child in path.iterdir() if _is_plain_dir(child)])

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass

    def find(self, challenge):
        for relative in submission_paths(challenge, self.wrapper):
            path = self.path / relative
            if not os.path.lexists(path):
                continue
            self._refuse_links(relative)
            if not stat.S_ISREG(path.lstat().st_mode):
                raise EntryRefused(f"{self.shown}{relative} is not a plain file.")
            if path.lstat().st_size > MAX_FILE_BYTES:
                raise EntryRefused(f"{self.shown}{relative} is larger than {MAX_FILE_BYTES >> 20} MiB; "
                                   "a main.py never needs to be.")
            try:
                return f"{self.shown}{relative}", path.read_bytes()
            except OSError as exc:
                raise EntryRefused(f"{self.shown}{relative} cannot be read: {exc.strerror}.") from None
        return None

    def _refuse_links(self, relative):
        current = self.path
        for part in PurePosixPath(relative).parts:
            current = current / part
            if current.is_symlink():
                raise EntryRefused(f"{self.shown}{relative} goes through a symbolic link ({part}); "
                                   "submissions must be plain files.")


class ZipEntry:
    """A learner's .zip archive, checked whole before any member is read."""

    def __init__(self, path, shown):
        self.shown = shown
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise EntryRefused(f"{shown} is not a readable .zip archive ({exc}).") from None
        try:
            self.members = self._checked_members()
        except EntryRefused:
            self.archive.close()
            raise
        names = list(self.members)
        tops = {name.split("/")[0] for name in names}
        folders = {name.split("/")[0] for name in names if "/" in name}
        self.wrapper = _single_wrapper(tops, folders)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.archive.close()

    def _checked_members(self):
        infos = self.archive.infolist()
        if len(infos) > MAX_ARCHIVE_MEMBERS:
            raise EntryRefused(f"{self.shown} holds {len(infos)} files, more than the {MAX_ARCHIVE_MEMBERS} "
                               "a submission may.")
        if sum(info.file_size for info in infos) > MAX_ARCHIVE_BYTES:
            raise EntryRefused(f"{self.shown} would expand to more than {MAX_ARCHIVE_BYTES >> 20} MiB, so it was "
                               "not opened.")
        members = {}
        for info in infos:
            name = info.filename
            if not info.flag_bits & UTF8_FLAG and not name.isascii():
                try:
                    name.encode("cp437").decode("utf-8")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    raise EntryRefused(f"{self.shown} has a file name that is not UTF-8 "
                                       f"({name.encode('cp437', 'replace')!r}); "
                                       "re-create the archive with UTF-8 names.") from None
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
                raise EntryRefused(f"{self.shown} has a member that points outside the archive ({name!r}), "
                                   "so it was not opened.")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise EntryRefused(f"{self.shown} holds a symbolic link ({name!r}); submissions must be plain "
                                   "files.")
            if info.flag_bits & ENCRYPTED_FLAG:
                raise EntryRefused(f"{self.shown} is encrypted; submit it without a password.")
            key = "/".join(parts)
            if key in members:
                raise EntryRefused(f"{self.shown} holds {name!r} twice, so which one to grade is unclear.")
            members[key] = info
        return members

    def find(self, challenge):
        for relative in submission_paths(challenge, self.wrapper):
            info = self.members.get(relative)
            if info is None:
                continue
            origin = f"{self.shown}:{relative}"
            try:
                with self.archive.open(info) as member:
                    data = member.read(MAX_FILE_BYTES + 1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                raise EntryRefused(f"{origin} cannot be read from the archive ({exc}).") from None
            if len(data) > MAX_FILE_BYTES:
                raise EntryRefused(f"{origin} expands to more than {MAX_FILE_BYTES >> 20} MiB; "
                                   "a main.py never needs to be.")
            return origin, data
        return None


def _single_wrapper(tops, folders):
    """The one folder an entry wraps everything in (alice/…, repo-main/…), if that is how it is laid out."""
    tops = [name for name in tops if not name.startswith((".", "__MACOSX"))]
    if len(tops) == 1 and tops[0] in folders and tops[0] != "challenges" and not tops[0].startswith("challenge_"):
        return tops[0]
    return ""


def _is_plain_dir(path):
    return path.is_dir() and not path.is_symlink()
