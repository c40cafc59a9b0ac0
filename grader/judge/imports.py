"""Reads a learner's file as text to find imports of the grader's own packages."""
import ast

from grader import BLOCKED_PACKAGES


def syntax_tree_of(source, words):
    """The syntax tree of `source` (a file's bytes), or None when it cannot be parsed or names none of `words`."""
    text = source.decode("utf-8", errors="replace")
    try:
        return ast.parse(text) if any(word in text for word in words) else None
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


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
