"""`grade report --similarity`: shared work ranks first, and the stub and the book's code are not evidence."""
import base64
import csv
import json
import re

import pytest

from classroom import write_learner
from grader.classroom.release_notebooks import stub_cells as stub_cells_of
from helpers import ROOT, rendered_dom, run_grade, screenshot, shipped_course, solution, stub

CHALLENGE = "challenge_5_backprop"
SHARED = (ROOT / "tests" / "alternatives" / f"{CHALLENGE}.py").read_text()

# A correct challenge 5 written independently of both the book and SHARED: loops over samples, explicit Jacobians.
INDEPENDENT = '''import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.inputs = np.array(inputs)
        self.output = np.dot(self.inputs, self.weights) + self.biases

    def backward(self, dvalues):
        grad = np.asarray(dvalues)
        self.dweights = np.einsum("ni,nj->ij", self.inputs, grad)
        self.dbiases = np.add.reduce(grad, axis=0, keepdims=True)
        self.dinputs = np.einsum("nj,ij->ni", grad, self.weights)


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.where(inputs > 0, inputs, 0.0)

    def backward(self, dvalues):
        self.dinputs = np.where(self.inputs <= 0, 0.0, dvalues)


class Activation_Softmax:
    def forward(self, inputs):
        shifted = inputs - inputs.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        self.output = e / e.sum(axis=1, keepdims=True)

    def backward(self, dvalues):
        rows = []
        for probabilities, upstream in zip(self.output, dvalues):
            column = probabilities.reshape(-1, 1)
            jacobian = np.diagflat(column) - column @ column.T
            rows.append(jacobian @ upstream)
        self.dinputs = np.stack(rows)


class Loss:
    def calculate(self, output, y):
        losses = self.forward(output, y)
        return float(np.average(losses))


class Loss_CategoricalCrossentropy(Loss):
    def _picked(self, predictions, targets):
        if targets.ndim == 2:
            targets = targets.argmax(axis=1)
        return predictions[np.arange(predictions.shape[0]), targets], targets

    def forward(self, y_pred, y_true):
        picked, _ = self._picked(np.clip(y_pred, 1e-7, 1 - 1e-7), y_true)
        return -np.log(picked)

    def backward(self, dvalues, y_true):
        count, classes = dvalues.shape
        _, targets = self._picked(dvalues, y_true)
        gradient = np.zeros((count, classes))
        gradient[np.arange(count), targets] = -1.0 / dvalues[np.arange(count), targets]
        self.dinputs = gradient / count


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def forward(self, inputs, y_true):
        probabilities = Activation_Softmax()
        probabilities.forward(inputs)
        self.output = probabilities.output
        return Loss_CategoricalCrossentropy().calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        count = len(dvalues)
        if y_true.ndim == 2:
            y_true = y_true.argmax(axis=1)
        result = dvalues.copy()
        result[range(count), y_true] -= 1
        self.dinputs = result / count
'''

RENAMES = {"one_hot": "target_matrix", "exp_values": "exponentials", "s": "probs", "dvalues": "grad_out",
           "activation": "act", "inputs": "x_in"}


def disguised(source):
    """SHARED as a copier hands it in: names changed, a class moved, its comments rewritten."""
    for old, new in RENAMES.items():
        source = re.sub(rf"\b{old}\b", new, source)
    source = source.replace('"""A correct challenge 5 written differently from the solution: vectorised Jacobians, '
                            'masks, one-hot algebra."""', "# my own work, written from scratch")
    source = re.sub(r"# For each sample.*", "# use the identity for the softmax jacobian times a vector", source)
    relu = source[source.index("class Activation_ReLU"):source.index("class Activation_Softmax:")]
    source = source.replace(relu, "") + "\n\n# the relu layer\n" + relu.rstrip() + "\n"
    return source


@pytest.fixture(scope="module")
def similarity(tmp_path_factory):
    folder = tmp_path_factory.mktemp("similar")
    entries = {
        "ada": SHARED,
        "bo": disguised(SHARED),
        "cy": INDEPENDENT,
        "dee-stub": stub(CHALLENGE).read_text(),
        "eli-stub": stub(CHALLENGE).read_text(),
        "fay-book": solution(CHALLENGE).read_text(),
        "gus-book": solution(CHALLENGE).read_text(),
    }
    return _class_report(folder, entries)


@pytest.fixture(scope="module")
def mischief(tmp_path_factory):
    """Two learners who share a file that tries to break out of the page, one of them with a spoofing name."""
    copied = INDEPENDENT.replace("import numpy as np\n",
                                 "import numpy as np\n# </pre><script>alert(1)</script> \u202eDESSAP\n")
    return _class_report(tmp_path_factory.mktemp("mischief"), {"<b>hal\u202e": copied, "ivy": copied})


def _class_report(folder, entries):
    roster, out = folder / "roster", folder / "out"
    for name, source in entries.items():
        write_learner(roster, name, {f"challenges/{CHALLENGE}/main.py": source.encode()}, False)
    completed = run_grade("report", roster, "--out", out, "-j", "2", "--challenge", "5", "--similarity",
                          timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    with open(out / "similarity.csv", encoding="utf-8-sig", newline="") as table:
        rows = list(csv.DictReader(table))
    with open(out / "grades.csv", encoding="utf-8-sig", newline="") as table:
        grades = {row["learner"]: row for row in csv.DictReader(table)}
    return {"out": out, "rows": rows, "grades": grades, "stderr": completed.stderr}


def _score(rows, first, second):
    for row in rows:
        if {row["learner"], row["other_learner"]} == {first, second}:
            return float(row["score"])
    return 0.0


def test_the_disguised_copy_ranks_first_and_above_the_given_code(similarity):
    rows, grades = similarity["rows"], similarity["grades"]
    # Every solution in the class is correct, so the pairs below differ only in who wrote what.
    for name in ("ada", "bo", "cy", "fay-book", "gus-book"):
        assert grades[name][CHALLENGE] == grades["fay-book"][CHALLENGE], grades[name]
    top = rows[0]
    assert top["challenge"] == CHALLENGE and {top["learner"], top["other_learner"]} == {"ada", "bo"}, rows[:3]
    shared = float(top["score"])
    assert shared >= 0.6, top
    given_only = [("dee-stub", "eli-stub"), ("fay-book", "gus-book"), ("dee-stub", "fay-book"),
                  ("ada", "fay-book"), ("cy", "fay-book"), ("cy", "dee-stub"), ("ada", "cy"), ("bo", "cy")]
    for pair in given_only:
        assert _score(rows, *pair) < shared / 2, (pair, _score(rows, *pair), shared)


def test_code_everyone_was_given_is_not_a_match(similarity):
    rows = similarity["rows"]
    given = {"dee-stub", "eli-stub", "fay-book", "gus-book"}
    assert not [row for row in rows if {row["learner"], row["other_learner"]} <= given]


def test_the_class_page_links_to_the_similarity_page(similarity):
    index = (similarity["out"] / "index.html").read_text()
    assert 'href="similarity.html"' in index
    assert "similarity.html" in similarity["stderr"]


def test_the_similarity_page_shows_why_side_by_side(similarity, tmp_path):
    page = similarity["out"] / "similarity.html"
    html = page.read_text()
    assert "a reason to look, not a verdict" in html
    first = html.index("<details")
    assert html.index("ada", first) < html.index("</summary>", first) and "<mark>" in html[first:]
    assert "target_matrix" in html and "one_hot" in html
    dom = rendered_dom(page)
    assert "Similar submissions" in dom
    picture = tmp_path / "similarity.png"
    log = screenshot(page, picture, size="1400,1600")
    assert picture.is_file() and picture.stat().st_size > 20_000, log[-2000:]
    assert "CONSOLE" not in log, log[-2000:]


def test_the_similarity_page_escapes_learner_text(mischief):
    page = mischief["out"] / "similarity.html"
    html = page.read_text()
    assert float(mischief["rows"][0]["score"]) >= 0.9
    assert "<script>alert" not in html and "&lt;/pre&gt;&lt;script&gt;" in html
    assert "\u202e" not in html and "\\u202e" in html
    assert "&lt;b&gt;hal" in html
    assert "<script" not in rendered_dom(page)


def test_a_run_without_similarity_keeps_linking_the_earlier_comparison_and_says_when_it_was_made(mischief, tmp_path):
    """A regrade without --similarity leaves similarity.html as the earlier run wrote it: the class page still links
    to it, saying when it was compared, rather than dropping the link to a page that is still there."""
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(mischief["out"].parent, folder)
    completed = run_grade("report", folder / "roster", "--out", folder / "out", "--challenge", "5", timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    index = (folder / "out" / "index.html").read_text()
    assert re.search(r'<a href="similarity.html">similar submissions</a> as compared on \d{4}-\d\d-\d\d \d\d:\d\d '
                     r"\(grade report --similarity compares them again\)", index), index[:3000]


def test_files_of_the_same_code_are_paired_however_little_of_it_is_the_learners_own(tmp_path):
    """The course's solution with the same one line changed, in two files (one with comments and blank lines of its
    own): what is left once the course's code is taken out is too short to match, but the same code is the likeliest
    copy of all. The same slip in a third file of its own is not."""
    from planted_mistakes import PLANTED

    (replacements,) = [changes for name, changes, *_ in PLANTED if name == CHALLENGE][:1]
    slipped = solution(CHALLENGE).read_text()
    for old, new in replacements:
        slipped = slipped.replace(old, new, 1)
    other = slipped.replace("import numpy as np\n", "import numpy as np\nimport math\n", 1)
    found = _class_report(tmp_path, {"ann": slipped, "ben": "# mine\n\n\n" + slipped + "\n\n# done  \n",
                                     "cat": other})
    assert _score(found["rows"], "ann", "ben") == 1.0 and _score(found["rows"], "ann", "cat") < 1.0, found["rows"]
    page = (found["out"] / "similarity.html").read_text()
    assert page.count("the same code, statement for statement (comments and layout aside)") == 1


def test_the_csv_quotes_formula_names(tmp_path):
    from grader.classroom.similarity import Pair, write_similarity

    write_similarity(tmp_path, [Pair("challenge_1_forward_pass", ("=SUM(A1)", "+ann"), (0.9, 0.5))],
                     {"challenge_1_forward_pass": "Forward pass"})
    with open(tmp_path / "similarity.csv", encoding="utf-8-sig", newline="") as table:
        row = next(csv.DictReader(table))
    assert row["learner"] == "'=SUM(A1)" and row["other_learner"] == "'+ann" and row["score"] == "0.900"


def test_without_copydetect_the_report_says_how_to_install_it(monkeypatch):
    import sys

    from grader.classroom.similarity import SimilarityUnavailable, require_copydetect

    monkeypatch.setitem(sys.modules, "copydetect", None)
    with pytest.raises(SimilarityUnavailable, match=r"pip install"):
        require_copydetect()


# Two correct challenge 3s written apart: each replaces the released notebook's stub cells with its own functions.
NOTEBOOK_CODE = {
    "first": {"sigmoid": "def sigmoid(inputs):\n    return 1 / (1 + np.exp(-inputs))\n",
              "leaky_relu": "def leaky_relu(inputs, alpha=0.01):\n"
                            "    return np.where(inputs > 0, inputs, alpha * inputs)\n",
              "softmax": "def softmax(inputs):\n    e = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))\n"
                         "    return e / np.sum(e, axis=1, keepdims=True)\n"},
    "second": {"sigmoid": "def sigmoid(z):\n    out = np.empty_like(z, dtype=float)\n    out[...] = 1.0 / (1.0 + "
                          "np.exp(-z))\n    return out\n",
               "leaky_relu": "def leaky_relu(v, alpha=0.01):\n    res = v.astype(float).copy()\n    neg = res < 0\n"
                             "    res[neg] = res[neg] * alpha\n    return res\n",
               "softmax": "def softmax(batch):\n    shifted = batch - batch.max(axis=-1)[:, None]\n"
                          "    ex = np.exp(shifted)\n    tot = ex.sum(axis=-1)[:, None]\n    return ex / tot\n"},
}


def _released_notebook_with(functions):
    import nbformat

    from grader.classroom.release_notebooks import challenge_notebook
    from grader.course import load_challenges

    # The course as shipped: a learner's work in this checkout's main.py is no release's.
    (challenge,) = [found for found in load_challenges(shipped_course()) if found.name == "challenge_3_activations"]
    notebook = challenge_notebook(challenge)
    for cell in notebook.cells:
        name = cell.source.removeprefix("def ").split("(")[0]
        if cell.cell_type == "code" and name in functions:
            cell.source = functions[name]
    return nbformat.writes(notebook)


def test_notebooks_are_compared_by_their_code_as_main_py_is(tmp_path):
    """Two released notebooks filled in apart share the notebook's JSON and its stub cells, which are no evidence;
    the same code handed in as main.py and as a notebook is."""
    roster, out = tmp_path / "roster", tmp_path / "out"
    challenge = "challenge_3_activations"
    for name, code in NOTEBOOK_CODE.items():
        write_learner(roster, f"{name}-notebook", {f"challenges/{challenge}/main.ipynb":
                                                   _released_notebook_with(code).encode()}, False)
    write_learner(roster, "first-py", {f"challenges/{challenge}/main.py":
                                       ("import numpy as np\n\n\n" + "\n\n".join(NOTEBOOK_CODE["first"].values()))
                                       .encode()}, False)
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "3", "--similarity", timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    with open(out / "similarity.csv", encoding="utf-8-sig", newline="") as table:
        rows = list(csv.DictReader(table))
    assert _score(rows, "first-notebook", "second-notebook") < 0.25
    assert _score(rows, "first-notebook", "first-py") >= 0.25


def test_a_notebook_saved_in_nbformat_3_is_compared_and_judged_by_the_cells_it_is_graded_on(tmp_path):
    """nbformat reads an nbformat 3 notebook's cells from its worksheets, and so the judge grades those: a copy saved
    so is compared by them, and cells a notebook holds besides (the stub's, say) hide nothing."""
    roster, out = tmp_path / "roster", tmp_path / "out"
    challenge = "challenge_3_activations"
    code = "import numpy as np\n\n\n" + "\n\n".join(NOTEBOOK_CODE["second"].values()) + "\n"
    stub_cells = [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": cell}
                  for cell in stub_cells_of(stub(challenge).read_text())]
    version_3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "cells": stub_cells, "worksheets": [
        {"metadata": {}, "cells": [{"cell_type": "code", "language": "python", "metadata": {}, "outputs": [],
                                    "input": code}]}]}
    write_learner(roster, "original", {f"challenges/{challenge}/main.py": code.encode()}, False)
    write_learner(roster, "version-3", {f"challenges/{challenge}/main.ipynb": json.dumps(version_3).encode()}, False)
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "3", "--similarity", timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    with open(out / "similarity.csv", encoding="utf-8-sig", newline="") as table:
        assert _score(list(csv.DictReader(table)), "original", "version-3") >= 0.9
    rows = {row["learner"]: row for row in json.loads((out / "results.json").read_text())["learners"]}
    (copied,), (original,) = rows["version-3"]["challenges"], rows["original"]["challenges"]
    assert copied["state"] == original["state"] == "full" and not copied.get("untouched"), copied


def _spelled_in_utf7(code):
    """Every line of `code` one run of UTF-7's base64, as Python's decoder reads it: not a letter left as it was."""
    return "\n".join("+" + base64.b64encode(line.encode("utf-16-be")).decode().rstrip("=") + "-" if line else ""
                     for line in code.split("\n"))


def test_a_copy_saved_in_another_encoding_is_compared_by_what_python_reads(tmp_path):
    """A coding line makes Python read the bytes in that encoding: UTF-7 turns every letter after a + into base64,
    which hides nothing from the comparison."""
    roster, out = tmp_path / "roster", tmp_path / "out"
    challenge = "challenge_3_activations"
    # Code of the learner's own: the book's own lines are the course's, which the comparison leaves out.
    code = "import numpy as np\n\n\n" + "\n\n".join(NOTEBOOK_CODE["second"].values()) + "\n"
    write_learner(roster, "original", {f"challenges/{challenge}/main.py": code.encode()}, False)
    write_learner(roster, "re-encoded", {f"challenges/{challenge}/main.py":
                                         f"# coding: utf-7\n{_spelled_in_utf7(code)}".encode()}, False)
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "3", "--similarity", timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    with open(out / "similarity.csv", encoding="utf-8-sig", newline="") as table:
        rows = list(csv.DictReader(table))
    assert _score(rows, "original", "re-encoded") >= 0.9


def test_copies_behind_line_ends_and_codecs_are_compared_and_the_report_survives_them(tmp_path):
    """Python reads a bare \\r as a line end before it looks for a coding line in the first two: a copy behind such a
    line is compared by what Python reads. A codec of bytes (rot13) makes a file Python refuses, not a report that
    fails."""
    roster, out = tmp_path / "roster", tmp_path / "out"
    challenge = "challenge_3_activations"
    code = "import numpy as np\n\n\n" + "\n\n".join(NOTEBOOK_CODE["second"].values()) + "\n"
    files = {"original": code.encode(),
             "utf-7-on-line-two": f"\r# coding: utf-7\n{_spelled_in_utf7(code)}".encode(),   # Python reads UTF-7
             "cookie-on-line-three": b"#\r#\r# coding: utf-16\n" + code.encode(),   # Python reads UTF-8
             "rot13": b"# coding: rot13\n" + code.encode()}
    for name, data in files.items():
        write_learner(roster, name, {f"challenges/{challenge}/main.py": data}, False)
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "3", "--similarity", timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    with open(out / "similarity.csv", encoding="utf-8-sig", newline="") as table:
        rows = list(csv.DictReader(table))
    assert _score(rows, "original", "utf-7-on-line-two") >= 0.9
    assert _score(rows, "original", "cookie-on-line-three") >= 0.9
    with open(out / "grades.csv", encoding="utf-8-sig", newline="") as table:
        graded = {row["learner"]: row for row in csv.DictReader(table)}
    assert "not a text encoding" in graded["rot13"]["notes"], graded["rot13"]


def test_namesakes_are_each_compared_and_told_apart(tmp_path):
    """Two learners of one name (Canvas names them by it) are two learners: each is compared, and each pair says
    which one it is about."""
    roster, out = tmp_path / "roster", tmp_path / "out"
    roster.mkdir()
    for name, source in (("liwen_401_9001_main.py", SHARED), ("liwen_402_9002_main.py", INDEPENDENT),
                         ("zhaoli_403_9003_main.py", disguised(SHARED))):
        (roster / name).write_text(source)
    completed = run_grade("report", roster, "--out", out, "-j", "1", "--challenge", "5", "--similarity", timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    with open(out / "similarity.csv", encoding="utf-8-sig", newline="") as table:
        rows = list(csv.DictReader(table))
    assert _score(rows, "liwen (401)", "zhaoli") > _score(rows, "liwen (402)", "zhaoli")
    assert _score(rows, "liwen (401)", "zhaoli") >= 0.25
