package dev.eksrole.aws;

import dev.eksrole.noderole.Account;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The assumed-role credentials of one account for one requester, and the IAM client that uses them.
 * Leased by checks; closed once evicted and no longer leased, so eviction never pulls a client from
 * under a running check.
 */
final class AccountSession {

    private final Account account;
    private final StsAssumeRoleCredentialsProvider credentials;
    private final IamClient iam;
    private int leases;
    private boolean evicted;
    private boolean closed;
    private long lastUsedNanos;

    AccountSession(Account account, StsAssumeRoleCredentialsProvider credentials, IamClient iam, long nowNanos) {
        this.account = account;
        this.credentials = credentials;
        this.iam = iam;
        this.lastUsedNanos = nowNanos;
    }

    Account account() {
        return account;
    }

    StsAssumeRoleCredentialsProvider credentials() {
        return credentials;
    }

    IamClient iam() {
        return iam;
    }

    synchronized void acquire(long nowNanos) {
        leases++;
        lastUsedNanos = nowNanos;
    }

    synchronized void release() {
        leases--;
        closeIfDone();
    }

    synchronized long lastUsedNanos() {
        return lastUsedNanos;
    }

    synchronized void evict() {
        evicted = true;
        closeIfDone();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private void closeIfDone() {
        if (evicted && leases <= 0 && !closed) {
            closed = true;
            iam.close();
            credentials.close();
        }
    }
}
