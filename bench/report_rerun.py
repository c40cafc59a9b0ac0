"""`grade report` run again: with nothing changed, and with one learner's file changed, against the cold run.

    python bench/report_rerun.py [--learners 1000] [--also 200] [--jobs 2] [--rounds 5]

For each class size (--also, then --learners) it builds the roster as
bench/report_throughput.py does (every file distinct), waits until its files are older
than a report trusts unchanged times to be (2 s), grades it cold into a new folder, then
alternates `python -c "import numpy"` with a re-run that has nothing to grade, and then
with a re-run after one learner's main.py changed (a different learner each round). It
prints the medians, the one-changed re-run as a share of the cold run, the peak memory of
`grade report` and the processes it waited for, and the load average.
"""
import argparse
import os
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
from report_throughput import SEED, build_roster  # noqa: E402

RACY_SECONDS = 2.0


def run_report(roster, out, jobs):
    """(seconds, peak memory in MiB of grade report and of every process it waited for, its stderr)."""
    grade = Path(sys.executable).with_name("grade")
    command = [str(grade), "report", str(roster), "--out", str(out), "-j", str(jobs),
               *[argument for challenge in SEED for argument in ("--challenge", challenge)]]
    with tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr, text=True)
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


def measure(scratch, learners, jobs, rounds):
    roster, out = scratch / f"roster-{learners}", scratch / f"out-{learners}"
    build_roster(roster, learners)
    time.sleep(RACY_SECONDS + 0.1)
    numpy = [sys.executable, "-c", "import numpy"]
    cold, cold_memory, _ = run_report(roster, out, jobs)
    run_report(roster, out, jobs)   # the run after the cold one: the page cache and the bytecode cache are warm
    baselines, unchanged, changed, memory = [], [], [], 0.0
    for number in range(rounds):
        baselines.append(timed(numpy))
        seconds, peak, stderr = run_report(roster, out, jobs)
        assert " 0 graded now" in stderr, stderr
        unchanged.append(seconds)
        memory = max(memory, peak)
    for number in range(rounds):
        change_one(roster, 2 * number + 1, number)
        baselines.append(timed(numpy))
        seconds, peak, stderr = run_report(roster, out, jobs)
        assert " 1 graded now" in stderr and "1 learners' pages written" in stderr, stderr
        changed.append(seconds)
        memory = max(memory, peak)
    return {"cold": cold, "cold_memory": cold_memory, "unchanged": statistics.median(unchanged),
            "changed": statistics.median(changed), "baseline": statistics.median(baselines), "memory": memory}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--also", type=int, default=200, help="a smaller class, to compare memory")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()
    figures = {}
    with tempfile.TemporaryDirectory() as scratch:
        for learners in (args.also, args.learners):
            figures[learners] = measure(Path(scratch), learners, args.jobs, args.rounds)
    for learners, figure in figures.items():
        print(f"{learners} learners x {len(SEED)} challenges, -j {args.jobs}:")
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
