package dev.eksrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code eksrole --version} names the version the pom builds, from the classes as from the jar. */
class VersionTest {

    @Test
    void versionIsThePomsVersion() throws Exception {
        Matcher version = Pattern.compile("<artifactId>eksrole</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).as("the pom's own version").isTrue();
        StringWriter out = new StringWriter();
        int code = Main.run(new String[] {"--version"}, Map.of(), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo("eksrole " + version.group(1));
    }
}
