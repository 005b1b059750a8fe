package dev.eksrole;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.eksrole.aws.AccountSessionCache;
import dev.eksrole.aws.AwsModule;
import dev.eksrole.cli.CheckCommand;
import dev.eksrole.cli.EksroleCommand;
import dev.eksrole.cli.ExitCodes;
import dev.eksrole.cli.InjectorSource;
import dev.eksrole.config.ConfigException;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.config.EksroleConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import software.amazon.awssdk.http.SdkHttpClient;

/** Entry point: parses the command line, loads the config, builds the one injector. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private final Map<String, String> env;
    private Injector injector;

    Main(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        Main main = new Main(env);
        try {
            return main.commandLine(out, err).execute(args);
        } finally {
            main.shutdown();
        }
    }

    CommandLine commandLine(PrintWriter out, PrintWriter err) {
        InjectorSource injectors = this::injector;
        CommandLine cli = new CommandLine(new EksroleCommand());
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.addSubcommand(new CheckCommand(injectors));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("eksrole: " + e.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> {
            LOG.debug("command failed", e);
            failed.getErr().println("eksrole: " + failed.getCommandName() + " failed: " + e);
            return 3;
        });
        return cli;
    }

    private synchronized Injector injector(Path configOverride) throws ConfigException {
        if (injector == null) {
            Path path = configOverride != null ? configOverride : ConfigLoader.pathFromEnvironment(env);
            EksroleConfig config = new ConfigLoader().load(path);
            injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(config), new AwsModule());
        }
        return injector;
    }

    private synchronized void shutdown() {
        if (injector != null) {
            injector.getInstance(AccountSessionCache.class).close();
            injector.getInstance(SdkHttpClient.class).close();
        }
    }
}
