"""Every solution and every untouched stub gives the JSON recorded in tests/golden/ (timing fields aside)."""
import json
import re

import pytest

from golden import GOLDEN, ROLES, comparable, golden_path
from helpers import CHALLENGES


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("challenge", CHALLENGES)
def test_the_result_is_the_recorded_one(graded_course, challenge, role):
    path = golden_path(challenge, role)
    if not path.is_file():
        pytest.skip(f"no golden result for {challenge} yet: python tests/golden.py {challenge} records it")
    expected = json.loads(path.read_text(encoding="utf-8"))
    actual = comparable(*graded_course(challenge, role))
    assert actual == expected, _differences(actual, expected, challenge)


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_each_check_of_the_stub_names_its_own_todo(challenge):
    """A check the untouched stub has not started says which TODO stops it: one its own title names, not that of
    another function its scenario happens to call first (split_heads in merge_heads' check)."""
    path = golden_path(challenge, "stub")
    if not path.is_file():
        pytest.skip(f"no golden result for {challenge} yet")
    for check in json.loads(path.read_text(encoding="utf-8"))["result"]["checks"]:
        named = re.match(r"Not started: (\S+) still raises", check["message"] or "")
        if named:
            assert any(part in check["name"] for part in named.group(1).split(".")), (check["id"], check["message"])


def test_every_golden_folder_names_a_challenge():
    stale = sorted(folder.name for folder in GOLDEN.iterdir() if folder.name not in CHALLENGES)
    assert not stale, f"tests/golden/ holds results of challenges that do not exist: delete {', '.join(stale)}"


def _differences(actual, expected, challenge):
    """What changed, check by check, and how to record the new results when the change is meant."""
    lines = []
    if actual["exit_status"] != expected["exit_status"]:
        lines.append(f"exit status {expected['exit_status']} -> {actual['exit_status']}")
    now, before = actual["result"], expected["result"]
    for key in sorted(set(now) | set(before) - {"checks"}):
        if key != "checks" and now.get(key) != before.get(key):
            lines.append(f"{key}: {before.get(key)!r} -> {now.get(key)!r}")
    checks_now = {check["id"]: check for check in now.get("checks", [])}
    checks_before = {check["id"]: check for check in before.get("checks", [])}
    for check_id in [*checks_before, *(i for i in checks_now if i not in checks_before)]:
        old, new = checks_before.get(check_id, {}), checks_now.get(check_id, {})
        for field in sorted(set(old) | set(new)):
            if old.get(field) != new.get(field):
                lines.append(f"{check_id}.{field}: {old.get(field)!r} -> {new.get(field)!r}")
    if list(checks_now) != list(checks_before) and set(checks_now) == set(checks_before):
        lines.append("the checks come in another order")
    return ("\n".join(lines) + f"\nIf this change is meant, record the results again and review the diff: "
            f"python tests/golden.py {challenge}")
