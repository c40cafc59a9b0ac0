"""`grade dev new` and `grade dev check` on a copy of the course, as a course author uses them."""
import hashlib

import pytest

from helpers import CHALLENGES, copy_course, run_grade

# The next number after the course's challenges, on a topic none of them has.
NUMBER = max(int(name.split("_")[1]) for name in CHALLENGES) + 1
NEW = f"challenge_{NUMBER}_recurrent"
# The author's own solution of the scaffolded example, written another way than the scaffold's.
SOLUTION = '''import numpy as np


class Activation_ReLU:
    def forward(self, inputs):
        self.output = np.where(inputs > 0, inputs, 0.0)
'''


@pytest.fixture
def course(tmp_path):
    return copy_course(tmp_path)


def _digests(folder):
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts}


def test_a_new_challenge_needs_its_folder_and_its_solution_and_nothing_else(course):
    before = _digests(course)
    created = run_grade("dev", "new", "recurrent", "--chapter", "23", "--title", "Recurrent layers", cwd=course)
    assert created.returncode == 0, created.stderr
    (course / "solutions" / NEW / "main.py").write_text(SOLUTION)

    # The whole course linted, and the new challenge graded: the others' files are unchanged (below), and
    # test_the_course_passes_dev_check grades their stubs and solutions.
    linted = run_grade("dev", "check", "--no-grading", cwd=course)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert f"{len(CHALLENGES) + 1} challenges linted." in linted.stdout
    checked = run_grade("dev", "check", "--challenge", NUMBER, cwd=course, timeout=600)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "1 challenge linted, every stub fails and every solution passes" in checked.stdout
    after = _digests(course)
    changed = {path for path in after if before.get(path) != after[path]}
    assert {path for path in changed if not path.startswith((f"challenges/{NEW}/", f"solutions/{NEW}/"))} \
        == {"README.md"}, "grade dev new edits nothing but the README's table of challenges"
    assert f"| {NUMBER} | `{NEW}` | 23 |" in (course / "README.md").read_text()
    listed = run_grade("list", cwd=course)
    assert listed.returncode == 0 and NEW in listed.stdout


def test_dev_check_names_the_challenge_and_the_reason_when_a_solution_stops_passing(course):
    solution = course / "solutions" / "challenge_3_activations" / "main.py"
    solution.write_text(solution.read_text().replace("1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(inputs))"))
    checked = run_grade("dev", "check", "--challenge", "3", cwd=course, timeout=600)
    assert checked.returncode == 1
    line, = [line for line in checked.stdout.splitlines() if line.startswith("solutions/challenge_3_activations/")]
    assert "the solution of challenge_3_activations does not pass sigmoid" in line
    assert "minus sign" in line, "the reason is the check's own message"


def test_dev_check_refuses_a_stub_that_passes_a_check(course):
    stub = course / "challenges" / "challenge_3_activations"
    solved = (course / "solutions" / "challenge_3_activations" / "main.py").read_text()
    for path in (stub / "main.py", stub / ".pristine" / "main.py"):
        path.write_text(solved + "\n# TODO: nothing left\n")
    checked = run_grade("dev", "check", "--challenge", "3", cwd=course, timeout=600)
    assert checked.returncode == 1
    assert "challenges/challenge_3_activations/main.py: the untouched stub of challenge_3_activations passes " \
           "sigmoid, sigmoid_any_shape" in checked.stdout


@pytest.mark.parametrize("arguments, words", [
    (["challenge_3_again", "--chapter", "4"], "Number 3 is taken by challenge_3_activations"),
    (["Convolution!", "--chapter", "4"], "is not a challenge name"),
    (["convolution", "--chapter", "four"], "is not a book chapter"),
    (["watching", "--chapter", "4"], "contains the command name 'watch'"),
    (["convolution", "--chapter", "23"], "share 'convolution', so `grade convolution` would name both"),
    (["attention_masks", "--chapter", "23"], "share 'attention', so `grade attention` would name both"),
    (["lleng", "--chapter", "23"], "share 'lleng', so `grade lleng` would name both"),
])
def test_dev_new_refuses_a_name_it_cannot_use_and_writes_nothing(course, arguments, words):
    before = _digests(course)
    refused = run_grade("dev", "new", *arguments, cwd=course)
    assert refused.returncode == 2 and words in refused.stderr
    assert _digests(course) == before

