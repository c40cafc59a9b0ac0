"""`grade release --notebooks`: each challenge also as a Jupyter notebook a class can hand out.

The notebook holds the instructions as markdown, the stub as code cells (one
per top-level class or function, so a learner runs and reruns one piece at a
time) and, last, a cell that grades what the notebook has run (grader.learner.notebook).
"""
import ast

from grader.course import NOTEBOOKS
HOW_TO = ("**How to work in this notebook.** Run the first code cell once. Then fill in the `# TODO:` parts, "
          "run each cell you change, and run the last cell to grade what this notebook has run. Graded in a "
          "separate process, as `grade {name}` grades `main.py`.")


def challenge_notebook(challenge):
    """The nbformat notebook of `challenge`: its README, its stub in cells, and a grading cell."""
    import nbformat

    cells = [nbformat.v4.new_markdown_cell(challenge.readme.read_text(encoding="utf-8")),
             nbformat.v4.new_markdown_cell(HOW_TO.format(name=challenge.name)),
             nbformat.v4.new_code_cell("%load_ext grader")]
    cells += [nbformat.v4.new_code_cell(block) for block in stub_cells(challenge.stub.read_text(encoding="utf-8"))]
    cells.append(nbformat.v4.new_code_cell(f"%grade {challenge.name}"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata.update(kernelspec={"name": "python3", "display_name": "Python 3", "language": "python"},
                             language_info={"name": "python"})
    return notebook


def write_notebooks(folder, challenges):
    """Write `folder`/notebooks/<challenge>.ipynb for each challenge; returns their paths."""
    import nbformat

    target = folder / NOTEBOOKS
    target.mkdir(exist_ok=True)
    written = []
    for challenge in challenges:
        path = target / f"{challenge.name}.ipynb"
        nbformat.write(challenge_notebook(challenge), str(path))
        written.append(path)
    return written


def stub_cells(source):
    """`source` cut before each top-level statement that starts a new piece: imports stay together.

    Comments and decorators just above a class or function travel with it.
    """
    lines = source.splitlines()
    starts = []
    previous = None
    for node in ast.parse(source).body:
        first = min([node.lineno, *(decorator.lineno for decorator in getattr(node, "decorator_list", []))]) - 1
        joins_previous = previous is not None and isinstance(node, (ast.Import, ast.ImportFrom, ast.Expr)) \
            and isinstance(previous, (ast.Import, ast.ImportFrom, ast.Expr))
        if not joins_previous:
            while first > 0 and lines[first - 1].lstrip().startswith("#"):
                first -= 1
            starts.append(first)
        previous = node
    if not starts:
        return [source]
    starts[0] = 0
    bounds = [*starts, len(lines)]
    return [block for block in ("\n".join(lines[start:end]).strip("\n") for start, end in zip(bounds, bounds[1:]))
            if block.strip()]
