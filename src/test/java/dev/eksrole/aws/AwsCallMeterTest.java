package dev.eksrole.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** How a failed AWS call is named in {@code eksrole_aws_calls_total}: the SDK's exceptions as they arrive. */
class AwsCallMeterTest {

    private static AwsServiceException answered(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
    }

    @Test
    void throttlingIsThrottledWhicheverServiceSaysIt() {
        assertThat(AwsCallMeter.outcome(answered(400, "Throttling"))).isEqualTo(AwsCallMeter.Outcome.THROTTLED);
        assertThat(AwsCallMeter.outcome(answered(429, "ThrottlingException"))).isEqualTo(AwsCallMeter.Outcome.THROTTLED);
    }

    @Test
    void refusedIdentityOrPermissionIsDenied() {
        assertThat(AwsCallMeter.outcome(answered(403, "AccessDenied"))).isEqualTo(AwsCallMeter.Outcome.DENIED);
        assertThat(AwsCallMeter.outcome(answered(400, "AccessDeniedException"))).isEqualTo(AwsCallMeter.Outcome.DENIED);
        assertThat(AwsCallMeter.outcome(answered(403, "InvalidClientTokenId"))).isEqualTo(AwsCallMeter.Outcome.DENIED);
        assertThat(AwsCallMeter.outcome(answered(400, "ExpiredToken"))).isEqualTo(AwsCallMeter.Outcome.DENIED);
    }

    @Test
    void anAbsentThingIsNotFoundNotAnError() {
        assertThat(AwsCallMeter.outcome(answered(404, "NoSuchEntity"))).isEqualTo(AwsCallMeter.Outcome.NOT_FOUND);
        assertThat(AwsCallMeter.outcome(answered(404, "ResourceNotFoundException"))).isEqualTo(AwsCallMeter.Outcome.NOT_FOUND);
    }

    @Test
    void everythingElseIsAnError() {
        assertThat(AwsCallMeter.outcome(answered(500, "InternalFailure"))).isEqualTo(AwsCallMeter.Outcome.ERROR);
        assertThat(AwsCallMeter.outcome(answered(400, "MalformedPolicyDocument"))).isEqualTo(AwsCallMeter.Outcome.ERROR);
        assertThat(AwsCallMeter.outcome(SdkClientException.create("connection refused"))).isEqualTo(AwsCallMeter.Outcome.ERROR);
        assertThat(AwsCallMeter.outcome(ApiCallTimeoutException.create(1000))).isEqualTo(AwsCallMeter.Outcome.ERROR);
    }

    @Test
    void anAnswerWithoutAnErrorCodeIsNamedByItsStatus() {
        assertThat(AwsCallMeter.outcome(answered(503, null))).isEqualTo(AwsCallMeter.Outcome.ERROR);
        assertThat(AwsCallMeter.outcome(answered(403, null))).isEqualTo(AwsCallMeter.Outcome.DENIED);
        assertThat(AwsCallMeter.outcome(answered(404, null))).isEqualTo(AwsCallMeter.Outcome.NOT_FOUND);
        assertThat(AwsCallMeter.outcome(AwsServiceException.builder().statusCode(500).build())).isEqualTo(AwsCallMeter.Outcome.ERROR);
    }
}
