package dev.magicfs.api;

import java.nio.file.Path;

/**
 * A place in a text a spec names: inside the value of a key itself (an inline script) or in a file the spec
 * points to (a script file). Lines and columns are 1-based, as editors count.
 *
 * @param file the file the text comes from, or null for the key's own value in mount.yaml
 * @param line the line within that text
 * @param column the column within that line
 */
public record TextPosition(Path file, int line, int column) {}
