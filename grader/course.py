"""The course on disk: where it lives, its challenges, and how a name finds one."""
import hashlib
import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

from grader import __version__, modules
from grader.limits import Limits
from grader.modules import import_path

CHALLENGE_NAME = re.compile(r"^challenge_(\d+)_([a-z0-9_]+)$")
MODULE_NAME = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
PACKAGE_PARENT = Path(__file__).resolve().parent.parent
# The code that decides every result: a change in it makes stored results stale.
JUDGING_PACKAGES = ("grader", "reference")
# The course's state: progress, backups, cached answers, course files found changed. The learner's, never committed.
STATE_FOLDER = ".nnfs-grade"
# Where `grade release --notebooks` puts each challenge as a notebook (grader.classroom.release_notebooks).
NOTEBOOKS = "notebooks"
# What Python and pytest write in the course's folders as they run its code: never part of the course.
CACHES = ("__pycache__", ".pytest_cache")
# What a challenge's folder holds (and .pristine/ holds main.py alone); grade dev check calls anything else a stray,
# and a release or an autograder takes none of it: an instructor's copy of the course may hold a class report, a
# learner's upload or a solved notebook beside a challenge's files. equivalent_mutants.toml lists the mutants of the
# solution that `grade dev mutate` cannot kill, and why.
CHALLENGE_FILES = ("main.py", "README.md", "challenge.toml", "spec.py", "scenarios.py", "hidden_spec.py",
                   "hidden_scenarios.py", "equivalent_mutants.toml", ".pristine")
# No file of the course comes near this; it bounds what is read of a file that keeps growing.
COURSE_FILE_BYTES = 64 << 20
# What each file of a challenge holds, for the sentence about one that is not a plain file.
HOLDS = {"README.md": "the instructions", "challenge.toml": "the challenge's settings", "spec.py": "the checks",
         "scenarios.py": "what the checks run", "hidden_spec.py": "the hidden checks",
         "hidden_scenarios.py": "what the hidden checks run", "answers.json": "the reference's recorded answers"}


# Pseudo-files there stat as regular files but hold the reading process's or the kernel's state
# (/proc/self/environ: its environment, secrets included): never a file of the course, whatever links there.
PSEUDO_FOLDERS = ("/proc", "/sys", "/dev")
# The course's folders that learners never receive: a link into one would ship what they hold.
NEVER_SHIPPED = ("solutions", "reference")
# The hidden checks, which a release leaves out.
HIDDEN_FILES = ("hidden_spec.py", "hidden_scenarios.py")


class CourseError(Exception):
    """The course or a challenge cannot be found or read; the message says what to do."""


@dataclass(frozen=True)
class Challenge:
    name: str              # folder name: challenge_<N>_<topic>
    number: int            # N, the position in the course
    title: str             # shown at the top of every report
    chapter: str           # the book chapter(s) it follows, e.g. "9" or "2-5"
    summary: str           # one sentence for listings
    hints: tuple           # challenge-wide hints, from a first nudge to the most specific
    kind: str              # "exercise" (the stub has TODOs) or "debugging" (the stub has bugs)
    reference: str         # module the scenarios run on in the judge
    limits: Limits         # time and memory allowed to the learner's code
    path: Path             # the challenge folder
    order: float = 0.0     # its place in the course: `order` in challenge.toml, else the first book chapter
    # Modules its scenarios or the learner's code load that every worker would otherwise import itself (a zygote
    # imports them once, before it forks workers): `worker_imports` in challenge.toml.
    worker_imports: tuple = ()

    @property
    def course_position(self):
        """The sort key of course order: book order first, then the number among challenges of one chapter."""
        return (self.order, self.number)

    @property
    def stub(self):
        return self.path / "main.py"

    @property
    def pristine(self):
        """The stub as the course ships it, which `grade reset` restores."""
        return self.path / ".pristine" / "main.py"

    @property
    def shipped_stub(self):
        """The stub learners start from: .pristine/main.py, which main.py in a checkout may have moved away from;
        main.py only where there is nothing at all at .pristine/main.py."""
        return self.pristine if os.path.lexists(self.pristine) else self.stub

    def read_pristine(self, within=None):
        """The bytes of .pristine/main.py, or None where there is none. Raises CourseError where it is not a plain
        file of at most 1 MiB: a pipe or device there is refused unopened, never waited on or read without end.
        `within`: the course's folder, where the bytes go to a learner (read_course_file)."""
        return self._read_stub(self.pristine, within) if os.path.lexists(self.pristine) else None

    def read_shipped(self, within=None):
        """The bytes of shipped_stub, or None where neither file is there. Raises CourseError as read_pristine does."""
        return self._read_stub(self.shipped_stub, within) if os.path.lexists(self.shipped_stub) else None

    @property
    def solution(self):
        """The course's solution, which an instructor's clone holds and a release leaves out."""
        return self.path.parent.parent / "solutions" / self.name / "main.py"

    def read_solution(self):
        """The bytes of the course's solution, or None where there is none. Raises CourseError as read_pristine
        does."""
        from grader.judge.submission import MAX_BYTES

        return read_course_file(self.solution, limit=MAX_BYTES) if os.path.lexists(self.solution) else None

    def _read_stub(self, path, within):
        from grader.judge.submission import MAX_BYTES

        return read_course_file(path, limit=MAX_BYTES, within=within, advice=(
            f"It should hold the stub of {self.name} as the course ships it, as a plain file: put it back (git "
            "checkout restores it where the course is a git repository), then run the command again."))

    @property
    def spec(self):
        return self.path / "spec.py"

    @property
    def scenarios(self):
        return self.path / "scenarios.py"

    @property
    def hidden_spec(self):
        """Checks only the instructor runs; `grade release` leaves this file out."""
        return self.path / "hidden_spec.py"

    @property
    def hidden_scenarios(self):
        """Scenarios only the hidden checks use, left out of a release with them."""
        return self.path / "hidden_scenarios.py"

    @property
    def answers(self):
        """The reference's recorded answers, which a release ships instead of the reference."""
        return self.path / "answers.json"

    # Whatever is at these names counts, a pipe or a folder too: it is refused with a sentence when read, rather
    # than a challenge graded without its checks.
    @property
    def spec_files(self):
        return [path for path in (self.spec, self.hidden_spec) if os.path.lexists(path)]

    @property
    def scenario_files(self):
        return [path for path in (self.scenarios, self.hidden_scenarios) if os.path.lexists(path)]

    @property
    def check_files(self):
        """Every file that decides what a submission scores: a change in one makes old results stale."""
        recorded = [self.answers] if os.path.lexists(self.answers) else []
        return [*self.spec_files, *self.scenario_files, self.path / "challenge.toml", *recorded]

    @property
    def readme(self):
        return self.path / "README.md"

    def readme_note(self):
        """A sentence saying the instructions cannot be read, where something other than a plain file is in their
        place; else None. For the commands that never read them, and go on."""
        try:
            if os.path.lexists(self.readme):
                require_course_file(self.readme, advice=(
                    f"It should be a plain file holding the instructions of {self.name}; the command goes on "
                    "without them. Put it back (git checkout restores it where the course is a git repository)."))
        except CourseError as exc:
            return f"Note: {exc}"
        return None

    def strays(self):
        """The entries of the challenge's folder that are none of CHALLENGE_FILES, and of .pristine/ but its
        main.py, caches apart, in name order: what a release and an autograder leave out."""
        return [*entries_of(self.path, lambda name: name not in CHALLENGE_FILES),
                *entries_of(self.pristine.parent, lambda name: name != "main.py")]

    def require_plain_files(self, within=None):
        """Raise CourseError where one of the challenge's files (its README, settings, checks and scenarios; the
        stubs are read by read_shipped) is there but is not a plain file: a pipe, a device, a link to one, a
        folder; or, with `within` (the course's folder), a link that require_course_link refuses. Nothing is
        opened."""
        for path in (self.readme, self.path / "challenge.toml", *self.check_files):
            if os.path.lexists(path):
                require_course_file(path, within=within)


def entries_of(folder, chosen=lambda name: True):
    """The entries of `folder` whose names are `chosen`, caches apart, in name order; none where it is no folder."""
    if not folder.is_dir():
        return []
    return sorted(entry for entry in folder.iterdir() if entry.name not in CACHES and chosen(entry.name))


def read_course_file(path, advice=None, limit=COURSE_FILE_BYTES, within=None):
    """The bytes of the course's file at `path`, read once as a submission is (grader.judge.submission): a pipe or
    a device there, or a link to one, is refused unopened, never waited on or read without end. Raises CourseError,
    which names `path`, says what is there and ends with `advice` (by default, what the file holds and how to put
    it back). `within`: the course's folder, for a file learners receive: a link that leads where such a file may
    not come from is refused too (require_course_link)."""
    from grader.judge.submission import SubmissionRefused, read_submission

    advice = advice or _put_back(path)
    if within is not None:
        require_course_file(path, advice, limit, within)
    try:
        return read_submission(path, limit=limit, advice=advice)
    except SubmissionRefused as refused:
        raise _course_error(refused, advice) from None


def require_course_file(path, advice=None, limit=COURSE_FILE_BYTES, within=None):
    """Raise the CourseError read_course_file would, without opening `path`: for a file read by other means (an
    import, a folder's copy)."""
    from grader.judge.submission import SubmissionRefused, check_regular

    advice = advice or _put_back(path)
    try:
        check_regular(path, limit=limit, advice=advice)
    except SubmissionRefused as refused:
        raise _course_error(refused, advice) from None
    if within is not None:
        require_course_link(path, within)


def require_course_link(path, root):
    """Raise CourseError where `path`, or a folder on its way from the course's folder `root`, is a symbolic link
    that leads where a file learners receive may not come from: out of the course's folder, into /proc, /sys or
    /dev, or to what learners never receive (the solutions, the reference, the hidden checks, the course's hidden
    folders such as .git). Links that stay among the course's shipped files are followed. Nothing is opened."""
    root, path = os.path.abspath(root), os.path.abspath(path)
    inside = os.path.commonpath((root, path)) == root
    link = next((part for part in _on_the_way(root, path) if os.path.islink(part)), None) if inside else None
    if inside and link is None:
        return
    course, leads = os.path.realpath(root), os.path.realpath(path)
    where = _never_shipped(course, leads, Path(path).name)
    if where is None:
        return
    if link == path:
        said = os.readlink(link)
        start = f"{path} is a symbolic link to {said}" + (f" ({leads})" if said != leads else "") + f", {where}"
    elif link is not None:
        start = f"{path} lies under the symbolic link {link} and leads to {leads}, {where}"
    else:
        # A challenge's folder is known by its resolved path: a link at challenges/<name> was followed before.
        start = f"{path} was reached through a symbolic link in {root}: it is {where}"
    raise CourseError(f"{start}, so it was not read. It should be a plain file of the course: replace the "
                      "link with the file itself, then run the command again.")


def _on_the_way(root, path):
    """`path` and the folders between it and `root`, which holds it, nearest first."""
    parts = Path(path).relative_to(root).parts
    return [os.path.join(root, *parts[:end]) for end in range(len(parts), 0, -1)]


def _never_shipped(course, leads, name):
    """Why the file learners receive as `name` may not come from `leads`, a resolved path; None where it may."""
    for pseudo in PSEUDO_FOLDERS:
        if os.path.commonpath((pseudo, leads)) == pseudo:
            return (f"a file of {pseudo}, whose files hold the system's state (a process's environment, the kernel's "
                    "settings, a device), not the course's")
    if os.path.commonpath((course, leads)) != course:
        return f"outside the course's folder {course}"
    parts = Path(leads).relative_to(course).parts
    if parts and (parts[0] in NEVER_SHIPPED or parts[0].startswith(".")):
        return f"in {parts[0]}/ of the course, which learners never receive"
    if parts and parts[-1] in HIDDEN_FILES and name not in HIDDEN_FILES:
        return "one of the hidden checks, which a release leaves out"
    return None


def _put_back(path):
    holds = HOLDS.get(Path(path).name)
    if holds is None:
        return "It should be a plain file: put the file back or delete what is there, then run the command again."
    return (f"It should be a plain file holding {holds}: put it back (git checkout restores it where the course is "
            "a git repository), then run the command again.")


def _course_error(refused, advice):
    message = str(refused)
    return CourseError(message if advice in message else f"{message} {advice}")


def shipped_or_none(challenge):
    """challenge.read_shipped(), or None where it raises CourseError: for what reads the stub only to recognise it
    in a learner's file, and does without it."""
    try:
        return challenge.read_shipped()
    except CourseError:
        return None


def solution_or_none(challenge):
    """challenge.read_solution(), or None where it raises CourseError, as shipped_or_none does for the stub."""
    try:
        return challenge.read_solution()
    except CourseError:
        return None


def find_root(start=None):
    """The nearest folder, from `start` upwards, that holds challenges/; else the installed one."""
    start = Path(start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if _is_course(folder):
            return folder
    if _is_course(PACKAGE_PARENT):
        return PACKAGE_PARENT
    raise CourseError(
        f"No course found: neither {start} nor any folder above it has a challenges/ folder. "
        "Run grade from inside your copy of the repository."
    )


def _is_course(folder):
    challenges = folder / "challenges"
    return challenges.is_dir() and any(challenges.glob("challenge_*/challenge.toml"))


def load_challenges(root):
    """Every challenge of the course, in course order: the book's order, which numbers alone do not give
    (challenge 11 follows chapters 6 to 8, so it comes between challenges 4 and 5)."""
    challenges = []
    for folder in sorted((Path(root) / "challenges").iterdir()):
        if CHALLENGE_NAME.match(folder.name) and os.path.lexists(folder / "challenge.toml"):
            challenges.append(load_challenge(folder))
    return sorted(challenges, key=lambda challenge: challenge.course_position)


def find_challenge(root, query):
    """resolve(query, load_challenges(root)), reading the metadata of the one challenge meant where the folders'
    names settle it (the learner's `grade N` reads one challenge.toml, not all of them). Raises CourseError."""
    folders = [folder for folder in sorted((Path(root) / "challenges").iterdir())
               if CHALLENGE_NAME.match(folder.name) and os.path.lexists(folder / "challenge.toml")]
    try:
        named = resolve(query, [_Named(folder) for folder in folders])
    except CourseError:
        return resolve(query, load_challenges(root))   # whose message lists the challenges in course order
    return load_challenge(named.path)


class _Named:
    """What resolve reads of a challenge: its folder's name and number."""

    def __init__(self, folder):
        self.path, self.name, self.number = folder, folder.name, int(CHALLENGE_NAME.match(folder.name).group(1))


def load_challenge(folder):
    folder = Path(folder)
    match = CHALLENGE_NAME.match(folder.name)
    if not match:
        raise CourseError(f"{folder.name} is not a challenge name: it must look like challenge_<N>_<topic>.")
    settings = read_course_file(folder / "challenge.toml")
    try:
        meta = tomllib.loads(settings.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(f"{folder / 'challenge.toml'} cannot be read: {exc}") from None
    try:
        return Challenge(
            name=folder.name,
            number=int(match.group(1)),
            title=meta["title"],
            chapter=str(meta["chapter"]),
            summary=meta.get("summary", ""),
            hints=tuple(meta.get("hints", ())),
            kind=meta.get("kind", "exercise"),
            reference=meta.get("reference", "reference"),
            limits=Limits(**meta.get("limits", {})),
            path=folder.resolve(),
            order=float(meta.get("order", _first_chapter(meta["chapter"]))),
            worker_imports=_module_names(meta.get("worker_imports", [])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CourseError(f"{folder / 'challenge.toml'} lacks a setting or has an unknown one: {exc}") from None


def worker_imports(challenges):
    """The worker_imports of `challenges`, each once, in their order."""
    return list(dict.fromkeys(name for challenge in challenges for name in challenge.worker_imports))


def _module_names(names):
    """`worker_imports`: a list of dotted module names. Raises ValueError."""
    if not isinstance(names, list) or not all(isinstance(name, str) and MODULE_NAME.match(name) for name in names):
        raise ValueError(f"worker_imports must be a list of module names such as \"PIL.Image\", not {names!r}")
    return tuple(names)


def _first_chapter(chapter):
    """The first book chapter of a `chapter` setting such as "9" or "16-17"; past the book when it names none."""
    match = re.match(r"\s*(\d+)", str(chapter))
    return int(match.group(1)) if match else float("inf")


def resolve(query, challenges):
    """The challenge a learner means by a full name, a number, a unique fragment or its folder's path."""
    query = _name_in_path(query.strip())
    names = ", ".join(challenge.name for challenge in challenges)
    for challenge in challenges:
        if challenge.name == query:
            return challenge
    if query.isdigit():
        for challenge in challenges:
            if challenge.number == int(query):
                return challenge
        raise CourseError(f"There is no challenge number {query}. The challenges are: {names}.")
    matches = [challenge for challenge in challenges if query.lower() in challenge.name.lower()]
    # "challenge_1" means challenge_1_forward_pass, not challenge_10_model: a whole leading part wins.
    whole = [challenge for challenge in matches if challenge.name.lower().startswith(query.lower().rstrip("_") + "_")]
    if len(whole) == 1:
        return whole[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CourseError(f"No challenge matches {query!r}. The challenges are: {names}.")
    raise CourseError(
        f"{query!r} matches more than one challenge ({', '.join(c.name for c in matches)}): "
        "give more of the name, or its number."
    )


def checks_version(challenge, sealed=None):
    """A digest of everything that decides a result besides the submission itself: the challenge's
    check files, the grader's and the reference's code. The learner's `grade list` and the class
    gradebook both key stored results by it, so a fix to any of them makes both grade again.
    `sealed`: files' bytes as a seal read them (grader.judge.seal), used rather than reading them again."""
    digest = hashlib.sha256(_code_digest(sealed).encode())
    for path in challenge.check_files:
        digest.update(b"\0" + path.name.encode() + b"\0" + _bytes(path, sealed))
    return digest.hexdigest()


_code_digests = []   # the one digest of the judging packages this process computed


def _code_digest(sealed=None):
    """The digest of the grader's version and the judging packages' sources, read once per process."""
    if not _code_digests:
        modules.read.append(str(PACKAGE_PARENT))
        digest = hashlib.sha256(__version__.encode())
        for path in (path for package in JUDGING_PACKAGES
                     for path in files_under(PACKAGE_PARENT / package, (".py",))):
            digest.update(b"\0" + str(path.relative_to(PACKAGE_PARENT)).encode() + b"\0" + _bytes(path, sealed))
        _code_digests.append(digest.hexdigest())
    return _code_digests[0]


def _bytes(path, sealed):
    data = sealed.get(path) if sealed else None
    return read_course_file(path) if data is None else data


def state_folder(root, *parts):
    """The folder `parts` of the state folder of the course at `root`, made if missing, with the .gitignore that
    keeps the whole state folder out of the learner's commits. Raises OSError."""
    state = Path(root) / STATE_FOLDER
    folder = state.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        # Made only where no name is there, a link to nowhere included: never written through a link.
        descriptor = os.open(state / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        return folder
    with os.fdopen(descriptor, "w") as ignore:
        ignore.write("*\n")
    return folder


def output_may_replace(path, suffixes):
    """Whether a command may write its output file at `path`: where nothing is, or over a file of its own kind
    (one of `suffixes`, such as an earlier report) that has no other name; never through a link, and never over a
    file with other names (hard links), whose content is some other file's too."""
    if os.path.islink(path):
        return False
    if not os.path.exists(path):
        return True
    return Path(path).suffix.lower() in suffixes and os.path.isfile(path) and os.stat(path).st_nlink == 1


def replace_file(path, data):
    """Make the file `path` hold the bytes `data`, whole, and never seen half-written: written to a new file beside
    it, never through a name that is there (a link planted at a temporary's name would have the write land
    anywhere), then renamed over `path`, which replaces a link itself rather than what it points to. Raises OSError."""
    import tempfile

    descriptor, temporary = tempfile.mkstemp(dir=Path(path).parent, prefix=f".{Path(path).name}.", suffix=".tmp")
    try:
        # mkstemp's file is the owner's alone: the new file gets the mode of the one it replaces, or the umask's.
        os.fchmod(descriptor, _mode_for(path))
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _mode_for(path):
    """The permissions of the regular file at `path`, or those a new file gets from the umask."""
    try:
        found = os.lstat(path)
        if stat.S_ISREG(found.st_mode):
            return stat.S_IMODE(found.st_mode)
    except OSError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def stamped(name):
    """name(stamp) for the stamps that tell copies made at this second apart, in turn: the time, then the time and
    1, 2, ... (20261201-174854, 20261201-174854-1); the caller takes the first name that is free."""
    import itertools
    import time

    stamp = time.strftime("%Y%m%d-%H%M%S")
    yield name(stamp)
    for counter in itertools.count(1):
        yield name(f"{stamp}-{counter}")


def files_under(folder, suffixes):
    """The files under `folder` (a Path) whose names end with one of `suffixes`, sorted; bytecode caches left out.

    Every grading lists the grader's files twice (its digest here, and grader.judge.seal), and os.walk
    does it several times faster than Path.rglob."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [Path(parent, name) for name in names if name.endswith(suffixes)]
    return sorted(found)


def _import_course_file(name, path):
    """import_path, for a file of the course that is a plain file (require_course_file): an import would wait on a
    pipe for ever."""
    require_course_file(path)
    return import_path(name, path)


def max_score(challenge, load=_import_course_file):
    """The points a challenge's checks are worth, without running any; `load`: see checks_of."""
    return sum(info.points for info in checks_of(challenge, load))


def checks_of(challenge, load=_import_course_file):
    """The CheckInfo of every check a challenge declares, in declaration order, hidden ones last.
    `load(name, path)` makes a spec file's module (a seal's `module` runs the text it read earlier)."""
    found = []
    for path in challenge.spec_files:
        try:
            module = load(f"_checks_{challenge.name}_{path.stem}", path)
        except CourseError:
            raise
        except Exception as exc:
            raise CourseError(f"{path} cannot be imported ({type(exc).__name__}: {exc}). This is a fault in the "
                              "course, not in any learner's code.") from exc
        found += [value.check_info for name, value in vars(module).items()
                  if name.startswith("test_") and hasattr(value, "check_info")]
    return found


def _name_in_path(query):
    """challenges/challenge_5_backprop/ (as the shell completes it) or .../main.py: the challenge's name."""
    parts = [part for part in re.split(r"[/\\]+", query) if part and part != "."]
    if len(parts) > 1 or query.endswith(("/", "\\")):
        folders = [part for part in parts if CHALLENGE_NAME.match(part)]
        if folders:
            return folders[-1]
    return query


def challenge_at(folder, challenges):
    """The challenge whose folder holds `folder` (a learner's working directory), or None."""
    folder = Path(folder).resolve()
    for challenge in challenges:
        if folder == challenge.path or challenge.path in folder.parents:
            return challenge
    return None
