package dev.eksrole.slack;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;

/**
 * A message to post: notification text, blocks, and what did not fit, to go into the thread.
 *
 * @param text the plain-text fallback Slack shows in notifications
 */
public record SlackMessage(String text, List<LayoutBlock> blocks, List<SlackMessage> threadReplies) {

    public SlackMessage {
        blocks = List.copyOf(blocks);
        threadReplies = List.copyOf(threadReplies);
    }

    public SlackMessage(String text, List<LayoutBlock> blocks) {
        this(text, blocks, List.of());
    }
}
