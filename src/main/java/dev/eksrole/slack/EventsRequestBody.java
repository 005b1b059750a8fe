package dev.eksrole.slack;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a signed request to {@code /slack/events} is, told from its body before Bolt reads it. Slack posts a slash
 * command as a form and an interaction as a form with one field, {@code payload}, holding a JSON object with a
 * {@code type}; nothing else reaches eksrole (its manifest subscribes to no events). Bolt's parser throws on much of
 * what Slack never sends, and logs a body it cannot place whole, verification token and response URL included; so
 * anything not of those shapes is answered here: 400 when it is malformed, a 200 that does nothing for an
 * interaction eksrole has no use for. The reasons never quote the body.
 */
final class EventsRequestBody {

    /** Slack's interaction types are lower-case words; anything else is not worth repeating in a log. */
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z_]{1,40}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private EventsRequestBody() {}

    /** How to answer a signed request. */
    sealed interface Inspection permits ForBolt, Ignored, Malformed {}

    /** One for Bolt: a slash command or a click, as text. */
    record ForBolt(String body, String kind) implements Inspection {}

    /** Acknowledged with 200 and otherwise dropped; {@code reason} is {@code null} when not worth a log line (Slack's SSL check). */
    record Ignored(String reason) implements Inspection {}

    /** Answered 400. */
    record Malformed(String reason) implements Inspection {}

    static Inspection inspect(byte[] raw, String rawQuery) {
        if (rawQuery != null && !rawQuery.isEmpty()) {
            try {
                form(rawQuery);
            } catch (IllegalArgumentException e) {
                return new Malformed("the query string " + e.getMessage());
            }
        }
        String body;
        try {
            body = utf8(raw);
        } catch (IllegalArgumentException e) {
            return new Malformed("the body is not UTF-8");
        }
        String start = body.stripLeading();
        if (start.startsWith("{") || start.startsWith("[")) {
            return new Malformed("a JSON body: eksrole subscribes to no events");
        }
        Map<String, String> fields;
        try {
            fields = form(body);
        } catch (IllegalArgumentException e) {
            return new Malformed("the form body " + e.getMessage());
        }
        if (fields.containsKey("ssl_check")) {
            return new Ignored(null);
        }
        if (fields.containsKey("payload")) {
            return interaction(body, fields);
        }
        if (fields.containsKey("command")) {
            return new ForBolt(body, "slash command");
        }
        return new Malformed("neither a slash command nor an interaction");
    }

    private static Inspection interaction(String body, Map<String, String> fields) {
        if (fields.size() != 1 || !body.startsWith("payload=")) {
            return new Malformed("an interaction with fields besides payload");
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(fields.get("payload"));
        } catch (JsonProcessingException e) {
            return new Malformed("the interaction's payload is not JSON");
        }
        if (payload == null || !payload.isObject()) {
            return new Malformed("the interaction's payload is not a JSON object");
        }
        JsonNode type = payload.get("type");
        if (type == null || !type.isTextual()) {
            return new Malformed("the interaction's payload has no type");
        }
        if (type.asText().equals("block_actions")) {
            return new ForBolt(body, "block_actions interaction");
        }
        return new Ignored(TYPE_NAME.matcher(type.asText()).matches()
                ? "an interaction of type " + type.asText() + ": eksrole has no use for it"
                : "an interaction of a type Slack does not send");
    }

    /**
     * A form ({@code a=1&b=%C3%A9}) decoded strictly: every field has a name and an {@code =}, every escape is two hex
     * digits, every value is UTF-8, no field appears twice.
     *
     * @throws IllegalArgumentException saying what is wrong, never quoting the text
     */
    static Map<String, String> form(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("has a field without a name or an =");
            }
            if (fields.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("has a field twice");
            }
        }
        return fields;
    }

    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 1 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("has a % that is not followed by two hex digits");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isSurrogate(c)) {
                    throw new IllegalArgumentException("has a character that is not escaped");
                }
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return utf8(bytes.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has an escaped value that is not UTF-8");
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }
}
