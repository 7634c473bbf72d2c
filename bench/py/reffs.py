"""The benchmark's pyfuse3 peer: the tree of bench/c/reffs.c (small.txt, big.bin, dir/f0000..f0999), every
reply uncached (timeouts 0, direct I/O).

    /usr/bin/python3 bench/py/reffs.py MOUNTPOINT
"""
import errno
import stat
import sys

import pyfuse3
import trio

ROOT, SMALL, BIG, DIR, FIRST_CHILD, CHILDREN = pyfuse3.ROOT_INODE, 2, 3, 4, 5, 1000


class RefFs(pyfuse3.Operations):
    def __init__(self):
        super().__init__()
        small = bytes(10 if i % 64 == 63 else 97 + i % 26 for i in range(4096))
        big = bytes((i * 31 + (i >> 12)) & 0xFF for i in range(64 << 20))
        self.data = {SMALL: small, BIG: big}
        self.data.update({FIRST_CHILD + i: b"child file\n" for i in range(CHILDREN)})
        self.names = {ROOT: [(b"small.txt", SMALL), (b"big.bin", BIG), (b"dir", DIR)],
                      DIR: [(b"f%04d" % i, FIRST_CHILD + i) for i in range(CHILDREN)]}
        self.by_name = {(parent, name): ino for parent, entries in self.names.items() for name, ino in entries}

    def attributes(self, ino):
        a = pyfuse3.EntryAttributes()
        a.st_ino = ino
        if ino in self.names:
            a.st_mode, a.st_nlink, a.st_size = stat.S_IFDIR | 0o555, 2, 4096
        elif ino in self.data:
            a.st_mode, a.st_nlink, a.st_size = stat.S_IFREG | 0o444, 1, len(self.data[ino])
        else:
            raise pyfuse3.FUSEError(errno.ENOENT)
        a.entry_timeout = a.attr_timeout = 0
        return a

    async def lookup(self, parent, name, ctx=None):
        ino = self.by_name.get((parent, name))
        if ino is None:
            raise pyfuse3.FUSEError(errno.ENOENT)
        return self.attributes(ino)

    async def getattr(self, inode, ctx=None):
        return self.attributes(inode)

    async def opendir(self, inode, ctx):
        return inode

    async def readdir(self, fh, start_id, token):
        entries = self.names[fh]
        for i in range(start_id, len(entries)):
            name, ino = entries[i]
            if not pyfuse3.readdir_reply(token, name, self.attributes(ino), i + 1):
                return

    async def open(self, inode, flags, ctx):
        return pyfuse3.FileInfo(fh=inode, direct_io=True)

    async def read(self, fh, off, size):
        return self.data[fh][off:off + size]


def main():
    pyfuse3.init(RefFs(), sys.argv[1], {"fsname=reffs-py"})
    try:
        trio.run(pyfuse3.main)
    finally:
        pyfuse3.close(unmount=True)


if __name__ == "__main__":
    main()
