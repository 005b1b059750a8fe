package dev.eksrole.aws;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.CheckDeadline;
import dev.eksrole.noderole.Partition;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * One assumed-role session per account and requester, so that repeated checks reuse credentials
 * while they last (the provider refreshes them before they expire) and CloudTrail still names who
 * asked. Idle sessions are evicted and closed; the cache is bounded.
 */
@Singleton
public final class AccountSessionCache implements AutoCloseable {

    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final int MAX_SESSIONS = 256;
    /** Throttling is common on IAM's low rate limits; a few more standard-mode attempts ride it out. */
    static final int MAX_ATTEMPTS = 6;
    /** Writes of an approved fix: not under a check's deadline, but never forever. */
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);

    private final SdkHttpClient httpClient;
    private final CheckDeadline deadline;
    private final LongSupplier nanoClock;
    private final Map<Key, AccountSession> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<StsKey, StsClient> stsClients = new HashMap<>();
    private boolean closed;

    private record Key(String accountId, String roleArn, String externalId, String requester) {}

    private record StsKey(Partition partition, String profile) {}

    @Inject
    public AccountSessionCache(SdkHttpClient httpClient, CheckDeadline deadline) {
        this(httpClient, deadline, System::nanoTime);
    }

    AccountSessionCache(SdkHttpClient httpClient, CheckDeadline deadline, LongSupplier nanoClock) {
        this.httpClient = requireNonNull(httpClient, "httpClient");
        this.deadline = requireNonNull(deadline, "deadline");
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    }

    /** A leased session; the caller must {@link AccountSession#release()} it. */
    AccountSession lease(Account account, String requester) {
        List<AccountSession> evicted = new ArrayList<>();
        AccountSession session;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the AWS session cache is closed");
            }
            long now = nanoClock.getAsLong();
            evictIdle(now, evicted);
            Key key = new Key(account.id(), account.accessRoleArn(), account.externalId(), requester);
            session = sessions.get(key);
            if (session == null) {
                session = open(account, requester, now);
                sessions.put(key, session);
                while (sessions.size() > MAX_SESSIONS) {
                    Iterator<AccountSession> eldest = sessions.values().iterator();
                    evicted.add(eldest.next());
                    eldest.remove();
                }
            }
            session.acquire(now);
        }
        evicted.forEach(AccountSession::evict);
        return session;
    }

    /** Forgets a session whose credentials were refused, so the next check assumes the role afresh. */
    void invalidate(Account account, String requester) {
        AccountSession removed;
        synchronized (this) {
            removed = sessions.remove(new Key(account.id(), account.accessRoleArn(), account.externalId(), requester));
        }
        if (removed != null) {
            removed.evict();
        }
    }

    synchronized int size() {
        return sessions.size();
    }

    private void evictIdle(long now, List<AccountSession> evicted) {
        for (Iterator<AccountSession> it = sessions.values().iterator(); it.hasNext(); ) {
            AccountSession session = it.next();
            if (now - session.lastUsedNanos() > IDLE_TIMEOUT.toNanos()) {
                evicted.add(session);
                it.remove();
            }
        }
    }

    private AccountSession open(Account account, String requester, long now) {
        StsClient sts = stsClients.computeIfAbsent(new StsKey(account.partition(), account.profile()), this::stsClient);
        StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .asyncCredentialUpdateEnabled(false)
                .refreshRequest(r -> r.roleArn(account.accessRoleArn())
                        .externalId(account.externalId())
                        .roleSessionName(SessionName.forRequester(requester)))
                .build();
        IamClient iam = IamClient.builder()
                .region(PartitionEndpoints.iamRegion(account.partition()))
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .overrideConfiguration(overrides(API_CALL_TIMEOUT).toBuilder().addExecutionInterceptor(new AnswerCheck()).build())
                .build();
        return new AccountSession(account, credentials, iam, now);
    }

    private StsClient stsClient(StsKey key) {
        AwsCredentialsProvider base = key.profile() == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.create(key.profile());
        return StsClient.builder()
                .region(PartitionEndpoints.stsRegion(key.partition()))
                .credentialsProvider(base)
                .httpClient(httpClient)
                // AssumeRole happens inside a check: a hanging STS must not outlast the check's deadline
                .overrideConfiguration(overrides(deadline.budget()).toBuilder().addExecutionInterceptor(new AnswerCheck()).build())
                .build();
    }

    private static ClientOverrideConfiguration overrides(Duration callTimeout) {
        Duration attempt = callTimeout.compareTo(ReadDeadline.MAX_ATTEMPT) < 0 ? callTimeout : ReadDeadline.MAX_ATTEMPT;
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                .apiCallTimeout(callTimeout)
                .apiCallAttemptTimeout(attempt)
                .build();
    }

    @Override
    public void close() {
        List<AccountSession> all;
        List<StsClient> clients;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(sessions.values());
            clients = new ArrayList<>(stsClients.values());
            sessions.clear();
            stsClients.clear();
        }
        all.forEach(AccountSession::evict);
        clients.forEach(StsClient::close);
    }
}
