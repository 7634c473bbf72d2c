package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.host.log.MountLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The INIT exchange, the first request of every connection: the kernel offers a protocol version and
 * capabilities, magicfs answers with those it takes. What is in force is logged at debug.
 *
 * <p>Taken when offered: ASYNC_READ (readahead in parallel), ATOMIC_O_TRUNC (O_TRUNC arrives with the open, so
 * replacing a generated file does not generate it first), BIG_WRITES and MAX_PAGES (requests of up to 1 MiB),
 * READDIRPLUS with READDIRPLUS_AUTO (a listing carries attributes, so {@code ls -l} needs no LOOKUP per name),
 * PARALLEL_DIROPS (lookups in one directory run at once), DIRECT_IO_ALLOW_MMAP (mmap of direct I/O files),
 * HANDLE_KILLPRIV_V2 (magicfs drops setuid and setgid where a write, truncation or chown should, so the kernel
 * does not ask for security.capability before every write), and PASSTHROUGH when magicfs has CAP_SYS_ADMIN. Left off: WRITEBACK_CACHE (the kernel would acknowledge writes
 * before a file's plugin accepted them, and passthrough excludes it) and AUTO_INVAL_DATA (magicfs drops
 * changed content from the kernel's cache itself, by notification, so a handle open on old content keeps it).
 */
final class InitNegotiation {
    /** 256 pages of 4 KiB: 1 MiB reads and writes. */
    static final int PAGES_WANTED = 256;
    private static final Path MAX_PAGES_LIMIT = Path.of("/proc/sys/fs/fuse/max_pages_limit");

    private static final Map<String, Long> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("ASYNC_READ", ASYNC_READ);
        NAMES.put("ATOMIC_O_TRUNC", ATOMIC_O_TRUNC);
        NAMES.put("BIG_WRITES", BIG_WRITES);
        NAMES.put("MAX_PAGES", MAX_PAGES);
        NAMES.put("DO_READDIRPLUS", DO_READDIRPLUS);
        NAMES.put("READDIRPLUS_AUTO", READDIRPLUS_AUTO);
        NAMES.put("PARALLEL_DIROPS", PARALLEL_DIROPS);
        NAMES.put("DIRECT_IO_ALLOW_MMAP", DIRECT_IO_ALLOW_MMAP);
        NAMES.put("PASSTHROUGH", PASSTHROUGH);
        NAMES.put("HANDLE_KILLPRIV_V2", HANDLE_KILLPRIV_V2);
        NAMES.put("WRITEBACK_CACHE", WRITEBACK_CACHE);
        NAMES.put("AUTO_INVAL_DATA", AUTO_INVAL_DATA);
    }

    private static final long WANTED = ASYNC_READ | ATOMIC_O_TRUNC | BIG_WRITES | MAX_PAGES | DO_READDIRPLUS
            | READDIRPLUS_AUTO | PARALLEL_DIROPS | DIRECT_IO_ALLOW_MMAP | HANDLE_KILLPRIV_V2;

    /** What the connection runs with. */
    record Terms(int kernelMinor, int minor, int maxWrite, int maxPages, long flags) {
        boolean has(long flag) {
            return (flags & flag) != 0;
        }
    }

    private InitNegotiation() {}

    /**
     * Answers the INIT request {@code init}.
     *
     * @param privileged whether magicfs may register backing files (CAP_SYS_ADMIN), which passthrough needs
     * @throws MountException for a kernel whose protocol magicfs cannot speak
     */
    static Terms answer(Request init, Replies replies, boolean privileged, MountLog log) throws MountException {
        if (init.opcode != INIT) {
            throw new MountException("the kernel's first FUSE request was opcode " + init.opcode + ", not INIT");
        }
        int major = init.intAt(INIT_IN_MAJOR);
        int kernelMinor = init.intAt(INIT_IN_MINOR);
        if (major != KERNEL_VERSION || kernelMinor < 12) {
            replies.error(init.unique, jnr.constants.platform.Errno.EPROTO.intValue());
            throw new MountException("the kernel speaks FUSE " + major + "." + kernelMinor + "; magicfs needs 7.12 or later");
        }
        long offered = Integer.toUnsignedLong(init.intAt(INIT_IN_FLAGS));
        if ((offered & INIT_EXT) != 0 && init.bodyLength() >= INIT_IN_FLAGS2 + 4) {
            offered |= Integer.toUnsignedLong(init.intAt(INIT_IN_FLAGS2)) << 32;
        }
        long taken = offered & (WANTED | (privileged ? PASSTHROUGH : 0));
        int minor = Math.min(kernelMinor, MAGICFS_MINOR);
        int pages = (taken & MAX_PAGES) != 0 ? Math.min(PAGES_WANTED, kernelPageLimit()) : 32;
        int maxWrite = pages * 4096;

        NativeBuffer out = Replies.small();
        ByteBuffer b = out.bytes;
        int at = Replies.PAYLOAD;
        for (int i = 0; i < INIT_OUT_SIZE; i += 8) {
            b.putLong(at + i, 0);
        }
        b.putInt(at + INIT_OUT_MAJOR, KERNEL_VERSION);
        b.putInt(at + INIT_OUT_MINOR, minor);
        b.putInt(at + INIT_OUT_MAX_READAHEAD, init.intAt(INIT_IN_MAX_READAHEAD));
        b.putInt(at + INIT_OUT_FLAGS, (int) (taken | ((offered & INIT_EXT) != 0 ? INIT_EXT : 0)));
        b.putInt(at + INIT_OUT_MAX_WRITE, maxWrite);
        b.putInt(at + INIT_OUT_TIME_GRAN, 1);
        b.putShort(at + INIT_OUT_MAX_PAGES, (short) pages);
        b.putInt(at + INIT_OUT_FLAGS2, (int) (taken >>> 32));
        if ((taken & PASSTHROUGH) != 0) {
            b.putInt(at + INIT_OUT_MAX_STACK_DEPTH, 1); // backing files on an ordinary filesystem, not on another FUSE
        }
        if (!replies.send(init.unique, out, minor < 23 ? INIT_OUT_COMPAT_SIZE : INIT_OUT_SIZE)) {
            throw new MountException("the kernel did not take magicfs's INIT reply: " + replies.device().lastError());
        }
        Terms terms = new Terms(kernelMinor, minor, maxWrite, pages, taken);
        if (log.isOn(MountLog.Level.DEBUG)) {
            log.debug(describe(terms, offered, init.intAt(INIT_IN_MAX_READAHEAD)));
        }
        return terms;
    }

    static String describe(Terms terms, long offered, int maxReadahead) {
        List<String> inForce = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        NAMES.forEach((name, flag) -> (terms.has(flag) ? inForce : (offered & flag) != 0 ? left : absent).add(name));
        return "FUSE " + KERNEL_VERSION + "." + terms.minor() + " (the kernel offers 7." + terms.kernelMinor() + "): max_read "
                + terms.maxWrite() + ", max_write " + terms.maxWrite() + ", max_pages " + terms.maxPages()
                + ", max_readahead " + maxReadahead + "; in force: " + String.join(" ", inForce)
                + "; offered, not taken: " + (left.isEmpty() ? "none" : String.join(" ", left))
                + "; not offered: " + (absent.isEmpty() ? "none" : String.join(" ", absent));
    }

    /** The most pages per request the kernel allows, 256 unless its administrator changed it. */
    private static int kernelPageLimit() {
        // One read(2) of the whole file: Files.readString reads a sysctl file a byte at a time and gets "2" of "256".
        try (InputStream in = Files.newInputStream(MAX_PAGES_LIMIT)) {
            return Math.max(1, Integer.parseInt(new String(in.readNBytes(32), StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return PAGES_WANTED;
        }
    }
}
