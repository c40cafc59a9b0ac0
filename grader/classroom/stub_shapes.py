"""Whether a learner's file is a challenge's stub as shipped, up to comments and layout (the same syntax tree).

`grade report` asks this of every file of the class before any is graded, so it lies on the path of every
report. Parsing a file is most of the cost, and most files are not the stub: a cheaper reading shows that
first. Two files with the same syntax tree name the same identifiers the same number of times outside
strings and comments (each name in a tree comes from one identifier of the text, or from inside an
f-string, or from a soft keyword that the tree records as a node of its own). So a file whose count
differs from the stub's is not the stub; one whose text is the stub's but for comments, blank lines and blanks at
the ends of lines (a learner's name at the top) is the stub, unparsed (code_only); any other is parsed and compared
whole. The same reading tells a copy of the course's solution.
"""
import ast
import collections
import functools
import keyword
import re
import sys
import warnings

from grader.judge.imports import python_text

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
# A backslash before a comment, outside a string, is a syntax error this reading would pass over, and so read two
# broken files alike.
_BACKSLASH_BEFORE_COMMENT = re.compile(r"\\[ \t]*#")


def _readable(data):
    """The Python source `data` (bytes) as text with \n line endings, where this module's reading of its tokens can be
    trusted to match the parser's; else None."""
    if sys.version_info >= (3, 14) or _CODING.match(data):
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    # The parser reads every line ending as \n, so a backslash before \r\n continues a string as before \n.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if (sys.version_info >= (3, 12) and _F_STRING.search(text)) or _BACKSLASH_BEFORE_COMMENT.search(text):
        return None
    return text


def identifier_counts(data):
    """How many times each identifier appears in the Python source `data` (bytes) outside strings and comments,
    keywords left out; None where this reading cannot be trusted to match the parser's."""
    text = _readable(data)
    if text is None:
        return None
    counts = collections.Counter(_TOKEN.findall(text))
    del counts[""]
    if not all(name.isascii() for name in counts):
        return None
    for word in keyword.kwlist:
        del counts[word]
    return counts


# A string, kept; or the end of a line with the blanks and comment before it and the blank or comment-only lines after
# it, which the tokenizer reads as nothing (NL and COMMENT tokens), read as one line end. Not after a backslash, which
# joins the next line to its own. A name or number holds no quote or "#", so looking for the first of them finds
# where each string and comment starts, as _TOKEN's reading does. The lookahead first: most characters start neither.
_LAYOUT = re.compile(rf"(?=[ \t\n#'\"])(?:({_QUOTED})|(?<![\\ \t])(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*(?:#[^\n]*)?(\n|\Z))",
                     re.DOTALL)


def code_only(data):
    """The Python source `data` (bytes) without its comments, blank lines and blanks at the ends of lines, as text; None
    where this module's reading of it cannot be trusted (identifier_counts). Two files with the same code-only text
    have the same syntax tree."""
    text = _readable(data)
    # split() gives the text between matches and each match's two groups, None where a group did not take part.
    return None if text is None else "".join(filter(None, _LAYOUT.split(text))).strip("\n")


# In a course that holds only some challenges (a Gradescope autograder), the shipped stubs of the others, as
# OTHER_STUBS/<challenge>/main.py: a later stub gives an earlier challenge's classes as working code.
OTHER_STUBS = "other_stubs"


class OtherStubs:
    """The stubs a course keeps of challenges it does not hold (OTHER_STUBS), to tell a learner's file that is one."""

    def __init__(self, root):
        folder = root / OTHER_STUBS
        paths = sorted(folder.glob("*/main.py")) if folder.is_dir() else []
        self.shapes = [CourseFile(path.read_bytes()) for path in paths]

    def holds(self, data):
        return any(_same_code(shape, data) for shape in self.shapes)


class StubShapes:
    """The shipped stubs of some challenges, to tell a learner's file that is one of them; and the course's solutions,
    where the course holds them (an instructor's clone: a release leaves them out), to tell one handed in."""

    def __init__(self, challenges):
        from grader.course import shipped_or_none, solution_or_none

        # challenge name -> its CourseFile, or None where the course has no such file
        self.stubs, self.solutions = {}, {}
        for challenge in challenges:
            stub, solution = shipped_or_none(challenge), solution_or_none(challenge)
            self.stubs[challenge.name] = None if stub is None else CourseFile(stub)
            self.solutions[challenge.name] = None if solution is None else CourseFile(solution)

    def is_stub(self, challenge, data):
        return _same_code(self.stubs.get(challenge.name), data)

    def is_solution(self, challenge, data):
        """Whether `data` is the course's solution of `challenge`, statement for statement (comments and layout
        aside)."""
        solution = self.solutions.get(challenge.name)
        # Most files are a learner's own: their text without comments and spaces tells them apart in microseconds,
        # where a syntax tree takes milliseconds of the class report's one process. A file it does not tell apart
        # is most likely the solution itself, which its code_only text tells first.
        # The same code is no solution handed in where Python refuses the file, which scores nothing. Python refuses
        # a file of the solution's code only for a NUL byte in its comments (code_only reads a file that decodes and
        # declares no coding; any other was parsed to the solution's tree), so the solution is compiled, once.
        return solution is not None and _without_layout(data) == solution.without_layout and _same_code(
            solution, data, likely=True) and b"\0" not in data and solution.compiles


def _without_layout(data):
    """The text of Python source `data` (bytes), decoded as Python's import decodes it (a byte-order mark dropped,
    a declared coding read), without its comments and whitespace."""
    return re.sub(r"\s+", "", re.sub(r"#[^\r\n]*", "", python_text(data)))


def _compiles(data):
    """Whether Python compiles the source `data` (bytes), as importing it would."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # an invalid escape's SyntaxWarning is the learner's, not the report's
            compile(data, "main.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False
    return True


class CourseFile:
    """A stub or solution of the course (`data`: its bytes), with the readings _same_code compares a learner's file
    with, each made when first asked for: a class report compares files with a few of the course's files, and
    reading all of them, the syntax trees most, would cost more than the comparisons of a small class."""

    def __init__(self, data):
        self.data = data

    @functools.cached_property
    def tree(self):
        """Its syntax tree, or None where Python does not read it: then no file is this one."""
        return _tree(self.data)

    @functools.cached_property
    def counts(self):
        counts = identifier_counts(self.data)
        # The longest names first: they are the rarest, and _lacks_an_identifier stops at the first a file lacks.
        if counts is not None:
            counts = collections.Counter(dict(sorted(counts.items(), key=lambda item: -len(item[0]))))
        return counts

    @functools.cached_property
    def code(self):
        return code_only(self.data)

    @functools.cached_property
    def without_layout(self):
        return _without_layout(self.data)

    @functools.cached_property
    def compiles(self):
        return _compiles(self.data)


def _same_code(shipped, data, likely=False):
    """Whether the Python source `data` is the CourseFile `shipped`, comments and layout aside. `likely`: `data` is
    most likely that file, so its code_only text is read before its identifiers are counted."""
    if shipped is None:
        return False
    # A course file Python does not read is no file's code: its tree is parsed once something else says "the same".
    if data == shipped.data:
        return shipped.tree is not None
    counts, code = shipped.counts, shipped.code
    # A copy with a name in a comment, or a blank line more, is told without parsing it: at once where it is likely,
    # else once its identifiers are the file's (most files are not, and counting them is quicker).
    if likely and code is not None and code_only(data) == code:
        return shipped.tree is not None
    if counts is not None and (_lacks_an_identifier(data, counts) or _counted(data) not in (None, counts)):
        return False
    if not likely and code is not None and code_only(data) == code:
        return shipped.tree is not None
    return shipped.tree is not None and same_tree(_tree(data), shipped.tree)


@functools.lru_cache(maxsize=8)
def _counted(data):
    """identifier_counts of a learner's file, read once however many course files it is compared with; not to be
    changed."""
    return identifier_counts(data)


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


class ChallengeNames:
    """The names each challenge's checks look for (the stub's, names_meant.stub_names), to tell which challenge a
    learner's file was written for: a class graded for the wrong challenge gets a 0 from every check, which reads
    as a grade."""

    def __init__(self, challenges):
        self.challenges = list(challenges)

    @functools.cached_property
    def names(self):
        """{challenge name: the names its checks look for}, read when first asked for: most classes never ask."""
        from grader.course import shipped_or_none
        from grader.sandbox.names_meant import stub_names

        names = {}
        for challenge in self.challenges:
            data = shipped_or_none(challenge)
            names[challenge.name] = stub_names(data) if data is not None else frozenset()
        return names

    def reading(self, challenge, data):
        """(how many of the names `challenge`'s checks look for the file `data` defines, the challenge whose names
        its own are nearest, whether it defines any name at all). Nearest is the largest share of the two sets of
        names that both hold (their Jaccard index), `challenge` itself where others tie with it; "" where the file
        defines no challenge's name."""
        defined = defined_names(data)
        own = self.names.get(challenge, frozenset())
        nearest, best = "", 0.0
        for name, names in self.names.items():
            share = len(defined & names) / len(defined | names) if defined & names else 0.0
            if share > best or (share == best and share and name == challenge):
                nearest, best = name, share
        return len(defined & own), nearest, bool(defined)


_DEFINITION = re.compile(r"(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)|([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)")


def defined_names(data):
    """The names the Python source `data` (bytes) defines as names_meant.stub_names reads a stub: each top-level
    function, class and assigned name, and Class.method for each method of a top-level class. Read line by line
    rather than parsed, so that it costs little and a file with a syntax error is read too."""
    text = data.decode("utf-8", "replace")
    names, owner = set(), None
    for line in text.splitlines():
        code = line.lstrip(" \t")
        if not code or code.startswith("#"):
            continue
        match = _DEFINITION.match(code)
        if line is code or len(line) == len(code):
            owner = None
            if match:
                names.add(match[1] or match[2])
                owner = match[1] if code.startswith("class") else None
        elif owner and match and match[1]:
            names.add(f"{owner}.{match[1]}")
    return frozenset(names)
