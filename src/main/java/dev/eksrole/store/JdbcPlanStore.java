package dev.eksrole.store;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Plans in the {@code plan} table. Each change of status is one {@code UPDATE} guarded by the expected status
 * (and expiry, holder or heartbeat); its update count is the answer, so the database decides which of several
 * concurrent callers, in this process or another, wins.
 */
public final class JdbcPlanStore implements PlanStore {

    /** The statuses {@link #transition} may set; APPLYING is reached only through approve and resume. */
    private static final Set<PlanStatus> TRANSITION_TARGETS = EnumSet.of(
            PlanStatus.REJECTED, PlanStatus.EXPIRED, PlanStatus.SUPERSEDED, PlanStatus.APPLIED, PlanStatus.FAILED, PlanStatus.SPLIT);
    /** How an apply may end. */
    private static final Set<PlanStatus> FINISH_TARGETS = EnumSet.of(PlanStatus.APPLIED, PlanStatus.FAILED, PlanStatus.SUPERSEDED);
    /** When an APPLYING plan last showed life: its heartbeat, else (a plan from before heartbeats) its approve or resume. */
    private static final String LAST_BEAT = "COALESCE(heartbeat_at, decided_at, created_at)";

    private static final String COLUMNS = "id, account_id, kind, role_name, plan_json, status, requested_by,"
            + " created_at, expires_at, decided_by, decided_at, channel_id, message_ts, result_json";

    private final DataSource dataSource;

    @Inject
    public JdbcPlanStore(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void insert(PlanRecord plan) {
        requireNonNull(plan, "plan");
        String sql = "INSERT INTO plan (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, plan.id());
            statement.setString(2, plan.accountId());
            statement.setString(3, plan.kind());
            statement.setString(4, plan.roleName());
            statement.setString(5, plan.planJson());
            statement.setString(6, plan.status().name());
            statement.setString(7, plan.requestedBy());
            SqlInstants.set(statement, 8, plan.createdAt());
            SqlInstants.set(statement, 9, plan.expiresAt());
            statement.setString(10, plan.decidedBy());
            SqlInstants.set(statement, 11, plan.decidedAt());
            statement.setString(12, plan.channelId());
            statement.setString(13, plan.messageTs());
            statement.setString(14, plan.resultJson());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.failed("cannot insert plan " + plan.id(), e);
        }
    }

    @Override
    public Optional<PlanRecord> find(String id) {
        requireNonNull(id, "id");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM plan WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(plan(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw StoreException.failed("cannot read plan " + id, e);
        }
    }

    @Override
    public boolean request(String id, String requestedBy, Instant now, Instant expiresAt) {
        requireNonNull(id, "id");
        requireNonNull(requestedBy, "requestedBy");
        requireNonNull(now, "now");
        requireNonNull(expiresAt, "expiresAt");
        return changed("cannot request plan " + id,
                "UPDATE plan SET status = ?, requested_by = ?, expires_at = ? WHERE id = ? AND status = ? AND expires_at > ?",
                statement -> {
                    statement.setString(1, PlanStatus.PENDING.name());
                    statement.setString(2, requestedBy);
                    SqlInstants.set(statement, 3, expiresAt);
                    statement.setString(4, id);
                    statement.setString(5, PlanStatus.OFFERED.name());
                    SqlInstants.set(statement, 6, now);
                });
    }

    @Override
    public boolean approve(String id, String approver, String holder, Instant now) {
        requireNonNull(approver, "approver");
        requireNonNull(holder, "holder");
        return move("cannot approve plan " + id, id, PlanStatus.PENDING, PlanStatus.APPLYING, approver, holder, now, true);
    }

    @Override
    public boolean resume(String id, String actor, String holder, Instant now) {
        requireNonNull(actor, "actor");
        requireNonNull(holder, "holder");
        return move("cannot resume plan " + id, id, PlanStatus.FAILED, PlanStatus.APPLYING, actor, holder, now, false);
    }

    @Override
    public boolean heartbeat(String id, String holder, Instant now) {
        requireNonNull(id, "id");
        requireNonNull(holder, "holder");
        requireNonNull(now, "now");
        return changed("cannot refresh the heartbeat of plan " + id,
                "UPDATE plan SET heartbeat_at = ? WHERE id = ? AND status = ? AND held_by = ?", statement -> {
                    SqlInstants.set(statement, 1, now);
                    statement.setString(2, id);
                    statement.setString(3, PlanStatus.APPLYING.name());
                    statement.setString(4, holder);
                });
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code to} is not APPLIED, FAILED or SUPERSEDED
     */
    @Override
    public boolean finish(String id, String holder, PlanStatus to) {
        requireNonNull(id, "id");
        requireNonNull(holder, "holder");
        requireNonNull(to, "to");
        if (!FINISH_TARGETS.contains(to)) {
            throw new IllegalArgumentException("an apply cannot end as " + to + "; allowed: " + FINISH_TARGETS);
        }
        return changed("cannot end the apply of plan " + id + " as " + to,
                "UPDATE plan SET status = ? WHERE id = ? AND held_by = ? AND status IN (?, ?)", statement -> {
                    statement.setString(1, to.name());
                    statement.setString(2, id);
                    statement.setString(3, holder);
                    statement.setString(4, PlanStatus.APPLYING.name());
                    statement.setString(5, PlanStatus.FAILED.name());
                });
    }

    @Override
    public boolean failStale(String id, Instant beatBefore) {
        requireNonNull(id, "id");
        requireNonNull(beatBefore, "beatBefore");
        return changed("cannot make interrupted plan " + id + " resumable",
                "UPDATE plan SET status = ? WHERE id = ? AND status = ? AND " + LAST_BEAT + " < ?", statement -> {
                    statement.setString(1, PlanStatus.FAILED.name());
                    statement.setString(2, id);
                    statement.setString(3, PlanStatus.APPLYING.name());
                    SqlInstants.set(statement, 4, beatBefore);
                });
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code to} is not one of the statuses listed above
     */
    @Override
    public boolean transition(String id, PlanStatus from, PlanStatus to, String actor, Instant now) {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        if (!TRANSITION_TARGETS.contains(to)) {
            throw new IllegalArgumentException("a plan cannot be moved to " + to + " with transition; allowed: "
                    + TRANSITION_TARGETS);
        }
        return move("cannot move plan " + id + " from " + from + " to " + to, id, from, to, actor, null, now, false);
    }

    @Override
    public void saveResult(String id, String resultJson) {
        requireNonNull(id, "id");
        String context = "cannot save the result of plan " + id;
        boolean saved = changed(context, "UPDATE plan SET result_json = ? WHERE id = ?", statement -> {
            statement.setString(1, resultJson);
            statement.setString(2, id);
        });
        if (!saved) {
            throw new StoreException(context + ": no such plan");
        }
    }

    @Override
    public void saveMessage(String id, String channelId, String messageTs) {
        requireNonNull(id, "id");
        String context = "cannot save the approval message of plan " + id;
        boolean saved = changed(context, "UPDATE plan SET channel_id = ?, message_ts = ? WHERE id = ?", statement -> {
            statement.setString(1, channelId);
            statement.setString(2, messageTs);
            statement.setString(3, id);
        });
        if (!saved) {
            throw new StoreException(context + ": no such plan");
        }
    }

    @Override
    public List<PlanRecord> expired(PlanStatus status, Instant now, int limit) {
        requireNonNull(status, "status");
        return select("cannot list expired " + status + " plans",
                "SELECT " + COLUMNS + " FROM plan WHERE status = ? AND expires_at <= ? ORDER BY expires_at, id LIMIT ?",
                status, now, limit);
    }

    @Override
    public List<PlanRecord> staleApplying(Instant beatBefore, int limit) {
        return select("cannot list plans being applied",
                "SELECT " + COLUMNS + " FROM plan WHERE status = ? AND " + LAST_BEAT + " < ? ORDER BY " + LAST_BEAT + ", id LIMIT ?",
                PlanStatus.APPLYING, beatBefore, limit);
    }

    @Override
    public int count(PlanStatus status) {
        requireNonNull(status, "status");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM plan WHERE status = ?")) {
            statement.setString(1, status.name());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw StoreException.failed("cannot count " + status + " plans", e);
        }
    }

    private List<PlanRecord> select(String context, String sql, PlanStatus status, Instant at, int limit) {
        requireNonNull(at, "at");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, status.name());
            SqlInstants.set(statement, 2, at);
            statement.setInt(3, limit);
            List<PlanRecord> plans = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plans.add(plan(rows));
                }
            }
            return List.copyOf(plans);
        } catch (SQLException e) {
            throw StoreException.failed(context, e);
        }
    }

    /**
     * The one compare-and-set behind approve, resume and transition: {@code from} → {@code to}, recording the
     * actor as the decider when there is one, the holder of a new apply with its first heartbeat when there is
     * one, and only before the expiry when {@code unexpired}.
     */
    private boolean move(String context, String id, PlanStatus from, PlanStatus to, String actor, String holder, Instant now,
            boolean unexpired) {
        requireNonNull(id, "id");
        requireNonNull(now, "now");
        String sql = "UPDATE plan SET status = ?" + (actor == null ? "" : ", decided_by = ?, decided_at = ?")
                + (holder == null ? "" : ", held_by = ?, heartbeat_at = ?")
                + " WHERE id = ? AND status = ?" + (unexpired ? " AND expires_at > ?" : "");
        return changed(context, sql, statement -> {
            int index = 1;
            statement.setString(index++, to.name());
            if (actor != null) {
                statement.setString(index++, actor);
                SqlInstants.set(statement, index++, now);
            }
            if (holder != null) {
                statement.setString(index++, holder);
                SqlInstants.set(statement, index++, now);
            }
            statement.setString(index++, id);
            statement.setString(index++, from.name());
            if (unexpired) {
                SqlInstants.set(statement, index, now);
            }
        });
    }

    private boolean changed(String context, String sql, Parameters parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.set(statement);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StoreException.failed(context, e);
        }
    }

    private static PlanRecord plan(ResultSet row) throws SQLException {
        String id = row.getString("id");
        String status = row.getString("status");
        PlanStatus planStatus;
        try {
            planStatus = PlanStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new StoreException("plan " + id + " has an unknown status " + status, e);
        }
        return new PlanRecord(
                id,
                row.getString("account_id"),
                row.getString("kind"),
                row.getString("role_name"),
                row.getString("plan_json"),
                planStatus,
                row.getString("requested_by"),
                SqlInstants.get(row, "created_at"),
                SqlInstants.get(row, "expires_at"),
                row.getString("decided_by"),
                SqlInstants.get(row, "decided_at"),
                row.getString("channel_id"),
                row.getString("message_ts"),
                row.getString("result_json"));
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    public interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }
}
