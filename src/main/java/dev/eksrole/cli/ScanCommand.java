package dev.eksrole.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Injector;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigException;
import dev.eksrole.metrics.CheckMetrics;
import dev.eksrole.metrics.CheckSource;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.AccountScanner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code eksrole scan [--json]}: every configured account; exit code = the worst verdict. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Check every configured account (8 at a time); the exit code is the worst verdict.",
            "Progress goes to stderr: a line per account as it finishes, and a bar when stderr is a terminal."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all OK", "1:worst is WARNING", "2:worst is NEEDS_FIX", "3:worst is UNKNOWN", "64:bad config"})
public final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    EksroleCommand parent;

    @Option(names = "--json", description = "Print one JSON object on stdout: {verdict, accounts: [check objects]}.")
    boolean json;

    private final InjectorSource injectors;
    private final boolean stderrIsTerminal;

    /** @param stderrIsTerminal whether progress may redraw a bar in place */
    public ScanCommand(InjectorSource injectors, boolean stderrIsTerminal) {
        this.injectors = requireNonNull(injectors, "injectors");
        this.stderrIsTerminal = stderrIsTerminal;
    }

    /** @throws ConfigException which {@link Failure} turns into exit 64 and one line */
    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        Injector injector = injectors.injector(parent == null ? null : parent.configPath());
        var accounts = injector.getInstance(AccountDirectory.class).all();
        long start = System.nanoTime();
        ScanProgress progress = new ScanProgress(spec.commandLine().getErr(), accounts.size(), stderrIsTerminal, System::nanoTime);
        List<AccountReport> reports;
        try {
            reports = injector.getInstance(AccountScanner.class).scan(accounts, CheckCommand.requester(), progress);
        } finally {
            progress.finish();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        injector.getInstance(CheckMetrics.class).scan(CheckSource.CLI, reports, took);
        var verdict = AccountScanner.verdict(reports);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode().put("verdict", verdict.name());
            var array = root.putArray("accounts");
            reports.forEach(r -> array.add(ReportJson.toJson(r)));
            out.println(root);
        } else {
            out.print(table(reports, took));
        }
        out.flush();
        return verdict.exitCode();
    }

    /**
     * {@code 3 (1 bad)}: the clusters checked and how many have findings; {@code -} where no region is configured;
     * {@code not read} where the account's clusters could not be listed (never a false 0).
     */
    static String clusters(AccountReport report) {
        if (report.regions().isEmpty()) {
            return "-";
        }
        if (report.regionsRead().isEmpty()) {
            return "not read";
        }
        long bad = report.clusters().stream().filter(c -> !c.findings().isEmpty()).count();
        return report.clusters().size() + (bad == 0 ? "" : " (" + bad + " bad)");
    }

    static String table(List<AccountReport> reports, Duration took) {
        int width = Math.max("ACCOUNT".length(), reports.stream().mapToInt(r -> r.account().label().length()).max().orElse(0));
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-" + width + "s  %-10s  %-9s  %-10s  %-8s  %s%n", "ACCOUNT", "PARTITION", "VERDICT",
                "NODE ROLES", "CLUSTERS", "FINDINGS"));
        for (AccountReport report : reports) {
            String codes = report.allFindings().stream().map(f -> f.code().name()).distinct().collect(Collectors.joining(", "));
            text.append(String.format(Locale.ROOT, "%-" + width + "s  %-10s  %-9s  %-10d  %-8s  %s%n", report.account().label(),
                    report.account().partition().id(), report.verdict().name(), report.roles().size(), clusters(report),
                    codes.isEmpty() ? "-" : codes));
        }
        long[] counts = new long[4];
        reports.forEach(r -> counts[r.verdict().ordinal()]++);
        text.append(String.format(Locale.ROOT, "%nScanned %d account%s in %.1f s: %d OK, %d WARNING, %d NEEDS_FIX, %d UNKNOWN.%n",
                reports.size(), reports.size() == 1 ? "" : "s", took.toMillis() / 1000.0, counts[0], counts[1], counts[2], counts[3]));
        if (counts[1] + counts[2] + counts[3] > 0) {
            text.append("Next: eksrole check <account> for the details and next steps of each.\n");
        }
        return text.toString();
    }
}
