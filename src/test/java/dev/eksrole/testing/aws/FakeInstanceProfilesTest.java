package dev.eksrole.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/** IAM instance profiles in {@link FakeAws}, driven with the real {@code IamClient}. */
class FakeInstanceProfilesTest {

    static final String HUB = "999999999999";
    static final String TARGET = "111111111111";

    FakeAws fake;
    FakeAccount target;
    Credentials access;
    FakeAwsClients clients;
    IamClient iam;

    @BeforeEach
    void start() {
        fake = FakeAws.start();
        fake.addAccount(HUB);
        target = fake.addAccount(TARGET);
        Credentials hubUser = fake.addUser(HUB, "hub");
        clients = new FakeAwsClients(fake);
        target.addRole("eksrole-access", "/", FakeAwsTest.trustAccount(HUB, null));
        access = clients.assumeRole(hubUser, target.roleArn("eksrole-access"), "check", null);
        iam = clients.iam(access);
        fake.clearCalls();
    }

    @AfterEach
    void stop() {
        clients.close();
        fake.close();
    }

    @Test
    void anInstanceProfileIsCreatedFilledEmptiedAndDeletedOverTheWire() {
        target.addRole("NodeInstanceRole");

        InstanceProfile created = iam.createInstanceProfile(r -> r.instanceProfileName("NodeInstanceRole").path("/eks/")
                .tags(Tag.builder().key("team").value("platform").build())).instanceProfile();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + TARGET + ":instance-profile/eks/NodeInstanceRole");
        assertThat(created.instanceProfileId()).startsWith("AIPA").hasSize(21);
        assertThat(created.path()).isEqualTo("/eks/");
        assertThat(created.roles()).isEmpty();
        assertThat(created.createDate()).isNotNull();

        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("NodeInstanceRole").roleName("NodeInstanceRole"));
        InstanceProfile got = iam.getInstanceProfile(r -> r.instanceProfileName("NodeInstanceRole")).instanceProfile();
        assertThat(got.roles()).singleElement().satisfies(role -> {
            assertThat(role.roleName()).isEqualTo("NodeInstanceRole");
            assertThat(role.arn()).isEqualTo(target.roleArn("NodeInstanceRole"));
            assertThat(role.roleId()).isEqualTo(target.role("NodeInstanceRole").roleId());
            assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                    .isEqualTo(target.ec2TrustPolicy());
        });
        assertThat(got.tags()).extracting(Tag::key, Tag::value).containsExactly(tuple("team", "platform"));
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName("NodeInstanceRole")).instanceProfiles())
                .extracting(InstanceProfile::instanceProfileName).containsExactly("NodeInstanceRole");
        assertThat(target.instanceProfile("NodeInstanceRole").roleNames()).containsExactly("NodeInstanceRole");

        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName("NodeInstanceRole").roleName("NodeInstanceRole"));
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName("NodeInstanceRole")).instanceProfiles()).isEmpty();
        iam.deleteInstanceProfile(r -> r.instanceProfileName("NodeInstanceRole"));
        assertThat(target.instanceProfiles()).isEmpty();
        assertThatThrownBy(() -> iam.getInstanceProfile(r -> r.instanceProfileName("NodeInstanceRole")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Instance Profile NodeInstanceRole cannot be found.");
                });
        assertThat(fake.calls()).extracting(RecordedCall::action, RecordedCall::service).containsExactly(
                tuple("CreateInstanceProfile", "iam"), tuple("AddRoleToInstanceProfile", "iam"),
                tuple("GetInstanceProfile", "iam"), tuple("ListInstanceProfilesForRole", "iam"),
                tuple("RemoveRoleFromInstanceProfile", "iam"), tuple("ListInstanceProfilesForRole", "iam"),
                tuple("DeleteInstanceProfile", "iam"), tuple("GetInstanceProfile", "iam"));
        assertThat(fake.calls("CreateInstanceProfile").get(0).parameters())
                .containsEntry("InstanceProfileName", "NodeInstanceRole").containsEntry("Path", "/eks/");
    }

    @Test
    void listInstanceProfilesForRolePagesWithMarkers() {
        target.addRole("shared");
        target.addRole("other");
        for (String name : List.of("p3", "p1", "p5", "p2", "p4")) {
            target.addInstanceProfile(name, "/", "shared");
        }
        target.addInstanceProfile("p0", "/", "other");
        target.addInstanceProfile("empty");

        List<String> names = iam.listInstanceProfilesForRolePaginator(r -> r.roleName("shared").maxItems(2))
                .instanceProfiles().stream().map(InstanceProfile::instanceProfileName).toList();

        assertThat(names).containsExactly("p1", "p2", "p3", "p4", "p5");
        List<RecordedCall> pages = fake.calls("ListInstanceProfilesForRole");
        assertThat(pages).hasSize(3).allSatisfy(c -> assertThat(c.parameter("MaxItems")).isEqualTo("2"));
        assertThat(pages.get(0).parameter("Marker")).isNull();
        assertThat(pages.get(2).parameter("Marker")).isNotBlank().isNotEqualTo(pages.get(1).parameter("Marker"));
        var first = iam.listInstanceProfilesForRole(r -> r.roleName("shared").maxItems(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.marker()).isNotBlank();
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName("other")).isTruncated()).isFalse();
        assertThat(target.instanceProfilesForRole("shared")).extracting(FakeInstanceProfile::name)
                .containsExactly("p1", "p2", "p3", "p4", "p5");
    }

    @Test
    void errorsAreIamsOwn() {
        target.addRole("a");
        target.addRole("b");
        target.addInstanceProfile("prof", "/", "a");

        assertThatThrownBy(() -> iam.createInstanceProfile(r -> r.instanceProfileName("prof")))
                .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Instance Profile prof already exists.");
                });
        assertThatThrownBy(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("prof").roleName("b")))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
                });
        assertThatThrownBy(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("prof").roleName("ghost")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The role with name ghost cannot be found."));
        assertThatThrownBy(() -> iam.listInstanceProfilesForRole(r -> r.roleName("ghost")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName("prof").roleName("b")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName("prof")))
                .isInstanceOfSatisfying(DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Cannot delete entity, must remove roles from instance profile first."));
        assertThatThrownBy(() -> iam.createInstanceProfile(r -> r.instanceProfileName("bad name")))
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                });
        assertThatThrownBy(() -> iam.createInstanceProfile(r -> r.instanceProfileName("ok").path("no-slashes")))
                .isInstanceOfSatisfying(IamException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
        assertThat(target.instanceProfiles()).extracting(FakeInstanceProfile::name).containsExactly("prof");
        assertThat(target.instanceProfile("prof").roleNames()).containsExactly("a");
    }

    @Test
    void newProfilesAndRolesStayInvisibleForTheEventualConsistencyDelay() {
        fake.eventualConsistency(Duration.ofMillis(400));
        iam.createRole(r -> r.roleName("fresh").assumeRolePolicyDocument(target.ec2TrustPolicy()));
        iam.createInstanceProfile(r -> r.instanceProfileName("fresh"));

        assertThatThrownBy(() -> iam.getInstanceProfile(r -> r.instanceProfileName("fresh")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("fresh").roleName("fresh")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.createInstanceProfile(r -> r.instanceProfileName("fresh")))
                .isInstanceOf(EntityAlreadyExistsException.class);
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .untilAsserted(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("fresh").roleName("fresh")));
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("fresh")).instanceProfile().roles())
                .singleElement().satisfies(r -> assertThat(r.roleName()).isEqualTo("fresh"));
    }

    @Test
    void deniesAndIdentityPoliciesApply() {
        target.addRole("node");
        target.addInstanceProfile("node", "/", "node");
        target.deny("eksrole-access", "iam:ListInstanceProfilesForRole");
        assertThatThrownBy(() -> iam.listInstanceProfilesForRole(r -> r.roleName("node")))
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::" + TARGET
                            + ":assumed-role/eksrole-access/check is not authorized to perform: iam:ListInstanceProfilesForRole"
                            + " on resource: " + target.roleArn("node")
                            + " because no identity-based policy allows the iam:ListInstanceProfilesForRole action");
                });
        target.clearDenies();
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName("node")).instanceProfiles()).hasSize(1);

        target.identityPolicy("eksrole-access", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}}""");
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("node")).instanceProfile().roles()).hasSize(1);
        assertThatThrownBy(() -> iam.createInstanceProfile(r -> r.instanceProfileName("another")))
                .isInstanceOfSatisfying(IamException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).endsWith("on resource: arn:aws:iam::" + TARGET
                                + ":instance-profile/another because no identity-based policy allows the"
                                + " iam:CreateInstanceProfile action"));
        assertThat(target.instanceProfiles()).hasSize(1);
    }

    @Test
    void setUpKeepsIamsRules() {
        target.addRole("a");
        target.addRole("b");
        FakeInstanceProfile profile = target.addInstanceProfile("a", "/nodes/", "a");
        assertThat(profile.arn()).isEqualTo("arn:aws:iam::" + TARGET + ":instance-profile/nodes/a");
        assertThat(target.instanceProfileArn("a")).isEqualTo(profile.arn());
        assertThatThrownBy(() -> target.addInstanceProfile("two", "/", "a", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> target.addRoleToInstanceProfile("a", "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("InstanceSessionsPerInstanceProfile");
        assertThatThrownBy(() -> target.addInstanceProfile("ghostly", "/", "ghost")).isInstanceOf(IllegalArgumentException.class);

        target.removeRole("a");
        assertThat(target.instanceProfile("a").roles()).isEmpty();
        target.addRoleToInstanceProfile("a", "b");
        assertThat(target.instanceProfilesForRole("b")).extracting(FakeInstanceProfile::name).containsExactly("a");
        target.addInstanceProfile("c", "/", "b");
        assertThat(target.removeInstanceProfile("a")).isTrue();
        assertThat(target.instanceProfilesForRole("b")).extracting(FakeInstanceProfile::name).containsExactly("c");
        target.removeRoleFromInstanceProfile("c", "b");
        assertThat(target.instanceProfile("c").roles()).isEmpty();
    }
}
