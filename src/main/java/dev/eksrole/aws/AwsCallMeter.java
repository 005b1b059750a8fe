package dev.eksrole.aws;

import static java.util.Objects.requireNonNull;

import dev.eksrole.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call of the IAM, STS and EKS clients once, by service, action and how it ended after the SDK's
 * retries (ok, throttled, denied, not_found, error), and the retries separately: an operator alerts on calls that
 * failed, and watches retries for throttling the SDK rode out. Labels come from the SDK's own service and operation
 * names, a closed set; never an account, a role or a user.
 */
@Singleton
public final class AwsCallMeter implements ExecutionInterceptor {

    static final String CALLS = "eksrole.aws.calls";
    static final String RETRIES = "eksrole.aws.retries";

    /** How a call ended: the {@code outcome} label. */
    enum Outcome {
        OK, THROTTLED, DENIED, NOT_FOUND, ERROR;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("eksrole.callMeterAttempts");
    /** Refusals of the caller's identity or permissions, across IAM's Query protocol and the JSON services. */
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "UnauthorizedAccess", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException",
            "SignatureDoesNotMatch", "IncompleteSignature", "RegionDisabledException");
    /** An answer that the thing asked about is absent: an answer, yet not an ok one. */
    private static final Set<String> NOT_FOUND = Set.of("NoSuchEntity", "NoSuchEntityException", "ResourceNotFoundException");

    private final MeterRegistry registry;

    @Inject
    public AwsCallMeter(Meters meters) {
        this.registry = requireNonNull(meters, "meters").registry();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPTS, new AtomicInteger());
    }

    /** Once per attempt: the SDK's retries pass here again. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null) {
            attempts.incrementAndGet();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, Outcome.OK);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes, outcome(context.exception()));
    }

    static Outcome outcome(Throwable failure) {
        if (!(failure instanceof AwsServiceException service)) {
            return Outcome.ERROR;
        }
        // an answer without a code (a bare 503, say) has none: Set.of's sets refuse to look up null
        String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
                ? "" : service.awsErrorDetails().errorCode();
        if (service.isThrottlingException()) {
            return Outcome.THROTTLED;
        }
        if (DENIED.contains(code) || service.statusCode() == 403) {
            return Outcome.DENIED;
        }
        if (NOT_FOUND.contains(code) || service.statusCode() == 404) {
            return Outcome.NOT_FOUND;
        }
        return Outcome.ERROR;
    }

    private void record(ExecutionAttributes attributes, Outcome outcome) {
        String service = label(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        String action = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        action = action == null ? "unknown" : action;
        Counter.builder(CALLS)
                .description("AWS API calls, each counted once however many attempts it took, by how it ended")
                .tag("service", service)
                .tag("action", action)
                .tag("outcome", outcome.label())
                .register(registry)
                .increment();
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        Counter retries = Counter.builder(RETRIES)
                .description("Attempts the AWS SDK retried (throttling, server errors, timeouts), beyond each call's first")
                .tag("service", service)
                .tag("action", action)
                .register(registry);
        if (attempts != null && attempts.get() > 1) {
            retries.increment(attempts.get() - 1);
        }
    }

    private static String label(String serviceName) {
        return serviceName == null ? "unknown" : serviceName.toLowerCase(Locale.ROOT);
    }
}
