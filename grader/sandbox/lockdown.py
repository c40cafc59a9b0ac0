"""What the worker does to itself before any learner code runs: resource limits and a seccomp filter.

Both outlive `exec` and are inherited by every child, so nothing the learner's code
starts can undo them. The seccomp filter is built with libseccomp (through `pyseccomp`):
the kernel's BPF filter format is easy to get wrong by hand.
"""
import errno
import resource
import sys

MAX_PROCESSES = 64       # RLIMIT_NPROC: counted per user namespace, so inside bwrap it bounds the sandbox alone
MAX_OPEN_FILES = 256     # also bounds the pipe and socket buffers a process can hold
# Calls that make memory the address-space limit does not count (memfd, SysV shared memory),
# reach into other processes, or widen the kernel's surface for no use a learner's NumPy code has.
REFUSED_SYSCALLS = (
    "memfd_create", "memfd_secret", "shmget", "shmat", "userfaultfd",
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",
    "perf_event_open", "bpf", "add_key", "request_key", "keyctl",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "open_by_handle_at",
)


def seccomp_layer(load):
    """The seccomp layer; `load` builds the filter to be sure libseccomp works, else the package is looked for."""
    import importlib.util

    from grader.sandbox.confinement import Layer

    if not sys.platform.startswith("linux"):
        return Layer("seccomp", False, f"seccomp does not exist on {sys.platform}.")
    try:
        if load:
            _filter()
        elif importlib.util.find_spec("pyseccomp") is None:
            raise ImportError("pyseccomp")
    except ImportError:
        return Layer("seccomp", False, "the pyseccomp package is not installed in this Python.",
                     "Reinstall nnfs-grade (`pip install -e .`): it depends on pyseccomp.")
    except (OSError, RuntimeError) as exc:
        return Layer("seccomp", False, f"libseccomp cannot be loaded: {exc}.",
                     "Install it: `sudo apt install libseccomp2` (Debian, Ubuntu), `sudo dnf install libseccomp`.")
    return Layer("seccomp", True, f"the worker refuses itself {len(REFUSED_SYSCALLS)} system calls, among them "
                 "memfd_create, SysV shared memory, ptrace and process_vm_readv.")


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


def _filter():
    import pyseccomp

    refuse = pyseccomp.ERRNO(errno.EPERM)
    rules = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
    for name in REFUSED_SYSCALLS:
        try:
            rules.add_rule(refuse, name)
        except (OSError, ValueError, RuntimeError):
            pass  # a call this kernel's or libseccomp's table does not know cannot be made either
    return rules
