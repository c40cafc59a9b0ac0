"""The report's compiled templates are kept in the user's cache folder, and a cache folder that cannot be made
changes nothing but the time."""
from grader.sandbox.lockdown import landlock_abi

from helpers import run_grade, solution

CHALLENGE = "challenge_3_activations"


def _report(env):
    completed = run_grade(CHALLENGE, "--submission", solution(CHALLENGE), env=env)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_the_text_report_is_the_same_compiled_afresh_or_read_from_the_cache(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    first = _report(env)
    # Kept only where Landlock keeps every worker out of the cache folder (grader.views.render._bytecode_cache).
    kept = list((tmp_path / "cache" / "nnfs-grade" / "templates").glob("__jinja2_*.cache"))
    assert bool(kept) == (landlock_abi() > 0)
    assert _report(env) == first


def test_a_cache_folder_that_cannot_be_made_does_not_stop_the_report(tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    assert "All" in _report({"XDG_CACHE_HOME": str(blocked), "NO_COLOR": "1"})
