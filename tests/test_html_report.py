"""The HTML report as a learner opens it: self-contained, small, with pictures, rendered by Chromium."""
import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from grader.results import GradeResult
from grader.views import render
from helpers import judged, planted, rendered_dom, run_grade, screenshot, solution


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    with_mistakes = planted(folder, "challenge_5_backprop", [
        ("self.dinputs = self.dinputs / samples\n\n\nclass Activation_Softmax_Loss",
         "print('<b>debug</b>')\n        self.dinputs = self.dinputs\n\n\nclass Activation_Softmax_Loss")])
    made = {}
    for name, challenge, submission in (("backprop", "challenge_5_backprop", with_mistakes),
                                        ("activations", "challenge_3_activations",
                                         solution("challenge_3_activations")),
                                        ("forward", "challenge_1_forward_pass", solution("challenge_1_forward_pass"))):
        path = folder / f"{name}.html"
        run_grade(challenge, "--submission", submission, "--html", path, "--json")
        made[name] = path.read_text()
    return made


def test_the_report_opens_offline_and_stays_small(reports):
    for html in reports.values():
        assert len(html.encode()) < 200_000
        assert "http://" not in html and "https://" not in html
        assert "<script" not in html


def test_the_report_draws_what_a_picture_says_better(reports):
    assert reports["activations"].count("<polyline") >= 4        # sigmoid and leaky_relu, yours and reference
    assert "data:image/png;base64," in reports["forward"]         # the decision regions
    assert all(f">class {label}</text>" in reports["forward"] for label in range(3))   # and their key
    assert "How far each value of self.dinputs" in reports["backprop"]   # the error heat map
    assert "after 400 steps of gradient descent with your backward passes" in reports["backprop"]


def test_decision_regions_have_a_key_saying_which_colour_is_which_class():
    from grader.views import figures

    grid = np.array([[0, 0, 1], [2, 2, 1], [2, 0, 1]])
    svg = str(figures.to_svg(figures.regions("", {"yours": grid, "reference": grid}, [[0.5, 0.5], [-0.5, -0.5]],
                                             [1, 2], (-1, 1, -1, 1))))
    keys = re.findall(r'<g class="class-key"><rect [^>]* fill="rgb\((\d+),(\d+),(\d+)\)"[^>]*/><circle [^>]* '
                      r'fill="([^"]+)"/><text [^>]*>class (\d+)</text></g>', svg)
    assert [int(key[4]) for key in keys] == [0, 1, 2]
    for red, green, blue, point, label in keys:
        # The colours the panels draw the class's region and its dots in.
        assert (int(red), int(green), int(blue)) == tuple(figures.CLASS_RGB[int(label)])
        assert point == figures.CLASS_POINT[int(label)]
    for label in (1, 2):
        assert f'r="2.2" fill="{figures.CLASS_POINT[label]}"/>' in svg.split('<g class="class-key">')[0]


def test_a_small_array_s_heat_map_is_drawn_large_enough_to_read():
    """A 3 x 3 output's difference map drawn with the cells of a 24 x 24 one is a speck beside the 240-pixel pictures;
    its cells grow until its grid is about as large, and a large array keeps its cells."""
    from grader.views import figures

    def cells(values):
        svg = str(figures.to_svg(figures.heatmap("How far each value is from the expected one", values)))
        return {float(side) for side in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="\1" '
                                                   r'fill="rgb', svg)}

    small = cells(np.arange(9.0).reshape(3, 3))
    assert len(small) == 1 and 3 * (small.pop() + 1) >= 140
    assert cells(np.ones((24, 24))) == {21.0}
    side_by_side = str(figures.to_svg(figures.heatmaps("Attention", {"yours": np.eye(4), "reference": np.eye(4)},
                                                       "weight")))
    assert 'width="36"' in side_by_side   # 4 x 4 panels grow alike


def test_a_heat_map_of_a_large_array_shows_the_cells_around_its_largest_difference():
    """The text names the largest difference's place: the map draws it, says which part it draws, and colours it on
    the scale of the whole array."""
    from grader.views import figures

    values = np.full((2, 64), 0.001)
    values[1, 39], values[0, 2] = 0.008, 0.004
    svg = str(figures.to_svg(figures.heatmap("How far each value is from the expected one", values)))
    assert "<title>[1, 39] 0.008</title>" in svg and "[0, 2]" not in svg
    assert "columns 27-50 of 64, around the largest difference" in svg and ">0.008<" in svg
    assert 'fill="rgb(255,55,55)"><title>[1, 39]' in svg
    # Side by side, both panels show the same cells: those around where they differ most.
    reference = np.zeros((30, 30))
    yours = reference.copy()
    yours[29, 0] = 1.0
    pair = str(figures.to_svg(figures.heatmaps("Attention", {"yours": yours, "reference": reference}, "weight")))
    assert pair.count("rows 6-29 of 30 and columns 0-23 of 30, around where they differ most") == 2
    assert pair.count("[29, 0]") == 2
    small = str(figures.to_svg(figures.heatmap("", np.eye(3))))
    assert "around" not in small


def test_a_key_of_many_classes_stays_small_and_names_no_negative_class():
    """A grid of many values (or of NaN, which becomes the smallest integer) keys at most one entry per colour."""
    from grader.views import figures

    grid = np.arange(10_000.0).reshape(100, 100)
    grid[0, 0] = np.nan
    svg = str(figures.to_svg(figures.regions("", {"yours": grid, "reference": grid % 3}, [[0.5, 0.5]], [1],
                                             (-1, 1, -1, 1))))
    keyed = re.findall(r">class (-?\d+)</text>", svg)
    assert keyed == [str(label) for label in range(len(figures.CLASS_RGB))]
    assert f"and {10_000 - len(figures.CLASS_RGB)} more, in these colours again" in svg
    assert len(svg) < 60_000


def test_the_report_says_which_check_to_fix_first_and_links_to_it(reports):
    found = re.search(r'<div class="next"><strong>Next:</strong> start with <a href="#([^"]+)">([^<]+)</a>\.</div>',
                      reports["backprop"])
    assert found, "no Next line in the report of a file that fails a check"
    first = re.search(r'<div class="check (?:failed|error|timeout|todo)" id="([^"]+)">', reports["backprop"])
    assert found[1] == first[1]
    assert found[2].startswith("Loss_CategoricalCrossentropy.backward sets dinputs")
    assert 'class="next"' not in reports["activations"] and 'class="next"' not in reports["forward"]


def test_the_next_step_names_the_line_that_stops_several_checks(tmp_path):
    """With the checks skipped because they wait for those it stops: all that the line costs."""
    learner = planted(tmp_path, "challenge_5_backprop",
                      [("np.dot(self.inputs.T, dvalues)", "np.dot(self.inputs.T, dvalue)")])
    _, result = judged("challenge_5_backprop", learner)
    html = render.to_html(GradeResult.from_dict(result))
    line = learner.read_text().splitlines().index("        self.dweights = np.dot(self.inputs.T, dvalue)") + 1
    lost = sum(check["status"] != "passed" for check in result["checks"])
    assert lost == 6
    assert (f'<strong>Next:</strong> start with line {line} of your file (<code>self.dweights = np.dot(self.inputs.T, '
            'dvalue)</code>): it stops 4 checks, and 2 more wait for them, from '
            '<a href="#challenge_5_backprop-dense_backward_dweights">') in html
    # A check skipped for another's failure links to it, as the Next line does.
    skipped = [check for check in result["checks"] if check["status"] == "skipped"]
    ids = {check["name"]: check["id"] for check in result["checks"]}
    assert skipped
    for check in skipped:
        waited = re.fullmatch('fix "(.*)" first', check["message"])[1]
        assert (f'<div class="message">Fix <a href="#challenge_5_backprop-{ids[waited]}">{waited}</a> first.</div>'
                in html), check


def test_the_report_shows_what_the_learner_printed_escaped(reports):
    assert "&lt;b&gt;debug&lt;/b&gt;" in reports["backprop"] and "<b>debug</b>" not in reports["backprop"]


def test_chromium_renders_the_report_without_console_errors(reports, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(reports["backprop"])
    picture = tmp_path / "report.png"
    log = screenshot(page, picture)
    assert picture.is_file() and picture.stat().st_size > 20_000, log[-2000:]
    assert "CONSOLE" not in log, log[-2000:]
    dom = rendered_dom(page)
    assert "Layer_Dense.backward sets dweights" in dom and "<svg" in dom


def test_the_convolution_report_shows_feature_maps_beside_the_reference(tmp_path):
    path = tmp_path / "convolution.html"
    run_grade("challenge_17_convolution", "--submission", solution("challenge_17_convolution"), "--html", path,
              "--json")
    html = path.read_text()
    assert "the eight feature maps the first layer makes of it" in html
    # One image of the digit, then eight maps for yours and eight for the reference's.
    assert html.count('href="data:image/png;base64,') == 1 + 8 + 8
    assert ">yours<" in html and ">reference<" in html


def test_the_attention_report_shows_both_attention_patterns_as_heat_maps(tmp_path):
    path = tmp_path / "attention.html"
    run_grade("challenge_18_attention", "--submission", solution("challenge_18_attention"), "--html", path, "--json")
    html = path.read_text()
    assert "the attention weights of the first head" in html and ">weight<" in html
    assert ">yours<" in html and ">reference<" in html
    # Two 6 x 6 panels, yours first: reversing a sequence, query i looks hardest at key 5 - i in both.
    cells = [(int(row), int(column), float(value))
             for row, column, value in re.findall(r"<title>\[(\d+), (\d+)\] ([-\d.e]+)</title>", html)]
    assert len(cells) == 2 * 36
    for panel in (cells[:36], cells[36:]):
        weights = np.zeros((6, 6))
        for row, column, value in panel:
            weights[row, column] = value
        np.testing.assert_allclose(weights.sum(axis=1), 1, atol=1e-3)
        assert list(weights.argmax(axis=1)) == [5, 4, 3, 2, 1, 0]


def test_category_titles_spell_the_book_s_concepts_as_the_book_does():
    """Optimizer_SGD and the regularizer arguments are the book's spelling; their checks' headings share it."""
    import json

    from grader.spec import CATEGORIES
    from helpers import ROOT

    # The ids are the JSON contract's (DESIGN.md); only the titles are the reports' own.
    assert list(CATEGORIES) == ["forward", "shape", "activation", "loss", "backprop", "optimizer", "training",
                                "regularization", "model", "data", "convolution", "attention"]
    for challenge, title in (("challenge_6_optimizers", "Optimizers"),
                             ("challenge_13_regularized_training", "Regularization")):
        recorded = json.loads((ROOT / "tests" / "golden" / challenge / "solution.json").read_text())["result"]
        result = GradeResult.from_dict(recorded)
        assert f"\n{title}\n" in render.to_text(result)
        assert f"<h2>{title} <small>" in render.to_html(result)
        assert "Optimis" not in render.to_text(result) + render.to_html(result)


def test_a_check_title_shows_its_backticked_code_as_code_escaped():
    import json

    from grader.results import GradeResult
    from grader.views import render
    from helpers import ROOT

    recorded = json.loads((ROOT / "tests" / "golden" / "challenge_13_regularized_training" / "solution.json")
                          .read_text())["result"]
    recorded["checks"][0]["name"] = "Layer_Dropout drops a share `rate<i>` <b>while</b> training"
    page = render.to_html(GradeResult.from_dict(recorded))
    assert "drops a share <code>rate&lt;i&gt;</code> &lt;b&gt;while&lt;/b&gt; training" in page
    assert "`rate" not in page


@pytest.mark.parametrize("changes, shown", [
    ({"status": "failed", "message": "Wrong values."}, True),
    ({"status": "failed", "message": "Layer_Dense.backward never set self.dweights; it set self.dweigths.",
      "mistake": "attribute_never_set"}, False),
    ({"status": "error", "message": "Your code raised NotImplementedError.", "not_started": True}, False),
    ({"status": "error", "message": "Your file could not be imported.", "at_import": True}, False),
    ({"status": "skipped", "message": "fix another check first"}, False),
    ({"status": "passed", "score": 1.0}, False),
])
def test_every_report_shows_a_check_s_hint_under_the_same_rule(changes, shown):
    """The hint is about what the check computes: not for a TODO, a file that did not import or a misspelt name."""
    from grader.classroom import gradescope
    from grader.course import find_challenge
    from helpers import ROOT

    check = {"id": "dense_backward_dweights", "name": "Layer_Dense.backward sets dweights", "category": "backprop",
             "score": 0.0, "max_score": 1.0, "hint": "Which product HAS_THE_SHAPE of weights?", **changes}
    result = GradeResult(challenge="challenge_5_backprop", title="Backpropagation", chapter="9", submission="main.py",
                         checks=[GradeResult.from_dict({"challenge": "", "title": "", "checks": [check]}).checks[0]])
    challenge = find_challenge(ROOT, "5")
    exported = gradescope._test(challenge, 1, result.checks[0], hidden=False)["output"]
    for said in (render.to_text(result), render.to_html(result), exported):
        assert ("HAS_THE_SHAPE" in said) == shown, said


def test_a_learners_page_counts_its_challenges_in_words():
    entries = [{"challenge": "challenge_1_forward_pass", "title": "The forward pass", "problem": "no main.py",
                "result": None}]
    learner = {"name": "ann", "score": 0, "max_score": 19, "entries": entries, "index": "../index.html"}
    assert "0 / 19 points over 1 challenge ·" in render.html_page(entries, "ann", learner=learner)
    learner["entries"] = entries * 2
    assert "points over 2 challenges ·" in render.html_page(entries, "ann", learner=learner)


def test_a_learners_page_says_a_challenge_was_not_handed_in_apart_from_one_that_could_not_be_graded():
    """A challenge with no submission is no fault of the grader's: its entry says so, quietly, where one that could
    not be graded (an archive that cannot be read) is marked as not graded."""
    entries = [{"challenge": "challenge_1_forward_pass", "title": "The forward pass", "result": None,
                "problem": "no submission: ann/ has no challenges/challenge_1_forward_pass/main.py"},
               {"challenge": "challenge_2_shapes", "title": "Shapes", "result": None,
                "problem": "ann.zip is not a readable .zip archive"}]
    learner = {"name": "ann", "score": 0, "max_score": 30, "entries": entries, "index": "../index.html"}
    page = render.html_page(entries, "ann", learner=learner)
    assert '>The forward pass</a> <span class="none-tag">no submission</span>' in page
    assert '>Shapes</a> <span class="missing-tag">not graded</span>' in page
    # A sentence takes a capital, but a file's name keeps its own spelling.
    assert '<div class="note">No submission: ann/ has no' in page
    assert '<div class="note">ann.zip is not a readable .zip archive</div>' in page


def test_a_figure_of_values_near_the_largest_float_has_only_numbers_for_coordinates():
    """A span of ±1.7e308 overflows to inf: drawn from it, a curve's points and a map's greys would be NaN, which no
    browser draws."""
    from grader.views.figures import _lines_svg, _maps_svg

    huge = np.array([1.7e308, -1.7e308, 0.0, np.nan, 1.0, np.inf])
    lines = _lines_svg({"x": np.linspace(0, 1, 6), "series": {"yours": huge, "reference": np.zeros(6)}})
    points = re.findall(r'points="([^"]*)"', lines)
    assert points[0] and all(np.isfinite(float(number)) for text in points
                             for point in text.split() for number in point.split(","))
    # A map's greys: white its largest value, black its smallest, the rest between.
    maps = _maps_svg({"panels": {"yours": [huge[:4].reshape(2, 2)]}})
    encoded = re.search(r'href="data:image/png;base64,([^"]+)"', maps)[1]
    greys = np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded))).convert("L"))
    assert greys[0, 0] == 255 and greys[0, 1] == 0 and 0 < greys[1, 0] < 255, greys
