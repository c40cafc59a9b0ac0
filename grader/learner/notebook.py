"""Grading from inside Jupyter, JupyterLab or Colab: `%load_ext grader`, then `%grade 5` or `grader.check(5)`.

What is graded is what the notebook has run so far (the cells executed in this
kernel, in order; a cell run again at once, unchanged, counts once, and of a cell
that raised once the grader was loaded, only the statements before the one that
raised count, as the kernel kept what they defined), or a saved notebook file
when one is named. It is
graded exactly as `grade CHALLENGE --submission FILE.ipynb` grades it, in the
same confined worker, by a `grade` process of its own: the notebook's kernel,
where the learner's code has run, takes no part in the judging.
"""
import html
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from grader.judge.notebook import IPYTHON_ONLY, LABEL_KEY
from grader.learner.grade_process import grade_command, grade_environment


@dataclass
class NotebookReport:
    """A grading shown inline: a summary line and the HTML report in a frame that runs no script."""

    challenge: str
    result: dict | None      # the JSON result, as `grade --json` prints it; None when it could not grade
    page: str = ""           # the HTML report
    problem: str = ""        # why it could not grade
    note: str = ""           # what to know of how the kernel's cells were taken, said under the summary

    @property
    def passed(self):
        return bool(self.result and self.result["passed"])

    @property
    def score(self):
        return self.result["score"] if self.result else 0.0

    @property
    def max_score(self):
        return self.result["max_score"] if self.result else 0.0

    def _repr_html_(self):
        if self.result is None:
            return (f'<div style="border-left:4px solid #cf222e;padding:8px 12px"><b>{html.escape(self.challenge)} '
                    f'could not be graded.</b><br>{html.escape(self.problem)}</div>')
        passed = sum(check["status"] == "passed" for check in self.result["checks"])
        colour = "#1a7f37" if self.passed else "#cf222e"
        summary = (f"{html.escape(self.result['title'])}: {passed} of {len(self.result['checks'])} checks "
                   f"passed, {self.score:g}/{self.max_score:g}")
        # sandbox="allow-same-origin" without allow-scripts: the frame can be sized to fit, and runs no script.
        note = f'<div style="padding:2px 12px">{html.escape(self.note)}</div>' if self.note else ""
        return (f'<div style="border-left:4px solid {colour};padding:4px 12px;font-weight:600">{summary}</div>{note}'
                f'<iframe sandbox="allow-same-origin" srcdoc="{html.escape(self.page, quote=True)}" '
                'style="width:100%;height:640px;border:1px solid #d0d7de;border-radius:6px" '
                'onload="this.style.height=(this.contentDocument.body.scrollHeight+40)+\'px\'"></iframe>')

    def __repr__(self):
        if self.result is None:
            return f"{self.challenge}: could not be graded. {self.problem}"
        return f"{self.result['challenge']}: {self.score:g}/{self.max_score:g}" + (f"\n{self.note}" if self.note else "")


def check(challenge=None, notebook=None):
    """Grade CHALLENGE (a name, number or part of a name; default: the next one not done) in a notebook.

    Grades `notebook` (a saved .ipynb file) when given, else the cells this kernel has run (see the module's
    docstring). Returns a NotebookReport, which Jupyter and Colab display inline.
    """
    with tempfile.TemporaryDirectory(prefix="nnfs-grade-") as folder:
        folder = Path(folder)
        note = ""
        if notebook is None:
            # Named as the learner's notebook, which the report's header shows.
            submission = folder / _kernel_notebook_name()
            if _write_history(submission):
                note = UNWATCHED_NOTE
        else:
            submission = Path(notebook).expanduser().resolve()
        page = folder / "report.html"
        command = grade_command(*([challenge] if challenge is not None else []), "--submission", submission,
                                "--json", "--html", page)
        completed = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                   env=grade_environment())
        if completed.returncode not in (0, 1):
            problem = completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else "grade failed."
            return NotebookReport(str(challenge), None, problem=problem.removeprefix("Error: "), note=note)
        result = json.loads(completed.stdout)
        return NotebookReport(result["challenge"], result, page.read_text(encoding="utf-8"), note=note)


def register(ipython):
    """Add the %grade line magic to `ipython`, and start noting the cells that raise."""
    _note_failures(ipython)

    def grade(line):
        """%grade CHALLENGE [NOTEBOOK.ipynb]: grade what this notebook has run (or the saved file)."""
        words = line.split()
        return check(words[0] if words else None, words[1] if len(words) > 1 else None)

    ipython.register_magic_function(grade, magic_kind="line", magic_name="grade")


# The name of the cells a kernel ran, where the notebook's own file is not known (Colab, an older Jupyter).
UNNAMED_NOTEBOOK = "this notebook (the cells run so far).ipynb"


def _kernel_notebook_name():
    """The file name of the notebook this kernel runs, as its report names it: Jupyter Server (2 and later) tells
    its kernels in JPY_SESSION_NAME, VS Code in __vsc_ipynb_file__; else UNNAMED_NOTEBOOK."""
    import os

    named = os.environ.get("JPY_SESSION_NAME", "")
    try:
        from IPython import get_ipython

        shell = get_ipython()
        named = str((shell.user_ns if shell is not None else {}).get("__vsc_ipynb_file__") or named)
    except ImportError:
        pass
    name = Path(named.replace("\\", "/")).name
    usable = name.lower().endswith(".ipynb") and len(name) > len(".ipynb") and len(name.encode()) <= 200
    return name if usable else UNNAMED_NOTEBOOK


# For each shell: the execution count from which the grader watched its cells, and the cells that raised since:
# {execution count: the lines, outermost first, of the module-level code the exception left (the cell's; then a
# cell magic's body), empty where nothing of it ran (a syntax error)}.
_FAILED = {}
# A cell that only loads the grader, which runs before it watches anything.
_GRADER_LOAD = re.compile(r"\s*(?:%(?:re)?load_ext\s+grader|import\s+grader)\s*\Z")
UNWATCHED_NOTE = ("Some cells ran before the grader was loaded (%load_ext grader, or import grader), so whether they "
                  "raised is not known: they were graded whole. Run %load_ext grader in the first cell, or restart "
                  "the kernel and run every cell again.")


def _note_failures(shell):
    """Start noting the cells `shell` runs that raise (once per shell)."""
    if id(shell) in _FAILED:
        return
    failed = {}
    _FAILED[id(shell)] = (getattr(shell, "execution_count", 0) or 0, failed)

    def note(result):
        if not result.success and result.execution_count:
            failed[result.execution_count] = _lines_that_raised(result.error_in_exec)

    shell.events.register("post_run_cell", note)


def _lines_that_raised(exc):
    """The lines at which `exc` left each module-level code it went through, outermost first: the cell (IPython runs
    a cell as a module of its own), then, for a cell magic such as %%time, its body. Empty where it never ran."""
    import traceback

    if exc is None:
        return []
    return [line for frame, line in traceback.walk_tb(exc.__traceback__) if frame.f_code.co_name == "<module>"]


def _as_far_as_it_ran(source, lines):
    """The cell's statements that ran in the kernel before the one that raised (`lines`: _lines_that_raised), whose
    partial effects are lost, as source; "" where none did. IPython drops a cell's leading blank lines before it
    numbers the rest, and a cell magic's body (%%time) raised in code of its own, numbered from the line after the
    magic's."""
    import ast

    cell = source.splitlines()
    skipped = next((number for number, text in enumerate(cell) if text.strip()), len(cell))
    magic = 1 if skipped < len(cell) and cell[skipped].lstrip().startswith("%%") else 0
    line = lines[1] if magic and len(lines) > 1 else lines[0] if lines and not magic else None
    if line is None:
        return ""
    first = skipped + magic    # the index in `cell` of the code's line 1
    # IPython's own lines (%matplotlib, !pip) read as `pass`, so that the statements around them parse.
    code = [re.sub(r"\S.*", "pass", text) if IPYTHON_ONLY.match(text) else text for text in cell[first:]]
    try:
        statements = ast.parse("\n".join(code)).body
    except SyntaxError:   # a cell that does not parse raised before it ran
        return ""
    start = next((node.lineno for node in statements if node.lineno <= line <= (node.end_lineno or node.lineno)),
                 None)
    return "\n".join(cell[:first + start - 1]) if start and start > 1 else ""


def _write_history(path):
    """The cells this kernel has run, as the module's docstring says, as a notebook whose cells are labelled
    In [n]. Returns whether cells ran before the grader watched them (UNWATCHED_NOTE)."""
    import nbformat
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("grader.check() without a notebook file works only inside Jupyter or Colab; "
                           "name the notebook to grade: grader.check(5, 'work.ipynb').")
    _note_failures(shell)
    (watched_from, failed), before = _FAILED[id(shell)], None
    inputs = shell.history_manager.input_hist_raw
    cells = []
    # The last input is the cell calling the grader, which is running now.
    for count, source in enumerate(inputs[:-1]):
        # A cell run again at once, unchanged (a slow training cell, say), would take its time as often as it was
        # run: it counts once. Run again after other cells, it runs again, as in the kernel.
        again, before = source == before, None if count in failed else source
        if count in failed:
            # The kernel goes on after a cell that raised, with what its statements before that one defined.
            source = _as_far_as_it_ran(source, failed[count])
        if not count or not source.strip() or again:
            continue
        # Each cell's label travels in its metadata, so messages name the cell as the notebook shows it: In [7].
        cells.append(nbformat.v4.new_code_cell(source, metadata={LABEL_KEY: {"label": f"In [{count}]"}}))
    nbformat.write(nbformat.v4.new_notebook(cells=cells), str(path))
    # The cell that loaded the grader is the first it watched; any that ran before it were not.
    return any(0 < count < watched_from and source.strip() and not _GRADER_LOAD.match(source)
               for count, source in enumerate(inputs))
