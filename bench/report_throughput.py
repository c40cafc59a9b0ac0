"""Cold throughput of `grade report`: a class of learners × the five seed challenges, no gradebook reuse.

    python bench/report_throughput.py [--learners 200] [--jobs 2] [--also 50] [--baseline-grader DIR] [--repeat 1]
                                      [--baseline-course this|own]

Every learner's files are distinct (solutions, planted mistakes and stubs,
each tagged with the learner's name), so no result is shared between learners.
In the same run it measures `python -c "import numpy"` and one single-challenge
`grade` for scale, and the peak memory of the `grade report` process and of its
grading processes, at --learners and at --also learners, to show that memory
does not grow with the class. With --baseline-grader (another checkout of the
grader, say `git archive main | tar -x -C /tmp/base`), that checkout grades the
same classes in the same rounds, first in every other round, for comparison under
the same machine load: in this checkout's course, or with --baseline-course own in that checkout's, whose
specs may need the grader of their own commit. The
issue's target: at least 150 gradings/s for 200 learners at the default -j.
"""
import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from classroom import SEED, write_learner  # noqa: E402
from helpers import solution, stub  # noqa: E402
from planted_mistakes import PLANTED  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from grade_latency import CHECKOUT_BOOTSTRAP, load_average  # noqa: E402


def class_sources(learners):
    """(learner's name, {challenge: main.py's text}) of each learner of the class: 60% solved, 30% one planted
    mistake, 10% untouched stubs; every file distinct."""
    chooser = random.Random(0)
    planted = [entry for entry in PLANTED if entry[0] in SEED]
    for number in range(learners):
        name = f"learner-{number:04d}"
        sources = {challenge: solution(challenge).read_text() for challenge in SEED}
        kind = chooser.random()
        if kind < 0.1:
            sources = {challenge: stub(challenge).read_text() for challenge in SEED}
        elif kind < 0.4:
            challenge, replacements = chooser.choice(planted)[:2]
            for old, new in replacements:
                sources[challenge] = sources[challenge].replace(old, new, 1)
        yield name, {challenge: f"{source}\n# {name}\n" for challenge, source in sources.items()}


def build_roster(folder, learners):
    """The class of class_sources, half of its learners as .zip files."""
    for number, (name, sources) in enumerate(class_sources(learners)):
        files = {f"challenges/{challenge}/main.py": source.encode() for challenge, source in sources.items()}
        write_learner(folder, name, files, as_zip=number % 2 == 0)


def peak_memory_mb(pid):
    """VmHWM of the process and of its children, from /proc, in MiB: (its own, the largest child's)."""
    def hwm(process):
        try:
            text = Path(f"/proc/{process}/status").read_text()
        except OSError:
            return 0
        found = re.search(r"VmHWM:\s+(\d+) kB", text)
        return int(found.group(1)) / 1024 if found else 0

    children = []
    try:
        children = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    return hwm(pid), max([hwm(child) for child in children] or [0])


def run_report(roster, out, jobs, checkout=None, course=ROOT):
    grade = [str(Path(sys.executable).with_name("grade"))]
    if checkout is not None:
        grade = [sys.executable, "-c", CHECKOUT_BOOTSTRAP, str(Path(checkout).resolve())]
    command = [*grade, "report", str(roster), "--out", str(out), "-j", str(jobs), "--fresh",
               *[argument for challenge in SEED for argument in ("--challenge", challenge)]]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=course, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    own = children = 0.0
    while process.poll() is None:
        sample = peak_memory_mb(process.pid)
        own, children = max(own, sample[0]), max(children, sample[1])
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read()
    if process.returncode != 0:
        sys.exit(f"grade report failed:\n{stderr}")
    graded = int(re.search(r"(\d+) graded now", stderr).group(1))
    return elapsed, graded, own, children


def _median_run(runs):
    """The run of median speed among (elapsed, graded, own memory, children's memory) runs; peak memory of all."""
    ordered = sorted(runs, key=lambda run: run[1] / run[0])
    elapsed, graded, _, _ = ordered[len(ordered) // 2]
    return elapsed, graded, max(run[2] for run in runs), max(run[3] for run in runs)


def timed(command):
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--also", type=int, default=50, help="a smaller class, to compare memory (0: none)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--baseline-grader", type=Path, help="a checkout of the grader to compare with")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command; the median run is shown")
    parser.add_argument("--baseline-course", choices=("this", "own"), default="this",
                        help="grade the baseline in this checkout's course, or in the baseline checkout's own")
    args = parser.parse_args()

    print(f"load average before: {load_average()}")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        figures, baselines = {}, {}
        for learners in sorted({args.also, args.learners} - {0}):
            roster = scratch / f"roster-{learners}"
            build_roster(roster, learners)
            runs, base_runs = [], []
            for round_number in range(args.repeat):
                graders = [(runs, f"out-{learners}-{round_number}", None)]
                if args.baseline_grader:
                    graders.append((base_runs, f"base-{learners}-{round_number}", args.baseline_grader))
                # Alternated, so both see the same load, and each goes first in every other round: the second of
                # two runs in a row was seen to go up to 8% faster than the first, whichever grader it was.
                if round_number % 2:
                    graders.reverse()
                for kept, folder, checkout in graders:
                    course = checkout if checkout is not None and args.baseline_course == "own" else ROOT
                    kept.append(run_report(roster, scratch / folder, args.jobs, checkout, course))
            figures[learners] = _median_run(runs)
            if base_runs:
                baselines[learners] = _median_run(base_runs)

    grade = Path(sys.executable).with_name("grade")
    single = [str(grade), SEED[4], "--submission", str(solution(SEED[4])), "--json"]
    numpy = [sys.executable, "-c", "import numpy"]
    timed(single), timed(numpy)
    singles = [timed(single) for _ in range(7)]
    floors = [timed(numpy) for _ in range(7)]

    for label, runs in (("", figures), ("baseline grader: ", baselines)):
        for learners, (elapsed, graded, own, children) in runs.items():
            print(f"{label}{learners} learners x {len(SEED)} challenges, -j {args.jobs}: {graded} gradings in "
                  f"{elapsed:.1f} s = {graded / elapsed:.1f} gradings/s (whole command, start-up included); "
                  f"peak memory: grade report {own:.0f} MiB, largest grading process {children:.0f} MiB")
    print(f"single grade {SEED[4]} --json: median {statistics.median(singles):.3f} s "
          f"(python -c 'import numpy': {statistics.median(floors):.3f} s); load average after: {load_average()}")


if __name__ == "__main__":
    main()
