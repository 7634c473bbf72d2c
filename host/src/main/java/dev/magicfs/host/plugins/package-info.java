/**
 * Loads plugin jars with PF4J and maps each kind name to the {@link dev.magicfs.api.FileKind} that serves it.
 * Rejects duplicate kinds, incompatible API versions and jars that are not plugins. Knows nothing of YAML or FUSE.
 */
package dev.magicfs.host.plugins;
