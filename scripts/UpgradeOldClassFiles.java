import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the class files of jars that are older than Java 6 as Java 8 class files, in place, for the JVM's
 * AOT cache. The cache cannot hold a class file of version 49 or older ("Old class has been linked": such
 * classes have no stack maps and go through the old verifier). picocli, built for Java 5, is the whole of our
 * command line: 170 classes loaded from its jar and verified at every start, about 80 ms of a check; ASM and
 * jnr-x86asm, also Java 5, are how jnr binds the C library at every mount.
 * The JDK's ClassFile API re-emits each method with the stack maps it computes; nothing else changes, and the
 * JVM verifies the result as it verifies any class. Jars without old classes are left as they are.
 *
 * <p>Usage: {@code java scripts/UpgradeOldClassFiles.java JAR_OR_FOLDER...} (the host and dist builds run it on
 * their lib folders).
 */
public final class UpgradeOldClassFiles {
    private static final int OLDEST_KEPT = 50; // Java 6: stack maps, the split verifier
    private static final int WRITTEN = 52; // Java 8

    public static void main(String[] args) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String arg : args) {
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                try (Stream<Path> inside = Files.list(path)) {
                    inside.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
                }
            } else {
                jars.add(path);
            }
        }
        // Stack maps name the common supertype where two paths meet: the resolver finds it in any of the jars.
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        try (URLClassLoader classes = new URLClassLoader(urls, null)) {
            ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            for (Path jar : jars) {
                int upgraded = upgrade(jar, classFile);
                if (upgraded > 0) {
                    System.out.println(jar + ": " + upgraded + " classes now Java 8 class files");
                }
            }
        }
    }

    private static int upgrade(Path jar, ClassFile classFile) throws IOException {
        Path rewritten = Files.createTempFile(jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".new");
        int upgraded = 0;
        try (InputStream file = Files.newInputStream(jar);
                ZipInputStream in = new ZipInputStream(file);
                OutputStream target = Files.newOutputStream(rewritten);
                ZipOutputStream out = new ZipOutputStream(target)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class")) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < OLDEST_KEPT) {
                        bytes = classFile.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen((builder, element) -> {
                                    if (element instanceof ClassFileVersion) {
                                        builder.withVersion(WRITTEN, 0);
                                    } else {
                                        builder.with(element);
                                    }
                                }));
                        upgraded++;
                    }
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime()); // the same bytes give the same jar: builds stay reproducible
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        if (upgraded == 0) {
            Files.delete(rewritten);
        } else {
            Files.setPosixFilePermissions(rewritten, Files.getPosixFilePermissions(jar)); // not the temporary file's 0600
            Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return upgraded;
    }
}
