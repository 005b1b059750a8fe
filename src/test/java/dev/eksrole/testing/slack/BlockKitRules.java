package dev.eksrole.testing.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The Block Kit limits Slack enforces on a message's blocks, so the stand-in refuses what Slack would
 * ({@code invalid_blocks}, with Slack's JSON pointers): 50 blocks, 3,000 characters of section text,
 * 150 of header text, 2,000 per context element, 25 buttons, 75 characters of button text, and the
 * confirm dialog's 100/300/30. See https://api.slack.com/reference/block-kit/blocks.
 */
public final class BlockKitRules {

    public static final int MAX_BLOCKS = 50;
    public static final int MAX_SECTION_TEXT = 3000;
    public static final int MAX_HEADER_TEXT = 150;
    public static final int MAX_CONTEXT_TEXT = 2000;

    private BlockKitRules() {}

    /** What Slack would say is wrong with these blocks; empty when it would take them. */
    public static List<String> violations(JsonNode blocks) {
        List<String> errors = new ArrayList<>();
        if (blocks == null || blocks.isNull() || blocks.isMissingNode()) {
            return errors;
        }
        if (!blocks.isArray()) {
            errors.add("must be an array [json-pointer:/blocks]");
            return errors;
        }
        if (blocks.size() > MAX_BLOCKS) {
            errors.add("no more than " + MAX_BLOCKS + " items allowed [json-pointer:/blocks]");
        }
        for (int i = 0; i < blocks.size(); i++) {
            block(blocks.get(i), "/blocks/" + i, errors);
        }
        return errors;
    }

    private static void block(JsonNode block, String at, List<String> errors) {
        switch (block.path("type").asText()) {
            case "header" -> text(block.get("text"), at + "/text", MAX_HEADER_TEXT, true, errors);
            case "section" -> {
                if (!block.has("text") && !block.has("fields")) {
                    errors.add("must provide either text or fields [json-pointer:" + at + "]");
                }
                if (block.has("text")) {
                    text(block.get("text"), at + "/text", MAX_SECTION_TEXT, true, errors);
                }
                JsonNode fields = block.path("fields");
                if (fields.size() > 10) {
                    errors.add("no more than 10 items allowed [json-pointer:" + at + "/fields]");
                }
                for (int i = 0; i < fields.size(); i++) {
                    text(fields.get(i), at + "/fields/" + i, 2000, true, errors);
                }
            }
            case "context" -> {
                JsonNode elements = block.path("elements");
                if (elements.isEmpty() || elements.size() > 10) {
                    errors.add("must have 1 to 10 items [json-pointer:" + at + "/elements]");
                }
                for (int i = 0; i < elements.size(); i++) {
                    text(elements.get(i), at + "/elements/" + i, MAX_CONTEXT_TEXT, true, errors);
                }
            }
            case "actions" -> {
                JsonNode elements = block.path("elements");
                if (elements.isEmpty() || elements.size() > 25) {
                    errors.add("must have 1 to 25 items [json-pointer:" + at + "/elements]");
                }
                for (int i = 0; i < elements.size(); i++) {
                    button(elements.get(i), at + "/elements/" + i, errors);
                }
            }
            case "divider" -> { }
            default -> errors.add("unsupported block type " + block.path("type") + " [json-pointer:" + at + "]");
        }
    }

    private static void button(JsonNode button, String at, List<String> errors) {
        text(button.get("text"), at + "/text", 75, false, errors);
        if (button.path("action_id").asText().length() > 255) {
            errors.add("must be less than 256 characters [json-pointer:" + at + "/action_id]");
        }
        if (button.path("value").asText().length() > 2000) {
            errors.add("must be less than 2001 characters [json-pointer:" + at + "/value]");
        }
        JsonNode confirm = button.get("confirm");
        if (confirm != null) {
            text(confirm.get("title"), at + "/confirm/title", 100, false, errors);
            text(confirm.get("text"), at + "/confirm/text", 300, true, errors);
            text(confirm.get("confirm"), at + "/confirm/confirm", 30, false, errors);
            text(confirm.get("deny"), at + "/confirm/deny", 30, false, errors);
        }
    }

    private static void text(JsonNode text, String at, int limit, boolean mrkdwnAllowed, List<String> errors) {
        if (text == null || !text.isObject()) {
            errors.add("must be a text object [json-pointer:" + at + "]");
            return;
        }
        String type = text.path("type").asText();
        if (!type.equals("plain_text") && !(mrkdwnAllowed && type.equals("mrkdwn"))) {
            errors.add("must be " + (mrkdwnAllowed ? "plain_text or mrkdwn" : "plain_text") + " [json-pointer:" + at + "/type]");
        }
        String value = text.path("text").asText();
        if (value.isEmpty()) {
            errors.add("must be more than 0 characters [json-pointer:" + at + "/text]");
        }
        if (value.length() > limit) {
            errors.add("must be less than " + (limit + 1) + " characters [json-pointer:" + at + "/text]");
        }
    }
}
