package dev.magicfs.plugins.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An update statement with named parameters, {@code update messages set body = :content where id = :id},
 * turned into a prepared statement's {@code ?}s: values always travel as parameters, never as SQL text.
 * {@code :content} is what was written; any other name is that column of the row written to.
 */
record Update(String sql, List<String> parameters) {
    /** ":name", outside quotes; a "::" cast (PostgreSQL) is left alone. */
    private static final Pattern PARAMETER = Pattern.compile("'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|::|:([A-Za-z_][A-Za-z0-9_]*)");

    Update(String text) {
        this(positional(text), names(text));
    }

    private static String positional(String text) {
        Matcher m = PARAMETER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) != null ? "?" : m.group()));
        }
        return m.appendTail(out).toString();
    }

    private static List<String> names(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                names.add(m.group(1));
            }
        }
        return List.copyOf(names);
    }
}
