package dev.eksrole.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.noderole.Partition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.endpoints.AwsEndpointAttribute;
import software.amazon.awssdk.awscore.endpoints.authscheme.SigV4AuthScheme;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.iam.endpoints.IamEndpointParams;
import software.amazon.awssdk.services.iam.endpoints.IamEndpointProvider;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointParams;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointProvider;

/**
 * The regions eksrole gives its clients, through the SDK's own endpoint rules: real IAM and STS
 * endpoints of each partition, signed for the region AWS expects there.
 */
class PartitionEndpointsTest {

    @ParameterizedTest
    @CsvSource({
        "AWS, https://iam.amazonaws.com, us-east-1",
        "AWS_CN, https://iam.cn-north-1.amazonaws.com.cn, cn-north-1",
        "AWS_US_GOV, https://iam.us-gov.amazonaws.com, us-gov-west-1"})
    void iamIsSignedForARealRegionAndStillReachesThePartitionsGlobalEndpoint(Partition partition, String url, String signingRegion) {
        Endpoint endpoint = IamEndpointProvider.defaultProvider()
                .resolveEndpoint(IamEndpointParams.builder().region(PartitionEndpoints.iamRegion(partition)).build()).join();

        assertThat(PartitionEndpoints.iamRegion(partition).id()).isEqualTo(signingRegion);
        assertThat(endpoint.url()).hasToString(url);
        assertThat(endpoint.attribute(AwsEndpointAttribute.AUTH_SCHEMES)).singleElement()
                .satisfies(scheme -> assertThat(((SigV4AuthScheme) scheme).signingRegion()).isEqualTo(signingRegion));
    }

    @ParameterizedTest
    @CsvSource({
        "AWS, https://sts.us-east-1.amazonaws.com",
        "AWS_CN, https://sts.cn-north-1.amazonaws.com.cn",
        "AWS_US_GOV, https://sts.us-gov-west-1.amazonaws.com"})
    void stsUsesTheRegionalEndpointOfThePartition(Partition partition, String url) {
        Endpoint endpoint = StsEndpointProvider.defaultProvider()
                .resolveEndpoint(StsEndpointParams.builder().region(PartitionEndpoints.stsRegion(partition)).build()).join();

        assertThat(endpoint.url()).hasToString(url);
    }
}
