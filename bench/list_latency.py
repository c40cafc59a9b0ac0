"""Latency of `grade list` after ten challenges changed, against `python -c "import numpy"` in the same rounds.

    python bench/list_latency.py [--rounds 9] [--changed 10] [--course checkout|release]

Each round writes the solution of the first --changed challenges in course order into a
copy of the course, each with a new comment so no stored result fits, then times the
baseline and `grade list` one after the other, so both see the same machine load. It
prints both medians, the median of the per-round ratios, and the load average.

--course checkout grades in a copy of this checkout (the reference computes the expected
answers); --course release in the course as `grade release` writes it for learners
(the reference's answers are recorded).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import COURSE_ORDER, copy_course, solution  # noqa: E402


def timed(command, cwd):
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"{command} failed: {completed.stderr.decode()[-2000:]}")
    return elapsed


def make_course(folder, kind):
    grade = Path(sys.executable).with_name("grade")
    if kind == "release":
        subprocess.run([str(grade), "release", "--out", str(folder)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return folder
    return copy_course(folder)


def change(course, challenges, round_number):
    for challenge in challenges:
        text = solution(challenge).read_text(encoding="utf-8")
        (course / "challenges" / challenge / "main.py").write_text(f"{text}\n# round {round_number}\n",
                                                                   encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument("--course", choices=("checkout", "release"), default="checkout")
    args = parser.parse_args()
    changed = COURSE_ORDER[:args.changed]

    grade = Path(sys.executable).with_name("grade")
    baseline_command = [sys.executable, "-c", "import numpy"]
    list_command = [str(grade), "list"]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as scratch:
        course = make_course(Path(scratch) / "course", args.course)
        change(course, changed, "warm-up")   # the file cache and the bytecode cache
        timed(baseline_command, course), timed(list_command, course)
        baselines, lists, ratios = [], [], []
        for number in range(args.rounds):
            change(course, changed, number)
            baseline, listed = timed(baseline_command, course), timed(list_command, course)
            baselines.append(baseline)
            lists.append(listed)
            ratios.append(listed / baseline)
        shutil.rmtree(course / ".nnfs-grade", ignore_errors=True)

    print(f"rounds: {args.rounds}, course: {args.course}, changed: {len(changed)} ({', '.join(changed)})")
    print(f"python -c 'import numpy'  median {statistics.median(baselines):.3f} s")
    print(f"grade list                median {statistics.median(lists):.3f} s")
    print(f"ratio (median of per-round ratios): {statistics.median(ratios):.2f}")
    print("load average before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}".format(*load_before,
                                                                                       *os.getloadavg()))


if __name__ == "__main__":
    main()
