"""The judge's own CPU per grading of each challenge's solution: what its checks and their messages cost.

    python bench/judge_cpu.py [--gradings 8] [--challenge 6 ...] [--checkout DIR] [--profile]

Grades each challenge's solution --gradings times in this process, as one `grade report` grading process does
(grader.judge.batch), its workers forked from a zygote in bubblewrap, and prints this process's CPU per grading:
the checks, the reference's answers copied, the replies decoded. The workers' CPU is not in it (bench/batch_profile.py
and `perf stat` around a report count theirs). A check's cost on right answers is what every learner's `grade N` and
every class grading pays: mistakes that are costly to compute belong in expect.array's function form. --checkout
measures another checkout of the grader in its own course (say `git archive main | tar -x -C /tmp/base`), for a
comparison in the same run; --profile prints the functions of the checks by their own time.
"""
import argparse
import base64
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gradings", type=int, default=8)
    parser.add_argument("--challenge", action="append", help="only these challenges (repeatable)")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the checkout whose grader and course to measure")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    sys.path.insert(0, str(checkout))
    from grader.course import load_challenges, resolve
    from grader.judge.batch import BatchSession
    from grader.limits import ONE_BLAS_THREAD

    # As `grade` runs: NumPy's BLAS threads would otherwise spin on this process's CPU.
    missing = {name: value for name, value in ONE_BLAS_THREAD.items() if os.environ.get(name) != value}
    if missing:
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **missing})
    challenges = load_challenges(checkout)
    if args.challenge:
        challenges = [resolve(query, challenges) for query in args.challenge]
    print(f"{'challenge':44} judge CPU per grading (ms)")
    for challenge in challenges:
        session = BatchSession(checkout, [challenge], iter([]), io.StringIO(), preload=True)
        source = (checkout / "solutions" / challenge.name / "main.py").read_text()

        def job(number):
            text = f"{source}\n# grading {number}\n"   # a new file each time: no answer is reused
            return {"id": str(number), "nonce": "bench", "challenge": challenge.name, "notebook": False,
                    "source": base64.b64encode(text.encode()).decode()}

        session.grade(job(-1))   # the first grading warms what every later one finds ready
        profile = cProfile.Profile() if args.profile else None
        started = time.process_time()
        if profile:
            profile.enable()
        for number in range(args.gradings):
            answer = session.grade(job(number))
            assert "result" in answer, answer
        if profile:
            profile.disable()
        cpu = (time.process_time() - started) / args.gradings
        session.spawner.close()
        print(f"{challenge.name:44} {1000 * cpu:6.1f}", flush=True)
        if profile:
            text = io.StringIO()
            stats = pstats.Stats(profile, stream=text)
            stats.sort_stats("tottime").print_stats(r"spec\.py|expect\.py|mistakes\.py", 8)
            print(text.getvalue().split("\n\n", 2)[-1].strip())


if __name__ == "__main__":
    main()
