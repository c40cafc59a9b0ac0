"""Where one class-grading process spends a job: its own CPU, the worker's, and (with --profile) its functions.

    python bench/batch_profile.py [--learners 40] [--profile]

Builds the jobs of bench/report_throughput.py's class (every file distinct) and serves
them in this process, as one `grade report` grading process does (grader.judge.batch),
its workers forked from a zygote in bubblewrap. It prints the wall time per job and this
process's CPU per job: the rest of a job's wall time is spent waiting for the worker,
whose CPU `perf stat -e task-clock` around this command adds (its zygote is not a child
this process waits for). With --profile, the functions of this process by cumulative
and by own time. `grade report`'s throughput at -j 2 is bounded by the sum of both
processes' CPU per job, shared by this machine's processors.
"""
import argparse
import base64
import cProfile
import io
import json
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from classroom import SEED  # noqa: E402
from report_throughput import class_sources  # noqa: E402


def class_jobs(learners):
    """The job lines of report_throughput.py's class (class_sources), one per learner and challenge."""
    jobs = []
    for _, sources in class_sources(learners):
        for challenge, source in sources.items():
            jobs.append(json.dumps({"id": len(jobs), "challenge": challenge, "nonce": "bench", "notebook": False,
                                    "source": base64.b64encode(source.encode()).decode()}) + "\n")
    return jobs


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    from grader.course import load_challenges
    from grader.judge.batch import BatchSession
    from grader.judge.pool import scratch_folder

    # Each job's folder where `grade report`'s processes make it (their TMPDIR): in memory where the machine allows.
    # On a journaled disk, making and removing it would cost this process half a millisecond a job more than there.
    tempfile.tempdir = scratch_folder()
    jobs = class_jobs(args.learners)
    challenges = [challenge for challenge in load_challenges(ROOT) if challenge.name in SEED]
    started = time.perf_counter()
    session = BatchSession(ROOT, challenges, iter(jobs), io.StringIO(), preload=True)
    print(f"start-up: {time.perf_counter() - started:.2f} s (checks without pytest: {not session.needs_pytest})")
    profile = cProfile.Profile() if args.profile else None
    cpu, started = cpu_seconds(), time.perf_counter()
    if profile:
        profile.enable()
    session.serve_jobs()
    if profile:
        profile.disable()
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(f"{len(jobs)} jobs: {1000 * wall / len(jobs):.1f} ms of wall time per job, of which this process's CPU "
          f"{1000 * cpu / len(jobs):.1f} ms")
    shutil.rmtree(tempfile.tempdir, ignore_errors=True)
    if profile:
        for order in ("cumulative", "tottime"):
            text = io.StringIO()
            pstats.Stats(profile, stream=text).sort_stats(order).print_stats(30)
            print(text.getvalue())


if __name__ == "__main__":
    main()
