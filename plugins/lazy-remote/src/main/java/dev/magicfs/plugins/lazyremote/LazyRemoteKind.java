package dev.magicfs.plugins.lazyremote;

import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.time.Duration;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code kind: lazy-remote}: content fetched from {@code url} (http, https, file: or data:) at the first read
 * and served from memory afterwards. {@code delay} adds latency before the fetch (to demonstrate lazy loading
 * offline), {@code refresh} makes a copy older than that be fetched again, {@code timeout} bounds one whole fetch,
 * {@code max_size} bounds the body. Copies are kept in the mount's cache ({@code cache_limit}).
 */
@Extension
public final class LazyRemoteKind implements FileKind {
    static final String URL = "url";
    static final String DELAY = "delay";
    static final String REFRESH = "refresh";
    static final String TIMEOUT = "timeout";
    static final String MAX_SIZE = "max_size";

    @Override
    public String name() {
        return "lazy-remote";
    }

    @Override
    public Set<String> keys() {
        return Set.of(URL, DELAY, REFRESH, TIMEOUT, MAX_SIZE);
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        return create(spec, log, null);
    }

    /** The copy fetched so far is kept when the URL did not change. */
    @Override
    public Node recreate(FileSpec spec, FileLog log, Node previous) throws SpecException {
        return create(spec, log, previous instanceof LazyRemoteFile file ? file : null);
    }

    private Node create(FileSpec spec, FileLog log, LazyRemoteFile previous) throws SpecException {
        Duration timeout = spec.duration(TIMEOUT, Duration.ofSeconds(30));
        long maxSize = spec.size(MAX_SIZE, 256L << 20);
        if (maxSize > Integer.MAX_VALUE - 16) {
            throw new SpecException(MAX_SIZE, "max_size can be at most 2GiB");
        }
        String url = spec.requiredText(URL);
        Source source;
        try {
            source = Source.parse(url, spec.baseDirectory(), timeout, (int) maxSize);
        } catch (IllegalArgumentException e) {
            throw new SpecException(URL, e.getMessage());
        }
        Duration refresh = spec.duration(REFRESH, null);
        return new LazyRemoteFile(source, spec.duration(DELAY, Duration.ZERO), refresh, spec.contentCache(), log,
                spec.transfers(), previous);
    }
}
