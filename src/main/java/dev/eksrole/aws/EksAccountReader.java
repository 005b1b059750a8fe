package dev.eksrole.aws;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.ClusterFacts;
import dev.eksrole.noderole.ClusterReader;
import dev.eksrole.noderole.EksReadException;
import dev.eksrole.noderole.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessConfigResponse;
import software.amazon.awssdk.services.eks.model.AccessEntry;
import software.amazon.awssdk.services.eks.model.AuthenticationMode;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ComputeConfigResponse;
import software.amazon.awssdk.services.eks.model.Nodegroup;

/**
 * The cluster rules' EKS reads over the SDK, in the account's session, one client per region, turning SDK
 * types and exceptions into domain data. Like {@link IamAccountReader}: pages followed by hand (a token
 * that repeats ends the listing as a failure), every call cut to what is left of the check's deadline,
 * and an answer without what the operation must give (DescribeCluster without a cluster, ListNodegroups
 * without its list) is a failure, never an empty fact.
 */
final class EksAccountReader implements ClusterReader {

    /** EKS's largest page for the list calls used here. */
    static final int MAX_RESULTS = 100;
    static final int MAX_PAGES = 100;

    private final AccountSession session;
    private final ReadDeadline deadline;

    EksAccountReader(AccountSession session, ReadDeadline deadline) {
        this.session = requireNonNull(session, "session");
        this.deadline = requireNonNull(deadline, "deadline");
    }

    @Override
    public List<String> clusterNames(String region) {
        EksClient eks = session.eks(region);
        return pages("ListClusters", region, null, token -> eks.listClusters(r -> r.maxResults(MAX_RESULTS).nextToken(token)
                        .overrideConfiguration(deadline.requestTimeouts())),
                page -> new Page<>(page.hasClusters() ? page.clusters() : null, page.nextToken()));
    }

    @Override
    public ClusterFacts.Description describeCluster(String region, String cluster) {
        Cluster answer = call("DescribeCluster", region, cluster, () -> session.eks(region)
                .describeCluster(r -> r.name(cluster).overrideConfiguration(deadline.requestTimeouts())).cluster());
        if (answer == null || answer.name() == null) {
            throw incomplete("DescribeCluster", region, cluster, "EKS answered without the cluster");
        }
        ComputeConfigResponse compute = answer.computeConfig();
        boolean autoMode = compute != null && Boolean.TRUE.equals(compute.enabled());
        return new ClusterFacts.Description(answer.name(), answer.roleArn(), authenticationMode(answer.accessConfig(), region, cluster),
                autoMode, autoMode ? compute.nodeRoleArn() : null);
    }

    @Override
    public List<String> nodegroupNames(String region, String cluster) {
        EksClient eks = session.eks(region);
        return pages("ListNodegroups", region, cluster, token -> eks.listNodegroups(r -> r.clusterName(cluster)
                        .maxResults(MAX_RESULTS).nextToken(token).overrideConfiguration(deadline.requestTimeouts())),
                page -> new Page<>(page.hasNodegroups() ? page.nodegroups() : null, page.nextToken()));
    }

    @Override
    public ClusterFacts.Nodegroup describeNodegroup(String region, String cluster, String nodegroup) {
        Nodegroup answer = call("DescribeNodegroup", region, cluster, () -> session.eks(region)
                .describeNodegroup(r -> r.clusterName(cluster).nodegroupName(nodegroup).overrideConfiguration(deadline.requestTimeouts())).nodegroup());
        if (answer == null || answer.nodegroupName() == null || answer.nodeRole() == null) {
            throw incomplete("DescribeNodegroup", region, cluster, "EKS answered without the node group or its node role");
        }
        List<ClusterFacts.HealthIssue> issues = new ArrayList<>();
        if (answer.health() != null) {
            answer.health().issues().forEach(issue -> issues.add(new ClusterFacts.HealthIssue(
                    issue.codeAsString() == null ? "Unknown" : issue.codeAsString(), issue.message(), issue.resourceIds())));
        }
        return new ClusterFacts.Nodegroup(answer.nodegroupName(), answer.nodeRole(), answer.amiTypeAsString(), answer.statusAsString(),
                issues);
    }

    @Override
    public List<String> accessEntryPrincipals(String region, String cluster) {
        EksClient eks = session.eks(region);
        return pages("ListAccessEntries", region, cluster, token -> eks.listAccessEntries(r -> r.clusterName(cluster)
                        .maxResults(MAX_RESULTS).nextToken(token).overrideConfiguration(deadline.requestTimeouts())),
                page -> new Page<>(page.hasAccessEntries() ? page.accessEntries() : null, page.nextToken()));
    }

    @Override
    public ClusterFacts.AccessEntry describeAccessEntry(String region, String cluster, String principalArn) {
        AccessEntry answer = call("DescribeAccessEntry", region, cluster, () -> session.eks(region)
                .describeAccessEntry(r -> r.clusterName(cluster).principalArn(principalArn).overrideConfiguration(deadline.requestTimeouts()))
                .accessEntry());
        if (answer == null || answer.principalArn() == null || answer.type() == null) {
            throw incomplete("DescribeAccessEntry", region, cluster, "EKS answered without the access entry or its type");
        }
        return new ClusterFacts.AccessEntry(answer.principalArn(), answer.type(), answer.username(), answer.kubernetesGroups(),
                List.of());
    }

    @Override
    public List<ClusterFacts.AccessPolicy> associatedAccessPolicies(String region, String cluster, String principalArn) {
        EksClient eks = session.eks(region);
        List<ClusterFacts.AccessPolicy> policies = new ArrayList<>();
        pages("ListAssociatedAccessPolicies", region, cluster, token -> eks.listAssociatedAccessPolicies(r -> r
                        .clusterName(cluster).principalArn(principalArn).maxResults(MAX_RESULTS).nextToken(token)
                        .overrideConfiguration(deadline.requestTimeouts())),
                page -> new Page<>(page.hasAssociatedAccessPolicies() ? page.associatedAccessPolicies() : null, page.nextToken()))
                .forEach(policy -> policies.add(new ClusterFacts.AccessPolicy(policy.policyArn(),
                        policy.accessScope() == null ? null : policy.accessScope().typeAsString(),
                        policy.accessScope() == null ? List.of() : policy.accessScope().namespaces())));
        return policies;
    }

    /**
     * No access config is a cluster from before access entries, which only {@code aws-auth} maps; a mode
     * this SDK does not know is not guessed at.
     */
    private static ClusterFacts.AuthenticationMode authenticationMode(AccessConfigResponse access, String region, String cluster) {
        if (access == null || access.authenticationModeAsString() == null) {
            return ClusterFacts.AuthenticationMode.CONFIG_MAP;
        }
        if (access.authenticationMode() == AuthenticationMode.UNKNOWN_TO_SDK_VERSION) {
            throw new EksReadException("DescribeCluster", "UnknownAuthenticationMode", "authentication mode "
                    + access.authenticationModeAsString() + " is not one eksrole knows", region, cluster, null);
        }
        return ClusterFacts.AuthenticationMode.valueOf(access.authenticationMode().name());
    }

    private record Page<T>(List<T> items, String nextToken) {}

    /** Every item of a listing, page by page; a page without its list, or a token seen before, is a failure. */
    private <R, T> List<T> pages(String action, String region, String cluster, Function<String, R> fetch, Function<R, Page<T>> read) {
        List<T> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = null;
        for (int number = 1; ; number++) {
            String current = token;
            Page<T> page = read.apply(call(action, region, cluster, () -> fetch.apply(current)));
            if (page.items() == null) {
                throw incomplete(action, region, cluster, "page " + number + " came without its list");
            }
            items.addAll(page.items());
            token = page.nextToken();
            if (token == null || token.isEmpty()) {
                return items;
            }
            if (!seen.add(token)) {
                throw new EksReadException(action, "RepeatedToken", "page " + number + " gave a nextToken EKS had already given, "
                        + "so the listing would never end", region, cluster, null);
            }
            if (number >= MAX_PAGES) {
                throw new EksReadException(action, "TooManyPages", "more than " + MAX_PAGES + " pages of " + MAX_RESULTS,
                        region, cluster, null);
            }
        }
    }

    private <T> T call(String action, String region, String cluster, Supplier<T> read) {
        if (deadline.passed()) {
            throw timedOut(action, region, cluster, null);
        }
        try {
            return read.get();
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw timedOut(action, region, cluster, e);
        } catch (AwsServiceException e) {
            throw new EksReadException(action, AwsErrors.code(e), AwsErrors.message(e), region, cluster, e);
        } catch (SdkClientException e) {
            if (deadline.passed()) {
                throw timedOut(action, region, cluster, e);
            }
            throw new EksReadException(action, "ClientError", e.getMessage(), region, cluster, e);
        } catch (EksReadException e) {
            throw e;
        } catch (RuntimeException e) {
            // an answer the SDK could not make sense of: a failed read of this cluster, not a crashed check
            throw new EksReadException(action, "UnreadableAnswer", e.toString(), region, cluster, e);
        }
    }

    private static EksReadException incomplete(String action, String region, String cluster, String what) {
        return new EksReadException(action, "IncompleteAnswer", what, region, cluster, null);
    }

    private EksReadException timedOut(String action, String region, String cluster, Exception cause) {
        return new EksReadException(action, Finding.IamReadFailed.TIMEOUT, deadline.describe() + " ran out waiting for EKS",
                region, cluster, cause);
    }
}
