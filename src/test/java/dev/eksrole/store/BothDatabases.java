package dev.eksrole.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

/** A migrated store on an H2 file and one in a fresh PostgreSQL database, for a test class to share. */
record BothDatabases(StoreDatabase h2, StoreDatabase postgres) implements AutoCloseable {

    static BothDatabases open(Path h2DataDir, EmbeddedPostgres server) throws SQLException {
        return new BothDatabases(
                StoreDatabase.open(TestDatabases.h2(h2DataDir), Map.of()),
                StoreDatabase.open(TestDatabases.postgres(server, TestDatabases.newPostgresDatabase(server)), Map.of()));
    }

    @Override
    public void close() {
        h2.close();
        postgres.close();
    }
}
