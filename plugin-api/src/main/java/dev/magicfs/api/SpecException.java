package dev.magicfs.api;

/**
 * A file's spec in mount.yaml is wrong. The host reports it as {@code mount.yaml:LINE:COL: message}, at the
 * value of {@link #key()}, or at the file's path when the key is absent or null.
 */
public class SpecException extends Exception {
    private final String key;

    /**
     * @param key the spec key at fault, or null for the spec as a whole
     * @param message what is wrong and what was expected, for example "expected a duration such as 500ms or 2s"
     */
    public SpecException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key at fault, or null for the spec as a whole. */
    public String key() {
        return key;
    }
}
