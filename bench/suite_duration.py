"""Duration of the project's test suite: wall time, CPU time, and what they mean for an idle machine.

    python bench/suite_duration.py [-- PYTEST ARGUMENTS]     # default: -q -n auto

Runs `python -m pytest` once and prints its wall time, the CPU time (user + system) of pytest
and every process it waited for, the load average before and after, and `python -c "import numpy"`
(wall and CPU, median of 5, before and after) for scale. On a busy machine the wall time says
more about the other processes than about the suite; the CPU time divided by the cores is the
least wall time the suite can take on an idle machine with that many cores, and the numpy
baseline's CPU time shows how much the load inflated CPU times themselves. The suite runs with
Python's bytecode cache on, as .ci/run runs it: an inherited PYTHONDONTWRITEBYTECODE would make
every pytest process rewrite its plugins' modules again (0.6 s of CPU each). A process is counted only
once an ancestor has waited for it: a sandboxed worker killed with its bubblewrap parent is not, so
the CPU time is a lower bound.
"""
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CPUACCT = Path("/sys/fs/cgroup/cpuacct")


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# A newcomer's shell keeps bytecode caches (see the docstring).
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command):
    """(wall seconds, CPU seconds of the command and the processes it waited for), exit status."""
    cpu, started = children_cpu(), time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, env=ENVIRONMENT)
    return (time.perf_counter() - started, children_cpu() - cpu), completed.returncode


def accounted(command):
    """timed(command) run in a cpuacct group of its own, and the CPU seconds of every process that ran in it
    (None where no group can be made here)."""
    group = CPUACCT / f"nnfs-grade-suite-{os.getpid()}"
    try:
        group.mkdir()
    except OSError:
        return *timed(command), None
    try:
        # The shell joins the group before it execs the command, so everything the command starts is born inside.
        joined = ["/bin/sh", "-c", 'echo $$ > "$1" && shift && exec "$@"', "sh", str(group / "cgroup.procs"), *command]
        measured, status = timed(joined)
        return measured, status, int((group / "cpuacct.usage").read_text()) / 1e9
    finally:
        try:
            group.rmdir()
        except OSError:
            pass   # a process of the suite outlived it; the group is left for the kernel to keep


def baseline():
    """Median wall and CPU seconds of `python -c "import numpy"` over 5 runs."""
    runs = [timed([sys.executable, "-c", "import numpy"])[0] for _ in range(5)]
    return statistics.median(wall for wall, _ in runs), statistics.median(cpu for _, cpu in runs)


def main():
    arguments = sys.argv[1:]
    if arguments[:1] == ["--"]:
        arguments = arguments[1:]
    arguments = arguments or ["-q", "-n", "auto"]
    cores = len(os.sched_getaffinity(0))
    load_before, numpy_before = os.getloadavg(), baseline()
    (wall, cpu), status, every_cpu = accounted([sys.executable, "-m", "pytest", *arguments])
    load_after, numpy_after = os.getloadavg(), baseline()
    print(f"python -m pytest {' '.join(arguments)}: exit status {status}")
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; {cores} cores")
    print(f"python -c 'import numpy': wall {numpy_before[0]:.3f} s before, {numpy_after[0]:.3f} s after; "
          f"CPU {numpy_before[1]:.3f} s before, {numpy_after[1]:.3f} s after")
    print(f"suite wall time: {wall:.1f} s")
    print(f"suite CPU time (user + system, every process waited for): {cpu:.1f} s")
    print(f"least wall time on {cores} idle cores (CPU time / cores): {cpu / cores:.1f} s")
    if every_cpu is not None:
        print(f"suite CPU time of every process in its cpuacct group (killed workers too): {every_cpu:.1f} s, "
              f"least wall time on {cores} idle cores {every_cpu / cores:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
