"""The three views of a GradeResult: terminal text, a self-contained HTML page, and JSON."""
import functools
import json
import os
import re
import shutil
import textwrap
from pathlib import Path

from grader.results import STATUS_LABELS, displayable_path, printed_text
from grader.spec import CATEGORIES
from grader.views.safe_text import json_escaped, on_one_line, visible, without_workflow_commands

STATUS_COLOURS = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow", "skipped": "bright_black"}
ANSI_COLOURS = {"green": 32, "red": 31, "yellow": 33, "bright_black": 90}    # SGR codes, as click.style writes them
ESC = "\x1b"
# A challenge's state in `grade list` takes the colour of the check status it resembles.
STATE_STATUS = {"done": "passed", "in progress": "timeout", "not started": "skipped", "missing": "failed",
                "unreadable": "failed"}


def to_json(result):
    """The JSON contract's text of `result`: UTF-8 kept readable, what the learner's text could hide escaped."""
    # "##[" is a GitHub Actions workflow command anywhere in a line (safe_text.without_workflow_commands); a
    # parser reads \u005b as the same "[".
    return json_escaped(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)).replace(
        "##[", "##\\u005b")


def use_colour(stream):
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def to_text(result, colour=False, cwd=None, columns=None, again=None):
    """The terminal report; `columns` wraps long sentences to that width, `again` says how to grade again."""
    return without_workflow_commands(_environment(autoescape=False, colour=colour, columns=columns).get_template(
        "report.txt.j2").render(result=result, again=again, number=_number(result.challenge), **_context(result, cwd)))


def prepare_text(colour=False, columns=None):
    """Load what to_text with these settings needs (Jinja2 and the template), so the learner's
    `grade` can do it while the worker computes rather than after the checks."""
    _environment(autoescape=False, colour=colour, columns=columns).get_template("report.txt.j2")


def terminal_columns(stream):
    """The width to wrap the report to: the terminal's, or None (no wrapping) when output is not a terminal."""
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        return None
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return shutil.get_terminal_size().columns


def standings_text(rows, upcoming, colour=False):
    """`grade list`: one line per challenge, the next one marked.

    Written here rather than by a template: `grade list` is run after every session of work, and importing
    Jinja2 alone would cost it about 17 ms, more than printing the lines."""
    from grader.learner.overview import missing_note, notebook_note
    from grader.learner.progress import NOT_STARTED

    width = max([9, *(len(row.challenge.name) for row in rows)])
    lines = ["   #  %-*s  %-9s %10s  %s" % (width, "challenge", "chapter", "score", "state")]
    for row in rows:
        marker = "→" if upcoming and row.challenge.name == upcoming.name else " "
        score = "%5s/%-4s" % (f"{row.score:g}", f"{row.max_score:g}")
        lines.append(f"{styled(marker, 'passed', colour)} {row.challenge.number:2d}  "
                     f"{row.challenge.name:<{width}}  {'ch. ' + row.challenge.chapter:<9} {score}  "
                     f"{styled(row.state, STATE_STATUS[row.state], colour)}"
                     + (" (graded as shipped)" if row.graded else ""))
        if row.problem:
            lines.append(f"{'':6}{printable(row.problem)}")
    lines += ["", f"{sum(row.state == 'done' for row in rows)} of {len(rows)} done."]
    lines += [missing_note(row.challenge) for row in rows if row.state == "missing"]
    lines += [notebook_note(row.challenge, row.notebook, started=row.state != NOT_STARTED)
              for row in rows if row.notebook]
    if upcoming:
        lines.append(f"Next: grade {upcoming.name}   ({upcoming.summary})")
    elif not any(row.state == "missing" for row in rows):
        lines.append("Every challenge is done. Well done!")
    return "\n".join(lines) + "\n"


def styled(text, status, colour=True):
    """`text` in the colour of a check's `status`, bold unless skipped, written as click.style writes it (without
    importing click); as it is without `colour`."""
    if not colour:
        return text
    fg = STATUS_COLOURS.get(status)
    return f"{f'{ESC}[{ANSI_COLOURS[fg]}m' if fg else ''}{ESC}[{22 if status == 'skipped' else 1}m{text}{ESC}[0m"


def to_html(result, cwd=None):
    # A report meant to be mailed names the file as the reader knows it, never by a path of this machine.
    shown = _shown(result, cwd)
    entries = [{"challenge": result.challenge, "result": result,
                "submission_shown": Path(shown).name if Path(shown).is_absolute() else shown}]
    return html_page(entries, f"{result.challenge}: {result.score:g}/{result.max_score:g}")


def html_page(entries, page_title, learner=None):
    """The HTML report of one or more challenges; an entry is {challenge, result, submission_shown},
    or {challenge, title, problem} for one that could not be graded."""
    return _environment(autoescape=True, colour=False).get_template("report.html.j2").render(
        entries=entries, page_title=page_title, learner=learner, badge_counts=badge_counts, waited_for=waited_for,
        labels=STATUS_LABELS, category_titles=CATEGORIES)


def waited_for(result, check):
    """The check of `result` whose failure skipped `check`, or None."""
    return result.waited_for(check)


def what_it_stops(stops):
    """What a line costs the learner (a grader.results.Stops), as both reports' last word says it, with %s where the
    first check it stops is named: "it stops 3 checks, and 8 more wait for them, from %s on"."""
    if stops.every:
        return f"it stops {'both' if stops.out_of == 2 else f'all {stops.out_of}'} checks, from %s on"
    wait = "waits" if stops.waiting == 1 else "wait"
    if stops.failing == 1:
        return f"it stops %s, and {stops.waiting} more check{'s' if stops.waiting > 1 else ''} {wait} for it"
    if stops.waiting:
        return f"it stops {stops.failing} checks, and {stops.waiting} more {wait} for them, from %s on"
    return f"it stops {stops.failing} checks, from %s on"


def badge_counts(result):
    """(css class, badge, how many) for each badge the checks wear, TODO apart from FAIL, in badge order."""
    badges = {}
    for check in result.checks:
        css, label = ("todo", "TODO") if check.not_started else (check.status, STATUS_LABELS[check.status])
        badges.setdefault(label, [css, label, 0])[2] += 1
    order = ["PASS", "FAIL", "ERROR", "TIME", "TODO", "SKIP"]
    return [tuple(badges[label]) for label in order if label in badges]


def private(text, entry):
    """`text` without the absolute paths of the machine it was graded on: the submission's own path
    becomes the name shown for it, and the home folder becomes ~."""
    text = str(text)
    submission = getattr(entry.get("result"), "submission", "")
    if submission and Path(submission).is_absolute():
        text = text.replace(str(submission), entry.get("submission_shown") or Path(submission).name)
        text = text.replace(str(Path(submission).parent) + os.sep, "")
    home = os.path.expanduser("~")
    return text.replace(home + os.sep, "~" + os.sep) if home not in ("", os.sep, "~") else text


def printable(text):
    """Learner-controlled text made safe to print: control, bidi and invisible characters shown as escapes."""
    return visible(text)


def excerpt(text, limit, dropped=0):
    """The start of what the learner's code printed, saying how much more there was.

    `dropped` counts the characters the worker already left out after `text`.
    """
    text = str(text)
    if len(text) <= limit:
        return printed_text(text, dropped)
    # At the end of a line, where one ends in the last quarter: a line cut short reads as what was printed.
    end = text.rfind("\n", limit * 3 // 4, limit)
    shown = text[:end] if end > 0 else text[:limit]
    return f"{shown}\n[… {len(text) - len(shown) + dropped} more characters not shown]"


def environment(autoescape=True):
    """The templates, for views beyond one result (the class report)."""
    return _environment(autoescape=autoescape, colour=False)


def _svg(figure):
    from grader.views.figures import to_svg

    return to_svg(figure)


def _context(result, cwd):
    return {"labels": STATUS_LABELS, "category_titles": CATEGORIES, "submission_shown": _shown(result, cwd)}


def _shown(result, cwd):
    """The submission's path as the reader knows it: relative to `cwd` when it lies inside."""
    submission = Path(result.submission)
    try:
        shown = os.path.relpath(submission, cwd or Path.cwd())
    except ValueError:
        shown = str(submission)
    return displayable_path(str(submission) if shown.startswith("..") else shown)


def _visible_in_html(value):
    import markupsafe

    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(visible(str(value)))
    return visible(value) if isinstance(value, str) else value


def inline_code(text):
    """A check title's `code` spans as <code>, everything escaped; an unpaired backtick stays as it is."""
    import markupsafe

    parts = str(text).split("`")
    if len(parts) % 2 == 0:
        return markupsafe.escape(text)
    return markupsafe.Markup("").join(markupsafe.Markup("<code>%s</code>") % part if index % 2 else
                                      markupsafe.escape(part) for index, part in enumerate(parts))


def _number(name):
    match = re.match(r"challenge_(\d+)_", name)
    return match.group(1) if match else name


# Beside the grader's own bytecode: see _bytecode_cache.
TEMPLATE_CACHE = Path(__file__).with_name("__pycache__") / "templates"


def _bytecode_cache(autoescape):
    """Jinja2's cache of compiled templates (TEMPLATE_CACHE), so a `grade` run does not compile its report's template
    again (about 15 ms); None where it cannot be made. Jinja2 keys each entry by the template's source, so an edited
    template is compiled again, but not by the environment's settings, which the compiled code holds (whether it
    escapes, what finalizes each value): each setting of `autoescape` has a folder of its own.

    Loading an entry runs its code (a pickle, then marshalled bytecode) in the judge, so it is kept in the grader's
    package, which only what could rewrite the grader's modules can write: not in the user's cache folder, which a
    learner's code run outside the grader (`python main.py`, a notebook's kernel) can write. Only where the kernel
    has Landlock: every worker then writes nowhere but its scratch folder."""
    import jinja2

    from grader.sandbox.lockdown import landlock_abi

    if landlock_abi() == 0:
        return None
    folder = TEMPLATE_CACHE / ("escaped" if autoescape else "plain")
    try:
        os.makedirs(folder, mode=0o755, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK | os.X_OK):
        return None     # a package installed for all the machine's users, by another account
    return jinja2.FileSystemBytecodeCache(str(folder))


@functools.lru_cache(maxsize=16)
def _environment(autoescape, colour, columns=None):
    """The templates with these settings; one environment each per process, so each template compiles once
    (a class report renders its page template once per learner)."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        bytecode_cache=_bytecode_cache(autoescape),
        autoescape=autoescape, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # Every value an HTML page shows, learner's text included, has nothing hidden or reordering in it.
        finalize=_visible_in_html if autoescape else None,
    )

    def style(text, status):
        return styled(text, status, colour)

    def indent_lines(text, width):
        return ("\n" + " " * width).join(str(text).splitlines())

    def wrap(text, width):
        """Like indent_lines, with each line also wrapped to the terminal (its first line starts at `width`)."""
        if not columns:
            return indent_lines(text, width)
        room = max(columns - width, 30)
        return ("\n" + " " * width).join(piece for line in str(text).splitlines()
                                         for piece in (textwrap.wrap(line, room, break_on_hyphens=False) or [""]))

    environment.filters.update(printable=printable, style=style, indent_lines=indent_lines, wrap=wrap, excerpt=excerpt,
                               private=private, inline_code=inline_code, one_line=on_one_line,
                               svg=_svg,
                               points=lambda value: f"{value:g}", percent=lambda value: f"{100 * value:.0f}%",
                               counted=lambda number, noun: f"{number} {noun}{'' if number == 1 else 's'}",
                               chapters=chapters, place=place_in_file, what_it_stops=what_it_stops)
    return environment


def place_in_file(where):
    """"line 14 of your file", or "In [8], line 2 of your notebook" for a line of a notebook's cell."""
    if where.get("cell"):
        return f"{where['cell']}, line {where['line']} of your notebook"
    return f"line {where['line']} of your file"


def chapters(chapter):
    """The book's chapters a challenge covers as a phrase: "chapter 5", "chapters 2-5", "chapters 9-10+"."""
    text = str(chapter)
    return f"chapter{'s' if any(mark in text for mark in '-,+') else ''} {text}"
