package dev.eksrole.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import dev.eksrole.store.StoreDatabase;
import dev.eksrole.slack.SlackBot;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code eksrole serve}: runs the Slack bot until the process is stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Slack bot (the default command).",
            "HTTP mode on PORT (default 3000) at /slack/events, or Socket Mode when SLACK_APP_TOKEN is set;",
            "GET /health answers 200 when ready.",
            "Needs SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET in HTTP mode; SLACK_API_URL optional."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "64:bad config, or a Slack setting missing, malformed or refused",
            "69:Slack unreachable, the store held by another process or unreachable, or the port taken", "70:internal error"})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    EksroleCommand parent;

    private final InjectorSource injectors;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile SlackBot bot;
    private volatile Injector injector;

    public ServeCommand(InjectorSource injectors) {
        this.injectors = requireNonNull(injectors, "injectors");
    }

    /**
     * @throws Exception what stopped the start: bad config or Slack settings (64), Slack unreachable, the store
     *     unavailable, the port taken (69); {@link Failure} turns each into its exit code and one line
     */
    @Override
    public Integer call() throws Exception {
        Path configPath = parent == null ? null : parent.configPath();
        injector = injectors.botInjector(configPath);
        try {
            bot = injector.getInstance(SlackBot.class);
            bot.start();
        } catch (Exception e) {
            stop();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "eksrole-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Stops the bot; running checks and fixes finish and post first, then the store is closed cleanly
     * (this runs in the JVM's shutdown hook, which may be the last code to run).
     */
    public void stop() {
        SlackBot running = bot;
        if (running != null) {
            running.close();
            injector.getInstance(StoreDatabase.class).close();
        }
        stopped.countDown();
    }
}
