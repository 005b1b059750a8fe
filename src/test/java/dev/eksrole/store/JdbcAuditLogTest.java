package dev.eksrole.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on an H2 file and on PostgreSQL. */
@ExtendWith(SharedPostgres.class)
class JdbcAuditLogTest {

    @TempDir
    static Path h2Dir;

    private static BothDatabases databases;

    @BeforeAll
    static void openDatabases(EmbeddedPostgres postgres) throws Exception {
        databases = BothDatabases.open(h2Dir, postgres);
    }

    @AfterAll
    static void closeDatabases() {
        databases.close();
    }

    @Nested
    class OnH2File extends AuditLogCases {
        @Override
        StoreDatabase database() {
            return databases.h2();
        }
    }

    @Nested
    class OnPostgres extends AuditLogCases {
        @Override
        StoreDatabase database() {
            return databases.postgres();
        }
    }
}
