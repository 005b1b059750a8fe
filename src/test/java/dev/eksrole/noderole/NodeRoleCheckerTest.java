package dev.eksrole.noderole;

import static dev.eksrole.noderole.TrustDocuments.documented;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.testing.Domain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeRoleCheckerTest {

    private static final String ACCOUNT_ID = "111111111111";
    private static final Account PROD = account(Partition.AWS);

    private static final String WORKER = ManagedPolicy.WORKER_NODE.arn(Partition.AWS);
    private static final String ECR_READ_ONLY = ManagedPolicy.ECR_READ_ONLY.arn(Partition.AWS);
    private static final String CNI = ManagedPolicy.CNI.arn(Partition.AWS);

    private final FakeReader reader = new FakeReader();
    private final FakeAccess access = new FakeAccess(reader);
    private final NodeRoleChecker checker = Domain.checker(access, NodeRolePatterns.DEFAULT);

    @Test
    void aHealthyAccountIsOk() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY);
        reader.role("web-app", "{}");

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.verdict()).isEqualTo(Severity.OK);
        assertThat(report.account()).isEqualTo(PROD);
        assertThat(report.findings()).isEmpty();
        assertThat(report.roles()).singleElement().satisfies(role -> {
            assertThat(role.name()).isEqualTo("AmazonEKSNodeRole");
            assertThat(role.arn()).isEqualTo("arn:aws:iam::111111111111:role/AmazonEKSNodeRole");
            assertThat(role.attachedPolicyArns()).containsExactly(WORKER, ECR_READ_ONLY);
            assertThat(role.trustDocument()).isEqualTo(documented(Partition.AWS));
            assertThat(role.findings()).isEmpty();
            assertThat(role.verdict()).isEqualTo(Severity.OK);
        });
    }

    @Test
    void opensTheAccountOnBehalfOfTheRequester() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY);

        checker.check(PROD, "U123");

        assertThat(access.opened).containsExactly(PROD.id() + " for U123");
    }

    @Test
    void reportsNoNodeRoleWhenNoRoleLooksLikeOne() {
        reader.role("web-app", "{}", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
        reader.role("AWSServiceRoleForAmazonEKS", "{}");

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.roles()).isEmpty();
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.NO_NODE_ROLE);
            assertThat(f.detail()).contains("eksNodeRole", "NodeInstanceRole", "AmazonEKSWorkerNodePolicy");
        });
        assertThat(report.verdict()).isEqualTo(Severity.NEEDS_FIX);
        assertThat(reader.attachedPolicyReads).isEmpty();
    }

    @Test
    void reportsNoNodeRoleInAnEmptyAccount() {
        assertThat(checker.check(PROD, "U123").findings()).extracting(Finding::code).containsExactly(FindingCode.NO_NODE_ROLE);
    }

    @Test
    void noNodeRoleFindingNamesTheConfiguredPatterns() {
        NodeRoleChecker custom = Domain.checker(access, new NodeRolePatterns(List.of("k8s-worker")));

        AccountReport report = custom.check(PROD, "U123");

        assertThat(report.findings()).containsExactly(new Finding.NoNodeRole(List.of("k8s-worker")));
    }

    @Test
    void findsANodeRoleByItsWorkerPolicyWhateverItsName() {
        reader.role("k8s-workers", documented(Partition.AWS), WORKER, ECR_READ_ONLY);

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.roles()).extracting(RoleReport::name).containsExactly("k8s-workers");
        assertThat(report.verdict()).isEqualTo(Severity.OK);
    }

    @Test
    void reportsEveryRuleForEveryNodeRoleSortedByName() {
        reader.role("zeta-NodeInstanceRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY, CNI);
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS).replace("ec2.amazonaws.com", "eks.amazonaws.com"), ECR_READ_ONLY);

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.roles()).extracting(RoleReport::name).containsExactly("AmazonEKSNodeRole", "zeta-NodeInstanceRole");
        assertThat(report.roles().get(0).findings()).extracting(Finding::code)
                .containsExactly(FindingCode.MISSING_POLICY, FindingCode.TRUST_DOES_NOT_ALLOW_EC2);
        assertThat(report.roles().get(0).verdict()).isEqualTo(Severity.NEEDS_FIX);
        assertThat(report.roles().get(1).findings()).extracting(Finding::code)
                .containsExactly(FindingCode.CNI_POLICY_ON_NODE_ROLE);
        assertThat(report.roles().get(1).verdict()).isEqualTo(Severity.WARNING);
        assertThat(report.verdict()).isEqualTo(Severity.NEEDS_FIX);
    }

    @Test
    void aFailedAssumeRoleGivesUnknownAndNoRoles() {
        Finding.AssumeRoleFailed failed = new Finding.AssumeRoleFailed(PROD.accessRoleArn(), PROD.externalId(),
                AccessFailure.of(AccessFailure.Cause.TARGET_REFUSED, "AccessDenied", "not authorized")
                        .withCaller("arn:aws:iam::999999999999:role/eksrole-hub"));
        access.refuseWith(new AccountAccessException(failed, null));

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.findings()).containsExactly(failed);
        assertThat(report.findings().get(0).code()).isEqualTo(FindingCode.ASSUME_ROLE_FAILED);
        assertThat(report.roles()).isEmpty();
        assertThat(report.verdict()).isEqualTo(Severity.UNKNOWN);
        assertThat(reader.listRolesCalls).isZero();
    }

    @Test
    void aFailedRoleListingGivesIamReadFailedAndUnknown() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY);
        reader.listRolesFailure = new IamReadException("ListRoles", "AccessDenied", "not allowed", null);

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.IAM_READ_FAILED);
            assertThat(f.detail()).isEqualTo("iam:ListRoles failed: AccessDenied (not allowed)");
            assertThat(f.nextStep()).contains("Allow iam:ListRoles");
        });
        assertThat(report.roles()).isEmpty();
        assertThat(report.verdict()).isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void aFailedPolicyListingOfANodeRoleGivesIamReadFailed() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY);
        reader.attachedFailures.put("AmazonEKSNodeRole",
                new IamReadException("ListAttachedRolePolicies", "Throttling", "Rate exceeded", null));

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.findings()).extracting(Finding::code).containsExactly(FindingCode.IAM_READ_FAILED);
        assertThat(report.roles()).isEmpty();
        assertThat(report.verdict()).isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void aNodeRoleThatVanishedDuringTheCheckIsDropped() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY);
        reader.role("old-NodeInstanceRole", documented(Partition.AWS));
        reader.vanish("old-NodeInstanceRole");

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.findings()).isEmpty();
        assertThat(report.roles()).extracting(RoleReport::name).containsExactly("AmazonEKSNodeRole");
        assertThat(report.verdict()).isEqualTo(Severity.OK);
    }

    @Test
    void anAccountWhoseOnlyNodeRoleVanishedHasNoNodeRole() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY);
        reader.vanish("AmazonEKSNodeRole");

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.findings()).extracting(Finding::code).containsExactly(FindingCode.NO_NODE_ROLE);
        assertThat(report.roles()).isEmpty();
    }

    @Test
    void readsNoMoreThanTheAnswerNeeds() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY);
        reader.role("gpu-workers", documented(Partition.AWS), WORKER, ECR_READ_ONLY);
        reader.role("web-app", "{}");

        checker.check(PROD, "U123");

        assertThat(reader.listRolesCalls).isEqualTo(1);
        assertThat(reader.policyListings).containsExactly(WORKER);
        assertThat(reader.attachedPolicyReads).containsExactlyInAnyOrder("AmazonEKSNodeRole", "gpu-workers");
    }

    @Test
    void doesNotListTheCniRolesWhenNoNodeRoleCarriesTheCniPolicy() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY);
        reader.role("eks-aws-node-irsa", TrustDocuments.irsaForAwsNode(), CNI);

        checker.check(PROD, "U123");

        assertThat(reader.policyListings).doesNotContain(CNI);
    }

    @Test
    void listsTheCniRolesOnceWhenSomeNodeRolesCarryTheCniPolicy() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY, CNI);
        reader.role("gpu-NodeInstanceRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY, CNI);

        checker.check(PROD, "U123");

        assertThat(reader.policyListings).containsExactly(WORKER, CNI);
    }

    @Test
    void cniPolicyIsSafeToDetachWhenAnIrsaRoleForAwsNodeCarriesIt() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY, CNI);
        reader.role("eks-aws-node-irsa", TrustDocuments.irsaForAwsNode(), CNI);

        AccountReport report = checker.check(PROD, "U123");

        assertThat(onlyFinding(report)).isInstanceOfSatisfying(Finding.CniPolicyOnNodeRole.class, cni -> {
            assertThat(cni.safeToDetach()).isTrue();
            assertThat(cni.awsNodeRole()).contains("eks-aws-node-irsa");
        });
        assertThat(report.verdict()).isEqualTo(Severity.WARNING);
    }

    @Test
    void cniPolicyIsSafeToDetachWhenAPodIdentityRoleCarriesIt() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY, CNI);
        reader.role("aws-node-pod-identity", TrustDocuments.podIdentity("Allow"), CNI);

        assertThat(onlyFinding(checker.check(PROD, "U123"))).isEqualTo(new Finding.CniPolicyOnNodeRole("aws-node-pod-identity"));
    }

    @Test
    void cniPolicyIsNotSafeToDetachWhenNoOtherRoleServesAwsNode() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY, CNI);
        reader.role("ebs-csi-irsa", TrustDocuments.irsa("Allow", "StringEquals",
                "system:serviceaccount:kube-system:ebs-csi-controller-sa"), CNI);

        assertThat(onlyFinding(checker.check(PROD, "U123"))).isEqualTo(new Finding.CniPolicyOnNodeRole(null));
    }

    @Test
    void anAwsNodeRoleWithoutTheCniPolicyDoesNotMakeDetachingSafe() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY, CNI);
        reader.role("eks-aws-node-irsa", TrustDocuments.irsaForAwsNode(), "arn:aws:iam::111111111111:policy/AmazonEKS_CNI_Policy");

        assertThat(onlyFinding(checker.check(PROD, "U123"))).isEqualTo(new Finding.CniPolicyOnNodeRole(null));
    }

    @Test
    void theNodeRoleItselfDoesNotCountAsTheAwsNodeRole() {
        String nodeAndIrsa = TrustDocuments.withStatements(TrustDocuments.ec2Allow(Partition.AWS),
                TrustDocuments.irsaStatement("Allow", "StringEquals", TrustDocuments.AWS_NODE_SUBJECT));
        reader.role("AmazonEKSNodeRole", nodeAndIrsa, WORKER, ECR_READ_ONLY, CNI);

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.roles().get(0).findings()).contains(new Finding.CniPolicyOnNodeRole(null));
    }

    @Test
    void checksAnAwsCnAccountWithItsOwnArnsAndPrincipal() {
        Account china = account(Partition.AWS_CN);
        reader.partition = Partition.AWS_CN;
        reader.accessRole();
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS_CN),
                ManagedPolicy.WORKER_NODE.arn(Partition.AWS_CN), ManagedPolicy.ECR_PULL_ONLY.arn(Partition.AWS_CN));
        reader.role("cn-workers", documented(Partition.AWS_CN),
                ManagedPolicy.WORKER_NODE.arn(Partition.AWS_CN), ManagedPolicy.ECR_READ_ONLY.arn(Partition.AWS_CN));

        AccountReport report = checker.check(china, "U123");

        assertThat(report.verdict()).isEqualTo(Severity.OK);
        assertThat(report.roles()).extracting(RoleReport::name).containsExactly("AmazonEKSNodeRole", "cn-workers");
        assertThat(reader.policyListings).containsExactly("arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy");
    }

    @Test
    void closesTheReaderAfterAHealthyCheck() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY);

        checker.check(PROD, "U123");

        assertThat(reader.closeCalls).isEqualTo(1);
    }

    @Test
    void closesTheReaderWhenThereIsNoNodeRole() {
        checker.check(PROD, "U123");

        assertThat(reader.closeCalls).isEqualTo(1);
    }

    @Test
    void closesTheReaderAfterAFailedRead() {
        reader.listRolesFailure = new IamReadException("ListRoles", "ServiceFailure", null, null);

        checker.check(PROD, "U123");

        assertThat(reader.closeCalls).isEqualTo(1);
    }

    @Test
    void readsNothingAfterClosingTheReader() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY, CNI);
        reader.role("eks-aws-node-irsa", TrustDocuments.irsaForAwsNode(), CNI);

        checker.check(PROD, "U123");

        assertThat(reader.readsAfterClose).isZero();
    }

    @Test
    void aReadingThatContradictsItselfOnceIsReadAgain() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER, ECR_READ_ONLY);
        reader.listingsWithoutAccessRole = 1;

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.verdict()).isEqualTo(Severity.OK);
        assertThat(reader.listRolesCalls).isEqualTo(2);
    }

    @Test
    void aReadingThatKeepsContradictingItselfIsUnknownWithNoRolesAndNoFix() {
        reader.role("web-app", "{}");
        reader.listingsWithoutAccessRole = Integer.MAX_VALUE;

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.verdict()).isEqualTo(Severity.UNKNOWN);
        assertThat(report.roles()).isEmpty();
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.READING_INCONSISTENT);
            assertThat(f.detail()).contains("arn:aws:iam::111111111111:role/eksrole-access");
        });
        assertThat(reader.listRolesCalls).isEqualTo(AccountFactsReader.READ_ATTEMPTS);
    }

    @Test
    void noNodeRoleIsConcludedOnlyWhenIamsOwnCountAgrees() {
        reader.role("prod-workers", documented(Partition.AWS), WORKER, ECR_READ_ONLY);
        reader.hideHoldersOf = WORKER;

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.findings()).extracting(Finding::code).containsExactly(FindingCode.READING_INCONSISTENT);
        assertThat(report.findings().get(0).detail()).contains("IAM counts 1 attachment of AmazonEKSWorkerNodePolicy");
    }

    @Test
    void aMissingEcrPolicyIsConfirmedByTheEcrPoliciesOwnListings() {
        reader.role("AmazonEKSNodeRole", documented(Partition.AWS), WORKER);

        AccountReport report = checker.check(PROD, "U123");

        assertThat(report.roles().get(0).findings()).extracting(Finding::code).containsExactly(FindingCode.MISSING_POLICY);
        // the worker policy's listing comes first; the two ECR listings then run side by side, in either order
        assertThat(reader.policyListings).startsWith(WORKER).containsExactlyInAnyOrder(WORKER, ECR_READ_ONLY,
                ManagedPolicy.ECR_PULL_ONLY.arn(Partition.AWS));
    }

    private static Finding onlyFinding(AccountReport report) {
        assertThat(report.findings()).isEmpty();
        assertThat(report.roles()).hasSize(1);
        assertThat(report.roles().get(0).findings()).hasSize(1);
        return report.roles().get(0).findings().get(0);
    }

    private static Account account(Partition partition) {
        return new Account(ACCOUNT_ID, "prod", partition, partition.roleArn(ACCOUNT_ID, "/", "eksrole-access"), "ext-1", null);
    }

    /** An account's IAM in memory, counting every read. */
    private static final class FakeReader implements AccountReader {
        private final Map<String, IamRole> roles = new LinkedHashMap<>();
        private final Map<String, List<String>> attached = new HashMap<>();
        private final Set<String> vanished = new HashSet<>();
        private final Map<String, IamReadException> attachedFailures = new HashMap<>();
        private IamReadException listRolesFailure;
        /** How many listings leave out the access role, as a broken answer or a listing taken mid-change would. */
        private int listingsWithoutAccessRole;
        /** A policy whose listing of holders comes back empty, as a broken answer would. */
        private String hideHoldersOf;
        private Partition partition = Partition.AWS;

        private int listRolesCalls;
        /** Appended from the check's read pool, so safe across threads. */
        private final List<String> policyListings = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<String> attachedPolicyReads = java.util.Collections.synchronizedList(new ArrayList<>());
        private int closeCalls;
        private int readsAfterClose;
        private final List<String> attachmentCounts = java.util.Collections.synchronizedList(new ArrayList<>());

        FakeReader() {
            // the access role eksrole uses is in every account it reads
            accessRole();
        }

        private void accessRole() {
            String name = "eksrole-access";
            roles.put(name, new IamRole(name, partition.roleArn(ACCOUNT_ID, "/", name), "/", "{}"));
            attached.put(name, List.of());
        }

        void role(String name, String trust, String... policyArns) {
            roles.put(name, new IamRole(name, partition.roleArn(ACCOUNT_ID, "/", name), "/", trust));
            attached.put(name, List.of(policyArns));
        }

        /** The role is still in the listing but gone by the time its policies are read. */
        void vanish(String name) {
            vanished.add(name);
        }

        @Override
        public List<IamRole> listRoles() {
            read();
            listRolesCalls++;
            if (listRolesFailure != null) {
                throw listRolesFailure;
            }
            if (listingsWithoutAccessRole > 0) {
                listingsWithoutAccessRole--;
                return roles.values().stream().filter(r -> !r.name().equals("eksrole-access")).toList();
            }
            return List.copyOf(roles.values());
        }

        @Override
        public Set<String> roleNamesWithPolicy(String policyArn) {
            read();
            policyListings.add(policyArn);
            Set<String> names = new HashSet<>();
            if (policyArn.equals(hideHoldersOf)) {
                return names;
            }
            attached.forEach((role, arns) -> {
                if (arns.contains(policyArn) && !vanished.contains(role)) {
                    names.add(role);
                }
            });
            return names;
        }

        @Override
        public List<String> attachedPolicyArns(String roleName) {
            read();
            attachedPolicyReads.add(roleName);
            if (attachedFailures.containsKey(roleName)) {
                throw attachedFailures.get(roleName);
            }
            if (vanished.contains(roleName) || !roles.containsKey(roleName)) {
                throw new IamReadException("ListAttachedRolePolicies", "NoSuchEntity", "The role with name " + roleName
                        + " cannot be found.", null);
            }
            return attached.get(roleName);
        }

        @Override
        public int attachmentCount(String policyArn) {
            read();
            attachmentCounts.add(policyArn);
            return (int) attached.entrySet().stream()
                    .filter(e -> e.getValue().contains(policyArn) && !vanished.contains(e.getKey())).count();
        }

        @Override
        public List<String> instanceProfileNames(String roleName) {
            throw new AssertionError("no region is configured: instance profiles are not read");
        }

        @Override
        public ClusterReader clusters() {
            throw new AssertionError("no region is configured: EKS is not read");
        }

        @Override
        public void close() {
            closeCalls++;
        }

        private void read() {
            if (closeCalls > 0) {
                readsAfterClose++;
            }
        }
    }

    /** Lets the checker into the one fake account, or refuses as STS would. */
    private static final class FakeAccess implements AccountAccess {
        private final AccountReader reader;
        private AccountAccessException refusal;
        private final List<String> opened = new ArrayList<>();

        FakeAccess(AccountReader reader) {
            this.reader = requireNonNull(reader);
        }

        void refuseWith(AccountAccessException exception) {
            refusal = exception;
        }

        @Override
        public AccountReader open(Account account, String requester) throws AccountAccessException {
            opened.add(account.id() + " for " + requester);
            if (refusal != null) {
                throw refusal;
            }
            return reader;
        }

        @Override
        public AccountWriter openWriter(Account account, String requester) {
            throw new AssertionError("a check never writes");
        }
    }
}
