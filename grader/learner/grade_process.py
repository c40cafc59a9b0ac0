"""The `grade` process the learner's loop starts for each grading (`grade watch`, the notebook's %grade)."""
import os
import sys

from grader.course import PACKAGE_PARENT

# -I: neither the working directory (a learner's `random.py` or `grader/` beside their main.py) nor PYTHONPATH
# (which a notebook's cells may set) comes before the grader's own modules in the process that judges.
# The process that started it passes its pid: a `grade` left running after a watch or a kernel was killed would
# go on grading for no one until its time limits.
BOOTSTRAP = ("import sys; sys.path.insert(0, sys.argv.pop(1)); "
             "from grader.learner.grade_process import end_with_parent; end_with_parent(int(sys.argv.pop(1))); "
             "sys.argv[0] = 'grade'; from grader.cli.entry import console_script; console_script()")
# Libraries the dynamic loader would load into that process, set from a notebook's cells as easily as PYTHONPATH.
LOADER_VARIABLES = ("LD_PRELOAD", "LD_AUDIT")


def grade_command(*arguments):
    """The command line of `grade ARGUMENTS...` run by this Python, isolated from where it is started."""
    return [sys.executable, "-I", "-c", BOOTSTRAP, str(PACKAGE_PARENT), str(os.getpid()), *map(str, arguments)]


def end_with_parent(parent):
    """Have this process killed when its parent, pid `parent`, ends (on Linux: elsewhere it goes on alone); end now
    if it has ended already."""
    if sys.platform.startswith("linux"):
        from grader.sandbox.namespaces import die_with_parent

        try:
            die_with_parent(parent)
        except OSError:
            pass   # a system that refuses prctl: the grading ends at its time limits, as it would elsewhere


def grade_environment():
    """This process's environment, without what would load code of the learner's choosing into the judge."""
    return {name: value for name, value in os.environ.items() if name not in LOADER_VARIABLES}
