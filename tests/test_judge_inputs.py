"""Whatever the worker sends back, the judge answers with a Mismatch, never a traceback of its own."""
import copy
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader import expect
from grader.judge.plugin import own_copy
from grader.sandbox import wire

arrays = hnp.arrays(dtype=st.sampled_from([np.float64, np.float32, np.int64, np.uint8, np.bool_]),
                    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5),
                    elements={"allow_nan": True, "allow_infinity": True} if False else None)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | arrays,
    lambda children: st.lists(children, max_size=4) | st.tuples(children, children)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=10)


def _sent_and_received(value):
    """`value` as the judge gets it from a worker: its arrays' bytes framed after the JSON."""
    buffers = wire.Buffers()
    message, received = wire.parse_frame(wire.frame({"value": wire.encode(value, buffers=buffers)}, buffers)[4:])
    return wire.decode(message["value"], buffers=received)


@settings(max_examples=300, deadline=None)
@given(values)
def test_any_returned_value_round_trips_and_is_judged(value):
    decoded = _sent_and_received(value)
    # As the answer cache stores it, in JSON alone: the same value.
    assert _same(wire.decode(wire.parse_body(wire.frame({"value": wire.encode(value)})[4:])["value"]), decoded)
    want = np.arange(6.0).reshape(2, 3)
    for compare in (lambda: expect.array(decoded, want, "self.output", samples=2),
                    lambda: expect.number(decoded, 1.5, "the loss"),
                    lambda: expect.unchanged(decoded, want, "dvalues", "Copy it."),
                    lambda: expect.gradient(decoded, want, "self.dinputs")):
        try:
            compare()
        except expect.Mismatch as mismatch:
            assert str(mismatch)


def _same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (type(a) is type(b) and a.dtype == b.dtype and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return type(b) is dict and a.keys() == b.keys() and all(_same(a[key], b[key]) for key in a)
    return a == b or (a != a and b != b) or type(a) is type(b) is wire.Opaque


class _LyingInt(int):
    def __abs__(self):
        return 0


def test_an_integer_too_large_for_a_float_is_sent_as_infinity_and_refused_when_written_in():
    """An int whose subclass lies about its size is sent as the float it is; an integer in the JSON that no float
    holds, which every check's float() would overflow on, is refused as the worker's fault."""
    assert wire.encode(_LyingInt(10 ** 400)) == {"__float__": "inf"}
    assert wire.encode(-_LyingInt(10 ** 400)) == {"__float__": "-inf"}
    assert wire.encode(_LyingInt(2 ** 60)) == float(2 ** 60) and wire.encode(_LyingInt(7)) == 7
    with pytest.raises(expect.Mismatch, match="The loss"):
        expect.number(_sent_and_received(_LyingInt(10 ** 400)), 1.5, "the loss")
    with pytest.raises(wire.WireError, match="out of range"):
        wire.parse_body(b'{"value": 1' + b"0" * 400 + b"}")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_garbage_from_the_worker_is_a_wire_error(data):
    try:
        message, buffers = wire.parse_frame(data)
        wire.decode(message.get("value"), buffers=buffers)
    except wire.WireError:
        pass


def _mutable_parts(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _mutable_parts(item)
    elif isinstance(value, (list, tuple)):
        if isinstance(value, list):
            yield value
        for item in value:
            yield from _mutable_parts(item)


@settings(max_examples=200, deadline=None)
@given(values)
def test_a_check_gets_a_copy_of_the_references_answer_that_equals_it_and_shares_nothing_it_could_change(value):
    """A class grading process keeps each reference answer for every submission: what one check does to its copy
    must not reach the next submission's."""
    for answer in (value, _sent_and_received(value)):   # as computed here, and as read from the answer cache
        copied = own_copy(answer)
        assert _same(copied, copy.deepcopy(answer))
        originals = list(_mutable_parts(answer))
        for part in _mutable_parts(copied):
            assert not any(part is original or (isinstance(part, np.ndarray) and isinstance(original, np.ndarray)
                                                and np.shares_memory(part, original)) for original in originals)


ARRAY = {"dtype": "<f8", "shape": [2], "type": "numpy.ndarray", "scalar": False}


@pytest.mark.parametrize("place", [[0, 24], [8, 16], [-8, 16], [0, -16], [0, 8], [True, 16], [0.0, 16], [0],
                                   "0,16", [2 ** 70, 16], None])
def test_an_array_that_points_outside_its_bytes_or_at_too_few_is_a_wire_error(place):
    """A forged reference to an array's bytes: beyond the 16 bytes sent, negative, the wrong size or no numbers."""
    body = json.dumps({"value": {"__buffer__": place, **ARRAY}}).encode() + b"\0" + np.arange(2.0).tobytes()
    with pytest.raises(wire.WireError):   # refused as it is read (an integer no float holds) or decoded
        message, buffers = wire.parse_frame(body)
        wire.decode(message["value"], buffers=buffers)


def test_arrays_sharing_the_bytes_after_the_json_are_each_read_from_their_own_place():
    buffers = wire.Buffers()
    value = {"a": np.arange(3.0), "b": np.arange(4, dtype=np.int32).reshape(2, 2), "c": np.float32(2.5)}
    message, received = wire.parse_frame(wire.frame({"value": wire.encode(value, buffers=buffers)}, buffers)[4:])
    decoded = wire.decode(message["value"], buffers=received)
    assert len(received) == 3 * 8 + 4 * 4 + 4
    assert _same(decoded["a"], value["a"]) and _same(decoded["b"], value["b"])
    assert decoded["c"] == np.float32(2.5) and isinstance(decoded["c"], np.float32)
    decoded["a"][0] = 7.0   # writable, and a copy of its own
    assert wire.decode(message["value"], buffers=received)["a"][0] == 0.0
