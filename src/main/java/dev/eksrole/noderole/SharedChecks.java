package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Checks of one account that overlap in time share one reading: the first asker's check runs (on the caller's
 * thread); whoever asks about the same account while it runs gets the same report when it ends, without a thread
 * of their own waiting and without another round of AWS calls. Fifty people asking about one account during an
 * outage make one check's calls, not fifty.
 *
 * <p>Only questions asked in Slack share; a fix's re-check before it applies, a scan and the CLI call
 * {@link NodeRoleChecker} directly and always read afresh. The shared reading was made with the first asker's
 * session, so CloudTrail names that person's session for the calls of everyone who joined it (see the README).
 */
public final class SharedChecks {

    private final NodeRoleChecker checker;
    private final ConcurrentMap<Account, CompletableFuture<AccountReport>> inFlight = new ConcurrentHashMap<>();

    public SharedChecks(NodeRoleChecker checker) {
        this.checker = requireNonNull(checker, "checker");
    }

    /** A check of {@code account} for {@code requester}, joined to one under way if there is one. */
    public Shared check(Account account, String requester) {
        requireNonNull(account, "account");
        requireNonNull(requester, "requester");
        CompletableFuture<AccountReport> mine = new CompletableFuture<>();
        CompletableFuture<AccountReport> running = inFlight.putIfAbsent(account, mine);
        if (running != null) {
            return new Shared(running, true);
        }
        try {
            mine.complete(checker.check(account, requester));
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
        } finally {
            inFlight.remove(account, mine);
        }
        return new Shared(mine, false);
    }

    /**
     * A check's report to come.
     *
     * @param joined whether it is another asker's reading, still under way when this one asked; when false the report
     *     is already there
     */
    public record Shared(CompletableFuture<AccountReport> report, boolean joined) {
        public Shared {
            requireNonNull(report, "report");
        }
    }
}
