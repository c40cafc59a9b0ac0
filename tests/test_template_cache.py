"""The report's compiled templates are kept in the grader's package (a planted entry elsewhere: test_untrusted_files),
and a cache folder that cannot be made changes nothing but the time."""
import pytest

from grader.sandbox import lockdown
from grader.sandbox.lockdown import landlock_abi
from grader.views import render

from helpers import run_grade, solution

CHALLENGE = "challenge_3_activations"


@pytest.fixture
def fresh_environments():
    render._environment.cache_clear()
    yield
    render._environment.cache_clear()


def _report(env):
    completed = run_grade(CHALLENGE, "--submission", solution(CHALLENGE), env=env)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_the_text_report_is_the_same_compiled_afresh_or_read_from_the_cache(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    first = _report(env)
    # Kept only where Landlock keeps every worker out of the package (grader.views.render._bytecode_cache).
    assert bool(list(render.TEMPLATE_CACHE.glob("*/__jinja2_*.cache"))) == (landlock_abi() > 0)
    assert not (tmp_path / "cache").exists()
    assert _report(env) == first


def test_a_cache_folder_that_cannot_be_made_does_not_stop_the_report(tmp_path, monkeypatch, fresh_environments):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(render, "TEMPLATE_CACHE", blocked / "templates")
    monkeypatch.setattr(lockdown, "landlock_abi", lambda: 7)
    environment = render.environment(autoescape=False)
    assert environment.bytecode_cache is None
    for name in environment.loader.list_templates():
        environment.get_template(name)


def test_a_template_compiled_to_escape_is_never_the_one_a_plain_text_environment_loads(tmp_path, monkeypatch,
                                                                                     fresh_environments):
    """The compiled code holds whether it escapes: an HTML page must never run code compiled for the terminal."""
    monkeypatch.setattr(render, "TEMPLATE_CACHE", tmp_path / "templates")
    monkeypatch.setattr(lockdown, "landlock_abi", lambda: 7)
    source = '{{ "<b>" }}'
    (tmp_path / "probe.j2").write_text(source)
    for autoescape in (False, True, False, True):
        render._environment.cache_clear()
        environment = render.environment(autoescape=autoescape)
        environment.loader.searchpath.append(str(tmp_path))
        rendered = environment.get_template("probe.j2").render()
        assert rendered == ("&lt;b&gt;" if autoescape else "<b>")
