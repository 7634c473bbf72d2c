package dev.magicfs.host.vfs;

/**
 * What the kernel caches about the tree, and how to make it forget: after a reload replaced the tree, names
 * that went away and content that changed must not be served from the kernel's caches, whatever their ttl or
 * keep_cache. Never called from inside a request: libfuse warns that this can deadlock.
 */
public interface KernelCache {

    /** Forget the name {@code name} in directory {@code parent}: the next lookup asks magicfs. */
    void forgetName(long parent, String name);

    /** Forget the attributes and cached pages of inode {@code inode}. */
    void forgetContent(long inode);

    /** A kernel cache that needs no telling: for a tree that is not mounted. */
    KernelCache NONE = new KernelCache() {
        @Override
        public void forgetName(long parent, String name) {}

        @Override
        public void forgetContent(long inode) {}
    };
}
