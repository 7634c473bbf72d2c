package dev.magicfs.plugins.bucket;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.Transfers;
import dev.magicfs.api.FsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket as the rest of the plugin sees it: listings, ranged reads, uploads, copies and deletes, each
 * failing with an errno. Built at the first request, never by {@code magicfs check}.
 */
final class BucketClient implements AutoCloseable {
    /** Objects larger than this go up in parts of this size, so one failed part costs one part. */
    static final long PART_SIZE = 16L << 20;

    /** One object of a listing. */
    record ObjectInfo(String key, long size, Instant modified, String etag) {}

    /** One page of a listing: objects and folders (common prefixes) directly under the prefix. */
    record Page(List<ObjectInfo> objects, List<String> folders, String next) {}

    private final BucketSpec spec;
    private final FileLog log;
    private final Transfers transfers;
    private final S3Client s3;
    /** Whether the last refusal of our credentials was logged, so a refused mount says so once, not per request. */
    private final AtomicBoolean refusalLogged = new AtomicBoolean();

    BucketClient(BucketSpec spec, FileLog log, Transfers transfers) {
        this.spec = spec;
        this.log = log;
        this.transfers = transfers;
        var builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(spec.timeout())
                        .socketTimeout(spec.timeout())
                        .maxConnections(32))
                .credentialsProvider(credentials(spec.credentials()))
                // Other S3-compatible services do not all take the SDK's newer trailing checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(spec.timeout().multipliedBy(3)));
        if (spec.region() != null) {
            builder.region(Region.of(spec.region()));
        }
        if (spec.endpoint() != null) {
            builder.endpointOverride(spec.endpoint()).forcePathStyle(true);
        }
        this.s3 = builder.build();
    }

    private static AwsCredentialsProvider credentials(String how) {
        if (how == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return switch (how) {
            case "env" -> EnvironmentVariableCredentialsProvider.create();
            case "anonymous" -> AnonymousCredentialsProvider.create();
            default -> ProfileCredentialsProvider.create(how.substring("profile ".length()));
        };
    }

    /** Fails unless the bucket answers: for the line a mount logs when it starts serving. */
    void checkReachable() throws FsException {
        call("reach the bucket", () -> s3.headBucket(b -> b.bucket(spec.bucket())));
    }

    /** Objects and folders directly under {@code prefix}, one page from {@code continuation} (null: the first). */
    Page list(String prefix, String continuation) throws FsException {
        ListObjectsV2Response page = call("list " + prefix, () -> s3.listObjectsV2(b -> b.bucket(spec.bucket())
                .prefix(prefix).delimiter("/").continuationToken(continuation)));
        List<ObjectInfo> objects = new ArrayList<>(page.contents().size());
        for (S3Object o : page.contents()) {
            objects.add(new ObjectInfo(o.key(), o.size(), o.lastModified(), o.eTag()));
        }
        List<String> folders = new ArrayList<>(page.commonPrefixes().size());
        for (CommonPrefix p : page.commonPrefixes()) {
            folders.add(p.prefix());
        }
        return new Page(objects, folders, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
    }

    /** The object {@code key} as a listing would show it, or null when there is none. */
    ObjectInfo find(String key) throws FsException {
        try {
            var head = call("look up " + key, () -> s3.headObject(b -> b.bucket(spec.bucket()).key(key)));
            return new ObjectInfo(key, head.contentLength(), head.lastModified(), head.eTag());
        } catch (FsException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /** Every key that starts with {@code prefix}, at any depth: for moving and emptying folders. */
    List<String> keysUnder(String prefix, int atMost) throws FsException {
        List<String> keys = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListObjectsV2Response page = call("list " + prefix, () -> s3.listObjectsV2(b -> b.bucket(spec.bucket())
                    .prefix(prefix).continuationToken(token).maxKeys(Math.min(1000, atMost))));
            page.contents().forEach(o -> keys.add(o.key()));
            next = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (next != null && keys.size() < atMost);
        return keys;
    }

    /**
     * The bytes {@code [from, to)} of the version {@code etag} of an object; a newer version fails (EIO). Its
     * progress is reported until it is closed, which drops the connection ({@link #abandon}).
     */
    InputStream read(String key, long from, long to, String etag) throws FsException {
        ResponseInputStream<GetObjectResponse> body = call("read " + key, () -> s3.getObject(b -> b.bucket(spec.bucket()).key(key)
                .range("bytes=" + from + "-" + (to - 1)).ifMatch(etag)));
        Transfers.Transfer transfer = transfers.start("download of s3://" + spec.bucket() + "/" + key
                + (from > 0 ? " from byte " + from : ""), to - from);
        return new CountedBody.CountingStream(body, transfer) {
            @Override
            public void close() {
                transfer.close();
                abandon(body);
            }
        };
    }

    /** Uploads {@code size} bytes of {@code file} as {@code key}, in parts when large; returns the new ETag. */
    String upload(String key, Path file, long size) throws FsException {
        try (Transfers.Transfer transfer = transfers.start("upload of s3://" + spec.bucket() + "/" + key, size)) {
            return upload(key, file, size, transfer);
        }
    }

    private String upload(String key, Path file, long size, Transfers.Transfer transfer) throws FsException {
        if (size <= PART_SIZE) {
            return call("upload " + key, () -> s3.putObject(b -> b.bucket(spec.bucket()).key(key),
                    CountedBody.of(transfer, size, () -> open(file)))).eTag();
        }
        String id = call("start the upload of " + key, () -> s3.createMultipartUpload(b -> b.bucket(spec.bucket()).key(key))).uploadId();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            ByteBuffer part = ByteBuffer.allocate((int) PART_SIZE);
            for (int n = 1; (long) (n - 1) * PART_SIZE < size; n++) {
                part.clear();
                long at = (n - 1) * PART_SIZE;
                part.limit((int) Math.min(PART_SIZE, size - at));
                while (part.hasRemaining() && in.read(part, at + part.position()) > 0) {
                    // fill the part
                }
                part.flip();
                int number = n;
                String etag = call("upload part " + n + " of " + key, () -> s3.uploadPart(b -> b.bucket(spec.bucket()).key(key)
                        .uploadId(id).partNumber(number), CountedBody.of(transfer, part.limit(),
                        () -> new ByteArrayInputStream(part.array(), 0, part.limit())))).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            return call("finish the upload of " + key, () -> s3.completeMultipartUpload(b -> b.bucket(spec.bucket()).key(key)
                    .uploadId(id).multipartUpload(u -> u.parts(parts)))).eTag();
        } catch (IOException | FsException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(spec.bucket()).key(key).uploadId(id));
            } catch (SdkException ignored) {
                // the service forgets unfinished uploads by its own rules
            }
            if (e instanceof FsException f) {
                throw f;
            }
            throw new FsException(Errno.EIO, "upload of " + key + " failed: " + e.getMessage(), e);
        }
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the SDK fails the request with it
        }
    }

    /** A copy made by the service, without the bytes passing through here; returns the copy's ETag. */
    String copy(String from, String to) throws FsException {
        return call("copy " + from + " to " + to, () -> s3.copyObject(b -> b.sourceBucket(spec.bucket()).sourceKey(from)
                .destinationBucket(spec.bucket()).destinationKey(to))).copyObjectResult().eTag();
    }

    void delete(String key) throws FsException {
        call("delete " + key, () -> s3.deleteObject(b -> b.bucket(spec.bucket()).key(key)));
    }

    /** An empty object named {@code prefix} (ending in '/'), as the S3 console marks a folder. */
    void markFolder(String prefix) throws FsException {
        call("make folder " + prefix, () -> s3.putObject(b -> b.bucket(spec.bucket()).key(prefix), RequestBody.empty()));
    }

    /** Closes a stream without reading the rest of its body: the connection is dropped instead. */
    static void abandon(InputStream in) {
        if (in instanceof ResponseInputStream<?> response) {
            response.abort();
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to read from it
        }
    }

    /** A call to the service whose failures become errnos: 404 ENOENT, 403 EACCES (logged once), others EIO. */
    private <T> T call(String what, SdkCall<T> call) throws FsException {
        try {
            T result = call.run();
            refusalLogged.set(false);
            return result;
        } catch (S3Exception e) {
            int status = e.statusCode();
            String reason = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode();
            if (status == 404) {
                throw new FsException(Errno.ENOENT, what + ": not in the bucket (" + reason + ")");
            }
            if (status == 403) {
                if (refusalLogged.compareAndSet(false, true)) {
                    log.error(spec.url() + " refused our credentials (" + reason + "): check credentials: in mount.yaml");
                }
                throw new FsException(Errno.EACCES, what + ": refused (" + reason + ")");
            }
            throw new FsException(Errno.EIO, what + " failed: HTTP " + status + " " + reason, e);
        } catch (SdkException e) {
            throw new FsException(Errno.EIO, what + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }

    @Override
    public void close() {
        s3.close();
    }
}
