package dev.eksrole.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What Slack sends the bot when someone types a command or presses a button, built in Slack's shapes and signed with
 * the demo's signing secret ({@code v0=} HMAC-SHA256 of {@code v0:<timestamp>:<body>}), so that the bot's own
 * signature check lets them in exactly as it lets Slack's in.
 */
final class DemoRequests {

    static final String TEAM_ID = "T0DEMO0001";
    static final String TEAM_DOMAIN = "eksrole-demo";
    static final String APP_ID = "A0DEMO0001";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The bot's answer to a request: its acknowledgement, which may carry an ephemeral reply. */
    record Answer(int status, String body) {}

    private final String signingSecret;
    private final URI eventsUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    DemoRequests(String signingSecret, URI eventsUrl) {
        this.signingSecret = requireNonNull(signingSecret, "signingSecret");
        this.eventsUrl = requireNonNull(eventsUrl, "eventsUrl");
    }

    /** {@code /eksrole <text>} typed by a person in the channel. */
    Answer command(Person person, String text, String responseUrl) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "demo-verification-token");
        fields.put("team_id", TEAM_ID);
        fields.put("team_domain", TEAM_DOMAIN);
        fields.put("channel_id", DemoChannel.ID);
        fields.put("channel_name", DemoChannel.NAME);
        fields.put("user_id", person.id());
        fields.put("user_name", userName(person));
        fields.put("command", "/eksrole");
        fields.put("text", text);
        fields.put("api_app_id", APP_ID);
        fields.put("is_enterprise_install", "false");
        fields.put("response_url", responseUrl);
        fields.put("trigger_id", triggerId());
        StringJoiner form = new StringJoiner("&");
        fields.forEach((name, value) -> form.add(encode(name) + "=" + encode(value)));
        return send(form.toString());
    }

    /** A button pressed on a message of the bot's; the bot trusts nothing in it but what it checks again itself. */
    Answer click(Person person, DemoChannel.Message message, String actionId, String value, String responseUrl) throws IOException {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", "block_actions");
        ObjectNode user = payload.putObject("user");
        user.put("id", person.id());
        user.put("username", userName(person));
        user.put("name", userName(person));
        user.put("team_id", TEAM_ID);
        payload.put("api_app_id", APP_ID);
        payload.put("token", "demo-verification-token");
        ObjectNode container = payload.putObject("container");
        container.put("type", "message");
        container.put("message_ts", message.ts());
        container.put("channel_id", DemoChannel.ID);
        container.put("is_ephemeral", message.visibleTo() != null);
        payload.put("trigger_id", triggerId());
        payload.putObject("team").put("id", TEAM_ID).put("domain", TEAM_DOMAIN);
        payload.putNull("enterprise");
        payload.put("is_enterprise_install", false);
        payload.putObject("channel").put("id", DemoChannel.ID).put("name", DemoChannel.NAME);
        ObjectNode posted = payload.putObject("message");
        posted.put("type", "message");
        posted.put("user", DemoChannel.BOT_USER);
        posted.put("bot_id", DemoChannel.BOT_ID);
        posted.put("ts", message.ts());
        posted.put("text", message.text());
        // the bot reads nothing of the message from a click; Slack's copy of its blocks is left out
        posted.putArray("blocks");
        payload.putObject("state").putObject("values");
        payload.put("response_url", responseUrl);
        ObjectNode action = payload.putArray("actions").addObject();
        action.put("action_id", actionId);
        action.put("block_id", "demo-" + message.ts());
        action.put("value", value);
        action.put("type", "button");
        action.put("action_ts", Instant.now().getEpochSecond() + ".000000");
        return send("payload=" + encode(payload.toString()));
    }

    private Answer send(String body) throws IOException {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(eventsUrl)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", signature(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the bot answered", e);
        }
    }

    private String signature(long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static String userName(Person person) {
        return person.name().toLowerCase(java.util.Locale.ROOT).replace(' ', '.');
    }

    private static String triggerId() {
        return Instant.now().toEpochMilli() + ".demo";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
