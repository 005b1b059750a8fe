package dev.eksrole.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import dev.eksrole.approval.ApprovalDatabase;
import dev.eksrole.config.ConfigException;
import dev.eksrole.slack.SlackBot;
import dev.eksrole.slack.SlackSettingsException;
import java.io.PrintWriter;
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
        })
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

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path configPath = parent == null ? null : parent.configPath();
        try {
            injector = injectors.botInjector(configPath);
            bot = injector.getInstance(SlackBot.class);
            bot.start();
        } catch (ConfigException e) {
            err.println("eksrole: bad config: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (SlackSettingsException e) {
            err.println("eksrole: " + e.getMessage());
            stop();
            return ExitCodes.USAGE;
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
            injector.getInstance(ApprovalDatabase.class).close();
        }
        stopped.countDown();
    }
}
