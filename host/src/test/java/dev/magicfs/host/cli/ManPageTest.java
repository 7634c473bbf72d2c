package dev.magicfs.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magicfs.host.testing.Shell;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** magicfs(1), made from the command definitions: every command and option is on it, and groff reads it cleanly. */
class ManPageTest {
    @TempDir
    Path dir;

    private static String page() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.commandLine().setOut(new PrintWriter(out)).execute("man"));
        return out.toString();
    }

    @Test
    void everyCommandAndVisibleOptionIsOnThePage() {
        String page = page();
        assertTrue(page.startsWith(".TH MAGICFS 1 "), page);
        CommandLine root = Main.commandLine();
        for (var sub : root.getSubcommands().entrySet()) {
            assertTrue(page.contains(".SS \"magicfs " + sub.getKey() + "\"\n"), sub.getKey());
            for (OptionSpec option : sub.getValue().getCommandSpec().options()) {
                String names = ManPage.text(String.join(", ", option.names()));
                assertTrue(option.hidden() != page.contains(".B " + names), sub.getKey() + " " + names);
            }
        }
    }

    @Test
    void groffRendersItWithoutAWarning() throws Exception {
        assumeTrue(Shell.run("sh", "-c", "command -v groff").exitCode() == 0, "groff is not installed");
        Path file = dir.resolve("magicfs.1");
        Files.writeString(file, page());
        Shell.Result rendered = Shell.run("groff", "-man", "-Tutf8", "-ww", file.toString()).assertSucceeded();
        assertEquals("", rendered.stderr());
        assertTrue(rendered.stdout().contains("unmount"), rendered.stdout());
    }
}
