"""`grade report` over a class: every output, the right scores, honest rows, a gradebook that remembers."""
import collections
import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from markupsafe import escape

from grader.sandbox import confinement, lockdown

from classroom import HANG, SEED, build_class, planted_learner, roster_digest, write_learner
from helpers import (COURSE_ORDER, ROOT, alive, copy_course, grade_json, invoke, judged, processes_carrying,
                     rendered_dom, run_grade, screenshot, shipped_course, solution, with_limits)

# Two learners of the roster, each with one planted mistake: a transposed dweights, a sigmoid's lost minus sign.
TRANSPOSED = planted_learner("dense_backward_dweights", "transpose")
MINUS_SIGN = planted_learner("sigmoid", "minus sign")

# Kills the grading process that judges it: the learner's worker is forked by a zygote the judge started.
KILLS_THE_GRADER = """import os, signal
def parent_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])
os.kill(parent_of(os.getppid()), signal.SIGKILL)
"""


# Every process of this module's reports carries this variable, so that other reports on the machine are not ours.
MARK = f"NNFS_GRADE_TEST_{uuid.uuid4().hex}"


def _report(roster, out, *extra, cwd=ROOT, processes=1):
    """`grade report` of the SEED challenges; in one grading process unless told: a second costs the start of a
    Python, a course and NumPy, which the class of the `report` fixture pays to be graded in two."""
    return run_grade("report", roster, "--out", out, "-j", str(processes),
                     *[arg for n in SEED for arg in ("--challenge", n)], *extra, cwd=cwd, timeout=600, env={MARK: "1"})


def _graded_now(completed):
    return int(re.search(r"(\d+) graded now", completed.stderr).group(1))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    roster = folder / "roster"
    expected = build_class(roster)
    write_learner(roster, "kills-grader", {f"challenges/{SEED[0]}/main.py": KILLS_THE_GRADER.encode(),
                                           f"challenges/{SEED[1]}/main.py": solution(SEED[1]).read_bytes()}, False)
    # Confined, the worker cannot see the grading process, let alone kill it: the file earns nothing.
    killed = ("zero",) if confinement.confined(thorough=True) else ("problem", "grading process was killed")
    expected["kills-grader"] = {c: killed if c == SEED[0] else
                                ("full",) if c == SEED[1] else ("problem", "no submission") for c in SEED}
    # A child that detaches (a process group of its own: seccomp refuses a session) and outlives the grading of
    # its learner: it must not outlive the report.
    detaches = "import subprocess\nsubprocess.Popen(['sleep', '600'], process_group=0)\n"
    write_learner(roster, "leaves-a-child", {
        f"challenges/{SEED[2]}/main.py": (detaches + solution(SEED[2]).read_text()).encode()}, False)
    expected["leaves-a-child"] = {name: ("full",) if name == SEED[2] else ("problem", "no submission")
                                  for name in SEED}
    # Kills the warm process its worker was forked from: the next submissions need a new one.
    kills_parent = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
    write_learner(roster, "kills-zygote", {f"challenges/{name}/main.py": (kills_parent + solution(name).read_text())
                                           .encode() for name in SEED}, False)
    # Landlock's signal scoping refuses the kill (an error at import); without it, the zygote is replaced.
    expected["kills-zygote"] = {name: ("zero",) if lockdown.landlock_abi() >= 6 else ("full",) for name in SEED}
    # Rigs NumPy in its own worker; the learners graded after it in the same process must not notice.
    rigs = "import numpy\nnumpy.exp = lambda x: x * 0\n"
    write_learner(roster, "aaa-rigs-numpy", {f"challenges/{SEED[2]}/main.py": (rigs + solution(SEED[2]).read_text())
                                             .encode()}, False)
    expected["aaa-rigs-numpy"] = {name: ("planted", "sigmoid", "") if name == SEED[2] else
                                  ("problem", "no submission") for name in SEED}
    # A crash and a hang at import: nothing ran, which is not the same as a wrong answer.
    write_learner(roster, "crashes-at-import", {f"challenges/{SEED[2]}/main.py": b"raise RuntimeError('boom')\n"},
                  False)
    expected["crashes-at-import"] = {name: ("zero",) if name == SEED[2] else ("problem", "no submission")
                                     for name in SEED}
    write_learner(roster, "hangs-at-import", {f"challenges/{SEED[2]}/main.py": b"while True:\n    pass\n"}, False)
    expected["hangs-at-import"] = {name: ("zero",) if name == SEED[2] else ("problem", "no submission")
                                   for name in SEED}
    for odd in ("=SUM(A1)", "<b>bold"):
        write_learner(roster, odd, {f"challenges/{name}/main.py": solution(name).read_bytes() for name in SEED}, False)
        expected[odd] = {name: ("full",) for name in SEED}
    before = roster_digest(roster)
    out = folder / "out"
    # hangs-at-import spins until the import's limit, loops-forever until its check's: short ones, in a copy of the
    # course, spin less.
    course = with_limits(copy_course(folder / "course"), SEED[2], load_seconds=3.0)
    with_limits(course, HANG[0], check_seconds=0.5)
    completed = _report(roster, out, cwd=course, processes=2)
    return {"folder": folder, "roster": roster, "out": out, "expected": expected, "before": before,
            "completed": completed, "course": course}


def _results(report):
    return {learner["learner"]: learner for learner in json.loads((report["out"] / "results.json").read_text())["learners"]}


def test_the_report_writes_every_output(report):
    completed, out = report["completed"], report["out"]
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert len(report["expected"]) >= 40
    for name in ("index.html", "grades.csv", "results.json", "gradebook.sqlite"):
        assert (out / name).is_file(), name
    assert len(list((out / "learners").glob("*.html"))) == len(report["expected"])
    assert not (out / ".staging").exists()
    # A moment any reader places, whatever the zone of the machine that wrote it.
    generated = datetime.fromisoformat(json.loads((out / "results.json").read_text())["generated"])
    assert generated.utcoffset() == timedelta(0) and abs(datetime.now(timezone.utc) - generated) < timedelta(hours=1)
    assert not set(processes_carrying("NNFS_GRADE_POOL")) & set(processes_carrying(MARK)), \
        "grading processes or workers were left behind"


def _started(pid):
    """(parent, start time) of process `pid`, or None where it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), fields[19]


def _groups_named_after(pids):
    """The control groups on the machine named after one of `pids` (confinement.ControlGroup's names)."""
    root = confinement.CGROUP_ROOT
    return [folder for pid in pids for folder in [*(root / "memory" / confinement.CGROUP_GROUP).glob(f"{pid}-*"),
                                                  *(root / "pids" / confinement.CGROUP_GROUP).glob(f"{pid}-*"),
                                                  *(root / "cpu").glob(f"{confinement.CGROUP_GROUP}-{pid}-*")]]


def test_a_finished_report_leaves_no_control_group_and_no_process_of_its_own(tmp_path):
    """Each grading process, told that no job is coming, ends its zygote and removes the groups it made, named after
    its pid; nothing the report started runs on once it has exited, and nothing its grading processes started is
    left for init to reap."""
    if "cgroup" not in confinement.in_force():
        pytest.skip("this machine gives the grader no control groups")
    roster = tmp_path / "roster"
    for learner in ("ada", "bo"):
        write_learner(roster, learner, {f"challenges/{SEED[0]}/main.py": solution(SEED[0]).read_bytes()}, False)
    value = uuid.uuid4().hex
    with open(tmp_path / "stderr", "w") as stderr:
        run = subprocess.Popen([sys.executable, "-m", "grader", "report", roster, "--out", tmp_path / "out", "-j", "2",
                                "--challenge", SEED[0]], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr,
                               env=dict(os.environ, **{MARK: value}))
        seen, groups = {}, set()    # pid -> (parent, start time) of every process of the run; the groups named after
        while run.poll() is None:
            # The run's processes carry the variable; its sandboxes' do not, but are born of them.
            ours = set(processes_carrying(MARK, value)) | set(seen)
            started = {int(entry.name): _started(entry.name) for entry in Path("/proc").iterdir()
                       if entry.name.isdigit()}
            while True:
                born = {pid for pid, known in started.items() if known and known[0] in ours} - ours
                if not born:
                    break
                ours |= born
            seen.update({pid: started[pid] for pid in ours if started.get(pid) and pid not in seen})
            groups.update(_groups_named_after(seen))
            time.sleep(0.02)
    assert run.returncode == 0, (tmp_path / "stderr").read_text()[-3000:]
    assert groups, "the run made no control group: nothing was tested"
    assert not _groups_named_after(seen), "control groups of the run's grading processes were left behind"
    left = [pid for pid, (_, start) in seen.items() if alive(pid) and (_started(pid) or (0, None))[1] == start]
    assert not left, f"processes of the run were left running: {left}"
    # The grading processes are those the groups are named after; what they started, each waited for.
    graders = {int(re.match(r"(?:nnfs-grade-)?(\d+)-", group.name).group(1)) for group in groups}
    beneath = set(graders)
    while True:
        born = {pid for pid, (parent, _) in seen.items() if parent in beneath} - beneath
        if not born:
            break
        beneath |= born
    unreaped = [pid for pid in beneath if (_started(pid) or (0, None))[1] == seen[pid][1]]
    assert not unreaped, f"processes of the grading processes were left for init to reap: {unreaped}"


def test_the_roster_is_untouched_and_nothing_lands_outside_the_report(report):
    assert roster_digest(report["roster"]) == report["before"]
    assert not list(report["folder"].rglob("outside.py"))
    assert not os.path.exists("/tmp/nnfs-grade-absolute.py")


def test_every_learner_gets_the_score_the_class_deserves(report):
    results = _results(report)
    maxima = {entry["name"]: entry["max_score"] for entry in
              json.loads((report["out"] / "results.json").read_text())["challenges"]}
    assert set(results) == set(report["expected"])
    for learner, expectations in report["expected"].items():
        items = {item["challenge"]: item for item in results[learner]["challenges"]}
        for challenge, expectation in expectations.items():
            item, kind = items[challenge], expectation[0]
            where = f"{learner}, {challenge}: {item.get('problem') or ''}"
            if kind == "problem":
                reasons = f"{item['problem']} {results[learner]['problem'] or ''}"
                assert "result" not in item and expectation[1] in reasons, where
                continue
            result = item["result"]
            checks = {check["id"]: check for check in result["checks"]}
            if kind == "full":
                assert result["score"] == result["max_score"] == maxima[challenge], where
            elif kind == "zero":
                assert result["score"] == 0, where
            elif kind == "planted":
                assert checks[expectation[1]]["status"] != "passed", where
                assert expectation[2] in checks[expectation[1]]["message"], where
                assert 0 < result["score"] < result["max_score"], where
            elif kind == "timeout":
                assert checks[expectation[1]]["status"] == "timeout", where
                assert result["score"] < result["max_score"], where


@pytest.mark.parametrize("learner", ["untouched-0", TRANSPOSED, "loops-forever"])
def test_a_class_report_judges_exactly_as_grade_does(report, learner):
    items = {item["challenge"]: item for item in _results(report)[learner]["challenges"]}
    for path in sorted((report["roster"] / learner).rglob("main.py")):
        challenge = path.parent.name
        # Graded as the command grades, in this process, in the course (and with the limits) the class was graded in.
        _, alone = judged(challenge, path, cwd=report["course"])
        in_class = items[challenge]["result"]
        fields = ("id", "status", "score", "message", "mistake", "hidden", "more_hints", "at_import", "follows")
        assert [[check.get(field) for field in fields] for check in in_class["checks"]] == \
            [[check.get(field) for field in fields] for check in alone["checks"]], f"{learner}, {challenge}"


def test_the_csv_opens_as_one_row_per_learner(report):
    with open(report["out"] / "grades.csv", newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert next(row for row in rows if "SUM" in row["learner"])["learner"] == "'=SUM(A1)"
    for row in rows:
        row["learner"] = row["learner"].removeprefix("'")
    assert sorted(row["learner"] for row in rows) == sorted(report["expected"])
    results = _results(report)
    for row in rows:
        learner = results[row["learner"]]
        for item in learner["challenges"]:
            cell = row[item["challenge"]]
            if "result" in item:
                assert float(cell) == item["result"]["score"]
            else:
                assert cell == "" and (learner["problem"] or item["problem"]) in row["notes"]
        # Nothing gradable is an empty total, not a zero.
        assert row["total"] == ("" if learner["total"] is None else f"{learner['total']:g}")
        assert (learner["total"] is None) == all("result" not in item for item in learner["challenges"])
    solved = next(row for row in rows if row["learner"] == "solved-000")
    assert float(solved["total"]) == float(solved["max_total"]) and not solved["notes"]
    assert "both entries" not in "".join(row["notes"] for row in rows)
    twice = next(row for row in rows if row["learner"] == "twice")
    assert "keep only one" in twice["notes"]


def test_hidden_checks_are_graded_and_marked(report):
    result = next(item["result"] for item in _results(report)["solved-000"]["challenges"]
                  if item["challenge"] == "challenge_5_backprop")
    hidden = [check for check in result["checks"] if check.get("hidden")]
    assert [check["id"] for check in hidden] == ["dense_backward_single_sample"]
    assert hidden[0]["status"] == "passed"
    with open(report["out"] / "checks.csv", newline="", encoding="utf-8-sig") as file:
        marked = {(row["challenge"], row["check"]) for row in csv.DictReader(file) if row["hidden"] == "hidden"}
    assert marked == {(item["challenge"], check["id"]) for learner in _results(report).values()
                      for item in learner["challenges"] if "result" in item
                      for check in item["result"]["checks"] if check.get("hidden")}
    assert ("challenge_5_backprop", "dense_backward_single_sample") in marked


def test_the_index_shows_the_class(report):
    index = (report["out"] / "index.html").read_text()
    for learner in set(report["expected"]) - {"<b>bold"}:
        assert f">{learner}</a>" in index, learner
    assert "&lt;b&gt;bold" in index and "<b>bold" not in index
    for heading in ("Pass rate by category", "Distribution of scores", "Checks that fail most often",
                    "Mistakes recognised most often"):
        assert heading in index
    assert "Backpropagation" in index and "transposed" in index
    # Each count says what it counts: the challenges a learner handed nothing in for are not submissions.
    assert re.search(r'<option value="missing">a challenge: no submission \(\d+ challenges?\)', index)
    assert re.search(r"<small>of \d+ check results?</small>", index)
    # It opens offline: nothing is loaded from elsewhere, and its only script is inline.
    assert "https://" not in index and "http://" not in index and "<link" not in index
    assert index.count("<script") == index.count("<script>") == 1


def test_chromium_renders_the_class_report(report, tmp_path):
    out = report["out"]
    for page in (out / "index.html", next((out / "learners").glob(f"{TRANSPOSED}-*.html"))):
        picture = tmp_path / f"{page.stem}.png"
        log = screenshot(page, picture, size="1280,2000")
        assert picture.is_file() and picture.stat().st_size > 20_000, log[-2000:]
        assert "CONSOLE" not in log, log[-2000:]
    dom = rendered_dom(out / "index.html")
    assert "solved-000" in dom and "Pass rate by category" in dom


def test_pages_rendered_in_forked_processes_are_the_pages_rendered_here(report, tmp_path, monkeypatch):
    """The class's files written again from its gradebook, once in this process and once in two renderers that
    take over from the first learner on, byte for byte (but the time they were made)."""
    from grader.classroom import pages
    from grader.classroom.gradebook import Gradebook
    from grader.course import checks_version, load_challenges

    challenges = [challenge for challenge in load_challenges(ROOT) if challenge.name in SEED]
    versions = {challenge.name: checks_version(challenge) for challenge in challenges}
    monkeypatch.setattr(pages.Renderers, "HERE_FIRST", 0)
    monkeypatch.setattr(pages.Renderers, "AHEAD", 1)
    written = {}
    for processes in (1, 2):
        out = tmp_path / str(processes)
        out.mkdir()
        shutil.copy(report["out"] / "gradebook.sqlite", out)
        book = Gradebook(out)
        book.db.execute("DELETE FROM views")
        book.db.commit()
        count = pages.write_all(out, challenges, book.learners(versions, ""), book, processes=processes)
        book.close()
        assert count == len(report["expected"])
        written[processes] = {path.relative_to(out): re.sub(rb'"generated": "[^"]*"|\d{4}-\d\d-\d\d \d\d:\d\d', b"",
                                                             path.read_bytes())
                              for path in out.rglob("*") if path.is_file() and path.suffix != ".sqlite"}
    assert len(written[1]) > len(report["expected"]) and written[1] == written[2]


def test_a_second_run_grades_only_what_changed(report, tmp_path):
    roster, out = tmp_path / "roster", tmp_path / "out"
    for index in range(3):
        write_learner(roster, f"learner-{index}", {f"challenges/{name}/main.py": solution(name).read_bytes()
                                                   + f"# {index}\n".encode() for name in SEED}, False)
    # A timeout is reused as any result is, and the summary says so: a busy machine may have caused it.
    write_learner(roster, "hangs", {f"challenges/{SEED[2]}/main.py": b"while True:\n    pass\n"}, False)
    course = with_limits(copy_course(tmp_path / "course"), SEED[2], load_seconds=1.0)
    first = _report(roster, out, cwd=course)
    assert first.returncode == 0 and _graded_now(first) == 16, first.stderr[-2000:]
    assert "kept its result" not in first.stderr
    again = _report(roster, out, cwd=course)
    assert again.returncode == 0 and _graded_now(again) == 0, again.stderr[-2000:]
    assert "Grading 16 submissions" in first.stderr and "Grading" not in again.stderr, "no bar of nothing"
    assert ("1 file kept its result of an earlier run, in which a check ran out of time (hangs): where that run's "
            "machine was busy rather than the code slow, --learner NAME grades a learner again, --fresh everyone.") \
        in " ".join(again.stderr.split())
    late = roster / "learner-1" / "challenges" / SEED[2] / "main.py"
    late.write_text(late.read_text() + "# a late fix\n")
    assert _graded_now(_report(roster, out, cwd=course)) == 1
    fresh = _report(roster, out, "--fresh", cwd=course)
    assert _graded_now(fresh) == 16 and "kept its result" not in fresh.stderr


def test_a_changed_spec_makes_old_results_stale(tmp_path):
    import shutil

    from grader.course import load_challenge
    from grader.course import checks_version

    folder = tmp_path / "challenges" / SEED[0]
    shutil.copytree(solution(SEED[0]).parent.parent.parent / "challenges" / SEED[0], folder)
    before = checks_version(load_challenge(folder))
    assert checks_version(load_challenge(folder)) == before
    spec = folder / "spec.py"
    spec.write_text(spec.read_text().replace("A batch of 6 samples", "A batch of six samples"))
    assert checks_version(load_challenge(folder)) != before


def test_a_gradebook_that_cannot_be_read_is_refused_not_replaced(tmp_path):
    roster, out = tmp_path / "roster", tmp_path / "out"
    write_learner(roster, "one", {f"challenges/{SEED[2]}/main.py": solution(SEED[2]).read_bytes()}, False)
    out.mkdir()
    (out / "gradebook.sqlite").write_bytes(b"not a database, but someone's file")
    completed = run_grade("report", roster, "--out", out)
    assert completed.returncode == 2 and "gradebook" in completed.stderr
    assert (out / "gradebook.sqlite").read_bytes() == b"not a database, but someone's file"


def test_bad_report_arguments_are_refused_clearly(tmp_path):
    missing = run_grade("report", tmp_path / "nope", "--out", tmp_path / "out")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    roster = tmp_path / "roster"
    roster.mkdir()
    inside = run_grade("report", roster, "--out", roster / "report")
    assert inside.returncode == 2 and "inside the roster" in inside.stderr
    unknown = run_grade("report", roster, "--out", tmp_path / "out", "--challenge", "no_such_challenge")
    assert unknown.returncode == 2
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "index.html").write_text("someone else's page")
    occupied = run_grade("report", roster, "--out", busy)
    assert occupied.returncode == 2 and "already holds other files" in occupied.stderr
    assert (busy / "index.html").read_text() == "someone else's page"
    assert not (roster / "report").exists()


def test_every_challenge_is_in_the_full_report_columns(tmp_path):
    roster = tmp_path / "roster"
    write_learner(roster, "one", {f"{SEED[2]}/main.py": solution(SEED[2]).read_bytes()}, True)
    completed = run_grade("report", roster, "--out", tmp_path / "out", "-j", "1")
    assert completed.returncode == 0, completed.stderr[-2000:]
    with open(tmp_path / "out" / "grades.csv", newline="", encoding="utf-8-sig") as file:
        header = next(csv.reader(file))
    assert header == ["learner", "entry", "email", "sid", *COURSE_ORDER, "total", "max_total", "submitted_at_utc",
                      "late", "notes"]


def _state(results, learner, challenge):
    return next(item["state"] for item in results[learner]["challenges"] if item["challenge"] == challenge)


def test_the_class_page_tells_not_started_error_timeout_and_attempted_apart(report):
    results = _results(report)
    assert _state(results, "untouched-0", SEED[1]) == "not-started"
    assert _state(results, "crashes-at-import", SEED[2]) == "error"
    assert _state(results, "hangs-at-import", SEED[2]) == "timeout"
    assert _state(results, MINUS_SIGN, SEED[2]) == "attempted"
    assert _state(results, "solved-000", SEED[2]) == "full"
    index = (report["out"] / "index.html").read_text()
    for learner, state in (("untouched-0", "not-started"), ("crashes-at-import", "error"),
                           ("hangs-at-import", "timeout"), (MINUS_SIGN, "attempted")):
        row = re.search(r"<tr [^>]*>\s*<th[^>]*><a [^>]*>" + re.escape(learner) + r"</a>.*?</tr>", index, re.S).group()
        assert f'class="cell {state}"' in row, learner
    assert ">not started</small>" in index and ">error</small>" in index and ">timeout</small>" in index


def test_a_learners_page_says_what_grades_csv_says_of_each_file(report):
    """The stub as shipped reads as not started on the learner's page too, where its checks may fail for the stub's
    own bugs, and the notes grades.csv gives a file (here: the course's own solution) are on the page."""
    pages = report["out"] / "learners"
    untouched = next(pages.glob("untouched-0-*.html")).read_text()
    assert "Not started: this file is the challenge's stub as shipped" in untouched
    noted = [(learner["learner"], note) for learner in _results(report).values() for item in learner["challenges"]
             for note in item.get("note", "").splitlines()]
    assert noted, "some learner of the class handed in a file that gets a note"
    for name, note in noted:
        page = next(path for path in pages.glob("*.html") if f"<h1>{escape(name)}" in path.read_text())
        assert str(escape(note)) in page.read_text(), (name, note)


def test_statistics_of_checks_and_mistakes_leave_untouched_stubs_out(report):
    counted, in_stubs = collections.Counter(), collections.Counter()
    for learner in _results(report).values():
        for item in learner["challenges"]:
            if "result" in item:
                mistakes = [check["mistake"] for check in item["result"]["checks"] if check.get("mistake")]
                (in_stubs if item["state"] == "not-started" else counted).update(mistakes)
    assert in_stubs["transposed"] > 0, "challenge 2's buggy stub names a transpose"
    index = (report["out"] / "index.html").read_text()
    shown = int(re.search(r"<code>transposed</code> · (\d+) time", index).group(1))
    assert shown == counted["transposed"]


def test_checks_csv_has_a_row_per_check(report):
    with open(report["out"] / "checks.csv", newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == ["learner", "challenge", "check", "category", "status", "score", "mistake", "entry",
                             "email", "sid", "hidden"]
    results = _results(report)
    assert len(rows) == sum(len(item["result"]["checks"]) for learner in results.values()
                            for item in learner["challenges"] if "result" in item)
    planted = next(row for row in rows if row["learner"] == TRANSPOSED and row["check"] == "dense_backward_dweights")
    assert planted["status"] == "failed" and planted["mistake"] == "transposed" and float(planted["score"]) == 0


def _visible_learners(dom):
    return [html.unescape(match.group(2))
            for match in re.finditer(r"<tr (data-states[^>]*)>\s*<th[^>]*><a [^>]*>([^<]*)</a>", dom)
            if " hidden" not in match.group(1)]


def test_the_learners_table_sorts_and_filters_in_a_browser(report):
    index = report["out"] / "index.html"
    everyone = _visible_learners(rendered_dom(index, ""))
    assert len(everyone) == len(report["expected"])
    # A learner whose one check loops while the others pass is found by the timeout filter too.
    assert set(_visible_learners(rendered_dom(index, "state=timeout"))) == {"hangs-at-import", "loops-forever"}
    # Confined, the attempts on the grader end in an error of the learner's own code instead.
    refused = {"kills-grader"} if confinement.confined(thorough=True) else set()
    refused |= {"kills-zygote"} if lockdown.landlock_abi() >= 6 else set()
    assert set(_visible_learners(rendered_dom(index, "state=error"))) == {"crashes-at-import", *refused}
    assert set(_visible_learners(rendered_dom(index, "find=untouched"))) == {"untouched-0", "untouched-1"}
    totals = {name: learner["total"] for name, learner in _results(report).items()}
    by_total = _visible_learners(rendered_dom(index, f"sort={len(SEED) + 1}&order=desc"))
    graded = [totals[name] for name in by_total if totals[name] is not None]
    assert len(graded) > 30 and graded == sorted(graded, reverse=True)
    assert all(totals[name] is None for name in by_total[len(graded):]), "ungraded learners sort last"


def test_a_late_submission_rewrites_only_its_learners_page_and_the_summaries(tmp_path):
    roster, out = tmp_path / "roster", tmp_path / "out"
    for index in range(3):
        write_learner(roster, f"learner-{index}", {f"challenges/{SEED[2]}/main.py": solution(SEED[2]).read_bytes()
                                                   + f"# {index}\n".encode()}, False)
    first = _report(roster, out)
    assert first.returncode == 0 and "3 learners' pages written" in first.stderr, first.stderr[-2000:]
    pages = sorted((out / "learners").glob("*.html"))
    before = {page.name: page.stat().st_mtime_ns for page in pages}
    summaries = {name: (out / name).stat().st_mtime_ns for name in ("index.html", "grades.csv", "checks.csv")}
    late = roster / "learner-1" / "challenges" / SEED[2] / "main.py"
    late.write_text(late.read_text().replace("1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(inputs))"))
    again = _report(roster, out)
    assert again.returncode == 0 and _graded_now(again) == 1 and "1 learner's pages written" in again.stderr
    after = {page.name: page.stat().st_mtime_ns for page in (out / "learners").glob("*.html")}
    changed = [name for name in before if after[name] != before[name]]
    assert len(changed) == 1 and changed[0].startswith("learner-1-")
    assert all((out / name).stat().st_mtime_ns != mtime for name, mtime in summaries.items())
    # --learner grades that learner again, and only that learner.
    alone = _report(roster, out, "--learner", "learner-2")
    assert alone.returncode == 0 and _graded_now(alone) == 1, alone.stderr[-2000:]
    unknown = _report(roster, out, "--learner", "nobody-at-all")
    assert unknown.returncode == 2 and "No learner" in unknown.stderr


@pytest.mark.parametrize("failures, status", [(3, 2), (2, 0)])
def test_a_report_whose_every_submission_failed_in_the_grader_exits_2(tmp_path, monkeypatch, failures, status):
    # Scripts and CI jobs read the exit status: a class of "not graded" rows is no report at all.
    from grader.classroom import report as class_report

    def every_submission_failed(*args, **kwargs):
        return class_report.Summary(learners=3, submissions=3, graded=3 - failures, grading_failures=failures)

    monkeypatch.setattr(class_report, "make_report", every_submission_failed)
    monkeypatch.chdir(ROOT)
    result = invoke("report", tmp_path, "--out", tmp_path / "out", "--allow-unconfined")
    assert result.exit_code == status, result.output
    assert ("could not grade any of the 3 submissions" in result.output) == (status == 2)


def test_the_console_summary_counts_one_learner_in_the_singular(tmp_path):
    roster, out = tmp_path / "roster", tmp_path / "out"
    write_learner(roster, "one", {f"challenges/{SEED[2]}/main.py": solution(SEED[2]).read_bytes()}, False)
    completed = run_grade("report", roster, "--out", out, "--challenge", SEED[2])
    assert completed.returncode == 0, completed.stderr
    assert "1 learner, 1 submission:" in completed.stderr and "1 learners" not in completed.stderr
    # Its only learner's page was written: there are no others to have been left as they were.
    assert "1 learner's pages written.\n" in completed.stderr and "the others" not in completed.stderr
    index = (out / "index.html").read_text()
    assert "1 learner · 1 challenge ·" in index and "1 learners" not in index


def test_an_empty_file_on_a_class_page_is_noted_without_the_learner_s_reset_command(tmp_path):
    """grade reset restores the course's own main.py: on the instructor's page about someone else's file it would
    be advice to the wrong person."""
    roster, out = tmp_path / "roster", tmp_path / "out"
    write_learner(roster, "one", {f"challenges/{SEED[2]}/main.py": b""}, False)
    completed = run_grade("report", roster, "--out", out, "--challenge", SEED[2])
    assert completed.returncode == 0, completed.stderr
    pages = "".join(page.read_text() for page in out.rglob("*.html"))
    assert "there was no code to check" in pages and "grade reset" not in pages


def test_a_grading_pool_for_some_challenges_loads_those_alone_and_grades_them_as_any_pool():
    """A class graded on a few challenges does not pay for loading the rest of the course in each process."""
    from grader.judge.pool import GradingPool

    course = shipped_course()
    chosen = ["challenge_3_activations", "challenge_5_backprop"]
    pool = GradingPool(course, 2, challenges=chosen)
    assert pool.names == chosen and set(pool.declared) == set(chosen)
    jobs = [{"id": number, "challenge": name, "submission": str(solution(name))} for number, name in enumerate(chosen)]
    answers = {job["challenge"]: answer for job, answer in pool.grade_all(jobs)}
    for name in chosen:
        _, alone = grade_json(name, solution(name), cwd=course)
        assert answers[name]["result"]["score"] == alone["score"] == alone["max_score"] > 0


def _zygote_runs_in(groups):
    try:
        return bool(groups) and all((group / "cgroup.procs").read_text().split() for group in groups)
    except OSError:
        return False


def test_a_grading_process_killed_leaves_no_control_group_behind():
    """A grading process stopped in the middle of a job (it did not answer in time) cannot remove the groups of its
    zygote: the pool removes them, named after its pid."""
    from grader.judge.pool import GradingPool

    if "cgroup" not in confinement.in_force():
        pytest.skip("this machine gives the grader no control groups")
    pool = GradingPool(shipped_course(), 1, challenges=["challenge_1_forward_pass"])
    pool.start()
    process = pool.started[0]
    try:
        deadline = time.monotonic() + 60
        while not _zygote_runs_in(_groups_named_after([process.popen.pid])) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _zygote_runs_in(_groups_named_after([process.popen.pid])), "no zygote runs in the process's groups"
    finally:
        pool.started = []
        process.kill()
    assert not _groups_named_after([process.popen.pid])


def test_a_submission_slow_to_import_does_not_hold_up_the_others(tmp_path):
    """One learner's code that takes seconds to import does not hold up the rest of the class."""
    from grader.judge.pool import GradingPool

    name = "challenge_1_forward_pass"
    slow = tmp_path / "slow.py"
    slow.write_text("import time\ntime.sleep(2.5)\n" + solution(name).read_text())
    pool = GradingPool(shipped_course(), 2, challenges=[name])
    jobs = [{"id": 0, "challenge": name, "submission": str(slow)},
            *({"id": number, "challenge": name, "submission": str(solution(name))} for number in (1, 2))]
    order = [job["id"] for job, _ in pool.grade_all(jobs)]
    assert order[-1] == 0, order   # graded by the other process meanwhile


def test_the_grades_say_why_a_challenge_got_no_points(report):
    """A stub nobody edited and a file that cannot be imported both score 0: the notes tell them apart."""
    with open(report["out"] / "grades.csv", newline="", encoding="utf-8-sig") as file:
        notes = {row["learner"]: row["notes"] for row in csv.DictReader(file)}
    assert f"{SEED[0]}: not started (the stub as shipped" in notes["untouched-0"]
    assert f"{SEED[2]}: the file could not be imported: Your code raised RuntimeError: boom" in notes["crashes-at-import"]
    assert "Your file could not be imported, so this check" not in notes["crashes-at-import"]
    assert "not started" not in notes["solved-000"] and "could not be imported" not in notes["solved-000"]
    # A check that ran out of time is named, though the others passed; an import that did says so once.
    ran_out = notes["loops-forever"]
    assert re.search(HANG[0] + r': a check ran out of time: "[^"]+" at line \d+: while True:', ran_out), ran_out
    assert "ran out of time" not in notes["solved-000"] and "a check ran out of time" not in notes["hangs-at-import"]
    # The note of an import stopped at the time limit says so once.
    assert f"{SEED[2]}: the file could not be imported: Your code was still running after" in notes["hangs-at-import"]
    assert "so no check could run" not in notes["hangs-at-import"]


def test_a_challenge_not_handed_in_counts_as_0_in_the_distribution_of_scores():
    """The distribution's bands are of each learner's total, as grades.csv gives it: of every challenge's points,
    those not handed in included."""
    from grader.classroom.pages import BANDS, ClassStats
    from grader.results import CheckResult, GradeResult

    checks = [CheckResult(id="c0", name="c0", category="forward", status="passed", score=10.0, max_score=10.0)]
    result = GradeResult(challenge=SEED[0], title="t", chapter="1", submission="", checks=checks)
    items = [{"challenge": SEED[0], "result": result.to_dict()}, {"challenge": SEED[1], "problem": "no submission"}]
    assert ClassStats.share(items, {SEED[0]: result}, max_total=40.0)["band"] == BANDS // 4
    assert ClassStats.share(items, {SEED[0]: result})["band"] == BANDS - 1


@pytest.mark.parametrize("refused", [False, True])
def test_the_checks_of_a_file_that_could_not_be_imported_are_not_counted_as_failing(refused):
    """Nor are those of a file that imports the course's own packages, whose every check was withdrawn."""
    from grader.classroom.pages import ClassStats
    from grader.results import CheckResult, GradeResult

    why = "Your file imports solutions (line 1)." if refused else "Your file could not be imported"
    checks = [CheckResult(id=f"c{n}", name=f"c{n}", category="forward", status="error", score=0.0, max_score=1.0,
                          message=why, at_import=not refused) for n in range(2)]
    checks.append(CheckResult(id="c2", name="c2", category="loss", status="skipped", score=0.0, max_score=1.0,
                              message='fix "c0" first'))
    result = GradeResult(challenge=SEED[0], title="t", chapter="1", submission="", checks=checks,
                         notes=[why] if refused else [])
    item = {"challenge": SEED[0], "result": result.to_dict()}
    share = ClassStats.share([item], {SEED[0]: result})
    assert share["checks"] == [] and share["categories"] == {}
    assert share["challenges"] == [[SEED[0], 0.0, False, True, False]]


@pytest.mark.parametrize("defines", ["none", "one"])
def test_the_checks_of_a_file_defining_none_of_the_names_they_look_for_are_not_counted_as_failing(defines):
    """Another challenge's file fails every check for a name it lacks: that says nothing of the class's mistakes. A
    file that defines one of the names does say something of it."""
    from grader.classroom.pages import ClassStats
    from grader.results import CheckResult, GradeResult

    checks = [CheckResult(id=f"c{n}", name=f"c{n}", category="forward", status="error", score=0.0, max_score=1.0,
                          message=f"f{n} is not defined yet: write it", missing=f"f{n}") for n in range(2)]
    if defines == "one":
        checks[1] = CheckResult(id="c1", name="c1", category="forward", status="failed", score=0.0, max_score=1.0,
                                message="f1 gives the wrong values")
    checks.append(CheckResult(id="c2", name="c2", category="loss", status="skipped", score=0.0, max_score=1.0,
                              message='fix "c0" first'))
    result = GradeResult(challenge=SEED[0], title="t", chapter="1", submission="", checks=checks)
    share = ClassStats.share([{"challenge": SEED[0], "result": result.to_dict()}], {SEED[0]: result})
    judged = defines == "one"
    assert bool(share["checks"]) == judged and share["challenges"] == [[SEED[0], 0.0, False, True, judged]]


def test_the_feedback_on_a_file_defining_none_of_the_names_says_so_and_which_challenge_it_looks_written_for():
    from grader.classroom.pages import _feedback
    from grader.results import CheckResult, GradeResult

    checks = [CheckResult(id=f"c{n}", name=f"c{n}", category="forward", status="error", score=0.0, max_score=1.0,
                          message=f"f{n} is not defined yet: write it", missing=f"f{n}") for n in range(2)]
    result = GradeResult(challenge=SEED[0], title="t", chapter="1", submission="", checks=checks)
    note = (f"a/main.py looks written for challenge_7_training: it defines none of the names {SEED[0]}'s checks "
            "look for.")
    said = _feedback({"challenge": SEED[0], "origin": "a/main.py", "note": note}, result, 2)
    assert said == ("0 of 2 points: no check could judge main.py, which defines none of the names the checks look for "
                    "(f0; f1): it looks written for challenge_7_training; was it handed in for the wrong assignment?")
    assert "looks written for" not in _feedback({"challenge": SEED[0], "origin": "a/main.py"}, result, 2)
