"""Whatever the worker sends back, the judge answers with a Mismatch, never a traceback of its own."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader import expect
from grader.sandbox import wire

arrays = hnp.arrays(dtype=st.sampled_from([np.float64, np.float32, np.int64, np.uint8, np.bool_]),
                    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5),
                    elements={"allow_nan": True, "allow_infinity": True} if False else None)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | arrays,
    lambda children: st.lists(children, max_size=4) | st.tuples(children, children)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=10)


@settings(max_examples=300, deadline=None)
@given(values)
def test_any_returned_value_round_trips_and_is_judged(value):
    decoded = wire.decode(wire.parse_body(wire.frame({"value": wire.encode(value)})[4:])["value"])
    want = np.arange(6.0).reshape(2, 3)
    for compare in (lambda: expect.array(decoded, want, "self.output", samples=2),
                    lambda: expect.number(decoded, 1.5, "the loss"),
                    lambda: expect.unchanged(decoded, want, "dvalues", "Copy it."),
                    lambda: expect.gradient(decoded, want, "self.dinputs")):
        try:
            compare()
        except expect.Mismatch as mismatch:
            assert str(mismatch)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_garbage_from_the_worker_is_a_wire_error(data):
    try:
        message = wire.parse_body(data)
        wire.decode(message.get("value"))
    except wire.WireError:
        pass
