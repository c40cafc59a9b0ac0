"""Reads a learner's file, as graded, to find NumPy calls whose result is thrown away.

`np.clip(y_pred, 1e-7, 1 - 1e-7)` on a line of its own changes nothing: NumPy's functions
return a new array. Such a line explains a failing check better than the check's own guess.
"""
import ast

from grader.judge.imports import syntax_tree_of

# NumPy functions that return a new array and never change their arguments.
PURE = frozenset({"clip", "maximum", "minimum", "exp", "log", "sqrt", "abs", "absolute", "sum", "mean", "dot",
                  "where", "reshape", "transpose", "argmax", "max", "min", "round", "copy", "astype", "eye"})


def discarded_calls(source):
    """[(line, "np.clip")] for every statement of `source` (a file's bytes) that calls a pure NumPy function and
    uses nothing it returns."""
    tree = syntax_tree_of(source, ("np.", "numpy."))
    if tree is None:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            function = node.value.func
            if isinstance(function, ast.Attribute) and function.attr in PURE \
                    and isinstance(function.value, ast.Name) and function.value.id in ("np", "numpy"):
                found.append((node.lineno, f"{function.value.id}.{function.attr}"))
    return sorted(found)
