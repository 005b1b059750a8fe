package dev.eksrole.store;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The audit trail in the {@code audit_entry} table. Entries are ordered by their generated id, not their time,
 * so entries written in the same millisecond, or by replicas whose clocks disagree, keep the order they were written.
 */
public final class JdbcAuditLog implements AuditLog {

    private final DataSource dataSource;

    @Inject
    public JdbcAuditLog(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void record(AuditEntry entry) {
        requireNonNull(entry, "entry");
        String sql = "INSERT INTO audit_entry (occurred_at, actor, account_id, role_name, action, plan_id, detail, result)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlInstants.set(statement, 1, entry.at());
            statement.setString(2, entry.actor());
            statement.setString(3, entry.accountId());
            statement.setString(4, entry.roleName());
            statement.setString(5, entry.action());
            statement.setString(6, entry.planId());
            statement.setString(7, entry.detail());
            statement.setString(8, entry.result());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.failed("cannot record " + entry.action() + " by " + entry.actor() + " in the audit log", e);
        }
    }

    @Override
    public List<AuditEntry> recent(String accountId, int limit) {
        requireNonNull(accountId, "accountId");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        String sql = "SELECT occurred_at, actor, account_id, role_name, action, plan_id, detail, result FROM audit_entry"
                + " WHERE account_id = ? ORDER BY id DESC LIMIT ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, accountId);
            statement.setInt(2, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new AuditEntry(
                            SqlInstants.get(rows, "occurred_at"),
                            rows.getString("actor"),
                            rows.getString("account_id"),
                            rows.getString("role_name"),
                            rows.getString("action"),
                            rows.getString("plan_id"),
                            rows.getString("detail"),
                            rows.getString("result")));
                }
            }
            return List.copyOf(entries);
        } catch (SQLException e) {
            throw StoreException.failed("cannot read the audit log of account " + accountId, e);
        }
    }
}
