"""`grade report`: grade a whole roster and write the class's reports.

Reads the roster (grader.classroom.roster), grades what the gradebook does not know yet
over warm grading processes (grader.judge.pool), and writes the views of
grader.classroom.pages from the gradebook, one learner at a time.
"""
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from grader.classroom import pages
from grader.classroom.gradebook import FILE_NAME, Gradebook
from grader.course import checks_version
from grader.judge.pool import GradingPool
from grader.classroom.roster import read_roster
from grader.classroom.similarity import WORTH_A_LOOK, compare_class, require_copydetect, write_similarity

STAGING = ".staging"


class ReportError(Exception):
    """The report cannot be made at all (as opposed to a learner whose entry has a problem)."""


@dataclass
class Summary:
    learners: int = 0
    submissions: int = 0        # gradable submissions in the roster
    graded: int = 0             # of which graded in this run (the rest came from the gradebook)
    grading_failures: int = 0   # the grader could not grade them; their entries say why
    learner_problems: int = 0   # learners whose whole entry was refused
    seconds: float = 0.0
    similar_pairs: int | None = None    # pairs worth a look, when similarity was asked for
    similarity_seconds: float = 0.0


def make_report(root, roster, out, challenges, processes=2, fresh=False, progress=None, similarity=False):
    """Grade `roster` into the folder `out`; `progress(n)` is told of each grading done. Returns a Summary.

    With `similarity`, also compare every pair of learners' submissions (grader.classroom.similarity).
    """
    started = time.monotonic()
    roster, out = Path(roster).resolve(), Path(out).resolve()
    if out == roster or roster in out.parents:
        raise ReportError(f"--out {out} lies inside the roster; choose a folder outside it, so the reports "
                          "are not read as a learner's entry next time.")
    if out in roster.parents:
        raise ReportError(f"--out {out} holds the roster; choose a folder of its own for the reports.")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / FILE_NAME).is_file())):
        raise ReportError(f"{out} already holds other files; choose a new folder for the report (or the folder "
                          "of an earlier report, to reuse its gradebook).")
    if similarity:
        require_copydetect()
    out.mkdir(parents=True, exist_ok=True)
    staging = out / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    book = Gradebook(out)
    summary = Summary()
    try:
        if fresh:
            book.forget_results()
        versions = {challenge.name: checks_version(challenge) for challenge in challenges}
        book.begin_run()
        learners = []
        for position, learner in enumerate(read_roster(roster, challenges, staging)):
            learners.append(learner)
            book.add_learner(position, learner)
            summary.learners += 1
            summary.learner_problems += bool(learner.problem)
            summary.submissions += sum(1 for submission in learner.submissions if submission.path)
        jobs = book.to_grade(versions)
        if progress:
            progress.start(len(jobs))
        pool = GradingPool(root, processes)
        for job, answer in pool.grade_all(dict(job, id=number) for number, job in enumerate(jobs)):
            if "result" in answer:
                book.store(job["challenge"], job["content"], versions[job["challenge"]], answer["result"])
                summary.graded += 1
            else:
                book.store_failure(job["challenge"], job["content"], f"not graded: {answer['problem']}")
                summary.grading_failures += 1
            if progress:
                progress.advance()
        pages.write_all(out, challenges, book.learners(versions), similarity=similarity)
        if similarity:
            compared = time.monotonic()
            pairs = compare_class(root, challenges, learners, processes)
            write_similarity(out, pairs, {challenge.name: challenge.title for challenge in challenges})
            summary.similar_pairs = sum(pair.score >= WORTH_A_LOOK for pair in pairs)
            summary.similarity_seconds = time.monotonic() - compared
    finally:
        book.close()
        shutil.rmtree(staging, ignore_errors=True)
    summary.seconds = time.monotonic() - started
    return summary
