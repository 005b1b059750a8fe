package dev.eksrole.testing.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A local Socket Mode server: the WebSocket end of Slack that an app reaches through {@code apps.connections.open}.
 *
 * <p>Usually started by {@link SlackStandIn#startSocketMode()}, whose {@code apps.connections.open} then answers
 * with a URL from {@link #issueConnectionUrl()}: {@code ws://127.0.0.1:PORT/link?ticket=<ticket>}. Each ticket
 * admits one connection, as Slack's do; a handshake with an unknown or used ticket is refused with HTTP 403.
 *
 * <p>On connect the server sends Slack's {@code hello}. The test then pushes envelopes to the most recently
 * opened connection ({@link #sendSlashCommand}, {@link #sendBlockAction}) and waits for the app's
 * acknowledgement with {@link #awaitAck}. Every text frame the app sends is recorded; pings are answered with
 * pongs. Thread-safe.
 */
public final class SocketModeStandIn implements AutoCloseable {

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    private final Server server;
    private final ServerConnector connector;

    private final Object lock = new Object();
    private final List<Connection> open = new ArrayList<>();
    private final List<ReceivedFrame> received = new ArrayList<>();
    private final Set<String> tickets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();

    /**
     * A text frame the app sent.
     *
     * @param connection which connection it came on, counting from 1 in order of acceptance
     * @param text the frame as sent
     * @param json the frame parsed, or null when it is not a JSON object
     */
    public record ReceivedFrame(int connection, String text, ObjectNode json, Instant at) {
    }

    private SocketModeStandIn() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("socket-mode-stand-in");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        server.addConnector(connector);
        server.setStopTimeout(2_000);
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.setMaxTextMessageSize(4 * 1024 * 1024);
            container.addMapping("/link", this::accept);
            container.addMapping("/link/", this::accept);
        });
        server.setHandler(upgrades);
        server.start();
    }

    /** Starts a Socket Mode server on a random loopback port; {@link SlackStandIn#startSocketMode()} is the usual way. */
    public static SocketModeStandIn start() {
        try {
            return new SocketModeStandIn();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Socket Mode stand-in", e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** A one-use WebSocket URL, as {@code apps.connections.open} hands out. */
    public String issueConnectionUrl() {
        String ticket = UUID.randomUUID().toString();
        tickets.add(ticket);
        return "ws://127.0.0.1:" + port() + "/link?ticket=" + ticket;
    }

    // ---------------------------------------------------------------- connections

    public boolean connected() {
        synchronized (lock) {
            return !open.isEmpty();
        }
    }

    /** Open connections right now. */
    public int openConnections() {
        synchronized (lock) {
            return open.size();
        }
    }

    /** Connections accepted since start, including closed ones. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Handshakes refused for an unknown or already used ticket. */
    public int refusedHandshakes() {
        return refused.get();
    }

    /** Ping frames received from the app (each answered with a pong). */
    public int pingsReceived() {
        return pings.get();
    }

    /** Waits until at least one connection is open. */
    public void awaitConnected(Duration timeout) {
        await(() -> !open.isEmpty(), timeout, () -> "no Socket Mode connection within " + timeout.toMillis() + " ms ("
                + accepted.get() + " accepted, " + refused.get() + " handshakes refused, "
                + tickets.size() + " tickets unused)");
    }

    /** Waits until {@code count} connections have been accepted since start, e.g. after a reconnect. */
    public void awaitAcceptedConnections(int count, Duration timeout) {
        await(() -> accepted.get() >= count, timeout, () -> "expected " + count + " accepted connections within "
                + timeout.toMillis() + " ms, got " + accepted.get());
    }

    /** Waits until no connection is open. */
    public void awaitDisconnected(Duration timeout) {
        await(open::isEmpty, timeout, () -> openConnections() + " connection(s) still open after " + timeout.toMillis() + " ms");
    }

    // ---------------------------------------------------------------- pushing envelopes

    /**
     * Sends a {@code slash_commands} envelope whose payload holds the same fields Slack would send over HTTP.
     *
     * @return the envelope id the app must acknowledge
     */
    public String sendSlashCommand(String command, String text, String userId, String channelId, String responseUrl) {
        ObjectNode payload = SlackJson.object();
        SlackJson.slashCommandFields(command, text, userId, SlackJson.userName(userId), channelId, responseUrl)
                .forEach(payload::put);
        return sendEnvelope("slash_commands", payload, true);
    }

    /**
     * Sends an {@code interactive} envelope, e.g. with a payload from
     * {@link SignedSlackRequests#blockActionPayload}.
     *
     * @return the envelope id the app must acknowledge
     */
    public String sendBlockAction(ObjectNode payload) {
        return sendEnvelope("interactive", payload, false);
    }

    /** Sends an envelope of any type to the most recently opened connection and returns its id. */
    public String sendEnvelope(String type, ObjectNode payload, boolean acceptsResponsePayload) {
        String envelopeId = UUID.randomUUID().toString();
        ObjectNode envelope = SlackJson.object();
        envelope.put("envelope_id", envelopeId);
        envelope.set("payload", Objects.requireNonNull(payload, "payload"));
        envelope.put("type", type);
        envelope.put("accepts_response_payload", acceptsResponsePayload);
        sendRaw(envelope.toString());
        return envelopeId;
    }

    /** Sends Slack's {@code disconnect} message, e.g. {@code refresh_requested} or {@code warning}. */
    public void sendDisconnect(String reason) {
        ObjectNode message = SlackJson.object();
        message.put("type", "disconnect");
        message.put("reason", reason);
        message.putObject("debug_info").put("host", "local");
        sendRaw(message.toString());
    }

    /** Sends a text frame as is to the most recently opened connection. */
    public void sendRaw(String text) {
        Connection target;
        synchronized (lock) {
            if (open.isEmpty()) {
                throw new IllegalStateException("no Socket Mode connection is open (" + accepted.get()
                        + " accepted so far); call awaitConnected first");
            }
            target = open.get(open.size() - 1);
        }
        target.send(text);
    }

    /** Drops every open connection without a close handshake, as a network failure would. */
    public void dropConnections() {
        List<Connection> all;
        synchronized (lock) {
            all = List.copyOf(open);
        }
        all.forEach(Connection::drop);
    }

    // ---------------------------------------------------------------- observation

    public List<ReceivedFrame> received() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    /**
     * Waits for the app's acknowledgement of an envelope, {@code {"envelope_id": ..., "payload": ...?}}.
     *
     * @throws AssertionError on timeout, listing the frames received so far
     */
    public ObjectNode awaitAck(String envelopeId, Duration timeout) {
        Predicate<ReceivedFrame> isAck = f -> f.json() != null && envelopeId.equals(f.json().path("envelope_id").asText(null));
        ReceivedFrame[] found = new ReceivedFrame[1];
        await(() -> {
            for (ReceivedFrame frame : received) {
                if (isAck.test(frame)) {
                    found[0] = frame;
                    return true;
                }
            }
            return false;
        }, timeout, () -> describeMissingAck(envelopeId, timeout));
        return found[0].json();
    }

    private String describeMissingAck(String envelopeId, Duration timeout) {
        StringBuilder message = new StringBuilder("no ack for envelope ").append(envelopeId).append(" within ")
                .append(timeout.toMillis()).append(" ms; ").append(open.size()).append(" connection(s) open; ");
        if (received.isEmpty()) {
            message.append("nothing received from the app");
        } else {
            message.append(received.size()).append(" frame(s) received:");
            received.forEach(f -> message.append("\n  #").append(f.connection()).append(' ')
                    .append(SlackJson.abbreviate(f.text())));
        }
        return message.toString();
    }

    private void await(BooleanSupplier condition, Duration timeout,
                       Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.getAsBoolean()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError(failure.get());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting", e);
                }
            }
        }
    }

    /** Closes every connection with a normal close frame, then stops the server. */
    @Override
    public void close() {
        List<Connection> all;
        synchronized (lock) {
            all = List.copyOf(open);
        }
        for (Connection connection : all) {
            connection.closeNormally();
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the Socket Mode stand-in", e);
        }
    }

    // ---------------------------------------------------------------- server side

    private Object accept(ServerUpgradeRequest request, ServerUpgradeResponse response,
                          org.eclipse.jetty.util.Callback callback) {
        String ticket = SlackJson.parseForm(request.getHttpURI().getQuery()).get("ticket");
        if (ticket == null || !tickets.remove(ticket)) {
            refused.incrementAndGet();
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "unknown or used ticket");
            return null;
        }
        return new Connection(accepted.incrementAndGet());
    }

    private ObjectNode hello(int connections) {
        ObjectNode hello = SlackJson.object();
        hello.put("type", "hello");
        hello.put("num_connections", connections);
        ObjectNode debug = hello.putObject("debug_info");
        debug.put("host", "local");
        debug.put("started", LocalDateTime.now(ZoneOffset.UTC).format(STARTED));
        debug.put("build_number", 1);
        debug.put("approximate_connection_time", 18060);
        hello.putObject("connection_info").put("app_id", SlackJson.APP_ID);
        return hello;
    }

    /** One WebSocket connection from the app; public only because Jetty invokes its methods reflectively. */
    public final class Connection implements Session.Listener.AutoDemanding {

        private final int number;
        private volatile Session session;

        private Connection(int number) {
            this.number = number;
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            this.session = opened;
            synchronized (lock) {
                // hello is queued before the connection becomes visible, so it is always the first frame
                synchronized (this) {
                    opened.sendText(hello(open.size() + 1).toString(), Callback.NOOP);
                }
                open.add(this);
                lock.notifyAll();
            }
        }

        @Override
        public void onWebSocketText(String text) {
            ObjectNode json = null;
            try {
                JsonNode node = SlackJson.MAPPER.readTree(text);
                if (node != null && node.isObject()) {
                    json = (ObjectNode) node;
                }
            } catch (Exception e) {
                // kept as text only
            }
            synchronized (lock) {
                received.add(new ReceivedFrame(number, text, json, Instant.now()));
                lock.notifyAll();
            }
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            pings.incrementAndGet();
            Session current = session;
            if (current != null && current.isOpen()) {
                synchronized (this) {
                    current.sendPong(payload, Callback.NOOP);
                }
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            gone();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            gone();
        }

        private void gone() {
            synchronized (lock) {
                open.remove(this);
                lock.notifyAll();
            }
        }

        synchronized void send(String text) {
            Session current = session;
            if (current == null || !current.isOpen()) {
                throw new IllegalStateException("Socket Mode connection #" + number + " is closed");
            }
            Callback.Completable sent = new Callback.Completable();
            current.sendText(text, sent);
            try {
                sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot send on Socket Mode connection #" + number, e);
            }
        }

        void closeNormally() {
            Session current = session;
            if (current == null || !current.isOpen()) {
                return;
            }
            Callback.Completable closed = new Callback.Completable();
            current.close(StatusCode.NORMAL, "stand-in closing", closed);
            try {
                closed.get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                current.disconnect();
            }
        }

        void drop() {
            Session current = session;
            if (current != null) {
                current.disconnect();
            }
            gone();
        }
    }
}
