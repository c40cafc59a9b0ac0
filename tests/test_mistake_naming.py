"""How often a caught mistake gets a message that names it, over every planted mistake.

A message names the mistake when it says what the learner probably did, not only where the
numbers differ: it carries a misconception id, or a sentence beyond the comparison's figures.
"""
import re

import numpy as np
import pytest

from grader import expect
from grader.mistakes import named
from helpers import grade_planted
from planted_mistakes import NAMED, PLANTED

TARGET = 0.9

# The sentences `grader.expect` writes about any difference, whatever its cause.
NUMBERS_ONLY = [re.compile(pattern) for pattern in (
    r"\S.*? (?:has|have) the right shape \([\d, ]*\) and dtype \w+ but the wrong values: the largest difference "
    r"is .*? values? (?:is|are) off\.",
    r"Every value (?:that should not be 0 )?is \S+ times the expected value(?:, (?:1/)?√\d+)?: look for a missing "
    r"or extra factor\.",
    r"\S.*? (?:contains|contain) \d+ NaN or infinite values? \(the first at \[[\d, ]*\], where \S+ was "
    r"expected\)\.",
    r"A value overflowed: look for np\.exp of a large number, a division by zero, or the log of zero\.",
    r"NaN comes from an invalid operation: .*? where the first NaN appears\.",
    r"An infinite value comes from an overflow \(np\.exp of a large number\), a division by zero, or the log of "
    r"zero\.",
    r"\S.*? disagrees? with the numerical gradient \(central differences of the forward pass\): relative error "
    r".*? the numerical gradient is \S+?\.(?=\s|$)",
    r"\S.*? (?:has|have) shape \([\d, ]*\), but \([\d, ]*\) was expected\.",
    r"\S.*? (?:is|are) (?:-?[\d.e+-]+|nan|inf), but (?:-?[\d.e+-]+|nan|inf) was expected\.",
    r"A value overflowed or a log of zero was taken\.",
)]


def names_the_mistake(check):
    """True when the check's message says more than how far apart the numbers are."""
    if check.get("mistake"):
        return True
    rest = check.get("message", "")
    for pattern in NUMBERS_ONLY:
        rest = pattern.sub("", rest)
    return bool(rest.strip(" ."))


def _first_failure(result):
    """The first check a learner reads about: failed or raised, not skipped."""
    return next((check for check in result["checks"] if check["status"] in ("failed", "error", "timeout")), None)


def test_numbers_only_messages_are_recognised():
    assert not names_the_mistake({"message": "self.dweights has the right shape (3, 2) and dtype float64 but the "
                                             "wrong values: the largest difference is 0.5 at [0, 1] (expected 1, "
                                             "got 1.5); 6 of 6 values are off."})
    assert not names_the_mistake({"message": "The loss is 0.25, but 0.5 was expected."})
    assert names_the_mistake({"message": "The loss is 0.25, but 0.5 was expected. The penalty was not "
                                         "multiplied by its lambda."})
    assert names_the_mistake({"message": "no numbers here", "mistake": "transposed"})


def test_at_least_nine_in_ten_caught_mistakes_are_named():
    plants = [(row[0], row[1]) for row in PLANTED] + [(row[1], row[2]) for row in NAMED]
    caught, unnamed = 0, []
    for challenge, replacements in plants:
        status, result = grade_planted(challenge, replacements)
        first = _first_failure(result)
        if status != 1 or first is None:
            continue
        caught += 1
        if not names_the_mistake(first):
            unnamed.append(f"{challenge} {first['id']}: {first['message']}")
    assert caught >= 0.9 * len(plants), f"only {caught} of {len(plants)} planted mistakes were caught"
    ratio = 1 - len(unnamed) / caught
    print(f"{caught - len(unnamed)} of {caught} caught planted mistakes are named ({ratio:.1%})",
          *(["not named:", *unnamed] if unnamed else []), sep="\n")
    assert ratio >= TARGET, "\n".join(unnamed)


def test_a_named_sentence_keeps_its_misconception_through_fail_and_true():
    sentence = named("training_flag", "Dropout was active with training=False.")
    for call in (lambda: expect.fail(sentence), lambda: expect.true(False, sentence)):
        with pytest.raises(expect.Mismatch) as failure:
            call()
        assert failure.value.mistake == "training_flag"
    with pytest.raises(expect.Mismatch) as failure:
        expect.fail("A plain sentence.")
    assert failure.value.mistake is None


def test_counts_in_a_difference_are_written_as_words_are():
    want = np.arange(1.0, 7.0).reshape(2, 3)
    one_off, two_off = want.copy(), want.copy()
    one_off[0, 1] += 1
    two_off[0, :2] += 1
    assert "1 of 6 values is off." in expect.difference(one_off, want)
    assert "2 of 6 values are off." in expect.difference(two_off, want)
    with pytest.raises(expect.Mismatch, match=r"contains 1 NaN or infinite value \(the first"):
        expect.array(np.where(want == 2, np.nan, want), want, "self.output")
    with pytest.raises(expect.Mismatch, match=r"2 of 6 values changed"):
        expect.unchanged(two_off, want, "dvalues", "Copy it first.")


def test_a_difference_with_nan_or_infinite_values_counts_them_and_names_one():
    want = np.arange(1.0, 7.0).reshape(2, 3)
    assert expect.difference(np.full((2, 3), np.nan), want) == (
        "the largest difference is nan at [0, 0] (expected 1, got nan); 6 of 6 values are off.")
    assert expect.difference(want, np.full((2, 3), -np.inf)).endswith("6 of 6 values are off.")
    one_nan = want.copy()
    one_nan[1, 2] = np.nan
    assert expect.difference(one_nan, want) == (
        "the largest difference is nan at [1, 2] (expected 6, got nan); 1 of 6 values is off.")
    assert not expect.close(want, np.full((2, 3), -np.inf)) and expect.close(np.full(2, np.inf), np.full(2, np.inf))
    both = np.where(want > 4, np.nan, want)
    assert expect.difference(np.where(want == 1, 2.0, both), both).endswith("1 of 6 values is off.")


def test_a_factor_is_said_of_the_values_it_applies_to():
    want = np.array([[0.0, 1.0, 2.0], [0.0, 3.0, 4.0]])
    with pytest.raises(expect.Mismatch, match="4 of 6 values are off. Every value that should not be 0 is 6 times "
                                              "too large"):
        expect.array(want * 6, want, "self.dbiases", samples=6)
    with pytest.raises(expect.Mismatch, match=r"Every value is 2 times the expected value"):
        expect.array(want[:, 1:] * 2, want[:, 1:], "self.output")


def test_two_values_that_differ_never_read_the_same():
    """0.9999999 written with six digits is 1: the message would say it was 1, now 1."""
    before = np.array([[1.0, 0.5]])
    with pytest.raises(expect.Mismatch, match=r"at \[0, 0\] it was 1, now 0\.9999999\)"):
        expect.unchanged(np.array([[1 - 1e-7, 0.5]]), before, "y_pred", "Work on a copy.")
    with pytest.raises(expect.Mismatch, match=r"\(expected 0\.25, got 0\.5\)"):
        expect.array(np.array([0.5]), np.array([0.25]), "self.output")


def test_a_comprehension_is_placed_at_its_line_once():
    from grader.judge.messages import where_text

    line = {"line": 17, "source": "return np.array([f(v) for v in x])", "function": "sigmoid.<locals>.<listcomp>"}
    assert where_text({**line, "caller": {"line": 17, "source": line["source"]}}) == (
        "line 17: return np.array([f(v) for v in x])")
    assert where_text({**line, "caller": {"line": 30, "source": "y = sigmoid(x)"}}).endswith(
        "in sigmoid.<locals>.<listcomp> called from line 30: y = sigmoid(x)")


@pytest.mark.parametrize("message, source, named", [
    ("operands could not be broadcast together with shapes (3,3,2) (3,3,3)",
     "output[sample, f, i, j] = np.sum(window * weights[f])", True),
    ("could not broadcast input array from shape (2,3,3,2) into shape (2,3,3,3)",
     "columns[:, :, ki, kj] = padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride]", True),
    # Arrays of attention cut short in their last axes, on lines that take no windows: no word of padding.
    ("operands could not be broadcast together with shapes (2,4,6) (2,4,8)", "scores = q * k", False),
    ("could not broadcast input array from shape (2,4,6) into shape (2,4,8)", "heads[:, h] = x[:, :, h]", False),
    # Windows that are not cut short but of another number of channels.
    ("operands could not be broadcast together with shapes (2,3,3) (3,3,3)", "np.sum(window * weights[f])", False),
])
def test_windows_cut_short_at_the_edges_are_named_as_padding_or_too_many_windows(message, source, named):
    from grader.judge.messages import describe_failure
    from grader.sandbox.supervisor import LearnerFailure

    sentence = describe_failure(LearnerFailure("exception", "ValueError", message, {"line": 9, "source": source}))
    assert ("Either the input was not padded before the windows were taken" in sentence) == named, sentence
    assert ("cut short in its last two axes" in sentence) == named, sentence


@pytest.mark.parametrize("message, source, named", [
    ("operands could not be broadcast together with shapes (6,) (6,3)", "self.dinputs = -y_true / dvalues",
     "class indices become one-hot rows first"),
    ("operands could not be broadcast together with shapes (6,6) (6,3)", "self.dinputs = -y_true / dvalues",
     "not np.eye(samples)"),
    ("operands could not be broadcast together with shapes (6,3) (6,6)", "self.dinputs = dvalues / y_true",
     "not np.eye(samples)"),
    # A forward pass's shapes, on a line with neither name: the advice about targets is not given.
    ("operands could not be broadcast together with shapes (6,) (6,3)", "self.output = inputs + biases", None),
    # y_true met another array made of dvalues, or a column of itself: the 1-D operand is not the targets.
    ("operands could not be broadcast together with shapes (6,3) (6,)",
     "self.dinputs = -y_true / np.sum(dvalues * y_true, axis=1)", None),
    ("operands could not be broadcast together with shapes (6,) (6,3)", "self.dinputs = y_true[:, 0] - dvalues", None),
])
def test_targets_that_meet_dvalues_in_a_loss_backward_are_named(message, source, named):
    from grader.judge.messages import describe_failure
    from grader.sandbox.supervisor import LearnerFailure

    sentence = describe_failure(LearnerFailure("exception", "ValueError", message, {"line": 9, "source": source}))
    if named:
        assert named in sentence, sentence
    else:
        assert "one-hot" not in sentence and "np.eye" not in sentence, sentence


@pytest.mark.parametrize("message, source, named", [
    # Statistics taken along axis=1: one per sample, where one per feature meets every row.
    ("operands could not be broadcast together with shapes (40,3) (40,)",
     "return tuple((X - mean) / std for X in (X_train, *others))", True),
    ("operands could not be broadcast together with shapes (20,3) (40,)",
     "return tuple(2 * (X - low) / (high - low) - 1 for X in (X_train, *others))", True),
    # A softmax's row maximum without keepdims wants keepdims, not another axis.
    ("operands could not be broadcast together with shapes (6,3) (6,)",
     "exp_values = np.exp(inputs - np.max(inputs, axis=1))", False),
    ("operands could not be broadcast together with shapes (6,3) (6,)", "exp_values = np.exp(inputs - maxes)", False),
    # Statistics per sample are right in a layer norm, a loss, an accuracy: they want keepdims=True.
    ("operands could not be broadcast together with shapes (12,5) (12,)",
     "variance = np.mean((flat - mean) ** 2, axis=1)", False),
    ("operands could not be broadcast together with shapes (10,8) (10,)",
     "normalized = (inputs - self.mean) / self.std", False),
    ("operands could not be broadcast together with shapes (300,3) (300,)",
     "loss = np.mean(-np.log(np.sum(y_pred * y_true, axis=1)))", False),
    ("operands could not be broadcast together with shapes (200,5) (200,)",
     "self.output = np.multiply(inputs, self.binary_mask)", False),
    # Statistics per feature already, of a set with another number of features.
    ("operands could not be broadcast together with shapes (30,4) (5,)",
     "X_test = (X_test - X_train.mean(axis=0)) / X_train.std(axis=0)", False),
])
def test_statistics_taken_per_sample_are_told_to_go_down_the_samples(message, source, named):
    from grader.judge.messages import describe_failure
    from grader.sandbox.supervisor import LearnerFailure

    sentence = describe_failure(LearnerFailure("exception", "ValueError", message, {"line": 9, "source": source}))
    assert ("statistics per feature are taken down the samples" in sentence) == named, sentence
    assert not (named and "keepdims=True" in sentence), sentence


@pytest.mark.parametrize("message, said", [
    ("cannot reshape array of size 576 into shape (2,7,6,newaxis)",
     "The array holds 576 values, which no whole number of 2 × 7 × 6 = 84 makes."),
    # NumPy leaves out a -1 that comes first: reshape(-1, 8, 8) of 100 values.
    ("cannot reshape array of size 100 into shape (8,8)", "The array holds 100 values, and the shape given takes "
                                                          "8 × 8 = 64 (or, where it began with a -1"),
    ("cannot reshape array of size 672 into shape (2,7,6,4)", "The array holds 672 values, and the shape given "
                                                              "takes 2 × 7 × 6 × 4 = 336"),
    ("cannot reshape array of size 0 into shape (0,newaxis)", "The array is empty"),
    ("cannot reshape array of size 5 into shape (0,5)", "The shape given has an axis of 0, which no array of 5"),
    ("cannot reshape array of size 0 into shape (2,3)", "The array is empty: was it meant to be empty"),
    ("cannot reshape array of size 4 into shape ()", "the shape given, (), takes one"),
])
def test_a_reshape_that_cannot_be_made_is_said_in_numbers(message, said):
    from grader.judge.messages import describe_failure
    from grader.sandbox.supervisor import LearnerFailure

    sentence = describe_failure(LearnerFailure("exception", "ValueError", message,
                                               {"line": 9, "source": "output.reshape(n, out_h, out_w, -1)"}))
    assert said in sentence, sentence
    nothing_to_print = "axis of 0" in said or "is empty" in said or "()" in said
    assert ("print the array's shape just before the reshape" in sentence) != nothing_to_print, sentence


def _said_of_a_missing_name(path, code):
    """What the learner is told of the NameError that `code`, run as the learner's file `path`, raises."""
    from grader.sandbox.names_meant import with_name_meant

    with pytest.raises(NameError) as raised:
        exec(compile(code, str(path), "exec"), {})
    return with_name_meant(raised.value, str(path))


@pytest.mark.parametrize("code, told", [
    # forward's local mask, which backward reads: both fixes offered, keeping it on the object among them.
    ("class Layer_Dropout:\n    def forward(self, inputs):\n        binary_mask = inputs > 0\n"
     "        self.output = inputs * binary_mask\n\n    def backward(self, dvalues):\n"
     "        self.dinputs = dvalues * binary_mask\n\nlayer = Layer_Dropout()\nlayer.forward(1.0)\n"
     "layer.backward(1.0)\n", True),
    # A name the method itself assigns after reading it: UnboundLocalError, which another method's local explains not.
    ("class Layer_Dropout:\n    def forward(self, inputs):\n        binary_mask = inputs\n\n"
     "    def backward(self, dvalues):\n        out = binary_mask\n        binary_mask = 1\n"
     "Layer_Dropout().backward(1.0)\n", False),
    # Read by forward, made by backward, which runs after it: keeping it on the object cannot help.
    ("class Layer_Dropout:\n    def forward(self, inputs):\n        return inputs * scale\n\n"
     "    def backward(self, dvalues):\n        scale = 2\nLayer_Dropout().forward(1.0)\n", False),
    # An optimizer's pre_update_params runs before post_update_params, in every step.
    ("class Optimizer_Adam:\n    def pre_update_params(self):\n        return rate\n\n"
     "    def post_update_params(self):\n        rate = 1\nOptimizer_Adam().pre_update_params()\n", False),
    # A name no method keeps: Python's words alone, or its nearest name.
    ("def f():\n    return binary_mask\nf()\n", False),
], ids=["read by a later method", "unbound in its own method", "made by a later method",
        "made by a later optimizer method", "kept nowhere"])
def test_a_name_one_method_kept_as_a_local_and_another_reads_is_told_to_go_on_self(tmp_path, code, told):
    said = _said_of_a_missing_name(tmp_path / "main.py", code)
    assert ("Layer_Dropout.forward assigns binary_mask as a local name" in said
            and "read self.binary_mask here" in said) == told, said
    assert ("as a local name" in said) == told, said


# Classes of a learner's file: a softmax whose forward leaves its result in a local name, a ReLU with no parameters,
# and a loss whose forward returns its losses.
OWN_CLASSES = ("import numpy as np\n\nclass Activation_Softmax:\n    def forward(self, inputs):\n"
               "        self.inputs = inputs\n        probabilities = np.exp(inputs)\n\n"
               "class Activation_ReLU:\n    def forward(self, inputs):\n        self.output = np.maximum(0, inputs)\n\n"
               "    def backward(self, dvalues):\n        self.dinputs = dvalues.copy()\n\n"
               "class Loss_CategoricalCrossentropy:\n    def forward(self, y_pred, y_true):\n"
               "        return -np.log(y_pred)\n")


@pytest.mark.parametrize("kind, name, setter, told", [
    ("Activation_Softmax", "output", "Layer_Dense.forward",
     "Activation_Softmax.forward never sets self.output (it sets self.inputs only)"),
    # An activation given to update_params: its backward keeps no dweights because it has no weights.
    ("Activation_ReLU", "dweights", "Layer_Dense.backward",
     "Was an Activation_ReLU given where a Layer_Dense belongs?"),
    # A loss given where a layer belongs: its forward returns its result, as a loss's does.
    ("Loss_CategoricalCrossentropy", "output", "Layer_Dense.forward",
     "Was a Loss_CategoricalCrossentropy given where a Layer_Dense belongs?"),
], ids=["result left in a local name", "activation given for a dense layer", "loss given for a layer"])
def test_an_object_of_another_class_is_told_apart_from_its_own_method_keeping_nothing(tmp_path, kind, name, setter,
                                                                                     told):
    from grader.sandbox.names_meant import _set_by_another_class

    path = str(tmp_path / "main.py")
    classes = {}
    exec(compile(OWN_CLASSES, path, "exec"), classes)
    said = _set_by_another_class(classes[kind](), name, setter, path)
    assert told in said, said
    assert ("never sets" in said) != ("given where" in said), said


@pytest.mark.parametrize("name, arguments, told", [
    # The book's loss: its backward has all it needs in dvalues and y_true.
    ("Loss_CategoricalCrossentropy", "dvalues, y_true", "the book's Loss_CategoricalCrossentropy.backward works from "
                                                        "dvalues and y_true"),
    # A class the book has not: not "the book's", and the arguments its own backward takes.
    ("Layer_Pool", "dvalues, targets", "with all it needs as its arguments: Layer_Pool.backward works from dvalues "
                                       "and targets"),
    # A backward of dvalues alone reads what forward kept: the checks run forward first, so nothing of "alone".
    ("Layer_MaxPool2D", "dvalues", "Layer_MaxPool2D.forward sets it, but had not set it yet when this line ran"),
], ids=["book loss", "own class with targets", "dvalues alone"])
def test_a_backward_the_checks_called_without_forward_is_told_by_its_own_arguments(tmp_path, name, arguments, told):
    path = tmp_path / "main.py"
    path.write_text(f"class {name}:\n    def forward(self, inputs):\n        self.kept = inputs\n"
                    f"        self.output = inputs\n\n    def backward(self, {arguments}):\n"
                    "        self.dinputs = dvalues * self.kept\n")
    # Called from here, as a check calls it: not from the learner's file.
    said = _name_meant_of(path, lambda module: getattr(module, name)().backward(*[1.0] * (arguments.count(",") + 1)))
    assert told in said, said
    assert "y_true" not in said or "y_true" in arguments, said
    assert "without forward" not in said or "," in arguments, said


def _name_meant_of(path, call):
    """What names_meant adds to the AttributeError that `call(module)` raises, the learner's file at `path` loaded as
    the worker holds it: a module of sys.modules, which names_meant reads the setters from."""
    import importlib.util
    import sys

    from grader.sandbox.names_meant import with_name_meant

    spec = importlib.util.spec_from_file_location("learner_name_meant", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        with pytest.raises(AttributeError) as raised:
            call(module)
        return with_name_meant(raised.value, str(path))
    finally:
        del sys.modules[spec.name]


# Two classes of a learner's file, only the second of which sets d_model: read as self.d_model in the first's own
# method, its __init__ did not keep it; read on an object handed to the second's method, an object was mixed up.
MIXED_OR_NOT_KEPT = ("class Heads:\n    def __init__(self, d_model, n_heads):\n        self.n_heads = n_heads\n\n"
                     "    def forward(self, inputs):\n        self.output = inputs.reshape(-1, self.d_model)\n\n"
                     "class Block:\n    def __init__(self, d_model):\n        self.d_model = d_model\n\n"
                     "    def size_of(self, block):\n        return block.d_model\n")


@pytest.mark.parametrize("call, told, mixed", [
    (lambda module: module.Heads(4, 2).forward(__import__("numpy").zeros((2, 4))),
     "Heads.__init__ is given d_model but does not keep it: keep it there, self.d_model = d_model, or work it out "
     "in forward from the shape of what it is given, inputs.shape[-1]", False),
    (lambda module: module.Block(4).size_of(module.Heads(4, 2)), "Was a Heads given where a Block belongs?", True),
], ids=["read on self", "read on an object handed in"])
def test_an_attribute_only_another_class_sets_is_a_mix_up_only_where_an_object_was_handed_in(tmp_path, call, told,
                                                                                             mixed):
    path = tmp_path / "main.py"
    path.write_text(MIXED_OR_NOT_KEPT)
    said = _name_meant_of(path, call)
    assert told in said, said
    assert ("given where" in said) == mixed, said


def test_a_division_by_zero_is_told_of_batches_only_where_its_line_counts_them():
    from grader.judge.messages import describe_failure
    from grader.sandbox.supervisor import LearnerFailure

    def said(source):
        return describe_failure(LearnerFailure("exception", type="ZeroDivisionError", message="division by zero",
                                               where={"line": 3, "source": source}))

    assert "most often no batch ran" in said("loss = total / steps")
    assert "most often no batch ran" in said("return self.accumulated_sum / self.accumulated_count")
    assert "most often no batch ran" in said("mean = total / numBatches")
    for source in ("x = 1 / 0", "", "mean = self.total / self.count  # per batch"):
        assert "no batch ran" not in said(source) and "look at what divides on that line" in said(source), said(source)


def test_only_rows_far_from_their_values_are_said_to_be_rows_never_computed():
    import numpy as np

    from grader import expect

    want = np.random.default_rng(3).uniform(0.2, 0.8, (5, 3))
    for wrong, left_out in ((np.round(want[2:] + 4e-4, 3), False), (np.zeros((3, 3)), True)):
        got = np.concatenate([want[:2], wrong])
        with pytest.raises(expect.Mismatch) as raised:
            expect.array(got, want, "The outputs")
        assert ("The first 2 rows are right and the other 3 are not: was every row computed?" in str(raised.value)) \
            == left_out, str(raised.value)
    with pytest.raises(expect.Mismatch) as raised:
        expect.array(np.round(want, 4), want, "The outputs")
    assert "Every value is the expected one rounded to 4 decimal places" in str(raised.value)


def test_a_stack_of_arrays_whose_first_ones_are_right_is_not_told_of_rows_left_out():
    # Challenge 6's weights after each step, stacked: the first steps agree while a momentum is still small, which
    # says nothing of a loop over rows.
    import numpy as np

    from grader import expect

    want = np.random.default_rng(5).uniform(0.2, 0.8, (4, 3, 3))
    got = want.copy()
    got[2:] *= 0.5
    with pytest.raises(expect.Mismatch) as raised:
        expect.array(got, want, "The weights after each of 4 steps")
    assert "was every row computed" not in str(raised.value), str(raised.value)


def test_rows_of_zeros_after_right_rows_are_named_whatever_the_scale_of_the_others():
    import numpy as np

    from grader import expect

    want = np.random.default_rng(4).uniform(0.2, 0.8, (6, 3))
    want[0] *= 1000
    got = want.copy()
    got[4:] = 0
    with pytest.raises(expect.Mismatch) as raised:
        expect.array(got, want, "The outputs")
    assert "The first 4 rows are right and the other 2 are not: was every row computed?" in str(raised.value)
