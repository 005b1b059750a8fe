package dev.eksrole.testing.aws;

import java.util.List;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * Child-process entry point: builds an EKS client from the environment alone (region, keys and
 * {@code AWS_ENDPOINT_URL_EKS}) and prints each cluster of the region with its authentication mode, Auto
 * Mode and node groups.
 */
final class EnvConfiguredEksClientMain {

    private EnvConfiguredEksClientMain() {
    }

    public static void main(String[] args) {
        try (EksClient eks = EksClient.builder().httpClientBuilder(Apache5HttpClient.builder()).build()) {
            for (String name : eks.listClustersPaginator(r -> r.maxResults(1)).clusters()) {
                Cluster cluster = eks.describeCluster(r -> r.name(name)).cluster();
                List<String> nodegroups = eks.listNodegroups(r -> r.clusterName(name)).nodegroups();
                boolean autoMode = cluster.computeConfig() != null && Boolean.TRUE.equals(cluster.computeConfig().enabled());
                System.out.println("cluster=" + name + " mode=" + cluster.accessConfig().authenticationModeAsString()
                        + " autoMode=" + autoMode + " nodegroups=" + String.join(",", nodegroups));
            }
        }
    }
}
