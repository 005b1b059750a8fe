package dev.eksrole.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants in {@code TIMESTAMP(3) WITH TIME ZONE} columns. Values are cut to the millisecond here, because
 * PostgreSQL and H2 would otherwise round a finer instant, possibly up, to the column's precision.
 */
public final class SqlInstants {

    private SqlInstants() {
    }

    static Instant toMillis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    public static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(toMillis(instant), ZoneOffset.UTC));
        }
    }

    public static Instant get(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
