"""expect.as_array on an array NumPy made of strings or of Python objects: the message says what it holds and how
to make numbers of it, whichever check asks."""
import numpy as np
import pytest

from grader import expect
from grader.sandbox.wire import decode, encode


def _failure(value, what="the labels returned by load_image_folder"):
    with pytest.raises(expect.Mismatch) as failure:
        expect.as_array(value, what)
    return failure.value


@pytest.mark.parametrize("made", [np.array(["0", "3", "7"]), np.array([b"0", b"3"])], ids=["str", "bytes"])
def test_an_array_of_strings_from_the_worker_is_called_strings(made):
    failure = _failure(decode(encode(made)))
    assert "The labels returned by load_image_folder are an array of strings (dtype " in str(failure)
    assert "int(label)" in str(failure) and "expected a NumPy array" not in str(failure)
    assert failure.mistake == "not_an_array"


def test_an_array_of_objects_from_the_worker_says_what_makes_one():
    failure = _failure(decode(encode(np.array([1.0, None, "2"], dtype=object))), "the output of forward")
    assert "The output of forward is an array of Python objects (dtype object), not of numbers" in str(failure)
    assert "rows of different lengths" in str(failure) and failure.mistake == "not_an_array"


def test_an_array_of_strings_made_in_the_judge_is_called_strings_too():
    assert "is an array of strings (dtype <U1)" in str(_failure(np.array(["a"]), "the result"))


def test_labels_of_strings_are_made_whole_numbers_never_floats():
    # Labels pick a class by its index: .astype(float) would fail the same check again.
    assert ".astype(np.uint8)" in str(_failure(np.array(["0", "3"]))) \
        and ".astype(float)" not in str(_failure(np.array(["0", "3"])))
    assert ".astype(int) or .astype(float)" in str(_failure(np.array(["0.5"]), "the result"))


def test_another_dtype_is_named_with_what_was_expected():
    failure = _failure(decode(encode(np.array(["2024-01-01"], dtype="datetime64[D]"))), "the result")
    assert str(failure) == "The result is an array of dtype datetime64[D], not of numbers; expected a NumPy array."


@pytest.mark.parametrize("made, named", [((x for x in range(3)), "generator"), (map(float, [1, 2]), "map"),
                                         ((1.0, 2.0), "tuple"), ([1.0], "list"), (2.5, "float")])
def test_the_type_a_message_names_is_the_one_the_learner_s_code_returned(made, named):
    """Not the grader's own carrier (Opaque, Sequence) of a value the worker could not send as it is."""
    assert expect.type_name(decode(encode(made))) == named
