package dev.eksrole.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AMITypes;
import software.amazon.awssdk.services.eks.model.AccessScopeType;
import software.amazon.awssdk.services.eks.model.AssociatedAccessPolicy;
import software.amazon.awssdk.services.eks.model.AuthenticationMode;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ClusterStatus;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.InvalidRequestException;
import software.amazon.awssdk.services.eks.model.Issue;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.NodegroupIssueCode;
import software.amazon.awssdk.services.eks.model.NodegroupStatus;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/** Drives the EKS side of {@link FakeAws} with the real {@code EksClient}: reads, pagination, regions, errors. */
class FakeEksTest {

    static final String HUB = "999999999999";
    static final String TARGET = "111111111111";
    static final Region EU = Region.EU_WEST_1;

    FakeAws fake;
    FakeAccount target;
    Credentials hubUser;
    Credentials access;
    FakeAwsClients clients;

    @BeforeEach
    void start() {
        fake = FakeAws.start();
        fake.addAccount(HUB);
        target = fake.addAccount(TARGET);
        hubUser = fake.addUser(HUB, "hub");
        clients = new FakeAwsClients(fake);
        target.addRole("eksrole-access", "/", FakeAwsTest.trustAccount(HUB, null));
        access = clients.assumeRole(hubUser, target.roleArn("eksrole-access"), "check", null);
        fake.clearCalls();
    }

    @AfterEach
    void stop() {
        clients.close();
        fake.close();
    }

    @Test
    void listClustersPagesThroughTheClustersOfTheSignedRegionOnly() {
        for (String name : List.of("c3", "c0", "c4", "c1", "c2")) {
            target.addCluster("eu-west-1", name, target.roleArn("cluster"), "API");
        }
        target.addCluster("us-east-1", "east", target.roleArn("cluster"), "API_AND_CONFIG_MAP");

        List<String> names = eks(EU).listClustersPaginator(r -> r.maxResults(2)).clusters().stream().toList();

        assertThat(names).containsExactly("c0", "c1", "c2", "c3", "c4");
        List<RecordedCall> pages = fake.calls("ListClusters");
        assertThat(pages).hasSize(3).allSatisfy(c -> {
            assertThat(c.service()).isEqualTo("eks");
            assertThat(c.signingRegion()).isEqualTo("eu-west-1");
            assertThat(c.accountId()).isEqualTo(TARGET);
            assertThat(c.accessKeyId()).isEqualTo(access.accessKeyId());
            assertThat(c.parameter("maxResults")).isEqualTo("2");
            assertThat(c.status()).isEqualTo(200);
        });
        assertThat(pages.get(0).parameter("nextToken")).isNull();
        assertThat(pages.get(1).parameter("nextToken")).isNotBlank();
        assertThat(pages.get(2).parameter("nextToken")).isNotBlank().isNotEqualTo(pages.get(1).parameter("nextToken"));

        assertThat(eks(Region.US_EAST_1).listClusters().clusters()).containsExactly("east");
        assertThat(eks(Region.AP_SOUTH_1).listClusters().clusters()).isEmpty();
        assertThatThrownBy(() -> eks(Region.US_EAST_1).describeCluster(r -> r.name("c0")))
                .isInstanceOf(ResourceNotFoundException.class);
        // another account signing for the same region sees none of them
        Credentials hubOps = fake.addUser(HUB, "ops");
        assertThat(clients.eks(hubOps, EU).listClusters().clusters()).isEmpty();
        assertThat(fake.calls("ListClusters")).extracting(RecordedCall::signingRegion, RecordedCall::accountId)
                .endsWith(tuple("us-east-1", TARGET), tuple("ap-south-1", TARGET), tuple("eu-west-1", HUB));
    }

    @Test
    void describeClusterAnswersTheClusterRoleAuthenticationModeAndAutoMode() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        target.addCluster("eu-west-1", "auto", target.roleArn("eks-cluster-role"), "API")
                .autoMode(target.roleArn("AmazonEKSAutoNodeRole"))
                .version("1.31");
        target.addCluster("eu-west-1", "legacy", target.roleArn("eks-cluster-role"), "CONFIG_MAP");
        target.addCluster("eu-west-1", "switched-off", target.roleArn("eks-cluster-role"), "API_AND_CONFIG_MAP")
                .autoModeDisabled();
        EksClient eks = eks(EU);

        Cluster auto = eks.describeCluster(r -> r.name("auto")).cluster();
        assertThat(auto.name()).isEqualTo("auto");
        assertThat(auto.arn()).isEqualTo("arn:aws:eks:eu-west-1:" + TARGET + ":cluster/auto");
        assertThat(auto.roleArn()).isEqualTo("arn:aws:iam::" + TARGET + ":role/eks-cluster-role");
        assertThat(auto.version()).isEqualTo("1.31");
        assertThat(auto.status()).isEqualTo(ClusterStatus.ACTIVE);
        assertThat(auto.createdAt()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(auto.accessConfig().authenticationMode()).isEqualTo(AuthenticationMode.API);
        assertThat(auto.computeConfig().enabled()).isTrue();
        assertThat(auto.computeConfig().nodeRoleArn()).isEqualTo("arn:aws:iam::" + TARGET + ":role/AmazonEKSAutoNodeRole");
        assertThat(auto.computeConfig().nodePools()).containsExactly("general-purpose", "system");
        assertThat(auto.storageConfig().blockStorage().enabled()).isTrue();
        assertThat(auto.kubernetesNetworkConfig().elasticLoadBalancing().enabled()).isTrue();
        assertThat(auto.endpoint()).startsWith("https://").endsWith(".eu-west-1.eks.amazonaws.com");
        assertThat(auto.identity().oidc().issuer()).startsWith("https://oidc.eks.eu-west-1.amazonaws.com/id/");

        Cluster legacy = eks.describeCluster(r -> r.name("legacy")).cluster();
        assertThat(legacy.accessConfig().authenticationMode()).isEqualTo(AuthenticationMode.CONFIG_MAP);
        assertThat(legacy.computeConfig()).isNull();

        Cluster off = eks.describeCluster(r -> r.name("switched-off")).cluster();
        assertThat(off.accessConfig().authenticationModeAsString()).isEqualTo("API_AND_CONFIG_MAP");
        assertThat(off.computeConfig().enabled()).isFalse();
        assertThat(off.computeConfig().nodeRoleArn()).isNull();
        assertThat(fake.calls("DescribeCluster")).extracting(c -> c.parameter("name"))
                .containsExactly("auto", "legacy", "switched-off");
    }

    @Test
    void nodegroupsPageAndDescribeWithTheirRoleAmiTypeAndHealth() {
        FakeCluster prod = target.addCluster("eu-west-1", "prod", target.roleArn("cluster"), "API");
        prod.addNodegroup("linux", target.roleArn("NodeInstanceRole"), "AL2023_x86_64_STANDARD");
        prod.addNodegroup("windows", target.roleArn("win-nodes"), "WINDOWS_CORE_2022_x86_64",
                FakeCluster.issue("IamInstanceProfileNotFound", "Instance profile eks-abc does not exist", "eks-abc"),
                FakeCluster.issue("AccessDenied", "The node role cannot be used", "i-0123"));
        prod.addNodegroup("bottle", target.roleArn("NodeInstanceRole"), "BOTTLEROCKET_x86_64");
        EksClient eks = eks(EU);

        List<String> names = eks.listNodegroupsPaginator(r -> r.clusterName("prod").maxResults(2)).nodegroups()
                .stream().toList();
        assertThat(names).containsExactly("bottle", "linux", "windows");
        assertThat(fake.calls("ListNodegroups")).hasSize(2)
                .allSatisfy(c -> assertThat(c.parameter("clusterName")).isEqualTo("prod"));

        Nodegroup windows = eks.describeNodegroup(r -> r.clusterName("prod").nodegroupName("windows")).nodegroup();
        assertThat(windows.nodegroupName()).isEqualTo("windows");
        assertThat(windows.clusterName()).isEqualTo("prod");
        assertThat(windows.nodegroupArn()).matches("arn:aws:eks:eu-west-1:" + TARGET + ":nodegroup/prod/windows/[0-9a-f-]{36}");
        assertThat(windows.nodeRole()).isEqualTo("arn:aws:iam::" + TARGET + ":role/win-nodes");
        assertThat(windows.amiType()).isEqualTo(AMITypes.WINDOWS_CORE_2022_X86_64);
        assertThat(windows.status()).isEqualTo(NodegroupStatus.DEGRADED);
        assertThat(windows.health().issues())
                .extracting(Issue::code, Issue::message, Issue::resourceIds)
                .containsExactly(
                        tuple(NodegroupIssueCode.IAM_INSTANCE_PROFILE_NOT_FOUND, "Instance profile eks-abc does not exist",
                                List.of("eks-abc")),
                        tuple(NodegroupIssueCode.ACCESS_DENIED, "The node role cannot be used", List.of("i-0123")));
        Nodegroup linux = eks.describeNodegroup(r -> r.clusterName("prod").nodegroupName("linux")).nodegroup();
        assertThat(linux.amiTypeAsString()).isEqualTo("AL2023_x86_64_STANDARD");
        assertThat(linux.status()).isEqualTo(NodegroupStatus.ACTIVE);
        assertThat(linux.health().issues()).isEmpty();
        assertThat(linux.resources().autoScalingGroups()).singleElement()
                .satisfies(g -> assertThat(g.name()).startsWith("eks-linux-"));

        prod.nodegroupHealth("windows");
        assertThat(eks.describeNodegroup(r -> r.clusterName("prod").nodegroupName("windows")).nodegroup().status())
                .isEqualTo(NodegroupStatus.ACTIVE);
        assertThat(fake.calls("DescribeNodegroup")).extracting(c -> c.parameter("nodegroupName"))
                .containsExactly("windows", "linux", "windows");
    }

    @Test
    void accessEntriesAndTheirPoliciesAreListedAndDescribed() {
        FakeCluster prod = target.addCluster("eu-west-1", "prod", target.roleArn("cluster"), "API_AND_CONFIG_MAP");
        String node = target.roleArn("node");
        String admin = target.roleArn("admin");
        String auto = target.roleArn("auto-node");
        prod.addAccessEntry(node, "EC2_LINUX");
        prod.addAccessEntry(admin, "STANDARD", null, "platform-team");
        prod.addAccessEntry(auto, "EC2");
        String clusterAdmin = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
        String autoNode = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy";
        prod.associateAccessPolicy(admin, clusterAdmin);
        prod.associateAccessPolicy(admin, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", List.of("apps", "web"));
        prod.associateAccessPolicy(auto, autoNode);
        EksClient eks = eks(EU);

        List<String> principals = eks.listAccessEntriesPaginator(r -> r.clusterName("prod").maxResults(1)).accessEntries()
                .stream().toList();
        assertThat(principals).containsExactly(admin, auto, node);
        assertThat(fake.count("ListAccessEntries")).isEqualTo(3);
        assertThat(eks.listAccessEntries(r -> r.clusterName("prod").associatedPolicyArn(autoNode)).accessEntries())
                .containsExactly(auto);

        var nodeEntry = eks.describeAccessEntry(r -> r.clusterName("prod").principalArn(node)).accessEntry();
        assertThat(nodeEntry.principalArn()).isEqualTo(node);
        assertThat(nodeEntry.type()).isEqualTo("EC2_LINUX");
        assertThat(nodeEntry.username()).isEqualTo("system:node:{{EC2PrivateDNSName}}");
        assertThat(nodeEntry.kubernetesGroups()).containsExactly("system:nodes");
        assertThat(nodeEntry.clusterName()).isEqualTo("prod");
        assertThat(nodeEntry.accessEntryArn())
                .matches("arn:aws:eks:eu-west-1:" + TARGET + ":access-entry/prod/role/" + TARGET + "/node/[0-9a-f-]{36}");
        assertThat(nodeEntry.createdAt()).isNotNull();
        var adminEntry = eks.describeAccessEntry(r -> r.clusterName("prod").principalArn(admin)).accessEntry();
        assertThat(adminEntry.type()).isEqualTo("STANDARD");
        assertThat(adminEntry.username()).isEqualTo("arn:aws:sts::" + TARGET + ":assumed-role/admin/{{SessionName}}");
        assertThat(adminEntry.kubernetesGroups()).containsExactly("platform-team");

        var policies = eks.listAssociatedAccessPolicies(r -> r.clusterName("prod").principalArn(admin));
        assertThat(policies.clusterName()).isEqualTo("prod");
        assertThat(policies.principalArn()).isEqualTo(admin);
        assertThat(policies.associatedAccessPolicies())
                .extracting(AssociatedAccessPolicy::policyArn, p -> p.accessScope().type(), p -> p.accessScope().namespaces())
                .containsExactly(
                        tuple(clusterAdmin, AccessScopeType.CLUSTER, List.of()),
                        tuple("arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", AccessScopeType.NAMESPACE,
                                List.of("apps", "web")));
        assertThat(eks.listAssociatedAccessPoliciesPaginator(r -> r.clusterName("prod").principalArn(admin).maxResults(1))
                .associatedAccessPolicies().stream().map(AssociatedAccessPolicy::policyArn).toList()).hasSize(2);
        assertThat(eks.listAssociatedAccessPolicies(r -> r.clusterName("prod").principalArn(node)).associatedAccessPolicies())
                .isEmpty();
        assertThat(fake.calls("DescribeAccessEntry")).extracting(c -> c.parameter("principalArn"))
                .containsExactly(node, admin);
    }

    @Test
    void missingThingsAndBadParametersArriveAsTheSdksTypedExceptions() {
        FakeCluster prod = target.addCluster("eu-west-1", "prod", target.roleArn("cluster"), "API");
        target.addCluster("eu-west-1", "legacy", target.roleArn("cluster"), "CONFIG_MAP");
        EksClient eks = eks(EU);

        assertThatThrownBy(() -> eks.describeCluster(r -> r.name("nope")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("No cluster found for name: nope.");
                    assertThat(e.clusterName()).isEqualTo("nope");
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThatThrownBy(() -> eks.listNodegroups(r -> r.clusterName("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> eks.describeNodegroup(r -> r.clusterName("prod").nodegroupName("ng")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("No node group found for name: ng.");
                    assertThat(e.nodegroupName()).isEqualTo("ng");
                });
        assertThatThrownBy(() -> eks.describeNodegroup(r -> r.clusterName("prod").nodegroupName("prod/ng")))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).startsWith("The nodegroup name parameter contains invalid characters."));
        assertThatThrownBy(() -> eks.describeAccessEntry(r -> r.clusterName("prod").principalArn(target.roleArn("x"))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The specified principalArn could not be found."
                                + " You can view your available access entries with 'list-access-entries'."));
        assertThatThrownBy(() -> eks.listAccessEntries(r -> r.clusterName("legacy")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The cluster's authentication mode must be"
                            + " set to one of [API, API_AND_CONFIG_MAP] to perform this operation.");
                });
        assertThatThrownBy(() -> eks.listClusters(r -> r.maxResults(101)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> eks.listClusters(r -> r.nextToken("not-a-token")))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(prod.nodegroups()).isEmpty();
        assertThat(fake.calls()).extracting(RecordedCall::action, RecordedCall::errorCode).containsExactly(
                tuple("DescribeCluster", "ResourceNotFoundException"),
                tuple("ListNodegroups", "ResourceNotFoundException"),
                tuple("DescribeNodegroup", "ResourceNotFoundException"),
                tuple("DescribeNodegroup", "InvalidParameterException"),
                tuple("DescribeAccessEntry", "ResourceNotFoundException"),
                tuple("ListAccessEntries", "InvalidRequestException"),
                tuple("ListClusters", "InvalidParameterException"),
                tuple("ListClusters", "InvalidParameterException"));
    }

    @Test
    void signaturesAreVerifiedForTheServiceEks() {
        target.addCluster("eu-west-1", "prod", target.roleArn("cluster"), "API");
        Credentials ops = fake.addUser(TARGET, "ops");
        Credentials wrongSecret = new Credentials(ops.accessKeyId(), "x" + ops.secretAccessKey(), null);
        assertThatThrownBy(() -> clients.eks(wrongSecret, EU).listClusters())
                .isInstanceOfSatisfying(EksException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                });
        Credentials unknown = new Credentials("AKIAUNKNOWNUNKNOWN00", ops.secretAccessKey(), null);
        assertThatThrownBy(() -> clients.eks(unknown, EU).listClusters())
                .isInstanceOfSatisfying(EksException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                });
        fake.expire(access.accessKeyId());
        assertThatThrownBy(() -> eks(EU).listClusters())
                .isInstanceOfSatisfying(EksException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException"));
        assertThat(clients.eks(ops, EU).listClusters().clusters()).containsExactly("prod");
        assertThat(fake.calls()).extracting(RecordedCall::accountId, RecordedCall::errorCode).containsExactly(
                tuple(null, "InvalidSignatureException"), tuple(null, "UnrecognizedClientException"),
                tuple(null, "ExpiredTokenException"), tuple(TARGET, null));
        fake.verifySignatures(false);
        assertThat(clients.eks(wrongSecret, EU).listClusters().clusters()).containsExactly("prod");
    }

    @Test
    void aChildProcessReachesEksThroughAwsEndpointUrlEks() throws Exception {
        target.addCluster("eu-west-1", "prod", target.roleArn("cluster"), "API").autoMode(target.roleArn("auto"));
        FakeCluster legacy = target.addCluster("eu-west-1", "legacy", target.roleArn("cluster"), "CONFIG_MAP");
        legacy.addNodegroup("ng-a", target.roleArn("node"), "AL2_x86_64");
        legacy.addNodegroup("ng-b", target.roleArn("node"), "AL2023_ARM_64_STANDARD");
        target.addCluster("us-east-1", "elsewhere", target.roleArn("cluster"), "API");
        Credentials ops = fake.addUser(TARGET, "ops");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), EnvConfiguredEksClientMain.class.getName());
        Map<String, String> env = pb.environment();
        env.put("AWS_ENDPOINT_URL_EKS", fake.endpoint().toString());
        env.remove("AWS_ENDPOINT_URL");
        env.put("AWS_ACCESS_KEY_ID", ops.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", ops.secretAccessKey());
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.put("AWS_REGION", "eu-west-1");
        File nowhere = new File(System.getProperty("java.io.tmpdir"), "no-such-aws-config");
        env.put("AWS_CONFIG_FILE", nowhere.getPath());
        env.put("AWS_SHARED_CREDENTIALS_FILE", nowhere.getPath());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        pb.redirectErrorStream(true);
        Process child = pb.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("cluster=legacy mode=CONFIG_MAP autoMode=false nodegroups=ng-a,ng-b",
                "cluster=prod mode=API autoMode=true nodegroups=").doesNotContain("elsewhere");
        assertThat(fake.calls()).extracting(RecordedCall::service, RecordedCall::action, RecordedCall::signingRegion)
                .containsExactly(
                        tuple("eks", "ListClusters", "eu-west-1"),
                        tuple("eks", "DescribeCluster", "eu-west-1"),
                        tuple("eks", "ListNodegroups", "eu-west-1"),
                        tuple("eks", "ListClusters", "eu-west-1"),
                        tuple("eks", "DescribeCluster", "eu-west-1"),
                        tuple("eks", "ListNodegroups", "eu-west-1"));
    }

    @Test
    void theEndpointSystemPropertyReachesTheFake() {
        target.addCluster("eu-west-1", "prod", target.roleArn("cluster"), "API");
        System.setProperty("aws.endpointUrlEks", fake.endpoint().toString());
        try {
            EksClient eks = clients.track(EksClient.builder()
                    .region(EU)
                    .httpClientBuilder(Apache5HttpClient.builder())
                    .credentialsProvider(FakeAwsClients.provider(access))
                    .build());
            assertThat(eks.listClusters().clusters()).containsExactly("prod");
        } finally {
            System.clearProperty("aws.endpointUrlEks");
        }
        assertThat(fake.calls("ListClusters")).singleElement()
                .satisfies(c -> assertThat(c.signingRegion()).isEqualTo("eu-west-1"));
    }

    @Test
    void autoModeNodeRolesCanHoldTheMinimalWorkerPolicy() {
        target.addRole("auto-node");
        var iam = clients.iam(access);
        iam.attachRolePolicy(r -> r.roleName("auto-node").policyArn("arn:aws:iam::aws:policy/AmazonEKSWorkerNodeMinimalPolicy"));
        iam.attachRolePolicy(r -> r.roleName("auto-node").policyArn("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"));
        assertThat(target.role("auto-node").attachedPolicyArns()).containsExactly(
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodeMinimalPolicy",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly");
    }

    EksClient eks(Region region) {
        return clients.eks(access, region);
    }
}
