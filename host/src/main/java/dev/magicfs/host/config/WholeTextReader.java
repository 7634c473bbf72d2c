package dev.magicfs.host.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's reader over a text held whole, in linear time. SnakeYAML's own {@link StreamReader} refills a
 * window 1,024 characters at a time and copies the whole unread window at each refill; its scanner peeks to the
 * end of a run of characters before it consumes it, so a long value on one line (an 8 MB {@code text:}) costs
 * time quadratic in its length. mount.yaml is read whole anyway: this reader indexes its code points directly.
 */
final class WholeTextReader extends StreamReader {
    private static final String NAME = "'reader'";
    private final int[] text;
    private int pointer;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    WholeTextReader(String content) {
        super("");
        text = content.codePoints().toArray();
        for (int i = 0; i < text.length; i++) {
            if (!isPrintable(text[i])) {
                throw new ReaderException(NAME, i, text[i], "special characters are not allowed");
            }
        }
    }

    @Override
    public Mark getMark() {
        return new Mark(NAME, index, line, column, text, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    /** Consumes {@code length} code points, counting lines as the scanner expects (a lone CR ends one too). */
    @Override
    public void forward(int length) {
        for (int i = 0; i < length && pointer < text.length; i++) {
            int c = text[pointer++];
            index++;
            documentIndex++;
            if (Constant.LINEBR.has(c) || (c == '\r' && pointer < text.length && text[pointer] != '\n')) {
                line++;
                column = 0;
            } else if (c != '\uFEFF') {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return peek(0);
    }

    /** The code point {@code offset} ahead, or 0 past the end, as the scanner expects. */
    @Override
    public int peek(int offset) {
        int at = pointer + offset;
        return at < text.length ? text[at] : 0;
    }

    @Override
    public String prefix(int length) {
        int end = Math.min(text.length, pointer + length);
        return pointer >= end ? "" : new String(text, pointer, end - pointer);
    }

    /** The scanner calls this for runs it knows hold no line break: only the column moves, as in SnakeYAML's. */
    @Override
    public String prefixForward(int length) {
        String prefix = prefix(length);
        pointer = Math.min(text.length, pointer + length);
        index += length;
        documentIndex += length;
        column += length;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public int getLine() {
        return line;
    }
}
