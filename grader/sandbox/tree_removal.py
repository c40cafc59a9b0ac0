"""Removing folders a learner's code could fill: however deep, however locked, without following a link.

shutil.rmtree of Python 3.11 recurses once per level and keeps a descriptor open per level: a tree a few
thousand folders deep, which a worker makes in a second, raised RecursionError (which ignore_errors does not
cover) in the process removing it, or was left half removed once the descriptors ran out. Here one folder is
open at a time, and the way back up is each folder's "..".
"""
import itertools
import os
import stat

_OPEN_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_OWNER_ONLY = stat.S_IRWXU


class TooManyEntries(Exception):
    """A folder held more entries than the caller would remove (empty_folder's `most`)."""


class _Budget:
    """How many more entries may be removed; None: any number."""

    def __init__(self, most=None):
        self.left = most

    def spend(self):
        if self.left is not None:
            self.left -= 1
            if self.left < 0:
                raise TooManyEntries


_UNLIMITED = _Budget()


def remove_tree(path):
    """Remove `path` (a folder and all it holds, or a file or link); True when nothing of it is left.

    Never raises OSError: what cannot be removed stays, and the answer is False."""
    parent, name = os.path.split(os.path.abspath(path))
    return _in_folder(parent, lambda fd: _remove_entry(fd, name))


def empty_folder(folder, kept=frozenset(), most=None):
    """Remove what `folder` holds but the paths in `kept` and the folders that lead to them (mount points, which
    cannot be removed); True when nothing else is left. Never raises OSError. `most`: how many files and folders
    it removes before it gives up and raises TooManyEntries, what is left staying (a folder filled faster than
    anything can empty it, with hard links that cost no space)."""
    budget = most if isinstance(most, _Budget) else _Budget(most)

    def empty(fd):
        emptied = True
        for name in [entry.name for entry in _entries(fd, budget)]:
            path = os.path.join(folder, name)
            if path in kept:
                continue
            if any(point.startswith(path + "/") for point in kept):
                emptied = empty_folder(path, kept, budget) and emptied
            else:
                emptied = _remove_entry(fd, name, budget) and emptied
        return emptied

    return _in_folder(folder, empty)


def _in_folder(folder, act):
    """act(`folder` opened): its answer; True where there is no `folder`, False where it cannot be opened or read."""
    try:
        fd = os.open(folder, _OPEN_FOLDER)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        return act(fd)
    except OSError:
        return False
    finally:
        os.close(fd)


def _remove_entry(folder_fd, name, budget=_UNLIMITED):
    budget.spend()
    try:
        os.unlink(name, dir_fd=folder_fd)
        return True
    except FileNotFoundError:
        return True
    except IsADirectoryError:
        pass
    except PermissionError:
        # unlink(2) of a folder gives EPERM on some kernels, and a folder without write permission refuses it.
        if not _is_folder(folder_fd, name):
            return _retried(os.unlink, folder_fd, name)
    except OSError:
        return False
    return _remove_folder(folder_fd, name, budget)


def _remove_folder(parent_fd, name, budget=_UNLIMITED):
    """Remove the folder `name` of `parent_fd` and everything below it, one open folder at a time."""
    fd = _open_folder(parent_fd, name)
    if fd is None:
        return False
    try:
        # From `name` down to the open folder: each one's name, and its subfolders not yet visited.
        names, removed, subfolders = [name], *_remove_files(fd, budget)
        pending = [subfolders]
        while names:
            if pending[-1]:
                child_name = pending[-1].pop()
                child = _open_folder(fd, child_name)
                if child is None:
                    removed = False
                    continue
                os.close(fd)
                fd = child
                names.append(child_name)
                files_removed, subfolders = _remove_files(fd, budget)
                removed = removed and files_removed
                pending.append(subfolders)
                continue
            # Nothing left to visit in the open folder: up, and remove it.
            pending.pop()
            try:
                up = os.open("..", _OPEN_FOLDER, dir_fd=fd)
            except OSError:
                return False
            os.close(fd)
            fd = up
            budget.spend()
            removed = _retried(os.rmdir, fd, names.pop()) and removed
        return removed
    finally:
        os.close(fd)


def _remove_files(fd, budget=_UNLIMITED):
    """Remove every entry of the open folder `fd` but its subfolders: (whether all went, the subfolders' names)."""
    try:
        listed = _entries(fd, budget)
    except OSError:
        return False, []
    removed, subfolders = True, []
    for entry in listed:
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder:
            subfolders.append(entry.name)
            continue
        budget.spend()
        if not _retried(os.unlink, fd, entry.name):
            removed = False
    return removed, subfolders


def _entries(fd, budget):
    """The entries of the open folder `fd` (os.DirEntry); TooManyEntries where there are more than `budget` has
    left, found without reading a folder of millions whole."""
    with os.scandir(fd) as entries:
        listed = list(entries if budget.left is None else itertools.islice(entries, budget.left + 1))
    if budget.left is not None and len(listed) > budget.left:
        raise TooManyEntries
    return listed


def _retried(remove, folder_fd, name):
    """remove(name, dir_fd=folder_fd), once more after giving the folder's owner every permission on it."""
    try:
        remove(name, dir_fd=folder_fd)
        return True
    except FileNotFoundError:
        return True
    except PermissionError:
        pass
    except OSError:
        return False
    try:
        os.chmod(folder_fd, _OWNER_ONLY)
        remove(name, dir_fd=folder_fd)
        return True
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _open_folder(parent_fd, name):
    """The folder `name` of `parent_fd` opened (never through a link), made readable first where it is not; None
    where it cannot be."""
    for attempt in range(2):
        try:
            return os.open(name, _OPEN_FOLDER, dir_fd=parent_fd)
        except PermissionError:
            if attempt:
                return None
            try:
                # A folder (scandir said so, and nothing else runs in it now): chmod follows no link here.
                os.chmod(name, _OWNER_ONLY, dir_fd=parent_fd)
            except OSError:
                return None
        except OSError:
            return None


def _is_folder(folder_fd, name):
    try:
        return stat.S_ISDIR(os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False
