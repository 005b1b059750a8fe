package dev.eksrole.aws;

import dev.eksrole.noderole.Account;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The credentials eksrole reads one account with, for one requester (an assumed-role session, or its
 * own credentials for the account they belong to), the IAM client that uses them, and an EKS client per
 * region, made when first needed. Leased by checks; closed once evicted and no longer leased, so
 * eviction never pulls a client from under a running check.
 */
final class AccountSession {

    private final Account account;
    private final AwsCredentialsProvider credentials;
    private final SdkAutoCloseable ownedCredentials;
    private final StsCallWatch stsWatch;
    private final String profile;
    private final IamClient iam;
    private final Function<String, EksClient> eksClients;
    private final Map<String, EksClient> eks = new HashMap<>();
    private int leases;
    private boolean evicted;
    private boolean closed;
    private long lastUsedNanos;

    /**
     * @param ownedCredentials what to close with the session ({@code null} when the credentials are shared)
     * @param stsWatch the watch on the STS client behind the credentials, for naming a failure
     * @param profile the AWS profile behind them, {@code null} for the default chain
     * @param eksClients makes the EKS client of a region, signing with the same credentials
     */
    AccountSession(Account account, AwsCredentialsProvider credentials, SdkAutoCloseable ownedCredentials,
            StsCallWatch stsWatch, String profile, IamClient iam, Function<String, EksClient> eksClients, long nowNanos) {
        this.account = account;
        this.credentials = credentials;
        this.ownedCredentials = ownedCredentials;
        this.stsWatch = stsWatch;
        this.profile = profile;
        this.iam = iam;
        this.eksClients = eksClients;
        this.lastUsedNanos = nowNanos;
    }

    Account account() {
        return account;
    }

    AwsCredentialsProvider credentials() {
        return credentials;
    }

    StsCallWatch stsWatch() {
        return stsWatch;
    }

    String profile() {
        return profile;
    }

    IamClient iam() {
        return iam;
    }

    /** The EKS client of a region of the account's partition, with the session's credentials. */
    synchronized EksClient eks(String region) {
        if (closed) {
            throw new IllegalStateException("the session of " + account.id() + " is closed");
        }
        return eks.computeIfAbsent(region, eksClients);
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
            List<EksClient> clients = new ArrayList<>(eks.values());
            eks.clear();
            clients.forEach(EksClient::close);
            if (ownedCredentials != null) {
                ownedCredentials.close();
            }
        }
    }
}
