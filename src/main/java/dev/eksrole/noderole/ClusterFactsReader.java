package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Reads the clusters of an account's regions for rules 8-12, all regions and clusters at once on the
 * shared {@link ParallelReads} pool, with as few calls as the rules need: per region ListClusters; per
 * cluster DescribeCluster, ListNodegroups, DescribeNodegroup per group, ListAccessEntries (not in
 * {@code CONFIG_MAP} mode, where EKS refuses it), DescribeAccessEntry only for the roles in use that the
 * listing names, and ListAssociatedAccessPolicies only for an entry of the wrong type, whose replacement
 * must show what it loses. A failed call makes its region or its cluster UNKNOWN; an answer that
 * contradicts another makes the whole reading {@link ReadingConsistency.Inconsistent}.
 */
final class ClusterFactsReader {

    private final ParallelReads pool;

    ClusterFactsReader(ParallelReads pool) {
        this.pool = requireNonNull(pool, "pool");
    }

    /** A reading under way, while the caller reads IAM. */
    final class Reading {
        private final ClusterReader eks;
        private final CompletableFuture<EksFacts> facts;
        private volatile boolean abandoned;

        private Reading(ClusterReader eks, List<String> regions) {
            this.eks = eks;
            List<CompletableFuture<RegionFacts>> perRegion = regions.stream().map(this::region).toList();
            this.facts = CompletableFuture.allOf(perRegion.toArray(CompletableFuture[]::new)).thenApply(done -> {
                List<ClusterFacts> clusters = new ArrayList<>();
                List<ClusterFindings.EksReadFailed> failures = new ArrayList<>();
                for (CompletableFuture<RegionFacts> region : perRegion) {
                    RegionFacts read = region.join();
                    clusters.addAll(read.clusters());
                    if (read.failure() != null) {
                        failures.add(read.failure());
                    }
                }
                return new EksFacts(regions, clusters, failures);
            });
        }

        /** The facts, once every read is done; {@link ReadingConsistency.Inconsistent} when they contradict themselves. */
        EksFacts await() {
            try {
                return facts.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }

        /** The IAM side failed: reads not yet started are dropped. */
        void abandon() {
            abandoned = true;
        }

        private <T> CompletableFuture<T> read(Supplier<T> call) {
            return pool.supply(() -> {
                if (abandoned) {
                    throw new CancellationException("the check ended");
                }
                return call.get();
            });
        }

        private CompletableFuture<RegionFacts> region(String region) {
            return read(() -> eks.clusterNames(region))
                    .thenCompose(names -> all(names.stream().map(name -> cluster(region, name)).toList()))
                    .handle((clusters, failure) -> {
                        if (failure == null) {
                            return new RegionFacts(clusters, null);
                        }
                        if (unwrap(failure) instanceof EksReadException read && !read.notFound()) {
                            return new RegionFacts(List.of(), read.finding());
                        }
                        throw rethrow(failure);
                    });
        }

        private CompletableFuture<ClusterFacts> cluster(String region, String name) {
            String listed = "ListClusters";
            String cluster = "cluster " + name + " in " + region;
            CompletableFuture<ClusterFacts.Description> described = read(() -> {
                ClusterFacts.Description description = found(() -> eks.describeCluster(region, name), listed, cluster, "DescribeCluster");
                ReadingConsistency.requireAnswerAbout("DescribeCluster", name, description.name());
                return description;
            });
            CompletableFuture<List<ClusterFacts.Nodegroup>> nodegroups = read(
                    () -> found(() -> eks.nodegroupNames(region, name), listed, cluster, "ListNodegroups"))
                    .thenCompose(names -> all(names.stream().map(nodegroup -> read(() -> {
                        ClusterFacts.Nodegroup read = found(() -> eks.describeNodegroup(region, name, nodegroup), "ListNodegroups",
                                "node group " + nodegroup + " of " + cluster, "DescribeNodegroup");
                        ReadingConsistency.requireAnswerAbout("DescribeNodegroup", nodegroup, read.name());
                        return read;
                    })).toList()));
            CompletableFuture<List<String>> principals = described.thenCompose(description ->
                    description.authenticationMode() == ClusterFacts.AuthenticationMode.CONFIG_MAP
                            ? CompletableFuture.completedFuture(List.of())
                            : read(() -> found(() -> eks.accessEntryPrincipals(region, name), listed, cluster, "ListAccessEntries")));
            return described.thenCombine(nodegroups, (description, groups) -> new ClusterFacts(region, name, description, groups,
                            Set.of(), Map.of(), null))
                    .thenCombine(principals, (partial, listedPrincipals) -> new ClusterFacts(region, name, partial.description(),
                            partial.nodegroups(), keys(listedPrincipals), Map.of(), null))
                    .thenCompose(this::accessEntries)
                    .handle((facts, failure) -> {
                        if (failure == null) {
                            return facts;
                        }
                        if (unwrap(failure) instanceof EksReadException read) {
                            return ClusterFacts.unreadable(region, name, read.finding());
                        }
                        throw rethrow(failure);
                    });
        }

        /** Describes the entries of the roles in use that the listing names, and the policies of those of the wrong type. */
        private CompletableFuture<ClusterFacts> accessEntries(ClusterFacts cluster) {
            String region = cluster.region();
            String name = cluster.name();
            List<CompletableFuture<ClusterFacts.AccessEntry>> entries = new ArrayList<>();
            for (Map.Entry<String, String> role : cluster.rolesInUse().entrySet()) {
                if (!cluster.accessEntryPrincipals().contains(role.getKey())) {
                    continue;
                }
                String thing = "the access entry of " + role.getValue() + " in cluster " + name + " in " + region;
                entries.add(read(() -> found(() -> eks.describeAccessEntry(region, name, role.getValue()), "ListAccessEntries", thing,
                        "DescribeAccessEntry"))
                        .thenCompose(entry -> entry.nodeType() ? CompletableFuture.completedFuture(entry)
                                : read(() -> entry.withPolicies(found(() -> eks.associatedAccessPolicies(region, name, role.getValue()),
                                        "ListAccessEntries", thing, "ListAssociatedAccessPolicies")))));
            }
            return all(entries).thenApply(described -> {
                Map<String, ClusterFacts.AccessEntry> byKey = new LinkedHashMap<>();
                described.forEach(entry -> byKey.put(RoleArn.key(entry.principalArn()), entry));
                return new ClusterFacts(region, name, cluster.description(), cluster.nodegroups(), cluster.accessEntryPrincipals(),
                        byKey, null);
            });
        }
    }

    private record RegionFacts(List<ClusterFacts> clusters, ClusterFindings.EksReadFailed failure) {}

    /** Starts reading the clusters of these regions. */
    Reading start(ClusterReader eks, List<String> regions) {
        return new Reading(eks, regions);
    }

    /** A read of something a listing named; EKS saying it does not exist means the two answers disagree. */
    private static <T> T found(Supplier<T> call, String listing, String thing, String operation) {
        try {
            return call.get();
        } catch (EksReadException e) {
            if (e.notFound()) {
                throw ReadingConsistency.vanished(listing, thing, operation);
            }
            throw e;
        }
    }

    private static Set<String> keys(List<String> principalArns) {
        Set<String> keys = new LinkedHashSet<>();
        principalArns.forEach(arn -> keys.add(RoleArn.key(arn)));
        return keys;
    }

    private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static RuntimeException rethrow(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
