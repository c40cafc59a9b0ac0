"""A warm process that forks fresh workers, so a class is not paid for in interpreter starts.

The zygote imports NumPy once and never runs a learner's code itself: every
submission gets a child forked from it, clean, with its own session. The
judge talks to the zygote over a Unix socket, sending the child's two pipe
ends along with each request (SCM_RIGHTS), and asks it for the child's exit
status, since only a parent can collect that.

Started by `grader.sandbox.supervisor.ZygoteSpawner` as
``python -I -B -c BOOTSTRAP PACKAGE_PARENT SOCKET_FD``.
"""
import json
import os
import signal
import socket
import sys
import time

from grader.sandbox import worker

MAX_REQUEST = 4096


def serve(control):
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, MAX_REQUEST, 2)
        except OSError:
            return
        if not message:
            return
        request = json.loads(message)
        if request["op"] == "fork":
            reply = {"pid": _fork_worker(control, request, fds)}
        elif request["op"] == "wait":
            reply = {"returncode": _wait(request["pid"], request["timeout"])}
        else:
            reply = {"error": f"unknown request {request['op']!r}"}
        control.sendall(json.dumps(reply).encode() + b"\n")


def _fork_worker(control, request, fds):
    in_fd, out_fd = fds
    pid = os.fork()
    if pid == 0:
        try:
            control.close()
            os.setsid()
            os.chdir(request["cwd"])
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            worker.start(in_fd, out_fd, request["memory_mb"])
        finally:
            os._exit(0)
    os.close(in_fd)
    os.close(out_fd)
    return pid


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
    import gc

    import numpy  # noqa: F401  (the reason the zygote exists: every child starts with NumPy loaded)
    import numpy.random  # noqa: F401  (NumPy loads it on first use, which every scenario makes)
    import nnfs.datasets  # noqa: F401  (most learners' files import it)
    # Children would otherwise copy every page the collector walks; frozen objects are left alone.
    gc.freeze()
    serve(control)


if __name__ == "__main__":
    main()
