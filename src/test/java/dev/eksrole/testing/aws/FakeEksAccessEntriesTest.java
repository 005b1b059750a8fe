package dev.eksrole.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessDeniedException;
import software.amazon.awssdk.services.eks.model.AccessEntry;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.InvalidRequestException;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.ServerException;
import software.amazon.awssdk.services.eks.model.ThrottlingException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The EKS writes of {@link FakeAws} and what gets in their way: EKS's validation of access entries,
 * denials, injected faults, eventual consistency of IAM, and the raw REST-JSON on the wire.
 */
class FakeEksAccessEntriesTest {

    static final String HUB = "999999999999";
    static final String TARGET = "111111111111";
    static final String SESSION = "arn:aws:sts::" + TARGET + ":assumed-role/eksrole-access/check";

    FakeAws fake;
    FakeAccount target;
    Credentials hubUser;
    Credentials access;
    FakeAwsClients clients;
    FakeCluster prod;

    @BeforeEach
    void start() {
        fake = FakeAws.start();
        fake.addAccount(HUB);
        target = fake.addAccount(TARGET);
        hubUser = fake.addUser(HUB, "hub");
        clients = new FakeAwsClients(fake);
        target.addRole("eksrole-access", "/", FakeAwsTest.trustAccount(HUB, null));
        access = clients.assumeRole(hubUser, target.roleArn("eksrole-access"), "check", null);
        prod = target.addCluster("eu-west-1", "prod", target.roleArn("cluster"), "API");
        fake.clearCalls();
    }

    @AfterEach
    void stop() {
        clients.close();
        fake.close();
    }

    @Test
    void createAndDeleteAccessEntriesAsEksDoes() {
        target.addRole("NodeInstanceRole");
        target.addRole("win-nodes", "/eks/", target.ec2TrustPolicy());
        fake.addUser(TARGET, "alice");
        EksClient eks = eks();

        AccessEntry linux = eks.createAccessEntry(r -> r.clusterName("prod").principalArn(target.roleArn("NodeInstanceRole"))
                .type("EC2_LINUX")).accessEntry();
        assertThat(linux.type()).isEqualTo("EC2_LINUX");
        assertThat(linux.username()).isEqualTo("system:node:{{EC2PrivateDNSName}}");
        assertThat(linux.kubernetesGroups()).containsExactly("system:nodes");
        assertThat(linux.principalArn()).isEqualTo("arn:aws:iam::" + TARGET + ":role/NodeInstanceRole");
        AccessEntry windows = eks.createAccessEntry(r -> r.clusterName("prod")
                .principalArn("arn:aws:iam::" + TARGET + ":role/eks/win-nodes").type("EC2_WINDOWS")
                .tags(java.util.Map.of("team", "platform"))).accessEntry();
        assertThat(windows.accessEntryArn()).contains(":access-entry/prod/role/" + TARGET + "/win-nodes/");
        assertThat(windows.tags()).containsEntry("team", "platform");
        AccessEntry standard = eks.createAccessEntry(r -> r.clusterName("prod")
                .principalArn("arn:aws:iam::" + TARGET + ":user/alice").kubernetesGroups("viewers")).accessEntry();
        assertThat(standard.type()).isEqualTo("STANDARD");
        assertThat(standard.username()).isEqualTo("arn:aws:iam::" + TARGET + ":user/alice");
        assertThat(prod.accessEntries()).extracting(FakeCluster.AccessEntry::type)
                .containsExactlyInAnyOrder("EC2_LINUX", "EC2_WINDOWS", "STANDARD");
        assertThat(fake.calls("CreateAccessEntry").get(0).parameters())
                .containsEntry("clusterName", "prod")
                .containsEntry("principalArn", target.roleArn("NodeInstanceRole"))
                .containsEntry("type", "EC2_LINUX");

        assertThatThrownBy(() -> eks.createAccessEntry(r -> r.clusterName("prod")
                .principalArn(target.roleArn("NodeInstanceRole")).type("EC2_LINUX")))
                .isInstanceOfSatisfying(ResourceInUseException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The specified access entry resource is already in use on this cluster.");
                });

        eks.deleteAccessEntry(r -> r.clusterName("prod").principalArn(target.roleArn("NodeInstanceRole")));
        assertThat(prod.accessEntry(target.roleArn("NodeInstanceRole"))).isNull();
        assertThatThrownBy(() -> eks.deleteAccessEntry(r -> r.clusterName("prod").principalArn(target.roleArn("NodeInstanceRole"))))
                .isInstanceOf(ResourceNotFoundException.class);
        // replacing an entry of the wrong type is a delete and a create
        eks.createAccessEntry(r -> r.clusterName("prod").principalArn(target.roleArn("NodeInstanceRole")).type("EC2"));
        assertThat(prod.accessEntry(target.roleArn("NodeInstanceRole")).type()).isEqualTo("EC2");
    }

    @Test
    void createAccessEntryRefusesWhatEksRefuses() {
        target.addRole("node");
        target.addRole("pathed", "/eks/", target.ec2TrustPolicy());
        FakeAccount other = fake.addAccount("222222222222");
        other.addRole("node");
        fake.addUser(TARGET, "alice");
        target.addCluster("eu-west-1", "legacy", target.roleArn("cluster"), "CONFIG_MAP");
        EksClient eks = eks();

        assertInvalidParameter(eks, target.roleArn("node"), "EC2_LINUX", "Kubernetes groups cannot be specified for access"
                + " entries of type EC2_LINUX.", "system:nodes");
        assertInvalidParameter(eks, target.roleArn("ghost"), "EC2_LINUX", "The specified principalArn is invalid: invalid principal.");
        assertInvalidParameter(eks, other.roleArn("node"), "EC2_LINUX", "The specified principalArn is invalid: invalid principal.");
        assertInvalidParameter(eks, "arn:aws:iam::" + TARGET + ":user/alice", "EC2_WINDOWS",
                "The specified principalArn is invalid: invalid principal.");
        assertInvalidParameter(eks, "arn:aws:iam::" + TARGET + ":role/pathed", "EC2_LINUX",
                "The specified principalArn is invalid: invalid principal.");
        assertInvalidParameter(eks, "arn:aws:sts::" + TARGET + ":assumed-role/node/i-0123", "STANDARD",
                "The specified principalArn is invalid: invalid principal.");
        assertInvalidParameter(eks, "node", "EC2_LINUX", "The principalArn parameter format is not valid");
        assertInvalidParameter(eks, target.roleArn("node"), "STANDARD",
                "The kubernetes group name system:masters is invalid, it cannot start with system:", "system:masters");
        assertInvalidParameter(eks, target.roleArn("node"), "EC2_MAC", "The type EC2_MAC is not valid. Valid types are"
                + " STANDARD, FARGATE_LINUX, EC2_LINUX, EC2_WINDOWS, EC2, HYBRID_LINUX, HYPERPOD_LINUX.");
        assertThatThrownBy(() -> eks.createAccessEntry(r -> r.clusterName("legacy").principalArn(target.roleArn("node")).type("EC2_LINUX")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> eks.createAccessEntry(r -> r.clusterName("gone").principalArn(target.roleArn("node")).type("EC2_LINUX")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(prod.accessEntries()).isEmpty();

        // a STANDARD entry may name a principal of another account; the path makes the ARN whole
        eks.createAccessEntry(r -> r.clusterName("prod").principalArn(other.roleArn("node")));
        eks.createAccessEntry(r -> r.clusterName("prod").principalArn("arn:aws:iam::" + TARGET + ":role/eks/pathed").type("EC2_LINUX"));
        assertThat(prod.accessEntries()).extracting(FakeCluster.AccessEntry::principalArn)
                .containsExactly("arn:aws:iam::" + TARGET + ":role/eks/pathed", other.roleArn("node"));
    }

    @Test
    void aRetriedCreateWithTheSameClientRequestTokenGetsTheSameEntry() {
        target.addRole("node");
        EksClient eks = eks();
        AccessEntry first = eks.createAccessEntry(r -> r.clusterName("prod").principalArn(target.roleArn("node"))
                .type("EC2_LINUX").clientRequestToken("token-1")).accessEntry();
        AccessEntry again = eks.createAccessEntry(r -> r.clusterName("prod").principalArn(target.roleArn("node"))
                .type("EC2_LINUX").clientRequestToken("token-1")).accessEntry();
        assertThat(again.accessEntryArn()).isEqualTo(first.accessEntryArn());
        assertThatThrownBy(() -> eks.createAccessEntry(r -> r.clusterName("prod").principalArn(target.roleArn("node"))
                .type("EC2_LINUX").clientRequestToken("token-2")))
                .isInstanceOf(ResourceInUseException.class);
        // the SDK fills in a token of its own when none is given
        assertThat(fake.calls("CreateAccessEntry")).extracting(c -> c.parameter("clientRequestToken"))
                .containsExactly("token-1", "token-1", "token-2");
    }

    @Test
    void aRoleJustCreatedOverTheWireIsAnInvalidPrincipalUntilIamHasCaughtUp() {
        fake.eventualConsistency(Duration.ofMillis(400));
        Role role = clients.iam(access).createRole(r -> r.roleName("fresh-node").assumeRolePolicyDocument(target.ec2TrustPolicy()))
                .role();
        EksClient eks = eks();
        assertThatThrownBy(() -> eks.createAccessEntry(r -> r.clusterName("prod").principalArn(role.arn()).type("EC2_LINUX")))
                .isInstanceOf(InvalidParameterException.class);
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> eks.createAccessEntry(r -> r.clusterName("prod").principalArn(role.arn()).type("EC2_LINUX"))
                        .accessEntry() != null);
        assertThat(prod.accessEntry(role.arn()).type()).isEqualTo("EC2_LINUX");
    }

    @Test
    void deniedEksCallsAnswerAccessDeniedInEksWords() {
        target.addRole("node");
        prod.addNodegroup("ng", target.roleArn("node"), "AL2023_x86_64_STANDARD");
        target.deny("eksrole-access", "eks:ListNodegroups");
        EksClient eks = eks();

        assertThat(eks.listClusters().clusters()).containsExactly("prod");
        assertThatThrownBy(() -> eks.listNodegroups(r -> r.clusterName("prod")))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + SESSION + " is not authorized to"
                            + " perform: eks:ListNodegroups on resource: arn:aws:eks:eu-west-1:" + TARGET + ":cluster/prod"
                            + " because no identity-based policy allows the eks:ListNodegroups action");
                });
        // denied before EKS looks for the cluster, as AWS authorizes first
        assertThatThrownBy(() -> eks.listNodegroups(r -> r.clusterName("gone"))).isInstanceOf(AccessDeniedException.class);
        target.clearDenies();
        assertThat(eks.listNodegroups(r -> r.clusterName("prod")).nodegroups()).containsExactly("ng");

        target.identityPolicy("eksrole-access", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["eks:List*", "eks:Describe*"], "Resource": "*"},
                  {"Effect": "Deny", "Action": "eks:DescribeCluster", "Resource": "arn:aws:eks:*:*:cluster/secret"}]}""");
        target.addCluster("eu-west-1", "secret", target.roleArn("cluster"), "API");
        assertThat(eks.describeCluster(r -> r.name("prod")).cluster().name()).isEqualTo("prod");
        assertThatThrownBy(() -> eks.describeCluster(r -> r.name("secret")))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .endsWith("eks:DescribeCluster on resource: arn:aws:eks:eu-west-1:" + TARGET + ":cluster/secret"
                                + " with an explicit deny in an identity-based policy"));
        assertThatThrownBy(() -> eks.createAccessEntry(r -> r.clusterName("prod").principalArn(target.roleArn("node")).type("EC2_LINUX")))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .endsWith("because no identity-based policy allows the eks:CreateAccessEntry action"));
        assertThat(prod.accessEntries()).isEmpty();
        assertThat(fake.calls()).filteredOn(c -> !c.succeeded()).extracting(RecordedCall::action, RecordedCall::errorCode)
                .containsExactly(tuple("ListNodegroups", "AccessDeniedException"), tuple("ListNodegroups", "AccessDeniedException"),
                        tuple("DescribeCluster", "AccessDeniedException"), tuple("CreateAccessEntry", "AccessDeniedException"));
    }

    @Test
    void faultsAreInjectedByOperationName() {
        EksClient retrying = eks(FakeAwsClients.fastStandardRetries());
        fake.throttle("ListClusters", 2);
        assertThat(retrying.listClusters().clusters()).containsExactly("prod");
        assertThat(fake.calls("ListClusters")).extracting(RecordedCall::status, RecordedCall::errorCode)
                .containsExactly(tuple(429, "ThrottlingException"), tuple(429, "ThrottlingException"), tuple(200, null));

        fake.throttle("DescribeCluster", 3);
        assertThatThrownBy(() -> retrying.describeCluster(r -> r.name("prod")))
                .isInstanceOfSatisfying(ThrottlingException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.isThrottlingException()).isTrue();
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                });
        assertThat(fake.count("DescribeCluster")).isEqualTo(3);

        EksClient once = eks(FakeAwsClients.fastStandardRetries().toBuilder().maxAttempts(1).build());
        fake.failNext("ListNodegroups", 500, "ServerException", "boom", 1);
        assertThatThrownBy(() -> once.listNodegroups(r -> r.clusterName("prod")))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));

        fake.answerEmpty("ListClusters", 1);
        assertThat(once.listClusters().hasClusters()).isFalse();
        fake.answerUnreadable("ListClusters", 1);
        assertThatThrownBy(once::listClusters).isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);

        fake.latency(Duration.ofMillis(250));
        long start = System.nanoTime();
        once.listClusters();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
    }

    @Test
    void rawRestJsonAnswers() throws Exception {
        target.addRole("node", "/eks/", target.ec2TrustPolicy());
        String node = target.roleArn("node");
        prod.addAccessEntry(node, "EC2_LINUX");
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();

        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(fake.endpoint() + "/clusters")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(unsigned.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json.readTree(unsigned.body()).get("message").asText()).isEqualTo("Missing Authentication Token");

        fake.verifySignatures(false);
        String auth = "AWS4-HMAC-SHA256 Credential=" + access.accessKeyId()
                + "/20260101/eu-west-1/eks/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
        String entryPath = "/clusters/prod/access-entries/" + URLEncoder.encode(node, StandardCharsets.UTF_8);
        HttpResponse<String> described = http.send(signed(entryPath, auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(described.statusCode()).as(described.body()).isEqualTo(200);
        JsonNode entry = json.readTree(described.body()).get("accessEntry");
        assertThat(entry.get("principalArn").asText()).isEqualTo("arn:aws:iam::" + TARGET + ":role/eks/node");
        assertThat(entry.get("createdAt").isNumber()).isTrue();
        assertThat(described.body()).containsPattern("\"createdAt\":\\d{10}\\.\\d{3}[,}]");

        HttpResponse<String> missing = http.send(signed("/clusters/nope", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(json.readTree(missing.body()).get("clusterName").asText()).isEqualTo("nope");

        HttpResponse<String> deleted = http.send(signed(entryPath, auth).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(prod.accessEntries()).isEmpty();

        HttpResponse<String> unknown = http.send(signed("/clusters/prod/addons", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        assertThat(fake.calls()).extracting(RecordedCall::service, RecordedCall::action, RecordedCall::errorCode).containsExactly(
                tuple("eks", "ListClusters", "MissingAuthenticationTokenException"),
                tuple("eks", "DescribeAccessEntry", null),
                tuple("eks", "DescribeCluster", "ResourceNotFoundException"),
                tuple("eks", "DeleteAccessEntry", null),
                tuple("eks", null, "UnknownOperationException"));
    }

    private HttpRequest.Builder signed(String path, String auth) {
        return HttpRequest.newBuilder(URI.create(fake.endpoint() + path))
                .header("Authorization", auth)
                .header("X-Amz-Date", "20260101T000000Z")
                .header("X-Amz-Security-Token", access.sessionToken());
    }

    private static void assertInvalidParameter(EksClient eks, String principalArn, String type, String message,
            String... groups) {
        assertThatThrownBy(() -> eks.createAccessEntry(r -> r.clusterName("prod").principalArn(principalArn).type(type)
                .kubernetesGroups(groups)))
                .as(principalArn + " " + type)
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
                    assertThat(e.clusterName()).isEqualTo("prod");
                });
    }

    EksClient eks() {
        return clients.eks(access, Region.EU_WEST_1);
    }

    EksClient eks(software.amazon.awssdk.retries.api.RetryStrategy retries) {
        return clients.eks(access, Region.EU_WEST_1, b -> b.overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                .retryStrategy(retries)));
    }
}
