package dev.eksrole.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.Partition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    private EksroleConfig parse(String yaml) throws ConfigException {
        return loader.parse(yaml, "test.yml");
    }

    private ConfigException failure(String yaml) {
        return (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(yaml));
    }

    @Test
    void shippedExampleConfigIsValid() throws Exception {
        EksroleConfig config = loader.load(Path.of("config/eksrole.example.yml"));
        assertThat(config.accounts()).extracting(Account::name).contains("prod-eu", "staging", "china-north");
        Account china = config.accounts().stream().filter(a -> a.name().equals("china-north")).findFirst().orElseThrow();
        assertThat(china.partition()).isEqualTo(Partition.AWS_CN);
        assertThat(china.accessRoleArn()).isEqualTo("arn:aws-cn:iam::333333333333:role/EksRoleAccess");
        assertThat(china.profile()).isEqualTo("china");
    }

    @Test
    void buildsRoleArnFromDefaultRoleNameAndPartition() throws Exception {
        EksroleConfig config = parse("""
                access: {roleName: Checker, externalId: ext-123}
                accounts:
                  - {id: "111111111111", name: prod-eu}
                  - {id: "222222222222", name: gov, partition: aws-us-gov, externalId: other-id}
                """);
        assertThat(config.accounts()).containsExactly(
                new Account("111111111111", "prod-eu", Partition.AWS, "arn:aws:iam::111111111111:role/Checker", "ext-123", null),
                new Account("222222222222", "gov", Partition.AWS_US_GOV, "arn:aws-us-gov:iam::222222222222:role/Checker", "other-id", null));
    }

    @Test
    void defaultsWhenOptionalSectionsAreAbsent() throws Exception {
        EksroleConfig config = parse("""
                accounts: [{id: "111111111111", externalId: ext-123}]
                """);
        assertThat(config.accounts().get(0).name()).isEqualTo("111111111111");
        assertThat(config.nodeRoles().patterns().fragments()).containsExactly("eksNodeRole", "NodeInstanceRole");
        assertThat(config.nodeRoles().createName()).isEqualTo("NodeInstanceRole");
        assertThat(config.nodeRoles().ecrPolicy()).isEqualTo(ManagedPolicy.ECR_READ_ONLY);
        assertThat(config.planExpiry()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.allowSelfApproval()).isFalse();
        assertThat(config.store().dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.store().jdbcUrl()).isNull();
        assertThat(config.scanParallel()).isEqualTo(32);
    }

    @Test
    void scanParallelIsAWholeNumberFromOneToSixtyFour() throws Exception {
        assertThat(parse("""
                accounts: [{id: "111111111111", externalId: ext-123}]
                scanParallel: 8
                """).scanParallel()).isEqualTo(8);
        for (String bad : java.util.List.of("0", "65", "2.5", "many")) {
            ConfigException e = failure("""
                    accounts: [{id: "111111111111", externalId: ext-123}]
                    scanParallel: %s
                    """.formatted(bad));
            assertThat(e.key()).isEqualTo("scanParallel");
        }
        assertThat(failure("""
                accounts: [{id: "111111111111", externalId: ext-123}]
                scanParallel: 65
                """).getMessage()).contains("at most 64");
    }

    @Test
    void readsNodeRoleSettingsApproversAndStore() throws Exception {
        EksroleConfig config = parse("""
                access: {externalId: ext-123}
                nodeRoles: {namePatterns: [worker], createName: MyNodes, ecrPolicy: PullOnly, tags: {team: platform, cost: 12}}
                accounts: [{id: "111111111111"}]
                approvers: {users: [U012AB3CD], usergroups: [S0614TZR7]}
                allowSelfApproval: true
                planExpiry: 2h
                store: {dataDir: /var/lib/eksrole, jdbcUrl: "jdbc:postgresql://db:5432/eksrole", username: eksrole}
                """);
        assertThat(config.nodeRoles().patterns().matches("prod-WORKER-1")).isTrue();
        assertThat(config.nodeRoles().createName()).isEqualTo("MyNodes");
        assertThat(config.nodeRoles().ecrPolicy()).isEqualTo(ManagedPolicy.ECR_PULL_ONLY);
        assertThat(config.nodeRoles().tags()).isEqualTo(Map.of("team", "platform", "cost", "12"));
        assertThat(config.approvers().users()).containsExactly("U012AB3CD");
        assertThat(config.approvers().usergroups()).containsExactly("S0614TZR7");
        assertThat(config.allowSelfApproval()).isTrue();
        assertThat(config.planExpiry()).isEqualTo(Duration.ofHours(2));
        assertThat(config.store().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/eksrole");
    }

    @Test
    void namesTheKeyOfAMisspelledField() {
        ConfigException e = failure("""
                access: {externalId: ext-123}
                accounts:
                  - {id: "111111111111", name: prod}
                  - {id: "222222222222", roleArnn: "arn:aws:iam::222222222222:role/x"}
                """);
        assertThat(e.key()).isEqualTo("accounts[1].roleArnn");
        assertThat(e.getMessage()).contains("unknown key").contains("roleArn");
    }

    @Test
    void rejectsAccountIdsThatAreNotTwelveDigits() {
        ConfigException e = failure("""
                access: {externalId: ext-123}
                accounts: [{id: "11111111111"}]
                """);
        assertThat(e.key()).isEqualTo("accounts[0].id");
        assertThat(e.getMessage()).contains("12 digits");
    }

    @Test
    void rejectsUnknownPartition() {
        ConfigException e = failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", partition: aws-mars}]
                """);
        assertThat(e.key()).isEqualTo("accounts[0].partition");
        assertThat(e.getMessage()).contains("aws, aws-cn or aws-us-gov");
    }

    @Test
    void rejectsRoleArnOfAnotherAccountOrPartition() {
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", roleArn: "arn:aws:iam::999999999999:role/x"}]
                """).getMessage()).contains("accounts[0].roleArn").contains("999999999999");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", partition: aws-cn, roleArn: "arn:aws:iam::111111111111:role/x"}]
                """).getMessage()).contains("accounts[0].roleArn").contains("partition");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", roleArn: "not-an-arn"}]
                """).key()).isEqualTo("accounts[0].roleArn");
    }

    @Test
    void requiresAnExternalId() {
        ConfigException e = failure("""
                accounts: [{id: "111111111111"}]
                """);
        assertThat(e.key()).isEqualTo("accounts[0].externalId");
        assertThat(e.getMessage()).contains("access.externalId");
    }

    @Test
    void rejectsDuplicateIdsAndNames() {
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}, {id: "111111111111"}]
                """).key()).isEqualTo("accounts[1].id");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", name: prod}, {id: "222222222222", name: PROD}]
                """).key()).isEqualTo("accounts[1].name");
    }

    @Test
    void rejectsEmptyOrMissingAccounts() {
        assertThat(failure("").key()).isEqualTo("accounts");
        assertThat(failure("access: {externalId: ext-123}\n").key()).isEqualTo("accounts");
        assertThat(failure("accounts: []\n").key()).isEqualTo("accounts");
    }

    @Test
    void reportsBrokenYamlWithItsLine() {
        ConfigException e = failure("accounts:\n  - id: \"1111\n  name: [\n");
        assertThat(e.getMessage()).contains("not valid YAML").contains("line");
    }

    @Test
    void rejectsBadValuesWithTheirKeys() {
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}]
                nodeRoles: {ecrPolicy: Everything}
                """).key()).isEqualTo("nodeRoles.ecrPolicy");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}]
                planExpiry: soon
                """).key()).isEqualTo("planExpiry");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}]
                approvers: {users: [alice]}
                """).key()).isEqualTo("approvers.users[0]");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}]
                allowSelfApproval: maybe
                """).key()).isEqualTo("allowSelfApproval");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}]
                store: {jdbcUrl: "postgres://db"}
                """).key()).isEqualTo("store.jdbcUrl");
        assertThat(failure("""
                access: {externalId: "x"}
                accounts: [{id: "111111111111"}]
                """).key()).isEqualTo("access.externalId");
    }

    @Test
    void rejectsTagsIamWouldRefuseAndExpiriesOutOfBounds() {
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}]
                nodeRoles: {tags: {"aws:owner": x}}
                """).key()).isEqualTo("nodeRoles.tags.aws:owner");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}]
                nodeRoles: {tags: {team: "a<b"}}
                """).key()).isEqualTo("nodeRoles.tags.team");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}]
                planExpiry: 30d
                """).getMessage()).contains("planExpiry").contains("at most 7 days");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}]
                planExpiry: 99999999999999999999m
                """).key()).isEqualTo("planExpiry");
    }

    @Test
    void missingFileSaysWhereItLookedAndWhatToDo(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.yml not found")
                .hasMessageContaining("EKSROLE_CONFIG");
    }

    @Test
    void pathComesFromEnvironmentOrDefault(@TempDir Path dir) throws Exception {
        assertThat(ConfigLoader.pathFromEnvironment(Map.of())).isEqualTo(Path.of("config/eksrole.yml"));
        Path file = Files.writeString(dir.resolve("x.yml"), "access: {externalId: ext-123}\naccounts: [{id: \"111111111111\"}]\n");
        assertThat(ConfigLoader.pathFromEnvironment(Map.of("EKSROLE_CONFIG", file.toString()))).isEqualTo(file);
        assertThat(loader.load(file).accounts()).hasSize(1);
    }

    @Test
    void parsesDurations() {
        assertThat(ConfigNode.parseDuration("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(ConfigNode.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(ConfigNode.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(ConfigNode.parseDuration("PT45M")).isEqualTo(Duration.ofMinutes(45));
        assertThat(ConfigNode.parseDuration("later")).isNull();
    }

    @Test
    void refusesAKeyGivenTwiceNamingItAndBothLines() {
        ConfigException e = failure("""
                access:
                  externalId: first-id
                  externalId: second-id
                accounts: [{id: "111111111111"}]
                """);
        assertThat(e.key()).isEqualTo("access.externalId");
        assertThat(e.getMessage()).contains("given twice").contains("lines 2 and 3");
    }

    @Test
    void refusesASecondAccountsListInsteadOfDroppingTheFirst() {
        ConfigException e = failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", name: prod}]
                approvers: {users: [U012AB3CD]}
                accounts: [{id: "222222222222", name: staging}]
                """);
        assertThat(e.key()).isEqualTo("accounts");
        assertThat(e.getMessage()).contains("lines 2 and 4");
    }

    @Test
    void refusesDuplicateKeysInsideListEntries() {
        ConfigException e = failure("""
                access: {externalId: ext-123}
                accounts:
                  - {id: "111111111111", name: prod}
                  - id: "222222222222"
                    name: staging
                    name: other
                """);
        assertThat(e.key()).isEqualTo("accounts[1].name");
    }

    @Test
    void refusesAnchorsAndAliasesThatWouldBeReadAsText() {
        ConfigException alias = failure("""
                access: {roleName: EksRoleAccess, externalId: real-id}
                accounts:
                  - {id: "111111111111", externalId: *ext}
                """);
        assertThat(alias.key()).isEqualTo("accounts[0].externalId");
        assertThat(alias.getMessage()).contains("*ext").contains("line 3");
        ConfigException anchor = failure("""
                access: {externalId: &ext real-id}
                accounts: [{id: "111111111111"}]
                """);
        assertThat(anchor.key()).isEqualTo("access.externalId");
        assertThat(anchor.getMessage()).contains("&ext").contains("line 1");
    }

    @Test
    void refusesUnknownTagsButAcceptsYamlsOwn() throws Exception {
        ConfigException e = failure("""
                access: {externalId: !secret ext-123}
                accounts: [{id: "111111111111"}]
                """);
        assertThat(e.key()).isEqualTo("access.externalId");
        assertThat(e.getMessage()).contains("!secret").contains("line 1");
        assertThat(parse("""
                access: {externalId: !!str ext-123}
                accounts: [{id: !!str 111111111111}]
                """).accounts().get(0).externalId()).isEqualTo("ext-123");
    }

    @Test
    void refusesASecondDocument() {
        ConfigException e = failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111"}]
                ---
                accounts: [{id: "222222222222"}]
                """);
        assertThat(e.getMessage()).contains("more than one YAML document").contains("line 3");
    }

    @Test
    void saysWhereAFileStopsBeingUtf8(@TempDir Path dir) throws Exception {
        byte[] text = "access: {externalId: ext-123}\naccounts: [{id: \"111111111111\", name: caf\u00e9}]\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("latin1.yml"), text);
        assertThatThrownBy(() -> loader.load(file))
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("line 2")
                .hasMessageContaining("save it as UTF-8")
                .hasMessageNotContaining("Input length");
    }

    @Test
    void acceptsAByteOrderMark(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bom.yml"), "\uFEFFaccess: {externalId: ext-123}\naccounts: [{id: \"111111111111\"}]\n");
        assertThat(loader.load(file).accounts()).hasSize(1);
    }

    @Test
    void saysPermissionDeniedAndDirectoryInPlainWords(@TempDir Path dir) {
        Path file = dir.resolve("eksrole.yml");
        assertThat(ConfigLoader.readFailure(file, new java.nio.file.AccessDeniedException(file.toString())).getMessage())
                .contains("permission denied").contains(file.toString());
        assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("is a directory");
    }

    @Test
    void regionsAtTheTopApplyToEveryAccountThatNamesNoneOfItsOwn() throws Exception {
        EksroleConfig config = parse("""
                access: {externalId: ext-123}
                regions: [eu-west-1, us-east-1]
                accounts:
                  - {id: "111111111111", name: prod}
                  - {id: "222222222222", name: dev, regions: [us-west-2]}
                  - {id: "333333333333", name: sandbox, regions: []}
                  - {id: "444444444444", name: china, partition: aws-cn, regions: [cn-north-1, cn-northwest-1]}
                """);
        assertThat(config.accounts()).extracting(Account::regions).containsExactly(
                java.util.List.of("eu-west-1", "us-east-1"), java.util.List.of("us-west-2"), java.util.List.of(),
                java.util.List.of("cn-north-1", "cn-northwest-1"));
        assertThat(config.accounts().get(2).checksClusters()).isFalse();
    }

    @Test
    void noRegionsAnywhereChecksNoClusters() throws Exception {
        EksroleConfig config = parse("""
                accounts: [{id: "111111111111", externalId: ext-123}]
                """);
        assertThat(config.accounts().get(0).regions()).isEmpty();
        assertThat(config.accounts().get(0).checksClusters()).isFalse();
    }

    @Test
    void aMistypedRegionGetsADidYouMeanWithItsKey() {
        assertThat(failure("""
                access: {externalId: ext-123}
                regions: [eu-west-1, eu-wset-2]
                accounts: [{id: "111111111111"}]
                """).getMessage()).isEqualTo("regions[1]: 'eu-wset-2' is not an AWS region; did you mean eu-west-2?");
        assertThat(failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", regions: [us-east-l]}]
                """).getMessage()).startsWith("accounts[0].regions[0]: 'us-east-l' is not an AWS region; did you mean us-east-1");
    }

    @Test
    void aRegionOfAnotherPartitionIsRefusedNamingBoth() {
        ConfigException top = failure("""
                access: {externalId: ext-123}
                regions: [eu-west-1]
                accounts: [{id: "111111111111", name: china, partition: aws-cn}]
                """);
        assertThat(top.key()).isEqualTo("regions");
        assertThat(top.getMessage()).contains("eu-west-1 is a region of partition aws", "china (111111111111) is in aws-cn",
                "give that account regions of its own");
        ConfigException own = failure("""
                access: {externalId: ext-123}
                accounts: [{id: "111111111111", name: gov, partition: aws-us-gov, regions: [cn-north-1]}]
                """);
        assertThat(own.key()).isEqualTo("accounts[0].regions");
        assertThat(own.getMessage()).contains("cn-north-1 is a region of partition aws-cn");
    }

    @Test
    void regionsMustBeAListOfDistinctRegions() {
        assertThat(failure("""
                access: {externalId: ext-123}
                regions: eu-west-1
                accounts: [{id: "111111111111"}]
                """).getMessage()).startsWith("regions: must be a list of regions");
        assertThat(failure("""
                access: {externalId: ext-123}
                regions: [eu-west-1, eu-west-1]
                accounts: [{id: "111111111111"}]
                """).getMessage()).isEqualTo("regions[1]: eu-west-1 is listed twice");
        assertThat(failure("""
                access: {externalId: ext-123}
                regions: [{name: eu-west-1}]
                accounts: [{id: "111111111111"}]
                """).getMessage()).startsWith("regions[0]: '' is not an AWS region");
    }
}
