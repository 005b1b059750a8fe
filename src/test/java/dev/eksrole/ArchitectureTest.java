package dev.eksrole;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows point inward: the domain ({@code noderole}), the fix workflow and the store know no front end, and the
 * domain knows neither Guice nor the AWS SDK. Read from the main source tree, so a forbidden import, static import or
 * fully qualified name fails here before anyone reviews it.
 */
class ArchitectureTest {

    static final Path MAIN = Path.of("src/main/java");

    /** No front end in the domain, the workflow or the store: a second front end must be able to drive them. */
    private static final List<String> FRONT_ENDS = List.of("dev.eksrole.slack", "com.slack");

    /** Main source files allowed over {@value #MAX_LINES} lines, each with the reason it is not split. None now. */
    private static final Map<String, String> LONG_FILES = Map.of();

    private static final int MAX_LINES = 400;

    private static final Pattern COMMENTS_AND_STRINGS =
            Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'",
                    Pattern.DOTALL);
    private static final Pattern QUALIFIED = Pattern.compile("\\b[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+(?=\\.[A-Za-z*])");

    @Test
    void theWorkflowTheStoreAndTheDomainKnowNoFrontEnd() throws IOException {
        for (String layer : List.of("dev.eksrole.fix", "dev.eksrole.store", "dev.eksrole.noderole")) {
            assertThat(violations(layer, FRONT_ENDS)).as("%s must not depend on %s", layer, FRONT_ENDS).isEmpty();
        }
    }

    @Test
    void theDomainKnowsNeitherGuiceNorTheAwsSdk() throws IOException {
        List<String> forbidden = List.of("com.google.inject", "software.amazon");
        assertThat(violations("dev.eksrole.noderole", forbidden)).as("noderole must not depend on %s", forbidden).isEmpty();
    }

    /**
     * The demo's simulations stay out of the bot's paths: only the command line starts the demo. And the demo names no
     * AWS SDK type and no AWS adapter class, so it cannot build a client that would read credentials or call AWS.
     */
    @Test
    void onlyTheCommandLineKnowsTheDemoAndTheDemoKnowsNoAwsSdk() throws IOException {
        for (String layer : List.of("dev.eksrole.aws", "dev.eksrole.config", "dev.eksrole.fix", "dev.eksrole.logging", "dev.eksrole.metrics",
                "dev.eksrole.noderole", "dev.eksrole.slack", "dev.eksrole.store", "dev.eksrole.watch")) {
            assertThat(violations(layer, List.of("dev.eksrole.demo"))).as("%s must not depend on the demo", layer).isEmpty();
        }
        List<String> aws = List.of("software.amazon", "dev.eksrole.aws");
        assertThat(violations("dev.eksrole.demo", aws)).as("the demo must not depend on %s", aws).isEmpty();
    }

    @Test
    void theCheckSeesImportsStaticImportsAndQualifiedNamesButNotComments() {
        String source = """
                package dev.eksrole.fix;

                import static com.slack.api.model.block.Blocks.section;
                import dev.eksrole.slack.Mrkdwn;

                /** Unlike {@code dev.eksrole.slack.SlackBot}, this is fine. */
                final class Sample {
                    // dev.eksrole.slack.Mrkdwn in a comment is fine too
                    String words = "dev.eksrole.slack.Mrkdwn";
                    Object presenter = new dev.eksrole.slack.FixPresenter(null, null);
                }
                """;

        assertThat(dependencies(source)).contains("com.slack.api.model.block", "dev.eksrole.slack")
                .filteredOn(name -> name.startsWith("dev.eksrole.slack")).hasSize(2);
        assertThat(dependencies(source.replaceAll("(?m)^(import|.*new dev).*$", ""))).noneMatch(name -> name.contains("slack"));
    }

    @Test
    void noMainSourceFileIsLongerThanFourHundredLinesButTheListedOnes() throws IOException {
        List<String> tooLong = new ArrayList<>();
        List<String> allowedButShort = new ArrayList<>(LONG_FILES.keySet());
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = MAIN.relativize(file).toString().replace('\\', '/');
                long lines;
                try (Stream<String> all = Files.lines(file)) {
                    lines = all.count();
                }
                if (lines > MAX_LINES) {
                    allowedButShort.remove(name);
                    if (!LONG_FILES.containsKey(name)) {
                        tooLong.add(name + " (" + lines + " lines)");
                    }
                }
            }
        }
        assertThat(tooLong).as("split these, or list them with a reason").isEmpty();
        assertThat(allowedButShort).as("no longer over %d lines: take them off the list", MAX_LINES).isEmpty();
    }

    /** Each file of {@code layer} (and its subpackages) that names one of {@code forbidden}, with what it names. */
    private static List<String> violations(String layer, List<String> forbidden) throws IOException {
        Path dir = MAIN.resolve(layer.replace('.', '/'));
        assertThat(dir).isDirectory();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                for (String name : dependencies(Files.readString(file))) {
                    if (forbidden.stream().anyMatch(prefix -> name.equals(prefix) || name.startsWith(prefix + "."))) {
                        found.add(MAIN.relativize(file) + " -> " + name);
                    }
                }
            }
        }
        return found;
    }

    /** The packages a source file names in its imports and code, its comments and string literals left out. */
    static List<String> dependencies(String source) {
        String code = COMMENTS_AND_STRINGS.matcher(source).replaceAll(" ");
        List<String> names = new ArrayList<>();
        for (String line : code.lines().toList()) {
            if (line.strip().startsWith("package ")) {
                continue;
            }
            Matcher matcher = QUALIFIED.matcher(line);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }
}
