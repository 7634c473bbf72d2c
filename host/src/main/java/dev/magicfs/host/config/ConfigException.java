package dev.magicfs.host.config;

import java.util.List;
import java.util.stream.Collectors;

/** mount.yaml is wrong; {@link #problems()} lists every mistake found, in file order. */
public class ConfigException extends Exception {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
