package dev.eksrole.testing;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import dev.eksrole.Main;
import dev.eksrole.aws.AccountSessionCache;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.slack.SlackBot;
import dev.eksrole.slack.SlackHttpServer;
import dev.eksrole.slack.SlackSettings;
import dev.eksrole.testing.slack.SignedSlackRequests;
import dev.eksrole.testing.slack.SlackStandIn;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The bot running for real in this JVM: Bolt behind its Jetty server on a random port, the Slack
 * stand-in for the Web API and response URLs, and the IAM/STS fake behind the AWS SDK.
 */
public final class BotWorld implements AutoCloseable {

    public static final String SIGNING_SECRET = "8f742231b10e8888abcd99aaaddd85a5";

    private final AwsWorld aws;
    private final SlackStandIn slack;
    private final Injector injector;
    private final SlackBot bot;
    private final SignedSlackRequests requests;
    private final List<Module> overrides;

    private BotWorld(AwsWorld aws, SlackStandIn slack, Map<String, String> env, List<Module> overrides) throws Exception {
        this.aws = aws;
        this.slack = slack;
        this.overrides = overrides;
        var config = new ConfigLoader().load(aws.writeConfig());
        injector = Guice.createInjector(Stage.PRODUCTION,
                Modules.override(Main.modules(config, SlackSettings.fromEnvironment(env), env)).with(overrides));
        bot = injector.getInstance(SlackBot.class);
        bot.start();
        requests = new SignedSlackRequests(SIGNING_SECRET, URI.create("http://127.0.0.1:" + bot.port() + SlackHttpServer.EVENTS_PATH));
    }

    /**
     * Starts the bot in HTTP mode; add the AWS accounts to {@code aws} before. {@code overrides} replace bindings of
     * the real modules (e.g. shorter timings), for this instance and every {@link #another()}.
     */
    public static BotWorld http(AwsWorld aws, Module... overrides) throws Exception {
        SlackStandIn slack = SlackStandIn.start();
        return new BotWorld(aws, slack, environment(slack, false), List.of(overrides));
    }

    /** Starts the bot in Socket Mode against the stand-in's WebSocket server. */
    public static BotWorld socketMode(AwsWorld aws) throws Exception {
        SlackStandIn slack = SlackStandIn.start();
        slack.startSocketMode();
        return new BotWorld(aws, slack, environment(slack, true), List.of());
    }

    public static Map<String, String> environment(SlackStandIn slack, boolean socketMode) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", SlackStandIn.DEFAULT_BOT_TOKEN);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("PORT", "0");
        if (socketMode) {
            env.put("SLACK_APP_TOKEN", SlackStandIn.DEFAULT_APP_TOKEN);
        } else {
            env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
        }
        return env;
    }

    public AwsWorld aws() {
        return aws;
    }

    public SlackStandIn slack() {
        return slack;
    }

    public SlackBot bot() {
        return bot;
    }

    public SignedSlackRequests requests() {
        return requests;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + bot.port() + path);
    }

    /** The form body of {@code /eksrole <text>} from a user in a channel, with a fresh response URL. */
    public String command(String text, String userId, String channelId) {
        return requests.slashCommandBody("/eksrole", text, userId, "user-" + userId.toLowerCase(), channelId, slack.newResponseUrl());
    }

    public Injector injector() {
        return injector;
    }

    /** Stops this bot instance; the AWS fake and the Slack stand-in stay for another instance. */
    public void stopBot() {
        bot.close();
        injector.getInstance(AccountSessionCache.class).close();
        injector.getInstance(SdkHttpClient.class).close();
        injector.getInstance(dev.eksrole.store.StoreDatabase.class).close();
    }

    /** A second bot instance on the same config (same store), AWS fake and Slack stand-in, as a replica or a restart would be. */
    public BotWorld another() throws Exception {
        return new BotWorld(aws, slack, environment(slack, false), overrides);
    }

    @Override
    public void close() {
        stopBot();
        slack.close();
    }

    /** Query-string value of a form body, for tests that need the response URL they sent. */
    public static String formValue(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
