"""The sandbox's namespaces and view of the disk, made with unshare(2), mount(2) and pivot_root(2).

A zygote forked from the judge (`grader.sandbox.forked_zygote`) enters these itself, since bubblewrap
cannot wrap a process that is already running. They are the ones bubblewrap makes for the other
workers (`grader.sandbox.confinement.bwrap_command`): new user, mount, PID, network, IPC, UTS and cgroup
namespaces, and a root of its own that shows `confinement.sandbox_view()`, /proc, five devices and
two tmpfs folders, /tmp and /dev/shm. Calls go through ctypes, as in `lockdown`; each raises OSError.
"""
import ctypes
import os
import platform
import signal

from grader.sandbox.lockdown import CLONE_NEWUSER, READABLE_DEVICES, _libc

# <linux/sched.h>
CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x02000000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
ALL = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP
# <linux/mount.h>
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 1 << 12, 1 << 14, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
# statvfs's f_flag bits that equal the MS_ ones (ST_NOSUID...), and ST_RELATIME, which does not.
LOCKED_FLAGS, ST_RELATIME = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME, 4096
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1
# pivot_root has no C library wrapper; its number differs between architectures (the kernel's syscall tables).
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41}


def _check(result, what):
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


def _mount(source, target, kind, flags, data=None):
    encode = lambda text: None if text is None else os.fsencode(text)   # noqa: E731
    _check(_libc().mount(encode(source), encode(target), encode(kind), flags, encode(data)),
           f"mount {kind or source} on {target}")


def die_with_parent(parent):
    """SIGKILL this process when its parent dies; end now if `parent` (a pid) is already gone."""
    _check(_libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG)")
    if os.getppid() != parent:
        os._exit(1)


def enter_new_namespaces():
    """New user, mount, PID, network, IPC, UTS and cgroup namespaces, with this process's ids mapped to
    themselves (user_namespaces(7)); the next child forked is the PID namespace's first process."""
    if platform.machine() not in SYS_PIVOT_ROOT:
        raise OSError(f"the sandbox's own root is not made on {platform.machine()} processors")
    uid, gid = os.getuid(), os.getgid()
    _check(_libc().unshare(ALL), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as file:
            file.write(text)


def enter_new_cgroup_namespace():
    """A cgroup namespace of its own, rooted at this process's cgroups now (cgroup_namespaces(7)): a process that
    joined the sandbox's cgroups after it entered the others sees them as its root, as bubblewrap's do."""
    _check(_libc().unshare(CLONE_NEWCGROUP), "unshare(CLONE_NEWCGROUP)")


def refuse_nested_user_namespaces():
    """No user namespace may be made inside this one, as bubblewrap's --disable-userns: the limit is this
    namespace's own (user_namespaces(7)), and the seccomp filter refuses the calls besides."""
    with open("/proc/sys/user/max_user_namespaces", "w") as file:
        file.write("0")


def enter_view(root, view, scratch_mb):
    """Make the empty folder `root` this mount namespace's root, showing `view` (confinement.sandbox_view's
    form), its PID namespace's /proc, READABLE_DEVICES, and tmpfs folders of `scratch_mb` MiB on /tmp and /dev/shm."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")

    def inside(path):
        return os.path.join(root, path.lstrip("/"))

    os.makedirs(inside("/proc"))
    try:
        _mount("proc", inside("/proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError:
        pass   # a container that masks parts of its own /proc forbids a new one: the sandbox has an empty /proc
    os.makedirs(inside("/dev/shm"))
    for device in READABLE_DEVICES:
        _bind(device, inside(device), read_only=False)
    # /tmp before the rest: Python or the grader may live under /tmp, which a later tmpfs would hide.
    for folder in ("/dev/shm", "/tmp"):
        os.makedirs(inside(folder), exist_ok=True)
        _mount("tmpfs", inside(folder), "tmpfs", MS_NOSUID | MS_NODEV, f"size={scratch_mb}m,mode=1777")
    for kind, source, path in view:
        if kind == "symlink":
            os.makedirs(os.path.dirname(inside(path)), exist_ok=True)
            os.symlink(source, inside(path))
        elif kind == "hide":
            if os.path.isdir(inside(path)):
                _mount("tmpfs", inside(path), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k")
            else:
                _mount("/dev/null", inside(path), None, MS_BIND)
        elif kind == "bind" or os.path.exists(source):
            _bind(source, inside(path))
    # pivot_root(2)'s own recipe: the old root is stacked on the new one, then detached.
    os.chdir(root)
    _check(_libc().syscall(SYS_PIVOT_ROOT[platform.machine()], b".", b"."), "pivot_root")
    _check(_libc().umount2(b".", MNT_DETACH), "umount the old root")
    os.chdir("/")


def _bind(source, target, read_only=True):
    """Show `source` (a folder or a file) at `target`, read-only unless `read_only` is False (devices)."""
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "a"):
            pass
    _mount(source, target, None, MS_BIND | MS_REC)
    if read_only:
        # Inside a user namespace a remount must keep the flags the outer mount has (mount_namespaces(7)).
        kept = os.statvfs(target).f_flag & LOCKED_FLAGS
        _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept | (MS_RELATIME if kept & ST_RELATIME else 0))
