"""`grade report` run again: with nothing changed, and with one learner's file changed, against the cold run.

    python bench/report_rerun.py [--learners 1000] [--also 200] [--jobs 2] [--rounds 5] [--baseline-grader DIR]
                                 [--baseline-course this|own]

For each class size (--also, then --learners) it builds the roster as
bench/report_throughput.py does (every file distinct), waits until its files are older
than a report trusts unchanged times to be (2 s), grades it cold into a new folder, then
alternates `python -c "import numpy"` with a re-run that has nothing to grade, and then
with a re-run after one learner's main.py changed (a different learner each round). It
prints the medians, the one-changed re-run as a share of the cold run, the peak memory of
`grade report` and the processes it waited for, and the load average. With --baseline-grader (another
checkout of the grader, say `git archive main | tar -x -C /tmp/base`), that checkout grades the same
rosters into folders of its own, each of its runs right after the same run of this checkout: in this checkout's
course, or with --baseline-course own in that checkout's, whose specs may need the grader of their own commit.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from helpers import stub  # noqa: E402
from grade_latency import CHECKOUT_BOOTSTRAP  # noqa: E402
from report_throughput import SEED, build_roster  # noqa: E402

RACY_SECONDS = 2.0


def run_report(roster, out, jobs, checkout=None, course=ROOT):
    """(seconds, peak memory in MiB of grade report and of every process it waited for, its stderr), graded in the
    course at `course`."""
    grade = [str(Path(sys.executable).with_name("grade"))]
    if checkout is not None:
        grade = [sys.executable, "-c", CHECKOUT_BOOTSTRAP, str(Path(checkout).resolve())]
    command = [*grade, "report", str(roster), "--out", str(out), "-j", str(jobs),
               *[argument for challenge in SEED for argument in ("--challenge", challenge)]]
    with tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=course, stdout=subprocess.DEVNULL, stderr=stderr, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        text = stderr.read()
    if process.returncode != 0:
        sys.exit(f"grade report failed:\n{text[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, text


def timed(command):
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def change_one(roster, number, round_number):
    """Put the stub back into one main.py of a learner kept as a folder (odd numbers; even ones are .zip files):
    a new file whose result differs, so the learner's page changes too."""
    challenge = SEED[round_number % len(SEED)]
    path = roster / f"learner-{number:04d}" / "challenges" / challenge / "main.py"
    path.write_text(stub(challenge).read_text() + f"# changed in round {round_number}\n")


def measure(scratch, learners, jobs, rounds, checkouts=(None,), own_course=False):
    """The figures of each checkout (None: this one), graded into folders of their own from one roster, each in this
    checkout's course or (`own_course`) in its own."""
    roster = scratch / f"roster-{learners}"
    outs = [scratch / f"out-{learners}-{number}" for number in range(len(checkouts))]
    build_roster(roster, learners)
    time.sleep(RACY_SECONDS + 0.1)
    numpy = [sys.executable, "-c", "import numpy"]
    figures = [{"unchanged": [], "changed": [], "memory": 0.0} for _ in checkouts]
    courses = [checkout if checkout is not None and own_course else ROOT for checkout in checkouts]
    for figure, out, checkout, course in zip(figures, outs, checkouts, courses):
        figure["cold"], figure["cold_memory"], _ = run_report(roster, out, jobs, checkout, course)
        run_report(roster, out, jobs, checkout, course)   # after the cold run: the page and bytecode caches are warm
    baselines = []
    for round_number in range(2 * rounds):
        if round_number >= rounds:
            change_one(roster, 2 * (round_number - rounds) + 1, round_number - rounds)
        baselines.append(timed(numpy))
        for figure, out, checkout, course in zip(figures, outs, checkouts, courses):
            seconds, peak, stderr = run_report(roster, out, jobs, checkout, course)
            if round_number < rounds:
                assert " 0 graded now" in stderr, stderr
            else:
                assert " 1 graded now" in stderr and re.search(r"\b1 learner(s'|'s) pages written", stderr), stderr
            figure["unchanged" if round_number < rounds else "changed"].append(seconds)
            figure["memory"] = max(figure["memory"], peak)
    for figure in figures:
        figure.update(unchanged=statistics.median(figure["unchanged"]), changed=statistics.median(figure["changed"]),
                      baseline=statistics.median(baselines))
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--also", type=int, default=200, help="a smaller class, to compare memory (0: none)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline-grader", type=Path, help="a checkout of the grader to compare with")
    parser.add_argument("--baseline-course", choices=("this", "own"), default="this",
                        help="grade the baseline in this checkout's course, or in the baseline checkout's own")
    args = parser.parse_args()
    load_before = os.getloadavg()
    checkouts = (None, args.baseline_grader) if args.baseline_grader else (None,)
    figures = []
    with tempfile.TemporaryDirectory() as scratch:
        for learners in [size for size in (args.also, args.learners) if size > 0]:
            for label, figure in zip(("", "baseline grader: "), measure(Path(scratch), learners, args.jobs,
                                                                       args.rounds, checkouts,
                                                                       args.baseline_course == "own")):
                figures.append((label, learners, figure))
    for label, learners, figure in figures:
        print(f"{label}{learners} learners x {len(SEED)} challenges, -j {args.jobs}:")
        print(f"  cold {figure['cold']:.1f} s (peak memory of grade report or a process it waited for: "
              f"{figure['cold_memory']:.0f} MiB)")
        print(f"  re-run, nothing changed: median {figure['unchanged']:.2f} s "
              f"(python -c 'import numpy': median {figure['baseline']:.3f} s)")
        print(f"  re-run, one learner's file changed: median {figure['changed']:.2f} s = "
              f"{100 * figure['changed'] / figure['cold']:.1f}% of the cold run")
        print(f"  peak memory of the re-runs (grade report or a process it waited for): {figure['memory']:.0f} MiB")
    print("load average before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}".format(*load_before,
                                                                                       *os.getloadavg()))


if __name__ == "__main__":
    main()
