package dev.magicfs.plugins.bucket;

import dev.magicfs.api.FileSpec;
import dev.magicfs.api.SpecException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One {@code kind: bucket} entry of mount.yaml, checked without network access.
 *
 * @param prefix the key prefix the folder shows, "" or ending in '/'
 * @param endpoint an S3-compatible service's address, or null for AWS
 * @param credentials "env", "profile NAME", "anonymous", or null for the SDK's default chain
 * @param listingLimit the most names of one folder held in memory; a larger folder is listed as it is read
 */
record BucketSpec(String bucket, String prefix, URI endpoint, String region, String credentials, Path cache,
        long cacheLimit, Duration refresh, Duration writeBack, Duration timeout, boolean readOnly, int listingLimit) {

    static final String URL = "url";
    static final String ENDPOINT = "endpoint";
    static final String REGION = "region";
    static final String CREDENTIALS = "credentials";
    static final String CACHE = "cache";
    static final String CACHE_LIMIT = "cache_limit";
    static final String REFRESH = "refresh";
    static final String WRITE_BACK = "write_back";
    static final String TIMEOUT = "timeout";
    static final String READ_ONLY = "read_only";
    static final String LISTING_LIMIT = "listing_limit";

    /** Bucket names as S3 allows them: 3 to 63 lowercase letters, digits, dots and hyphens. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    static BucketSpec of(FileSpec spec) throws SpecException {
        String url = spec.requiredText(URL);
        if (!url.startsWith("s3://")) {
            throw new SpecException(URL, "a bucket's url is s3://BUCKET/PREFIX/, not " + url);
        }
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new SpecException(URL, "'" + bucket + "' is no bucket name (3 to 63 lowercase letters, digits, dots and hyphens)");
        }
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (prefix.startsWith("/") || prefix.contains("//")) {
            throw new SpecException(URL, "the prefix '" + prefix + "' has an empty folder name");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        URI endpoint = endpoint(spec);
        String region = spec.text(REGION, endpoint != null ? "us-east-1" : null);
        String credentials = spec.text(CREDENTIALS);
        if (credentials != null && !credentials.equals("env") && !credentials.equals("anonymous")
                && !credentials.equals("default") && !credentials.matches("profile \\S+")) {
            throw new SpecException(CREDENTIALS, "credentials are env, profile NAME, anonymous or default, not '" + credentials + "'");
        }
        String cacheName = spec.text(CACHE, ".cache/" + spec.path().replace('/', '_'));
        Path cache = spec.baseDirectory().resolve(cacheName).toAbsolutePath().normalize();
        Duration timeout = spec.duration(TIMEOUT, Duration.ofSeconds(10));
        if (timeout.toMillis() < 100) {
            throw new SpecException(TIMEOUT, "timeout must be at least 100ms");
        }
        return new BucketSpec(bucket, prefix, endpoint, region, "default".equals(credentials) ? null : credentials, cache,
                spec.size(CACHE_LIMIT, 1L << 30), spec.duration(REFRESH, Duration.ofSeconds(10)),
                spec.duration(WRITE_BACK, Duration.ofSeconds(2)), timeout, spec.bool(READ_ONLY, false), listingLimit(spec));
    }

    /** 100,000 names by default, about 50 MB held (about 500 bytes a name, bench/bucket-large.sh). */
    private static int listingLimit(FileSpec spec) throws SpecException {
        String text = spec.text(LISTING_LIMIT, "100000");
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new SpecException(LISTING_LIMIT, "listing_limit is a number of names, at least 1, not '" + text + "'");
    }

    private static URI endpoint(FileSpec spec) throws SpecException {
        String text = spec.text(ENDPOINT);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new SpecException(ENDPOINT, "an endpoint is an http:// or https:// address, not " + text);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new SpecException(ENDPOINT, "not an address: " + text);
        }
    }

    /** s3://bucket/prefix, for log lines. */
    String url() {
        return "s3://" + bucket + "/" + prefix;
    }
}
