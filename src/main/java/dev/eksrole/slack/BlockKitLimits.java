package dev.eksrole.slack;

/** Slack's Block Kit limits (https://api.slack.com/reference/block-kit/blocks). */
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

    /** A mrkdwn code block whose content is cut, if need be, so that the fence stays closed. */
    static String codeBlock(String content, int limit) {
        String fence = "```";
        return fence + fit(content.replace(fence, "'''"), limit - 2 * fence.length()) + fence;
    }
}
