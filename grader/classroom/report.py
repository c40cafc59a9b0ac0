"""`grade report`: grade a whole roster and write the class's reports.

Reads the roster (grader.classroom.roster), grades what the gradebook does not know yet
over warm grading processes (grader.judge.pool), and writes the views of
grader.classroom.pages from the gradebook, one learner at a time.
"""
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from grader.classroom import pages
from grader.classroom.gradebook import FILE_NAME, Gradebook
from grader.course import checks_version
from grader.judge.pool import GradingPool
from grader.classroom.downloads import RosterError
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
    unlisted: list = field(default_factory=list)    # entries that match nobody on the class list
    missing: list = field(default_factory=list)     # people on the class list with no entry
    pages_written: int = 0      # learners' pages written (the others had not changed)
    seconds: float = 0.0
    similar_pairs: int | None = None    # pairs worth a look, when similarity was asked for
    similarity_seconds: float = 0.0


def make_report(root, roster, out, challenges, processes=2, fresh=False, progress=None, similarity=False,
                class_list=None, learner=None, gradebooks=()):
    """Grade `roster` into the folder `out`; `progress` is told of each grading done. Returns a Summary.

    With `similarity`, also compare every pair of learners' submissions (grader.classroom.similarity).
    `class_list` (grader.classroom.identity.ClassList) names the learners; `learner` grades only
    the learners it names, afresh; `gradebooks` adds LMS-importable CSVs ("canvas", "moodle").
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
        try:
            for position, entry in enumerate(read_roster(roster, challenges, staging, class_list)):
                learners.append(entry)
                book.add_learner(position, entry)
                summary.learners += 1
                summary.learner_problems += bool(entry.problem)
                summary.submissions += sum(1 for submission in entry.submissions if submission.path)
                if entry.identity.get("listed") is False:
                    summary.unlisted.append(entry.entry)
                elif entry.identity.get("listed") and not entry.entry:
                    summary.missing.append(entry.name)
        except RosterError as exc:
            raise ReportError(str(exc)) from None
        positions, pending = None, ""
        if learner is not None:
            positions = book.positions_of(learner)
            if not positions:
                raise ReportError(f"No learner in {roster} is called {learner!r}: give a learner's name, entry, "
                                  "e-mail or id as grades.csv shows it.")
            book.forget_learners(positions)
            pending = (f"not graded yet: this run graded only {learner}; run grade report again without "
                       "--learner to grade it.")
        jobs = book.to_grade(versions, positions)
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
        summary.pages_written = pages.write_all(out, challenges, book.learners(versions, pending), book,
                                                gradebooks=gradebooks, similarity=similarity)
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
