"""The worker's answers as plain data: framing, encoding and a strict decoder.

The worker encodes whatever a scenario returns into JSON-safe values; the judge
decodes them with `decode`, which only ever builds numbers, strings, lists,
dicts and plain numeric ndarrays. Nothing is unpickled or evaluated.

A frame is a 4-byte big-endian length and a body. The body is a JSON object,
optionally followed by a NUL byte and the raw bytes of the arrays it refers to
(`Buffers`): an answer's arrays cross the pipe as they lie in memory, not as
base64 text that both sides would spend milliseconds on. JSON as `frame` writes
it is ASCII with every control character escaped, so the first NUL ends it.
"""
import base64
import json
import math
import re
import struct

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
# A frame's JSON, its arrays' bytes apart: the book's scenarios send 15 kB and 900 values at most. json.loads
# makes tens of bytes of objects of each byte of "[{},{},...]", before any check of what they are.
MAX_JSON_BYTES = 4 * 1024 * 1024
MAX_JSON_VALUES = 200_000
MAX_ARRAY_ELEMENTS = 4_000_000
MAX_DIMENSIONS = 32     # NumPy 1's most (NPY_MAXDIMS); NumPy 2 allows 64
MAX_DEPTH = 20
MAX_ITEMS = 10_000
MAX_TEXT = 2_000

# Only plain numeric dtypes cross the boundary.
ALLOWED_DTYPES = frozenset(
    f"{order}{kind}{size}"
    for order in "<>|"
    for kind, sizes in (("b", (1,)), ("i", (1, 2, 4, 8)), ("u", (1, 2, 4, 8)), ("f", (2, 4, 8)))
    for size in sizes
)

_HEADER = struct.Struct(">I")


class WireError(Exception):
    """The other side sent something that is not a valid message."""


# --- framing ---------------------------------------------------------------

class Buffers:
    """The raw bytes of one message's arrays, in the order `encode` met them; `frame` sends them after its JSON."""

    def __init__(self):
        self.parts, self.size = [], 0

    def add(self, data):
        """Append `data` (bytes); returns its offset."""
        offset = self.size
        self.parts.append(data)
        self.size += len(data)
        return offset


def frame(message, buffers=None):
    body = _FRAME_ENCODER.encode(message).encode()
    if buffers is not None and buffers.parts:
        body = b"".join([body, b"\0", *buffers.parts])
    return _HEADER.pack(len(body)) + body


def parse_header(header):
    (length,) = _HEADER.unpack(header)
    if length > MAX_MESSAGE_BYTES:
        raise WireError(f"message of {length} bytes is larger than the limit")
    return length


def parse_frame(body):
    """(the message, the bytes of its arrays) of a frame's body; see `frame` and weighed_frame."""
    message, buffers, _ = weighed_frame(body)
    return message, buffers


def weighed_frame(body):
    """(the message, the bytes of its arrays, its weight) of a frame's body. The weight is about how many bytes the
    judge holds once it has parsed and decoded it: its own, and for each value of its JSON what a small object
    takes twice over, parsed and decoded (a nested sequence is most). Raises WireError where its JSON is larger than
    MAX_JSON_BYTES or holds more than MAX_JSON_VALUES values."""
    text, _, buffers = body.partition(b"\0")
    if len(text) > MAX_JSON_BYTES:
        raise WireError(f"the message's JSON of {len(text)} bytes is larger than the limit")
    # Every value but the first follows a comma or a colon: counting them bounds what json.loads would build.
    values = text.count(b",") + text.count(b":")
    if values > MAX_JSON_VALUES:
        raise WireError("the message's JSON holds more values than the limit")
    return parse_body(text), buffers, len(body) + 512 * values


def parse_body(body):
    try:
        text = body.decode("utf-8")
        if text.startswith("\ufeff"):
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)   # as json.loads
        message = _BODY_DECODER.decode(text)
        if _SURROGATE_ESCAPE.search(text):
            message = _with_surrogates_shown(message)
    except (UnicodeDecodeError, ValueError) as exc:
        raise WireError(f"message is not JSON: {str(exc)[:200]}") from None
    except RecursionError:
        raise WireError("message is nested too deeply") from None
    if not isinstance(message, dict):
        raise WireError("message is not a JSON object")
    return message


# JSON's escape of a UTF-16 surrogate. Alone (print("\ud800") in the learner's code), it decodes to a str that no
# UTF-8 output can hold: every report, page and JSON document would fail to be written.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _with_surrogates_shown(value):
    """`value` (parsed JSON) with each lone surrogate in its texts written as its escape, \\ud800."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, list):
        return [_with_surrogates_shown(item) for item in value]
    if isinstance(value, dict):
        return {_with_surrogates_shown(key): _with_surrogates_shown(item) for key, item in value.items()}
    return value


def _refuse_constant(name):
    # NaN and Infinity are not JSON; `encode` sends them as {"__float__": ...}, so a bare one was forged.
    raise ValueError(f"{name} is not a JSON value")


def _exact_int(text):
    """A JSON integer as encode writes one: within 2**53, where every integer is also a float. A larger one (which
    encode never writes) would make every float() the checks call on it overflow."""
    value = int(text)
    if not -2 ** 53 < value < 2 ** 53:
        raise ValueError(f"{text[:20]}... is out of range")
    return value


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):   # 1e999 parses as infinity
        raise ValueError(f"{text[:20]} is out of range")
    return value


# What json.dumps and json.loads would make anew for every frame, with these options: made once, since every
# scenario's answer is a frame each side handles.
_FRAME_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False)
_BODY_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_exact_int)


# --- encoding (runs in the worker) ----------------------------------------

def encode(value, depth=0, buffers=None):
    """Turn a scenario's return value into JSON-safe data, recording types. With `buffers` (Buffers), the arrays'
    bytes go there, to be framed with the message; else they are written in the data, as base64."""
    import numpy as np

    if depth > MAX_DEPTH:
        return {"__opaque__": "nested too deeply", "type": type(value).__name__}
    if isinstance(value, np.generic) or isinstance(value, np.ndarray):
        return _encode_array(np, value, buffers)
    if value is None or isinstance(value, (bool, str)):
        return value[:MAX_TEXT] if isinstance(value, str) else value
    if isinstance(value, int):
        plain = int.__int__(value)   # what a subclass's own __abs__ or __int__ says is not its value
        if -2 ** 53 < plain < 2 ** 53:
            return plain
        try:
            return encode(float(plain), depth, buffers)
        except OverflowError:
            return {"__float__": "inf" if plain > 0 else "-inf"}
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(float(value))}
    if isinstance(value, (list, tuple)):
        items = [encode(item, depth + 1, buffers) for item in list(value)[:MAX_ITEMS]]
        return {"__seq__": items, "type": "tuple" if isinstance(value, tuple) else "list",
                "length": len(value)}
    if isinstance(value, dict):
        return {"__dict__": {str(key)[:MAX_TEXT]: encode(item, depth + 1, buffers)
                             for key, item in list(value.items())[:MAX_ITEMS]}}
    return {"__opaque__": _safe_repr(value), "type": _type_name(value)}


def _encode_array(np, value, buffers):
    type_name = _type_name(value)
    # Look through subclasses: only the raw buffer is sent.
    array = np.ndarray.view(value, np.ndarray) if isinstance(value, np.ndarray) else np.asarray(value)
    if array.dtype.kind == "c":
        return {"__opaque__": "complex numbers", "type": type_name}
    if array.dtype.str not in ALLOWED_DTYPES:
        return {"__opaque__": f"an array of dtype {array.dtype}", "type": type_name,
                "shape": list(array.shape)}
    if array.size > MAX_ARRAY_ELEMENTS:
        return {"__opaque__": f"an array of {array.size} values (too large to compare)",
                "type": type_name, "shape": list(array.shape)}
    data = np.ndarray.tobytes(np.ascontiguousarray(array))
    described = {"dtype": array.dtype.str, "shape": list(array.shape), "type": type_name,
                 "scalar": isinstance(value, np.generic)}
    if buffers is not None:
        return {"__buffer__": [buffers.add(data), len(data)], **described}
    return {"__ndarray__": base64.b64encode(data).decode("ascii"), **described}


def _type_name(value):
    try:
        cls = type(value)
        return f"{cls.__module__}.{cls.__qualname__}" if cls.__module__ != "builtins" else cls.__qualname__
    except Exception:
        return "object"


def _safe_repr(value):
    try:
        return repr(value)[:MAX_TEXT]
    except BaseException:
        return "<an object whose repr failed>"


# --- decoding (runs in the judge) -----------------------------------------

class Opaque:
    """Something the worker returned that is not plain data."""

    def __init__(self, description, type_name, shape=None):
        self.description = description
        self.type_name = type_name
        self.shape = tuple(shape) if shape is not None else None

    def __repr__(self):
        return f"<{self.type_name}: {self.description}>"


class Sequence(list):
    """A list or tuple returned by the learner, remembering which it was."""

    __slots__ = ("type_name",)   # no __dict__ of its own: a reply may hold many

    def __init__(self, items, type_name):
        super().__init__(items)
        self.type_name = type_name


def decode(data, depth=0, buffers=b"", _left=None):
    """Rebuild plain values from `encode`'s output, its arrays' bytes in `buffers`; reject anything else.

    Each byte of `buffers` makes at most one array's: `encode` gives every array bytes of its own, and arrays that
    all named the same bytes would each be copied, gigabytes out of one frame."""
    import numpy as np

    _left = [len(buffers)] if _left is None else _left
    if depth > MAX_DEPTH + 1:
        raise WireError("value is nested too deeply")
    if isinstance(data, str):
        return data[:MAX_TEXT]     # `encode` never sends more; the judge does not take more either
    if data is None or isinstance(data, (bool, int, float)):
        return data
    if isinstance(data, list):
        raise WireError("bare JSON list in a value")
    if not isinstance(data, dict):
        raise WireError(f"unexpected JSON value {type(data).__name__}")
    if "__ndarray__" in data or "__buffer__" in data:
        return _decode_array(np, data, buffers, _left)
    if "__float__" in data:
        text = data["__float__"]
        if text not in ("nan", "inf", "-inf"):
            raise WireError(f"bad float {text!r}")
        return float(text)
    if "__seq__" in data:
        items = data["__seq__"]
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise WireError("bad sequence")
        type_name = data.get("type") if data.get("type") in ("list", "tuple") else "list"
        return Sequence([decode(item, depth + 1, buffers, _left) for item in items], type_name)
    if "__dict__" in data:
        items = data["__dict__"]
        if not isinstance(items, dict) or len(items) > MAX_ITEMS:
            raise WireError("bad mapping")
        return {str(key)[:MAX_TEXT]: decode(item, depth + 1, buffers, _left) for key, item in items.items()}
    if "__opaque__" in data:
        shape = data.get("shape")
        if shape is not None and not (isinstance(shape, list) and all(isinstance(n, int) for n in shape)):
            shape = None
        # Both are said in messages, where a line break would print as a line of the report's own.
        return Opaque(one_line(str(data["__opaque__"])[:MAX_TEXT]), one_line(str(data.get("type", "object"))[:200]),
                      shape)
    raise WireError("unknown tagged value")


def one_line(text):
    """`text` on one line: its line breaks as the escapes \\r and \\n (views escape every other control character)."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _decode_array(np, data, buffers, left):
    dtype, shape = data.get("dtype"), data.get("shape")
    if dtype not in ALLOWED_DTYPES:
        raise WireError(f"dtype {dtype!r} is not allowed")
    if not (isinstance(shape, list) and len(shape) <= MAX_DIMENSIONS
            and all(isinstance(n, int) and 0 <= n for n in shape)):
        raise WireError("bad array shape")
    # The sides that are not zero too: NumPy refuses an empty array whose other sides multiply past its index type.
    if math.prod(n for n in shape if n) > MAX_ARRAY_ELEMENTS:
        raise WireError("array is too large")
    count = math.prod(shape)
    dtype = np.dtype(dtype)
    if "__buffer__" in data:
        offset, size = _place(data["__buffer__"], len(buffers))
        if size > left[0]:
            raise WireError("the arrays name more bytes than the message holds")
        left[0] -= size
        raw = memoryview(buffers)[offset:offset + size]
    else:
        try:
            raw = base64.b64decode(data["__ndarray__"], validate=True)
        except (ValueError, TypeError):
            raise WireError("array data is not base64") from None
    if len(raw) != count * dtype.itemsize:
        raise WireError("array data does not match its shape")
    # A copy: writable, and not holding on to the whole message.
    try:
        array = np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    except (ValueError, TypeError) as exc:    # whatever else NumPy finds wrong with a forged shape
        raise WireError(f"bad array ({exc})") from None
    if data.get("scalar") is True and array.shape == ():
        return array[()]
    return array


def _place(place, available):
    """(offset, size) of an array's bytes among the `available` bytes after the message's JSON."""
    if not (isinstance(place, list) and len(place) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in place)):
        raise WireError("bad array reference")
    offset, size = place
    if offset + size > available:
        raise WireError("array data lies outside the message")
    return offset, size
