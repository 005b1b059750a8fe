package dev.eksrole.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.aws.HubPolicy;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigException;
import dev.eksrole.noderole.Account;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eksrole iam hub-policy [--json]}: the least-privilege policy of each hub identity for the
 * current config, so that the policy can never drift from the accounts eksrole checks.
 */
@Command(name = "hub-policy", mixinStandardHelpOptions = true,
        description = {"Print the least-privilege IAM policy of the hub identity: sts:AssumeRole on exactly the",
            "access roles of the configured accounts. Accounts assumed with another profile (another partition)",
            "get a policy of their own, for that profile's identity."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "64:bad config"})
public final class HubPolicyCommand implements Callable<Integer> {

    /** IAM's quota for a managed policy, counted without white space. */
    static final int MANAGED_POLICY_LIMIT = 6144;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object: {policies: [{partition, profile, accounts, policy}]}.")
    boolean json;

    private final InjectorSource injectors;

    public HubPolicyCommand(InjectorSource injectors) {
        this.injectors = requireNonNull(injectors, "injectors");
    }

    @Override
    public Integer call() throws JsonProcessingException, ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EksroleCommand top = (EksroleCommand) spec.root().userObject();
        List<Account> accounts = injectors.injector(top.configPath()).getInstance(AccountDirectory.class).all();
        List<HubPolicy> policies = HubPolicy.forAccounts(accounts);
        if (json) {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode array = root.putArray("policies");
            for (HubPolicy policy : policies) {
                ObjectNode node = array.addObject().put("partition", policy.partition().id()).put("profile", policy.profile());
                ArrayNode listed = node.putArray("accounts");
                policy.accounts().forEach(a -> listed.addObject().put("id", a.id()).put("name", a.name()).put("roleArn", a.accessRoleArn()));
                node.set("policy", policy.document());
            }
            out.println(root);
        } else {
            for (HubPolicy policy : policies) {
                out.println("# For " + policy.identity() + ", partition " + policy.partition().id() + ":");
                out.println("# " + policy.accounts().stream().map(Account::label).collect(Collectors.joining(", ")));
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(policy.document()));
                out.println();
            }
        }
        out.flush();
        for (HubPolicy policy : policies) {
            if (policy.size() > MANAGED_POLICY_LIMIT) {
                err.println("eksrole: the policy for " + policy.identity() + " has " + policy.size() + " characters; a managed "
                        + "policy holds " + MANAGED_POLICY_LIMIT + ": put it inline on the role (10,240 for all its inline "
                        + "policies) or give the access roles one name and path and use config/iam/hub-policy.json.");
            }
        }
        return 0;
    }
}
