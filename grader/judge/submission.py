"""Reading a learner's file once, with limits: a regular file of at most 1 MiB, or a sentence saying why not.

A path given to the grader may name a FIFO (opening it would wait for a
writer forever), a device such as /dev/zero (reading it never ends), or a link
to one. The file is checked before it is opened, opened without blocking, and
checked again on the open descriptor, so a swap in between is caught too.
"""
import hashlib
import os
import re
import stat

MAX_BYTES = 1 << 20


def content_digest(data, notebook):
    """The sha256 that names a submission in class grading, whose result every identical submission shares.

    The same bytes judged as a notebook (its code cells run) and as a .py file are different submissions,
    so a notebook's digest covers its kind too; a .py file's is the digest of its bytes alone.
    """
    return hashlib.sha256((b"notebook\0" if notebook else b"") + data).hexdigest()


class SubmissionRefused(Exception):
    """The submission cannot be graded as it is; the message says why and what to do."""


class SubmissionTooLarge(SubmissionRefused):
    """The submission is larger than it may be."""


class NotebookError(Exception):
    """The file is not a notebook that can be read; the message says what to do."""


def is_notebook(path):
    """Whether the file at `path` is graded as a Jupyter notebook (its name ends in .ipynb, in any case)."""
    return os.path.splitext(path)[1].lower() == ".ipynb"


READ_BYTES = 1 << 16    # what each read past the size fstat gave asks for, where a file grows as it is read


def read_submission(path, limit=MAX_BYTES, advice=None):
    """The bytes of the learner's file at `path`, read once and at most `limit` of them; SubmissionRefused
    otherwise. `advice`: what the refusal tells the learner to do, where a submission's advice does not fit."""
    check_regular(path, limit, advice)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise SubmissionRefused(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        info = os.fstat(descriptor)
        _check(info, path, limit, advice)
        chunks, size = [], 0
        while size <= limit:
            # As much as the file holds and a byte more, to see its end: os.read allocates all it is asked for, and
            # `limit` at once (64 MiB for a course's file) would cost more than the read.
            chunk = os.read(descriptor, min(limit + 1 - size, max(info.st_size + 1 - size, READ_BYTES)))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise SubmissionRefused(f"Cannot read {path}: {exc.strerror}.") from None
    finally:
        os.close(descriptor)
    if size > limit:
        raise _too_large(path, limit, advice)
    return b"".join(chunks)


def check_regular(path, limit=MAX_BYTES, advice=None):
    """Raise SubmissionRefused, as read_submission would, unless `path` is a regular file (or a link to one) of at
    most `limit` bytes; nothing is opened. For what is read by another means, such as an import, which must never
    meet a pipe or a device."""
    try:
        _check(os.stat(path), path, limit, advice)
    except OSError as exc:
        raise SubmissionRefused(f"Cannot read {path}: {exc.strerror}.") from None


def _check(info, path, limit, advice):
    if not stat.S_ISREG(info.st_mode):
        raise SubmissionRefused(f"{path} is {_kind(info.st_mode)}, not a regular file, so it was not read. "
                                f"{advice or 'Point the grader at your .py file itself.'}")
    if info.st_size > limit:
        raise _too_large(path, limit, advice)


def _too_large(path, limit, advice=None):
    if advice is not None:
        return SubmissionTooLarge(f"{path} is larger than {limit >> 20} MiB, so it was not read. {advice}")
    return SubmissionTooLarge(f"{path} is larger than {limit >> 20} MiB, so it was not read; a submission "
                             "never needs to be that large. Remove any data pasted into it.")


def _kind(mode):
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a plain file"


# A coding declaration (PEP 263), which Python looks for in a file's first two lines.
CODING_LINE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")


def script_encoding_note(content, name):
    """A note where the .py file `name` declares no encoding (PEP 263) and its bytes are no UTF-8: Python's import
    reads it where the stray bytes lie in a comment, which the import never decodes, but `python main.py` refuses
    it with a SyntaxError. () otherwise: with a coding line both read the file alike. `name` None: a copy of the
    learner's file, whose own name the note does not know (a class's, whose identical files are graded once)."""
    if any(CODING_LINE.match(line) for line in content.split(b"\n", 2)[:2]):
        return ()
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        return (f"{name or 'The file'} is not UTF-8 text: its byte 0x{content[exc.start]:02x} on line {line} (an "
                "accented letter saved in another encoding, such as Windows-1252) makes "
                + (f"`python {name}` refuse to run it" if name else "Python refuse to run it as a script")
                + ", though grade could import it. Save it as UTF-8 (your editor's encoding setting).",)
    return ()
