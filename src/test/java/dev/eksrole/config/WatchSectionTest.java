package dev.eksrole.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eksrole.noderole.Account;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code watch:} section: off without it, strict with it, every mistake named by its key. */
class WatchSectionTest {

    private static final String ACCOUNTS = """
            access: {roleName: EksRoleAccess, externalId: ext}
            accounts:
              - {id: "111111111111", name: prod-eu}
              - {id: "222222222222", name: staging}
              - {id: "333333333333", name: dev}
            """;

    private static EksroleConfig load(String watch) throws ConfigException {
        return new ConfigLoader().parse(ACCOUNTS + watch, "test.yml");
    }

    private static String refusal(String watch) {
        try {
            load(watch);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + watch);
    }

    @Test
    void withoutAWatchSectionNothingIsWatched() throws Exception {
        assertThat(load("").watch().enabled()).isFalse();
        assertThat(ConfigLoader.defaults().watch().enabled()).isFalse();
    }

    @Test
    void aChannelAloneWatchesEveryAccountEverySixHours() throws Exception {
        WatchSettings watch = load("watch: {channel: C0PLATFORM}").watch();

        assertThat(watch.enabled()).isTrue();
        assertThat(watch.every()).isEqualTo(Duration.ofHours(6));
        assertThat(watch.channel()).isEqualTo("C0PLATFORM");
        assertThat(watch.accounts()).extracting(Account::name).containsExactly("prod-eu", "staging", "dev");
    }

    @Test
    void namedAccountsByNameOrIdAreWatchedInConfigOrder() throws Exception {
        WatchSettings watch = load("watch: {every: 30m, channel: G0PRIVATE1, accounts: [dev, \"111111111111\"]}").watch();

        assertThat(watch.every()).isEqualTo(Duration.ofMinutes(30));
        assertThat(watch.accounts()).extracting(Account::name).containsExactly("prod-eu", "dev");
    }

    @Test
    void anUnknownAccountIsRefusedWithTheClosestName() {
        assertThat(refusal("watch: {channel: C0PLATFORM, accounts: [prod-ue]}"))
                .startsWith("watch.accounts[0]: no account is named 'prod-ue'. Did you mean prod-eu?");
        assertThat(refusal("watch: {channel: C0PLATFORM, accounts: [staging, \"999999999999\"]}"))
                .startsWith("watch.accounts[1]: account 999999999999 is not configured");
        assertThat(refusal("watch: {channel: C0PLATFORM, accounts: [staging, STAGING]}"))
                .isEqualTo("watch.accounts[1]: staging (222222222222) is listed twice");
        assertThat(refusal("watch: {channel: C0PLATFORM, accounts: []}")).startsWith("watch.accounts: is empty");
    }

    @Test
    void everyMustBeADurationOfAtLeastFiveMinutesAndAtMostAWeek() {
        assertThat(refusal("watch: {every: 4m, channel: C0PLATFORM}")).isEqualTo(
                "watch.every: at least 5 minutes (5m): each round checks every watched account");
        assertThat(refusal("watch: {every: 8d, channel: C0PLATFORM}")).startsWith("watch.every: at most 7 days");
        assertThat(refusal("watch: {every: sometimes, channel: C0PLATFORM}")).startsWith("watch.every: 'sometimes' is not a duration");
    }

    @Test
    void theChannelMustBeAChannelIdAndIsRequired() {
        assertThat(refusal("watch: {every: 6h}")).startsWith("watch.channel: missing");
        assertThat(refusal("watch: {channel: \"#platform\"}")).startsWith("watch.channel: '#platform' is not valid; expected a Slack channel id");
        assertThat(refusal("watch: {channel: U0SOMEONE}")).startsWith("watch.channel: 'U0SOMEONE' is not valid");
    }

    @Test
    void anUnknownKeyOrAWatchThatIsNoMappingIsRefused() {
        assertThat(refusal("watch: {channel: C0PLATFORM, evry: 6h}")).isEqualTo(
                "watch.evry: unknown key; expected one of every, channel, accounts");
        assertThat(refusal("watch: yes")).isEqualTo("watch: must be a mapping of keys to values");
    }
}
