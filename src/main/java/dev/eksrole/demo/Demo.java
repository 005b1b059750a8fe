package dev.eksrole.demo;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.eksrole.NodeRoleModule;
import dev.eksrole.config.ConfigException;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.fix.FixModule;
import dev.eksrole.metrics.MetricsModule;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.slack.SlackBot;
import dev.eksrole.slack.SlackHttpServer;
import dev.eksrole.slack.SlackModule;
import dev.eksrole.slack.SlackSettings;
import dev.eksrole.slack.SlackSettingsException;
import dev.eksrole.store.StoreDatabase;
import dev.eksrole.store.StoreModule;
import dev.eksrole.watch.WatchModule;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code eksrole demo}: the bot as {@code serve} runs it (Bolt, the checks, the fix workflow, the store, the message
 * builders) between two simulated ends: a channel page with Slack's Web API and response URLs behind it, and an
 * organisation of simulated accounts behind the domain's {@link AccountAccess} port. Everything listens on loopback;
 * no AWS SDK client is built, so no credentials are read and no request leaves the machine.
 */
public final class Demo implements AutoCloseable {

    private final DemoOrganisation organisation;
    private final DemoServer server;
    private final Injector injector;
    private final SlackBot bot;
    private final Path temporaryData;

    private Demo(DemoOrganisation organisation, DemoServer server, Injector injector, SlackBot bot, Path temporaryData) {
        this.organisation = organisation;
        this.server = server;
        this.injector = injector;
        this.bot = bot;
        this.temporaryData = temporaryData;
    }

    /**
     * Starts the page's server on {@code port} (0: any free port), then the bot on a free loopback port.
     *
     * @param dataDir where the store keeps plans and the audit trail, or {@code null} for a temporary folder removed at close
     * @throws java.net.BindException when the port is taken
     */
    public static Demo start(int port, Path dataDir) throws Exception {
        return start(port, dataDir, new DemoOrganisation());
    }

    /** The same, over another organisation (tests: hostile names and documents). */
    static Demo start(int port, Path dataDir, DemoOrganisation organisation) throws Exception {
        Path temporary = dataDir == null ? Files.createTempDirectory("eksrole-demo-") : null;
        Path data = dataDir != null ? dataDir : temporary;
        String signingSecret = random(16);
        String botToken = "xoxb-demo-" + random(12);
        DemoServer server;
        try {
            server = new DemoServer(port, new DemoChannel(), organisation, botToken);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw e;
        }
        Injector injector = null;
        try {
            Map<String, String> env = Map.of(
                    "SLACK_BOT_TOKEN", botToken,
                    "SLACK_SIGNING_SECRET", signingSecret,
                    "SLACK_API_URL", server.baseUrl() + DemoSlackApi.API_PATH,
                    "PORT", "0");
            injector = Guice.createInjector(Stage.PRODUCTION, modules(config(organisation, data), settings(env), env, organisation));
            SlackBot bot = injector.getInstance(SlackBot.class);
            bot.start();
            server.connect(new DemoRequests(signingSecret, URI.create("http://127.0.0.1:" + bot.port() + SlackHttpServer.EVENTS_PATH)));
            return new Demo(organisation, server, injector, bot, temporary);
        } catch (Exception | Error e) {
            server.close();
            if (injector != null) {
                injector.getInstance(SlackBot.class).close();
                injector.getInstance(StoreDatabase.class).close();
            }
            deleteQuietly(temporary);
            throw e;
        }
    }

    /**
     * The bot's modules as {@code serve} has them, but for AWS: the simulated organisation stands behind the domain's
     * port, and no AWS module (SDK clients, credentials, sessions) is there at all.
     */
    static List<Module> modules(EksroleConfig config, SlackSettings slack, Map<String, String> env, DemoOrganisation organisation) {
        return List.of(new ConfigModule(config), new NodeRoleModule(), new StoreModule(env), new FixModule(), new WatchModule(),
                new SlackModule(slack), new MetricsModule(), new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(AccountAccess.class).toInstance(organisation);
                    }
                });
    }

    /** The demo's config, read by the production loader: the organisation's accounts, who approves, where the store is. */
    static EksroleConfig config(DemoOrganisation organisation, Path data) throws ConfigException {
        String yaml = "access:\n  roleName: " + DemoOrganisation.ACCESS_ROLE + "\n  externalId: " + DemoOrganisation.EXTERNAL_ID + "\n"
                + "regions: [" + DemoOrganisation.REGION + "]\n"
                + organisation.accountsYaml()
                + "approvers:\n  users: [" + Person.APPROVER + "]\n  usergroups: [" + Person.APPROVER_GROUP + "]\n"
                + "allowSelfApproval: false\n"
                + "store:\n  dataDir: \"" + data.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
        return new ConfigLoader().parse(yaml, "the demo's config");
    }

    private static SlackSettings settings(Map<String, String> env) throws SlackSettingsException {
        return SlackSettings.fromEnvironment(env).onLoopbackOnly();
    }

    /** {@code http://127.0.0.1:<port>/}: the channel page. */
    public String pageUrl() {
        return server.baseUrl() + "/";
    }

    public int port() {
        return server.port();
    }

    public int botPort() {
        return bot.port();
    }

    DemoOrganisation organisation() {
        return organisation;
    }

    Injector injector() {
        return injector;
    }

    @Override
    public void close() {
        bot.close();
        injector.getInstance(StoreDatabase.class).close();
        server.close();
        deleteQuietly(temporaryData);
    }

    private static String random(int bytes) {
        byte[] raw = new byte[bytes];
        new SecureRandom().nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is the OS's to clean
        }
    }
}
