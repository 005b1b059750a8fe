package dev.eksrole.store;

import dev.eksrole.config.EksroleConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** Store settings for the two databases the tests run on, and a clean slate between tests. */
final class TestDatabases {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestDatabases() {
    }

    static EksroleConfig.Store h2(Path dataDir) {
        return new EksroleConfig.Store(dataDir, null, null, null);
    }

    static EksroleConfig.Store postgres(EmbeddedPostgres postgres, String database) {
        return new EksroleConfig.Store(Path.of("unused"), postgresUrl(postgres, database), "postgres", null);
    }

    static String postgresUrl(EmbeddedPostgres postgres, String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    /** A new, empty database on the embedded server, for tests that need one to themselves. */
    static String newPostgresDatabase(EmbeddedPostgres postgres) throws SQLException {
        String name = "eksrole_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    static void emptyTables(StoreDatabase database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM plan");
            statement.execute("DELETE FROM audit_entry");
        }
    }
}
