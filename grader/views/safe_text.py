"""Learner-controlled text made safe to show, for every view: terminal, HTML and CSV.

Text a learner controls (exception messages, printed output, file and roster
names) could otherwise hide characters or reorder what a reader sees: a
right-to-left override makes "\u202eDESSAP" read as PASSED, a zero-width space
makes "ali\u200bce" look like "alice", and a cell starting with "=" is a
formula to a spreadsheet. Control, bidi and invisible characters are shown as
escapes (``\\u202e``); names are NFKC-normalised, and names that look alike
are found by comparing their skeletons (after removing invisible characters,
casefolding and mapping common confusables, as in Unicode TS #39).
"""
import csv
import os
import re
import unicodedata

# C0 and C1 controls but newline and tab; lone surrogates (how Python keeps a file name's bytes that are not
# UTF-8, which no output's encoding takes); then every format (Cf), line/paragraph separator and invisible filler
# character of Unicode 15 (tests/test_spoofing.py checks the list against unicodedata).
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
    "\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f"
    "\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
# Characters a reader takes for Latin letters: Cyrillic and Greek look-alikes, and digits used as letters.
_CONFUSABLES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ɡ": "g", "ı": "i", "ℓ": "l", "0": "o", "1": "l", "|": "l",
})
# What GitHub Actions runs as a workflow command in a step's output (actions/runner's ActionCommand): a line that
# starts with "::" after blanks (TryParseV2), or that holds "##[" anywhere (TryParse). A learner's printed
# "::notice title=Autograding complete::" would reach the log as the annotation GitHub Classroom reads its grade from.
_WORKFLOW_COMMAND = re.compile(r"^([^\S\n]*):(?=:)|##\[", re.MULTILINE)
# What a spreadsheet reads as the start of a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def visible(text):
    """`text` with every control, bidi and invisible character shown as an escape such as \\u202e."""
    text = str(text)
    # Printable ASCII holds none of them (every ASCII character of _HIDDEN is a control): most text of a class's
    # reports is, and is told so without the expression.
    if text.isascii() and text.isprintable():
        return text
    return _HIDDEN.sub(_escape, text)


def some_of(names, limit=5):
    """The first `limit` of `names`, and how many more: each shown as `on_one_line` shows it, since entries and class
    lists name learners as the learners chose (a folder's name may hold a line break); apart by semicolons, since a
    class list's names may hold commas ("Smith, Alice")."""
    return "; ".join(map(on_one_line, names[:limit])) + (f" and {len(names) - limit} more" if len(names) > limit
                                                         else "")


def on_one_line(text):
    """`text` `visible`, and its line breaks as the escape \\n too: for a name the learner chose (an archive member's)
    inside a sentence that must stay one line, such as one of a row's notes."""
    return visible(text).replace("\n", "\\n")


def shown_path(path):
    """A file's path as a sentence in the terminal shows it, `on_one_line`: a learner's code can name a file it writes
    (a notebook beside main.py) with escape sequences a terminal would run, or line breaks that start lines of
    its own."""
    return on_one_line(os.fspath(path))


def shell_word(path):
    """`path` as one word a shell reads back as that path, with nothing hidden in it: shlex.quote's where `path` holds
    no control, bidi or invisible character, else the $'...' form (bash, zsh and ksh) with each of those, and each
    byte of a name that is not UTF-8, as an escape."""
    import shlex

    text = os.fspath(path)
    if shown_path(text) == text:
        return shlex.quote(text)

    def escaped(char):
        code = ord(char)
        if char in "\\'":
            return "\\" + char
        if 0xDC80 <= code <= 0xDCFF:    # a byte that is not UTF-8, as os.fsdecode keeps it
            return f"\\x{code - 0xDC00:02x}"
        if char == "\n" or _HIDDEN.fullmatch(char):
            return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
        return char

    return "$'" + "".join(map(escaped, text)) + "'"


def without_workflow_commands(text):
    """`text` with what GitHub Actions would run as a workflow command shown as an escape, as `visible` shows
    hidden characters: a line's leading ':' of '::' as \\x3a, and '##[' as ##\\x5b."""
    return _WORKFLOW_COMMAND.sub(lambda match: "##\\x5b" if match.group(1) is None else match.group(1) + "\\x3a",
                                 text)


def visible_data(value, shown=visible):
    """JSON data `value` with every string in it, however deep, made `shown` (by default `visible`): for files a
    platform shows as they are."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, dict):
        return {key: visible_data(item, shown) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [visible_data(item, shown) for item in value]
    return value


def fit_for_actions_log(text):
    """`text` `visible`, and without anything GitHub Actions would run as a workflow command: for what a step of a
    workflow prints, or hands to a later step that prints it (GitHub Classroom's reporter)."""
    return without_workflow_commands(visible(text))


def _escape(match):
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def json_escaped(text):
    """JSON text (as json.dumps writes it without ensure_ascii) with every control, bidi and invisible character
    written as its \\u escape: a parser reads the same strings, and a reader of the file sees nothing hidden."""
    return _HIDDEN.sub(_json_escape, text)


def _json_escape(match):
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000   # a surrogate pair, as JSON writes a character beyond the Basic Multilingual Plane (RFC 8259)
    return f"\\u{0xd800 + (code >> 10):04x}\\u{0xdc00 + (code & 0x3ff):04x}"


def shown_name(name):
    """A learner's name as reports show it: NFKC-normalised, nothing hidden in it, on one line (a line break in a
    folder's name would start a row or a line of the learner's own in a CSV file or the terminal)."""
    return on_one_line(unicodedata.normalize("NFKC", str(name)))


def without_marks(text):
    """`text` decomposed (NFKD) without its combining marks: "Zoë Müller" is "Zoe Muller"."""
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def skeleton(name):
    """What a name looks like: equal skeletons mean a reader may take one name for the other."""
    text = without_marks(_HIDDEN.sub("", unicodedata.normalize("NFKC", str(name))).casefold())
    return re.sub(r"[\s._-]+", "", text.translate(_CONFUSABLES)).replace("rn", "m").replace("vv", "w")


def lookalikes(names):
    """{name: [the other names that look like it]}, for the names that look like another."""
    groups = {}
    for name in names:
        groups.setdefault(skeleton(name), []).append(name)
    return {name: [other for other in group if other != name]
            for group in groups.values() if len(set(group)) > 1 for name in group}


def spreadsheet_cell(text):
    """A CSV cell that a spreadsheet shows as text: visible, and never a formula, even after blanks or newlines. A lone
    "-" (Moodle's worksheet writes it for "never") is no formula, and is left as it is."""
    text = visible(text)
    # A spreadsheet may read a full-width "＝" as "=", or drop a no-break space before one: the cell is judged as
    # NFKC makes it, without any leading blank.
    bare = text if text.isascii() else unicodedata.normalize("NFKC", text)   # NFKC leaves ASCII as it is
    dangerous = text != "-" and (bare.startswith(_FORMULA_START) or bare.lstrip().startswith(_FORMULA_START))
    return "'" + text if dangerous else text


class SpreadsheetWriter:
    """A csv.writer that writes every cell as a spreadsheet_cell: no row of any CSV the grader writes can carry a
    formula, whichever of its cells came from a learner, a class list or a platform's file."""

    def __init__(self, file):
        self.writer = csv.writer(file)

    def writerow(self, row):
        self.writer.writerow([spreadsheet_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
