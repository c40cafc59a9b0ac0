"""The one result model that every view (terminal, HTML, JSON, exports) renders."""
from dataclasses import dataclass, field
from typing import NamedTuple


# Every status a check can end in, as the JSON contract names it, with its label in the reports.
# What joins an error's description to what the check gave the learner's code (grader.judge.plugin).
SETUP_SENTENCE = ". This check "
# What starts the message of every check of a file that could not be imported (grader.judge.messages).
IMPORT_FAILED = "Your file could not be imported, so this check could not run. "
# Why a check was skipped: a check it depends on, named here, did not pass (grader.judge.messages).
WAITS_FOR = 'fix "{}" first'
# Why a check was skipped where a check it depends on failed because the file could not be imported.
NOT_IMPORTED = "not run: your file could not be imported"
# The same two, where the submission is a notebook, whose code cells the worker imports as one file
# (grader.judge.notebook.NotebookSource.in_notebook_words).
IMPORT_FAILED_NOTEBOOK = "Your notebook's cells could not all run, so this check could not run. "
# What starts the message of a file, or a notebook's cells, stopped at the time limit as it was imported.
IMPORT_TOO_SLOW = "Your file could not be imported, so no check could run. "
IMPORT_TOO_SLOW_NOTEBOOK = "Your notebook's cells could not all run, so no check could run. "
NOT_IMPORTED_NOTEBOOK = "not run: your notebook's cells could not all run"
STATUS_LABELS = {"passed": "PASS", "failed": "FAIL", "error": "ERROR", "timeout": "TIME", "skipped": "SKIP"}


def printed_text(text, dropped):
    """What the learner's code printed, with a closing note where only its start was kept."""
    return text + _cut_note(dropped)


def _kept_text(text, dropped):
    """`printed_text`'s `text` back from its result, given the same `dropped`."""
    note = _cut_note(dropped)
    return text[:-len(note)] if note and text.endswith(note) else text


def _cut_note(dropped):
    return f"\n[… {dropped} more characters of output were not kept]" if dropped > 0 else ""


@dataclass
class CheckResult:
    """The outcome of one check, as the JSON contract names it."""

    id: str
    name: str
    category: str
    status: str
    score: float
    max_score: float
    message: str = ""
    hint: str = ""
    more_hints: bool = False           # the check has hints past this one, which `grade hint` shows
    where: dict | None = None          # {"line", "source"} in the learner's file
    output: str = ""                   # what the learner's code printed during the check, as far as kept
    output_dropped: int = 0            # how many more characters it printed, not kept
    not_started: bool = False          # the learner's code still raises NotImplementedError
    mistake: str | None = None         # the id of the misconception recognised (grader.mistakes)
    hidden: bool = False               # a check learners do not see (grader.spec.check(hidden=True))
    at_import: bool = False            # failed because the learner's file could not be imported
    follows: str | None = None         # the id of a failing check of code this one's uses (grader.spec.check)
    missing: str | None = None         # a name the checks look for that the file lacks (the hint: where to write it)
    figures: list = field(default_factory=list)   # grader.views.figures.Figure, for the HTML report only

    def to_dict(self):
        data = {
            "id": self.id, "name": self.name, "category": self.category, "status": self.status,
            "score": self.score, "max_score": self.max_score, "message": self.message, "hint": self.hint,
        }
        if self.more_hints:
            data["more_hints"] = True
        if self.where:
            data["where"] = self.where
        if self.output or self.output_dropped:
            data["output"] = self.printed_output
        if self.output_dropped:
            data["output_dropped"] = self.output_dropped
        if self.not_started:
            data["not_started"] = True
        if self.mistake:
            data["mistake"] = self.mistake
        if self.hidden:
            data["hidden"] = True
        if self.at_import:
            data["at_import"] = True
        if self.follows:
            data["follows"] = self.follows
        if self.missing:
            data["missing"] = self.missing
        return data

    def keep_output(self, printed):
        """Keep what the learner's code printed during the check (a grader.sandbox.supervisor.Printed)."""
        self.output, self.output_dropped = printed.text, printed.dropped

    def shows_hint(self, cause=None):
        """Whether the reports show this check's hint, which is about what the check computes: not where it passed
        or was skipped, where the learner's code is still a TODO, could not be imported or ran out of time (the
        message says where it was running), where one exception stopped several checks (`cause`: from
        GradeResult.shared_causes) or where a name is spelt otherwise than the book's (the name is the mistake, not
        the maths). A hint that says where to write a name the file lacks is about the cause itself, and shows."""
        if self.missing:
            return bool(self.hint) and self.status not in ("passed", "skipped")
        return bool(self.hint) and self.status not in ("passed", "skipped", "timeout") and not (
            self.not_started or self.at_import or (cause and self.status == "error") or self.names_a_misspelling)

    @property
    def names_a_misspelling(self):
        return self.mistake in ("attribute_never_set", "misspelt_name")

    @property
    def stopped_short(self):
        """Whether the check stopped before what it computes could be judged: the learner's file could not be
        imported, the code raised, or it stored its result under another name than the book's."""
        return self.at_import or (self.status == "error" and not self.not_started) or self.names_a_misspelling

    @property
    def printed_output(self):
        """What the learner's code printed, with a closing note where only its start was kept."""
        return printed_text(self.output, self.output_dropped)

    @classmethod
    def from_dict(cls, data):
        """The CheckResult whose to_dict() gave `data` (figures are not kept)."""
        fields = {name: data[name] for name in ("id", "name", "category", "status", "score", "max_score")}
        dropped = data.get("output_dropped", 0)
        return cls(**fields, message=data.get("message", ""), hint=data.get("hint", ""),
                   more_hints=bool(data.get("more_hints")), where=data.get("where"),
                   output=_kept_text(data.get("output", ""), dropped), output_dropped=dropped,
                   not_started=bool(data.get("not_started")), mistake=data.get("mistake"),
                   hidden=bool(data.get("hidden")), at_import=bool(data.get("at_import")),
                   follows=data.get("follows") if isinstance(data.get("follows"), str) else None,
                   missing=data.get("missing") if isinstance(data.get("missing"), str) else None)


class SharedCause(NamedTuple):
    """What several failing checks of one result have in common (GradeResult.shared_causes)."""

    first: "CheckResult"    # the first of them in report order, which says what the cause is
    count: int              # how many checks it stops, the first included
    relied_on: bool         # the others rely on what the first checks (grader.spec.check's `uses`) and may fail
    #                         for reasons of their own too, rather than failing the same way
    waiting: int = 0        # the checks skipped because they wait for these, directly or through another skipped one


class Stops(NamedTuple):
    """What the line of the learner's file that a result's first check to fix stopped at costs them
    (GradeResult.where_to_start)."""

    failing: int            # the checks that fail there, the first to fix included
    waiting: int            # the checks skipped because they wait for those, directly or through another skipped one
    out_of: int             # all the result's checks

    @property
    def every(self):
        return self.failing + self.waiting == self.out_of


@dataclass
class GradeResult:
    """All checks of one challenge for one submission."""

    challenge: str
    title: str
    chapter: str
    submission: str
    checks: list = field(default_factory=list)
    load_output: str = ""               # what the learner's file printed while being imported, as far as kept
    load_output_dropped: int = 0        # how many more characters it printed, not kept
    notes: list = field(default_factory=list)   # run-wide remarks, e.g. a refused import
    confinement: dict | None = None     # {"confined": bool, "layers": [...]}: the walls the worker ran in

    @property
    def score(self):
        return round(sum(check.score for check in self.checks), 6)

    @property
    def max_score(self):
        return round(sum(check.max_score for check in self.checks), 6)

    @property
    def passed(self):
        return bool(self.checks) and all(check.status == "passed" for check in self.checks)

    @property
    def of_notebook(self):
        """Whether the submission graded is a notebook (its code cells, run in order)."""
        return self.submission.lower().endswith(".ipynb")

    def count(self, status):
        return sum(1 for check in self.checks if check.status == status)

    def categories(self):
        """Checks grouped by category, in the order the categories first appear."""
        groups = {}
        for check in self.checks:
            groups.setdefault(check.category, []).append(check)
        return groups

    def in_report_order(self):
        """The checks in the order every report shows them: category by category."""
        return [check for checks in self.categories().values() for check in checks]

    def first_to_fix(self):
        """The first check, in report order, that failed for a reason of its own (not skipped), or None."""
        return next((check for check in self.in_report_order() if check.status not in ("passed", "skipped")), None)

    def where_to_start(self, causes):
        """(the first check to fix, or None; the Stops of the line of the learner's file it stopped at, or None where
        that line costs no other check), for the reports' last word; `causes` is shared_causes().

        A line costs the checks that fail there and the checks skipped because they wait for those: a file that
        cannot be imported costs every check, though only those that ran say why."""
        check = self.first_to_fix()
        if check is None or not (check.where or {}).get("line"):
            return check, None
        cause = causes.get(check.id)
        failing = {other.id for other in self.checks
                   if cause and getattr(causes.get(other.id), "first", None) is cause.first} or {check.id}
        waiting = sum(1 for other in self.checks if other.status == "skipped" and self._waits_on(other, failing))
        stops = Stops(len(failing), waiting, len(self.checks))
        return check, stops if stops.failing + stops.waiting > 1 else None

    def withdrawn(self):
        """The note that some check's message repeats, or None: why the run earned nothing whatever it computed (a file
        that imports the course's own packages; grader.judge.grading._withdraw_passes)."""
        return next((note for note in self.notes if any(check.message == note for check in self.checks)), None)

    def names_missing(self):
        """The names the checks look for, where every check that ran found its name missing from the file (a file
        of another challenge, say); else []."""
        ran = [check for check in self.checks if check.status != "skipped"]
        if not ran or not all(check.missing for check in ran):
            return []
        return list(dict.fromkeys(check.missing for check in ran))

    def import_failure(self):
        """The first check, in report order, of those that failed because the file could not be imported, or None."""
        return next((check for check in self.in_report_order() if check.at_import), None)

    def waited_for(self, check):
        """The check whose failure skipped `check` (its message names it: WAITS_FOR), or None."""
        if check.status != "skipped":
            return None
        if check.message in (NOT_IMPORTED, NOT_IMPORTED_NOTEBOOK):
            return self.import_failure()
        return next((other for other in self.checks if WAITS_FOR.format(other.name) == check.message), None)

    def _waits_on(self, check, ids):
        """Whether skipped `check` waits for one of the checks `ids`, directly or through other skipped checks."""
        seen = set()
        while check is not None and check.status == "skipped" and check.id not in seen:
            seen.add(check.id)
            check = self.waited_for(check)
        return check is not None and check.id in ids

    def shared_causes(self):
        """check id -> the SharedCause of a check that failed the same way as others.

        Checks that fail the same way (the same kind of exception at the same line, the same missing
        method, a file that could not be imported, a failing check of what their code uses) share one cause,
        said once in the terminal and HTML reports; the JSON keeps every check's own message.
        """
        groups, cause_of = {}, {}
        for check in self.in_report_order():
            if check.status not in ("passed", "skipped"):
                if check.follows:   # one cause with the check it follows from, where that one comes first
                    cause_of[check.id] = cause_of.get(check.follows, ("follows", check.follows))
                else:
                    cause_of[check.id] = _cause(check)
                groups.setdefault(cause_of[check.id], []).append(check)
        shared = {}
        for members in groups.values():
            if len(members) > 1:
                ids = {member.id for member in members}
                waiting = sum(1 for other in self.checks if other.status == "skipped" and self._waits_on(other, ids))
                cause = SharedCause(members[0], len(members), any(member.follows for member in members), waiting)
                shared.update((member.id, cause) for member in members)
        return shared

    def to_dict(self):
        return {
            "challenge": self.challenge,
            "title": self.title,
            "score": self.score,
            "max_score": self.max_score,
            "passed": self.passed,
            "chapter": self.chapter,
            "submission": displayable_path(self.submission),
            "notes": list(self.notes),
            "load_output": printed_text(self.load_output, self.load_output_dropped),
            **({"load_output_dropped": self.load_output_dropped} if self.load_output_dropped else {}),
            "checks": [check.to_dict() for check in self.checks],
            **({"confinement": self.confinement} if self.confinement is not None else {}),
        }

    @classmethod
    def from_dict(cls, data):
        """The GradeResult whose to_dict() gave `data`."""
        return cls(challenge=data["challenge"], title=data["title"], chapter=data.get("chapter", ""),
                   submission=data.get("submission", ""),
                   load_output=_kept_text(data.get("load_output", ""), data.get("load_output_dropped", 0)),
                   load_output_dropped=data.get("load_output_dropped", 0),
                   notes=list(data.get("notes", [])), confinement=data.get("confinement"),
                   checks=[CheckResult.from_dict(check) for check in data["checks"]])


def _cause(check):
    """What makes two failing checks fail the same way: the same message, leaving out what each check gave the
    learner's code ("This check set ..."); for an exception, its kind and where it was raised, since its text may
    hold each check's own numbers (an exception in Layer_Dense.__init__ stops every check that makes a layer); for
    a check that ran out of time, the line it was running, since its text says how much each run printed."""
    message = check.message.partition(SETUP_SENTENCE)[0].rstrip(".")
    where = {key: value for key, value in (check.where or {}).items() if key != "caller"}
    if check.status == "error" and where.get("line") and message.startswith("Your code raised "):
        return check.status, message.partition(":")[0], repr(sorted(where.items()))
    if check.status == "timeout" and where.get("line"):
        return check.status, repr(sorted(where.items()))
    return check.status, message


def displayable_path(path):
    """`path` as text every output can hold: bytes of a name that are not UTF-8, which Python keeps as lone
    surrogates (os.fsdecode), shown as U+FFFD."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
