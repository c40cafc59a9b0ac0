"""grade, end to end, as a learner runs it: solutions, stubs, planted mistakes and variants."""
import ast
import re

import numpy as np
import pytest

from grader import expect
from helpers import CHALLENGES, ROOT, checks_by_id, grade_planted, judged, solution
from planted_mistakes import PLANTED, dense2_own_adam


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_every_solution_passes_every_check(graded_course, challenge):
    status, result = graded_course(challenge, "solution")
    failing = {c["id"]: c["message"] for c in result["checks"] if c["status"] != "passed"}
    assert status == 0 and not failing, failing
    assert result["score"] == result["max_score"] > 0


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_an_untouched_stub_passes_no_check(graded_course, challenge):
    status, result = graded_course(challenge, "stub")
    assert status == 1 and result["score"] == 0
    for check in result["checks"]:
        assert check["status"] != "passed", check["id"]
        assert check["message"], f"{check['id']} failed without a message"
        assert "Traceback" not in check["message"] and "grader/" not in check["message"]
        assert "fault in the grader" not in check["message"]


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_a_stub_whose_todos_do_nothing_passes_no_check(challenge, tmp_path):
    """Each `raise NotImplementedError` of the stub replaced by `pass`: code that does nothing earns nothing, not
    even a check that an argument is left unchanged."""
    path = tmp_path / "main.py"
    path.write_text(re.sub(r"^(\s*)raise NotImplementedError.*$", r"\1pass",
                           (ROOT / "challenges" / challenge / ".pristine" / "main.py").read_text(), flags=re.M))
    status, result = judged(challenge, path)
    assert result["score"] == 0, [check["id"] for check in result["checks"] if check["status"] == "passed"]


def test_an_as_batch_that_returns_what_it_is_given_earns_nothing():
    """`return x` is right for a batch only because it does nothing: the batch check waits for the sample one."""
    status, result = grade_planted("challenge_2_shapes", [(
        "    x = np.asarray(x)\n    return x.reshape(1, -1) if x.ndim == 1 else x", "    return x")])
    checks = checks_by_id(result)
    assert checks["as_batch_sample"]["status"] != "passed" and checks["as_batch_batch"]["status"] == "skipped"


def _nnfs_init(source):
    return source.replace("import numpy as np\n", "import numpy as np\nimport nnfs\n\nnnfs.init()\n", 1)


def _float32_throughout(source):
    """Every method and function casts its array arguments to float32 first."""
    def cast(match):
        indent, arguments = match.group(1), match.group(3)
        names = [a.split("=")[0].strip() for a in arguments.split(",")
                 if a.strip() in ("inputs", "dvalues", "y_pred", "x")]
        body_indent = indent + "    "
        casts = "".join(f"{body_indent}{name} = np.asarray({name}, dtype=np.float32)\n" for name in names)
        return match.group(0) + casts
    return re.sub(r"^( *)def (\w+)\(([^)]*)\):\n(?: *\"\"\".*\"\"\"\n)?", cast, source, flags=re.M)


@pytest.mark.parametrize("variant", [_nnfs_init, _float32_throughout], ids=["nnfs_init", "float32"])
@pytest.mark.parametrize("challenge", CHALLENGES)
def test_correct_variants_pass(tmp_path, challenge, variant):
    _passes_every_check(tmp_path, challenge, variant(solution(challenge).read_text()))


def _loss_forward_by_keyword(source):
    return source.replace("sample_losses = self.forward(output, y)",
                          "sample_losses = self.forward(y_pred=output, y_true=y)")


def _adam_caches_made_by_the_layer(source):
    """Layer_Dense.__init__ makes the momentums and caches, and Optimizer_Adam no longer does: the same training."""
    made = ("        self.biases = np.zeros((1, n_neurons))\n",
            "        self.biases = np.zeros((1, n_neurons))\n"
            "        self.weight_momentums = np.zeros_like(self.weights)\n"
            "        self.weight_cache = np.zeros_like(self.weights)\n"
            "        self.bias_momentums, self.bias_cache = np.zeros_like(self.biases), np.zeros_like(self.biases)\n")
    return re.sub(r"        if not hasattr\(layer, 'weight_cache'\):\n(?:            .*\n)+", "",
                  source.replace(*made, 1))


def _abstract_loss(source):
    """Loss an abstract base class, its forward an abstract method: a Loss the probes cannot build themselves."""
    return source.replace("import numpy as np\n", "import numpy as np\nfrom abc import ABC, abstractmethod\n", 1) \
        .replace("class Loss:\n", "class Loss(ABC):\n    @abstractmethod\n    def forward(self, y_pred, y_true):\n"
                 "        ...\n\n", 1)


def _adam_counting_from_one(source):
    """Optimizer_Adam counting its steps from 1, its decay and bias corrections shifted to match: the same updates.
    The checks of challenges that read iterations themselves (the Model's) hold the book's count."""
    return (source.replace("self.iterations = 0", "self.iterations = 1", 1)
            .replace("(1. + self.decay * self.iterations)", "(1. + self.decay * (self.iterations - 1))")
            .replace("** (self.iterations + 1)", "** self.iterations"))


def _penalties_of_l2_alone(source):
    """Loss.regularization_loss without the L1 terms, in a challenge whose networks use L2 alone."""
    return re.sub(r"        if layer\.(weight|bias)_regularizer_l1 > 0:\n            .*\n", "", source)


def _adam_updates_dense_layers_alone(challenge):
    """Whether the solution's Optimizer_Adam makes its caches and updates Layer_Dense alone (no convolution), so
    that a Layer_Dense that makes them instead is the same training."""
    source = solution(challenge).read_text()
    return ("if not hasattr(layer, 'weight_cache'):" in source and "class Layer_Conv2D" not in source
            and "        self.biases = np.zeros((1, n_neurons))\n" in source)


# Code the stubs give, written otherwise and as right: the probes of the given code judge what it does, not how.
def _epsilon_added_first(source):
    """Adam's epsilon added to the square root from the other side: the same sum."""
    for name in ("weight", "bias"):
        source = source.replace(f"(np.sqrt({name}_cache_corrected) + self.epsilon)",
                                f"(self.epsilon + np.sqrt({name}_cache_corrected))")
    return source


def _dbiases_kept_by_reshape(source):
    """dbiases given back its row by a reshape rather than by keepdims=True."""
    return source.replace("self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
                          "self.dbiases = np.sum(dvalues, axis=0).reshape(1, -1)")


def _dbiases_row_given_back(source):
    """np.sum without keepdims=True, the row given back by penalties added unguarded, `dbiases = dbiases + ...`: the
    dbiases every backward pass leaves are the stub's, so the row the first line drops is no fault."""
    source = source.replace("self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
                            "self.dbiases = np.sum(dvalues, axis=0)")
    source = source.replace("        if self.bias_regularizer_l2 > 0:\n            self.dbiases += ",
                            "        self.dbiases += ")
    return source.replace("self.dbiases += ", "self.dbiases = self.dbiases + ")


def _trainable_layers_by_comprehension(source):
    """The Transformer's trainable layers built by a comprehension, in another order: the same layers, each once."""
    return source.replace(
        "        return [self.embedding, self.attention.dense_q, self.attention.dense_k, self.attention.dense_v,\n"
        "                self.attention.dense_o, self.dense1, self.dense2, self.classifier]\n",
        "        projections = [getattr(self.attention, f'dense_{name}') for name in 'qkvo']\n"
        "        return [layer for layer in\n"
        "                (self.classifier, self.dense2, self.dense1, *projections, self.embedding)]\n")


GIVEN_WRITTEN_OTHERWISE = [(challenge, variant) for challenge in CHALLENGES
                           for variant in (_loss_forward_by_keyword, _adam_caches_made_by_the_layer)
                           if variant is not _adam_caches_made_by_the_layer
                           or _adam_updates_dense_layers_alone(challenge)]
GIVEN_WRITTEN_OTHERWISE += [("challenge_14_binary_and_regression_training", _penalties_of_l2_alone)]
GIVEN_WRITTEN_OTHERWISE += [(challenge, _abstract_loss) for challenge in ("challenge_7_training",
                                                                          "challenge_14_binary_and_regression_training",
                                                                          "challenge_16_real_dataset")]
GIVEN_WRITTEN_OTHERWISE += [(challenge, _epsilon_added_first) for challenge in CHALLENGES
                            if "(np.sqrt(weight_cache_corrected) + self.epsilon)"
                            in (ROOT / "challenges" / challenge / "main.py").read_text()]
GIVEN_WRITTEN_OTHERWISE += [(challenge, variant) for variant in (_dbiases_kept_by_reshape, _dbiases_row_given_back)
                            for challenge in (
    "challenge_8_regularization", "challenge_13_regularized_training")]
GIVEN_WRITTEN_OTHERWISE += [("challenge_18_attention", _trainable_layers_by_comprehension)]
GIVEN_WRITTEN_OTHERWISE += [(challenge, _adam_counting_from_one) for challenge in (
    "challenge_7_training", "challenge_14_binary_and_regression_training")]


@pytest.mark.parametrize("challenge, variant", GIVEN_WRITTEN_OTHERWISE,
                         ids=[f"{challenge.split('_')[1]}-{variant.__name__[1:]}"
                              for challenge, variant in GIVEN_WRITTEN_OTHERWISE])
def test_given_code_written_otherwise_passes(tmp_path, challenge, variant):
    _passes_every_check(tmp_path, challenge, variant(solution(challenge).read_text()))


def test_a_given_method_that_returns_a_huge_array_is_told_by_its_shape():
    """The judge writes the figures of a probe's small arrays into its sentence, not the millions of a forged one."""
    given = [["dense_forward", {"output": np.zeros((2000, 2000))}]]
    stub = [["dense_forward", {"output": np.zeros((2, 2))}]]
    with pytest.raises(expect.Mismatch) as raised:
        expect.given_code_kept({"probes": given}, {"probes": stub})
    assert "now gives an array of shape (2000, 2000)" in str(raised.value) and len(str(raised.value)) < 1000


def test_a_fault_of_given_code_gets_a_hint_about_the_given_code():
    """The check's own hints are about the learner's code: where the stub's code is at fault, the hint is about it."""
    status, result = grade_planted("challenge_7_training", [(
        "self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))",
        "self.current_learning_rate = self.current_learning_rate * (1. / (1. + self.decay * self.iterations))")])
    step = checks_by_id(result)["training_step"]
    assert step["status"] == "failed" and "which the stub gives" in step["message"], step["message"]
    assert step["hint"] == expect.GIVEN_CODE_HINT


def _passes_every_check(tmp_path, challenge, source):
    """`source`, graded as the challenge's main.py, passes every check."""
    path = tmp_path / "main.py"
    path.write_text(source)
    status, result = judged(challenge, path)
    failing = {c["id"]: c["message"] for c in result["checks"] if c["status"] != "passed"}
    assert status == 0 and not failing, failing


_BUILT_LAYER = re.compile(r"(?<!class )\b(Layer_Dense|Layer_Conv2D)\(")


def _layers_of_its_own_kind(source):
    """Every layer the file's code builds is of a subclass made when the file is imported, whose __init__ draws
    its start its own way (the same weights in another order) after the class's own."""
    kinds = sorted(set(_BUILT_LAYER.findall(source)))
    source = _BUILT_LAYER.sub(r"\1_Own(", source)
    for kind in kinds:
        source += (f"\n\nclass {kind}_Own({kind}):\n    def __init__(self, *args, **kwargs):\n"
                   "        super().__init__(*args, **kwargs)\n        self.weights = self.weights[::-1].copy()\n")
    return source


def _layers_of_a_subclass_calling_its_class_by_name(source):
    """Every layer the file's code builds is of a subclass made when the file is imported, whose __init__, forward
    and backward call the class's by its name (Layer_Dense.forward(self, inputs)), as Python before super() did."""
    kinds = sorted(set(_BUILT_LAYER.findall(source)))
    source = _BUILT_LAYER.sub(r"\1_Named_Calls(", source)
    for kind in kinds:
        source += f"\n\nclass {kind}_Named_Calls({kind}):\n" + "".join(
            f"    def {method}(self, *args, **kwargs):\n        return {kind}.{method}(self, *args, **kwargs)\n"
            for method in ("__init__", "forward", "backward"))
    return source


def _layers_by_another_name(source):
    """Every layer the file's code builds is built through another name of its class (Dense = Layer_Dense)."""
    kinds = sorted(set(_BUILT_LAYER.findall(source)))
    source = _BUILT_LAYER.sub(r"\1_Named(", source)
    return source + "".join(f"\n\n{kind}_Named = {kind}\n" for kind in kinds)


def _layers_from_a_dict(source):
    """Every layer the file's code builds is built through a dict made when the file is imported
    (LAYERS = {"Layer_Dense": Layer_Dense}, then LAYERS["Layer_Dense"](2, 64))."""
    kinds = sorted(set(_BUILT_LAYER.findall(source)))
    source = _BUILT_LAYER.sub(r'LAYERS["\1"](', source)
    return source + "\n\nLAYERS = {" + ", ".join(f'"{kind}": {kind}' for kind in kinds) + "}\n"


def _layers_through_a_default_argument(source):
    """Every layer the file's code builds is built from a class that a default argument, set when the file is
    imported, holds (def the_Layer_Dense(kind=Layer_Dense), then the_Layer_Dense()(2, 64))."""
    kinds = sorted(set(_BUILT_LAYER.findall(source)))
    source = _BUILT_LAYER.sub(r"the_\1()(", source)
    return source + "".join(f"\n\ndef the_{kind}(kind={kind}):\n    return kind\n" for kind in kinds)


@pytest.mark.parametrize("variant", [_layers_of_its_own_kind, _layers_of_a_subclass_calling_its_class_by_name,
                                     _layers_by_another_name, _layers_from_a_dict,
                                     _layers_through_a_default_argument],
                         ids=["subclass", "calls_by_name", "alias", "dict", "default_argument"])
@pytest.mark.parametrize("challenge", [challenge for challenge in CHALLENGES
                                       if _BUILT_LAYER.search(solution(challenge).read_text())])
def test_layers_of_the_learners_own_subclass_are_watched_as_the_classes_are(tmp_path, challenge, variant):
    """Checks that watch the layers a training function builds, or give them a fixed start, see the layers of a
    subclass the learner made, after its own __init__, and those built through another name of the class, a dict
    or a default argument."""
    _passes_every_check(tmp_path, challenge, variant(solution(challenge).read_text()))


# Appended to a file: the file's own Layer_Dense, held where no watch of the checks reaches (a closure).
_DENSE_AS_WRITTEN = """


def _as_written(kind):
    return lambda: kind


_DENSE_AS_WRITTEN = _as_written(Layer_Dense)
"""
# The classes a function makes as it runs, the last one named Dense_Here: each builds a correct Layer_Dense.
DENSE_HERE = {
    # Its own __init__, which calls no other: the attributes of a Layer_Dense the file's class builds.
    "own __init__": "class Dense_Here(Layer_Dense):\n    def __init__(self, *args, **kwargs):\n"
                    "        vars(self).update(vars(_DENSE_AS_WRITTEN()(*args, **kwargs)))\n",
    # Its own forward and backward, which call the class's by its name, as __init__ does.
    "methods calling the class by name": (
        "class Dense_Here(Layer_Dense):\n    def __init__(self, *args, **kwargs):\n"
        "        Layer_Dense.__init__(self, *args, **kwargs)\n"
        "    def forward(self, *args, **kwargs):\n        return Layer_Dense.forward(self, *args, **kwargs)\n"
        "    def backward(self, *args, **kwargs):\n        return Layer_Dense.backward(self, *args, **kwargs)\n"),
    # Its own forward, written out.
    "own forward": "class Dense_Here(Layer_Dense):\n    def forward(self, inputs, *args, **kwargs):\n"
                   "        self.inputs = inputs\n        self.output = np.dot(inputs, self.weights) + self.biases\n",
    # An __init__ from a mixin before the class.
    "a mixin's __init__": "class Built:\n    def __init__(self, *args, **kwargs):\n"
                          "        vars(self).update(vars(_DENSE_AS_WRITTEN()(*args, **kwargs)))\n"
                          "class Dense_Here(Built, Layer_Dense):\n    pass\n",
    # A subclass of a subclass made there too.
    "a subclass of a subclass": "class Own(Layer_Dense):\n    def __init__(self, *args, **kwargs):\n"
                                "        vars(self).update(vars(_DENSE_AS_WRITTEN()(*args, **kwargs)))\n"
                                "class Dense_Here(Own):\n    def forward(self, inputs, *args, **kwargs):\n"
                                "        return super().forward(inputs, *args, **kwargs)\n",
}


def _layers_of_a_class_made_while_running(source, made):
    """Every function and method that builds a Layer_Dense builds it from the classes `made` (a DENSE_HERE) makes
    each time it runs. Comments are lost on the way (ast.unparse)."""
    tree = ast.parse(source)

    def builds_dense(function):
        return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Layer_Dense"
                   for node in ast.walk(function))

    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    functions += [node for kind in tree.body if isinstance(kind, ast.ClassDef) for node in kind.body
                  if isinstance(node, ast.FunctionDef)]
    changed = 0
    for function in filter(builds_dense, functions):
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Layer_Dense":
                node.func = ast.Name("Dense_Here", ast.Load())
        documented = isinstance(function.body[0], ast.Expr) and isinstance(function.body[0].value, ast.Constant)
        function.body[int(documented):int(documented)] = ast.parse(made).body
        changed += 1
    assert changed, "no function builds a Layer_Dense"
    return ast.unparse(tree) + _DENSE_AS_WRITTEN


@pytest.mark.parametrize("made", DENSE_HERE)
@pytest.mark.parametrize("challenge", ["challenge_7_training", "challenge_13_regularized_training",
                                       "challenge_14_binary_and_regression_training"])
def test_layers_of_a_class_a_function_makes_as_it_runs_are_watched(tmp_path, challenge, made):
    """A subclass made inside the training function builds layers the checks see and start as they start the
    class's own, whatever it takes from elsewhere (an __init__ that calls no other, a mixin's, methods that call
    the class's by its name, another subclass's)."""
    _passes_every_check(tmp_path, challenge,
                        _layers_of_a_class_made_while_running(solution(challenge).read_text(), DENSE_HERE[made]))


@pytest.mark.parametrize("name, sums", [("Accuracy", "comparisons"), ("Loss", "sample_losses")])
def test_the_books_accumulating_calculate_that_needs_new_pass_first_passes(tmp_path, name, sums):
    """Chapter 22's Loss.calculate and Accuracy.calculate add to the sums new_pass sets, where the stub's given
    ones start them if missing: the checks begin a pass as the book's Model does, before they calculate."""
    source = solution("challenge_15_complete_model").read_text()
    given = (f"        self.accumulated_sum = getattr(self, \"accumulated_sum\", 0) + np.sum({sums})\n"
             f"        self.accumulated_count = getattr(self, \"accumulated_count\", 0) + len({sums})\n")
    assert source.count(given) == 1, name
    source = source.replace(given, f"        self.accumulated_sum += np.sum({sums})\n"
                                   f"        self.accumulated_count += len({sums})\n")
    _passes_every_check(tmp_path, "challenge_15_complete_model", source)


def test_an_optimizer_built_once_and_copied_before_the_loop_is_one_optimizer(tmp_path):
    """copy.deepcopy(Optimizer_Adam(...)) before the loop: the copy takes every step, the one built takes none."""
    source = solution("challenge_7_training").read_text()
    built = "    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n"
    assert source.count(built) == 1
    copied = built.replace("= Optimizer_Adam(", "= copy.deepcopy(Optimizer_Adam(").replace(")\n", "))\n")
    source = "import copy\n" + source.replace(built, copied)
    _passes_every_check(tmp_path, "challenge_7_training", source)


# An attribute set anywhere in a file: self.weights = ..., layer.weight_cache += ...
_SET_ATTRIBUTE = re.compile(r"\.(\w+)\s*(?:\*\*|//|[-+*/@])?=(?!=)")


def _layers_with_slots(source):
    """Every layer class the file's code builds declares __slots__: each attribute the file sets anywhere, and a
    __dict__ only where the file reads one (Model.save popping from layer.__dict__), so that its instances lack a
    __dict__, or a __weakref__, that a subclass without __slots__ would add."""
    kinds = sorted(set(_BUILT_LAYER.findall(source)))
    names = sorted(set(_SET_ATTRIBUTE.findall(source)) - {"__class__"})
    slots = tuple(names + (["__dict__"] if "__dict__" in source else []))
    for kind in kinds:
        source, count = re.subn(rf"^class {kind}\b[^\n]*:\n", lambda match: f"{match[0]}    __slots__ = {slots!r}\n",
                                source, count=1, flags=re.M)
        assert count == 1, kind
    return source


SLOTTED_TRAINING = ("challenge_7_training", "challenge_13_regularized_training",
                    "challenge_14_binary_and_regression_training", "challenge_16_real_dataset",
                    "challenge_17_convolution", "challenge_18_attention")


@pytest.mark.parametrize("challenge", SLOTTED_TRAINING)
def test_layers_whose_class_declares_slots_are_watched_and_given_back_their_class(tmp_path, challenge):
    """A Layer_Dense (or Layer_Conv2D) with __slots__ is a correct layer: the checks that watch a training function's
    layers or give them a fixed start make subclasses with its layout, give each layer back its class, and a
    solution with slots passes."""
    _passes_every_check(tmp_path, challenge, _layers_with_slots(solution(challenge).read_text()))


# A mistake in a training loop whose layers are built through a dict or a default argument, and what the check says.
MISTAKES_IN_WATCHED_LOOPS = [
    ("challenge_7_training", [("dense1.backward(activation1.dinputs)", "dense1.backward(dense2.dinputs)")],
     "training_step", "The ReLU's backward was left out"),
    ("challenge_13_regularized_training", [("network = Network(l2, dropout)", "network = Network(dropout, l2)")],
     "training_step", "l2 and dropout were swapped"),
]


@pytest.mark.parametrize("variant", [_layers_from_a_dict, _layers_through_a_default_argument],
                         ids=["dict", "default_argument"])
@pytest.mark.parametrize("challenge, replacements, check_id, words", MISTAKES_IN_WATCHED_LOOPS,
                         ids=[row[0].split("_")[1] for row in MISTAKES_IN_WATCHED_LOOPS])
def test_a_mistake_in_layers_built_through_a_dict_or_a_default_argument_is_caught(tmp_path, challenge, replacements,
                                                                                  check_id, words, variant):
    """Watching the layers reached through the file's own dicts and default arguments judges them as the layers
    built by name are judged: a wrong loop fails the check that names its mistake."""
    source = solution(challenge).read_text()
    for old, new in replacements:
        assert old in source
        source = source.replace(old, new, 1)
    path = tmp_path / "main.py"
    path.write_text(variant(source))
    status, result = judged(challenge, path)
    check = checks_by_id(result)[check_id]
    assert status == 1 and check["status"] == "failed" and words in check["message"], check["message"]


@pytest.mark.parametrize("challenge, replacements", [
    # An optimizer may keep its last update on itself, to show it: only memory it steps with belongs on the layer.
    ("challenge_6_optimizers", [("            weight_updates = -self.current_learning_rate * layer.dweights\n",
                                 "            weight_updates = -self.current_learning_rate * layer.dweights\n"
                                 "            self.last_weight_updates = weight_updates\n")]),
    ("challenge_6_optimizers", [("            layer.weight_momentums = weight_updates\n",
                                 "            layer.weight_momentums = weight_updates\n"
                                 "            self.last_weight_updates = weight_updates\n")]),
    ("challenge_6_optimizers", [("            layer.weight_momentums = weight_updates\n",
                                 "            layer.weight_momentums = weight_updates\n"
                                 "            self.log = getattr(self, 'log', []) + [weight_updates]\n")]),
    # The book writes a batch as a list of lists: returned as it came, it is the batch unchanged.
    ("challenge_2_shapes", [("    x = np.asarray(x)\n", "    if isinstance(x, list) and isinstance(x[0], list):\n"
                                                        "        return x\n    x = np.asarray(x)\n")]),
    # The network runs convolution first whichever layer train built first.
    ("challenge_17_convolution", [("    layers = [Layer_Conv2D(1, 8, 3, padding=1), Activation_ReLU(), Layer_MaxPool2D(2), "
                                   "Layer_Flatten(),\n              Layer_Dense(128, 10)]",
                                   "    dense = Layer_Dense(128, 10)\n    conv = Layer_Conv2D(1, 8, 3, padding=1)\n"
                                   "    layers = [conv, Activation_ReLU(), Layer_MaxPool2D(2), Layer_Flatten(), dense]")]),
    # One Optimizer_Adam per layer, each stepping once per step, trains exactly as one for every layer.
    ("challenge_7_training", dense2_own_adam("Optimizer_Adam(learning_rate=0.05, decay=5e-7)")),
    ("challenge_13_regularized_training",
     dense2_own_adam("Optimizer_Adam(learning_rate=0.05, decay=5e-5)", dense2="network.dense2",
                     built="    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)\n")),
    ("challenge_14_binary_and_regression_training",
     dense2_own_adam("Optimizer_Adam(decay=5e-7)", built="    optimizer = Optimizer_Adam(decay=5e-7)\n")),
    ("challenge_14_binary_and_regression_training", [
        ("    optimizer = Optimizer_Adam(learning_rate=0.005, decay=1e-3)\n",
         "    optimizers = [Optimizer_Adam(learning_rate=0.005, decay=1e-3) for _ in range(3)]\n"),
        ("        optimizer.pre_update_params()\n        optimizer.update_params(dense1)\n"
         "        optimizer.update_params(dense2)\n        optimizer.update_params(dense3)\n"
         "        optimizer.post_update_params()\n",
         "        for optimizer, layer in zip(optimizers, (dense1, dense2, dense3)):\n"
         "            optimizer.pre_update_params()\n            optimizer.update_params(layer)\n"
         "            optimizer.post_update_params()\n")]),
    # The same settings, one of them a NumPy float.
    ("challenge_7_training", dense2_own_adam("Optimizer_Adam(learning_rate=np.float64(0.05), decay=5e-7)")),
    # Each layer updated by its own optimizer as soon as its backward pass is done, the last layer first.
    ("challenge_7_training", [
        ("    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n",
         "    optimizers = {dense1: Optimizer_Adam(learning_rate=0.05, decay=5e-7),\n"
         "                  dense2: Optimizer_Adam(learning_rate=0.05, decay=5e-7)}\n"),
        ("        dense2.backward(loss_activation.dinputs)\n",
         "        dense2.backward(loss_activation.dinputs)\n        optimizers[dense2].pre_update_params()\n"
         "        optimizers[dense2].update_params(dense2)\n        optimizers[dense2].post_update_params()\n"),
        ("        optimizer.pre_update_params()\n        optimizer.update_params(dense1)\n"
         "        optimizer.update_params(dense2)\n        optimizer.post_update_params()\n",
         "        optimizers[dense1].pre_update_params()\n        optimizers[dense1].update_params(dense1)\n"
         "        optimizers[dense1].post_update_params()\n")]),
    # A copy of the optimizer made at each step carries its step count on: the same optimizer going on.
    ("challenge_17_convolution", [("        optimizer.pre_update_params()\n",
                                   "        optimizer = copy.copy(optimizer)\n        optimizer.pre_update_params()\n"),
                                  ("import numpy as np\n", "import copy\n\nimport numpy as np\n")]),
    ("challenge_18_attention", [("        optimizer.pre_update_params()\n",
                                 "        optimizer = copy.copy(optimizer)\n        optimizer.pre_update_params()\n"),
                                ("import numpy as np\n", "import copy\n\nimport numpy as np\n")]),
    # Model.train called once a batch, the last partial one included: every row is trained on all the same.
    ("challenge_16_real_dataset", [("    model.train(X, y, epochs=epochs, batch_size=batch_size, print_every=100)\n",
                                    "    steps = -(-len(X) // batch_size)\n    for epoch in range(epochs):\n"
                                    "        for step in range(steps):\n"
                                    "            batch = slice(step * batch_size, (step + 1) * batch_size)\n"
                                    "            model.train(X[batch], y[batch], epochs=1, print_every=100)\n")]),
    # A float copy of the inputs made another way than np.array(..., dtype=float).
    ("challenge_11_random_search_and_derivatives", [("np.array(inputs, dtype=float), h)}",
                                                     "np.asarray(inputs).astype(float), h)}")]),
    # ReLU as a product with a mask, and a sigmoid written stably for either sign.
    ("challenge_1_forward_pass", [("        self.output = np.maximum(0, inputs)",
                                   "        self.output = inputs * (inputs > 0)")]),
    ("challenge_9_binary_and_regression", [("        self.output = 1 / (1 + np.exp(-inputs))",
                                            "        exp = np.exp(-np.abs(inputs))\n"
                                            "        self.output = np.where(inputs >= 0, 1 / (1 + exp), exp / (1 + exp))")]),
    # train_model running the steps itself, never calling Model.train.
    ("challenge_16_real_dataset", [("    model.train(X, y, epochs=epochs, batch_size=batch_size, print_every=100)\n",
                                    "    steps = -(-len(X) // batch_size)\n    for epoch in range(epochs):\n"
                                    "        for step in range(steps):\n"
                                    "            batch = slice(step * batch_size, (step + 1) * batch_size)\n"
                                    "            output = model.forward(X[batch], training=True)\n"
                                    "            model.backward(output, y[batch])\n"
                                    "            model.optimizer.pre_update_params()\n"
                                    "            for layer in model.trainable_layers:\n"
                                    "                model.optimizer.update_params(layer)\n"
                                    "            model.optimizer.post_update_params()\n")]),
    # An optimizer counting its steps in a NumPy integer.
    ("challenge_15_complete_model", [("        self.iterations = 0\n", "        self.iterations = np.int64(0)\n")]),
    # The given optimizer counting its steps in a float or a NumPy integer: 50.0 steps are 50.
    ("challenge_16_real_dataset", [("        self.iterations = 0\n", "        self.iterations = 0.\n")]),
    ("challenge_16_real_dataset", [("        self.iterations = 0\n", "        self.iterations = np.int64(0)\n")]),
    # A backward that reads the batch size its forward kept, as the book's loop always runs forward first.
    ("challenge_5_backprop", [("        self.activation.forward(inputs)\n",
                               "        self.samples = len(inputs)\n        self.activation.forward(inputs)\n"),
                              ("        samples = len(dvalues)\n        if len(y_true.shape) == 2:",
                               "        samples = self.samples\n        if len(y_true.shape) == 2:")]),
    ("challenge_5_backprop", [("        samples = len(y_pred)\n", "        samples = self.samples = len(y_pred)\n"),
                              ("        samples = len(dvalues)\n        labels = len(dvalues[0])",
                               "        samples = self.samples\n        labels = len(dvalues[0])")]),
    # Losses that keep more of their forward pass than the book's, which their backward passes do not read.
    ("challenge_5_backprop", [("        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n",
                               "        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n"
                               "        self.clipped, self.y_true = y_pred_clipped, y_true\n"),
                              ("        return self.loss.calculate(self.output, y_true)\n",
                               "        self.y_true = y_true\n"
                               "        return self.loss.calculate(self.output, y_true)\n")]),
    # Forward passes that keep self.inputs, self.std as values of their own meaning, which backward reads as such: a
    # backward check must not overwrite them with a correct forward pass's where this forward was right.
    ("challenge_17_convolution", [
        ("        self.inputs = inputs\n        n_samples, _, height, width = inputs.shape\n",
         "        self.inputs = np.pad(inputs, ((0, 0), (0, 0), (self.padding,) * 2, (self.padding,) * 2))\n"
         "        n_samples, _, height, width = inputs.shape\n"),
        ("        self.dinputs = col2im(dcolumns, self.inputs.shape, self.kernel_size, self.stride, self.padding)\n",
         "        p = self.padding\n"
         "        shape = self.inputs.shape[:2] + tuple(n - 2 * p for n in self.inputs.shape[2:])\n"
         "        self.dinputs = col2im(dcolumns, shape, self.kernel_size, self.stride, p)\n")]),
    ("challenge_17_convolution", [
        ("        self.inputs = inputs\n        self.output = self._windows(inputs).max(axis=-1)\n",
         "        self.inputs = inputs[:, :, :inputs.shape[2] // self.pool_size * self.pool_size, "
         ":inputs.shape[3] // self.pool_size * self.pool_size]\n        self.shape = inputs.shape\n"
         "        self.output = self._windows(inputs).max(axis=-1)\n"),
        ("        self.dinputs = np.zeros(self.inputs.shape)\n", "        self.dinputs = np.zeros(self.shape)\n"),
        ("        self.dinputs[:, :, :out_h * p, :out_w * p] = ",
         "        self.dinputs[:, :, :self.inputs.shape[2], :self.inputs.shape[3]] = ")]),
    ("challenge_18_attention", [
        ("        self.std = np.sqrt(variance + self.epsilon)\n        self.normalized = (inputs - mean) / self.std\n",
         "        self.std = variance\n"
         "        self.normalized = (inputs - mean) / np.sqrt(variance + self.epsilon)\n"),
        ("                        - self.normalized * np.mean(dnormalized * self.normalized, axis=-1, keepdims=True)) "
         "/ self.std\n",
         "                        - self.normalized * np.mean(dnormalized * self.normalized, axis=-1, keepdims=True)) "
         "/ np.sqrt(self.std + self.epsilon)\n")]),
], ids=["last update on the optimizer", "last momentum step on the optimizer", "a log of steps on the optimizer",
        "a list batch returned as it came",
        "dense layer built first", "7 one optimizer per layer", "13 one optimizer per layer",
        "14 one optimizer per layer", "14 regression one optimizer per layer",
        "7 one optimizer per layer, one rate a NumPy float", "7 each layer updated after its own backward pass",
        "17 a copy of the optimizer at each step", "18 a copy of the optimizer at each step",
        "16 one train a batch", "11 inputs made floats by astype", "1 ReLU as a product with a mask",
        "9 sigmoid stable for either sign", "16 steps run without Model.train", "15 steps counted in a NumPy int",
        "16 steps counted in a float", "16 steps counted in a NumPy int",
        "5 combined backward reads the samples its forward kept", "5 loss backward reads the samples its forward kept",
        "5 losses that keep their targets and predictions from forward, unread",
        "17 conv keeps its inputs padded", "17 pool keeps its inputs cropped",
        "18 layer norm keeps the variance as std"])
def test_a_correct_variant_the_new_checks_might_mistake_earns_every_point(challenge, replacements):
    status, result = grade_planted(challenge, replacements)
    failing = {check["id"]: check["message"] for check in result["checks"] if check["status"] != "passed"}
    assert status == 0 and not failing, failing


@pytest.mark.parametrize("challenge, replacements, check_id, category, status, words", PLANTED,
                         ids=[f"{p[0].split('_')[1]}-{p[2]}-{i}" for i, p in enumerate(PLANTED)])
def test_planted_mistake_is_named(challenge, replacements, check_id, category, status, words):
    exit_status, result = grade_planted(challenge, replacements)
    check = checks_by_id(result)[check_id]
    assert exit_status == 1
    assert (check["category"], check["status"]) == (category, status), check["message"]
    assert words in check["message"], check["message"]


def test_an_optimizer_that_writes_into_the_gradients_loses_that_check_alone():
    # Its steps come out right: the checks of the steps, and all that wait on them, pass.
    _status, result = grade_planted("challenge_6_optimizers", [(
        "            weight_updates = -self.current_learning_rate * layer.dweights\n",
        "            weight_updates = layer.dweights\n            weight_updates *= -self.current_learning_rate\n")])
    failed = [check["id"] for check in result["checks"] if check["status"] != "passed"]
    assert failed == ["gradients_kept"], failed


# Gradients made in __init__ and written into by backward, in place: set by backward all the same.
WRITTEN_IN_PLACE = [("        self.padding = padding\n\n    def forward(self, inputs):\n",
                     "        self.padding = padding\n        self.dweights = np.zeros_like(self.weights)\n"
                     "        self.dbiases = np.zeros_like(self.biases)\n\n    def forward(self, inputs):\n"),
                    ("        self.dweights = np.dot(rows.T", "        self.dweights[...] = np.dot(rows.T"),
                    ("        self.dbiases = np.sum(dvalues, axis=(0, 2, 3)", "        self.dbiases[...] = np.sum("
                     "dvalues, axis=(0, 2, 3)")]


# A col2im call of the wrong stride in Layer_Conv2D.backward raises after dweights and dbiases were set right: the
# dinputs check alone fails, saying which arguments col2im was given.
@pytest.mark.parametrize("called, written", [("padding=self.padding", []), ("self.padding, self.stride", []),
                                             ("padding=self.padding", WRITTEN_IN_PLACE)],
                         ids=["stride left out", "stride and padding swapped", "gradients written in place"])
def test_a_col2im_call_that_raises_in_conv_backward_fails_the_dinputs_check_alone(called, written):
    _status, result = grade_planted("challenge_17_convolution", [*written, (
        "self.kernel_size, self.stride, self.padding)\n\n\nclass Layer_MaxPool2D",
        f"self.kernel_size, {called})\n\n\nclass Layer_MaxPool2D")])
    checks = checks_by_id(result)
    failed = [check["id"] for check in result["checks"] if check["status"] not in ("passed", "skipped")]
    assert failed == ["conv_backward_dinputs"], failed
    assert "Here, Layer_Conv2D.backward called col2im with stride=1" in checks["conv_backward_dinputs"]["message"]


# A right forward's scale that backward leaves out: backward's own mistake, not forward's.
def test_a_backward_that_leaves_out_the_scale_a_right_forward_stored_still_fails():
    _status, result = grade_planted("challenge_18_attention", [
        ("scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])",
         "self.scale = 1 / np.sqrt(q.shape[-1])\n        scores = np.matmul(q, k.swapaxes(-1, -2)) * self.scale"),
        ("/ np.sqrt(self.q.shape[-1])", "* 1")])
    assert checks_by_id(result)["attention_backward"]["status"] == "failed"


# Forward passes that raise on one size alone (4-D attention, 2-D layer norm), with backward passes that read what
# their own forward kept, under names of their own: the backward check that runs that size says forward raised there.
@pytest.mark.parametrize("replacements, forward, backward_check", [
    ([("np.matmul(q, k.swapaxes(-1, -2))", "np.matmul(q, k.transpose(0, 2, 1))"),
      ("        self.attention_weights = softmax(scores)\n",
       "        self.attention_weights = self.kept = softmax(scores)\n"),
      ("        weights = self.attention_weights\n", "        weights = self.kept\n")],
     "attention_forward", "attention_backward"),
    ([("        mean = np.mean(inputs, axis=-1, keepdims=True)\n",
       "        batch, length, features = inputs.shape\n        mean = np.mean(inputs, axis=-1, keepdims=True)\n"),
      ("        self.output = self.gamma * self.normalized + self.beta\n",
       "        self.output = self.gamma * self.normalized + self.beta\n"
       "        self.kept = self.normalized, self.std\n"),
      ("        features = dvalues.shape[-1]\n", "        self.normalized, self.std = self.kept\n"
                                                "        features = dvalues.shape[-1]\n")],
     "layernorm_forward", "layernorm_backward"),
], ids=["attention on 3-D alone", "layer norm on 3-D alone"])
def test_a_forward_that_raises_on_one_size_alone_fails_the_backward_check_of_that_size(replacements, forward,
                                                                                        backward_check):
    _status, result = grade_planted("challenge_18_attention", replacements)
    checks = checks_by_id(result)
    assert checks[forward]["status"] != "passed", checks[forward]
    assert checks[backward_check]["status"] != "passed", checks[backward_check]
    assert "forward, which this check runs before backward" in checks[backward_check]["message"], \
        checks[backward_check]


# A backward pass wrong on one size alone, and the same with forward and backward made to raise on that size (in
# every scenario, or only where the checks run it): a layer that fails on those inputs earns no more than the mistake
# it would hide.
_LAYER_NORM_SUMS_TWO_AXES = [
    ("        self.dgamma = np.sum((dvalues * self.normalized).reshape(-1, features), axis=0, keepdims=True)\n"
     "        self.dbeta = np.sum(dvalues.reshape(-1, features), axis=0, keepdims=True)\n",
     "        self.dgamma = np.sum(dvalues * self.normalized, axis=(0, 1)).reshape(1, -1)\n"
     "        self.dbeta = np.sum(dvalues, axis=(0, 1)).reshape(1, -1)\n")]
_LAYER_NORM_REFUSES_2D = [
    ("        mean = np.mean(inputs, axis=-1, keepdims=True)\n",
     "        if inputs.ndim == 2:\n            raise ValueError('only (batch, sequence, features)')\n"
     "        mean = np.mean(inputs, axis=-1, keepdims=True)\n"),
    ("        features = dvalues.shape[-1]\n",
     "        if dvalues.ndim == 2:\n            raise ValueError('only (batch, sequence, features)')\n"
     "        features = dvalues.shape[-1]\n")]
_ATTENTION_BACKWARD_3D = [("dweights = np.matmul(dvalues, self.v.swapaxes(-1, -2))",
                           "dweights = np.matmul(dvalues, self.v.transpose(0, 2, 1))")]
_ATTENTION_REFUSES_4D_WHERE_CHECKED = [
    ("        self.q, self.k, self.v = q, k, v\n",
     "        import sys\n        if q.ndim == 4:\n            frame = sys._getframe(1)\n"
     "            while frame is not None:\n"
     "                if frame.f_code.co_name in ('attention_forward', '_later_backward'):\n"
     "                    raise ValueError('axes do not match')\n"
     "                frame = frame.f_back\n"
     "        self.q, self.k, self.v = q, k, v\n")]


@pytest.mark.parametrize("mistake, hiding", [(_LAYER_NORM_SUMS_TWO_AXES, _LAYER_NORM_REFUSES_2D),
                                             (_ATTENTION_BACKWARD_3D, _ATTENTION_REFUSES_4D_WHERE_CHECKED)],
                         ids=["layer norm refuses 2-D", "attention refuses 4-D where the checks run it"])
def test_a_layer_made_to_raise_on_the_inputs_a_backward_round_checks_earns_no_more_than_its_mistake(mistake, hiding):
    _status, plain = grade_planted("challenge_18_attention", mistake)
    _status, hidden = grade_planted("challenge_18_attention", mistake + hiding)
    assert plain["score"] < plain["max_score"]
    assert hidden["score"] <= plain["score"], (hidden["score"], plain["score"])


def test_a_loss_backward_that_works_back_from_its_forward_batch_earns_no_more_than_one_that_reads_it():
    """The batch a loss's forward runs on before its backward is drawn apart from the dvalues backward gets next: a
    backward that ignores dvalues cannot turn what its forward kept back into them."""
    keeps = [("        samples = len(y_pred)\n", "        samples = len(y_pred)\n        self.kept = y_pred\n"),
             ("        self.output = self.activation.output\n",
              "        self.output = self.activation.output\n        self.kept = self.output\n")]
    reads_kept = [("        self.dinputs = -y_true / dvalues\n", "        self.dinputs = -y_true / self.kept\n"),
                  ("            y_true = np.argmax(y_true, axis=1)\n        self.dinputs = dvalues.copy()\n",
                   "            y_true = np.argmax(y_true, axis=1)\n        self.dinputs = self.kept.copy()\n")]
    _status, plain = grade_planted("challenge_5_backprop", keeps + reads_kept)
    _status, undone = grade_planted("challenge_5_backprop", keeps + [
        (old, new.replace("self.kept", "np.roll(self.kept, -1, axis=-1)")) for old, new in reads_kept])
    assert plain["score"] < plain["max_score"]
    assert undone["score"] <= plain["score"], (undone["score"], plain["score"])


def test_correct_confidences_without_its_one_hot_branch_loses_only_the_checks_of_one_hot_targets():
    # Challenge 4's checks of a batch of one and of y_pred kept call it with one-hot targets too: where that branch
    # is still to write, they judge the class indices alone, and the one-hot checks say what is missing.
    _status, result = grade_planted("challenge_4_loss_debug", [(
        "    if len(y_true.shape) == 2:\n        return np.sum(y_pred * y_true, axis=1)\n", "")])
    statuses = {check["id"]: check["status"] for check in result["checks"]}
    assert statuses["confidences_onehot"] == "error" and statuses["cce_onehot"] == "skipped", statuses
    assert statuses["confidences_unclipped"] == statuses["functions_keep_inputs"] == "passed", statuses


def test_a_todo_a_scenario_caught_reads_as_not_started():
    # Challenge 16's training scenario catches predict_label's NotImplementedError, so that the training is still
    # judged; the check then reads as any TODO does (TODO, "Not started: ..."), not as a failure of the learner's.
    row = next(row for row in PLANTED if row[2] == "predict_label" and "Not started" in row[5])
    _status, result = grade_planted(row[0], row[1])
    check = checks_by_id(result)["predict_label"]
    assert check.get("not_started") is True and check["message"].startswith("Not started: predict_label"), check
