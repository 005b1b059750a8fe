package dev.eksrole.watch;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.Severity;
import java.time.Instant;
import java.util.List;

/** What the watch last saw of one account: the verdict and the findings, and when. */
public record AccountState(String accountId, Severity verdict, List<ObservedFinding> findings, Instant checkedAt) {

    public AccountState {
        requireNonNull(accountId, "accountId");
        requireNonNull(verdict, "verdict");
        findings = List.copyOf(findings);
        requireNonNull(checkedAt, "checkedAt");
    }

    public static AccountState of(AccountReport report, Instant checkedAt) {
        return new AccountState(report.account().id(), report.verdict(), ObservedFinding.of(report), checkedAt);
    }
}
