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
    /** The legacy verification token Slack puts in every payload; eksrole never uses it, and must never log it. */
    public static final String VERIFICATION_TOKEN = SlackJson.VERIFICATION_TOKEN;

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

    /** The fields of a slash command in Slack's order, to change before {@link #form} encodes them. */
    public java.util.Map<String, String> slashCommandFields(String command, String text, String userId, String channelId,
                                                            String responseUrl) {
        return SlackJson.slashCommandFields(command, text, userId, SlackJson.userName(userId), channelId, responseUrl);
    }

    /** An empty JSON object to build a payload in. */
    public static ObjectNode object() {
        return SlackJson.object();
    }

    /** Fields form-encoded as Slack posts them, in the map's order. */
    public static String form(java.util.Map<String, String> fields) {
        return SlackJson.formEncode(fields);
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

    /** Sends raw bytes signed over exactly those bytes at the current time, with the given extra headers. */
    public HttpResponse<String> sendBytes(byte[] body, java.util.Map<String, String> headers) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(eventsUrl)
                .timeout(TIMEOUT)
                .header("Content-Type", CONTENT_TYPE)
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(SIGNATURE_HEADER, signature(signingSecret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::setHeader);
        return execute(request.build());
    }

    /** Sends the body signed with the current time in chunks, without a Content-Length, as a streaming proxy would. */
    public HttpResponse<String> sendChunked(byte[] body) {
        long timestamp = Instant.now().getEpochSecond();
        return execute(HttpRequest.newBuilder(eventsUrl)
                .timeout(TIMEOUT)
                .header("Content-Type", CONTENT_TYPE)
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(SIGNATURE_HEADER, signature(signingSecret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build());
    }

    /** A status and a body, from {@link #sendRaw}, or from any response. */
    public record Answer(int status, String body) {
        public static Answer of(HttpResponse<String> response) {
            return new Answer(response.statusCode(), response.body());
        }
    }

    /** Sends the body to the events path followed by {@code query} (e.g. {@code ?a=%ZZ}, which HttpClient will not send), signed now. */
    public Answer sendWithQuery(String body, String query) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        return sendRaw("POST " + eventsUrl.getRawPath() + query + " HTTP/1.1",
                java.util.Map.of(TIMESTAMP_HEADER, Long.toString(timestamp), SIGNATURE_HEADER, signature(signingSecret, timestamp, bytes),
                        "Content-Type", CONTENT_TYPE, "Content-Length", Integer.toString(bytes.length)), bytes);
    }

    /**
     * Writes a request exactly as given on a fresh connection (request line, headers, then the body bytes; nothing is
     * added but {@code Host} and {@code Connection: close}) and reads the answer: for what HttpClient refuses to send.
     */
    public Answer sendRaw(String requestLine, java.util.Map<String, String> headers, byte[] body) {
        try (java.net.Socket socket = new java.net.Socket(eventsUrl.getHost(), eventsUrl.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            StringBuilder head = new StringBuilder(requestLine).append("\r\n")
                    .append("Host: ").append(eventsUrl.getHost()).append(':').append(eventsUrl.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
            int split = answer.indexOf("\r\n\r\n");
            String responseHead = split < 0 ? answer : answer.substring(0, split);
            String responseBody = split < 0 ? "" : answer.substring(split + 4);
            if (responseHead.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                responseBody = dechunk(responseBody);
            }
            return new Answer(status, responseBody);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + eventsUrl, e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    /** {@code v0=<hex>} of HMAC-SHA256 over {@code v0:<timestamp>:} followed by the body's bytes. */
    public static String signature(String signingSecret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
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
