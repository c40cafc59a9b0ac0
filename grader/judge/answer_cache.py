"""The reference's answers kept in a course checkout, so that a challenge that trains is trained once, not at
every `grade`.

A checkout computes the reference's answers (grader.judge.plugin.ReferenceRunner); a release ships them
(grader.judge.answers). The learner's own commands keep what they computed in `.nnfs-grade/answers/`, one
file per challenge, encoded as a release's are, under a key that changes with everything the answers depend
on: the challenge's check files and the grader's and the reference's code (course.checks_version), NumPy's
version, and the processor's features NumPy uses (a training run's last digits differ with and without
AVX). Grades that count (`--require-confinement`, `grade report`, the autograders) never read it: a learner
could commit one.
"""
import functools
import json
import platform

from grader.course import checks_version, replace_file, state_folder
from grader.judge.seal import read_or_none
from grader.sandbox import wire

FOLDER = "answers"


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
            try:
                return wire.decode(self.known[name])
            except wire.WireError:
                del self.known[name]   # a damaged file: computed again, and written again whole
        value = self.runner.answer(scenario, seed)
        try:
            self.new[name] = wire.encode(value)
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
            replace_file(self.path, json.dumps({"key": self.key, "answers": answers},
                                               separators=(",", ":")).encode("utf-8"))
        except OSError:
            return
        self.known, self.new = answers, {}


def cached_reference(runner, challenge, state, sealed=None):
    """`runner` behind the cache of `challenge`'s answers in `state` (the course's .nnfs-grade); `sealed`: see
    grader.course.checks_version."""
    key = "/".join([checks_version(challenge, sealed), _numpy_build()])
    return CachedReference(runner, state / FOLDER / f"{challenge.name}.json", key)


def _numpy_build():
    import numpy

    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:
        features = {}
    return ",".join([numpy.__version__, platform.machine(), *sorted(name for name, on in features.items() if on)])


def _parsed(data, key):
    """The answers stored in `data` (a cache file's bytes, or None) under `key`; none for another key."""
    try:
        stored = json.loads(data.decode("utf-8")) if data is not None else None
    except ValueError:
        return {}
    if not isinstance(stored, dict) or stored.get("key") != key or not isinstance(stored.get("answers"), dict):
        return {}
    return stored["answers"]
