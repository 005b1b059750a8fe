package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import dev.eksrole.fix.AuditTrail;
import dev.eksrole.fix.FixOffers;
import dev.eksrole.fix.OfferedFix;
import dev.eksrole.metrics.CheckMetrics;
import dev.eksrole.metrics.CheckSource;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.FindingCode;
import dev.eksrole.noderole.SharedChecks;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check asked for in Slack, run on the {@link CheckExecutor}: the verdict goes to the channel; a
 * refused AssumeRole goes only to the asker, with the role and trust to set up.
 */
public final class SlackCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SlackCheck.class);

    private final SharedChecks checks;
    private final CheckExecutor executor;
    private final ResultMessageBuilder messages;
    private final ChannelPoster poster;
    private final FixOffers offers;
    private final AuditTrail audit;
    private final Clock clock;
    private final CheckMetrics metrics;

    @Inject
    public SlackCheck(SharedChecks checks, CheckExecutor executor, ResultMessageBuilder messages, ChannelPoster poster,
            FixOffers offers, AuditTrail audit, Clock clock, CheckMetrics metrics) {
        this.checks = requireNonNull(checks, "checks");
        this.executor = requireNonNull(executor, "executor");
        this.messages = requireNonNull(messages, "messages");
        this.poster = requireNonNull(poster, "poster");
        this.offers = requireNonNull(offers, "offers");
        this.audit = requireNonNull(audit, "audit");
        this.clock = requireNonNull(clock, "clock");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    /**
     * Runs the check on this thread, or, when someone's check of the same account is under way, joins it and returns
     * at once: the report is delivered to this asker, with their own fix offers, when that reading ends, on a pool
     * thread (this one, if the pool is stopping), so no thread waits idle for AWS on a joiner's behalf.
     */
    public void run(Account account, String userId, String channelId, String responseUrl) {
        Instant at = clock.instant();
        long start = System.nanoTime();
        SharedChecks.Shared shared = checks.check(account, userId);
        if (!shared.joined()) {
            deliver(shared.report(), account, userId, channelId, responseUrl, at, start);
            return;
        }
        LOG.debug("check of {} for {} joins one under way", account.id(), userId);
        shared.report().whenComplete((report, error) -> {
            Runnable delivery = () -> deliver(shared.report(), account, userId, channelId, responseUrl, at, start);
            if (!executor.submit(delivery)) {
                delivery.run();
            }
        });
    }

    private void deliver(CompletableFuture<AccountReport> outcome, Account account, String userId, String channelId, String responseUrl,
            Instant at, long start) {
        AccountReport report;
        try {
            report = outcome.join();
        } catch (CompletionException | CancellationException failure) {
            Throwable e = failure.getCause() == null ? failure : failure.getCause();
            LOG.error("check of {} failed", account.id(), e);
            poster.postEphemeral(responseUrl, channelId, userId, SlackMessage.of(Mrkdwn.of(
                    "The check of {} failed unexpectedly ({}). Try again; if it keeps failing, the bot's log has the details.",
                    account.label(), e.getClass().getSimpleName())));
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.check(CheckSource.SLACK, report.verdict(), took);
        boolean accessRefused = report.findings().stream().anyMatch(f -> f.code() == FindingCode.ASSUME_ROLE_FAILED);
        audit.check(userId, report, report.roles().size() + " node role(s); " + report.findings().size() + " account finding(s)");
        List<OfferedFix> fixes = List.of();
        try {
            fixes = accessRefused ? List.of() : offers.offer(report, userId);
        } catch (RuntimeException e) {
            LOG.error("could not store the fixes offered for {}; posting the verdict without Fix buttons", account.id(), e);
        }
        SlackMessage message = messages.build(report, new ResultMessageBuilder.CheckContext(userId, at, took), fixes);
        ChannelPoster.Delivery delivery = accessRefused
                ? poster.postEphemeral(responseUrl, channelId, userId, message)
                : poster.postInChannel(responseUrl, channelId, message);
        LOG.info("check of {} for {}: {} in {} ms, delivered by {}", account.id(), userId, report.verdict(), took.toMillis(), delivery);
    }
}
