"""Reads a class roster: one entry per learner, each holding that learner's main.py files.

The entries come from grader.classroom.downloads (a folder of learners' folders or
.zip files, or a platform's download); their files are read by grader.classroom.entries.
When one challenge is graded, a bare main.py is that challenge's.

Everything in a roster is untrusted. Nothing is ever written into it: each
submission is copied into the run's spool (grader.classroom.spool) as it is read,
and an archive is read member by member with limits, never extracted. An entry that cannot be
read safely gets a problem, a sentence for the instructor, instead of a grade.
"""
import dataclasses
import functools
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grader.classroom.downloads import list_entries
from grader.classroom.entries import MAX_DEPTH, EntryRefused, copy_of, of_other_names, other_challenge_of, read_safely
from grader.classroom.entries import MAX_FILE_BYTES, submission_paths  # noqa: F401 (re-exported)
from grader.classroom.identity import assignment_of_clones_folder, clone_usernames, names_a_clone
from grader.classroom.stub_shapes import ChallengeNames, OtherStubs, StubShapes
from grader.course import CHALLENGE_NAME, shipped_or_none, solution_or_none
from grader.judge.notebook import NotebookError, code_of_notebook, python_of_notebook
from grader.judge.submission import content_digest
from grader.views.safe_text import on_one_line, some_of

NO_SUBMISSION = "no submission"
# How a row's note names the challenge its file looks written for (_stage), which the learner's feedback repeats.
LOOKS_WRITTEN_FOR = re.compile(r" looks written for (\w+): it defines none of the names")


@dataclass
class Submission:
    challenge: str
    origin: str = ""                 # where it came from, as the instructor knows it: alice.zip:challenges/…
    staged: str = ""                 # the name, in the run's spool, of the copy that is graded
    content: str = ""                # grader.judge.submission.content_digest of the file
    problem: str = ""                # why there is nothing to grade
    untouched: bool = False          # the challenge's stub as shipped: not started
    empty: bool = False              # a .py file of no code at all (0 bytes or blank lines): nothing to check
    note: str = ""                   # what the instructor should know of how the file was chosen
    checked_names: int = 0           # how many of the names the challenge's checks look for the file defines
    resembles: str = ""              # the challenge whose names the file's are nearest (ChallengeNames), or ""
    defines: bool = False            # whether the file defines any name at all
    solution: bool = False           # the course's own solution, statement for statement (StubShapes.is_solution)
    # of a stub as shipped, handed in for one challenge alone: the entry's code files of other names, where the
    # work may be
    others: list = field(default_factory=list)


@dataclass
class Learner:
    name: str
    entry: str                       # the roster entry's own name: alice/ or alice.zip
    submissions: list = field(default_factory=list)
    problem: str = ""                # why none of this learner's entry could be read
    identity: dict = field(default_factory=dict)   # what the source and the class list say of the learner
    reused: bool = False             # unchanged since an earlier run: its reading then was reused, nothing staged
    holds: list = field(default_factory=list)   # of an entry with nothing to grade: the course's other challenges
                                                # it holds work for (not their stubs as shipped), or, when several
                                                # are graded, the one its only file looks written for


def read_roster(roster, challenges, spool, class_list=None, known=None, names=None, course=(), assignment="",
                remembered=""):
    """Yield a Learner per entry of `roster`, in name order, with its submissions staged in `spool`
    (grader.classroom.spool.Spool), each file read for which challenge of `names` (a ChallengeNames; default: of
    `challenges`) it was written for (Submission.resembles).

    With `class_list` (grader.classroom.identity.ClassList), each learner is named as the list
    names them, and the list's people with no entry are yielded last, with nothing to grade.
    With `known` (KnownEntries), an entry unchanged since an earlier run whose every submission
    has a result already is not read or staged again: its submissions are yielded as read then,
    without a staged copy. Raises RosterError when the roster as a whole cannot be read.

    An entry with nothing to grade is told which of the `course`'s other challenges it holds work for
    (Learner.holds), so that a class graded for a challenge it was not set can be told which it was.

    `assignment` is GitHub Classroom's assignment, whose clones are named <assignment>-<username>; without it, the
    roster folder's name may give it (hw1-submissions, as GitHub's CLI names it), or the one an earlier run was
    given, `remembered`, or the names the folders share (ClassList.claim_all).
    """
    claims = {}
    listed = getattr(class_list, "path", None)
    for entry in list_entries(roster):
        # The class list itself, kept beside the learners' entries, is no learner's.
        if listed is not None and entry.sources and all(_same_file(source, listed) for source in entry.sources):
            continue
        claims.setdefault(entry.key, []).append(entry)
    single = len(challenges) == 1
    stubs = StubShapes(challenges)
    graded = {challenge.name for challenge in challenges}
    others = [challenge for challenge in course if challenge.name not in graded]
    other_stubs = None
    names = names or ChallengeNames(challenges)
    groups = [_members(entries) for entries in claims.values()]
    every = [learner for members in groups for learner in members]
    if class_list is not None:
        # Every entry is known before any is named: who gets a row must not depend on which comes first.
        class_list.claim_all(every, assignment, assignment_of_clones_folder(roster), remembered)
    elif all(_is_clone(entry) for entries in claims.values() for entry in entries):
        # Only where every entry is a clone: a username must not become the name of another entry (bob/, bob.py).
        usernames = clone_usernames(every, assignment or (remembered if names_a_clone(remembered, every) else ""))
        for members in groups:
            for learner in members:
                learner.name = usernames.get(id(learner), learner.name)
    for learner in every:
        learner.identity.pop("may_be", None)    # whose ids a refused entry's name holds: for a class list alone
    for position, (entries, members) in enumerate(zip(claims.values(), groups)):
        entry, learner = entries[0], members[0]
        try:
            if entry.refused:
                raise EntryRefused(entry.refused)
            if len(entries) > 1:
                raise EntryRefused(f"{learner.entry} are all entries for the learner {learner.name}; "
                                   "keep only one of them and grade again.")
            # Whatever goes wrong reading one entry is that entry's problem, never the class's.
            fingerprint = read_safely(entry.shown, known.fingerprint, entry) if known else None
            reading = known.reading(entry.key, fingerprint) if fingerprint else None
            if reading is not None:
                yield from _shared(members, *reading, reused=True)
                continue
            reader = read_safely(entry.shown, entry.open)
        except EntryRefused as exc:
            problem = str(exc)
            yield from _shared(members, problem, [Submission(challenge.name, problem=problem)
                                                  for challenge in challenges])
            continue
        with reader:
            submissions = [_stage(reader, challenge, spool, f"{position:06d}-{challenge.name}", single, stubs, names)
                           for challenge in challenges]
            problem, holds = "", []
            if challenges and all(submission.problem.startswith(NO_SUBMISSION) for submission in submissions):
                problem = _nothing_to_grade(entry, single, read_safely(entry.shown, reader.code_files),
                                            _archives_inside(reader), _holds_no_file(reader))
                if others:
                    other_stubs = other_stubs or StubShapes(others)
                    holds = _work_held(reader, others, other_stubs)
                if not single and not holds:
                    holds = _loose_file_written_for(reader, names)
        learners = list(_shared(members, problem, submissions, holds=holds))
        if fingerprint:
            known.remember(entry.key, fingerprint, learner)
        yield from learners
    if class_list is not None:
        for person, problem, identity in class_list.unclaimed():
            yield Learner(name=person.name, entry="", problem=problem, identity=identity,
                          submissions=[Submission(challenge.name, problem=problem) for challenge in challenges])


def _is_clone(entry):
    """Whether the roster entry is a folder that a clone of a repository leaves (.git), or a download of one
    (.github, which GitHub Classroom's workflow is in): one GitHub Classroom names <assignment>-<username>."""
    return bool(entry.sources) and all(
        os.path.isdir(source) and any(os.path.lexists(os.path.join(source, name)) for name in (".git", ".github"))
        for source in entry.sources)


def _members(entries):
    """The learners of one entry (and of its duplicates): one, or one per member of a group submission.

    A Gradescope group submission lists several submitters; each is a learner of their own, known by their own
    e-mail and id (so a class list matches each to their own row, and every gradebook has a row for each), with
    the names of the others in their identity's "group". Their submission is read, staged and graded once."""
    entry = entries[0]
    shown = ", ".join(other.shown for other in entries)
    identity = {key: value for key, value in entry.identity.items() if key != "submitters"}
    submitters = entry.identity.get("submitters") or []
    if len(submitters) < 2:
        return [Learner(name=entry.name, entry=shown, identity=identity)]
    names = [member["name"] or member["email"] or member["sid"] or entry.name for member in submitters]
    return [Learner(name=name, entry=shown, identity=dict(
                identity, emails=[member["email"]] if member["email"] else [],
                sids=[member["sid"]] if member["sid"] else [],
                group=[other for index, other in enumerate(names) if index != number]))
            for number, (name, member) in enumerate(zip(names, submitters))]


def _shared(members, problem, submissions, holds=(), reused=False):
    """Each of `members`, given the reading of their one entry."""
    for learner in members:
        learner.problem, learner.submissions, learner.holds, learner.reused = problem, submissions, list(holds), reused
        yield learner


def _work_held(reader, challenges, stubs):
    """The names of the `challenges` whose main.py (or main.ipynb) the entry of `reader` holds, other than their stubs
    as shipped (a release gives learners every challenge's stub)."""
    held = []
    for challenge in challenges:
        try:
            found = read_safely(reader.shown, reader.find, challenge.name)
        except (EntryRefused, NotebookError):
            continue
        if found is not None and not stubs.is_stub(challenge, found[1]):
            held.append(challenge.name)
    return held


def _loose_file_written_for(reader, names):
    """[the challenge whose names the entry's only file defines most nearly (ChallengeNames.reading)], or []: a file
    not named for any challenge (Canvas's and Moodle's downloads) is graded only when one challenge is, and this
    says which one to grade."""
    try:
        found = read_safely(reader.shown, reader.only)
        if found is None:
            return []
        origin, data = found
    except EntryRefused:
        return []
    nearest = names.reading(None, _code_of(origin, data))[1]
    return [nearest] if nearest else []


class KnownEntries:
    """What earlier runs read from each roster entry, kept in the gradebook under a fingerprint of the entry.

    The fingerprint covers every file and folder the entry is read from (name, type, size, inode,
    modification and change times in nanoseconds), the challenges read and their stubs as shipped.
    An entry with a file changed less than RACY_SECONDS before the run started is not remembered:
    a later change within the same tick of the file system's clock would keep its times (git's
    "racily clean" files). A reading is reused only while the gradebook holds a result for every
    one of its submissions under `versions`, so whatever must be graded is staged again.
    """

    RACY_SECONDS = 2.0
    MAX_NODES = 2000        # a larger entry, or one nested deeper than MAX_DEPTH, is read every time rather than walked

    def __init__(self, book, challenges, versions, started):
        self.book, self.versions = book, versions
        self.newest = (started - self.RACY_SECONDS) * 1e9
        context = hashlib.sha256()
        for challenge in challenges:
            context.update(challenge.name.encode() + b"\0" + (shipped_or_none(challenge) or b"") + b"\0")
            # A reading says whether a file is the course's solution: one that changed reads every entry again.
            context.update((solution_or_none(challenge) or b"") + b"\0")
        # A reading kept without a field a Submission or the reading itself now has cannot be reused.
        context.update(" ".join(item.name for item in dataclasses.fields(Submission)).encode() + b"\0problem holds")
        self.context = context.digest()

    def fingerprint(self, entry):
        """The entry's fingerprint, or None when it cannot be trusted to show a change."""
        digest = hashlib.sha256(self.context)
        nodes = 0
        for source in entry.sources:
            for path, info, depth in _walk(os.fspath(source)):
                nodes += 1
                if (info is None or nodes > self.MAX_NODES or depth > MAX_DEPTH
                        or max(info.st_mtime_ns, info.st_ctime_ns) > self.newest):
                    return None
                digest.update(f"{path}\0{info.st_mode}\0{info.st_size}\0{info.st_ino}\0{info.st_mtime_ns}\0"
                              f"{info.st_ctime_ns}\n".encode("utf-8", "surrogateescape"))
        return digest.hexdigest() if nodes else None

    def reading(self, key, fingerprint):
        """(problem, submissions) as read before from the entry `key`, if it still has `fingerprint`, else None."""
        reading = self.book.entry_reading(key, fingerprint)
        if reading is None:
            return None
        submissions = [Submission(**submission) for submission in reading["submissions"]]
        if not all(self.book.known(submission.challenge, submission.content, self.versions[submission.challenge])
                   for submission in submissions if submission.content):
            return None
        return reading["problem"], submissions, reading.get("holds", [])

    def remember(self, key, fingerprint, learner):
        self.book.set_entry_reading(key, fingerprint, {
            "problem": learner.problem, "holds": learner.holds,
            "submissions": [{key: value for key, value in dataclasses.asdict(submission).items() if key != "staged"}
                            for submission in learner.submissions]})


def _walk(path):
    """(path, lstat, depth) of the path `path` (a str) and of everything below it when it is a folder, links not
    followed, parents before their children; (path, None, depth) where that cannot be read. Walked with a list of
    what is still to read, not by recursion: no nesting exhausts Python's stack."""
    pending = [(path, 0)]
    while pending:
        path, depth = pending.pop()
        try:
            info = os.lstat(path)
        except OSError:
            yield path, None, depth
            continue
        yield path, info, depth
        if stat.S_ISDIR(info.st_mode):
            try:
                children = sorted(os.listdir(path))
            except OSError:
                yield path, None, depth
                continue
            pending += [(os.path.join(path, name), depth + 1) for name in reversed(children)]


def _nothing_to_grade(entry, single, code_files=(), archives="", empty=False):
    """Why `entry` has nothing to grade: no main.py anywhere, no file at all (`empty`), or nothing but online text (an
    LMS's text entry). `code_files`: the .py files and notebooks it holds, named where they are why no file was taken;
    `archives`: _archives_inside's sentence."""
    if entry.no_code and len(entry.no_code) == len(entry.sources) and not entry.left_out:
        return (f"nothing to grade: {entry.shown} is online text, which holds no file to grade; ask for main.py as a "
                "file upload.")
    if empty and not entry.no_code and not entry.left_out:
        return (f"nothing to grade: {entry.shown} is empty, with no file in it at all; ask the learner to hand in "
                "their main.py again.")
    why = (f"nothing to grade: {entry.shown} holds no main.py (or main.ipynb) for any of the challenges graded, "
           "neither as challenges/<name>/main.py nor as <name>/main.py" + (
               " nor as a bare main.py." if single else
               "; a bare main.py counts only when one challenge is graded (--challenge)."))
    # A bare main.py the sentence above speaks of already, with several challenges graded, and work in a challenge's
    # own folder, which the entry is told it holds (Learner.holds).
    listed = [name for name in code_files if (single or name not in ("main.py", "main.ipynb"))
              and not any(CHALLENGE_NAME.fullmatch(part) for part in PurePosixPath(name).parts[:-1])]
    if len(listed) > 1 or (listed and not single):
        more = [f"{len(listed) - 5} more"] if len(listed) > 5 else []
        held = joined([on_one_line(name) for name in listed[:5]] + more)
        mains = any(PurePosixPath(name).name in ("main.py", "main.ipynb") for name in listed)
        why += (f" It holds {held}: " + (
            "name each challenge's file challenges/<name>/main.py." if not single else
            "main.py in folders named for no challenge; put the one to grade at challenges/<name>/main.py or at the "
            "top of the entry." if mains else
            "a lone .py file or notebook is graded whatever its name, but of several the learner must name the one "
            "to grade main.py."))
    why += archives
    why += f" Its online text ({', '.join(entry.no_code)}) holds no code either." if entry.no_code else ""
    return why + "".join(f" Left out: {reason}" for reason in entry.left_out)


def _holds_no_file(reader):
    """Whether the entry `reader` reads holds nothing at all: an empty folder or archive (not one holding only what a
    grader passes over, such as a __pycache__ or .git folder). False where that cannot be told."""
    paths = getattr(reader, "paths", None)    # an LMS's loose uploads are never an empty entry
    try:
        if paths is None or paths():
            return False
        folder, archive = getattr(reader, "path", None), getattr(reader, "archive", None)
        if isinstance(folder, Path):
            with os.scandir(folder) as children:
                return next(children, None) is None
        return archive is not None and not archive.infolist()
    except (OSError, EntryRefused):   # unreadable entries are told of where they are read
        return False


def joined(names):
    """Names in a sentence: "a", "a and b", "a, b and c"."""
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def no_code_note(name, size=""):
    """The note on a file `name` that holds no code, for grades.csv and for the learner's feedback; `size`: "0 bytes"
    or "blank lines only", where it is known."""
    return f"{name} holds no code{f' ({size})' if size else ''}: was the work saved in it?"


def _same_file(path, other):
    try:
        return os.path.samefile(path, other)
    except (OSError, ValueError):
        return False


def _notebook_with_work(reader, challenge, single, stubs):
    """Where the learner's entry holds a notebook for `challenge` that is not its stub as shipped, its path; else
    None. One that cannot be read counts as holding work: it is named, never graded."""
    try:
        found = read_safely(reader.shown, reader.find, challenge.name, single, (".ipynb",))
    except EntryRefused:
        return None
    if found is None:
        return None
    return on_one_line(found[0]) if _notebook_holds_work(challenge, *found, stubs) else None


def _notebook_holds_work(challenge, origin, data, stubs):
    """Whether the notebook `origin` (its bytes `data`) is not `challenge`'s stub as shipped; one that cannot be read
    is taken to hold work, so that the judge says why it cannot be graded."""
    try:
        code = code_of_notebook(data, PurePosixPath(origin).name).encode("ascii")
    except NotebookError:
        return True
    return not stubs.is_stub(challenge, _python_of_notebook(code))


def _named_with_work(reader, challenge, single, stubs, chosen):
    """(origin, bytes) of a .py file the entry holds named for `challenge` (<challenge>.py, or main.py where one
    challenge is graded: grader.classroom.entries.named_files), other than the file `chosen`, that is not its stub as
    shipped, or None: graded in the place of a chosen stub, as the exported autograder takes it, else named."""
    try:
        named = read_safely(reader.shown, reader.named, challenge.name, single)
    except EntryRefused:
        return None    # the stub chosen is graded, as where there were no other file
    root = challenge.path.parent.parent
    return next(((origin, data) for origin, data in named if on_one_line(origin) != chosen
                 and not stubs.is_stub(challenge, data) and not course_file(origin, root)
                 and not course_stub(data, root)), None)


def _other_code_files(reader, challenge):
    """The names of the .py files and notebooks of an entry other than those named for `challenge` (main.py,
    <challenge>.py and their notebooks) and those the course ships (a clone of the course holds its checks and its
    grader): files beside an untouched stub that may hold the work."""
    root = challenge.path.parent.parent
    try:
        names = [on_one_line(path) for path in reader.code_files()
                 if of_other_names(path, challenge.name) and not course_file(path, root)]
    except EntryRefused:
        return []
    return names


@functools.cache
def _course_files(root):
    """The relative paths of the .py files and notebooks of the course at `root` that a release ships: its
    challenges' and its grader's."""
    return frozenset(path.relative_to(root).as_posix() for folder in ("challenges", "grader")
                     for path in (root / folder).rglob("*") if path.suffix in (".py", ".ipynb") and path.is_file())


def course_file(path, root):
    """Whether the entry's file `path` is one of the .py files or notebooks the course at `root` ships (its
    challenges' and its grader's), where a clone of the course or of a release holds it."""
    return _shipped(path, _course_files(Path(root)))


# Said of a file graded that is another challenge's stub as shipped.
OTHER_STUB_GRADED = ("{origin} is another challenge's stub as shipped, statement for statement (comments and layout "
                     "aside): later stubs give earlier challenges' classes as working code, so its grade is the "
                     "course's, not a measure of the learner's work on {challenge}.")


def course_stub(data, root):
    """Whether `data` is the stub as shipped of any challenge of the course at `root`: copied or moved elsewhere, a
    later challenge's stub gives an earlier one's classes as working code, and is none of the learner's work."""
    stubs, challenges, others = _course_stubs(Path(root))
    return any(stubs.is_stub(challenge, data) for challenge in challenges) or others.holds(data)


@functools.cache
def _course_stubs(root):
    from grader.course import load_challenges

    challenges = load_challenges(root)
    return StubShapes(challenges), challenges, OtherStubs(root)


def _shipped(path, shipped):
    """Whether the entry's file `path` is one of the course's files (`shipped`), at the top of the entry or in a
    folder that wraps its clone."""
    parts = path.split("/")
    return any("/".join(parts[start:]) in shipped for start in range(len(parts)))


def _archives_inside(reader):
    """A sentence saying that the entry (a folder or an archive) holds .zip files, which are not opened inside it, so
    the learner's files may be there; "" where it holds none."""
    try:
        archives = [path for path in getattr(reader, "paths", lambda: [])() if path.lower().endswith(".zip")]
    except EntryRefused:
        return ""
    if not archives:
        return ""
    one = len(archives) == 1
    return (f" It holds {'an archive' if one else 'archives'}, {some_of(archives, 3)}, which {'is' if one else 'are'} "
            "not opened inside it: the files may be there. Have the learner hand them in unzipped, or unzip "
            f"{'it' if one else 'them'} into the entry.")


def _python_of_notebook(data, name=None):
    """The Python of a notebook's code cells (`data`, code_of_notebook's JSON) that the stub could hold, and whose
    names say which challenge it was written for: without the lines only IPython runs, which a released notebook adds
    to the stub's cells (%load_ext grader, %grade). b"" where the cells cannot be read, or, given the notebook's
    `name`, the NotebookError the judge would raise, naming it."""
    python = python_of_notebook(data.decode("ascii"), name) or ""
    return "\n".join(line for line in python.splitlines() if line != "pass").encode("utf-8")


def _code_of(origin, data):
    """The code of the file `origin` (its bytes `data`) whose names say which challenge it was written for: a
    notebook's is its code cells' Python (_python_of_notebook), b"" where they cannot be read."""
    if not origin.lower().endswith(".ipynb"):
        return data
    try:
        return _python_of_notebook(code_of_notebook(data, PurePosixPath(origin).name).encode("ascii"))
    except NotebookError:
        return b""


def _stage(reader, challenge, spool, name, single, stubs, names):
    """Copy the learner's main.py for `challenge` into `spool` as `name` (plus its suffix), or say why there is
    none. When one challenge is graded and no file is named for it, the entry's only file is taken (only_upload)."""
    note, others, only = "", [], False
    try:
        found = read_safely(reader.shown, reader.find, challenge.name, single)
        if found is None and single:
            found = read_safely(reader.shown, reader.only)
            only = found is not None
            folder = found and other_challenge_of(found[0], challenge.name, by_name=False)
            if folder and not names.reading(challenge.name, _code_of(*found))[0]:
                found = None     # that challenge's work, which the entry is told it holds (Learner.holds)
            elif folder:
                note = (f"{on_one_line(found[0])} lies in the folder of {folder} but defines names this "
                        "challenge's checks look for, so it was graded for this one.")
            elif found is not None and not getattr(reader, "entry_itself", False):
                late = " of the latest submission" if getattr(reader, "set_aside", ()) else ""
                note = (f"no file{late} is named main.py, so the only .py file or notebook handed in, "
                        f"{on_one_line(found[0])}, was graded in its place.")
        if found is None:
            return Submission(challenge.name, problem=(
                f"{NO_SUBMISSION}: {reader.shown} has no challenges/{challenge.name}/main.py "
                f"(nor {challenge.name}/main.py).{_archives_inside(reader)}"))
        origin, data = found
        origin = on_one_line(origin)     # the learner named it: it is said in notes, each of which is one line
        notebook = origin.lower().endswith(".ipynb")
        untouched = not notebook and stubs.is_stub(challenge, data)
        # Who works in a notebook may hand in the stub main.py beside it, as the course shipped it.
        beside = read_safely(reader.shown, reader.find, challenge.name, single, (".ipynb",)) if untouched else None
        if beside is not None and not _notebook_holds_work(challenge, *beside, stubs):
            beside = None    # a released notebook as handed out: the stub it stands beside is graded, as untouched
        named = _named_with_work(reader, challenge, single, stubs, origin) if untouched and beside is None else None
        stub_origin = None   # the untouched stub set aside for the file named for the challenge
        if beside is not None:
            note = (f"{note} " if note else "") + (
                f"{origin} is the stub as shipped, so the notebook {on_one_line(beside[0])} was graded in its place.")
            (origin, data), notebook, untouched = beside, True, False
        elif named is not None:
            note = (f"{note} " if note else "") + (
                f"{origin} is the stub as shipped, so {on_one_line(named[0])}, named for the challenge and holding "
                "work, was graded in its place.")
            stub_origin, (origin, data), untouched = origin, (on_one_line(named[0]), named[1]), False
        elif not notebook and not untouched:
            also = _notebook_with_work(reader, challenge, single, stubs)
            if also:
                note = (f"{note} " if note else "") + (
                    f"{also} holds work too, and was not graded: {origin} was, since it is not the stub as shipped. "
                    "If the learner worked in the notebook, grade it by itself (main.py back to the stub).")
            other = _named_with_work(reader, challenge, single, stubs, origin)
            # An earlier upload of the file graded (main.py beside main (1).py) is no other work: the note on the
            # latest upload below says which was taken.
            if other is not None and other[1] != data and copy_of(PurePosixPath(other[0]).name)[0] \
                    != copy_of(PurePosixPath(origin).name)[0]:
                note = (f"{note} " if note else "") + (
                    f"{on_one_line(other[0])} holds other work for the challenge, and was not graded: {origin} was, "
                    "as the file found first. If the learner's work is in the other, grade that file by itself.")
        elif untouched and not notebook:
            # The entry's only code file, taken whatever its name, has none beside it.
            elsewhere = [] if only else _other_code_files(reader, challenge)
            # Of a submission to one assignment, a file beside the stub most likely holds the work: the summary
            # warns. A clone of the whole course holds files of the learner's for other challenges too: a note.
            others = elsewhere if single else []
            if elsewhere:
                note = (f"{note} " if note else "") + (
                    f"{origin} is the stub as shipped; the entry also holds {some_of(elsewhere, 3)}, not graded, since "
                    f"only main.py, {challenge.name}.py or a notebook of those names is taken for the challenge "
                    "beside other files. If the learner's work is there, put that file in the stub's place in the "
                    "roster (remove the stub's file, rename the other file to main.py or main.ipynb) and grade the "
                    "learner again with grade report's --learner.")
        if not note and copy_of(PurePosixPath(origin).name)[1]:
            note = (f"{origin} was graded, as the latest upload: an LMS numbers a file uploaded again under a name it "
                    "holds already (main (1).py, main-1.py), and the highest number is the latest.")
        set_aside = getattr(reader, "set_aside", ())
        if set_aside:
            older = on_one_line(", ".join(set_aside))
            note = (f"{note} " if note else "") + (
                f"{origin} is of the learner's latest submission, which replaced their earlier {older}, set aside.")
        # The stub set aside for the file named for the challenge is of the same submission, whenever uploaded.
        later = [shown for shown in (reader.uploaded_after(origin) if hasattr(reader, "uploaded_after") else [])
                 if shown != stub_origin]
        if later:
            note = (f"{note} " if note else "") + (
                f"{on_one_line(', '.join(later))} {'was' if len(later) == 1 else 'were'} uploaded after {origin}, as "
                "Canvas numbers uploads: if this folder holds a download unzipped over an earlier one, the "
                "learner's latest submission may be that; unzip each download into an empty folder.")
        # A notebook keeps its suffix: the judge runs its code cells, and nothing else of it is staged. Cells the
        # judge cannot read are said here, by the learner's name for the file: the grading process has only its copy.
        data = code_of_notebook(data, PurePosixPath(origin).name).encode("ascii") if notebook else data
        code = _python_of_notebook(data, PurePosixPath(origin).name) if notebook else data
        if notebook:
            untouched = stubs.is_stub(challenge, code)
        solution = not untouched and stubs.is_solution(challenge, code)
        if solution:
            copied = (f"{origin} is the course's own solution of {challenge.name}, statement for statement (comments "
                      "and layout aside): its grade is the solution's, not a measure of the learner's work.")
            note = f"{note} {copied}" if note else copied
        elif not untouched and course_stub(code, challenge.path.parent.parent):
            copied = OTHER_STUB_GRADED.format(origin=origin, challenge=challenge.name)
            note = f"{note} {copied}" if note else copied
    except (EntryRefused, NotebookError) as exc:
        return Submission(challenge.name, problem=str(exc))
    staged = spool.stage(name + (".ipynb" if notebook else ".py"), data)
    empty = not notebook and not data.strip()
    if empty:
        # Every check fails as "not defined"; the row says why, as the learner's page does.
        why = no_code_note(origin, "0 bytes" if not data else "blank lines only")
        note = f"{note} {why}" if note else why
    checked, resembles, defines = names.reading(challenge.name, code)
    if resembles and resembles != challenge.name and not checked and not untouched:
        # Another challenge's file handed in for this one: its zero is no attempt at this challenge.
        looks = (f"{origin} looks written for {resembles}: it defines none of the names {challenge.name}'s checks "
                 "look for.")
        note = f"{note} {looks}" if note else looks
    return Submission(challenge.name, origin=origin, staged=staged, content=content_digest(data, notebook),
                      untouched=untouched, empty=empty, note=note, checked_names=checked, resembles=resembles,
                      defines=defines, solution=solution, others=others)
