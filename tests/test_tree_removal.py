"""What a learner's run leaves in its scratch folders goes, whatever its shape, and never costs the next learner.

A worker can leave folders thousands deep, with names as long as a name may be, locked against reading, with links
to folders outside; the zygote empties its scratch folders between learners, and the judge removes an unconfined
worker's folder. Removing them must not follow a link, must not give up half way, and must not end the process
that removes them.
"""
import os
import sys
import time

import pytest

from grader.limits import Limits
from grader.sandbox import tree_removal, zygote
from grader.sandbox.supervisor import Sandbox, ZygoteSpawner

DEPTH = 3 * sys.getrecursionlimit()


def _deep(folder, depth=DEPTH, name="d" * 255):
    """`depth` folders, each in the last, of 255-character names: far past PATH_MAX, made as a worker can, with
    chdir."""
    here = os.getcwd()
    os.chdir(folder)
    try:
        for level in range(depth):
            os.mkdir(name)
            os.chdir(name)
            if level % 500 == 0:
                with open("file", "w") as file:
                    file.write("left")
    finally:
        os.chdir(here)


def test_a_tree_deeper_than_python_recurses_and_longer_than_a_path_is_removed(tmp_path):
    (tmp_path / "scratch").mkdir()
    _deep(tmp_path / "scratch")
    assert tree_removal.remove_tree(tmp_path / "scratch")
    assert list(tmp_path.iterdir()) == []


def test_links_are_removed_and_never_followed(tmp_path):
    outside = tmp_path / "outside"
    (outside / "kept").mkdir(parents=True)
    (outside / "kept" / "file").write_text("mine")
    scratch = tmp_path / "scratch"
    (scratch / "folder").mkdir(parents=True)
    (scratch / "folder" / "to-a-folder").symlink_to(outside)
    (scratch / "to-a-file").symlink_to(outside / "kept" / "file")
    (scratch / "dangling").symlink_to(tmp_path / "nothing")
    os.mkfifo(scratch / "fifo")
    assert tree_removal.empty_folder(str(scratch))
    assert list(scratch.iterdir()) == []
    assert (outside / "kept" / "file").read_text() == "mine"


def test_what_one_folder_holds_goes_beside_what_is_kept(tmp_path):
    scratch = tmp_path / "scratch"
    (scratch / "mounted" / "python").mkdir(parents=True)
    (scratch / "mounted" / "planted.py").write_text("")
    (scratch / "wide").mkdir()
    for number in range(2000):
        (scratch / "wide" / str(number)).mkdir()
        (scratch / "wide" / f"{number}.txt").write_text("")
    assert tree_removal.empty_folder(str(scratch), {str(scratch / "mounted" / "python")})
    assert sorted(str(path.relative_to(scratch)) for path in scratch.rglob("*")) == ["mounted", "mounted/python"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root, to act as another account")
def test_folders_locked_against_their_owner_are_opened_and_removed():
    """As an account that is not root, which folders without permissions refuse: the remover gives them back."""
    import tempfile
    from pathlib import Path

    # Outside pytest's folder, which only root may enter.
    with tempfile.TemporaryDirectory() as folder:
        _locked_removed(Path(folder))


def _locked_removed(tmp_path):
    scratch = tmp_path / "scratch"
    (scratch / "a" / "b" / "c").mkdir(parents=True)
    (scratch / "a" / "b" / "c" / "file").write_text("")
    (scratch / "a" / "file").write_text("")
    for path in (tmp_path, *scratch.rglob("*"), scratch):
        os.chown(path, 65534, 65534)
    for path, mode in (("a/b/c", 0), ("a/b", 0o100), ("a", 0o500)):
        (scratch / path).chmod(mode)
    os.setegid(65534)
    os.seteuid(65534)
    try:
        emptied = tree_removal.empty_folder(str(scratch))
    finally:
        os.seteuid(0)
        os.setegid(0)
    assert emptied and list(scratch.iterdir()) == []


class _EndsBeforeItForks(ZygoteSpawner):
    """A zygote that ends once asked for its first worker, having forked none, as one does that cannot empty what
    an earlier learner's run left."""
    ended = False

    def _tell(self, request, fds=()):
        if request.get("op") == "fork" and not self.ended:
            self.ended = True
            fds = ()     # it cannot take the worker's pipes from the request, and ends
        super()._tell(request, fds)


def test_a_zygote_that_ends_before_it_forks_costs_the_learner_nothing(tmp_path):
    (tmp_path / "scenarios.py").write_text("def answer(nn, rng):\n    return {'value': nn.value}\n")
    (tmp_path / "main.py").write_text("value = 42\n")
    spawner = _EndsBeforeItForks()
    sandbox = Sandbox(Limits(), spawner, start=False)
    try:
        sandbox.load(tmp_path / "main.py", [tmp_path / "scenarios.py"])
        answer = sandbox.learner_answer("answer")[0]
    finally:
        sandbox.close()
        spawner.close()
    assert spawner.ended and answer == {"value": 42}


def test_a_folder_holding_more_than_may_be_removed_is_given_up(tmp_path):
    """A sweep's most: a learner's code can make names (hard links, which cost no space) faster than they can be
    removed one by one."""
    flooded, few = tmp_path / "flooded", tmp_path / "few"
    for folder, count in ((flooded, 120), (few, 40)):
        (folder / "deep").mkdir(parents=True)
        (folder / "file").write_text("")
        for number in range(count):
            os.link(folder / "file", folder / "deep" / f"link-{number}")
    with pytest.raises(tree_removal.TooManyEntries):
        tree_removal.empty_folder(str(flooded), most=100)
    assert os.listdir(flooded / "deep"), "what is left stays: the caller starts afresh elsewhere"
    assert tree_removal.empty_folder(str(few), most=100) and os.listdir(few) == []
    # A kept name (a mount point) costs nothing to pass over: a folder one name over the most, it among them, is
    # still more than the most, never called empty with names left unread.
    (few / "kept").mkdir()
    for number in range(100):
        (few / f"file-{number}").write_text("")
    with pytest.raises(tree_removal.TooManyEntries):
        tree_removal.empty_folder(str(few), kept={str(few / "kept")}, most=100)


class _SlowToFork(ZygoteSpawner):
    """A zygote that takes its time before it forks, as one emptying what an earlier learner's run left does."""

    def _tell(self, request, fds=()):
        if request.get("op") == "fork":
            time.sleep(1.5)
        super()._tell(request, fds)


def _answer(spawner, folder, limits=Limits()):
    sandbox = Sandbox(limits, spawner, start=False)
    try:
        sandbox.load(folder / "main.py", [folder / "scenarios.py"])
        return sandbox.learner_answer("answer")[0]
    finally:
        sandbox.close()


def test_the_time_before_the_learners_worker_greets_the_judge_is_not_the_learners(tmp_path):
    (tmp_path / "scenarios.py").write_text("def answer(nn, rng):\n    return {'value': nn.value}\n")
    (tmp_path / "main.py").write_text("value = 42\n")
    spawner = _SlowToFork()
    try:
        assert _answer(spawner, tmp_path, Limits(run_seconds=1.0)) == {"value": 42}
    finally:
        spawner.close()


def test_a_zygote_with_more_to_sweep_than_it_may_gives_way_to_a_new_one(tmp_path):
    """The next learner's worker is forked by a new zygote, whose sandbox holds nothing of the flood."""
    spawner = ZygoteSpawner()
    if not spawner.sandboxed:
        pytest.skip("only a sandboxed zygote sweeps between learners")
    flooder, honest = tmp_path / "flooder", tmp_path / "honest"
    for folder, main in ((flooder, "import os\nopen('file', 'w').close()\n"
                                   f"for number in range({zygote.MAX_SWEPT_ENTRIES + 1000}):\n"
                                   "    os.link('file', f'link-{number}')\nvalue = 0\n"),
                         (honest, "value = 42\n")):
        folder.mkdir()
        (folder / "scenarios.py").write_text("def answer(nn, rng):\n    return {'value': nn.value}\n")
        (folder / "main.py").write_text(main)
    try:
        assert _answer(spawner, flooder) == {"value": 0}
        first = spawner.zygote.pid
        assert _answer(spawner, honest) == {"value": 42}
        assert spawner.zygote.pid != first
    finally:
        spawner.close()
