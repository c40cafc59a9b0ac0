"""A class grading process's answer, checked by the parent before anything keeps it.

A grading process (grader.judge.batch) runs learners' workers beneath it, and a
worker's code can write into its answer pipe. So every answer must carry the
value the parent gave its job (which no worker ever receives), and a result
must be plain data that matches the course's checks: the right ids, each worth
its declared points, scores within them, every text capped. Anything else is
refused, and the pool replaces the process that sent it.
"""
import json
import math

from grader.results import STATUS_LABELS, GradeResult
from grader.sandbox import replies, wire

MAX_ANSWER_BYTES = 16 << 20
MAX_MESSAGE = 4_000          # a check's message: the judge's sentence around the learner's text
MAX_PRINTED = replies.OUTPUT_LIMIT + 200   # printed output and the note that says how much was cut
MAX_PROBLEM = 4_000


class AnswerRefused(Exception):
    """The answer is not one the parent asked for, or not a result of the job's challenge."""


def checked_answer(line, job, nonce, declared):
    """The answer {"result"} or {"problem"} in `line`, if it answers `job`; else AnswerRefused.

    `declared` maps each check id of the job's challenge to its points, as the course declares them.
    """
    if len(line) > MAX_ANSWER_BYTES:
        raise AnswerRefused("an answer larger than any result")
    try:
        answer = wire.parse_body(line)
    except wire.WireError as exc:
        raise AnswerRefused(str(exc)) from None
    if answer.get("nonce") != nonce or answer.get("id") != job["id"]:
        raise AnswerRefused("an answer that does not carry its job's mark")
    if isinstance(answer.get("problem"), str) and "result" not in answer:
        return {"problem": answer["problem"][:MAX_PROBLEM]}
    try:
        return {"result": checked_result(answer.get("result"), job["challenge"], declared)}
    except wire.WireError as exc:
        raise AnswerRefused(f"a result that is not one of {job['challenge']}: {exc}") from None


def checked_result(data, challenge, declared):
    """The GradeResult dict `data`, rebuilt from known fields only, or WireError."""
    if not isinstance(data, dict) or data.get("challenge") != challenge:
        raise wire.WireError("not a result of this challenge")
    checks = data.get("checks")
    ids = [check.get("id") if isinstance(check, dict) else None for check in checks] \
        if isinstance(checks, list) else []
    if not all(isinstance(check_id, str) for check_id in ids) or len(ids) != len(declared) \
            or set(ids) != set(declared):
        raise wire.WireError("its checks are not the challenge's checks")
    return GradeResult.from_dict({
        "challenge": challenge, "title": _text(data, "title", 200), "chapter": _text(data, "chapter", 50),
        "submission": "", "load_output": _text(data, "load_output", MAX_PRINTED),
        "load_output_dropped": _count(data, "load_output_dropped"), "notes": _notes(data.get("notes")),
        "confinement": _confinement(data.get("confinement")),
        "checks": [_check(check, declared[check["id"]], declared) for check in checks]}).to_dict()


def _check(data, points, declared):
    score, max_score = _number(data, "score"), _number(data, "max_score")
    if max_score != points or not 0 <= score <= max_score:
        raise wire.WireError(f"check {data['id']} has a score outside the points it is worth")
    status = data.get("status")
    if status not in STATUS_LABELS or score != (max_score if status == "passed" else 0.0):
        raise wire.WireError(f"check {data['id']} has a status that does not match its score")
    return {"id": data["id"], "name": _text(data, "name", 300), "category": _text(data, "category", 50),
            "status": status, "score": score, "max_score": max_score, "message": _text(data, "message", MAX_MESSAGE),
            "hint": _text(data, "hint", 2000), "where": _where(data.get("where")),
            "output": _text(data, "output", MAX_PRINTED), "output_dropped": _count(data, "output_dropped"),
            "not_started": replies.field(data, "not_started", bool, False),
            "mistake": _text(data, "mistake", 100) or None, "hidden": replies.field(data, "hidden", bool, False),
            "more_hints": replies.field(data, "more_hints", bool, False),
            "at_import": replies.field(data, "at_import", bool, False),
            "follows": _declared_id(data.get("follows"), declared), "missing": _text(data, "missing", 200) or None}


def _declared_id(value, declared):
    """`value` where it is the id of one of the challenge's checks, else None."""
    return value if isinstance(value, str) and value in declared else None


def _where(where):
    """The location of a check's failure; a notebook's also names its cell ("code cell 3", "In [7]")."""
    checked = replies.checked_location(where)
    if checked is not None and where.get("cell") is not None:
        checked["cell"] = _text(where, "cell", 20)
    for nested in ("caller", "loop"):
        if checked is not None and nested in checked and where[nested].get("cell") is not None:
            checked[nested]["cell"] = _text(where[nested], "cell", 20)
    return checked


def _confinement(record):
    """The walls the worker ran in, as grader.sandbox.confinement.record makes them, or None."""
    if record is None:
        return None
    layers = record.get("layers") if isinstance(record, dict) else None
    if not isinstance(record.get("confined") if isinstance(record, dict) else None, bool) \
            or not isinstance(layers, list) or len(layers) > 20 or not all(isinstance(layer, str) for layer in layers):
        raise wire.WireError("its confinement is not a list of layers")
    return {"confined": record["confined"], "layers": [layer[:40] for layer in layers]}


def _count(data, name):
    value = replies.field(data, name, int, 0)
    if not 0 <= value <= replies.MAX_COUNT:
        raise wire.WireError(f"{name} is out of range")
    return value


def _notes(notes):
    if notes is None:
        return []
    if not isinstance(notes, list) or len(notes) > 20 or not all(isinstance(note, str) for note in notes):
        raise wire.WireError("its notes are not a short list of sentences")
    return [note[:MAX_MESSAGE] for note in notes]


def _text(data, name, limit):
    return replies.field(data, name, str, "")[:limit]


def _number(data, name):
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise wire.WireError(f"{name} is not a finite number")
    return float(value)


def answer_line(job, nonce, answer):
    """The line a grading process writes for `job`: its answer, marked with the job's nonce."""
    return json.dumps(dict(answer, id=job["id"], nonce=nonce), allow_nan=False) + "\n"
