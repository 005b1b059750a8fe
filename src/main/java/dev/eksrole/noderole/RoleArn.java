package dev.eksrole.noderole;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IAM role ARN taken apart, as EKS names node roles: {@code arn:<partition>:iam::<account>:role<path><name>}.
 * Role names are unique in an account whatever their case, so two ARNs name the same role when they are
 * equal ignoring case.
 */
public record RoleArn(String arn, String partition, String accountId, String path, String name) {

    private static final Pattern SHAPE = Pattern.compile("arn:([a-z-]+):iam::(\\d{12}):role(/(?:[^/]+/)*)([\\w+=,.@-]{1,64})");

    /** The parts of a role ARN, or empty when the text is not one. */
    public static Optional<RoleArn> parse(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        var m = SHAPE.matcher(arn);
        return m.matches() ? Optional.of(new RoleArn(arn, m.group(1), m.group(2), m.group(3), m.group(4))) : Optional.empty();
    }

    /** The key two spellings of one role share. */
    public static String key(String arn) {
        return arn.toLowerCase(Locale.ROOT);
    }

    /** The role's name, or the whole text when it is not a role ARN. */
    public static String nameOf(String arn) {
        return parse(arn).map(RoleArn::name).orElse(arn);
    }

    /**
     * The ARN without the role's path: the form {@code aws-auth}'s {@code rolearn} must take, since the
     * authenticator compares it with the path-less ARN of the node's session.
     */
    public String withoutPath() {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + name;
    }

    /** Whether the role lives in this account. */
    public boolean isIn(Account account) {
        return accountId.equals(account.id()) && partition.equals(account.partition().id());
    }
}
