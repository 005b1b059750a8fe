package dev.eksrole.bench.apps;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The baseline bot: Bolt 1.51 with one slash command that only acknowledges, on Jetty 12 with {@code /health},
 * configured from the same variables as eksrole ({@code SLACK_BOT_TOKEN}, {@code SLACK_SIGNING_SECRET},
 * {@code SLACK_API_URL}, {@code PORT}). Whatever eksrole costs beyond this is eksrole's own.
 */
public final class BareBoltApp {

    public static final String COMMAND = "/eksrole";
    public static final String EVENTS_PATH = "/slack/events";
    public static final String HEALTH_PATH = "/health";

    private final Server server;
    private final ServerConnector connector;
    private final App app;

    public BareBoltApp(Map<String, String> env) {
        SlackConfig slackConfig = new SlackConfig();
        String apiUrl = env.get("SLACK_API_URL");
        if (apiUrl != null && !apiUrl.isBlank()) {
            slackConfig.setMethodsEndpointUrlPrefix(apiUrl);
        }
        // what eksrole turns off stays off here too, so that the difference is eksrole's own work
        slackConfig.setPrettyResponseLoggingEnabled(false);
        slackConfig.getMethodsConfig().setStatsEnabled(false);
        app = new App(AppConfig.builder()
                .slack(Slack.getInstance(slackConfig))
                .singleTeamBotToken(env.get("SLACK_BOT_TOKEN"))
                .signingSecret(env.get("SLACK_SIGNING_SECRET"))
                .build());
        app.command(COMMAND, (request, context) -> context.ack("Checking…"));
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(env.getOrDefault("PORT", "3000")));
        server.addConnector(connector);
        server.setHandler(new BoltHandler(app));
    }

    public static void main(String[] args) throws Exception {
        BareBoltApp bot = new BareBoltApp(System.getenv());
        bot.start();
        Runtime.getRuntime().addShutdownHook(new Thread(bot::stop, "bare-bolt-shutdown"));
        bot.server.join();
    }

    /** Bolt first (it calls auth.test, as eksrole's start does), then the port. */
    public void start() throws Exception {
        app.start();
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway: nothing left to serve
        }
        app.stop();
    }

    /** Feeds {@code POST /slack/events} to Bolt's own parser and {@code App.run}; {@code GET /health} answers 200. */
    private static final class BoltHandler extends Handler.Abstract {

        private final App app;
        private final SlackRequestParser parser;

        BoltHandler(App app) {
            this.app = app;
            this.parser = new SlackRequestParser(app.config());
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            if (HEALTH_PATH.equals(path)) {
                write(response, callback, 200, "text/plain", "ok");
                return true;
            }
            if (!EVENTS_PATH.equals(path) || !"POST".equals(request.getMethod())) {
                write(response, callback, 404, "text/plain", "not found");
                return true;
            }
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new HashMap<>();
            for (HttpField field : request.getHeaders()) {
                headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
            }
            com.slack.api.bolt.request.Request<?> slackRequest = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(EVENTS_PATH)
                    .queryString(Map.of())
                    .requestBody(body)
                    .headers(new RequestHeaders(headers))
                    .remoteAddress(Request.getRemoteAddr(request))
                    .build());
            if (slackRequest == null) {
                write(response, callback, 400, "text/plain", "not a Slack request");
                return true;
            }
            com.slack.api.bolt.response.Response answer = app.run(slackRequest);
            write(response, callback, answer.getStatusCode(),
                    answer.getContentType() == null ? "text/plain" : answer.getContentType(),
                    answer.getBody() == null ? "" : answer.getBody());
            return true;
        }

        private static void write(Response response, Callback callback, int status, String contentType, String body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            Content.Sink.write(response, true, body, callback);
        }
    }
}
