package dev.eksrole.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyRole;
import software.amazon.awssdk.services.iam.model.ServiceFailureException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** Further behaviour of {@link FakeAws}: concurrency, faults, tags, entities, role chaining, raw protocol. */
class FakeAwsBehaviourTest {

    static final String HUB = "999999999999";
    static final String TARGET = "111111111111";

    FakeAws fake;
    FakeAccount hub;
    FakeAccount target;
    Credentials hubUser;
    Credentials access;
    FakeAwsClients clients;

    @BeforeEach
    void start() {
        fake = FakeAws.start();
        hub = fake.addAccount(HUB);
        target = fake.addAccount(TARGET);
        hubUser = fake.addUser(HUB, "hub");
        clients = new FakeAwsClients(fake);
        target.addRole("eksrole-access", "/", FakeAwsTest.trustAccount(HUB, null));
        access = clients.assumeRole(hubUser, target.roleArn("eksrole-access"), "diag", null);
        fake.clearCalls();
    }

    @AfterEach
    void stop() {
        clients.close();
        fake.close();
    }

    @Test
    void fiftyConcurrentRequestsWithLatencyOverlapAndAllSucceed() throws Exception {
        target.addRole("node");
        IamClient iam = clients.iam(access);
        StsClient sts = clients.sts(access);
        iam.getRole(r -> r.roleName("node"));
        sts.getCallerIdentity();
        fake.clearCalls();
        fake.latency(Duration.ofMillis(300));

        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                tasks.add(() -> switch (n % 3) {
                    case 0 -> iam.getRole(r -> r.roleName("node")).role().roleName();
                    case 1 -> iam.listRoles().roles().get(0).roleName();
                    default -> sts.getCallerIdentity().account();
                });
            }
            long start = System.nanoTime();
            List<Future<String>> results = pool.invokeAll(tasks, 20, TimeUnit.SECONDS);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            for (Future<String> f : results) {
                assertThat(f.get()).isIn("node", "eksrole-access", TARGET);
            }
            assertThat(elapsedMillis).isLessThan(3000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.calls()).hasSize(50).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
        assertThat(fake.count("GetRole") + fake.count("ListRoles") + fake.count("GetCallerIdentity")).isEqualTo(50);
    }

    @Test
    void failNextAnswersTheGivenErrorAndResetClearsFaults() {
        target.addRole("node");
        IamClient noRetry = clients.iam(access, b -> b.overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                .retryStrategy(FakeAwsClients.fastStandardRetries().toBuilder().maxAttempts(1).build())));
        fake.failNext("GetRole", 500, "ServiceFailure", "boom", 1);
        assertThatThrownBy(() -> noRetry.getRole(r -> r.roleName("node")))
                .isInstanceOfSatisfying(ServiceFailureException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("boom");
                });
        assertThat(noRetry.getRole(r -> r.roleName("node")).role().roleName()).isEqualTo("node");

        IamClient retrying = clients.iam(access, b -> b.overrideConfiguration(
                o -> o.retryStrategy(FakeAwsClients.fastStandardRetries())));
        fake.failNext("GetRole", 500, "ServiceFailure", "boom", 2);
        assertThat(retrying.getRole(r -> r.roleName("node")).role().roleName()).isEqualTo("node");
        assertThat(fake.calls("GetRole")).extracting(RecordedCall::errorCode)
                .containsExactly("ServiceFailure", null, "ServiceFailure", "ServiceFailure", null);

        fake.failNext("*", 403, "AccessDenied", "nope", 5).throttle("ListRoles", 5).latency(Duration.ofSeconds(5));
        fake.reset();
        assertThat(noRetry.listRoles().roles()).isNotEmpty();
    }

    @Test
    void latencyDelaysAnswers() {
        IamClient iam = clients.iam(access);
        iam.listRoles();
        fake.latency(Duration.ofMillis(250));
        long start = System.nanoTime();
        iam.listRoles();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
    }

    @Test
    void listEntitiesForPolicyPagesThroughAttachedRoles() {
        String worker = target.awsManagedPolicyArn("AmazonEKSWorkerNodePolicy");
        String custom = target.createCustomerPolicy("node-extras");
        for (String name : List.of("a", "b", "c", "d", "e")) {
            target.addRole(name).roleId();
            target.attach(name, worker);
        }
        target.attach("c", custom);
        IamClient iam = clients.iam(access);

        List<String> roles = iam.listEntitiesForPolicyPaginator(r -> r.policyArn(worker)
                        .entityFilter(EntityType.ROLE).maxItems(2))
                .stream().flatMap(p -> p.policyRoles().stream()).map(PolicyRole::roleName).toList();
        assertThat(roles).containsExactly("a", "b", "c", "d", "e");
        assertThat(fake.count("ListEntitiesForPolicy")).isEqualTo(3);

        ListEntitiesForPolicyResponse customEntities = iam.listEntitiesForPolicy(r -> r.policyArn(custom));
        assertThat(customEntities.policyRoles()).singleElement().satisfies(r -> {
            assertThat(r.roleName()).isEqualTo("c");
            assertThat(r.roleId()).isEqualTo(target.role("c").roleId());
        });
        assertThat(customEntities.policyUsers()).isEmpty();
        assertThat(customEntities.policyGroups()).isEmpty();
        assertThat(iam.listEntitiesForPolicy(r -> r.policyArn(worker).entityFilter(EntityType.USER)).policyRoles())
                .isEmpty();
        assertThatThrownBy(() -> iam.listEntitiesForPolicy(r -> r.policyArn("arn:aws:iam::" + TARGET + ":policy/gone")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> clients.iam(hubUser).listEntitiesForPolicy(r -> r.policyArn(custom)))
                .isInstanceOf(NoSuchEntityException.class);
    }

    @Test
    void tagsAndTrustUpdatesGoThroughTheWire() {
        target.addRole("node");
        IamClient iam = clients.iam(access);
        iam.tagRole(r -> r.roleName("node").tags(Tag.builder().key("owner").value("a&b <c>").build(),
                Tag.builder().key("env").value("prod").build()));
        iam.tagRole(r -> r.roleName("node").tags(Tag.builder().key("env").value("dev").build()));

        assertThat(iam.listRoleTags(r -> r.roleName("node")).tags())
                .extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("owner", "a&b <c>"),
                        org.assertj.core.groups.Tuple.tuple("env", "dev"));
        assertThat(target.role("node").tags()).isEqualTo(Map.of("owner", "a&b <c>", "env", "dev"));

        String trust = FakeAwsTest.trustAccount(HUB, "xyz");
        iam.updateAssumeRolePolicy(r -> r.roleName("node").policyDocument(trust));
        assertThat(target.role("node").trustJson()).isEqualTo(trust);
        assertThat(clients.assumeRole(hubUser, target.roleArn("node"), "s1", "xyz").accessKeyId()).startsWith("ASIA");
        assertThatThrownBy(() -> iam.updateAssumeRolePolicy(r -> r.roleName("node").policyDocument("[]")))
                .isInstanceOf(software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException.class);
    }

    @Test
    void chainedAssumeRoleAndSessionLimits() {
        target.addRole("second", "/", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"" + target.roleArn("eksrole-access") + "\"]},\"Action\":\"sts:*\"}}");
        Credentials second = clients.assumeRole(access, target.roleArn("second"), "chained", null);
        assertThat(clients.sts(second).getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::" + TARGET + ":assumed-role/second/chained");
        assertThatThrownBy(() -> clients.sts(access).assumeRole(r -> r.roleArn(target.roleArn("second"))
                .roleSessionName("long").durationSeconds(7200)))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                });
        assertThatThrownBy(() -> clients.assumeRole(hubUser, target.roleArn("second"), "direct", null))
                .isInstanceOfSatisfying(StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }

    @Test
    void deniedActionsAndQuotasAnswerLikeIam() {
        target.addRole("node");
        target.deny("eksrole-access", "iam:AttachRolePolicy");
        IamClient iam = clients.iam(access);
        String worker = target.awsManagedPolicyArn("AmazonEKSWorkerNodePolicy");
        assertThatThrownBy(() -> iam.attachRolePolicy(r -> r.roleName("node").policyArn(worker)))
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("User: arn:aws:sts::" + TARGET
                            + ":assumed-role/eksrole-access/diag is not authorized to perform: iam:AttachRolePolicy");
                });
        target.clearDenies().policiesPerRoleQuota(2);
        iam.attachRolePolicy(r -> r.roleName("node").policyArn(worker));
        iam.attachRolePolicy(r -> r.roleName("node").policyArn(target.awsManagedPolicyArn("AmazonEKS_CNI_Policy")));
        assertThatThrownBy(() -> iam.attachRolePolicy(r -> r.roleName("node")
                .policyArn(target.awsManagedPolicyArn("AmazonSSMManagedInstanceCore"))))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
    }

    @Test
    void rawQueryProtocolAnswers() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(fake.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("Action=ListRoles&Version=2010-05-08"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("Content-Type")).hasValue("text/xml");
        assertThat(unsigned.body())
                .startsWith("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
                        + "<Code>MissingAuthenticationToken</Code>");

        fake.verifySignatures(false);
        String auth = "AWS4-HMAC-SHA256 Credential=" + access.accessKeyId()
                + "/20260101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(
                        URI.create(fake.endpoint() + "/?Action=GetCallerIdentity&Version=2011-06-15"))
                .header("Authorization", auth)
                .header("X-Amz-Security-Token", access.sessionToken())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).startsWith("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<GetCallerIdentityResult><Arn>arn:aws:sts::" + TARGET + ":assumed-role/eksrole-access/diag</Arn>")
                .contains("<ResponseMetadata><RequestId>");

        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(fake.endpoint())
                .header("Authorization", auth.replace("/sts/", "/iam/"))
                .header("X-Amz-Security-Token", access.sessionToken())
                .POST(HttpRequest.BodyPublishers.ofString("Action=Frobnicate&Version=2010-05-08"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("<Code>InvalidAction</Code>");
        assertThat(fake.calls()).extracting(RecordedCall::service, RecordedCall::errorCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("iam", "MissingAuthenticationToken"),
                        org.assertj.core.groups.Tuple.tuple("sts", null),
                        org.assertj.core.groups.Tuple.tuple("iam", "InvalidAction"));
    }

    @Test
    void aChildProcessReachesTheFakeThroughEndpointEnvironmentVariables() throws Exception {
        target.addRole("node");
        Credentials ops = fake.addUser(TARGET, "ops");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                EnvConfiguredClientMain.class.getName());
        Map<String, String> env = pb.environment();
        env.put("AWS_ENDPOINT_URL_IAM", fake.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_STS", fake.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", ops.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", ops.secretAccessKey());
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.put("AWS_REGION", "us-east-1");
        File nowhere = new File(System.getProperty("java.io.tmpdir"), "no-such-aws-config");
        env.put("AWS_CONFIG_FILE", nowhere.getPath());
        env.put("AWS_SHARED_CREDENTIALS_FILE", nowhere.getPath());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        pb.redirectErrorStream(true);
        Process child = pb.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("account=" + TARGET + " roles=2");
        assertThat(fake.calls()).extracting(RecordedCall::service, RecordedCall::action, RecordedCall::signingRegion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sts", "GetCallerIdentity", "us-east-1"),
                        org.assertj.core.groups.Tuple.tuple("iam", "ListRoles", "us-east-1"));
    }
}
