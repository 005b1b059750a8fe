package dev.eksrole.slack;

/**
 * Slack's Block Kit limits (https://api.slack.com/reference/block-kit/blocks) and mrkdwn escaping
 * (https://api.slack.com/reference/surfaces/formatting#escaping).
 */
final class BlockKitLimits {

    static final int MAX_BLOCKS = 50;
    static final int MAX_SECTION_TEXT = 3000;
    static final int MAX_HEADER_TEXT = 150;
    static final int MAX_CONTEXT_TEXT = 2000;

    private BlockKitLimits() {}

    /** Cuts text to a limit, saying so at the end. */
    static String fit(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        String marker = "… (cut)";
        return text.substring(0, limit - marker.length()) + marker;
    }

    /** Text from AWS or a policy must not turn into Slack mentions or links. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A mrkdwn code block whose content is escaped and cut, if need be, so that the fence stays closed. */
    static String codeBlock(String content, int limit) {
        String fence = "```";
        return fence + fit(escape(content).replace(fence, "'''"), limit - 2 * fence.length()) + fence;
    }
}
