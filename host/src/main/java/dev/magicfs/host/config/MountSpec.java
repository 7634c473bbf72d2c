package dev.magicfs.host.config;

import dev.magicfs.api.CachePolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * A valid mount.yaml, as plain values.
 *
 * @param configFile the mount.yaml file
 * @param displayName how problems name the file ({@code mount.yaml} as the user wrote it)
 * @param name the file system name shown by mount(8) and in log lines
 * @param pluginsDirectory the folder of extra plugin jars, resolved against mount.yaml's folder; null when
 *     mount.yaml names none (the installation's built-in plugins are loaded either way)
 * @param allowOther whether other users may use the mount (mode bits are then enforced by the kernel)
 * @param magicDir whether the mount serves {@code /.magic}
 * @param limits the mount's memory, cache, handle and time limits
 * @param defaults the mount-wide cache settings, every field set
 * @param files the files, in mount.yaml's order
 * @param text mount.yaml as it was read
 */
public record MountSpec(
        Path configFile,
        String displayName,
        String name,
        Path pluginsDirectory,
        boolean allowOther,
        boolean magicDir,
        Limits limits,
        CachePolicy defaults,
        List<FileEntry> files,
        String text) {}
