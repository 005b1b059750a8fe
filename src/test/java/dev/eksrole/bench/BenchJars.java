package dev.eksrole.bench;

import dev.eksrole.bench.apps.BareBoltApp;
import dev.eksrole.bench.apps.HelloWorld;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The baselines as jars, so that they start as eksrole does ({@code java -jar}): {@code hello.jar} holds only
 * {@link HelloWorld}; {@code bare-bolt.jar} holds {@link BareBoltApp} and takes Bolt and Jetty from eksrole's own
 * jar through its {@code Class-Path}, the same bytes eksrole runs.
 */
record BenchJars(Path hello, Path bareBolt) {

    static BenchJars build(Path eksroleJar) {
        if (!Files.isRegularFile(eksroleJar)) {
            throw new BenchFailure(eksroleJar + " is missing: build it first with mvn -B -q -DskipTests package");
        }
        Path dir = eksroleJar.toAbsolutePath().getParent().resolve("bench");
        try {
            Files.createDirectories(dir);
            Path classes = classesRoot();
            Path hello = write(dir.resolve("hello.jar"), HelloWorld.class, null, classes);
            String classPath = dir.relativize(eksroleJar.toAbsolutePath()).toString();
            Path bareBolt = write(dir.resolve("bare-bolt.jar"), BareBoltApp.class, classPath, classes);
            return new BenchJars(hello, bareBolt);
        } catch (IOException e) {
            throw new BenchFailure("cannot write the baseline jars in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path classesRoot() {
        try {
            Path root = Path.of(HelloWorld.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(root)) {
                throw new BenchFailure("the suite runs from compiled test classes (target/test-classes), not from " + root);
            }
            return root;
        } catch (URISyntaxException e) {
            throw new BenchFailure("cannot find the suite's classes: " + e.getMessage(), e);
        }
    }

    /** A jar with the main class and its nested classes, and a manifest naming it. */
    private static Path write(Path jar, Class<?> main, String classPath, Path classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        String packagePath = main.getPackageName().replace('.', '/');
        Path packageDir = classes.resolve(packagePath);
        List<Path> files;
        try (Stream<Path> listing = Files.list(packageDir)) {
            files = listing.filter(p -> {
                String name = p.getFileName().toString();
                return name.equals(main.getSimpleName() + ".class") || name.startsWith(main.getSimpleName() + "$");
            }).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path classFile : files) {
                out.putNextEntry(new JarEntry(packagePath + "/" + classFile.getFileName()));
                out.write(Files.readAllBytes(classFile));
                out.closeEntry();
            }
        }
        return jar;
    }
}
