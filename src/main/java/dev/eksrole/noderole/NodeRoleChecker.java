package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

/**
 * Checks one account: its facts are read once ({@link AccountFactsReader}), then every rule of the
 * {@link RuleBook} judges them. An account whose facts cannot be had is reported by the one finding
 * that says why, and no rule runs.
 */
public final class NodeRoleChecker {

    private final AccountFactsReader reader;
    private final RuleBook rules;

    public NodeRoleChecker(AccountFactsReader reader, RuleBook rules) {
        this.reader = requireNonNull(reader, "reader");
        this.rules = requireNonNull(rules, "rules");
    }

    public AccountReport check(Account account, String requester) {
        try {
            return rules.report(reader.read(account, requester));
        } catch (AccountFactsReader.NoFactsException e) {
            return AccountReport.of(account, e.finding());
        }
    }
}
