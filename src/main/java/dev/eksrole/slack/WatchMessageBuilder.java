package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.section;

import com.slack.api.model.block.LayoutBlock;
import dev.eksrole.config.WatchSettings;
import dev.eksrole.fix.HumanDuration;
import dev.eksrole.watch.Drift;
import dev.eksrole.watch.ObservedFinding;
import dev.eksrole.watch.WatchRound;
import dev.eksrole.watch.WatchStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The drift watch's words: the line above a changed account's result, a recovery, and {@code /eksrole watch}. */
final class WatchMessageBuilder {

    /** How many new or resolved findings a line names before it says "and N more". */
    static final int MAX_LISTED = 5;

    private WatchMessageBuilder() {}

    /** The section above the account's result: what changed since the last round. */
    static LayoutBlock headline(Drift drift) {
        String account = drift.report().account().label();
        Mrkdwn what = switch (drift.kind()) {
            case FIRST_LOOK -> Mrkdwn.of(":eyes: *Drift watch* · first look at {}: {}.", account, drift.verdict().name());
            case REGRESSED -> Mrkdwn.of(":rotating_light: *Drift watch* · {} went from {} to {}.", account, drift.was().name(),
                    drift.verdict().name());
            case NEW_FINDING -> Mrkdwn.of(":rotating_light: *Drift watch* · {} has a new finding ({}).", account,
                    drift.verdict().name());
            case RECOVERED -> Mrkdwn.of(":white_check_mark: *Drift watch* · {} is OK again (was {}).", account, drift.was().name());
        };
        List<Mrkdwn> lines = new ArrayList<>(List.of(what));
        if (drift.kind() != Drift.Kind.FIRST_LOOK) {
            listed("New", drift.added()).ifPresent(lines::add);
        }
        listed("Resolved", drift.gone()).ifPresent(lines::add);
        Mrkdwn text = Mrkdwn.join("\n", lines).fit(BlockKitLimits.MAX_SECTION_TEXT);
        return section(s -> s.text(text.object()));
    }

    private static java.util.Optional<Mrkdwn> listed(String label, List<ObservedFinding> findings) {
        if (findings.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<Mrkdwn> items = new ArrayList<>();
        findings.stream().limit(MAX_LISTED).forEach(f -> items.add(Mrkdwn.code(f.describe())));
        int rest = findings.size() - MAX_LISTED;
        Mrkdwn more = rest > 0 ? Mrkdwn.of(" and {} more", rest) : Mrkdwn.of("");
        return java.util.Optional.of(Mrkdwn.of("*" + label + ":* {}{}", Mrkdwn.join(", ", items), more));
    }

    /** A recovery: the line, with the context of the round. */
    static SlackMessage recovery(Drift drift, Instant at) {
        List<LayoutBlock> blocks = List.of(headline(drift), com.slack.api.model.block.Blocks.context(c -> c.elements(List.of(
                Mrkdwn.of("Checked by the drift watch · {}", Mrkdwn.date(at)).object()))));
        return new SlackMessage(fallback(drift), blocks);
    }

    static String fallback(Drift drift) {
        return Mrkdwn.of("Drift watch: {} is {}{}", drift.report().account().label(), drift.verdict().name(),
                drift.was() == null ? "" : Mrkdwn.of(" (was {})", drift.was().name())).text();
    }

    /** {@code /eksrole watch} when the config has no {@code watch:}. */
    static SlackMessage off(Mrkdwn command) {
        return SlackMessage.of(Mrkdwn.of("The drift watch is off. To turn it on, add to the config\n"
                + "`watch: {every: 6h, channel: C0123456789}`\n"
                + "(the channel's id, with the bot invited; `accounts: [prod-eu, …]` to watch only some) and restart eksrole. "
                + "It then checks the accounts on that schedule and posts only what changed. `{} help` lists the commands.", command));
    }

    /** {@code /eksrole watch}: the schedule, the last round and what it found, and the next. */
    static SlackMessage status(WatchSettings settings, WatchStore.State state, Instant now) {
        List<Mrkdwn> lines = new ArrayList<>();
        lines.add(Mrkdwn.of("*Drift watch* · every {} · posts to {} · {} account" + (settings.accounts().size() == 1 ? "" : "s")
                + ": {}", HumanDuration.format(settings.every()), channel(settings.channel()), settings.accounts().size(),
                ServeSummary.names(settings.accounts())));
        WatchRound last = state.lastRound();
        if (last == null) {
            lines.add(Mrkdwn.of("*Last round:* none yet."));
        } else {
            lines.add(Mrkdwn.of("*Last round:* {} · took {} · {} account" + (last.accounts() == 1 ? "" : "s") + " · {}",
                    Mrkdwn.date(last.startedAt()), String.format(Locale.ROOT, "%.1f s", last.took().toMillis() / 1000.0),
                    last.accounts(), last.changes().isEmpty() ? "nothing changed" : last.changes().size() + " change"
                            + (last.changes().size() == 1 ? "" : "s") + " posted"));
            last.changes().stream().limit(MAX_LISTED * 2).forEach(change -> lines.add(Mrkdwn.of("• {}", change)));
        }
        Instant next = state.nextRoundAt();
        lines.add(next == null || !next.isAfter(now)
                ? Mrkdwn.of("*Next round:* due now.")
                : Mrkdwn.of("*Next round:* {} (in {}).", Mrkdwn.date(next), HumanDuration.format(java.time.Duration.between(now, next))));
        return SlackMessage.of(Mrkdwn.join("\n", lines));
    }

    private static Mrkdwn channel(String id) {
        return SlackIdShape.CHANNEL.matches(id) ? Mrkdwn.trusted("<#" + id + ">") : Mrkdwn.code(id);
    }
}
