"""What the course's texts say agrees with what the checks do and with what `grade list` shows."""
import re

import numpy as np
import pytest

import reference.functional
from grader.course import checks_of, load_challenges
from grader.expect import Mismatch
from grader.judge.grading import import_scenarios
from helpers import ROOT, invoke, planted, spec_module

CHALLENGES = {challenge.name: challenge for challenge in load_challenges(ROOT)}


def test_the_readme_table_gives_each_challenge_the_chapters_grade_list_shows():
    rows = re.findall(r"^\| \d+ \| `(challenge_\w+)` \| ([^|]+) \|", (ROOT / "README.md").read_text(), re.M)
    assert [name for name, _ in rows] == list(CHALLENGES), "the table lists the challenges in grade list's order"
    for name, chapters in rows:
        # A note in words, "(beyond the book)", may follow; more chapter numbers may not.
        assert re.sub(r" \((?!\d)[^)]*\)$", "", chapters.strip()) == CHALLENGES[name].chapter, name


def test_challenge_14_readme_trains_the_sine_for_the_steps_its_check_takes():
    name = "challenge_14_binary_and_regression_training"
    said = re.search(r"regression network on the sine for ([\d,]+) steps", (ROOT / "challenges" / name / "README.md")
                     .read_text().replace("\n", " "))
    assert said and int(said.group(1).replace(",", "")) == spec_module(name).REGRESSION_STEPS


def test_challenge_13_forward_check_title_names_the_dropout_rate_it_uses():
    name = "challenge_13_regularized_training"
    title = {info.id: info.name for info in checks_of(CHALLENGES[name])}["network_forward_while_training"]
    used = re.search(r"nn\.Network\(l2=STEP_L2, dropout=([\d.]+)\)",
                     (ROOT / "challenges" / name / "scenarios.py").read_text()).group(1)
    assert f"dropout={used}" in title and "half" in title


def test_a_readme_whose_checks_call_dropout_without_the_flag_says_its_default_is_true():
    """Where a challenge checks that Layer_Dropout.forward(inputs), called without training as chapter 15 calls it,
    drops values, its README says so where it describes the layer: a default of training must be True."""
    asking = [name for name in CHALLENGES
              if any("drops_without_training" in path.read_text()
                     for path in (ROOT / "challenges" / name).glob("*spec.py"))]
    assert asking, "no check calls expect.drops_without_training any more: this test has nothing to hold"
    for name in asking:
        readme = " ".join((ROOT / "challenges" / name / "README.md").read_text().split())
        assert "`forward(inputs)`" in readme and "`forward(self, inputs, training=True)`" in readme, name


def test_a_check_that_calls_dropout_without_the_flag_says_how_it_calls_a_flag_without_a_default():
    """expect.drops_without_training judges forward(inputs) only where the signature gives training a default; a
    flag without one is called with training=True, and the check's sentence, shown beside its PASS, says so."""
    for name in CHALLENGES:
        spec = ROOT / "challenges" / name / "spec.py"
        if "drops_without_training" not in spec.read_text():
            continue
        titles = [info.name for info in checks_of(CHALLENGES[name]) if info.id == "dropout_default_drops"]
        assert titles and all("forward(inputs)" in title and "training=True where training has no default" in title
                              for title in titles), (name, titles)


def test_a_checks_first_hint_fits_each_of_its_messages():
    """The first hint is shown under the message, whichever of the check's messages it is: for these checks, with
    messages of more than one kind, it asks about each kind (the learners' round that found them in parentheses)."""
    fits = {("challenge_3_activations", "softmax"): ("maximum", "sum", "keepdims=True"),    # a max lost its axis
            ("challenge_12_validation_and_preprocessing", "k_fold_validates_every_sample_once"):
                ("exactly once", "within one of each other"),                                # [4, 4, 4, 4, 7]
            ("challenge_12_validation_and_preprocessing", "shuffle_keeps_inputs"):
                ("np.random.shuffle(X)", "X[:] = X[keys]"),                                  # no shuffle called
            ("challenge_17_convolution", "pool_forward"): ("which two axes", "fill no window"),
            ("challenge_14_binary_and_regression_training", "binary_accuracy"): ("class 1", "same shape")}
    for (name, check_id), words in fits.items():
        hint = {info.id: info.hint for info in checks_of(CHALLENGES[name])}[check_id]
        assert all(word in hint for word in words), (name, check_id, hint)


def test_challenge_3_leaky_relu_picture_draws_and_names_the_alpha_its_check_names():
    """The picture under the check of leaky_relu's alpha draws the reference's curve with the alpha its title names,
    and that is the alpha the check's message names: 0.2 to a learner who ignored alpha, 1.5 to one whose
    np.maximum(x, alpha * x) is right for alphas below 1 alone."""
    name = "challenge_3_activations"
    scenarios, spec = import_scenarios(CHALLENGES[name]), spec_module(name)

    def run_on(learner):
        def run(scenario, seed=0):
            return tuple(getattr(scenarios, scenario)(nn, np.random.default_rng(seed))
                         for nn in (learner, reference.functional))
        return run

    class IgnoringAlpha:
        @staticmethod
        def leaky_relu(inputs, alpha=0.01):
            return np.where(inputs > 0, inputs, 0.01 * inputs)

    class Maximum:
        @staticmethod
        def leaky_relu(inputs, alpha=0.01):
            return np.maximum(inputs, alpha * inputs)

    for learner, alpha in ((IgnoringAlpha, 0.2), (Maximum, 1.5)):
        picture = spec.leaky_relu_curve(run_on(learner))
        drawn = float(re.search(r"alpha=([\d.]+)\)", picture.title).group(1))
        x, y = picture.data["x"], picture.data["series"]["reference"]
        np.testing.assert_allclose(y[x < 0], drawn * x[x < 0])
        with pytest.raises(Mismatch) as failed:
            spec.test_leaky_relu_alpha(run_on(learner))
        named = [float(said) for said in re.findall(r"alpha=([\d.]+)", str(failed.value))]
        assert drawn == alpha and named and set(named) == {drawn}, str(failed.value)


def test_the_readme_places_the_decision_regions_picture_where_the_report_draws_it(tmp_path):
    """A picture goes under the first of its checks that fails (grader.spec.figure): a learner whose softmax sums
    over the wrong axis sees the regions it paints beside the reference's there, and the README says so rather than
    that the picture waits for those checks to pass."""
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "A picture goes under the first of the checks it illustrates that fails" in readme
    assert "once the checks it depends on pass" not in readme
    name = "challenge_1_forward_pass"
    learner = planted(tmp_path, name, [("np.sum(exp_values, axis=1, keepdims=True)",
                                        "np.sum(exp_values, axis=0, keepdims=True)")])
    page = tmp_path / "report.html"
    assert invoke("1", "--submission", learner, "--html", page, "--json").exit_code == 1
    html = page.read_text()
    start = html.index(f'id="{name}-softmax_forward"')
    under_softmax = html[start:html.find('<div class="check', start + 1)]
    assert "FAIL" in under_softmax and "The class your network predicts at each point" in under_softmax
    assert html.count("The class your network predicts at each point") == 1
