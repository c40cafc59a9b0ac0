"""The class gradebook: every result kept in SQLite, keyed by what decides it.

A result is stored under (challenge, the submission's content, the spec
version). The spec version (grader.course.checks_version) changes whenever
the challenge's checks, the reference or the grader change, so a second `grade report` re-grades only
late submissions and what a fixed spec judges differently.

The current run's plan (which learner submitted what) is a table too, so
that writing the reports never needs the whole class in memory.
"""
import json
import sqlite3
import time
from pathlib import Path


FILE_NAME = "gradebook.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    challenge TEXT NOT NULL, content TEXT NOT NULL, spec_version TEXT NOT NULL,
    result TEXT NOT NULL, graded_at TEXT NOT NULL,
    PRIMARY KEY (challenge, content, spec_version));
CREATE TABLE IF NOT EXISTS run (
    position INTEGER NOT NULL, learner TEXT NOT NULL, entry TEXT NOT NULL, learner_problem TEXT NOT NULL,
    challenge TEXT NOT NULL, origin TEXT NOT NULL, path TEXT NOT NULL, content TEXT NOT NULL,
    problem TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS failures (
    challenge TEXT NOT NULL, content TEXT NOT NULL, problem TEXT NOT NULL,
    PRIMARY KEY (challenge, content));
"""


class Gradebook:
    def __init__(self, folder):
        self.path = Path(folder) / FILE_NAME
        try:
            self.db = sqlite3.connect(self.path)
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise GradebookError(f"{self.path} is not a gradebook this version can read ({exc}). "
                                 "Move it away and run again: a new gradebook is started.") from None

    def close(self):
        self.db.commit()
        self.db.close()

    def forget_results(self):
        """--fresh: every submission is graded again."""
        self.db.execute("DELETE FROM results")
        self.db.commit()

    # --- the run's plan ---------------------------------------------------------

    def begin_run(self):
        self.db.execute("DELETE FROM run")
        self.db.execute("DELETE FROM failures")

    def add_learner(self, position, learner):
        self.db.executemany(
            "INSERT INTO run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(position, learner.name, learner.entry, learner.problem, submission.challenge, submission.origin,
              str(submission.path or ""), submission.content, submission.problem)
             for submission in learner.submissions])

    def to_grade(self, versions):
        """One job per distinct submission that has no result under its challenge's spec version."""
        self.db.commit()
        rows = self.db.execute(
            "SELECT challenge, content, MIN(path) FROM run WHERE content != '' GROUP BY challenge, content "
            "ORDER BY MIN(position), challenge").fetchall()
        return [{"challenge": challenge, "content": content, "submission": path}
                for challenge, content, path in rows if not self._known(challenge, content, versions[challenge])]

    def _known(self, challenge, content, version):
        return self.db.execute("SELECT 1 FROM results WHERE challenge = ? AND content = ? AND spec_version = ?",
                               (challenge, content, version)).fetchone() is not None

    # --- results -------------------------------------------------------------------

    def store(self, challenge, content, version, result):
        result = dict(result, submission="")   # the staged path means nothing later
        self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)",
                        (challenge, content, version, json.dumps(result, allow_nan=False),
                         time.strftime("%Y-%m-%dT%H:%M:%S")))
        self.db.commit()

    def store_failure(self, challenge, content, problem):
        self.db.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?)", (challenge, content, problem))
        self.db.commit()

    def result(self, challenge, content, version):
        row = self.db.execute("SELECT result FROM results WHERE challenge = ? AND content = ? AND spec_version = ?",
                              (challenge, content, version)).fetchone()
        return json.loads(row[0]) if row else None

    def learners(self, versions):
        """Yield each learner of the run, in roster order: (name, entry, problem, [entry per challenge]).

        An entry is {challenge, origin, result} or {challenge, origin, problem}.
        """
        rows = self.db.execute("SELECT position, learner, entry, learner_problem, challenge, origin, content, "
                               "problem FROM run ORDER BY position, rowid")
        current, entries = None, []
        for position, learner, entry, learner_problem, challenge, origin, content, problem in rows:
            if current is not None and current[0] != position:
                yield (*current[1:], entries)
                entries = []
            current = (position, learner, entry, learner_problem)
            item = {"challenge": challenge, "origin": origin}
            if problem:
                item["problem"] = problem
            else:
                result = self.result(challenge, content, versions[challenge])
                if result is None:
                    item["problem"] = self._failure(challenge, content)
                else:
                    item["result"] = dict(result, submission=origin)
            entries.append(item)
        if current is not None:
            yield (*current[1:], entries)

    def _failure(self, challenge, content):
        row = self.db.execute("SELECT problem FROM failures WHERE challenge = ? AND content = ?",
                              (challenge, content)).fetchone()
        return row[0] if row else "not graded: the run was interrupted before this submission was graded."


class GradebookError(Exception):
    """The gradebook file cannot be used."""
