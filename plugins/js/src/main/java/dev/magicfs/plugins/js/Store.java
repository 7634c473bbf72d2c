package dev.magicfs.plugins.js;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.HostAccess;

/**
 * One js file's {@code ctx.store}, shared by all its contexts and kept for the life of the mount. Values are
 * kept as JSON text, so what a script gets back is a fresh copy of what it stored, whichever context stored
 * it. Its size is bounded, so a script cannot fill the heap.
 *
 * <p>Only the methods marked {@code @HostAccess.Export} are visible to scripts, and only through the wrapper
 * the entry glue gives them as {@code ctx.store}.
 */
public final class Store {
    /** The most characters of keys and JSON values one file's store holds. */
    static final long MAX_CHARS = 8L << 20;

    private final ConcurrentHashMap<String, String> entries = new ConcurrentHashMap<>();
    private final AtomicLong chars = new AtomicLong();

    /** The JSON stored under {@code key}, or null. */
    @HostAccess.Export
    public String get(String key) {
        return entries.get(key);
    }

    /** Stores {@code json} under {@code key}; false, and nothing stored, when the store would grow past its limit. */
    @HostAccess.Export
    public boolean set(String key, String json) {
        long added = key.length() + json.length();
        if (chars.addAndGet(added) > MAX_CHARS) {
            chars.addAndGet(-added);
            return false;
        }
        String old = entries.put(key, json);
        if (old != null) {
            chars.addAndGet(-(key.length() + old.length()));
        }
        return true;
    }

    /** Removes {@code key}; true when it was there. */
    @HostAccess.Export
    public boolean delete(String key) {
        String old = entries.remove(key);
        if (old != null) {
            chars.addAndGet(-(key.length() + old.length()));
        }
        return old != null;
    }

    /** The keys, as a JSON array. */
    @HostAccess.Export
    public String keys() {
        StringBuilder json = new StringBuilder("[");
        for (String key : entries.keySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            Json.appendString(json, key);
        }
        return json.append(']').toString();
    }
}
