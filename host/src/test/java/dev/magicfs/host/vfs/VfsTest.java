package dev.magicfs.host.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Generated;
import dev.magicfs.api.Replaceable;
import dev.magicfs.host.memory.MemoryAccount;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import dev.magicfs.host.tree.StaticDirectory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The operations' meaning, without a mount. */
class VfsTest {
    static final Caller ME = new Caller(1000, 1000, 42);
    static final CachePolicy POLICY = new CachePolicy(Duration.ofSeconds(1), false, false);

    final AtomicInteger generations = new AtomicInteger();
    final StaticDirectory root = new StaticDirectory();
    final InodeTable table = new InodeTable(root, POLICY);
    final Vfs vfs = new Vfs(table, new MemoryAccount(1L << 30), 100, Instant.now(), 1000, 1000);

    VfsTest() {
        // Each generation is 300 KiB of one letter, another letter each time: larger than one read.
        Generated counter = caller -> ("" + (char) ('a' + generations.getAndIncrement())).repeat(300 * 1024).getBytes();
        root.add("counter.txt", counter);
        table.addPinned(table.root(), "counter.txt", counter, 0444, POLICY);
        root.seal();
    }

    @Test
    void anUnknownInodeIsNotFoundNotAnotherFile() {
        assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> vfs.inode(99)).errno());
    }

    @Test
    void everyReadOfOneOpenSeesTheSameGeneration() throws Exception {
        long ino = vfs.lookup(1, "counter.txt", ME).number();
        assertEquals(300 * 1024, vfs.attributes(table.get(ino), ME).size());
        OpenFile first = vfs.open(ino, new OpenMode(true, false, false, false), ME).join();
        OpenFile second = vfs.open(ino, new OpenMode(true, false, false, false), ME).join();
        ByteBuffer buffer = ByteBuffer.allocate(128 * 1024);
        for (long offset = 0; offset < 300 * 1024; offset += buffer.capacity()) {
            buffer.clear();
            int n = vfs.read(first.handle(), offset, buffer, ME);
            for (int i = 0; i < n; i++) {
                assertEquals('a', buffer.get(i), "the open serves the generation its stat reported");
            }
        }
        buffer.clear();
        vfs.read(second.handle(), 200_000, buffer, ME);
        assertEquals('b', buffer.get(0));
        assertEquals(2, generations.get());
        assertFalse(first.directIo(), "the kernel knows this generation's size: the page cache may serve it");
        assertTrue(second.directIo(), "another generation is in the page cache: this open must bypass it");
    }

    @Test
    void aStatAndTheOpenAfterItShareOneGeneration() throws Exception {
        Inode inode = vfs.lookup(1, "counter.txt", ME);
        vfs.attributes(inode, ME);
        vfs.attributes(inode, ME);
        OpenFile open = vfs.open(inode.number(), new OpenMode(true, false, false, false), ME).join();
        assertEquals(1, generations.get(), "two stats and an open: one generation");
        assertEquals(300 * 1024, vfs.attributesLater(inode, open.handle(), ME).join().size());
        vfs.attributes(inode, ME);
        assertEquals(1, generations.get(), "while the page cache serves the open, stat reports that generation");
        vfs.release(open.handle(), ME);
        vfs.attributes(inode, ME);
        assertEquals(2, generations.get(), "a stat after the last close makes a new generation");
    }

    @Test
    void aPluginReportingMoreBytesThanFitFailsWithEio() throws Exception {
        StaticDirectory dir = new StaticDirectory();
        InodeTable t = new InodeTable(dir, POLICY);
        dev.magicfs.api.Readable liar = (offset, into, caller) -> into.remaining() + 1;
        dir.add("liar.txt", liar);
        t.addPinned(t.root(), "liar.txt", liar, 0444, POLICY);
        dir.seal();
        Vfs v = new Vfs(t, new MemoryAccount(1L << 30), 100, Instant.now(), 0, 0);
        OpenFile open = v.open(2, new OpenMode(true, false, false, false), ME).join();
        assertEquals(Errno.EIO, assertThrows(FsException.class, () -> v.read(open.handle(), 0, ByteBuffer.allocate(10), ME)).errno());
    }

    @Test
    void listingsStartWithDotAndDotDot() throws Exception {
        DirectoryListing listing = vfs.openDirectory(1, ME);
        assertEquals(".", listing.entries().get(0).name());
        assertEquals("..", listing.entries().get(1).name());
        assertEquals("counter.txt", listing.entries().get(2).name());
        assertEquals(2, listing.entries().get(2).inode());
    }

    @Test
    void refusalsUseTheFittingErrno() throws Exception {
        assertEquals(Errno.EACCES, vfs.namespace().refuseNameChange(1, "new.txt", true, ME).errno());
        assertEquals(Errno.EEXIST, vfs.namespace().refuseNameChange(1, "counter.txt", true, ME).errno());
        assertEquals(Errno.ENOENT, vfs.namespace().refuseNameChange(1, "nope.txt", false, ME).errno());
        assertEquals(Errno.ENOTDIR, vfs.namespace().refuseNameChange(2, "x", true, ME).errno());
        assertEquals(Errno.EACCES, assertThrows(FsException.class, () -> vfs.open(2, new OpenMode(false, true, false, false), ME).join()).errno());
        assertEquals(Errno.EPERM, assertThrows(FsException.class,
                () -> vfs.setAttributes(2, null, new AttributeChanges(null, null, null, 0777, null, null), ME)).errno());
        assertEquals(Errno.EACCES, assertThrows(FsException.class,
                () -> vfs.setAttributes(2, null, new AttributeChanges(0L, null, null, null, null, null), ME)).errno());
        assertEquals(Errno.EISDIR, assertThrows(FsException.class, () -> vfs.open(1, new OpenMode(true, false, false, false), ME).join()).errno());
    }

    /** A generated file that keeps what writers hand over, refusing content that starts with "bad". */
    static final class Document implements Generated, Replaceable {
        final List<String> handedOver = new ArrayList<>();
        volatile String content = "0123456789";
        int generations;

        @Override
        public byte[] generate(Caller caller) {
            generations++;
            return content.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void replace(byte[] bytes, Caller caller) throws FsException {
            String text = new String(bytes, StandardCharsets.UTF_8);
            handedOver.add(text);
            if (text.startsWith("bad")) {
                throw new FsException(Errno.EINVAL, "refused");
            }
            content = text;
        }

        @Override
        public long maxSize() {
            return 20;
        }
    }

    private Vfs vfsWith(Document document) {
        StaticDirectory dir = new StaticDirectory();
        InodeTable t = new InodeTable(dir, POLICY);
        dir.add("doc.txt", document);
        t.addPinned(t.root(), "doc.txt", document, InodeTable.defaultPermissions(document), POLICY);
        dir.seal();
        return new Vfs(t, new MemoryAccount(1L << 30), 100, Instant.now(), 0, 0);
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReplaceableFileGetsTheWholeNewContentAtFlushOnly() throws Exception {
        Document doc = new Document();
        Vfs v = vfsWith(doc);
        assertEquals(0644, v.attributes(v.inode(2), ME).permissions());
        int generated = doc.generations;
        OpenFile file = v.open(2, new OpenMode(false, true, false, true), ME).join();
        assertEquals(generated, doc.generations, "a truncating writer needs no generation");
        v.flush(file.handle(), ME);
        assertEquals(List.of(), doc.handedOver, "a shell closes a duplicate descriptor before writing: nothing to hand over yet");
        v.write(file.handle(), 0, bytes("hello "), ME);
        v.write(file.handle(), 6, bytes("world"), ME);
        assertEquals(List.of(), doc.handedOver, "nothing is handed over before the close");
        v.flush(file.handle(), ME);
        assertEquals(List.of("hello world"), doc.handedOver);
        v.flush(file.handle(), ME);
        v.release(file.handle(), ME);
        assertEquals(List.of("hello world"), doc.handedOver, "unchanged content is not handed over twice");

        OpenFile emptied = v.open(2, new OpenMode(false, true, false, true), ME).join();
        v.flush(emptied.handle(), ME);
        v.release(emptied.handle(), ME);
        assertEquals(List.of("hello world", ""), doc.handedOver, "': > file' empties the file at its last close");
    }

    @Test
    void aWriterWithoutTruncateEditsTheGeneratedContentAndReadsItsOwnWrites() throws Exception {
        Document doc = new Document();
        Vfs v = vfsWith(doc);
        OpenFile file = v.open(2, new OpenMode(true, true, false, false), ME).join();
        v.write(file.handle(), 2, bytes("ab"), ME);
        ByteBuffer into = ByteBuffer.allocate(64);
        int n = v.read(file.handle(), 0, into, ME);
        assertEquals("01ab456789", new String(into.array(), 0, n, StandardCharsets.UTF_8));
        v.release(file.handle(), ME);
        assertEquals(List.of("01ab456789"), doc.handedOver, "a release without a flush still hands over");

        OpenFile append = v.open(2, new OpenMode(false, true, true, false), ME).join();
        v.write(append.handle(), 0, bytes("!"), ME);
        v.flush(append.handle(), ME);
        assertEquals("01ab456789!", doc.content);
    }

    @Test
    void aRefusalIsTheCloseErrorAndIsNotRepeatedAtRelease() throws Exception {
        Document doc = new Document();
        Vfs v = vfsWith(doc);
        OpenFile file = v.open(2, new OpenMode(false, true, false, true), ME).join();
        v.write(file.handle(), 0, bytes("bad json"), ME);
        assertEquals(Errno.EINVAL, assertThrows(FsException.class, () -> v.flush(file.handle(), ME)).errno());
        v.release(file.handle(), ME);
        assertEquals(List.of("bad json"), doc.handedOver);
        assertEquals("0123456789", doc.content);
    }

    @Test
    void truncateHandsOverAndTheSizeLimitGivesEfbig() throws Exception {
        Document doc = new Document();
        Vfs v = vfsWith(doc);
        v.setAttributes(2, null, new AttributeChanges(4L, null, null, null, null, null), ME);
        assertEquals("0123", doc.content);
        OpenFile file = v.open(2, new OpenMode(false, true, false, true), ME).join();
        assertEquals(20, v.write(file.handle(), 0, bytes("x".repeat(21)), ME), "a write that crosses the limit stores what fits");
        assertEquals(Errno.EFBIG, assertThrows(FsException.class, () -> v.write(file.handle(), 20, bytes("x"), ME)).errno());
        assertEquals(Errno.EFBIG, assertThrows(FsException.class, () -> v.flush(file.handle(), ME)).errno(),
                "the close tells the writer that its content was not taken");
        v.release(file.handle(), ME);
        assertEquals("0123", doc.content, "a handle whose write failed hands nothing over");
        OpenFile second = v.open(2, new OpenMode(false, true, false, true), ME).join();
        v.setAttributes(2, second.handle(), new AttributeChanges(3L, null, null, null, null, null), ME);
        v.release(second.handle(), ME);
        assertEquals("\0\0\0", doc.content, "ftruncate of the handle grows its content with zeros");
    }
}
