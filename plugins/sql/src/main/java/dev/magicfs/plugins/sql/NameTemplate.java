package dev.magicfs.plugins.sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file name made from a row: {@code "{id}-{subject}.eml"}. Column values are made safe for one path
 * component: '/', NUL and other control characters become '_', a name that would be "." or ".." or empty gets
 * a '_', and a name is cut to {@link #MAX_BYTES} bytes of UTF-8 (keeping its extension).
 */
final class NameTemplate {
    static final int MAX_BYTES = 200;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    private final String template;
    private final List<String> columns = new ArrayList<>();

    NameTemplate(String template) {
        this.template = template;
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            columns.add(m.group(1));
        }
    }

    /** The columns the template names, in order. */
    List<String> columns() {
        return columns;
    }

    /** The name for a row whose values {@code value} gives by column. */
    String name(java.util.function.Function<String, Object> value) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = value.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v.toString()));
        }
        m.appendTail(out);
        return safe(out.toString());
    }

    /** One path component that the kernel and every tool accept. */
    static String safe(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> out.appendCodePoint(c == '/' || Character.isISOControl(c) ? '_' : c));
        String name = out.toString();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = name + "_";
        }
        return cut(name, MAX_BYTES);
    }

    /** Cuts {@code name} to {@code max} bytes, whole code points only, keeping a short extension. */
    static String cut(String name, int max) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= max) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
        String stem = extension.isEmpty() ? name : name.substring(0, dot);
        int room = max - extension.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < stem.length(); ) {
            int c = stem.codePointAt(i);
            int size = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > room) {
                break;
            }
            kept.appendCodePoint(c);
            bytes += size;
            i += Character.charCount(c);
        }
        return kept + extension;
    }

    /**
     * {@code name} made unique among {@code taken}: the second "a.eml" becomes "a~2.eml", the third "a~3.eml".
     * Rows are numbered in a fixed order, so the same rows always get the same names.
     */
    static String unique(String name, java.util.Set<String> taken) {
        if (taken.add(name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; ; n++) {
            String candidate = cut(stem, MAX_BYTES - extension.length() - 6) + "~" + n + extension;
            if (taken.add(candidate)) {
                return candidate;
            }
        }
    }
}
