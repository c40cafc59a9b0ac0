"""expect.was_set and set_by: an attribute set under another spelling is named, among what the learner's object holds."""
import numpy as np
import pytest

from grader import expect


def test_a_misspelt_attribute_is_named_and_the_books_own_are_not():
    with pytest.raises(expect.Mismatch) as failure:
        expect.was_set(["biases", "dweigths", "inputs", "weights"], "dweights", "Layer_Dense.backward",
                       known=["biases", "dweights", "inputs", "weights"])
    assert "it set self.dweigths, a name the book's code never reads" in str(failure.value)


def test_an_object_with_very_many_names_is_judged_on_the_first_few():
    """What the learner's object holds is the learner's: a million names must not cost the judge a million
    comparisons."""
    many = [f"attribute_{number}" for number in range(100_000)] + ["dweigths"]
    with pytest.raises(expect.Mismatch) as failure:
        expect.was_set(many, "dweights", "Layer_Dense.backward")
    assert "store the result in self.dweights" in str(failure.value)


def test_a_wrong_value_beside_a_stray_attribute_is_said_to_come_from_it():
    with pytest.raises(expect.Mismatch) as failure:
        expect.array(np.zeros(2), np.ones(2), "self.output", set_by=(["output", "ouptut"], ["output"], "Layer_Dense"))
    assert "Your Layer_Dense has an attribute ouptut, which the book's never has: did you mean output?" \
        in str(failure.value)


def test_a_wrong_shape_is_explained_by_the_shape_before_a_stray_attribute():
    with pytest.raises(expect.Mismatch) as failure:
        expect.array(np.ones(3), np.ones((1, 3)), "self.dbiases", set_by=(["dbias", "dbiases"], ["dbiases"], "Layer_Dense"))
    assert "keepdims=True" in str(failure.value) and "dbias," not in str(failure.value)


@pytest.mark.parametrize("name", ["inputs_T", "_inputs", "cached_inputs", "inputs_"])
def test_a_book_name_with_a_word_of_the_learners_own_is_not_taken_for_a_misspelling(name):
    with pytest.raises(expect.Mismatch) as failure:
        expect.array(np.zeros(2), np.ones(2), "self.output", set_by=([name, "inputs", "output"], ["inputs", "output"],
                                                                      "Layer_Dense"))
    assert "which the book's never has" not in str(failure.value)


@pytest.mark.parametrize("mine, books", [(["d_k", "dk", "dq", "dv"], ["dk", "dq", "dv"]),
                                         (["norm_1", "norm_2", "output"], ["norm1", "norm2", "output"])])
def test_a_name_of_the_learners_own_beside_a_wrong_value_is_not_its_cause(mine, books):
    """d_k beside the book's dk, or norm_1 used throughout in place of norm1, is a name chosen: the listed mistake
    the value shows is said, not "did you mean"."""
    with pytest.raises(expect.Mismatch) as failure:
        expect.array(np.zeros(2), np.ones(2), "self.output", set_by=(mine, books, "Attention.backward"),
                     mistakes={"The scaling was left out.": np.zeros(2)})
    assert "The scaling was left out." in str(failure.value) and "did you mean" not in str(failure.value)
