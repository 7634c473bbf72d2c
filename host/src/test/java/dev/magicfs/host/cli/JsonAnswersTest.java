package dev.magicfs.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kinds --json and check --json, read by a script the way users' scripts read them: Python's json module. */
class JsonAnswersTest {
    @TempDir
    Path dir;

    @Test
    void kindsListsEachKindWithItsPluginAndJar() throws Exception {
        String json = run(0, "kinds", "--json", "--plugins", plugins());
        assertEquals("clock clock magicfs-clock.jar\nstatic static magicfs-static.jar\n", python(json, """
                for k in data:
                    if k["kind"] in ("clock", "static"):
                        print(k["kind"], k["plugin"], k["jar"].split("/")[-1])
                """));
    }

    @Test
    void checkGivesTheVerdictAndEachProblemWithItsPosition() throws Exception {
        Path good = Files.writeString(dir.resolve("good.yaml"), """
                files:
                  hello.txt: {kind: static, text: "hi\\n"}
                  now.txt: {kind: clock}
                """);
        assertEquals("True 2 clock,static 0\n", python(run(0, "check", "--json", "-c", good.toString(), "--plugins", plugins()),
                "print(data['ok'], data['files'], ','.join(data['kinds']), len(data['problems']))"));

        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                files:
                  a.txt: {kind: clok}
                  b.txt: {kind: static}
                """);
        assertEquals("False\nbad.yaml 2 17 unknown kind 'clok' (did you mean 'clock'?)\nbad.yaml 3 3 a static file needs exactly one of 'text' or 'file'\n",
                python(run(1, "check", "--json", "-c", bad.toString(), "--plugins", plugins()), """
                        print(data['ok'])
                        for p in data['problems']:
                            print(p['file'].split('/')[-1], p['line'], p['column'], p['message'].split(';')[0])
                        """));
    }

    /** Runs a magicfs command in this JVM; returns its stdout, having checked its exit status and empty stderr. */
    private String run(int status, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        assertEquals(status, exit, out + "\n" + err);
        assertEquals("", err.toString());
        return out.toString();
    }

    private static String plugins() {
        return TestPaths.builtInPlugins().toString();
    }

    /** What a Python script prints given {@code json} parsed as {@code data}. */
    private String python(String json, String script) throws Exception {
        Path file = Files.writeString(dir.resolve("answer.json"), json);
        return Shell.run("python3", "-c", "import json, sys\ndata = json.load(open(sys.argv[1]))\n" + script, file.toString())
                .assertSucceeded().stdout();
    }
}
