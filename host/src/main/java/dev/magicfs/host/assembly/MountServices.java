package dev.magicfs.host.assembly;

import dev.magicfs.api.Transfers;
import dev.magicfs.host.magic.MagicFolder;
import dev.magicfs.host.stats.TransferMonitor;

/**
 * What a served mount gives its tree besides mount.yaml, kept across reloads: the files of {@code /.magic}
 * and the monitor of long transfers. {@link #NONE} for {@code magicfs check}, which serves nothing.
 *
 * @param magic null for none
 * @param transfers null for none
 */
public record MountServices(MagicFolder magic, TransferMonitor transfers) {
    public static final MountServices NONE = new MountServices(null, null);

    /** Where the file at {@code path} reports its transfers. */
    Transfers transfersOf(String path) {
        return transfers == null ? Transfers.NONE : transfers.forFile(path);
    }
}
