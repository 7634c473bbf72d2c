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
final class Dirents implements ReaddirSource {
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

    @Override
    public int copy(long offset, long size, ByteBuffer out) {
        int first = (int) Math.min(offset, starts.length - 1);
        int end = first;
        while (end + 1 < starts.length && starts[end + 1] - starts[first] <= size) {
            end++;
        }
        int length = starts[end] - starts[first];
        out.put(bytes, starts[first], length);
        return length;
    }

    /**
     * A listing encoded entry by entry into each READDIR reply, for plugin directories: nothing of a large
     * listing is encoded ahead or kept besides the listing itself.
     */
    static ReaddirSource streamed(List<DirectoryListing.Entry> entries) {
        return (offset, size, out) -> {
            ByteBuffer reply = out.slice().order(ByteOrder.nativeOrder());
            int used = 0;
            for (long i = offset; i < entries.size(); i++) {
                DirectoryListing.Entry e = entries.get((int) i);
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                int length = align(DIRENT_NAME + name.length);
                if (used + length > size) {
                    break;
                }
                reply.putLong(used + DIRENT_INO, e.inode());
                reply.putLong(used + DIRENT_OFF, i + 1);
                reply.putInt(used + DIRENT_NAMELEN, name.length);
                reply.putInt(used + DIRENT_TYPE, (e.directory() ? S_IFDIR : S_IFREG) >> 12);
                reply.put(used + DIRENT_NAME, name);
                for (int pad = used + DIRENT_NAME + name.length; pad < used + length; pad++) {
                    reply.put(pad, (byte) 0);
                }
                used += length;
            }
            out.position(out.position() + used);
            return used;
        };
    }

    private static int align(int length) {
        return (length + DIRENT_ALIGN - 1) & -DIRENT_ALIGN;
    }
}
