"""A challenge's worker_imports: modules its zygote imports once, before it forks workers, that every worker would
otherwise import itself. Grades do not change: only where the import happens."""
import json
import subprocess
import sys

import pytest

from grader.course import CourseError, load_challenge, worker_imports
from grader.limits import Limits
from grader.sandbox.supervisor import Sandbox, ZygoteSpawner
from helpers import ROOT, copy_course, run_grade, solution

CHALLENGE = "challenge_1_forward_pass"
# colorsys: in the standard library, and loaded by nothing the grader or NumPy imports.
WARMED = "colorsys"


def _challenge(tmp_path, setting):
    folder = tmp_path / "challenge_9_custom"
    folder.mkdir(parents=True)
    (folder / "challenge.toml").write_text(f'title = "t"\nchapter = "1"\n{setting}')
    return load_challenge(folder)


def test_worker_imports_are_read_from_challenge_toml_and_must_be_module_names(tmp_path):
    assert _challenge(tmp_path / "a", 'worker_imports = ["PIL.Image", "colorsys"]\n').worker_imports == (
        "PIL.Image", "colorsys")
    assert _challenge(tmp_path / "b", "").worker_imports == ()
    for number, setting in enumerate(('worker_imports = "PIL"\n', 'worker_imports = ["os; import shutil"]\n',
                                      "worker_imports = [1]\n")):
        with pytest.raises(CourseError, match="worker_imports must be a list of module names"):
            _challenge(tmp_path / f"bad{number}", setting)


def test_the_worker_imports_of_several_challenges_are_each_named_once(tmp_path):
    first = _challenge(tmp_path / "a", 'worker_imports = ["PIL.Image", "colorsys"]\n')
    second = _challenge(tmp_path / "b", 'worker_imports = ["colorsys", "json"]\n')
    assert worker_imports([first, second]) == ["PIL.Image", "colorsys", "json"]


SCENARIOS = """
import sys


def loaded(nn, rng):
    return {"loaded": sorted(name for name in ("colorsys", "no_such_module_here") if name in sys.modules)}
"""


# Names enough for a request to warm of more than 20 kB, several reads of the zygote's socket: a course with many
# worker imports.
MANY = [f"no_such_module_{number:05}" for number in range(1000)]


@pytest.mark.parametrize("asked", [[WARMED, "no_such_module_here"], [*MANY, WARMED], []],
                         ids=["warmed", "warmed-by-a-long-request", "not-warmed"])
def test_a_bubblewrap_zygote_imports_what_it_is_asked_before_it_forks_the_next_worker(tmp_path, asked):
    (tmp_path / "scenarios.py").write_text(SCENARIOS)
    (tmp_path / "main.py").write_text("x = 1\n")
    spawner = ZygoteSpawner()
    try:
        if asked:
            spawner.warm(asked)   # one that cannot be imported is left out
        value = _loaded_in_a_worker(spawner, tmp_path)
    finally:
        spawner.close()
    assert value == {"loaded": [WARMED] if asked else []}


def _loaded_in_a_worker(spawner, folder):
    """What the scenario "loaded" of SCENARIOS answers, folder/main.py loaded in a worker of `spawner`."""
    sandbox = Sandbox(Limits(), spawner, start=False)
    try:
        sandbox.load(folder / "main.py", [folder / "scenarios.py"])
        return sandbox.learner_answer("loaded")[0]
    finally:
        sandbox.close()


WARM = {"op": "warm", "modules": ["colorsys"]}
FORK = {"op": "fork", "cwd": None, "memory_mb": 512, "sweep": False}


def _line(request):
    return json.dumps(request).encode() + b"\n"


def test_requests_a_zygote_reads_together_are_answered_one_by_one():
    """The judge asks for a worker without waiting for the answer to its request to warm: both may arrive in one
    read of the zygote's stream socket, the descriptors with the last."""
    from grader.sandbox.zygote import _requests

    assert _requests(_line(WARM) + _line(FORK), fds=[7, 8]) == ([(WARM, []), (FORK, [7, 8])], b"", [])


def _reads(sent, size):
    """The reads of at most `size` bytes a zygote makes of the messages `sent` ([(bytes, descriptors)]), as unix(7)
    has them: descriptors come with the first read of their message, which ends at that message's end at the latest."""
    stream = list(sent)
    while stream:
        read, fds = b"", []
        while stream and len(read) < size:
            data, carried = stream.pop(0)
            taken = data[:size - len(read)]
            read += taken
            if taken != data:
                stream.insert(0, (data[len(taken):], []))
            if carried:
                fds = carried
                break
        yield read, fds


@pytest.mark.parametrize("size", [4096, 100, 7])    # a zygote reads 4 kB at a time
def test_a_request_longer_than_a_read_is_read_on_until_whole(size):
    """A course with many worker imports asks for a warm of tens of kilobytes, which the zygote reads a few at a
    time; a read that ends in a request keeps its start, and the descriptors it brought, for the next."""
    from grader.sandbox.zygote import _requests

    long = {"op": "warm", "modules": [f"course_module_{number:05}" for number in range(1000)]}
    assert len(_line(long)) > 20_000
    sent = [(_line(long), []), (_line(WARM), []), (_line(FORK), [7, 8]), (_line(WARM), []), (_line(FORK), [9, 10])]
    answered, unread, waiting = [], b"", []
    for read, fds in _reads(sent, size):
        requests, unread, waiting = _requests(unread + read, waiting, fds)
        answered += requests
    assert answered == [(long, []), (WARM, []), (FORK, [7, 8]), (WARM, []), (FORK, [9, 10])]
    assert (unread, waiting) == (b"", [])


@pytest.mark.parametrize("sent", [b"{not json\n", b"[1, 2]\n", b"\n", b"x" * ((1 << 20) + 10_000)],
                         ids=["not-json", "not-a-request", "empty", "longer-than-any-request"])
def test_a_zygote_answers_what_is_no_request_with_an_error_and_goes_on_forking(tmp_path, sent):
    """Only the judge writes to the zygote's socket, but a line it could not finish sending (its send timed out)
    must not end the zygote, nor one without an end make it hold more and more."""
    (tmp_path / "scenarios.py").write_text(SCENARIOS)
    (tmp_path / "main.py").write_text("x = 1\n")
    spawner = ZygoteSpawner()
    try:
        _loaded_in_a_worker(spawner, tmp_path)   # the zygote is started
        spawner.settle()   # the answers owed so far: the next one read answers what is sent here
        zygote = spawner.zygote.pid
        spawner.control.sendall(sent + (b"" if sent.endswith(b"\n") else b"\n"))
        assert "error" in spawner._reply(5.0)
        value = _loaded_in_a_worker(spawner, tmp_path)
        assert spawner.zygote.pid == zygote and spawner.zygote.poll() is None, "the zygote ended"
    finally:
        spawner.close()
    assert value == {"loaded": []}


# A learner's file that says, as it is imported, whether its worker found colorsys loaded.
LEARNER_CHECKS_WARMED = """
import sys

if "colorsys" not in sys.modules:
    raise RuntimeError("colorsys was not imported before this worker started")
"""


@pytest.mark.parametrize("command", ["grade", "list"])
def test_grade_and_grade_list_fork_workers_from_a_zygote_that_imported_the_challenges_worker_imports(
        tmp_path, command):
    course = copy_course(tmp_path / "course")
    toml = course / "challenges" / CHALLENGE / "challenge.toml"
    setting = f"worker_imports = {json.dumps([*MANY, WARMED])}"    # a request to warm longer than a read
    toml.write_text(toml.read_text().replace("\nhints", f"\n{setting}\nhints", 1))
    main = course / "challenges" / CHALLENGE / "main.py"
    main.write_text(LEARNER_CHECKS_WARMED + solution(CHALLENGE).read_text())
    if command == "grade":
        completed = run_grade(CHALLENGE, "--json", cwd=course)
        assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-2000:]
        assert json.loads(completed.stdout)["passed"] is True
    else:
        completed = run_grade("list", "--json", cwd=course)
        assert completed.returncode == 0, completed.stderr[-2000:]
        states = {row["challenge"]: row["state"] for row in json.loads(completed.stdout)["challenges"]}
        assert states[CHALLENGE] == "done"


def test_challenge_16_warms_pillow_and_its_image_plugins():
    challenge = load_challenge(ROOT / "challenges" / "challenge_16_real_dataset")
    assert "PIL.Image" in challenge.worker_imports and "PIL.PngImagePlugin" in challenge.worker_imports
    imported = subprocess.run([sys.executable, "-c", "import importlib, sys; [importlib.import_module(name) for name "
                               "in sys.argv[1:]]", *challenge.worker_imports], capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr


def test_class_grading_forks_workers_from_a_zygote_that_imported_the_worker_imports_of_what_it_grades(tmp_path):
    import base64
    import io

    from grader.judge.batch import BatchSession

    course = copy_course(tmp_path / "course")
    folder = course / "challenges" / CHALLENGE
    (folder / "challenge.toml").write_text((folder / "challenge.toml").read_text().replace(
        "\nhints", f'\nworker_imports = ["{WARMED}"]\nhints', 1))
    source = (LEARNER_CHECKS_WARMED + solution(CHALLENGE).read_text()).encode()
    job = {"id": "a", "nonce": "n", "challenge": CHALLENGE, "notebook": False,
           "source": base64.b64encode(source).decode("ascii")}
    answers = io.StringIO()
    session = BatchSession(course, [load_challenge(folder)], iter([json.dumps(job) + "\n"]), answers, preload=True)
    session.serve_jobs()
    assert json.loads(answers.getvalue())["result"]["passed"] is True
