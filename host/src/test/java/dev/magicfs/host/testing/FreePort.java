package dev.magicfs.host.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port nothing listens on now, for a server a test starts (PostgreSQL, S3Proxy, the metrics). */
public final class FreePort {
    private FreePort() {}

    public static int onLoopback() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
