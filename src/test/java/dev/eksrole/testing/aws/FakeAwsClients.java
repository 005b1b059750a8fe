package dev.eksrole.testing.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.EksClientBuilder;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Builds real SDK clients pointed at a {@link FakeAws} and closes them all at once.
 *
 * <p>IAM clients use {@link Region#AWS_GLOBAL}, STS clients {@code us-east-1}, EKS clients the region they
 * are asked for (EKS clusters live per region); all use the Apache HTTP client,
 * {@code endpointOverride(fake.endpoint())} and the standard retry mode. A customizer may change any of that.
 */
public final class FakeAwsClients implements AutoCloseable {

    private final FakeAws fake;
    private final List<AutoCloseable> open = new ArrayList<>();

    public FakeAwsClients(FakeAws fake) {
        this.fake = fake;
    }

    public static AwsCredentialsProvider provider(Credentials c) {
        return StaticCredentialsProvider.create(c.sessionToken() == null
                ? AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())
                : AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    }

    /** The SDK's standard retry strategy (3 attempts) with millisecond backoff, to keep tests fast. */
    public static RetryStrategy fastStandardRetries() {
        BackoffStrategy quick = BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(50));
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .backoffStrategy(quick)
                .throttlingBackoffStrategy(quick)
                .build();
    }

    public IamClient iam(Credentials c) {
        return iam(c, b -> { });
    }

    public IamClient iam(Credentials c, Consumer<IamClientBuilder> customizer) {
        IamClientBuilder b = IamClient.builder()
                .region(Region.AWS_GLOBAL)
                .endpointOverride(fake.endpoint())
                .httpClientBuilder(Apache5HttpClient.builder())
                .credentialsProvider(provider(c))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        customizer.accept(b);
        return track(b.build());
    }

    public StsClient sts(Credentials c) {
        return sts(c, b -> { });
    }

    public StsClient sts(Credentials c, Consumer<StsClientBuilder> customizer) {
        StsClientBuilder b = StsClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(fake.endpoint())
                .httpClientBuilder(Apache5HttpClient.builder())
                .credentialsProvider(provider(c))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        customizer.accept(b);
        return track(b.build());
    }

    public EksClient eks(Credentials c, Region region) {
        return eks(c, region, b -> { });
    }

    public EksClient eks(Credentials c, Region region, Consumer<EksClientBuilder> customizer) {
        EksClientBuilder b = EksClient.builder()
                .region(region)
                .endpointOverride(fake.endpoint())
                .httpClientBuilder(Apache5HttpClient.builder())
                .credentialsProvider(provider(c))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        customizer.accept(b);
        return track(b.build());
    }

    /** Assumes the role with the given caller's credentials and returns the temporary credentials. */
    public Credentials assumeRole(Credentials caller, String roleArn, String sessionName, String externalId) {
        var c = sts(caller).assumeRole(r -> r.roleArn(roleArn).roleSessionName(sessionName).externalId(externalId))
                .credentials();
        return new Credentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    public <T extends AutoCloseable> T track(T client) {
        synchronized (open) {
            open.add(client);
        }
        return client;
    }

    @Override
    public void close() {
        synchronized (open) {
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a client never matters to a test
                }
            }
            open.clear();
        }
    }
}
