package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.model.block.LayoutBlock;
import dev.eksrole.fix.FixOffers;
import dev.eksrole.fix.OfferedFix;
import dev.eksrole.watch.Drift;
import dev.eksrole.watch.DriftPosts;
import dev.eksrole.watch.DriftWatch;
import dev.eksrole.watch.WatchTiming;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the drift watch's changes to its channel. A regression or a new finding is the check's own result message,
 * with its Fix buttons (offered as a check's are, so pressing one starts the same approval), under a line that says
 * what changed; a recovery is that line alone.
 */
final class SlackDriftPosts implements DriftPosts {

    private static final Logger LOG = LoggerFactory.getLogger(SlackDriftPosts.class);

    private final ResultMessageBuilder results;
    private final FixOffers offers;
    private final ChannelPoster poster;
    /** The watch's clock, the one its rounds' times come from. */
    private final java.time.Clock clock;

    @Inject
    SlackDriftPosts(ResultMessageBuilder results, FixOffers offers, ChannelPoster poster, WatchTiming timing) {
        this.results = requireNonNull(results, "results");
        this.offers = requireNonNull(offers, "offers");
        this.poster = requireNonNull(poster, "poster");
        this.clock = requireNonNull(timing, "timing").clock();
    }

    @Override
    public boolean post(String channel, Drift drift, Instant roundStartedAt) {
        if (drift.kind() == Drift.Kind.RECOVERED) {
            return poster.postMessage(channel, WatchMessageBuilder.recovery(drift, clock.instant()), null) != null;
        }
        List<OfferedFix> fixes = List.of();
        try {
            fixes = offers.offer(drift.report(), DriftWatch.ACTOR);
        } catch (RuntimeException e) {
            LOG.error("could not store the fixes offered for {}; posting the change without Fix buttons",
                    drift.report().account().id(), e);
        }
        SlackMessage result = results.build(drift.report(), new ResultMessageBuilder.CheckContext(DriftWatch.ACTOR, roundStartedAt,
                Duration.between(roundStartedAt, clock.instant())), fixes);
        LayoutBlock headline = WatchMessageBuilder.headline(drift);
        String text = WatchMessageBuilder.fallback(drift);
        // no response URL: the result and its thread replies go by chat.postMessage, the replies under the result's ts
        if (result.blocks().size() < BlockKitLimits.MAX_BLOCKS) {
            List<LayoutBlock> blocks = new ArrayList<>(result.blocks());
            blocks.add(0, headline);
            return posted(poster.postInChannel(null, channel, new SlackMessage(text, blocks, result.threadReplies())));
        }
        // a result that fills Slack's 50 blocks gets the change line as a message of its own, just before it
        return poster.postMessage(channel, new SlackMessage(text, List.of(headline)), null) != null
                && posted(poster.postInChannel(null, channel, result));
    }

    private static boolean posted(ChannelPoster.Delivery delivery) {
        return delivery == ChannelPoster.Delivery.CHAT_POST_MESSAGE;
    }
}
