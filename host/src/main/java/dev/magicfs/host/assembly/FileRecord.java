package dev.magicfs.host.assembly;

import dev.magicfs.api.Node;

/**
 * What a running tree remembers of one file of mount.yaml, to tell at a reload whether it changed.
 *
 * @param fingerprint a hash of the file's spec and of the sources it names
 */
public record FileRecord(String kind, long fingerprint, Node node) {}
