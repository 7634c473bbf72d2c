package dev.magicfs.api;

/**
 * A file's spec in mount.yaml is wrong. The host reports it as {@code mount.yaml:LINE:COL: message}, at the
 * value of {@link #key()}, or at the file's path when the key is absent or null. When the mistake sits inside
 * a text the key holds or names (a script), {@link #position()} says where, and the host reports that place.
 */
public class SpecException extends Exception {
    private final String key;
    private final TextPosition position;

    /**
     * A mistake in a key's value, or in the spec as a whole.
     *
     * @param key the spec key at fault, or null for the spec as a whole
     * @param message what is wrong and what was expected, for example "expected a duration such as 500ms or 2s"
     */
    public SpecException(String key, String message) {
        this(key, null, message);
    }

    /**
     * A mistake at a place inside a key's text or the file it names, such as a script's syntax error.
     *
     * @param key the spec key whose text (or named file) holds the mistake
     * @param position where in that text
     * @param message what is wrong, without the position
     */
    public SpecException(String key, TextPosition position, String message) {
        super(message);
        this.key = key;
        this.position = position;
    }

    /** The key at fault, or null for the spec as a whole. */
    public String key() {
        return key;
    }

    /** Where inside the key's text or file the mistake is, or null when the key as a whole is at fault. */
    public TextPosition position() {
        return position;
    }
}
