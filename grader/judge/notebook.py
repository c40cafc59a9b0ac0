"""A Jupyter notebook as a submission: its code cells, in order, as one Python file, and a map back to cells.

The cells run as "Restart and run all" would run them, except what only IPython
understands: magics (`%matplotlib inline`, `%%time` cells), shell commands
(`!pip install ...`, `files = !ls`) and help (`np.dot?`) are left out (a `%%capture out` cell runs with what it
prints kept in `out`, as in IPython), and so
are the lines that call the grader itself (`%grade 5`, `grader.check(...)`), which
must not run inside the grading. One note tells the cells left out, and one the lines.
"""
import ast
import contextlib
import re
import tempfile
import tokenize
import warnings
from dataclasses import dataclass
from pathlib import Path

from grader.judge.submission import (MAX_BYTES, NotebookError, SubmissionRefused, SubmissionTooLarge,  # noqa: F401
                                     read_submission)
from grader.modules import python_lines
from grader.results import (IMPORT_FAILED, IMPORT_FAILED_NOTEBOOK, IMPORT_TOO_SLOW, IMPORT_TOO_SLOW_NOTEBOOK,
                            NOT_IMPORTED, NOT_IMPORTED_NOTEBOOK)
from grader.sandbox.names_meant import LOOKED_FOR

MAX_NOTEBOOK_BYTES = 32 << 20      # outputs such as plots make notebooks far larger than their code
# A notebook's JSON values, at most: a notebook of plots has few (an image is one long string), while a file of
# millions of tiny values would take gigabytes to parse.
MAX_NOTEBOOK_VALUES = 1_000_000
# A line IPython reads as a magic, a shell command or a request for help, not as Python.
IPYTHON_ONLY = re.compile(r"^\s*(?:[%!]|[\w.]+\s*=\s*[%!])|^\s*[\w.]+\?{1,2}\s*$")
# `import grader` must not run inside the grading; the notebook's calls of grader.check get a stand-in (_STAND_INS).
_CALLS_THE_GRADER = re.compile(r"^\s*import\s+grader\s*(?:#.*)?$")
_EXECUTED_LABEL = re.compile(r"In \[[0-9]{1,6}\]\Z")
LABEL_KEY = "nnfs_grade"          # the metadata that carries a cell's label
_CALLS_DISPLAY = re.compile(r"(?<![\w.])display\s*\(")
_USES_THE_GRADER = re.compile(r"(?<![\w.])grader\s*\.")
_CALLS_GET_IPYTHON = re.compile(r"(?<![\w.])get_ipython\s*\(")
# An import of IPython's own get_ipython binds the name where it runs, after the stand-in: not a definition.
_DEFINES_GET_IPYTHON = re.compile(r"^[ \t]*(?:def[ \t]+get_ipython\b|get_ipython[ \t]*=)", re.MULTILINE)
# IPython gives a notebook get_ipython() without an import: the shell, whose magics and commands do nothing here, as
# the lines the grader leaves out do nothing (getoutput gives [], as `files = !ls` does); it is not Colab's.
_SHELL_STAND_IN = """class _NnfsGradeShell:
    config, user_ns = {}, globals()
    def run_line_magic(self, *args, **kwargs):
        return None
    run_cell_magic = magic = system = run_line_magic
    def getoutput(self, *args, **kwargs):
        return []
    def __repr__(self):
        return "<a stand-in for IPython's shell: the grader runs the notebook's code as Python>"
def get_ipython():
    return _NnfsGradeShell()""".splitlines()
# [ \t]*, not \s*: with MULTILINE, \s* would run across blank lines, and a cell of many of them takes hours.
_DEFINES_DISPLAY = re.compile(r"^[ \t]*(?:def[ \t]+display\b|display[ \t]*=|from[ \t]+\S+[ \t]+import[ \t].*\bdisplay\b)",
                              re.MULTILINE)
# Where Python's warnings and tracebacks name a line of the file the worker imported, a notebook's main.py.
_PRINTED_WARNING = re.compile(r"^([ \t]*)(?:[^\s:]*/)?main\.py:([0-9]{1,7}):", re.MULTILINE)
_PRINTED_FRAME = re.compile(r'File "(?:[^"\n]*/)?main\.py", line ([0-9]{1,7})')
# Where grader.sandbox.names_meant names the learner's file: the module the cells were joined into, the file, and
# the line that defines a name near the one the checks look for.
_JOINED_MODULE = re.compile(r"^module 'main' has no attribute '(\w+)'")
_YOUR_FILE = re.compile(r"\. Your file defines (?=\w+ \(line [0-9]{1,7}\)" + re.escape(LOOKED_FOR) + ")")
_DEFINED_AT = re.compile(r" \(line ([0-9]{1,7})\)(?=" + re.escape(LOOKED_FOR) + ")")
# What a check's message says of the file the cells were joined into, and what it says of the notebook instead: at
# its start, and anywhere in it.
_STARTS_IN_NOTEBOOK_WORDS = ((IMPORT_FAILED, IMPORT_FAILED_NOTEBOOK), (IMPORT_TOO_SLOW, IMPORT_TOO_SLOW_NOTEBOOK))
_IN_NOTEBOOK_WORDS = ((" while importing your file", " while your notebook's cells ran"),
                      ("Python cannot read your file: ", "Python cannot read your notebook's code: "))
# Cell magics whose body IPython runs as the cell's own code, names kept (%%timeit runs it inside a function).
CELL_MAGICS_OF_PYTHON = ("%%time", "%%capture", "%%prun")
# `%%capture [--no-stdout] [--no-stderr] [--no-display] [name]`: IPython runs the cell with what it prints kept in
# `name`, an IPython.utils.capture.CapturedIO, rather than shown.
_CAPTURE = re.compile(r"^\s*%%capture((?:\s+--no-(?:stdout|stderr|display))*)(?:\s+([A-Za-z_]\w*))?"
                      r"((?:\s+--no-(?:stdout|stderr|display))*)\s*$")
_CAPTURED_IO = """class _NnfsGradeCapturedIO:
    \"\"\"What %%capture keeps of a cell, as IPython's CapturedIO: stdout and stderr as text; show() prints them.\"\"\"
    def __init__(self, stdout=True, stderr=True):
        import io, sys
        self._streams = (sys.stdout, sys.stderr)
        self._kept = (io.StringIO() if stdout else None, io.StringIO() if stderr else None)
        sys.stdout, sys.stderr = [kept or stream for kept, stream in zip(self._kept, self._streams)]
        self.outputs = []
    def _end(self):
        import sys
        sys.stdout, sys.stderr = self._streams
    stdout = property(lambda self: self._kept[0].getvalue() if self._kept[0] else "")
    stderr = property(lambda self: self._kept[1].getvalue() if self._kept[1] else "")
    def show(self):
        import sys
        sys.stdout.write(self.stdout)
        sys.stderr.write(self.stderr)
    __call__ = show""".splitlines()
_CAPTURED_NAME = "_nnfs_grade_captured"    # where a %%capture that names nothing keeps the cell's output
# Colab's own module, which only Colab has: a notebook that mounts Drive or shows a widget there would stop at that
# cell anywhere else, where "Restart and run all" in Colab runs on.
COLAB_MODULES = ("drive", "files", "output", "patches", "userdata", "auth", "data_table", "widgets")
# What the notebook's imports of google.colab are bound to instead (_without_colab_imports): a stand-in the import
# system does not hold, so that a notebook that asks whether it runs in Colab is told it does not.
_COLAB_STAND_IN = """class _NnfsGradeColab:
    \"\"\"A stand-in for google.colab and its modules: each function of theirs does nothing and returns None.\"\"\"
    def __init__(self, name):
        self.__name__ = name
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _NnfsGradeColab(self.__name__ + "." + name)
    def __call__(self, *args, **kwargs):
        return None
class _NnfsGradeGoogle:
    \"\"\"What `import google.colab` binds to `google`: its colab, and nothing else of Google's packages.\"\"\"
    colab = _NnfsGradeColab("google.colab")
_nnfs_grade_google = _NnfsGradeGoogle()""".splitlines()
COLAB_NOTE = ("The notebook imports google.colab, which only Colab has: the grader stands in for it, and what it "
              "does in Colab (drive.mount, files.upload, ...) does nothing here and returns None; asked whether it "
              "runs in Colab, the notebook is told it does not.")
# A line that times one statement, which IPython runs in the notebook's own names (%timeit runs it in its own).
_TIMED_STATEMENT = re.compile(r"^(\s*)%time\s+(\S.*)$")
# How deep a notebook's JSON may nest: nbformat's own structure is 5 deep, widget state in its metadata a few more.
MAX_NOTEBOOK_DEPTH = 100
_GRADER_MAGIC = re.compile(r"^\s*%(?:load_ext\s+grader|grade\b)")
# What a note quotes of the cells and lines left out: a notebook of many `!pip install` cells is honest, and its
# notes must stay a few bounded sentences.
MOST_PLACES_NAMED = 3
MOST_CHARACTERS_QUOTED = 60


@dataclass(frozen=True)
class NotebookSource:
    text: str          # the code cells joined, each IPython-only line replaced by `pass`
    places: tuple      # for line n of text (places[n - 1]): (the cell's label, e.g. "cell 3", line in the cell)
    notes: tuple       # a sentence for the cell magics left out, and one for the lines

    def relocate(self, where):
        """`where` ({"line", ...} in the joined text) as a place in a cell: {"cell": "code cell 3", "line": 2, ...}."""
        line = where.get("line")
        if not isinstance(line, int) or not 1 <= line <= len(self.places):
            return where
        label, within = self.places[line - 1]
        nested = {key: self.relocate(where[key]) for key in ("caller", "top_level", "loop")
                  if isinstance(where.get(key), dict)}
        return {**where, "cell": label, "line": within, **nested}

    __call__ = relocate

    def relocate_printed(self, text):
        """`text` (what the code printed) with each place in the joined file that Python's warnings and tracebacks
        print ("main.py:12: RuntimeWarning", 'File ".../main.py", line 12') as the cell's place."""
        def place(line):
            where = self.relocate({"line": int(line)})
            return (where["cell"], where["line"]) if "cell" in where else None

        def warning(match):
            found = place(match.group(2))
            return f"{match.group(1)}{found[0]}, line {found[1]}:" if found else match.group(0)

        def frame(match):
            found = place(match.group(1))
            return f'File "{found[0]}", line {found[1]}' if found else match.group(0)

        text = _PRINTED_WARNING.sub(warning, text)
        return _PRINTED_FRAME.sub(frame, text)

    def relocate_message(self, text):
        """`text`, what the worker said of an exception, in the notebook's words where it names the file the cells
        were joined into: "module 'main' has no attribute 'X'" is the notebook's own X missing, and "Your file
        defines Layer_dense (line 31)" names a line of a cell ("It defines Layer_dense (In [4], line 2)")."""
        def defined_at(match):
            where = self.relocate({"line": int(match.group(1))})
            return f" ({where['cell']}, line {where['line']})" if "cell" in where else match.group(0)

        text = _JOINED_MODULE.sub(r"your notebook has no \1", text)
        text = _YOUR_FILE.sub(". It defines ", text)
        return _DEFINED_AT.sub(defined_at, text)

    @staticmethod
    def in_notebook_words(message):
        """A check's `message` where it says the file could not be imported, as the notebook's cells that could
        not all run: the worker imports them as one file, which the learner never saw."""
        if message == NOT_IMPORTED:
            return NOT_IMPORTED_NOTEBOOK
        for said, meant in _STARTS_IN_NOTEBOOK_WORDS:
            if message.startswith(said):
                message = meant + message[len(said):]
        for said, meant in _IN_NOTEBOOK_WORDS:
            message = message.replace(said, meant)
        return message


@contextlib.contextmanager
def notebook_as_main_py(submission, shown=None):
    """(the .py file the worker imports, relocate, notes) for the notebook `submission`: a temporary main.py of its
    code cells, removed afterwards; relocate(where) and relocate.relocate_printed(text) give places in its cells
    (NotebookSource). Raises NotebookError, naming the notebook `shown` (default: the file's name), when the notebook
    cannot be read.
    """
    source = read_notebook(Path(submission), shown)
    with tempfile.TemporaryDirectory(prefix="nnfs-grade-notebook-") as folder:
        path = Path(folder) / "main.py"
        path.write_text(source.text, encoding="utf-8")
        yield path, source, source.notes


def code_of_notebook(data, name):
    """The JSON text of the notebook whose bytes are `data` (the file `name`), keeping only what the judge reads:
    the notebook's format and its code cells, each with its source and label but without outputs or attachments.
    A notebook of plots becomes the size of its code. The learner's own `grade`, the class report and Gradescope
    all grade this text, so that they agree on every notebook.

    Raises NotebookError where `data` is not a notebook's UTF-8 JSON, holds more than MAX_NOTEBOOK_VALUES values
    or nests more than MAX_NOTEBOOK_DEPTH deep, or where its code cells come to more than a submission may be.
    """
    import json

    def cannot_read(why):
        return NotebookError(f"{name} cannot be read as a Jupyter notebook ({why}). Open it in Jupyter, save it "
                             "again and grade again.")

    if not data.strip():
        raise NotebookError(f"{name} is empty ({len(data)} bytes): was the notebook saved? Open it in Jupyter, save "
                            "it and grade again.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise cannot_read("it is not UTF-8 text, as Jupyter writes notebooks") from None
    # What json.loads would build is bounded before it runs, on the JSON's structure alone (strings emptied, so
    # that the same notebook weighs the same however its text is escaped): every value but the first follows a
    # comma or a colon, or opens an array or an object.
    structure = _structure(text)
    if sum(map(structure.count, ",:[{")) > MAX_NOTEBOOK_VALUES:
        raise NotebookError(f"{name} holds more than {MAX_NOTEBOOK_VALUES:,} values (outputs of many lines, or "
                            "data in its metadata). Clear its outputs (Edit > Clear All Outputs), save it and grade "
                            "again.")
    if _depth(structure) > MAX_NOTEBOOK_DEPTH:
        raise cannot_read(f"its JSON nests more than {MAX_NOTEBOOK_DEPTH} deep, deeper than any notebook's")
    try:
        notebook = json.loads(text)
    except ValueError as exc:
        raise cannot_read(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'no detail'}") from None
    except RecursionError:   # text that is not JSON can hide its nesting from _structure's reading of quotes
        raise cannot_read(f"its JSON nests more than {MAX_NOTEBOOK_DEPTH} deep, deeper than any notebook's") from None
    if not isinstance(notebook, dict):
        raise cannot_read("its JSON is not an object")
    kept = {key: notebook[key] for key in ("nbformat", "nbformat_minor") if key in notebook}
    kept["metadata"] = {}
    if isinstance(notebook.get("worksheets"), list):    # nbformat 3 keeps its cells in worksheets
        kept["worksheets"] = [{**_without_cells(sheet), "cells": _code_cells(sheet.get("cells"))}
                              if isinstance(sheet, dict) else sheet for sheet in notebook["worksheets"]]
    if "cells" in notebook:
        kept["cells"] = _code_cells(notebook["cells"])
    # ASCII with escapes: a lone surrogate in the JSON ("\\ud800") stays the escape it was.
    reduced = json.dumps(kept, separators=(",", ":"))
    if len(reduced) > MAX_BYTES:
        raise NotebookError(f"The code cells of {name} come to more than {MAX_BYTES >> 20} MiB; a submission's code "
                            "never needs to be that large. Remove any data pasted into them.")
    return reduced


def python_of_notebook(text, name=None):
    """The Python of the code cells of `text`, a notebook's JSON as code_of_notebook gives it, joined as the judge
    runs them (join_cells: each line only IPython runs is `pass`); None where it cannot be read as such, or, given
    the notebook's `name`, the judge's NotebookError naming it where nbformat cannot read its cells. The class
    report compares and names a notebook by this text, so it is read as the judge reads it: an nbformat 3
    notebook's cells are those of its worksheets, whatever else it holds."""
    try:
        return join_cells(_cells_to_run(text, name or "the notebook")).text
    except NotebookError:
        if name is None:
            return None
        raise
    except Exception:   # what Python's parser raises on code it cannot hold (MemoryError)
        return None


def _structure(text):
    """JSON text without what is inside its strings, nor blanks: its punctuation, numbers and literals. Once the
    escaped backslashes and quotes are gone, every quote left opens or closes a string (in valid JSON)."""
    unescaped = text.replace("\\\\", "").replace('\\"', "")
    # One pass that builds only what it keeps: splitting at every quote first took 20 times the text's size.
    return re.sub(r'"[^"]*"?|\s+', "", unescaped)


def _depth(structure):
    """How deep the arrays and objects of JSON text without its strings nest."""
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", structure):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _without_cells(sheet):
    return {key: value for key, value in sheet.items() if key not in ("cells", "metadata")} | {"metadata": {}}


def _code_cells(cells):
    """The code cells of `cells`, each without its outputs, attachments and metadata but the grader's label; what is
    not a cell is kept, for nbformat to say what is wrong with it."""
    if not isinstance(cells, list):
        return cells
    kept = []
    for cell in cells:
        if not isinstance(cell, dict):
            kept.append(cell)
        elif cell.get("cell_type") == "code":
            metadata = cell.get("metadata")
            label = metadata.get(LABEL_KEY) if isinstance(metadata, dict) else None
            kept.append({**{key: value for key, value in cell.items() if key not in ("outputs", "attachments",
                                                                                   "metadata")},
                         "outputs": [], "metadata": {LABEL_KEY: label} if label is not None else {}})
    return kept


def read_notebook(path, shown=None):
    """The NotebookSource of the notebook at `path`, its code cells labelled "cell N" in order.

    Raises NotebookError, naming the notebook `shown` (default: the file's name), when the file cannot be read as a
    notebook.
    """
    shown = shown or path.name
    try:
        data = read_submission(path, MAX_NOTEBOOK_BYTES)
    except SubmissionTooLarge:
        raise NotebookError(f"{shown} is over {MAX_NOTEBOOK_BYTES >> 20} MiB. Clear its outputs "
                            "(Edit > Clear All Outputs), save it and grade again.") from None
    except SubmissionRefused as refused:
        raise NotebookError(str(refused)) from None
    return join_cells(_cells_to_run(code_of_notebook(data, shown), shown))


def _cells_to_run(text, name):
    """[(label, source)] of the code cells of `text`, the JSON of the notebook `name` as code_of_notebook gives it,
    as nbformat reads them. Raises NotebookError where nbformat cannot read them."""
    import nbformat

    try:
        with warnings.catch_warnings():
            # nbformat warns of what it mends itself (a cell without an id, as nbformat 4.5 wants): noise in the
            # learner's report, about a file Jupyter writes.
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises JSON, schema and reader errors of several kinds
        raise NotebookError(f"{name} cannot be read as a Jupyter notebook ({type(exc).__name__}: "
                            f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}). Open it in Jupyter, "
                            "save it again and grade again.") from None
    cells = [cell for cell in notebook.cells if cell.get("cell_type") == "code"]
    if not all(isinstance(cell.get("source"), str) for cell in cells):
        raise NotebookError(f"{name} has a code cell without text (its source is missing or not a string). "
                            "Open it in Jupyter, save it again and grade again.")
    return [(_label(cell, number), _writable(cell.source)) for number, cell in enumerate(cells, start=1)]


def _writable(source):
    """`source` with each lone surrogate (a notebook's JSON may hold "\\ud800") written as its escape, which Python
    reads back as the same character inside a string: UTF-8, and so the file the worker imports, cannot hold one."""
    return source.encode("utf-8", "backslashreplace").decode("utf-8")


def _label(cell, number):
    """"cell N", or the "In [n]" that `grader.check` records for a cell the kernel ran."""
    metadata = cell.get("metadata")
    ours = metadata.get(LABEL_KEY) if isinstance(metadata, dict) else None
    label = ours.get("label") if isinstance(ours, dict) else None
    return label if isinstance(label, str) and _EXECUTED_LABEL.match(label) else f"code cell {number}"


def join_cells(cells):
    """The NotebookSource of `cells`, a list of (label, source) in the order they run."""
    lines, places, magic_cells, left_out = [], [], [], []
    captures = False     # whether a %%capture cell needs the CapturedIO stand-in
    for label, source in cells:
        cell_lines = python_lines(source)
        # IPython reads a cell magic on the cell's first line that is not blank.
        first_at = next((at for at, line in enumerate(cell_lines, start=1) if line.strip()), 0)
        first = cell_lines[first_at - 1] if first_at else ""
        magic = first.split()[0] if first.lstrip().startswith("%%") else None
        # %%time and its kind run the cell's Python: only their own line is left out. Other cell magics (%%bash,
        # %%html, %%writefile) are not Python at all.
        whole_cell = magic is not None and magic not in CELL_MAGICS_OF_PYTHON
        if whole_cell:
            magic_cells.append((label, magic))
        ipython_lines = set() if whole_cell else _ipython_lines(cell_lines)
        capture = _CAPTURE.match(first) if magic == "%%capture" else None
        for within, line in enumerate(cell_lines, start=1):
            if whole_cell:
                line = ""
            elif capture and within == first_at:
                line = _capture_begins(capture)
            elif within in ipython_lines:
                # A %%time cell's code runs, and so does a %time line's statement: no note for them.
                if not (_CALLS_THE_GRADER.match(line) or _GRADER_MAGIC.match(line) or _TIMED_STATEMENT.match(line)
                        or (magic and within == first_at)):
                    left_out.append((f"{label}, line {within}", line.strip()))
                line = _as_python(line)
            lines.append(line)
            places.append((label, within))
        if capture:
            captures = True
            lines.append(f"{capture.group(2) or _CAPTURED_NAME}._end()")
            places.append((label, len(cell_lines)))
    text, colab = _without_colab_imports("\n".join(lines) + "\n")
    notes = [note for note in (_cell_magics_note(magic_cells), _left_out_note(left_out), COLAB_NOTE if colab else "")
             if note]
    added = [line for line, needed in (
        # IPython gives a notebook display() without an import; printed is what the grader can show of it.
        ("display = print", _CALLS_DISPLAY.search(text) and not _DEFINES_DISPLAY.search(text)),
        *((line, True) for line in (_SHELL_STAND_IN if _CALLS_GET_IPYTHON.search(text)
                                    and not _DEFINES_GET_IPYTHON.search(text) else ())),
        *((line, True) for line in (_CAPTURED_IO if captures else ())),
        *((line, True) for line in (_COLAB_STAND_IN if colab else ())),
        # The notebook's own grader.check(...) calls find a grader that judges nothing, since it is being judged.
        ("import types as _nnfs_grade_types; grader = _nnfs_grade_types.SimpleNamespace(check=lambda *args, "
         "**kwargs: _nnfs_grade_types.SimpleNamespace(score=None, max_score=None, passed=None))",
         _USES_THE_GRADER.search(text))) if needed]
    if added:
        at = _after_future_imports(text)
        lines = text.splitlines()
        lines[at:at] = added
        places = [*places[:at], *(("the lines the grader adds", number) for number in range(1, len(added) + 1)),
                  *places[at:]]
        text = "\n".join(lines) + "\n"
    return NotebookSource(text, tuple(places), tuple(notes))


def _without_colab_imports(text):
    """(the joined cells `text`, whether any import was replaced): each import of google.colab outside a try that
    handles its absence made, on its own lines, an assignment of the names it binds to a stand-in (_COLAB_STAND_IN)
    that the import system does not hold. What Colab's functions do (drive.mount, files.download) does nothing here,
    and a notebook that asks whether it runs in Colab (`try: import google.colab`, "google.colab" in sys.modules,
    importlib.util.find_spec) is told it does not, as anywhere else, whichever runs first."""
    if "colab" not in text:
        return text, False
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return text, False     # Python stops at the syntax error first
    guarded = {id(inner) for node in ast.walk(tree) if _guards_import_errors(node)
               for statement in node.body for inner in _run_in_place(statement)}
    lines = text.split("\n")
    replaced = False
    # From the last, so that the columns of those before stay where the parser found them.
    for node in sorted((node for node in ast.walk(tree) if _imports_colab(node) and id(node) not in guarded),
                       key=lambda node: (node.lineno, node.col_offset), reverse=True):
        binding = _colab_binding(node)
        if binding is None:
            continue
        first, last = node.lineno - 1, node.end_lineno - 1
        # The parser's columns count UTF-8 bytes.
        head = lines[first].encode()[:node.col_offset].decode()
        tail = lines[last].encode()[node.end_col_offset:].decode()
        if first == last:
            lines[first] = head + binding + tail
        else:
            rest = tail.strip().removeprefix(";").strip()
            indent = head[:len(head) - len(head.lstrip())]
            if head.strip() and rest:
                # After a compound statement's colon (if c: from ... import (...); x = 1) the rest is its body.
                lines[first:last + 1] = [f"{head}{binding}; {rest}", *[""] * (last - first)]
            else:
                # On its own line, so that a message about it names the line the learner wrote it on.
                lines[first:last + 1] = [head + binding, *[""] * (last - first - 1), indent + rest if rest else ""]
        replaced = True
    return "\n".join(lines), replaced


def _run_in_place(node):
    """`node` and those of its nodes that run where it stands: not the bodies of the functions and lambdas it defines,
    which run when called (a function's import runs outside the try that defined it)."""
    yield node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        for child in ast.iter_child_nodes(node):
            yield from _run_in_place(child)


def _colab_binding(node):
    """The assignment binding the names the import statement `node` binds, each to its part of the stand-in (then
    the import of the statement's other modules), "pass" for a star import of a module of google.colab's; None for a
    relative import, or an import of other names than colab from google."""
    others = ""
    if isinstance(node, ast.Import):
        colab = [alias for alias in node.names if _is_colab(alias.name)]
        bound = [(alias.asname, "_nnfs_grade_" + alias.name) if alias.asname else ("google", "_nnfs_grade_google")
                 for alias in colab]
        # The other modules of the statement (import google.colab, os) are imported as it imports them.
        rest = [alias for alias in node.names if alias not in colab]
        others = f"; {ast.unparse(ast.Import(names=rest))}" if rest else ""
    elif node.level:
        return None
    elif node.module == "google":
        if not all(alias.name == "colab" for alias in node.names):
            return None     # google.auth, say, is no more there than elsewhere
        bound = [(alias.asname or "colab", "_nnfs_grade_google.colab") for alias in node.names]
    elif any(alias.name == "*" for alias in node.names):
        if node.module != "google.colab":
            return "pass"   # the names of Colab's modules' own are unknown here: those used are not defined
        bound = [(name, f"_nnfs_grade_{node.module}.{name}") for name in COLAB_MODULES]
    else:
        bound = [(alias.asname or alias.name, f"_nnfs_grade_{node.module}.{alias.name}") for alias in node.names]
    return f"{', '.join(name for name, _ in bound)} = {', '.join(value for _, value in bound)}{others}"


# The exceptions whose handling tells an import's absence from the rest (a handler of one of them guards an import).
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


def _guards_import_errors(node):
    """Whether the statement `node` runs its body so that an ImportError there is handled: a try (or try*) with a
    bare handler or one of _IMPORT_ERRORS, or a `with contextlib.suppress(ImportError)`."""
    if isinstance(node, (ast.Try, ast.TryStar)):
        return any(handler.type is None or _names_an_import_error(handler.type) for handler in node.handlers)
    if isinstance(node, ast.With):
        return any(isinstance(item.context_expr, ast.Call) and _called_name(item.context_expr.func) == "suppress"
                   and any(_names_an_import_error(argument) for argument in item.context_expr.args)
                   for item in node.items)
    return False


def _names_an_import_error(expression):
    if isinstance(expression, ast.Tuple):
        return any(_names_an_import_error(element) for element in expression.elts)
    return _called_name(expression) in _IMPORT_ERRORS


def _called_name(expression):
    """The last name of `expression` (suppress of contextlib.suppress), or None."""
    return expression.id if isinstance(expression, ast.Name) else \
        expression.attr if isinstance(expression, ast.Attribute) else None


def _is_colab(name):
    """Whether the module `name` is google.colab or one of its modules."""
    return name == "google.colab" or name.startswith("google.colab.")


def _imports_colab(node):
    """Whether the statement `node` imports google.colab (import google.colab, from google.colab import drive,
    from google import colab)."""
    if isinstance(node, ast.Import):
        return any(_is_colab(alias.name) for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").startswith("google.colab") or (
            node.module == "google" and any(alias.name == "colab" for alias in node.names))
    return False


def _capture_begins(capture):
    """The line that stands for a `%%capture` line (`capture`, its _CAPTURE match): the cell's output kept from
    there in the name it gives; the cell's last line is followed by the line that ends it."""
    options = (capture.group(1) or "") + (capture.group(3) or "")
    kept = ", ".join(f"{stream}={'--no-' + stream not in options}" for stream in ("stdout", "stderr"))
    return f"{capture.group(2) or _CAPTURED_NAME} = _NnfsGradeCapturedIO({kept})"


def _after_future_imports(text):
    """The index of the line after the file's `from __future__` imports (and its docstring, before them), where
    lines can be added: 0 where there are none, or where the file does not parse (its own error says so)."""
    try:
        body = ast.parse(text).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):   # MemoryError: an expression nested too deep
        return 0
    futures = [node for node in body if isinstance(node, ast.ImportFrom) and node.module == "__future__"]
    return max((node.end_lineno for node in futures), default=0)


def _cell_magics_note(magic_cells):
    """One sentence for every cell left out for its cell magic: `magic_cells` is [(label, magic)]."""
    if not magic_cells:
        return ""
    if len(magic_cells) == 1:
        label, magic = magic_cells[0]
        return f"{label.capitalize()} starts with the cell magic {_quoted(magic)}: it was left out, since only IPython " \
               "can run it."
    named = _named([f"{label} ({_quoted(magic)})" for label, magic in magic_cells])
    return (f"{len(magic_cells)} cells start with a cell magic and were left out, since only IPython can run them: "
            f"{named}.")


def _left_out_note(left_out):
    """One sentence for every line left out as IPython's alone: `left_out` is [(place, line)]."""
    if not left_out:
        return ""
    if len(left_out) == 1:
        place, line = left_out[0]
        return (f"{place.capitalize()}: {_quoted(line)} was left out, since magics and shell commands do not run "
                f"in the grader" + (f": {_kept_as(line)}." if _kept_as(line) else "."))
    named = _named([f"{place}: {_quoted(line)}" + (f" ({_kept_as(line)})" if _kept_as(line) else "")
                    for place, line in left_out])
    return (f"{len(left_out)} lines of IPython magics or shell commands were left out, since they do not run in the "
            f"grader: {named}.")


def _kept_as(line):
    """What a left-out line that assigns a name gives that name instead (_as_python), as the note says it."""
    assigned = _ASSIGNED_FROM_IPYTHON.match(line)
    if not assigned:
        return ""
    name, kind = assigned.group(2), assigned.group(3)
    return f"{name} is {'an empty list' if kind == '!' else 'None'} in its place"


def _named(places):
    """The first few of `places`, and how many more."""
    named = "; ".join(places[:MOST_PLACES_NAMED])
    more = len(places) - MOST_PLACES_NAMED
    return named + (f"; and {more} more" if more > 0 else "")


def _quoted(text):
    return text[:MOST_CHARACTERS_QUOTED]


# A line that keeps what a shell command printed (files = !ls, a list of its lines) or what a line magic returned.
_ASSIGNED_FROM_IPYTHON = re.compile(r"(\s*)([\w.]+)\s*=\s*([!%])")


def _as_python(line):
    """What the joined file holds in place of a line only IPython runs: the statement a %time line times; for a
    name given a shell command's output, an empty list (no command runs), and a line magic's result, None, so that
    the name a later line reads is there; else pass, at the line's indentation."""
    timed = _TIMED_STATEMENT.match(line)
    if timed:
        return timed.group(1) + timed.group(2)
    assigned = _ASSIGNED_FROM_IPYTHON.match(line)
    if assigned:
        indent, name, kind = assigned.groups()
        return f"{indent}{name} = {'[]' if kind == '!' else 'None'}"
    return re.match(r"\s*", line).group() + "pass"


def _ipython_alone(line):
    """Whether `line`, where a logical line begins, is IPython's alone or imports the grader."""
    return bool(IPYTHON_ONLY.match(line) or _CALLS_THE_GRADER.match(line))


def _ipython_lines(cell_lines):
    """The numbers (from 1) of the lines of a cell that only IPython runs, or that call the grader: a magic, a shell
    command or a help request where a logical line of Python begins. The same text inside brackets, after a
    backslash or in a multi-line string (a line starting with != or %) continues Python's line."""
    found, numbered = set(), iter(enumerate(cell_lines, start=1))
    within_a_line = False     # whether the logical line begun above goes on

    def readline():
        for number, line in numbered:
            if not within_a_line and _ipython_alone(line):
                found.add(number)
                return _as_python(line) + "\n"     # what the joined file holds there
            return line + "\n"
        return ""

    try:
        # The tokenizer reads a line only once the tokens of the lines above it have been taken from it.
        for token in tokenize.generate_tokens(readline):
            if token.type == tokenize.NEWLINE:
                within_a_line = False
            elif token.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT,
                                    tokenize.ENDMARKER):
                within_a_line = True
    except (tokenize.TokenError, SyntaxError):
        # The cell does not parse (Python's own error says where, when the file is imported): each line left is
        # judged alone.
        found.update(number for number, line in numbered if _ipython_alone(line))
    return found
