package dev.eksrole.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.inject.Injector;
import dev.eksrole.store.AuditEntry;
import dev.eksrole.store.AuditLog;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigException;
import dev.eksrole.config.UnknownAccountException;
import dev.eksrole.noderole.Account;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code eksrole history <account> [--json]}: the newest audit entries of an account. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show the newest audit entries of an account: checks, plans, approvals, refusals and IAM calls.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "64:bad usage, unknown account or bad config", "69:the store is unavailable (held by the running bot, or unreachable)",
            "70:internal error"})
public final class HistoryCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @ParentCommand
    EksroleCommand parent;

    @Parameters(index = "0", paramLabel = "<account>", description = "A 12-digit account id or a configured account name; "
            + "- for the Slack requests refused before they named one (another workspace, ids that are not Slack's).")
    String account;

    @Option(names = "--json", description = "Print one JSON array on stdout.")
    boolean json;

    @Option(names = "--limit", defaultValue = "20", description = "How many entries (default 20, at most 500).")
    int limit;

    private final InjectorSource injectors;

    public HistoryCommand(InjectorSource injectors) {
        this.injectors = requireNonNull(injectors, "injectors");
    }

    /**
     * @throws UsageException, ConfigException or UnknownAccountException (exit 64), a StoreException when the store
     *     cannot be read (69: {@link Failure} says what to do when the running bot holds the H2 file)
     */
    @Override
    public Integer call() throws UsageException, ConfigException, UnknownAccountException {
        PrintWriter out = spec.commandLine().getOut();
        if (limit < 1 || limit > 500) {
            throw new UsageException("--limit must be between 1 and 500");
        }
        Injector injector = injectors.storeInjector(parent == null ? null : parent.configPath());
        String accountId = AuditEntry.NO_ACCOUNT;
        String title = "Refused Slack requests that named no account";
        if (!AuditEntry.NO_ACCOUNT.equals(account)) {
            Account target = injector.getInstance(AccountDirectory.class).resolve(account);
            accountId = target.id();
            title = "History of " + target.label();
        }
        List<AuditEntry> entries = injector.getInstance(AuditLog.class).recent(accountId, limit);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = mapper.createArrayNode();
            for (AuditEntry entry : entries) {
                array.addObject().put("at", entry.at().toString()).put("actor", entry.actor()).put("account", entry.accountId())
                        .put("role", entry.roleName()).put("action", entry.action()).put("plan", entry.planId())
                        .put("detail", entry.detail()).put("result", entry.result());
            }
            out.println(array);
        } else {
            out.println(title + " (newest first):");
            if (entries.isEmpty()) {
                out.println("  nothing recorded yet");
            }
            for (AuditEntry entry : entries) {
                out.println("  " + TIME.format(entry.at()) + "  " + entry.actor() + "  " + entry.action()
                        + (entry.roleName() == null ? "" : "  " + entry.roleName())
                        + (entry.result() == null ? "" : "  -> " + entry.result())
                        + (entry.detail() == null ? "" : "  (" + entry.detail() + ")"));
            }
        }
        out.flush();
        return 0;
    }
}
