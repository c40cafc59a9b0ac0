"""Mutation analysis: the operators, the mutants they make, and a fixed sample every CI run grades.

The sample holds, for each challenge, mutants that plant a mistake learners of
the book make and that the checks catch today. If a change to a spec or a
scenario lets one of them pass every check, the checks got weaker: that
fails here, naming the mutant and its diff.
"""
import ast
import functools
import json
import shutil
import textwrap

import pytest

from grader.course import load_challenge, load_challenges
from grader.dev import operators
from grader.dev.mutate import (EQUIVALENT_FILE, MutationError, analyse, equivalent_listing, grade_mutants,
                               make_mutants, pick)
from helpers import CHALLENGES, run_grade, shipped_course, solution

SAMPLE = {
    "challenge_11_random_search_and_derivatives": [
        "drop_statement:random_search:1", "flip_sign:numerical_derivative:1", "flip_sign:numerical_gradient:1",
        "flip_sign:backward_errors:1"],
    "challenge_12_validation_and_preprocessing": [
        "drop_statement:shuffle:1", "flip_sign:train_val_test_split:1", "flip_sign:k_fold:1",
        "drop_statement:cross_validate:1"],
    "challenge_13_regularized_training": [
        "flip_sign:Layer_Dense.backward:1", "drop_division:Layer_Dropout.forward:1",
        "drop_statement:Network.backward:3", "flip_sign:Network.regularization_loss:1", "flip_sign:train:1"],
    "challenge_14_binary_and_regression_training": [
        "scale_constant:binary_accuracy:1", "flip_sign:regression_accuracy:1", "drop_statement:train_binary:1",
        "scale_constant:train_regression:7", "drop_statement:split_and_standardize:1"],
    "challenge_15_complete_model": [
        "drop_statement:Layer_Dropout.forward:3", "flip_sign:Model.finalize:1", "drop_statement:Model.train:1",
        "drop_statement:Model.save:6", "scale_constant:Accuracy_Regression.init:1"],
    "challenge_16_real_dataset": [
        "drop_statement:load_image_folder:1", "drop_statement:load_idx:1", "drop_statement:load_dataset:1",
        "flip_sign:prepare:1"],
    "challenge_17_convolution": [
        "flip_sign:output_size:1", "flip_sign:conv2d_loops:1", "flip_sign:im2col:1", "flip_sign:col2im:1"],
    "challenge_18_attention": [
        "drop_statement:Attention.forward:1", "move_epsilon:Layer_LayerNorm.forward:1",
        "drop_keepdims:Layer_LayerNorm.forward:1", "drop_statement:train:14"],
    "challenge_1_forward_pass": [
        "drop_keepdims:Activation_Softmax.forward:2", "drop_axis:Activation_Softmax.forward:1",
        "swap_axis:Loss_CategoricalCrossentropy.forward:1",
        "scale_constant:Loss_CategoricalCrossentropy.forward:3",
        "write_in_place:Loss_CategoricalCrossentropy.forward:1"],
    "challenge_2_shapes": [
        "drop_transpose:forward_from_neuron_rows:1", "add_transpose:dense_forward:2", "drop_statement:as_batch:1",
        "swap_arguments:init_params:1"],
    "challenge_3_activations": [
        "swap_axis:softmax:2", "drop_keepdims:softmax:2", "drop_axis:softmax:1", "flip_sign:sigmoid:1",
        "scale_constant:leaky_relu:1"],
    "challenge_4_loss_debug": [
        "swap_axis:accuracy:1", "drop_clip:categorical_cross_entropy:1", "flip_sign:categorical_cross_entropy:1",
        "mean_for_sum:correct_confidences:1"],
    "challenge_5_backprop": [
        "drop_keepdims:Layer_Dense.backward:1", "mean_for_sum:Layer_Dense.backward:1",
        "write_in_place:Activation_ReLU.backward:1",
        "drop_division:Activation_Softmax_Loss_CategoricalCrossentropy.backward:1",
        "write_in_place:Activation_Softmax_Loss_CategoricalCrossentropy.backward:1"],
    "challenge_6_optimizers": [
        "iterations_off_by_one:Optimizer_Adam.update_params:1", "move_epsilon:Optimizer_Adam.update_params:1",
        "drop_statement:Optimizer_SGD.post_update_params:1", "flip_sign:Optimizer_SGD.update_params:1"],
    "challenge_7_training": [
        "drop_statement:train:11", "drop_statement:train:15", "swap_arguments:train:2", "scale_constant:train:1"],
    "challenge_8_regularization": [
        "flip_sign:Layer_Dense.backward:1", "drop_statement:Layer_Dense.backward:6",
        "drop_division:Layer_Dropout.forward:1", "mean_for_sum:Loss.regularization_loss:1",
        "write_in_place:Layer_Dropout.forward:2"],
    "challenge_9_binary_and_regression": [
        "drop_clip:Loss_BinaryCrossentropy.backward:1", "drop_division:Loss_MeanSquaredError.backward:1",
        "flip_sign:Activation_Sigmoid.backward:1", "mean_for_sum:Loss_MeanAbsoluteError.forward:1",
        "write_in_place:Loss_BinaryCrossentropy.forward:1"],
    "challenge_10_model": [
        "drop_statement:Model.train:10", "swap_arguments:Model.train:4", "drop_statement:Model.predict:1",
        "scale_constant:Model.finalize:3", "drop_statement:Model.train:8"],
}
# The operators the course's solutions must exercise somewhere: every mistake the analysis promises to plant.
OPERATOR_NAMES = {operator.__name__ for operator in operators.OPERATORS}


@functools.lru_cache(maxsize=None)
def _mutants_of(name):
    return make_mutants(load_challenge(shipped_course() / "challenges" / name))


def _mutants(challenge):
    return _mutants_of(challenge.name)


@pytest.fixture(scope="module")
def course():
    return {challenge.name: challenge for challenge in load_challenges(shipped_course())}


def test_the_sample_covers_every_challenge():
    assert sorted(SAMPLE) == sorted(CHALLENGES)


def test_every_sampled_mutant_is_killed(course):
    pairs = [(course[name], mutant) for name, ids in SAMPLE.items()
             for mutant in pick(course[name], _mutants(course[name]), set(ids))]
    assert len(pairs) == sum(map(len, SAMPLE.values()))
    verdicts = grade_mutants(shipped_course(), pairs, processes=2)
    survivors = [f"{challenge.name} {mutant.id} ({problem or 'every check passes'}):\n{mutant.diff}"
                 for challenge, mutant in pairs
                 for survived, problem in [verdicts[challenge.name, mutant.id]] if survived or problem]
    assert not survivors, "the checks no longer catch these mutants:\n" + "\n".join(survivors)


@pytest.mark.parametrize("name", CHALLENGES)
def test_each_challenge_gets_enough_distinct_mutants(course, name):
    mutants = _mutants(course[name])
    assert len(mutants) >= 15
    ids = [mutant.id for mutant in mutants]
    assert len(set(ids)) == len(ids)
    sources = {mutant.source for mutant in mutants}
    assert len(sources) == len(mutants) and solution(name).read_text() not in sources
    for mutant in mutants:
        ast.parse(mutant.source)
        assert mutant.diff.count("\n-") >= 1 and mutant.id.startswith(mutant.operator + ":")


@pytest.mark.parametrize("name", CHALLENGES)
def test_equivalent_listings_name_mutants_that_exist(course, name):
    listed = equivalent_listing(course[name])
    assert set(listed) <= {mutant.id for mutant in _mutants(course[name])}, \
        f"{course[name].path / EQUIVALENT_FILE} lists mutants no operator makes"


def test_every_operator_plants_its_mistake_somewhere_in_the_course(course):
    used = {mutant.operator for challenge in course.values() for mutant in _mutants(challenge)}
    assert used == OPERATOR_NAMES


def test_ids_do_not_move_when_other_code_changes(course, tmp_path):
    """An id is the operator, the function and the count within it: edits elsewhere leave it alone."""
    root = _course_copy(tmp_path, course["challenge_3_activations"])
    challenge = load_challenge(root / "challenges" / "challenge_3_activations")
    path = challenge.solution
    before = {mutant.id: mutant.diff.splitlines()[-2:] for mutant in make_mutants(challenge)}
    path.write_text(path.read_text().replace("import numpy as np\n", "import numpy as np\n\n# A comment.\nX = 1\n"))
    after = {mutant.id: mutant.diff.splitlines()[-2:] for mutant in make_mutants(challenge)}
    assert before == after


def test_only_the_code_the_learner_writes_is_mutated(course):
    functions = {mutant.function for mutant in _mutants(course["challenge_5_backprop"])}
    assert "Layer_Dense.backward" in functions
    assert not {"Layer_Dense.forward", "Activation_Softmax.forward", "Loss.calculate"} & functions, \
        "the stub gives these forward passes; a learner never writes them"
    # A debugging challenge's learner may change every function.
    assert {mutant.function for mutant in _mutants(course["challenge_2_shapes"])} == {
        "init_params", "dense_forward", "forward_from_neuron_rows", "as_batch", "two_layer_forward"}


def test_code_that_only_reaches_the_screen_is_not_mutated(course):
    """A check cannot see what train prints, nor the variables and arguments only printed."""
    added = [line for mutant in _mutants(course["challenge_10_model"]) for line in mutant.diff.splitlines()
             if line.startswith("+ ")]
    assert added and not [line for line in added if "print(" in line or "print_every=2" in line
                          or "data_loss - regularization_loss" in line]


def _mutations(source, operator):
    """The text of each function body `operator` makes from `source` (one function)."""
    tree = ast.parse(textwrap.dedent(source))
    function = tree.body[0]
    context = operators.Context(
        parents={child: parent for parent in ast.walk(function) for child in ast.iter_child_nodes(parent)},
        parameters=frozenset(argument.arg for argument in function.args.args) - {"self"})
    found = []
    for node in ast.walk(function):
        for replacement in operator(node, context):
            if isinstance(replacement, operators.Swap):
                found.append(f"{ast.unparse(replacement.second)} before {ast.unparse(replacement.first)}")
            else:
                found.append(ast.unparse(replacement))
    return found


@pytest.mark.parametrize("operator, source, expected", [
    (operators.swap_axis, "def f(x): return np.sum(x, axis=0, keepdims=True)",
     ["np.sum(x, axis=1, keepdims=True)"]),
    (operators.drop_axis, "def f(x): return np.max(x, axis=1, keepdims=True)", ["np.max(x, keepdims=True)"]),
    (operators.drop_keepdims, "def f(x): return np.max(x, axis=1, keepdims=True)", ["np.max(x, axis=1)"]),
    (operators.samples_for_features, "def f(d): return len(d) * len(d[0])", ["len(d[0])", "len(d)"]),
    (operators.drop_transpose, "def f(a, b): return np.dot(a.T, b)", ["a"]),
    (operators.add_transpose, "def f(a, b): return np.dot(a.T, b)", ["np.dot(a.T, b.T)"]),
    (operators.flip_sign, "def f(x): x -= 1", ["x += 1"]),
    (operators.mean_for_sum, "def f(x): return x.mean()", ["x.sum()"]),
    (operators.max_for_min, "def f(x): return np.maximum(0, x)", ["np.minimum(0, x)"]),
    (operators.drop_elementwise, "def f(x): return -np.log(x)", ["x"]),
    (operators.drop_clip, "def f(p): return np.clip(p, 1e-07, 1 - 1e-07)", ["p"]),
    (operators.drop_division, "def f(d, samples): return d / samples", ["d"]),
    (operators.move_epsilon, "def f(c, e): return g / (np.sqrt(c) + e)", ["np.sqrt(c + e)"]),
    (operators.move_epsilon, "def f(c, e): return g / np.sqrt(c + e)", ["np.sqrt(c) + e"]),
    (operators.iterations_off_by_one, "def f(self): return b ** (self.iterations + 1)", ["self.iterations"]),
    (operators.iterations_off_by_one, "def f(self): self.iterations += 1", []),
    (operators.drop_statement, 'def f(self):\n    """Doc."""\n    self.iterations += 1', ["pass"]),
    (operators.swap_statements, "def f(self, d):\n    self.c += d\n    self.w -= self.c\n    self.n = 1",
     ["self.w -= self.c before self.c += d"]),
    (operators.write_in_place, "def f(dvalues): return dvalues.copy()", ["dvalues"]),
    (operators.write_in_place, "def f(inputs, m): out = inputs - m", ["inputs -= m\nout = inputs"]),
    (operators.swap_arguments, "def f(i, w): return np.dot(i, w)", ["np.dot(w, i)"]),
    (operators.swap_arguments, "def f(s): return np.maximum(0, s.reshape(-1, 1))", ["s.reshape(1, -1)"]),
    (operators.scale_constant, "def f(x): return 0.01 * x.reshape(1, -1)", ["0.1", "2"]),
])
def test_operator_plants_its_mistake(operator, source, expected):
    assert _mutations(source, operator) == expected


def _course_copy(tmp_path, challenge):
    """A course of one challenge in tmp_path: its folder and its solution."""
    root = tmp_path / "course"
    shutil.copytree(challenge.path, root / "challenges" / challenge.name, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "solutions" / challenge.name).mkdir(parents=True)
    shutil.copy(solution(challenge.name), root / "solutions" / challenge.name / "main.py")
    return root


def test_a_weakened_check_shows_as_survivors_with_their_diffs(tmp_path):
    """Without the checks on the top of the clip, the mutants that change it survive, and stale listings show."""
    root = _course_copy(tmp_path, load_challenge(shipped_course() / "challenges" / "challenge_4_loss_debug"))
    folder = root / "challenges" / "challenge_4_loss_debug"
    spec = (folder / "spec.py").read_text()
    for name in ("test_cce_clipping_onehot", "test_cce_clipping_top"):   # the one-hot check judges the top too
        end = spec.index(f"def {name}(")
        start = spec.rindex("@check(", 0, end)
        spec = spec[:start] + spec[spec.index("@check(", end):]
    (folder / "spec.py").write_text(spec)
    (folder / EQUIVALENT_FILE).write_text(
        '"drop_clip:categorical_cross_entropy:1" = "Listed by mistake: the clipping check kills it."\n'
        '"scale_constant:categorical_cross_entropy:2" = "Pretend equivalent, to see it reported as such."\n'
        '"flip_sign:nowhere:1" = "No such mutant."\n')
    challenge = load_challenge(folder)
    top = {"flip_sign:categorical_cross_entropy:1", "scale_constant:categorical_cross_entropy:3"}
    analysis = analyse(challenge, root, processes=2, only=top | {
        "drop_clip:categorical_cross_entropy:1", "scale_constant:categorical_cross_entropy:2"})
    assert {mutant.id for mutant in analysis.survived} == top
    assert all("-    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)" in mutant.diff for mutant in analysis.survived)
    assert analysis.killed == analysis.stale_equivalents == ["drop_clip:categorical_cross_entropy:1"]
    assert [mutant_id for mutant_id, _ in analysis.equivalent] == ["scale_constant:categorical_cross_entropy:2"]
    assert analysis.score == 1 / 3
    text = analysis.to_text()
    assert "SURVIVED flip_sign:categorical_cross_entropy:1" in text and "KILLED BUT LISTED drop_clip" in text


def test_a_solution_the_checks_reject_stops_the_analysis(tmp_path):
    root = _course_copy(tmp_path, load_challenge(shipped_course() / "challenges" / "challenge_3_activations"))
    challenge = load_challenge(root / "challenges" / "challenge_3_activations")
    challenge.solution.write_text(challenge.solution.read_text().replace("alpha * inputs)", "0.5 * alpha * inputs)"))
    with pytest.raises(MutationError, match="does not pass every check.*leaky_relu"):
        grade_mutants(root, [(challenge, _mutants(challenge)[0])], processes=1)


def test_the_command_prints_the_contracts_json():
    completed = run_grade("dev", "mutate", "3", "--json", "-j", "2", "--mutant", "swap_axis:softmax:2",
                          "--mutant", "drop_keepdims:softmax:2", cwd=shipped_course())
    assert completed.returncode == 0, completed.stderr
    document = json.loads(completed.stdout)
    assert {key: document[key] for key in ("challenge", "mutants", "killed", "survived", "equivalent")} == {
        "challenge": "challenge_3_activations", "mutants": 2, "killed": 2, "survived": [], "equivalent": []}


def test_the_command_lists_mutants_and_refuses_unknown_ones():
    listed = run_grade("dev", "mutate", "challenge_5_backprop", "--list", cwd=shipped_course())
    assert listed.returncode == 0 and "drop_keepdims:Layer_Dense.backward:1  (line " in listed.stdout
    unknown = run_grade("dev", "mutate", "5", "--mutant", "swap_axis:Nowhere:1", cwd=shipped_course())
    assert unknown.returncode == 2 and "has no mutant 'swap_axis:Nowhere:1'" in unknown.stderr
