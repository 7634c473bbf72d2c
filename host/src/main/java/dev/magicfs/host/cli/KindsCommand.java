package dev.magicfs.host.cli;

import dev.magicfs.host.config.ConfigException;
import dev.magicfs.host.config.MountConfigParser;
import dev.magicfs.host.plugins.KindRegistry;
import dev.magicfs.host.plugins.PluginLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, name = "kinds", description = "List the installed kinds with the plugin that provides each.")
final class KindsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--json", description = "Print the kinds as a JSON array on stdout, each with its plugin, version and jar.")
    boolean json;

    @Override
    public Integer call() {
        Path extra = null;
        if (options.plugins == null && Files.exists(options.config())) {
            try {
                extra = MountConfigParser.parse(options.config(), options.config().toString()).pluginsDirectory();
            } catch (ConfigException e) {
                e.problems().forEach(spec.commandLine().getErr()::println);
                return 1;
            }
        }
        try (KindRegistry kinds = KindRegistry.load(options.pluginFolders(extra))) {
            if (json) {
                List<JsonOutput.Kind> list = kinds.all().stream().map(k -> new JsonOutput.Kind(k.kind().name(), k.pluginId(),
                        k.pluginVersion(), String.valueOf(k.jar()))).toList();
                JsonOutput.print(spec.commandLine().getOut(), list);
                return 0;
            }
            spec.commandLine().getOut().print(kinds.table());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (PluginLoadException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println("plugins: " + p));
            return 1;
        }
    }
}
