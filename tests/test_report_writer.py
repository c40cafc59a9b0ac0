"""The plain `grade CHALLENGE`'s terminal report, written by a child forked at the start (grader.cli.report_writer):
the same text the judge would write, and no process left whichever way the run ends."""
import json
import os
import subprocess
import sys

from helpers import ROOT, checks_in, copy_course, leftovers, run_grade, solution, tagged
from grader.results import GradeResult
from grader.views import render

# A result whose learner-controlled text holds an escape sequence and a bidi override.
RESULT = {
    "challenge": "challenge_1_forward_pass", "title": "The forward pass", "chapter": "2-5",
    "submission": "challenges/challenge_1_forward_pass/main.py", "notes": [], "load_output": "hello\x1b[2J\n",
    "checks": [
        {"id": "dense_forward", "name": "Layer_Dense.forward", "category": "forward", "status": "failed",
         "score": 0, "max_score": 1, "message": "got \u202eevil\x1b[31m values", "hint": "See chapter 3."},
        {"id": "dense_init_shapes", "name": "Layer_Dense shapes", "category": "shape", "status": "passed",
         "score": 1, "max_score": 1, "message": "", "hint": ""},
    ],
}

# Forks the writer first, as the console script does, then has it write RESULT; prints what the judge would
# have written itself after a marker line, then whether the writer wrote.
WRITE = """
import json, sys
from grader.cli.report_writer import fork_report_writer
writer = fork_report_writer()
from grader.results import GradeResult
from grader.views import render
result = GradeResult.from_dict(json.loads(sys.argv[1]))
if sys.argv[2] == "kill":
    import os, signal
    os.kill(writer.pid, signal.SIGKILL)
written = writer.write(result, sys.argv[3] or None)
writer.close()
print("\\n=== the judge's own ===")
print(render.to_text(result, again=sys.argv[3] or None), end="")
print("=== written:", written)
"""


def _write(how="write", again=""):
    completed = subprocess.run([sys.executable, "-c", WRITE, json.dumps(RESULT), how, again], cwd=ROOT,
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_the_forked_writer_writes_what_the_judge_would_have_written():
    written, judges = _write(again="run grade 1 --submission 'my file.py' again").split("\n=== the judge's own ===\n")
    judges, status = judges.split("=== written: ")
    assert status.strip() == "True"
    assert written == judges
    assert "\x1b[2J" not in written and "\u202e" not in written and "\x1b[31m" not in written
    assert "my file.py" in written


def test_a_writer_that_died_leaves_the_report_to_the_judge():
    written, judges = _write("kill").split("\n=== the judge's own ===\n")
    judges, status = judges.split("=== written: ")
    assert status.strip() == "False"
    assert written == "" and "Layer_Dense.forward" in judges


def test_a_writer_never_given_a_result_is_ended_and_reaped(tmp_path):
    from grader.cli.report_writer import fork_report_writer

    writer = fork_report_writer()
    writer.close()
    assert writer.status is not None
    try:
        os.waitpid(writer.pid, os.WNOHANG)
    except ChildProcessError:
        pass
    else:
        raise AssertionError("the writer was not reaped")


def test_a_plain_grade_leaves_no_writer_behind_on_success_failure_and_error(tmp_path):
    course = copy_course(tmp_path)
    checks = checks_in("challenge_5_backprop")
    for args, status, said in ((["5", "--submission", solution("challenge_5_backprop")], 0,
                                f"All {checks} checks passed"),
                               (["5"], 1, f"0 of {checks} checks passed"),
                               (["5", "--submission", tmp_path / "missing.py"], 2, "There is no file")):
        environment = dict(os.environ, **tagged(case=" ".join(map(str, args))))
        # Into files, not pipes: a run read through pipes would not end before every holder of them had.
        with open(tmp_path / "out", "w") as out, open(tmp_path / "err", "w") as err:
            completed = subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=course, stdout=out,
                                       stderr=err, env=environment, timeout=120)
        assert completed.returncode == status, (tmp_path / "err").read_text()
        assert leftovers(environment) == []
        assert said in (tmp_path / "out").read_text() + (tmp_path / "err").read_text()


def test_a_plain_text_report_piped_into_a_reader_that_went_away_ends_quietly(tmp_path):
    reader, writer = os.pipe()
    os.close(reader)
    try:
        completed = subprocess.run([sys.executable, "-m", "grader", "5", "--submission",
                                    str(solution("challenge_5_backprop"))], cwd=copy_course(tmp_path),
                                   stdout=writer, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(writer)
    assert "Traceback" not in completed.stderr and "BrokenPipeError" not in completed.stderr, completed.stderr
    assert completed.returncode == 1


def test_the_text_report_of_a_plain_grade_matches_its_json(tmp_path):
    course = copy_course(tmp_path)
    submission = solution("challenge_3_activations")
    text = run_grade("3", "--submission", submission, cwd=course, env={"NO_COLOR": "1"}).stdout
    result = GradeResult.from_dict(json.loads(run_grade("3", "--submission", submission, "--json", cwd=course).stdout))
    again = f"run grade {result.challenge} --submission {submission} again"
    assert text == render.to_text(result, cwd=course, again=again)
