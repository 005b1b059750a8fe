package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static dev.eksrole.slack.BlockKitLimits.MAX_SECTION_TEXT;
import static dev.eksrole.slack.BlockKitLimits.fit;

import com.slack.api.model.block.LayoutBlock;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.AccountScanner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code /eksrole scan} message: live progress while accounts come in, then one line per account. */
public final class ScanMessageBuilder {

    /** Sections of account lines at most, under Slack's 50 blocks with the header and context. */
    static final int MAX_LINE_SECTIONS = 45;

    public SlackMessage progress(int done, int total, List<AccountReport> sofar) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(":hourglass_flowing_sand: Scanning " + total + " account" + (total == 1 ? "" : "s")
                + "… " + done + " of " + total + " done", true))));
        blocks.addAll(lines(sofar));
        return new SlackMessage("Scanning " + total + " accounts: " + done + " done", blocks);
    }

    public SlackMessage summary(List<AccountReport> reports, String requesterId, Instant at, Duration took) {
        var verdict = AccountScanner.verdict(reports);
        long attention = reports.stream().filter(r -> r.verdict() != dev.eksrole.noderole.Severity.OK).count();
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(fit(ResultMessageBuilder.emoji(verdict) + " Scan · " + reports.size() + " account"
                + (reports.size() == 1 ? "" : "s") + " · worst " + verdict.name(), BlockKitLimits.MAX_HEADER_TEXT), true))));
        blocks.addAll(lines(reports));
        Mrkdwn next = attention == 0 ? Mrkdwn.of("") : Mrkdwn.of(" · `/eksrole check {}` for details and fixes", "<account>");
        Mrkdwn asked = Mrkdwn.of("Asked by {} · {} · took {} · {} need attention{}", Mrkdwn.user(requesterId), Mrkdwn.date(at),
                String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0), attention, next).fit(BlockKitLimits.MAX_CONTEXT_TEXT);
        blocks.add(context(c -> c.elements(List.of(asked.object()))));
        return new SlackMessage(verdict.name() + ": scan of " + reports.size() + " accounts, " + attention + " need attention", blocks);
    }

    /**
     * {@code · 3 clusters, 2 cluster findings}: how many clusters the check read in the account and what it found
     * in them; nothing where no region is configured, and "not read" where they could not be listed.
     */
    static Mrkdwn clusterCounts(AccountReport report) {
        if (report.regions().isEmpty()) {
            return Mrkdwn.of("");
        }
        List<String> notRead = report.regionsNotRead();
        if (notRead.size() == report.regions().size()) {
            return Mrkdwn.of(" · clusters not read");
        }
        int clusters = report.clusters().size();
        long findings = report.clusters().stream().mapToLong(c -> c.findings().size()).sum();
        Mrkdwn counts = Mrkdwn.of(" · {} cluster" + (clusters == 1 ? "" : "s") + ", {} cluster finding" + (findings == 1 ? "" : "s"),
                clusters, findings);
        return notRead.isEmpty() ? counts : counts.plus(Mrkdwn.of(" (clusters in {} not read)", String.join(", ", notRead)));
    }

    private static List<LayoutBlock> lines(List<AccountReport> reports) {
        List<String> lines = new ArrayList<>();
        for (AccountReport report : reports) {
            String codes = report.allFindings().stream().map(f -> f.code().name()).distinct().collect(Collectors.joining(", "));
            Mrkdwn line = Mrkdwn.of(ResultMessageBuilder.emoji(report.verdict()) + " *{}* {} {} · {}", report.account().name(),
                    Mrkdwn.code(report.account().id()), report.account().partition().id(), report.verdict().name());
            line = line.plus(clusterCounts(report));
            lines.add((codes.isEmpty() ? line : line.plus(Mrkdwn.of(" · {}", codes))).text());
        }
        List<LayoutBlock> blocks = new ArrayList<>();
        List<String> chunks = ApprovalMessageBuilder.chunks(lines, MAX_SECTION_TEXT);
        for (String chunk : chunks.subList(0, Math.min(chunks.size(), MAX_LINE_SECTIONS))) {
            if (!chunk.isEmpty()) {
                blocks.add(section(s -> s.text(Mrkdwn.trusted(chunk).object())));
            }
        }
        if (chunks.size() > MAX_LINE_SECTIONS) {
            blocks.add(section(s -> s.text(Mrkdwn.of("… and more accounts than one message can hold; "
                    + "`eksrole scan` in a terminal lists them all.").object())));
        }
        return blocks;
    }
}
