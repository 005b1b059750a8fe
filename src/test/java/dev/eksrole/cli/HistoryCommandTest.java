package dev.eksrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.Main;
import dev.eksrole.store.StoreDatabase;
import dev.eksrole.store.AuditEntry;
import dev.eksrole.store.JdbcAuditLog;
import dev.eksrole.config.EksroleConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eksrole history <account> [--json]} reads the audit trail the bot wrote, from the same store. */
class HistoryCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private Run run(String... args) throws Exception {
        Path config = Files.writeString(dir.resolve("eksrole.yml"), """
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", name: prod-eu}, {id: "222222222222", name: staging}]
                store: {dataDir: "%s"}
                """.formatted(dir.resolve("data")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of("EKSROLE_CONFIG", config.toString()), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void showsTheNewestEntriesOfTheAccountAsJsonAndAsText() throws Exception {
        try (StoreDatabase database = StoreDatabase.open(new EksroleConfig.Store(dir.resolve("data"), null, null, null), Map.of())) {
            JdbcAuditLog audit = new JdbcAuditLog(database.dataSource());
            audit.record(new AuditEntry(Instant.parse("2026-11-29T01:00:00Z"), "U0REQUEST1", "111111111111", null, "check", null,
                    "1 node role(s)", "NEEDS_FIX"));
            audit.record(new AuditEntry(Instant.parse("2026-11-29T01:01:00Z"), "U0APPROVE1", "111111111111", "NodeInstanceRole",
                    "iam:AttachRolePolicy", "plan-1", "iam:AttachRolePolicy RoleName=NodeInstanceRole", "DONE"));
            audit.record(new AuditEntry(Instant.parse("2026-11-29T01:02:00Z"), "U0OTHER01", "222222222222", null, "check", null,
                    null, "OK"));
        }

        Run json = run("history", "prod-eu", "--json");
        Run text = run("history", "111111111111");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode entries = new ObjectMapper().readTree(json.out());
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("action").asText()).isEqualTo("iam:AttachRolePolicy");
        assertThat(entries.get(0).get("actor").asText()).isEqualTo("U0APPROVE1");
        assertThat(entries.get(1).get("result").asText()).isEqualTo("NEEDS_FIX");
        assertThat(text.out()).startsWith("History of prod-eu (111111111111)").contains("iam:AttachRolePolicy  NodeInstanceRole  -> DONE");
    }

    @Test
    void anUnknownAccountExits64() throws Exception {
        Run run = run("history", "prd-eu");
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("Did you mean prod-eu?");
    }

    @Test
    void dashShowsTheSlackRequestsRefusedBeforeTheyNamedAnAccount() throws Exception {
        try (StoreDatabase database = StoreDatabase.open(new EksroleConfig.Store(dir.resolve("data"), null, null, null), Map.of())) {
            JdbcAuditLog audit = new JdbcAuditLog(database.dataSource());
            audit.record(new AuditEntry(Instant.parse("2026-11-29T01:00:00Z"), "U0REQUEST1", AuditEntry.NO_ACCOUNT, null, "refuse", null,
                    "slash command from team T0FOREIGN1; eksrole serves team T0000001", "refused: another workspace"));
            audit.record(new AuditEntry(Instant.parse("2026-11-29T01:01:00Z"), "-", AuditEntry.NO_ACCOUNT, null, "refuse", null,
                    "slash command: user_id is not a Slack user id (10241 characters)", "refused: invalid user_id"));
        }

        Run text = run("history", "-");
        Run json = run("history", "-", "--json");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("Refused Slack requests that named no account (newest first):")
                .contains("2026-11-29 01:01:00Z  -  refuse  -> refused: invalid user_id")
                .contains("U0REQUEST1  refuse  -> refused: another workspace");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode entries = new ObjectMapper().readTree(json.out());
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("account").asText()).isEqualTo("-");
        assertThat(run("history", "prod-eu").out()).contains("nothing recorded yet");
    }
}
