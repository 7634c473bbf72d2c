package dev.magicfs.host.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A terminal transcript as the documentation shows it: {@code $ command} lines, each followed by what it
 * printed. What changes from run to run may differ from the page without failing the comparison:
 * <ul>
 *   <li>every number (a count, a date) matches any number, and a size or a time with its unit ({@code 4.1 KiB},
 *       {@code 21 µs}) any other size or time;
 *   <li>a commit id (seven or more hex digits) matches any other;
 *   <li>a month or weekday name matches any other ({@code Nov} and {@code Dec});
 *   <li>the user names {@code me} and {@code root} match any user name;
 *   <li>runs of blanks match runs of blanks ({@code ls -l} widens its columns for longer numbers);
 *   <li>a line {@code ...} stands for any number of lines left out.
 * </ul>
 * Everything else, the words, names, messages and the number of lines, must be as the page says.
 */
public final class Transcript {
    private static final String UNIT = "(?:B|KiB|MiB|GiB|TiB|ns|µs|ms|s|min)\\b";
    private static final Pattern TOKEN = Pattern.compile(
            "(\\s+)|\\b(?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])([0-9a-f]{7,40})\\b|(\\d[\\d,.]*)( ?" + UNIT + ")?|\\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\b|\\b(me|root)\\b|(.)");
    private static final String MONTH_OR_DAY = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
    private static final String LEFT_OUT = "...";

    private Transcript() {}

    /** One command of a transcript, the 1-based line of the page it is on, and the lines the page shows it print. */
    public record Step(int line, String command, List<String> printed) {}

    /** The steps of a transcript whose first line is line {@code firstLine} of its page. */
    public static List<Step> steps(String transcript, int firstLine) {
        List<Step> steps = new ArrayList<>();
        String[] lines = transcript.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("$ ")) {
                steps.add(new Step(firstLine + i, lines[i].substring(2), new ArrayList<>()));
            } else if (!steps.isEmpty() && !(i == lines.length - 1 && lines[i].isEmpty())) {
                steps.getLast().printed().add(lines[i]);
            } else if (!lines[i].isBlank()) {
                throw new IllegalArgumentException("line " + (firstLine + i) + " comes before the first $ command");
            }
        }
        return steps;
    }

    /** Whether {@code actual} (a command's whole output) is what {@code shown} shows, by the rules above. */
    public static boolean matches(List<String> shown, String actual) {
        List<String> lines = new ArrayList<>(List.of(actual.split("\n", -1)));
        while (!lines.isEmpty() && lines.getLast().isBlank()) {
            lines.removeLast();
        }
        List<Pattern> patterns = shown.stream().map(l -> l.strip().equals(LEFT_OUT) ? null : pattern(l)).toList();
        return matchFrom(patterns, 0, lines, 0);
    }

    /**
     * Whether the lines {@code shown} appear in {@code actual} in their order, others allowed between
     * them: for a sample of a log, which interleaves lines of other requests.
     */
    public static boolean appearsInOrder(List<String> shown, String actual) {
        List<String> lines = List.of(actual.split("\n", -1));
        int at = 0;
        for (String line : shown) {
            Pattern p = pattern(line);
            while (at < lines.size() && !p.matcher(lines.get(at).strip()).matches()) {
                at++;
            }
            if (at++ >= lines.size()) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchFrom(List<Pattern> patterns, int p, List<String> lines, int l) {
        if (p == patterns.size()) {
            return l == lines.size();
        }
        if (patterns.get(p) == null) { // "...": try every number of lines left out
            for (int skip = l; skip <= lines.size(); skip++) {
                if (matchFrom(patterns, p + 1, lines, skip)) {
                    return true;
                }
            }
            return false;
        }
        return l < lines.size() && patterns.get(p).matcher(lines.get(l).strip()).matches()
                && matchFrom(patterns, p + 1, lines, l + 1);
    }

    private static Pattern pattern(String shownLine) {
        StringBuilder regex = new StringBuilder();
        Matcher m = TOKEN.matcher(shownLine.strip());
        while (m.find()) {
            if (m.group(1) != null) {
                regex.append("\\s+");
            } else if (m.group(2) != null) {
                regex.append("[0-9a-f]{7,40}");
            } else if (m.group(3) != null) {
                regex.append("\\d[\\d,.]*").append(m.group(4) == null ? "" : " ?" + UNIT);
            } else if (m.group(5) != null) {
                regex.append(MONTH_OR_DAY);
            } else if (m.group(6) != null) {
                regex.append("[\\w.-]+");
            } else {
                regex.append(Pattern.quote(m.group(7)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
