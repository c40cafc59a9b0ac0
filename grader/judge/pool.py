"""Runs many gradings over a few warm `grader.judge.batch` processes, one job each at a time.

A grading process that dies or stops answering costs the job it was on:
that job comes back with a problem that says so, the process is replaced,
and the others go on.
"""
import json
import os
import selectors
import subprocess
import sys
import tempfile
import time

from grader.sandbox import reaper
from grader.sandbox.supervisor import BOOTSTRAP, PACKAGE_PARENT

BATCH_BOOTSTRAP = BOOTSTRAP.replace("grader.sandbox.worker", "grader.judge.batch")
# A process that dies this many times in a row before finishing any job is not going to work.
MAX_FAILED_STARTS = 3


class PoolFailure(Exception):
    """The grading processes cannot be started at all."""


class _Process:
    def __init__(self, root):
        # Everything this process starts carries the token, so a killed process leaves nothing behind.
        self.token = reaper.new_token()
        self.log = tempfile.TemporaryFile()
        self.popen = subprocess.Popen(
            [sys.executable, "-I", "-B", "-c", BATCH_BOOTSTRAP, PACKAGE_PARENT, str(root)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, start_new_session=True,
            env=dict(os.environ, **{reaper.POOL_VARIABLE: self.token}),
        )
        os.set_blocking(self.popen.stdout.fileno(), False)
        self.buffer = b""
        self.job = None
        self.started = None

    def send(self, job):
        self.job, self.started = job, time.monotonic()
        try:
            self.popen.stdin.write(json.dumps(job).encode() + b"\n")
            self.popen.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the process is gone: reading its answer finds that out

    def read_lines(self):
        """Complete lines received so far, and whether the process closed its end."""
        try:
            chunk = os.read(self.popen.stdout.fileno(), 1 << 20)
        except BlockingIOError:
            return [], False
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        return lines, not chunk

    def why_it_ended(self):
        """A sentence on how the process ended, with the end of what it wrote to stderr; stops it for good."""
        self.log.seek(0, os.SEEK_END)
        self.log.seek(max(0, self.log.tell() - 2000))
        tail = self.log.read().decode("utf-8", "replace").strip()
        self.kill()
        code = self.popen.returncode
        how = f"was killed by signal {-code}" if code is not None and code < 0 else f"exited with status {code}"
        return (f"The grading process {how} while grading this submission."
                + (f" Its last words:\n{tail}" if tail else ""))

    def kill(self):
        reaper.kill_group(self.popen)
        reaper.kill_leftovers(self.token, variable=reaper.POOL_VARIABLE)
        for stream in (self.popen.stdin, self.popen.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.log.close()


class GradingPool:
    """`processes` warm grading processes for the course at `root`."""

    def __init__(self, root, processes, job_seconds=120.0):
        self.root, self.size, self.job_seconds = root, max(1, processes), job_seconds

    def _start(self):
        return _Process(self.root)

    def grade_all(self, jobs):
        """Yield (job, answer) for each job, in the order they finish; `jobs` is read lazily.

        A job is {"id", "challenge", "submission"}; an answer is {"result": ...} or {"problem": ...}.
        """
        jobs = iter(jobs)
        selector = selectors.DefaultSelector()
        idle, busy, failed_starts = [], {}, 0
        try:
            for _ in range(self.size):
                idle.append(self._start())
            while True:
                while idle:
                    job = next(jobs, None)
                    if job is None:
                        break
                    process = idle.pop()
                    process.send(job)
                    busy[process.popen.stdout.fileno()] = process
                    selector.register(process.popen.stdout, selectors.EVENT_READ, process)
                if not busy:
                    return
                for key, _ in selector.select(timeout=1.0):
                    process = key.data
                    lines, closed = process.read_lines()
                    for line in lines:
                        answer = json.loads(line)
                        job, process.job = process.job, None
                        failed_starts = 0
                        yield job, answer
                    if closed or process.job is None:
                        selector.unregister(process.popen.stdout)
                        del busy[process.popen.stdout.fileno()]
                    if closed:
                        reason = process.why_it_ended()
                        if process.job is not None:
                            failed_starts += 1
                            yield process.job, {"problem": reason}
                            if failed_starts >= MAX_FAILED_STARTS:
                                raise PoolFailure(f"The grading processes keep failing. {reason}")
                        idle.append(self._start())
                    elif process.job is None:
                        idle.append(process)
                for fd, process in list(busy.items()):
                    if time.monotonic() - process.started > self.job_seconds:
                        selector.unregister(process.popen.stdout)
                        del busy[fd]
                        job = process.job
                        process.kill()
                        yield job, {"problem": (
                            f"The grading process did not answer within {self.job_seconds:g} s and was stopped. "
                            "This is a fault in the grader, not a verdict on the submission.")}
                        idle.append(self._start())
        finally:
            for process in [*idle, *busy.values()]:
                process.kill()
            selector.close()
