package dev.magicfs.host.config;

/** A place in mount.yaml, both 1-based, as editors count. */
public record Position(int line, int column) {}
