"""The judge plugin's pytest hooks, for the spec files that pytest itself runs (grader.judge.grading.run_spec_files).

The plain checks (grader.judge.checks) need none of this, so neither `grade` nor `grade list` imports pluggy for them.
"""
from pathlib import Path

from pluggy import HookimplMarker

from grader.expect import Mismatch
from grader.sandbox.supervisor import LearnerFailure

# The marker pytest.hookimpl is (pluggy marks pytest's hooks with it), without importing pytest.
hookimpl = HookimplMarker("pytest")


class JudgeHooks:
    """pytest's side of a grader.judge.plugin.JudgePlugin: collection, set-up and reports, told to the plugin."""

    def __init__(self, plugin):
        self.plugin = plugin

    @hookimpl
    def pytest_collection_modifyitems(self, items):
        self.plugin.collected({id(item.module): item.module for item in items}.values())

    @hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        from grader.judge.pytest_api import skip

        reason = self.plugin.before_check(_info(item))
        if reason is not None:
            skip(reason)

    @hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item, call):
        """A failure of the learner's code needs no traceback of the spec; pytest's costs more than the check."""
        from grader.judge.pytest_api import TestReport

        if call.excinfo is None or not isinstance(call.excinfo.value, (Mismatch, LearnerFailure)):
            return None
        return TestReport(item.nodeid, item.location, dict.fromkeys(item.keywords, 1), "failed",
                          str(call.excinfo.value), call.when, duration=call.duration, start=call.start,
                          stop=call.stop)

    @hookimpl(hookwrapper=True, specname="pytest_runtest_makereport")
    def pytest_runtest_makereport_record(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if call.when == "call" or (call.when == "setup" and not report.passed):
            error = None if report.passed or report.skipped else call.excinfo.value
            self.plugin.record(_info(item), error, _skip_reason(report) if report.skipped else None,
                               check=item.function if call.when == "call" else None)


def _info(item):
    return item.function.check_info


def _skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = longrepr[2]
        return reason[len("Skipped: "):] if reason.startswith("Skipped: ") else reason
    return str(longrepr)


class BatchHooks:
    """pytest's side of a grader.judge.batch.BatchSession whose spec files pytest runs: the collected items kept per
    challenge, and the jobs served from pytest's run loop."""

    def __init__(self, session):
        self.session = session

    @hookimpl
    def pytest_collectreport(self, report):
        if report.failed:
            self.session.uncollected.add(Path(report.nodeid.split("::")[0]).parent.name)

    @hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        # This loop replaces pytest's, which would stop at a spec file that failed to collect: a challenge with
        # one gets no items, so that it is refused as a fault of the course rather than judged by half its checks.
        for item in session.items:
            if Path(item.path).parent.name not in self.session.uncollected:
                self.session.checks.setdefault(Path(item.path).parent.name, []).append(item)
        self.session.serve_jobs()
        return True
