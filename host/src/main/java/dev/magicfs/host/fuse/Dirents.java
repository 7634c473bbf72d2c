package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.api.MutableNode;
import dev.magicfs.host.vfs.DirectoryListing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A static directory's entries, encoded once in the kernel's READDIR format (struct fuse_dirent), so that
 * each READDIR copies a slice; a plugin directory's, encoded as each READDIR asks; and READDIRPLUS replies,
 * whose entries carry attributes. The entry at index i says the next offset is i + 1.
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
            putDirent(out, starts[i], e.inode(), i + 1, names[i], typeOf(e), starts[i + 1]);
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
                if (e == null) {
                    break; // the end of a streamed listing
                }
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                int length = align(DIRENT_NAME + name.length);
                if (used + length > size) {
                    break;
                }
                putDirent(reply, used, e.inode(), i + 1, name, typeOf(e), used + length);
                used += length;
            }
            out.position(out.position() + used);
            return used;
        };
    }

    /** Writes an entry's fuse_entry_out for READDIRPLUS and returns the inode number its dirent shows. */
    interface EntryWriter {
        long write(ByteBuffer out, int at, DirectoryListing.Entry entry);
    }

    /**
     * READDIRPLUS: the whole entries from index {@code offset} on that fit in {@code size} bytes, written at
     * {@code at} of {@code out}, each a fuse_entry_out from {@code writer} and a fuse_dirent. The writer is
     * called only for entries that fit, since each it looks up counts as a kernel lookup.
     *
     * @return the bytes written
     */
    static int plus(List<DirectoryListing.Entry> entries, long offset, int size, ByteBuffer out, int at, EntryWriter writer) {
        int used = 0;
        for (long i = offset; i < entries.size(); i++) {
            DirectoryListing.Entry e = entries.get((int) i);
            if (e == null) {
                break; // the end of a streamed listing
            }
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int length = align(DIRENTPLUS_DIRENT + DIRENT_NAME + name.length);
            if (used + length > size) {
                break;
            }
            int entry = at + used;
            long ino = writer.write(out, entry, e);
            putDirent(out, entry + DIRENTPLUS_DIRENT, ino, i + 1, name, typeOf(e), entry + length);
            used += length;
        }
        return used;
    }

    /** One fuse_dirent at {@code at}, zero-padded up to {@code end}; {@code next} is the offset after it. */
    /** The S_IFMT bits of an entry: a changeable tree's node says its own type. */
    private static int typeOf(DirectoryListing.Entry e) {
        if (e.node() instanceof MutableNode node) {
            return node.metadata().type().modeBits;
        }
        return e.directory() ? S_IFDIR : S_IFREG;
    }

    private static void putDirent(ByteBuffer out, int at, long ino, long next, byte[] name, int type, int end) {
        out.putLong(at + DIRENT_INO, ino);
        out.putLong(at + DIRENT_OFF, next);
        out.putInt(at + DIRENT_NAMELEN, name.length);
        out.putInt(at + DIRENT_TYPE, type >> 12);
        out.put(at + DIRENT_NAME, name);
        for (int pad = at + DIRENT_NAME + name.length; pad < end; pad++) {
            out.put(pad, (byte) 0);
        }
    }

    private static int align(int length) {
        return (length + DIRENT_ALIGN - 1) & -DIRENT_ALIGN;
    }
}
