"""The judge's side of the worker process: start, ask, time out, kill, restart.

The worker runs the learner's code; this module only ever reads framed JSON
from it (see `grader.sandbox.wire`). A worker that hangs is killed with its whole
process group and replaced, so one bad call costs one check.
"""
import base64
import collections
import functools
import json
import marshal
import os
import select
import signal
import stat
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from grader.sandbox import confinement, reaper, replies, tree_removal, wire
from grader.sandbox.confinement import worker_environment
from grader.limits import Limits

GRACE_SECONDS = 1.0
# The worker writes each frame, header and body, in one write, so once a frame has begun the rest follows as fast as
# the judge reads. A frame that stops this long halfway was not written by the worker's own code: its rest will not
# come (learner code that wrote a header to the channel and fewer bytes than it announced), and waiting for the
# request's whole limit would report a timeout the learner's code did not cause.
FRAME_STALL_SECONDS = 10.0
LOAD_EXTRA_SECONDS = 10.0   # beyond load_seconds, for the worker to start before it loads the learner's file
# The replies one grading keeps, in all: the book's scenarios send 1 MB at most each, and without a bound the judge,
# which no memory limit of the worker's holds, would keep whatever the learner's code sends.
MAX_KEPT_BYTES = 64 * 1024 * 1024
PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from grader.sandbox.worker import main; sys.path.pop(0); main()"
)
ZYGOTE_BOOTSTRAP = BOOTSTRAP.replace("grader.sandbox.worker", "grader.sandbox.zygote")


@dataclass(frozen=True)
class Printed:
    """What the learner's code printed: the start the worker kept, and how many characters it dropped."""

    text: str = ""
    dropped: int = 0

    def __add__(self, other):
        return Printed(self.text + other.text, self.dropped + other.dropped)

    def __bool__(self):
        return bool(self.text or self.dropped)


@dataclass(eq=False)
class LearnerFailure(Exception):
    """The learner's code did not return normally: it raised, hung, or took the worker down."""

    kind: str                      # exception, not_started, timeout, memory, exit, crash, ...
    type: str = ""                 # the exception's class name, where there was one
    message: str = ""
    where: dict | None = None      # {"line", "source", "function"} in the learner's file
    output: Printed = Printed()    # what the learner's code printed before it failed
    facts: dict = field(default_factory=dict)   # what the judge's sentence about a timeout or crash needs

    def __str__(self):
        return f"{self.type or self.kind}: {self.message}"


REPLY_PIPE_BYTES = 1 << 20       # Linux's default pipe-max-size
PRELOAD_SECONDS = 60.0           # for a zygote to run every scenario file of a course once (their imports included)
WARM_SECONDS = 20.0              # for a zygote to import the modules it is asked to warm (grader.sandbox.worker.warm)
ZYGOTE_ANSWER_SECONDS = 10.0     # beyond a wait's own timeout: a zygote this late is stopped or gone


# subprocess is imported where an interpreter is started or waited for: the judge of a sandbox forked from it
# (`grade N`) does neither, and the import (with locale's) cost it 3 ms of CPU.


@functools.cache
def _sandboxed_popen():
    """subprocess.Popen for a worker started by bwrap, whose exit status says "killed by signal N" as 128+N; reported
    as Popen does."""
    import subprocess

    class Sandboxed(subprocess.Popen):
        def poll(self):
            return self._translated(super().poll())

        def wait(self, timeout=None):
            return self._translated(super().wait(timeout))

        def _translated(self, code):
            self.returncode = confinement.exit_status(code)
            return self.returncode

    return Sandboxed


class _Walls:
    """What a spawner knows of the walls around its workers: those it puts up, and those a worker reports."""

    starts_slowly = True    # a worker takes long to start: it is started before the judge has its load request
    preloaded = frozenset()  # the keys of the scenario files its workers find already run (ZygoteSpawner.preload)

    def _plan(self):
        planned = confinement.in_force()
        self.sandboxed = "namespaces" in planned
        self.outer = [name for name in planned if name in confinement.OUTER_LAYERS]
        self.inner = []             # the layers the last worker to start applied to itself
        self.started_once = False
        self.failed_to_start = False  # the very first worker never said it had started: bwrap fails here

    def greeted(self, hello):
        layers = hello.get("layers") if isinstance(hello, dict) and hello.get("ready") is True else None
        if layers is None:
            raise wire.WireError("the worker's first message is not its greeting")
        self.inner = [name for name in confinement.INNER_LAYERS if name in layers]
        self.started_once = True

    def not_started(self):
        self.failed_to_start = self.sandboxed and not self.started_once

    def finish(self, process):
        """End a run: its worker `process` (or None) and everything it started are stopped."""
        if process is not None:
            self.kill(process)
        self.kill_leftovers()

    @property
    def confinement(self):
        return confinement.record([*self.outer, *self.inner])


class ProcessSpawner(_Walls):
    """Starts each worker as a new interpreter: the simplest way, paid for with a Python and NumPy start.

    Where the machine offers it, each worker is started inside a bubblewrap sandbox of its own
    (and a control group of its own where the judge may make one).
    """

    def __init__(self):
        self.token = reaper.new_token()
        self._plan()
        self.cgroup = None

    def spawn(self, in_fd, out_fd, workdir, memory_mb):
        import subprocess

        argv = [sys.executable, "-I", "-B", "-c", BOOTSTRAP, PACKAGE_PARENT, str(in_fd), str(out_fd), str(memory_mb),
                str(int(self.sandboxed))]
        starter = subprocess.Popen
        if self.sandboxed:
            argv, starter = confinement.bwrap_command(argv), _sandboxed_popen()
        if "cgroup" in self.outer:
            if self.cgroup is None:
                self.cgroup = confinement.ControlGroup(memory_mb * 1024 * 1024)
            argv = self.cgroup.command(argv)
        return starter(argv, pass_fds=(in_fd, out_fd),
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=workdir, env=worker_environment(self.token, self.sandboxed), start_new_session=True,
                       **confinement.account_options())

    def kill(self, process):
        reaper.kill_group(process)

    def close(self):
        """Nothing to do: no process of this spawner outlives its worker."""

    def kill_leftovers(self):
        # A sandboxed worker's processes die with its PID namespace; only an unconfined one's can stray.
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None
        if not self.sandboxed:
            reaper.kill_leftovers(self.token)


class ZygoteSpawner(_Walls):
    """Forks each worker from a warm `grader.sandbox.zygote`, for grading many submissions in one process.

    Where the machine offers it, the zygote runs in a bubblewrap sandbox as the first
    process of its PID namespace (so its workers cannot signal it), and sweeps that
    namespace between submissions (before it forks the next worker) and as it ends: every
    other process in it is killed and its scratch folders emptied. Unconfined, workers share
    the zygote's token, so a run's leftovers are found the same way; the zygote itself is
    spared. Runs must not overlap.
    """

    starts_slowly = False   # a worker is a fork

    def __init__(self, before_start=None):
        self.token = reaper.new_token()
        self._plan()
        self.before_start = before_start    # e.g. put back the course's files, which a new zygote imports
        self.zygote = None
        self.cgroup = None
        self.preload_files = []             # see preload
        self.warm_modules = []              # see warm
        # What the zygote still owes an answer to, in order: a ForkedWorker for a fork, None for a request whose
        # answer nobody waits for (warm).
        self.owed = collections.deque()

    def start(self, memory_mb):
        """Start the zygote now rather than for the first worker, so that it loads NumPy while the caller goes on."""
        if self.zygote is None:
            self._start(memory_mb)

    def _start(self, memory_mb):
        import socket  # only a grading of many submissions needs it

        import subprocess

        if self.before_start is not None:
            self.before_start()

        ours, theirs = socket.socketpair()
        argv = [sys.executable, "-I", "-B", "-c", ZYGOTE_BOOTSTRAP, PACKAGE_PARENT, str(theirs.fileno()),
                str(int(self.sandboxed))]
        if self.sandboxed:
            argv = confinement.bwrap_command(argv, first_process=True)
        if "cgroup" in self.outer:
            self.cgroup = confinement.ControlGroup((memory_mb + confinement.ZYGOTE_MB) * 1024 * 1024)
            argv = self.cgroup.command(argv)
        self.zygote = subprocess.Popen(
            argv, pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=worker_environment(self.token, self.sandboxed), start_new_session=True,
            **confinement.account_options(),
        )
        theirs.close()
        self.control = ours
        self.replies = ours.makefile("rb")
        self.owed.clear()
        self.preloaded = frozenset()
        if self.warm_modules:
            self._send_warm()
        if self.preload_files:
            self._send_preload()

    def warm(self, modules):
        """Have the zygote import these modules (dotted names: the challenges' worker_imports) before it forks more
        workers, without waiting for it: the next request but a fork waits for it instead."""
        self.warm_modules = list(modules)
        if self.zygote is not None and self.warm_modules:
            self._send_warm()

    def _send_warm(self):
        try:
            self.settle()
            self._tell({"op": "warm", "modules": self.warm_modules})
            self.owed.append(None)
        except OSError:
            pass    # each worker imports them itself, as without warm

    def preload(self, files):
        """Have the zygote run these scenario files once, so that each worker forked from it finds their module
        ready rather than writing and running them itself: a class grading's many workers run the same few.
        `files`: [(key, name, what the file compiles to, marshalled)], key being the digest of the file's sealed
        bytes (scenario_key); Sandbox.load sends a worker only the key of a file the zygote has run."""
        self.preload_files = [{"key": key, "name": name, "code": base64.b64encode(code).decode("ascii")}
                              for key, name, code in files]
        if self.zygote is not None:
            self._send_preload()

    def _send_preload(self):
        data = json.dumps(self.preload_files).encode()
        # In a file of its own, not on the socket: the compiled scenarios are far larger than any request, and the
        # zygote reads a file whole at once rather than a read of the socket at a time.
        fd = os.memfd_create("nnfs-grade-scenarios", os.MFD_CLOEXEC)
        try:
            with open(fd, "wb", closefd=False) as file:
                file.write(data)
            os.lseek(fd, 0, os.SEEK_SET)
            reply = self._ask({"op": "preload"}, (fd,), seconds=PRELOAD_SECONDS)
            self.preloaded = frozenset(reply["preloaded"])
        except (OSError, ValueError, KeyError, TypeError):
            self.preloaded = frozenset()    # each worker runs the files itself, as without preload
        finally:
            os.close(fd)

    def _ask(self, request, fds=(), seconds=0.0):
        self.settle()
        self._tell(request, fds)
        return self._reply(seconds)

    def _tell(self, request, fds=()):
        import socket

        data = json.dumps(request).encode() + b"\n"    # one line each: the zygote reads on until a request is whole
        sent = socket.send_fds(self.control, [data], list(fds))
        if sent < len(data):
            self.control.sendall(data[sent:])

    def _reply(self, seconds=0.0):
        self.control.settimeout(seconds + ZYGOTE_ANSWER_SECONDS)
        line = self.replies.readline()
        if not line:
            raise OSError("the zygote closed its socket")
        return json.loads(line)

    def settle(self):
        """Read the zygote's answers owed (self.owed): each forked worker's pid, and the answers nobody waits for.
        A worker whose answer cannot be read is left without one (its pipes tell the judge it is gone), and the error
        raised."""
        while self.owed:
            worker = self.owed.popleft()
            try:
                reply = self._reply(WARM_SECONDS if worker is None else 0.0)
                if worker is not None:
                    worker.forked(reply["pid"])
            except (OSError, ValueError, KeyError, TypeError):
                for unanswered in (worker, *self.owed):
                    if unanswered is not None:
                        unanswered.forked(None)
                self.owed.clear()
                raise OSError("the zygote did not answer what it was asked") from None

    unswept = False     # what the last worker left is still to be swept (kill_leftovers)

    def spawn(self, in_fd, out_fd, workdir, memory_mb):
        request = {"op": "fork", "cwd": None if self.sandboxed else workdir, "memory_mb": memory_mb,
                   "sweep": self.unswept}
        if self.cgroup is not None:
            self.cgroup.set_memory((memory_mb + confinement.ZYGOTE_MB) * 1024 * 1024)
        for attempt in range(2):
            if self.zygote is None or self.zygote.poll() is not None:
                self.close()
                self._start(memory_mb)
            try:
                # The zygote's answer, the worker's pid, is read when first needed (ForkedWorker.pid): the judge goes
                # on while the zygote warms, sweeps and forks. The pids owed for earlier workers are read first, so a
                # zygote that failed to answer one is replaced before it is asked for another.
                if any(owed is not None for owed in self.owed):
                    self.settle()
                self._tell(request, (in_fd, out_fd))
                worker = ForkedWorker(self)
                self.owed.append(worker)
                self.unswept = False
                return worker
            except (OSError, ValueError):
                # A learner's code can kill (or, unconfined, stop) its parent; start a new zygote once.
                self.close()
                if attempt:
                    raise

    def wait(self, pid, timeout):
        if pid is None:
            return None     # a fork the zygote never answered: gone with it, or never made
        try:
            return self._ask({"op": "wait", "pid": pid, "timeout": timeout}, seconds=timeout)["returncode"]
        except (OSError, ValueError):
            self.close()   # a zygote that does not answer takes its workers with it
            return None

    def kill(self, process):
        if process.pid is None:
            return      # never forked, or gone with its zygote
        if not self.sandboxed:
            reaper.kill_group(process)
            return
        # The worker's pid is a number in the zygote's PID namespace: only the zygote can use it.
        try:
            self._ask({"op": "kill", "pid": process.pid})
        except (OSError, ValueError):
            self.close()
        process.wait()

    def finish(self, process):
        """End a run: its worker `process` (or None) and everything it started are stopped.

        Sandboxed, the sweep alone does it, before the next worker starts or as the zygote ends: it kills and
        reaps every process of the namespace but the zygote.
        """
        if process is not None and not (self.sandboxed and self.zygote is not None):
            self.kill(process)
        self.kill_leftovers()

    def kill_leftovers(self):
        if not self.sandboxed:
            reaper.kill_leftovers(self.token, spare=(self.zygote.pid,) if self.zygote else ())
            return
        # Swept now, while the judge reads the verdict, without waiting for the answer: what a worker left would
        # otherwise run on until the next fork, or, after the last one, until the run ends, taking the processors
        # other sandboxes' checks are timed on. A zygote that cannot be told sweeps as it forks the next worker.
        try:
            self._tell({"op": "sweep"})
            self.owed.append(None)
        except (OSError, ValueError, AttributeError):
            self.unswept = True

    def hang_up(self):
        """End the zygote, and everything it started: no more workers will be asked of it."""
        self.close()

    def close(self, seconds=0.0):
        """End the zygote and everything it started. Given `seconds`, it may end itself first, as it does once its
        socket closes: it sweeps its namespace and exits, and bubblewrap reaps it, which a kill would leave to init."""
        if self.zygote is None:
            return
        self.control.close()
        self.replies.close()
        reaper.await_end([self.zygote], seconds)
        reaper.kill_group(self.zygote)
        self.zygote = None
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None
        if not self.sandboxed:
            reaper.kill_leftovers(self.token)


class ForkedWorker:
    """A worker forked by the zygote, with the part of subprocess.Popen's interface the sandbox uses."""

    def __init__(self, spawner, pid=None):
        self.spawner, self._pid, self.answered, self.returncode = spawner, pid, pid is not None, None

    def forked(self, pid):
        """The zygote's answer: the worker's pid in the zygote's PID namespace, or None if it gave none."""
        self._pid, self.answered = pid, True

    @property
    def pid(self):
        """Its pid, once the zygote has said it (ZygoteSpawner.settle); None if the zygote never did."""
        if not self.answered:
            try:
                self.spawner.settle()
            except OSError:
                pass    # forked(None) already
        return self._pid

    def wait(self, timeout=None):
        if self.returncode is None:
            self.returncode = self.spawner.wait(self.pid, 30.0 if timeout is None else timeout)
        if self.returncode is None and timeout is not None:
            import subprocess

            raise subprocess.TimeoutExpired("worker", timeout)
        return self.returncode


class Sandbox:
    """One learner file, loaded in a worker process that is replaced when it fails."""

    def __init__(self, limits=None, spawner=None, start=True):
        """`start`: start the worker now, to load while the judge goes on (a new interpreter takes its time);
        else with `load`, which it then finds waiting (a worker forked from a zygote starts in a millisecond)."""
        self.limits = limits or Limits()
        self.deadline = None
        self.load_request = None
        self.load_failure = None
        self.load_output = Printed()
        self.load_seconds = 0.0              # how long importing the learner's file took
        self.load_top_level = None           # {"line", "source"}: the top-level line a slow import was running
        self.blocked_imports = []
        self.answers = {}                    # (scenario, seed) -> the worker's reply or a LearnerFailure
        self.received_bytes = 0              # the weight of every frame the workers sent (wire.weighed_frame)
        self.kept_bytes = 0                  # of the replies in self.answers (MAX_KEPT_BYTES)
        self.spawner = spawner or ProcessSpawner()
        self.closed = False
        self.forked_again = False            # see _greet
        self.first_greeted = False           # whether a worker of this run has greeted the judge yet (_greet)
        # Unconfined, the worker's scratch folder is made here; a sandboxed one has the sandbox's own /tmp.
        self.workdir = None if self.spawner.sandboxed else tempfile.mkdtemp(prefix="nnfs-grade-")
        if self.workdir and confinement.worker_account():
            os.chown(self.workdir, *confinement.worker_account())
        self.process = None
        if start:
            self._spawn()

    # --- life cycle -----------------------------------------------------

    def _spawn(self):
        judge_to_worker, worker_in = os.pipe()
        worker_out, worker_to_judge = os.pipe()
        # Room for the answers the worker computes ahead (a dropout layer's answer is 0.6 MB), so that it goes on to
        # the next scenario rather than wait for the judge to read.
        _enlarge_pipe(worker_out, REPLY_PIPE_BYTES)
        self.to_worker, self.from_worker = worker_in, worker_out
        self.greeted = False
        self.state = "fresh"
        self.pending = collections.deque()   # (scenario, seed, seconds, seq) asked of this worker, unanswered
        self.sent = 0                        # requests written to this worker; each carries its number
        # A load request that fits in the pipe is written before the worker exists, so that it finds it there
        # as it starts rather than once the spawner's answer has come back here.
        ahead = self.load_request is not None and self._send_load(only_if_it_fits=True)
        try:
            self.process = self.spawner.spawn(judge_to_worker, worker_to_judge, self.workdir, self.limits.memory_mb)
        except BaseException:
            self._close_pipes()
            raise
        finally:
            os.close(judge_to_worker)
            os.close(worker_to_judge)
        if self.load_request is not None and not ahead:
            self._send_load()

    def _kill(self):
        if self.process is None:
            return
        self.spawner.kill(self.process)
        self._close_pipes()
        self.process = None
        self.pending = collections.deque()   # unanswered, and never to be: asked again of the next worker if needed

    def _close_pipes(self):
        for fd in (self.to_worker, self.from_worker):
            try:
                os.close(fd)
            except OSError:
                pass

    def close(self):
        """Stop the worker and whatever it started, and remove its scratch folder; once is enough."""
        if self.closed:
            return
        self.closed = True
        process, self.process = self.process, None
        self.spawner.finish(process)
        if process is not None:
            self._close_pipes()
        if self.workdir is not None:
            tree_removal.remove_tree(self.workdir)   # the worker wrote in it: any shape of tree

    # --- requests ---------------------------------------------------------

    def load(self, submission, scenarios, module="main", sealed=None, compiled=None, stub=None, content=None):
        """Start importing the learner's file; the answer is read when a check first needs it.

        The worker gets copies of the file and of the scenarios, not their paths: a sandboxed
        worker sees nothing of the course, and an unconfined one is not pointed at it. `sealed`
        maps a scenario file's path to its bytes as the course's seal read them (grader.judge.seal),
        which the worker gets rather than the file as it is on disk now; `compiled(path)` gives what
        those bytes compile to (CourseSeal.code, from their bytecode cache), which is not compiled again. `stub`: the
        bytes of the challenge's stub as shipped, whose names the checks look for, which the worker never takes for
        another's misspelling (grader.sandbox.names_meant.stub_names), or None. `content`: the learner's file's
        bytes, if read already (else read now).
        """
        sealed = sealed or {}
        self.deadline = time.monotonic() + self.limits.run_seconds
        self.load_request = {"op": "load", "submission": _file_message(submission, content),
                             "scenarios": [_scenario_message(path, sealed.get(Path(path)), compiled,
                                                             self.spawner.preloaded)
                                           for path in scenarios],
                             "module": module, "soft_timeout": self.limits.load_seconds}
        if stub is not None:
            self.load_request["stub"] = base64.b64encode(stub).decode("ascii")
        if self.process is None:
            self._spawn()
        else:
            self._send_load()

    @property
    def asked_to_load(self):
        """Whether the worker has been asked to load a file (load)."""
        return self.load_request is not None

    def budget_from_now(self):
        """Count the run's time (limits.run_seconds) from now: for a worker started ahead, which computed while the
        judge was busy with other workers, so that waiting for the judge costs the learner's code nothing."""
        self.deadline = time.monotonic() + self.limits.run_seconds

    def prefetch(self, scenarios, seed=0):
        """Ask for these scenarios now, so the worker runs them while the judge starts up; those asked for already
        are not asked again."""
        asked = {*self.answers, *((name, number) for name, number, *_ in self.pending)}
        for scenario in scenarios:
            if (scenario, seed) not in asked:
                self._request(scenario, seed, self.limits.check_seconds)

    def load_result(self, greeting_only=False):
        """None when the learner's file imported cleanly, else its LearnerFailure. `greeting_only`: read no more
        than the worker's greeting, if it has not been read (None then means no failure yet)."""
        try:
            self._ensure_loaded(greeting_only)
        except LearnerFailure as failure:
            self.load_failure = failure
        return self.load_failure

    def fileno(self):
        """The judge's end of the worker's replies, for select(); None once the worker is gone."""
        return None if self.process is None else self.from_worker

    def caught_up(self):
        """Read the replies the worker has begun to send, without waiting for one it has not: True once everything
        asked of it is answered (or it is gone), so that judging it waits for nothing it still computes.

        Each reply is read as the judge would read it when it needs it, so what the checks get is the same."""
        while True:
            if self.process is None or self.load_failure is not None:
                return True
            if self.state == "ready" and not self.pending:
                return True
            if not select.select([self.from_worker], [], [], 0)[0]:
                return False
            if self.state == "ready":
                self._collect_one()
            else:
                self.load_result(greeting_only=not self.greeted)

    def answered(self, scenarios, seed=0):
        """Whether judging these scenarios needs the worker no more: the learner's file could not be imported, or it
        was and every one of them has its answer (read by caught_up or learner_answer)."""
        return self.load_failure is not None or (
            self.state == "ready" and all((scenario, seed) in self.answers for scenario in scenarios))

    def allowance(self):
        """How long the worker may take, from now, to answer what it is computing: its oldest request's limit."""
        if self.state != "ready":
            return self.limits.load_seconds + GRACE_SECONDS + LOAD_EXTRA_SECONDS
        return (self.pending[0][2] if self.pending else 0.0) + GRACE_SECONDS

    def learner_answer(self, scenario, seed=0, seconds=None):
        """(decoded value of `scenario(learner_module, rng)`, what it printed), or a LearnerFailure."""
        key = (scenario, seed)
        while key not in self.answers:
            if self.load_result():
                raise self.load_failure
            if self.process is None:
                # The run's time ran out with the last worker, and no other is started (_restart): nothing is asked.
                self.answers[key] = LearnerFailure("timeout", facts={"run_seconds": self.limits.run_seconds})
                break
            if key not in [(name, number) for name, number, *_ in self.pending]:
                self._request(scenario, seed, seconds or self.limits.check_seconds)
            self._collect_one()
        reply = self.answers[key]
        if isinstance(reply, LearnerFailure):
            raise reply
        return _value_of(reply), _output_of(reply)

    def _request(self, scenario, seed, seconds):
        seq = self._write({"op": "run", "scenario": scenario, "seed": seed, "soft_timeout": seconds})
        self.pending.append((scenario, seed, seconds, seq))

    def _write(self, request, only_if_it_fits=False):
        """Send `request` numbered, so a forged or lost reply shows; returns its number. `only_if_it_fits`: send
        it only if the pipe, still empty, holds it whole (so that writing cannot wait for a reader), else None."""
        message = wire.frame(dict(request, seq=self.sent + 1))
        if only_if_it_fits and len(message) > _pipe_capacity(self.to_worker):
            # A load request and its scenarios can outgrow a default pipe (64 kB): the judge would wait for the
            # worker to read it.
            _enlarge_pipe(self.to_worker, len(message))
            if len(message) > _pipe_capacity(self.to_worker):
                return None
        self.sent += 1
        try:
            os.write(self.to_worker, message)
        except BrokenPipeError:
            pass  # the worker is gone; reading its answer reports how it ended
        return self.sent

    def _collect_one(self):
        """Read the answer to the oldest request; a hang or crash costs that request alone."""
        scenario, seed, seconds, seq = self.pending[0]
        received = self.received_bytes
        try:
            reply = self.answers[(scenario, seed)] = self._kept(self._next_reply(seconds, scenario, seq),
                                                                self.received_bytes - received)
            self.pending.popleft()
        except LearnerFailure as failure:
            self.answers[(scenario, seed)] = failure
            self._restart()
            return
        if self.pending and not reply["ok"] and reply["error"]["kind"] == "timeout" and self.load_seconds < seconds:
            # The scenarios asked ahead may run the same endless code, each until its own limit, for checks that
            # may never ask (those that depend on this one are skipped): a fresh worker runs those that are asked.
            # It imports the learner's file again, within the run's time: only where that costs less than one limit.
            self._restart()

    def _kept(self, reply, size):
        """`reply`, of a frame weighing `size` (wire.weighed_frame), if the replies kept so far leave room for it
        (MAX_KEPT_BYTES)."""
        if self.kept_bytes + size > MAX_KEPT_BYTES:
            raise LearnerFailure("memory", facts={"answers_mb": MAX_KEPT_BYTES >> 20})
        self.kept_bytes += size
        return reply

    def _restart(self):
        """A fresh worker in place of this one, its requests forgotten (they are asked again when needed)."""
        self._kill()
        if self.deadline > time.monotonic():
            self._spawn()

    def _send_load(self, only_if_it_fits=False):
        """Ask the worker to import the learner's file; False where `only_if_it_fits` and it did not fit."""
        seq = self._write(self.load_request, only_if_it_fits)
        if seq is None:
            return False
        self.load_seq, self.state = seq, "loading"
        return True

    def _ensure_loaded(self, greeting_only=False):
        if self.load_failure or self.state == "ready":
            return
        if self.process is None:
            self._spawn()
        try:
            # Starting Python and NumPy is the grader's time, not the learner's.
            reply = self._next_reply(self.limits.load_seconds, None, self.load_seq, extra=LOAD_EXTRA_SECONDS,
                                     greeting_only=greeting_only)
        except LearnerFailure:
            self._kill()
            raise
        if reply is None:
            return      # greeted; the learner's file is still loading
        self.state = "ready"
        self.load_output = _output_of(reply)
        self.load_seconds, self.load_top_level = reply["seconds"], reply["top_level"]
        try:
            _value_of(reply)
        except LearnerFailure as failure:
            if self.load_top_level is not None:
                failure.where = {**(failure.where or {}), "top_level": self.load_top_level}
            raise

    def _next_reply(self, seconds, scenario, seq, extra=0.0, greeting_only=False):
        """The worker's next reply, which must answer request `seq`: running `scenario` (None: importing the
        learner's file). `greeting_only`: read the worker's greeting, if not read yet, and return None."""
        if not self.first_greeted:
            self._first_greeting(seconds, scenario, extra)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise LearnerFailure("timeout", facts={"run_seconds": self.limits.run_seconds})
        # The run's limit may come before this request's own, and is then the one to state.
        run_ends_first = seconds + GRACE_SECONDS + extra > remaining
        deadline = time.monotonic() + min(seconds + GRACE_SECONDS + extra, remaining)
        try:
            if not self.greeted:
                self._greet(deadline)
            if greeting_only:
                return None
            reply = replies.checked(*self._receive(deadline), seq=seq)
        except TimeoutError:
            facts = ({"run_seconds": self.limits.run_seconds} if run_ends_first
                     else {"seconds": seconds, "scenario": scenario})
            raise LearnerFailure("timeout", facts=facts) from None
        except (EOFError, wire.WireError) as exc:
            raise self._crash_report(scenario, exc) from None
        if not reply["ok"] and reply["error"]["kind"] == "timeout":
            # The worker stopped the learner's code itself; the limit it was given is the judge's to state.
            reply["error"]["facts"] = {"seconds": seconds, "scenario": scenario}
        self.blocked_imports = reply["blocked_imports"] or self.blocked_imports
        return reply

    def _first_greeting(self, seconds, scenario, extra):
        """Read the run's first greeting. Until then nothing of the learner's has run, and the wait is the grader's (a
        zygote emptying what an earlier learner's run left, or a new one starting), within the request's own limit;
        the run's time starts after it (_greet)."""
        try:
            self._greet(time.monotonic() + seconds + GRACE_SECONDS + extra)
        except TimeoutError:
            raise LearnerFailure("timeout", facts={"seconds": seconds, "scenario": scenario}) from None
        except (EOFError, wire.WireError) as exc:
            raise self._crash_report(scenario, exc) from None

    def _greet(self, deadline):
        """Read the worker's greeting, sent before any learner code runs, which names the walls it put up."""
        try:
            self.spawner.greeted(self._receive(deadline)[0])
        except EOFError:
            if self._never_forked() and not self.forked_again:
                # Its zygote ended before it forked this worker (one that could not empty what an earlier learner's
                # run left, say): no code of this learner's ran, and a new zygote forks it once more.
                self.forked_again = True
                self._kill()
                self._spawn()
                return self._greet(deadline)
            self.spawner.not_started()
            raise
        self.greeted = True
        if not self.first_greeted:
            # The learner's time starts with their first worker; one started again within the run (_restart) is
            # greeted within it.
            self.first_greeted = True
            self.deadline = max(self.deadline, time.monotonic() + self.limits.run_seconds)

    def _never_forked(self):
        return isinstance(self.process, ForkedWorker) and self.process.pid is None

    def _receive(self, deadline):
        """(the next message, the bytes of its arrays): see wire.frame. Raises TimeoutError at `deadline`, EOFError,
        and wire.WireError for a malformed frame or one that stopped halfway (FRAME_STALL_SECONDS)."""
        header = self._read(4, deadline, begun=False)
        message, buffers, weight = wire.weighed_frame(self._read(wire.parse_header(header), deadline, begun=True))
        self.received_bytes += weight
        return message, buffers

    def _read(self, size, deadline, begun):
        """`size` bytes from the worker; `begun`: whether they belong to a frame whose first bytes were read."""
        chunks, remaining = [], size
        while remaining:
            now = time.monotonic()
            stalls = begun or remaining < size
            wait = min(deadline - now, FRAME_STALL_SECONDS) if stalls else deadline - now
            if wait <= 0 or not select.select([self.from_worker], [], [], wait)[0]:
                if stalls and time.monotonic() < deadline:
                    raise wire.WireError(f"a message stopped after {size - remaining:,} of its {size:,} bytes")
                raise TimeoutError
            chunk = os.read(self.from_worker, min(remaining, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _crash_report(self, scenario, exc):
        import subprocess

        if isinstance(exc, wire.WireError):
            self._kill()   # a worker that breaks the protocol is not waited for
            return LearnerFailure("protocol", facts={"scenario": scenario, "reason": str(exc)})
        process = self.process
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        code = process.returncode
        self._kill()
        facts = {"scenario": scenario, "memory_mb": self.limits.memory_mb}
        if code is not None and code < 0:
            facts["signal"] = _signal_name(-code)
        else:
            facts["exit_status"] = code
        return LearnerFailure("crash", facts=facts)


def _file_message(path, data=None):
    """The file at `path` as the worker gets it: its name and bytes (`data`, else read now)."""
    if data is None:
        # Non-blocking, and regular files only: a FIFO or a device must not hang the judge here.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as file:
            data = file.read(wire.MAX_MESSAGE_BYTES // 2) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    return {"name": Path(path).name, "data": base64.b64encode(data).decode("ascii")}


def _scenario_message(path, data=None, compiled=None, preloaded=frozenset()):
    """A scenario file as the worker gets it: its bytes (`data`, else read now), and what they compile to where
    they do (every worker would otherwise compile the same text again): `compiled(path)` where `data` are the
    sealed bytes it compiles, else compiled here. Where the worker's zygote has run those very bytes (their key
    among `preloaded`), only their name and key."""
    if data is not None and preloaded and scenario_key(data) in preloaded:
        return {"name": Path(path).name, "preloaded": scenario_key(data)}
    message = _file_message(path, data)
    code = None
    if compiled is not None and data is not None:
        try:
            code = base64.b64encode(marshal.dumps(compiled(Path(path)))).decode("ascii")
        except (SyntaxError, ValueError):
            pass    # compiled below, which says nothing: the worker compiles it itself to report how it fails
    code = code or _compiled(message["data"])
    if code is not None:
        message["code"] = code
    return message


@functools.lru_cache(maxsize=256)
def scenario_key(data):
    """The key of a scenario file whose sealed bytes are `data`: their SHA-256, in hex."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=64)
def _compiled(data):
    """The code object the file whose bytes are `data` (base64) compiles to, marshalled and in base64; None for a
    file that does not compile, which the worker then compiles itself to report how."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # a worker compiling it would not show them either
            code = compile(base64.b64decode(data), "<scenarios>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    return base64.b64encode(marshal.dumps(code)).decode("ascii")


def _enlarge_pipe(fd, size):
    """Make the pipe `fd` hold `size` bytes where the system allows (pipe(7): F_SETPIPE_SZ, at most
    /proc/sys/fs/pipe-max-size for an unprivileged process); else leave it as it is."""
    import fcntl

    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, size)
    except (AttributeError, OSError):
        pass


def _pipe_capacity(fd):
    """How many bytes the pipe `fd` holds (pipe(7): F_GETPIPE_SZ); POSIX's minimum where that cannot be read."""
    import fcntl

    try:
        return fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ)
    except (AttributeError, OSError):
        return select.PIPE_BUF


def _value_of(reply):
    """The decoded value of a reply `replies.checked` accepted, or its LearnerFailure raised."""
    if reply["ok"]:
        try:
            return wire.decode(reply["value"], buffers=reply["buffers"])
        except wire.WireError as exc:
            raise LearnerFailure("exception", type="ValueError", message=(
                f"what your code produced cannot be compared as plain data ({exc})")) from None
    error = reply["error"]
    # Only the judge writes facts, and only for a timeout (see _next_reply); the worker sends none.
    raise LearnerFailure(error["kind"], type=error["type"], message=error["message"], where=error["where"],
                         output=_output_of(reply), facts=error.get("facts", {}))


def _output_of(reply):
    """What the learner's code printed, and how much of it was not kept (replies.checked has capped both)."""
    return Printed(reply["output"]["text"], reply["output"]["dropped"])


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
