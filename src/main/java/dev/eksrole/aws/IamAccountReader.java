package dev.eksrole.aws;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccountReader;
import dev.eksrole.noderole.ClusterReader;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.IamReadException;
import dev.eksrole.noderole.IamRole;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesForRoleResponse;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;

/**
 * The check's IAM reads over the SDK, with the largest pages IAM allows, turning SDK types and
 * exceptions into domain data. Pages are followed by hand so that a marker that does not advance
 * stops the listing at once, and every call is cut to what is left of the check's deadline.
 */
final class IamAccountReader implements AccountReader {

    /** IAM's largest page for the list calls used here. */
    static final int MAX_ITEMS = 1000;
    /** IAM allows at most 5,000 roles an account (10,000 on request): far fewer pages than this. */
    static final int MAX_PAGES = 100;

    private final AccountSession session;
    private final IamClient iam;
    private final ReadDeadline deadline;
    private final ClusterReader clusters;

    IamAccountReader(AccountSession session, ReadDeadline deadline) {
        this.session = requireNonNull(session, "session");
        this.iam = session.iam();
        this.deadline = requireNonNull(deadline, "deadline");
        // the same session and deadline: EKS is read as the same requester, within the same check
        this.clusters = new EksAccountReader(session, deadline);
    }

    @Override
    public List<IamRole> listRoles() {
        List<IamRole> roles = new ArrayList<>();
        pages("ListRoles", marker -> iam.listRoles(r -> r.maxItems(MAX_ITEMS).marker(marker).overrideConfiguration(deadline.requestTimeouts())),
                (ListRolesResponse page) -> {
                    page.roles().forEach(role -> roles.add(
                            new IamRole(role.roleName(), role.arn(), role.path(), decode(role.assumeRolePolicyDocument()))));
                    return new Page(page.isTruncated(), page.marker());
                });
        return roles;
    }

    @Override
    public Set<String> roleNamesWithPolicy(String policyArn) {
        Set<String> names = new LinkedHashSet<>();
        pages("ListEntitiesForPolicy", marker -> iam.listEntitiesForPolicy(r -> r.policyArn(policyArn)
                        .entityFilter(EntityType.ROLE).maxItems(MAX_ITEMS).marker(marker).overrideConfiguration(deadline.requestTimeouts())),
                (ListEntitiesForPolicyResponse page) -> {
                    page.policyRoles().forEach(role -> names.add(role.roleName()));
                    return new Page(page.isTruncated(), page.marker());
                });
        return names;
    }

    @Override
    public List<String> attachedPolicyArns(String roleName) {
        List<String> arns = new ArrayList<>();
        pages("ListAttachedRolePolicies", marker -> iam.listAttachedRolePolicies(r -> r.roleName(roleName).maxItems(MAX_ITEMS)
                        .marker(marker).overrideConfiguration(deadline.requestTimeouts())),
                (ListAttachedRolePoliciesResponse page) -> {
                    page.attachedPolicies().forEach(policy -> arns.add(policy.policyArn()));
                    return new Page(page.isTruncated(), page.marker());
                });
        return arns;
    }

    @Override
    public int attachmentCount(String policyArn) {
        Integer count = call("GetPolicy", 1, () -> iam.getPolicy(r -> r.policyArn(policyArn).overrideConfiguration(deadline.requestTimeouts()))
                .policy().attachmentCount());
        if (count == null) {
            throw new IamReadException("GetPolicy", "IncompleteAnswer", "IAM answered without the policy's attachment count", null);
        }
        return count;
    }

    @Override
    public List<String> instanceProfileNames(String roleName) {
        List<String> names = new ArrayList<>();
        pages("ListInstanceProfilesForRole", marker -> iam.listInstanceProfilesForRole(r -> r.roleName(roleName).maxItems(MAX_ITEMS)
                        .marker(marker).overrideConfiguration(deadline.requestTimeouts())),
                (ListInstanceProfilesForRoleResponse page) -> {
                    page.instanceProfiles().forEach(profile -> names.add(profile.instanceProfileName()));
                    return new Page(page.isTruncated(), page.marker());
                });
        return names;
    }

    @Override
    public ClusterReader clusters() {
        return clusters;
    }

    @Override
    public void close() {
        session.release();
    }

    /** IAM returns policy documents URL-encoded (RFC 3986); the SDK hands them over as they came. */
    static String decode(String document) {
        if (document == null) {
            return "";
        }
        return document.startsWith("%") ? URLDecoder.decode(document, StandardCharsets.UTF_8) : document;
    }

    private record Page(Boolean truncated, String nextMarker) {}

    /** Follows a listing page by page; a page whose marker is missing or was seen before ends it as a failure. */
    private <R> void pages(String action, Function<String, R> fetch, Function<R, Page> read) {
        Set<String> seen = new HashSet<>();
        String marker = null;
        for (int number = 1; ; number++) {
            String current = marker;
            Page page = read.apply(call(action, number, () -> fetch.apply(current)));
            if (!Boolean.TRUE.equals(page.truncated())) {
                return;
            }
            marker = page.nextMarker();
            if (marker == null || marker.isEmpty()) {
                throw new IamReadException(action, "IncompleteAnswer", "page " + number + " says more follow but gives no "
                        + "marker to ask for them", null);
            }
            if (!seen.add(marker)) {
                throw new IamReadException(action, "RepeatedMarker", "page " + number + " gave a marker IAM had already "
                        + "given, so the listing would never end", null);
            }
            if (number >= MAX_PAGES) {
                throw new IamReadException(action, "TooManyPages", "more than " + MAX_PAGES + " pages of " + MAX_ITEMS
                        + ", far beyond IAM's quotas", null);
            }
        }
    }

    private <T> T call(String action, int page, Supplier<T> read) {
        if (deadline.passed()) {
            throw timedOut(action, page, null);
        }
        try {
            return read.get();
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw timedOut(action, page, e);
        } catch (AwsServiceException e) {
            throw new IamReadException(action, AwsErrors.code(e), AwsErrors.message(e), e);
        } catch (SdkClientException e) {
            if (deadline.passed()) {
                throw timedOut(action, page, e);
            }
            throw new IamReadException(action, "ClientError", e.getMessage(), e);
        }
    }

    private IamReadException timedOut(String action, int page, Exception cause) {
        return new IamReadException(action, Finding.IamReadFailed.TIMEOUT, deadline.describe() + " ran out waiting for IAM"
                + (page > 1 ? " (page " + page + ")" : ""), cause);
    }
}
