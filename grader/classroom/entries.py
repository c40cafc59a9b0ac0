"""Reading one learner's files from an untrusted folder, archive or set of loose files.

Nothing is ever extracted or followed: an archive is checked whole and read member by
member with limits, a folder is read without following a symbolic link anywhere. A file
that cannot be read safely raises EntryRefused with a sentence for the instructor.
"""
import functools
import io
import os
import re
import stat
import zipfile
from pathlib import PurePosixPath

from grader.classroom.zip_directory import DirectoryRefused, check_directory

MAX_FILE_BYTES = 1 << 20            # one main.py
MAX_NOTEBOOK_BYTES = 32 << 20       # one main.ipynb: its outputs (plots) may make it far larger than its code
MAX_ARCHIVE_BYTES = 64 << 20        # everything a learner's archive says it expands to
MAX_ARCHIVE_MEMBERS = 10_000      # files and folders of one learner's archive or submission
MAX_DEPTH = 64                      # folders nested in one submission: challenges/<name>/main.py needs two
# A learner's .zip on disk: what it may expand to, plus room for each member's two headers. Stored or deflated,
# an honest archive is never much larger than its files, so this refuses a big file before anything of it is read.
MAX_ARCHIVE_FILE_BYTES = MAX_ARCHIVE_BYTES + (8 << 20)
MAX_EXPORT_BYTES = 4 << 30          # a platform's export of a whole class (Gradescope)
MAX_EXPORT_MEMBERS = 500_000
UTF8_FLAG = 0x800                   # zip general-purpose flag: the member's name is UTF-8
ENCRYPTED_FLAG = 0x1
# A file renamed as a later copy of itself: Canvas numbers a re-submitted main.py main-1.py (Attachment's
# make_unique_filename), a browser saves a second download as "main (1).py", and Moodle's file picker names an
# upload whose name is taken "main (1).py" too. The highest number is the latest.
RESUBMITTED = re.compile(r"^(?P<stem>.+?)(?:-(?P<number>\d+)| \((?P<copy>\d+)\))(?P<suffix>\.[A-Za-z0-9]+)$")

# What to do about an archive that cannot be read: most often a download cut short.
DAMAGED = "It may be cut short or damaged: download it again, or ask its learner to upload it again."
# The same of a whole class's download, which no one learner uploaded.
DAMAGED_DOWNLOAD = "It may be cut short or damaged: download it again from the platform."


def copy_of(name):
    """(the file name `name` is a copy of, the copy's number): ("main.py", 2) for main (2).py or main-2.py, and
    (name, 0) for a name that numbers no copy."""
    numbered = RESUBMITTED.match(name)
    if numbered is None:
        return name, 0
    return numbered["stem"] + numbered["suffix"], int(numbered["number"] or numbered["copy"])


class EntryRefused(Exception):
    """A learner's entry, or one of its files, cannot be read safely; the message says why."""


def file_limit(name):
    """How many bytes of the learner's file `name` are read at most: a notebook's outputs make it larger."""
    return MAX_NOTEBOOK_BYTES if name.lower().endswith(".ipynb") else MAX_FILE_BYTES


class TooLarge(EntryRefused):
    """A file refused for its size."""


def _too_large(shown, limit, verb="is larger than"):
    why = {MAX_FILE_BYTES: "a main.py never needs to be.",
           MAX_ARCHIVE_FILE_BYTES: "a learner's files never need an archive that large, so it was not opened.",
           MAX_NOTEBOOK_BYTES: "clear its outputs (Edit > Clear All Outputs) and submit it again."}
    size = f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{limit >> 10} KiB"
    return TooLarge(f"{shown} {verb} {size}; {why.get(limit, 'it was not read.')}")


def submission_paths(challenge, wrapper=""):
    """Where a learner's main.py for `challenge` may be, most likely first; then inside `wrapper`, if given."""
    paths = [f"challenges/{challenge}/main.py", f"{challenge}/main.py"]
    return paths + [f"{wrapper}/{path}" for path in paths] if wrapper else paths


def bare_paths(wrapper=""):
    """Where a bare main.py may be: it belongs to the challenge when only one is graded."""
    return ["main.py", f"{wrapper}/main.py"] if wrapper else ["main.py"]


def candidates(challenge, wrapper, single, suffixes=(".py", ".ipynb")):
    """Every path a learner's file for `challenge` may have, most likely first: main.py, then a notebook
    main.ipynb in the same places (the judge runs a notebook's code cells), or where `grade release --notebooks`
    puts it, notebooks/<challenge>.ipynb; only those whose suffix is one of `suffixes`."""
    paths = submission_paths(challenge, wrapper) + (bare_paths(wrapper) if single else [])
    released = [f"notebooks/{challenge}.ipynb"]
    notebooks = [path[:-len(".py")] + ".ipynb" for path in paths] + released + (
        [f"{wrapper}/{path}" for path in released] if wrapper else [])
    return [path for path in paths + notebooks if path.endswith(suffixes)]


def uploaded_files(paths, suffixes=(".py", ".ipynb")):
    """Of a submission's files (relative POSIX paths), those a grader may take: a .py or .ipynb not below a folder
    whose name starts with . or __ (.git/, __MACOSX/, __pycache__/)."""
    return sorted(path for path in paths if path.lower().endswith(suffixes)
                  and not any(part.startswith((".", "__")) for part in path.split("/")[:-1]))


def chosen_upload(files, challenge, single, suffixes=(".py", ".ipynb")):
    """Which of a Gradescope submission's `files` (uploaded_files) is the learner's `challenge`, or None: the one
    rule of both the exported autograder (grader.classroom.gradescope) and the class report of Gradescope's export.

    First a file at one of the challenge's own paths, at any depth, in this order: challenges/<challenge>/main.py,
    <challenge>/main.py, <challenge>.py, then the same with .ipynb; the shallowest where several are. Then, when one
    challenge is graded, a main.py or main.ipynb anywhere, the shallowest; else the submission's only file, whatever
    its name (a renamed Activations.py). Only a file whose suffix is one of `suffixes` is chosen.
    """
    return named_upload(files, challenge, single, suffixes) or (only_upload(files, suffixes) if single else None)


def named_upload(files, challenge, single, suffixes=(".py", ".ipynb")):
    """chosen_upload's choice among the files named for `challenge` (or main.py, when `single`), or None."""
    paths = [*submission_paths(challenge), f"{challenge}.py"]
    named = [path for suffix in (".py", ".ipynb") if suffix in suffixes
             for path in (paths if suffix == ".py" else [path.removesuffix(".py") + suffix for path in paths])]
    for candidate in named:
        folded = candidate.lower()
        found = [path for path in files if path == candidate or path.endswith("/" + candidate)] or [
            # Else in any case, as a file system of Windows or macOS matches names (main.PY, Main.py).
            path for path in files if path.lower() == folded or path.lower().endswith("/" + folded)]
        if found:
            return min(found, key=lambda path: (path.count("/"), path))
    if not single:
        return None
    mains = [path for path in files if PurePosixPath(path).name.lower() in {"main" + suffix for suffix in suffixes}
             and other_challenge_of(path, challenge) is None]
    if mains:
        return min(mains, key=lambda path: (path.count("/"), path))
    return None


def named_files(files, challenge, single, most=5):
    """Of `files` (uploaded_files), the .py files named for `challenge` at any depth: <challenge>.py, and main.py
    when `single` that no other challenge's folder holds; the shallowest first, at most `most`. Where the file
    chosen is the stub as shipped, another of these may hold the learner's work (grader.classroom.roster,
    grader.classroom.gradescope)."""
    names = {f"{challenge}.py"} | ({"main.py"} if single else set())
    return sorted((path for path in files if PurePosixPath(path).name.lower() in names
                   and other_challenge_of(path, challenge) is None),
                  key=lambda path: (path.count("/"), path))[:most]


def other_challenge_of(path, challenge, by_name=True):
    """The name of the challenge other than `challenge` that `path` belongs to, by a folder named for it
    (challenges/challenge_2_shapes/main.py) or, `by_name`, by its own name (notebooks/challenge_2_shapes.ipynb);
    else None: a clone of the course, or of a release, holds every challenge's stub, and later stubs give earlier
    challenges' classes as working code."""
    from grader.course import CHALLENGE_NAME

    path = PurePosixPath(path)
    return next((part for part in (*path.parts[:-1], *([path.stem] if by_name else []))
                 if CHALLENGE_NAME.fullmatch(part) and part != challenge), None)


def of_other_names(path, challenge):
    """Whether the code file `path` is named neither for `challenge` (main.py, <challenge>.py, their notebooks, or a
    copy an LMS numbered) nor for another challenge, nor lies in another's folder: a file beside an untouched stub
    that may hold the learner's work for `challenge`."""
    taken = {f"{stem}{suffix}" for stem in ("main", challenge) for suffix in (".py", ".ipynb")}
    return copy_of(PurePosixPath(path).name)[0].lower() not in taken and other_challenge_of(path, challenge) is None


def only_upload(files, suffixes=(".py", ".ipynb")):
    """The one file of `files` (uploaded_files) when there is exactly one, whatever its name, and its suffix is one of
    `suffixes`; else None. When one challenge is graded and no file is named for it, a learner's only file is theirs
    (a renamed activations.py), on every platform and in the exported autograder alike."""
    return files[0] if len(files) == 1 and files[0].lower().endswith(suffixes) else None


def latest_copies(paths):
    """Of `paths`, the latest copy of each file (copy_of), in the same folder: an LMS's renamed uploads as one."""
    latest = {}
    for path in paths:
        folder, name = path.rpartition("/")[::2]
        copied, number = copy_of(name)
        key = (folder, copied)
        if key not in latest or (number, path) > latest[key]:
            latest[key] = (number, path)
    return sorted(path for _, path in latest.values())


def check_tree(shown, nodes, depth):
    """Refuse (EntryRefused) a submission of more than MAX_ARCHIVE_MEMBERS files and folders, or whose folders nest
    more than MAX_DEPTH deep: the one limit of a submission read from a folder and from an archive."""
    if nodes > MAX_ARCHIVE_MEMBERS:
        raise EntryRefused(f"{shown} holds more than {MAX_ARCHIVE_MEMBERS} files and folders, more than a "
                           "submission may.")
    if depth > MAX_DEPTH:
        raise EntryRefused(f"{shown} nests folders more than {MAX_DEPTH} deep, deeper than a submission needs, so "
                           "it was not read.")


def read_safely(shown, read, *args):
    """read(*args), any failure of which is EntryRefused with a sentence naming `shown`: whatever a learner's files
    make go wrong while they are read costs their own entry, never the class's report."""
    try:
        return read(*args)
    except EntryRefused:
        raise
    except RecursionError:
        raise EntryRefused(f"{shown} nests too deep to be read, so it was not graded.") from None
    except OSError as exc:
        raise EntryRefused(f"{shown} cannot be read: {exc.strerror or exc}.") from None
    except Exception as exc:  # a learner's files must not stop the class: their entry says what went wrong
        raise EntryRefused(f"{shown} could not be read ({type(exc).__name__}: {exc}), so it was not graded; "
                           "look at it by hand.") from None


class Submitted:
    """A submission folder of Gradescope's export (a FolderEntry, or a ZipEntry's view of the export), whose file is
    chosen as the exported autograder chooses it (chosen_upload), so that both give it the same grade."""

    def __init__(self, reader):
        self.reader, self.shown = reader, reader.shown
        self.files = uploaded_files(reader.paths())

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.reader.__exit__(*exc_info)

    def find(self, challenge, single=False, suffixes=(".py", ".ipynb")):
        """(origin, bytes) of the file chosen_upload chooses for `challenge` by its name, or None."""
        chosen = named_upload(self.files, challenge, single, suffixes)
        return None if chosen is None else self.reader.read_at(chosen)

    def only(self, suffixes=(".py", ".ipynb")):
        """(origin, bytes) of the submission's only file (only_upload), or None."""
        chosen = only_upload(self.files, suffixes)
        return None if chosen is None else self.reader.read_at(chosen)

    def named(self, challenge, single=False):
        """[(origin, bytes)] of the .py files named for `challenge` (named_files)."""
        return [self.reader.read_at(path) for path in named_files(self.files, challenge, single)]

    def code_files(self):
        """The .py files and notebooks a grader may take (uploaded_files), for a message on why none was."""
        return list(self.files)

    def paths(self):
        """Every file of the submission folder, for a message on what it holds instead (an archive, say)."""
        return self.reader.paths()


def open_path(path, shown):
    """The reader of a learner's folder or .zip file, or of their one .py file or notebook (alice.py), which is
    graded when one challenge is (LooseFiles.only)."""
    if path.is_symlink():
        raise EntryRefused(f"{shown} is a symbolic link; the roster must hold the learner's files themselves.")
    if path.is_dir():
        try:
            return FolderEntry(path, shown)
        except OSError as exc:
            raise EntryRefused(f"{shown} cannot be read: {exc.strerror}.") from None
    if path.suffix.lower() == ".zip" and path.is_file():
        return ZipEntry(path, shown)
    if path.suffix.lower() in (".py", ".ipynb") and path.is_file():
        return LooseFiles({path.name: (shown, file_reader(path, shown))}, shown, entry_itself=True)
    raise EntryRefused(f"{shown} is neither a folder, a .zip file nor a .py file or notebook, so it was not read.")


class _OneEntry:
    """What a learner's folder and archive share: their files are paths(), each read by read_at(path)."""

    def only(self, suffixes=(".py", ".ipynb")):
        """(origin, bytes) of the entry's only file (only_upload), or None."""
        chosen = only_upload(uploaded_files(self.paths()), suffixes)
        return None if chosen is None else self.read_at(chosen)

    def named(self, challenge, single=False):
        """[(origin, bytes)] of the .py files named for `challenge` (named_files)."""
        return [self.read_at(path) for path in named_files(uploaded_files(self.paths()), challenge, single)]

    def code_files(self):
        """The .py files and notebooks a grader may take (uploaded_files), for a message on why none was."""
        return uploaded_files(self.paths())

    def _read_named_in_other_case(self, wanted):
        """(origin, bytes) of the first of the paths `wanted` the entry holds in another case only (main.PY, Main.py,
        as Windows and macOS save and match names alike), or None."""
        held = {}
        for path in uploaded_files(self.paths()):
            held.setdefault(path.lower(), path)
        return next((self.read_at(held[path.lower()]) for path in wanted if path.lower() in held), None)


class FolderEntry(_OneEntry):
    """A learner's folder, read without following a symbolic link anywhere."""

    def __init__(self, path, shown):
        self.path, self.shown = path, shown
        self.wrapper = _single_wrapper([child.name for child in path.iterdir()],
                                       [child.name for child in path.iterdir() if _is_plain_dir(child)])
        self._paths = None    # the folder's files as paths() first found them: each challenge asks again

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass

    def find(self, challenge, single=False, suffixes=(".py", ".ipynb"), copies=False):
        """(origin, bytes) of the learner's main.py (or main.ipynb) for `challenge`, or None; a bare one if `single`;
        only a file whose suffix is one of `suffixes`. With `copies` (an LMS's uploads), the latest copy of each
        (main (1).py beside main.py) is taken for it, as LooseFiles takes it."""
        for relative in candidates(challenge, self.wrapper, single, suffixes):
            found = self._latest_copy(relative) if copies else relative if os.path.lexists(self.path / relative) \
                else None
            if found is not None:
                return self.read_at(found)
        return self._read_named_in_other_case(candidates(challenge, self.wrapper, single, suffixes))

    def _latest_copy(self, relative):
        """The path of `relative` or of its latest copy in the same folder (copy_of), whichever numbers higher; None
        where there is neither."""
        folder, name = PurePosixPath(relative).parent, PurePosixPath(relative).name
        try:
            children = os.listdir(self.path / folder)
        except OSError:
            return None
        ranked = [(number, child) for child in children for copied, number in [copy_of(child)] if copied == name]
        return (folder / max(ranked)[1]).as_posix() if ranked else None

    def own_files(self):
        """{name: (origin, reader)} of the plain files directly in the folder, as LooseFiles takes them."""
        return {child.name: (self.shown + child.name, file_reader(child, self.shown + child.name))
                for child in sorted(self.path.iterdir()) if not child.is_symlink() and child.is_file()}

    def read_at(self, relative):
        """(origin, bytes) of the plain file at `relative`, refused through a link or beyond its limit."""
        path = self.path / relative
        self._refuse_links(relative)
        if not stat.S_ISREG(path.lstat().st_mode):
            raise EntryRefused(f"{self.shown}{relative} is not a plain file.")
        if path.lstat().st_size > file_limit(relative):
            raise _too_large(f"{self.shown}{relative}", file_limit(relative))
        try:
            return f"{self.shown}{relative}", path.read_bytes()
        except OSError as exc:
            raise EntryRefused(f"{self.shown}{relative} cannot be read: {exc.strerror}.") from None

    def paths(self):
        """The relative path of every file below the folder that uploaded_files may take, no link followed.

        The folder is walked with a list of the folders still to read, not by recursion, so no nesting exhausts
        Python's stack; a folder whose name starts with . or __ is counted but not read. Refused (EntryRefused)
        beyond MAX_ARCHIVE_MEMBERS files and folders or MAX_DEPTH nested folders (check_tree), as a submission in
        an archive is, and where a folder cannot be listed. The walk is made once: later calls give what it found."""
        if self._paths is not None:
            return list(self._paths)
        found, nodes, pending = [], 0, [("", 0)]
        while pending:
            relative, depth = pending.pop()
            try:
                with os.scandir(self.path / relative) as listing:
                    children = sorted(((child.name, child.is_dir(follow_symlinks=False), child.is_symlink())
                                       for child in listing))
            except OSError as exc:
                raise EntryRefused(f"{self.shown}{relative} cannot be read: {exc.strerror}.") from None
            nodes += len(children)
            check_tree(self.shown, nodes, depth + 1 if children else depth)
            folders = []
            for name, is_folder, is_link in children:
                path = f"{relative}/{name}" if relative else name
                if is_folder and not name.startswith((".", "__")):
                    folders.append(path)
                elif not is_folder and not is_link:
                    found.append(path)
            pending += [(folder, depth + 1) for folder in reversed(folders)]
        self._paths = found
        return list(found)

    def _refuse_links(self, relative):
        current = self.path
        for part in PurePosixPath(relative).parts:
            current = current / part
            if current.is_symlink():
                raise EntryRefused(f"{self.shown}{relative} goes through a symbolic link ({part}); "
                                   "submissions must be plain files.")


class ZipEntry(_OneEntry):
    """A learner's .zip archive, checked whole before any member is read."""

    def __init__(self, path, shown, export=False):
        """`path` is a file or bytes; `export` allows the size of a whole class's export.

        The file's size and the records at its end are checked before zipfile reads its list of files, which it
        would read whole, however many files it names. In an export, a member that cannot be read safely (a name
        pointing outside the archive, a link, an encrypted or doubled member) is left out and kept in `unsafe`, so
        that only the submission holding it is refused (folder), and what holds the others decides whether the
        export as a whole can be read."""
        self.shown = shown
        self.owner = True
        self.unsafe = []        # (member's name, / for \, why it was left out) of an export's members
        max_members, max_bytes = (MAX_EXPORT_MEMBERS, MAX_EXPORT_BYTES) if export else (MAX_ARCHIVE_MEMBERS,
                                                                                        MAX_ARCHIVE_BYTES)
        damaged = DAMAGED_DOWNLOAD if export else DAMAGED
        try:
            self.file = io.BytesIO(path) if isinstance(path, bytes) else open(path, "rb")
        except OSError as exc:
            raise EntryRefused(f"{shown} cannot be read: {exc.strerror}.") from None
        try:
            size = self.file.seek(0, io.SEEK_END)
            if not export and size > MAX_ARCHIVE_FILE_BYTES:
                raise _too_large(shown, MAX_ARCHIVE_FILE_BYTES)
            check_directory(self.file, size, max_members)
            self.archive = zipfile.ZipFile(self.file)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            self.file.close()
            raise EntryRefused(f"{shown} is not a readable .zip archive ({exc}). {damaged}") from None
        except DirectoryRefused as refused:
            self.file.close()
            raise EntryRefused(f"{shown} {refused} {damaged}") from None
        except EntryRefused:
            self.file.close()
            raise
        try:
            self.members = self._checked_members(max_members, max_bytes, export)
        except EntryRefused:
            self.close()
            raise
        self.wrapper = _wrapper_of(self.members)

    def folder(self, prefix, shown):
        """A reader of the members under `prefix`/ only, sharing this archive (which stays open); EntryRefused where
        one of them was unsafe."""
        # Found in an index made once for folders as deep: going through every member for each learner's folder
        # would cost a class's download its members times its learners.
        unsafe, members = self._folders(prefix.count("/") + 1).get(prefix, ((), {}))
        if unsafe:
            raise EntryRefused(f"{shown} {unsafe[0]}")
        view = object.__new__(ZipEntry)
        view.shown, view.archive, view.file, view.owner, view.unsafe = shown, self.archive, self.file, False, []
        view.members = members
        view.wrapper = _wrapper_of(view.members)
        return view

    def _folders(self, depth):
        """{each folder `depth` names deep: (why each unsafe member below it was left out, {the rest of its members'
        names: info})}, made at the first call for that depth."""
        indexes = self.__dict__.setdefault("_folder_indexes", {})
        if depth not in indexes:
            index = indexes[depth] = {}
            for name, info in self.members.items():
                parts = name.split("/", depth)
                if len(parts) > depth:
                    index.setdefault("/".join(parts[:depth]), ([], {}))[1][parts[depth]] = info
            for name, why in self.unsafe:
                parts = name.split("/", depth)
                if len(parts) > depth:
                    index.setdefault("/".join(parts[:depth]), ([], {}))[0].append(why)
        return indexes[depth]

    def read(self, name, limit):
        """The bytes of member `name`, refused when they exceed `limit`."""
        origin = self.member_shown(name)
        if name not in self.members or self.members[name].is_dir():
            # A folder's own member (main.py/) holds no bytes of a file: refused, as a folder on disk is.
            raise EntryRefused(f"{origin} is not a plain file.")
        try:
            with self.archive.open(self.members[name]) as member:
                data = member.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise EntryRefused(f"{origin} cannot be read from the archive ({exc}).") from None
        if len(data) > limit:
            raise _too_large(origin, limit, "expands to more than")
        return data

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.owner:
            self.close()

    def close(self):
        """Close the archive and its file (zipfile leaves open a file it was given)."""
        self.archive.close()
        self.file.close()

    def _checked_members(self, max_members, max_bytes, export=False):
        infos = self.archive.infolist()
        if len(infos) > max_members:
            raise EntryRefused(f"{self.shown} holds {len(infos)} files, more than the {max_members} "
                               "a submission may.")
        if sum(info.file_size for info in infos) > max_bytes:
            raise EntryRefused(f"{self.shown} would expand to more than {max_bytes >> 20} MiB, so it was "
                               "not opened.")
        members = {}
        for info in infos:
            key, why = _member_key(info, members)
            if why is None:
                members[key] = info
            elif export:
                self.unsafe.append((info.filename.replace("\\", "/"), why))
            else:
                raise EntryRefused(f"{self.shown} {why}")
        return members

    def find(self, challenge, single=False, suffixes=(".py", ".ipynb"), copies=False):
        """(origin, bytes) of the learner's main.py (or main.ipynb) for `challenge`, or None; a bare one if `single`;
        only a file whose suffix is one of `suffixes`. With `copies` (an LMS's uploads), the latest copy of each
        (main (1).py beside main.py) is taken for it, as FolderEntry.find takes it."""
        for relative in candidates(challenge, self.wrapper, single, suffixes):
            found = self._latest_copy(relative) if copies else relative if self._holds(relative) else None
            if found is not None:
                return self.read_at(found)
        return self._read_named_in_other_case(candidates(challenge, self.wrapper, single, suffixes))

    def _holds(self, relative):
        """Whether the archive holds `relative`, as a file or as a folder (its own member, or one its members lie
        in), as a folder on disk holds a path: a folder named main.py is refused by read_at, never taken for the
        file."""
        return relative in self.members or bool(self._folders(relative.count("/") + 1).get(relative, ((), {}))[1])

    def _latest_copy(self, relative):
        """The member `relative` or its latest copy in the same folder (copy_of), whichever numbers higher; None
        where there is neither."""
        folder, name = PurePosixPath(relative).parent, PurePosixPath(relative).name
        ranked = [(number, member) for member, info in self.members.items() if not info.is_dir()
                  and PurePosixPath(member).parent == folder for copied, number in [copy_of(PurePosixPath(member).name)]
                  if copied == name]
        return max(ranked)[1] if ranked else None

    def own_files(self):
        """{name: (origin, reader)} of the files at the top of the archive (or of its view of a folder), as
        LooseFiles takes them."""
        return {name: (self.member_shown(name), functools.partial(self.read, name))
                for name, info in sorted(self.members.items()) if "/" not in name and not info.is_dir()}

    def read_at(self, relative):
        """(origin, bytes) of the member `relative`, refused beyond its limit."""
        return self.member_shown(relative), self.read(relative, file_limit(relative))

    def member_shown(self, name):
        """How the instructor finds member `name`: "alice.zip:challenges/…/main.py", or, in a folder of an archive
        (a Gradescope export's submission), "export.zip:…/submission_1001/main.py"."""
        return f"{self.shown}{name}" if self.shown.endswith("/") else f"{self.shown}:{name}"

    def paths(self):
        """The name of every file member (a folder's own member left out). Refused (EntryRefused) beyond the limits
        of a submission (check_tree), its files and folders counted as FolderEntry.paths counts them on disk: every
        folder a member lies in too, and a folder whose name starts with . or __ but nothing in it."""
        nodes, depth = set(), 0
        for name in self.members:
            parts = name.split("/")
            for number in range(1, len(parts) + 1):
                nodes.add("/".join(parts[:number]))
                depth = max(depth, number)
                if parts[number - 1].startswith((".", "__")):
                    break
            if len(nodes) > MAX_ARCHIVE_MEMBERS:
                break
        check_tree(self.shown, len(nodes), depth)
        return [name for name, info in self.members.items() if not info.is_dir()]


class LooseFiles:
    """A learner's files as an LMS download lays them out: loose, each under a name the LMS gave it.

    `files` maps each file's own name (main.py, main-1.py) to (where the instructor finds it, a function that
    returns its bytes within a limit). A renamed copy (main-1.py, main (1).py) counts as the file it copies, and
    the highest number is the latest.
    """

    def __init__(self, files, shown, entry_itself=False, set_aside=(), uploaded=None):
        """`entry_itself`: the one file is the learner's entry (alice.py), named for them rather than for the
        challenge, which needs no note when it is graded. `set_aside`: the learner's files left out of `files`, as
        replaced by a later submission's (how the instructor finds each), which the graded file's note names.
        `uploaded`: {how the instructor finds a file: its upload's number, in the order of upload} (Canvas's
        attachment ids), where files of two submissions may lie side by side."""
        self.files, self.shown, self.entry_itself, self.set_aside = files, shown, entry_itself, tuple(set_aside)
        self.uploaded = uploaded or {}

    def uploaded_after(self, origin):
        """How the instructor finds each file uploaded after the one at `origin`, in the order of upload."""
        number = self.uploaded.get(origin)
        return [] if number is None else sorted((shown for shown, later in self.uploaded.items() if later > number),
                                                key=self.uploaded.get)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass

    def find(self, challenge, single=False, suffixes=(".py", ".ipynb")):
        """(origin, bytes) of the latest main.py (or <challenge>.py), or of an uploaded archive's; only a file whose
        suffix is one of `suffixes`."""
        archives = self._latest(lambda name: name.lower().endswith(".zip"))
        if archives:
            origin, reader = archives
            with ZipEntry(reader(MAX_ARCHIVE_FILE_BYTES), origin) as archive:
                found = archive.find(challenge, single, suffixes)
            if found is not None:
                return found    # else the file may be loose beside the archive (main.py and notes.zip)
        for suffix in suffixes:
            wanted = {challenge + suffix} | ({"main" + suffix} if single else set())
            # A name in another case (Main.py) only where none is in the course's: it is no copy of main.py.
            found = self._latest(lambda name: name in wanted) or self._latest(lambda name: name.lower() in wanted)
            if found:
                origin, reader = found
                return origin, reader(file_limit(origin))
        return None

    def only(self, suffixes=(".py", ".ipynb")):
        """(origin, bytes) of the learner's only file (only_upload), a renamed copy counting as the file it copies,
        or of an uploaded archive's only file; None where there is not exactly one."""
        archives = self._latest(lambda name: name.lower().endswith(".zip"))
        if archives:
            origin, reader = archives
            with ZipEntry(reader(MAX_ARCHIVE_FILE_BYTES), origin) as archive:
                return archive.only(suffixes)
        chosen = only_upload(latest_copies(uploaded_files(self.files)), suffixes)
        return None if chosen is None else self.read_latest(chosen)

    def named(self, challenge, single=False):
        """[(origin, bytes)] of the latest copy of each .py file named for `challenge` (named_files)."""
        return [self.read_latest(name) for name in named_files(self.code_files(), challenge, single)]

    def code_files(self):
        """The .py files and notebooks a grader may take, the latest copy of each, for a message on why none was."""
        return latest_copies(uploaded_files(self.files))

    def read_latest(self, name):
        """(origin, bytes) of the latest copy of the file `name` (copy_of)."""
        origin, reader = self._latest(lambda copied: copied == copy_of(name)[0])
        return origin, reader(file_limit(origin))

    def _latest(self, matches):
        """(origin, reader) of the latest file whose name without its copy's number `matches`."""
        ranked = []
        for name, (origin, reader) in self.files.items():
            copied, number = copy_of(name)
            if matches(copied):
                ranked.append((number, name, origin, reader))
        return max(ranked, key=lambda item: item[:2])[2:] if ranked else None


class Uploads:
    """A learner's uploads to an LMS that gives each learner a folder (Moodle), and loose files with their prefix.

    A folder is read as it is laid out first (challenges/<name>/main.py, a bare main.py, one wrapping folder), the
    latest copy of a file taken for it wherever it lies (main (1).py beside main.py, as among loose files), then its
    own files as loose files are: a renamed copy, an uploaded .zip. `folders` are the readers of the folders (a
    FolderEntry, or a ZipEntry's view of a folder of the download's archive; open_path), `files` maps a loose file's
    own name to (shown, reader), as LooseFiles takes them.
    """

    def __init__(self, shown, folders=(), files=None):
        self.shown = shown
        self.folders = list(folders)
        self.uploaded = LooseFiles(dict(files or {}), shown)
        loose = dict(files or {})
        for folder in self.folders:
            if isinstance(folder, (FolderEntry, ZipEntry)):
                for name, found in folder.own_files().items():
                    loose.setdefault(name, found)
        self.loose = LooseFiles(loose, shown)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        for folder in self.folders:
            folder.__exit__(*exc_info)

    def find(self, challenge, single=False, suffixes=(".py", ".ipynb")):
        """(origin, bytes) of the learner's main.py (or main.ipynb) for `challenge`, or None, as the class says."""
        for folder in self.folders:
            found = (folder.find(challenge, single, suffixes) if isinstance(folder, LooseFiles)
                     else folder.find(challenge, single, suffixes, copies=True))
            if found:
                return found
        return self.loose.find(challenge, single, suffixes)

    def only(self, suffixes=(".py", ".ipynb")):
        """(origin, bytes) of the learner's only file among their folders and loose files (only_upload), a renamed
        copy counting as the file it copies; else of an uploaded archive's only file; None where there is not
        exactly one."""
        found = [(folder, path) for folder in self.folders for path in latest_copies(uploaded_files(folder.paths()))]
        found += [(self.uploaded, name) for name in latest_copies(uploaded_files(self.uploaded.files))]
        if not found:
            return self.loose.only(suffixes)
        if only_upload([path for _, path in found], suffixes) is None:
            return None
        ((reader, path),) = found
        return reader.read_latest(path) if reader is self.uploaded else reader.read_at(path)

    def named(self, challenge, single=False):
        """[(origin, bytes)] of the .py files named for `challenge` (named_files) in the learner's folders, then among
        their loose files."""
        return [found for folder in self.folders for found in folder.named(challenge, single)] + self.loose.named(
            challenge, single)

    def code_files(self):
        """The .py files and notebooks a grader may take among the learner's folders and loose files, the latest
        copy of each, for a message on why none was."""
        found = [path for folder in self.folders for path in latest_copies(uploaded_files(folder.paths()))]
        return found + self.uploaded.code_files() if found or self.uploaded.files else self.loose.code_files()


def file_reader(path, shown):
    """A function returning the bytes of the plain file `path`, refused beyond a limit or through a link."""
    def read(limit):
        if path.is_symlink() or not path.is_file():
            raise EntryRefused(f"{shown} is not a plain file; submissions must be plain files.")
        if path.lstat().st_size > limit:
            raise _too_large(shown, limit)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise EntryRefused(f"{shown} cannot be read: {exc.strerror}.") from None
    return read


def _member_key(info, members):
    """(the name an archive's member is read under, None), or (None, why it cannot be read safely: a sentence that
    follows the archive's name); `members` holds the names taken already."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG and not name.isascii():
        # zipfile reads a name without the UTF-8 flag as cp437; macOS's Archive Utility writes UTF-8 without it.
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None, (f"has a file name that is not UTF-8 ({name.encode('cp437', 'replace')!r}); re-create the "
                          "archive with UTF-8 names.")
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
        return None, f"has a member that points outside the archive ({name!r}), so it was not opened."
    if stat.S_ISLNK(info.external_attr >> 16):
        return None, f"holds a symbolic link ({name!r}); submissions must be plain files."
    if info.flag_bits & ENCRYPTED_FLAG:
        return None, f"holds an encrypted file ({name!r}); submit it without a password."
    key = "/".join(parts)
    if key in members:
        return None, f"holds {name!r} twice, so which one to grade is unclear."
    return key, None


def _wrapper_of(members):
    tops = {name.split("/")[0] for name in members}
    folders = {name.split("/")[0] for name in members if "/" in name}
    return _single_wrapper(tops, folders)


# What an operating system leaves in a folder or an archive beside what was handed in (Windows's thumbnail caches
# and folder settings; hidden files and macOS's __MACOSX are told by their names' starts).
SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini"})


def not_handed_in(name):
    """Whether `name`, at the top of a roster, an archive or an entry, is the system's rather than a learner's."""
    return name.startswith((".", "__MACOSX")) or name.lower() in SYSTEM_FILES


def _single_wrapper(tops, folders):
    """The one folder an entry wraps everything in (alice/…, repo-main/…), if that is how it is laid out."""
    tops = [name for name in tops if not not_handed_in(name)]
    if len(tops) == 1 and tops[0] in folders and tops[0] != "challenges" and not tops[0].startswith("challenge_"):
        return tops[0]
    return ""


def _is_plain_dir(path):
    return path.is_dir() and not path.is_symlink()
