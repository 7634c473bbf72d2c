package dev.magicfs.plugins.writabledir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data files a persisted tree keeps open, the most recently used {@link #LIMIT} of them: a tree of a
 * million files must not hold a million descriptors, and most reads and writes go through passthrough anyway.
 * A channel closed here while a request still uses it fails that use with a ClosedChannelException, which
 * {@link OnDiskFile} answers by asking again.
 */
final class OpenDataFiles {
    static final int LIMIT = 256;

    private final Map<Path, FileChannel> open = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, FileChannel> eldest) {
            if (size() <= LIMIT) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    synchronized FileChannel get(Path data) throws IOException {
        FileChannel channel = open.get(data);
        if (channel == null || !channel.isOpen()) {
            channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            open.put(data, channel);
        }
        return channel;
    }

    synchronized void close(Path data) {
        FileChannel channel = open.remove(data);
        if (channel != null) {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // a data file only read or written through positioned calls: nothing is lost by its close
        }
    }
}
