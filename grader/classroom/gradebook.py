"""The class gradebook: every result kept in SQLite, keyed by what decides it.

A result is stored under (challenge, the submission's content, the spec
version). The spec version (grader.course.checks_version) changes whenever
the challenge's checks, the reference or the grader change, so a second `grade report` re-grades only
late submissions and what a fixed spec judges differently.

The current run's plan (which learner submitted what) is a table too, so
that writing the reports never needs the whole class in memory. So is the
class list a report was last given, so that a later run names the class alike.
"""
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path


FILE_NAME = "gradebook.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    challenge TEXT NOT NULL, content TEXT NOT NULL, spec_version TEXT NOT NULL,
    result TEXT NOT NULL, graded_at TEXT NOT NULL,
    PRIMARY KEY (challenge, content, spec_version));
CREATE TABLE IF NOT EXISTS failures (
    challenge TEXT NOT NULL, content TEXT NOT NULL, problem TEXT NOT NULL,
    PRIMARY KEY (challenge, content));
CREATE TABLE IF NOT EXISTS pages (
    page TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS views (
    page TEXT PRIMARY KEY, digest TEXT NOT NULL, views TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, reading TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS options (
    name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# The run's plan is made again by every run, so its shape may change between versions.
RUN_SCHEMA = ("DROP TABLE IF EXISTS run", """
CREATE TABLE run (
    position INTEGER NOT NULL, learner TEXT NOT NULL, entry TEXT NOT NULL, learner_problem TEXT NOT NULL,
    identity TEXT NOT NULL, challenge TEXT NOT NULL, origin TEXT NOT NULL, path TEXT NOT NULL,
    content TEXT NOT NULL, problem TEXT NOT NULL, untouched INTEGER NOT NULL, empty INTEGER NOT NULL,
    note TEXT NOT NULL, unread TEXT NOT NULL DEFAULT '')""")
# The identity fields that name a learner, by which --learner finds one.
IDENTIFIERS = ("email", "emails", "sid", "sids", "lms_id", "login", "github", "folder", "entry_name", "participant",
               "submission")


# The identity fields that name one person whatever name a class list gives them.
PERSON_KEYS = ("email", "emails", "sid", "sids", "lms_id", "login", "github")


def person_keys(identity):
    """{(field, value)} of the identity fields that name one person: the same learner in two runs shares one."""
    keys = set()
    for field in PERSON_KEYS:
        value = identity.get(field)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, (str, int)) and str(item):
                keys.add((field.rstrip("s") if field in ("emails", "sids") else field, str(item).casefold()))
    return keys


class Gradebook:
    def __init__(self, folder):
        self.path = Path(folder) / FILE_NAME
        try:
            self.db = sqlite3.connect(self.path)
            # One transaction: each statement of a script would otherwise be a commit, and each commit a wait for
            # the disk (a new gradebook's tables took 60 ms on a busy machine).
            self.db.executescript(f"BEGIN; {SCHEMA} COMMIT;")
        except sqlite3.DatabaseError as exc:
            raise GradebookError(f"{self.path} is not a gradebook this version can read ({exc}). "
                                 "Move it away and run again: a new gradebook is started.") from None

    def close(self):
        if self.db is None:
            return
        self.db.commit()
        self.db.close()
        self.db = None

    def forget_results(self):
        """--fresh: every submission is graded again. Within the run's transaction, which to_grade commits."""
        self.db.execute("DELETE FROM results")

    # --- the run's plan ---------------------------------------------------------

    def begin_run(self):
        """Start the run's plan, in one transaction up to its first commit (to_grade), which abandon_run undoes."""
        self.db.commit()
        self.db.execute("BEGIN")
        for statement in RUN_SCHEMA:
            self.db.execute(statement)
        self.db.execute("DELETE FROM failures")

    def learners_of_last_run(self):
        """[(name, entry, identity)] of the learners with an entry in the last run, read before begin_run starts
        another (none before the first run)."""
        try:
            rows = self.db.execute("SELECT DISTINCT learner, entry, identity FROM run WHERE entry != ''").fetchall()
        except sqlite3.OperationalError:
            return []
        return [(name, entry, json.loads(identity)) for name, entry, identity in rows]

    def challenges_of_last_run(self):
        """The names of the challenges of which the last run graded a learner's work, a file other than the stub as
        shipped, read before begin_run starts another (none before the first): a challenge nobody handed in, or
        handed in only untouched, holds no grade a later run could remove."""
        try:
            return {name for (name,) in self.db.execute(
                "SELECT DISTINCT challenge FROM run WHERE content != '' AND untouched = 0")}
        except sqlite3.OperationalError:
            return set()

    def abandon_run(self):
        """Keep nothing of the run begun: the gradebook holds the last run's plan and failures again."""
        self.db.rollback()

    def add_learner(self, position, learner):
        identity = json.dumps(learner.identity, ensure_ascii=False, default=str)
        self.db.executemany(
            "INSERT INTO run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(position, learner.name, learner.entry, learner.problem, identity, submission.challenge,
              submission.origin, submission.staged, submission.content, submission.problem,
              int(submission.untouched), int(submission.empty), submission.note, "\n".join(submission.others))
             for submission in learner.submissions])

    def add_note(self, challenge, note):
        """Add the sentence `note` to every submission of `challenge` in the run: an item's notes are its lines."""
        self.db.execute("UPDATE run SET note = CASE WHEN note = '' THEN ? ELSE note || char(10) || ? END "
                        "WHERE challenge = ? AND content != ''", (note, note, challenge))

    def to_grade(self, versions, positions=None):
        """One job per distinct submission that has no result under its challenge's spec version.

        With `positions`, only those learners' submissions are considered.
        """
        self.db.commit()
        rows = self.db.execute(
            "SELECT challenge, content, MIN(NULLIF(path, '')), GROUP_CONCAT(position) FROM run WHERE content != '' "
            "GROUP BY challenge, content ORDER BY MIN(position), challenge").fetchall()
        return [{"challenge": challenge, "content": content, "submission": path}
                for challenge, content, path, owners in rows
                if not self.known(challenge, content, versions[challenge])
                and (positions is None or {int(owner) for owner in owners.split(",")} & set(positions))]

    def reused_timeouts(self, versions):
        """The learner (the first, where several handed in the same file) of each of this run's submissions that has
        a stored result, under its challenge's spec version, in which a check ran out of time: reused as it is, where
        a busy machine may have caused it."""
        self.db.commit()
        # From the run's own submissions, each looked up by the results' key: the run table has no index.
        return [learner for challenge, version in versions.items() for (learner,) in self.db.execute(
            "SELECT (SELECT learner FROM run WHERE challenge = ? AND content = mine.content ORDER BY position LIMIT 1) "
            "FROM (SELECT DISTINCT content FROM run WHERE challenge = ? AND content != '') AS mine "
            "JOIN results ON results.challenge = ? AND results.content = mine.content AND results.spec_version = ? "
            "WHERE results.result LIKE ?", (challenge, challenge, challenge, version, '%"status": "timeout"%'))]

    def forget_learners(self, positions):
        """--learner: the stored results of these learners' submissions, so that they are graded again. Within the
        run's transaction, which to_grade commits."""
        for position in positions:
            self.db.execute("DELETE FROM results WHERE (challenge, content) IN "
                            "(SELECT challenge, content FROM run WHERE position = ? AND content != '')", (position,))

    def named_learners(self):
        """(position, name, entry, [ids]) of each learner of the run, by which --learner finds one."""
        for position, learner, entry, identity in self.db.execute(
                "SELECT DISTINCT position, learner, entry, identity FROM run ORDER BY position"):
            identifiers = []
            for key, value in json.loads(identity).items():
                if key in IDENTIFIERS:
                    identifiers += [str(item) for item in value] if isinstance(value, list) else [str(value)]
            yield position, learner, entry, identifiers

    # --- pages written, so that an unchanged page is not written again --------------------------

    def page_digests(self):
        return dict(self.db.execute("SELECT page, digest FROM pages"))

    def set_page_digests(self, digests):
        """The pages of this run and their digests; the views of learners no longer in the class are forgotten."""
        gone = [(page,) for page in self.page_digests() if page not in digests]
        self.db.execute("DELETE FROM pages")
        self.db.executemany("INSERT INTO pages VALUES (?, ?)", digests.items())
        self.db.executemany("DELETE FROM views WHERE page = ?", gone)
        self.db.commit()

    def learner_views(self, page, digest):
        """What grader.classroom.pages made of the learner of `page` when their views had `digest`, or None."""
        row = self.db.execute("SELECT views FROM views WHERE page = ? AND digest = ?", (page, digest)).fetchone()
        return json.loads(row[0]) if row else None

    def set_learner_views(self, page, digest, views):
        self.db.execute("INSERT OR REPLACE INTO views VALUES (?, ?, ?)",
                        (page, digest, json.dumps(views, ensure_ascii=False, allow_nan=False)))

    # --- the options of earlier runs that every run keeps (grader.classroom.report) --------------------------

    def option(self, name):
        row = self.db.execute("SELECT value FROM options WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_option(self, name, value):
        """Keep `value` as the option `name`, within the transaction under way (a run's, which to_grade commits)."""
        self.db.execute("INSERT OR REPLACE INTO options VALUES (?, ?)", (name, json.dumps(value)))

    # --- what earlier runs read from each roster entry (grader.classroom.roster.KnownEntries) ---------

    def entry_reading(self, key, fingerprint):
        row = self.db.execute("SELECT reading FROM entries WHERE key = ? AND fingerprint = ?",
                              (key, fingerprint)).fetchone()
        return json.loads(row[0]) if row else None

    def set_entry_reading(self, key, fingerprint, reading):
        self.db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", (key, fingerprint, json.dumps(reading)))

    def holds_results(self):
        """Whether any result is stored: none in a first run, or after --fresh."""
        return self.db.execute("SELECT 1 FROM results LIMIT 1").fetchone() is not None

    def known(self, challenge, content, version):
        """Whether a result of this submission under this spec version is stored."""
        return self.db.execute("SELECT 1 FROM results WHERE challenge = ? AND content = ? AND spec_version = ?",
                               (challenge, content, version)).fetchone() is not None

    # --- results -------------------------------------------------------------------

    def store(self, challenge, content, version, result):
        """Keep `result`, from the next commit on: a class's results go in one transaction, not one each."""
        result = dict(result, submission="")   # the staged path means nothing later
        self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)",
                        (challenge, content, version, json.dumps(result, allow_nan=False),
                         datetime.now(timezone.utc).isoformat(timespec="seconds")))

    def store_failure(self, challenge, content, problem):
        self.db.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?)", (challenge, content, problem))

    def commit(self):
        self.db.commit()

    def result(self, challenge, content, version):
        row = self.db.execute("SELECT result FROM results WHERE challenge = ? AND content = ? AND spec_version = ?",
                              (challenge, content, version)).fetchone()
        return json.loads(row[0]) if row else None

    def learners(self, versions, pending=""):
        """Yield each learner of the run, in roster order: (name, entry, problem, identity, [item per challenge]).

        An item is {challenge, origin, result_text} (the stored result, as JSON text) or {challenge, origin,
        problem}, with "untouched" when the file is the challenge's stub as shipped, "empty" when it holds no code and
        "note" when the instructor should know something of the file, "unread" [the entry's files of other names] of a
        stub as shipped graded beside them (roster.Submission.others). `pending` says why a submission without a result
        was not graded.
        """
        rows = self.db.execute("SELECT position, learner, entry, learner_problem, identity, challenge, origin, "
                               "content, problem, untouched, empty, note, unread FROM run ORDER BY position, rowid")
        current, entries = None, []
        for (position, learner, entry, learner_problem, identity, challenge, origin, content, problem, untouched,
             empty, note, unread) in rows:
            if current is not None and current[0] != position:
                yield (*current[1:], entries)
                entries = []
            current = (position, learner, entry, learner_problem, json.loads(identity))
            item = {"challenge": challenge, "origin": origin}
            if untouched:
                item["untouched"] = True
            if empty:
                item["empty"] = True
            if note:
                item["note"] = note
            if unread:
                item["unread"] = unread.splitlines()
            if problem:
                item["problem"] = problem
            else:
                row = self.db.execute("SELECT result FROM results WHERE challenge = ? AND content = ? AND "
                                      "spec_version = ?", (challenge, content, versions[challenge])).fetchone()
                if row is None:
                    item["problem"] = self._failure(challenge, content, pending)
                else:
                    item["result_text"] = row[0]
            entries.append(item)
        if current is not None:
            yield (*current[1:], entries)

    def _failure(self, challenge, content, pending=""):
        row = self.db.execute("SELECT problem FROM failures WHERE challenge = ? AND content = ?",
                              (challenge, content)).fetchone()
        return row[0] if row else (pending or "not graded: the run was interrupted before this submission was "
                                              "graded.")


class GradebookError(Exception):
    """The gradebook file cannot be used."""
