package dev.eksrole.aws;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccountWriter.Outcome;
import dev.eksrole.noderole.ClusterFacts;
import dev.eksrole.noderole.EksReadException;
import dev.eksrole.noderole.IamWriteException;
import dev.eksrole.noderole.PlanStep;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessEntry;

/**
 * The EKS writes of a fix: access entries, in the region and cluster each step names, over the account's
 * session. Both are idempotent: an identical entry is already done, and an entry of another type where one
 * is to be created, or one that changed since the plan where one is to be deleted, stops the plan.
 */
final class AccessEntryWriter {

    private static final String IN_USE = "ResourceInUseException";

    private final AccountSession session;

    AccessEntryWriter(AccountSession session) {
        this.session = requireNonNull(session, "session");
    }

    Outcome create(PlanStep.CreateAccessEntry create) {
        EksClient eks = session.eks(create.region());
        try {
            call("CreateAccessEntry", () -> eks.createAccessEntry(r -> r.clusterName(create.clusterName())
                    .principalArn(create.principalArn()).type(create.type())));
            return Outcome.DONE;
        } catch (IamWriteException e) {
            if (!IN_USE.equals(e.errorCode())) {
                throw e;
            }
        }
        AccessEntry existing = describe(eks, create.clusterName(), create.principalArn())
                .orElseThrow(() -> new IamWriteException(IN_USE, "eks:CreateAccessEntry: EKS says an access entry for "
                        + create.principalArn() + " exists in " + create.clusterName() + ", but none can be read", null));
        if (create.type().equals(existing.type())) {
            return Outcome.ALREADY_DONE;
        }
        throw new IamWriteException(IN_USE, "an access entry of type " + existing.type() + " already exists for "
                + create.principalArn() + " in cluster " + create.clusterName() + " (" + create.region() + "); it was left as it is",
                null);
    }

    Outcome delete(PlanStep.DeleteAccessEntry delete) {
        EksClient eks = session.eks(delete.region());
        Optional<AccessEntry> existing = describe(eks, delete.clusterName(), delete.principalArn());
        boolean asPlanned = existing.isPresent() && delete.type().equals(existing.get().type());
        if (!asPlanned && (existing.isEmpty() || ClusterFacts.NODE_ENTRY_TYPES.contains(existing.get().type()))) {
            // gone, or already replaced by a node entry: the entry of the wrong type is no more (the planned
            // type is checked first, since a Linux node entry is itself the wrong type for Windows nodes)
            return Outcome.ALREADY_DONE;
        }
        if (!asPlanned) {
            throw new IamWriteException("EntryChanged", "the access entry of " + delete.principalArn() + " in cluster "
                    + delete.clusterName() + " is now of type " + existing.get().type() + ", not " + delete.type()
                    + " as planned; it was left as it is", null);
        }
        try {
            call("DeleteAccessEntry", () -> eks.deleteAccessEntry(r -> r.clusterName(delete.clusterName())
                    .principalArn(delete.principalArn())));
            return Outcome.DONE;
        } catch (IamWriteException e) {
            if (EksReadException.NOT_FOUND.equals(e.errorCode())) {
                return Outcome.ALREADY_DONE;
            }
            throw e;
        }
    }

    private static Optional<AccessEntry> describe(EksClient eks, String cluster, String principalArn) {
        try {
            AccessEntry entry = call("DescribeAccessEntry", () -> eks.describeAccessEntry(r -> r.clusterName(cluster)
                    .principalArn(principalArn)).accessEntry());
            if (entry == null || entry.type() == null) {
                throw new IamWriteException("IncompleteAnswer", "eks:DescribeAccessEntry answered without the entry or its type", null);
            }
            return Optional.of(entry);
        } catch (IamWriteException e) {
            if (EksReadException.NOT_FOUND.equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static <T> T call(String action, Supplier<T> write) {
        try {
            return write.get();
        } catch (AwsServiceException | SdkClientException e) {
            throw AwsErrors.writeFailed("eks", action, e);
        }
    }
}
