package dev.magicfs.host.testing;

import com.sun.tools.attach.VirtualMachine;
import dev.magicfs.host.vfs.VfsStatsMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX connection to a running host, made through the attach API as jconsole connects to a local JVM: its
 * heap, and what the mount holds ({@code dev.magicfs:type=Mount,name=NAME}).
 */
public final class HostJmx implements AutoCloseable {
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final VfsStatsMXBean mount;

    private HostJmx(JMXConnector connector, String mountName) throws Exception {
        this.connector = connector;
        MBeanServerConnection server = connector.getMBeanServerConnection();
        this.memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        ObjectName name = new ObjectName("dev.magicfs:type=Mount,name=" + mountName);
        // The host registers its statistics a second after the mount serves.
        for (long deadline = System.nanoTime() + 10_000_000_000L; !server.isRegistered(name); Thread.sleep(50)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " is not registered 10 s after the mount");
            }
        }
        this.mount = JMX.newMXBeanProxy(server, name, VfsStatsMXBean.class);
    }

    public static HostJmx attach(HostProcess host, String mountName) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(host.process().pid()));
        try {
            return new HostJmx(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())), mountName);
        } finally {
            vm.detach();
        }
    }

    /** Heap in use after two full collections: what the host keeps. */
    public long heapAfterGc() throws InterruptedException {
        memory.gc();
        Thread.sleep(200);
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    public VfsStatsMXBean mount() {
        return mount;
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
