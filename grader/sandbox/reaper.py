"""Finds and kills what a learner's code left running, even processes that detached.

Every worker carries a token in its environment, which its children inherit
through fork, exec, setsid and double forks alike; when a run ends, every
process that still carries it is killed.
"""
import os
import signal
import time

TOKEN_VARIABLE = "NNFS_GRADE_RUN"
POOL_VARIABLE = "NNFS_GRADE_POOL"   # carried by everything a class report starts, workers included
ROUNDS = 20


def kill_group(process, reap=True):
    """SIGKILL the process group `process` leads (it was started in a session of its own), then reap it (unless
    `reap` is false: until it is reaped, its pid names it alone)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if reap:
        process.wait()


def ended(process):
    """Whether `process` (a subprocess.Popen) has ended, without reaping it."""
    if process.returncode is not None:
        return True
    try:
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def await_end(processes, seconds):
    """Wait up to `seconds` for each of `processes` (subprocess.Popen) to end by itself, without reaping any."""
    deadline = time.monotonic() + seconds
    waiting = [process for process in processes if not ended(process)]
    while waiting and time.monotonic() < deadline:
        time.sleep(0.005)
        waiting = [process for process in waiting if not ended(process)]


def new_token():
    return f"{os.getpid()}-{os.urandom(8).hex()}"


def kill_leftovers(token, spare=(), variable=TOKEN_VARIABLE):
    """SIGKILL every process whose environment carries `token`, until none is left; returns how many."""
    marker = f"{variable}={token}".encode()
    spared = {os.getpid(), *spare}
    killed = set()
    for _ in range(ROUNDS):
        found = [pid for pid in _processes() if pid not in spared and marker in _environment(pid)]
        if not found:
            break
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.01)
    for pid in killed:
        _reap(pid)
    return len(killed)


def _processes():
    try:
        return [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return []


def _environment(pid):
    try:
        with open(f"/proc/{pid}/environ", "rb") as file:
            return file.read()
    except OSError:
        return b""


def _reap(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
