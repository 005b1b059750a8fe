package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;
import dev.eksrole.metrics.ServedMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's HTTP face on Jetty 12: {@code POST /slack/events} checks Slack's signature and hands the
 * request to Bolt; {@code GET /health} answers 200 once the bot is ready; {@code GET /metrics} answers
 * Prometheus' text format. In Socket Mode only the health and metrics endpoints are served.
 */
public final class SlackHttpServer implements AutoCloseable {

    public static final String EVENTS_PATH = "/slack/events";
    public static final String HEALTH_PATH = "/health";
    public static final String METRICS_PATH = "/metrics";
    /** Slack's payloads are small; anything far larger is not from Slack. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** How much of a refused body is read and dropped so that its sender sees the 413; past it, the connection is cut. */
    static final long MAX_DROPPED_BYTES = 16L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(SlackHttpServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final int requestedPort;

    /**
     * @param app the Bolt app, or {@code null} to serve only {@code /health} and {@code /metrics}
     * @param verifier the signature check, or {@code null} with a {@code null} app
     * @param host the address to listen on, or {@code null} for every interface
     * @param metrics what {@code GET /metrics} answers
     */
    public SlackHttpServer(App app, SlackRequestVerifier verifier, String host, int port, BooleanSupplier ready, ServedMetrics metrics) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("eksrole-http");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        requestedPort = port;
        server.addConnector(connector);
        server.setHandler(new SlackHandler(app, verifier, requireNonNull(ready, "ready"), requireNonNull(metrics, "metrics")));
        server.setStopTimeout(5_000);
    }

    /** @throws PortInUseException when another process listens on the port */
    public void start() throws Exception {
        try {
            server.start();
        } catch (java.io.IOException e) {
            server.stop();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.net.BindException) {
                    throw new PortInUseException(requestedPort, e);
                }
            }
            throw e;
        }
        LOG.info("listening on port {}", port());
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
    }

    /** Blocking: Bolt may call auth.test while it handles a request, so requests run on pool threads. */
    private static final class SlackHandler extends Handler.Abstract {

        private final App app;
        private final SlackRequestVerifier verifier;
        private final SlackRequestParser parser;
        private final BooleanSupplier ready;
        private final ServedMetrics metrics;

        SlackHandler(App app, SlackRequestVerifier verifier, BooleanSupplier ready, ServedMetrics metrics) {
            this.metrics = metrics;
            this.app = app;
            this.verifier = verifier;
            this.parser = app == null ? null : new SlackRequestParser(app.config());
            this.ready = ready;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (HEALTH_PATH.equals(path) && "GET".equals(request.getMethod())) {
                boolean up = ready.getAsBoolean();
                write(response, callback, up ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503, "text/plain",
                        up ? "ok" : "starting");
                return true;
            }
            if (METRICS_PATH.equals(path) && "GET".equals(request.getMethod())) {
                response.setStatus(HttpStatus.OK_200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, ServedMetrics.CONTENT_TYPE);
                Content.Sink.write(response, true, metrics.scrape(), callback);
                return true;
            }
            if (app == null || !EVENTS_PATH.equals(path)) {
                write(response, callback, HttpStatus.NOT_FOUND_404, "text/plain", "not found");
                return true;
            }
            if (!"POST".equals(request.getMethod())) {
                write(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "text/plain", "POST only");
                return true;
            }
            byte[] body;
            try (java.io.InputStream in = Content.Source.asInputStream(request)) {
                if (request.getLength() > MAX_BODY_BYTES) {
                    tooLarge(request, response, callback, in);
                    return true;
                }
                // read at most one byte past the limit, whatever the request claims: a chunked body has no length
                body = in.readNBytes(MAX_BODY_BYTES + 1);
                if (body.length > MAX_BODY_BYTES) {
                    tooLarge(request, response, callback, in);
                    return true;
                }
            } catch (java.io.IOException | RuntimeException e) {
                write(response, callback, HttpStatus.BAD_REQUEST_400, "text/plain", "unreadable body");
                return true;
            }
            try {
                serve(request, response, callback, body);
            } catch (Exception e) {
                LOG.error("Slack request failed", e);
                write(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "text/plain", "internal error");
            }
            return true;
        }

        private void serve(Request request, Response response, Callback callback, byte[] bytes) throws Exception {
            String timestamp = request.getHeaders().get(SlackRequestVerifier.TIMESTAMP_HEADER);
            String signature = request.getHeaders().get(SlackRequestVerifier.SIGNATURE_HEADER);
            String remote = Request.getRemoteAddr(request);
            String refusal = verifier.refusal(timestamp, signature, bytes);
            if (refusal != null) {
                LOG.warn("refused a request to {} from {} with 401: {}", EVENTS_PATH, remote, refusal);
                write(response, callback, HttpStatus.UNAUTHORIZED_401, "application/json", "{\"error\":\"invalid request\"}");
                return;
            }
            EventsRequestBody.Inspection inspection = EventsRequestBody.inspect(bytes, request.getHttpURI().getQuery());
            if (inspection instanceof EventsRequestBody.Malformed malformed) {
                malformed(response, callback, remote, malformed.reason());
                return;
            }
            if (inspection instanceof EventsRequestBody.Ignored ignored) {
                if (ignored.reason() != null) {
                    LOG.warn("ignored a request to {} from {} (answered 200, nothing done): {}", EVENTS_PATH, remote, ignored.reason());
                }
                write(response, callback, HttpStatus.OK_200, "text/plain", "");
                return;
            }
            EventsRequestBody.ForBolt slack = (EventsRequestBody.ForBolt) inspection;
            Map<String, List<String>> headers = new HashMap<>();
            for (HttpField field : request.getHeaders()) {
                headers.computeIfAbsent(field.getName().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
            }
            com.slack.api.bolt.request.Request<?> parsed;
            try {
                parsed = parser.parse(SlackRequestParser.HttpRequest.builder()
                        .requestUri(EVENTS_PATH)
                        .queryString(Map.of())
                        .requestBody(slack.body())
                        .headers(new RequestHeaders(headers))
                        .remoteAddress(remote)
                        .build());
            } catch (RuntimeException e) {
                // Bolt reads fields as it builds the request: a click without a user, a field of the wrong JSON type
                malformed(response, callback, remote, "Bolt cannot read this " + slack.kind() + " (" + e.getClass().getSimpleName() + ")");
                return;
            }
            if (parsed == null) {
                malformed(response, callback, remote, "Bolt does not take this " + slack.kind());
                return;
            }
            com.slack.api.bolt.response.Response answer = app.run(parsed);
            response.setStatus(answer.getStatusCode());
            if (answer.getHeaders() != null) {
                answer.getHeaders().forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
            }
            String contentType = answer.getContentType() == null ? "text/plain" : answer.getContentType();
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            Content.Sink.write(response, true, answer.getBody() == null ? "" : answer.getBody(), callback);
        }

        private static void tooLarge(Request request, Response response, Callback callback, java.io.InputStream body) {
            LOG.warn("refused a request to {} from {} with 413: the body is over {} bytes; Slack's are far smaller", EVENTS_PATH,
                    Request.getRemoteAddr(request), MAX_BODY_BYTES);
            drop(body);
            // the connection is closed after the refusal: say so, or a client that keeps connections alive sends its
            // next request down one the server is closing
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            write(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "text/plain", "too large");
        }

        /**
         * Reads what is left of a refused body, up to {@link #MAX_DROPPED_BYTES}, keeping none of it: a client still
         * sending then reads the refusal, where closing on unread bytes would reset the connection under it. A body
         * longer than that is cut off, reset and all.
         */
        private static void drop(java.io.InputStream body) {
            byte[] buffer = new byte[8192];
            long left = MAX_DROPPED_BYTES;
            try {
                int n;
                while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                    left -= n;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the client went away: nobody is left to read the refusal
            }
        }

        private static void malformed(Response response, Callback callback, String remote, String reason) {
            LOG.warn("refused a request to {} from {} with 400: {}", EVENTS_PATH, remote, reason);
            write(response, callback, HttpStatus.BAD_REQUEST_400, "text/plain", "malformed request");
        }

        private static void write(Response response, Callback callback, int status, String contentType, String body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
            Content.Sink.write(response, true, body, callback);
        }
    }
}
