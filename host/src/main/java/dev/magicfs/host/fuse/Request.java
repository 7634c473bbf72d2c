package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.api.Caller;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One request as read from the device into a worker's buffer: its header decoded, its body read by offset
 * (counted from the end of the header). Everything a handler needs is read from here before it replies,
 * since a READ's reply is written over the same buffer.
 */
final class Request {
    final NativeBuffer buffer;
    private final ByteBuffer bytes;
    int length;
    int opcode;
    long unique;
    long nodeId;
    int uid;
    int gid;
    int pid;

    Request(NativeBuffer buffer) {
        this.buffer = buffer;
        this.bytes = buffer.bytes;
    }

    /** Decodes the header of the {@code length} bytes just read. */
    Request decode(int length) {
        this.length = length;
        opcode = bytes.getInt(IN_OPCODE);
        unique = bytes.getLong(IN_UNIQUE);
        nodeId = bytes.getLong(IN_NODEID);
        uid = bytes.getInt(IN_UID);
        gid = bytes.getInt(IN_GID);
        pid = bytes.getInt(IN_PID);
        return this;
    }

    int bodyLength() {
        return length - IN_HEADER_SIZE;
    }

    int intAt(int offset) {
        return bytes.getInt(IN_HEADER_SIZE + offset);
    }

    long longAt(int offset) {
        return bytes.getLong(IN_HEADER_SIZE + offset);
    }

    /** The NUL-terminated name that starts at {@code offset} of the body. */
    String nameAt(int offset) {
        int start = IN_HEADER_SIZE + offset;
        int end = start;
        while (end < length && bytes.get(end) != 0) {
            end++;
        }
        byte[] name = new byte[end - start];
        bytes.get(start, name);
        return new String(name, StandardCharsets.UTF_8);
    }

    /** The offset of the name after the one at {@code offset}: the second name of a RENAME or SYMLINK. */
    int afterNameAt(int offset) {
        int at = IN_HEADER_SIZE + offset;
        while (at < length && bytes.get(at) != 0) {
            at++;
        }
        return at + 1 - IN_HEADER_SIZE;
    }

    /** The {@code count} bytes at {@code offset} of the body, as a view valid until this worker's next request. */
    ByteBuffer dataAt(int offset, int count) {
        return bytes.slice(IN_HEADER_SIZE + offset, count);
    }

    Caller caller() {
        return new Caller(uid, gid, pid);
    }
}
