package dev.eksrole.testing.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds the requests Slack sends to an app's HTTP endpoint (slash commands, block actions) and sends them
 * signed the way Slack signs them: {@code X-Slack-Request-Timestamp: <unix seconds>} and
 * {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>" keyed with the signing secret>}.
 */
public final class SignedSlackRequests {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicLong ACTION_SEQUENCE = new AtomicLong();

    private final String signingSecret;
    private final URI eventsUrl;
    private final HttpClient http;

    public SignedSlackRequests(String signingSecret, URI eventsUrl) {
        this.signingSecret = Objects.requireNonNull(signingSecret, "signingSecret");
        this.eventsUrl = Objects.requireNonNull(eventsUrl, "eventsUrl");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public URI eventsUrl() {
        return eventsUrl;
    }

    // ---------------------------------------------------------------- bodies

    /** The form body of a slash command, with the fields Slack sends in the order it sends them. */
    public String slashCommandBody(String command, String text, String userId, String userName, String channelId,
                                   String responseUrl) {
        return SlackJson.formEncode(SlackJson.slashCommandFields(command, text, userId, userName, channelId, responseUrl));
    }

    /** {@code payload=<url-encoded JSON>}, as Slack posts interactions. */
    public String blockActionsBody(ObjectNode payload) {
        return "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8);
    }

    /** A {@code block_actions} payload for a button click on a message the app posted. */
    public ObjectNode blockActionPayload(String actionId, String value, String userId, String channelId,
                                         String messageTs, String responseUrl) {
        String userName = SlackJson.userName(userId);
        ObjectNode payload = SlackJson.object();
        payload.put("type", "block_actions");
        ObjectNode user = payload.putObject("user");
        user.put("id", userId);
        user.put("username", userName);
        user.put("name", userName);
        user.put("team_id", SlackJson.TEAM_ID);
        payload.put("api_app_id", SlackJson.APP_ID);
        payload.put("token", SlackJson.VERIFICATION_TOKEN);
        ObjectNode container = payload.putObject("container");
        container.put("type", "message");
        container.put("message_ts", messageTs);
        container.put("channel_id", channelId);
        container.put("is_ephemeral", false);
        payload.put("trigger_id", SlackJson.triggerId());
        ObjectNode team = payload.putObject("team");
        team.put("id", SlackJson.TEAM_ID);
        team.put("domain", SlackJson.TEAM_DOMAIN);
        payload.putNull("enterprise");
        payload.put("is_enterprise_install", false);
        ObjectNode channel = payload.putObject("channel");
        channel.put("id", channelId);
        channel.put("name", SlackJson.channelName(channelId));
        ObjectNode message = payload.putObject("message");
        message.put("type", "message");
        message.put("user", SlackStandIn.BOT_USER_ID);
        message.put("bot_id", SlackStandIn.BOT_ID);
        message.put("ts", messageTs);
        message.put("text", "");
        message.putArray("blocks");
        payload.putObject("state").putObject("values");
        payload.put("response_url", responseUrl);
        ArrayNode actions = payload.putArray("actions");
        ObjectNode action = actions.addObject();
        action.put("action_id", actionId);
        action.put("block_id", "block-" + ACTION_SEQUENCE.incrementAndGet());
        action.putObject("text").put("type", "plain_text").put("text", actionId).put("emoji", true);
        action.put("value", value);
        action.put("type", "button");
        action.put("action_ts", actionTs());
        return payload;
    }

    // ---------------------------------------------------------------- signing

    /** {@code v0=<hex>} for this body at this timestamp. */
    public String signature(String body, long timestamp) {
        return signature(signingSecret, timestamp, body);
    }

    /** {@code v0=<hex>} of HMAC-SHA256 over {@code v0:<timestamp>:<body>}. */
    public static String signature(String signingSecret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    // ---------------------------------------------------------------- sending

    /** Sends the body signed with the current time. */
    public HttpResponse<String> send(String body) {
        return send(body, Instant.now().getEpochSecond());
    }

    /** Sends the body signed for {@code timestamp} (unix seconds), e.g. a stale one. */
    public HttpResponse<String> send(String body, long timestamp) {
        return sendWithSignature(body, timestamp, signature(body, timestamp));
    }

    /** Sends the body with the given timestamp and signature header, whatever they are. */
    public HttpResponse<String> sendWithSignature(String body, long timestamp, String signature) {
        return execute(request(body)
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(SIGNATURE_HEADER, signature)
                .build());
    }

    /** Sends the body without either signing header. */
    public HttpResponse<String> sendUnsigned(String body) {
        return execute(request(body).build());
    }

    /** Sends the body signed with the current time, without waiting. */
    public CompletableFuture<HttpResponse<String>> sendAsync(String body) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = request(body)
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(SIGNATURE_HEADER, signature(body, timestamp))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String body) {
        return HttpRequest.newBuilder(eventsUrl)
                .timeout(TIMEOUT)
                .header("Content-Type", CONTENT_TYPE)
                .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> execute(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + eventsUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + eventsUrl, e);
        }
    }

    private static String actionTs() {
        long micros = Instant.now().toEpochMilli() * 1000 + ACTION_SEQUENCE.incrementAndGet() % 1000;
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    @Override
    public String toString() {
        return "SignedSlackRequests[" + eventsUrl + "]";
    }
}
