package dev.magicfs.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magicfs.host.testing.Shell;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** magicfs completion: the script bash sources completes the commands, their options and their values. */
class CompletionCommandTest {
    @TempDir
    Path dir;

    @Test
    void bashCompletesCommandsOptionsAndShellNames() throws Exception {
        StringWriter out = new StringWriter();
        int status = Main.commandLine().setOut(new PrintWriter(out)).execute("completion", "bash");
        assertEquals(0, status);
        Path script = Files.writeString(dir.resolve("magicfs-completion.bash"), out.toString());

        assertEquals("mount\n", complete(script, "magicfs mo"));
        assertEquals("--log --log-file\n", complete(script, "magicfs mount --lo"));
        assertEquals("bash zsh\n", complete(script, "magicfs completion "));
        assertEquals(2, Main.commandLine().setErr(new PrintWriter(new StringWriter())).execute("completion", "fish"));
    }

    /** What bash's completion function offers for {@code line}, the cursor at its end. */
    private static String complete(Path script, String line) {
        return Shell.run("bash", "-c", """
                source "$1"
                read -ra COMP_WORDS <<< "$2"
                [ "${2: -1}" = " " ] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=$2; COMP_POINT=${#2}
                _complete_magicfs 2>/dev/null
                echo "${COMPREPLY[@]}"
                """, "bash", script.toString(), line).assertSucceeded().stdout();
    }
}
