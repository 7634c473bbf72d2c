package dev.magicfs.host.cli;

import picocli.CommandLine.Command;

@Command(
        name = "magicfs",
        mixinStandardHelpOptions = true,
        versionProvider = MagicFsCommand.Version.class,
        description = "A live filesystem defined by mount.yaml, with file kinds from plugins.",
        subcommands = {MountCommand.class, UnmountCommand.class, CheckCommand.class, KindsCommand.class, CompletionCommand.class, ManCommand.class})
final class MagicFsCommand {

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {VersionLine.text()};
        }
    }
}
