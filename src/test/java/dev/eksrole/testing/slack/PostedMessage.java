package dev.eksrole.testing.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A message the bot got Slack to show: a successful {@code chat.postMessage}, {@code chat.postEphemeral},
 * {@code chat.update}, or a POST to a response URL.
 *
 * @param kind one of {@link #POST_MESSAGE}, {@link #POST_EPHEMERAL}, {@link #UPDATE}, {@link #RESPONSE_URL}
 * @param target the channel id for Web API posts, the full response URL otherwise
 * @param body the parameters as sent, with {@code blocks} / {@code attachments} parsed into JSON
 * @param at when the stand-in accepted it
 * @param ts the message ts Slack assigned ({@code chat.postMessage}), the ts updated ({@code chat.update}),
 *           the {@code message_ts} answered ({@code chat.postEphemeral}); null for response URLs
 */
public record PostedMessage(String kind, String target, ObjectNode body, Instant at, String ts) {

    public static final String POST_MESSAGE = "chat.postMessage";
    public static final String POST_EPHEMERAL = "chat.postEphemeral";
    public static final String UPDATE = "chat.update";
    public static final String RESPONSE_URL = "response_url";

    public PostedMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(at, "at");
    }

    /** The {@code text} field, or null when there is none. */
    public String text() {
        JsonNode text = body.get("text");
        return text == null || text.isNull() ? null : text.asText();
    }

    /** The {@code blocks} array, or an empty array when there is none. */
    public JsonNode blocks() {
        JsonNode blocks = body.get("blocks");
        return blocks != null && blocks.isArray() ? blocks : SlackJson.MAPPER.createArrayNode();
    }

    /** Whether {@code fragment} occurs in the text, or in any string anywhere inside blocks or attachments. */
    public boolean containsText(String fragment) {
        String text = text();
        if (text != null && text.contains(fragment)) {
            return true;
        }
        return anyStringContains(body.get("blocks"), fragment) || anyStringContains(body.get("attachments"), fragment);
    }

    /** The {@code response_type} of a response URL post ({@code in_channel} / {@code ephemeral}), else null. */
    public String responseType() {
        JsonNode type = body.get("response_type");
        return type == null ? null : type.asText();
    }

    public String threadTs() {
        JsonNode thread = body.get("thread_ts");
        return thread == null || thread.isNull() ? null : thread.asText();
    }

    /** The value of the first button whose label starts so, e.g. the plan id behind "Fix… create NodeInstanceRole". */
    public String buttonValue(String labelStart) {
        for (JsonNode block : blocks()) {
            if ("actions".equals(block.path("type").asText())) {
                for (JsonNode button : block.path("elements")) {
                    if (button.path("text").path("text").asText().startsWith(labelStart)) {
                        return button.path("value").asText();
                    }
                }
            }
        }
        throw new AssertionError("no button '" + labelStart + "' in " + blocks());
    }

    private static boolean anyStringContains(JsonNode node, String fragment) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return node.asText().contains(fragment);
        }
        for (JsonNode child : node) {
            if (anyStringContains(child, fragment)) {
                return true;
            }
        }
        return false;
    }

    /** A one-line description for failure messages. */
    public String describe() {
        String json = body.toString();
        if (json.length() > 400) {
            json = json.substring(0, 400) + "...";
        }
        return kind + " -> " + target + (ts == null ? "" : " ts=" + ts) + " " + json;
    }
}
