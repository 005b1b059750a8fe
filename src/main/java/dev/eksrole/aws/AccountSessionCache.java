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
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One assumed-role session per account and requester, so that repeated checks reuse credentials
 * while they last (the provider refreshes them before they expire) and CloudTrail still names who
 * asked. Idle sessions are evicted and closed; the cache is bounded. The account of eksrole's own
 * credentials is read with them directly.
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
    private final AwsCallMeter calls;
    private final Map<Key, AccountSession> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<StsKey, StsConnection> stsConnections = new HashMap<>();
    private boolean closed;

    private record Key(String accountId, String roleArn, String externalId, String requester) {}

    private record StsKey(Partition partition, String profile) {}

    /** An STS client of one partition with the hub credentials it signs with, and the watch on its calls. */
    record StsConnection(StsClient client, AwsCredentialsProvider hubCredentials, StsCallWatch watch, String profile) {}

    @Inject
    public AccountSessionCache(SdkHttpClient httpClient, CheckDeadline deadline, AwsCallMeter calls) {
        this(httpClient, deadline, System::nanoTime, calls);
    }

    AccountSessionCache(SdkHttpClient httpClient, CheckDeadline deadline, LongSupplier nanoClock) {
        this(httpClient, deadline, nanoClock, new AwsCallMeter(new dev.eksrole.metrics.Meters()));
    }

    AccountSessionCache(SdkHttpClient httpClient, CheckDeadline deadline, LongSupplier nanoClock, AwsCallMeter calls) {
        this.httpClient = requireNonNull(httpClient, "httpClient");
        this.deadline = requireNonNull(deadline, "deadline");
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
        this.calls = requireNonNull(calls, "calls");
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
        StsConnection sts = sts(account.partition(), account.profile());
        if (!account.assumesRole()) {
            return new AccountSession(account, sts.hubCredentials(), null, sts.watch(), sts.profile(),
                    iamClient(account.partition(), sts.hubCredentials()), region -> eksClient(region, sts.hubCredentials()), now);
        }
        StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts.client())
                .asyncCredentialUpdateEnabled(false)
                .refreshRequest(r -> r.roleArn(account.accessRoleArn())
                        .externalId(account.externalId())
                        .roleSessionName(SessionName.forRequester(requester)))
                .build();
        return new AccountSession(account, credentials, credentials, sts.watch(), sts.profile(),
                iamClient(account.partition(), credentials), region -> eksClient(region, credentials), now);
    }

    /**
     * EKS is regional: one client per region, signing for it. The endpoint is left to the SDK, so that
     * {@code AWS_ENDPOINT_URL_EKS} (VPC endpoints, emulators) works.
     */
    private EksClient eksClient(String region, AwsCredentialsProvider credentials) {
        return EksClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .overrideConfiguration(overrides(API_CALL_TIMEOUT, new JsonAnswerCheck()))
                .build();
    }

    private IamClient iamClient(Partition partition, AwsCredentialsProvider credentials) {
        return IamClient.builder()
                .region(PartitionEndpoints.iamRegion(partition))
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                // a check's reads cut their own timeouts to its deadline; this bounds the writes of a fix
                .overrideConfiguration(overrides(API_CALL_TIMEOUT, new AnswerCheck()))
                .build();
    }

    /** The STS client of a partition signing with the given profile's credentials ({@code null}: the default chain). */
    synchronized StsConnection sts(Partition partition, String profile) {
        if (closed) {
            throw new IllegalStateException("the AWS session cache is closed");
        }
        return stsConnections.computeIfAbsent(new StsKey(partition, profile), this::stsConnection);
    }

    private StsConnection stsConnection(StsKey key) {
        AwsCredentialsProvider base = key.profile() == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.create(key.profile());
        StsCallWatch watch = new StsCallWatch();
        StsClient client = StsClient.builder()
                .region(PartitionEndpoints.stsRegion(key.partition()))
                .credentialsProvider(base)
                .httpClient(httpClient)
                // AssumeRole happens inside a check: a hanging STS must not outlast the check's deadline
                .overrideConfiguration(overrides(deadline.budget(), watch))
                .build();
        return new StsConnection(client, base, watch, key.profile());
    }

    /** Every client's settings; the call meter comes last, so it sees what the other interceptors made of a call. */
    private ClientOverrideConfiguration overrides(Duration callTimeout, ExecutionInterceptor... interceptors) {
        Duration attempt = callTimeout.compareTo(ReadDeadline.MAX_ATTEMPT) < 0 ? callTimeout : ReadDeadline.MAX_ATTEMPT;
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                .apiCallTimeout(callTimeout)
                .apiCallAttemptTimeout(attempt);
        for (ExecutionInterceptor interceptor : interceptors) {
            overrides.addExecutionInterceptor(interceptor);
        }
        overrides.addExecutionInterceptor(calls);
        return overrides.build();
    }

    @Override
    public void close() {
        List<AccountSession> all;
        List<StsConnection> connections;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(sessions.values());
            connections = new ArrayList<>(stsConnections.values());
            sessions.clear();
            stsConnections.clear();
        }
        all.forEach(AccountSession::evict);
        for (StsConnection connection : connections) {
            connection.client().close();
            if (connection.hubCredentials() instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
