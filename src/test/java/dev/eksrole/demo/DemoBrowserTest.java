package dev.eksrole.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.TrustPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's page in headless Chromium (Debian's {@code chromium}, driven by Playwright from npm in
 * {@code src/test/browser}): the walkthrough a person would make, with a screenshot of each step under
 * {@code target/demo-screenshots}, and markup fed through what the bot echoes staying text. Skipped where the browser or
 * the Node project is missing, except in CI, where it must be there.
 */
class DemoBrowserTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path PROJECT = BASE.resolve("src/test/browser");
    private static final Path SHOTS = BASE.resolve("target/demo-screenshots");
    private static final String MARKUP = "<script>window.pwned=1</script><img src=x onerror=window.pwned=1>";

    @TempDir
    Path data;

    @Test
    void aPersonChecksAsksForAFixIsRefusedOwnApprovalAndAnotherApproves() throws Exception {
        assumeInstalled();
        deleteEarlierScreenshots();
        try (Demo demo = Demo.start(0, data)) {
            String output = node("walkthrough.mjs", demo.pageUrl(), SHOTS.toString());
            assertThat(output).contains("walkthrough passed");
        }
        assertThat(SHOTS.resolve("01-check-needs-fix.png")).isNotEmptyFile();
    }

    @Test
    void markupInATypedNameOrATrustConditionStaysText() throws Exception {
        assumeInstalled();
        String trust = TrustPolicy.documentedJson(Partition.AWS).replace("\"Action\"",
                "\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"" + MARKUP + "\"}},\"Action\"");
        DemoOrganisation hostile = new DemoOrganisation(() -> List.of(DemoOrganisation.account("123456789012", "hostile", Partition.AWS,
                "a trust condition with markup").role("eksNodeRole", trust, "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly")
                .instanceProfile("eksNodeRole")), java.time.Duration.ZERO);
        try (Demo demo = Demo.start(0, data, hostile)) {
            String output = node("hostile.mjs", demo.pageUrl(), SHOTS.toString(), "hostile");
            assertThat(output).contains("hostile passed");
        }
    }

    /** A run's screenshots only: none left from an earlier walkthrough with other steps. */
    private static void deleteEarlierScreenshots() throws java.io.IOException {
        if (Files.isDirectory(SHOTS)) {
            try (var shots = Files.list(SHOTS)) {
                for (Path shot : shots.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.png")).toList()) {
                    Files.delete(shot);
                }
            }
        }
    }

    private static String node(String script, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("node", script));
        command.addAll(List.of(arguments));
        Process node = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(3, TimeUnit.MINUTES)).as("%s finished", script).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        return output;
    }

    private static void assumeInstalled() {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        boolean installed = Files.isDirectory(PROJECT.resolve("node_modules/playwright-core")) && Files.isExecutable(Path.of(chromium));
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("CI must have Debian's chromium and " + PROJECT.resolve("node_modules") + " (.ci/run installs both)");
        }
        Assumptions.assumeTrue(installed, "no browser here: install Debian's chromium and run `npm ci` in " + PROJECT);
    }
}
