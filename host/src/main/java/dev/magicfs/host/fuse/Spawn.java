package dev.magicfs.host.fuse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jnr.constants.platform.Errno;

/**
 * Starts a program that inherits one descriptor of this process, which Java's ProcessBuilder cannot do (its
 * children get only stdin, stdout and stderr): posix_spawnp(3) passes every descriptor not marked close-on-exec.
 */
final class Spawn {
    private Spawn() {}

    /**
     * Starts {@code program} with {@code argv} and this process's environment plus {@code extraEnvironment}.
     *
     * @return its process id
     */
    static int spawn(String program, List<String> argv, Map<String, String> extraEnvironment) throws MountException {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(extraEnvironment);
        List<String> env = new ArrayList<>();
        environment.forEach((k, v) -> env.add(k + "=" + v));
        List<byte[]> strings = new ArrayList<>();
        int stringBytes = 0;
        for (String s : concat(argv, env)) {
            byte[] bytes = (s + "\0").getBytes(StandardCharsets.UTF_8);
            strings.add(bytes);
            stringBytes += bytes.length;
        }
        int pointers = 8 * (argv.size() + 1 + env.size() + 1);
        NativeBuffer memory = new NativeBuffer(pointers + stringBytes);
        int stringAt = pointers;
        int slot = 0;
        for (int i = 0; i < strings.size(); i++) {
            if (i == argv.size()) {
                memory.bytes.putLong(8 * slot++, 0); // argv's terminating NULL
            }
            memory.bytes.put(stringAt, strings.get(i));
            memory.bytes.putLong(8 * slot++, memory.address + stringAt);
            stringAt += strings.get(i).length;
        }
        memory.bytes.putLong(8 * slot, 0); // envp's
        long envp = memory.address + 8L * (argv.size() + 1);
        int[] pid = new int[1];
        int error = LibC.get().posix_spawnp(pid, program, 0, 0, memory.address, envp);
        if (error != 0) {
            throw new MountException("cannot start " + program + ": " + LibC.get().strerror(error));
        }
        return pid[0];
    }

    /** Waits for process {@code pid} to end and returns its exit status (128 + the signal that killed it). */
    static int await(int pid) {
        int[] status = new int[1];
        while (LibC.get().waitpid(pid, status, 0) < 0) {
            if (LibC.errno() != Errno.EINTR.intValue()) {
                return -1;
            }
        }
        int s = status[0];
        return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
