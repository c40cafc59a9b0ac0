"""Running `grade` as a learner does, and writing submissions with planted mistakes."""
import atexit
import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from grader.course import load_challenge, load_challenges

ROOT = Path(__file__).resolve().parent.parent
# Every process a test's `grade` run starts inherits this variable, with a value of that run's own:
# a test looks for its own leftovers, never at other `grade` runs on the machine.
RUN_TAG = "NNFS_GRADE_TEST_RUN"
# By number: challenge_10 comes after challenge_9, not after challenge_1.
CHALLENGES = sorted((p.name for p in (ROOT / "challenges").iterdir() if (p / "challenge.toml").is_file()),
                    key=lambda name: int(name.split("_")[1]))
# The order grade list and reports show: the book's, where challenge 11 (chapters 6-8) precedes challenge 5.
COURSE_ORDER = [challenge.name for challenge in load_challenges(ROOT)]


def invoke(*args, **kwargs):
    """Run the grade command in this process with click's CliRunner; returns its Result.

    A grading's worker is forked from this test process's warm zygote in bubblewrap (worker_factory), as judged's
    are, rather than started as a new interpreter in bubblewrap, where the command makes it its default way.
    """
    from unittest import mock

    from click.testing import CliRunner

    from grader.cli.main import main
    from grader.sandbox import supervisor

    with mock.patch.object(supervisor, "ProcessSpawner", worker_factory):
        return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False, **kwargs)


def spec_module(challenge):
    """The challenge's spec.py of this checkout, imported under a name of its own (for its helpers and constants)."""
    spec = importlib.util.spec_from_file_location(f"spec_of_{challenge}", ROOT / "challenges" / challenge / "spec.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_course(folder):
    """A fresh clone's worth of the course in `folder`: its challenges, solutions and README.

    Each main.py is the pristine stub and there is no progress, whatever the learner's work in this
    checkout: tests see the course as shipped.
    """
    ignored = shutil.ignore_patterns("__pycache__", ".nnfs-grade")
    for name in ("challenges", "solutions"):
        shutil.copytree(ROOT / name, Path(folder) / name, ignore=ignored)
    for challenge in CHALLENGES:
        shutil.copy(stub(challenge), Path(folder) / "challenges" / challenge / "main.py")
    shutil.copy(ROOT / "README.md", Path(folder) / "README.md")
    return Path(folder)


_SHIPPED_FOLDER = tempfile.TemporaryDirectory(prefix="nnfs-grade-shipped-")


@functools.lru_cache(maxsize=None)
def shipped_course():
    """One course copy per test process (see copy_course), for tests that only read it or grade in it."""
    return copy_course(_SHIPPED_FOLDER.name)


def with_limits(course, challenge, **limits):
    """Set some of the challenge's limits (check_seconds=0.5, ...) in the course copy `course`; returns it.

    Tests of code that spins until a limit stops it use short limits, so that they spin less; the default
    limits are tested on their own.
    """
    toml = Path(course) / "challenges" / challenge / "challenge.toml"
    lines = [line for line in toml.read_text().splitlines() if line.split("=")[0].strip() not in limits]
    header = lines.index("[limits]") if "[limits]" in lines else len(lines)
    if header == len(lines):
        lines.append("[limits]")
    lines[header + 1:header + 1] = [f"{name} = {value!r}" for name, value in limits.items()]
    toml.write_text("\n".join(lines) + "\n")
    assert load_challenge(toml.parent).limits == replace(load_challenge(ROOT / "challenges" / challenge).limits,
                                                         **limits)
    return Path(course)


def points_of(challenge):
    """The points all of `challenge`'s checks are worth, from the course: tests that say "every check passed" need
    not change when a check is added."""
    from grader.course import max_score

    return max_score(load_challenge(ROOT / "challenges" / challenge))


def checks_in(challenge):
    """How many checks `challenge` has."""
    from grader.course import checks_of

    return len(checks_of(load_challenge(ROOT / "challenges" / challenge)))


def solution(challenge):
    return ROOT / "solutions" / challenge / "main.py"


# A statement of a learner's own, added to the course's solution where a test's learner hands in correct work: the
# solution as it stands is flagged as the course's own (grader.classroom.stub_shapes.StubShapes.is_solution).
LEARNERS_OWN = '\n\ndef checked_by_hand():\n    """Written while working through the challenge."""\n    return True\n'


def learners_own(challenge):
    """The course's solution of `challenge`, with a statement of the learner's own: correct work, not a copy."""
    return solution(challenge).read_text() + LEARNERS_OWN


def stub(challenge):
    """The untouched stub as shipped: the checkout's main.py may hold the contributor's own work."""
    return ROOT / "challenges" / challenge / ".pristine" / "main.py"


def run_grade(*args, cwd=ROOT, timeout=120, env=None):
    """Run the grade command in a fresh process; returns the CompletedProcess."""
    environment = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=environment)


def grade_json(challenge, submission, **kwargs):
    """(exit status, parsed JSON result) of grading `submission`."""
    completed = run_grade(challenge, "--submission", submission, "--json", **kwargs)
    assert completed.returncode in (0, 1), completed.stderr
    return completed.returncode, json.loads(completed.stdout)


# A console-script command run by `python -c`, noting each call of the functions it is told to watch.
NOTED_CALLS = """
import importlib, json, sys

report, watched, setup, argv = sys.argv[1:5]
events = []


def noting(name, function):
    def noted(*args, **kwargs):
        events.append(name)
        return function(*args, **kwargs)
    return noted


for target, name in json.loads(watched).items():
    module, _, attribute = target.partition(":")
    owner_name, _, method = attribute.partition(".")
    owner = getattr(importlib.import_module(module), owner_name)
    setattr(owner, method, noting(name, getattr(owner, method)))
exec(setup)
sys.argv = ["grade", *json.loads(argv)]
from grader.cli.entry import _invoke

try:
    code = _invoke()
except SystemExit as exit:
    code = exit.code
with open(report, "w") as file:
    json.dump({"code": code, "events": events}, file)
"""


def noted_calls(folder, watched, args, env=None, setup=""):
    """(exit status, names noted) of `grade ARGS...` run in a process of its own in `folder`, before any of the
    grader's modules is imported but those of `watched` ({"module:Class.method": the name noted for each call, in
    order}); `setup`: Python run after the functions are wrapped, before the command."""
    report = Path(tempfile.mkdtemp(prefix="nnfs-grade-noted-")) / "report.json"
    try:
        completed = subprocess.run([sys.executable, "-c", NOTED_CALLS, str(report), json.dumps(watched), setup,
                                    json.dumps([str(arg) for arg in args])], cwd=folder,
                                   env=dict(os.environ, **(env or {})), capture_output=True, text=True, timeout=300)
        assert completed.returncode == 0, completed.stderr[-3000:]
        said = json.loads(report.read_text())
    finally:
        shutil.rmtree(report.parent, ignore_errors=True)
    return said["code"], said["events"]


def judged(challenge, submission, cwd=None):
    """(exit status, parsed JSON result) of `grade CHALLENGE --submission SUBMISSION --json`, run in this process.

    The command grade_json runs, on the path its console script takes, without an interpreter of its own to
    start: for tests of what the judge says about a submission, where the process that asks is not the point.
    The learner's code still runs in a worker process of its own, forked from this test process's warm zygote
    (worker_factory) as the forked `grade` forks its workers from its own. By default it runs in this process's
    copy of the course, so that the state `grade` keeps there (the reference's answers) is this process's own.
    """
    from grader.cli.entry import plain_grading
    from grader.cli.grade_one import grade_plain
    from grader.course import find_challenge, find_root
    from grader.sandbox.supervisor import Sandbox

    options = plain_grading([challenge, "--submission", str(submission), "--json"])
    with contextlib.chdir(cwd or shipped_course()), contextlib.redirect_stdout(io.StringIO()) as printed:
        root = find_root()
        chosen = find_challenge(root, challenge)   # as the console script finds it (grader.cli.entry)
        sandbox = Sandbox(chosen.limits, worker_factory())
        try:
            grade_plain(**options, started=(root, chosen, sandbox))
        except SystemExit as exit:
            status = exit.code
        finally:
            sandbox.close()   # as the console script closes its own, after the report
    assert status in (0, 1), printed.getvalue()
    return status, json.loads(printed.getvalue())


@functools.lru_cache(maxsize=None)
def worker_factory():
    """This test process's warm zygote in bubblewrap (`grade report`'s kind, grader.sandbox.zygote), started once.

    A test process cannot fork a zygote from itself (grader.sandbox.forked_zygote refuses where pytest and the
    course are loaded), and a new interpreter per grading costs a Python and NumPy start; this zygote is a fresh
    interpreter that has loaded nothing of the course, and it sweeps its namespace after each grading.
    """
    from grader.sandbox.supervisor import ZygoteSpawner

    spawner = ZygoteSpawner()
    atexit.register(spawner.close)
    return spawner


def checks_by_id(result):
    return {check["id"]: check for check in result["checks"]}


def planted(tmp_path, challenge, replacements, name="main.py"):
    """A copy of the challenge's solution with each (old, new) text replaced once."""
    source = solution(challenge).read_text()
    for old, new in replacements:
        assert old in source, f"{old!r} is not in the solution of {challenge}"
        source = source.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(source)
    return path


_PLANTED_FOLDER = tempfile.TemporaryDirectory(prefix="nnfs-grade-planted-")


def grade_planted(challenge, replacements):
    """(exit status, JSON result) of the solution with these replacements, graded once per test run.

    Several tests judge the same planted mistakes (each on its own, and all of them together);
    the submission is graded the first time and its result kept.
    """
    def grade():
        folder = Path(tempfile.mkdtemp(dir=_PLANTED_FOLDER.name))
        return judged(challenge, planted(folder, challenge, replacements))

    return graded_once(("planted", challenge, tuple(map(tuple, replacements))), grade)


# The folder where the processes of one test run (pytest-xdist's workers) keep the results one of them
# graded for all; None while a single process runs the tests. The conftest sets it for each worker.
_SHARED = {"folder": None}
_GRADED = {}


def share_graded_results_in(folder):
    Path(folder).mkdir(parents=True, exist_ok=True)
    _SHARED["folder"] = Path(folder)


def graded_once(key, grade):
    """grade() -> (exit status, JSON result), run once per test run for each key, whichever process asks first.

    A worker that asks for a key another worker is grading waits for that result rather than grading
    the same submission again; the lock is a file of this run's own folder, so other runs never meet it.
    """
    if key not in _GRADED:
        folder = _SHARED["folder"]
        if folder is None:
            _GRADED[key] = grade()
        else:
            name = hashlib.sha256(repr(key).encode()).hexdigest()
            with open(folder / f"{name}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                kept = folder / f"{name}.json"
                if not kept.is_file():
                    written = folder / f"{name}.{os.getpid()}.partial"
                    written.write_text(json.dumps(grade()))
                    written.rename(kept)
                status, result = json.loads(kept.read_text())
                _GRADED[key] = status, result
    return _GRADED[key]


BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
# The flags this machine needs for headless Chromium with no network.
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--enable-logging=stderr", "--v=0"]


def require_browser():
    if BROWSER is None:
        if os.environ.get("NNFS_GRADE_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (NNFS_GRADE_REQUIRE_BROWSER is set) but was not found")
        pytest.skip("Chromium is not installed")


def run_browser(*arguments):
    """Run headless Chromium with `arguments` in a profile folder of its own, removed afterwards (each profile is a
    few megabytes, and the suite opens dozens); its completed process, text output captured."""
    require_browser()
    with tempfile.TemporaryDirectory(prefix="nnfs-grade-browser-") as profile:
        return subprocess.run([BROWSER, *BROWSER_FLAGS, f"--user-data-dir={profile}", *arguments],
                              capture_output=True, text=True, timeout=120)


def screenshot(page, picture, size="1000,2400"):
    """Render `page` in headless Chromium to the PNG `picture`; returns Chromium's log."""
    return run_browser(f"--window-size={size}", f"--screenshot={picture}", Path(page).as_uri()).stderr


def rendered_dom(page, fragment=None):
    """The DOM of `page` (opened at `#fragment`, if given) after Chromium has rendered it and its scripts ran."""
    return run_browser("--dump-dom", Path(page).as_uri() + (f"#{fragment}" if fragment is not None else "")).stdout


def tagged(**variables):
    """An environment for run_grade that marks every process of the run with a tag of its own."""
    return {RUN_TAG: uuid.uuid4().hex, **variables}


def leftovers(environment):
    """Pids of the processes still running from the grade run given `environment` (made by tagged())."""
    return processes_carrying(RUN_TAG, environment[RUN_TAG])


def processes_carrying(variable, value=None):
    """Pids of the processes whose environment sets `variable` (to `value`, when given)."""
    marker = (f"\0{variable}=" if value is None else f"\0{variable}={value}\0").encode()
    return _processes_whose("environ", marker, prefix=b"\0")


def alive(pid):
    """Whether process `pid` runs (a zombie waiting for its parent to read its end has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def processes_marked(marker):
    """Pids of the processes whose command line carries `marker`: a confined learner's way to be seen."""
    return _processes_whose("cmdline", marker.encode())


def _processes_whose(field, marker, prefix=b""):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = prefix + (entry / field).read_bytes()
            except OSError:
                continue
            if marker in text:
                found.append(int(entry.name))
    return found
