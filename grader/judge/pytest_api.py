"""The few pytest objects the judge uses, imported without `import pytest`.

`import pytest` imports every built-in plugin (about 150 ms); the judge blocks
the plugins it does not need, and pytest then never imports them. These are
the very objects pytest re-exports; tests/test_pytest_api.py checks that.
"""
from _pytest.config import ExitCode, hookimpl
from _pytest.config import main as pytest_main
from _pytest.fixtures import fixture
from _pytest.main import Session
from _pytest.outcomes import skip
from _pytest.reports import TestReport

__all__ = ["ExitCode", "Session", "TestReport", "fixture", "hookimpl", "pytest_main", "skip"]
