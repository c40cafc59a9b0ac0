"""`grade reset`: a challenge's main.py put back as the course ships it, the learner's own version backed up first.

main.py is replaced, never written through: where it is a link, the file it points to (which may lie anywhere,
outside the course too) is left as it is, and main.py becomes a regular file holding the stub. What main.py is
read from is read as a submission is (grader.judge.submission), so a folder, a named pipe or a device is refused
before anything is touched, rather than hanging or read without end.
"""
import os
import shutil

from grader.course import replace_file
from grader.judge.submission import SubmissionRefused, read_submission
from grader.learner.progress import Progress

# A backup keeps the learner's whole file, which may be larger than a submission may be graded at (1 MiB); this
# only keeps a link to /dev/zero-sized data out of memory.
BACKUP_LIMIT = 64 << 20


class ResetRefused(Exception):
    """main.py cannot be reset as it is; the message says why and what to do. Nothing was changed."""


def learners_version(challenge):
    """The bytes main.py shows now (through a link, if it is one), or None where there is nothing to back up (no
    main.py, or a link to nothing). Raises ResetRefused where it cannot be read as a file."""
    if not os.path.lexists(challenge.stub) or not os.path.exists(challenge.stub):
        return None
    advice = (f"grade reset backs main.py up before replacing it, and can back up only a plain file (or a link to "
              f"one) of at most {BACKUP_LIMIT >> 20} MiB: move {challenge.stub} out of the way yourself, then run "
              f"grade reset {challenge.number} again.")
    try:
        return read_submission(challenge.stub, BACKUP_LIMIT, advice=advice)
    except SubmissionRefused as refused:
        raise ResetRefused(f"Nothing was reset. {refused}") from None


def reset(root, challenge, current, shipped):
    """Back `current` (learners_version's bytes) up, unless None, then replace main.py with `shipped`, the bytes of
    the stub as shipped (Challenge.read_pristine). Returns the backup's path, or None. Raises ResetRefused (nothing
    replaced) where main.py cannot be replaced."""
    try:
        backup = Progress(root).backup(challenge, current) if current is not None else None
    except OSError as exc:
        raise ResetRefused(f"Nothing was reset: your version of {challenge.stub} could not be backed up "
                           f"({exc.strerror or exc}). Make room in the course's .nnfs-grade folder, then run "
                           f"grade reset {challenge.number} again.") from None
    try:
        _replace(challenge.stub, challenge.pristine, shipped)
    except OSError as exc:
        kept = f" Your version is in {backup}." if backup else ""
        raise ResetRefused(f"{challenge.stub} could not be replaced with the stub ({exc.strerror or exc}), so it is "
                           f"as it was.{kept} Move it out of the way, then run grade reset {challenge.number} "
                           "again.") from None
    return backup


def _replace(stub, pristine, shipped):
    # A rename replaces a link itself, never the file it points to.
    replace_file(stub, shipped)
    shutil.copymode(pristine, stub)
