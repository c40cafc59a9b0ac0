"""Reads a learner's file as text to find imports of the grader's own packages."""
import ast
import io
import re
import tokenize

from grader import BLOCKED_PACKAGES


def syntax_tree_of(source, words):
    """The syntax tree of `source` (a file's bytes), or None when it cannot be parsed or names none of `words`. The
    bytes are parsed as they are, so that Python decodes them as its import does."""
    text = python_text(source)
    try:
        return ast.parse(source) if any(word in text for word in words) else None
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def python_text(source):
    """`source`, a file's bytes, decoded as Python's import decodes it: in the encoding its coding line or byte-order
    mark declares (PEP 263), UTF-8 without one or where that encoding decodes no text. A byte that does not decode
    becomes U+FFFD. Never raises."""
    try:
        # Python reads \r and \r\n as line ends before it looks for a coding line in the first two.
        lines = io.BytesIO(re.sub(rb"\r\n?", b"\n", source))
        encoding, _ = tokenize.detect_encoding(lines.readline)
        return source.decode(encoding, errors="replace")
    except (SyntaxError, LookupError, UnicodeError, ValueError, TypeError):
        # An encoding Python does not know, or a codec of bytes (rot13, hex): the import refuses the file.
        return source.decode("utf-8", errors="replace")


def refused_imports(source):
    """[(package, line)] for every import of reference, solutions or grader in `source`, a file's bytes."""
    tree = syntax_tree_of(source, BLOCKED_PACKAGES)
    if tree is None:
        return []
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and _is_import_call(node.func) and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            names = [node.args[0].value]
        for name in names:
            top = name.partition(".")[0]
            if top in BLOCKED_PACKAGES:
                found.append((top, node.lineno))
    return found


def _is_import_call(func):
    if isinstance(func, ast.Name):
        return func.id == "__import__"
    return isinstance(func, ast.Attribute) and func.attr == "import_module"
