package dev.magicfs.host.fuse;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;

/**
 * Tells systemd how the service stands ({@code Type=notify}): a datagram such as {@code READY=1} to the socket
 * named by {@code $NOTIFY_SOCKET}, as sd_notify(3) sends it. Here because it needs the native bridge, which
 * only this package uses. Without {@code $NOTIFY_SOCKET} (not started by systemd) it does nothing.
 */
public final class SystemdNotify {
    private static final int AF_UNIX = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 02000000;
    /** sockaddr_un: a 2-byte family, then up to 108 bytes of path. */
    private static final int PATH_OFFSET = 2, PATH_MAX = 108;

    private SystemdNotify() {}

    /** The service is serving. */
    public static void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    /** The service is stopping. */
    public static void stopping() {
        send("STOPPING=1");
    }

    private static void send(String message) {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return;
        }
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        if (path.length >= PATH_MAX || (path[0] != '/' && path[0] != '@')) {
            return; // not a socket path sd_notify would take either
        }
        if (path[0] == '@') {
            path[0] = 0; // an abstract socket's name starts with a NUL
        }
        LibC c = LibC.get();
        int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return;
        }
        try {
            NativeBuffer address = new NativeBuffer(PATH_OFFSET + PATH_MAX);
            address.bytes.putShort(0, (short) AF_UNIX);
            address.bytes.put(PATH_OFFSET, path);
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            NativeBuffer text = new NativeBuffer(bytes.length);
            text.bytes.put(0, bytes);
            NativeBuffer vector = new NativeBuffer(Mounter.IOVEC_SIZE);
            vector.bytes.putLong(0, text.address);
            vector.bytes.putLong(8, bytes.length);
            NativeBuffer header = new NativeBuffer(Mounter.MSGHDR_SIZE);
            header.bytes.putLong(0, address.address);
            // the length of an abstract address counts its name only, with no NUL at the end
            header.bytes.putInt(8, PATH_OFFSET + path.length + (path[0] == 0 ? 0 : 1));
            header.bytes.putLong(Mounter.MSG_IOV, vector.address);
            header.bytes.putLong(Mounter.MSG_IOVLEN, 1);
            c.sendmsg(fd, header.address, 0);
            // the kernel read them through their addresses alone: they must outlive the call
            Reference.reachabilityFence(address);
            Reference.reachabilityFence(text);
            Reference.reachabilityFence(vector);
            Reference.reachabilityFence(header);
        } finally {
            c.close(fd);
        }
    }
}
