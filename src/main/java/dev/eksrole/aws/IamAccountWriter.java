package dev.eksrole.aws;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccountWriter;
import dev.eksrole.noderole.IamWriteException;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.TrustPolicyRule;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The IAM writes of a fix, and through {@link AccessEntryWriter} its EKS ones. Each is idempotent, and each
 * rides out IAM's eventual consistency: a role or instance profile created a moment ago may answer
 * NoSuchEntity for some seconds
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 */
final class IamAccountWriter implements AccountWriter {

    private static final Logger LOG = LoggerFactory.getLogger(IamAccountWriter.class);

    private final AccountSession session;
    private final IamClient iam;
    private final Partition partition;
    private final Duration consistencyBudget;
    /**
     * Roles and instance profiles this writer created: only they may be briefly invisible, so only their
     * NoSuchEntity is retried.
     */
    private final java.util.Set<String> createdHere = new java.util.HashSet<>();
    private final AccessEntryWriter accessEntries;

    IamAccountWriter(AccountSession session, Duration consistencyBudget) {
        this.session = requireNonNull(session, "session");
        this.iam = session.iam();
        this.partition = session.account().partition();
        this.consistencyBudget = requireNonNull(consistencyBudget, "consistencyBudget");
        this.accessEntries = new AccessEntryWriter(session);
    }

    @Override
    public Outcome apply(PlanStep step) {
        return switch (step.kind()) {
            case CREATE_ROLE -> createRole((PlanStep.CreateRole) step);
            case ATTACH_POLICY -> {
                PlanStep.AttachPolicy attach = (PlanStep.AttachPolicy) step;
                // attaching an attached policy is a no-op in IAM: success either way
                call("AttachRolePolicy", () -> untilVisible(attach.roleName(), () -> iam.attachRolePolicy(r -> r.roleName(attach.roleName())
                        .policyArn(attach.policyArn()))));
                yield Outcome.DONE;
            }
            case DETACH_POLICY -> {
                PlanStep.DetachPolicy detach = (PlanStep.DetachPolicy) step;
                try {
                    call("DetachRolePolicy", () -> iam.detachRolePolicy(r -> r.roleName(detach.roleName()).policyArn(detach.policyArn())));
                    yield Outcome.DONE;
                } catch (IamWriteException e) {
                    if ("NoSuchEntity".equals(e.errorCode())) {
                        yield Outcome.ALREADY_DONE;
                    }
                    throw e;
                }
            }
            case REPLACE_TRUST -> {
                PlanStep.ReplaceTrust replace = (PlanStep.ReplaceTrust) step;
                call("UpdateAssumeRolePolicy", () -> untilVisible(replace.roleName(), () -> iam.updateAssumeRolePolicy(r -> r
                        .roleName(replace.roleName()).policyDocument(replace.trustJson()))));
                yield Outcome.DONE;
            }
            case CREATE_INSTANCE_PROFILE -> createInstanceProfile((PlanStep.CreateInstanceProfile) step);
            case ADD_ROLE_TO_INSTANCE_PROFILE -> addRoleToInstanceProfile((PlanStep.AddRoleToInstanceProfile) step);
            case CREATE_ACCESS_ENTRY -> accessEntries.create((PlanStep.CreateAccessEntry) step);
            case DELETE_ACCESS_ENTRY -> accessEntries.delete((PlanStep.DeleteAccessEntry) step);
        };
    }

    private Outcome createInstanceProfile(PlanStep.CreateInstanceProfile create) {
        try {
            call("CreateInstanceProfile", () -> iam.createInstanceProfile(r -> r.instanceProfileName(create.profileName())
                    .path(create.path())));
            createdHere.add(profileKey(create.profileName()));
            return Outcome.DONE;
        } catch (IamWriteException e) {
            if (!"EntityAlreadyExists".equals(e.errorCode())) {
                throw e;
            }
        }
        // one of that name is there already: the same if at the same path (what it holds is the next step's business)
        createdHere.add(profileKey(create.profileName()));
        InstanceProfile existing = instanceProfile(create.profileName());
        if (!create.path().equals(existing.path())) {
            throw new IamWriteException("EntityAlreadyExists", "an instance profile named " + create.profileName()
                    + " already exists at path " + existing.path() + "; it was left as it is", null);
        }
        return Outcome.ALREADY_DONE;
    }

    private Outcome addRoleToInstanceProfile(PlanStep.AddRoleToInstanceProfile add) {
        try {
            call("AddRoleToInstanceProfile", () -> untilVisible(add.roleName(), () -> untilVisible(profileKey(add.profileName()),
                    () -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName(add.profileName()).roleName(add.roleName())))));
            return Outcome.DONE;
        } catch (IamWriteException e) {
            // IAM allows one role a profile: a full profile holds this role (done) or another (stop)
            if (!"LimitExceeded".equals(e.errorCode())) {
                throw e;
            }
        }
        InstanceProfile existing = instanceProfile(add.profileName());
        if (existing.roles().stream().anyMatch(r -> r.roleName().equalsIgnoreCase(add.roleName()))) {
            return Outcome.ALREADY_DONE;
        }
        throw new IamWriteException("LimitExceeded", "the instance profile " + add.profileName() + " already holds the role "
                + existing.roles().stream().map(Role::roleName).findFirst().orElse("?") + " (IAM allows one); it was left as it is",
                null);
    }

    private InstanceProfile instanceProfile(String name) {
        return call("GetInstanceProfile", () -> untilVisible(profileKey(name), () -> iam.getInstanceProfile(r -> r
                .instanceProfileName(name)).instanceProfile()));
    }

    /** Roles and instance profiles share {@link #createdHere}; a profile's key cannot be a role name. */
    private static String profileKey(String profileName) {
        return "instance-profile/" + profileName;
    }

    private Outcome createRole(PlanStep.CreateRole create) {
        try {
            call("CreateRole", () -> iam.createRole(r -> r.roleName(create.roleName()).path(create.path())
                    .description(create.description())
                    .assumeRolePolicyDocument(create.trustJson())
                    .tags(create.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())));
            createdHere.add(create.roleName());
            return Outcome.DONE;
        } catch (IamWriteException e) {
            if (!"EntityAlreadyExists".equals(e.errorCode())) {
                throw e;
            }
        }
        // someone (or an earlier attempt) created it: fine if it trusts EC2 as documented, else stop
        createdHere.add(create.roleName());
        Role existing = call("GetRole", () -> untilVisible(create.roleName(), () -> iam.getRole(r -> r.roleName(create.roleName())).role()));
        String trust = IamAccountReader.decode(existing.assumeRolePolicyDocument());
        if (new TrustPolicyRule().evaluate(trust, partition).isPresent()) {
            throw new IamWriteException("EntityAlreadyExists", "a role named " + create.roleName()
                    + " already exists with another trust; it was left as it is", null);
        }
        if (!create.path().equals(existing.path())) {
            throw new IamWriteException("EntityAlreadyExists", "a role named " + create.roleName()
                    + " already exists at path " + existing.path() + ", not " + create.path() + "; it was left as it is", null);
        }
        return Outcome.ALREADY_DONE;
    }

    /** Retries NoSuchEntity with backoff while a role (or profile) created here becomes visible, within a bound. */
    private <T> T untilVisible(String roleName, Supplier<T> write) {
        if (!createdHere.contains(roleName)) {
            return write.get();
        }
        long deadline = System.nanoTime() + consistencyBudget.toNanos();
        long delayMillis = 250;
        while (true) {
            try {
                return write.get();
            } catch (NoSuchEntityException e) {
                if (System.nanoTime() + delayMillis * 1_000_000 > deadline) {
                    throw e;
                }
                LOG.info("IAM does not see the role yet; retrying in {} ms", delayMillis);
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delayMillis = Math.min(delayMillis * 2, 4_000);
            }
        }
    }

    private static <T> T call(String action, Supplier<T> write) {
        try {
            return write.get();
        } catch (EntityAlreadyExistsException e) {
            throw new IamWriteException("EntityAlreadyExists", e.awsErrorDetails().errorMessage(), e);
        } catch (AwsServiceException | SdkClientException e) {
            throw AwsErrors.writeFailed("iam", action, e);
        }
    }

    @Override
    public void close() {
        session.release();
    }
}
