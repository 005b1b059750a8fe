package dev.eksrole.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** Drives {@link FakeAws} with the real AWS SDK for Java v2 over HTTP. */
class FakeAwsTest {

    static final String HUB = "999999999999";
    static final String TARGET = "111111111111";
    static final String ACCESS_ROLE = "eksrole-access";

    FakeAws fake;
    FakeAccount hub;
    FakeAccount target;
    Credentials hubUser;
    FakeAwsClients clients;

    @BeforeEach
    void start() {
        fake = FakeAws.start();
        hub = fake.addAccount(HUB);
        target = fake.addAccount(TARGET);
        hubUser = fake.addUser(HUB, "hub");
        clients = new FakeAwsClients(fake);
    }

    @AfterEach
    void stop() {
        clients.close();
        fake.close();
    }

    // ---- pagination and documents ----

    @Test
    void listRolesPaginatesOver2500RolesInThreePagesOfAThousand() {
        for (int i = 0; i < 2500; i++) {
            hub.addRole(String.format("role-%04d", i));
        }
        IamClient iam = iam(hubUser);

        List<String> names = iam.listRolesPaginator(r -> r.maxItems(1000)).roles().stream()
                .map(Role::roleName)
                .toList();

        assertThat(names).hasSize(2500).doesNotHaveDuplicates().isSorted();
        assertThat(names.get(0)).isEqualTo("role-0000");
        assertThat(names.get(2499)).isEqualTo("role-2499");
        List<RecordedCall> pages = fake.calls("ListRoles");
        assertThat(pages).hasSize(3);
        assertThat(pages).allSatisfy(c -> {
            assertThat(c.parameter("MaxItems")).isEqualTo("1000");
            assertThat(c.accountId()).isEqualTo(HUB);
            assertThat(c.status()).isEqualTo(200);
        });
        assertThat(pages.get(0).parameter("Marker")).isNull();
        assertThat(pages.get(1).parameter("Marker")).isNotBlank();
        assertThat(pages.get(2).parameter("Marker")).isNotBlank().isNotEqualTo(pages.get(1).parameter("Marker"));
    }

    @Test
    void listRolesRejectsMaxItemsOutsideOneToAThousand() {
        IamClient iam = iam(hubUser);
        assertThatThrownBy(() -> iam.listRoles(r -> r.maxItems(1001)))
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                });
    }

    @Test
    void trustPolicyComesBackUrlEncodedAndDecodesToTheStoredDocument() {
        String trust = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"EC2 & <nodes> + 'more'\","
                + " \"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"},"
                + " \"Action\": \"sts:AssumeRole\"}]}";
        target.addRole("node-role", "/eks/", trust, "nodes of \"prod\" & <test>");
        IamClient iam = iam(assumeAccessRole(null));

        Role role = iam.getRole(r -> r.roleName("node-role")).role();

        assertThat(role.assumeRolePolicyDocument())
                .startsWith("%7B%22Version%22%3A%20%222012-10-17%22")
                .doesNotContain("{", " ", "+", "&");
        assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(trust);
        assertThat(role.description()).isEqualTo("nodes of \"prod\" & <test>");
        assertThat(role.path()).isEqualTo("/eks/");
        assertThat(role.arn()).isEqualTo("arn:aws:iam::" + TARGET + ":role/eks/node-role");
        assertThat(role.roleId()).startsWith("AROA").hasSize(21);
        assertThat(role.maxSessionDuration()).isEqualTo(3600);
        assertThat(role.createDate()).isNotNull();

        Role listed = iam.listRoles(r -> r.pathPrefix("/eks/")).roles().get(0);
        assertThat(URLDecoder.decode(listed.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(trust);
    }

    // ---- STS ----

    @Test
    void assumeRoleChecksExternalIdAndTrustedPrincipal() {
        target.addRole(ACCESS_ROLE, "/", trustAccount(HUB, "ext-123"));
        target.addRole("other-role", "/", trustAccount("123456789012", null));
        StsClient sts = sts(hubUser);
        String roleArn = target.roleArn(ACCESS_ROLE);

        AssumeRoleResponse ok = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("eksrole").externalId("ext-123"));
        assertThat(ok.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(ok.credentials().sessionToken()).isNotBlank();
        assertThat(ok.credentials().expiration()).isAfter(Instant.now().plusSeconds(3000));
        assertThat(ok.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::" + TARGET + ":assumed-role/" + ACCESS_ROLE + "/eksrole");
        assertThat(ok.assumedRoleUser().assumedRoleId())
                .isEqualTo(target.role(ACCESS_ROLE).roleId() + ":eksrole");

        String denied = "User: arn:aws:iam::" + HUB + ":user/hub is not authorized to perform: sts:AssumeRole"
                + " on resource: " + roleArn;
        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("eksrole").externalId("wrong")))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(denied);
                });
        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("eksrole")))
                .isInstanceOfSatisfying(StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(target.roleArn("other-role")).roleSessionName("eksrole")))
                .isInstanceOfSatisfying(StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(target.roleArn("missing")).roleSessionName("eksrole")))
                .isInstanceOfSatisfying(StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));

        List<RecordedCall> calls = fake.calls("AssumeRole");
        assertThat(calls).extracting(RecordedCall::status).containsExactly(200, 403, 403, 403, 403);
        assertThat(calls.get(0).parameter("RoleSessionName")).isEqualTo("eksrole");
        assertThat(calls.get(0).parameter("ExternalId")).isEqualTo("ext-123");
        assertThat(calls.get(1).parameter("ExternalId")).isEqualTo("wrong");
        assertThat(calls.get(1).errorCode()).isEqualTo("AccessDenied");
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.service()).isEqualTo("sts");
            assertThat(c.accountId()).isEqualTo(HUB);
        });
    }

    @Test
    void assumeRoleRejectsAnInvalidSessionName() {
        target.addRole(ACCESS_ROLE, "/", trustAccount(HUB, null));
        StsClient sts = sts(hubUser);
        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(target.roleArn(ACCESS_ROLE)).roleSessionName("bad name!")))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                });
    }

    @Test
    void assumedCredentialsActInTheTargetAccount() {
        hub.addRole("hub-only");
        target.addRole("node-a");
        target.addRole("node-b");
        Credentials assumed = assumeAccessRole(null);

        GetCallerIdentityResponse me = sts(assumed).getCallerIdentity();
        assertThat(me.account()).isEqualTo(TARGET);
        assertThat(me.arn()).isEqualTo("arn:aws:sts::" + TARGET + ":assumed-role/" + ACCESS_ROLE + "/eksrole");

        IamClient iam = iam(assumed);
        assertThat(iam.listRoles().roles()).extracting(Role::roleName)
                .containsExactly(ACCESS_ROLE, "node-a", "node-b");
        assertThat(iam.getRole(r -> r.roleName("node-a")).role().arn())
                .isEqualTo("arn:aws:iam::" + TARGET + ":role/node-a");
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("hub-only"))).isInstanceOf(NoSuchEntityException.class);

        assertThat(fake.calls("ListRoles")).singleElement().satisfies(c -> {
            assertThat(c.accessKeyId()).isEqualTo(assumed.accessKeyId());
            assertThat(c.accountId()).isEqualTo(TARGET);
        });
        assertThat(iam(hubUser).listRoles().roles()).extracting(Role::roleName).containsExactly("hub-only");
    }

    // ---- errors, retries, auth ----

    @Test
    void noSuchEntityMapsToTheSdkException() {
        IamClient iam = iam(assumeAccessRole(null));
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("nope")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The role with name nope cannot be found.");
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThatThrownBy(() -> iam.listAttachedRolePolicies(r -> r.roleName("nope")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThat(fake.calls("GetRole")).singleElement()
                .satisfies(c -> assertThat(c.errorCode()).isEqualTo("NoSuchEntity"));
    }

    @Test
    void throttlingIsRetriedByTheStandardRetryStrategyUntilItSucceeds() {
        target.addRole("node");
        Credentials assumed = assumeAccessRole(null);
        IamClient iam = iam(assumed, b -> b.overrideConfiguration(o -> o.retryStrategy(FakeAwsClients.fastStandardRetries())));
        fake.throttle("GetRole", 2);

        assertThat(iam.getRole(r -> r.roleName("node")).role().roleName()).isEqualTo("node");

        assertThat(fake.count("GetRole")).isEqualTo(3);
        assertThat(fake.calls("GetRole")).extracting(RecordedCall::errorCode)
                .containsExactly("Throttling", "Throttling", null);
        assertThat(fake.calls("GetRole")).extracting(RecordedCall::status).containsExactly(400, 400, 200);

        fake.throttle("GetRole", 3);
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("node")))
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                    assertThat(e.isThrottlingException()).isTrue();
                });
        assertThat(fake.count("GetRole")).isEqualTo(6);
    }

    @Test
    void requestsWithABadSignatureOrUnknownKeyAreRefused() {
        Credentials wrongSecret = new Credentials(hubUser.accessKeyId(), "x" + hubUser.secretAccessKey(), null);
        assertThatThrownBy(() -> iam(wrongSecret).listRoles())
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                });
        Credentials unknown = new Credentials("AKIAUNKNOWNUNKNOWN00", hubUser.secretAccessKey(), null);
        assertThatThrownBy(() -> sts(unknown).getCallerIdentity())
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The security token included in the request is invalid.");
                });
        Credentials assumed = assumeAccessRole(null);
        Credentials withoutToken = new Credentials(assumed.accessKeyId(), assumed.secretAccessKey(), null);
        assertThatThrownBy(() -> sts(withoutToken).getCallerIdentity())
                .isInstanceOfSatisfying(StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        fake.expire(assumed.accessKeyId());
        assertThatThrownBy(() -> sts(assumed).getCallerIdentity())
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
                });

        assertThat(fake.calls()).filteredOn(c -> c.status() == 403).extracting(RecordedCall::accountId)
                .containsOnlyNulls();
        fake.verifySignatures(false);
        assertThat(iam(wrongSecret).listRoles().roles()).isEmpty();
    }

    // ---- partitions and signing regions ----

    @Test
    void signingRegionIsRecordedForEachPartition() {
        FakeAccount cn = fake.addAccount("222222222222", FakeAws.AWS_CN);
        FakeAccount gov = fake.addAccount("333333333333", FakeAws.AWS_US_GOV);
        cn.addRole("node");
        gov.addRole("node");
        Credentials awsUser = fake.addUser(TARGET, "ops");
        Credentials cnUser = fake.addUser(cn.accountId(), "ops");
        Credentials govUser = fake.addUser(gov.accountId(), "ops");
        fake.requireRealSigningRegions(true);

        // routed with the SDK's own endpoint rules, the requests are signed as for real IAM
        iam(awsUser, b -> b.endpointProvider(fake.iamEndpointProvider())).listRoles();
        Role cnRole = iam(cnUser, b -> b.region(Region.AWS_CN_GLOBAL).endpointProvider(fake.iamEndpointProvider()))
                .getRole(r -> r.roleName("node")).role();
        iam(govUser, b -> b.region(Region.AWS_US_GOV_GLOBAL).endpointProvider(fake.iamEndpointProvider())).listRoles();

        assertThat(fake.calls()).extracting(RecordedCall::signingRegion)
                .containsExactly("us-east-1", "cn-north-1", "us-gov-west-1");
        assertThat(fake.calls()).extracting(RecordedCall::accountId)
                .containsExactly(TARGET, "222222222222", "333333333333");
        assertThat(cnRole.arn()).isEqualTo("arn:aws-cn:iam::222222222222:role/node");
        assertThat(URLDecoder.decode(cnRole.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                .contains("ec2.amazonaws.com.cn");

        // with endpointOverride the SDK signs with the client's region id, which real IAM refuses
        fake.clearCalls();
        assertThatThrownBy(() -> iam(cnUser, b -> b.region(Region.AWS_CN_GLOBAL)).listRoles())
                .isInstanceOfSatisfying(IamException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
        fake.requireRealSigningRegions(false);
        iam(cnUser, b -> b.region(Region.AWS_CN_GLOBAL)).listRoles();
        iam(govUser, b -> b.region(Region.AWS_US_GOV_GLOBAL)).listRoles();
        assertThat(fake.calls()).extracting(RecordedCall::signingRegion)
                .containsExactly("aws-cn-global", "aws-cn-global", "aws-us-gov-global");
        assertThat(fake.calls()).extracting(RecordedCall::service).containsOnly("iam");
    }

    @Test
    void endpointSystemPropertyReachesTheFake() {
        System.setProperty("aws.endpointUrlIam", fake.endpoint().toString());
        try {
            IamClient iam = clients.track(IamClient.builder()
                    .region(Region.AWS_GLOBAL)
                    .httpClientBuilder(Apache5HttpClient.builder())
                    .credentialsProvider(FakeAwsClients.provider(hubUser))
                    .build());
            iam.listRoles();
        } finally {
            System.clearProperty("aws.endpointUrlIam");
        }
        assertThat(fake.calls("ListRoles")).singleElement().satisfies(c -> {
            assertThat(c.accountId()).isEqualTo(HUB);
            assertThat(c.signingRegion()).isEqualTo("aws-global");
        });
    }

    @Test
    void assumeRoleAcrossPartitionsIsDenied() {
        FakeAccount cn = fake.addAccount("222222222222", FakeAws.AWS_CN);
        cn.addRole(ACCESS_ROLE, "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}");
        assertThatThrownBy(() -> sts(hubUser).assumeRole(r -> r.roleArn(cn.roleArn(ACCESS_ROLE)).roleSessionName("x1")))
                .isInstanceOfSatisfying(StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }

    // ---- writes ----

    @Test
    void createRoleHonoursEventualConsistency() {
        IamClient iam = iam(assumeAccessRole(null));
        fake.eventualConsistency(Duration.ofMillis(400));
        String trust = target.ec2TrustPolicy();

        Role created = iam.createRole(r -> r.roleName("new-node").path("/eks/").assumeRolePolicyDocument(trust)
                .description("fresh").maxSessionDuration(7200)
                .tags(Tag.builder().key("team").value("platform").build())).role();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + TARGET + ":role/eks/new-node");
        assertThat(URLDecoder.decode(created.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(trust);

        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("new-node"))).isInstanceOf(NoSuchEntityException.class);
        String policy = target.awsManagedPolicyArn("AmazonEKSWorkerNodePolicy");
        assertThatThrownBy(() -> iam.attachRolePolicy(r -> r.roleName("new-node").policyArn(policy)))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("new-node").assumeRolePolicyDocument(trust)))
                .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> assertThat(e.statusCode()).isEqualTo(409));

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> iam.getRole(r -> r.roleName("new-node")).role() != null);
        iam.attachRolePolicy(r -> r.roleName("new-node").policyArn(policy));

        FakeRole stored = target.role("new-node");
        assertThat(stored.attachedPolicyArns()).containsExactly(policy);
        assertThat(stored.tags()).containsEntry("team", "platform");
        assertThat(stored.description()).isEqualTo("fresh");
        assertThat(stored.maxSessionDuration()).isEqualTo(7200);
        assertThat(iam.getRole(r -> r.roleName("new-node")).role().tags())
                .singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("platform"));

        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("broken").assumeRolePolicyDocument("{not json")))
                .isInstanceOfSatisfying(MalformedPolicyDocumentException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("broken").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\"}")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
    }

    @Test
    void attachRolePolicyIsIdempotent() {
        target.addRole("node");
        IamClient iam = iam(assumeAccessRole(null));
        String worker = target.awsManagedPolicyArn("AmazonEKSWorkerNodePolicy");
        String cni = target.awsManagedPolicyArn("AmazonEKS_CNI_Policy");

        iam.attachRolePolicy(r -> r.roleName("node").policyArn(worker));
        iam.attachRolePolicy(r -> r.roleName("node").policyArn(worker));
        iam.attachRolePolicy(r -> r.roleName("node").policyArn(cni));

        assertThat(fake.count("AttachRolePolicy")).isEqualTo(3);
        assertThat(target.role("node").attachedPolicyArns()).containsExactly(worker, cni);
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("node")).attachedPolicies())
                .extracting(AttachedPolicy::policyName, AttachedPolicy::policyArn)
                .containsExactly(
                        tuple("AmazonEKSWorkerNodePolicy", worker),
                        tuple("AmazonEKS_CNI_Policy", cni));

        iam.detachRolePolicy(r -> r.roleName("node").policyArn(cni));
        assertThatThrownBy(() -> iam.detachRolePolicy(r -> r.roleName("node").policyArn(cni)))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.attachRolePolicy(r -> r.roleName("node")
                .policyArn("arn:aws:iam::aws:policy/NoSuchPolicy")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.attachRolePolicy(r -> r.roleName("node")
                .policyArn(FakeAws.awsManagedPolicyArn(FakeAws.AWS_CN, "AmazonEKS_CNI_Policy"))))
                .isInstanceOfSatisfying(IamException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isIn("InvalidInput", "NoSuchEntity"));
        assertThat(target.role("node").attachedPolicyArns()).containsExactly(worker);
    }

    // ---- helpers ----

    /** Trust for principal {@code arn:aws:iam::<account>:root}, optionally requiring an external id. */
    static String trustAccount(String accountId, String externalId) {
        String condition = externalId == null ? ""
                : ",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"" + externalId + "\"}}";
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId + ":root\"},"
                + "\"Action\":\"sts:AssumeRole\"" + condition + "}]}";
    }

    /** Creates {@value #ACCESS_ROLE} in the target account (if needed) and assumes it as the hub user. */
    Credentials assumeAccessRole(String externalId) {
        if (target.role(ACCESS_ROLE) == null) {
            target.addRole(ACCESS_ROLE, "/", trustAccount(HUB, externalId));
        }
        return clients.assumeRole(hubUser, target.roleArn(ACCESS_ROLE), "eksrole", externalId);
    }

    IamClient iam(Credentials c) {
        return clients.iam(c);
    }

    IamClient iam(Credentials c, Consumer<IamClientBuilder> customizer) {
        return clients.iam(c, customizer);
    }

    StsClient sts(Credentials c) {
        return clients.sts(c);
    }

}
