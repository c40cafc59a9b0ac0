"""Whether a learner's file is a challenge's stub as shipped, up to comments and layout (the same syntax tree).

`grade report` asks this of every file of the class before any is graded, so it lies on the path of every
report. Parsing a file is most of the cost, and most files are not the stub: a cheaper reading shows that
first. Two files with the same syntax tree name the same identifiers the same number of times outside
strings and comments (each name in a tree comes from one identifier of the text, or from inside an
f-string, or from a soft keyword that the tree records as a node of its own). So a file whose count
differs from the stub's is not the stub; any other is parsed and compared whole.
"""
import ast
import collections
import keyword
import re
import sys

# One token of Python's lexical grammar (the Language Reference, "Lexical analysis") at a time: a run of blanks and
# operators, a comment, a string (with or without a prefix; a backslash escapes the next character, even in a raw
# string), a number, a name. Each alternative starts with a character class, which the regular expression engine
# checks before trying it. The prefix is read loosely (any two of its letters): a name of two such letters
# followed by a quote is a syntax error unless it is a prefix, and no keyword is one. A string left open runs to
# the end of its line, or of the text: once an alternative starts it matches, so reading stays linear even for a
# text made of unclosed quotes. A character beyond ASCII outside strings and comments is read as a name, which
# makes the whole reading untrusted (the parser keeps identifiers in NFKC form: other characters may spell the
# same name).
_QUOTED = (r"(?:'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:'''|\\?\Z)"
           r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:"""|\\?\Z)'
           r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*(?:'|(?=\n)|\\?\Z)"
           r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*(?:"|(?=\n)|\\?\Z))')
_DIGITS = r"[0-9](?:_?[0-9])*"
_EXPONENT = rf"(?:[eE][+-]?{_DIGITS})?[jJ]?"
_TOKEN = re.compile(
    r"[ \t\n()\[\]{}:,;=+\-*/<>%@&|^~!]+"
    r"|#[^\n]*"
    rf"|{_QUOTED}|[rRbBfFuU][rRbBfF]?{_QUOTED}"
    r"|0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+"
    rf"|{_DIGITS}(?:\.(?:{_DIGITS})?)?{_EXPONENT}|\.{_DIGITS}{_EXPONENT}"
    r"|((?:[^\W\d]|[^\x00-\x7f])(?:\w|[^\x00-\x7f])*)",
    re.DOTALL)
# PEP 263: a coding declared in the first two lines; the parser then reads the bytes otherwise.
_CODING = re.compile(rb"\A(?:[^\r\n]*[\r\n]+)?[^\r\n]*coding[:=]")
# From Python 3.12 an f-string's braces hold code, with quotes of its own (PEP 701); from 3.14 other prefixes exist.
_F_STRING = re.compile(r"(?<!\w)(?:[rR][fF]|[fF][rR]?)['\"]")


def identifier_counts(data):
    """How many times each identifier appears in the Python source `data` (bytes) outside strings and comments,
    keywords left out; None where this reading cannot be trusted to match the parser's."""
    if sys.version_info >= (3, 14) or _CODING.match(data):
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    # The parser reads every line ending as \n, so a backslash before \r\n continues a string as before \n.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if sys.version_info >= (3, 12) and _F_STRING.search(text):
        return None
    counts = collections.Counter(_TOKEN.findall(text))
    del counts[""]
    if not all(name.isascii() for name in counts):
        return None
    for word in keyword.kwlist:
        del counts[word]
    return counts


class StubShapes:
    """The shipped stubs of some challenges, to tell a learner's file that is one of them."""

    def __init__(self, challenges):
        from grader.course import shipped_or_none

        self.stubs = {}    # challenge name -> (its bytes, its syntax tree, its identifier counts), or None
        for challenge in challenges:
            data = shipped_or_none(challenge)
            tree = _tree(data) if data is not None else None
            self.stubs[challenge.name] = (data, tree, identifier_counts(data)) if tree is not None else None

    def is_stub(self, challenge, data):
        shipped = self.stubs.get(challenge.name)
        if shipped is None:
            return False
        text, tree, counts = shipped
        if data == text:
            return True
        if counts is not None and (_lacks_an_identifier(data, counts) or identifier_counts(data) not in (None, counts)):
            return False
        return same_tree(_tree(data), tree)


def _lacks_an_identifier(data, counts):
    """Whether `data` holds some identifier fewer times than `counts` gives, even counting comments and strings.

    Quicker than reading it as Python (a solution no longer raises the stub's NotImplementedError, say), and
    sound only where every identifier is spelt as the parser keeps it: plain ASCII, no coding declared."""
    if not data.isascii() or _CODING.match(data):
        return False
    return any(data.count(name.encode()) < times for name, times in counts.items())


def _tree(data):
    try:
        return ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def same_tree(one, other):
    """Whether two syntax trees are equal as `ast.dump` shows them (fields, not positions), stopping at the first
    difference: a class's files are compared with the stub one by one, and most differ early."""
    pending = [(one, other)]
    while pending:
        a, b = pending.pop()
        if type(a) is not type(b):
            return False
        if isinstance(a, ast.AST):
            pending += [(getattr(a, name, None), getattr(b, name, None)) for name in a._fields]
        elif isinstance(a, list):
            if len(a) != len(b):
                return False
            pending += zip(a, b)
        elif a != b:
            return False
    return True
