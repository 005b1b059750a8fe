package dev.eksrole.noderole;

import java.util.List;

/**
 * The EKS reads the cluster rules need, in one account and through the same session as its IAM reads.
 * Every method may be called from several threads at once. A read that fails after retries, or whose
 * answer is not the operation's (an empty answer is never an empty fact), throws {@link EksReadException}.
 */
public interface ClusterReader {

    /** The names of the region's clusters (ListClusters, every page). */
    List<String> clusterNames(String region);

    /** DescribeCluster. */
    ClusterFacts.Description describeCluster(String region, String cluster);

    /** The names of the cluster's managed node groups (ListNodegroups, every page). */
    List<String> nodegroupNames(String region, String cluster);

    /** DescribeNodegroup. */
    ClusterFacts.Nodegroup describeNodegroup(String region, String cluster, String nodegroup);

    /** The principal ARNs of the cluster's access entries (ListAccessEntries, every page). */
    List<String> accessEntryPrincipals(String region, String cluster);

    /** DescribeAccessEntry, without its access policies. */
    ClusterFacts.AccessEntry describeAccessEntry(String region, String cluster, String principalArn);

    /** The access policies associated with an entry (ListAssociatedAccessPolicies, every page). */
    List<ClusterFacts.AccessPolicy> associatedAccessPolicies(String region, String cluster, String principalArn);
}
