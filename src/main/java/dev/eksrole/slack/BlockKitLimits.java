package dev.eksrole.slack;

import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.TextObject;
import java.util.List;

/** Slack's Block Kit limits (https://api.slack.com/reference/block-kit/blocks); escaping lives in {@link Mrkdwn}. */
final class BlockKitLimits {

    static final int MAX_BLOCKS = 50;
    static final int MAX_SECTION_TEXT = 3000;
    static final int MAX_HEADER_TEXT = 150;
    static final int MAX_CONTEXT_TEXT = 2000;

    private BlockKitLimits() {}

    /** Cuts text of ours (plain, or mrkdwn already made safe) to a limit, saying so at the end; see {@link Mrkdwn#fit}. */
    static String fit(String text, int limit) {
        return Mrkdwn.cut(text, limit);
    }

    /** Foreign text escaped; see {@link Mrkdwn#escape}. */
    static String escape(String text) {
        return Mrkdwn.escape(text);
    }

    /** A mrkdwn code block whose content is escaped and cut, if need be, so that the fence stays closed. */
    static String codeBlock(String content, int limit) {
        String escaped = Mrkdwn.codeBlockContent(content);
        int room = limit - 6;
        if (escaped.length() > room) {
            escaped = escaped.substring(0, Mrkdwn.safeEnd(escaped, room - Mrkdwn.CUT.length())) + Mrkdwn.CUT;
        }
        return "```" + escaped + "```";
    }

    /** Whether Slack takes these blocks: at most 50, and no header, section or context text over its limit. */
    static boolean fits(List<LayoutBlock> blocks) {
        if (blocks.size() > MAX_BLOCKS) {
            return false;
        }
        for (LayoutBlock block : blocks) {
            if (block instanceof HeaderBlock header && length(header.getText()) > MAX_HEADER_TEXT) {
                return false;
            }
            if (block instanceof SectionBlock section && length(section.getText()) > MAX_SECTION_TEXT) {
                return false;
            }
            if (block instanceof ContextBlock context && context.getElements().stream()
                    .anyMatch(e -> e instanceof TextObject text && length(text) > MAX_CONTEXT_TEXT)) {
                return false;
            }
        }
        return true;
    }

    private static int length(TextObject text) {
        if (text instanceof com.slack.api.model.block.composition.MarkdownTextObject m) {
            return m.getText() == null ? 0 : m.getText().length();
        }
        if (text instanceof com.slack.api.model.block.composition.PlainTextObject p) {
            return p.getText() == null ? 0 : p.getText().length();
        }
        return 0;
    }
}
