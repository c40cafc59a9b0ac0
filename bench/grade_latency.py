"""Latency of one `grade` run, against `python -c "import numpy"` measured in the same rounds.

    python bench/grade_latency.py [--rounds 21] [--challenge challenge_5_backprop ...] [--baseline-grader DIR ...]
                                  [--baseline-course this|own]
                                  [--course checkout|release]

Rounds alternate the floor (`python -c "import numpy"`), the grade run and, with
--baseline-grader, the same grade run by other checkouts of the grader (say
`git archive main | tar -x -C /tmp/base`; repeatable, each named by its folder), so all see the same machine
load (in this checkout's course, or with --baseline-course own in each one's own, its own solutions graded,
where the challenges changed too); it prints the medians and the median of the per-round ratios to the floor, per
challenge, and the load average before and after. It also gives the ratio of CPU
time (user + system, of the command and every process it started, read from a
cpuacct cgroup where one can be made): on a busy machine wall times say more
about the other processes, and the CPU ratio bounds what two idle cores would show. --course release grades in
the course as `grade release` writes it for learners, whose reference answers are recorded. The issue's targets: at most
1.5x the floor, 2.0x for the challenges that train.

Both commands run with Python's bytecode cache on, as on a learner's machine after
the first run: an inherited PYTHONDONTWRITEBYTECODE would make every grade run
compile the grader again (about 40 ms) while NumPy's bytecode is precompiled.
Pass --no-bytecode-cache to measure that case too.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import copy_course  # noqa: E402
# The console script of a checkout that is not installed, its grader package first on the path: the module the
# installed script imports (pyproject.toml's [project.scripts]), which spares `grade CHALLENGE` the click commands
# that grader.cli.main imports, where the checkout has it.
CHECKOUT_BOOTSTRAP = """import sys
sys.path.insert(0, sys.argv.pop(1))
sys.argv[0] = 'grade'
try:
    from grader.cli.entry import console_script
except ImportError:
    from grader.cli.main import console_script
console_script()"""


CPUACCT = Path("/sys/fs/cgroup/cpuacct")


class CpuMeter:
    """CPU time of a command and every process it starts: from a cgroup v1 cpuacct group where this user may
    make one (root), which counts processes nobody waits for (a sandbox's worker killed with its namespace);
    else from getrusage, which counts only the processes waited for, and so is a lower bound."""

    def __init__(self):
        self.group = CPUACCT / f"nnfs-grade-bench-{os.getpid()}"
        try:
            self.group.mkdir()
        except OSError:
            self.group = None

    @property
    def source(self):
        return "cgroup cpuacct" if self.group else "getrusage, a lower bound"

    def used(self):
        if self.group:
            return int((self.group / "cpuacct.usage").read_text()) / 1e9
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def join(self):
        """For subprocess's preexec_fn: the child joins the group before it runs the command."""
        if self.group:
            (self.group / "cgroup.procs").write_text(str(os.getpid()))

    def close(self):
        if self.group:
            time.sleep(0.1)   # the last killed processes leave the group
            try:
                self.group.rmdir()
            except OSError as exc:
                print(f"{self.group} is left: {exc.strerror}", file=sys.stderr)


def timed(command, env=None, cwd=ROOT, meter=None):
    """(wall seconds, CPU seconds of the command and the processes it started)."""
    before = meter.used()
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               preexec_fn=meter.join)
    elapsed = time.perf_counter() - started
    time.sleep(0.02)   # a sandbox's processes killed as the command ended finish dying and are counted
    if completed.returncode not in (0, 1):
        sys.exit(f"{command} failed: {completed.stderr.decode()}")
    return elapsed, meter.used() - before


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--challenge", action="append", help="repeatable; default challenge_5_backprop")
    parser.add_argument("--baseline-grader", type=Path, action="append", default=[],
                        help="a checkout of the grader to compare with (repeatable)")
    parser.add_argument("--baseline-course", choices=("this", "own"), default="this",
                        help="the course the baseline grader grades: this checkout's (to compare graders), or its "
                             "own checkout's, solutions included (to compare what changed in the challenges too)")
    parser.add_argument("--course", choices=("checkout", "release"), default="checkout")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="run both commands with PYTHONDONTWRITEBYTECODE=1")
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.no_bytecode_cache:
        env["PYTHONDONTWRITEBYTECODE"] = "1"

    grade = Path(sys.executable).with_name("grade")
    floor_command = [sys.executable, "-c", "import numpy"]
    meter = CpuMeter()
    print(f"rounds: {args.rounds}, bytecode cache {'off' if args.no_bytecode_cache else 'on'}, "
          f"course: {args.course}, CPU from {meter.source}, load average {load_average()}")
    with tempfile.TemporaryDirectory() as scratch:
        if args.course == "release":
            cwd = Path(scratch) / "course"
            subprocess.run([str(grade), "release", "--all-at-once", "--out", str(cwd)], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            courses = {"grade": cwd, **{baseline.name: cwd for baseline in args.baseline_grader}}
        else:
            # A copy each: the two graders' caches of the reference's answers have different keys, and would
            # replace each other's at every run in a course they shared.
            names = ["grade", *(baseline.name for baseline in args.baseline_grader)]
            if len(set(names)) < len(names):
                parser.error("each --baseline-grader needs a folder name of its own (it names the figures)")
            courses = {name: copy_course(Path(scratch) / name) for name in names}
            if args.baseline_course == "own":
                for baseline in args.baseline_grader:
                    courses[baseline.name] = course_of(baseline, Path(scratch) / f"{baseline.name}-own")
        try:
            for challenge in args.challenge or ["challenge_5_backprop"]:
                measure(challenge, grade, floor_command, courses, env, args, meter)
        finally:
            meter.close()


def course_of(checkout, folder):
    """The challenges, solutions and README of another checkout, in `folder` (its learners' files as they are)."""
    ignored = shutil.ignore_patterns("__pycache__", ".nnfs-grade")
    for name in ("challenges", "solutions"):
        shutil.copytree(Path(checkout) / name, folder / name, ignore=ignored)
    shutil.copy(Path(checkout) / "README.md", folder / "README.md")
    return folder


def measure(challenge, grade, floor_command, courses, env, args, meter):
    """`courses`: the course folder each grader runs in, by command name."""
    def grading(course):
        return [challenge, "--submission", str(course / "solutions" / challenge / "main.py"), "--json"]

    commands = {"floor": floor_command, "grade": [str(grade), *grading(courses["grade"])]}
    for baseline in args.baseline_grader:
        commands[baseline.name] = [sys.executable, "-c", CHECKOUT_BOOTSTRAP, str(baseline.resolve()),
                                   *grading(courses[baseline.name])]
    folders = {**courses, "floor": courses["grade"]}
    for name, command in commands.items():  # warm the file cache (and the bytecode cache, and the answers' cache)
        timed(command, env, folders[name], meter)
    times = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            times[name].append(timed(command, env, folders[name], meter))
    floor = times["floor"]
    print(f"{challenge}: python -c 'import numpy' median {statistics.median(w for w, _ in floor):.3f} s, "
          f"CPU {statistics.median(c for _, c in floor):.3f} s")
    for name in commands:
        if name == "floor":
            continue
        walls = [took / base for (took, _), (base, _) in zip(times[name], floor)]
        cpus = [took / base for (_, took), (_, base) in zip(times[name], floor)]
        print(f"  {name:8} median {statistics.median(w for w, _ in times[name]):.3f} s, ratio to the floor "
              f"(median of per-round ratios) {statistics.median(walls):.2f}; CPU ratio {statistics.median(cpus):.2f}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
