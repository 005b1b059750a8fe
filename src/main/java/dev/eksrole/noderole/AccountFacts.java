package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

/**
 * What a check knows about one account, read once before any rule looks at it: plain data, no client
 * behind it. Each service's answers are a part of their own (IAM's today), so a part can join without
 * changing what a {@link Rule} takes.
 */
public record AccountFacts(Account account, IamFacts iam) {

    public AccountFacts {
        requireNonNull(account, "account");
        requireNonNull(iam, "iam");
    }

    public Partition partition() {
        return account.partition();
    }
}
