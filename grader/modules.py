"""Importing a Python file by its path, for the course's own files and the learner's alike.

Both sides use it: the judge for spec and scenario files, the worker for the
learner's file; so it imports nothing of the grader.
"""
import importlib.util
import re
import sys
import types

imported = []   # the paths import_path has run in this process
# The folders whose files a course seal or the code digest read into this process's memory (the reference's
# source among them): a zygote forked afterwards would carry them to the learner's code.
read = []


def import_path(module_name, path, register=False, code=None):
    """The module made by running the file at `path`; `register` also enters it in sys.modules first,
    as a normal import would, so the file may import itself by name. `code`: what the file compiles to,
    if the caller has it already (see `at_path`)."""
    imported.append(str(path))
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    if register:
        sys.modules[module_name] = module
    if code is None:
        spec.loader.exec_module(module)
    else:
        exec(code, vars(module))
    return module


def at_path(code, path):
    """`code`, compiled from a file's text elsewhere, as if compiled from the file at `path` (tracebacks, warnings
    and `inspect` name the file by each code object's co_filename)."""
    constants = tuple(at_path(constant, path) if isinstance(constant, types.CodeType) else constant
                      for constant in code.co_consts)
    return code.replace(co_filename=path, co_consts=constants)


# Where Python ends a line of source. str.splitlines also ends one at U+2028, U+0085 and form feeds, which Python
# reads as part of the line: a comment would end there, and line numbers would drift from the tracebacks'.
_LINE_END = re.compile(r"\r\n|\r|\n")


def python_lines(text):
    """The lines of source `text` as Python numbers them (line n is item n - 1), without their line ends."""
    lines = _LINE_END.split(text)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()   # the last line's end
    return lines
