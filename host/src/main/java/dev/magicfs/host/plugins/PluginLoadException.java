package dev.magicfs.host.plugins;

import java.util.List;

/** The plugins folder cannot be used as it is; {@link #problems()} names each jar at fault and why. */
public class PluginLoadException extends Exception {
    private final List<String> problems;

    public PluginLoadException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
