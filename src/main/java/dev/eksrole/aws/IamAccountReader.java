package dev.eksrole.aws;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccountReader;
import dev.eksrole.noderole.IamReadException;
import dev.eksrole.noderole.IamRole;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.PolicyRole;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The check's IAM reads over the SDK, with the largest pages IAM allows, turning SDK types and
 * exceptions into domain data.
 */
final class IamAccountReader implements AccountReader {

    /** IAM's largest page for the list calls used here. */
    static final int MAX_ITEMS = 1000;

    private final AccountSession session;
    private final IamClient iam;

    IamAccountReader(AccountSession session) {
        this.session = requireNonNull(session, "session");
        this.iam = session.iam();
    }

    @Override
    public List<IamRole> listRoles() {
        return call("ListRoles", () -> {
            List<IamRole> roles = new ArrayList<>();
            for (Role role : iam.listRolesPaginator(r -> r.maxItems(MAX_ITEMS)).roles()) {
                roles.add(new IamRole(role.roleName(), role.arn(), role.path(), decode(role.assumeRolePolicyDocument())));
            }
            return roles;
        });
    }

    @Override
    public Set<String> roleNamesWithPolicy(String policyArn) {
        return call("ListEntitiesForPolicy", () -> {
            Set<String> names = new LinkedHashSet<>();
            for (PolicyRole role : iam.listEntitiesForPolicyPaginator(
                    r -> r.policyArn(policyArn).entityFilter(EntityType.ROLE).maxItems(MAX_ITEMS)).policyRoles()) {
                names.add(role.roleName());
            }
            return names;
        });
    }

    @Override
    public List<String> attachedPolicyArns(String roleName) {
        return call("ListAttachedRolePolicies", () -> {
            List<String> arns = new ArrayList<>();
            for (AttachedPolicy policy : iam.listAttachedRolePoliciesPaginator(
                    r -> r.roleName(roleName).maxItems(MAX_ITEMS)).attachedPolicies()) {
                arns.add(policy.policyArn());
            }
            return arns;
        });
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

    static <T> T call(String action, Supplier<T> read) {
        try {
            return read.get();
        } catch (AwsServiceException e) {
            String code = AwsErrors.code(e);
            String message = AwsErrors.message(e);
            throw new IamReadException(action, code, message, e);
        } catch (SdkClientException e) {
            throw new IamReadException(action, "ClientError", e.getMessage(), e);
        }
    }
}
