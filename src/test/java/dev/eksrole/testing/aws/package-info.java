/**
 * A wire-level fake of AWS IAM, STS and EKS for tests that use the real AWS SDK for Java v2 (and the AWS CLI).
 *
 * <p>Typical use:
 * <pre>{@code
 * try (FakeAws fake = FakeAws.start(); FakeAwsClients clients = new FakeAwsClients(fake)) {
 *     FakeAccount hub = fake.addAccount("999999999999");
 *     Credentials user = fake.addUser(hub.accountId(), "hub");
 *     FakeAccount target = fake.addAccount("111111111111");
 *     target.addRole("eksrole-access", "/", trustJson);
 *     target.addRole("eks-node").accountId();
 *     Credentials session = clients.assumeRole(user, target.roleArn("eksrole-access"), "s", null);
 *     IamClient iam = clients.iam(session);
 *     ...
 *     assertThat(fake.calls("ListRoles")).allSatisfy(c -> assertThat(c.accountId()).isEqualTo("111111111111"));
 * }
 * }</pre>
 *
 * <p>EKS clusters live per account and region, with their node groups and access entries; instance
 * profiles per account:
 * <pre>{@code
 * target.addInstanceProfile("eks-node", "/", "eks-node");
 * FakeCluster prod = target.addCluster("eu-west-1", "prod", target.roleArn("eks-cluster"), "API");
 * prod.autoMode(target.roleArn("eks-auto-node"));
 * prod.addNodegroup("ng-1", target.roleArn("eks-node"), "AL2023_x86_64_STANDARD",
 *         FakeCluster.issue("IamInstanceProfileNotFound", "...", "eks-ng-1"));
 * prod.addAccessEntry(target.roleArn("eks-node"), "EC2_LINUX");
 * target.deny("eksrole-access", "eks:ListAccessEntries");
 * EksClient eks = clients.eks(session, Region.EU_WEST_1);
 * }</pre>
 */
package dev.eksrole.testing.aws;
