"""The judge's schema for the worker's replies: every field typed, every number bounded, every text capped.

The learner's code shares the worker's process, so it can write any frame on
the worker's pipe. The judge therefore caps and checks everything itself:
`checked` returns a reply rebuilt from known fields only, or raises
`wire.WireError`, which the supervisor reports as a protocol fault on the
check that was waiting for the reply.
"""
from grader import BLOCKED_PACKAGES
from grader.sandbox import wire

OUTPUT_LIMIT = 8_000        # characters of printed output kept per call (the worker keeps as many)
MAX_LINE = 10_000_000       # no learner's file has more lines
MAX_COUNT = 2 ** 53         # characters of output a reply may say were dropped
MAX_SOURCE = 300            # a quoted line of the learner's file
MAX_NAME = 200              # an exception's class name, a function's qualified name
MAX_SECONDS = 86_400.0      # no call runs for a day
# What a failed call may be; the judge's messages (grader.judge.messages) have a sentence for each.
FAILURE_KINDS = ("exception", "timeout", "memory", "not_started", "exit", "interrupt", "blocked_import", "grader")


def checked(message, buffers=b"", seq=None):
    """The worker's reply `message` (a parsed JSON object), validated and capped; `buffers`: the bytes of its
    value's arrays (wire.parse_frame), kept with the value.

    `seq` is the number of the request this reply must answer; a reply to
    another request means frames were forged or lost.
    """
    if seq is not None and message.get("seq") != seq:
        got = message.get("seq")
        came = ("a reply to no request came" if got is None
                else f"the reply to request {got} came" if isinstance(got, int) and not isinstance(got, bool)
                else f"a reply numbered {_shown(got)} came")
        raise wire.WireError(f"the reply to request {seq} was expected, and {came}")
    ok = message.get("ok")
    if not isinstance(ok, bool):
        raise wire.WireError("the reply does not say whether the call succeeded")
    reply = {"ok": ok, "seq": seq, "output": _output(message.get("output")),
             "blocked_imports": _blocked_imports(message.get("blocked_imports")),
             # How long importing the learner's file took, and the top-level line it was running.
             "seconds": _seconds(message.get("seconds")), "top_level": checked_location(message.get("top_level"))}
    if ok:
        # wire.decode checks them when a check needs the value.
        reply["value"], reply["buffers"] = message.get("value"), buffers
    else:
        reply["error"] = _error(message.get("error"))
    return reply


def _output(output):
    if output is None:
        return {"text": "", "dropped": 0}
    text = field(output, "text", str, "")
    dropped = _count(field(output, "dropped", int, 0), "output.dropped")
    if len(text) > OUTPUT_LIMIT:
        text, dropped = text[:OUTPUT_LIMIT], dropped + len(text) - OUTPUT_LIMIT
    return {"text": text, "dropped": min(dropped, MAX_COUNT)}


def _error(error):
    if not isinstance(error, dict):
        raise wire.WireError("a failed call's reply has no error description")
    kind = field(error, "kind", str, "exception")
    if kind not in FAILURE_KINDS:
        raise wire.WireError(f"unknown kind of failure {_shown(kind)}")
    # An exception's class name and text are the learner's to choose: a line break in either would show, in the
    # terminal, as a line of the report's own ("  PASS  ...").
    return {"kind": kind, "type": _printable_name(field(error, "type", str, "")[:MAX_NAME]),
            "message": wire.one_line(field(error, "message", str, "")[:wire.MAX_TEXT]),
            "where": checked_location(error.get("where"))}


def checked_location(where, caller=True):
    """{"line", "source", "function"} in the learner's file, and "caller", the same for the line that called that
    function, and "loop", the while loop a run stopped at its time limit was in (`caller`: whether those may come),
    or None."""
    if where is None:
        return None
    if not isinstance(where, dict):
        raise wire.WireError("a location in the learner's file is not an object")
    line = field(where, "line", int, None)
    if line is not None and not 0 <= line <= MAX_LINE:
        raise wire.WireError(f"line number {_shown(line)} is out of range")
    # A line of the learner's file ends at a newline or a carriage return and holds neither: a forged one would
    # show as lines of the report's own (views escape every other line break).
    source = wire.one_line(field(where, "source", str, "")[:MAX_SOURCE])
    checked_where = {"line": line, "source": source}
    function = field(where, "function", str, None)
    if function is not None:
        # A code object's name can be given any character (co_qualname).
        checked_where["function"] = _printable_name(function[:MAX_NAME])
    if caller and where.get("caller") is not None:
        checked_where["caller"] = checked_location(where["caller"], caller=False)
    if caller and where.get("loop") is not None:
        checked_where["loop"] = checked_location(where["loop"], caller=False)
    return checked_where


def _printable_name(name):
    """A name, which holds no line break or other control character, with any such character as its escape."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode() for char in name)


def _seconds(value):
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_SECONDS:
        raise wire.WireError("the time a call took is not a number of seconds")
    return float(value)


def _blocked_imports(attempts):
    """The grader's packages the learner's code tried to import: [{"package", "line", "source"}]."""
    if attempts is None:
        return []
    if not isinstance(attempts, list) or len(attempts) > len(BLOCKED_PACKAGES):
        raise wire.WireError("the refused imports are not a short list")
    found = []
    for attempt in attempts:
        if not isinstance(attempt, dict) or attempt.get("package") not in BLOCKED_PACKAGES:
            raise wire.WireError("a refused import does not name one of the grader's packages")
        where = checked_location({key: attempt[key] for key in ("line", "source") if key in attempt}) or {}
        found.append({"package": attempt["package"], **where})
    return found


def field(data, name, kind, default):
    """data[name] if it has type `kind` (bool is not an int here), `default` if absent or null."""
    if not isinstance(data, dict):
        raise wire.WireError(f"expected an object holding {name!r}")
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise wire.WireError(f"{name!r} should be {kind.__name__}, not {type(value).__name__}")
    return value


def _count(value, name):
    if not 0 <= value <= MAX_COUNT:
        raise wire.WireError(f"{name} is out of range")
    return value


def _shown(value):
    return repr(value)[:40]
