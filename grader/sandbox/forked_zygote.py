"""The zygote of the learner's own `grade`, forked from the judge as soon as NumPy has loaded.

The judge calls `fork_zygote` before it reads anything of the course, so the zygote's memory (a copy
of the judge's at the fork) holds nothing a learner's code could use, and the child makes the sandbox
while the judge goes on starting. The child joins a cgroup of its own (where the judge may make one),
becomes the worker's account, enters new namespaces (`grader.sandbox.namespaces`) and forks the
zygote as their first process, which makes its root and says on the socket whether the sandbox is
ready: `{"ready": true, "cgroup": [folders]}` or `{"problem": "..."}`. `grader.sandbox.forked` is the
judge's side from then on.
"""
import json
import os
import signal
import socket
import tempfile

# The sandbox's own modules are imported after the fork, by the side that needs them: the judge never loads the
# namespaces' code or the zygote's loop. Those both sides need are imported before it (_import_what_both_sides_use).

ROOT_PREFIX = "nnfs-grade-sandbox-"
# Set to "bwrap" to start every worker as a fresh interpreter in bubblewrap, as grades that count do.
SANDBOX_VARIABLE = "NNFS_GRADE_SANDBOX"
CLOSE_SECONDS = 1.0   # for the zygote to end by itself once its socket is closed


class Forked:
    """A child forked by this process, with the part of subprocess.Popen's interface the spawners use;
    pid None for a worker that could not be made, whose end nobody can see (poll and wait give None)."""

    def __init__(self, pid):
        self.pid, self.returncode = pid, None

    def poll(self):
        if self.returncode is None and self.pid is not None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.returncode = _exit_code(status)
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None and self.pid is not None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = _exit_code(status)
        return self.returncode

    def ended_within(self, seconds):
        """Whether it ends (and is reaped) within `seconds`: woken as it ends through a pidfd (Linux 5.3), else by
        looking every millisecond."""
        import select
        import time

        deadline = time.monotonic() + seconds
        try:
            ending = os.pidfd_open(self.pid)
        except (AttributeError, OSError, TypeError):
            ending = None   # an older kernel, or already reaped
        try:
            while self.poll() is None and time.monotonic() < deadline:
                if ending is None:
                    time.sleep(0.001)
                else:
                    select.select([ending], [], [], max(0.0, deadline - time.monotonic()))
        finally:
            if ending is not None:
                os.close(ending)
        return self.returncode is not None


class EarlyZygote:
    """The forked process (`process`), the judge's end of its socket (`control`), the empty folder that is the
    sandbox's root inside its mount namespace, and the token its workers carry."""

    def __init__(self, process, control, root, token):
        self.process, self.control, self.root, self.token = process, control, root, token
        self.warming = False    # asked to warm modules, whose answer the zygote owes (ForkedZygoteSpawner reads it)

    def warm(self, modules):
        """Have the zygote import these modules (the challenge's worker_imports) as soon as its sandbox is ready,
        while the judge reads the course: the request waits on the socket, and the answer after the readiness."""
        if not modules or self.warming:
            return
        try:
            self.control.sendall(json.dumps({"op": "warm", "modules": list(modules)}).encode() + b"\n")
            self.warming = True
        except OSError:
            pass    # gone: adopting it says so

    def forget_root(self):
        """Remove the folder that was the sandbox's root, once the zygote has made its root there: the zygote's
        mount namespace keeps what it mounted, and a judge killed later (SIGKILL) leaves no folder behind."""
        try:
            os.rmdir(self.root)
        except OSError:
            pass   # close() tries again

    def close(self):
        """End it and everything in its namespaces, and remove the folder that was its root.

        Closing the socket tells the zygote to reap its workers and end, which it does in a few milliseconds
        (so the CPU time of all of them counts in this process's children); one that does not is killed."""
        import shutil

        self.control.close()
        if not self.process.ended_within(CLOSE_SECONDS):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)   # its tmpfs ended with the namespace


def fork_zygote():
    """Fork the zygote now; None off Linux, where NNFS_GRADE_SANDBOX=bwrap, and in a process that has run any of
    the course's code (its checks, scenarios, reference or solutions, or pytest, which imports spec files) or read
    its files (a seal, the code digest): the zygote and every worker would start with it in memory. Whether its
    sandbox could be made is read later, from its socket."""
    import sys

    from grader.modules import imported, read

    course_code = imported or read or any(name.partition(".")[0] in ("reference", "solutions", "pytest", "_pytest")
                                          for name in sys.modules)
    if not sys.platform.startswith("linux") or os.environ.get(SANDBOX_VARIABLE) == "bwrap" or course_code:
        return None
    # Not numpy.random (10 ms, OpenSSL's start among it): the zygote imports it after the fork, for its workers,
    # while the judge reads the course; the judge needs it only to compute the reference's answers, which the
    # course's answer cache mostly holds.
    _import_what_both_sides_use()
    root = tempfile.mkdtemp(prefix=ROOT_PREFIX)
    token = f"{os.getpid()}-{os.urandom(8).hex()}"
    ours, theirs = socket.socketpair()
    judge = os.getpid()
    pid = os.fork()
    if pid == 0:
        try:
            ours.close()
            _outside(judge, theirs, root, token)
        finally:
            os._exit(1)
    theirs.close()
    return EarlyZygote(Forked(pid), ours, root, token)


def _import_what_both_sides_use():
    """The grader's modules the judge imports later and the zygote or its workers import too (the limits, the
    wire's format, the wording of a learner's error, the helpers scenario files import), with the standard
    modules they bring (subprocess, traceback, locale): imported once, before the fork, rather than by each side
    after it, which cost the zygote about 10 ms of CPU. None holds anything of the course."""
    import grader.scenario_helpers  # noqa: F401
    from grader.sandbox import confinement, names_meant, operands, replies  # noqa: F401


def processors():
    """How many processors this process may use: as many workers compute at once, each in a zygote of its own."""
    return len(os.sched_getaffinity(0))


def fork_zygotes(count):
    """`count` zygotes forked from this process at once (ForkedZygotes), where it has run no course code yet;
    else None, and whoever grades starts a zygote in bubblewrap. The judge's side of the sandbox
    (grader.sandbox.forked) is imported once they are forked, while they make their sandboxes."""
    import numpy  # noqa: F401  (the zygotes start with it loaded, as every worker needs it)

    zygotes = ForkedZygotes(count)
    return zygotes if zygotes.early else None


class ForkedZygotes:
    """Zygotes forked from the judge side by side, each a sandbox of its own, for grading several challenges at
    once (grader.learner.regrading).

    Each serves one worker at a time, and sweeps its namespace of what a worker left before it forks the next
    and as it ends; workers that run at the same moment are in different sandboxes: different PID, user,
    mount and IPC namespaces, their own /tmp and /dev/shm, their own cgroup and process count. So one worker
    cannot see, signal, starve or write into another, and a sweep never reaches beyond the worker it follows.
    All are forked at once, as the one zygote of `grade N` is, before the judge reads any of the course.
    """

    def __init__(self, count):
        self.early = []
        for _ in range(count):
            early = fork_zygote()
            if early is None:
                break
            self.early.append(early)
        self.spawners = None

    def adopt(self):
        """The spawners of those whose sandbox is ready (none where this machine cannot make one)."""
        if self.spawners is None:
            from grader.sandbox.forked import adopt

            self.spawners = [spawner for spawner in map(adopt, self.early) if spawner is not None]
            self.early = []
        return self.spawners

    def warm(self, modules):
        """Have each zygote import these modules before it forks workers (EarlyZygote.warm)."""
        for early in self.early:
            early.warm(modules)

    def hang_up(self):
        """Tell each zygote to end, without waiting: each sweeps its sandbox and exits on its own, in a few
        milliseconds, while this process goes on; close() then waits for them."""
        for early in self.early:
            early.control.close()
        for spawner in self.spawners or ():
            spawner.hang_up()

    def close(self):
        """End them, wait for them, and remove what they leave (their roots, their cgroups)."""
        for early in self.early:
            early.close()
        self.early = []
        for spawner in self.spawners or ():
            spawner.hang_up()
        for spawner in self.spawners or ():
            spawner.close()


def _exit_code(status):
    from grader.sandbox.confinement import exit_status

    # The forked process ends as its zygote did, 128+N for signal N, as bwrap does.
    return exit_status(os.waitstatus_to_exitcode(status))


def _say(control, message):
    """Tell the judge whether the sandbox is ready: one line of JSON on the socket."""
    control.sendall(json.dumps(message).encode() + b"\n")


def _outside(judge, control, root, token):
    """The forked process: its own session and cgroup, the worker's account, new namespaces; then it forks the
    zygote into them and waits for it, ending as it ends."""
    from grader.limits import Limits
    from grader.sandbox import confinement, lockdown, namespaces

    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    _close_all_but(control.fileno())

    if lockdown.landlock_abi() == 0:
        return _say(control, {"problem": "the kernel offers no Landlock"})
    folders = []
    if "cgroup" in confinement.in_force():
        group = confinement.ControlGroup((Limits().memory_mb + confinement.ZYGOTE_MB) * 1024 * 1024)
        folders = [str(folder) for folder in group.folders]
    account = confinement.worker_account()
    if account:
        os.chown(root, *account)
        os.setgroups([])
        os.setgid(account[1])
        os.setuid(account[0])
    joiner = _join_meanwhile(folders) if folders else None
    try:
        namespaces.enter_new_namespaces()
    except OSError as exc:
        if joiner is not None:
            joiner.join(None)
        return _say(control, {"problem": str(exc)})
    namespaces.die_with_parent(judge)   # set after the ids changed, which clears it
    pid = os.fork()
    if pid == 0:
        try:
            if joiner is not None:
                os.close(joiner.told)
            _inside(control, root, token, folders, joiner.joined if joiner is not None else None)
        finally:
            os._exit(1)
    control.close()
    if joiner is not None:
        joiner.join(pid)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    os._exit(128 - code if code < 0 else code)


class _Joiner:
    """A child that moves the process that forked it, then the zygote, into the sandbox's cgroups.

    Joining a cgroup waits for the kernel (an RCU grace period, several milliseconds), so the child does it
    while the zygote makes its root and prepares; the zygote forks no worker before it has read `joined`."""

    def __init__(self, pid, told, joined):
        self.pid, self.told, self.joined = pid, told, joined

    def join(self, zygote):
        """Have the zygote, pid `zygote` here (None: there is none), joined too, then reap the child (it ends once
        it has)."""
        os.close(self.joined)
        os.write(self.told, str(zygote or 0).encode())
        os.close(self.told)
        os.waitpid(self.pid, 0)


def _join_meanwhile(folders):
    """Fork a _Joiner for the cgroups `folders` now."""
    pid_to_join, told = os.pipe()
    joined, say_joined = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        done = False
        try:
            _close_all_but(pid_to_join, say_joined)
            _join(folders, parent)
            zygote = int(os.read(pid_to_join, 32) or b"0")
            if zygote:
                _join(folders, zygote)
                done = True
        except (OSError, ValueError):
            pass   # the zygote hears b"n" and serves no one
        finally:
            try:
                os.write(say_joined, b"y" if done else b"n")
            finally:
                os._exit(0)
    os.close(pid_to_join)
    os.close(say_joined)
    return _Joiner(pid, told, joined)


def _close_all_but(*kept):
    """Close every file descriptor from 3 up but `kept`."""
    low = 3
    for fd in sorted(kept):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))


def _join(folders, pid):
    for folder in folders:
        with open(os.path.join(folder, "cgroup.procs"), "w") as file:
            file.write(str(pid))


def _inside(control, root, token, cgroup_folders, joined=None):
    """The zygote, first process of the new PID namespace: its root (made in the empty folder `root`), its
    environment, then serve. `joined`: the pipe on which a _Joiner says whether it is in `cgroup_folders`."""
    from grader.sandbox import confinement, namespaces, zygote

    namespaces.die_with_parent(0)   # its parent is outside the namespace, where it has no pid
    try:
        namespaces.enter_view(root, confinement.sandbox_view(), confinement.SCRATCH_MB)
        namespaces.refuse_nested_user_namespaces()
    except OSError as exc:
        return _say(control, {"problem": str(exc)})
    _forget_environment()
    os.environ.update(confinement.worker_environment(token, sandboxed=True))
    tempfile.tempdir = None
    os.chdir("/tmp")
    # The namespace's first process gets from inside only the signals it handles: handle none.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    zygote.prepare(sandboxed=True)
    if joined is not None:
        # Every worker is born inside the cgroups: none is forked before the zygote has joined them.
        in_groups = os.read(joined, 1) == b"y"
        os.close(joined)
        try:
            if not in_groups:
                raise OSError("the sandbox's processes could not join its control groups")
            namespaces.enter_new_cgroup_namespace()
        except OSError as exc:
            return _say(control, {"problem": str(exc)})
    _say(control, {"ready": True, "cgroup": cgroup_folders})
    zygote.serve(control, sandboxed=True, landlock_needed=True)


def _forget_environment():
    """Drop the judge's environment: os.environ, posix's copy of it, and the strings the kernel keeps in this
    process's memory and shows in /proc/self/environ (fields 50 and 51 of /proc/self/stat: proc(5))."""
    import ctypes
    import posix

    os.environ.clear()    # unsetenv for each: the C library's list no longer points into the block
    posix.environ.clear()
    with open("/proc/self/stat") as file:
        fields = file.read().rpartition(")")[2].split()
    start, end = int(fields[47]), int(fields[48])
    ctypes.memset(start, 0, end - start)
