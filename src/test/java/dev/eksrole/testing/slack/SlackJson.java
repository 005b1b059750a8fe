package dev.eksrole.testing.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** JSON, form encoding and the payload shapes shared by the stand-ins. */
final class SlackJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String TEAM_ID = "T0000001";
    static final String TEAM_DOMAIN = "example";
    static final String APP_ID = "A0000001";
    static final String VERIFICATION_TOKEN = "verification-token-0001";

    /** Form parameters that Slack takes as JSON text. */
    private static final Set<String> JSON_PARAMS = Set.of("blocks", "attachments", "metadata");

    private static final SecureRandom RANDOM = new SecureRandom();

    private SlackJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode parseObject(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object: " + abbreviate(json));
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(json), e);
        }
    }

    /** Decodes {@code a=1&b=2}; a repeated name keeps its last value. */
    static Map<String, String> parseForm(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    static String formEncode(Map<String, String> fields) {
        StringJoiner joiner = new StringJoiner("&");
        fields.forEach((name, value) -> joiner.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    /** Form fields as an object of strings, with the JSON-valued parameters parsed when they parse. */
    static ObjectNode formToParams(Map<String, String> form) {
        ObjectNode params = object();
        form.forEach((name, value) -> params.set(name, maybeJson(name, value)));
        return params;
    }

    /** In a JSON body, a JSON-valued parameter given as a string is parsed too. */
    static ObjectNode normaliseJsonParams(ObjectNode params) {
        for (String name : JSON_PARAMS) {
            JsonNode value = params.get(name);
            if (value != null && value.isTextual()) {
                params.set(name, maybeJson(name, value.asText()));
            }
        }
        return params;
    }

    private static JsonNode maybeJson(String name, String value) {
        if (JSON_PARAMS.contains(name)) {
            String trimmed = value.trim();
            if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
                try {
                    return MAPPER.readTree(trimmed);
                } catch (JsonProcessingException e) {
                    // left as text: the test can see exactly what the bot sent
                }
            }
        }
        return MAPPER.getNodeFactory().textNode(value);
    }

    /** The fields of a slash command, in the order Slack sends them. */
    static Map<String, String> slashCommandFields(String command, String text, String userId, String userName,
                                                  String channelId, String responseUrl) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", VERIFICATION_TOKEN);
        fields.put("team_id", TEAM_ID);
        fields.put("team_domain", TEAM_DOMAIN);
        fields.put("channel_id", channelId);
        fields.put("channel_name", channelName(channelId));
        fields.put("user_id", userId);
        fields.put("user_name", userName);
        fields.put("command", command);
        fields.put("text", text == null ? "" : text);
        fields.put("api_app_id", APP_ID);
        fields.put("is_enterprise_install", "false");
        fields.put("response_url", responseUrl);
        fields.put("trigger_id", triggerId());
        return fields;
    }

    static String channelName(String channelId) {
        if (channelId == null) {
            return "";
        }
        if (channelId.startsWith("D")) {
            return "directmessage";
        }
        if (channelId.startsWith("G")) {
            return "privategroup";
        }
        return "channel-" + channelId.toLowerCase(Locale.ROOT);
    }

    static String userName(String userId) {
        return userId == null ? "" : "user-" + userId.toLowerCase(Locale.ROOT);
    }

    static String triggerId() {
        return (1_000_000_000_000L + Math.floorMod(RANDOM.nextLong(), 9_000_000_000_000L)) + "."
                + (1_000_000_000L + RANDOM.nextInt(1_000_000_000)) + "." + hex(16);
    }

    static String hex(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        StringBuilder out = new StringBuilder(bytes * 2);
        for (byte b : raw) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    /** Enough of a token to tell which kind it was, never the secret part. */
    static String redact(String token) {
        if (token == null) {
            return "null";
        }
        int dash = token.indexOf('-');
        return (dash > 0 && dash <= 5 ? token.substring(0, dash + 1) : "") + "***";
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
