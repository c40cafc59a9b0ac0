"""The `run` fixture, for pytest runs of the checks (imports pytest; the learner's `grade` does not need it)."""
from grader.judge.pytest_api import fixture


class RunFixture:
    """Serves spec files the `run` of a JudgePlugin: run(scenario, seed=0) -> (learner's value, reference's value)."""

    def __init__(self, judge_plugin):
        self.judge_plugin = judge_plugin

    @fixture(name="run")
    def scenario_pair(self, request):
        return self.judge_plugin.run_for(request.node.function.check_info)
