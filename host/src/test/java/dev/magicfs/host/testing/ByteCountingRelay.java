package dev.magicfs.host.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback that counts the bytes a server sends back through it: what a client really
 * downloaded, whatever it asked for. It can also carry each connection's bytes at a set rate in each
 * direction, as a slow network would.
 */
public final class ByteCountingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final AtomicLong fromServer = new AtomicLong();
    private final long bytesPerSecond;

    public ByteCountingRelay(int targetPort) throws IOException {
        this(targetPort, 0);
    }

    /** A relay that carries at most {@code bytesPerSecond} each way on each connection (0: as fast as it can). */
    public ByteCountingRelay(int targetPort, long bytesPerSecond) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = targetPort;
        this.bytesPerSecond = bytesPerSecond;
        Thread.ofPlatform().daemon().name("relay").start(this::accept);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                Thread.ofVirtual().start(() -> pump(client, server, null));
                Thread.ofVirtual().start(() -> pump(server, client, fromServer));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buffer = new byte[bytesPerSecond > 0 ? 8 << 10 : 64 << 10];
        long start = System.nanoTime();
        long carried = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                carried += n;
                if (counter != null) {
                    counter.addAndGet(n);
                }
                if (bytesPerSecond > 0) { // wait until the bytes so far are due at the rate
                    long now = System.nanoTime();
                    long due = start + carried * 1_000_000_000L / bytesPerSecond;
                    if (due < now) { // idle meanwhile (a kept-alive connection): no credit for it
                        start = now - carried * 1_000_000_000L / bytesPerSecond;
                    } else {
                        Thread.sleep((due - now) / 1_000_000);
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // one side closed: the other follows
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Bytes the server sent since the last call. */
    public long takeBytesFromServer() {
        return fromServer.getAndSet(0);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
