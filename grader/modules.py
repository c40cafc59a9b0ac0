"""Importing a Python file by its path, for the course's own files and the learner's alike.

Both sides use it: the judge for spec and scenario files, the worker for the
learner's file; so it imports nothing of the grader.
"""
import importlib.util
import sys

imported = []   # the paths import_path has run in this process


def import_path(module_name, path, register=False):
    """The module made by running the file at `path`; `register` also enters it in sys.modules first,
    as a normal import would, so the file may import itself by name."""
    imported.append(str(path))
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    if register:
        sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
