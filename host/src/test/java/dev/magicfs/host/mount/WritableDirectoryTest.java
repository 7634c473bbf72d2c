package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kind: writable-dir}, in memory and persisted: the tools that save by temporary file and rename, unpack, version or
 * journal work in it with exact bytes, and each refusal is the errno a local filesystem gives.
 */
class WritableDirectoryTest {
    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            allow_other: true
            files:
              hello.txt: {kind: static, text: "hi\\n"}
              scratch: {kind: writable-dir}
              kept: {kind: writable-dir, persist: kept.store}
              other: {kind: writable-dir}
              small: {kind: writable-dir, max_size: 16KiB, max_files: 5}
              counted: {kind: writable-dir, persist: counted.store, max_files: 100}
            """);

    private static String in(String path) {
        return fs.file(path).toString();
    }

    /** Runs a bash script in the mounted folder {@code folder}; fails the test unless it exits 0. */
    private static String shellIn(String folder, String script) {
        return Shell.sh("set -e; cd " + in(folder) + "; " + script).assertSucceeded().stdout();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scratch", "kept"})
    void editorsAndMoversThatRenameWork(String tree) {
        String out = shellIn(tree, """
                mkdir ed && cd ed && mkdir -p a/b/c && echo deep > a/b/c/f.txt && mv a z && cat z/b/c/f.txt
                printf 'one\\ntwo\\n' > s.txt && sed -i s/two/three/ s.txt && cat s.txt
                cp s.txt t.txt && mv -f t.txt s.txt && ls
                rm -r z && ls && cd .. && rm -r ed
                """);
        assertEquals("deep\none\nthree\ns.txt\nz\ns.txt\n", out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scratch", "kept"})
    void tarUnpacksAndPacksBackTheSameTree(String tree) throws Exception {
        Path source = Files.createTempDirectory("magicfs-tree-");
        Shell.sh("set -e; cd " + source + "; for d in $(seq 1 20); do mkdir -p d$d/sub; for f in $(seq 1 50); do "
                + "head -c $((d * f * 37)) /dev/urandom > d$d/sub/f$f; done; done; ln -s d1/sub/f1 link; chmod 0600 d2/sub/f2")
                .assertSucceeded();
        Path archive = Files.createTempFile("magicfs-", ".tar");
        Shell.run("tar", "-C", source.toString(), "-cf", archive.toString(), ".").assertSucceeded();
        shellIn(tree, "mkdir unpacked && tar -C unpacked -xf " + archive);
        Shell.run("diff", "-r", "--no-dereference", source.toString(), in(tree + "/unpacked")).assertSucceeded();
        assertEquals("600", Shell.run("stat", "-c", "%a", in(tree + "/unpacked/d2/sub/f2")).stdout().strip());
        assertEquals("d1/sub/f1", Shell.run("readlink", in(tree + "/unpacked/link")).stdout().strip());
        assertEquals(1000, Integer.parseInt(shellIn(tree, "find unpacked -type f | wc -l").strip()));
        shellIn(tree, "rm -r unpacked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scratch", "kept"})
    void gitInitAddCommitAndFsck(String tree) {
        String out = shellIn(tree, """
                mkdir repo && cd repo && git init -q . && printf 'hello\\n' > README && mkdir src && echo 'x = 1' > src/x.py
                git add . && git -c user.name=t -c user.email=t@example.com commit -qm first
                echo 'x = 2' > src/x.py && git -c user.name=t -c user.email=t@example.com commit -qam second
                git fsck --strict 2>&1 && git log --format=%s && git status --porcelain
                """);
        assertEquals("second\nfirst\n", out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scratch", "kept"})
    void sqliteWithRollbackJournalAndWal(String tree) {
        for (String mode : new String[] {"delete", "wal"}) {
            String db = "db-" + mode + ".sqlite";
            String out = shellIn(tree, "sqlite3 " + db + " 'pragma journal_mode=" + mode + ";' "
                    + "'create table t(a integer, b text);' "
                    + "'with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) insert into t select i, hex(randomblob(40)) from n;' "
                    + "'begin; update t set a = a + 1; commit;' 'select count(*), sum(a) from t;' 'pragma integrity_check;'");
            assertEquals(mode + "\n5000|12507500\nok\n", out, mode);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scratch", "kept"})
    void rsyncInAndOutKeepsContentAndModes(String tree) throws Exception {
        Path source = Files.createTempDirectory("magicfs-rsync-");
        Shell.sh("set -e; cd " + source + "; mkdir -p x/y; for i in $(seq 1 40); do head -c $((i * 1000)) /dev/urandom > x/y/f$i; done; "
                + "chmod 0640 x/y/f3; touch -d 2001-02-03 x/y/f4").assertSucceeded();
        Shell.run("rsync", "-a", source + "/", in(tree + "/synced")).assertSucceeded();
        Path back = Files.createTempDirectory("magicfs-rsync-back-");
        Shell.run("rsync", "-a", in(tree + "/synced") + "/", back.toString()).assertSucceeded();
        Shell.run("diff", "-r", source.toString(), back.toString()).assertSucceeded();
        assertEquals("640 2001-02-03", Shell.run("stat", "-c", "%a %y", back.resolve("x/y/f3").toString()).stdout().strip().substring(0, 4)
                + Shell.run("stat", "-c", "%y", back.resolve("x/y/f4").toString()).stdout().substring(0, 10));
        // A second run finds nothing to send: sizes and times came through exactly.
        String again = Shell.run("rsync", "-ai", source + "/", in(tree + "/synced")).assertSucceeded().stdout();
        assertEquals("", again);
        shellIn(tree, "rm -r synced");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scratch", "kept"})
    void linksShareOneInodeAndCountNames(String tree) {
        String out = shellIn(tree, """
                mkdir lk && cd lk && echo linked > l1 && ln l1 l2 && ln -s l1 sym
                stat -c '%h %i' l1 | cut -d' ' -f1; [ "$(stat -c %i l1)" = "$(stat -c %i l2)" ] && echo same-inode
                echo more >> l2 && cat l1 && rm l1 && stat -c %h l2 && readlink sym && cat sym 2>&1 || true
                mkdir dd && stat -c %h . dd && cd .. && rm -r lk
                """);
        assertEquals("2\nsame-inode\nlinked\nmore\n1\nl1\ncat: sym: No such file or directory\n3\n2\n", out);
    }

    /**
     * Thousands of random creates, writes, truncates, mkdirs, rmdirs, unlinks, renames, links, symlinks, chmods
     * and utimes, each applied here and to a folder on a local filesystem (tmpfs where there is one): every
     * outcome, success or errno, and the final trees must be the same.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scratch", "kept"})
    void randomNamespaceOperationsMatchALocalFilesystem(String tree) throws Exception {
        Path script = Files.createTempFile("namespace-exerciser-", ".py");
        try (var in = WritableDirectoryTest.class.getResourceAsStream("namespace_exerciser.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path shm = Path.of("/dev/shm");
        Path reference = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "magicfs-reference-") : Files.createTempDirectory("magicfs-reference-");
        shellIn(tree, "mkdir exercised");
        for (int seed = 1; seed <= 2; seed++) {
            shellIn(tree, "rm -rf exercised/*");
            Shell.run("rm", "-rf", reference + "/a", reference + "/b", reference + "/c", reference + "/d", reference + "/e").assertSucceeded();
            String out = Shell.run("python3", script.toString(), Integer.toString(seed), "3000", in(tree + "/exercised"), reference.toString())
                    .stdout();
            assertTrue(out.startsWith("same after 3000 operations"), "seed " + seed + ": " + out);
        }
        shellIn(tree, "rm -rf exercised");
        Shell.run("rm", "-rf", reference.toString()).assertSucceeded();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scratch", "kept"})
    void fallocateGrowsAFileAndRefusesOtherModes(String tree) {
        String out = shellIn(tree, """
                echo start > fa && fallocate -l 100000 fa && stat -c %s fa && head -c 6 fa
                fallocate -o 10 -l 20 fa && stat -c %s fa
                fallocate -p -o 0 -l 10 fa 2>/dev/null || echo punching refused; rm fa
                """);
        assertEquals("100000\nstart\n100000\npunching refused\n", out);
    }

    @Test
    void anOpenFileOutlivesItsName() {
        String script = """
                import os, sys
                path = sys.argv[1]
                fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
                os.write(fd, b'kept ')
                os.unlink(path)
                os.write(fd, b'after unlink')
                os.lseek(fd, 0, 0)
                print(os.read(fd, 100).decode(), os.fstat(fd).st_nlink, os.path.exists(path))
                os.close(fd)
                """;
        assertEquals("kept after unlink 0 False\n", Shell.run("python3", "-c", script, in("scratch/ghost")).assertSucceeded().stdout());
    }

    @Test
    void refusalsHaveTheErrnoOfALocalFilesystem() {
        String script = """
                import ctypes, errno, os, sys
                root = sys.argv[1]
                s = os.path.join(root, 'scratch')
                def err(f, *a):
                    try:
                        f(*a)
                        return 'ok'
                    except OSError as e:
                        return errno.errorcode[e.errno]
                os.mkdir(s + '/e'); open(s + '/e/f', 'w').close(); open(s + '/g', 'w').close()
                libc = ctypes.CDLL(None, use_errno=True)
                def renameat2(a, b, flags):
                    if libc.renameat2(-100, a.encode(), -100, b.encode(), flags) != 0:
                        raise OSError(ctypes.get_errno(), 'renameat2')
                print(err(os.open, s + '/g', os.O_CREAT | os.O_EXCL | os.O_WRONLY),
                      err(os.rmdir, s + '/e'), err(os.unlink, s + '/e'), err(os.rmdir, s + '/g'),
                      err(os.rename, s + '/e', s + '/g'), err(os.rename, s + '/g', s + '/e'),
                      err(os.rename, s + '/e', s + '/e/inner'), err(os.rename, s + '/g', root + '/other/g'),
                      err(os.rename, s + '/g', root + '/hello.txt'), err(os.link, root + '/hello.txt', s + '/h'),
                      err(os.mkdir, s + '/' + 'n' * 256), err(os.mkdir, root + '/newdir'),
                      err(renameat2, s + '/g', s + '/e', 1), err(renameat2, s + '/g', s + '/e', 2))
                print(sorted(os.listdir(s + '/g')), os.path.isdir(s + '/e'))
                """;
        String out = Shell.run("python3", "-c", script, fs.root().toString()).assertSucceeded().stdout();
        assertEquals("EEXIST ENOTEMPTY EISDIR ENOTDIR ENOTDIR EISDIR EINVAL EXDEV EXDEV EXDEV ENAMETOOLONG EACCES EEXIST ok\n"
                + "['f'] False\n", out);
        assertTrue(Files.isRegularFile(fs.file("scratch/g/f")), "the file moved with its directory");
        shellIn("scratch", "rm -r e g");
    }

    @Test
    void boundsGiveEfbigAndEnospcAndLoseNothing() {
        String out = Shell.sh("cd " + in("small") + "; head -c 20000 /dev/zero > big 2>/dev/null; stat -c %s big; "
                + "for i in 1 2 3 4 5; do echo $i > f$i 2>/dev/null || echo full at $i; done; cat f1 f2 f3").stdout();
        assertEquals("16384\nfull at 5\n1\n2\n3\n", out);
    }

    /**
     * user.* and trusted.* attributes as on Linux's own filesystems: setxattr's flags, the errno of each
     * refusal, 64 KiB of room per file, ctime moving; {@code cp -a} and {@code rsync -X} carry them in and out.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scratch", "kept"})
    void extendedAttributesCarryThroughCpAndRsync(String tree) throws Exception {
        String script = """
                import errno, os, sys, time
                f = os.path.join(sys.argv[1], 'x.txt')
                open(f, 'w').write('x')
                def err(call, *a):
                    try:
                        call(*a)
                        return 'ok'
                    except OSError as e:
                        return errno.errorcode[e.errno]
                before = os.stat(f).st_ctime_ns
                time.sleep(0.01)
                os.setxattr(f, 'user.color', b'blue')
                os.setxattr(f, 'trusted.note', b'\\0\\1\\2')
                print(os.stat(f).st_ctime_ns > before, sorted(os.listxattr(f)), os.getxattr(f, 'user.color'))
                print(err(os.setxattr, f, 'user.color', b'red', os.XATTR_CREATE),
                      err(os.setxattr, f, 'user.none', b'red', os.XATTR_REPLACE), err(os.getxattr, f, 'user.none'),
                      err(os.removexattr, f, 'user.none'), err(os.setxattr, f, 'security.x', b'1'),
                      err(os.setxattr, f, 'nonsense.x', b'1'), err(os.setxattr, f, 'user.big', b'z' * 70000),
                      err(os.setxattr, f, 'user.half', b'z' * 40000), err(os.setxattr, f, 'user.more', b'z' * 30000))
                os.removexattr(f, 'user.half')
                os.setxattr(f, 'user.color', b'red', os.XATTR_REPLACE)
                print(os.getxattr(f, 'user.color'), err(os.removexattr, f, 'trusted.note'), os.listxattr(f))
                """;
        String out = Shell.run("python3", "-c", script, in(tree)).assertSucceeded().stdout();
        assertEquals("True ['trusted.note', 'user.color'] b'blue'\n"
                + "EEXIST ENODATA ENODATA ENODATA ENOTSUP ENOTSUP E2BIG ok ENOSPC\n"
                + "b'red' ok ['user.color']\n", out);

        Path shm = Path.of("/dev/shm");
        Path local = Files.createTempDirectory(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")), "magicfs-xattr-");
        Shell.sh("set -e; cd " + local + "; mkdir -p d; echo one > d/a; python3 -c \"import os; os.setxattr('d/a', 'user.origin', b'local'); "
                + "os.setxattr('d', 'user.kind', b'folder')\"; chmod 0604 d/a; touch -d 2003-04-05 d/a").assertSucceeded();
        String check = "import os, sys; d = sys.argv[1]; print(os.getxattr(d + '/a', 'user.origin'), os.getxattr(d, 'user.kind'), "
                + "oct(os.stat(d + '/a').st_mode & 0o777), os.stat(d + '/a').st_mtime)";
        String expected = Shell.run("python3", "-c", check, local + "/d").assertSucceeded().stdout();
        Shell.run("cp", "-a", local + "/d", in(tree + "/copied")).assertSucceeded();
        assertEquals(expected, Shell.run("python3", "-c", check, in(tree + "/copied")).assertSucceeded().stdout());
        Shell.run("rsync", "-aX", in(tree + "/copied") + "/", local + "/back").assertSucceeded();
        assertEquals(expected, Shell.run("python3", "-c", check, local + "/back").assertSucceeded().stdout());
        Shell.run("rm", "-rf", local.toString()).assertSucceeded();
        shellIn(tree, "rm -r copied x.txt");
    }

    /**
     * Another user's write, truncation or O_TRUNC open of a setuid file drops setuid (and setgid with group
     * execution) as Linux does, also where the file is read and written through passthrough; root's chown too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scratch", "kept"})
    void writesByOtherUsersDropSetuidAndSetgid(String tree) throws Exception {
        Files.setPosixFilePermissions(fs.root().getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        String nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
        String out = shellIn(tree, "for how in 'echo b >> f' 'truncate -s 1 f' ': > f'; do echo a > f; chmod 6777 f; "
                + nobody + "sh -c \"$how\"; stat -c %a f; done; chmod 6777 f; echo root >> f; stat -c %a f; "
                + "chown 65534 f; stat -c %a f; rm f");
        assertEquals("777\n777\n777\n6777\n777\n", out);
    }

    /** df in a persisted tree shows the disk under its store and its max_files; elsewhere the mount's own numbers. */
    @Test
    void statfsCountsTheTreesOwnStorage() {
        String before = Shell.run("stat", "-f", "-c", "%c %d", in("counted")).assertSucceeded().stdout();
        shellIn("counted", "touch a b c");
        String after = Shell.run("stat", "-f", "-c", "%c %d", in("counted")).assertSucceeded().stdout();
        assertEquals("100 100\n100 97\n", before + after);
        long treeBytes = Long.parseLong(Shell.run("stat", "-f", "-c", "%b", in("counted/a")).stdout().strip()) * 4096;
        String[] disk = Shell.run("stat", "-f", "-c", "%b %S", fs.root().getParent().resolve("counted.store").toString()).stdout().strip().split(" ");
        assertEquals(Long.parseLong(disk[0]) * Long.parseLong(disk[1]) / 4096, treeBytes / 4096, "the store's disk, in 4 KiB blocks");
        String mount = Shell.run("stat", "-f", "-c", "%b", fs.root().toString()).stdout().strip();
        assertTrue(Long.parseLong(mount) * 4096 != treeBytes, "the mount's root shows its memory budget, not a disk: " + mount);
        shellIn("counted", "rm a b c");
    }
}
