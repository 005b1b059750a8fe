package dev.eksrole.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eksrole.noderole.AccessFailure;
import dev.eksrole.noderole.AccessFailure.Cause;
import dev.eksrole.testing.aws.Credentials;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.FakeAws;
import dev.eksrole.testing.aws.FakeAwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The causes that take long with the SDK's own retry settings (throttling backs off for seconds,
 * timeouts wait), named from what the real SDK throws against the fake with quick retries.
 */
class AccessFailuresTest {

    private static final String HUB = "999999999999";
    private static final String TARGET = "111111111111";

    private FakeAws fake;
    private FakeAwsClients clients;
    private Credentials hub;
    private String roleArn;

    @BeforeEach
    void start() {
        fake = FakeAws.start();
        clients = new FakeAwsClients(fake);
        fake.addAccount(HUB);
        hub = fake.addUser(HUB, "eksrole-hub");
        FakeAccount target = fake.addAccount(TARGET);
        target.addRole("EksRoleAccess", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + HUB + ":root\"},\"Action\":\"sts:AssumeRole\"}]}");
        roleArn = target.roleArn("EksRoleAccess");
    }

    @AfterEach
    void stop() {
        clients.close();
        fake.close();
    }

    /** What resolving the AssumeRole credentials through a watched STS client throws, named. */
    private AccessFailure failure(Consumer<StsClientBuilder> customizer) {
        return failure(customizer, o -> { });
    }

    private AccessFailure failure(Consumer<StsClientBuilder> customizer, Consumer<ClientOverrideConfiguration.Builder> overrides) {
        StsCallWatch watch = new StsCallWatch();
        StsClient sts = clients.sts(hub, b -> {
            customizer.accept(b);
            b.overrideConfiguration(o -> {
                o.retryStrategy(FakeAwsClients.fastStandardRetries()).addExecutionInterceptor(watch);
                overrides.accept(o);
            });
        });
        try (StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .asyncCredentialUpdateEnabled(false).refreshRequest(r -> r.roleArn(roleArn).roleSessionName("eksrole-test")).build()) {
            Throwable thrown = catchThrowable(provider::resolveCredentials);
            assertThat(thrown).as("the AssumeRole failed").isNotNull();
            return AccessFailures.of(thrown, null, watch.lastEndpoint());
        }
    }

    @Test
    void throttlingThroughEveryRetryIsStsFailing() {
        fake.throttle("AssumeRole", 3);

        AccessFailure failure = failure(b -> { });

        assertThat(failure.cause()).isEqualTo(Cause.STS_FAILED);
        assertThat(failure.reason()).isEqualTo("AWS STS failed at " + fake.endpoint()
                + " and went on failing after 3 attempts (Throttling: Rate exceeded)");
        assertThat(failure.hubNextStep()).contains("AWS failed (it was retried)").doesNotContain("fix its trust");
    }

    @Test
    void aReadTimeoutIsStsUnreachable() {
        fake.latency(Duration.ofSeconds(2));

        AccessFailure failure = failure(b -> b.httpClientBuilder(Apache5HttpClient.builder().socketTimeout(Duration.ofMillis(200))));

        assertThat(failure.cause()).isEqualTo(Cause.STS_UNREACHABLE);
        assertThat(failure.reason()).startsWith("STS could not be reached at " + fake.endpoint() + " after 3 attempts (timed out");
    }

    @Test
    void anApiCallTimeoutIsStsUnreachable() {
        fake.latency(Duration.ofSeconds(2));

        AccessFailure failure = failure(b -> { }, o -> o.apiCallTimeout(Duration.ofMillis(300)));

        assertThat(failure.cause()).isEqualTo(Cause.STS_UNREACHABLE);
        assertThat(failure.reason()).startsWith("STS could not be reached at " + fake.endpoint());
    }

    @Test
    void anUnknownHostIsStsUnreachable() {
        AccessFailure failure = failure(b -> b.endpointOverride(URI.create("http://sts.eksrole-test.invalid")));

        assertThat(failure.cause()).isEqualTo(Cause.STS_UNREACHABLE);
        assertThat(failure.reason()).startsWith("STS could not be reached at http://sts.eksrole-test.invalid")
                .contains("unknown host sts.eksrole-test.invalid");
    }

    @Test
    void theDefaultChainsMessageIsShortenedToTheLineThatSaysWhy() {
        String chain = "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
                + "credentialsProviders=[SystemPropertyCredentialsProvider(), ProfileCredentialsProvider(profileName=hub, "
                + "profileFile=ProfileFile(sections=[profiles], profiles=[Profile(name=hub, properties=[sso_session])])), "
                + "InstanceProfileCredentialsProvider()]) : [SystemPropertyCredentialsProvider(): Unable to load credentials from "
                + "system settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or system "
                + "property (aws.accessKeyId)., ProfileCredentialsProvider(profileName=hub, profileFile=ProfileFile(sections=[profiles], "
                + "profiles=[Profile(name=hub, properties=[sso_session])])): To use Sso related properties in the 'hub' profile, "
                + "the 'sso' service module must be on the class path., InstanceProfileCredentialsProvider(): IMDS credentials "
                + "have been disabled by environment variable or system property.]";

        assertThat(AccessFailures.relevantProviderLine(chain, "hub")).isEqualTo("ProfileCredentialsProvider: To use Sso related "
                + "properties in the 'hub' profile, the 'sso' service module must be on the class path.");
        assertThat(AccessFailures.relevantProviderLine(chain.replace("To use Sso related properties in the 'hub' profile, the 'sso' "
                + "service module must be on the class path.", "Profile file contained no credentials for profile 'default': "
                + "ProfileFile(sections=[])"), null)).as("nothing set up").isNull();
    }
}
