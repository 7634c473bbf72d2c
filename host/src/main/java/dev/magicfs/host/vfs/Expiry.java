package dev.magicfs.host.vfs;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Directory;
import dev.magicfs.api.FsException;
import dev.magicfs.api.MutableDirectory;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Node;
import dev.magicfs.api.Syncable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.api.Writable;
import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code expire_after}: a writable file not modified for that long is emptied, and in a writable directory
 * each file not modified for that long is removed, as an unlink by the mount's owner would: an open handle
 * keeps reading what it had, and the kernel forgets the name. A file open now waits for the next sweep.
 * Folders stay. Time comes from a clock the tests can set; a sweep runs when {@link #sweep} is called.
 */
public final class Expiry {
    /** The mount's owner: who removes and empties expired files. */
    private static final Caller MOUNT = new Caller(0, 0, 0);

    /** A file of mount.yaml with {@code expire_after}. */
    public record Rule(String path, Duration after) {}

    /** A file that will expire, and when. */
    public record Pending(String path, Instant at) {}

    private final Vfs vfs;
    private final KernelCache kernel;
    private final MountLog log;
    private final InstantSource clock;
    private final Supplier<List<Rule>> rules;
    private volatile Thread sweeper;

    /**
     * @param rules the rules of the tree served now, read at each sweep (a reload changes them)
     */
    public Expiry(Vfs vfs, KernelCache kernel, MountLog log, InstantSource clock, Supplier<List<Rule>> rules) {
        this.vfs = vfs;
        this.kernel = kernel;
        this.log = log;
        this.clock = clock;
        this.rules = rules;
    }

    /** Whether {@code expire_after} can apply to {@code node}: a writable directory, or a file that takes writes and truncation. */
    public static boolean applies(Node node) {
        return node instanceof MutableDirectory || node instanceof Writable && node instanceof Truncatable;
    }

    /** The time by the expiry's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** How often to sweep: a tenth of the shortest rule, between a second and a minute. */
    public Duration interval() {
        Duration shortest = rules.get().stream().map(Rule::after).min(Comparator.naturalOrder()).orElse(Duration.ofMinutes(10));
        Duration tenth = shortest.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
    }

    /**
     * Sweeps every {@link #interval()} on a thread of its own until {@link #stop()}; also with no rule now,
     * since a reload may bring one (a virtual thread that wakes once a minute).
     */
    public void start() {
        sweeper = Thread.ofVirtual().name("magicfs-expiry").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval());
                } catch (InterruptedException e) {
                    return;
                }
                sweep();
            }
        });
    }

    public void stop() {
        Thread t = sweeper;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Empties or removes what is due now; returns how many files expired. */
    public int sweep() {
        Instant now = clock.instant();
        Set<Node> open = vfs.openNodes();
        List<Pending> expired = new ArrayList<>();
        visit((path, inode, directory, name, node, at) -> {
            if (!at.isAfter(now) && !open.contains(node) && expire(path, inode, directory, name, node)) {
                expired.add(new Pending(path, at));
            }
        });
        return expired.size();
    }

    /** Every file with an expiry, soonest first. */
    public List<Pending> pending() {
        List<Pending> all = new ArrayList<>();
        visit((path, inode, directory, name, node, at) -> all.add(new Pending(path, at)));
        all.sort(Comparator.comparing(Pending::at));
        return all;
    }

    /**
     * One file with an expiry: in a writable directory, its {@code directory}, the folder's inode (null when
     * the kernel knows none) and its {@code name}; else its own inode, with a null directory and name.
     */
    private interface Visitor {
        void file(String path, Inode inode, MutableDirectory directory, String name, Node node, Instant at);
    }

    private void visit(Visitor visitor) {
        InodeTable table = vfs.table();
        for (Rule rule : rules.get()) {
            Inode inode = table.find(rule.path());
            if (inode == null) {
                continue;
            }
            try {
                if (inode.node() instanceof MutableDirectory directory) {
                    visitTree(table, rule.path(), inode, directory, rule.after(), visitor);
                } else if (applies(inode.node()) && inode.node().size() > 0) {
                    Instant modified = inode.node().lastModified();
                    visitor.file(rule.path(), inode, null, null, inode.node(),
                            (modified != null ? modified : vfs.mountTime()).plus(rule.after()));
                }
            } catch (FsException | RuntimeException e) {
                log.error(rule.path() + ": expire_after could not look at it: " + e.getMessage());
            }
        }
    }

    private static void visitTree(InodeTable table, String path, Inode inode, MutableDirectory directory, Duration after,
            Visitor visitor) throws FsException {
        for (Directory.Entry entry : directory.children(MOUNT)) {
            String childPath = path + "/" + entry.name();
            if (entry.node() instanceof MutableDirectory folder) {
                visitTree(table, childPath, inode == null ? null : table.known(inode, entry.name()), folder, after, visitor);
            } else if (entry.node() instanceof MutableNode file) {
                visitor.file(childPath, inode, directory, entry.name(), file, file.metadata().modified().plus(after));
            }
        }
    }

    /**
     * Removes {@code name} from {@code directory}, or empties the single file {@code inode}; false when that
     * failed (logged).
     */
    private boolean expire(String path, Inode inode, MutableDirectory directory, String name, Node node) {
        try {
            if (directory != null) {
                ChangeableTree.removeName(directory, name, (MutableNode) node, MOUNT);
                if (inode != null) {
                    vfs.table().removed(inode, name);
                    kernel.forgetName(inode.number(), name);
                }
                log.info(path + ": removed, not modified for its expire_after");
            } else {
                ((Truncatable) node).truncate(0, MOUNT);
                if (node instanceof Syncable syncable) {
                    syncable.sync(MOUNT);
                }
                inode.forgetGeneration();
                kernel.forgetContent(inode.number());
                log.info(path + ": emptied, not modified for its expire_after");
            }
            return true;
        } catch (FsException | RuntimeException e) {
            log.error(path + ": expire_after failed: " + e.getMessage());
            return false;
        }
    }
}
