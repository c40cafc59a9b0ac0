"""The HTML report as a learner opens it: self-contained, small, with pictures, rendered by Chromium."""
import os
import shutil
import subprocess
import tempfile

import pytest

from helpers import planted, run_grade, solution

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
# The flags this machine needs for headless Chromium with no network.
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--enable-logging=stderr", "--v=0"]


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
    assert "How far each value of self.dinputs" in reports["backprop"]   # the error heat map
    assert "after 400 steps of gradient descent with your backward passes" in reports["backprop"]


def test_the_report_shows_what_the_learner_printed_escaped(reports):
    assert "&lt;b&gt;debug&lt;/b&gt;" in reports["backprop"] and "<b>debug</b>" not in reports["backprop"]


def test_chromium_renders_the_report_without_console_errors(reports, tmp_path):
    if BROWSER is None:
        if os.environ.get("NNFS_GRADE_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (NNFS_GRADE_REQUIRE_BROWSER is set) but was not found")
        pytest.skip("Chromium is not installed")
    page = tmp_path / "report.html"
    page.write_text(reports["backprop"])
    screenshot = tmp_path / "report.png"
    completed = subprocess.run(
        [BROWSER, *BROWSER_FLAGS, f"--user-data-dir={tempfile.mkdtemp()}", "--window-size=1000,2400",
         f"--screenshot={screenshot}", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert screenshot.is_file() and screenshot.stat().st_size > 20_000, completed.stderr[-2000:]
    assert "CONSOLE" not in completed.stderr, completed.stderr[-2000:]
    dom = subprocess.run([BROWSER, *BROWSER_FLAGS, f"--user-data-dir={tempfile.mkdtemp()}", "--dump-dom",
                          page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert "Layer_Dense.backward sets dweights" in dom and "<svg" in dom
