package dev.eksrole.aws;

import dev.eksrole.aws.StsCallWatch.StsCallException;
import dev.eksrole.noderole.AccessFailure;
import dev.eksrole.noderole.AccessFailure.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

/**
 * Names why STS gave eksrole no credentials, from what the SDK threw. The target account is blamed only
 * for an AccessDenied that AWS does not pin on the caller's own policies; everything else is eksrole's
 * own side (its credentials, the network, STS itself), told apart by AWS error codes, by the wording
 * AWS uses for denials
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html), and by what the
 * SDK's credential providers reported.
 */
final class AccessFailures {

    private static final Pattern CALLER = Pattern.compile("User: (arn:\\S+) is not authorized");
    /** Policies of the caller's side that AWS names in a denial: the hub identity's own. */
    private static final Pattern HUB_POLICY = Pattern.compile(
            "(because no|with an explicit deny in an?) (identity-based policy|permissions boundary|session policy|service control policy)");
    private static final Set<String> BAD_KEY = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch",
            "UnrecognizedClientException", "InvalidAccessKeyId", "IncompleteSignature", "MissingAuthenticationToken");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired");
    private static final String CHAIN = "Unable to load credentials from any of the providers in the chain";
    /** What the default chain's providers say when they are simply not set up here. */
    private static final List<String> NOT_SET_UP = List.of(
            "Access key must be specified either via environment variable",
            "Either the environment variable AWS_WEB_IDENTITY_TOKEN_FILE",
            "Cannot fetch credentials from container - neither",
            "IMDS credentials have been disabled",
            "Failed to load credentials from IMDS",
            "Unable to contact EC2 metadata service");
    private static final String SSO_EXPIRED = "SSO session associated with this profile has expired";

    private AccessFailures() {}

    /**
     * @param profile the profile whose credentials were used, {@code null} for the default chain
     * @param stsEndpoint where the STS client last sent a request, or {@code null}
     */
    static AccessFailure of(Throwable failure, String profile, String stsEndpoint) {
        String named = profile != null ? profile : ProfileFileSystemSetting.AWS_PROFILE.getNonDefaultStringValue().orElse(null);
        AccessFailure found = classify(failure, named, stsEndpoint);
        return found.profile() == null && named != null ? found.withProfile(named) : found;
    }

    private static AccessFailure classify(Throwable failure, String profile, String stsEndpoint) {
        StsCallException stsCall = find(failure, StsCallException.class);
        if (stsCall != null) {
            Cause cause = stsCall.kind() == StsCallException.Kind.UNREACHABLE ? Cause.STS_UNREACHABLE
                    : Cause.STS_ANSWER_WITHOUT_CREDENTIALS;
            return AccessFailure.of(cause, null, stsCall.what()).withStsCall(stsCall.endpoint(), attempts(failure));
        }
        AwsServiceException service = find(failure, AwsServiceException.class);
        if (service != null) {
            return serviceFailure(service, stsEndpoint);
        }
        if (find(failure, ApiCallTimeoutException.class) != null || find(failure, ApiCallAttemptTimeoutException.class) != null) {
            return AccessFailure.of(Cause.STS_UNREACHABLE, null, "no answer in time: " + failure.getMessage())
                    .withStsCall(stsEndpoint, attempts(failure));
        }
        if (isSsoExpiry(failure)) {
            return AccessFailure.of(Cause.SSO_LOGIN_NEEDED, null, shorten(failure.getMessage())).withProfile(profile);
        }
        if (failure instanceof SdkClientException) {
            return credentialsFailure(failure.getMessage(), profile);
        }
        return AccessFailure.of(Cause.OTHER, null, "unexpected " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
    }

    private static AccessFailure serviceFailure(AwsServiceException e, String stsEndpoint) {
        String code = AwsErrors.code(e);
        String message = AwsErrors.message(e);
        String service = e.awsErrorDetails() == null ? null : e.awsErrorDetails().serviceName();
        if (service != null && service.toLowerCase(Locale.ROOT).startsWith("sso")) {
            // the IAM Identity Center portal refused the hub's own sign-in while its credentials were loaded
            Cause cause = code.contains("Unauthorized") ? Cause.SSO_LOGIN_NEEDED : Cause.HUB_CREDENTIALS_FAILED;
            return AccessFailure.of(cause, code, "IAM Identity Center: " + (message == null ? "" : message));
        }
        String caller = callerOf(message);
        AccessFailure named;
        if (BAD_KEY.contains(code)) {
            named = AccessFailure.of(Cause.HUB_KEY_INVALID, code, message);
        } else if (EXPIRED.contains(code)) {
            named = AccessFailure.of(Cause.HUB_CREDENTIALS_EXPIRED, code, message);
        } else if (code.startsWith("AccessDenied")) {
            boolean hubSide = message != null && HUB_POLICY.matcher(message).find();
            named = AccessFailure.of(hubSide ? Cause.HUB_POLICY_DENIED : Cause.TARGET_REFUSED, code, message);
        } else if (e.statusCode() >= 500 || e.isThrottlingException()) {
            named = AccessFailure.of(Cause.STS_FAILED, code, message).withStsCall(stsEndpoint, attempts(e));
        } else {
            named = AccessFailure.of(Cause.OTHER, code, message);
        }
        return named.withCaller(caller);
    }

    /** No STS call was answered: eksrole's own credentials could not be loaded to sign one. */
    private static AccessFailure credentialsFailure(String message, String profile) {
        if (profile != null && ProfileFile.defaultProfileFile().profile(profile).isEmpty()) {
            return AccessFailure.of(Cause.PROFILE_NOT_FOUND, null, shorten(message)).withProfile(profile);
        }
        String text = message == null ? "" : message;
        if (!text.contains(CHAIN)) {
            return text.contains(SSO_EXPIRED)
                    ? AccessFailure.of(Cause.SSO_LOGIN_NEEDED, null, shorten(text)).withProfile(profile)
                    : AccessFailure.of(Cause.HUB_CREDENTIALS_FAILED, null, shorten(text)).withProfile(profile);
        }
        String relevant = relevantProviderLine(text, profile);
        if (relevant == null) {
            return AccessFailure.of(Cause.NO_HUB_CREDENTIALS, null, null);
        }
        Cause cause = relevant.contains(SSO_EXPIRED) ? Cause.SSO_LOGIN_NEEDED : Cause.HUB_CREDENTIALS_FAILED;
        return AccessFailure.of(cause, null, relevant).withProfile(profile);
    }

    /**
     * The one provider line of the default chain's message that says why, as {@code Provider: reason}: the
     * profile provider's when a profile is named or set up, else the first provider that is set up and
     * failed; {@code null} when none is set up at all.
     */
    static String relevantProviderLine(String chainMessage, String profile) {
        int list = chainMessage.indexOf(" : [");
        if (list < 0) {
            return null;
        }
        String body = chainMessage.substring(list + 4, chainMessage.endsWith("]") ? chainMessage.length() - 1 : chainMessage.length());
        List<String> lines = new ArrayList<>();
        Matcher provider = Pattern.compile("(?:^|, )([A-Z][A-Za-z]*CredentialsProvider)\\(").matcher(body);
        List<int[]> starts = new ArrayList<>();
        while (provider.find()) {
            starts.add(new int[] {provider.start(1), provider.end(1)});
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] - 2 : body.length();
            String segment = body.substring(starts.get(i)[0], Math.max(starts.get(i)[0], end));
            String name = body.substring(starts.get(i)[0], starts.get(i)[1]);
            int reasonAt = segment.indexOf("): ");
            lines.add(name + ": " + shorten(reasonAt < 0 ? segment : segment.substring(reasonAt + 3)));
        }
        for (String line : lines) {
            if (line.startsWith("ProfileCredentialsProvider:")
                    && (profile != null || !line.contains("no credentials for profile 'default'"))) {
                return line;
            }
        }
        return lines.stream()
                .filter(line -> !line.startsWith("ProfileCredentialsProvider:"))
                .filter(line -> NOT_SET_UP.stream().noneMatch(line::contains))
                .findFirst()
                .orElse(null);
    }

    /** The SDK's message without the profile file's listing of every profile it holds. */
    static String shorten(String message) {
        if (message == null) {
            return null;
        }
        int listing = message.indexOf(": ProfileFile(");
        return (listing < 0 ? message : message.substring(0, listing)).strip();
    }

    private static boolean isSsoExpiry(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("software.amazon.awssdk.services.sso.auth.ExpiredTokenException")
                    || String.valueOf(t.getMessage()).contains(SSO_EXPIRED)) {
                return !String.valueOf(failure.getMessage()).contains(CHAIN);
            }
        }
        return false;
    }

    private static String callerOf(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = CALLER.matcher(message);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static int attempts(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SdkException sdk && sdk.numAttempts() != null) {
                return sdk.numAttempts();
            }
        }
        return 0;
    }

    private static <T> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
