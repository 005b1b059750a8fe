package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import dev.eksrole.config.AccountDirectory;
import dev.eksrole.fix.AuditTrail;
import dev.eksrole.metrics.CheckMetrics;
import dev.eksrole.metrics.CheckSource;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.AccountScanner;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /eksrole scan}: every account, with a message the channel sees filling in as accounts complete. */
public final class SlackScan {

    private static final Logger LOG = LoggerFactory.getLogger(SlackScan.class);
    /** Slack allows about one update a second per message. */
    static final Duration UPDATE_EVERY = Duration.ofSeconds(1);

    private final AccountDirectory accounts;
    private final AccountScanner scanner;
    private final ChannelPoster poster;
    private final ScanMessageBuilder messages;
    private final AuditTrail audit;
    private final Clock clock;
    private final CheckMetrics metrics;

    @Inject
    public SlackScan(AccountDirectory accounts, AccountScanner scanner, ChannelPoster poster, ScanMessageBuilder messages,
            AuditTrail audit, Clock clock, CheckMetrics metrics) {
        this.accounts = requireNonNull(accounts, "accounts");
        this.scanner = requireNonNull(scanner, "scanner");
        this.poster = requireNonNull(poster, "poster");
        this.messages = requireNonNull(messages, "messages");
        this.audit = requireNonNull(audit, "audit");
        this.clock = requireNonNull(clock, "clock");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    public void run(String userId, String channelId, String responseUrl) {
        var all = accounts.all();
        Instant at = clock.instant();
        long start = System.nanoTime();
        // a message to update needs its ts, which only chat.postMessage gives; without it, only the summary is posted
        String ts = poster.postMessage(channelId, messages.progress(0, all.size(), List.of()), null);
        List<AccountReport> sofar = new ArrayList<>();
        long[] lastUpdate = {System.nanoTime()};
        List<AccountReport> reports;
        try {
            reports = scanner.scan(all, userId, report -> {
                sofar.add(report);
                audit.check(userId, report, "scan");
                if (ts != null && System.nanoTime() - lastUpdate[0] > UPDATE_EVERY.toNanos() && sofar.size() < all.size()) {
                    lastUpdate[0] = System.nanoTime();
                    poster.update(channelId, ts, null, messages.progress(sofar.size(), all.size(), sofar));
                }
            });
        } catch (RuntimeException e) {
            LOG.error("scan for {} stopped", userId, e);
            SlackMessage stopped = SlackMessage.of(Mrkdwn.of(":x: The scan stopped after {} of {} accounts ({}). "
                    + "Run `/eksrole scan` again, or check accounts one by one.", sofar.size(), all.size(), e.getClass().getSimpleName()));
            if (ts == null || poster.update(channelId, ts, null, stopped) == ChannelPoster.Delivery.NOT_DELIVERED) {
                poster.postEphemeral(responseUrl, channelId, userId, stopped);
            }
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.scan(CheckSource.SLACK, reports, took);
        SlackMessage summary = messages.summary(reports, userId, at, took);
        ChannelPoster.Delivery delivery = ts != null
                ? poster.update(channelId, ts, null, summary)
                : poster.postInChannel(responseUrl, channelId, summary);
        LOG.info("scan of {} accounts for {}: {}, delivered by {}", all.size(), userId, AccountScanner.verdict(reports), delivery);
    }
}
