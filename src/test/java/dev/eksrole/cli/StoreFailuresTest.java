package dev.eksrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store eksrole cannot use: a config error when the URL names another database, exit 69 when it cannot be reached. */
class StoreFailuresTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private Run history(String store, String... options) throws Exception {
        Path config = Files.writeString(dir.resolve("eksrole.yml"), """
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", name: prod-eu}]
                store: %s
                """.formatted(store));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[2 + options.length];
        args[0] = "history";
        args[1] = "prod-eu";
        System.arraycopy(options, 0, args, 2, options.length);
        int code = Main.run(args, Map.of("EKSROLE_CONFIG", config.toString()), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aJdbcUrlOfAnotherDatabaseIsABadConfigNamingTheKey() throws Exception {
        Run run = history("{jdbcUrl: \"jdbc:mysql://db:3306/eksrole?password=hunter2\"}");
        Run json = history("{jdbcUrl: \"jdbc:mysql://db:3306/eksrole?password=hunter2\"}", "--json");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err().strip()).isEqualTo("eksrole: bad config: store.jdbcUrl: jdbc:mysql: is neither H2 nor PostgreSQL, the two "
                + "stores eksrole supports; use jdbc:postgresql://host:5432/eksrole, or leave store.jdbcUrl out for the H2 file under store.dataDir");
        assertThat(run.out()).isEmpty();
        JsonNode error = new ObjectMapper().readTree(json.out());
        assertThat(error.get("error").asText()).isEqualTo("bad_config");
        assertThat(error.get("message").asText()).startsWith("bad config: store.jdbcUrl: ");
        assertThat(json.out() + json.err()).doesNotContain("hunter2");
    }

    @Test
    void anUnreachablePostgresExits69InOneLineNamingTheKey() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run run = history("{jdbcUrl: \"jdbc:postgresql://127.0.0.1:" + closed + "/eksrole\", username: eksrole, password: hunter2}");

        assertThat(run.exitCode()).isEqualTo(69);
        assertThat(run.err().strip()).isEqualTo("eksrole: store unavailable: cannot open the store at jdbc:postgresql://127.0.0.1:" + closed
                + "/eksrole: connection refused; check store.jdbcUrl and that the database is up and reachable from here");
        assertThat(run.err()).doesNotContain("hunter2");
    }

    @Test
    void aLimitOutOfRangeIsAUsageErrorAlsoInJson() throws Exception {
        Run run = history("{dataDir: \"" + dir.resolve("data") + "\"}", "--limit", "0", "--json");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err().strip()).isEqualTo("eksrole: --limit must be between 1 and 500");
        assertThat(new ObjectMapper().readTree(run.out()).get("error").asText()).isEqualTo("usage");
    }
}
