package dev.eksrole.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigException;
import dev.eksrole.config.UnknownAccountException;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.NodeRoleChecker;
import java.io.PrintWriter;
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

/** {@code eksrole check <account> [--json]}: exit code = verdict (0 OK, 1 WARNING, 2 NEEDS_FIX, 3 UNKNOWN). */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Check the EKS node IAM roles of one configured account.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:OK", "1:WARNING", "2:NEEDS_FIX", "3:UNKNOWN (no access, or IAM failed)", "64:bad usage, unknown account or bad config"},
        footer = {"%nWith --json, a failure that leaves no verdict prints {\"error\": \"<code>\", \"message\": \"...\"} on stdout."})
public final class CheckCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CheckCommand.class);

    @Spec
    CommandSpec spec;

    @ParentCommand
    EksroleCommand parent;

    @Parameters(index = "0", paramLabel = "<account>", description = "A 12-digit account id or a configured account name.")
    String account;

    @Option(names = "--json", description = "Print one JSON object on stdout (logs go to stderr).")
    boolean json;

    private final InjectorSource injectors;

    public CheckCommand(InjectorSource injectors) {
        this.injectors = requireNonNull(injectors, "injectors");
    }

    /** @throws ConfigException or UnknownAccountException, which {@link Failure} turns into exit 64 and one line */
    @Override
    public Integer call() throws ConfigException, UnknownAccountException {
        PrintWriter out = spec.commandLine().getOut();
        Path configPath = parent == null ? null : parent.configPath();
        Injector injector = injectors.injector(configPath);
        Account target = injector.getInstance(AccountDirectory.class).resolve(account);
        LOG.debug("checking {} as {}", target.label(), requester());
        long start = System.nanoTime();
        AccountReport report = injector.getInstance(NodeRoleChecker.class).check(target, requester());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        out.print(json ? ReportJson.render(report) + System.lineSeparator() : ReportTable.render(report, took));
        out.flush();
        return report.verdict().exitCode();
    }

    /** Who asked, for CloudTrail's session name, when a command runs in a terminal. */
    static String requester() {
        return "cli-" + System.getProperty("user.name", "unknown");
    }
}
