package dev.magicfs.host.cli;

import dev.magicfs.host.config.ConfigProblem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Where the problems of loading a mount go: printed one a line, or kept for {@code check --json}. */
interface ProblemReport {
    /** A mistake in mount.yaml, at its file:line:col. */
    void config(ConfigProblem problem);

    /** A plugin jar that could not be loaded. */
    void plugins(String problem);

    /** Each problem on a line of {@code err}: {@code mount.yaml:3:7: message}, {@code plugins: message}. */
    static ProblemReport printedTo(PrintWriter err) {
        return new ProblemReport() {
            @Override
            public void config(ConfigProblem problem) {
                err.println(problem);
            }

            @Override
            public void plugins(String problem) {
                err.println("plugins: " + problem);
            }
        };
    }

    /** Keeps the problems in order, as {@link JsonOutput.Problem}s. */
    final class Kept implements ProblemReport {
        final List<JsonOutput.Problem> problems = new ArrayList<>();

        @Override
        public void config(ConfigProblem problem) {
            problems.add(new JsonOutput.Problem(problem.file(), problem.position().line(), problem.position().column(),
                    problem.message()));
        }

        @Override
        public void plugins(String problem) {
            problems.add(new JsonOutput.Problem(null, null, null, "plugins: " + problem));
        }
    }
}
