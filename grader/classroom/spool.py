"""The submissions read from a roster, kept in one unnamed temporary file until they are graded.

Reading a roster appends each submission's bytes here, under a name of its own, rather than writing a
file per submission into a staging folder: on a journaled disk, making, reading back and removing a
thousand small files took longer than reading the roster itself. The file has no name, so nothing that
runs later (a learner's code among it) can find it by a path; the grading pool still checks every
submission's bytes against the digest taken when the roster was read (grader.judge.pool).
"""
import os
import tempfile


class Spool:
    """Bytes kept by name: `stage` while the roster is read, `read` while the class is graded."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        self.where = {}     # name -> (offset, length) in the file

    def stage(self, name, data):
        """Keep `data` under `name`; returns the name."""
        offset = self.file.seek(0, os.SEEK_END)
        self.file.write(data)
        self.where[name] = (offset, len(data))
        return name

    def read(self, name):
        """The bytes kept under `name`, as they were staged."""
        offset, length = self.where[name]
        self.file.seek(offset)
        return self.file.read(length)

    def close(self):
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
