package dev.eksrole.noderole;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What EKS said about an account's clusters, in the regions the config names for it (rules 8-12).
 *
 * @param regions the regions looked at; none when clusters are not checked in the account
 * @param clusters every cluster of those regions, region by region, by name
 * @param regionFailures the regions whose clusters could not even be listed
 */
public record EksFacts(List<String> regions, List<ClusterFacts> clusters, List<ClusterFindings.EksReadFailed> regionFailures) {

    public EksFacts {
        regions = List.copyOf(regions);
        clusters = List.copyOf(clusters);
        regionFailures = List.copyOf(regionFailures);
    }

    /** No region is configured for the account: nothing was read from EKS. */
    public static EksFacts notChecked() {
        return new EksFacts(List.of(), List.of(), List.of());
    }

    public boolean checked() {
        return !regions.isEmpty();
    }

    /** The reads the check's deadline cut short: of a region's listing, or of a cluster. */
    public List<ClusterFindings.EksReadFailed> timeouts() {
        List<ClusterFindings.EksReadFailed> all = new java.util.ArrayList<>(regionFailures);
        clusters.stream().filter(c -> !c.readable()).forEach(c -> all.add(c.failure()));
        return all.stream().filter(f -> f.errorCode().equals(Finding.IamReadFailed.TIMEOUT)).toList();
    }

    /** Whether every region and cluster was read: only then does "no node role anywhere" hold. */
    public boolean complete() {
        return regionFailures.isEmpty() && clusters.stream().allMatch(ClusterFacts::readable);
    }

    /** Every role the clusters use for nodes, by key ({@link RoleArn#key}), with how they use it. */
    public Map<String, RoleUse> rolesInUse() {
        Map<String, RoleUse> uses = new LinkedHashMap<>();
        for (ClusterFacts cluster : clusters) {
            for (ClusterFacts.Use use : cluster.uses()) {
                uses.merge(RoleArn.key(use.roleArn()), use.asRoleUse(), RoleUse::and);
            }
        }
        return uses;
    }

    /** The ARN of each role in use as EKS spelt it first, by key. */
    public Map<String, String> arnsInUse() {
        Map<String, String> arns = new LinkedHashMap<>();
        clusters.forEach(c -> c.rolesInUse().forEach(arns::putIfAbsent));
        return arns;
    }
}
