package dev.magicfs.host.cli;

import dev.magicfs.host.fuse.FuseSession;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * What the launcher's AOT training run does besides its check: it loads the classes a mount loads, without
 * mounting (a build has no FUSE device). The JVM's AOT cache keeps the classes a training run loaded from the
 * class path, parsed, verified and linked; a mount then finds the host's own classes and jnr's there instead of
 * reading them from their jars: it reaches a listed root about 0.3 s sooner.
 */
final class AotTraining {
    /** The system property the launcher sets for its training run. */
    static final String PROPERTY = "magicfs.aot.training";

    private AotTraining() {}

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    static void loadWhatAMountLoads() {
        FuseSession.bindNow();
        try (JarFile jar = new JarFile(hostJar().toFile())) {
            ClassLoader loader = AotTraining.class.getClassLoader();
            for (var entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                }
            }
        } catch (IOException | URISyntaxException | ClassNotFoundException | LinkageError e) {
            System.err.println("magicfs: the AOT training run loaded fewer classes than a mount: " + e);
        }
    }

    private static Path hostJar() throws URISyntaxException {
        return Path.of(AotTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
