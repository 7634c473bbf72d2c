package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.FuseLayout.*;

import dev.magicfs.host.vfs.DirectoryListing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One opendir's entries, encoded once in the kernel's READDIR format (struct fuse_dirent), so that each
 * READDIR copies a slice instead of calling fuse_add_direntry through JNI once per entry, which made a
 * 1,000-entry listing cost 2.4 times the C reference's. The entry at index i says the next READDIR offset
 * is i + 1.
 */
final class Dirents {
    private final byte[] bytes;
    /** Where entry i begins; the last element is the total length. */
    private final int[] starts;

    private Dirents(byte[] bytes, int[] starts) {
        this.bytes = bytes;
        this.starts = starts;
    }

    static Dirents encode(List<DirectoryListing.Entry> entries) {
        byte[][] names = new byte[entries.size()][];
        int[] starts = new int[entries.size() + 1];
        for (int i = 0; i < names.length; i++) {
            names[i] = entries.get(i).name().getBytes(StandardCharsets.UTF_8);
            starts[i + 1] = starts[i] + align(DIRENT_NAME + names[i].length);
        }
        ByteBuffer out = ByteBuffer.allocate(starts[names.length]).order(ByteOrder.nativeOrder());
        for (int i = 0; i < names.length; i++) {
            DirectoryListing.Entry e = entries.get(i);
            out.putLong(starts[i] + DIRENT_INO, e.inode());
            out.putLong(starts[i] + DIRENT_OFF, i + 1);
            out.putInt(starts[i] + DIRENT_NAMELEN, names[i].length);
            out.putInt(starts[i] + DIRENT_TYPE, (e.directory() ? S_IFDIR : S_IFREG) >> 12);
            out.put(starts[i] + DIRENT_NAME, names[i]); // the padding after it is already zero
        }
        return new Dirents(out.array(), starts);
    }

    /**
     * Writes the whole entries from index {@code offset} on that fit in {@code size} bytes into {@code out}
     * (from its position) and returns how many bytes that is: 0 past the end.
     */
    int copy(long offset, long size, ByteBuffer out) {
        int first = (int) Math.min(offset, starts.length - 1);
        int end = first;
        while (end + 1 < starts.length && starts[end + 1] - starts[first] <= size) {
            end++;
        }
        int length = starts[end] - starts[first];
        out.put(bytes, starts[first], length);
        return length;
    }

    private static int align(int length) {
        return (length + DIRENT_ALIGN - 1) & -DIRENT_ALIGN;
    }
}
