package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

/**
 * Why eksrole got no session for an account, as far as STS and the SDK let it tell. Only
 * {@link Cause#TARGET_REFUSED} is the account's doing; every other cause lies with eksrole's own (hub)
 * credentials, the network, or AWS itself, and its next step says so.
 *
 * @param errorCode the AWS error code, or {@code null} when there was none
 * @param message what AWS or the SDK said, shortened to the part that matters, or {@code null}
 * @param callerArn the hub identity as AWS named it, or {@code null} when unknown
 * @param profile the AWS profile whose credentials were used, or {@code null} for the default chain
 *     without one
 * @param stsEndpoint where STS was called, when a request went out; otherwise {@code null}
 * @param attempts how many times the SDK tried, or 0 when unknown
 */
public record AccessFailure(
        Cause cause, String errorCode, String message, String callerArn, String profile, String stsEndpoint, int attempts) {

    /** The causes eksrole tells apart, each with who has to act. */
    public enum Cause {
        /** STS does not know the hub's access key, or its secret does not match (InvalidClientTokenId, SignatureDoesNotMatch). */
        HUB_KEY_INVALID,
        /** The hub's temporary credentials have expired (ExpiredToken). */
        HUB_CREDENTIALS_EXPIRED,
        /** No credential source of the default chain is set up where eksrole runs. */
        NO_HUB_CREDENTIALS,
        /** The AWS profile eksrole was told to use is in neither AWS file. */
        PROFILE_NOT_FOUND,
        /** The IAM Identity Center (SSO) sign-in of the profile has expired or was never made. */
        SSO_LOGIN_NEEDED,
        /** A credential source is set up but failed; the SDK's reason says why. */
        HUB_CREDENTIALS_FAILED,
        /** No answer from STS: connection refused, unknown host, timeouts, after the SDK's retries. */
        STS_UNREACHABLE,
        /** STS answered 5xx or kept throttling through the SDK's retries. */
        STS_FAILED,
        /** STS answered AssumeRole with success but without credentials eksrole could read. */
        STS_ANSWER_WITHOUT_CREDENTIALS,
        /** The hub identity's own IAM policies (or a boundary, session policy or SCP) do not allow the AssumeRole. */
        HUB_POLICY_DENIED,
        /** The role is missing, its trust does not let the hub in, or the ExternalId differs: AWS does not say which. */
        TARGET_REFUSED,
        /** Any other refusal or error; AWS's or the SDK's own words are shown. */
        OTHER;

        /** Whether the target account has to change something; for every other cause it is not at fault. */
        public boolean blamesTheAccount() {
            return this == TARGET_REFUSED;
        }
    }

    public AccessFailure {
        requireNonNull(cause, "cause");
    }

    public static AccessFailure of(Cause cause, String errorCode, String message) {
        return new AccessFailure(cause, errorCode, message, null, null, null, 0);
    }

    public AccessFailure withCaller(String arn) {
        return new AccessFailure(cause, errorCode, message, arn, profile, stsEndpoint, attempts);
    }

    public AccessFailure withProfile(String name) {
        return new AccessFailure(cause, errorCode, message, callerArn, name, stsEndpoint, attempts);
    }

    public AccessFailure withStsCall(String endpoint, int tries) {
        return new AccessFailure(cause, errorCode, message, callerArn, profile, endpoint, tries);
    }

    /** What went wrong, in one clause that names the hub-side culprit; never the word null. */
    public String reason() {
        return switch (cause) {
            case HUB_KEY_INVALID -> "STS does not accept eksrole's own access key" + from()
                    + " (unknown key, or a secret that does not match it)" + said();
            case HUB_CREDENTIALS_EXPIRED -> "eksrole's own credentials" + from() + " have expired" + said();
            case NO_HUB_CREDENTIALS -> "eksrole found no AWS credentials of its own (no AWS_PROFILE, "
                    + "AWS_ACCESS_KEY_ID, web identity token, container or instance role)";
            case PROFILE_NOT_FOUND -> "the AWS profile " + profile + " is in neither the AWS config file nor the credentials file" + said();
            case SSO_LOGIN_NEEDED -> "the IAM Identity Center (SSO) sign-in of profile " + profileName()
                    + " has expired or was never made" + said();
            case HUB_CREDENTIALS_FAILED -> "eksrole could not load its own AWS credentials" + from() + said();
            case STS_UNREACHABLE -> "STS could not be reached at " + endpoint() + tries() + said();
            case STS_FAILED -> "AWS STS failed at " + endpoint() + " and went on failing" + tries() + said();
            case STS_ANSWER_WITHOUT_CREDENTIALS -> "STS at " + endpoint() + " answered AssumeRole without credentials"
                    + said();
            case HUB_POLICY_DENIED -> "the hub identity " + (callerArn == null ? "" : callerArn + " ")
                    + "may not call sts:AssumeRole on it: " + deniedBy() + said();
            case TARGET_REFUSED -> "STS refused" + said();
            case OTHER -> (errorCode == null && message == null ? "an unexpected error" : "STS or the SDK refused")
                    + said();
        };
    }

    /** What to do for a hub-side cause; {@code null} for {@link Cause#TARGET_REFUSED}, which needs the role's facts. */
    public String hubNextStep() {
        String notTheAccount = "Nothing in the account is at fault: ";
        return switch (cause) {
            case HUB_KEY_INVALID -> notTheAccount + "give eksrole a valid access key for its hub identity"
                    + (profile == null ? " (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a pod or instance role)"
                            : " in profile " + profile)
                    + ", then check again.";
            case HUB_CREDENTIALS_EXPIRED -> notTheAccount + "renew eksrole's own credentials" + (profile == null
                    ? " (a fresh session token, or a pod or instance role that renews itself)"
                    : " (for an IAM Identity Center profile: aws sso login --profile " + profile + ")") + ", then check again.";
            case NO_HUB_CREDENTIALS -> notTheAccount + "give eksrole credentials for its hub identity (AWS_PROFILE, "
                    + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a pod or instance role), then check again.";
            case PROFILE_NOT_FOUND -> notTheAccount + "add the profile " + profile + " to the AWS config file "
                    + "(AWS_CONFIG_FILE, default ~/.aws/config) where eksrole runs, or name an existing profile, then check again.";
            case SSO_LOGIN_NEEDED -> notTheAccount + "run aws sso login --profile " + profileName()
                    + " where eksrole runs, then check again.";
            case HUB_CREDENTIALS_FAILED -> notTheAccount + "fix eksrole's own credential source as the reason says, "
                    + "then check again.";
            case STS_UNREACHABLE -> notTheAccount + "make " + endpoint() + " reachable from where eksrole runs "
                    + "(network, proxy, VPC endpoint; AWS_ENDPOINT_URL_STS and AWS_REGION choose it), then check again.";
            case STS_FAILED -> notTheAccount + "AWS failed (it was retried), and the role's trust needs no change. "
                    + "Check again in a few minutes; if it persists, look at the AWS Health Dashboard for STS.";
            case STS_ANSWER_WITHOUT_CREDENTIALS -> notTheAccount + "the STS endpoint answered oddly; if "
                    + "AWS_ENDPOINT_URL_STS points at a proxy or an emulator, look there, otherwise check again later.";
            case HUB_POLICY_DENIED -> notTheAccount + "allow sts:AssumeRole on this role in the hub identity's own IAM "
                    + "policy (eksrole iam hub-policy prints the exact policy for the config), then check again.";
            case TARGET_REFUSED -> null;
            case OTHER -> "Act on the reason above, then check again; nothing shows that the account's trust is at fault.";
        };
    }

    private String from() {
        return profile == null ? "" : " (profile " + profile + ")";
    }

    private String profileName() {
        return profile == null ? "default" : profile;
    }

    private String endpoint() {
        return stsEndpoint == null ? "its endpoint" : stsEndpoint;
    }

    private String tries() {
        return attempts > 1 ? " after " + attempts + " attempts" : "";
    }

    /** The policy type AWS names in the denial, e.g. "no identity-based policy allows it". */
    private String deniedBy() {
        if (message != null) {
            var because = java.util.regex.Pattern.compile("because no (.+?) allows").matcher(message);
            if (because.find()) {
                return "no " + because.group(1) + " of the hub allows it";
            }
            var explicit = java.util.regex.Pattern.compile("with an explicit deny in an? (.+?)\\.?$").matcher(message);
            if (explicit.find()) {
                return "an explicit deny in the hub's " + explicit.group(1);
            }
        }
        return "its own policies do not allow it";
    }

    /** AWS's or the SDK's words, in parentheses, without nulls. */
    private String said() {
        if (errorCode == null && message == null) {
            return "";
        }
        if (errorCode == null) {
            return " (" + message + ")";
        }
        return " (" + errorCode + (message == null ? "" : ": " + message) + ")";
    }
}
