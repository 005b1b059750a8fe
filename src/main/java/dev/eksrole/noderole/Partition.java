package dev.eksrole.noderole;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The AWS partitions eksrole knows. The EC2 service principal differs in aws-cn: EKS there rejects
 * nodes whose role trusts only {@code ec2.amazonaws.com}.
 */
public enum Partition {
    AWS("aws", "ec2.amazonaws.com"),
    AWS_CN("aws-cn", "ec2.amazonaws.com.cn"),
    AWS_US_GOV("aws-us-gov", "ec2.amazonaws.com");

    private final String id;
    private final String ec2ServicePrincipal;

    Partition(String id, String ec2ServicePrincipal) {
        this.id = id;
        this.ec2ServicePrincipal = ec2ServicePrincipal;
    }

    /** The partition's name as it appears in ARNs: {@code aws}, {@code aws-cn}, {@code aws-us-gov}. */
    public String id() {
        return id;
    }

    public String ec2ServicePrincipal() {
        return ec2ServicePrincipal;
    }

    /** The ARN of an AWS managed policy in this partition. */
    public String managedPolicyArn(String policyName) {
        return "arn:" + id + ":iam::aws:policy/" + policyName;
    }

    public String roleArn(String accountId, String path, String roleName) {
        return "arn:" + id + ":iam::" + accountId + ":role" + path + roleName;
    }

    public static Optional<Partition> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
