"""Mutation score of every challenge's checks, and the wall time of `grade dev mutate` on each.

    python bench/mutation_score.py [--jobs 2] [--challenge 5 ...] [--baseline-grader DIR] [--baseline-course this|own]

Runs `grade dev mutate CHALLENGE --json` once per challenge, as a maintainer
would, and prints mutants, killed, equivalent, survived, the score (killed
over non-equivalent mutants) and the command's wall time, start-up included.
`python -c "import numpy"` is measured in the same run, for scale. The
course's targets (at least 15 mutants and a score of at least 95% for every
challenge) are marked; the exit status is 1 when a challenge misses one.
With --baseline-grader (another checkout of the grader), that checkout runs
the same command right after each, for comparison under the same load (in this
checkout's course, or with --baseline-course own in that checkout's); the
issue's target for one challenge is under 60 s.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from grade_latency import CHECKOUT_BOOTSTRAP, load_average  # noqa: E402

MIN_MUTANTS, MIN_SCORE = 15, 0.95


def timed(command, cwd=ROOT):
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - started, completed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="grading processes per challenge (-j)")
    parser.add_argument("--challenge", action="append", help="only these challenges (repeatable)")
    parser.add_argument("--baseline-grader", type=Path, help="a checkout of the grader to compare with")
    parser.add_argument("--baseline-course", choices=("this", "own"), default="this",
                        help="mutate in this checkout's course, or in the baseline checkout's own")
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    sys.path.insert(0, str(ROOT))
    from grader.course import load_challenges, resolve

    challenges = load_challenges(ROOT)
    if args.challenge:
        challenges = [resolve(query, challenges) for query in args.challenge]
    grade = Path(sys.executable).with_name("grade")
    numpy = [sys.executable, "-c", "import numpy"]
    timed(numpy)
    baselines = []

    print(f"{'challenge':36} {'mutants':>7} {'killed':>6} {'equiv':>5} {'survived':>8} {'score':>7} {'wall s':>7}")
    missed, total_seconds = [], 0.0
    for challenge in challenges:
        baselines.append(timed(numpy)[0])
        seconds, completed = timed([str(grade), "dev", "mutate", challenge.name, "--json", "-j", str(args.jobs)])
        if completed.returncode not in (0, 1):
            sys.exit(f"grade dev mutate {challenge.name} failed:\n{completed.stderr}")
        document = json.loads(completed.stdout)
        total_seconds += seconds
        score = document["score"]
        below = document["mutants"] < MIN_MUTANTS or score < MIN_SCORE
        if below:
            missed.append(challenge.name)
        print(f"{challenge.name:36} {document['mutants']:>7} {document['killed']:>6} {len(document['equivalent']):>5} "
              f"{len(document['survived']):>8} {100 * score:>6.1f}% {seconds:>7.1f}{'  below target' if below else ''}")
        if args.baseline_grader:
            course = args.baseline_grader if args.baseline_course == "own" else ROOT
            before, _ = timed([sys.executable, "-c", CHECKOUT_BOOTSTRAP, str(args.baseline_grader.resolve()),
                               "dev", "mutate", challenge.name, "--json", "-j", str(args.jobs)], cwd=course)
            print(f"{'  the baseline grader, same command':36} {'':>7} {'':>6} {'':>5} {'':>8} {'':>7} {before:>7.1f}")
    print(f"all challenges: {total_seconds:.1f} s with -j {args.jobs}; "
          f"python -c 'import numpy': median {statistics.median(baselines):.3f} s; "
          f"load average after: {load_average()}")
    if missed:
        print(f"below {MIN_MUTANTS} mutants or {100 * MIN_SCORE:.0f}% killed: {', '.join(missed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
