package dev.magicfs.host.tree;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Directory;
import dev.magicfs.api.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A directory made from the paths in mount.yaml. Children are added while the tree is built, in mount.yaml's
 * order; {@link #seal()} then fixes them for the life of the mount.
 */
public final class StaticDirectory implements Directory {
    private final Map<String, Node> children = new LinkedHashMap<>();
    /** Children found by name but left out of the listing, such as {@code /.magic}. */
    private final Map<String, Node> hidden = new LinkedHashMap<>();
    /** Forms of the sealed listing that readers derive once, by type; they go with this directory. */
    private final ConcurrentHashMap<Class<?>, Object> derived = new ConcurrentHashMap<>();
    private List<Entry> entries;
    private int subdirectories;

    /** Adds a child while the tree is built. */
    public void add(String name, Node node) {
        if (entries != null) {
            throw new IllegalStateException("directory already sealed");
        }
        children.put(name, node);
    }

    /** Adds a child that lookups find by name and listings leave out; while the tree is built. */
    public void addHidden(String name, Node node) {
        if (entries != null) {
            throw new IllegalStateException("directory already sealed");
        }
        hidden.put(name, node);
    }

    /** Ends building: the listing and the link count are computed once, here. */
    public void seal() {
        List<Entry> list = new ArrayList<>(children.size());
        children.forEach((name, node) -> list.add(new Entry(name, node)));
        subdirectories = (int) list.stream().filter(e -> e.node() instanceof Directory).count();
        entries = List.copyOf(list);
    }

    /**
     * A form of this sealed directory's listing that a reader builds once, such as its encoding for the kernel;
     * a reload builds new directories, so it never outlives the listing it was made from.
     */
    public <T> T derived(Class<T> type, Supplier<T> make) {
        return type.cast(derived.computeIfAbsent(type, t -> make.get()));
    }

    /** How many children are directories: a directory's link count is 2 plus this. */
    public int subdirectoryCount() {
        return subdirectories;
    }

    @Override
    public Node child(String name, Caller caller) {
        Node child = children.get(name);
        return child != null || hidden.isEmpty() ? child : hidden.get(name);
    }

    @Override
    public List<Entry> children(Caller caller) {
        return entries;
    }
}
