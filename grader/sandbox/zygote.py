"""A warm process that forks fresh workers, so a class is not paid for in interpreter starts.

The zygote imports NumPy once and never runs a learner's code itself: every
submission gets a child forked from it, clean, with its own session. The
judge talks to the zygote over a Unix socket, sending the child's two pipe
ends along with each request (SCM_RIGHTS), and asks it for the child's exit
status, since only a parent can collect that.

Sandboxed, the zygote is the first process of its own PID namespace: its workers
cannot signal it, and between submissions it kills every other process in the
namespace and empties the scratch folders, so nothing of one learner's run is
left for the next.

Started by `grader.sandbox.supervisor.ZygoteSpawner` as
``python -I -B -c BOOTSTRAP PACKAGE_PARENT SOCKET_FD SANDBOXED``.
"""
import functools
import json
import os
import re
import signal
import socket
import sys
import tempfile
import time

from grader.sandbox import lockdown, tree_removal, worker

READ_BYTES = 4096    # what one read of the socket takes: a request may be longer, and is read on until whole
# No request comes near it (the longest, a warm, lists module names): more without a line's end is no request.
MAX_REQUEST_BYTES = 1 << 20
SCRATCH = worker.SANDBOX_SCRATCH
# What a sweep removes at most from each scratch folder: a learner's run writes a few files, and learner code that
# fills a folder with hard links (which cost no space) faster than Python's unlinks empty it would make every sweep
# after it slower. Beyond this, the zygote ends, its sandbox and everything in it going with it, and the judge
# forks the next learner's worker from a new one.
MAX_SWEPT_ENTRIES = 100_000
OCTAL_ESCAPE = re.compile(rb"\\([0-7]{3})")   # how /proc/self/mountinfo writes a space in a path
IPC_RMID = 0     # <sys/ipc.h>
# Each table of /proc/sysvipc (its second column is the object's id), and how to remove an object of it.
SYSV_IPC = (("msg", lambda libc, ipc_id: libc.msgctl(ipc_id, IPC_RMID, None)),
            ("sem", lambda libc, ipc_id: libc.semctl(ipc_id, 0, IPC_RMID, None)),
            ("shm", lambda libc, ipc_id: libc.shmctl(ipc_id, IPC_RMID, None)))


def serve(control, sandboxed=False, landlock_needed=False):
    """Answer the judge's requests on `control` until it closes it; `landlock_needed`: see
    `grader.sandbox.worker.start`."""
    worker.refuse_syscalls_for_workers()
    unread, waiting, skipping = b"", [], False
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, READ_BYTES, 2)
        except OSError:
            message = b""
        if not message:
            if sandboxed:
                # Its workers reaped, so that their time counts in the judge's own. What they left in the scratch
                # folders and the IPC namespace ends with the namespaces, as this process does.
                _sweep(emptied=False)
            return
        data = unread + message
        if skipping:
            # The rest of a line too long to be a request, which was answered already, up to its end.
            end = data.find(b"\n")
            data, skipping = (b"", True) if end < 0 else (data[end + 1:], False)
            if not data:
                _close(fds)
                unread = b""
                continue
        requests, unread, waiting = _requests(data, waiting, fds)
        if len(unread) > MAX_REQUEST_BYTES:
            requests.append(({"op": "too long"}, waiting))
            unread, waiting, skipping = b"", [], True
        for request, carried in requests:
            reply = _answer(control, request, carried, sandboxed, landlock_needed)
            control.sendall(json.dumps(reply).encode() + b"\n")


def _requests(data, waiting=(), fds=()):
    """([(request, the descriptors it carries)], the start of a request not yet whole, the descriptors that wait for
    it) of `data`: what the judge sent that is not answered yet, each request a line of JSON. A stream socket keeps
    no boundaries: a read may hold several requests, or only part of one. `fds`: what the read that ended `data`
    brought; `waiting`: the descriptors of the request the read before left unfinished."""
    *lines, unread = data.split(b"\n")
    carried = [[] for _ in lines]
    if lines:
        carried[0], waiting = list(waiting), []
    # A read ends with the message that carries descriptors, if any (unix(7)): they belong to the request its last
    # byte lies in, the last whole one or the one still unfinished.
    if unread:
        waiting = [*waiting, *fds]
    elif lines:
        carried[-1] += fds
    return [(_parsed(line), given) for line, given in zip(lines, carried)], unread, list(waiting)


def _parsed(line):
    """The request a line holds; one whose op names none where it is not a JSON object with an op, which is then
    answered with an error rather than ending the zygote."""
    try:
        request = json.loads(line)
    except ValueError:
        return {"op": "unreadable"}
    return request if isinstance(request, dict) and isinstance(request.get("op"), str) else {"op": "unreadable"}


def _answer(control, request, fds, sandboxed, landlock_needed):
    if request["op"] == "fork":
        if request.get("sweep") and sandboxed:
            _sweep()   # what the last worker left, before the next one starts
        return {"pid": _fork_worker(control, request, fds, sandboxed, landlock_needed)}
    if request["op"] == "wait":
        return {"returncode": _wait(request["pid"], request["timeout"])}
    if request["op"] == "kill":
        return {"killed": _kill_group(request["pid"])}
    if request["op"] == "sweep" and sandboxed:
        return {"swept": _sweep()}
    if request["op"] == "preload" and len(fds) == 1:
        return {"preloaded": worker.preload(_read_all(fds[0]))}
    if request["op"] == "warm":
        return {"warmed": worker.warm(request.get("modules"))}
    _close(fds)    # what came with a request not served is not kept
    return {"error": f"unknown request {request['op']!r}"}


def _close(fds):
    for fd in fds:
        os.close(fd)


def _fork_worker(control, request, fds, sandboxed, landlock_needed):
    in_fd, out_fd = fds
    workdir = request["cwd"] or tempfile.mkdtemp(prefix="worker-", dir=worker.WORKERS_FOLDER)
    pid = os.fork()
    if pid == 0:
        try:
            control.close()
            # A group of its own, to be killed whole. Every zygote runs in a session of its own with no terminal,
            # so a new session (setsid) would add nothing, and it costs milliseconds where the kernel groups tasks
            # by session (sched_autogroup).
            os.setpgid(0, 0)
            os.chdir(workdir)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            worker.start(in_fd, out_fd, request["memory_mb"], sandboxed, landlock_needed)
        finally:
            os._exit(0)
    os.close(in_fd)
    os.close(out_fd)
    return pid


def _read_all(fd):
    """What the file `fd` holds, from its start; `fd` is closed."""
    with open(fd, "rb") as file:
        return file.read()


def _kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def _sweep(emptied=True):
    """Kill every process of this PID namespace but the zygote, reap them, and (`emptied`) empty the scratch folders
    and remove the IPC objects, for the next learner's worker."""
    if os.getpid() != 1:
        raise RuntimeError("the zygote sweeps only a PID namespace of its own")
    reaped = 0
    while True:
        try:
            os.kill(-1, signal.SIGKILL)   # from a namespace's first process: everything else in it
        except ProcessLookupError:
            break                          # nothing left to signal (orphans are the zygote's children here)
        while True:
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                break
            reaped += 1
    if not emptied:
        return reaped
    # The workers' folder is emptied, never removed: the rule set its workers enter names it (worker.WORKERS_FOLDER).
    # What is mounted in a scratch folder is the sandbox's read-only view of this machine (Python or the grader
    # installed under /tmp): removing it would fail file by file after reading all of it.
    kept = _mount_points() | {worker.WORKERS_FOLDER}
    for folder in (*SCRATCH, worker.WORKERS_FOLDER):
        try:
            emptied = not os.path.isdir(folder) or tree_removal.empty_folder(folder, kept, MAX_SWEPT_ENTRIES)
        except tree_removal.TooManyEntries:
            emptied = False
        if not emptied:
            # What one learner's run left would meet the next one's: this zygote forks no more workers, and the
            # judge starts another, with scratch folders of its own.
            raise SystemExit("a scratch folder could not be emptied")
    _remove_ipc_objects()
    return reaped


def _remove_ipc_objects(tables="/proc/sysvipc"):
    """Remove every SysV message queue, semaphore set and shared memory segment of this IPC namespace, which outlive
    the processes that made them (sysvipc(7)). Seccomp refuses making them; where it could not be loaded, this
    keeps one worker's from the next."""
    libc = None
    for kind, remove in SYSV_IPC:
        try:
            with open(os.path.join(tables, kind)) as table:
                ids = [int(row.split()[1]) for row in list(table)[1:] if row.strip()]
        except (OSError, ValueError, IndexError):
            continue
        libc = libc or lockdown._libc()
        for ipc_id in ids:
            remove(libc, ipc_id)


@functools.cache
def _mount_points():
    """The mount points of the sandbox, read at the first sweep: no worker can mount or unmount anything (a worker
    that cannot drop its capabilities ends before any learner code runs, and seccomp refuses every call that
    mounts), so they stay as read."""
    return _read_mount_points()


def _read_mount_points(mountinfo="/proc/self/mountinfo"):
    """The mount points of this mount namespace (proc(5), mountinfo: the fifth field, with space, tab, newline and
    backslash written in octal); none where it cannot be read, so that everything is removed."""
    try:
        with open(mountinfo, "rb") as file:
            lines = file.read().splitlines()
    except OSError:
        return frozenset()
    return frozenset(os.fsdecode(OCTAL_ESCAPE.sub(lambda octal: bytes([int(octal[1], 8)]), fields[4]))
                     for fields in map(bytes.split, lines) if len(fields) > 4)


def _wait(pid, timeout):
    """The child's exit status as subprocess reports it (negative: killed by that signal); None if running."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:
            return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.0005)


def main():
    control = socket.socket(fileno=int(sys.argv[1]))
    sandboxed = len(sys.argv) > 2 and sys.argv[2] == "1"
    if sandboxed:
        # The namespace's first process gets from inside only the signals it handles: handle none.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare(sandboxed)
    serve(control, sandboxed)


def prepare(sandboxed):
    """Load and make what every worker uses, once, before the first is forked."""
    import numpy  # noqa: F401  (the reason the zygote exists: every child starts with NumPy loaded)
    import numpy.random  # noqa: F401  (NumPy loads it on first use, which every scenario makes)
    import nnfs.datasets  # noqa: F401  (most learners' files import it)
    import grader.scenario_helpers  # noqa: F401  (every scenario file imports it: compiled here once, not per worker)
    lockdown.warm_up()
    lockdown.empty_bounding_set()
    worker.prepare_to_fork(sandboxed)   # which freezes what the zygote made, for its children to leave alone


if __name__ == "__main__":
    main()
