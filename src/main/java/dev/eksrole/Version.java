package dev.eksrole;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version the build wrote into {@code dev/eksrole/version.properties}: the same from the classes
 * directory, in tests and in the shaded jar, where a manifest entry would exist only in the jar.
 */
public final class Version {

    private static final String CURRENT = read();

    private Version() {}

    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            // an unfiltered copy (an IDE build that skipped Maven's resources phase) says so rather than print a placeholder
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
