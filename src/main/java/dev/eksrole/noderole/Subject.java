package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

/** What a rule's result is about: the account as a whole, one of its node roles, or one of its EKS clusters. */
public sealed interface Subject {

    static Subject account() {
        return new AccountWide();
    }

    static Subject role(String name) {
        return new Role(name);
    }

    /** A cluster as a whole (a failed read, say), with no role or node group involved. */
    static Cluster cluster(String region, String cluster) {
        return new Cluster(region, cluster, null, null);
    }

    /** The account as a whole: a result the account's own findings show. */
    record AccountWide() implements Subject {}

    /** One node role, by name. */
    record Role(String name) implements Subject {
        public Role {
            requireNonNull(name, "name");
        }
    }

    /**
     * One EKS cluster, and what in it the result is about: the role (by name) and the managed node group
     * involved, where there is one.
     *
     * @param role the node role's name, or {@code null}
     * @param nodegroup the managed node group, or {@code null} (Auto Mode, or the cluster as a whole)
     */
    record Cluster(String region, String cluster, String role, String nodegroup) implements Subject {
        public Cluster {
            requireNonNull(region, "region");
            requireNonNull(cluster, "cluster");
        }

        /** The same cluster, about a role and, where one is involved, a node group. */
        public Cluster about(String roleName, String nodegroupName) {
            return new Cluster(region, cluster, roleName, nodegroupName);
        }

        public boolean isIn(String inRegion, String clusterName) {
            return region.equals(inRegion) && cluster.equals(clusterName);
        }
    }
}
