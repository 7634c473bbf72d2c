package dev.magicfs.plugins.bucket;

import dev.magicfs.api.Directory.Entry;
import dev.magicfs.api.FsException;
import dev.magicfs.plugins.bucket.BucketClient.ObjectInfo;
import dev.magicfs.plugins.bucket.BucketClient.Page;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One opendir's listing of a folder too large to hold ({@code listing_limit}): the bucket's pages are fetched
 * as readdir reaches them, and only the page being read is held, with the continuation token of each page
 * read so far (one short string per thousand names), so a reader that goes back fetches that page again.
 * Its size is not known before the last page: {@link #size} is then {@link Integer#MAX_VALUE} and
 * {@link #get} is null past the last entry, as {@link dev.magicfs.api.Directory#children} allows.
 */
final class FolderStream extends AbstractList<Entry> {
    private final BucketDirectory folder;
    private final String prefix;
    /** The token each page read so far starts at (null: the first), and the index of its first entry. */
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> starts = new ArrayList<>();
    private int held = -1;
    private List<Entry> page = List.of();
    private String next;
    private int total = -1;

    FolderStream(BucketDirectory folder) {
        this.folder = folder;
        this.prefix = folder.prefix();
        tokens.add(null);
        starts.add(0);
    }

    @Override
    public synchronized Entry get(int index) {
        try {
            if (held < 0 || index < starts.get(held)) {
                int k = 0;
                while (k + 1 < starts.size() && starts.get(k + 1) <= index) {
                    k++;
                }
                fetch(k);
            }
            while (index >= starts.get(held) + page.size()) {
                if (next == null) {
                    return null;
                }
                if (held + 1 == tokens.size()) {
                    tokens.add(next);
                    starts.add(starts.get(held) + page.size());
                }
                fetch(held + 1);
            }
            return page.get(index - starts.get(held));
        } catch (FsException e) {
            throw new UncheckedIOException(new java.io.IOException(e.getMessage(), e)); // readdir answers EIO
        }
    }

    @Override
    public synchronized int size() {
        return total >= 0 ? total : Integer.MAX_VALUE;
    }

    /** Fetches page {@code k}: its folders and objects in key order, and after the last, the files made here. */
    private void fetch(int k) throws FsException {
        Page fetched = folder.tree.client().list(prefix, tokens.get(k));
        List<Named> named = new ArrayList<>();
        for (String key : fetched.folders()) {
            named.add(new Named(key, key.substring(prefix.length(), key.length() - 1), null));
        }
        for (ObjectInfo object : fetched.objects()) {
            named.add(new Named(object.key(), object.key().substring(prefix.length()), object));
        }
        named.sort(Comparator.comparing(Named::key));
        List<Entry> entries = new ArrayList<>(named.size());
        for (Named n : named) {
            BucketNode node = folder.streamedNode(n.name(), n.object());
            if (node != null) {
                entries.add(new Entry(n.name(), node));
            }
        }
        held = k;
        next = fetched.next();
        if (next == null) {
            folder.unlisted().forEach((name, node) -> entries.add(new Entry(name, node)));
            total = starts.get(k) + entries.size();
            folder.streamEnded(total);
        }
        page = entries;
    }

    /** A folder (no object) or an object of a page, under its key and the name it has here. */
    private record Named(String key, String name, ObjectInfo object) {}
}
