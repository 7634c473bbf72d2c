package dev.magicfs.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Mounts;
import dev.magicfs.host.testing.TestPaths;
import dev.magicfs.host.testing.Transcript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal sessions of README.md and docs/ are run, as a reader would type them, against real mounts of
 * this build, and what each command prints is compared with what the page shows ({@link Transcript} says
 * which differences are allowed: numbers, dates, user names).
 *
 * <p>Each page is one terminal: its blocks run in order in one bash, in a fresh folder holding the default
 * mount.yaml, {@code js/}, and a {@code ./magicfs} that runs this build. Paths under {@code /tmp/} and
 * {@code /mnt/} are moved into that folder. A comment right before a block says how it takes part:
 * <ul>
 *   <li>{@code <!-- example session: COMMAND -->} before a console block: COMMAND runs first in the
 *       background, as in a second terminal (the page's mount), and the block waits until it serves;
 *   <li>{@code <!-- example run -->} before an sh block: it runs, its output unchecked (set-up for what follows);
 *   <li>{@code <!-- example file: NAME -->} before a yaml block: it is written to NAME in the folder;
 *   <li>{@code <!-- example log of the session -->} before a plain block: its lines appear, in their order,
 *       in what the page's background commands printed;
 *   <li>{@code <!-- example not checked here: WHY -->}: the block runs elsewhere, WHY says where.
 * </ul>
 * Every console and sh block takes part or says why not.
 */
class DocsSessionsTest {
    private static final Pattern BLOCK = Pattern.compile(
            "(?:<!-- example ([^>]*?) -->[ \\t]*\\n[ \\t]*)?```(\\w*)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern OUTSIDE_PATH = Pattern.compile("(?<![\\w/.])/(?:tmp|mnt)/([\\w.-]+)");
    private static final Pattern STEP_MARK = Pattern.compile("@@step (\\d+)@@\\n");

    @TempDir
    Path dir;

    @Test
    void everyTerminalSessionOfTheDocumentationPrintsWhatItShows() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path page : DocsExamplesTest.pages()) {
            PageRun run = new PageRun(page, Files.createDirectories(dir.resolve(page.getFileName().toString())));
            checked += run.check(wrong);
        }
        assertEquals("", String.join("\n\n", wrong));
        assertTrue(checked >= 25, "commands checked: " + checked);
    }

    /** One page's blocks, as one bash script in one folder. */
    private static final class PageRun {
        private final Path page;
        private final Path folder;
        private final String text;
        private final StringBuilder script = new StringBuilder();
        private final List<Transcript.Step> steps = new ArrayList<>();
        private final List<Block> logSamples = new ArrayList<>();
        private int sessions;

        PageRun(Path page, Path folder) throws IOException {
            this.page = page;
            this.folder = folder;
            this.text = Files.readString(page);
        }

        private record Block(int line, String marker, String language, String body) {}

        /** Runs the page, adds what it printed wrongly to {@code wrong}, and returns how many commands it checked. */
        int check(List<String> wrong) throws Exception {
            for (Block block : blocks()) {
                add(block, wrong);
            }
            if (steps.isEmpty() && sessions == 0) {
                return 0;
            }
            Map<Integer, String> printed = run();
            for (int i = 0; i < steps.size(); i++) {
                Transcript.Step step = steps.get(i);
                String actual = printed.getOrDefault(i, "(the page's script stopped before this command)");
                if (step.printed() != null && !Transcript.matches(step.printed(), actual)) {
                    wrong.add(at(step.line()) + ": $ " + step.command() + "\nthe page shows:\n" + String.join("\n", step.printed())
                            + "\nit printed:\n" + actual);
                }
            }
            String logs = sessionLogs();
            for (Block sample : logSamples) {
                if (!Transcript.appearsInOrder(sample.body().lines().toList(), logs)) {
                    wrong.add(at(sample.line()) + ": the log sample is not in the log, which was:\n" + logs);
                }
            }
            return (int) steps.stream().filter(s -> s.printed() != null).count();
        }

        private List<Block> blocks() {
            List<Block> blocks = new ArrayList<>();
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                blocks.add(new Block(lineOf(m.start(3)), m.group(1) == null ? "" : m.group(1).strip(), m.group(2),
                        m.group(3).stripIndent()));
            }
            return blocks;
        }

        private void add(Block block, List<String> wrong) throws IOException {
            boolean terminal = block.language().equals("console") || block.language().equals("sh");
            if (block.marker().startsWith("not checked here")) {
                return;
            }
            if (block.marker().startsWith("file: ")) {
                Files.writeString(folder.resolve(block.marker().substring(6).strip()), block.body());
            } else if (block.marker().equals("log of the session")) {
                logSamples.add(block);
            } else if (block.language().equals("sh") && block.marker().equals("run")) {
                command(block.line(), block.body(), null);
            } else if (block.language().equals("console")) {
                if (block.marker().startsWith("session: ")) {
                    String command = outside(block.marker().substring(9).strip());
                    script.append(launching(command)).append("( ").append(command).append(" ) > \"$S/session-").append(++sessions).append(".log\" 2>&1 &\n");
                }
                for (Transcript.Step step : Transcript.steps(block.body(), block.line())) {
                    command(step.line(), step.command(), step.printed().stream().map(this::outside).toList());
                }
            } else if (terminal) {
                wrong.add(at(block.line()) + ": a " + block.language() + " block says neither 'example run' nor why it is not checked here");
            }
        }

        private void command(int line, String command, List<String> printed) {
            script.append("await_mounts\n").append(launching(command)).append("printf '@@step %d@@\\n' ").append(steps.size()).append('\n')
                    .append("{ ").append(outside(command)).append("\n}\n");
            steps.add(new Transcript.Step(line, command, printed));
        }

        /**
         * A mount started in the background may not have begun when the next command runs: the script marks
         * it as coming before it starts, and the launcher takes the mark over.
         */
        private static String launching(String command) {
            return command.contains("magicfs mount") ? "touch \"$S/.mounting-launch\"\n" : "";
        }

        /** Runs the script, stops what it started, and returns what each command printed. */
        private Map<Integer, String> run() throws Exception {
            writeLauncher();
            Files.copy(TestPaths.repositoryFile("mount.yaml"), folder.resolve("mount.yaml"));
            Files.createDirectories(folder.resolve("js"));
            try (Stream<Path> scripts = Files.list(TestPaths.repositoryFile("js"))) {
                for (Path js : scripts.toList()) {
                    Files.copy(js, folder.resolve("js").resolve(js.getFileName()));
                }
            }
            Path file = folder.resolve("page.sh");
            Files.writeString(file, preamble() + script + "cd /\n");
            Path output = folder.resolve("page.out");
            Process bash = new ProcessBuilder("bash", file.toString()).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                if (!bash.waitFor(180, TimeUnit.SECONDS)) {
                    bash.destroyForcibly();
                }
            } finally {
                stopHosts();
            }
            return split(Files.readString(output));
        }

        /**
         * The shell's own messages name the script and its line, where a reader's terminal shows {@code bash:}
         * only; the pages show the version line of a build from a clean checkout.
         */
        private static Map<Integer, String> split(String output) {
            Map<Integer, String> printed = new HashMap<>();
            Matcher m = STEP_MARK.matcher(output);
            int step = -1;
            int from = 0;
            while (true) {
                boolean found = m.find();
                if (step >= 0) {
                    printed.put(step, output.substring(from, found ? m.start() : output.length())
                            .replaceAll("(?m)^\\S*page\\.sh: line \\d+: ", "bash: ").replace(" with local changes;", ";"));
                }
                if (!found) {
                    return printed;
                }
                step = Integer.parseInt(m.group(1));
                from = m.end();
            }
        }

        private String preamble() {
            return "S='" + folder + "'\ncd \"$S\"\n"
                    + "TIMEFORMAT=$'real\\t%3lR'\n" // bash's time, the one line the pages show
                    + "# what the reader types into vim: a word at the end of the first line, then :wq\n"
                    + "ls() { command ls -C \"$@\"; }  # in columns, as on a terminal\n"
                    + "vim() { command vim -N -u NONE -i NONE -n -es -c 'normal! A, said vim' -c wq \"$@\"; }\n"
                    + "await_mounts() { local i; for i in $(seq 600); do compgen -G \"$S/.mounting-*\" >/dev/null || return 0; sleep 0.05; done; echo 'a mount did not serve within 30 s'; }\n";
        }

        /** {@code ./magicfs} as the pages run it: this build's host, with the built-in kinds. */
        private void writeLauncher() throws IOException {
            String main = HostProcess.javaCommand().stream().map(word -> "'" + word + "'").collect(Collectors.joining(" "));
            String plugins = "'" + TestPaths.builtInPlugins() + "'";
            String launcher = "#!/usr/bin/env bash\nS='" + folder + "'\nsub=$1; shift\ncase $sub in\n"
                    + "  mount)\n"
                    + "    touch \"$S/.mounting-$$\"; rm -f \"$S/.mounting-launch\"; echo $$ >> \"$S/.hosts\"\n"
                    + "    ( while kill -0 $$ 2>/dev/null && ! mountpoint -q \"${@: -1}\"; do sleep 0.05; done; rm -f \"$S/.mounting-$$\" ) &\n"
                    + "    exec " + main + " mount --plugins " + plugins + " \"$@\" ;;\n"
                    + "  check|kinds) exec " + main + " \"$sub\" --plugins " + plugins + " \"$@\" ;;\n"
                    + "  *) exec " + main + " \"$sub\" \"$@\" ;;\nesac\n";
            Path file = folder.resolve("magicfs");
            Files.writeString(file, launcher);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        private void stopHosts() throws IOException, InterruptedException {
            Path hosts = folder.resolve(".hosts");
            if (Files.exists(hosts)) {
                for (String pid : Files.readAllLines(hosts)) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(h -> {
                        h.destroy();
                        h.onExit().orTimeout(15, TimeUnit.SECONDS).exceptionally(e -> h).join();
                        h.destroyForcibly();
                    });
                }
            }
            Path mounts = folder.resolve("mnt");
            if (Files.isDirectory(mounts)) {
                try (Stream<Path> points = Files.list(mounts)) {
                    points.filter(Mounts::isMounted).forEach(Mounts::detach);
                }
            }
        }

        private String sessionLogs() throws IOException {
            StringBuilder logs = new StringBuilder();
            for (int i = 1; i <= sessions; i++) {
                logs.append(Files.readString(folder.resolve("session-" + i + ".log")));
            }
            return logs.toString();
        }

        /** A path under /tmp or /mnt, moved into the page's folder. */
        private String outside(String line) {
            return OUTSIDE_PATH.matcher(line).replaceAll(m -> Matcher.quoteReplacement(folder.resolve("mnt").resolve(m.group(1)).toString()));
        }

        private int lineOf(int offset) {
            return text.substring(0, offset).split("\n", -1).length;
        }

        private String at(int line) {
            return page.getFileName() + ":" + line;
        }
    }
}
