package dev.eksrole.aws;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccessFailure;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.AccountAccessException;
import dev.eksrole.noderole.AccountReader;
import dev.eksrole.noderole.AccountWriter;
import dev.eksrole.noderole.CheckDeadline;
import dev.eksrole.noderole.Finding;
import jakarta.inject.Inject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an account by assuming its access role. Credentials are resolved at once, so that a refused
 * AssumeRole becomes the {@code ASSUME_ROLE_FAILED} finding, with its true cause, instead of surfacing
 * in the first IAM read.
 */
public final class AwsAccountAccess implements AccountAccess {

    private static final Logger LOG = LoggerFactory.getLogger(AwsAccountAccess.class);

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
        } catch (RuntimeException e) {
            // whatever the SDK threw, even a NullPointerException from an odd answer, becomes a finding
            session.release();
            sessions.invalidate(account, requester);
            AccessFailure failure = AccessFailures.of(e, session.profile(), session.stsWatch().lastEndpoint());
            LOG.info("no session in {} ({}): {}", account.id(), account.accessRoleArn(), failure.cause());
            LOG.debug("the SDK's exception", e);
            String roleArn = account.assumesRole() ? account.accessRoleArn() : "(own credentials of " + account.id() + ")";
            throw new AccountAccessException(new Finding.AssumeRoleFailed(roleArn, account.externalId(), failure), e);
        }
    }
}
