package dev.eksrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors, bad accounts and bad config: exit 64 and a message that says what to do, never a stack trace. */
class CliUsageTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Map<String, String> configEnv(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("eksrole.yml"), yaml);
        return Map.of("EKSROLE_CONFIG", file.toString());
    }

    private static final String CONFIG = """
            access: {externalId: ext-123}
            accounts: [{id: "111111111111", name: prod-eu}]
            """;

    @Test
    void helpExitsZeroAndDescribesCheck() {
        Run run = run(Map.of(), "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("check").contains("EKSROLE_CONFIG");
        Run check = run(Map.of(), "check", "--help");
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).contains("--json").contains("64   bad usage");
    }

    @Test
    void unknownOptionExits64WithAHint() {
        Run run = run(Map.of(), "check", "prod-eu", "--jsn");
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("Unknown option").contains("--help");
    }

    @Test
    void missingAccountArgumentWithAConfigExits64AndListsTheAccounts() throws Exception {
        // the account is optional only without a config file: then the caller's own account is checked
        Run run = run(configEnv(CONFIG), "check");
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("name an account").contains("prod-eu (111111111111)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void accountIdOfWrongLengthExits64() throws Exception {
        Run run = run(configEnv(CONFIG), "check", "12345");
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("12 digits");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownAccountNameExits64AndSuggests() throws Exception {
        Run run = run(configEnv(CONFIG), "check", "prod-ue", "--json");
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("Did you mean prod-eu?");
        // with --json a failure that leaves no verdict is one error object on stdout (DESIGN.md, Interfaces)
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out())).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("error", "unknown_account")
                .put("message", "no account is named 'prod-ue'. Did you mean prod-eu? Configured: prod-eu (111111111111)"));
    }

    @Test
    void aUsageErrorWithJsonIsAnErrorObjectOnStdout() throws Exception {
        Run run = run(configEnv(CONFIG), "check", "--json");
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out()).get("error").asText()).isEqualTo("usage");
        assertThat(run.err()).contains("<account>");
    }

    @Test
    void missingConfigExits64AndSaysWhereItLooked() {
        Run run = run(Map.of("EKSROLE_CONFIG", dir.resolve("absent.yml").toString()), "check", "prod-eu");
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("absent.yml not found").doesNotContain("Exception");
    }

    @Test
    void invalidConfigExits64AndNamesTheKey() throws Exception {
        Run run = run(configEnv("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", partiton: aws}]
                """), "check", "111111111111");
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("accounts[0].partiton").doesNotContain("at dev.");
    }

    @Test
    void configOptionOverridesTheEnvironment() throws Exception {
        Path other = Files.writeString(dir.resolve("other.yml"), "accounts: oops\n");
        Run run = run(configEnv(CONFIG), "check", "prod-eu", "--config", other.toString());
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("accounts");
    }
}
