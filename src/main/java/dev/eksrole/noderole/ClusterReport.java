package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a check found for one EKS cluster: what it is, the node groups with their roles, and every
 * cluster rule's result about it, passes included, in the rules' order.
 *
 * @param authenticationMode {@code API}, {@code API_AND_CONFIG_MAP} or {@code CONFIG_MAP}; {@code null}
 *     when the cluster could not be read
 * @param autoMode whether Auto Mode is on; {@code null} when the cluster could not be read
 * @param autoModeRole the name of Auto Mode's node role, or {@code null} (Auto Mode off, or custom node pools only)
 */
public record ClusterReport(String region, String name, String authenticationMode, Boolean autoMode,
        List<NodegroupRole> nodegroups, String autoModeRole, List<RuleResult> results) {

    /** A managed node group and the name of its node role. */
    public record NodegroupRole(String name, String role) {}

    public ClusterReport {
        requireNonNull(region, "region");
        requireNonNull(name, "name");
        nodegroups = List.copyOf(nodegroups);
        results = List.copyOf(results);
    }

    static ClusterReport of(ClusterFacts facts, List<RuleResult> results) {
        ClusterFacts.Description description = facts.description();
        return new ClusterReport(facts.region(), facts.name(),
                description == null ? null : description.authenticationMode().name(),
                description == null ? null : description.autoMode(),
                facts.nodegroups().stream().map(ng -> new NodegroupRole(ng.name(), RoleArn.nameOf(ng.nodeRoleArn()))).toList(),
                description == null || !description.autoMode() || description.autoModeNodeRoleArn() == null ? null
                        : RoleArn.nameOf(description.autoModeNodeRoleArn()),
                results);
    }

    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.failure().stream()).toList();
    }

    /** A cluster's verdict is the worst of its findings. */
    public Severity verdict() {
        return Severity.worstOf(findings().stream().map(Finding::severity).toList());
    }

    /**
     * Whether the result is {@link AccessEntryRule}'s note, in {@code CONFIG_MAP} mode, on how to look at
     * {@code aws-auth}: a pass that says what to read rather than a verdict, which each front end shows as a note.
     */
    public boolean isAwsAuthNote(RuleResult result) {
        return "CONFIG_MAP".equals(authenticationMode) && result.failure().isEmpty() && result.statement().contains("aws-auth");
    }

    /** {@code eu-west-1/prod} */
    public String label() {
        return region + "/" + name;
    }
}
