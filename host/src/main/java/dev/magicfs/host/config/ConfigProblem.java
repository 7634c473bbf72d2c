package dev.magicfs.host.config;

/** One mistake in mount.yaml, shown as {@code mount.yaml:12:5: unknown kind 'clok' (did you mean 'clock'?)}. */
public record ConfigProblem(String file, Position position, String message) {

    @Override
    public String toString() {
        return file + ":" + position.line() + ":" + position.column() + ": " + message;
    }
}
