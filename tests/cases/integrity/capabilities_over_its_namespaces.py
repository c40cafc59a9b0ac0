"""Tamper (challenge 3): uses the capabilities a process holds over the namespaces that were made for it.

A worker forked from the process that made its user, mount, network and UTS namespaces inherits every
capability over them, unless it gives them up. With them it can make the sandbox's read-only binds
writable (mount_setattr), mount file systems of its own (fsopen, open_tree), rename its host, and open
raw and packet sockets, which bring the kernel's netfilter and packet code within reach. Bubblewrap's
workers can do none of it. The file prints what it was allowed to do: nothing, in a sandbox.
"""
import ctypes
import os
import socket

AT_FDCWD, OPEN_TREE_CLONE, MOUNT_ATTR_RDONLY = -100, 1, 1
SYS_OPEN_TREE, SYS_FSOPEN, SYS_MOUNT_SETATTR = 428, 430, 442   # the same on every architecture
libc = ctypes.CDLL(None, use_errno=True)


def capabilities():
    status = open("/proc/self/status").read().splitlines()
    return int(next(line for line in status if line.startswith("CapEff:")).split()[1], 16)


def writable_usr():
    attr = (ctypes.c_uint64 * 4)(0, MOUNT_ATTR_RDONLY, 0, 0)   # struct mount_attr: set, clear, propagation, userns
    return libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, b"/usr", 0, ctypes.byref(attr), ctypes.sizeof(attr)) == 0


attempts = {
    "capabilities": capabilities,
    "sethostname": lambda: socket.sethostname("escaped") or True,
    "packet socket": lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0).close() or True,
    "raw socket": lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP).close() or True,
    "open_tree": lambda: libc.syscall(SYS_OPEN_TREE, AT_FDCWD, b"/usr", OPEN_TREE_CLONE) >= 0,
    "fsopen": lambda: libc.syscall(SYS_FSOPEN, b"tmpfs", 0) >= 0,
    "mount_setattr": writable_usr,
}
allowed = []
for name, attempt in attempts.items():
    try:
        if attempt():
            allowed.append(name)
    except OSError:
        pass
print("allowed:", allowed)


def sigmoid(x):
    return x
