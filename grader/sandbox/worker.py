"""The worker process: imports the learner's file and runs scenarios on it.

Started by `grader.sandbox.supervisor` as
``python -I -B -c BOOTSTRAP PACKAGE_PARENT IN_FD OUT_FD MEMORY_MB SANDBOXED``,
or forked from a warm `grader.sandbox.zygote`.
It answers requests read from IN_FD on OUT_FD, so nothing the learner prints
can be taken for an answer. It never sees the reference implementation: the
judge sends the learner's file and the scenarios it must run, and the worker
writes them into its own scratch folder (its working directory) to import them.
"""
import base64
import functools
import gc
import importlib
import marshal
import os
import signal
import sys
import time
import traceback
import types
import warnings

from grader import BLOCKED_PACKAGES
from grader.modules import at_path, import_path
from grader.sandbox import lockdown, loops, wire
from grader.sandbox.names_meant import stub_names, with_name_meant
from grader.sandbox.operands import with_operands
from grader.sandbox.replies import OUTPUT_LIMIT
LOOK_EVERY = 0.5   # seconds between looks at which top-level line of the learner's file is running
SANDBOX_SCRATCH = ("/tmp", "/dev/shm")   # a sandbox's own folders, the only writable ones inside it
# In a sandboxed zygote, the folder that holds each worker's scratch folder: made once, emptied by each sweep and
# never removed, since the rule set its workers enter before the learner's code runs names it.
WORKERS_FOLDER = "/tmp/workers"


class SoftTimeout(BaseException):
    """Raised inside the learner's code when its time is up, to learn where it was."""


class Alarm:
    """What SIGALRM means now: the end of the learner's time, or, while importing, a look at
    which top-level line runs (so a slow import can say what it was doing)."""

    deadline = 0.0          # time.monotonic() at which the learner's time is up
    watched = None          # the submission, while its top level runs
    top_level = None        # {"line", "source"}: the top-level line seen running at the last look


# Libraries installed for the course's own use (challenge 16's images and digits), whose functions would compute a
# challenge's answers for the learner (accuracy_score, StandardScaler, train_test_split, scipy.special.softmax): the
# learner's own code may import only what each name here opens ("" for the bare package, which loads nothing).
COURSE_LIBRARIES = {"sklearn": ("", ".datasets"), "scipy": ()}
LIBRARY_REFUSED = ("{name} cannot be imported by your code: this course builds every piece from scratch with NumPy, "
                   "and a library's answer is not your work.{open} Write it yourself, as the book does.")


class ImportGuard:
    """A finder on sys.meta_path (the protocol needs only find_spec) that refuses the grader's own packages to
    the learner's code, and remembers the attempt; and refuses to the learner's own imports the parts of the course's
    libraries that would answer for it (COURSE_LIBRARIES), a rule of the course rather than a wall: a module some
    allowed import loaded already is not looked for again."""

    def __init__(self):
        self.attempts = []
        self.submission = None

    def find_spec(self, fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        if top in BLOCKED_PACKAGES:
            frame = _learner_frame_of_stack(self.submission)
            if top not in [attempt["package"] for attempt in self.attempts]:
                self.attempts.append({"package": top, **(frame or {})})
            raise ImportError(
                f"'{top}' cannot be imported by a submission: it is part of the grader, "
                "and a submission must compute its answers itself."
            )
        if top in COURSE_LIBRARIES and not any(fullname == top + part or fullname.startswith(f"{top}{part}.")
                                               for part in COURSE_LIBRARIES[top] if part or fullname == top) \
                and _imported_by(self.submission):
            opened = [top + part for part in COURSE_LIBRARIES[top] if part]
            raise ImportError(LIBRARY_REFUSED.format(
                name=fullname, open=f" Only {', '.join(opened)} is open to it, to load data." if opened else ""))
        return None


_IMPORT_MACHINERY = (os.path.dirname(importlib.__file__) + os.sep, "<frozen importlib")


def _imported_by(submission):
    """Whether the import being looked for was asked for by the learner's file itself: the first frame of the stack
    that is neither the import machinery's nor a package's lazy __getattr__ (sklearn.metrics as an attribute of
    sklearn) lies in it."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_IMPORT_MACHINERY) and not (frame.f_code.co_name == "__getattr__"
                                                                and os.path.basename(filename) == "__init__.py"):
            return _same_file(filename, submission)
        frame = frame.f_back
    return False


class BoundedOutput:
    """A text stream that keeps the first OUTPUT_LIMIT characters and counts the rest."""

    def __init__(self):
        self.parts, self.kept, self.dropped = [], 0, 0

    def write(self, text):
        text = str(text)
        room = OUTPUT_LIMIT - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def report(self):
        return {"text": "".join(self.parts), "dropped": self.dropped}


class Worker:
    def __init__(self, in_fd, out_fd):
        self.inbox = os.fdopen(in_fd, "rb", buffering=0)
        self.outbox = os.fdopen(out_fd, "wb", buffering=0)
        self.guard = ImportGuard()
        self.submission = None
        self.module = None
        self.scenarios = None
        self.stub = None        # the bytes of the challenge's stub as shipped, from which api() reads its names
        self.names = None       # what api() read
        self.writable = None    # where a Landlock domain lets this worker write; None outside one

    def serve(self):
        while True:
            request = self.receive()
            if request is None or request.get("op") == "exit":
                return
            handler = {"load": self.load, "run": self.run_scenario}.get(request.get("op"))
            reply = handler(request) if handler else {"ok": False, "error": _plain_error("bad request")}
            reply["blocked_imports"] = self.guard.attempts
            reply["seq"] = request.get("seq")
            self.send(reply)

    def receive(self):
        header = _read_exactly(self.inbox, 4)
        if header is None:
            return None
        body = _read_exactly(self.inbox, wire.parse_header(header))
        return wire.parse_body(body)

    def send(self, reply):
        """Frame `reply` and write it; its "buffers", if any, are its value's arrays (wire.Buffers)."""
        buffers = reply.pop("buffers", None)
        try:
            message = wire.frame(reply, buffers)
        except (TypeError, ValueError) as exc:
            message = wire.frame({"ok": False, "error": _plain_error(f"could not send the answer: {exc}")})
        self.outbox.write(message)

    def load(self, request):
        # A scenario file the zygote ran (preload) is named by its key alone; the others come whole.
        if any(file.get("preloaded") not in _preloaded for file in request["scenarios"] if "preloaded" in file):
            return {"ok": False, "error": _plain_error("a scenario file this worker's zygote was to run is missing")}
        files = [_preloaded[file["preloaded"]] if "preloaded" in file
                 else (_write_file(os.path.join("course", str(number)), file), file.get("code"))
                 for number, file in enumerate(request["scenarios"])]
        self.submission = self.guard.submission = os.path.realpath(_write_file("submission", request["submission"]))
        self.stub = _decoded(request.get("stub"))
        warnings.formatwarning = _naming_the_learners_file(warnings.formatwarning, self.submission)
        self.scenarios = types.SimpleNamespace()
        for number, file in enumerate(files):
            name = f"_nnfs_grade_scenarios_{number}"
            if isinstance(file, types.ModuleType):
                module = sys.modules[name] = file
            else:
                # The judge sends what each scenario file compiles to: compiling it here again would cost every
                # worker.
                path, code = file
                code = at_path(marshal.loads(base64.b64decode(code)), path) if code else None
                module = import_path(name, path, register=True, code=code)
            vars(self.scenarios).update(vars(module))
        global _helper_fault_class
        helpers = sys.modules.get("grader.scenario_helpers")
        _helper_fault_class = vars(helpers).get("HelperFault") if helpers is not None else None
        sys.meta_path.insert(0, self.guard)
        # The learner's file may not reach the grader's modules already loaded here, nor the scenarios by name
        # (self.scenarios keeps what they define).
        for name in _grader_modules(added=len(files)):
            del sys.modules[name]
        for number in range(len(files)):
            sys.modules.pop(f"_nnfs_grade_scenarios_{number}", None)
        # Other challenges' scenarios, which the zygote ran for their workers: emptied, not only dropped, since a
        # class or function they define stays reachable (object.__subclasses__(), a frozen reference cycle).
        for module in _preloaded.values():
            if not any(module is file for file in files):
                vars(module).clear()
        _preloaded.clear()
        if self.writable is not None and not _hide_the_grader(self.writable):
            return {"ok": False, "error": _plain_error("the grader's package could not be hidden from the submission")}
        sys.path.insert(0, os.path.dirname(self.submission))
        return self.call(request, lambda: self._import_submission(request["module"]), watch_top_level=True)

    def _import_submission(self, module_name):
        self.module = import_path(module_name, self.submission, register=True)
        return None

    def run_scenario(self, request):
        if self.module is None:
            return {"ok": False, "error": _plain_error("the submission is not loaded")}
        scenario = getattr(self.scenarios, request["scenario"], None)
        if scenario is None:
            return {"ok": False, "error": _plain_error(f"no scenario named {request['scenario']!r}")}

        def call():
            import numpy as np
            np.random.seed(request["seed"])
            return scenario(self.module, np.random.default_rng(request["seed"]))

        return self.call(request, call)

    def call(self, request, function, watch_top_level=False):
        """Run learner code with its output captured and a soft time limit."""
        output = BoundedOutput()
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = output
        seconds = float(request.get("soft_timeout", 0))
        started = time.monotonic()
        Alarm.deadline, Alarm.top_level = started + seconds, None
        Alarm.watched = self.submission if watch_top_level else None
        signal.setitimer(signal.ITIMER_REAL, min(seconds, LOOK_EVERY) if watch_top_level else seconds)
        try:
            value = function()
            signal.setitimer(signal.ITIMER_REAL, 0)
            buffers = wire.Buffers()
            reply = {"ok": True, "value": wire.encode(value, buffers=buffers), "buffers": buffers}
        except BaseException as exc:
            signal.setitimer(signal.ITIMER_REAL, 0)
            reply = {"ok": False, "error": self.describe(exc)}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            Alarm.watched = None
            sys.stdout, sys.stderr = saved
        reply["output"] = output.report()
        if watch_top_level:
            reply["seconds"] = round(time.monotonic() - started, 3)
            reply["top_level"] = Alarm.top_level
        return reply

    def api(self, exc):
        """The names the challenge's checks look for (names_meant.stub_names), read from the stub when a missing
        name first needs them (`exc`, a NameError or an AttributeError): most gradings never do."""
        try:
            if not isinstance(exc, _MISSING_NAME):
                return frozenset()
            if self.names is None:
                self.names = stub_names(self.stub) if self.stub else frozenset()
        except BaseException:  # noqa: BLE001  (the learner's code ran first: only its own message loses them)
            self.names = frozenset() if self.names is None else self.names
        return self.names

    def describe(self, exc):
        """The learner-facing facts of an exception: its kind, its text and the learner's line."""
        error = {
            "type": _safe(lambda: type(exc).__name__, "Exception"),
            "message": _safe(lambda: with_operands(exc, self.submission,
                                                   with_name_meant(exc, self.submission, self.api(exc))),
                             "(the exception's message could not be shown)")[:wire.MAX_TEXT],
            "kind": _kind_of(exc),
            "where": None,
        }
        if isinstance(exc, SystemExit):
            error["message"] = _safe(lambda: repr(exc.code), "")[:200]
        if isinstance(exc, SyntaxError) and _same_file(exc.filename, self.submission):
            error["where"] = {"line": exc.lineno, "source": (exc.text or "").strip()[:300]}
        else:
            error["where"] = _learner_frame(exc.__traceback__, self.submission)
        where = error["where"]
        if error["kind"] == "timeout" and where:
            try:
                loop = loops.enclosing_while(self.submission, _learner_lines(exc.__traceback__, self.submission))
            except BaseException:  # noqa: BLE001  (the learner's code may have replaced what it uses: no loop named)
                loop = None
            if isinstance(loop, dict):
                where["loop"] = loop
        return error


def _grader_modules(added):
    """The names of the grader's modules in sys.modules, where `added` scenario modules were entered since start.

    Going through every name would copy, in a forked worker, each memory page that holds one (its reference count
    changes): the zygote listed them before forking, and a worker that has as many modules as the zygote had plus
    its scenarios has loaded no other module since."""
    if _zygote_modules is not None and len(sys.modules) == _zygote_modules[1] + added:
        return [name for name in _zygote_modules[0] if name in sys.modules]
    return [name for name in list(sys.modules) if name.partition(".")[0] in BLOCKED_PACKAGES]


def _kind_of(exc):
    if isinstance(exc, SoftTimeout):
        return "timeout"
    if _helper_fault(exc):
        return "grader"
    if isinstance(exc, MemoryError):
        return "memory"
    if isinstance(exc, NotImplementedError):
        return "not_started"
    if isinstance(exc, SystemExit):
        return "exit"
    if isinstance(exc, KeyboardInterrupt):
        return "interrupt"
    if isinstance(exc, ImportError) and exc.name is None and "cannot be imported by a submission" in str(exc):
        return "blocked_import"
    return "exception"


def _helper_fault(exc):
    """Whether `exc` is a scenario helper's own failure (grader.scenario_helpers.HelperFault, as the scenarios that
    use it loaded it, kept before the learner's file ran: _helper_fault_class), which is the grader's, not the
    learner's code's. The class is in this process, where the learner's code can reach it and raise it too: such a
    failure then reads as the grader's, and still earns no point."""
    return _helper_fault_class is not None and type(exc) is _helper_fault_class


def _learner_frame(tb, submission):
    """The deepest frame of the traceback that lies in the learner's file, with, as "caller", the learner's line
    that called its function (a wrong argument shows where it was passed, not only where it failed; a file that
    fails as it is imported, the line of its top level that ran the function)."""
    # Only the two frames kept have their line read, so that the report is made within the time left.
    found = []
    for lineno, function in _learner_frames(tb, submission):
        found = [*found[-1:], (lineno, function)]
    places = [{"line": lineno, "source": _source_line(submission, lineno), "function": function}
              for lineno, function in found]
    if not places:
        return None
    if len(places) > 1:
        return {**places[-1], "caller": places[-2]}
    return places[-1]


def _learner_lines(tb, submission, most=50):
    """The line numbers of the traceback's frames that lie in the learner's file, the deepest first, at most `most`
    of them."""
    lines = []
    for lineno, _ in _learner_frames(tb, submission):
        lines = [*lines[-(most - 1):], lineno]
    return lines[::-1]


def _learner_frames(tb, submission):
    """(line number, function's qualified name) of each frame of the traceback in the learner's file, outermost first.
    An endless recursion leaves tens of thousands of frames, most in one file: each file is resolved once."""
    ours = {}
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if filename not in ours:
            ours[filename] = _same_file(filename, submission)
        if ours[filename]:
            yield lineno, frame.f_code.co_qualname


def _learner_frame_of_stack(submission):
    frame = sys._getframe(1)
    while frame is not None:
        if _same_file(frame.f_code.co_filename, submission):
            return {"line": frame.f_lineno, "source": _source_line(submission, frame.f_lineno)}
        frame = frame.f_back
    return None


def _source_line(path, lineno):
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            for number, line in enumerate(file, 1):
                if number == lineno:
                    return line.strip()[:300]
    except OSError:
        pass
    return ""


def _naming_the_learners_file(formatwarning, submission):
    """warnings.formatwarning, with the learner's file named as the learner knows it (main.py), not by the path of
    the worker's copy of it, which means nothing to the learner."""
    def formatted(message, category, filename, lineno, line=None):
        if _same_file(filename, submission):
            filename = os.path.basename(submission)
        return formatwarning(message, category, filename, lineno, line)

    return formatted


def _same_file(a, b):
    try:
        return a is not None and b is not None and os.path.realpath(a) == b
    except (TypeError, ValueError):
        return False


def _safe(function, fallback):
    try:
        return str(function())
    except BaseException:
        return fallback


def _decoded(text):
    """The bytes of base64 `text` from the judge, or None."""
    try:
        return base64.b64decode(text, validate=True) if isinstance(text, str) else None
    except ValueError:
        return None


def _plain_error(message):
    return {"type": "GraderError", "message": message, "kind": "grader", "where": None}


def _write_file(folder, file):
    """Write a file the judge sent ({"name", "data": base64}) into `folder` of the scratch folder; returns its path."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.abspath(os.path.join(folder, os.path.basename(str(file["name"])) or "main.py"))
    with open(path, "wb") as out:
        out.write(base64.b64decode(file["data"]))
    return path


def _read_exactly(stream, size):
    chunks, remaining = [], size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _raise_soft_timeout(signum, frame):
    left = Alarm.deadline - time.monotonic()
    if Alarm.watched is not None and left > 0.005:
        Alarm.top_level = _top_level_line(frame, Alarm.watched) or Alarm.top_level
        signal.setitimer(signal.ITIMER_REAL, min(left, LOOK_EVERY))
        return
    raise SoftTimeout()


def _top_level_line(frame, submission):
    """The first line of the module-level statement (a whole `for` loop, say) that `frame` runs in, if any."""
    while frame is not None:
        if frame.f_code.co_name == "<module>" and _same_file(frame.f_code.co_filename, submission):
            line = _statement_start(submission, frame.f_lineno)
            return {"line": line, "source": _source_line(submission, line)}
        frame = frame.f_back
    return None


def _statement_start(path, line):
    import ast

    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            body = ast.parse(file.read()).body
    except (OSError, SyntaxError, ValueError):
        return line
    return next((node.lineno for node in body if node.lineno <= line <= (node.end_lineno or node.lineno)), line)


def start(in_fd, out_fd, memory_mb, sandboxed=False, landlock_needed=False):
    """Serve the judge on these pipes until it closes them; `sandboxed`: in namespaces of its own.
    `landlock_needed`: end, before any learner code runs, where Landlock cannot be applied."""
    if not lockdown.drop_capabilities() and sandboxed:
        os._exit(1)   # a worker with capabilities over its namespaces could undo its own sandbox
    lockdown.limit_resources(memory_mb, processes=sandboxed)
    # A filter the zygote loaded is in force here already: a forked child inherits it, and cannot remove it.
    seccomp = _zygote_seccomp or lockdown.refuse_syscalls()
    signal.signal(signal.SIGALRM, _raise_soft_timeout)
    import numpy  # noqa: F401  (warm up while the judge starts)
    import numpy.random  # noqa: F401  (loaded on first use otherwise, inside the first check's time)
    import grader.scenario_helpers

    grader.scenario_helpers.IN_A_WORKER = True
    if sandboxed and os.getcwd() in SANDBOX_SCRATCH:
        # Started by bubblewrap in /tmp itself, the only process of its sandbox: a folder of its own, so that the
        # learner's code can be kept to it.
        os.makedirs("worker", exist_ok=True)
        os.chdir(os.path.join(os.getcwd(), "worker"))
    # The scratch folder is the temporary folder and the home folder too: the only place the learner's code and the
    # scenarios may write, where libraries keep their caches (matplotlib's ~/.config/matplotlib).
    os.environ["TMPDIR"] = os.environ["HOME"] = os.getcwd()
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = None
    landlock = _restrict_filesystem(sandboxed)
    if landlock_needed and not landlock:
        os._exit(1)
    worker = Worker(in_fd, out_fd)
    if landlock:
        # The learner's code writes to its own scratch folder only: another folder of /tmp may hold the grader's
        # package (a course cloned there), which it must not read. /dev/shm is for NumPy and multiprocessing.
        worker.writable = [os.getcwd(), *(SANDBOX_SCRATCH[1:] if sandboxed else ())]
    elif _zygote_learner_ruleset is not None:
        os.close(_zygote_learner_ruleset)   # open in the learner's code, a rule added to it would reach later workers
    # Before any learner code: the judge learns that the worker started, and inside which walls.
    layers = [name for name, applied in (("landlock", landlock), ("seccomp", seccomp), ("rlimits", True)) if applied]
    worker.send({"ready": True, "layers": layers})
    worker.serve()


def _restrict_filesystem(sandboxed):
    """Landlock: Python, the grader's package and system folders read-only; only the scratch folder writable.

    Sandboxed, /tmp and /dev/shm are the sandbox's own; outside, the working directory
    is the run's scratch folder and becomes the temporary folder too.
    """
    scratch = os.getcwd()
    if _zygote_ruleset is not None:
        try:
            if sandboxed and scratch.startswith(SANDBOX_SCRATCH[0] + "/"):
                # The zygote's rule set allows the same: this worker's scratch folder lies in the sandbox's /tmp.
                return lockdown.enter_ruleset(_zygote_ruleset)
        finally:
            # Closed in every worker, whichever way it goes, before any learner's code: a rule the learner's code
            # added to the zygote's rule set would reach every later worker.
            os.close(_zygote_ruleset)
    return lockdown.restrict_filesystem(_readable(), [scratch, *(SANDBOX_SCRATCH if sandboxed else ())])


def _hide_the_grader(writable):
    """Enter a second Landlock domain, without the grader's package and with writes to `writable` only, before the
    learner's code runs: the import guard lives in this process, where that code could remove it, so the kernel is
    what keeps the grader's modules not loaded by then out of reach. Whether it was entered."""
    global _zygote_learner_ruleset
    ruleset, _zygote_learner_ruleset = _zygote_learner_ruleset, None
    if ruleset is not None:
        try:
            # The zygote's rule set lets a worker write in WORKERS_FOLDER, where the zygote makes its scratch folder
            # (only one worker of a zygote runs at a time), and /dev/shm.
            if all(_beneath(place, (WORKERS_FOLDER, *SANDBOX_SCRATCH[1:])) for place in writable):
                return lockdown.enter_ruleset(ruleset)
        finally:
            os.close(ruleset)   # before any learner code, which could add rules every later worker would enter
    return lockdown.restrict_filesystem(_readable_by_the_learner(), writable)


def _beneath(path, folders):
    return any(path == folder or path.startswith(folder + "/") for folder in folders)


def _grader_package():
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _readable():
    return [*lockdown.SYSTEM_FOLDERS, *lockdown.python_folders(), _grader_package()]


@functools.cache
def _readable_by_the_learner():
    """What the learner's code may read: the system's and Python's folders, without the grader's package, which a
    normal install puts in site-packages."""
    return lockdown.cut_out([*lockdown.SYSTEM_FOLDERS, *lockdown.python_folders()], os.path.realpath(_grader_package()))


# Made by a zygote before it forks its first worker (prepare_to_fork): each worker would otherwise make them itself.
_zygote_ruleset = None      # the Landlock rule set of a sandboxed worker
_zygote_learner_ruleset = None   # the second, entered before the learner's code runs (_hide_the_grader)
_zygote_modules = None      # (the names of the grader's modules loaded, how many modules in all)
_zygote_seccomp = False     # whether the zygote loaded the seccomp filter, which its workers inherit
_MISSING_NAME = (NameError, AttributeError)   # bound before any learner's code runs, which may replace builtins'
_preloaded = {}             # key -> the module of a scenario file the zygote ran (preload)
_helper_fault_class = None  # grader.scenario_helpers.HelperFault, kept as the scenarios loaded it (_helper_fault)


def prepare_to_fork(sandboxed):
    """In a zygote: make what every worker it forks needs and would make alike, the Landlock rule set of a
    sandboxed worker and the list of the grader's modules loaded."""
    global _zygote_ruleset, _zygote_learner_ruleset
    if sandboxed and _zygote_ruleset is None:
        _zygote_ruleset = lockdown.landlock_ruleset(_readable(), SANDBOX_SCRATCH)
        os.makedirs(WORKERS_FOLDER, exist_ok=True)
        _zygote_learner_ruleset = lockdown.landlock_ruleset(_readable_by_the_learner(),
                                                            [WORKERS_FOLDER, *SANDBOX_SCRATCH[1:]])
    _loaded()


def _loaded():
    """In a zygote, after it loaded more (its start, preload, warm): list the grader's modules, which every worker
    forked from then on has, and freeze every object made so far, which workers' collections then leave alone
    (each would otherwise copy every page the collector walks)."""
    global _zygote_modules
    _zygote_modules = ([name for name in sys.modules if name.partition(".")[0] in BLOCKED_PACKAGES], len(sys.modules))
    gc.freeze()


def preload(data):
    """In a zygote, before it forks more workers: run the scenario files `data` holds (JSON: [{"key", "name",
    "code"}], "code" marshalled and in base64, from the judge's seal), each as a module every worker forked from
    then on takes as it is, by its key. Returns the keys of those that ran; a file that did not run is sent to each
    worker whole, as without preload."""
    import json

    for number, file in enumerate(json.loads(data)):
        # A place no worker's file is at, for tracebacks: each worker writes the files it is sent into its scratch.
        path = f"/nnfs-grade-preloaded/{number}/{os.path.basename(str(file['name']))}"
        try:
            code = at_path(marshal.loads(base64.b64decode(file["code"])), path)
            _preloaded[file["key"]] = import_path(f"_nnfs_grade_preloaded_{number}", path, code=code)
        except Exception:  # noqa: BLE001  (course code that fails here fails in each worker too, and says how there)
            continue
    _loaded()   # what the files imported is loaded in every worker too
    return sorted(_preloaded)


def warm(modules):
    """In a zygote, before it forks more workers: import `modules` (the course's worker_imports, dotted names), which
    every worker would otherwise import itself, PIL's image plugins say (20 ms). Returns the names imported; one that
    fails is left to each worker, which says how it fails."""
    import importlib

    warmed = []
    for name in modules if isinstance(modules, list) else ():
        try:
            importlib.import_module(str(name))
            warmed.append(name)
        except Exception:  # noqa: BLE001  (a module missing here is missing in the workers too)
            continue
    _loaded()
    return warmed


def refuse_syscalls_for_workers():
    """In a zygote, once its sandbox is made (a forked one enters its cgroup namespace after prepare_to_fork) and
    before its first fork: load the seccomp filter into the zygote itself, so that every worker starts under it.
    Loading it costs libseccomp a fresh BPF program and the kernel a check of it, each time: once per zygote
    rather than once per submission. The zygote needs none of the calls it refuses from then on: it forks,
    waits, signals and removes files."""
    global _zygote_seccomp
    _zygote_seccomp = _zygote_seccomp or lockdown.refuse_syscalls()


def main():
    start(*(int(arg) for arg in sys.argv[1:5]))


if __name__ == "__main__":
    main()
