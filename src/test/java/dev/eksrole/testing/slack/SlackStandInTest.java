package dev.eksrole.testing.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SlackStandInTest {

    private static final String BOT = SlackStandIn.DEFAULT_BOT_TOKEN;
    private static final String APP = SlackStandIn.DEFAULT_APP_TOKEN;
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SlackStandIn slack;

    @BeforeEach
    void start() {
        slack = SlackStandIn.start();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void apiUrlIsAPrefixForMethodNames() {
        assertThat(slack.apiUrl()).matches("http://127\\.0\\.0\\.1:\\d+/api/");
        assertThat(slack.apiUrl()).isEqualTo(slack.baseUrl() + "/api/");
    }

    @Test
    void authTestAnswersTheBotIdentity() throws Exception {
        JsonNode answer = json(form("auth.test", BOT, Map.of()));

        assertThat(answer.path("ok").asBoolean()).isTrue();
        assertThat(answer.path("url").asText()).isEqualTo("https://example.slack.com/");
        assertThat(answer.path("team").asText()).isEqualTo("Example");
        assertThat(answer.path("user").asText()).isEqualTo("eksrole");
        assertThat(answer.path("team_id").asText()).isEqualTo("T0000001");
        assertThat(answer.path("user_id").asText()).isEqualTo("U0BOT0001");
        assertThat(answer.path("bot_id").asText()).isEqualTo("B0BOT0001");
        assertThat(slack.count("auth.test")).isEqualTo(1);
    }

    @Test
    void formPostMessageParsesBlocksAndEchoesTheMessage() throws Exception {
        String blocks = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*eks-node* is fine\"}}]";
        HttpResponse<String> response = form("chat.postMessage", BOT,
                Map.of("channel", "C0OPS0001", "text", "eks-node is fine", "blocks", blocks));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode answer = json(response);
        assertThat(answer.path("ok").asBoolean()).isTrue();
        assertThat(answer.path("channel").asText()).isEqualTo("C0OPS0001");
        assertThat(answer.path("ts").asText()).matches("\\d{10}\\.\\d{6}");
        assertThat(answer.path("message").path("text").asText()).isEqualTo("eks-node is fine");
        assertThat(answer.path("message").path("blocks").get(0).path("type").asText()).isEqualTo("section");

        PostedMessage post = slack.posts(PostedMessage.POST_MESSAGE).get(0);
        assertThat(post.target()).isEqualTo("C0OPS0001");
        assertThat(post.ts()).isEqualTo(answer.path("ts").asText());
        assertThat(post.blocks().isArray()).isTrue();
        assertThat(post.blocks().get(0).path("text").path("text").asText()).isEqualTo("*eks-node* is fine");
        assertThat(post.containsText("*eks-node* is fine")).isTrue();

        ApiCall call = slack.calls().get(0);
        assertThat(call.method()).isEqualTo("chat.postMessage");
        assertThat(call.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(call.hasToken(BOT)).isTrue();
        assertThat(call.param("channel")).isEqualTo("C0OPS0001");
    }

    @Test
    void jsonPostMessageIsRecordedTheSameWay() throws Exception {
        ObjectNode body = SlackJson.object();
        body.put("channel", "C0OPS0001");
        body.put("thread_ts", "1700000000.000100");
        body.putArray("blocks").addObject().put("type", "divider");

        JsonNode answer = json(postJson("chat.postMessage", BOT, body.toString()));

        assertThat(answer.path("ok").asBoolean()).isTrue();
        PostedMessage post = slack.awaitPost(p -> p.target().equals("C0OPS0001"), WAIT);
        assertThat(post.blocks().get(0).path("type").asText()).isEqualTo("divider");
        assertThat(post.threadTs()).isEqualTo("1700000000.000100");
        assertThat(slack.calls().get(0).contentType()).startsWith("application/json");
    }

    @Test
    void jsonBodyWithBlocksAsAStringIsParsedToo() throws Exception {
        ObjectNode body = SlackJson.object();
        body.put("channel", "C1");
        body.put("blocks", "[{\"type\":\"divider\"}]");

        json(postJson("chat.postMessage", BOT, body.toString()));

        assertThat(slack.posts().get(0).blocks().get(0).path("type").asText()).isEqualTo("divider");
    }

    @Test
    void tsValuesAreUniqueAndIncreasing() throws Exception {
        String first = json(form("chat.postMessage", BOT, Map.of("channel", "C1", "text", "a"))).path("ts").asText();
        String second = json(form("chat.postMessage", BOT, Map.of("channel", "C1", "text", "b"))).path("ts").asText();

        assertThat(first).isEqualTo("1700000000.000100");
        assertThat(new BigDecimal(second)).isGreaterThan(new BigDecimal(first));
    }

    @Test
    void postMessageWithoutContentOrChannelIsRefused() throws Exception {
        assertThat(json(form("chat.postMessage", BOT, Map.of("channel", "C1"))).path("error").asText()).isEqualTo("no_text");
        assertThat(json(form("chat.postMessage", BOT, Map.of("text", "x"))).path("error").asText())
                .isEqualTo("channel_not_found");
        assertThat(slack.posts()).isEmpty();
        assertThat(slack.count("chat.postMessage")).isEqualTo(2);
    }

    @Test
    void blocksBeyondBlockKitLimitsAreRefusedAsSlackRefusesThem() throws Exception {
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"type\":\"divider\"}");
        }
        String longSection = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"" + "x".repeat(3001) + "\"}}]";
        String longHeader = "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + "x".repeat(151) + "\"}}]";
        String emptySection = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"\"}}]";
        String longContext = "[{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"" + "x".repeat(2001) + "\"}]}]";

        for (String blocks : List.of(tooMany + "]", longSection, longHeader, emptySection, longContext)) {
            JsonNode answer = json(form("chat.postMessage", BOT, Map.of("channel", "C1", "text", "x", "blocks", blocks)));
            assertThat(answer.path("ok").asBoolean()).isFalse();
            assertThat(answer.path("error").asText()).isEqualTo("invalid_blocks");
            assertThat(answer.path("errors").get(0).asText()).contains("[json-pointer:/blocks");
        }
        String url = slack.newResponseUrl();
        HttpResponse<String> viaUrl = postJson(url, "{\"text\":\"x\",\"blocks\":" + longSection + "}");

        assertThat(viaUrl.statusCode()).isEqualTo(400);
        assertThat(viaUrl.body()).isEqualTo("invalid_blocks");
        assertThat(slack.posts()).isEmpty();
        assertThat(slack.refusals()).hasSize(6).anySatisfy(r -> assertThat(r).contains("no more than 50 items allowed"))
                .anySatisfy(r -> assertThat(r).startsWith("response_url: must be less than 3001 characters [json-pointer:/blocks/0/text/text]"));
        String fits = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"" + "x".repeat(3000) + "\"}}]";
        assertThat(json(form("chat.postMessage", BOT, Map.of("channel", "C1", "text", "x", "blocks", fits))).path("ok").asBoolean()).isTrue();
    }

    @Test
    void wrongMissingOrAppTokenIsInvalidAuth() throws Exception {
        assertThat(json(form("chat.postMessage", "xoxb-wrong", Map.of("channel", "C1", "text", "x"))).path("error").asText())
                .isEqualTo("invalid_auth");
        assertThat(json(form("chat.postMessage", null, Map.of("channel", "C1", "text", "x"))).path("error").asText())
                .isEqualTo("invalid_auth");
        assertThat(json(form("auth.test", APP, Map.of())).path("error").asText()).isEqualTo("invalid_auth");
        assertThat(json(form("apps.connections.open", BOT, Map.of())).path("error").asText()).isEqualTo("invalid_auth");
        assertThat(slack.posts()).isEmpty();
        assertThat(slack.calls()).hasSize(4);
    }

    @Test
    void tokensAreConfigurable() throws Exception {
        slack.botToken("xoxb-other");

        assertThat(json(form("auth.test", BOT, Map.of())).path("ok").asBoolean()).isFalse();
        assertThat(json(form("auth.test", "xoxb-other", Map.of())).path("ok").asBoolean()).isTrue();
    }

    @Test
    void aTokenFormParameterCountsWhenThereIsNoHeaderAndIsKeptOutOfParams() throws Exception {
        assertThat(json(form("auth.test", null, Map.of("token", BOT))).path("ok").asBoolean()).isTrue();
        assertThat(slack.calls().get(0).params().has("token")).isFalse();
    }

    @Test
    void recordsNeverShowTokens() throws Exception {
        form("chat.postMessage", BOT, Map.of("channel", "C1", "text", "x"));

        assertThat(slack.calls().get(0).toString()).doesNotContain(BOT).contains("xoxb-***");
        assertThat(slack.posts().get(0).toString()).doesNotContain(BOT);
        assertThat(slack.posts().get(0).describe()).doesNotContain(BOT);
    }

    @Test
    void unknownMethod() throws Exception {
        assertThat(json(form("conversations.kick", BOT, Map.of())).path("error").asText()).isEqualTo("unknown_method");
    }

    @Test
    void failNextFailsExactlyThatManyCalls() throws Exception {
        slack.failNext("chat.postMessage", "fatal_error", 2);
        Map<String, String> params = Map.of("channel", "C1", "text", "x");

        assertThat(json(form("chat.postMessage", BOT, params)).path("error").asText()).isEqualTo("fatal_error");
        assertThat(json(form("auth.test", BOT, Map.of())).path("ok").asBoolean()).isTrue();
        assertThat(json(form("chat.postMessage", BOT, params)).path("error").asText()).isEqualTo("fatal_error");
        assertThat(json(form("chat.postMessage", BOT, params)).path("ok").asBoolean()).isTrue();
        assertThat(slack.count("chat.postMessage")).isEqualTo(3);
        assertThat(slack.posts()).hasSize(1);
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        slack.rateLimitNext("chat.postMessage", 1);
        Map<String, String> params = Map.of("channel", "C1", "text", "x");

        HttpResponse<String> limited = form("chat.postMessage", BOT, params);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(limited).path("error").asText()).isEqualTo("ratelimited");

        HttpResponse<String> next = form("chat.postMessage", BOT, params);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(json(next).path("ok").asBoolean()).isTrue();
    }

    @Test
    void notInChannelOnlyAffectsThatChannel() throws Exception {
        slack.notInChannel("C0PRIVATE");

        assertThat(json(form("chat.postMessage", BOT, Map.of("channel", "C0PRIVATE", "text", "x"))).path("error").asText())
                .isEqualTo("not_in_channel");
        assertThat(json(form("chat.postMessage", BOT, Map.of("channel", "C0OPS", "text", "x"))).path("ok").asBoolean())
                .isTrue();
        assertThat(slack.postsTo("C0PRIVATE")).isEmpty();
        assertThat(slack.postsTo("C0OPS")).hasSize(1);
    }

    @Test
    void ephemeralAndUpdateAreRecorded() throws Exception {
        JsonNode ephemeral = json(form("chat.postEphemeral", BOT, Map.of("channel", "C1", "user", "U1", "text", "only you")));
        assertThat(ephemeral.path("ok").asBoolean()).isTrue();
        assertThat(ephemeral.path("message_ts").asText()).isNotEmpty();

        JsonNode update = json(form("chat.update", BOT, Map.of("channel", "C1", "ts", "1700000000.000900", "text", "done")));
        assertThat(update.path("ok").asBoolean()).isTrue();
        assertThat(update.path("channel").asText()).isEqualTo("C1");
        assertThat(update.path("ts").asText()).isEqualTo("1700000000.000900");

        assertThat(slack.posts()).extracting(PostedMessage::kind)
                .containsExactly(PostedMessage.POST_EPHEMERAL, PostedMessage.UPDATE);
        assertThat(slack.posts(PostedMessage.POST_EPHEMERAL).get(0).body().path("user").asText()).isEqualTo("U1");
        assertThat(slack.posts(PostedMessage.UPDATE).get(0).ts()).isEqualTo("1700000000.000900");
        assertThat(slack.posts(PostedMessage.UPDATE).get(0).text()).isEqualTo("done");
    }

    @Test
    void usergroupMembers() throws Exception {
        slack.usergroup("S0APPROVERS", "U1", "U2");

        JsonNode known = json(form("usergroups.users.list", BOT, Map.of("usergroup", "S0APPROVERS")));
        assertThat(known.path("ok").asBoolean()).isTrue();
        assertThat(known.path("users")).extracting(JsonNode::asText).containsExactly("U1", "U2");

        JsonNode unknown = json(form("usergroups.users.list", BOT, Map.of("usergroup", "S0NOPE")));
        assertThat(unknown.path("error").asText()).isEqualTo("no_such_subteam");
    }

    @Test
    void connectionsOpenWithoutSocketModeIsRefused() throws Exception {
        assertThat(json(form("apps.connections.open", APP, Map.of())).path("error").asText())
                .isEqualTo("not_allowed_token_type");
    }

    @Test
    void latencyDelaysAnswers() throws Exception {
        slack.latency(Duration.ofMillis(150));
        long started = System.nanoTime();

        form("auth.test", BOT, Map.of());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void servesManyConcurrentRequests() {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        slack.latency(Duration.ofMillis(100));
        for (int i = 0; i < 40; i++) {
            pending.add(http.sendAsync(formRequest("chat.postMessage", BOT, Map.of("channel", "C1", "text", "n" + i)),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> tss = pending.stream().map(CompletableFuture::join)
                .map(r -> SlackJson.parseObject(r.body()).path("ts").asText()).toList();

        assertThat(tss).hasSize(40).doesNotHaveDuplicates().allMatch(ts -> !ts.isEmpty());
        assertThat(slack.posts()).hasSize(40);
    }

    @Test
    void clearForgetsRecordsButKeepsConfiguration() throws Exception {
        slack.usergroup("S1", "U1");
        form("chat.postMessage", BOT, Map.of("channel", "C1", "text", "x"));

        slack.clear();

        assertThat(slack.posts()).isEmpty();
        assertThat(slack.calls()).isEmpty();
        assertThat(json(form("usergroups.users.list", BOT, Map.of("usergroup", "S1"))).path("ok").asBoolean()).isTrue();
    }

    @Nested
    class ResponseUrls {

        @Test
        void postsAreRecordedAndAnsweredOk() throws Exception {
            String url = slack.newResponseUrl();
            assertThat(url).startsWith(slack.baseUrl() + "/response/");

            HttpResponse<String> response = postJson(url,
                    "{\"response_type\":\"in_channel\",\"text\":\"checking\",\"replace_original\":false,"
                            + "\"blocks\":[{\"type\":\"divider\"}]}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
            PostedMessage post = slack.postsTo(url).get(0);
            assertThat(post.kind()).isEqualTo(PostedMessage.RESPONSE_URL);
            assertThat(post.responseType()).isEqualTo("in_channel");
            assertThat(post.text()).isEqualTo("checking");
            assertThat(post.blocks()).hasSize(1);
            assertThat(post.body().path("replace_original").asBoolean(true)).isFalse();
            assertThat(post.ts()).isNull();
        }

        @Test
        void eachUrlIsSeparate() throws Exception {
            String first = slack.newResponseUrl();
            String second = slack.newResponseUrl();

            postJson(first, "{\"text\":\"one\"}");
            postJson(second, "{\"text\":\"two\"}");

            assertThat(first).isNotEqualTo(second);
            assertThat(slack.postsTo(first)).extracting(PostedMessage::text).containsExactly("one");
            assertThat(slack.postsTo(second)).extracting(PostedMessage::text).containsExactly("two");
        }

        @Test
        void expiredUrlAnswers404() throws Exception {
            String url = slack.newResponseUrl();
            slack.expireResponseUrl(url);

            HttpResponse<String> response = postJson(url, "{\"text\":\"late\"}");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("expired_url");
            assertThat(slack.postsTo(url)).isEmpty();
        }

        @Test
        void sixthPostIsRefused() throws Exception {
            String url = slack.newResponseUrl();
            for (int i = 1; i <= 5; i++) {
                assertThat(postJson(url, "{\"text\":\"" + i + "\"}").statusCode()).isEqualTo(200);
            }

            HttpResponse<String> sixth = postJson(url, "{\"text\":\"6\"}");

            assertThat(sixth.statusCode()).isEqualTo(404);
            assertThat(sixth.body()).isEqualTo("used_url");
            assertThat(slack.postsTo(url)).hasSize(5);
        }

        @Test
        void unknownUrlAndBadJsonAreRefused() throws Exception {
            assertThat(postJson(slack.baseUrl() + "/response/nope", "{}").statusCode()).isEqualTo(404);
            String url = slack.newResponseUrl();
            HttpResponse<String> bad = postJson(url, "text=hello");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(slack.posts()).isEmpty();
        }
    }

    @Nested
    class AwaitPost {

        @Test
        void waitsForAPostThatArrivesLater() throws Exception {
            String url = slack.newResponseUrl();
            CompletableFuture<PostedMessage> waiting = CompletableFuture.supplyAsync(
                    () -> slack.awaitPost(p -> "later".equals(p.text()), WAIT));

            postJson(url, "{\"text\":\"sooner\"}");
            postJson(url, "{\"text\":\"later\"}");

            assertThat(waiting.get(5, TimeUnit.SECONDS).target()).isEqualTo(url);
        }

        @Test
        void timeoutListsWhatWasPosted() throws Exception {
            form("chat.postMessage", BOT, Map.of("channel", "C0OPS", "text", "eks-node has no CNI policy"));

            assertThatThrownBy(() -> slack.awaitPost(p -> p.containsText("all good"), Duration.ofMillis(100)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no post matched within 100 ms")
                    .hasMessageContaining("chat.postMessage -> C0OPS")
                    .hasMessageContaining("eks-node has no CNI policy")
                    .hasMessageContaining("chat.postMessage x1")
                    .hasMessageNotContaining(BOT);
        }

        @Test
        void timeoutWithNothingPosted() {
            assertThatThrownBy(() -> slack.awaitPost(p -> true, Duration.ofMillis(50)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("nothing was posted");
        }
    }

    @Nested
    class SocketMode {

        @Test
        void handsOutAConnectionAndCarriesEnvelopesAndAcks() throws Exception {
            SocketModeStandIn socketMode = slack.startSocketMode();
            assertThat(slack.startSocketMode()).isSameAs(socketMode);

            JsonNode opened = json(form("apps.connections.open", APP, Map.of()));
            assertThat(opened.path("ok").asBoolean()).isTrue();
            String url = opened.path("url").asText();
            assertThat(url).matches("ws://127\\.0\\.0\\.1:\\d+/link\\?ticket=.+");

            Client client = new Client();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(url), client).get(5, TimeUnit.SECONDS);
            socketMode.awaitConnected(WAIT);
            assertThat(socketMode.connected()).isTrue();

            JsonNode hello = client.next();
            assertThat(hello.path("type").asText()).isEqualTo("hello");
            assertThat(hello.path("num_connections").asInt()).isEqualTo(1);
            assertThat(hello.path("connection_info").path("app_id").asText()).isEqualTo("A0000001");
            assertThat(hello.path("debug_info").path("approximate_connection_time").asInt()).isEqualTo(18060);

            String responseUrl = slack.newResponseUrl();
            String envelopeId = socketMode.sendSlashCommand("/eksrole", "check 111111111111", "U1", "C0OPS", responseUrl);
            JsonNode envelope = client.next();
            assertThat(envelope.path("envelope_id").asText()).isEqualTo(envelopeId);
            assertThat(envelope.path("type").asText()).isEqualTo("slash_commands");
            assertThat(envelope.path("accepts_response_payload").asBoolean()).isTrue();
            JsonNode payload = envelope.path("payload");
            assertThat(payload.path("command").asText()).isEqualTo("/eksrole");
            assertThat(payload.path("text").asText()).isEqualTo("check 111111111111");
            assertThat(payload.path("user_id").asText()).isEqualTo("U1");
            assertThat(payload.path("channel_id").asText()).isEqualTo("C0OPS");
            assertThat(payload.path("response_url").asText()).isEqualTo(responseUrl);
            assertThat(payload.path("team_id").asText()).isEqualTo("T0000001");
            assertThat(payload.path("api_app_id").asText()).isEqualTo("A0000001");
            assertThat(payload.path("trigger_id").asText()).isNotEmpty();

            ws.sendText("{\"envelope_id\":\"" + envelopeId + "\",\"payload\":{\"text\":\"working on it\"}}", true)
                    .get(5, TimeUnit.SECONDS);
            ObjectNode ack = socketMode.awaitAck(envelopeId, WAIT);
            assertThat(ack.path("payload").path("text").asText()).isEqualTo("working on it");

            ObjectNode action = new SignedSlackRequests("s", URI.create("http://127.0.0.1:1/"))
                    .blockActionPayload("approve", "fix:111111111111", "U2", "C0OPS", "1700000000.000100", responseUrl);
            String actionEnvelope = socketMode.sendBlockAction(action);
            JsonNode interactive = client.next();
            assertThat(interactive.path("type").asText()).isEqualTo("interactive");
            assertThat(interactive.path("accepts_response_payload").asBoolean(true)).isFalse();
            assertThat(interactive.path("envelope_id").asText()).isEqualTo(actionEnvelope);
            assertThat(interactive.path("payload").path("actions").get(0).path("action_id").asText()).isEqualTo("approve");

            ws.sendPing(ByteBuffer.wrap("are-you-there".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS);
            assertThat(client.pong.poll(5, TimeUnit.SECONDS)).isEqualTo("are-you-there");
            assertThat(socketMode.pingsReceived()).isEqualTo(1);

            slack.close();
            assertThat(client.closed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(client.closeCode.get()).isEqualTo(1000);
        }

        @Test
        void awaitAckTimesOutWithWhatWasReceived() throws Exception {
            SocketModeStandIn socketMode = slack.startSocketMode();
            Client client = new Client();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create(socketMode.issueConnectionUrl()), client).get(5, TimeUnit.SECONDS);
            socketMode.awaitConnected(WAIT);
            client.next();
            String envelopeId = socketMode.sendSlashCommand("/eksrole", "help", "U1", "C1", slack.newResponseUrl());
            ws.sendText("{\"envelope_id\":\"some-other-envelope\"}", true).get(5, TimeUnit.SECONDS);

            assertThatThrownBy(() -> socketMode.awaitAck(envelopeId, Duration.ofMillis(150)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no ack for envelope " + envelopeId)
                    .hasMessageContaining("some-other-envelope");
        }

        @Test
        void ticketsAreSingleUseAndRequired() throws Exception {
            SocketModeStandIn socketMode = slack.startSocketMode();
            String url = socketMode.issueConnectionUrl();
            http.newWebSocketBuilder().buildAsync(URI.create(url), new Client()).get(5, TimeUnit.SECONDS);
            socketMode.awaitConnected(WAIT);

            assertThat(handshakeStatus(url)).isEqualTo(403);
            assertThat(handshakeStatus("ws://127.0.0.1:" + socketMode.port() + "/link")).isEqualTo(403);
            assertThat(socketMode.refusedHandshakes()).isEqualTo(2);
            assertThat(socketMode.acceptedConnections()).isEqualTo(1);
        }

        @Test
        void envelopesGoToTheNewestConnectionAndDropsAreNoticed() throws Exception {
            SocketModeStandIn socketMode = slack.startSocketMode();
            assertThatThrownBy(() -> socketMode.sendSlashCommand("/eksrole", "", "U1", "C1", "u"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no Socket Mode connection");

            Client first = new Client();
            http.newWebSocketBuilder().buildAsync(URI.create(socketMode.issueConnectionUrl()), first).get(5, TimeUnit.SECONDS);
            socketMode.awaitAcceptedConnections(1, WAIT);
            Client second = new Client();
            http.newWebSocketBuilder().buildAsync(URI.create(socketMode.issueConnectionUrl()), second).get(5, TimeUnit.SECONDS);
            socketMode.awaitAcceptedConnections(2, WAIT);
            assertThat(first.next().path("num_connections").asInt()).isEqualTo(1);
            assertThat(second.next().path("num_connections").asInt()).isEqualTo(2);

            socketMode.sendDisconnect("refresh_requested");
            JsonNode disconnect = second.next();
            assertThat(disconnect.path("type").asText()).isEqualTo("disconnect");
            assertThat(disconnect.path("reason").asText()).isEqualTo("refresh_requested");

            socketMode.dropConnections();
            socketMode.awaitDisconnected(WAIT);
            assertThat(socketMode.connected()).isFalse();
        }
    }

    // ---------------------------------------------------------------- helpers

    private int handshakeStatus(String url) {
        Throwable failure = http.newWebSocketBuilder().buildAsync(URI.create(url), new Client())
                .handle((ws, error) -> error).join();
        assertThat(failure).as("handshake failure").isNotNull();
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }

    private HttpResponse<String> form(String method, String token, Map<String, String> params) throws Exception {
        return http.send(formRequest(method, token, params), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest formRequest(String method, String token, Map<String, String> params) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(slack.apiUrl() + method))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(SlackJson.formEncode(new LinkedHashMap<>(params))));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private HttpResponse<String> postJson(String method, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(slack.apiUrl() + method))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return SlackJson.parseObject(response.body());
    }

    /** A WebSocket client that queues whole text messages and pongs. */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<String> pong = new LinkedBlockingQueue<>();
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger closeCode = new AtomicInteger();
        final AtomicReference<StringBuilder> partial = new AtomicReference<>(new StringBuilder());

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.get().append(data);
            if (last) {
                messages.add(partial.getAndSet(new StringBuilder()).toString());
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pong.add(StandardCharsets.UTF_8.decode(message).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.set(statusCode);
            closed.countDown();
            return null;
        }

        JsonNode next() throws InterruptedException {
            String text = messages.poll(5, TimeUnit.SECONDS);
            assertThat(text).as("a message from the Socket Mode stand-in").isNotNull();
            return SlackJson.parseObject(text);
        }
    }
}
