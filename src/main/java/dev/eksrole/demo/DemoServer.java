package dev.eksrole.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's one server, on the loopback interface only: the channel page and its resources, the page's own calls
 * ({@code /demo/state}, {@code /demo/command}, {@code /demo/click}, {@code /demo/reset}), and Slack's end that the bot
 * calls ({@code /api/}, {@code /hooks/}). A command or a click from the page becomes a signed request to the bot, as
 * Slack would send it; what the bot posts comes back through the Web API and response URLs into the channel.
 */
final class DemoServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The page's files: the only resources served. */
    private static final Map<String, String> PAGE = Map.of(
            "/", "index.html|text/html; charset=utf-8",
            "/demo.css", "demo.css|text/css; charset=utf-8",
            "/demo.js", "demo.js|text/javascript; charset=utf-8");
    /** A header no other site's page can make a browser send here without asking first (CORS), which this server never allows. */
    static final String PAGE_HEADER = "X-Eksrole-Demo";
    /** What a command or click sent before the bot answers gets, instead of failing. */
    static final String STARTING = "eksrole is still starting: send it again in a moment";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "eksrole-demo-http");
        thread.setDaemon(true);
        return thread;
    });
    private final DemoChannel channel;
    private final DemoOrganisation organisation;
    private final DemoSlackApi slack;
    private volatile DemoRequests bot;

    /** @throws java.net.BindException when the port is taken */
    DemoServer(int port, DemoChannel channel, DemoOrganisation organisation, String botToken) throws IOException {
        this.channel = requireNonNull(channel, "channel");
        this.organisation = requireNonNull(organisation, "organisation");
        this.slack = new DemoSlackApi(channel, botToken);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 64);
        server.setExecutor(threads);
        server.createContext(DemoSlackApi.API_PATH, guarded(slack::handleApi));
        server.createContext(DemoSlackApi.HOOKS_PATH, guarded(slack::handleHook));
        server.createContext("/demo/", guarded(this::handlePage));
        server.createContext("/", guarded(this::handleResource));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: the page, and the base of the Web API and response URLs. */
    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Where commands and clicks go from now on: the bot, once it listens. */
    void connect(DemoRequests requests) {
        this.bot = requireNonNull(requests, "requests");
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /**
     * Only requests addressed to this server by its loopback name are served, so that a page of another site cannot
     * reach it by pointing a name of its own at 127.0.0.1; failures answer 500 with one line, never a trace.
     */
    private com.sun.net.httpserver.HttpHandler guarded(Handler handler) {
        return exchange -> {
            try {
                String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host"));
                if (!host.equals("127.0.0.1:" + port()) && !host.equals("localhost:" + port())) {
                    DemoHttp.send(exchange, 421, "text/plain; charset=utf-8", "this server answers only to 127.0.0.1:" + port());
                    return;
                }
                handler.handle(exchange);
            } catch (IOException | RuntimeException e) {
                LOG.warn("demo request {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
                try {
                    DemoHttp.send(exchange, 500, "text/plain; charset=utf-8", "failed: " + e.getClass().getSimpleName());
                } catch (IOException | RuntimeException ignored) {
                    // the answer had begun, or the page went away: nothing left to tell it
                }
            } finally {
                exchange.close();
            }
        };
    }

    private void handleResource(HttpExchange exchange) throws IOException {
        String spec = PAGE.get(exchange.getRequestURI().getPath());
        if (spec == null || !"GET".equals(exchange.getRequestMethod())) {
            DemoHttp.send(exchange, 404, "text/plain; charset=utf-8", "not found");
            return;
        }
        String[] parts = spec.split("\\|");
        try (InputStream in = DemoServer.class.getResourceAsStream("page/" + parts[0])) {
            if (in == null) {
                throw new IOException("the page's " + parts[0] + " is missing from the jar");
            }
            exchange.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'");
            DemoHttp.send(exchange, 200, parts[1], new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void handlePage(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if ("GET".equals(exchange.getRequestMethod()) && path.equals("/demo/state")) {
            // ready: the bot answers; until then the page says it is starting rather than letting a command fail
            sendJson(exchange, 200, DemoState.of(channel, organisation, query(exchange, "as")).put("ready", bot != null));
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod()) || !"1".equals(exchange.getRequestHeaders().getFirst(PAGE_HEADER))) {
            DemoHttp.send(exchange, 405, "text/plain; charset=utf-8", "POST from the demo page only");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(DemoHttp.body(exchange));
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            sendJson(exchange, 400, problem("the body must be a JSON object"));
            return;
        }
        switch (path) {
            case "/demo/command" -> sendJson(exchange, 200, command(body));
            case "/demo/click" -> sendJson(exchange, 200, click(body));
            case "/demo/reset" -> {
                organisation.reset();
                channel.clear();
                sendJson(exchange, 200, JSON.createObjectNode().put("ok", true));
            }
            default -> DemoHttp.send(exchange, 404, "text/plain; charset=utf-8", "not found");
        }
    }

    /** {@code /eksrole ...} typed in the composer: signed and sent to the bot with a fresh response URL. */
    private ObjectNode command(JsonNode body) throws IOException {
        Optional<Person> person = person(body);
        String typed = body.path("text").asText("").strip();
        if (person.isEmpty()) {
            return problem("pick who you are first");
        }
        if (!typed.equals("/eksrole") && !typed.startsWith("/eksrole ")) {
            return problem("type a command of the app: /eksrole help");
        }
        DemoRequests requests = bot;
        if (requests == null) {
            return problem(STARTING);
        }
        // Slack keeps what people type escaped, as it keeps the bot's text: &, < and > are entities
        channel.post(person.get().id(), typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), null, null,
                person.get().id());
        return sent(person.get(), null,
                responseUrl -> requests.command(person.get(), typed.substring("/eksrole".length()).strip(), responseUrl));
    }

    /** A button pressed: only a button that is on a message this person sees, with the value the bot gave it. */
    private ObjectNode click(JsonNode body) throws IOException {
        Optional<Person> person = person(body);
        Optional<DemoChannel.Message> message = channel.find(body.path("ts").asText(""));
        if (person.isEmpty() || message.isEmpty()
                || (message.get().visibleTo() != null && !message.get().visibleTo().equals(person.get().id()))) {
            return problem("that message is no longer there");
        }
        DemoRequests requests = bot;
        if (requests == null) {
            return problem(STARTING);
        }
        String actionId = body.path("actionId").asText("");
        Optional<String> value = DemoState.buttonValue(message.get().blocks(), actionId);
        if (value.isEmpty()) {
            return problem("that button is no longer there");
        }
        return sent(person.get(), message.get(),
                responseUrl -> requests.click(person.get(), message.get(), actionId, value.get(), responseUrl));
    }

    /** One request to the bot, given the response URL made for it. */
    private interface BotRequest {
        DemoRequests.Answer send(String responseUrl) throws IOException;
    }

    /**
     * Sends a command or a click with a fresh response URL (tied to the clicked message, if any), keeping a place in the
     * channel for the reply before the request goes out, as Slack shows a reply where the asker acted.
     */
    private ObjectNode sent(Person person, DemoChannel.Message clicked, BotRequest request) throws IOException {
        String hook = channel.newHook(person.id(), clicked == null ? null : clicked.ts());
        String responseUrl = baseUrl() + DemoSlackApi.HOOKS_PATH + hook;
        String place = channel.post(DemoChannel.BOT_USER, "", null, null, person.id());
        acknowledged(person, request.send(responseUrl), clicked, place);
        return JSON.createObjectNode().put("ok", true);
    }

    /**
     * An acknowledgement with a body is a reply, as Slack shows it: to the asker only unless it says in_channel, in the
     * place kept for it before the request went out; without a body the place is given up.
     */
    private void acknowledged(Person person, DemoRequests.Answer answer, DemoChannel.Message clicked, String place) {
        if (answer.status() != 200) {
            channel.fill(place, "The app did not answer (HTTP " + answer.status() + ").", null);
            return;
        }
        if (answer.body() == null || answer.body().isBlank()) {
            channel.delete(place);
            return;
        }
        JsonNode reply;
        try {
            reply = JSON.readTree(answer.body());
        } catch (JsonProcessingException e) {
            channel.fill(place, answer.body(), null);
            return;
        }
        if (clicked != null && reply.path("replace_original").asBoolean(false)) {
            channel.delete(place);
            channel.update(clicked.ts(), reply.path("text").asText(""), reply.get("blocks"));
        } else if ("in_channel".equals(reply.path("response_type").asText(""))) {
            channel.delete(place);
            channel.post(DemoChannel.BOT_USER, reply.path("text").asText(""), reply.get("blocks"), null, null);
        } else {
            channel.fill(place, reply.path("text").asText(""), reply.get("blocks"));
        }
    }

    private static Optional<Person> person(JsonNode body) {
        return Person.byId(body.path("as").asText(""));
    }

    private static String query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        return raw == null ? null : DemoSlackApi.form(raw).get(name);
    }

    private static ObjectNode problem(String message) {
        return JSON.createObjectNode().put("ok", false).put("error", message);
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        DemoHttp.send(exchange, status, "application/json; charset=utf-8", body.toString());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
