"""What the worker does to itself before any learner code runs: resource limits, Landlock and seccomp.

All three outlive `exec` and are inherited by every child, so nothing the learner's code
starts can undo them. The seccomp filter is built with libseccomp (through `pyseccomp`):
the kernel's BPF filter format is easy to get wrong by hand. Landlock is three documented
system calls on two small structures (landlock(7)), called here through ctypes.
"""
import errno
import functools
import os
import resource
import sys

# RLIMIT_NPROC, counted per user namespace (so inside bwrap it bounds the sandbox alone), and the pids cgroup's limit.
MAX_PROCESSES = 64
MAX_OPEN_FILES = 256     # also bounds the pipe and socket buffers a process can hold
# Calls that make memory the address-space limit does not count (memfd, SysV shared memory),
# reach into other processes, or widen the kernel's surface for no use a learner's NumPy code has.
REFUSED_SYSCALLS = (
    "memfd_create", "memfd_secret", "userfaultfd",
    # SysV IPC objects and POSIX message queues outlive the process that made them, in the sandbox's IPC namespace:
    # the next worker its zygote forks would find them.
    "shmget", "shmat", "msgget", "semget", "mq_open",
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",
    # A session of its own is a scheduling group of its own where the kernel groups tasks by session (autogroup):
    # children that each made one would share the processors as equals of every other grading, whatever its nice.
    "setsid",
    "perf_event_open", "bpf", "add_key", "request_key", "keyctl",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "open_by_handle_at",
    # The new mount API: what `mount` does, by other calls (mount_setattr can make a read-only bind writable).
    "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
)


CLONE_NEWUSER = 0x10000000   # <linux/sched.h>
AF_UNIX = 1                  # <sys/socket.h>

# --- Landlock (landlock(7)) ---------------------------------------------------------------

SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446  # every architecture
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2
# Devices a program may open for writing; everything else under /dev is read-only.
WRITABLE_DEVICES = ("/dev/null", "/dev/zero", "/dev/full")
# Read-only for everything: the dynamic linker's and NumPy's own look-ups.
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime")
TOP_LEVEL_FOLDERS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")   # often links into /usr
# The devices a program may read. Not the whole of /dev: outside bubblewrap it is the machine's own, with its disks.
READABLE_DEVICES = (*WRITABLE_DEVICES, "/dev/random", "/dev/urandom")
SYSTEM_FOLDERS = ("/usr", *TOP_LEVEL_FOLDERS, *SYSTEM_FILES, "/proc", *READABLE_DEVICES)


@functools.cache
def python_folders():
    """The paths of the interpreter's installation and site-packages, as Python names them and as links resolve."""
    import sysconfig

    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                  os.path.dirname(sys.executable), os.path.dirname(os.path.realpath(sys.executable)),
                  *(sysconfig.get_paths().get(key, "") for key in ("stdlib", "platstdlib", "purelib", "platlib"))}
    return sorted({place for path in candidates if path and os.path.isdir(path)
                   for place in (os.path.abspath(path), os.path.realpath(path))})


def cut_out(paths, hidden):
    """`paths` without the folder `hidden` (a real path): a path that holds it is replaced by what it holds, down to
    the folder that holds `hidden`, but `hidden` itself. Landlock rules allow whole hierarchies and cannot refuse
    a part of one."""
    kept = []
    for path in paths:
        real = os.path.realpath(path)
        if real == hidden:
            continue
        if not hidden.startswith(real.rstrip("/") + "/"):
            kept.append(path)
            continue
        try:
            entries = os.listdir(real)
        except OSError:
            continue
        kept.extend(cut_out([os.path.join(real, entry) for entry in sorted(entries)], hidden))
    return kept


@functools.cache
def landlock_abi():
    """The kernel's Landlock ABI version, 0 where there is none (asked once: it is the running kernel's)."""
    if not sys.platform.startswith("linux"):
        return 0
    version = _syscall(SYS_LANDLOCK_CREATE_RULESET, None, 0, LANDLOCK_CREATE_RULESET_VERSION)
    return max(version, 0)


def landlock_layer():
    from grader.sandbox.confinement import Layer

    abi = landlock_abi()
    if abi == 0:
        return Layer("landlock", False, "the kernel offers no Landlock (it needs Linux 5.13 or later, built with "
                     "CONFIG_SECURITY_LANDLOCK and with landlock in its lsm= list).",
                     "Use a kernel with Landlock enabled (Debian 12, Ubuntu 22.04 and Fedora 35 or later have it).")
    limits = ["read-only Python and system folders", "writes to its scratch folder only",
              *(["no TCP"] if abi >= 4 else []), *(["signals and abstract sockets kept to its own processes"]
                                                   if abi >= 6 else [])]
    return Layer("landlock", True, f"ABI {abi}, inside the worker: {', '.join(limits)}.")


def restrict_filesystem(readable, writable):
    """Enter a Landlock domain: read (and run) `readable`, change `writable`, nothing else; False where unavailable."""
    ruleset = landlock_ruleset(readable, writable)
    if ruleset is None:
        return False
    try:
        return enter_ruleset(ruleset)
    finally:
        os.close(ruleset)


def landlock_ruleset(readable, writable):
    """A Landlock rule set (a file descriptor) that reads (and runs) `readable` and changes `writable`, nothing
    else; None where the kernel has no Landlock. A process is restricted only once it enters it (enter_ruleset)."""
    abi = landlock_abi()
    if abi == 0:
        return None
    read = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
    handled = (1 << 13) - 1 | (FS_REFER if abi >= 2 else 0) | (FS_TRUNCATE if abi >= 3 else 0) \
        | (FS_IOCTL_DEV if abi >= 5 else 0)
    file_rights = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | (handled & (FS_TRUNCATE | FS_IOCTL_DEV))
    import ctypes

    fields = [handled, NET_BIND_TCP | NET_CONNECT_TCP, SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL]
    count = 3 if abi >= 6 else 2 if abi >= 4 else 1
    attr = (ctypes.c_uint64 * count)(*fields[:count])
    ruleset = _syscall(SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.sizeof(attr), 0)
    if ruleset < 0:
        return None
    rules = [(path, read) for path in readable] + [(path, handled) for path in writable] \
        + [(path, FS_READ_FILE | FS_WRITE_FILE) for path in WRITABLE_DEVICES]
    try:
        for path, rights in rules:
            _allow(ctypes, ruleset, path, rights, file_rights)
    except BaseException:
        os.close(ruleset)
        raise
    return ruleset


def enter_ruleset(ruleset):
    """Restrict this process, and everything it starts, to the Landlock rule set `ruleset`, for good; whether it is."""
    if _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0:
        return False
    return _syscall(SYS_LANDLOCK_RESTRICT_SELF, ruleset, 0) == 0


def _allow(ctypes, ruleset, path, rights, file_rights):
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a folder this machine does not have needs no rule
    try:
        if not os.path.isdir(path):
            rights &= file_rights   # a file takes only the rights that apply to files
        beneath = _path_beneath_type()(rights, fd)
        _syscall(SYS_LANDLOCK_ADD_RULE, ruleset, LANDLOCK_RULE_PATH_BENEATH, ctypes.byref(beneath), 0)
    finally:
        os.close(fd)


def warm_up():
    """Load now what applying the layers needs (ctypes and libc, Landlock's rule type, sysconfig's paths, the
    seccomp filter, built but not loaded): a process that forks workers does this once, and each worker then
    applies its layers in a millisecond rather than the tens it takes cold. Each worker still applies its
    limits and Landlock; a zygote loads the seccomp filter into itself, and its workers inherit it."""
    python_folders()
    for name in ("prctl", "syscall", "capget", "capset"):
        getattr(_libc(), name)   # ctypes looks a function up on first use, and keeps it
    _path_beneath_type()
    try:
        _filter()
    except (ImportError, OSError, RuntimeError):
        pass  # no seccomp here: each worker finds that out, and its greeting says so


@functools.cache
def _path_beneath_type():
    import ctypes

    class PathBeneath(ctypes.Structure):
        """struct landlock_path_beneath_attr, which the kernel declares packed."""
        _pack_ = 1
        _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

    return PathBeneath


@functools.cache
def _libc():
    import ctypes

    return ctypes.CDLL(None, use_errno=True)


def _syscall(number, *args):
    return _libc().syscall(number, *args)


# --- capabilities (capabilities(7)) ------------------------------------------------------------

PR_CAPBSET_READ, PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 23, 24, 47, 4   # <linux/prctl.h>
LINUX_CAPABILITY_VERSION_3 = 0x20080522                                                  # <linux/capability.h>
LAST_CAPABILITY = 63
_bounding_set_emptied = False   # by this process, or by the zygote that forked it (empty_bounding_set)


def empty_bounding_set():
    """Drop every capability from the bounding set, where this process may (it holds CAP_SETPCAP); whether the set
    is empty now. A zygote does it once, and the workers it forks inherit the empty set. The zygote keeps its own
    capabilities: the bounding set only limits what a process may gain later."""
    global _bounding_set_emptied
    if not sys.platform.startswith("linux"):
        return False
    libc = _libc()
    _drop_bounding_set(libc)
    # READ answers 1 for a capability in the set, 0 for one outside it, -1 past the last.
    _bounding_set_emptied = all(libc.prctl(PR_CAPBSET_READ, capability, 0, 0, 0) != 1
                                for capability in range(LAST_CAPABILITY + 1))
    return _bounding_set_emptied


def drop_capabilities():
    """Give up every capability, for good: the bounding set (where this process may), the ambient set, then the
    effective, permitted and inheritable ones; True if none is left.

    A process that made its namespaces holds every capability over them, and a worker forked from it
    inherits them: without this it could remount the sandbox's read-only binds, mount file systems of its
    own, or reach the kernel's netfilter and raw sockets, as bubblewrap's workers cannot."""
    import ctypes

    if not sys.platform.startswith("linux"):
        return False
    libc = _libc()
    header = (ctypes.c_uint32 * 2)(LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()    # two struct __user_cap_data_struct {effective, permitted, inheritable}
    if libc.capget(ctypes.byref(header), ctypes.byref(data)) == 0 and not any(data):
        # Nothing to give up: without CAP_SETPCAP the bounding set cannot be changed, and the ambient set always
        # lies within the permitted one.
        return True
    if not _bounding_set_emptied:
        _drop_bounding_set(libc)
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    data = (ctypes.c_uint32 * 6)()
    if libc.capset(ctypes.byref(header), ctypes.byref(data)) != 0:
        return False
    return libc.capget(ctypes.byref(header), ctypes.byref(data)) == 0 and not any(data)


def _drop_bounding_set(libc):
    for capability in range(LAST_CAPABILITY + 1):
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)   # EPERM without CAP_SETPCAP, EINVAL past the last


# --- seccomp -------------------------------------------------------------------------------

def seccomp_layer():
    from grader.sandbox.confinement import Layer

    if not sys.platform.startswith("linux"):
        return Layer("seccomp", False, f"seccomp does not exist on {sys.platform}.")
    try:
        _filter()
    except ImportError:
        return Layer("seccomp", False, "the pyseccomp package is not installed in this Python.",
                     "Reinstall nnfs-grade (`pip install -e .`): it depends on pyseccomp.")
    except (OSError, RuntimeError) as exc:
        return Layer("seccomp", False, f"libseccomp cannot be loaded: {exc}.",
                     "Install it: `sudo apt install libseccomp2` (Debian, Ubuntu), `sudo dnf install libseccomp`.")
    return Layer("seccomp", True, f"the worker refuses itself {len(REFUSED_SYSCALLS)} system calls, among them "
                 "memfd_create, SysV IPC, ptrace and process_vm_readv.")


def rlimits_layer():
    from grader.sandbox.confinement import Layer

    return Layer("rlimits", True, f"address space (the challenge's memory_mb), at most {MAX_PROCESSES} processes "
                 f"per user namespace, {MAX_OPEN_FILES} open files, no core dumps.")


def limit_resources(memory_mb, processes=True):
    """Cap the worker's address space, open files and core dumps; its processes too where they count apart."""
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _lower(resource.RLIMIT_NOFILE, MAX_OPEN_FILES)
    if processes:
        _lower(resource.RLIMIT_NPROC, MAX_PROCESSES)


def _lower(which, value):
    soft, hard = resource.getrlimit(which)
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(which, (value, value))


def refuse_syscalls():
    """Load the seccomp filter into this process (and so into all it starts); False where seccomp is missing."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        _filter().load()
    except (ImportError, OSError, RuntimeError):
        return False
    return True


@functools.cache
def _filter():
    pyseccomp = _pyseccomp()
    refuse = pyseccomp.ERRNO(errno.EPERM)
    rules = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
    for name in REFUSED_SYSCALLS:
        try:
            rules.add_rule(refuse, name)
        except (OSError, ValueError, RuntimeError):
            pass  # a call this kernel's or libseccomp's table does not know cannot be made either
    # Unix sockets by path: outside bubblewrap the machine's own (a session bus, an agent) are there, and
    # Landlock does not guard connecting to them. Socket pairs are still allowed.
    rules.add_rule(refuse, "socket", pyseccomp.Arg(0, pyseccomp.EQ, AF_UNIX))
    # New user namespaces: `unshare` is refused above, this is the same through `clone`. clone3 passes its
    # flags in memory a filter cannot read, so it is refused as missing and the C library falls back to clone.
    rules.add_rule(refuse, "clone", pyseccomp.Arg(0, pyseccomp.MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER))
    rules.add_rule(pyseccomp.ERRNO(errno.ENOSYS), "clone3")
    return rules


# The libraries' sonames, which the dynamic linker resolves itself from its cache.
SONAMES = {"c": "libc.so.6", "seccomp": "libseccomp.so.2"}


def _pyseccomp():
    """pyseccomp, imported without its two `ctypes.util.find_library` calls: each runs `ldconfig -p` in a
    subprocess, which made the import cost 40-60 ms of every worker's start. Where a soname does not load,
    find_library searches as before. ctypes.util itself is imported only then: it brings subprocess, locale
    and selectors, 4 ms of a zygote's start that nothing else there needs."""
    import ctypes
    import importlib
    import types

    real = sys.modules.get("ctypes.util")

    def find_library(name):
        try:
            ctypes.CDLL(SONAMES[name])
            return SONAMES[name]
        except (KeyError, OSError):
            pass
        if real is not None:
            return real.find_library(name)
        _forget(stand_in)
        return importlib.import_module("ctypes.util").find_library(name)

    stand_in = types.ModuleType("ctypes.util")
    stand_in.find_library = find_library
    sys.modules["ctypes.util"] = ctypes.util = stand_in
    try:
        import pyseccomp
    finally:
        _forget(stand_in)
        if real is not None:
            sys.modules["ctypes.util"] = ctypes.util = real
    return pyseccomp


def _forget(stand_in):
    """Take `stand_in` out of the places an import of ctypes.util looks (sys.modules, the ctypes package)."""
    import ctypes

    if sys.modules.get("ctypes.util") is stand_in:
        del sys.modules["ctypes.util"]
    if getattr(ctypes, "util", None) is stand_in:
        del ctypes.util
