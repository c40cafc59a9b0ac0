"""The judge's side of a zygote forked from it (`grader.sandbox.forked_zygote`), for the learner's own `grade`.

Every worker is the zygote's child, as inside bubblewrap (`grader.sandbox.zygote`): it applies Landlock,
seccomp and rlimits to itself before any learner code runs, and a sweep after each submission kills
every other process of the namespace and empties the scratch folders. The zygote is forked once per run
and never again: a zygote forked later would hold what the judge has loaded since, the reference's
answers among them.

Grades that count (`--require-confinement`, `grade report`, the Gradescope autograder) start fresh
interpreters in bubblewrap instead: a forked worker starts as a copy of the judge's memory at the fork,
which holds the judge's environment and command line.
"""
import json
import select

from grader.sandbox import confinement
from grader.sandbox.forked_zygote import Forked
from grader.sandbox.supervisor import Sandbox, ZygoteSpawner

READY_SECONDS = 10.0     # for the namespaces to be made: milliseconds, unless the machine is stalled


def adopt(early, one_sandbox=False):
    """A ForkedZygoteSpawner around `early` (a forked_zygote.EarlyZygote, or None) once its sandbox is ready;
    None, with `early` closed, where this machine could not make it (no Landlock, no user namespaces for
    this user): bubblewrap's spawner is the one to use then. `one_sandbox`: see ForkedZygoteSpawner."""
    said = _readiness(early)
    if said.get("ready") is not True:
        if early is not None:
            early.close()
        return None
    early.forget_root()
    return ForkedZygoteSpawner(early, said.get("cgroup") or [], one_sandbox)


def zygote_gone(sandbox):
    """Whether the zygote `sandbox` (a Sandbox, a LateSandbox or None) was to fork its workers from ended before any
    of them greeted the judge (ForkedZygoteSpawner.gone, Sandbox.first_greeted): no learner code of that grading
    ran, and its result says nothing of the file. An earlier grading's worker may have left more than the zygote's
    sweep empties, which ends it."""
    inner = sandbox.sandbox if isinstance(sandbox, LateSandbox) else sandbox
    return bool(getattr(getattr(sandbox, "spawner", None), "gone", False)) \
        and not getattr(inner, "first_greeted", False)


class LateSandbox:
    """The Sandbox of the learner's own `grade CHALLENGE`, made from `early` (a forked_zygote.EarlyZygote, or None)
    only when the judge calls it, once it has read the course: the forked process makes its namespaces and root
    meanwhile, so the judge does not wait for them. Calling it gives the Sandbox, with bubblewrap's spawner where
    the forked process could not make one. `one_sandbox`: the zygote ends once this Sandbox closes (see
    ForkedZygoteSpawner); without it, its spawner serves more Sandboxes, one after another, until close()."""

    def __init__(self, early, limits, one_sandbox=True):
        self.early, self.limits, self.one_sandbox = early, limits, one_sandbox
        self.sandbox = self.spawner = None

    def ready(self):
        """Whether calling it now gives the Sandbox without waiting for the forked process to make it."""
        if self.sandbox is not None or self.early is None:
            return True
        try:
            return bool(select.select([self.early.control], [], [], 0)[0])
        except (OSError, ValueError):
            return True     # gone: adopting it says so at once

    def __call__(self):
        if self.sandbox is None:
            self.spawner, self.early = adopt(self.early, one_sandbox=self.one_sandbox), None
            # Without a forked zygote, Sandbox starts bubblewrap's worker (ProcessSpawner), a new interpreter: now.
            self.sandbox = Sandbox(self.limits, self.spawner, start=self.spawner is None or self.spawner.starts_slowly)
        return self.sandbox

    def close(self):
        """End the worker and the zygote, whatever was started; call it last, as the zygote ends meanwhile."""
        if self.sandbox is not None:
            self.sandbox.close()
        if self.spawner is not None:
            self.spawner.close()
        elif self.early is not None:
            self.early.close()
            self.early = None


def forked_layer():
    """(active, detail) of the forked zygote on this machine, for `grade doctor`: one is forked to be sure."""
    from grader.sandbox.forked_zygote import SANDBOX_VARIABLE, fork_zygote

    early = fork_zygote()
    said = _readiness(early) if early else {"problem": f"{SANDBOX_VARIABLE}=bwrap is set, or this is not Linux"}
    if early is not None:
        early.close()
    if said.get("ready") is True:
        return True, ("your own `grade` makes the sandbox itself: it forks its workers from the judge into new "
                      "namespaces and a root of their own, with the same view as bubblewrap's and the layers below; "
                      "grades that count (grade report, the autograders) use bubblewrap.")
    return False, (f"your own `grade` cannot make the sandbox itself here ({said.get('problem')}): it uses "
                   "bubblewrap, as grades that count do.")


def _readiness(early):
    """What the forked process said on its socket: {"ready": true, "cgroup": [...]} or {"problem": "..."}."""
    if early is None:
        return {}
    early.control.settimeout(READY_SECONDS)
    try:
        # Unbuffered, so as to read this line alone: an answer to EarlyZygote.warm may follow it.
        with early.control.makefile("rb", buffering=0) as replies:
            said = json.loads(replies.readline() or b"{}")
    except (OSError, ValueError):
        said = {}
    return said if isinstance(said, dict) else {}


class ForkedZygoteSpawner(ZygoteSpawner):
    """A ZygoteSpawner whose zygote was forked from this process (see the module's docstring)."""

    def __init__(self, early, cgroup_folders, one_sandbox=False):
        """`one_sandbox`: it serves a single Sandbox, so the zygote is told to end as soon as that Sandbox is
        closed (its processes swept), and ends while the judge writes its report; close() waits for it."""
        super().__init__()
        self.one_sandbox = one_sandbox
        self.early = early
        self.token = early.token
        self.sandboxed = True
        # The walls the forked process put up, with the account the planned ones (_Walls._plan) name.
        self.outer = ["namespaces", *(["cgroup"] if cgroup_folders else []),
                      *(["user"] if "user" in self.outer else [])]
        self.cgroup = confinement.ControlGroup.existing(cgroup_folders) if cgroup_folders else None
        self.zygote = early.process
        self.control, self.replies = early.control, early.control.makefile("rb")
        self.gone = False   # its zygote ended before it forked a worker asked of it (spawn, settle)
        if early.warming:
            self.owed.append(None)   # the answer to EarlyZygote.warm, which follows the readiness

    def _start(self, memory_mb):
        raise OSError("the zygote forked from the judge is gone, and it is forked only once")

    def spawn(self, in_fd, out_fd, workdir, memory_mb):
        try:
            return super().spawn(in_fd, out_fd, workdir, memory_mb)
        except OSError:
            # The zygote died (its cgroup ran out of memory, say) and is not forked again: the worker that was asked
            # for is reported as crashed, unless the caller grades it another way (gone), and no learner code runs
            # outside a sandbox.
            self.gone = True
            return Forked(None)

    def settle(self):
        try:
            super().settle()
        except OSError:
            # It ended without forking a worker it was asked for: a sweep of what the last worker left gave up, say.
            self.gone = True
            raise

    def not_started(self):
        pass  # unlike bubblewrap's, this sandbox was made before the worker was asked for: the worker crashed

    def finish(self, process):
        if self.one_sandbox:
            self.hang_up()        # the zygote sweeps what the worker left as it ends
            return
        super().finish(process)   # swept by the zygote (kill_leftovers)

    def hang_up(self):
        """Close the socket: the zygote sweeps once more and exits, without this process waiting for it (closing
        several, each ends while the next is told)."""
        if self.early is not None:
            self.replies.close()
            self.early.control.close()

    def close(self):
        if self.early is None:
            return
        self.hang_up()
        self.early.close()
        self.early = self.zygote = None
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None
