package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import com.slack.api.methods.SlackApiException;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.impl.SocketModeClientTyrusImpl;
import com.slack.api.socket_mode.listener.WebSocketMessageListener;
import com.slack.api.socket_mode.response.AckResponse;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket Mode's counterpart of {@link EventsRequestBody}: the envelopes Slack sends over the WebSocket handed to
 * Bolt only when they have Slack's shape, in place of Bolt's own listener, which logs a failing envelope at ERROR with
 * a stack trace and acknowledges nothing. A message that is not an envelope is dropped with one WARN line; an envelope
 * of a kind eksrole has no use for, or that Bolt cannot read, is acknowledged (so Slack does not send it again) and
 * dropped with one WARN line. No line quotes the message. The connection lives on whatever arrives.
 */
final class SocketModeEnvelopes implements WebSocketMessageListener {

    private static final Logger LOG = LoggerFactory.getLogger(SocketModeEnvelopes.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** Slack's envelope ids are UUIDs; anything sane is taken, nothing that could not be sent back as it came. */
    private static final Pattern ENVELOPE_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");
    /** What the Socket Mode client handles itself, or Slack sends only to say hello. */
    private static final Set<String> CONNECTION_MESSAGES = Set.of("hello", "disconnect");

    private final App app;
    private final SocketModeClient client;
    private final SocketModeRequestParser parser;
    private final Gson gson;

    private SocketModeEnvelopes(App app, SocketModeClient client) {
        this.app = requireNonNull(app, "app");
        this.client = requireNonNull(client, "client");
        this.parser = new SocketModeRequestParser(app.config());
        this.gson = GsonFactory.createSnakeCase(app.slack().getConfig());
    }

    /**
     * A Socket Mode client for the app token (not yet connected) whose messages reach Bolt through these checks.
     *
     * @throws IOException, SlackApiException when {@code apps.connections.open} fails
     */
    static SocketModeClient client(Slack slack, String appToken, App app) throws IOException, SlackApiException {
        SocketModeClient client;
        try {
            client = new GuardedClient(slack, appToken);
        } catch (URISyntaxException e) {
            throw new IOException("Slack gave a Socket Mode URL that is not one", e);
        }
        client.addWebSocketMessageListener(new SocketModeEnvelopes(app, client));
        return client;
    }

    /**
     * The SDK's client, but a message it cannot read (not JSON, a type that is not text) costs one WARN line, no stack
     * trace. Annotated again: the WebSocket container reads {@code @ClientEndpoint} from the class itself.
     */
    @javax.websocket.ClientEndpoint
    static final class GuardedClient extends SocketModeClientTyrusImpl {

        GuardedClient(Slack slack, String appToken) throws URISyntaxException, IOException, SlackApiException {
            super(slack, appToken);
        }

        @Override
        public void enqueueMessage(String message) {
            if (message == null || !message.startsWith("{")) {
                // the SDK drops these without a word
                LOG.warn("dropped a Socket Mode message that is not a JSON object");
                return;
            }
            super.enqueueMessage(message);
        }

        @Override
        public void processMessage(String message) throws IOException {
            try {
                super.processMessage(message);
            } catch (RuntimeException e) {
                LOG.warn("dropped a Socket Mode message that is not Slack's: {}", e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public void handle(String message) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(message);
        } catch (IOException e) {
            LOG.warn("dropped a Socket Mode message that is not JSON");
            return;
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("type").isTextual()) {
            LOG.warn("dropped a Socket Mode message that is not an envelope");
            return;
        }
        String type = envelope.get("type").asText();
        if (CONNECTION_MESSAGES.contains(type)) {
            return;
        }
        String envelopeId = envelope.path("envelope_id").isTextual() ? envelope.get("envelope_id").asText() : null;
        if (envelopeId == null || !ENVELOPE_ID.matcher(envelopeId).matches()) {
            LOG.warn("dropped a Socket Mode envelope without a usable envelope_id");
            return;
        }
        JsonNode payload = envelope.get("payload");
        String problem = payload == null || !payload.isObject() ? "its payload is not a JSON object"
                : switch (type) {
                    case "slash_commands" -> null;
                    case "interactive" -> payload.path("type").asText("").equals("block_actions") ? null
                            : "an interaction eksrole has no use for";
                    case "events_api" -> "an event: eksrole subscribes to none";
                    default -> "a kind of envelope eksrole does not know";
                };
        if (problem != null) {
            LOG.warn("acknowledged and dropped a Socket Mode envelope: {}", problem);
            ack(envelopeId);
            return;
        }
        SocketModeRequest request;
        try {
            request = parser.parse(message);
        } catch (RuntimeException e) {
            LOG.warn("acknowledged and dropped a Socket Mode envelope that Bolt cannot read ({})", e.getClass().getSimpleName());
            ack(envelopeId);
            return;
        }
        if (request == null || request.getBoltRequest() == null) {
            LOG.warn("acknowledged and dropped a Socket Mode envelope that Bolt does not take");
            ack(envelopeId);
            return;
        }
        run(request, envelopeId);
    }

    private void run(SocketModeRequest request, String envelopeId) {
        Response answer;
        try {
            answer = app.run(request.getBoltRequest());
        } catch (Exception e) {
            LOG.error("Slack request over Socket Mode failed", e);
            return;
        }
        if (answer.getStatusCode() != 200 || answer.getBody() == null || answer.getBody().isEmpty()) {
            ack(envelopeId);
            return;
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("envelope_id", envelopeId);
        if (answer.getContentType() != null && answer.getContentType().startsWith("application/json")) {
            reply.put("payload", gson.fromJson(answer.getBody(), JsonElement.class));
        } else {
            reply.put("payload", Map.of("text", answer.getBody()));
        }
        client.sendSocketModeResponse(gson.toJson(reply));
    }

    private void ack(String envelopeId) {
        client.sendSocketModeResponse(new AckResponse(envelopeId));
    }
}
