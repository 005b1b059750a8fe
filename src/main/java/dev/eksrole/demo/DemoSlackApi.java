package dev.eksrole.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slack's end of the demo: the Web API methods the bot calls ({@code auth.test}, {@code chat.postMessage},
 * {@code chat.postEphemeral}, {@code chat.update}, {@code usergroups.users.list}) under {@code /api/}, and the response
 * URLs under {@code /hooks/}, answered in Slack's shapes and written into the {@link DemoChannel}. The bot reaches them
 * through {@code SLACK_API_URL}, as it would reach GovSlack.
 */
final class DemoSlackApi {

    static final String API_PATH = "/api/";
    static final String HOOKS_PATH = "/hooks/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoChannel channel;
    private final byte[] botToken;

    DemoSlackApi(DemoChannel channel, String botToken) {
        this.channel = requireNonNull(channel, "channel");
        this.botToken = requireNonNull(botToken, "botToken").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code POST /api/<method>}: Slack answers 200 with {@code ok} true or false and an error code. */
    void handleApi(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestURI().getPath().substring(API_PATH.length());
        ObjectNode params = params(exchange);
        String token = bearer(exchange);
        if (token == null && params.hasNonNull("token")) {
            token = params.get("token").asText();
        }
        ObjectNode answer = token == null || !MessageDigest.isEqual(botToken, token.getBytes(StandardCharsets.UTF_8))
                ? error("invalid_auth") : dispatch(method, params);
        DemoHttp.send(exchange, 200, "application/json; charset=utf-8", answer.toString());
    }

    private ObjectNode dispatch(String method, ObjectNode params) {
        return switch (method) {
            case "auth.test" -> authTest();
            case "chat.postMessage" -> postMessage(params);
            case "chat.postEphemeral" -> postEphemeral(params);
            case "chat.update" -> update(params);
            case "usergroups.users.list" -> usergroupUsers(params);
            default -> error("unknown_method");
        };
    }

    private static ObjectNode authTest() {
        ObjectNode out = ok();
        out.put("url", "http://127.0.0.1/");
        out.put("team", "eksrole demo");
        out.put("user", "eksrole");
        out.put("team_id", DemoRequests.TEAM_ID);
        out.put("user_id", DemoChannel.BOT_USER);
        out.put("bot_id", DemoChannel.BOT_ID);
        out.put("is_enterprise_install", false);
        return out;
    }

    private ObjectNode postMessage(ObjectNode params) {
        if (!DemoChannel.ID.equals(text(params, "channel"))) {
            return error("channel_not_found");
        }
        if (!hasContent(params)) {
            return error("no_text");
        }
        String ts = channel.post(DemoChannel.BOT_USER, text(params, "text"), params.get("blocks"), text(params, "thread_ts"), null);
        ObjectNode out = ok();
        out.put("channel", DemoChannel.ID);
        out.put("ts", ts);
        ObjectNode message = out.putObject("message");
        message.put("type", "message");
        message.put("user", DemoChannel.BOT_USER);
        message.put("bot_id", DemoChannel.BOT_ID);
        message.put("ts", ts);
        message.put("text", String.valueOf(text(params, "text")));
        return out;
    }

    private ObjectNode postEphemeral(ObjectNode params) {
        if (!DemoChannel.ID.equals(text(params, "channel"))) {
            return error("channel_not_found");
        }
        String user = text(params, "user");
        if (user == null || !Person.known(user)) {
            return error("user_not_in_channel");
        }
        if (!hasContent(params)) {
            return error("no_text");
        }
        String ts = channel.post(DemoChannel.BOT_USER, text(params, "text"), params.get("blocks"), text(params, "thread_ts"), user);
        ObjectNode out = ok();
        out.put("message_ts", ts);
        return out;
    }

    private ObjectNode update(ObjectNode params) {
        if (!DemoChannel.ID.equals(text(params, "channel"))) {
            return error("channel_not_found");
        }
        String ts = text(params, "ts");
        if (ts == null || !channel.update(ts, text(params, "text"), params.get("blocks"))) {
            return error("message_not_found");
        }
        ObjectNode out = ok();
        out.put("channel", DemoChannel.ID);
        out.put("ts", ts);
        out.put("text", String.valueOf(text(params, "text")));
        return out;
    }

    private static ObjectNode usergroupUsers(ObjectNode params) {
        if (!Person.APPROVER_GROUP.equals(text(params, "usergroup"))) {
            return error("no_such_subteam");
        }
        ObjectNode out = ok();
        Person.approverGroupMembers().forEach(out.putArray("users")::add);
        return out;
    }

    /**
     * {@code POST /hooks/<token>}: a new message (in the channel, or ephemeral to whoever asked), or with
     * {@code replace_original} the clicked message replaced, or with {@code delete_original} removed.
     */
    void handleHook(HttpExchange exchange) throws IOException {
        String token = exchange.getRequestURI().getPath().substring(HOOKS_PATH.length());
        Optional<DemoChannel.Hook> hook = channel.useHook(token);
        if (hook.isEmpty()) {
            DemoHttp.send(exchange, 404, "text/plain; charset=utf-8", "no_active_hooks");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(DemoHttp.body(exchange));
        } catch (JsonProcessingException e) {
            DemoHttp.send(exchange, 400, "text/plain; charset=utf-8", "invalid_payload");
            return;
        }
        if (body == null || !body.isObject() || !(body.hasNonNull("text") || body.hasNonNull("blocks"))) {
            DemoHttp.send(exchange, 400, "text/plain; charset=utf-8", "no_text");
            return;
        }
        String text = body.path("text").asText("");
        JsonNode blocks = body.get("blocks");
        String clicked = hook.get().messageTs();
        if (clicked != null && body.path("delete_original").asBoolean(false)) {
            channel.delete(clicked);
        } else if (clicked != null && body.path("replace_original").asBoolean(false)) {
            channel.update(clicked, text, blocks);
        } else {
            boolean inChannel = "in_channel".equals(body.path("response_type").asText("ephemeral"));
            String threadTs = body.hasNonNull("thread_ts") ? body.get("thread_ts").asText() : null;
            channel.post(DemoChannel.BOT_USER, text, blocks, threadTs, inChannel ? null : hook.get().user());
        }
        DemoHttp.send(exchange, 200, "text/plain; charset=utf-8", "ok");
    }

    /** Form or JSON parameters; in a form, {@code blocks} is JSON text, which is parsed. */
    private static ObjectNode params(HttpExchange exchange) throws IOException {
        String body = DemoHttp.body(exchange);
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        ObjectNode params = JSON.createObjectNode();
        if (type.startsWith("application/json")) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.isObject()) {
                    params.setAll((ObjectNode) node);
                }
            } catch (JsonProcessingException e) {
                return params;
            }
        } else {
            form(body).forEach(params::put);
        }
        JsonNode blocks = params.get("blocks");
        if (blocks != null && blocks.isTextual()) {
            try {
                params.set("blocks", JSON.readTree(blocks.asText()));
            } catch (JsonProcessingException e) {
                params.remove("blocks");
            }
        }
        return params;
    }

    static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()).strip() : null;
    }

    private static String text(ObjectNode params, String name) {
        JsonNode value = params.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static boolean hasContent(ObjectNode params) {
        JsonNode text = params.get("text");
        JsonNode blocks = params.get("blocks");
        return (text != null && !text.asText().isEmpty()) || (blocks != null && blocks.size() > 0);
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("ok", true);
    }

    private static ObjectNode error(String code) {
        return JSON.createObjectNode().put("ok", false).put("error", code);
    }
}
