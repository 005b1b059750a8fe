package dev.eksrole.aws;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccessFailure;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.CallerAccountFinder;
import dev.eksrole.noderole.Partition;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Asks STS whose credentials eksrole runs with (GetCallerIdentity needs no permission), in the partition
 * of {@code AWS_REGION} (aws when unset), and names that account.
 */
public final class AwsCallerAccountFinder implements CallerAccountFinder {

    private final AccountSessionCache sessions;

    @Inject
    public AwsCallerAccountFinder(AccountSessionCache sessions) {
        this.sessions = requireNonNull(sessions, "sessions");
    }

    @Override
    public Account find() throws CallerAccountException {
        AccountSessionCache.StsConnection sts = sessions.sts(PartitionEndpoints.configuredPartition(), null);
        GetCallerIdentityResponse identity;
        try {
            identity = sts.client().getCallerIdentity();
        } catch (RuntimeException e) {
            throw new CallerAccountException(AccessFailures.of(e, null, sts.watch().lastEndpoint()), e);
        }
        String partitionId = identity.arn() == null ? "" : identity.arn().split(":", -1)[1];
        Partition partition = Partition.fromId(partitionId).orElseThrow(() -> new CallerAccountException(AccessFailure.of(
                AccessFailure.Cause.OTHER, null, "the credentials belong to " + identity.arn() + ", in partition " + partitionId
                        + ", which eksrole does not know (aws, aws-cn, aws-us-gov)"), null));
        return Account.ofOwnCredentials(identity.account(), partition);
    }
}
