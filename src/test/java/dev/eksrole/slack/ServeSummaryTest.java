package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.Partition;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The account names the start line and {@code /eksrole watch} show: a few listed, the rest counted. */
class ServeSummaryTest {

    private static List<Account> accounts(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> new Account(String.format("%012d", i), "acct-" + i, Partition.AWS, null, null, null))
                .toList();
    }

    @Test
    void upToTenNamesAreListed() {
        assertThat(ServeSummary.names(accounts(1))).isEqualTo("acct-1");
        assertThat(ServeSummary.names(accounts(ServeSummary.MAX_NAMES)))
                .isEqualTo("acct-1, acct-2, acct-3, acct-4, acct-5, acct-6, acct-7, acct-8, acct-9, acct-10");
    }

    @Test
    void namesBeyondTenAreCounted() {
        assertThat(ServeSummary.names(accounts(13)))
                .isEqualTo("acct-1, acct-2, acct-3, acct-4, acct-5, acct-6, acct-7, acct-8, acct-9, acct-10 and 3 more");
    }
}
