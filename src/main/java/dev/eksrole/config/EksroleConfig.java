package dev.eksrole.config;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.NodeRolePatterns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The validated configuration. */
public record EksroleConfig(
        List<Account> accounts,
        NodeRoleSettings nodeRoles,
        Approvers approvers,
        boolean allowSelfApproval,
        Duration planExpiry,
        Store store,
        Duration checkDeadline,
        WatchSettings watch,
        int scanParallel) {

    /** How long a check may take before it answers UNKNOWN, saying what was slow. */
    public static final Duration DEFAULT_CHECK_DEADLINE = Duration.ofSeconds(20);

    public EksroleConfig {
        accounts = List.copyOf(accounts);
        java.util.Objects.requireNonNull(watch, "watch");
    }

    /** A config without the drift watch that scans as many accounts at once as the default. */
    public EksroleConfig(List<Account> accounts, NodeRoleSettings nodeRoles, Approvers approvers, boolean allowSelfApproval,
            Duration planExpiry, Store store, Duration checkDeadline) {
        this(accounts, nodeRoles, approvers, allowSelfApproval, planExpiry, store, checkDeadline, WatchSettings.OFF,
                dev.eksrole.noderole.ScanParallelism.DEFAULT);
    }

    /** The part of the config that says how approvals work. */
    public ApprovalPolicy approvalPolicy() {
        return new ApprovalPolicy(planExpiry, allowSelfApproval);
    }

    /**
     * How approvals work.
     *
     * @param planExpiry how long an offered or requested plan stays good: an approval is for the account as it was
     * @param allowSelfApproval whether whoever asked for a fix may approve it too
     */
    public record ApprovalPolicy(Duration planExpiry, boolean allowSelfApproval) {}

    /**
     * How node roles are found and, for fixes, created.
     *
     * @param ecrPolicy the ECR policy a fix attaches: ReadOnly (the documented default) or PullOnly
     */
    public record NodeRoleSettings(NodeRolePatterns patterns, String createName, ManagedPolicy ecrPolicy, Map<String, String> tags) {
        public NodeRoleSettings {
            tags = Map.copyOf(tags);
        }
    }

    /** Who may approve a fix: Slack user ids and user-group ids. */
    public record Approvers(List<String> users, List<String> usergroups) {
        public Approvers {
            users = List.copyOf(users);
            usergroups = List.copyOf(usergroups);
        }
    }

    /**
     * Where state lives.
     *
     * @param jdbcUrl the JDBC URL; defaults to an H2 file under {@code dataDir}
     */
    public record Store(Path dataDir, String jdbcUrl, String username, String password) {

        /** {@code h2} or {@code postgresql}: the two databases the loader accepts. */
        public String kind() {
            return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
        }

        @Override
        public String toString() {
            return "Store[dataDir=" + dataDir + ", jdbcUrl=" + jdbcUrl + ", username=" + username + "]";
        }
    }
}
