"""grader.judge.pytest_api imports pytest's objects from their private homes: they must be pytest's own."""
import pytest

from grader.judge import pytest_api


def test_the_objects_are_the_ones_pytest_exports():
    assert pytest_api.fixture is pytest.fixture
    assert pytest_api.hookimpl is pytest.hookimpl
    assert pytest_api.skip is pytest.skip
    assert pytest_api.ExitCode is pytest.ExitCode
    assert pytest_api.pytest_main is pytest.main
    assert pytest_api.TestReport is pytest.TestReport
    assert pytest_api.Session is pytest.Session
