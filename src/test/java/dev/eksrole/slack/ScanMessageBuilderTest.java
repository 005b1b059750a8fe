package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.ClusterFacts.AuthenticationMode;
import dev.eksrole.noderole.ClusterFindings;
import dev.eksrole.noderole.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scan's line per account: its verdict, its clusters and what was found in them. */
class ScanMessageBuilderTest {

    private static final String AL2023 = "AL2023_x86_64_STANDARD";

    private final ScanMessageBuilder builder = new ScanMessageBuilder();

    private String summaryOf(AccountReport report) throws Exception {
        SlackMessage message = builder.summary(List.of(report), "U0REQUEST1", Instant.EPOCH, Duration.ZERO);
        return ResultMessageBuilderTest.json(message.blocks()).toString();
    }

    @Test
    void theLineCountsTheClustersReadAndTheirFindings() throws Exception {
        // blue: no access entry (1 finding); green: a STANDARD entry and the cluster's own role on a second group (2); red: fine
        AccountReport report = SampleReports.withClusters(
                List.of(SampleReports.inUse("workers", SampleReports.MANAGED, SampleReports.WORKER, SampleReports.ECR),
                        SampleReports.inUse("cluster-role", SampleReports.MANAGED, SampleReports.WORKER, SampleReports.ECR)),
                List.of(SampleReports.cluster("blue", AuthenticationMode.API, null, List.of(SampleReports.nodegroup("a", "workers", AL2023))),
                        SampleReports.cluster("green", AuthenticationMode.API, null, List.of(SampleReports.nodegroup("b", "workers", AL2023),
                                SampleReports.nodegroup("c", "cluster-role", AL2023)), SampleReports.entry("workers", "STANDARD"),
                                SampleReports.entry("cluster-role", "EC2_LINUX")),
                        SampleReports.cluster("red", AuthenticationMode.API, null, List.of(SampleReports.nodegroup("d", "workers", AL2023)),
                                SampleReports.entry("workers", "EC2_LINUX"))));

        assertThat(summaryOf(report)).contains("*prod-eu* `111111111111` aws · NEEDS_FIX · 3 clusters, 3 cluster findings · ");
    }

    @Test
    void oneClusterWithoutFindingIsCountedInTheSingular() throws Exception {
        AccountReport report = SampleReports.withClusters(
                List.of(SampleReports.inUse("workers", SampleReports.MANAGED, SampleReports.WORKER, SampleReports.ECR)),
                List.of(SampleReports.cluster("red", AuthenticationMode.API, null, List.of(SampleReports.nodegroup("d", "workers", AL2023)),
                        SampleReports.entry("workers", "EC2_LINUX"))));

        assertThat(summaryOf(report)).contains("· OK · 1 cluster, 0 cluster findings");
    }

    @Test
    void withoutRegionsTheLineSaysNothingAboutClusters() throws Exception {
        assertThat(summaryOf(SampleReports.ok())).contains("· OK\"").doesNotContain("cluster");
    }

    @Test
    void anAccountNotReadHasItsClustersNotReadNotZero() throws Exception {
        AccountReport unknown = SampleReports.unknown();
        AccountReport report = AccountReport.of(unknown.account().withRegions(List.of("eu-west-1")), unknown.findings().get(0));

        assertThat(summaryOf(report)).contains("· UNKNOWN · clusters not read · ASSUME_ROLE_FAILED").doesNotContain("0 cluster");
    }

    @Test
    void aRegionWhoseClustersCouldNotBeListedIsNamed() throws Exception {
        AccountReport read = SampleReports.withClusters(
                List.of(SampleReports.inUse("workers", SampleReports.MANAGED, SampleReports.WORKER, SampleReports.ECR)),
                List.of(SampleReports.cluster("blue", AuthenticationMode.API, null, List.of(SampleReports.nodegroup("a", "workers", AL2023)))));
        Finding denied = new ClusterFindings.EksReadFailed("ListClusters", "AccessDeniedException", "no", "us-east-1", null);
        List<dev.eksrole.noderole.RuleResult> own = new java.util.ArrayList<>(read.results());
        own.add(dev.eksrole.noderole.RuleResult.fail(dev.eksrole.noderole.Subject.account(), denied, denied.detail()));
        AccountReport report = new AccountReport(read.account().withRegions(List.of("eu-west-1", "us-east-1")), own, read.roles(),
                read.clusters());

        assertThat(summaryOf(report)).contains("· UNKNOWN · 1 cluster, 1 cluster finding (clusters in us-east-1 not read)");
    }
}
