"""The reference's answers kept in a course checkout, so that a challenge that trains is trained once, not at
every `grade`.

A checkout computes the reference's answers (grader.judge.plugin.ReferenceRunner); a release ships them
(grader.judge.answers). The learner's own commands keep what they computed in `.nnfs-grade/answers/`, one
file per challenge, each answer encoded as the worker frames a learner's (grader.sandbox.wire), its arrays' bytes
after the file's JSON rather than in it as base64 (a third larger, and slower to decode at every `grade`), under a
key that changes with everything the answers depend on: the challenge's check files and the grader's and the
reference's code (course.checks_version), NumPy's version, and the processor's features NumPy uses (a training
run's last digits differ with and without AVX). Grades that count (`--require-confinement`, `grade report`, the
autograders) never read it: a learner could commit one.
"""
import functools
import json
import platform

from grader.course import checks_version, replace_file, state_folder
from grader.judge.seal import read_or_none
from grader.sandbox import wire

FOLDER = "answers"
SUFFIX = ".answers"


class CachedReference:
    """Answers from the checkout's cache where it has them, else computed by `runner` and added to it."""

    def __init__(self, runner, path, key):
        self.runner, self.path, self.key = runner, path, key
        # Read now, before any learner's code runs; parsed when first looked into, so that grade list's first
        # worker does not wait for the caches of every challenge it grades to be parsed.
        self.stored, self.new = read_or_none(path), {}

    @functools.cached_property
    def known(self):
        return _parsed(self.stored, self.key)

    def answer(self, scenario, seed):
        name = f"{scenario}/{seed}"
        if name in self.known:
            encoded, arrays = self.known[name]
            try:
                return wire.decode(encoded, buffers=arrays)
            except wire.WireError:
                del self.known[name]   # a damaged file: computed again, and written again whole
        value = self.runner.answer(scenario, seed)
        try:
            self.new[name] = entry(value)
        except (TypeError, ValueError, wire.WireError):
            pass   # an answer the wire format cannot carry is computed each time
        return value

    def covers(self, scenarios, seed=0):
        """Whether it holds the answer of each of these scenarios with this seed."""
        return all(f"{scenario}/{seed}" in self.known for scenario in scenarios)

    def save(self):
        """Write the answers computed since they were read, with the others; a write that fails loses nothing."""
        if not self.new:
            return
        answers = {**self.known, **self.new}
        try:
            state_folder(self.path.parents[2], FOLDER)   # self.path is <course>/.nnfs-grade/answers/<file>
            # Whole, even while another `grade` writes the same file.
            replace_file(self.path, file_bytes(self.key, answers))
            # The JSON file of an earlier version of the grader, which held the arrays as base64.
            self.path.with_suffix(".json").unlink(missing_ok=True)
        except OSError:
            return
        self.known, self.new = answers, {}


def cached_reference(runner, challenge, state, sealed=None):
    """`runner` behind the cache of `challenge`'s answers in `state` (the course's .nnfs-grade); `sealed`: see
    grader.course.checks_version."""
    key = "/".join([checks_version(challenge, sealed), _numpy_build()])
    return CachedReference(runner, state / FOLDER / f"{challenge.name}{SUFFIX}", key)


def _numpy_build():
    import numpy

    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:
        features = {}
    return ",".join([numpy.__version__, platform.machine(), *sorted(name for name, on in features.items() if on)])


def entry(value):
    """(`value` as wire.encode gives it, the bytes of its arrays): one answer as a cache file keeps it."""
    arrays = wire.Buffers()
    return wire.encode(value, buffers=arrays), b"".join(arrays.parts)


def file_bytes(key, answers):
    """The bytes of a cache file holding `answers` ({name: entry}) under `key`: its JSON, {"key": key, "answers":
    {name: [encoded value, offset, size]}}, a NUL byte (JSON escapes any in its strings), then the bytes of every
    answer's arrays, each answer's at its offset."""
    placed, parts, offset = {}, [], 0
    for name, (encoded, arrays) in answers.items():
        placed[name] = [encoded, offset, len(arrays)]
        parts.append(arrays)
        offset += len(arrays)
    head = json.dumps({"key": key, "answers": placed}, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return b"".join([head, b"\0", *parts])


def read_file(data):
    """(key, {name: entry}) of a cache file's bytes (file_bytes), each entry's arrays a view of `data`; (None, {})
    for bytes that are none. An answer whose place is not in the file is left out, to be computed again."""
    end = data.find(b"\0") if data is not None else -1
    try:
        stored = json.loads(data[:end].decode("utf-8")) if end >= 0 else None
    except ValueError:
        return None, {}
    if not isinstance(stored, dict) or not isinstance(stored.get("answers"), dict):
        return None, {}
    arrays = memoryview(data)[end + 1:]
    answers = {}
    for name, place in stored["answers"].items():
        if isinstance(place, list) and len(place) == 3 and all(
                type(number) is int and number >= 0 for number in place[1:]) and sum(place[1:]) <= len(arrays):
            answers[name] = (place[0], arrays[place[1]:place[1] + place[2]])
    return stored.get("key"), answers


def _parsed(data, key):
    """The answers stored in `data` (a cache file's bytes, or None) under `key`; none for another key."""
    stored_key, answers = read_file(data)
    return answers if stored_key == key else {}
