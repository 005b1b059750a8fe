package dev.eksrole;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.eksrole.store.StoreDatabase;
import dev.eksrole.store.StoreModule;
import dev.eksrole.aws.AccountSessionCache;
import dev.eksrole.aws.AwsModule;
import dev.eksrole.cli.CheckCommand;
import dev.eksrole.cli.DemoCommand;
import dev.eksrole.cli.EksroleCommand;
import dev.eksrole.cli.HistoryCommand;
import dev.eksrole.cli.Failure;
import dev.eksrole.cli.HubPolicyCommand;
import dev.eksrole.cli.IamCommand;
import dev.eksrole.cli.InjectorSource;
import dev.eksrole.cli.ScanCommand;
import dev.eksrole.cli.ServeCommand;
import dev.eksrole.cli.Terminal;
import dev.eksrole.config.ConfigException;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.fix.FixModule;
import dev.eksrole.logging.LogSettings;
import dev.eksrole.metrics.MetricsModule;
import dev.eksrole.slack.SlackModule;
import dev.eksrole.slack.SlackSettings;
import dev.eksrole.slack.SlackSettingsException;
import dev.eksrole.watch.WatchModule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import software.amazon.awssdk.http.SdkHttpClient;

/** Entry point: parses the command line, loads the config, builds the one injector. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private final Map<String, String> env;
    private final boolean stderrIsTerminal;
    private Injector injector;

    Main(Map<String, String> env, boolean stderrIsTerminal) {
        this.env = env;
        this.stderrIsTerminal = stderrIsTerminal;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                Terminal.stderrIsTerminal()));
    }

    /** Runs one command; with no arguments, {@code serve}. Stderr is taken for no terminal. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return run(args, env, out, err, false);
    }

    /**
     * Runs one command; with no arguments, {@code serve}.
     *
     * @param stderrIsTerminal whether {@code err} is a terminal, where progress may redraw itself in place
     */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, boolean stderrIsTerminal) {
        String[] command = args.length == 0 ? new String[] {"serve"} : args;
        LogSettings.fromEnvironment(env).problems().forEach(LOG::warn);
        LOG.debug("eksrole {}: {}", Version.current(), String.join(" ", command));
        Main main = new Main(env, stderrIsTerminal);
        try {
            return main.commandLine(out, err).execute(command);
        } finally {
            main.shutdown();
        }
    }

    CommandLine commandLine(PrintWriter out, PrintWriter err) {
        InjectorSource injectors = new InjectorSource() {
            @Override
            public Injector injector(Path configOverride) throws ConfigException {
                return Main.this.injector(configOverride, Area.AWS);
            }

            @Override
            public Path configPath(Path configOverride) {
                return configOverride != null ? configOverride : ConfigLoader.pathFromEnvironment(env);
            }

            @Override
            public Injector ownAccountInjector() {
                return Main.this.injector(ConfigLoader.defaults(), Area.AWS);
            }

            @Override
            public Injector storeInjector(Path configOverride) throws ConfigException {
                return Main.this.injector(configOverride, Area.STORE);
            }

            @Override
            public Injector botInjector(Path configOverride) throws ConfigException, SlackSettingsException {
                slack = SlackSettings.fromEnvironment(env);
                return Main.this.injector(configOverride, Area.BOT);
            }
        };
        CommandLine cli = new CommandLine(new EksroleCommand());
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.addSubcommand(new CheckCommand(injectors));
        cli.addSubcommand(new ServeCommand(injectors));
        cli.addSubcommand(new ScanCommand(injectors, stderrIsTerminal));
        cli.addSubcommand(new HistoryCommand(injectors));
        cli.addSubcommand(new DemoCommand());
        cli.addSubcommand(new CommandLine(new IamCommand()).addSubcommand(new HubPolicyCommand(injectors)));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            Failure failure = Failure.usage(e.getMessage());
            if (List.of(arguments).contains("--json")) {
                failed.getOut().println(failure.json());
                failed.getOut().flush();
            }
            failed.getErr().println("eksrole: " + failure.message());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
            return failure.exitCode();
        });
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> {
            // the whole trace for those who asked for DEBUG; everyone else gets the one line below
            LOG.debug("{} failed", failed.getCommandName(), e);
            Failure failure = Failure.of(e, failed.getCommandName());
            if (failed.getParseResult().hasMatchedOption("--json")) {
                failed.getOut().println(failure.json());
                failed.getOut().flush();
            }
            failed.getErr().println("eksrole: " + failure.message());
            failed.getErr().flush();
            return failure.exitCode();
        });
        return cli;
    }

    /** What a command needs: terminal checks need no database, history needs no AWS, the bot needs all. */
    enum Area { AWS, STORE, BOT }

    private SlackSettings slack;

    private synchronized Injector injector(Path configOverride, Area area) throws ConfigException {
        return injector == null ? injector(loadConfig(configOverride), area) : injector;
    }

    private synchronized Injector injector(EksroleConfig config, Area area) {
        if (injector == null) {
            injector = Guice.createInjector(Stage.PRODUCTION, switch (area) {
                case AWS -> List.of(new ConfigModule(config), new AwsModule(), new NodeRoleModule());
                case STORE -> List.of(new ConfigModule(config), new StoreModule(env));
                case BOT -> modules(config, slack, env);
            });
        }
        return injector;
    }

    private EksroleConfig loadConfig(Path configOverride) throws ConfigException {
        Path path = configOverride != null ? configOverride : ConfigLoader.pathFromEnvironment(env);
        return new ConfigLoader().load(path);
    }

    /** Every module of the bot: one per area. */
    public static List<Module> modules(EksroleConfig config, SlackSettings slack, Map<String, String> env) {
        return List.of(new ConfigModule(config), new AwsModule(), new NodeRoleModule(), new StoreModule(env), new FixModule(),
                new WatchModule(), new SlackModule(slack), new MetricsModule());
    }

    private synchronized void shutdown() {
        if (injector == null) {
            return;
        }
        if (injector.getExistingBinding(Key.get(AccountSessionCache.class)) != null) {
            injector.getInstance(AccountSessionCache.class).close();
            injector.getInstance(SdkHttpClient.class).close();
        }
        if (injector.getExistingBinding(Key.get(StoreDatabase.class)) != null) {
            injector.getInstance(StoreDatabase.class).close();
        }
    }
}
