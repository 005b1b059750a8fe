package dev.eksrole.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.Partition;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountDirectoryTest {

    private static final Account PROD = new Account("111111111111", "prod-eu", Partition.AWS,
            "arn:aws:iam::111111111111:role/EksRoleAccess", "ext-123", null);
    private static final Account STAGING = new Account("222222222222", "staging", Partition.AWS,
            "arn:aws:iam::222222222222:role/EksRoleAccess", "ext-123", null);

    private final AccountDirectory directory = new AccountDirectory(List.of(PROD, STAGING));

    @Test
    void findsAccountsByIdOrNameIgnoringCaseAndSpace() throws Exception {
        assertThat(directory.resolve("111111111111")).isEqualTo(PROD);
        assertThat(directory.resolve(" Prod-EU ")).isEqualTo(PROD);
        assertThat(directory.resolve("2222-2222-2222")).isEqualTo(STAGING);
    }

    @Test
    void refusesIdsThatAreNotTwelveDigits() {
        assertThatThrownBy(() -> directory.resolve("11111111111"))
                .isInstanceOf(UnknownAccountException.class)
                .hasMessageContaining("12 digits")
                .hasMessageContaining("it has 11");
    }

    @Test
    void refusesUnconfiguredIdsAndNamesTheConfiguredOnes() {
        assertThatThrownBy(() -> directory.resolve("999999999999"))
                .hasMessageContaining("999999999999 is not configured")
                .hasMessageContaining("prod-eu (111111111111)");
    }

    @Test
    void suggestsTheClosestNameForATypo() {
        assertThatThrownBy(() -> directory.resolve("prd-eu"))
                .hasMessageContaining("no account is named 'prd-eu'")
                .hasMessageContaining("Did you mean prod-eu?");
        assertThatThrownBy(() -> directory.resolve("banana"))
                .hasMessageNotContaining("Did you mean");
    }

    @Test
    void asksForAnAccountWhenNoneIsGiven() {
        assertThatThrownBy(() -> directory.resolve("  ")).hasMessageContaining("name an account");
    }

    @Test
    void capsWhatItEchoesAndSummarisesLongAccountLists() {
        List<Account> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String id = String.format("%012d", 100000000000L + i);
            many.add(new Account(id, "acct-" + i, Partition.AWS, "arn:aws:iam::" + id + ":role/EksRoleAccess", "ext-123", null));
        }
        AccountDirectory big = new AccountDirectory(many);
        String typed = "x".repeat(10_240);
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> big.resolve(typed));
        assertThat(refused.getMessage()).hasSizeLessThan(1_000)
                .contains("x".repeat(AccountDirectory.MAX_ECHO) + "…")
                .contains("10240 characters")
                .contains("acct-0 (100000000000)")
                .contains("and 4990 more");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> big.resolve("999999999999")).getMessage())
                .hasSizeLessThan(1_000).contains("and 4990 more");
    }
}
