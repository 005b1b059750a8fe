package dev.eksrole.aws;

import dev.eksrole.noderole.Partition;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.regions.Region;

/**
 * Which region a client of each partition uses. Endpoints themselves are left to the SDK, so that
 * {@code AWS_ENDPOINT_URL_IAM}, {@code AWS_ENDPOINT_URL_STS} and profile settings keep working.
 */
final class PartitionEndpoints {

    private PartitionEndpoints() {}

    /**
     * IAM is a global service: one endpoint per partition, signed for a real region of it. The SDK's
     * endpoint rules send these to iam.amazonaws.com, iam.cn-north-1.amazonaws.com.cn and
     * iam.us-gov.amazonaws.com, as for the pseudo regions {@code aws-global} and friends; but with an
     * endpoint override ({@code AWS_ENDPOINT_URL_IAM}: VPC endpoints, emulators) the SDK signs for the
     * client's region as given, and a pseudo region there is one no endpoint accepts (an emulator that
     * reads the partition from the region would even answer from the wrong partition).
     */
    static Region iamRegion(Partition partition) {
        return switch (partition) {
            case AWS -> Region.US_EAST_1;
            case AWS_CN -> Region.CN_NORTH_1;
            case AWS_US_GOV -> Region.US_GOV_WEST_1;
        };
    }

    /**
     * STS is regional: the configured region ({@code AWS_REGION}) when it lies in the account's
     * partition, otherwise the partition's first region.
     */
    static Region stsRegion(Partition partition) {
        String configured = SdkSystemSetting.AWS_REGION.getStringValue().orElse(null);
        if (configured != null && partitionOf(configured) == partition) {
            return Region.of(configured);
        }
        return switch (partition) {
            case AWS -> Region.US_EAST_1;
            case AWS_CN -> Region.CN_NORTH_1;
            case AWS_US_GOV -> Region.US_GOV_WEST_1;
        };
    }

    /** The partition of {@code AWS_REGION}, or aws when it is not set. */
    static Partition configuredPartition() {
        return SdkSystemSetting.AWS_REGION.getStringValue().map(PartitionEndpoints::partitionOf).orElse(Partition.AWS);
    }

    static Partition partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return Partition.AWS_CN;
        }
        if (region.startsWith("us-gov-")) {
            return Partition.AWS_US_GOV;
        }
        return Partition.AWS;
    }
}
