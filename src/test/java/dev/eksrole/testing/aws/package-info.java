/**
 * A wire-level fake of AWS IAM and STS for tests that use the real AWS SDK for Java v2.
 *
 * <p>Typical use:
 * <pre>{@code
 * try (FakeAws fake = FakeAws.start(); FakeAwsClients clients = new FakeAwsClients(fake)) {
 *     FakeAccount hub = fake.addAccount("999999999999");
 *     Credentials user = fake.addUser(hub.accountId(), "hub");
 *     FakeAccount target = fake.addAccount("111111111111");
 *     target.addRole("eksrole-access", "/", trustJson);
 *     target.addRole("eks-node").accountId();
 *     IamClient iam = clients.iam(clients.assumeRole(user, target.roleArn("eksrole-access"), "s", null));
 *     ...
 *     assertThat(fake.calls("ListRoles")).allSatisfy(c -> assertThat(c.accountId()).isEqualTo("111111111111"));
 * }
 * }</pre>
 */
package dev.eksrole.testing.aws;
