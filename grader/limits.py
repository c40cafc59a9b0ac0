"""What one grading run allows the learner's code; a challenge may change each in its challenge.toml."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one grading run allows the learner's code."""

    check_seconds: float = 2.0   # wall time for one scenario call
    load_seconds: float = 5.0    # wall time for importing the learner's file
    run_seconds: float = 45.0    # wall time for all the learner's code in one run
    memory_mb: int = 1024        # address-space cap of the worker process
