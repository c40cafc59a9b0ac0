"""nnfs-grade: checks for the exercises of Neural Networks from Scratch in Python."""

__version__ = "0.1.0"

# The course's own packages: a submission that imports one of them earns nothing.
BLOCKED_PACKAGES = ("reference", "solutions", "grader")
