"""Applies the same random namespace operations to two folders and reports the first difference.

Usage: namespace_exerciser.py SEED OPS FOLDER_A FOLDER_B
Each operation runs in both folders; its outcome (ok, an errno name, or what it read) must be the same.
At the end both trees are walked and compared: type, mode, size, link count, bytes, link targets.
Prints "same after N operations" and exits 0, or prints the difference and exits 1.
"""
import errno
import hashlib
import os
import random
import sys

seed, count, roots = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:5]
rng = random.Random(seed)
NAMES = ["a", "b", "c", "d", "e"]


def path():
    depth = rng.choice([1, 1, 2, 2, 3])
    return "/".join(rng.choice(NAMES) for _ in range(depth))


def outcome(action):
    try:
        result = action()
        return "ok" if result is None else result
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))


def describe(st):
    kind = "d" if os.path.stat.S_ISDIR(st.st_mode) else "l" if os.path.stat.S_ISLNK(st.st_mode) else \
        "p" if os.path.stat.S_ISFIFO(st.st_mode) else "f"
    size = st.st_size if kind in "fl" else "-"
    return f"{kind} {oct(st.st_mode & 0o7777)} {size} {st.st_nlink if kind != 'd' else '-'}"


def write(target, offset, data):
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.pwrite(fd, data, offset)
    finally:
        os.close(fd)


def read(target):
    with open(target, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def operation():
    """One random operation, as a function of a root folder, with a label."""
    p, q = path(), path()
    kind = rng.randrange(14)
    data = rng.randbytes(rng.randrange(0, 9000))
    offset = rng.randrange(0, 20000)
    size = rng.randrange(0, 30000)
    mode = rng.randrange(0, 0o1000)
    stamp = rng.randrange(0, 2_000_000_000)
    ops = [
        ("create " + p, lambda r: os.close(os.open(f"{r}/{p}", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))),
        ("write " + p, lambda r: write(f"{r}/{p}", offset, data)),
        ("truncate " + p, lambda r: os.truncate(f"{r}/{p}", size)),
        ("mkdir " + p, lambda r: os.mkdir(f"{r}/{p}", 0o755)),
        ("rmdir " + p, lambda r: os.rmdir(f"{r}/{p}")),
        ("unlink " + p, lambda r: os.unlink(f"{r}/{p}")),
        ("rename " + p + " " + q, lambda r: os.rename(f"{r}/{p}", f"{r}/{q}")),
        ("link " + p + " " + q, lambda r: os.link(f"{r}/{p}", f"{r}/{q}", follow_symlinks=False)),
        ("symlink " + p + " " + q, lambda r: os.symlink(rng_free_target(p), f"{r}/{q}")),
        ("chmod " + p, lambda r: os.chmod(f"{r}/{p}", mode, follow_symlinks=True)),
        ("utime " + p, lambda r: (os.utime(f"{r}/{p}", (stamp, stamp + 1), follow_symlinks=False),
                                  str(os.lstat(f"{r}/{p}").st_mtime))[1]),
        ("readlink " + p, lambda r: os.readlink(f"{r}/{p}")),
        ("lstat " + p, lambda r: describe(os.lstat(f"{r}/{p}"))),
        ("read " + p, lambda r: read(f"{r}/{p}")),
    ]
    return ops[kind]


def rng_free_target(p):
    return p.split("/")[-1]  # relative: the same link means the same in both roots


def walk(root):
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            full = os.path.join(folder, name)
            st = os.lstat(full)
            rel = os.path.relpath(full, root)
            entry = describe(st)
            if os.path.stat.S_ISLNK(st.st_mode):
                entry += " -> " + os.readlink(full)
            elif os.path.stat.S_ISREG(st.st_mode):
                entry += " " + read(full)
            found[rel] = entry
    return found


for n in range(count):
    label, action = operation()
    results = [outcome(lambda: action(root)) for root in roots]
    if results[0] != results[1]:
        print(f"operation {n}: {label}: {results[0]} here, {results[1]} on the reference")
        sys.exit(1)
a, b = walk(roots[0]), walk(roots[1])
if a != b:
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            print(f"after {count} operations, {key}: {a.get(key)} here, {b.get(key)} on the reference")
    sys.exit(1)
print(f"same after {count} operations, {len(a)} names")
