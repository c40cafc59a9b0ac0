"""The `grade` process the learner's loop starts for each grading (`grade watch`, the notebook's %grade)."""
import os
import sys

from grader.course import PACKAGE_PARENT

# -I: neither the working directory (a learner's `random.py` or `grader/` beside their main.py) nor PYTHONPATH
# (which a notebook's cells may set) comes before the grader's own modules in the process that judges.
BOOTSTRAP = ("import sys; sys.path.insert(0, sys.argv.pop(1)); sys.argv[0] = 'grade'; "
             "from grader.cli.entry import console_script; console_script()")
# Libraries the dynamic loader would load into that process, set from a notebook's cells as easily as PYTHONPATH.
LOADER_VARIABLES = ("LD_PRELOAD", "LD_AUDIT")


def grade_command(*arguments):
    """The command line of `grade ARGUMENTS...` run by this Python, isolated from where it is started."""
    return [sys.executable, "-I", "-c", BOOTSTRAP, str(PACKAGE_PARENT), *map(str, arguments)]


def grade_environment():
    """This process's environment, without what would load code of the learner's choosing into the judge."""
    return {name: value for name, value in os.environ.items() if name not in LOADER_VARIABLES}
