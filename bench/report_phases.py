"""Where the wall time of a cold `grade report` goes: reading the roster, grading, writing the pages.

    python bench/report_phases.py [--learners 200] [--jobs 2] [--repeat 3]

Builds the class of bench/report_throughput.py (every file distinct), then runs `grade report` in this
process with its three phases timed: reading and staging the roster (the grading processes start
meanwhile), grading (from the first job sent to the last answer), and writing the pages and gradebooks.
It prints each run's phases and the grading phase's own rate, which is what the grading processes
achieve once they have work: the whole command's rate (report_throughput.py) is lower by the phases
before and after it.
"""
import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from classroom import SEED  # noqa: E402
from report_throughput import build_roster  # noqa: E402


def timed_report(roster, out, jobs):
    """{phase: seconds} of one `grade report` run in this process."""
    from grader.classroom import pages, report
    from grader.cli.main import main
    from grader.judge.pool import GradingPool

    marks = {}
    started = time.perf_counter()
    read_roster, grade_all, write_all = report.read_roster, GradingPool.grade_all, pages.write_all

    def timed_read(*args, **kwargs):
        yield from read_roster(*args, **kwargs)
        marks["roster read"] = time.perf_counter()

    def timed_grading(self, *args, **kwargs):
        marks["grading started"] = time.perf_counter()
        yield from grade_all(self, *args, **kwargs)
        marks["grading ended"] = time.perf_counter()

    def timed_pages(*args, **kwargs):
        marks["pages started"] = time.perf_counter()
        try:
            return write_all(*args, **kwargs)
        finally:
            marks["pages ended"] = time.perf_counter()

    report.read_roster, GradingPool.grade_all, pages.write_all = timed_read, timed_grading, timed_pages
    arguments = ["report", str(roster), "--out", str(out), "-j", str(jobs), "--fresh",
                 *[argument for challenge in SEED for argument in ("--challenge", challenge)]]
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main.main(arguments, prog_name="grade", standalone_mode=False)
    finally:
        report.read_roster, GradingPool.grade_all, pages.write_all = read_roster, grade_all, write_all
    ended = time.perf_counter()
    return {"start and roster": marks["roster read"] - started,
            "until grading": marks["grading started"] - marks["roster read"],
            "grading": marks["grading ended"] - marks["grading started"],
            "until pages": marks["pages started"] - marks["grading ended"],
            "pages": marks["pages ended"] - marks["pages started"],
            "end": ended - marks["pages ended"], "whole": ended - started}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    gradings = args.learners * len(SEED)
    with tempfile.TemporaryDirectory() as scratch:
        roster = Path(scratch) / "roster"
        build_roster(roster, args.learners)
        for run in range(args.repeat):
            phases = timed_report(roster, Path(scratch) / f"out-{run}", args.jobs)
            shown = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items())
            print(f"{args.learners} learners x {len(SEED)} challenges, -j {args.jobs}: {shown}; grading phase "
                  f"{gradings / phases['grading']:.1f} gradings/s, whole command {gradings / phases['whole']:.1f}")


if __name__ == "__main__":
    main()
