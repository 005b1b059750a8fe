package dev.eksrole.watch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.noderole.Severity;
import dev.eksrole.store.JdbcPlanStore.Parameters;
import dev.eksrole.store.SqlInstants;
import dev.eksrole.store.StoreException;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The watch's state in the store ({@code watch_state}, {@code watch_account}). The lease is one row changed only by
 * compare-and-set {@code UPDATE}s whose update count is the answer, so the database decides which replica runs a round.
 */
public final class WatchStore {

    private static final String ROW = "drift";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<ObservedFinding>> FINDINGS = new TypeReference<>() {};
    private static final TypeReference<List<String>> LINES = new TypeReference<>() {};

    private final DataSource dataSource;

    @Inject
    public WatchStore(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
    }

    /** The schedule, the lease and the last round. */
    public record State(Instant nextRoundAt, WatchRound lastRound, String holder, Instant leaseExpiresAt) {}

    /** Claims the lease until {@code until}: only when it is free, expired at {@code now}, or already {@code holder}'s. */
    public boolean acquire(String holder, Instant now, Instant until) {
        return update("cannot claim the watch's lease",
                "UPDATE watch_state SET holder = ?, lease_expires_at = ? WHERE id = ? AND (holder = ? OR holder IS NULL OR lease_expires_at < ?)",
                s -> {
                    s.setString(1, holder);
                    SqlInstants.set(s, 2, until);
                    s.setString(3, ROW);
                    s.setString(4, holder);
                    SqlInstants.set(s, 5, now);
                }) == 1;
    }

    /** Extends {@code holder}'s lease; false when it is no longer theirs. */
    public boolean renew(String holder, Instant until) {
        return update("cannot renew the watch's lease", "UPDATE watch_state SET lease_expires_at = ? WHERE id = ? AND holder = ?", s -> {
            SqlInstants.set(s, 1, until);
            s.setString(2, ROW);
            s.setString(3, holder);
        }) == 1;
    }

    /** Frees the lease if {@code holder} has it. */
    public void release(String holder) {
        update("cannot release the watch's lease",
                "UPDATE watch_state SET holder = NULL, lease_expires_at = ? WHERE id = ? AND holder = ?", s -> {
                    SqlInstants.set(s, 1, Instant.EPOCH);
                    s.setString(2, ROW);
                    s.setString(3, holder);
                });
    }

    /** Records a finished round and when the next is due; false when {@code holder} lost the lease meanwhile. */
    public boolean finish(String holder, WatchRound round, Instant next) {
        String changes = json(round.changes());
        return update("cannot record the watch's round", "UPDATE watch_state SET next_round_at = ?, last_started_at = ?, "
                + "last_took_ms = ?, last_accounts = ?, last_changes = ? WHERE id = ? AND holder = ?", s -> {
                    SqlInstants.set(s, 1, next);
                    SqlInstants.set(s, 2, round.startedAt());
                    s.setLong(3, round.took().toMillis());
                    s.setInt(4, round.accounts());
                    s.setString(5, changes);
                    s.setString(6, ROW);
                    s.setString(7, holder);
                }) == 1;
    }

    /** Moves the next round, as {@code holder}. */
    public boolean schedule(String holder, Instant next) {
        return update("cannot schedule the watch's next round", "UPDATE watch_state SET next_round_at = ? WHERE id = ? AND holder = ?",
                s -> {
                    SqlInstants.set(s, 1, next);
                    s.setString(2, ROW);
                    s.setString(3, holder);
                }) == 1;
    }

    public State state() {
        String sql = "SELECT holder, lease_expires_at, next_round_at, last_started_at, last_took_ms, last_accounts, last_changes "
                + "FROM watch_state WHERE id = ?";
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, ROW);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new StoreException("the store has no watch_state row; its schema is not the one eksrole migrated");
                }
                Instant started = SqlInstants.get(row, "last_started_at");
                WatchRound last = started == null ? null : new WatchRound(started, Duration.ofMillis(row.getLong("last_took_ms")),
                        row.getInt("last_accounts"), read(row.getString("last_changes"), LINES));
                return new State(SqlInstants.get(row, "next_round_at"), last, row.getString("holder"),
                        SqlInstants.get(row, "lease_expires_at"));
            }
        } catch (SQLException e) {
            throw StoreException.failed("cannot read the watch's state", e);
        }
    }

    /** What the watch last saw of each account, by account id. */
    public Map<String, AccountState> accounts() {
        String sql = "SELECT account_id, verdict, findings_json, checked_at FROM watch_account";
        Map<String, AccountState> states = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                states.put(row.getString("account_id"), new AccountState(row.getString("account_id"),
                        Severity.valueOf(row.getString("verdict")), read(row.getString("findings_json"), FINDINGS),
                        SqlInstants.get(row, "checked_at")));
            }
            return states;
        } catch (SQLException e) {
            throw StoreException.failed("cannot read what the watch last saw", e);
        }
    }

    /** Records what this round saw of an account, replacing what the last one did. */
    public void save(AccountState state) {
        String findings = json(state.findings());
        Parameters values = s -> {
            s.setString(1, state.verdict().name());
            s.setString(2, findings);
            SqlInstants.set(s, 3, state.checkedAt());
            s.setString(4, state.accountId());
        };
        // the lease makes this round the only writer: an update, else an insert, is enough on both databases
        if (update("cannot record account " + state.accountId(),
                "UPDATE watch_account SET verdict = ?, findings_json = ?, checked_at = ? WHERE account_id = ?", values) == 0) {
            update("cannot record account " + state.accountId(),
                    "INSERT INTO watch_account (verdict, findings_json, checked_at, account_id) VALUES (?, ?, ?, ?)", values);
        }
    }

    private int update(String context, String sql, Parameters parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.set(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.failed(context, e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the watch's state as JSON", e);
        }
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text == null ? "[]" : text, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("the watch's stored state is not readable JSON: " + e.getOriginalMessage());
        }
    }
}
