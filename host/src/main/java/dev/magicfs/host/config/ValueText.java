package dev.magicfs.host.config;

/**
 * Where a scalar value's text sits in mount.yaml, so that a place inside the text (a line and column of an
 * inline script) maps to a place in the file. Exact for literal blocks ({@code |}) and one-line scalars;
 * folded and multi-line flow scalars move lines around, so they do not map.
 *
 * @param firstLine the mount.yaml line of the text's first line
 * @param firstColumn the mount.yaml column of the text's first character on each line
 * @param lines how many mount.yaml lines map one to one: 1 for a one-line scalar, all for a literal block
 */
public record ValueText(int firstLine, int firstColumn, int lines) {

    /** No mapping: the text's places cannot be told apart in the file. */
    static final ValueText UNMAPPED = new ValueText(0, 0, 0);

    /** The place in mount.yaml of {@code line}:{@code column} of the text (1-based), or null when unknown. */
    public Position locate(int line, int column) {
        if (line < 1 || line > lines || column < 1) {
            return null;
        }
        return new Position(firstLine + line - 1, firstColumn + column - 1);
    }
}
