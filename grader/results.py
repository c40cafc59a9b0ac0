"""The one result model that every view (terminal, HTML, JSON, exports) renders."""
import re
from dataclasses import dataclass, field

STATUSES = ("passed", "failed", "error", "timeout", "skipped")
_CUT_NOTE = re.compile(r"\n\[… (\d+) more characters of output were not kept\]$")


def printed_text(text, dropped):
    """What the learner's code printed, with a closing note where only its start was kept."""
    return f"{text}\n[… {dropped} more characters of output were not kept]" if dropped > 0 else text


def dropped_from(text):
    """(the printed text without its closing note, how many characters that note says were dropped)."""
    note = _CUT_NOTE.search(text)
    return (text[:note.start()], int(note.group(1))) if note else (text, 0)


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
    where: dict | None = None          # {"line", "source"} in the learner's file
    output: str = ""                   # what the learner's code printed during the check
    not_started: bool = False          # the learner's code still raises NotImplementedError
    mistake: str | None = None         # the id of the misconception recognised (grader.mistakes)
    hidden: bool = False               # a check learners do not see (grader.spec.check(hidden=True))
    figures: list = field(default_factory=list)   # grader.views.figures.Figure, for the HTML report only

    def to_dict(self):
        data = {
            "id": self.id, "name": self.name, "category": self.category, "status": self.status,
            "score": self.score, "max_score": self.max_score, "message": self.message, "hint": self.hint,
        }
        if self.where:
            data["where"] = self.where
        if self.output:
            data["output"] = self.output
        if self.not_started:
            data["not_started"] = True
        if self.mistake:
            data["mistake"] = self.mistake
        if self.hidden:
            data["hidden"] = True
        return data

    @classmethod
    def from_dict(cls, data):
        """The CheckResult whose to_dict() gave `data` (figures are not kept)."""
        fields = {name: data[name] for name in ("id", "name", "category", "status", "score", "max_score")}
        return cls(**fields, message=data.get("message", ""), hint=data.get("hint", ""), where=data.get("where"),
                   output=data.get("output", ""), not_started=bool(data.get("not_started")),
                   mistake=data.get("mistake"), hidden=bool(data.get("hidden")))


@dataclass
class GradeResult:
    """All checks of one challenge for one submission."""

    challenge: str
    title: str
    chapter: str
    submission: str
    checks: list = field(default_factory=list)
    load_output: str = ""               # what the learner's file printed while being imported
    notes: list = field(default_factory=list)   # run-wide remarks, e.g. a refused import

    @property
    def score(self):
        return round(sum(check.score for check in self.checks), 6)

    @property
    def max_score(self):
        return round(sum(check.max_score for check in self.checks), 6)

    @property
    def passed(self):
        return bool(self.checks) and all(check.status == "passed" for check in self.checks)

    def count(self, status):
        return sum(1 for check in self.checks if check.status == status)

    def categories(self):
        """Checks grouped by category, in the order the categories first appear."""
        groups = {}
        for check in self.checks:
            groups.setdefault(check.category, []).append(check)
        return groups

    def to_dict(self):
        return {
            "challenge": self.challenge,
            "title": self.title,
            "score": self.score,
            "max_score": self.max_score,
            "passed": self.passed,
            "chapter": self.chapter,
            "submission": self.submission,
            "notes": list(self.notes),
            "load_output": self.load_output,
            "checks": [check.to_dict() for check in self.checks],
        }

    @classmethod
    def from_dict(cls, data):
        """The GradeResult whose to_dict() gave `data`."""
        return cls(challenge=data["challenge"], title=data["title"], chapter=data.get("chapter", ""),
                   submission=data.get("submission", ""), load_output=data.get("load_output", ""),
                   notes=list(data.get("notes", [])),
                   checks=[CheckResult.from_dict(check) for check in data["checks"]])
