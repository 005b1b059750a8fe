package dev.eksrole.aws;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.CallerAccountFinder;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

/** The AWS adapter: one HTTP client shared by every STS and IAM client, and the session cache. */
public final class AwsModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(AccountSessionCache.class).in(Singleton.class);
        bind(AccountAccess.class).to(AwsAccountAccess.class).in(Singleton.class);
        bind(CallerAccountFinder.class).to(AwsCallerAccountFinder.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    SdkHttpClient httpClient() {
        return Apache5HttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                // a stalled answer is cut by the calls' attempt timeouts; this only bounds a silent socket
                .socketTimeout(ReadDeadline.MAX_ATTEMPT)
                .maxConnections(64)
                .build();
    }
}
