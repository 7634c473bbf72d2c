package dev.magicfs.host.cli;

import dev.magicfs.api.ApiVersion;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * magicfs(1) in roff, made from the command definitions that parse the command line, so the page lists
 * exactly the commands and options there are. picocli's own generator writes AsciiDoc, which would need
 * Asciidoctor at build time; the few roff requests a man page uses are written here instead.
 */
final class ManPage {
    private ManPage() {}

    static String of(CommandSpec root) {
        StringBuilder page = new StringBuilder();
        page.append(".TH MAGICFS 1 \"").append(LocalDate.now()).append("\" \"magicfs ").append(ApiVersion.current())
                .append("\" \"User Commands\"\n");
        page.append(".SH NAME\nmagicfs \\- a live filesystem defined by a YAML file\n");
        page.append(".SH SYNOPSIS\n.B magicfs\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n");
        page.append(".SH DESCRIPTION\n").append(text(String.join(" ", root.usageMessage().description()))).append('\n');
        page.append(".PP\n").append(text("mount.yaml names each file of the mount and its kind; plugins provide the kinds. "
                + "Every mount also serves /.magic (stats, metrics, log, config, kinds, reload) unless mount.yaml says "
                + "magic_dir: false.")).append('\n');
        page.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> sub : root.subcommands().entrySet()) {
            command(page, sub.getValue().getCommandSpec());
        }
        page.append(".SH OPTIONS\n");
        options(page, root.options());
        page.append(".SH FILES\n.TP\n.I mount.yaml\n").append(text("The mount: -c FILE, else $MAGICFS_CONFIG, else mount.yaml "
                + "in the current folder, else the one installed with magicfs.")).append('\n');
        page.append(".TP\n.I MOUNTPOINT/.magic/\n").append(text("The running mount described as files, its owner's only.")).append('\n');
        page.append(".SH EXIT STATUS\n").append(text("0 on success and after a clean unmount; 1 when mount.yaml, a plugin or the "
                + "mount fails, with the reasons on stderr; 2 for a command line picocli cannot parse.")).append('\n');
        page.append(".SH SEE ALSO\n.BR mount (8),\n.BR fstab (5),\n.BR fusermount3 (1),\n.BR systemd.service (5)\n");
        return page.toString();
    }

    private static void command(StringBuilder page, CommandSpec command) {
        Help help = new Help(command, Help.defaultColorScheme(Help.Ansi.OFF));
        page.append(".SS ").append(quoted("magicfs " + command.name())).append('\n');
        page.append(".nf\n").append(text(help.synopsis(0).strip())).append("\n.fi\n");
        page.append(".PP\n").append(text(String.join(" ", command.usageMessage().description()))).append('\n');
        for (PositionalParamSpec parameter : command.positionalParameters()) {
            page.append(".TP\n.I ").append(text(parameter.paramLabel())).append('\n')
                    .append(text(description(parameter.description(), parameter.defaultValueString()))).append('\n');
        }
        options(page, command.options());
    }

    private static void options(StringBuilder page, List<OptionSpec> options) {
        for (OptionSpec option : options) {
            if (option.hidden()) {
                continue;
            }
            page.append(".TP\n.B ").append(text(String.join(", ", option.names())));
            if (option.arity().max() > 0 && !option.paramLabel().isEmpty()) {
                page.append(" \\fI").append(text(option.paramLabel())).append("\\fR");
            }
            page.append('\n').append(text(description(option.description(), option.defaultValueString()))).append('\n');
        }
    }

    private static String description(String[] lines, String defaultValue) {
        return String.join(" ", lines).replace("${DEFAULT-VALUE}", String.valueOf(defaultValue));
    }

    private static String quoted(String s) {
        return "\"" + text(s).replace("\"", "\\(dq") + "\"";
    }

    /** Text as roff reads it: backslashes and hyphens escaped, no line starting with a control character. */
    static String text(String s) {
        String escaped = s.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return out.toString();
    }
}
