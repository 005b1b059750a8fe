package dev.eksrole.testing.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SignedSlackRequestsTest {

    private static final String SECRET = "known-answer-signing-secret";

    private HttpServer receiver;
    private ExecutorService executor;
    private final List<Received> received = new ArrayList<>();
    private SignedSlackRequests requests;

    private record Received(String method, Headers headers, String body) {
    }

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        executor = Executors.newCachedThreadPool();
        receiver.setExecutor(executor);
        receiver.createContext("/slack/events", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (received) {
                    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders(), body));
                }
                byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        receiver.start();
        requests = new SignedSlackRequests(SECRET,
                URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/slack/events"));
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        executor.shutdownNow();
    }

    @Test
    void signatureMatchesAKnownAnswer() {
        // computed once outside Java: printf '%s' 'v0:1700000000:<body>' | openssl dgst -sha256 -hmac <secret>
        String body = "command=%2Feksrole&text=check+111111111111";

        assertThat(SignedSlackRequests.signature(SECRET, 1_700_000_000L, body))
                .isEqualTo("v0=4b36696850dd82ac7b00dbe7aef00c394a582d398d6627a1d504053e997b329c");
        assertThat(requests.signature(body, 1_700_000_000L))
                .isEqualTo("v0=4b36696850dd82ac7b00dbe7aef00c394a582d398d6627a1d504053e997b329c");
    }

    @Test
    void tamperingWithTheBodyOrTimestampChangesTheSignature() {
        String body = "command=%2Feksrole&text=check+111111111111";
        String tampered = "command=%2Feksrole&text=check+222222222222";

        assertThat(requests.signature(tampered, 1_700_000_000L))
                .isEqualTo("v0=080b14dfdc3e217052b509439d7aff25dc758a79b61b71aecd127d45b821ec42")
                .isNotEqualTo(requests.signature(body, 1_700_000_000L));
        assertThat(requests.signature(body, 1_700_000_001L)).isNotEqualTo(requests.signature(body, 1_700_000_000L));
        assertThat(SignedSlackRequests.signature("another-secret", 1_700_000_000L, body))
                .isNotEqualTo(requests.signature(body, 1_700_000_000L));
    }

    @Test
    void sendSignsWithTheCurrentTime() throws Exception {
        String body = requests.slashCommandBody("/eksrole", "check 111111111111", "U1", "alice", "C0OPS",
                "http://127.0.0.1:1/response/x");
        long before = Instant.now().getEpochSecond();

        HttpResponse<String> response = requests.send(body);

        assertThat(response.statusCode()).isEqualTo(200);
        Received request = only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo(body);
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        long timestamp = Long.parseLong(request.headers().getFirst("X-Slack-Request-Timestamp"));
        assertThat(timestamp).isBetween(before, Instant.now().getEpochSecond());
        assertThat(request.headers().getFirst("X-Slack-Signature")).isEqualTo(independentSignature(timestamp, body));
    }

    @Test
    void sendForATimestampSignsForThatTimestamp() {
        long stale = Instant.now().getEpochSecond() - 600;

        requests.send("payload=%7B%7D", stale);

        Received request = only();
        assertThat(request.headers().getFirst("X-Slack-Request-Timestamp")).isEqualTo(Long.toString(stale));
        assertThat(request.headers().getFirst("X-Slack-Signature")).isEqualTo(independentSignature(stale, "payload=%7B%7D"));
    }

    @Test
    void forgedAndUnsignedRequestsCarryExactlyWhatWasAsked() {
        requests.sendWithSignature("text=x", 42L, "v0=forged");
        requests.sendUnsigned("text=y");

        List<Received> all = all();
        assertThat(all.get(0).headers().getFirst("X-Slack-Signature")).isEqualTo("v0=forged");
        assertThat(all.get(0).headers().getFirst("X-Slack-Request-Timestamp")).isEqualTo("42");
        assertThat(all.get(1).headers().containsKey("X-Slack-Signature")).isFalse();
        assertThat(all.get(1).headers().containsKey("X-Slack-Request-Timestamp")).isFalse();
        assertThat(all.get(1).body()).isEqualTo("text=y");
    }

    @Test
    void sendAsyncIsSignedToo() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pending.add(requests.sendAsync("text=" + i));
        }
        for (CompletableFuture<HttpResponse<String>> response : pending) {
            assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        assertThat(all()).hasSize(20).allSatisfy(r -> assertThat(r.headers().getFirst("X-Slack-Signature"))
                .isEqualTo(independentSignature(Long.parseLong(r.headers().getFirst("X-Slack-Request-Timestamp")), r.body())));
    }

    @Test
    void slashCommandBodyHasSlacksFieldsInOrder() {
        String body = requests.slashCommandBody("/eksrole", "check 111111111111 & more", "U1", "alice", "C0OPS",
                "http://127.0.0.1:9/response/abc");

        Map<String, String> fields = SlackJson.parseForm(body);
        assertThat(fields.keySet()).containsExactly("token", "team_id", "team_domain", "channel_id", "channel_name",
                "user_id", "user_name", "command", "text", "api_app_id", "is_enterprise_install", "response_url",
                "trigger_id");
        assertThat(fields).containsEntry("team_id", "T0000001")
                .containsEntry("channel_id", "C0OPS")
                .containsEntry("user_id", "U1")
                .containsEntry("user_name", "alice")
                .containsEntry("command", "/eksrole")
                .containsEntry("text", "check 111111111111 & more")
                .containsEntry("api_app_id", "A0000001")
                .containsEntry("is_enterprise_install", "false")
                .containsEntry("response_url", "http://127.0.0.1:9/response/abc");
        assertThat(fields.get("trigger_id")).matches("\\d+\\.\\d+\\.[0-9a-f]{32}");
        assertThat(body).contains("command=%2Feksrole").doesNotContain(" ");
    }

    @Test
    void blockActionPayloadHasTheRealShapeAndRoundTripsThroughTheBody() {
        ObjectNode payload = requests.blockActionPayload("approve_fix", "111111111111", "U2", "C0OPS",
                "1700000000.000100", "http://127.0.0.1:9/response/def");

        assertThat(payload.path("type").asText()).isEqualTo("block_actions");
        assertThat(payload.path("user").path("id").asText()).isEqualTo("U2");
        assertThat(payload.path("user").path("team_id").asText()).isEqualTo("T0000001");
        assertThat(payload.path("api_app_id").asText()).isEqualTo("A0000001");
        assertThat(payload.path("container").path("type").asText()).isEqualTo("message");
        assertThat(payload.path("container").path("message_ts").asText()).isEqualTo("1700000000.000100");
        assertThat(payload.path("container").path("channel_id").asText()).isEqualTo("C0OPS");
        assertThat(payload.path("container").path("is_ephemeral").asBoolean(true)).isFalse();
        assertThat(payload.path("team").path("domain").asText()).isEqualTo("example");
        assertThat(payload.path("channel").path("id").asText()).isEqualTo("C0OPS");
        assertThat(payload.path("message").path("ts").asText()).isEqualTo("1700000000.000100");
        assertThat(payload.path("message").path("blocks").isArray()).isTrue();
        assertThat(payload.path("response_url").asText()).isEqualTo("http://127.0.0.1:9/response/def");
        assertThat(payload.path("trigger_id").asText()).isNotEmpty();
        JsonNode action = payload.path("actions").get(0);
        assertThat(action.path("action_id").asText()).isEqualTo("approve_fix");
        assertThat(action.path("value").asText()).isEqualTo("111111111111");
        assertThat(action.path("type").asText()).isEqualTo("button");
        assertThat(action.path("block_id").asText()).isNotEmpty();
        assertThat(action.path("action_ts").asText()).matches("\\d{10}\\.\\d{6}");

        String body = requests.blockActionsBody(payload);
        assertThat(body).startsWith("payload=").doesNotContain("{");
        assertThat(SlackJson.parseObject(SlackJson.parseForm(body).get("payload"))).isEqualTo(payload);
    }

    private static String independentSignature(long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder("v0=");
            for (byte b : digest) {
                hex.append(String.format("%02x", b & 0xff));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Received only() {
        List<Received> all = all();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }
}
