"""Latency of one `grade` run, against `python -c "import numpy"` measured in the same rounds.

    python bench/grade_latency.py [--rounds 21] [--challenge challenge_5_backprop]

Rounds alternate the baseline and the grade run, so both see the same machine load;
it prints both medians and the median of the per-round ratios.

Both commands run with Python's bytecode cache on, as on a learner's machine after
the first run: an inherited PYTHONDONTWRITEBYTECODE would make every grade run
compile the grader again (about 40 ms) while NumPy's bytecode is precompiled.
Pass --no-bytecode-cache to measure that case too.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command, env=None):
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        sys.exit(f"{command} failed: {completed.stderr.decode()}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--challenge", default="challenge_5_backprop")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="run both commands with PYTHONDONTWRITEBYTECODE=1")
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.no_bytecode_cache:
        env["PYTHONDONTWRITEBYTECODE"] = "1"

    grade = Path(sys.executable).with_name("grade")
    submission = ROOT / "solutions" / args.challenge / "main.py"
    baseline_command = [sys.executable, "-c", "import numpy"]
    grade_command = [str(grade), args.challenge, "--submission", str(submission), "--json"]
    for command in (baseline_command, grade_command):  # warm the file cache (and the bytecode cache)
        timed(command, env)

    baselines, grades, ratios = [], [], []
    for _ in range(args.rounds):
        baseline, graded = timed(baseline_command, env), timed(grade_command, env)
        baselines.append(baseline)
        grades.append(graded)
        ratios.append(graded / baseline)

    print(f"rounds: {args.rounds}, bytecode cache {'off' if args.no_bytecode_cache else 'on'}")
    print(f"python -c 'import numpy'  median {statistics.median(baselines):.3f} s")
    print(f"grade {args.challenge} --json  median {statistics.median(grades):.3f} s")
    print(f"ratio (median of per-round ratios): {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
