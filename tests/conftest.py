import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

import golden  # noqa: E402

# CI explores the same examples every run, so a red build is always reproducible.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def graded_course():
    """graded_course(challenge, "solution" or "stub") -> (exit status, JSON result), graded once per session."""
    results = {}

    def graded(challenge, role):
        if (challenge, role) not in results:
            results[challenge, role] = golden.graded(challenge, role)
        return results[challenge, role]

    return graded
