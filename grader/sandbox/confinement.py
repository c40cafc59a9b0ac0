"""The operating system's walls around the worker, on Linux: which this machine offers, and how they are put up.

Layers, outermost first (SECURITY.md says what each needs from the kernel and what it stops):

- `namespaces`: bubblewrap (`bwrap`) starts the worker in new user, PID, network, IPC, UTS and
  cgroup namespaces. It sees the Python installation and the grader's sandbox code, read-only,
  and nothing else of the disk; two small tmpfs folders (/tmp, /dev/shm) are the only places it
  can write. It cannot see, signal or trace a process outside, and every process in it dies
  when the judge does (`--die-with-parent`, and the end of the PID namespace's first process).
- `cgroup`: a memory and a pids control group hold everything the worker starts, so memory
  counts shared memory and tmpfs files too, and the number of processes is bounded. Making
  one needs write access to cgroup v1's memory and pids hierarchies, which only root has.
- `user`: a judge running as root starts the worker as the unprivileged account named by
  NNFS_GRADE_WORKER_USER (the Gradescope autograder's setup.sh makes one).
- `landlock`, `seccomp` and `rlimits`: applied by the worker to itself (`grader.sandbox.lockdown`).
"""
import functools
import os
import shutil
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from grader import BLOCKED_PACKAGES
from grader.limits import ONE_BLAS_THREAD
from grader.sandbox import lockdown, reaper

SANDBOX_PACKAGE = Path(__file__).resolve().parent.parent   # the `grader` package: the worker's own code
CGROUP_ROOT = Path("/sys/fs/cgroup")
CGROUP_GROUP = "nnfs-grade"
SCRATCH_MB = 64             # each of the sandbox's /tmp and /dev/shm
ZYGOTE_MB = 256             # what a warm zygote holds besides its current worker's limit
WORKER_USER_VARIABLE = "NNFS_GRADE_WORKER_USER"
OUTER_LAYERS = ("namespaces", "cgroup", "user")   # put up by the judge around the worker
INNER_LAYERS = ("landlock", "seccomp", "rlimits")  # applied by the worker to itself, before any learner code


@dataclass(frozen=True)
class Layer:
    name: str           # one of OUTER_LAYERS or INNER_LAYERS
    active: bool
    detail: str         # what it does here, or why it is missing
    remedy: str = ""    # how to get it, when it is missing


def survey(thorough=False):
    """Every layer, active or not, on this machine for this user.

    The quick survey (a `grade` run's) only looks for the tools: the worker's first message
    says whether its sandbox really started, and a run whose sandbox did not is graded again
    unconfined (`give_up`). The thorough one (`grade doctor`, and commands whose grades count)
    starts a sandbox, asks the kernel for Landlock and builds the seccomp filter to be sure.
    """
    return _thorough_survey() if thorough else _quick_survey()


@functools.cache
def _quick_survey():
    # The layers the worker applies to itself are not looked for here: its greeting names them.
    return (_namespaces_layer(probe=False), _cgroup_layer(), _user_layer())


@functools.cache
def _thorough_survey():
    return (_namespaces_layer(probe=True), _cgroup_layer(), _user_layer(), lockdown.landlock_layer(),
            lockdown.seccomp_layer(), lockdown.rlimits_layer())


def in_force(thorough=False):
    """The names of the layers that will confine a worker started now."""
    return tuple(layer.name for layer in survey(thorough) if layer.active)


def confined(thorough=False):
    """Whether the worker runs in a sandbox of its own: the namespaces layer is the one that makes it so."""
    return "namespaces" in in_force(thorough)


def worker_environment(token, sandboxed):
    """The environment a worker starts with: one BLAS thread, the run's `token` (grader.sandbox.reaper), and
    where `sandboxed`, nothing of the judge's own."""
    if sandboxed:
        # The judge's environment stays outside: it may hold tokens and paths the learner's code has no business with.
        base = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8"}
    else:
        base = dict(os.environ)
    return dict(base, **ONE_BLAS_THREAD, **{reaper.TOKEN_VARIABLE: token})


class SandboxLost(Exception):
    """The sandbox failed to start where a grade that counts needs it (require): nothing was graded unconfined."""


def require():
    """Grades that count from now on in this process: where a worker's sandbox fails to start after the survey found
    it could, give_up raises SandboxLost rather than letting the learner's code run unconfined."""
    _required.append(True)


def give_up(reason):
    """The sandbox did not start here: grade unconfined from now on in this process, saying why; SandboxLost where
    confinement is required."""
    if _required:
        raise SandboxLost(f"{reason} Nothing was graded: a grade that counts needs the learner's code confined, and "
                          "it would have run without its sandbox.")
    _quick_survey.cache_clear()
    _failures.append(reason)


_failures, _required = [], []


def record(layers):
    """The JSON result's `confinement` field, for a worker that ran inside these layers."""
    return {"confined": "namespaces" in layers, "layers": list(layers)}


NOT_CONFINED_NOTE = ("This run was not confined: bubblewrap could not give your code a sandbox of its own. "
                     "`grade doctor` says why, and how to fix it.")


# --- the worker's user ------------------------------------------------------------------------

@functools.cache
def worker_account():
    """(uid, gid) of the unprivileged account a root judge starts workers as; None to keep the judge's own."""
    name = os.environ.get(WORKER_USER_VARIABLE)
    if not name or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    return (entry.pw_uid, entry.pw_gid) if entry.pw_uid != 0 else None


def account_options():
    """Popen's keyword arguments that start a process as the worker's account."""
    account = worker_account()
    return {"user": account[0], "group": account[1], "extra_groups": []} if account else {}


def _user_layer():
    if not hasattr(os, "geteuid"):
        return Layer("user", False, f"user accounts are not checked on {sys.platform}.")
    if os.geteuid() != 0:
        return Layer("user", True, f"the worker runs as uid {os.geteuid()}, an unprivileged user (yours).")
    if worker_account():
        name = os.environ[WORKER_USER_VARIABLE]
        return Layer("user", True, f"the judge runs as root; the worker as {name} (uid {worker_account()[0]}).")
    named = os.environ.get(WORKER_USER_VARIABLE)
    return Layer("user", False, (f"{WORKER_USER_VARIABLE}={named} names no unprivileged account" if named else
                                 "the judge runs as root, and so does the worker (without capabilities when "
                                 "bwrap confines it)") + ".",
                 "Make an account (`useradd --system --no-create-home nnfs-learner`) and set "
                 f"{WORKER_USER_VARIABLE}=nnfs-learner: the Gradescope autograder does both.")


# --- bubblewrap ---------------------------------------------------------------------------

def _namespaces_layer(probe):
    if _failures:
        return Layer("namespaces", False, _failures[-1], "Run `grade doctor` to see why bwrap fails here.")
    if not sys.platform.startswith("linux"):
        return Layer("namespaces", False, f"Linux namespaces do not exist on {sys.platform}.",
                     "Grade on Linux (a virtual machine or a container will do) to have your code confined.")
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return Layer("namespaces", False, "bubblewrap (bwrap) is not installed.",
                     "Install it: `sudo apt install bubblewrap` (Debian, Ubuntu), `sudo dnf install bubblewrap` "
                     "(Fedora), `sudo pacman -S bubblewrap` (Arch).")
    if not probe:
        return _namespaces_active(bwrap)
    import subprocess   # only `grade doctor` and grades that count probe; a forked sandbox's first process does not

    try:
        # The worker's own sandbox around the worker's interpreter doing nothing: every folder it binds must be
        # there, and Python must start inside it.
        probe = subprocess.run(bwrap_command([sys.executable, "-I", "-c", "pass"]), stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=10, **account_options())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Layer("namespaces", False, f"bwrap could not be run: {exc}.", "Reinstall bubblewrap.")
    if probe.returncode != 0:
        said = probe.stderr.decode("utf-8", "replace").strip()[:300]
        if "source path" in said:
            return Layer("namespaces", False, f"bwrap cannot show the worker what it needs: {said}",
                         "The worker's account must be able to read the Python installation and the grader: "
                         "install them outside a private home folder (e.g. a virtual environment under /opt).")
        return Layer("namespaces", False, f"bwrap is installed but cannot make namespaces here: {said}", (
            "Allow unprivileged user namespaces: `sudo sysctl -w kernel.unprivileged_userns_clone=1` (Debian), "
            "or `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` (Ubuntu 23.10 and later); "
            "in a container, run it with user namespaces allowed (e.g. Docker's --security-opt seccomp=unconfined)."))
    return _namespaces_active(bwrap)


def _namespaces_active(bwrap):
    return Layer("namespaces", True, f"bubblewrap ({bwrap}): new user, PID, network, IPC and UTS namespaces, "
                 "a read-only view of Python only, private /tmp and /dev/shm.")


def _namespace_options():
    # --unshare-all takes a user namespace only "if possible"; asking for it outright lets bwrap refuse
    # nested ones inside (--disable-userns), so the learner's code cannot make namespaces of its own.
    return ["--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session"]


def bwrap_command(argv, scratch_mb=SCRATCH_MB, first_process=False):
    """`argv` run inside a new sandbox; `first_process` makes it the PID namespace's init (no bwrap reaper)."""
    size = str(scratch_mb * 1024 * 1024)
    command = [shutil.which("bwrap"), *_namespace_options()]
    if first_process:
        command.append("--as-pid-1")
    # The private /tmp comes first: bwrap mounts in order, and Python or the grader may live under /tmp
    # (a virtualenv made by mktemp, a course cloned there), which a later tmpfs would hide.
    command += ["--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/dev/shm",
                "--size", size, "--tmpfs", "/tmp"]
    for kind, source, path in sandbox_view():
        if kind == "hide":
            command += ["--tmpfs", path] if os.path.isdir(path) else ["--ro-bind", "/dev/null", path]
        else:
            command += [{"bind": "--ro-bind", "bind-try": "--ro-bind-try", "symlink": "--symlink"}[kind], source, path]
    return [*command, "--chdir", "/tmp", "--", *argv]


def sandbox_view():
    """What a sandbox shows of this machine besides /proc, /dev, /tmp and /dev/shm, in mount order, as
    (kind, source, path): "bind" a folder or file read-only, "bind-try" a file that may be missing,
    "symlink" (source: the link's target), "hide" (source None) a course package within what is shown."""
    view = [("bind", "/usr", "/usr")]
    for path in map(Path, lockdown.TOP_LEVEL_FOLDERS):
        if path.is_symlink():
            view.append(("symlink", os.readlink(path), str(path)))
        elif path.is_dir():
            view.append(("bind", str(path), str(path)))
    view += [("bind-try", path, path) for path in lockdown.SYSTEM_FILES]
    view += [("bind", host, seen) for host, seen in _python_folders()]
    view.append(("bind", str(SANDBOX_PACKAGE), str(SANDBOX_PACKAGE)))
    shown = (("/usr", "/usr"), *_python_folders())   # (host folder, path in the sandbox)
    view += [("hide", None, path) for path in _course_packages_within([seen for _, seen in shown])]
    view += [("hide", None, path) for path in _course_folders_within(shown)]
    return tuple(view)


# What of a course the worker must not see: its checks and the reference's cached answers, the solutions, the reference.
COURSE_FOLDERS = ("challenges", "solutions", "reference", ".nnfs-grade")


def _course_folders_within(folders):
    """Where the sandbox would show COURSE_FOLDERS of a course `grade` may run in (any folder from the working
    directory upwards with a challenges/ folder) or of the grader's own checkout: a course inside the Python
    installation (`python -m venv .` in the course, or a course cloned inside a virtualenv), to hide them.
    `folders`: (host folder, path in the sandbox) of what the sandbox shows."""
    try:
        start = Path.cwd().resolve()
    except OSError:
        start = Path("/")
    roots = {str(folder) for folder in (start, *start.parents, SANDBOX_PACKAGE.parent)
             if (folder / "challenges").is_dir()}
    hidden = []
    for root, (host, seen) in ((root, shown) for root in roots for shown in folders if _within(root, shown[0])):
        inside = seen + root[len(host.rstrip("/")):]
        hidden += [os.path.join(inside, name) for name in COURSE_FOLDERS
                   if os.path.isdir(os.path.join(root, name)) and not os.path.islink(os.path.join(root, name))]
    return sorted(set(hidden))


@functools.cache
def _python_folders():
    """(host folder, path in the sandbox) of the interpreter's installation and site-packages, outside /usr."""
    places = {place for place in lockdown.python_folders() if not _within(place, "/usr") and place != "/"}
    return tuple((os.path.realpath(place), place) for place in sorted(places)
                 if not any(other != place and _within(place, other) for other in places))


def _within(path, folder):
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _course_packages_within(folders):
    """Where the course's packages (reference, solutions) lie inside the folders the sandbox sees, to hide them."""
    import importlib.util

    hidden = []
    for name in BLOCKED_PACKAGES:
        if name == "grader":
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        locations = list(spec.submodule_search_locations or []) if spec else []
        if spec and spec.origin and not locations:
            locations = [spec.origin]
        hidden += [path for path in map(os.path.abspath, locations) if any(_within(path, folder) for folder in folders)]
    return hidden


def exit_status(code):
    """Popen's return code of a sandboxed worker: bwrap exits 128+N when its command was killed by signal N."""
    if code is not None and code > 128:
        try:
            return -signal.Signals(code - 128).value
        except ValueError:
            pass
    return code


# --- control groups --------------------------------------------------------------------------

def _cgroup_layer():
    if not sys.platform.startswith("linux"):
        return Layer("cgroup", False, f"control groups do not exist on {sys.platform}.")
    missing = [name for name in ("memory", "pids") if not _writable_hierarchy(name)]
    if missing:
        return Layer("cgroup", False, (
            f"the cgroup v1 {' and '.join(missing)} hierarch{'ies are' if len(missing) > 1 else 'y is'} not "
            "writable by this user, so shared memory and tmpfs files are bounded by the sandbox's small "
            "tmpfs folders and the seccomp filter instead, and processes by RLIMIT_NPROC."),
            "Run the grader as root (as CI and the Gradescope autograder do) on a machine with cgroup v1's "
            "memory and pids controllers mounted under /sys/fs/cgroup.")
    shares = (", and one equal share of the processors however many processes it starts (a cpu group of its own "
              f"beside the others at /sys/fs/cgroup/cpu/{CGROUP_GROUP}-*)") if _writable_hierarchy("cpu") else ""
    return Layer("cgroup", True, f"memory (shared memory included) and at most {lockdown.MAX_PROCESSES} processes "
                 "per worker, in cgroup v1 groups under /sys/fs/cgroup/{memory,pids}/" + CGROUP_GROUP + shares + ".")


def _writable_hierarchy(name):
    folder = CGROUP_ROOT / name
    return (folder / "cgroup.procs").is_file() and os.access(folder, os.W_OK)


class ControlGroup:
    """One memory and one pids cgroup (v1) for one sandbox, and one cpu cgroup where that hierarchy is writable;
    `command` runs its argv inside them."""

    memory_bytes = None     # the memory limit set last (set_memory)

    def __init__(self, memory_bytes, processes=lockdown.MAX_PROCESSES):
        _remove_abandoned()
        name = f"{os.getpid()}-{os.urandom(6).hex()}"
        self.folders = [CGROUP_ROOT / hierarchy / CGROUP_GROUP / name for hierarchy in ("memory", "pids")]
        if _writable_hierarchy("cpu"):
            # Each sandbox a group of its own at the top of the hierarchy, beside every other process's: the kernel
            # gives it one share of the processors, as it gives each session where it groups tasks by session
            # (autogroup), so a sandbox's spinning processes cannot starve a neighbour's checks or the judge even
            # where that grouping is off. Under one parent group, all sandboxes together would share one.
            self.folders.append(CGROUP_ROOT / "cpu" / f"{CGROUP_GROUP}-{name}")
        for folder in self.folders:
            folder.mkdir(parents=True)
            if worker_account():
                # The worker's account joins the group itself, before it execs bwrap.
                os.chown(folder / "cgroup.procs", *worker_account())
        memory, pids = self.folders[:2]
        _write(memory / "memory.swappiness", 0)
        self.set_memory(memory_bytes)
        _write(pids / "pids.max", processes)

    @classmethod
    def existing(cls, folders):
        """The groups another process of this run made (a forked zygote's), to set and remove from here."""
        group = cls.__new__(cls)
        group.folders = [Path(folder) for folder in folders]
        return group

    def set_memory(self, memory_bytes):
        """Limit the group's memory (and swap) to `memory_bytes`; a limit already set is not written again, since a
        class's grading sets the same one before each of its thousands of workers."""
        if memory_bytes == self.memory_bytes:
            return
        memory = self.folders[0]
        _write(memory / "memory.limit_in_bytes", memory_bytes)
        if (memory / "memory.memsw.limit_in_bytes").exists():
            try:
                _write(memory / "memory.memsw.limit_in_bytes", memory_bytes)
            except OSError:
                pass  # no swap accounting: swappiness 0 keeps the group out of swap anyway
        self.memory_bytes = memory_bytes

    def command(self, argv):
        """`argv`, started after the shell that execs it has joined both groups (so its children are born inside)."""
        join = " && ".join(f'echo $$ > "${index + 1}"' for index in range(len(self.folders)))
        return ["/bin/sh", "-c", f'{join} && shift {len(self.folders)} && exec "$@"', "sh",
                *(str(folder / "cgroup.procs") for folder in self.folders), *argv]

    def remove(self):
        for folder in self.folders:
            _remove_group(folder)


def _write(path, value):
    with open(path, "w") as file:
        file.write(str(value))


def _remove_group(folder):
    """Kill what is in the group, then remove it; a group still emptying is left for the next run."""
    import time

    for _ in range(50):
        # Read again at each try: a process may join after a read (the shell that starts a zygote, its own parent
        # killed meanwhile).
        try:
            pids = (folder / "cgroup.procs").read_text().split()
        except OSError:
            return
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, PermissionError, ValueError):
                pass
        try:
            folder.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.002)


def _groups():
    """(folder, the pid of the process that made it) of every group ControlGroup made on this machine."""
    for hierarchy, prefix in (("memory/" + CGROUP_GROUP, ""), ("pids/" + CGROUP_GROUP, ""),
                              ("cpu", CGROUP_GROUP + "-")):
        parent = CGROUP_ROOT / hierarchy
        try:
            names = os.listdir(parent)
        except OSError:
            continue
        for name in names:
            if name.startswith(prefix):
                owner = name[len(prefix):].partition("-")[0]
                if owner.isdigit():
                    yield parent / name, int(owner)


def _remove_abandoned():
    """Groups whose judge was killed before it could remove them."""
    for folder, owner in _groups():
        if not Path(f"/proc/{owner}").exists():
            _remove_group(folder)


def remove_groups_of(pid):
    """Remove the groups made by process `pid`, a child of this process killed before it could remove them itself;
    call it before reaping that child, while its pid cannot name another process's groups."""
    for folder, owner in _groups():
        if owner == pid:
            _remove_group(folder)
