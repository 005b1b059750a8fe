package dev.eksrole.approval;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;
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

    private static ApprovalDatabase h2;
    private static ApprovalDatabase postgresDatabase;

    @BeforeAll
    static void openDatabases(EmbeddedPostgres postgres) throws Exception {
        h2 = ApprovalDatabase.open(TestDatabases.h2(h2Dir), Map.of());
        postgresDatabase = ApprovalDatabase.open(
                TestDatabases.postgres(postgres, TestDatabases.newPostgresDatabase(postgres)), Map.of());
    }

    @AfterAll
    static void closeDatabases() {
        h2.close();
        postgresDatabase.close();
    }

    @Nested
    class OnH2File extends AuditLogCases {
        @Override
        ApprovalDatabase database() {
            return h2;
        }
    }

    @Nested
    class OnPostgres extends AuditLogCases {
        @Override
        ApprovalDatabase database() {
            return postgresDatabase;
        }
    }
}
