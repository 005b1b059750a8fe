package dev.eksrole.aws;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.AccountAccessException;
import dev.eksrole.noderole.AccountReader;
import dev.eksrole.noderole.AccountWriter;
import dev.eksrole.noderole.CheckDeadline;
import dev.eksrole.noderole.Finding;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Opens an account by assuming its access role. Credentials are resolved at once, so that a refused
 * AssumeRole becomes the {@code ASSUME_ROLE_FAILED} finding instead of surfacing in the first IAM read.
 */
public final class AwsAccountAccess implements AccountAccess {

    private static final Logger LOG = LoggerFactory.getLogger(AwsAccountAccess.class);
    private static final Pattern CALLER = Pattern.compile("User: (arn:\\S+) is not authorized");

    /** How long a write waits for a freshly created role to become visible. */
    static final Duration CONSISTENCY_BUDGET = Duration.ofSeconds(30);

    private final AccountSessionCache sessions;
    private final CheckDeadline deadline;

    @Inject
    public AwsAccountAccess(AccountSessionCache sessions, CheckDeadline deadline) {
        this.sessions = requireNonNull(sessions, "sessions");
        this.deadline = requireNonNull(deadline, "deadline");
    }

    @Override
    public AccountReader open(Account account, String requester) throws AccountAccessException {
        // the deadline counts from here: AssumeRole is part of the wait
        ReadDeadline reading = ReadDeadline.startingNow(deadline.budget());
        return new IamAccountReader(session(account, requester), reading);
    }

    @Override
    public AccountWriter openWriter(Account account, String requester) throws AccountAccessException {
        return new IamAccountWriter(session(account, requester), CONSISTENCY_BUDGET);
    }

    /** A leased session whose credentials are resolved now, so a refused AssumeRole shows here. */
    private AccountSession session(Account account, String requester) throws AccountAccessException {
        AccountSession session = sessions.lease(account, requester);
        try {
            session.credentials().resolveCredentials();
            return session;
        } catch (AwsServiceException e) {
            session.release();
            sessions.invalidate(account, requester);
            String code = AwsErrors.code(e);
            String message = AwsErrors.message(e);
            LOG.info("AssumeRole into {} as {} refused: {}", account.id(), account.accessRoleArn(), code);
            throw new AccountAccessException(new Finding.AssumeRoleFailed(
                    account.accessRoleArn(), account.externalId(), callerOf(message), code, message), e);
        } catch (SdkClientException e) {
            session.release();
            sessions.invalidate(account, requester);
            boolean noCredentials = String.valueOf(e.getMessage()).contains("Unable to load credentials");
            String code = noCredentials ? Finding.AssumeRoleFailed.NO_HUB_CREDENTIALS : "ClientError";
            String message = noCredentials
                    ? "eksrole has no AWS credentials of its own to assume the role with: set AWS_PROFILE, "
                            + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run it on a role"
                            + (account.profile() == null ? "" : " (this account uses the profile " + account.profile() + ")")
                    : e.getMessage();
            LOG.info("AssumeRole into {} failed: {}", account.id(), code);
            throw new AccountAccessException(new Finding.AssumeRoleFailed(
                    account.accessRoleArn(), account.externalId(), null, code, message), e);
        }
    }

    private static String callerOf(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = CALLER.matcher(message);
        return matcher.find() ? matcher.group(1) : null;
    }
}
