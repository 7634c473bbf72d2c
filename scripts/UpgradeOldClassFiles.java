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
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the class files of a jar that are older than Java 6 as Java 8 class files, in place, for the JVM's
 * AOT cache. The cache cannot hold a class file of version 49 or older ("Old class has been linked": such
 * classes have no stack maps and go through the old verifier), and picocli, built for Java 5, is the whole
 * of our command line: 170 classes loaded from its jar and verified at every start, about 80 ms of a check.
 * The JDK's ClassFile API re-emits each method with the stack maps it computes; nothing else changes, and the
 * JVM verifies the result as it verifies any class. Jars without old classes are left as they are.
 *
 * <p>Usage: {@code java scripts/UpgradeOldClassFiles.java JAR...} (the host and dist builds run it).
 */
public final class UpgradeOldClassFiles {
    private static final int OLDEST_KEPT = 50; // Java 6: stack maps, the split verifier
    private static final int WRITTEN = 52; // Java 8

    public static void main(String[] args) throws IOException {
        for (String jar : args) {
            int upgraded = upgrade(Path.of(jar));
            System.out.println(jar + ": " + (upgraded == 0 ? "no class older than Java 6" : upgraded + " classes now Java 8 class files"));
        }
    }

    private static int upgrade(Path jar) throws IOException {
        Path rewritten = Files.createTempFile(jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".new");
        int upgraded = 0;
        // Stack maps name the common supertype where two paths meet: the resolver finds the jar's own classes.
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                InputStream file = Files.newInputStream(jar);
                ZipInputStream in = new ZipInputStream(file);
                OutputStream target = Files.newOutputStream(rewritten);
                ZipOutputStream out = new ZipOutputStream(target)) {
            ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
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
            Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return upgraded;
    }
}
