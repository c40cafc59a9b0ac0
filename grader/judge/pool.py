"""Runs many gradings over a few warm `grader.judge.batch` processes, one job each at a time.

A grading process that dies, stops answering or sends an answer that is not
its job's (grader.judge.verdicts) costs the job it was on: that job comes back
with a problem that says so, the process is replaced, and the others go on.
The submission travels inside the job, read here and checked against its
digest, so a grading process never reads another learner's staged file.
"""
import base64
import collections
import json
import os
import secrets
import selectors
import subprocess
import sys
import tempfile
import time

from grader.judge.submission import content_digest
from grader.judge.verdicts import MAX_ANSWER_BYTES, AnswerRefused, checked_answer
from grader.sandbox import confinement, reaper, tree_removal
from grader.sandbox.supervisor import BOOTSTRAP, PACKAGE_PARENT

BATCH_BOOTSTRAP = BOOTSTRAP.replace("grader.sandbox.worker", "grader.judge.batch")
# A process that dies this many times in a row before finishing any job is not going to work.
MAX_FAILED_STARTS = 3
MAX_SUBMISSION_BYTES = 1 << 20
# For an idle grading process told that no job is coming to end its zygote and exit: a tenth of a second, unless
# the machine is stalled, or the process is still starting (a grading stopped before it began).
END_SECONDS = 2.0
MEMORY_FOLDER = "/dev/shm"


class PoolFailure(Exception):
    """The grading processes cannot be started at all."""


class _Process:
    def __init__(self, root, names=None):
        """A grading process for the course at `root`, loading only the challenges `names` (default: all)."""
        # Everything this process starts carries the token, so a killed process leaves nothing behind.
        self.token = reaper.new_token()
        self.log = tempfile.TemporaryFile()
        self.scratch = scratch_folder()
        self.popen = subprocess.Popen(
            [sys.executable, "-I", "-B", "-c", BATCH_BOOTSTRAP, PACKAGE_PARENT, str(root), *(names or ())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, start_new_session=True,
            env=dict(os.environ, **{reaper.POOL_VARIABLE: self.token, "TMPDIR": self.scratch}),
        )
        os.set_blocking(self.popen.stdout.fileno(), False)
        self.buffer = b""
        self.job = self.nonce = self.refused = None
        self.started = None

    def send(self, job, source):
        """Give this process `job`, with the submission's bytes and a nonce its answer must carry."""
        self.job, self.started, self.nonce = job, time.monotonic(), secrets.token_hex(16)
        message = {"id": job["id"], "challenge": job["challenge"], "nonce": self.nonce,
                   "notebook": str(job["submission"]).endswith(".ipynb"),
                   "source": base64.b64encode(source).decode("ascii")}
        try:
            self.popen.stdin.write(json.dumps(message).encode() + b"\n")
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
        if len(self.buffer) > MAX_ANSWER_BYTES:
            lines.append(self.buffer)   # a line longer than any answer: refused as one, without waiting for its end
            self.buffer = b""
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

    def hang_up(self):
        """Tell the process that no job is coming: it ends its zygote, removes its groups and exits (see end)."""
        try:
            self.popen.stdin.close()
        except OSError:
            pass

    def kill(self):
        reaper.kill_group(self.popen, reap=False)
        reaper.kill_leftovers(self.token, variable=reaper.POOL_VARIABLE)
        # A process killed while its zygote ran leaves that zygote's groups, named after its pid.
        confinement.remove_groups_of(self.popen.pid)
        self.popen.wait()
        for stream in (self.popen.stdin, self.popen.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.log.close()
        tree_removal.remove_tree(self.scratch)   # the workers' folders are in it


def end(processes, seconds=END_SECONDS):
    """Stop `processes`, idle ones: each told that no job is coming ends its zygote and removes its groups itself,
    which a killed one leaves behind; those still running after `seconds` are killed all the same."""
    for process in processes:
        process.hang_up()
    try:
        reaper.await_end([process.popen for process in processes], seconds)
    finally:
        for process in processes:
            process.kill()


def scratch_folder():
    """A folder of its own for a grading process's temporary files (each job's folder, each worker's), in memory
    where the machine has /dev/shm: on a journaled disk, making and removing two folders per submission can
    cost more than grading it. Only where bwrap confines the workers: they write into a tmpfs of their own,
    bounded, never into this folder, which an unconfined worker could fill with memory no limit counts."""
    memory = (MEMORY_FOLDER if "namespaces" in confinement.in_force() and os.path.isdir(MEMORY_FOLDER)
              and os.access(MEMORY_FOLDER, os.W_OK | os.X_OK) else None)
    try:
        folder = tempfile.mkdtemp(prefix="nnfs-grade-pool-", dir=memory)
    except OSError:
        folder = tempfile.mkdtemp(prefix="nnfs-grade-pool-")
    # Not listable; traversable, so that a worker running as another account reaches the folder made for it.
    os.chmod(folder, 0o711)
    return folder


class GradingPool:
    """`processes` warm grading processes for the course at `root`."""

    def __init__(self, root, processes, job_seconds=120.0, challenges=None):
        """`challenges`: the names of the only challenges the jobs will name, which are all the grading processes
        load (default: every challenge of the course)."""
        from grader.course import checks_of, load_challenges
        from grader.judge.seal import CourseSeal

        self.root, self.size, self.job_seconds = root, max(1, processes), job_seconds
        # What each challenge's result must hold, and the course's files, read before any learner's code runs.
        chosen = [challenge for challenge in load_challenges(root) if challenges is None or challenge.name in challenges]
        self.names = None if challenges is None else [challenge.name for challenge in chosen]
        self.declared = {challenge.name: {info.id: info.points for info in checks_of(challenge)} for challenge in chosen}
        self.seal = CourseSeal(root, chosen)
        self.restored = []          # course files found changed during grading (put back, unless all ran confined)
        self.unconfined = False     # whether a learner's code ran unconfined (see _note_confinement)
        self.started = []           # processes started ahead of grade_all (see start)

    def _start(self):
        return _Process(self.root, self.names)

    def start(self):
        """Start the grading processes now, so that they load Python, NumPy and the course while the caller does
        something else (reads the roster); they run no learner's code before grade_all sends them jobs."""
        while len(self.started) < self.size:
            self.started.append(self._start())

    def close(self):
        """Stop the processes started ahead that grade_all did not take over."""
        started, self.started = self.started, []
        end(started)

    def _accept(self, process, line):
        """The answer in `line`, if it is the one `process` owes for its job; else AnswerRefused."""
        if process.job is None:
            raise AnswerRefused("an answer when no job was asked of it")
        return checked_answer(line, process.job, process.nonce, self.declared[process.job["challenge"]])

    def _note_confinement(self, answer):
        """Keep whether every learner's code graded so far ran confined (the answers' results say so): the
        course's files changed then were changed from outside, and the seal leaves them as they are."""
        result = answer.get("result")
        record = result.get("confinement") if isinstance(result, dict) else None
        if not isinstance(record, dict):
            return
        self.unconfined = self.unconfined or record.get("confined") is not True
        self.seal.learners_confined = not self.unconfined

    def verify_course(self):
        """Put back any course file changed since grading began (CourseSeal.restore): before a replacement process
        loads the course, and when the grading is over."""
        self.restored += [path for path in self.seal.restore() if path not in self.restored]

    def grade_all(self, jobs, source_of=None):
        """Yield (job, answer) for each job, in the order they finish; `jobs` is read lazily.

        A job is {"id", "challenge", "submission"} and may name the submission's sha256 as "content";
        an answer is {"result": ...} or {"problem": ...}. `source_of(job)` gives the submission's bytes
        (default: read from job["submission"] when the job is sent).
        """
        source_of = source_of or _read_submission
        jobs = iter(jobs)
        selector = selectors.DefaultSelector()
        # Processes started ahead are taken over; the others start now.
        idle, busy, failed_starts = self.started, {}, 0
        self.started = []
        retry, refusals = collections.deque(), collections.Counter()
        try:
            while len(idle) < self.size:
                idle.append(self._start())
            while True:
                while idle:
                    job = retry.popleft() if retry else next(jobs, None)
                    if job is None:
                        break
                    source, problem = _checked_source(job, source_of)
                    if problem:
                        yield job, {"problem": problem}
                        continue
                    process = idle.pop()
                    process.send(job, source)
                    busy[process.popen.stdout.fileno()] = process
                    selector.register(process.popen.stdout, selectors.EVENT_READ, process)
                if not busy:
                    return
                for key, _ in selector.select(timeout=1.0):
                    process = key.data
                    lines, closed = process.read_lines()
                    for line in lines:
                        try:
                            answer = self._accept(process, line)
                        except AnswerRefused as refused:
                            process.refused, closed = refused, True
                            break
                        job, process.job = process.job, None
                        failed_starts = 0
                        self._note_confinement(answer)
                        yield job, answer
                    if closed or process.job is None:
                        selector.unregister(process.popen.stdout)
                        del busy[process.popen.stdout.fileno()]
                    if closed and process.refused is not None:
                        self.verify_course()
                        # The job it was on may be a victim, not the culprit: it gets one more process.
                        job = process.job
                        process.kill()
                        if job is not None and refusals[job["id"]]:
                            yield job, {"problem": (
                                "The grading process received an answer that was not this job's "
                                f"({process.refused}), twice: something wrote into its pipe, most likely this "
                                "submission's code. The process was replaced and the submission was not graded.")}
                        elif job is not None:
                            refusals[job["id"]] += 1
                            retry.append(job)
                        idle.append(self._start())
                    elif closed:
                        reason = process.why_it_ended()
                        if process.job is not None:
                            failed_starts += 1
                            yield process.job, {"problem": reason}
                            if failed_starts >= MAX_FAILED_STARTS:
                                raise PoolFailure(f"The grading processes keep failing. {reason}")
                        self.verify_course()
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
                        self.verify_course()
                        idle.append(self._start())
        finally:
            selector.close()
            # A busy one may be stuck in its job: it is killed at once.
            for process in busy.values():
                process.kill()
            end(idle)
            self.verify_course()


def _read_submission(job):
    with open(job["submission"], "rb") as file:
        return file.read(MAX_SUBMISSION_BYTES + 1)


def _checked_source(job, source_of):
    """(the bytes of the job's submission, None), or (None, why it cannot be graded)."""
    try:
        source = source_of(job)
    except OSError as exc:
        return None, f"not graded: the submission cannot be read ({exc.strerror})."
    if len(source) > MAX_SUBMISSION_BYTES:
        return None, "not graded: the submission is larger than a submission may be."
    if "content" in job and content_digest(source, str(job["submission"]).endswith(".ipynb")) != job["content"]:
        return None, ("not graded: the copy kept for grading changed after it was read from the roster (another "
                      "submission's code may have written to it), so it was not trusted. Grade the class again.")
    return source, None
