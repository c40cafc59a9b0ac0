"""What a worker is asked to load for a grading: the learner's file, the challenge's scenarios as the seal read them,
and the stub as shipped, whose names the checks look for."""
import inspect
import types
from pathlib import Path

from grader.modules import import_path


def shipped_stub(challenge):
    """The bytes of the challenge's stub as shipped (.pristine/main.py); None where there is none (main.py may be
    the learner's by then) or it is not a plain file a submission could be (a pipe there is never waited on)."""
    from grader.judge.submission import SubmissionRefused, read_submission

    try:
        return read_submission(challenge.pristine)
    except SubmissionRefused:
        return None


def ask_to_load(sandbox, challenge, submission, seal, stub, content=None):
    """Have the worker of `sandbox` import the learner's file `submission` (`content`: its bytes, if read already),
    with the challenge's scenarios as `seal` read them where there is one (not from disk as it is now: the
    learner's code may have run since); `stub`: shipped_stub(challenge)."""
    sandbox.load(submission, challenge.scenario_files, sealed=seal.files if seal else None,
                 compiled=seal.code if seal else None, stub=stub, content=content)


def load_ahead(sandbox, challenge, submission, seal, content, scenarios=()):
    """Have the worker of `sandbox` (a Sandbox, or a grader.sandbox.forked.LateSandbox to call) load the learner's
    .py file `submission`, whose bytes are `content`, now, where it is confined: its code cannot change what the
    judge reads from then on, and it computes while the judge loads the course. `seal`: the course's seal, holding
    the challenge's files so far; `scenarios`: the names of those it then runs at once (scenario_names). An
    unconfined worker, or one whose sandbox is still being made, loads once the course has (grader.judge.grading),
    and a notebook (`content` None) once it is made a file."""
    if content is None or (callable(sandbox) and not sandbox.ready()):
        return      # a sandbox still being made is not waited for: the judge goes on reading the course
    sandbox = sandbox() if callable(sandbox) else sandbox
    if sandbox.spawner.sandboxed and not sandbox.asked_to_load:
        ask_to_load(sandbox, challenge, Path(submission).resolve(), seal, shipped_stub(challenge), content)
        sandbox.prefetch(scenarios)


def import_scenarios(challenge):
    """The challenge's scenarios, public and hidden, as one namespace."""
    merged = types.SimpleNamespace(names=[])
    for path in challenge.scenario_files:
        module = import_path(f"_scenarios_{challenge.name}_{path.stem}", path)
        for name, value in vars(module).items():
            if not name.startswith("_") and inspect.isfunction(value) and value.__module__ == module.__name__:
                setattr(merged, name, value)
                merged.names.append(name)
    return merged


def scenario_names(scenarios, figures):
    """The scenarios a challenge defines, in the order its files define them; figure_* only if asked for."""
    return [name for name in scenarios.names if figures or not name.startswith("figure_")]
