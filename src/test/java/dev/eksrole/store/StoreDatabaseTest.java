package dev.eksrole.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eksrole.config.EksroleConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Opening the store: where it lives, migrations, credentials and what is said when it cannot be opened. */
@ExtendWith(SharedPostgres.class)
class StoreDatabaseTest {

    @Test
    void createsTheH2FileInADataDirectoryThatDoesNotExistYet(@TempDir Path dir) {
        Path dataDir = dir.resolve("state/eksrole");

        try (StoreDatabase database = StoreDatabase.open(TestDatabases.h2(dataDir), Map.of())) {
            assertThat(dataDir.resolve("eksrole.mv.db")).isRegularFile();
            assertThat(database.url()).startsWith("jdbc:h2:file:" + dataDir.toAbsolutePath() + "/eksrole;");
        }
    }

    @Test
    void keepsTheH2StoreToItsOwnerAFolderOf0700AndFilesOf0600(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path dataDir = dir.resolve("state/eksrole");

        try (StoreDatabase database = StoreDatabase.open(TestDatabases.h2(dataDir), Map.of())) {
            new JdbcAuditLog(database.dataSource()).record(new AuditEntry(java.time.Instant.now(), "U1", "111122223333", null,
                    "check", null, null, "OK"));
            // a failing statement makes H2 write its trace file
            try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT * FROM no_such_table");
            } catch (java.sql.SQLException expected) {
                // wanted: the trace
            }
        }

        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.list(dataDir)) {
            List<Path> all = files.toList();
            assertThat(all).extracting(p -> p.getFileName().toString()).contains("eksrole.mv.db", "eksrole.trace.db");
            assertThat(all).allSatisfy(file -> assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                    .isEqualTo(PosixFilePermissions.fromString("rw-------")));
        }
    }

    @Test
    void tightensAFolderAndFilesThatAnEarlierVersionLeftReadableByOthers(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        StoreDatabase.open(TestDatabases.h2(dataDir), Map.of()).close();
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dataDir.resolve("eksrole.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(dataDir.resolve("eksrole.trace.db"), "an old trace\n");
        Files.setPosixFilePermissions(dataDir.resolve("eksrole.trace.db"), PosixFilePermissions.fromString("rw-r--r--"));

        StoreDatabase.open(TestDatabases.h2(dataDir), Map.of()).close();

        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("eksrole.mv.db"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("eksrole.trace.db")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void keepsAnApprovalWhenTheProcessDiesRightAfterIt(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ApproveThenDieMain.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("output.txt"))).isZero();

        try (StoreDatabase database = StoreDatabase.open(TestDatabases.h2(dataDir), Map.of())) {
            PlanRecord plan = new JdbcPlanStore(database.dataSource()).find("p-1").orElseThrow();
            assertThat(plan.status()).isEqualTo(PlanStatus.APPLYING);
            assertThat(plan.decidedBy()).isEqualTo("U-BOB");
            assertThat(new JdbcAuditLog(database.dataSource()).recent("111122223333", 10))
                    .extracting(AuditEntry::action).containsExactly("approve");
        }
    }

    @Test
    void replicasStartingTogetherMigrateAnEmptyPostgresOnce(EmbeddedPostgres postgres) throws Exception {
        for (int round = 0; round < 2; round++) {
            EksroleConfig.Store store = TestDatabases.postgres(postgres, TestDatabases.newPostgresDatabase(postgres));

            int started = Contention.winners(4, replica -> {
                StoreDatabase.open(store, Map.of()).close();
                return true;
            });

            assertThat(started).isEqualTo(4);
            try (StoreDatabase database = StoreDatabase.open(store, Map.of());
                    Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
                for (String version : new String[] {"1", "2", "3"}) {
                    assertThat(rows.next()).as("version " + version).isTrue();
                    assertThat(rows.getString("version")).isEqualTo(version);
                    assertThat(rows.getBoolean("success")).isTrue();
                }
                assertThat(rows.next()).as("one row per migration").isFalse();
                assertThat(new JdbcAuditLog(database.dataSource()).recent("111122223333", 1)).isEmpty();
            }
        }
    }

    @Test
    void reportsAnUnreachableDatabaseWithoutItsPassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/eksrole?password=url-secret&connectTimeout=5";
        EksroleConfig.Store store = new EksroleConfig.Store(Path.of("unused"), url, "eksrole", "yaml-secret");

        assertThatThrownBy(() -> StoreDatabase.open(store, Map.of(StoreDatabase.PASSWORD_VARIABLE, "env-secret")))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot open the store at jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/eksrole?password=****&connectTimeout=5: connection refused")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("url-secret", "yaml-secret", "env-secret"));
    }

    @Test
    void reportsAUrlNoDriverAcceptsWithoutThePasswordInIt() {
        EksroleConfig.Store store = new EksroleConfig.Store(Path.of("unused"),
                "jdbc:nosuchdb://db:1234/eksrole;user=eksrole;password=url-secret", null, null);

        assertThatThrownBy(() -> StoreDatabase.open(store, Map.of()))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot open the store at jdbc:nosuchdb://db:1234/eksrole;user=eksrole;password=****: ")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("url-secret"));
    }

    @Test
    void takesThePasswordFromTheEnvironmentBeforeTheConfigurationFile(@TempDir Path dir) {
        EksroleConfig.Store store = new EksroleConfig.Store(dir, null, "eksrole", "yaml-secret");
        Map<String, String> env = Map.of(StoreDatabase.PASSWORD_VARIABLE, "env-secret");
        StoreDatabase.open(store, env).close();

        StoreDatabase.open(new EksroleConfig.Store(dir, null, "eksrole", null), env).close();
        StoreDatabase.open(new EksroleConfig.Store(dir, null, "eksrole", "env-secret"), Map.of()).close();
        assertThatThrownBy(() -> StoreDatabase.open(store, Map.of()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the store at jdbc:h2:file:")
                .hasMessageContaining("Wrong user name or password")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("yaml-secret", "env-secret"));
    }

    @Test
    void masksPasswordsInJdbcUrls() {
        assertThat(StoreDatabase.redact("jdbc:postgresql://db:5432/eksrole?user=bot&password=s3cr&t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/eksrole?user=bot&password=****&t&ssl=true");
        assertThat(StoreDatabase.redact("jdbc:postgresql://db/eksrole?PASSWORD=x&sslpassword=y"))
                .isEqualTo("jdbc:postgresql://db/eksrole?PASSWORD=****&sslpassword=****");
        assertThat(StoreDatabase.redact("jdbc:h2:tcp://db/eksrole;USER=sa;PASSWORD=x;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:tcp://db/eksrole;USER=sa;PASSWORD=****;MODE=PostgreSQL");
        assertThat(StoreDatabase.redact("jdbc:mysql://bot:s3cret@db:3306/eksrole"))
                .isEqualTo("jdbc:mysql://bot:****@db:3306/eksrole");
        assertThat(StoreDatabase.redact("jdbc:postgresql://db:5432/eksrole"))
                .isEqualTo("jdbc:postgresql://db:5432/eksrole");
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
