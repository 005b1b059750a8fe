package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

/**
 * What a check knows about one account, read once before any rule looks at it: plain data, no client
 * behind it. Each service's answers are a part of their own (IAM's and EKS's), so a part can join without
 * changing what a {@link Rule} takes.
 */
public record AccountFacts(Account account, IamFacts iam, EksFacts eks) {

    public AccountFacts {
        requireNonNull(account, "account");
        requireNonNull(iam, "iam");
        requireNonNull(eks, "eks");
    }

    /** An account whose clusters were not checked. */
    public AccountFacts(Account account, IamFacts iam) {
        this(account, iam, EksFacts.notChecked());
    }

    public Partition partition() {
        return account.partition();
    }

    /** Whether the account has the role of this ARN (by ListRoles). */
    public boolean hasRole(String roleArn) {
        String key = RoleArn.key(roleArn);
        return iam.roles().stream().anyMatch(r -> RoleArn.key(r.arn()).equals(key));
    }
}
