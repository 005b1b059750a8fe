package dev.eksrole.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigException;
import dev.eksrole.metrics.CheckMetrics;
import dev.eksrole.metrics.CheckSource;
import dev.eksrole.config.UnknownAccountException;
import dev.eksrole.noderole.AccessFailure;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.CallerAccountFinder;
import dev.eksrole.noderole.NodeRoleChecker;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code eksrole check [<account>] [--json]}: exit code = verdict (0 OK, 1 WARNING, 2 NEEDS_FIX, 3 UNKNOWN).
 * With no config file and no account, the account of the current AWS credentials, read with them
 * directly, so that someone with AWS access sees a verdict before setting anything up.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {"Check the EKS node IAM roles of one configured account.",
            "With no config file and no account: the account of the current AWS credentials, without AssumeRole."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:OK", "1:WARNING", "2:NEEDS_FIX", "3:UNKNOWN (no access, or IAM failed)", "64:bad usage, unknown account or bad config"},
        footer = {"%nWith --json, a failure that leaves no verdict prints {\"error\": \"<code>\", \"message\": \"...\"} on stdout."})
public final class CheckCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CheckCommand.class);

    @Spec
    CommandSpec spec;

    @ParentCommand
    EksroleCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<account>",
            description = "A 12-digit account id or a configured account name.")
    String account;

    @Option(names = "--json", description = "Print one JSON object on stdout (logs go to stderr).")
    boolean json;

    private final InjectorSource injectors;

    public CheckCommand(InjectorSource injectors) {
        this.injectors = requireNonNull(injectors, "injectors");
    }

    /** @throws ConfigException or UnknownAccountException, which {@link Failure} turns into exit 64 and one line */
    @Override
    public Integer call() throws ConfigException, UnknownAccountException, NoVerdictException, UsageException {
        PrintWriter out = spec.commandLine().getOut();
        Path configPath = parent == null ? null : parent.configPath();
        Injector injector;
        Account target;
        if (account == null && !Files.exists(injectors.configPath(configPath))) {
            injector = injectors.ownAccountInjector();
            target = ownAccount(injector, injectors.configPath(configPath));
        } else {
            injector = injectors.injector(configPath);
            AccountDirectory accounts = injector.getInstance(AccountDirectory.class);
            if (account == null) {
                throw new UsageException("name an account to check (<account>): a 12-digit id or a configured name ("
                        + accounts.names() + ")");
            }
            target = accounts.resolve(account);
        }
        LOG.debug("checking {} as {}", target.label(), requester());
        long start = System.nanoTime();
        AccountReport report = injector.getInstance(NodeRoleChecker.class).check(target, requester());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        injector.getInstance(CheckMetrics.class).check(CheckSource.CLI, report.verdict(), took);
        out.print(json ? ReportJson.render(report) + System.lineSeparator() : ReportTable.render(report, took));
        out.flush();
        return report.verdict().exitCode();
    }

    /** The caller's own account, said on stderr; a {@link NoVerdictException} when it cannot be told. */
    private Account ownAccount(Injector injector, Path missingConfig) throws NoVerdictException {
        try {
            Account own = injector.getInstance(CallerAccountFinder.class).find();
            PrintWriter err = spec.commandLine().getErr();
            err.println("eksrole: no config file at " + missingConfig + "; checking " + own.id() + " (" + own.partition().id()
                    + "), the account of the current AWS credentials, with those credentials (no AssumeRole).");
            return own;
        } catch (CallerAccountFinder.CallerAccountException e) {
            throw new NoVerdictException("no_caller_account", "no config file at " + missingConfig + ", and the account of "
                    + "the current AWS credentials cannot be told: " + e.failure().reason() + ". " + nextStep(e.failure()));
        }
    }

    private static String nextStep(AccessFailure failure) {
        String step = failure.hubNextStep();
        return step == null ? "" : step.replace("Nothing in the account is at fault: ", "Next: ");
    }

    /** Who asked, for CloudTrail's session name, when a command runs in a terminal. */
    static String requester() {
        return "cli-" + System.getProperty("user.name", "unknown");
    }
}
