package dev.eksrole.slack;

import com.slack.api.model.block.Blocks;
import com.slack.api.model.block.LayoutBlock;
import java.util.List;

/**
 * A message to post: notification text, blocks, and what did not fit, to go into the thread.
 *
 * @param text the fallback Slack shows in notifications; mrkdwn, so made with {@link Mrkdwn}
 */
public record SlackMessage(String text, List<LayoutBlock> blocks, List<SlackMessage> threadReplies) {

    public SlackMessage {
        blocks = List.copyOf(blocks);
        threadReplies = List.copyOf(threadReplies);
    }

    public SlackMessage(String text, List<LayoutBlock> blocks) {
        this(text, blocks, List.of());
    }

    /** A short reply: the text, and the same text as the one section. */
    public static SlackMessage of(Mrkdwn text) {
        Mrkdwn shown = text.fit(BlockKitLimits.MAX_SECTION_TEXT);
        return new SlackMessage(shown.text(), List.of(Blocks.section(s -> s.text(shown.object()))));
    }
}
