package dev.eksrole.demo;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.AccountAccessException;
import dev.eksrole.noderole.AccountReader;
import dev.eksrole.noderole.AccountWriter;
import dev.eksrole.noderole.ClusterFacts.AuthenticationMode;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.TrustPolicy;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The simulated organisation: a handful of accounts, each showing one classic reason why nodes do not join, behind the
 * same port ({@link AccountAccess}) that the AWS adapter implements in production. {@link #reset()} puts every account
 * back as it was at start, whatever fixes were applied.
 */
public final class DemoOrganisation implements AccountAccess {

    /** The access role the config names in every account; it must be in each account's listing, as in a real one. */
    static final String ACCESS_ROLE = "EksRoleAccess";
    static final String EXTERNAL_ID = "eksrole-demo";
    static final String REGION = "eu-west-1";
    static final String CHINA_REGION = "cn-north-1";

    private static final String WORKER = "AmazonEKSWorkerNodePolicy";
    private static final String ECR = "AmazonEC2ContainerRegistryReadOnly";
    private static final String CNI = "AmazonEKS_CNI_Policy";
    private static final String HUB_TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:role/eksrole-hub"},\
            "Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"eksrole-demo"}}}]}""";
    private static final String LAMBDA_TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},\
            "Action":"sts:AssumeRole"}]}""";
    private static final String POD_IDENTITY_TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},\
            "Action":["sts:AssumeRole","sts:TagSession"]}]}""";

    /** The teams of the shared-services account, each with its own node role. */
    private static final List<String> TEAMS = List.of("search", "checkout", "catalog", "identity", "ledger", "notifications",
            "pricing", "recommendations", "reporting", "risk", "routing", "shipping", "support", "tax", "billing", "gateway",
            "inventory", "loyalty", "media", "orders", "partners", "payouts", "ratings", "returns");

    /**
     * How much longer each account in the list takes to answer than the one before it, as real accounts answer at
     * different speeds: the first in 0.3 s, the ninth in 2.7 s, so that a scan's message fills in over a few seconds.
     */
    static final Duration ANSWER_STEP = Duration.ofMillis(300);

    private final Supplier<List<SimulatedAccount>> start;
    private final Duration step;
    private volatile List<SimulatedAccount> accounts;

    /** The demo's own organisation, its accounts answering at their own pace. */
    public DemoOrganisation() {
        this(DemoOrganisation::fresh, ANSWER_STEP);
    }

    /** The demo's own organisation, every account answering at once (tests that are not about pace). */
    static DemoOrganisation answeringAtOnce() {
        return new DemoOrganisation(DemoOrganisation::fresh, Duration.ZERO);
    }

    /**
     * @param start makes the accounts as they are at start, and again at each reset
     * @param step how much longer each account takes to answer than the one before it; zero answers at once
     */
    DemoOrganisation(Supplier<List<SimulatedAccount>> start, Duration step) {
        this.start = start;
        this.step = step;
        this.accounts = List.copyOf(start.get());
    }

    /** The accounts as they are now, in the order the page lists them. */
    public List<SimulatedAccount> accounts() {
        return accounts;
    }

    /** Every account back to its state at start. */
    public void reset() {
        accounts = List.copyOf(start.get());
    }

    @Override
    public AccountReader open(Account account, String requester) throws AccountAccessException {
        SimulatedAccount found = find(account);
        answerTime(found);
        return found.reader();
    }

    @Override
    public AccountWriter openWriter(Account account, String requester) throws AccountAccessException {
        return find(account).writer();
    }

    /** Waits as long as this account takes to let eksrole in, as AssumeRole and the first reads would take. */
    private void answerTime(SimulatedAccount account) {
        try {
            Thread.sleep(step.multipliedBy(accounts.indexOf(account) + 1L).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: answer at once, the caller sees the flag
        }
    }

    private SimulatedAccount find(Account account) {
        return accounts.stream().filter(a -> a.id().equals(account.id())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("account " + account.id() + " is not in the simulated organisation"));
    }

    /** The {@code accounts:} section of the demo's config: every simulated account, reached through its access role. */
    String accountsYaml() {
        return accounts.stream().map(a -> "  - id: \"" + a.id() + "\"\n    name: " + a.name() + "\n    partition: " + a.partition().id()
                        + (a.partition() == Partition.AWS_CN ? "\n    regions: [" + CHINA_REGION + "]" : ""))
                .collect(Collectors.joining("\n", "accounts:\n", "\n"));
    }

    private static List<SimulatedAccount> fresh() {
        String ec2 = TrustPolicy.documentedJson(Partition.AWS);
        return List.of(
                account("111111111111", "prod-eu", Partition.AWS,
                        "The node role lacks AmazonEC2ContainerRegistryReadOnly: nodes cannot pull images")
                        .role("eksNodeRole", ec2, WORKER).instanceProfile("eksNodeRole")
                        .cluster(REGION, "prod", AuthenticationMode.API_AND_CONFIG_MAP, "general", "eksNodeRole", true),
                account("222222222222", "staging", Partition.AWS, "Healthy: the node role and its cluster are as AWS documents")
                        .role("AmazonEKSNodeRole", ec2, WORKER, ECR).instanceProfile("AmazonEKSNodeRole")
                        .cluster(REGION, "staging", AuthenticationMode.API, "general", "AmazonEKSNodeRole", true),
                account("333333333333", "data-platform", Partition.AWS,
                        "The CNI policy is on the node role, and an aws-node role (Pod Identity) carries it too: safe to detach")
                        .role("eksNodeRole", ec2, WORKER, ECR, CNI).instanceProfile("eksNodeRole")
                        .role("aws-node-cni", POD_IDENTITY_TRUST, CNI),
                account("444444444444", "ml-training", Partition.AWS,
                        "The CNI policy is on the node role and no aws-node role has it: detaching would break pod networking")
                        .role("ml-eksNodeRole", ec2, WORKER, ECR, CNI).instanceProfile("ml-eksNodeRole"),
                account("555555555555", "sandbox", Partition.AWS, "The node role's trust lets Lambda in instead of EC2")
                        .role("sandbox-NodeInstanceRole", LAMBDA_TRUST, WORKER, ECR).instanceProfile("sandbox-NodeInstanceRole"),
                account("666666666666", "new-team", Partition.AWS, "No node role at all yet"),
                account("777777777777", "payments", Partition.AWS,
                        "API-mode cluster whose node group role has no access entry: its nodes cannot join")
                        .role("payments-eksNodeRole", ec2, WORKER, ECR).instanceProfile("payments-eksNodeRole")
                        .cluster(REGION, "payments", AuthenticationMode.API, "workers", "payments-eksNodeRole", false),
                account("888888888888", "china-north", Partition.AWS_CN,
                        "aws-cn: the trust names ec2.amazonaws.com, but EKS in China needs ec2.amazonaws.com.cn")
                        .role("eksNodeRole", ec2, WORKER, ECR).instanceProfile("eksNodeRole"),
                teams(account("121212121212", "shared-services", Partition.AWS,
                        "Healthy, with a node role for each of " + TEAMS.size() + " teams: what does not fit one message goes on in a thread"),
                        ec2));
    }

    private static SimulatedAccount teams(SimulatedAccount account, String trust) {
        for (String team : TEAMS) {
            account.role(team + "-eksNodeRole", trust, WORKER, ECR).instanceProfile(team + "-eksNodeRole");
        }
        return account;
    }

    static SimulatedAccount account(String id, String name, Partition partition, String description) {
        return new SimulatedAccount(id, name, partition, description).role(ACCESS_ROLE, HUB_TRUST);
    }
}
