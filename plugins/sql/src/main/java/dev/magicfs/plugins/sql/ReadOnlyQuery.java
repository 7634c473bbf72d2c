package dev.magicfs.plugins.sql;

import dev.magicfs.api.SpecException;
import dev.magicfs.api.TextPosition;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The check that a listing query only reads: {@code ls} runs it, so a query that deletes or locks rows would
 * change the database at each listing. The words are looked at outside quotes and comments; the database
 * enforces the same at run time ({@link Database#readOnly}), so this is the early, line:col half of the rule.
 */
final class ReadOnlyQuery {
    /** Words, quoted texts and identifiers, and comments: only the words count. */
    private static final Pattern TOKEN = Pattern.compile(
            "'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|\\[[^\\]]*]|--[^\\n]*|/\\*.*?\\*/|([A-Za-z_][A-Za-z0-9_$]*)",
            Pattern.DOTALL);
    private static final Set<String> FIRST = Set.of("select", "with", "values", "table");
    /** Statements and clauses that write, lock or change the session: none belongs in a listing. */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "merge", "replace", "upsert",
            "returning", "into", "create", "drop", "alter", "truncate", "grant", "revoke", "attach", "detach",
            "pragma", "vacuum", "reindex", "call", "exec", "execute", "copy", "lock", "set", "do", "analyze");

    private ReadOnlyQuery() {}

    /** @throws SpecException at the offending word of {@code key}'s text when the query could change data */
    static void check(String key, String query) throws SpecException {
        Matcher m = TOKEN.matcher(query);
        boolean first = true;
        while (m.find()) {
            if (m.group(1) == null) {
                continue;
            }
            String word = m.group(1).toLowerCase(Locale.ROOT);
            if (first && !FIRST.contains(word)) {
                throw refusal(key, query, m.start(1), "a listing query must start with SELECT (or WITH, VALUES), not '"
                        + m.group(1) + "': ls runs it, so it may only read");
            }
            first = false;
            if (WRITES.contains(word)) {
                throw refusal(key, query, m.start(1), "a listing query may only read, and '" + m.group(1)
                        + "' writes or locks: ls runs it at each listing (writes belong in 'update')");
            }
        }
        if (first) {
            throw new SpecException(key, "the query is empty; expected a SELECT");
        }
    }

    private static SpecException refusal(String key, String query, int offset, String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (query.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SpecException(key, new TextPosition(null, line, offset - lineStart + 1), message);
    }
}
