package dev.magicfs.host.testing;

import dev.magicfs.api.FileKind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.pf4j.ExtensionPoint;

/**
 * Builds a plugin jar the way a plugin author's build does: compiles sources against the plugin API, lists
 * the extensions in META-INF/extensions.idx and writes the PF4J manifest.
 */
public final class PluginJar {
    private final String id;
    private String version = "1.0.0";
    private String requires = "^" + dev.magicfs.api.ApiVersion.current();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> extensions = new ArrayList<>();

    private PluginJar(String id) {
        this.id = id;
    }

    public static PluginJar withId(String id) {
        return new PluginJar(id);
    }

    public PluginJar version(String value) {
        version = value;
        return this;
    }

    /** The Plugin-Requires expression, for example {@code ^9.0.0}. */
    public PluginJar requires(String value) {
        requires = value;
        return this;
    }

    /** A source file; {@code extension} lists its class in extensions.idx. */
    public PluginJar source(String className, String code, boolean extension) {
        sources.put(className, code);
        if (extension) {
            extensions.add(className);
        }
        return this;
    }

    /** Compiles and writes the jar into {@code folder}; returns its path. */
    public Path writeTo(Path folder) throws IOException {
        Path work = Files.createTempDirectory("plugin-src-");
        List<String> files = new ArrayList<>();
        for (var source : sources.entrySet()) {
            Path file = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toString());
        }
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-proc:none", "-d", classes.toString(), "-cp",
                location(FileKind.class) + java.io.File.pathSeparator + location(ExtensionPoint.class)));
        args.addAll(files);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("plugin sources did not compile");
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", id);
        main.putValue("Plugin-Version", version);
        main.putValue("Plugin-Requires", requires);
        Path jar = folder.resolve(id + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            jarOut.write((String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    jarOut.putNextEntry(new JarEntry(classes.relativize(p).toString()));
                    jarOut.write(Files.readAllBytes(p));
                }
            }
        }
        return jar;
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
