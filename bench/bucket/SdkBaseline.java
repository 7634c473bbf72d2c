// The physical limit of the bucket path: the same AWS SDK the bucket plugin uses (run with its jar and the host's SLF4J on the
// class path), talking straight to the service. bench/bucket.sh times each command.
//   java -cp plugins/magicfs-bucket.jar bench/bucket/SdkBaseline.java ENDPOINT BUCKET COMMAND ARG
//   COMMAND: download KEY (to /dev/null) | save KEY=FILE (as `aws s3 cp` does) | list PREFIX (counts keys) | upload KEY=FILE
//            | small PREFIX (1,000 x 4 KiB) | seed PREFIX=COUNT (COUNT one-byte objects, 64 PUTs at a time)
//            | create - (the bucket)
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

public class SdkBaseline {
    private static final byte[] ONE_BYTE = {'x'};

    public static void main(String[] args) throws Exception {
        String bucket = args[1];
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(args[0])).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(64))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build()) {
            long start = System.nanoTime();
            String result = switch (args[2]) {
                case "download" -> {
                    long total = 0;
                    byte[] buffer = new byte[1 << 20];
                    try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(args[3]))) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            total += n;
                        }
                    }
                    yield total + " bytes";
                }
                case "save" -> {
                    String[] keyAndFile = args[3].split("=", 2);
                    s3.getObject(b -> b.bucket(bucket).key(keyAndFile[0]), Path.of(keyAndFile[1]));
                    yield "saved";
                }
                case "list" -> s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(args[3]).delimiter("/"))
                        .contents().stream().count() + " keys";
                case "upload" -> {
                    String[] keyAndFile = args[3].split("=", 2);
                    s3.putObject(b -> b.bucket(bucket).key(keyAndFile[0]), RequestBody.fromFile(Path.of(keyAndFile[1])));
                    yield "uploaded";
                }
                case "small" -> {
                    byte[] content = new byte[4096];
                    for (int i = 0; i < 1000; i++) {
                        String key = args[3] + "f" + i;
                        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
                    }
                    yield "1000 files";
                }
                case "create" -> {
                    s3.createBucket(b -> b.bucket(bucket));
                    yield "created";
                }
                case "seed" -> {
                    String[] prefixAndCount = args[3].split("=", 2);
                    int count = Integer.parseInt(prefixAndCount[1]);
                    AtomicInteger next = new AtomicInteger();
                    var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                    try (var workers = Executors.newFixedThreadPool(64)) {
                        for (int w = 0; w < 64; w++) {
                            done.add(workers.submit(() -> {
                                for (int i; (i = next.getAndIncrement()) < count; ) {
                                    String key = prefixAndCount[0] + "o%07d".formatted(i);
                                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(ONE_BYTE));
                                }
                                return null;
                            }));
                        }
                    }
                    for (var worker : done) {
                        worker.get(); // a failed PUT fails the seeding
                    }
                    yield count + " objects";
                }
                default -> throw new IllegalArgumentException(args[2]);
            };
            System.out.println(result + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }
}
