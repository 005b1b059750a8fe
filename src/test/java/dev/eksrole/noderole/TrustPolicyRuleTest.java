package dev.eksrole.noderole;

import static dev.eksrole.noderole.TrustDocuments.documented;
import static dev.eksrole.noderole.TrustDocuments.ec2Allow;
import static dev.eksrole.noderole.TrustDocuments.withStatements;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustPolicyRuleTest {

    private final TrustPolicyRule rule = new TrustPolicyRule();

    private Optional<Finding> evaluate(String trust) {
        return rule.evaluate(trust, Partition.AWS);
    }

    private Finding.TrustDoesNotAllowEc2 keepsEc2Out(String trust, Partition partition) {
        Finding finding = rule.evaluate(trust, partition).orElseThrow(() -> new AssertionError("no finding for " + trust));
        assertThat(finding.code()).isEqualTo(FindingCode.TRUST_DOES_NOT_ALLOW_EC2);
        assertThat(finding.severity()).isEqualTo(Severity.NEEDS_FIX);
        return (Finding.TrustDoesNotAllowEc2) finding;
    }

    private Finding.TrustNotExact notExact(String trust, Partition partition) {
        Finding finding = rule.evaluate(trust, partition).orElseThrow(() -> new AssertionError("no finding for " + trust));
        assertThat(finding.code()).isEqualTo(FindingCode.TRUST_NOT_EXACT);
        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        return (Finding.TrustNotExact) finding;
    }

    @Test
    void judgesEachNodeRolesTrustAndStatesIt() {
        RuleResult documentedTrust = rule.evaluate(Facts.oneNodeRole(Partition.AWS, List.of(), documented(Partition.AWS))).get(0);
        RuleResult eksTrust = rule.evaluate(Facts.oneNodeRole(Partition.AWS, List.of(),
                documented(Partition.AWS).replace("ec2.amazonaws.com", "eks.amazonaws.com"))).get(0);

        assertThat(documentedTrust.subject()).isEqualTo(Subject.role(Facts.NODE_ROLE));
        assertThat(documentedTrust.failure()).isEmpty();
        assertThat(documentedTrust.statement()).isEqualTo("Trust lets EC2 assume the role, as documented");
        assertThat(eksTrust.failure()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo(FindingCode.TRUST_DOES_NOT_ALLOW_EC2));
        assertThat(eksTrust.statement()).isEqualTo("Trust: " + eksTrust.failure().orElseThrow().detail())
                .startsWith("Trust: no Allow statement for ec2.amazonaws.com");
    }

    @Nested
    class TheDocumentedTrustInAnyFormatting {

        @ParameterizedTest
        @EnumSource(Partition.class)
        void theDocumentedTrustOfEachPartitionHasNoFinding(Partition partition) {
            assertThat(rule.evaluate(documented(partition), partition)).isEmpty();
            assertThat(rule.evaluate(TrustPolicy.documentedJson(partition), partition)).isEmpty();
        }

        @Test
        void statementAsAnObjectInsteadOfAList() {
            assertThat(evaluate("""
                    {"Version": "2012-10-17",
                     "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}
                    """)).isEmpty();
        }

        @Test
        void servicePrincipalAsAOneElementList() {
            assertThat(evaluate(withStatements(
                    "{\"Effect\": \"Allow\", \"Principal\": {\"Service\": [\"ec2.amazonaws.com\"]}, \"Action\": \"sts:AssumeRole\"}")))
                    .isEmpty();
        }

        @Test
        void actionAsAOneElementList() {
            assertThat(evaluate(withStatements(
                    "{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": [\"sts:AssumeRole\"]}")))
                    .isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "EKSNodeAssumeRole", "1"})
        void anySid(String sid) {
            assertThat(evaluate(withStatements("{\"Sid\": \"" + sid
                    + "\", \"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}")))
                    .isEmpty();
        }

        @Test
        void keysInAnotherOrder() {
            assertThat(evaluate("""
                    {"Statement": [{"Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}, "Effect": "Allow"}],
                     "Version": "2012-10-17"}
                    """)).isEmpty();
        }

        @Test
        void compactWithoutAnyWhitespace() {
            assertThat(evaluate(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                    .isEmpty();
        }

        @Test
        void tabsCarriageReturnsAndSurroundingBlankLines() {
            assertThat(evaluate("\n\r\n\t{\t\"Version\" :\r\n\"2012-10-17\" ,\n\n\"Statement\":[\n\t{\"Effect\"\t:\t\"Allow\","
                    + "\r\n  \"Principal\" : { \"Service\" : \"ec2.amazonaws.com\" } ,\"Action\":\"sts:AssumeRole\"\n}\n]\n}\n\n"))
                    .isEmpty();
        }

        @ParameterizedTest
        @EnumSource(Partition.class)
        void urlEncodedAsIamReturnsIt(Partition partition) {
            String encoded = TrustDocuments.urlEncoded(documented(partition));
            assertThat(encoded).startsWith("%7B").contains("%20").contains("%0A").doesNotContain("{", " ", "+");

            assertThat(rule.evaluate(encoded, partition)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"STS:AssumeRole", "sts:assumerole", "STS:ASSUMEROLE", "Sts:assumeRole"})
        void actionInAnyCase(String action) {
            assertThat(evaluate(withStatements("{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \""
                    + action + "\"}"))).isEmpty();
        }

        @Test
        void servicePrincipalInAnyCase() {
            assertThat(evaluate(withStatements(
                    "{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"EC2.AmazonAWS.com\"}, \"Action\": \"sts:AssumeRole\"}")))
                    .isEmpty();
        }

        @Test
        void theCnPrincipalInAwsCn() {
            assertThat(rule.evaluate(withStatements(ec2Allow(Partition.AWS_CN)), Partition.AWS_CN)).isEmpty();
        }

        @Test
        void thePlainPrincipalInAwsUsGov() {
            assertThat(rule.evaluate(documented(Partition.AWS), Partition.AWS_US_GOV)).isEmpty();
        }
    }

    @Nested
    class EveryWayToKeepEc2Out {

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "   ", "\n\t", "{", "not json", "[]", "\"text\"", "42", "{\"Version\": \"2012-10-17\"}",
            "{\"Version\": \"2012-10-17\", \"Statement\": [\"sts:AssumeRole\"]}", "%7B%22Version"})
        void aMissingBlankOrInvalidDocument(String trust) {
            Finding.TrustDoesNotAllowEc2 finding = keepsEc2Out(trust, Partition.AWS);

            assertThat(finding.detail()).isEqualTo("the trust policy is missing or is not a policy document");
            assertThat(finding.offending()).isEqualTo(trust == null ? "" : TrustPolicy.prettyDocument(trust));
        }

        @Test
        void showsTheInvalidDocumentAsWritten() {
            assertThat(keepsEc2Out("{\"Version\": \"2012", Partition.AWS).offending()).isEqualTo("{\"Version\": \"2012");
        }

        @Test
        void noStatementAtAll() {
            Finding.TrustDoesNotAllowEc2 finding = keepsEc2Out("{\"Version\": \"2012-10-17\", \"Statement\": []}", Partition.AWS);

            assertThat(finding.detail()).isEqualTo("no Allow statement");
        }

        @Test
        void noAllowStatement() {
            String trust = withStatements("""
                    {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}
                    """);

            Finding.TrustDoesNotAllowEc2 finding = keepsEc2Out(trust, Partition.AWS);

            assertThat(finding.detail()).isEqualTo("no Allow statement");
            assertThat(finding.offending()).contains("arn:aws:iam::111111111111:root");
        }

        @Test
        void anEffectThatIsNeitherAllowNorDeny() {
            String trust = withStatements(
                    "{\"Effect\": \"Permit\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}");

            assertThat(keepsEc2Out(trust, Partition.AWS).detail()).isEqualTo("no Allow statement");
        }

        @Test
        void theWrongService() {
            String trust = withStatements(
                    "{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"eks.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}");

            Finding.TrustDoesNotAllowEc2 finding = keepsEc2Out(trust, Partition.AWS);

            assertThat(finding.detail()).contains("ec2.amazonaws.com").contains("eks.amazonaws.com");
            assertThat(finding.offending()).contains("\"eks.amazonaws.com\"");
        }

        @Test
        void anAccountPrincipalInsteadOfEc2() {
            String trust = withStatements(
                    "{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111111111111:root\"}, \"Action\": \"sts:AssumeRole\"}");

            Finding.TrustDoesNotAllowEc2 finding = keepsEc2Out(trust, Partition.AWS);

            assertThat(finding.detail()).contains("not a service");
            assertThat(finding.offending()).contains("arn:aws:iam::111111111111:root");
        }

        @Test
        void theWrongAction() {
            String trust = withStatements("""
                    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}
                    """);

            Finding.TrustDoesNotAllowEc2 finding = keepsEc2Out(trust, Partition.AWS);

            assertThat(finding.detail()).isEqualTo("ec2.amazonaws.com is trusted, but not for sts:AssumeRole");
            assertThat(finding.offending()).contains("sts:AssumeRoleWithWebIdentity");
        }

        @Test
        void denyForEc2() {
            String trust = withStatements(
                    "{\"Effect\": \"Deny\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}");

            Finding.TrustDoesNotAllowEc2 finding = keepsEc2Out(trust, Partition.AWS);

            assertThat(finding.detail()).isEqualTo("a Deny statement keeps ec2.amazonaws.com from sts:AssumeRole");
            assertThat(finding.offending()).contains("\"Deny\"");
        }

        @Test
        void anExtraDenyBesideACorrectAllow() {
            String deny = "{\"Sid\": \"NoEc2\", \"Effect\": \"Deny\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, "
                    + "\"Action\": \"sts:AssumeRole\"}";

            Finding.TrustDoesNotAllowEc2 finding = keepsEc2Out(withStatements(ec2Allow(Partition.AWS), deny), Partition.AWS);

            assertThat(finding.detail()).contains("Deny");
            assertThat(finding.offending()).contains("NoEc2").contains("\"Deny\"").doesNotContain("\"Allow\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRole\"}",
            "{\"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"*\"}, \"Action\": \"sts:*\"}",
            "{\"Effect\": \"Deny\", \"Principal\": {\"Service\": [\"eks.amazonaws.com\", \"ec2.amazonaws.com\"]}, \"Action\": \"*\"}",
            "{\"Effect\": \"Deny\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"NotAction\": \"sts:TagSession\"}",
            "{\"Effect\": \"Deny\", \"NotPrincipal\": {\"AWS\": \"arn:aws:iam::111111111111:root\"}, \"Action\": \"sts:AssumeRole\"}",
        })
        void aBroaderDenyBesideACorrectAllow(String deny) {
            keepsEc2Out(withStatements(ec2Allow(Partition.AWS), deny), Partition.AWS);
        }

        @Test
        void aDenyForAnotherPrincipalDoesNotKeepEc2Out() {
            String deny = "{\"Effect\": \"Deny\", \"Principal\": {\"Service\": \"eks.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}";

            assertThat(evaluate(withStatements(ec2Allow(Partition.AWS), deny)))
                    .hasValueSatisfying(f -> assertThat(f.code()).isEqualTo(FindingCode.TRUST_NOT_EXACT));
        }

        @Test
        void thePlainEc2PrincipalInAwsCn() {
            Finding.TrustDoesNotAllowEc2 finding = keepsEc2Out(documented(Partition.AWS), Partition.AWS_CN);

            assertThat(finding.detail()).contains("ec2.amazonaws.com.cn");
            assertThat(finding.offending()).contains("\"ec2.amazonaws.com\"");
        }

        @Test
        void theCnEc2PrincipalInAws() {
            Finding.TrustDoesNotAllowEc2 finding = keepsEc2Out(documented(Partition.AWS_CN), Partition.AWS);

            assertThat(finding.detail()).contains("ec2.amazonaws.com.cn");
            assertThat(finding.offending()).contains("\"ec2.amazonaws.com.cn\"");
        }

        @Test
        void theCnEc2PrincipalInAwsUsGov() {
            assertThat(keepsEc2Out(documented(Partition.AWS_CN), Partition.AWS_US_GOV).detail()).contains("aws-us-gov");
        }

        @Test
        void aNotPrincipalAllowNamingEc2() {
            String trust = withStatements(
                    "{\"Effect\": \"Allow\", \"NotPrincipal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}");

            keepsEc2Out(trust, Partition.AWS);
        }

        @Test
        void aNotActionAllowThatExcludesAssumeRole() {
            String trust = withStatements(
                    "{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"NotAction\": \"sts:AssumeRole\"}");

            keepsEc2Out(trust, Partition.AWS);
        }

        @Test
        void theNextStepIsToReplaceTheTrust() {
            assertThat(keepsEc2Out("", Partition.AWS).nextStep()).contains("Replace the trust policy");
        }
    }

    @Nested
    class EveryWayToDiffer {

        @Test
        void anExtraStatement() {
            String extra = "{\"Sid\": \"BreakGlass\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111111111111:root\"}, "
                    + "\"Action\": \"sts:AssumeRole\"}";

            Finding.TrustNotExact finding = notExact(withStatements(ec2Allow(Partition.AWS), extra), Partition.AWS);

            assertThat(finding.differences()).containsExactly("1 extra statement");
            assertThat(finding.detail()).isEqualTo("1 extra statement");
            assertThat(finding.offending()).contains("BreakGlass").doesNotContain("ec2.amazonaws.com");
        }

        @Test
        void twoExtraStatements() {
            String one = "{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ssm.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}";
            String two = "{\"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"arn:aws:iam::222222222222:root\"}, \"Action\": \"sts:AssumeRole\"}";

            Finding.TrustNotExact finding = notExact(withStatements(one, ec2Allow(Partition.AWS), two), Partition.AWS);

            assertThat(finding.detail()).isEqualTo("2 extra statements");
            assertThat(finding.offending()).contains("ssm.amazonaws.com", "222222222222");
        }

        @Test
        void theSameStatementTwice() {
            assertThat(notExact(withStatements(ec2Allow(Partition.AWS), ec2Allow(Partition.AWS)), Partition.AWS).detail())
                    .isEqualTo("1 extra statement");
        }

        @Test
        void anExtraAccountPrincipal() {
            String trust = withStatements("""
                    {"Effect": "Allow",
                     "Principal": {"Service": "ec2.amazonaws.com", "AWS": "arn:aws:iam::111111111111:root"},
                     "Action": "sts:AssumeRole"}
                    """);

            Finding.TrustNotExact finding = notExact(trust, Partition.AWS);

            assertThat(finding.detail()).isEqualTo("extra principal AWS arn:aws:iam::111111111111:root");
            assertThat(finding.offending()).contains("arn:aws:iam::111111111111:root").contains("ec2.amazonaws.com");
        }

        @Test
        void anExtraWildcardPrincipal() {
            String trust = withStatements("""
                    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com", "AWS": "*"}, "Action": "sts:AssumeRole"}
                    """);

            assertThat(notExact(trust, Partition.AWS).detail()).isEqualTo("extra principal AWS * (anyone may assume the role)");
        }

        @Test
        void aBareWildcardPrincipalLetsEc2InButIsNotExact() {
            String trust = withStatements("{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRole\"}");

            assertThat(notExact(trust, Partition.AWS).detail()).contains("extra principal AWS *").contains("anyone");
        }

        @Test
        void anExtraService() {
            String trust = withStatements("""
                    {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "eks.amazonaws.com"]}, "Action": "sts:AssumeRole"}
                    """);

            assertThat(notExact(trust, Partition.AWS).detail()).isEqualTo("extra principal Service eks.amazonaws.com");
        }

        @Test
        void bothEc2PrincipalsInAwsCn() {
            String trust = withStatements("""
                    {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]}, "Action": "sts:AssumeRole"}
                    """);

            assertThat(notExact(trust, Partition.AWS_CN).detail()).isEqualTo("extra principal Service ec2.amazonaws.com");
        }

        @Test
        void anExtraAction() {
            String trust = withStatements("""
                    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}
                    """);

            Finding.TrustNotExact finding = notExact(trust, Partition.AWS);

            assertThat(finding.detail()).isEqualToIgnoringCase("extra action sts:TagSession");
            assertThat(finding.offending()).contains("sts:TagSession");
        }

        @ParameterizedTest
        @ValueSource(strings = {"sts:*", "*", "sts:Assume*", "sts:AssumeRol?"})
        void aWildcardAction(String action) {
            String trust = withStatements("{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \""
                    + action + "\"}");

            assertThat(notExact(trust, Partition.AWS).detail()).isEqualToIgnoringCase("extra action " + action);
        }

        @Test
        void aCondition() {
            String trust = withStatements("""
                    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole",
                     "Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}}}
                    """);

            Finding.TrustNotExact finding = notExact(trust, Partition.AWS);

            assertThat(finding.detail()).startsWith("condition StringEquals").containsIgnoringCase("aws:SourceAccount");
            assertThat(finding.offending()).contains("111111111111");
        }

        @Test
        void anOlderVersion() {
            String trust = documented(Partition.AWS).replace("2012-10-17", "2008-10-17");

            Finding.TrustNotExact finding = notExact(trust, Partition.AWS);

            assertThat(finding.detail()).isEqualTo("Version 2008-10-17 (documented: 2012-10-17)");
            assertThat(finding.offending()).contains("2008-10-17");
        }

        @Test
        void noVersion() {
            String trust = "{\"Statement\": [" + ec2Allow(Partition.AWS) + "]}";

            assertThat(notExact(trust, Partition.AWS).detail()).isEqualTo("no Version (documented: 2012-10-17)");
        }

        @Test
        void namesEveryDifferenceAtOnce() {
            String trust = """
                    {"Version": "2008-10-17", "Statement": [
                      {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "ssm.amazonaws.com"]},
                       "Action": ["sts:AssumeRole", "sts:TagSession"]},
                      {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}
                    ]}
                    """;

            Finding.TrustNotExact finding = notExact(trust, Partition.AWS);

            assertThat(finding.differences()).hasSize(4);
            assertThat(finding.detail()).isEqualTo(String.join("; ", finding.differences()));
            assertThat(finding.detail()).contains("Version 2008-10-17", "extra principal Service ssm.amazonaws.com",
                    "1 extra statement").containsIgnoringCase("extra action sts:TagSession");
            assertThat(finding.offending()).contains("ssm.amazonaws.com", "arn:aws:iam::111111111111:root");
        }

        @Test
        void differencesAreFoundInUrlEncodedDocumentsToo() {
            String trust = TrustDocuments.urlEncoded(documented(Partition.AWS).replace("\"sts:AssumeRole\"", "\"sts:*\""));

            assertThat(notExact(trust, Partition.AWS).detail()).isEqualTo("extra action sts:*");
        }

        @Test
        void theNextStepIsToReviewTheExtraTrust() {
            assertThat(notExact(documented(Partition.AWS).replace("2012-10-17", "2008-10-17"), Partition.AWS).nextStep())
                    .contains("Review");
        }
    }
}
