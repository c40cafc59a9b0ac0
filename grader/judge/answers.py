"""The reference's answers, recorded, for a course that ships without the reference implementation.

The reference is a full solution of every challenge, so `grade release` does
not ship it. It ships, per challenge, answers.json: what the reference
returns for each scenario and seed the public checks ask for, encoded as the
worker encodes a learner's answers (grader.sandbox.wire) and decoded as strictly.
"""
import json

from grader.sandbox import wire

FILE_NAME = "answers.json"


class MissingAnswer(Exception):
    """A check asked for a scenario the recording does not hold: a fault in the release, not the learner's."""


class RecordingReference:
    """Wraps a ReferenceRunner and remembers every answer it gives."""

    def __init__(self, runner):
        self.runner = runner
        self.answers = {}

    def answer(self, scenario, seed):
        value = self.runner.answer(scenario, seed)
        self.answers[f"{scenario}/{seed}"] = wire.encode(value)
        return value


class RecordedReference:
    """Answers from a recording, in place of running the reference."""

    def __init__(self, path):
        self.answers = json.loads(path.read_text(encoding="utf-8"))["answers"]

    def answer(self, scenario, seed):
        try:
            encoded = self.answers[f"{scenario}/{seed}"]
        except KeyError:
            raise MissingAnswer(f"the course's recorded answers hold nothing for scenario {scenario} with seed "
                                f"{seed}; the release is incomplete, so tell your instructor.") from None
        return wire.decode(encoded)


def record(challenge, solution):
    """(the reference's answers to every scenario `challenge`'s checks ask for, the ids of the checks `solution`
    fails): grading the solution through the checks is what asks for exactly the scenarios needed."""
    from grader.judge.grading import grade, import_scenarios
    from grader.judge.plugin import ReferenceRunner

    recorder = RecordingReference(ReferenceRunner(import_scenarios(challenge), challenge.reference))
    result = grade(challenge, solution, figures=True, reference=recorder)
    return recorder.answers, [check.id for check in result.checks if check.status != "passed"]


def encoded(answers):
    """The bytes of an answers.json file holding `answers`."""
    return json.dumps({"answers": answers}, separators=(",", ":"), allow_nan=False).encode("utf-8")


def save(path, answers):
    path.write_bytes(encoded(answers))
