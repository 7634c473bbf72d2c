package dev.magicfs.plugins.lazyremote;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Node;
import dev.magicfs.api.Transfers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/** Where a lazy-remote file's bytes come from: one implementation per URL scheme. */
sealed interface Source {

    /** The URL as the user wrote it, for log lines. */
    String url();

    /** The size before any fetch, when it is cheap to know; else {@link Node#UNKNOWN_SIZE}. */
    long sizeBeforeFetch();

    /** Fetches the whole content; {@code announcedSize} hears a size as soon as the source tells it. */
    byte[] fetch(LongConsumer announcedSize) throws FsException, InterruptedException;

    /** {@link #fetch(LongConsumer)}, reporting a download's progress to {@code transfers}. */
    default byte[] fetch(LongConsumer announcedSize, Transfers transfers) throws FsException, InterruptedException {
        return fetch(announcedSize);
    }

    static Source parse(String url, Path base, Duration timeout, int maxSize) {
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            // Not parsed as a URI: data: URLs written by hand often hold spaces, which URI rejects.
            return new Data(url, decodeData(url.substring(5)));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        return switch (scheme) {
            case "http", "https" -> new Http(url, uri, timeout, maxSize);
            case "file" -> new LocalFile(url, localPath(uri, base), maxSize);
            default -> throw new IllegalArgumentException(
                    "unsupported URL scheme '" + scheme + "' (expected http, https, file: or data:)");
        };
    }

    /** {@code file:notes.txt} is relative to mount.yaml's folder; {@code file:///abs} is absolute. */
    private static Path localPath(URI uri, Path base) {
        String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a file: URL needs a path, such as file:weather.txt or file:///srv/weather.txt");
        }
        return base.resolve(path).normalize();
    }

    /** RFC 2397: {@code data:[<mediatype>][;base64],<data>}, the data percent-encoded unless base64. */
    private static byte[] decodeData(String rest) {
        int comma = rest.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("a data: URL needs a comma before its content, such as data:,hello%0A");
        }
        String header = rest.substring(0, comma);
        String body = rest.substring(comma + 1);
        if (header.endsWith(";base64")) {
            try {
                return Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad base64 in data: URL: " + e.getMessage());
            }
        }
        return percentDecode(body);
    }

    private static byte[] percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%') {
                if (i + 2 >= raw.length) {
                    throw new IllegalArgumentException("bad percent escape at the end of the data: URL");
                }
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad percent escape '%" + (char) raw[i + 1] + (char) raw[i + 2] + "' in data: URL");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toByteArray();
    }

    private static byte[] readCapped(InputStream in, int maxSize, String what) throws IOException, FsException {
        byte[] bytes = in.readNBytes(maxSize + 1);
        if (bytes.length > maxSize) {
            throw new FsException(Errno.EFBIG, what + " is larger than max_size (" + maxSize + " bytes)");
        }
        return bytes;
    }

    record Data(String url, byte[] content) implements Source {
        @Override
        public long sizeBeforeFetch() {
            return content.length;
        }

        @Override
        public byte[] fetch(LongConsumer announcedSize) {
            return content;
        }
    }

    record LocalFile(String url, Path path, int maxSize) implements Source {
        @Override
        public long sizeBeforeFetch() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                return Node.UNKNOWN_SIZE;
            }
        }

        @Override
        public byte[] fetch(LongConsumer announcedSize) throws FsException {
            try (InputStream in = Files.newInputStream(path)) {
                return readCapped(in, maxSize, path.toString());
            } catch (IOException e) {
                throw new FsException(Errno.EIO, "cannot read " + path + ": " + e, e);
            }
        }
    }

    /**
     * An HTTP(S) download. {@code timeout} bounds the whole fetch, body included, so a server that stalls
     * mid-body fails the read too; the body is collected by a {@link CappedBody}, so a huge or endless body
     * stops at {@code maxSize} without being held.
     */
    record Http(String url, URI uri, Duration timeout, int maxSize) implements Source {
        private static final class Client {
            // Built at the first fetch, never at mount or check time.
            static final HttpClient INSTANCE = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }

        @Override
        public long sizeBeforeFetch() {
            return Node.UNKNOWN_SIZE;
        }

        @Override
        public byte[] fetch(LongConsumer announcedSize) throws FsException, InterruptedException {
            return fetch(announcedSize, Transfers.NONE);
        }

        @Override
        public byte[] fetch(LongConsumer announcedSize, Transfers transfers) throws FsException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            AtomicReference<Transfers.Transfer> body = new AtomicReference<>();
            CompletableFuture<HttpResponse<byte[]>> response = Client.INSTANCE.sendAsync(request, info -> {
                long length = info.headers().firstValueAsLong("content-length").orElse(Node.UNKNOWN_SIZE);
                if (info.statusCode() / 100 == 2 && length <= maxSize) {
                    announcedSize.accept(length);
                }
                Transfers.Transfer transfer = transfers.start("download of " + url, length);
                body.set(transfer);
                return new CappedBody(info.statusCode(), length, maxSize, url, transfer);
            });
            try {
                HttpResponse<byte[]> done = response.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (done.statusCode() / 100 != 2) {
                    throw new FsException(Errno.EIO, "GET " + url + " answered HTTP " + done.statusCode());
                }
                return done.body();
            } catch (TimeoutException e) {
                throw tooSlow();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                while (cause instanceof CompletionException || cause instanceof IOException && cause.getCause() instanceof FsException) {
                    cause = cause.getCause();
                }
                if (cause instanceof FsException fs) {
                    throw fs;
                }
                if (cause instanceof HttpTimeoutException) {
                    throw tooSlow(); // the client's own timer for the same timeout fired first
                }
                throw new FsException(Errno.EIO, "GET " + url + " failed: " + cause, cause);
            } finally {
                response.cancel(true); // a timed-out or failed exchange stops reading from the server
                Transfers.Transfer transfer = body.get();
                if (transfer != null) {
                    transfer.close();
                }
            }
        }

        private FsException tooSlow() {
            return new FsException(Errno.EIO, "GET " + url + " took longer than its timeout of " + timeout.toMillis() + " ms");
        }
    }
}
