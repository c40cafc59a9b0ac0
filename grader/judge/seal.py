"""The course as the judge loaded it: every file that decides a grade, read once before any learner's code runs.

A learner's code runs as the same user as the judge unless the operating
system confines it, so it could rewrite a spec, a scenario, the reference or
the grader itself, to be loaded by whatever the judge starts or imports next.
The seal keeps each file's bytes as they were, serves the scenarios' source
from them, and puts back any file found changed: before a replacement
process starts, and when the learner's code has finished. Where the learner's
code is known to have run confined, a changed file was edited from outside
(by whoever runs the grader) and is left as it is.
"""
import contextlib
import importlib.util
import marshal
import os
import stat
import sys
import time
import types
from pathlib import Path

from grader import modules
from grader.course import PACKAGE_PARENT, files_under, read_course_file, state_folder

# What the grader loads after start-up: its modules, its templates and pytest's settings.
GRADER_SUFFIXES = (".py", ".j2", ".ini")
RACY_NS = 2 * 10**9   # a file written this shortly before it was sealed is compared byte for byte (_untouched)
KEPT_BYTES = 1 << 20   # a changed file larger than this is put back without a copy: no course file comes near it


# Every field of a code object but its file name, which the import system sets again as it loads a cache, its
# constants, which code's own == compares, and co_lnotab, deprecated and made from co_linetable.
_CODE_FIELDS = tuple(name for name in dir(types.CodeType) if name.startswith("co_")
                     and name not in ("co_filename", "co_consts", "co_lnotab")
                     and not callable(getattr(types.CodeType, name)))


def _same_code(cached, compiled):
    """Whether code object `cached` is `compiled`, field by field, nested code too: code's own == leaves out
    fields the interpreter trusts (in Python 3.11 the stack size a frame is given, co_stacksize)."""
    if type(cached) is not types.CodeType or cached != compiled:
        return False
    if any(getattr(cached, name) != getattr(compiled, name) for name in _CODE_FIELDS):
        return False
    nested = [(one, other) for one, other in zip(cached.co_consts, compiled.co_consts)
              if isinstance(one, types.CodeType) or isinstance(other, types.CodeType)]
    return all(_same_code(one, other) for one, other in nested)


class CourseSeal:
    """The bytes of the course files of `challenges` under `root`, and of the reference and the grader, as read now
    (with `code` False, the reference and the grader once add_code is called)."""

    def __init__(self, root, challenges, code=True):
        self.root = root = Path(root)
        modules.read.append(str(root))
        self.files = {}
        # Each sealed module's bytecode cache: its bytes then, or None where there was none or where only whether it
        # changed matters (the reference's and the grader's, whose code runs from the import system, not from here).
        self.caches = {}
        self.cache_paths = {}       # each sealed module's bytecode cache's path
        self.stamps = {}            # each sealed module's (mtime, size), as a bytecode cache records them
        self.identities = {}        # each sealed file's and cache's _identity then (None: there was none)
        self.compiled = {}          # code objects of sealed modules compiled in this process
        self.kept = None            # the folder where restore() last kept the changed files, as found
        # Set once the learners' code is known to have run confined, where it cannot write these files: a file
        # changed then was edited from outside (by whoever runs the grader), and restore() leaves it as it is.
        self.learners_confined = False
        self.sealed_at = time.time_ns()
        self._seal([path for challenge in challenges for path in _challenge_files(challenge)])
        if code:
            self.add_code()

    def add_code(self):
        """Seal the reference's and the grader's files too (read now, as add reads them)."""
        self._seal(files_under(self.root / "reference", (".py",))
                   + files_under(Path(PACKAGE_PARENT) / "grader", GRADER_SUFFIXES), keep_caches=False)

    def add(self, challenges):
        """Seal the files of these challenges too, those not sealed already (read now; a file changed since the
        seal began is compared byte for byte whenever it is checked, as a racy one is: _untouched)."""
        self._seal([path for challenge in challenges for path in _challenge_files(challenge)])

    def _seal(self, paths, keep_caches=True):
        """`keep_caches`: keep the bytes of each module's bytecode cache, which `code` runs from and `restore` puts
        back; without them, a cache that changed is removed, and Python compiles the sealed source again."""
        for path in dict.fromkeys(paths):
            if path in self.identities:
                continue
            if not os.path.lexists(path):
                continue  # a file that does not exist now cannot be loaded later either
            try:
                identity = self.identities[path] = _identity(path)
                # A pipe or a device in a course file's place is named (CourseError), never waited on or read
                # without end.
                self.files[path] = read_course_file(path)
                if path.suffix == ".py":
                    # What a bytecode cache records of its source, which Python reads through links.
                    info = identity if identity and stat.S_ISREG(identity[0]) else _identity(path.resolve())
                    self.stamps[path] = ((info[4] // 10**9) & 0xFFFFFFFF, info[3] & 0xFFFFFFFF)
            except OSError:
                continue  # gone meanwhile
            if path.suffix == ".py":
                cache = self.cache_paths[path] = Path(importlib.util.cache_from_source(path))
                self.identities[cache] = _identity(cache)
                self.caches[path] = read_or_none(cache) if keep_caches else None

    def source(self, path):
        """The text of `path` as it was sealed (scenarios reach the worker this way, not from disk)."""
        return self.files[Path(path)].decode("utf-8")

    def code(self, path):
        """The code object of the sealed module `path`: from its bytecode cache as sealed, if that cache belongs
        to the sealed source (the check Python makes), else compiled from the sealed text and cached as Python
        would cache it."""
        cache, stamp = self.caches.get(path), self.stamps.get(path)
        if cache and stamp and cache[:4] == importlib.util.MAGIC_NUMBER and cache[4:16] == _header(*stamp):
            try:
                return marshal.loads(cache[16:])
            except (EOFError, ValueError, TypeError):
                pass  # an unreadable cache is compiled again, as Python would
        code = self.compiled[path] = compile(self.files[path], str(path), "exec", dont_inherit=True)
        if stamp and not sys.dont_write_bytecode:
            with contextlib.suppress(OSError):
                target = Path(importlib.util.cache_from_source(path))
                target.parent.mkdir(exist_ok=True)
                _write_in_one_step(target, importlib.util.MAGIC_NUMBER + _header(*stamp) + marshal.dumps(code))
        return code

    def changed(self):
        """The sealed files whose bytes on disk are no longer the sealed ones (or that are no longer regular files)."""
        return [path for path, data in self.files.items()
                if not self._untouched(path) and _read_regular(path, len(data)) != data]

    def _untouched(self, path):
        """Whether `path` is the very file it was when sealed, unwritten since, so that it need not be read again.

        Any write changes a file's ctime, which no system call sets back, and a replacement is another inode.
        The kernel's clock ticks coarsely, so a file changed shortly before it was sealed could change again
        within the same tick unseen: such a file is always read again (git's "racy" entries, racy-git.txt)."""
        sealed = self.identities.get(path, False)
        if sealed is False or _identity(path) != sealed:
            return False
        return sealed is None or max(sealed[4], sealed[5]) < self.sealed_at - RACY_NS

    def restore(self):
        """Put every changed file back as it was sealed; returns the paths put back, or, where the learners' code
        ran confined (learners_confined), the changed files, left as they are.

        A module's bytecode cache is trusted by Python as much as its source, so a cache that changed is put
        back too, and one written since the seal is kept only if it is what the sealed source compiles to.
        """
        changed = self.changed()
        if self.learners_confined:
            return changed
        if changed:
            self.kept = self._keep(changed)
        for path in changed:
            _write_in_one_step(path, self.files[path])
        for source, sealed in self.caches.items():
            cache = self.cache_paths[source]
            if self._untouched(cache):
                continue
            now = read_or_none(cache)
            if now == sealed or self._compiled_from(now, source):
                continue
            if sealed is None:
                cache.unlink(missing_ok=True)
            else:
                _write_in_one_step(cache, sealed)
            changed.append(cache)
        return changed

    def _keep(self, paths):
        """Copy the changed files, as found, into the course's state folder before they are put back: whoever
        edited the course while a grade ran finds the edits there. Returns that folder, or None when nothing
        could be kept (a file that is not a regular one, or is larger than any course file, is not)."""
        kept = None
        for path in paths:
            data = _read_regular(path, KEPT_BYTES)
            if data is None:
                continue
            try:
                kept = kept or state_folder(self.root, "changed", f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
                target = kept / self._kept_name(path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            except OSError:
                continue   # a state folder that cannot be written: the file is put back all the same
        return kept

    def _kept_name(self, path):
        """Where a changed copy of `path` goes in the kept folder: its place in the course, or in the grader's
        installation for the grader's files. Never absolute, so never outside that folder."""
        for base in (self.root, Path(PACKAGE_PARENT)):
            try:
                return Path(path).relative_to(base)
            except ValueError:
                continue
        return Path(Path(path).name)

    def _compiled_from(self, cache, path):
        """Whether the bytecode cache `cache` holds the code the sealed source of `path` compiles to.

        Code objects are compared, not bytes: marshal's output depends on reference counts in the process
        that wrote it."""
        if cache is None or len(cache) < 16 or cache[:4] != importlib.util.MAGIC_NUMBER:
            return False
        try:
            cached = marshal.loads(cache[16:])
            if path not in self.compiled:
                self.compiled[path] = compile(self.files[path], str(path), "exec", dont_inherit=True)
        except (EOFError, ValueError, TypeError, SyntaxError):
            return False
        return _same_code(cached, self.compiled[path])

    @contextlib.contextmanager
    def serving(self, paths):
        """While inside, whoever imports one of these sealed files by path (pytest's importlib mode asks
        sys.meta_path first) gets its sealed text."""
        finder = _SealedFinder(self, paths)
        sys.meta_path.insert(0, finder)
        try:
            yield
        finally:
            sys.meta_path.remove(finder)

    def module(self, name, path):
        """The module `name` made by running the sealed file `path`, entered in sys.modules as an import would."""
        path = Path(path)
        loader = _SealedLoader(self, path)
        module = importlib.util.module_from_spec(importlib.util.spec_from_file_location(name, path, loader=loader))
        sys.modules[name] = module
        loader.exec_module(module)
        return module

    @staticmethod
    def sealed(module):
        """Whether `module` was run from a sealed text (by `serving`, in this run or an earlier one)."""
        return isinstance(getattr(module, "__loader__", None), _SealedLoader)

    def shown(self, path):
        """`path` as a report shows it: relative to the course, where it lies inside."""
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)


class _SealedFinder:
    """Finds the sealed files for sys.meta_path. A finder needs only find_spec, and a loader create_module and
    exec_module: importlib.abc's base classes would cost milliseconds to import."""

    def __init__(self, seal, paths):
        self.seal, self.paths = seal, {Path(path) for path in paths}

    def find_spec(self, fullname, path=None, target=None):
        if not path:
            return None
        location = Path(path[0]) / (fullname.rpartition(".")[2] + ".py")
        if location not in self.paths:
            return None
        return importlib.util.spec_from_file_location(fullname, location, loader=_SealedLoader(self.seal, location))


class _SealedLoader:
    """Runs a module from what it was when sealed: its text, or its bytecode cache as read then."""

    def __init__(self, seal, path):
        self.seal, self.path = seal, path

    def create_module(self, spec):
        return None   # the default module

    def exec_module(self, module):
        try:
            exec(self.seal.code(self.path), vars(module))
        except BaseException:
            # As Python's own import does: a module that failed half-way is not left for the next import
            # (pytest, and a later run in this process, would take it from sys.modules and grade with half a spec).
            if sys.modules.get(module.__name__) is module:
                del sys.modules[module.__name__]
            raise


def _identity(path):
    """(mode, device, inode, size, mtime, ctime) of `path` itself, never of what a link points to; None if missing."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    return info.st_mode, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def read_or_none(path):
    """The bytes of the file at `path`, or None where it cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def _read_regular(path, limit):
    """The bytes of `path` when it is a regular file of at most `limit` bytes, else None. It never follows a
    symbolic link, nor waits on a pipe a learner's code may have put in a course file's place."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _write_in_one_step(path, data):
    partial = path.with_name(f".{path.name}.{os.getpid()}.restoring")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


def _header(mtime, size):
    """A timestamp bytecode cache's flags, source time and source size (PEP 552)."""
    return (0).to_bytes(4, "little") + mtime.to_bytes(4, "little") + size.to_bytes(4, "little")


def _challenge_files(challenge):
    """Everything of a challenge that decides a grade (its stub, main.py, is the learner's to change)."""
    return [*challenge.check_files, challenge.path / "challenge.toml"]
