package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.Main;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.AwsWorld.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eksrole scan} shows its progress on stderr while stdout stays exactly the result. */
class ScanProgressTest {

    @TempDir
    Path dir;

    private static void threeAccounts(AwsWorld world) {
        world.addTarget("111111111111", "prod-eu", AWS).addRole("NodeInstanceRole");
        world.addTarget("222222222222", "staging", AWS);
        world.addTarget("333333333333", "sandbox", AWS);
    }

    @Test
    void aLinePerFinishedAccountOnStderrAndOneJsonObjectOnStdout() {
        try (AwsWorld world = AwsWorld.start(dir)) {
            threeAccounts(world);

            CliRun run = world.run("scan", "--json");

            JsonNode result = run.json();
            assertThat(result.get("accounts")).hasSize(3);
            assertThat(run.out().strip()).isEqualTo(result.toString());
            List<String> lines = run.err().lines().toList();
            assertThat(lines).hasSize(3).allMatch(l -> l.matches("[1-3]/3  (OK|WARNING|NEEDS_FIX|UNKNOWN) +\\S+ \\(\\d{12}\\)  \\d+\\.\\d s"), "progress lines");
            assertThat(lines).anyMatch(l -> l.contains("NEEDS_FIX  prod-eu (111111111111)"));
            assertThat(lines).anyMatch(l -> l.contains("staging (222222222222)")).anyMatch(l -> l.contains("sandbox (333333333333)"));
            assertThat(lines.stream().map(l -> l.substring(0, 3))).containsExactly("1/3", "2/3", "3/3");
        }
    }

    @Test
    void onATerminalABarIsRedrawnInPlaceAndClearedAtTheEnd() throws Exception {
        try (AwsWorld world = AwsWorld.start(dir)) {
            threeAccounts(world);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int code = Main.run(new String[] {"scan"}, Map.of("EKSROLE_CONFIG", world.writeConfig().toString()), new PrintWriter(out, true),
                    new PrintWriter(err, true), true);

            assertThat(code).isEqualTo(2);
            assertThat(out.toString()).startsWith("ACCOUNT").doesNotContain("\r");
            String screen = err.toString();
            assertThat(screen).startsWith("[------------------------------] 0/3 accounts")
                    .contains("\r\u001b[K1/3  ").contains("[##########--------------------] 1/3 accounts")
                    .contains("[##############################] 3/3 accounts").endsWith("\r\u001b[K");
        }
    }

    @Test
    void stderrIsATerminalWhenItsDescriptorLeadsToATerminalDevice() throws Exception {
        Path pts = Files.createSymbolicLink(dir.resolve("fd-pts"), Path.of("/dev/pts/3"));
        Path tty = Files.createSymbolicLink(dir.resolve("fd-tty"), Path.of("/dev/tty1"));
        Path file = Files.createSymbolicLink(dir.resolve("fd-file"), dir.resolve("log.txt"));
        Path pipe = Files.createSymbolicLink(dir.resolve("fd-pipe"), Path.of("pipe:[123456]"));

        assertThat(Terminal.isTerminal(pts)).isTrue();
        assertThat(Terminal.isTerminal(tty)).isTrue();
        assertThat(Terminal.isTerminal(file)).isFalse();
        assertThat(Terminal.isTerminal(pipe)).isFalse();
        assertThat(Terminal.isTerminal(dir.resolve("no-such-descriptor"))).isFalse();
        assertThat(Terminal.stderrIsTerminal()).as("the test's stderr is a file or a pipe").isFalse();
    }
}
