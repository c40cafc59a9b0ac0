"""In a worker: the `while` loop of the learner's file that code stopped at its time limit was running in.

A loop over a list or a range ends; a `while` loop whose condition never turns false does not, and the line the
timer stopped is wherever the loop's body happened to be. The loop itself is what a learner has to look at.
"""
import ast

# Bound before any learner's code runs, which may replace the modules' own.
_compile, _AST_ONLY, _walk, _While = compile, ast.PyCF_ONLY_AST, ast.walk, ast.While
MOST_BYTES_PARSED = 300_000   # a larger file is not parsed in the time left after the limit


def enclosing_while(path, lines):
    """{"line", "source"} of the innermost `while` loop of the file at `path` that holds the first of `lines` (line
    numbers, the deepest frame's first) any loop holds; None where none does, or the file cannot be read or parsed."""
    try:
        with open(path, "rb") as file:
            source = file.read(MOST_BYTES_PARSED + 1)
        if len(source) > MOST_BYTES_PARSED:
            return None
        loops = [node for node in _walk(_compile(source, path, "exec", _AST_ONLY)) if isinstance(node, _While)]
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    text = source.decode("utf-8", errors="replace").splitlines()
    for line in lines:
        holding = [loop for loop in loops if isinstance(line, int) and loop.lineno <= line <= loop.end_lineno]
        if holding:
            innermost = max(holding, key=lambda loop: loop.lineno)
            return {"line": innermost.lineno, "source": text[innermost.lineno - 1].strip()[:300]
                    if innermost.lineno <= len(text) else ""}
    return None
