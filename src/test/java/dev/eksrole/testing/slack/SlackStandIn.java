package dev.eksrole.testing.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A local stand-in for Slack's Web API and response URLs, on a random loopback port.
 *
 * <p>Web API methods are served at {@link #apiUrl()} followed by the method name ({@code POST /api/chat.postMessage}),
 * with form-encoded or JSON bodies and an {@code Authorization: Bearer} token, and answered in Slack's JSON shape.
 * Implemented: {@code auth.test}, {@code chat.postMessage}, {@code chat.postEphemeral}, {@code chat.update},
 * {@code usergroups.users.list} and {@code apps.connections.open}; anything else answers {@code unknown_method}.
 * Bot methods take the bot token ({@value #DEFAULT_BOT_TOKEN} unless {@link #botToken(String) changed}),
 * {@code apps.connections.open} the app token ({@value #DEFAULT_APP_TOKEN}); any other token answers
 * {@code invalid_auth}. A {@code token} body parameter is accepted when there is no {@code Authorization} header,
 * as Slack does.
 *
 * <p>{@link #newResponseUrl()} issues response URLs on the same port; like Slack's, each takes at most five posts.
 *
 * <p>Messages whose blocks break Block Kit's limits ({@link BlockKitRules}) are refused as Slack refuses them:
 * {@code invalid_blocks} from the Web API, HTTP 400 from a response URL; {@link #refusals()} lists them.
 *
 * <p>Every Web API call is recorded ({@link #calls()}), and every message that Slack would have shown
 * ({@link #posts()}). Thread-safe; tokens are never logged or put in failure messages.
 */
public final class SlackStandIn implements AutoCloseable {

    public static final String DEFAULT_BOT_TOKEN = "xoxb-test-token";
    public static final String DEFAULT_APP_TOKEN = "xapp-test-token";

    public static final String TEAM_ID = SlackJson.TEAM_ID;
    public static final String APP_ID = SlackJson.APP_ID;
    public static final String BOT_USER_ID = "U0BOT0001";
    public static final String BOT_ID = "B0BOT0001";

    /** How many times Slack lets an app use one response URL. */
    public static final int RESPONSE_URL_USES = 5;

    private static final Set<String> APP_TOKEN_METHODS = Set.of("apps.connections.open");
    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per call.
        // Read once per JVM when the JDK server first starts, so it only helps if nothing started one earlier.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;

    private final Object lock = new Object();
    private final List<PostedMessage> posts = new ArrayList<>();
    private final List<ApiCall> calls = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();

    private final Map<String, String[]> usergroups = new ConcurrentHashMap<>();
    private final Set<String> channelsWithoutBot = ConcurrentHashMap.newKeySet();
    private final Map<String, Fault> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rateLimits = new ConcurrentHashMap<>();
    private final Map<String, ResponseUrl> responseUrls = new ConcurrentHashMap<>();
    private final AtomicLong tsMicros = new AtomicLong(1_700_000_000_000_100L);

    private volatile String botToken = DEFAULT_BOT_TOKEN;
    private volatile String appToken = DEFAULT_APP_TOKEN;
    private volatile Duration latency = Duration.ZERO;
    private volatile SocketModeStandIn socketMode;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SlackStandIn() throws IOException {
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "slack-stand-in-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 256);
        server.createContext("/api/", this::handleApi);
        server.createContext("/response/", this::handleResponseUrl);
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8", "not_found"));
        server.setExecutor(executor);
        server.start();
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static SlackStandIn start() {
        try {
            return new SlackStandIn();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Slack stand-in", e);
        }
    }

    // ---------------------------------------------------------------- addresses

    /** The Web API prefix, {@code http://127.0.0.1:PORT/api/}; a method's URL is this followed by its name. */
    public String apiUrl() {
        return baseUrl + "/api/";
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---------------------------------------------------------------- configuration

    public SlackStandIn botToken(String token) {
        this.botToken = Objects.requireNonNull(token, "token");
        return this;
    }

    public SlackStandIn appToken(String token) {
        this.appToken = Objects.requireNonNull(token, "token");
        return this;
    }

    public String botToken() {
        return botToken;
    }

    public String appToken() {
        return appToken;
    }

    /** Defines (or redefines) a user group for {@code usergroups.users.list}. */
    public SlackStandIn usergroup(String id, String... userIds) {
        usergroups.put(Objects.requireNonNull(id, "id"), userIds.clone());
        return this;
    }

    /** From now on {@code chat.postMessage} to this channel answers {@code not_in_channel}. */
    public SlackStandIn notInChannel(String channelId) {
        channelsWithoutBot.add(Objects.requireNonNull(channelId, "channelId"));
        return this;
    }

    /** The next {@code times} calls of {@code method} answer {@code {"ok":false,"error":error}}. */
    public SlackStandIn failNext(String method, String error, int times) {
        failures.put(method, new Fault(error, new AtomicInteger(times)));
        return this;
    }

    /** The next {@code times} calls of {@code method} answer HTTP 429 with {@code Retry-After: 1}. */
    public SlackStandIn rateLimitNext(String method, int times) {
        rateLimits.put(method, new AtomicInteger(times));
        return this;
    }

    /** Every request (Web API and response URL) is answered after this delay. */
    public SlackStandIn latency(Duration delay) {
        this.latency = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** Undoes {@link #failNext}, {@link #rateLimitNext}, {@link #latency} and {@link #notInChannel}. */
    public SlackStandIn resetFaults() {
        failures.clear();
        rateLimits.clear();
        channelsWithoutBot.clear();
        latency = Duration.ZERO;
        return this;
    }

    // ---------------------------------------------------------------- response URLs

    /** A fresh response URL, {@code http://127.0.0.1:PORT/response/<id>}. */
    public String newResponseUrl() {
        String id = UUID.randomUUID().toString().replace("-", "");
        responseUrls.put(id, new ResponseUrl());
        return baseUrl + "/response/" + id;
    }

    /** From now on posts to {@code url} answer HTTP 404 {@code expired_url}. */
    public void expireResponseUrl(String url) {
        ResponseUrl state = responseUrls.get(responseUrlId(url));
        if (state == null) {
            throw new IllegalArgumentException("not a response URL of this stand-in: " + url);
        }
        state.expired = true;
    }

    // ---------------------------------------------------------------- Socket Mode

    /**
     * Starts the Socket Mode server (once; later calls return the same one). From then on
     * {@code apps.connections.open} hands out its URL.
     */
    public SocketModeStandIn startSocketMode() {
        synchronized (lock) {
            if (socketMode == null) {
                socketMode = SocketModeStandIn.start();
            }
            return socketMode;
        }
    }

    /** The running Socket Mode server, or null. */
    public SocketModeStandIn socketMode() {
        return socketMode;
    }

    // ---------------------------------------------------------------- observation

    public List<PostedMessage> posts() {
        synchronized (lock) {
            return List.copyOf(posts);
        }
    }

    public List<PostedMessage> posts(String kind) {
        synchronized (lock) {
            return posts.stream().filter(p -> p.kind().equals(kind)).collect(Collectors.toUnmodifiableList());
        }
    }

    /** Posts to a response URL or channel id. */
    public List<PostedMessage> postsTo(String responseUrlOrChannel) {
        synchronized (lock) {
            return posts.stream().filter(p -> p.target().equals(responseUrlOrChannel))
                    .collect(Collectors.toUnmodifiableList());
        }
    }

    public List<ApiCall> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    public List<ApiCall> calls(String method) {
        synchronized (lock) {
            return calls.stream().filter(c -> c.method().equals(method)).collect(Collectors.toUnmodifiableList());
        }
    }

    /** How many calls of {@code method} arrived, whatever they were answered. */
    public long count(String method) {
        synchronized (lock) {
            return calls.stream().filter(c -> c.method().equals(method)).count();
        }
    }

    /** Messages refused for breaking Block Kit's limits ({@code invalid_blocks}), each with Slack's reasons. */
    public List<String> refusals() {
        synchronized (lock) {
            return List.copyOf(refusals);
        }
    }

    /** Forgets recorded posts, calls and refusals; configuration and response URLs stay. */
    public void clear() {
        synchronized (lock) {
            posts.clear();
            calls.clear();
            refusals.clear();
        }
    }

    /**
     * Waits for the first post (already recorded or still to come) that matches, and returns it.
     *
     * @throws AssertionError on timeout, listing everything posted so far
     */
    public PostedMessage awaitPost(Predicate<PostedMessage> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (PostedMessage post : posts) {
                    if (condition.test(post)) {
                        return post;
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError(describeTimeout(timeout));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for a post", e);
                }
            }
        }
    }

    private String describeTimeout(Duration timeout) {
        StringBuilder message = new StringBuilder("no post matched within ").append(timeout.toMillis()).append(" ms; ");
        if (posts.isEmpty()) {
            message.append("nothing was posted");
        } else {
            message.append(posts.size()).append(" post(s):");
            posts.forEach(p -> message.append("\n  ").append(p.describe()));
        }
        if (!calls.isEmpty()) {
            Map<String, Long> byMethod = calls.stream()
                    .collect(Collectors.groupingBy(ApiCall::method, LinkedHashMap::new, Collectors.counting()));
            message.append("\nWeb API calls: ").append(byMethod.entrySet().stream()
                    .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", ")));
        }
        return message.toString();
    }

    private void record(PostedMessage post) {
        MessageSnapshots.write(post.blocks());
        synchronized (lock) {
            posts.add(post);
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SocketModeStandIn ws = socketMode;
        if (ws != null) {
            ws.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- Web API

    private void handleApi(HttpExchange exchange) throws IOException {
        try (exchange) {
            delay();
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String body = readBody(exchange);
            ObjectNode params;
            try {
                params = parseParams(exchange, contentType, body);
            } catch (IllegalArgumentException e) {
                recordCall(new ApiCall(method, SlackJson.object(), bearer(exchange), contentType, Instant.now()));
                sendJson(exchange, 200, error("invalid_json"));
                return;
            }
            String token = bearer(exchange);
            JsonNode bodyToken = params.remove("token");
            if (token == null && bodyToken != null && bodyToken.isTextual()) {
                token = bodyToken.asText();
            }
            recordCall(new ApiCall(method, params, token, contentType, Instant.now()));

            String expected = APP_TOKEN_METHODS.contains(method) ? appToken : botToken;
            if (!expected.equals(token)) {
                sendJson(exchange, 200, error("invalid_auth"));
                return;
            }
            AtomicInteger limited = rateLimits.get(method);
            if (limited != null && limited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                sendJson(exchange, 429, error("ratelimited"));
                return;
            }
            Fault fault = failures.get(method);
            if (fault != null && fault.remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                sendJson(exchange, 200, error(fault.error));
                return;
            }
            sendJson(exchange, 200, dispatch(method, params));
        } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain; charset=utf-8", "stand-in failure: " + e);
        }
    }

    private ObjectNode dispatch(String method, ObjectNode params) {
        if (Set.of("chat.postMessage", "chat.postEphemeral", "chat.update").contains(method)) {
            List<String> invalid = invalidBlocks(method, params);
            if (!invalid.isEmpty()) {
                ObjectNode out = error("invalid_blocks");
                invalid.forEach(out.putArray("errors")::add);
                return out;
            }
        }
        switch (method) {
            case "auth.test":
                return authTest();
            case "chat.postMessage":
                return postMessage(params);
            case "chat.postEphemeral":
                return postEphemeral(params);
            case "chat.update":
                return update(params);
            case "usergroups.users.list":
                return usergroupUsers(params);
            case "apps.connections.open":
                return connectionsOpen();
            default:
                return error("unknown_method");
        }
    }

    private static ObjectNode authTest() {
        ObjectNode out = ok();
        out.put("url", "https://" + SlackJson.TEAM_DOMAIN + ".slack.com/");
        out.put("team", "Example");
        out.put("user", "eksrole");
        out.put("team_id", TEAM_ID);
        out.put("user_id", BOT_USER_ID);
        out.put("bot_id", BOT_ID);
        out.put("is_enterprise_install", false);
        return out;
    }

    private ObjectNode postMessage(ObjectNode params) {
        String channel = text(params, "channel");
        if (channel == null || channel.isEmpty()) {
            return error("channel_not_found");
        }
        if (channelsWithoutBot.contains(channel)) {
            return error("not_in_channel");
        }
        if (!hasContent(params)) {
            return error("no_text");
        }
        String ts = nextTs();
        record(new PostedMessage(PostedMessage.POST_MESSAGE, channel, params, Instant.now(), ts));
        ObjectNode out = ok();
        out.put("channel", channel);
        out.put("ts", ts);
        out.set("message", echo(params, ts));
        return out;
    }

    private ObjectNode postEphemeral(ObjectNode params) {
        String channel = text(params, "channel");
        if (channel == null || channel.isEmpty()) {
            return error("channel_not_found");
        }
        String user = text(params, "user");
        if (user == null || user.isEmpty()) {
            return error("user_not_in_channel");
        }
        if (!hasContent(params)) {
            return error("no_text");
        }
        String ts = nextTs();
        record(new PostedMessage(PostedMessage.POST_EPHEMERAL, channel, params, Instant.now(), ts));
        ObjectNode out = ok();
        out.put("message_ts", ts);
        return out;
    }

    private ObjectNode update(ObjectNode params) {
        String channel = text(params, "channel");
        if (channel == null || channel.isEmpty()) {
            return error("channel_not_found");
        }
        String ts = text(params, "ts");
        if (ts == null || ts.isEmpty()) {
            return error("message_not_found");
        }
        if (!hasContent(params)) {
            return error("no_text");
        }
        record(new PostedMessage(PostedMessage.UPDATE, channel, params, Instant.now(), ts));
        ObjectNode out = ok();
        out.put("channel", channel);
        out.put("ts", ts);
        if (params.has("text")) {
            out.set("text", params.get("text"));
        }
        out.set("message", echo(params, ts));
        return out;
    }

    private ObjectNode usergroupUsers(ObjectNode params) {
        String[] users = usergroups.get(String.valueOf(text(params, "usergroup")));
        if (users == null) {
            return error("no_such_subteam");
        }
        ObjectNode out = ok();
        var array = out.putArray("users");
        for (String user : users) {
            array.add(user);
        }
        return out;
    }

    private ObjectNode connectionsOpen() {
        SocketModeStandIn ws = socketMode;
        if (ws == null) {
            return error("not_allowed_token_type");
        }
        ObjectNode out = ok();
        out.put("url", ws.issueConnectionUrl());
        return out;
    }

    private static boolean hasContent(ObjectNode params) {
        return nonEmpty(params.get("text")) || nonEmpty(params.get("blocks")) || nonEmpty(params.get("attachments"));
    }

    private static boolean nonEmpty(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        return node.isContainerNode() ? node.size() > 0 : !node.asText().isEmpty();
    }

    private static ObjectNode echo(ObjectNode params, String ts) {
        ObjectNode message = SlackJson.object();
        message.put("type", "message");
        message.put("user", BOT_USER_ID);
        message.put("bot_id", BOT_ID);
        message.put("team", TEAM_ID);
        message.put("ts", ts);
        for (String field : new String[] {"text", "blocks", "attachments", "thread_ts", "metadata"}) {
            if (params.has(field)) {
                message.set(field, params.get(field));
            }
        }
        if (!message.has("text")) {
            message.put("text", "");
        }
        return message;
    }

    private String nextTs() {
        long micros = tsMicros.getAndAdd(100);
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private void recordCall(ApiCall call) {
        synchronized (lock) {
            calls.add(call);
        }
    }

    private static ObjectNode parseParams(HttpExchange exchange, String contentType, String body) {
        ObjectNode params = SlackJson.formToParams(SlackJson.parseForm(exchange.getRequestURI().getRawQuery()));
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            if (!body.isBlank()) {
                params.setAll(SlackJson.normaliseJsonParams(SlackJson.parseObject(body)));
            }
        } else if (!body.isEmpty()) {
            params.setAll(SlackJson.formToParams(SlackJson.parseForm(body)));
        }
        return params;
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return null;
        }
        String prefix = "Bearer ";
        return header.regionMatches(true, 0, prefix, 0, prefix.length()) ? header.substring(prefix.length()).trim() : "";
    }

    private static String text(ObjectNode params, String name) {
        JsonNode value = params.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static ObjectNode ok() {
        ObjectNode out = SlackJson.object();
        out.put("ok", true);
        return out;
    }

    private static ObjectNode error(String error) {
        ObjectNode out = SlackJson.object();
        out.put("ok", false);
        out.put("error", error);
        return out;
    }

    // ---------------------------------------------------------------- response URL handling

    private void handleResponseUrl(HttpExchange exchange) throws IOException {
        try (exchange) {
            delay();
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                respond(exchange, 405, "text/plain; charset=utf-8", "method_not_allowed");
                return;
            }
            String body = readBody(exchange);
            String id = exchange.getRequestURI().getPath().substring("/response/".length());
            ResponseUrl state = responseUrls.get(id);
            if (state == null) {
                respond(exchange, 404, "text/plain; charset=utf-8", "no_such_url");
                return;
            }
            ObjectNode payload;
            try {
                payload = SlackJson.normaliseJsonParams(SlackJson.parseObject(body));
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, "text/plain; charset=utf-8", "invalid_payload");
                return;
            }
            if (!invalidBlocks("response_url", payload).isEmpty()) {
                respond(exchange, 400, "text/html", "invalid_blocks");
                return;
            }
            String refusal = state.use();
            if (refusal != null) {
                respond(exchange, 404, "text/plain; charset=utf-8", refusal);
                return;
            }
            record(new PostedMessage(PostedMessage.RESPONSE_URL, baseUrl + "/response/" + id, payload, Instant.now(), null));
            respond(exchange, 200, "text/html", "ok");
        } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain; charset=utf-8", "stand-in failure: " + e);
        }
    }

    /** Slack's Block Kit limits: a message that breaks them is refused, and the refusal recorded. */
    private List<String> invalidBlocks(String where, ObjectNode params) {
        List<String> invalid = BlockKitRules.violations(params.get("blocks"));
        if (!invalid.isEmpty()) {
            synchronized (lock) {
                refusals.add(where + ": " + String.join("; ", invalid));
            }
        }
        return invalid;
    }

    private String responseUrlId(String url) {
        String prefix = baseUrl + "/response/";
        return url != null && url.startsWith(prefix) ? url.substring(prefix.length()) : "";
    }

    // ---------------------------------------------------------------- plumbing

    private void delay() {
        Duration delay = latency;
        if (!delay.isZero() && !delay.isNegative()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void sendJson(HttpExchange exchange, int status, ObjectNode json) throws IOException {
        respond(exchange, status, JSON_UTF8, json.toString());
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class Fault {
        final String error;
        final AtomicInteger remaining;

        Fault(String error, AtomicInteger remaining) {
            this.error = error;
            this.remaining = remaining;
        }
    }

    private static final class ResponseUrl {
        volatile boolean expired;
        private int uses;

        /** Null when the post is accepted, else the error Slack would answer. */
        synchronized String use() {
            if (expired) {
                return "expired_url";
            }
            if (uses >= RESPONSE_URL_USES) {
                return "used_url";
            }
            uses++;
            return null;
        }
    }
}
