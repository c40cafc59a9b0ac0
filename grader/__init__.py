"""nnfs-grade: checks for the exercises of Neural Networks from Scratch in Python."""

__version__ = "0.1.0"
