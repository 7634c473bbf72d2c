package dev.magicfs.host.config;

/**
 * One mistake in mount.yaml, shown as {@code mount.yaml:12:5: unknown kind 'clok' (did you mean 'clock'?)}: always
 * one line, so tools and people can read a list of them. A message quoting a value with line breaks or other
 * control characters shows them escaped ({@code \n}, {@code \u0000}).
 */
public record ConfigProblem(String file, Position position, String message) {

    @Override
    public String toString() {
        return file + ":" + position.line() + ":" + position.column() + ": " + oneLine(message);
    }

    private static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
