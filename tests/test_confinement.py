"""The operating system's walls around the learner's code: a grade nobody can forge from inside the worker.

Each attack gets no pass it did not earn, exit 1 with one bounded JSON document, and
leaves nothing behind. Tests that need a layer this machine lacks are skipped with the
reason, unless NNFS_GRADE_REQUIRE_CONFINEMENT is set (CI sets it: .ci/run installs bwrap).
"""
import errno
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from grader.sandbox import confinement

from helpers import ROOT, copy_course, grade_json, judged, processes_marked, run_grade, solution

CASES = Path(__file__).resolve().parent / "cases" / "integrity"   # learner files that attack the grader
MAX_JSON_BYTES = 1_000_000


def _require(*layers):
    missing = [name for name in layers if name not in confinement.in_force(thorough=True)]
    if not missing:
        return
    reasons = "; ".join(layer.detail for layer in confinement.survey(thorough=True) if layer.name in missing)
    if os.environ.get("NNFS_GRADE_REQUIRE_CONFINEMENT"):
        pytest.fail(f"confinement is required here (NNFS_GRADE_REQUIRE_CONFINEMENT is set) but: {reasons}")
    pytest.skip(f"this machine lacks {', '.join(missing)}: {reasons}")


@pytest.fixture
def confined():
    _require("namespaces")


@pytest.fixture(params=["forked", "bwrap"])
def sandbox(request):
    """The environment of a learner's `grade` whose workers are forked from the judge (the default), or started
    in bubblewrap as grades that count start them."""
    _require("namespaces", "landlock")
    return {"NNFS_GRADE_SANDBOX": request.param}


@pytest.fixture
def course(tmp_path):
    """A private copy of the course's challenges, so an attack on spec.py cannot touch the repository's."""
    copy = tmp_path / "course"
    shutil.copytree(ROOT / "challenges", copy / "challenges")
    return copy


def _digest(folder):
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}


def _marker():
    return f"nnfs-grade-confinement-{os.getpid()}-{os.urandom(4).hex()}"


def _gone(marker, seconds=5.0):
    deadline = time.monotonic() + seconds
    while processes_marked(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not processes_marked(marker)


def _sleeper(marker):
    """Python source that starts a detached process (a process group of its own: seccomp refuses a session of its own)
    with `marker` in its command line and an empty environment."""
    return ("import subprocess, sys\n"
            f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', '{marker}'], env={{}},\n"
            "                 process_group=0, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,\n"
            "                 stderr=subprocess.DEVNULL, close_fds=True)\n")


def _graded_without_a_pass(completed):
    """The one JSON document of a run that gave no pass, checked for exit status, size and score."""
    assert completed.returncode == 1, completed.stderr[-2000:]
    assert len(completed.stdout.encode()) < MAX_JSON_BYTES
    result = json.loads(completed.stdout)
    assert result["passed"] is False and result["score"] == 0, [c["status"] for c in result["checks"]]
    assert not [check for check in result["checks"] if check["status"] == "passed"]
    assert result["confinement"]["confined"] is True
    return result


# --- what the worker can read and write ------------------------------------------------------------

def test_reading_the_reference_from_disk_and_executing_it_earns_nothing(confined):
    completed = run_grade("challenge_5_backprop", "--submission", CASES / "exec_reference_source.py", "--json")
    _graded_without_a_pass(completed)


def test_the_worker_sees_python_and_its_own_copies_only(sandbox, tmp_path):
    path = tmp_path / "main.py"
    path.write_text(
        "import os, sys\n"
        f"paths = {[str(ROOT / 'reference'), str(ROOT / 'solutions'), str(ROOT / 'challenges'), str(tmp_path), '/etc/passwd']!r}\n"
        "print('visible:', [p for p in paths if os.path.exists(p)])\n"
        "def listing(folder):\n    try:\n        return sorted(os.listdir(folder))\n    except OSError:\n"
        "        return []\n"
        f"print('home:', listing({str(Path.home())!r}))\n"
        "print('processes:', sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))\n"
        "print('env:', sorted(os.environ))\n"
        "print('judge environment:', b'do-not-leak' in open('/proc/self/environ', 'rb').read())\n"
        "try:\n    open(os.path.join(os.path.dirname(os.__file__), 'nnfs_probe'), 'w')\nexcept OSError as exc:\n"
        "    print('python is read-only:', type(exc).__name__)\n"
        "def sigmoid(x):\n    return x\n")
    status, result = grade_json("challenge_3_activations", path, env={"NNFS_SECRET_TOKEN": "do-not-leak", **sandbox})
    printed = result["load_output"]
    assert "visible: []" in printed, printed
    assert "processes: [1, 2]" in printed, printed
    assert "NNFS_SECRET_TOKEN" not in printed and "python is read-only: OSError" in printed, printed
    assert "judge environment: False" in printed and result["confinement"]["confined"] is True
    # Of the home folder, only the way to a Python installation inside it is there.
    home = next(line for line in printed.splitlines() if line.startswith("home:"))
    for entry in eval(home.partition(":")[2]):
        assert any(os.path.realpath(prefix).startswith(str(Path.home() / entry))
                   for prefix in (sys.prefix, sys.base_prefix)), entry


def test_a_course_inside_the_python_installation_is_hidden_from_the_worker(tmp_path, monkeypatch):
    """`python -m venv .` in the course, or a course cloned inside a virtualenv: the sandbox shows the Python
    installation, and with it the course's checks, solutions and the reference's cached answers, unless hidden."""
    installation = tmp_path / "venv"
    course = copy_course(installation / "course")
    (course / ".nnfs-grade" / "answers").mkdir(parents=True)
    monkeypatch.setattr(confinement, "_python_folders", lambda: ((str(installation), str(installation)),))
    monkeypatch.chdir(course / "challenges" / "challenge_3_activations")
    hidden = {path for kind, _, path in confinement.sandbox_view() if kind == "hide"}
    assert {str(course / name) for name in ("challenges", "solutions", ".nnfs-grade")} <= hidden
    assert not any(path == str(installation) or str(installation).startswith(path + "/") for path in hidden)


def test_rewriting_spec_py_at_import_changes_nothing(confined, course):
    before = _digest(course / "challenges")
    completed = run_grade("challenge_1_forward_pass", "--submission", CASES / "rewrite_spec_judge_rce.py", "--json",
                          cwd=course)
    _graded_without_a_pass(completed)
    assert _digest(course / "challenges") == before


# --- what the worker can do to other processes --------------------------------------------------

def test_a_fake_report_on_the_judges_stdout_then_killing_it_changes_nothing(confined):
    completed = run_grade("challenge_1_forward_pass", "--submission", CASES / "fake_stdout_then_kill_judge.py",
                          "--json")
    _graded_without_a_pass(completed)
    assert completed.stdout.count('"challenge"') == 1


def test_stopping_the_judge_with_sigstop_does_not_stall_grade(confined):
    completed = run_grade("challenge_1_forward_pass", "--submission", CASES / "sigstop_judge.py", "--json",
                          timeout=60)
    _graded_without_a_pass(completed)


def test_killing_the_judge_from_inside_leaves_no_child(sandbox, tmp_path):
    marker = _marker()
    path = tmp_path / "main.py"
    path.write_text(_sleeper(marker) + CASES.joinpath("kill_judge_leaves_child.py").read_text())
    completed = run_grade("challenge_1_forward_pass", "--submission", path, "--json", env=sandbox)
    _graded_without_a_pass(completed)
    assert _gone(marker)



def test_the_worker_holds_no_capability_over_its_namespaces(sandbox):
    """Forked from the process that made its namespaces, a worker would hold every capability over them."""
    status, result = grade_json("challenge_3_activations", CASES / "capabilities_over_its_namespaces.py", env=sandbox)
    assert status == 1 and result["confinement"]["confined"] is True
    assert "allowed: []" in result["load_output"], result["load_output"]

UNDER_SECCOMP = ("import os\n"
                 "status = dict(line.split(':', 1) for line in open('/proc/self/status').read().splitlines())\n"
                 "try:\n"
                 "    os.close(os.memfd_create('hog'))\n"
                 "    memfd = 'made'\n"
                 "except OSError:\n"
                 "    memfd = 'refused'\n"
                 "child = os.fork()\n"
                 "if child == 0:\n"
                 "    try:\n"
                 "        os.setsid()\n"
                 "        os._exit(0)\n"
                 "    except OSError:\n"
                 "        os._exit(1)\n"
                 "setsid = 'refused' if os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 1 else 'made'\n"
                 "print('seccomp mode', status['Seccomp'].strip(), 'memfd', memfd, 'session', setsid)\n")


def test_every_worker_runs_under_the_seccomp_filter(sandbox, tmp_path):
    """Forked from a zygote that loaded the filter once, or started as a fresh interpreter that loads it itself."""
    _require("seccomp")
    path = tmp_path / "main.py"
    path.write_text(UNDER_SECCOMP + solution("challenge_3_activations").read_text())
    status, result = grade_json("challenge_3_activations", path, env=sandbox)
    assert "seccomp mode 2 memfd refused session refused" in result["load_output"], result["load_output"]
    assert status == 0 and "seccomp" in result["confinement"]["layers"]


# Each way out of the sandbox the filter closes, tried by the learner's code through the C library where, without
# the filter, it would succeed or fail otherwise: a new user namespace (refused by the filter with EPERM, where the
# namespace's own limit says ENOSPC), tracing itself or reading its own memory (allowed to any process), a Unix
# socket. Each result is the errno, 0 where the call succeeded.
REACHES_OUT = ("import ctypes, errno, os, socket\n"
               "libc = ctypes.CDLL(None, use_errno=True)\n"
               "def tried(result):\n"
               "    return ctypes.get_errno() if result == -1 else 0\n"
               "def in_child(call):\n"
               "    child = os.fork()\n"
               "    if child == 0:\n"
               "        os._exit(tried(call()))\n"
               "    return os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])\n"
               "class Iovec(ctypes.Structure):\n"
               "    _fields_ = [('base', ctypes.c_void_p), ('length', ctypes.c_size_t)]\n"
               "source, target = ctypes.create_string_buffer(b'x' * 8), ctypes.create_string_buffer(8)\n"
               "local = Iovec(ctypes.cast(target, ctypes.c_void_p), 8)\n"
               "remote = Iovec(ctypes.cast(source, ctypes.c_void_p), 8)\n"
               "cloned = libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0)\n"   # clone(CLONE_NEWUSER | SIGCHLD)
               "if cloned == 0:\n"
               "    os._exit(0)\n"
               "if cloned > 0:\n"
               "    os.waitpid(cloned, 0)\n"
               "got = {'unshare': in_child(lambda: libc.unshare(0x10000000)), 'clone': tried(cloned),\n"
               "       'ptrace': in_child(lambda: libc.ptrace(0, 0, None, None)),\n"   # PTRACE_TRACEME
               "       'process_vm_readv': tried(libc.process_vm_readv(os.getpid(), ctypes.byref(local), 1,\n"
               "                                                       ctypes.byref(remote), 1, 0))}\n"
               "try:\n"
               "    socket.socket(socket.AF_UNIX).close()\n"
               "    got['unix socket'] = 0\n"
               "except OSError as refused:\n"
               "    got['unix socket'] = refused.errno\n"
               "with open('/proc/sys/user/max_user_namespaces') as limit:\n"
               "    most = int(limit.read())\n"
               "print('not refused', sorted(name for name, number in got.items() if number != errno.EPERM),\n"
               "      'max_user_namespaces', most)\n")


def test_the_learners_code_makes_no_user_namespace_and_reaches_no_other_process(sandbox, tmp_path):
    """seccomp refuses unshare and clone with CLONE_NEWUSER, ptrace, process_vm_readv and Unix sockets, each on its
    own, so that losing one is seen; the forked worker's namespaces allow no user namespace at all besides."""
    _require("seccomp")
    path = tmp_path / "main.py"
    path.write_text(REACHES_OUT + solution("challenge_3_activations").read_text())
    status, result = grade_json("challenge_3_activations", path, env=sandbox)
    assert "not refused []" in result["load_output"], result["load_output"]
    if sandbox["NNFS_GRADE_SANDBOX"] == "forked":
        assert "max_user_namespaces 0" in result["load_output"], result["load_output"]
    assert status == 0


def test_a_call_the_sandbox_refuses_is_said_to_be_refused_by_it(sandbox, tmp_path):
    """A child process started in a session of its own: seccomp refuses setsid, and Python says only "Operation not
    permitted"."""
    _require("seccomp")
    path = tmp_path / "main.py"
    path.write_text("import subprocess\nsubprocess.Popen(['sleep', '1'], start_new_session=True)\n"
                    + solution("challenge_3_activations").read_text())
    status, result = grade_json("challenge_3_activations", path, env=sandbox)
    message = result["checks"][0]["message"]
    assert status == 1 and "PermissionError: [Errno 1] Operation not permitted. The grader's sandbox refuses that " \
        "call" in message, message


def test_every_worker_of_a_class_grading_zygote_runs_under_the_seccomp_filter(confined, tmp_path):
    """The zygote loads the filter before its first fork: the first worker and a later one both run under it."""
    _require("seccomp")
    path = tmp_path / "main.py"
    path.write_text(UNDER_SECCOMP + solution("challenge_3_activations").read_text())
    for _ in range(2):
        status, result = judged("challenge_3_activations", path)
        assert "seccomp mode 2 memfd refused session refused" in result["load_output"], result["load_output"]
        assert status == 0 and "seccomp" in result["confinement"]["layers"]



@pytest.mark.parametrize("soname", ["libseccomp.so.2", "libseccomp-renamed.so.9"])
def test_the_seccomp_library_is_found_by_its_soname_or_else_searched_for(soname):
    """A system whose libseccomp has another soname gets it from ctypes.util's search, and the process is left with
    the real ctypes.util, whatever pyseccomp's import was given meanwhile."""
    _require("seccomp")
    code = ("import sys\n"
            "from grader.sandbox import lockdown\n"
            f"lockdown.SONAMES['seccomp'] = {soname!r}\n"
            "pyseccomp = lockdown._pyseccomp()\n"
            "import ctypes.util\n"
            "print(pyseccomp._libseccomp_path, ctypes.util.__file__ == sys.modules['ctypes.util'].__file__,\n"
            "      ctypes.util.find_library('m'))\n")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert output[0].startswith("libseccomp.so."), output
    assert output[1:] == ["True", "libm.so.6"], output

def test_the_next_worker_of_a_class_grading_zygote_meets_nothing_the_last_one_left(confined, tmp_path):
    """The zygote sweeps its namespace as it forks the next worker: the detached child of one submission is gone,
    and its files too, before the next submission's code runs."""
    marker = _marker()
    leaves = tmp_path / "leaves" / "main.py"
    leaves.parent.mkdir()
    leaves.write_text(_sleeper(marker) + f"open('/dev/shm/{marker}', 'w').close()\n"
                      + solution("challenge_3_activations").read_text())
    looks = tmp_path / "looks" / "main.py"
    looks.parent.mkdir()
    looks.write_text("import os\n"
                     "seen = []\n"
                     "for pid in filter(str.isdigit, os.listdir('/proc')):\n"
                     "    try:\n"
                     "        seen.append(open(f'/proc/{pid}/cmdline').read())\n"
                     "    except OSError:\n"
                     "        pass   # ended meanwhile\n"
                     f"print('left:', [text for text in seen if '{marker}' in text], os.listdir('/dev/shm'))\n"
                     + solution("challenge_3_activations").read_text())
    status, result = judged("challenge_3_activations", leaves)
    assert status == 0
    status, result = judged("challenge_3_activations", looks)
    left = result["load_output"].split("left:", 1)[1]
    assert status == 0 and left.startswith(" []") and marker not in left, result["load_output"]


def test_what_a_class_gradings_worker_left_is_gone_before_its_zygote_forks_again(confined, tmp_path):
    """A grading process of `grade report` may wait for its next submission, or have none left while the others
    grade theirs: a detached child one submission left must not run on meanwhile, taking the processors the other
    sandboxes' checks are timed on."""
    import functools

    from grader.course import load_challenges
    from grader.judge.grading import Judge, run_spec_files
    from grader.judge.seal import CourseSeal
    from grader.sandbox.supervisor import ZygoteSpawner

    marker = _marker()
    path = tmp_path / "main.py"
    path.write_text(_sleeper(marker) + solution("challenge_3_activations").read_text())
    [challenge] = [found for found in load_challenges(ROOT) if found.name == "challenge_3_activations"]
    seal = CourseSeal(ROOT, [challenge])
    spawner = ZygoteSpawner(before_start=seal.restore)
    try:
        result = Judge(functools.partial(run_spec_files, seal=seal), spawner, seal).grade(challenge, path)
        assert result.passed and result.confinement["confined"] is True
        assert _gone(marker), "the learner's child ran on after its grading, until the zygote's next fork"
    finally:
        spawner.close()


def test_the_learners_code_finds_no_landlock_rule_set_open(sandbox, tmp_path):
    """A zygote builds its workers' Landlock rule set once; a worker that kept it open would let the learner's code
    add rules that every later worker enters."""
    path = tmp_path / "main.py"
    path.write_text("import os\n"
                    "open_files = []\n"
                    "for fd in os.listdir('/proc/self/fd'):\n"
                    "    try:\n"
                    "        open_files.append(os.readlink(f'/proc/self/fd/{fd}'))\n"
                    "    except OSError:\n"
                    "        pass   # the listing's own descriptor, closed by now\n"
                    "print('rule sets open:', [name for name in open_files if 'landlock' in name])\n"
                    + solution("challenge_3_activations").read_text())
    status, result = grade_json("challenge_3_activations", path, env=sandbox)
    assert "rule sets open: []" in result["load_output"], result["load_output"]
    assert status == 0 and result["confinement"]["confined"] is True


def test_without_the_import_guard_the_learners_code_still_cannot_load_the_graders_modules(sandbox, tmp_path):
    """The import guard lives in the worker, where the learner's code can take it off sys.meta_path and empty its
    record of attempts; the kernel keeps the grader's package unreadable to that code all the same."""
    path = tmp_path / "main.py"
    path.write_text("import importlib, sys\n"
                    "for finder in [f for f in sys.meta_path if type(f).__name__ == 'ImportGuard']:\n"
                    "    sys.meta_path.remove(finder)\n"
                    "    finder.attempts.clear()\n"
                    "try:\n"
                    "    importlib.import_module('gra' + 'der.expect')\n"
                    "    print('loaded')\n"
                    "except OSError as exc:\n"
                    "    print('refused:', exc.errno)\n")
    status, result = grade_json("challenge_3_activations", path, env=sandbox)
    assert result["load_output"].strip() == f"refused: {errno.EACCES}", result["load_output"]


def test_the_learners_code_cannot_read_the_graders_files_wherever_the_package_lies(sandbox, tmp_path):
    """The worker's own frames name the grader's files; reading one (to run what it defines) is refused whether
    the package lies in a checkout, under /tmp or in site-packages."""
    path = tmp_path / "main.py"
    path.write_text("import os, sys\n"
                    "frame = sys._getframe()\n"
                    "while not frame.f_code.co_filename.endswith(os.path.join('sandbox', 'worker.py')):\n"
                    "    frame = frame.f_back\n"
                    "package = os.path.dirname(os.path.dirname(frame.f_code.co_filename))\n"
                    "for name in ('expect.py', '__init__.py', os.path.join('sandbox', 'worker.py')):\n"
                    "    try:\n"
                    "        open(os.path.join(package, name)).read()\n"
                    "        print(name, 'read')\n"
                    "    except OSError as exc:\n"
                    "        print(name, 'refused', exc.errno)\n")
    status, result = grade_json("challenge_3_activations", path, env=sandbox)
    assert result["load_output"].split("\n")[:3] == [
        f"expect.py refused {errno.EACCES}", f"__init__.py refused {errno.EACCES}",
        f"{os.path.join('sandbox', 'worker.py')} refused {errno.EACCES}"], result["load_output"]


def test_the_learners_home_and_temporary_folders_are_its_own_writable_scratch_folder(sandbox, tmp_path):
    """Libraries keep caches in the home folder (matplotlib's ~/.config/matplotlib): where the learner's code may
    write only to its own folder, that folder is its home, so they do not warn into its printed output."""
    path = tmp_path / "main.py"
    path.write_text("import os, tempfile\n"
                    "home = os.path.expanduser('~')\n"
                    "os.makedirs(os.path.join(home, '.config', 'some-library'))\n"
                    "print(home == os.getcwd() == tempfile.gettempdir())\n")
    status, result = grade_json("challenge_3_activations", path, env=sandbox)
    assert result["load_output"] == "True\n", result["load_output"]


def test_a_folder_cut_out_of_the_learners_rules_is_refused_and_its_neighbours_are_not(tmp_path):
    """Landlock allows whole hierarchies: a site-packages that holds the grader is allowed entry by entry, but the
    grader's own folder (lockdown.cut_out)."""
    _require("landlock")
    from grader.sandbox import lockdown

    site = tmp_path / "lib" / "site-packages"
    for name in ("grader", "numpy"):
        (site / name).mkdir(parents=True)
        (site / name / "__init__.py").write_text("x = 1\n")
    (site / "six.py").write_text("x = 1\n")
    readable = lockdown.cut_out([str(tmp_path)], str((site / "grader").resolve()))
    assert str(site / "grader") not in readable and str(site / "numpy") in readable and str(site / "six.py") in readable
    pid = os.fork()
    if pid == 0:
        status = 16   # the child raised
        try:
            os.chdir("/")
            status = 0 if lockdown.restrict_filesystem([*lockdown.SYSTEM_FOLDERS, *readable], []) else 3
            for name, allowed in (("numpy/__init__.py", True), ("six.py", True), ("grader/__init__.py", False)):
                try:
                    open(site / name).read()
                    status |= 0 if allowed else 4
                except PermissionError:
                    status |= 8 if allowed else 0
        finally:
            os._exit(status)
    assert os.waitpid(pid, 0)[1] >> 8 == 0


def test_every_process_of_the_learners_code_is_born_in_the_sandboxs_cgroups_and_sees_them_as_its_root(sandbox,
                                                                                                      tmp_path):
    """The memory and process limits hold only for processes inside the sandbox's cgroups; a forked sandbox joins
    them while it makes its root, and its workers are forked only once it has. Where the cpu hierarchy is writable,
    the sandbox is a cpu group of its own at its top, beside every other process: one share of the processors
    however many processes the learner's code starts, whether or not the kernel groups tasks by session."""
    _require("cgroup")
    hierarchies = ("memory", "pids", *(["cpu"] if os.access(confinement.CGROUP_ROOT / "cpu", os.W_OK) else []))
    marker = _marker()
    path = tmp_path / "main.py"
    path.write_text(_sleeper(marker)
                    + "print('seen inside:', sorted(line.split(':', 2)[2].strip()\n"
                      f"      for line in open('/proc/self/cgroup') if line.split(':')[1] in {hierarchies}))\n"
                    + "import time\ntime.sleep(2)\n" + solution("challenge_3_activations").read_text())
    judge = subprocess.Popen([sys.executable, "-m", "grader", "challenge_3_activations", "--submission", str(path),
                              "--json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, **sandbox))
    try:
        deadline = time.monotonic() + 30
        while not processes_marked(marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        child, = processes_marked(marker)
        groups = {line.split(":")[1]: line.split(":", 2)[2].strip()
                  for line in Path(f"/proc/{child}/cgroup").read_text().splitlines()}
        stdout, stderr = judge.communicate(timeout=60)
    finally:
        judge.kill()
        judge.wait()
    assert groups["memory"].startswith(f"/{confinement.CGROUP_GROUP}/"), groups
    assert groups["pids"] == groups["memory"]
    if "cpu" in hierarchies:
        # At the top of the hierarchy: under a parent group, every sandbox would share that one group's share.
        assert groups["cpu"] == groups["memory"].replace(f"/{confinement.CGROUP_GROUP}/",
                                                         f"/{confinement.CGROUP_GROUP}-"), groups
    assert f"seen inside: {['/'] * len(hierarchies)}" in json.loads(stdout)["load_output"], stderr
    assert _gone(marker)


# --- nothing outlives the run -----------------------------------------------------------------------

def test_a_detached_child_without_the_runs_environment_dies_with_the_run(sandbox, tmp_path):
    marker = _marker()
    path = tmp_path / "main.py"
    path.write_text(_sleeper(marker) + solution("challenge_3_activations").read_text())
    status, result = grade_json("challenge_3_activations", path, env=sandbox)
    assert status == 0  # a correct file that starts a process still earns its marks
    assert _gone(marker)


def _kill_the_judge_while_the_learners_child_runs(tmp_path, env):
    """Start `grade` on a file that starts a detached child and sleeps, SIGKILL the judge once that child runs,
    and say whether every process of the run is gone."""
    marker = _marker()
    path = tmp_path / "main.py"
    path.write_text(_sleeper(marker) + "import time\ntime.sleep(30)\n")
    judge = subprocess.Popen([sys.executable, "-m", "grader", "challenge_3_activations", "--submission", str(path),
                              "--json"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=dict(os.environ, **env))
    try:
        deadline = time.monotonic() + 30
        while not processes_marked(marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_marked(marker), "the learner's child never started"
    finally:
        judge.kill()
        judge.wait()
    return _gone(marker)


def test_every_process_of_a_run_dies_when_the_judge_is_killed_first(sandbox, tmp_path):
    assert _kill_the_judge_while_the_learners_child_runs(tmp_path, sandbox)


def test_a_judge_killed_while_the_learners_code_runs_leaves_no_sandbox_folder(tmp_path):
    """The folder a forked zygote makes its root in is removed once the root is made, not when the run ends."""
    _require("namespaces", "landlock")
    folder = tmp_path / "tmp"
    folder.mkdir()
    assert _kill_the_judge_while_the_learners_child_runs(tmp_path, {"TMPDIR": str(folder),
                                                                    "NNFS_GRADE_SANDBOX": "forked"})
    assert not list(folder.glob("nnfs-grade-sandbox-*"))


FORK_AFTER_READING_SCRIPT = """
import sys
from pathlib import Path
import numpy
from grader.sandbox.forked_zygote import fork_zygote

early = fork_zygote()
print(early is not None)
if early is not None:
    early.close()
if sys.argv[1] == "seal":
    from grader.course import load_challenges
    from grader.judge.seal import CourseSeal
    CourseSeal(Path(sys.argv[2]), load_challenges(Path(sys.argv[2]))[:1])
else:
    from grader.course import checks_version, load_challenges
    checks_version(load_challenges(Path(sys.argv[2]))[0])
print(fork_zygote() is None)
"""


@pytest.mark.parametrize("reading", ["seal", "digest"])
def test_no_zygote_is_forked_from_a_process_that_has_read_the_course(tmp_path, reading):
    """A seal holds the reference's source, and the code digest read it: a zygote forked afterwards would carry
    it, in memory the learner's code can read, so the learner's own `grade` uses bubblewrap then."""
    _require("namespaces", "landlock")
    completed = subprocess.run([sys.executable, "-c", FORK_AFTER_READING_SCRIPT, reading, str(ROOT)], cwd=tmp_path,
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["True", "True"]


LATE_SANDBOX_SCRIPT = """
import json, os, time
import numpy
from grader.limits import Limits
from grader.sandbox.forked import LateSandbox
from grader.sandbox.forked_zygote import fork_zygote

late = LateSandbox(fork_zygote(), Limits())
sandbox = late()
process, cgroup = late.spawner.early.process, late.spawner.cgroup
groups = [str(folder) for folder in cgroup.folders] if cgroup else []
sandbox.close()
deadline = time.monotonic() + 20
while process.poll() is None and time.monotonic() < deadline:
    time.sleep(0.01)
ended = process.returncode is not None
late.close()
print(json.dumps({"ended": ended, "groups_left": [group for group in groups if os.path.exists(group)]}))
"""


def test_the_learners_zygote_ends_with_its_one_worker_and_is_waited_for_last(tmp_path):
    """Closing the one worker of a learner's `grade` tells its zygote to end, which it does while the judge writes
    the report; closing the sandbox at the very end waits for it and removes its control groups."""
    _require("namespaces", "landlock")
    completed = subprocess.run([sys.executable, "-c", LATE_SANDBOX_SCRIPT], cwd=tmp_path, capture_output=True,
                               text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    said = json.loads(completed.stdout)
    assert said == {"ended": True, "groups_left": []}


# --- limits ----------------------------------------------------------------------------------------

def _hog(memory, megabytes):
    """Source that puts `megabytes` MiB in shared memory of the kind `memory` ("memfd" or a /dev/shm file)."""
    opening = ("fd = os.memfd_create('hog')\n" if memory == "memfd" else
               f"fd = os.open('/dev/shm/{_marker()}', os.O_CREAT | os.O_WRONLY)\n")
    return ("import os\nchunk = b'x' * (1 << 20)\n" + opening
            + f"for _ in range({megabytes}):\n    os.write(fd, chunk)\n")


@pytest.mark.parametrize("memory", ["memfd", "dev-shm"])
def test_shared_memory_does_not_escape_the_memory_limit(confined, course, memory):
    """512 MiB of shared memory, for a challenge limited to 256 MiB: stopped, and no pass."""
    _require("namespaces", "seccomp")
    toml = course / "challenges" / "challenge_3_activations" / "challenge.toml"
    toml.write_text(toml.read_text() + "\n[limits]\nmemory_mb = 256\n")
    path = course / "main.py"
    path.write_text(_hog(memory, 512) + solution("challenge_3_activations").read_text())
    try:
        completed = run_grade("challenge_3_activations", "--submission", path, "--json", cwd=course)
    finally:
        for leftover in Path("/dev/shm").glob("nnfs-grade-confinement-*"):
            if f"-{os.getpid()}-" in leftover.name:
                leftover.unlink()  # where nothing confines the worker, its /dev/shm is the machine's
    _graded_without_a_pass(completed)


def test_a_fork_bomb_is_bounded(sandbox, tmp_path):
    marker = _marker()
    path = tmp_path / "main.py"
    path.write_text(
        "import os\n"
        "started = 0\n"
        "for _ in range(300):\n"
        "    try:\n        pid = os.fork()\n    except OSError:\n        break\n"
        "    if pid == 0:\n"
        f"        os.execv('/bin/sh', ['sh', '-c', 'sleep 300; :', '{marker}'])\n"
        "    started += 1\n"
        "print('started', started)\n"
        "raise SystemExit(started)\n")
    completed = run_grade("challenge_3_activations", "--submission", path, "--json", env=sandbox)
    result = _graded_without_a_pass(completed)
    started = int(result["load_output"].split()[-1])
    assert started < 100, result["load_output"]
    assert _gone(marker)


def test_the_worker_has_no_network(sandbox, tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    accepted = []

    def accept():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not accepted:
            try:
                accepted.append(server.accept())
            except OSError:
                pass

    listener = threading.Thread(target=accept)
    listener.start()
    path = tmp_path / "main.py"
    path.write_text(
        "import socket\n"
        f"socket.create_connection(('127.0.0.1', {server.getsockname()[1]}), timeout=2).sendall(b'hello')\n"
        + solution("challenge_3_activations").read_text())
    try:
        completed = run_grade("challenge_3_activations", "--submission", path, "--json", env=sandbox)
    finally:
        accepted.append(None)
        listener.join()
        server.close()
    _graded_without_a_pass(completed)
    assert accepted == [None], "the learner's code reached a server outside its sandbox"


# --- class grading: forked workers are confined too ----------------------------------------------

def test_a_class_report_confines_every_forked_worker(confined, tmp_path):
    marker = _marker()
    roster = tmp_path / "roster"
    stopped = CASES.joinpath("sigstop_judge.py").read_text().replace(
        "os.kill(os.getppid(), signal.SIGSTOP)",
        "for pid in (os.getppid(), 1):\n    os.kill(pid, signal.SIGSTOP)\n    os.kill(pid, signal.SIGKILL)")
    submissions = {
        "reads-the-reference": ("challenge_5_backprop", CASES.joinpath("exec_reference_source.py").read_text()),
        "stops-its-parents": ("challenge_1_forward_pass", stopped),
        "leaves-a-child": ("challenge_3_activations", _sleeper(marker) + "import time\ntime.sleep(1)\n"),
        "honest": ("challenge_3_activations", solution("challenge_3_activations").read_text()),
    }
    for learner, (challenge, source) in submissions.items():
        target = roster / learner / "challenges" / challenge / "main.py"
        target.parent.mkdir(parents=True)
        target.write_text(source)
    out = tmp_path / "out"
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "1", "--challenge", "3",
                          "--challenge", "5", timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    learners = {entry["learner"]: entry for entry in json.loads((out / "results.json").read_text())["learners"]}
    for learner, (challenge, _) in submissions.items():
        item = next(item for item in learners[learner]["challenges"] if item["challenge"] == challenge)
        assert "result" in item, (learner, item.get("problem"))
        result = item["result"]
        if learner == "honest":
            assert result["score"] == result["max_score"]
        else:
            assert result["score"] == 0, (learner, result["score"])
        assert result["confinement"]["confined"] is True
    assert _gone(marker)


# A learner's file that leaves SysV IPC objects behind, first refusing to run where it finds one an earlier
# worker left: it passes only if nothing of one worker's IPC namespace reaches the next.
LEAVES_IPC_OBJECTS = """
import ctypes as _ctypes
_libc = _ctypes.CDLL(None, use_errno=True)
if _libc.msgget(0x4e4e4653, 0) >= 0 or _libc.semget(0x4e4e4653, 1, 0) >= 0 or _libc.shmget(0x4e4e4653, 0, 0) >= 0:
    raise SystemExit("an earlier worker's message queue, semaphore or shared memory is still here")
_libc.msgget(0x4e4e4653, 0o1666)
_libc.semget(0x4e4e4653, 1, 0o1666)
_libc.shmget(0x4e4e4653, 4096, 0o1666)
"""


def test_no_ipc_object_of_a_learners_worker_reaches_the_next_learners(confined, tmp_path):
    roster = tmp_path / "roster"
    for learner in ("first", "second", "third"):
        target = roster / learner / "challenges" / "challenge_3_activations" / "main.py"
        target.parent.mkdir(parents=True)
        target.write_text(LEAVES_IPC_OBJECTS + solution("challenge_3_activations").read_text() + f"# {learner}\n")
    out = tmp_path / "out"
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "3", timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    for entry in json.loads((out / "results.json").read_text())["learners"]:
        result = entry["challenges"][0]["result"]
        assert result["score"] == result["max_score"], (entry["learner"], result["load_output"])


def test_no_ipc_object_of_one_challenge_reaches_another_in_grade_list(confined, tmp_path):
    course = copy_course(tmp_path / "course")
    # More changed challenges than zygotes: some zygote forks a worker after another.
    changed = ("challenge_1_forward_pass", "challenge_2_shapes", "challenge_3_activations", "challenge_4_loss_debug")
    for challenge in changed:
        (course / "challenges" / challenge / "main.py").write_text(LEAVES_IPC_OBJECTS + solution(challenge).read_text())
    listed = run_grade("list", "--json", cwd=course)
    assert listed.returncode == 0, listed.stderr[-3000:]
    rows = {row["challenge"]: row for row in json.loads(listed.stdout)["challenges"]}
    assert all(rows[challenge]["state"] == "done" for challenge in changed), rows


def test_the_sweep_removes_every_sysv_ipc_object_of_its_namespace():
    code = (
        "import ctypes\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        "if libc.unshare(0x10000000 | 0x08000000) != 0:\n"   # CLONE_NEWUSER | CLONE_NEWIPC
        "    raise SystemExit(f'unshare: errno {ctypes.get_errno()}')\n"
        "made = [libc.msgget(0, 0o600), libc.semget(0, 2, 0o600), libc.shmget(0, 4096, 0o600), libc.msgget(0, 0o600)]\n"
        "assert min(made) >= 0, made\n"
        "from grader.sandbox import zygote\n"
        "zygote._remove_ipc_objects()\n"
        "print([len(open(f'/proc/sysvipc/{kind}').read().splitlines()) - 1 for kind in ('msg', 'sem', 'shm')])\n")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    if completed.returncode != 0 and "unshare: errno" in completed.stderr:
        _require("namespaces")   # no namespaces for this user: skipped, or failed where confinement is required
        pytest.skip(completed.stderr.strip())
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[0, 0, 0]"


# --- where the machine cannot confine -----------------------------------------------------------

def _without_bwrap():
    """An environment in which bwrap cannot be found, and every worker is to be started by it: a machine
    without bubblewrap whose kernel does not let the grader make namespaces itself either."""
    return {"PATH": str(Path(sys.executable).parent), "NNFS_GRADE_SANDBOX": "bwrap"}


def test_the_learners_own_grade_is_confined_without_bubblewrap():
    """Its workers are forked from the judge into namespaces the grader makes itself: bwrap is not needed."""
    _require("landlock", "seccomp")
    completed = run_grade("challenge_3_activations", "--submission", solution("challenge_3_activations"), "--json",
                          env={"PATH": str(Path(sys.executable).parent)})
    assert completed.returncode == 0, completed.stderr
    walls = json.loads(completed.stdout)["confinement"]
    assert walls["confined"] is True and {"namespaces", "landlock", "seccomp", "rlimits"} <= set(walls["layers"])
    assert "not confined" not in completed.stderr


@pytest.mark.parametrize("form", ["option first, in the challenge's folder", "bare, past a changed challenge"])
def test_the_learners_grade_is_confined_without_bubblewrap_whichever_way_it_is_typed(tmp_path, form):
    """Where click parses the command (a bare `grade`, an option before the challenge), its gradings run in the
    zygote forked as it starts, as the plain `grade CHALLENGE`'s do: bare, one grading of a challenge changed on the
    way, then the next challenge's."""
    _require("landlock", "seccomp")
    course = copy_course(tmp_path / "course")
    if form.startswith("bare"):
        # Graded first, on the way: it fails, and the bare grade stops there, unless it ran confined too.
        (course / "challenges" / "challenge_1_forward_pass" / "main.py").write_text(
            "import os\nif os.getpid() > 50:\n    raise RuntimeError('no PID namespace of its own')\n"
            + solution("challenge_1_forward_pass").read_text(encoding="utf-8"), encoding="utf-8")
        completed = run_grade("--json", cwd=course, env={"PATH": str(Path(sys.executable).parent)})
    else:
        completed = run_grade("--json", cwd=course / "challenges" / "challenge_3_activations",
                              env={"PATH": str(Path(sys.executable).parent)})
    assert completed.returncode == 1, completed.stderr
    result = json.loads(completed.stdout)
    assert result["challenge"] == ("challenge_2_shapes" if form.startswith("bare") else "challenge_3_activations")
    assert result["confinement"]["confined"] is True and "not confined" not in completed.stderr


def test_what_grade_hint_grades_on_its_way_is_confined_without_bubblewrap(tmp_path):
    """`grade hint` grades a file it has no result for, in a worker of the zygote it forked as it started: the
    file's code raises where its process is not in a PID namespace of its own, and the hint is about a file that
    passes."""
    _require("landlock", "seccomp")
    submission = tmp_path / "main.py"
    submission.write_text("import os\nif os.getpid() > 50:\n    raise RuntimeError('no PID namespace of its own')\n"
                          + solution("challenge_3_activations").read_text(encoding="utf-8"), encoding="utf-8")
    # In a course of its own: the hint it shows is remembered in the course's progress.
    completed = run_grade("hint", "3", "--submission", submission, cwd=copy_course(tmp_path / "course"),
                          env={"PATH": str(Path(sys.executable).parent)})
    assert completed.returncode == 0, completed.stderr
    assert "Every check of the file passes already." in completed.stdout and "stopped at" not in completed.stdout


def test_an_unconfined_learner_still_grades_with_a_note():
    completed = run_grade("challenge_3_activations", "--submission", solution("challenge_3_activations"), "--json",
                          env=_without_bwrap())
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["confinement"] == {"confined": False, "layers": [
        name for name in confinement.in_force(thorough=True) if name not in ("namespaces",)]}
    assert "not confined" in completed.stderr and len(completed.stderr.strip().splitlines()) == 1


def test_grades_that_count_are_refused_unconfined_unless_allowed(tmp_path):
    roster = tmp_path / "roster"
    (roster / "alice" / "challenges" / "challenge_3_activations").mkdir(parents=True)
    shutil.copy(solution("challenge_3_activations"), roster / "alice" / "challenges" / "challenge_3_activations")
    refused = run_grade("report", roster, "--out", tmp_path / "out", "--challenge", "3", env=_without_bwrap())
    assert refused.returncode == 2 and "--allow-unconfined" in refused.stderr and "bwrap" in refused.stderr
    assert not (tmp_path / "out").exists()
    allowed = run_grade("report", roster, "--out", tmp_path / "out", "--challenge", "3", "--allow-unconfined",
                        env=_without_bwrap())
    assert allowed.returncode == 0, allowed.stderr[-2000:]
    workflow_step = run_grade("challenge_3_activations", "--submission", solution("challenge_3_activations"),
                              "--require-confinement", env=_without_bwrap())
    assert workflow_step.returncode == 2 and "grade doctor" in workflow_step.stderr
    per_challenge_step = subprocess.run(
        [sys.executable, "-m", "grader.classroom.github_classroom", "challenge_3_activations", "--require-confinement"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=dict(os.environ, **_without_bwrap()))
    assert per_challenge_step.returncode == 2 and "cannot confine" in per_challenge_step.stderr


def test_without_namespaces_landlock_still_keeps_the_course_and_the_judge_out_of_reach(tmp_path):
    """A Linux whose bwrap cannot make namespaces (here a bwrap that always fails), but with Landlock."""
    _require("landlock")
    failing = tmp_path / "bin" / "bwrap"
    failing.parent.mkdir()
    failing.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    failing.chmod(0o755)
    env = {"PATH": f"{failing.parent}{os.pathsep}{os.environ['PATH']}", "NNFS_GRADE_SANDBOX": "bwrap"}
    for challenge, case in (("challenge_5_backprop", "exec_reference_source.py"),
                            ("challenge_1_forward_pass", "sigstop_judge.py"),
                            ("challenge_1_forward_pass", "fake_stdout_then_kill_judge.py")):
        completed = run_grade(challenge, "--submission", CASES / case, "--json", env=env, timeout=60)
        assert completed.returncode == 1, (case, completed.stderr[-2000:])
        result = json.loads(completed.stdout)
        assert result["score"] == 0 and result["confinement"]["confined"] is False, case
        assert "landlock" in result["confinement"]["layers"], case
        assert "not confined" in completed.stderr, case



def test_an_unconfined_worker_gives_up_the_judges_capabilities_too(tmp_path):
    """A judge run as root without a sandbox (CI, a container): its worker would hold every capability of the
    machine's root (loading kernel modules, reboot, the host's network), none of which its code needs."""
    env = {"PATH": str(Path(sys.executable).parent), "NNFS_GRADE_SANDBOX": "bwrap"}
    path = tmp_path / "main.py"
    path.write_text("status = open('/proc/self/status').read().splitlines()\n"
                    "print([line.split()[1] for line in status if line.startswith(('CapEff', 'CapPrm', 'CapAmb'))])\n"
                    + solution("challenge_3_activations").read_text())
    status, result = grade_json("challenge_3_activations", path, env=env)
    assert status == 0 and result["confinement"]["confined"] is False
    assert "['0000000000000000', '0000000000000000', '0000000000000000']" in result["load_output"], \
        result["load_output"]

def test_doctor_says_which_layers_are_active_and_how_to_get_the_others():
    here = run_grade("doctor", "--json")
    report = json.loads(here.stdout)
    assert here.returncode == (0 if confinement.confined(thorough=True) else 1)
    assert [layer["name"] for layer in report["survey"]] == ["namespaces", "cgroup", "user", "landlock", "seccomp",
                                                             "rlimits"]
    # Which sandbox the learner's own grade uses, and which the grades that count use.
    forked = report["forked"]
    assert "your own `grade`" in forked["detail"] and "bubblewrap" in forked["detail"]
    if {"namespaces", "landlock"} <= set(confinement.in_force(thorough=True)):
        assert forked["active"] is True
    told = json.loads(run_grade("doctor", "--json", env={"NNFS_GRADE_SANDBOX": "bwrap"}).stdout)["forked"]
    assert told["active"] is False and "NNFS_GRADE_SANDBOX=bwrap" in told["detail"]
    missing = run_grade("doctor", env=_without_bwrap())
    assert missing.returncode == 1
    assert "off  namespaces bubblewrap (bwrap) is not installed" in missing.stdout
    assert "apt install bubblewrap" in missing.stdout and "NOT confined" in missing.stdout
    # The remedy is a sentence of its own, on the line below the missing layer.
    assert "\n" + " " * 16 + "Install it: `sudo apt install bubblewrap`" in missing.stdout


def test_a_grading_is_graded_again_only_where_no_worker_of_it_greeted_the_judge():
    """A zygote that ended before any worker of the grading started says nothing of the file: graded again. One
    that ended after a worker had started (a restart after a timeout) leaves the result as it is."""
    from grader.sandbox.forked import zygote_gone

    class Spawner:
        gone = True

    class Sandbox:
        spawner, first_greeted = Spawner(), False

    assert zygote_gone(Sandbox())
    Sandbox.first_greeted = True
    assert not zygote_gone(Sandbox())
    Spawner.gone = False
    assert not zygote_gone(Sandbox()) and not zygote_gone(None)
