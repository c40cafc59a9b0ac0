"""nnfs-grade: checks for the exercises of Neural Networks from Scratch in Python."""

__version__ = "0.1.0"

# The course's own packages: a submission that imports one of them earns nothing.
BLOCKED_PACKAGES = ("reference", "solutions", "grader")


def load_ipython_extension(ipython):
    """`%load_ext grader` in Jupyter or Colab: adds the `%grade CHALLENGE` magic."""
    from grader.learner.notebook import register

    register(ipython)


def check(challenge=None, notebook=None):
    """Grade CHALLENGE from a notebook: what it has run so far, or the saved `notebook` file; shows inline."""
    from grader.learner.notebook import check as grade_in_notebook

    return grade_in_notebook(challenge, notebook)
