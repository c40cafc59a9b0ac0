"""Latency of one `grade` run, against `python -c "import numpy"` measured in the same rounds.

    python bench/grade_latency.py [--rounds 21] [--challenge challenge_5_backprop]

Rounds alternate the baseline and the grade run, so both see the same machine load;
it prints both medians and the median of the per-round ratios.
"""
import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command):
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        sys.exit(f"{command} failed: {completed.stderr.decode()}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--challenge", default="challenge_5_backprop")
    args = parser.parse_args()

    grade = Path(sys.executable).with_name("grade")
    submission = ROOT / "solutions" / args.challenge / "main.py"
    baseline_command = [sys.executable, "-c", "import numpy"]
    grade_command = [str(grade), args.challenge, "--submission", str(submission), "--json"]
    for command in (baseline_command, grade_command):  # warm the file cache
        timed(command)

    baselines, grades, ratios = [], [], []
    for _ in range(args.rounds):
        baseline, graded = timed(baseline_command), timed(grade_command)
        baselines.append(baseline)
        grades.append(graded)
        ratios.append(graded / baseline)

    print(f"rounds: {args.rounds}")
    print(f"python -c 'import numpy'  median {statistics.median(baselines):.3f} s")
    print(f"grade {args.challenge} --json  median {statistics.median(grades):.3f} s")
    print(f"ratio (median of per-round ratios): {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
