"""Latency of `grade list` after ten challenges changed, against `python -c "import numpy"` in the same rounds.

    python bench/list_latency.py [--rounds 9] [--changed 10] [--course checkout|release] [--baseline-grader DIR]
                                 [--baseline-course this|own]

Each round writes the solution of the first --changed challenges in course order into a
copy of the course, each with a new comment so no stored result fits, then times the
baseline and `grade list` one after the other, so both see the same machine load. It
prints both medians, the median of the per-round ratios, and the load average. It also
prints each command's CPU time (its own and that of every process it waited for, workers
included) and that time divided among this machine's processors: no scheduling of the same
work can take less wall time than that.

With --baseline-grader (another checkout of the grader, say `git archive main | tar -x -C /tmp/base`), that
grader's `grade list` runs in the same rounds, in a course copy of its own changed the same way.

--course checkout grades in a copy of this checkout (the reference computes the expected
answers); --course release in the course as `grade release` writes it for learners
(the reference's answers are recorded).
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import COURSE_ORDER, copy_course, solution  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from grade_latency import CHECKOUT_BOOTSTRAP, course_of  # noqa: E402


# A learner's Python keeps bytecode caches: a shell that turns them off would time compiling the grader instead.
LEARNERS_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command, cwd):
    """(wall seconds, CPU seconds of the command and of every process it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=LEARNERS_ENV)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        sys.exit(f"{command} failed: {completed.stderr.decode()[-2000:]}")
    return elapsed, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def make_course(folder, kind):
    grade = Path(sys.executable).with_name("grade")
    if kind == "release":
        subprocess.run([str(grade), "release", "--all-at-once", "--out", str(folder)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return folder
    return copy_course(folder)


def change(course, challenges, round_number):
    for challenge in challenges:
        own = course / "solutions" / challenge / "main.py"     # a released course has none: this checkout's then
        text = (own if own.is_file() else solution(challenge)).read_text(encoding="utf-8")
        (course / "challenges" / challenge / "main.py").write_text(f"{text}\n# round {round_number}\n",
                                                                   encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument("--course", choices=("checkout", "release"), default="checkout")
    parser.add_argument("--baseline-grader", type=Path, help="a checkout of the grader to compare with")
    parser.add_argument("--baseline-course", choices=("this", "own"), default="this",
                        help="the course the baseline grader grades: this checkout's, or its own checkout's")
    args = parser.parse_args()
    changed = COURSE_ORDER[:args.changed]

    grade = Path(sys.executable).with_name("grade")
    commands = {"python -c 'import numpy'": [sys.executable, "-c", "import numpy"], "grade list": [str(grade), "list"]}
    if args.baseline_grader:
        commands["baseline grade list"] = [sys.executable, "-c", CHECKOUT_BOOTSTRAP,
                                           str(args.baseline_grader.resolve()), "list"]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as scratch:
        courses = {name: make_course(Path(scratch) / f"course-{number}", args.course)
                   for number, name in enumerate(commands)}
        if args.baseline_grader and args.baseline_course == "own":
            courses["baseline grade list"] = course_of(args.baseline_grader, Path(scratch) / "baseline-own")
        times = {name: [] for name in commands}
        cpu = {name: [] for name in commands}
        for number in ["warm-up", *range(args.rounds)]:   # the warm-up fills the file and bytecode caches
            for name, command in commands.items():
                change(courses[name], changed, number)
                took, used = timed(command, courses[name])
                if number != "warm-up":
                    times[name].append(took)
                    cpu[name].append(used)

    floor = times["python -c 'import numpy'"]
    print(f"rounds: {args.rounds}, course: {args.course}, changed: {len(changed)} ({', '.join(changed)})")
    processors = len(os.sched_getaffinity(0))
    for name, took in times.items():
        ratio = statistics.median(value / base for value, base in zip(took, floor))
        used = statistics.median(cpu[name])
        print(f"{name:26}median {statistics.median(took):.3f} s, ratio (median of per-round ratios) {ratio:.2f}; "
              f"CPU {used:.3f} s, over {processors} processors {used / processors:.3f} s")
    print("load average before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}".format(*load_before,
                                                                                       *os.getloadavg()))


if __name__ == "__main__":
    main()
