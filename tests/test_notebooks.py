"""Learners who work in notebooks: `--submission work.ipynb`, `%grade` in a real kernel, and released notebooks."""
import contextlib
import html
import io
import json
import re
import shutil

import nbformat
import pytest

from grader.judge.notebook import LABEL_KEY
from helpers import ROOT, checks_in, copy_course, judged, points_of, run_grade, shipped_course, solution, stub

FIRST = "challenge_1_forward_pass"


def notebook_of(*cells, path):
    """Write a notebook whose code cells are `cells` (a markdown cell first, as real notebooks have)."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# My work"),
                                               *map(nbformat.v4.new_code_cell, cells)])
    nbformat.write(notebook, str(path))
    return path


def solution_cells(challenge):
    from grader.classroom.release_notebooks import stub_cells

    return stub_cells(solution(challenge).read_text())


def test_a_notebook_holding_a_solution_passes_every_check(tmp_path):
    cells = ["%matplotlib inline", *solution_cells(FIRST), "!pip list | head", "%grade 1"]
    status, result = judged(FIRST, notebook_of(*cells, path=tmp_path / "work.ipynb"))
    assert status == 0 and all(check["status"] == "passed" for check in result["checks"]), result
    notes = " ".join(result["notes"])
    assert "2 lines of IPython magics" in notes and "cell 1, line 1: %matplotlib inline" in notes
    assert "!pip list" in notes and "%grade" not in notes


def test_a_colab_notebook_that_mounts_drive_is_graded_as_colab_runs_it(tmp_path):
    # Colab's own module is not there outside Colab: without a stand-in the notebook would stop at its first cell.
    colab = ["from google.colab import drive\nprint('Mounting Drive through google.colab')\n"
             "drive.mount('/content/drive')",
             "from google.colab import files\nimport google.colab.output\nfrom google.colab.patches import cv2_imshow",
             "from google import colab\ncolab.output.clear()",
             # The import system, asked, says what it says outside Colab: the stand-in is the notebook's names alone.
             "import importlib.util\ntry:\n    found = importlib.util.find_spec('google' + '.colab')\n"
             "except ModuleNotFoundError:\n    found = None\nassert found is None"]
    status, result = judged(FIRST, notebook_of(*colab, *solution_cells(FIRST), "files.download('model.npy')",
                                               path=tmp_path / "work.ipynb"))
    assert status == 0 and all(check["status"] == "passed" for check in result["checks"]), result
    assert "imports google.colab, which only Colab has" in " ".join(result["notes"])


# The usual tests for Colab, each followed by Colab's own way in its branch: a stand-in would send the notebook down
# that way, to a Drive that is not there.
IN_COLAB_BRANCH = ("if IN_COLAB:\n    from google.colab import drive\n    drive.mount('/content/drive')\n"
                   "    open('/content/drive/MyDrive/spiral.npy').read()")


@pytest.mark.parametrize("asks", [
    "try:\n    import google.colab\n    IN_COLAB = True\nexcept ImportError:\n    IN_COLAB = False\n",
    "import sys\nIN_COLAB = 'google.colab' in sys.modules\n",
    "import importlib.util\ntry:\n    IN_COLAB = importlib.util.find_spec('google.colab') is not None\n"
    "except ModuleNotFoundError:\n    IN_COLAB = False\n",
    # IPython's shell, which a notebook has without an import, and whose magics do nothing here.
    "get_ipython().run_line_magic('matplotlib', 'inline')\nIN_COLAB = 'google.colab' in str(get_ipython())\n",
], ids=["try import", "sys.modules", "find_spec", "get_ipython"])
def test_a_notebook_that_asks_whether_it_runs_in_colab_is_told_it_does_not(tmp_path, asks):
    status, result = judged(FIRST, notebook_of(asks + IN_COLAB_BRANCH, *solution_cells(FIRST),
                                               path=tmp_path / "work.ipynb"))
    assert status == 0 and all(check["status"] == "passed" for check in result["checks"]), result


@pytest.mark.parametrize("before, after", [
    (["import sys\nif 'google.colab' in sys.modules:\n    !pip install nnfs",
      "from google.colab import drive\ndrive.mount('/content/drive')"], []),
    (["try:\n    from google.colab import drive\n    drive.mount('/content/drive')\nexcept ImportError:\n    pass"],
     ["from google.colab import files\nimport numpy as np\nnp.save('weights.npy', np.zeros(3))\n"
      "files.download('weights.npy')"]),
    (["from google.colab import output\noutput.enable_custom_widget_manager()",
      "try:\n    import google.colab\n    IN_COLAB = True\nexcept ImportError:\n    IN_COLAB = False\n"
      "assert not IN_COLAB",
      "from google.colab import (\n    drive as gdrive,\n    files)\nimport google.colab.output as out; out.clear()"],
     []),
    # Import statements of every form: each binds what it binds, the rest of its line and block run as written.
    (["from google.colab import *\ndrive.mount('/content/drive')", "import google.colab, os\nassert os.sep",
      "x = 1; import google.colab\nif True: import google.colab.output as out\nfrom google import (\n    colab)",
      "if x: from google.colab import (drive,\n    files); y = 2\nelse:\n    y = 3\nassert y == 2",
      "assert not hasattr(google, 'cloud')", "from google.colab.patches import *",
      # Imported in a function defined in a try: it runs when called, outside the try.
      "try:\n    def mount():\n        from google.colab import drive\n        drive.mount('/content/drive')\n"
      "except ImportError:\n    pass\nmount()"], []),
    # Handlers that catch an import's absence, or that do not: only the first ask.
    (["try:\n    import google.colab\n    IN_COLAB = True\nexcept* ImportError:\n    IN_COLAB = False\n"
      "assert not IN_COLAB",
      "import contextlib\nIN_COLAB = False\nwith contextlib.suppress(ImportError):\n    import google.colab\n"
      "    IN_COLAB = True\nassert not IN_COLAB",
      "try:\n    from google.colab import drive\nexcept ValueError:\n    pass\ndrive.mount('/content/drive')"], []),
    # IPython's shell as notebooks ask it things: its config, a command's output, its own import under a name.
    (["try:\n    IN_NOTEBOOK = 'IPKernelApp' in get_ipython().config\nexcept (NameError, AttributeError):\n"
      "    IN_NOTEBOOK = False",
      "assert get_ipython().getoutput('ls') == []",
      "from IPython import get_ipython as ipython\nget_ipython().run_line_magic('matplotlib', 'inline')"], []),
], ids=["asks, then mounts", "mounts if it can, then downloads", "a widget, then asks", "every form of import",
        "guards", "IPython's shell"])
def test_a_notebook_that_both_asks_and_imports_colab_runs_as_elsewhere_with_colab_doing_nothing(tmp_path, before,
                                                                                                  after):
    """Each import that stops the notebook outside Colab finds the stand-in; each question finds no Colab, whichever
    comes first."""
    status, result = judged(FIRST, notebook_of(*before, *solution_cells(FIRST), *after, path=tmp_path / "work.ipynb"))
    assert status == 0 and all(check["status"] == "passed" for check in result["checks"]), result


def test_an_error_after_a_colab_import_written_on_several_lines_names_its_own_line(tmp_path):
    cells = ["from google.colab import (drive,\n    files); 1 / 0", *solution_cells(FIRST)]
    _status, result = judged(FIRST, notebook_of(*cells, path=tmp_path / "work.ipynb"))
    message = result["checks"][0]["message"]
    assert "ZeroDivisionError" in message and "code cell 1, line 2" in message, message


def test_a_syntax_error_in_the_third_code_cell_names_cell_3(tmp_path):
    cells = solution_cells(FIRST)
    cells[2] = cells[2].replace("def forward(self, inputs):", "def forward(self, inputs)", 1)
    assert cells[2] != solution_cells(FIRST)[2]
    status, result = judged(FIRST, notebook_of(*cells, path=tmp_path / "work.ipynb"))
    assert status == 1
    message = result["checks"][0]["message"]
    assert "SyntaxError" in message and "cell 3, line" in message, message
    assert "Python cannot read your notebook's code: SyntaxError" in message
    assert "work.py" not in message and "main.py" not in message
    assert result["checks"][0]["where"]["cell"] == "code cell 3"


def test_a_runtime_error_names_the_cell_and_its_line(tmp_path):
    cells = solution_cells(FIRST)
    relu = next(number for number, cell in enumerate(cells) if cell.startswith("class Activation_ReLU"))
    cells[relu] = cells[relu].replace("np.maximum(0, inputs)", "np.maximum(0, inputz)")
    status, result = judged(FIRST, notebook_of(*cells, path=tmp_path / "work.ipynb"))
    relu_checks = [check for check in result["checks"] if "NameError" in check["message"]]
    assert status == 1 and relu_checks, result
    where = relu_checks[0]["where"]
    assert where["cell"] == f"code cell {relu + 1}" and "inputz" in where["source"], where
    assert f"cell {relu + 1}, line {where['line']}" in relu_checks[0]["message"]


def test_a_notebook_whose_cells_could_not_all_run_is_told_so_in_every_report(tmp_path):
    """Its cells reach the worker as one file the learner never saw: no report speaks of a file not imported."""
    cells = [*solution_cells(FIRST), "layer = Layer_Dense(2, 3)\nlayer.forward([[1, 2, 3]])"]
    notebook = notebook_of(*cells, path=tmp_path / "work.ipynb")
    status, result = judged(FIRST, notebook)
    messages = [check["message"] for check in result["checks"]]
    assert status == 1 and messages[0].startswith("Your notebook's cells could not all run, so this check"), messages
    assert "not run: your notebook's cells could not all run" in messages
    assert not any("your file" in message.lower() for message in messages), messages
    text = run_grade("1", "--submission", notebook).stdout
    assert "(not run: your notebook's cells could not all run)" in text and "could not be imported" not in text
    run_grade("1", "--submission", notebook, "--html", tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text()
    assert "Not run: your notebook&#39;s cells could not all run." in page and "could not be imported" not in page
    # A class's feedback and grades' notes say it alike.
    from grader.classroom import pages
    from grader.results import GradeResult

    graded = GradeResult.from_dict(result)
    assert pages._nothing_checked({"origin": "main.ipynb"}, graded).startswith(
        "your notebook's cells could not all run, so no check could run. Running them raised ValueError at code cell")
    assert pages._why_no_points({"challenge": FIRST, "state": "graded"}, {FIRST: graded}).startswith(
        "the notebook's cells could not all run: Your code raised ValueError")


def test_an_error_in_a_function_names_the_cell_of_the_line_that_called_it_too(tmp_path):
    cells = solution_cells("challenge_2_shapes")
    caller = next(number for number, cell in enumerate(cells) if cell.startswith("def two_layer_forward"))
    cells[caller] = cells[caller].replace("dense_forward(hidden, w2, b2)", "dense_forward(hidden, w2.T, b2)")
    status, result = judged("challenge_2_shapes", notebook_of(*cells, path=tmp_path / "work.ipynb"))
    check = next(check for check in result["checks"] if check["id"] == "two_layer_shape")
    assert check["where"]["caller"]["cell"] == f"code cell {caller + 1}", check["where"]
    assert f"in dense_forward called from code cell {caller + 1}, line" in check["message"], check["message"]
    # A class report keeps the cell too: its grading processes' answers are checked field by field.
    from classroom import write_learner

    write_learner(tmp_path / "roster", "nb", {"challenges/challenge_2_shapes/main.ipynb":
                                              (tmp_path / "work.ipynb").read_bytes()}, as_zip=False)
    completed = run_grade("report", tmp_path / "roster", "--out", tmp_path / "out", "--challenge", "2", "-j", "1")
    assert completed.returncode == 0, completed.stderr
    learner, = json.loads((tmp_path / "out" / "results.json").read_text())["learners"]
    reported = next(check for check in learner["challenges"][0]["result"]["checks"] if check["id"] == "two_layer_shape")
    assert reported["where"]["caller"]["cell"] == f"code cell {caller + 1}", reported["where"]


def test_a_file_that_is_not_a_notebook_cannot_be_graded(tmp_path):
    broken = tmp_path / "work.ipynb"
    broken.write_text("{ this is not json")
    completed = run_grade(FIRST, "--submission", broken)
    assert completed.returncode == 2
    assert "cannot be read as a Jupyter notebook" in completed.stderr and "Traceback" not in completed.stderr


def test_an_empty_notebook_is_said_to_be_empty(tmp_path):
    """A notebook of 0 bytes is one not saved, not a file JSON cannot parse."""
    empty = tmp_path / "work.ipynb"
    empty.write_bytes(b"")
    completed = run_grade(FIRST, "--submission", empty)
    assert completed.returncode == 2 and "work.ipynb is empty (0 bytes): was the notebook saved?" in completed.stderr


def _notebook_json(path, *cells):
    path.write_text(json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_a_notebook_whose_cells_hold_odd_values_gets_a_sentence_not_a_traceback(tmp_path):
    code = {"cell_type": "code", "execution_count": None, "id": "a", "outputs": [], "source": "import numpy as np\n"}
    for number, metadata in enumerate(({"nnfs_grade": None}, {"nnfs_grade": "In [1]"}, {"nnfs_grade": []},
                                       {"nnfs_grade": {"label": "In [1]\nPASSED"}})):
        path = _notebook_json(tmp_path / f"metadata{number}.ipynb", {**code, "metadata": metadata})
        completed = run_grade(FIRST, "--submission", path, "--json")
        assert completed.returncode == 1 and "Traceback" not in completed.stderr, completed.stderr
        assert "PASSED" not in completed.stdout
    for number, source in enumerate((5, {"a": "b"})):
        path = _notebook_json(tmp_path / f"source{number}.ipynb", {**code, "metadata": {}, "source": source})
        completed = run_grade(FIRST, "--submission", path)
        assert completed.returncode == 2 and "has a code cell without text" in completed.stderr, completed.stderr


def test_a_cell_ends_its_lines_where_python_does(tmp_path):
    """U+2028 inside a comment is part of the comment for Python, and so for Jupyter: what follows it is no code."""
    code = {"cell_type": "code", "execution_count": None, "id": "a", "metadata": {}, "outputs": [],
            "source": "import numpy as np  # a note\u2028def sigmoid(inputs): return 1 / (1 + np.exp(-inputs))\n"}
    status, result = judged("challenge_3_activations", _notebook_json(tmp_path / "work.ipynb", code))
    sigmoid = next(check for check in result["checks"] if check["id"] == "sigmoid")
    assert status == 1 and sigmoid["status"] != "passed" and "sigmoid" in sigmoid["message"], sigmoid


def _run_in_kernel(notebook, cwd, timeout=300):
    from nbclient import NotebookClient

    NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return notebook


def _html_outputs(cell):
    return [output["data"]["text/html"] for output in cell.get("outputs", [])
            if output.get("output_type") in ("execute_result", "display_data") and "text/html" in output["data"]]


def _framed_report(shown):
    """The report inside the inline frame, unescaped."""
    return html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1))


def test_the_grade_magic_in_a_real_kernel_shows_every_check_passed(tmp_path):
    cells = ["%load_ext grader", *solution_cells(FIRST), f"%grade {FIRST}"]
    notebook = _run_in_kernel(nbformat.read(str(notebook_of(*cells, path=tmp_path / "work.ipynb")), as_version=4),
                              ROOT)
    shown = _html_outputs(notebook.cells[-1])
    assert shown, notebook.cells[-1].get("outputs")
    assert f"{checks_in(FIRST)} of {checks_in(FIRST)} checks passed" in shown[0]
    report = _framed_report(shown[0])
    points = f"{points_of(FIRST):g}"
    assert f"{points} / {points}" in report and f"PASS</span> {checks_in(FIRST)}" in report   # the badges' counts
    assert ">FAIL<" not in report


def test_the_grade_magic_keeps_what_a_cell_that_raised_defined_before_it_raised(tmp_path):
    """A learner's cell defines every class, then a quick trial at its end raises: the kernel keeps the classes, and
    so does the grading, without the trial (which would stop the import). The cell opens with blank lines, which
    IPython drops before it numbers the lines a traceback names."""
    code = "\n".join(solution_cells(FIRST))
    cells = ["%load_ext grader", f"\n\n{code}\nprint(undefined_name)", f"%grade {FIRST}"]
    notebook = _run_in_kernel(nbformat.read(str(notebook_of(*cells, path=tmp_path / "work.ipynb")), as_version=4),
                              ROOT)
    assert notebook.cells[2]["outputs"][-1]["output_type"] == "error"
    shown = _html_outputs(notebook.cells[-1])
    assert shown and f"{checks_in(FIRST)} of {checks_in(FIRST)} checks passed" in shown[0], \
        notebook.cells[-1].get("outputs")


def test_the_cells_a_kernel_ran_are_graded_as_the_kernel_ran_them(tmp_path, monkeypatch):
    """A cell run again at once, unchanged (a slow training cell), counts once: three runs would take three times
    as long in the worker's import, which has a time limit. Run again after other cells, it runs again, as in the
    kernel. Of a cell that raised, the statements before the one that raised count; a cell that never ran (a
    syntax error) does not."""
    import IPython

    from grader.learner import notebook

    history = ["", "import time", "def train():\n    time.sleep(8)",
               "class Layer:\n    pass\nx = undefined_name\ny = 2", "train()", "train()", "import time", "y = 1",
               "def broken(:", "%%time\nclass Timed:\n    pass\nz = undefined_name",
               "x = 1\n!true\ny = print(\n    undefined_name)", "\n\nclass Blank:\n    pass\nw = undefined_name",
               "%grade 7"]

    class Shell:
        def __init__(self):
            self.history_manager = type("History", (), {"input_hist_raw": history})()
            self.events = type("Events", (), {"register": lambda events, name, note: self.noted.append(note)})()
            self.noted = []

    def raised(count):
        """The result IPython gives its post_run_cell callbacks for cell `count`, which raises as it runs: a cell
        magic's body as %%time runs it, in code of its own called from the cell's."""
        # IPython runs a shell command as a line of its own, and drops the cell's leading blank lines.
        source = history[count].replace("!true", "pass").lstrip("\n")
        if source.startswith("%%time\n"):
            source = f"exec(compile({source.partition(chr(10))[2]!r}, '<timed exec>', 'exec'), {{}})"
        try:
            exec(compile(source, f"<cell {count}>", "exec"), {})
        except NameError as exc:
            return type("Result", (), {"success": False, "execution_count": count, "error_in_exec": exc})()
        raise AssertionError(f"cell {count} did not raise")

    shell = Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    notebook._note_failures(shell)
    for note in shell.noted:
        note(raised(3))
        note(type("Result", (), {"success": False, "execution_count": 8, "error_in_exec": None})())
        note(raised(9))
        note(raised(10))
        note(raised(11))
    assert notebook._write_history(tmp_path / "ran.ipynb") is False   # every cell ran once the grader watched
    written = nbformat.read(str(tmp_path / "ran.ipynb"), as_version=4)
    assert [(cell.metadata[LABEL_KEY]["label"], cell.source) for cell in written.cells] == [
        ("In [1]", "import time"), ("In [2]", "def train():\n    time.sleep(8)"), ("In [3]", "class Layer:\n    pass"),
        ("In [4]", "train()"), ("In [6]", "import time"), ("In [7]", "y = 1"),
        ("In [9]", "%%time\nclass Timed:\n    pass"), ("In [10]", "x = 1\n!true"),
        ("In [11]", "\n\nclass Blank:\n    pass")]

    # Loaded in the cell that grades, after the others ran: which of them raised is not known, and the report says so.
    late = Shell()
    late.execution_count = len(history) - 1
    monkeypatch.setattr(IPython, "get_ipython", lambda: late)
    assert notebook._write_history(tmp_path / "late.ipynb") is True


def test_grader_check_grades_a_saved_notebook_from_the_kernel(tmp_path):
    saved = notebook_of(*solution_cells(FIRST), path=tmp_path / "saved.ipynb")
    checking = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f"import grader\nreport = grader.check('{FIRST}', {str(saved)!r})\nprint(report.score, report.max_score)")])
    notebook = _run_in_kernel(checking, ROOT)
    printed = "".join(output.get("text", "") for output in notebook.cells[0]["outputs"])
    assert printed.split() == [str(float(points_of(FIRST)))] * 2, notebook.cells[0]["outputs"]


def test_the_grade_a_kernel_starts_ignores_its_working_folder_and_the_paths_its_cells_set(tmp_path, monkeypatch):
    from grader.learner.notebook import check

    marker = tmp_path / "ran-in-the-judge"
    for folder, variable in ((tmp_path / "here", None), (tmp_path / "on-path", "PYTHONPATH")):
        (folder / "grader").mkdir(parents=True)
        (folder / "grader" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write({str(folder)!r})\n")
        if variable:
            monkeypatch.setenv(variable, str(folder))
    monkeypatch.chdir(tmp_path / "here")
    report = check(FIRST, notebook_of(*solution_cells(FIRST), path=tmp_path / "saved.ipynb"))
    assert report.score == report.max_score == points_of(FIRST), report.problem
    assert not marker.exists(), marker.read_text()


@pytest.mark.parametrize("session, shown", [("/home/learner/work/my work.ipynb", "my work.ipynb"),
                                             (None, "this notebook (the cells run so far).ipynb")])
def test_the_report_of_the_cells_a_kernel_ran_names_the_learner_s_notebook(tmp_path, monkeypatch, session, shown):
    """%grade grades the cells the kernel ran, written to a file of the grader's: the report's header names the
    notebook the learner works in (Jupyter Server tells the kernel in JPY_SESSION_NAME), not that file."""
    from grader.learner import notebook

    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    if session:
        monkeypatch.setenv("JPY_SESSION_NAME", session)
    monkeypatch.setattr(notebook, "_write_history",
                        lambda path: notebook_of(*solution_cells(FIRST), path=path))
    report = notebook.check(FIRST)
    assert report.score == report.max_score == points_of(FIRST), report.problem
    assert f"<code>{shown}</code>" in report.page and "executed" not in report.page


def test_a_notebook_whose_cells_have_no_ids_is_graded_without_a_warning(tmp_path):
    # nbformat 4.5 wants an id on every cell; older Jupyters and hand-written notebooks have none.
    path = tmp_path / "work.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": cell}
        for cell in solution_cells(FIRST)]}))
    completed = run_grade(FIRST, "--submission", path)
    assert completed.returncode == 0 and completed.stderr == "", completed.stderr


def test_the_last_word_on_a_notebook_names_the_cell_and_its_line(tmp_path):
    wrong = "self.dweights = np.dot(self.inputs.T, dvalue)"
    cells = [cell.replace("self.dweights = np.dot(self.inputs.T, dvalues)", wrong)
             for cell in solution_cells("challenge_5_backprop")]
    (number, cell), = [(number, cell) for number, cell in enumerate(cells, start=1) if wrong in cell]
    line = cell.splitlines().index("        " + wrong) + 1
    completed = run_grade("5", "--submission", notebook_of(*cells, path=tmp_path / "work.ipynb"))
    last = completed.stdout.strip().splitlines()[-1]
    assert last.startswith(f"Start with code cell {number}, line {line} of your notebook (`{wrong}`): it stops"), last


def test_a_released_notebook_grades_its_stub_in_a_real_kernel(tmp_path):
    out = tmp_path / "release"
    completed = run_grade("release", "--out", out, "--notebooks", "--challenge", FIRST, timeout=300)
    assert completed.returncode == 0, completed.stderr
    path = out / "notebooks" / f"{FIRST}.ipynb"
    released = nbformat.read(str(path), as_version=4)
    nbformat.validate(released)
    # The learners' README says where the notebooks are and how to grade them.
    readme = (out / "README.md").read_text()
    assert "## In a notebook" in readme and f"notebooks/{FIRST}.ipynb" in readme, readme
    kinds = [cell.cell_type for cell in released.cells]
    assert kinds[:2] == ["markdown", "markdown"] and released.cells[-1].source == f"%grade {FIRST}"
    assert "Layer_Dense" in released.cells[0].source or "forward" in released.cells[0].source.lower()
    code = "\n".join(cell.source for cell in released.cells if cell.cell_type == "code")
    assert code.count("# TODO:") == stub(FIRST).read_text().count("# TODO:")
    notebook = _run_in_kernel(released, path.parent)
    shown = _html_outputs(notebook.cells[-1])
    assert shown and re.search(r": 0 of \d+ checks passed", shown[0]), notebook.cells[-1].get("outputs")
    report = _framed_report(shown[0])
    assert "TODO" in report and "Not started" in report


def test_the_class_report_grades_notebook_submissions(tmp_path):
    from classroom import write_learner

    roster = tmp_path / "roster"
    cells = solution_cells(FIRST)
    work = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in cells]))
    write_learner(roster, "nora", {f"challenges/{FIRST}/main.ipynb": work.encode()}, False)
    completed = run_grade("report", roster, "--out", tmp_path / "out", "--challenge", "1", "-j", "1", timeout=300)
    assert completed.returncode == 0, completed.stderr
    document = json.loads((tmp_path / "out" / "results.json").read_text())
    learner = document["learners"][0]
    assert learner["learner"] == "nora" and learner["total"] == points_of(FIRST), learner
    # The solution's cells are the solution, in a notebook as in main.py.
    assert "is the course's own solution" in learner["challenges"][0]["note"], learner


def _odd_notebooks():
    """{name: bytes} of notebooks a class may hand in: large but honest, odd, and built to cost the grader."""
    code = [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": cell}
            for cell in solution_cells(FIRST)]

    def notebook(cells, **more):
        return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells, **more}

    picture = {"cell_type": "markdown", "metadata": {}, "source": '<img src="data:image/png;base64,' + "A" * (3 << 19)}
    return {
        "inline-picture": json.dumps(notebook([picture, *code])).encode(),
        "emoji-notes": json.dumps(notebook([{"cell_type": "markdown", "metadata": {}, "source": "🙂" * 300_000},
                                            *code]), ensure_ascii=False).encode(),
        "utf-16": json.dumps(notebook(code)).encode("utf-16"),
        "nested": b'{"cells":[],"metadata":{"x":' + b"[" * 200_000 + b"]" * 200_000 + b'},"nbformat":4,'
                  b'"nbformat_minor":5}',
        "many-values": json.dumps(notebook(code, metadata={"x": [{}] * 1_100_000})).encode(),
        # Commas escaped in a string weigh nothing, wherever the notebook is read; empty lists nested in each other
        # are values without a comma between them.
        "escaped-commas": json.dumps(notebook([*code, {**code[0], "source": "# " + "," * 1_010_000}])).replace(
            ",,", "\\u002c\\u002c").encode(),
        "nested-lists": json.dumps(notebook(code, metadata={"x": [[[[[[[[[[[]]]]]]]]]]] * 100_100})).encode(),
    }


def test_grade_and_the_class_report_judge_odd_notebooks_alike_and_quickly(tmp_path):
    from classroom import write_learner

    odd = _odd_notebooks()
    roster = tmp_path / "roster"
    for name, data in odd.items():
        write_learner(roster, name, {f"challenges/{FIRST}/main.ipynb": data}, False)
    write_learner(roster, "plain", {f"challenges/{FIRST}/main.py": solution(FIRST).read_bytes()}, False)
    completed = run_grade("report", roster, "--out", tmp_path / "out", "--challenge", "1", "-j", "1", timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    rows = {learner["learner"]: learner for learner in
            json.loads((tmp_path / "out" / "results.json").read_text())["learners"]}
    assert rows["plain"]["total"] == points_of(FIRST)
    said = {}
    for name, data in odd.items():
        path = tmp_path / name / "main.ipynb"    # named as in the roster, which the sentences name
        path.parent.mkdir()
        path.write_bytes(data)
        graded = run_grade(FIRST, "--submission", path, "--json", timeout=60)
        (item,) = rows[name]["challenges"]
        if graded.returncode == 2:
            said[name] = graded.stderr.strip().removeprefix("Error: ")
            assert "result" not in item and item["problem"] == said[name], (name, item)
        else:
            assert json.loads(graded.stdout)["score"] == rows[name]["total"] == points_of(FIRST), (name, graded.stderr)
    assert set(said) == {"utf-16", "nested", "many-values", "nested-lists"}
    assert "not UTF-8" in said["utf-16"] and "nests more than 100 deep" in said["nested"]
    assert "more than 1,000,000 values" in said["many-values"]


@pytest.mark.parametrize("deep", ["-" * 100_000 + "1", "1+" * 100_000 + "1"])   # MemoryError, RecursionError
def test_code_nested_deeper_than_python_s_parser_costs_its_own_row_and_is_named(tmp_path, deep):
    from classroom import write_learner

    # display() makes the grader add a line after the future imports, which parses the cells to find them.
    cells = [*solution_cells(FIRST), "display(1)", f"x = {deep}"]
    notebook = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in cells]))
    roster = tmp_path / "roster"
    write_learner(roster, "deep", {f"challenges/{FIRST}/main.ipynb": notebook.encode()}, False)
    write_learner(roster, "deep-py", {f"challenges/{FIRST}/main.py": f"x = {deep}\n".encode()}, False)
    write_learner(roster, "plain", {f"challenges/{FIRST}/main.py": solution(FIRST).read_bytes()}, False)
    completed = run_grade("report", roster, "--out", tmp_path / "out", "--challenge", "1", "-j", "1", timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    rows = {learner["learner"]: learner for learner in
            json.loads((tmp_path / "out" / "results.json").read_text())["learners"]}
    assert rows["plain"]["total"] == points_of(FIRST) and rows["deep"]["total"] == rows["deep-py"]["total"] == 0
    for name, file in [("deep", "main.ipynb"), ("deep-py", "main.py")]:
        path = tmp_path / name / file
        path.parent.mkdir()
        path.write_bytes((roster / name / "challenges" / FIRST / file).read_bytes())
        graded = run_grade(FIRST, "--submission", path, "--json", timeout=60)
        assert graded.returncode == 1, graded.stderr[-3000:]
        said = {check["message"] for check in json.loads(graded.stdout)["checks"] if check["status"] == "error"}
        assert len(said) == 1 and "nests deeper than Python's parser can follow" in said.pop(), said


def test_the_grader_and_display_a_notebook_calls_are_stand_ins_placed_after_its_future_imports():
    from grader.judge.notebook import join_cells

    source = join_cells([("cell 1", "from __future__ import annotations\nimport grader"),
                         ("cell 2", "report = grader.check(5); done = True\ndisplay(report.score, done)")])
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source.text, "work", "exec"), {})
    assert printed.getvalue() == "None True\n"
    assert source.relocate({"line": source.text.splitlines().index("display(report.score, done)") + 1}) == {
        "line": 2, "cell": "cell 2"}


def test_magics_are_read_where_ipython_reads_them():
    from grader.judge.notebook import join_cells

    # A cell magic after blank lines is still the cell's; %%timeit runs its body in a function of its own.
    for cell in ("\n\n%%writefile scratch.py\nx = 1", "%%timeit -n1 -r1\nx = 1"):
        assert "x = 1" not in join_cells([("cell 1", cell)]).text
    # %time runs its statement in the notebook's names, and only the timing is left out.
    timed = join_cells([("cell 1", "%time X = [1, 2]\nif True:\n    %time Y = len(X)")])
    assert timed.text.splitlines() == ["X = [1, 2]", "if True:", "    Y = len(X)"] and timed.notes == ()


def test_python_that_looks_like_ipython_runs_and_the_notebooks_own_names_are_there(tmp_path):
    """A line that starts with != or % inside brackets continues Python's line; %%time runs its cell's code;
    display() needs no import in a notebook; `report = grader.check(1)` is the grader's call, left out."""
    cells = solution_cells(FIRST)
    cells = [f"%%time\n{cell}" if "class Layer_Dense" in cell else cell for cell in cells]
    cells += ["shapes_differ = (np.zeros(2).shape\n                 != np.zeros(3).shape)\nodd = (7\n       % 2)",
              "display(shapes_differ, odd)", "import grader\nreport = grader.check(1)"]
    status, result = judged(FIRST, notebook_of(*cells, path=tmp_path / "work.ipynb"))
    assert status == 0 and result["score"] == result["max_score"], [
        check["message"] for check in result["checks"] if check["status"] != "passed"]
    assert result["notes"] == [], result["notes"]   # the %%time cell ran: nothing was left out


def test_a_captured_cell_runs_and_keeps_what_it_printed_in_the_name_it_gives(tmp_path):
    """`%%capture NAME` runs the cell with its printing kept in NAME.stdout and NAME.stderr, as IPython does."""
    from grader.judge.notebook import join_cells

    source = join_cells([("cell 1", "import sys"),
                         ("cell 2", "\n%%capture out --no-stderr\nprint('kept')\nprint('shown', file=sys.stderr)"),
                         ("cell 3", "%%capture\nprint('hidden')"),
                         ("cell 4", "print(repr(out.stdout), repr(out.stderr))\nout.show()")])
    printed, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(errors):
        exec(compile(source.text, "work", "exec"), {})
    assert printed.getvalue() == "'kept\\n' ''\nkept\n" and errors.getvalue() == "shown\n"
    assert source.notes == ()
    assert source.relocate({"line": source.text.splitlines().index("print('kept')") + 1}) == {
        "line": 3, "cell": "cell 2"}

    cells = [f"%%capture built\n{cell}\nprint('built')" if "class Layer_Dense" in cell else cell
             for cell in solution_cells(FIRST)]
    cells.append("assert built.stdout.endswith('built\\n'), built.stdout")
    status, result = judged(FIRST, notebook_of(*cells, path=tmp_path / "work.ipynb"))
    assert status == 0 and result["score"] == result["max_score"], [
        check["message"] for check in result["checks"] if check["status"] != "passed"]


def test_a_notebook_beside_the_untouched_stub_is_named_by_grade_and_graded_in_a_folder(tmp_path):
    """A class report grades main.ipynb where main.py beside it is the stub as shipped: `grade N` says so, and
    `--submission FOLDER` grades that folder as the report does."""
    course, name = copy_course(tmp_path / "course"), "main.ipynb"
    folder = course / "challenges" / FIRST
    notebook_of(*solution_cells(FIRST), path=folder / name)

    own = run_grade(FIRST, "--json", cwd=course)
    assert own.returncode == 1 and json.loads(own.stdout)["score"] == 0
    assert f"main.py is still the stub as shipped, and {name} is beside it" in own.stderr, own.stderr
    assert f"--submission challenges/{FIRST}/{name}" in own.stderr

    in_folder = run_grade(FIRST, "--submission", folder, "--json", cwd=course)
    assert in_folder.returncode == 0 and json.loads(in_folder.stdout)["score"] == points_of(FIRST), in_folder.stderr

    # Work in main.py is what is graded, the notebook beside it said in a line.
    (folder / "main.py").write_bytes(solution(FIRST).read_bytes())
    own = run_grade(FIRST, "--json", cwd=course)
    assert own.returncode == 0 and f"Note: {name} is beside main.py, which this grades, as a class report does; to " \
        f"grade the notebook, run grade {FIRST} --submission challenges/{FIRST}/{name}" in own.stderr, own.stderr
    (folder / "main.py").write_text("# started\n")
    in_folder = run_grade(FIRST, "--submission", folder, "--json", cwd=course)
    assert in_folder.returncode == 1 and json.loads(in_folder.stdout)["score"] == 0


def test_what_a_notebook_printed_names_its_cells_where_python_named_lines_of_the_joined_file(tmp_path):
    """Warnings and printed tracebacks name "main.py:12", a line of the file the worker imports: the report shows
    the cell and its line instead."""
    cells = solution_cells("challenge_3_activations")
    cells.append("import traceback, warnings\nwarnings.warn('watch out')\n"
                 "try:\n    1 / 0\nexcept ZeroDivisionError:\n    traceback.print_exc()")
    status, result = judged("challenge_3_activations", notebook_of(*cells, path=tmp_path / "work.ipynb"))
    printed = result["load_output"]
    assert f"code cell {len(cells)}, line 2: UserWarning: watch out" in printed, printed
    assert f'File "code cell {len(cells)}", line 4' in printed, printed
    assert "main.py" not in printed, printed


def test_a_name_the_checks_miss_in_a_notebook_is_said_in_the_notebook_s_words(tmp_path):
    """The worker imports the cells joined as module main: its AttributeError names "module 'main'" and a line of
    the joined file, which the learner never sees. The report names the notebook and the cell, as for a warning."""
    cells = [cell for cell in solution_cells("challenge_6_optimizers") if not cell.startswith("class Optimizer_Adam")]
    sgd = next(number for number, cell in enumerate(cells) if cell.startswith("class Optimizer_SGD"))
    cells[sgd] = cells[sgd].replace("class Optimizer_SGD:", "class Optimizer_Sgd:", 1)
    status, result = judged("challenge_6_optimizers", notebook_of(*cells, path=tmp_path / "work.ipynb"))
    checks = {check["id"]: check for check in result["checks"]}
    assert checks["sgd_step"]["message"] == (
        f"The checks could not find a name they look for: your notebook has no Optimizer_SGD. It defines Optimizer_Sgd (code cell "
        f"{sgd + 1}, line 1): the checks look for Optimizer_SGD, the book's name."), checks["sgd_step"]["message"]
    # Optimizer_SGD is another of the names the checks look for: never taken for Adam's misspelling.
    assert checks["adam"]["message"] == ("Optimizer_Adam is not defined yet: write it (the checks look for "
                                         "Optimizer_Adam, the book's name)."), checks["adam"]["message"]


def _notebook_of_many_magics(path, count=100):
    """A correct solution after `count` cells of `!pip install`, as a notebook that sets up Colab may have."""
    cells = [f"!pip install numpy nnfs  # setup {number}" for number in range(count)] + solution_cells(FIRST)
    nbformat.write(nbformat.v4.new_notebook(cells=list(map(nbformat.v4.new_code_cell, cells))), str(path))
    return path


def test_the_lines_left_out_of_a_notebook_are_told_in_one_bounded_note():
    from grader.judge.notebook import join_cells

    cells = [(f"cell {number}", f"!pip install numpy nnfs  # setup {number}") for number in range(1, 101)]
    cells += [(f"cell {number}", "%%bash\nls") for number in range(101, 201)]
    magics, lines = join_cells(cells).notes
    assert lines.startswith("100 lines of IPython magics or shell commands were left out") and len(lines) < 600
    assert "cell 1, line 1: !pip install numpy nnfs  # setup 1" in lines and "and 97 more" in lines
    assert magics.startswith("100 cells start with a cell magic") and len(magics) < 600


def test_a_notebook_of_a_hundred_shell_commands_gets_full_marks_from_grade_and_grade_report(tmp_path):
    from classroom import write_learner

    work = _notebook_of_many_magics(tmp_path / "work.ipynb")
    write_learner(tmp_path / "roster", "colab", {f"challenges/{FIRST}/main.ipynb": work.read_bytes()}, False)
    completed = run_grade("report", tmp_path / "roster", "--out", tmp_path / "out", "--challenge", "1", "-j", "1",
                          timeout=300)
    assert completed.returncode == 0, completed.stderr
    (learner,) = json.loads((tmp_path / "out" / "results.json").read_text())["learners"]
    (item,) = learner["challenges"]
    assert "result" in item and learner["total"] == points_of(FIRST), item.get("problem")
    status, result = judged(FIRST, work)
    assert status == 0 and result["score"] == result["max_score"] == points_of(FIRST)
    assert "100 lines of IPython magics" in result["notes"][0]


@pytest.mark.parametrize("line, kept", [("%matplotlib inline", "pass"), ("!ls", "pass"), ("files = !ls", "files = []"),
                                        ("t = %timeit -o f()", "t = None"), ("np.dot?", "pass"), ("%grade 5", "pass"),
                                        ("%load_ext grader", "pass"), ("import grader", "pass")])
def test_what_only_ipython_understands_is_left_out(line, kept):
    """A line only IPython runs is left out; a name it gives is kept (a shell command's output, a list of its lines,
    is empty; a line magic's result None), so that a later line reading it runs as in Jupyter."""
    from grader.judge.notebook import join_cells

    source = join_cells([("cell 1", f"import numpy as np\n{line}\nx = 1")])
    assert source.text.splitlines() == ["import numpy as np", kept, "x = 1"]
    compile(source.text, "work", "exec")
    assert source.relocate({"line": 2, "source": kept}) == {"line": 2, "cell": "cell 1", "source": kept}
    if kept != "pass":
        assert f"{kept.split()[0]} is {'an empty list' if kept.endswith('[]') else 'None'} in its place" in \
            " ".join(source.notes), source.notes


def test_percent_signs_inside_strings_are_kept():
    from grader.judge.notebook import join_cells

    cell = 'TEXT = """\n% of samples\n!important\n"""\nfiles = 1'
    assert join_cells([("cell 1", cell)]).text == cell + "\n"


def test_the_gradescope_autograder_grades_a_notebook_upload(tmp_path):
    from test_exports import _autograder, _run_on_gradescope

    cells = [nbformat.v4.new_code_cell(cell) for cell in solution_cells(FIRST)]
    cells[1].source = cells[1].source.replace("np.dot(inputs, self.weights)", "np.dot(inputs, self.weights.T)", 1)
    upload = nbformat.writes(nbformat.v4.new_notebook(cells=cells)).encode()
    results = _run_on_gradescope(tmp_path, _autograder(tmp_path, "1"), {"main.ipynb": upload})
    assert 0 < results["score"] < sum(test["max_score"] for test in results["tests"]), results
    failing = [test["output"] for test in results["tests"] if test["status"] == "failed"]
    assert failing and any("cell 2" in output or "transpose" in output for output in failing), failing


@pytest.mark.parametrize("notebook_at, main_py, graded", [
    (f"challenges/{FIRST}/main.ipynb", "stub", "main.ipynb"),
    (f"notebooks/{FIRST}.ipynb", "stub", f"{FIRST}.ipynb"),       # where grade release --notebooks puts it
    (f"notebooks/{FIRST}.ipynb", None, f"{FIRST}.ipynb"),
    (f"challenges/{FIRST}/main.ipynb", "edited", "main.py"),
])
def test_the_class_report_grades_a_notebook_handed_in_beside_the_untouched_stub(tmp_path, notebook_at, main_py,
                                                                               graded):
    """A learner who worked in the notebook hands in the whole course: its main.py is the stub as shipped."""
    from classroom import write_learner

    work = nbformat.writes(nbformat.v4.new_notebook(cells=list(map(nbformat.v4.new_code_cell,
                                                                   solution_cells(FIRST)))))
    files = {notebook_at: work.encode()}
    if main_py:
        source = stub(FIRST).read_text()
        files[f"challenges/{FIRST}/main.py"] = (source if main_py == "stub" else source + "\nx = 1\n").encode()
    write_learner(tmp_path / "roster", "nora", files, False)
    completed = run_grade("report", tmp_path / "roster", "--out", tmp_path / "out", "--challenge", "1", "-j", "1",
                          timeout=300)
    assert completed.returncode == 0, completed.stderr
    (learner,) = json.loads((tmp_path / "out" / "results.json").read_text())["learners"]
    (item,) = learner["challenges"]
    assert item["origin"].endswith(graded), item
    assert learner["total"] == (points_of(FIRST) if graded.endswith(".ipynb") else 0), item
    # Graded from main.py, the work in the notebook beside it is named, so that the instructor sees it was set aside.
    assert ("main.ipynb holds work too, and was not graded" in (item.get("note") or "")) == (main_py == "edited"), item
    # Graded in place of the stub, the notebook is named too.
    assert ("main.py is the stub as shipped, so the notebook" in (item.get("note") or "")) == (main_py == "stub"), item


def test_a_released_notebook_untouched_beside_the_untouched_stub_is_not_said_to_be_graded(tmp_path):
    from classroom import write_learner
    from grader.classroom.release_notebooks import challenge_notebook
    from grader.course import load_challenges

    (challenge,) = [found for found in load_challenges(shipped_course()) if found.name == FIRST]
    roster = tmp_path / "roster"
    released = nbformat.writes(challenge_notebook(challenge)).encode()
    write_learner(roster, "grace", {f"challenges/{FIRST}/main.py": stub(FIRST).read_bytes(),
                                    f"notebooks/{FIRST}.ipynb": released}, False)
    completed = run_grade("report", roster, "--out", tmp_path / "out", "--challenge", "1", "-j", "1", timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    (learner,) = json.loads((tmp_path / "out" / "results.json").read_text())["learners"]
    (item,) = learner["challenges"]
    assert item["origin"].endswith("main.py") and item["state"] == "not-started", item
    assert "graded in its place" not in (item.get("note") or ""), item


def test_another_challenge_s_notebook_is_not_named_as_work_set_aside(tmp_path):
    """A release with notebooks holds one per challenge: graded together, each challenge's row says nothing of the
    other's notebook, as released or worked in."""
    release, roster = tmp_path / "release", tmp_path / "roster"
    completed = run_grade("release", "--out", release, "--notebooks", "--challenge", "1", "--challenge", "3",
                          timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    shutil.copytree(release, roster / "bob")
    completed = run_grade("report", roster, "--out", tmp_path / "out", "--challenge", "1", "--challenge", "3", "-j",
                          "1", timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    (learner,) = json.loads((tmp_path / "out" / "results.json").read_text())["learners"]
    for item in learner["challenges"]:
        assert item["state"] == "not-started" and ".ipynb" not in (item.get("note") or ""), item


def test_the_gradescope_autograder_grades_a_notebook_beside_the_untouched_stub(tmp_path):
    from test_exports import _autograder, _run_on_gradescope

    upload = nbformat.writes(nbformat.v4.new_notebook(cells=list(map(nbformat.v4.new_code_cell,
                                                                     solution_cells(FIRST))))).encode()
    results = _run_on_gradescope(tmp_path, _autograder(tmp_path, "1"), {
        f"challenges/{FIRST}/main.py": stub(FIRST).read_bytes(), f"notebooks/{FIRST}.ipynb": upload})
    assert results["score"] == sum(test["max_score"] for test in results["tests"]) == points_of(FIRST), \
        results["output"]
