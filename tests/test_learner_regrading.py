"""`grade list` grades the learner's changed challenges together, and each exactly as `grade N` grades it."""
import json
import os
import select
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from grader.course import checks_of, load_challenges
from grader.judge.grading import grade
from grader.learner.regrading import grade_changed
from grader.sandbox import tree_removal, zygote
from helpers import copy_course, noted_calls, processes_marked, run_grade, solution, stub, with_limits
from planted_mistakes import PLANTED

SIGMOID_SIGN = next(replacements for challenge, replacements, check, *_ in PLANTED if check == "sigmoid")


def _write(course, files):
    for challenge, text in files.items():
        (course / "challenges" / challenge / "main.py").write_text(text, encoding="utf-8")


def _mixed_files():
    """A solution, a planted mistake, a started stub, a crash at import and a refused import, one challenge each."""
    planted = solution("challenge_3_activations").read_text()
    for old, new in SIGMOID_SIGN:
        planted = planted.replace(old, new, 1)
    return {
        "challenge_1_forward_pass": solution("challenge_1_forward_pass").read_text(),
        "challenge_3_activations": planted,
        "challenge_5_backprop": stub("challenge_5_backprop").read_text() + "\n# started\n",
        "challenge_2_shapes": "raise RuntimeError('boom')\n",
        "challenge_4_loss_debug": "import reference\n" + solution("challenge_4_loss_debug").read_text(),
    }


def test_challenges_graded_together_get_exactly_the_results_grade_n_gives(tmp_path):
    course = copy_course(tmp_path / "course")
    files = _mixed_files()
    _write(course, files)
    challenges = {challenge.name: challenge for challenge in load_challenges(course)}
    work = [(challenges[name], challenges[name].stub.resolve()) for name in files]
    together = grade_changed(course, work)
    assert set(together) == set(files)
    for challenge, submission in work:
        alone = grade(challenge, submission).to_dict()
        assert json.dumps(together[challenge.name].to_dict(), sort_keys=True) == json.dumps(alone, sort_keys=True), \
            challenge.name
    # What the mix must show, so that the comparison above compared something.
    assert together["challenge_1_forward_pass"].passed
    sigmoid = {check.id: check.status for check in together["challenge_3_activations"].checks}["sigmoid"]
    assert sigmoid == "failed" and not together["challenge_3_activations"].passed
    assert {check.status for check in together["challenge_2_shapes"].checks} <= {"error", "skipped"}
    assert together["challenge_4_loss_debug"].score == 0


def test_grade_list_shows_the_scores_grade_n_gives_and_remembers_them(tmp_path):
    course = copy_course(tmp_path / "course")
    files = _mixed_files()
    _write(course, files)
    listed = run_grade("list", "--json", cwd=course)
    assert listed.returncode == 0, listed.stderr[-2000:]
    rows = {row["challenge"]: row for row in json.loads(listed.stdout)["challenges"]}
    for challenge in files:
        completed = run_grade(challenge, "--json", cwd=course)
        assert completed.returncode in (0, 1), completed.stderr[-2000:]
        alone = json.loads(completed.stdout)
        assert (rows[challenge]["score"], rows[challenge]["max_score"]) == (alone["score"], alone["max_score"])
    assert rows["challenge_1_forward_pass"]["state"] == "done"
    assert rows["challenge_3_activations"]["state"] == "in progress"
    progress = json.loads((course / ".nnfs-grade" / "progress.json").read_text())
    assert set(files) <= set(progress["results"])


def test_grade_list_still_grades_where_the_sandbox_cannot_start(tmp_path):
    """A bwrap that always fails: the zygote cannot start, and each challenge is graded the grade N way,
    unconfined and saying so in its result, as grade N does."""
    failing = tmp_path / "bin" / "bwrap"
    failing.parent.mkdir()
    failing.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    failing.chmod(0o755)
    course = copy_course(tmp_path / "course")
    files = {name: solution(name).read_text() + "\n# mine\n" for name in ("challenge_1_forward_pass",
                                                                         "challenge_3_activations")}
    _write(course, files)
    # Workers started by bwrap, as where the kernel refuses the grader its own namespaces.
    env = {"PATH": f"{failing.parent}{os.pathsep}{os.environ['PATH']}", "NNFS_GRADE_SANDBOX": "bwrap"}
    listed = run_grade("list", "--json", cwd=course, env=env)
    assert listed.returncode == 0, listed.stderr[-2000:]
    states = {row["challenge"]: row["state"] for row in json.loads(listed.stdout)["challenges"]}
    assert all(states[name] == "done" for name in files)


# grade_changed in a fresh process, as `grade list` runs it: its zygotes are forked from a judge that holds no
# course code. Prints {"sandboxes": how many zygotes were ready, "results": {challenge: its result}}.
GRADE_CHANGED = """
import json, sys
from pathlib import Path

import numpy  # as `grade` does: the zygotes start with NumPy loaded

from grader.course import checks_of, load_challenges
from grader.learner.regrading import grade_changed
from grader.sandbox import zygote
from grader.sandbox import forked_zygote

course, names, workers = Path(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3])
ready = []
adopt = forked_zygote.ForkedZygotes.adopt
forked_zygote.ForkedZygotes.adopt = lambda self: ready.append(len(adopt(self))) or self.spawners
challenges = {challenge.name: challenge for challenge in load_challenges(course)}
results = grade_changed(course, [(challenges[name], challenges[name].stub.resolve()) for name in names], workers)
print(json.dumps({"sandboxes": ready, "results": {name: result.to_dict() for name, result in results.items()}}))
"""


def _graded_changed(course, names, workers):
    """(zygotes ready, {challenge: result as JSON text}) of grade_changed in a process of its own."""
    completed = subprocess.run([sys.executable, "-c", GRADE_CHANGED, str(course), ",".join(names), str(workers)],
                               cwd=course, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    said = json.loads(completed.stdout)
    return said["sandboxes"], {name: json.dumps(result, sort_keys=True) for name, result in said["results"].items()}


def test_challenges_graded_side_by_side_get_exactly_the_results_of_one_at_a_time(tmp_path):
    course = with_limits(copy_course(tmp_path / "course"), "challenge_6_optimizers", check_seconds=0.5)
    files = _mixed_files()
    files["challenge_6_optimizers"] = solution("challenge_6_optimizers").read_text() + (
        "\n\nclass Optimizer_SGD(Optimizer_SGD):\n    def update_params(self, layer):\n        while True:\n"
        "            pass\n")
    files["challenge_7_training"] = solution("challenge_7_training").read_text() + "\n# mine\n"
    files["challenge_11_random_search_and_derivatives"] = solution(
        "challenge_11_random_search_and_derivatives").read_text() + "\n# mine\n"
    _write(course, files)
    names = [challenge.name for challenge in load_challenges(course) if challenge.name in files]   # course order
    side_by_side_ready, side_by_side = _graded_changed(course, names, workers=3)
    one_ready, one_at_a_time = _graded_changed(course, names, workers=1)
    assert (side_by_side_ready, one_ready) == ([3], [1]), "the forked sandboxes could not be made here"
    assert side_by_side == one_at_a_time
    for challenge in load_challenges(course):
        if challenge.name in files:    # and as `grade N` grades it, with a worker of its own in bubblewrap
            alone = json.dumps(grade(challenge, challenge.stub.resolve()).to_dict(), sort_keys=True)
            assert side_by_side[challenge.name] == alone, challenge.name
    statuses = {name: {check["status"] for check in json.loads(text)["checks"]} for name, text in side_by_side.items()}
    assert statuses["challenge_7_training"] == statuses["challenge_11_random_search_and_derivatives"] == {"passed"}
    assert "timeout" in statuses["challenge_6_optimizers"]


# A learner's challenge 1 whose import, for 1.2 s, attacks whatever it can reach beyond its own folder: it
# fills the process table, writes into /tmp and /dev/shm, overwrites any file it finds there, and signals every
# process it can see.
ATTACKER = """
import os, signal, time

for folder in ("/tmp", "/dev/shm"):
    try:
        with open(os.path.join(folder, "attacker-was-here"), "w") as file:
            file.write("x")
    except OSError:
        pass   # refused: a worker writes to its own folder and /dev/shm only
for _ in range(40):
    try:
        if os.fork() == 0:
            os.execvp("sleep", ["sleep", "300", "MARKER"])
    except OSError:
        break
mine = os.path.realpath(os.getcwd())
until = time.monotonic() + 1.2
while time.monotonic() < until:
    for folder in ("/tmp", "/dev/shm"):
        for place, folders, names in os.walk(folder):
            # A folder it cannot write holds nothing another worker wrote: the sandbox's read-only view.
            folders[:] = [name for name in folders if os.access(os.path.join(place, name), os.W_OK)]
            if not os.path.realpath(place).startswith(mine):
                for name in names:
                    try:
                        with open(os.path.join(place, name), "w") as file:
                            file.write("raise SystemExit('overwritten')\\n")
                    except OSError:
                        pass
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) not in (os.getpid(), 1):
            try:
                os.kill(int(name), signal.SIGKILL)
            except OSError:
                pass
    time.sleep(0.01)
"""

# A learner's challenge 3 that, as it is imported, looks for 0.8 s for any sign of another learner's worker:
# a process it can see besides itself and the zygote, or a file in /tmp or /dev/shm it did not write. Files and
# folders it cannot write are the sandbox's read-only view (a checkout of the grader or a virtualenv that lies in
# /tmp, say), not a worker's: walking them each time would make its import's time depend on their size.
WITNESS = """
import os, time

def _others():
    mine = os.path.realpath(os.getcwd())
    processes = [name for name in os.listdir("/proc") if name.isdigit() and int(name) not in (os.getpid(), 1)]
    files = []
    for folder in ("/tmp", "/dev/shm"):
        for place, folders, names in os.walk(folder):
            folders[:] = [name for name in folders if os.access(os.path.join(place, name), os.W_OK)]
            files += [os.path.join(place, name) for name in names if not os.path.realpath(place).startswith(mine)
                      and os.access(os.path.join(place, name), os.W_OK)]
    return processes + files

until = time.monotonic() + 0.8
while time.monotonic() < until:
    if _others():
        raise RuntimeError(f"another worker is in reach: {_others()[:5]}")
    time.sleep(0.02)
"""


def _without_slow_import_notes(results):
    """{challenge: result as JSON text} without the notes that say how long importing the file took."""
    def kept(text):
        result = json.loads(text)
        result["notes"] = [note for note in result.get("notes", []) if not note.startswith("Importing your file took")]
        return result
    return {name: kept(text) for name, text in results.items()}


def test_workers_side_by_side_cannot_reach_each_other(tmp_path):
    """Two challenges of one learner graded at once: the first's code attacks everything it can reach while the
    second's runs, and the second's result is what it is when graded after the first has ended and its zygote
    has swept what it left. Nothing the first started outlives the run."""
    course = copy_course(tmp_path / "course")
    marker = f"nnfs-grade-side-by-side-{uuid.uuid4().hex}"
    files = {"challenge_1_forward_pass": ATTACKER.replace("MARKER", marker)
             + solution("challenge_1_forward_pass").read_text(),
             "challenge_3_activations": WITNESS + solution("challenge_3_activations").read_text()}
    _write(course, files)
    ready, side_by_side = _graded_changed(course, list(files), workers=2)
    assert ready == [2], "the forked sandboxes could not be made here"
    _, one_at_a_time = _graded_changed(course, list(files), workers=1)
    # The attacker's import runs 1.2 s of its own: on a busy machine one of the two runs may pass the 2 s after
    # which a note says how long importing took, and that note is about the machine, not the isolation.
    assert _without_slow_import_notes(side_by_side) == _without_slow_import_notes(one_at_a_time)
    witness = json.loads(side_by_side["challenge_3_activations"])
    assert witness["score"] == witness["max_score"], [check["message"] for check in witness["checks"]][:1]
    assert json.loads(side_by_side["challenge_1_forward_pass"])["score"] > 0
    assert not processes_marked(marker), "what the attacker started outlived the run"


# More hard links in the sandbox's /dev/shm than a sweep empties (zygote.MAX_SWEPT_ENTRIES): the zygote that forked
# this worker ends rather than fork the next one into what it left.
LEAVES_TOO_MUCH_TO_SWEEP = """import os as _os
_os.makedirs("/dev/shm/l", exist_ok=True)
open("/dev/shm/l/f", "w").close()
for _number in range(100_500):
    _os.link("/dev/shm/l/f", f"/dev/shm/l/{_number}")
"""


def test_a_zygote_that_ends_after_one_challenge_costs_the_next_challenge_nothing(tmp_path):
    """grade list forks each zygote once: a challenge whose worker leaves more than a sweep empties ends its zygote,
    and the challenges that would have been forked from it next are graded another way, as `grade N` grades them,
    never said to have crashed."""
    course = copy_course(tmp_path / "course")
    names = ["challenge_1_forward_pass", "challenge_2_shapes", "challenge_3_activations", "challenge_4_loss_debug"]
    files = {name: solution(name).read_text() + "\n# mine\n" for name in names}
    for name in ("challenge_1_forward_pass", "challenge_4_loss_debug"):   # the first each zygote forks a worker for
        files[name] = LEAVES_TOO_MUCH_TO_SWEEP + files[name]
    _write(course, files)
    ready, results = _graded_changed(course, names, workers=2)
    assert ready == [2], "the forked sandboxes could not be made here"
    for name in names:
        result = json.loads(results[name])
        assert result["score"] == result["max_score"], (name, [check["message"] for check in result["checks"]][:1])


def test_a_bare_grade_whose_zygote_ends_after_one_challenge_grades_the_next_as_it_is(tmp_path):
    """A bare grade grades the changed challenges on its way in one zygote forked as it starts: where the first
    one's worker leaves more than a sweep empties, the zygote ends, and the next is graded another way, never said
    to have crashed, nor remembered as failing."""
    course = copy_course(tmp_path / "course")
    names = ["challenge_1_forward_pass", "challenge_2_shapes"]
    _write(course, {name: (LEAVES_TOO_MUCH_TO_SWEEP if name == names[0] else "") + solution(name).read_text()
                    + "\n# mine\n" for name in names})
    completed = run_grade("--json", cwd=course)
    result = json.loads(completed.stdout)
    assert result["challenge"] == "challenge_3_activations", (result["challenge"], result["score"])
    remembered = json.loads((course / ".nnfs-grade" / "progress.json").read_text())["results"]
    assert all(remembered[name]["passed"] for name in names), remembered


def test_a_sweep_removes_what_a_worker_left_beside_what_the_sandbox_mounted_in_its_scratch_folder(tmp_path):
    """Python or the grader may lie under /tmp (a virtualenv made by mktemp), mounted read-only in the sandbox's own
    /tmp: the sweep leaves that mount unread, and removes everything else, in the folders leading to it too."""
    scratch = tmp_path / "tmp"
    installed = scratch / "tmp.x1 y" / "venv" / "lib"
    (installed / "numpy").mkdir(parents=True)
    (installed / "numpy" / "core.py").write_text("")
    for left in ("worker-1/out.npy", "tmp.x1 y/planted.py", "tmp.x1 y/venv/mine/deep.txt", "notes.txt"):
        (scratch / left).parent.mkdir(parents=True, exist_ok=True)
        (scratch / left).write_text("a worker's")
    (scratch / "link").symlink_to(installed)
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_bytes(b"22 1 0:21 / / rw - ext4 /dev/vda rw\n"
                          + f"31 22 0:30 / {scratch} rw - tmpfs tmpfs rw\n".encode()
                          + f"32 31 254:0 /venv/lib {installed} ro - ext4 /dev/vda ro\n".replace(" y/", "\\040y/").encode())
    mounted = zygote._read_mount_points(mountinfo)
    assert str(installed) in mounted and str(scratch) in mounted
    assert tree_removal.empty_folder(str(scratch), mounted)
    assert sorted(str(path.relative_to(scratch)) for path in scratch.rglob("*")) == [
        "tmp.x1 y", "tmp.x1 y/venv", "tmp.x1 y/venv/lib", "tmp.x1 y/venv/lib/numpy", "tmp.x1 y/venv/lib/numpy/core.py"]


def test_the_longest_computations_start_first_and_course_order_breaks_ties(tmp_path):
    from grader.learner.regrading import _longest_first

    challenges = load_challenges(copy_course(tmp_path / "course"))
    started = [challenge.name for challenge, _ in _longest_first((challenge, None) for challenge in challenges)]
    allowed = {challenge.name: challenge.limits.check_seconds for challenge in challenges}
    assert sorted(started, key=lambda name: -allowed[name]) == started
    assert started.index("challenge_7_training") < started.index("challenge_1_forward_pass")
    ties = [name for name in started if allowed[name] == allowed["challenge_1_forward_pass"]]
    assert ties == [challenge.name for challenge in challenges if challenge.name in ties]


def test_side_by_side_one_zygote_starts_with_the_shortest_so_the_judge_has_work_while_the_longest_compute(tmp_path):
    from grader.learner.regrading import _longest_first, _start_order

    challenges = load_challenges(copy_course(tmp_path / "course"))
    work = [(challenge, None) for challenge in challenges]
    longest = [challenge.name for challenge, _ in _longest_first(work)]
    for zygotes in (2, 3):
        started = [challenge.name for challenge, _ in _start_order(work, zygotes)]
        assert started[:zygotes - 1] == longest[:zygotes - 1] and started[zygotes - 1] == longest[-1]
        assert started[zygotes:] == longest[zygotes - 1:-1]
    assert _start_order(work, 1) == _longest_first(work)   # one at a time: nothing to judge meanwhile anyway
    assert _start_order(work[:2], 2) == _longest_first(work[:2])


def test_a_worker_is_caught_up_only_once_it_has_answered_everything_asked(tmp_path):
    """grade list judges the worker that has answered all it was asked: caught_up reads the replies a worker has
    sent and never waits for one it is still computing; judging then gets the very answers read."""
    from grader.limits import Limits
    from grader.sandbox.supervisor import Sandbox

    submission = tmp_path / "main.py"
    submission.write_text("import time\n\ndef slow():\n    time.sleep(3)\n    return 2\n")
    scenarios = tmp_path / "scenarios.py"
    scenarios.write_text("def quick(nn, rng):\n    return 1\n\n\ndef slow(nn, rng):\n    return nn.slow()\n")
    sandbox = Sandbox(Limits(check_seconds=10))
    try:
        sandbox.load(submission, [scenarios])
        sandbox.prefetch(["quick", "slow"])
        while True:
            assert not sandbox.caught_up(), "the slow scenario's reply was waited for"
            if ("quick", 0) in sandbox.answers:
                break
            select.select([sandbox.fileno()], [], [], 10)
        assert ("slow", 0) not in sandbox.answers and sandbox.learner_answer("quick")[0] == 1
        while not sandbox.caught_up():
            select.select([sandbox.fileno()], [], [], 10)
        assert ("slow", 0) in sandbox.answers and not sandbox.pending
        assert sandbox.learner_answer("slow")[0] == 2
    finally:
        sandbox.close()


# `grade list --json` as the console script runs it, in a process of its own: which files it had opened when it
# forked its first process (a zygote), written to the file named by the first argument.
OPENED_BEFORE_FORK = """
import json, sys

report, opened, at_fork = sys.argv.pop(1), [], []

def audit(event, args):
    if event == "open" and isinstance(args[0], str):
        opened.append(args[0])
    elif event == "os.fork" and not at_fork:
        at_fork.append(list(opened))

sys.addaudithook(audit)
sys.argv = ["grade", "list", "--json"]
from grader.cli.entry import _invoke

code = _invoke()
with open(report, "w") as file:
    json.dump({"code": code, "opened": at_fork[0] if at_fork else None}, file)
"""


def test_grade_list_forks_its_sandboxes_before_it_reads_the_checks(tmp_path):
    """The zygotes start as copies of the judge's memory: when they are forked, the judge has read of the course
    only the challenge.toml files and the learner's own (main.py, the stubs as shipped, the progress file)."""
    course = copy_course(tmp_path / "course")
    _write(course, {name: solution(name).read_text() + "\n# mine\n" for name in ("challenge_1_forward_pass",
                                                                                 "challenge_7_training")})
    report = tmp_path / "report.json"
    completed = subprocess.run([sys.executable, "-c", OPENED_BEFORE_FORK, str(report)], cwd=course,
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    said = json.loads(report.read_text())
    assert said["code"] == 0 and said["opened"] is not None, "no zygote was forked"
    course_files = [Path(path).resolve() for path in said["opened"] if Path(path).resolve().is_relative_to(course)]
    assert any(path.name == "challenge.toml" for path in course_files)
    assert [path for path in course_files if path.name not in ("challenge.toml", "main.py", "progress.json")] == []
    assert not any(path.parent.name == "solutions" for path in course_files)
    assert not any(Path(path).name.endswith(("spec.py", "scenarios.py", "answers.json"))
                   or "reference" in Path(path).parts for path in said["opened"])


@pytest.mark.parametrize("sandbox", ["forked", "bwrap"])
def test_grade_list_starts_its_forked_workers_before_it_loads_the_checks_and_others_after(tmp_path, sandbox):
    """A forked zygote's workers are confined: they load the learner's files while the judge loads the checks.
    bubblewrap's zygote starts once the course is loaded, as grades that count do."""
    course = copy_course(tmp_path / "course")
    _write(course, {name: solution(name).read_text() + "\n# mine\n" for name in (
        "challenge_1_forward_pass", "challenge_2_shapes", "challenge_7_training")})
    load, collect = "worker loads a learner's file", "judge loads checks"
    code, events = noted_calls(course, {"grader.sandbox.supervisor:Sandbox.load": load,
                                        "grader.judge.checks:CheckRunner.collect": collect},
                               ["list", "--json"], {"NNFS_GRADE_SANDBOX": sandbox})
    assert code == 0
    first = load if sandbox == "forked" else collect
    assert events[0] == first and events.count(load) == 3, events


def test_a_grade_list_with_nothing_changed_imports_no_checks(tmp_path):
    """The first grade list counts the points of the challenges not started by importing their checks, and
    remembers them: the next one, with nothing changed, runs no code of the course at all."""
    course = copy_course(tmp_path / "course")
    script = ("import sys\nfrom pathlib import Path\nfrom grader.course import "
              "load_challenges\nfrom grader.learner.overview import standings\ncourse = Path(sys.argv[1])\n"
              "rows = standings(course, load_challenges(course))\n"
              "print(len([name for name in sys.modules if name.startswith('_checks_')]), "
              "sum(row.max_score for row in rows))\n")
    runs = [subprocess.run([sys.executable, "-c", script, str(course)], cwd=course, capture_output=True, text=True,
                           timeout=300) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr[-2000:] + runs[1].stderr[-2000:]
    (first, points), (again, points_again) = (run.stdout.split() for run in runs)
    assert int(first) > 0 and int(again) == 0
    assert points == points_again and float(points) > 0


def test_a_not_started_challenges_points_come_from_its_checks_as_read_before_any_learners_code(tmp_path,
                                                                                                monkeypatch):
    """grade list counts a not-started challenge's points after grading the changed ones: from the text its
    spec file had before any learner's code ran, which an unconfined learner's code could have rewritten."""
    from grader.learner import overview, regrading
    from grader.learner.progress import Progress

    course = copy_course(tmp_path / "course")
    challenges = load_challenges(course)
    first, later = challenges[0], challenges[-1]
    (first.path / "main.py").write_text(solution(first.name).read_text())
    spec = later.path / "spec.py"
    original = spec.read_bytes()
    witness = tmp_path / "ran"

    def rewriting(root, changed, zygotes=None, seal=None, contents=None):
        # What an unconfined learner's code could do while it is graded.
        spec.write_text(f"open({str(witness)!r}, 'w').close()\n" + original.decode())
        return {challenge.name: grade(challenge, submission) for challenge, submission in changed}

    monkeypatch.setattr(regrading, "grade_changed", rewriting)
    rows = overview.standings(course, challenges, Progress(course))
    points = {row.challenge.name: row.max_score for row in rows}
    assert not witness.exists()
    assert spec.read_bytes() == original
    assert points[later.name] == sum(info.points for info in checks_of(later))
