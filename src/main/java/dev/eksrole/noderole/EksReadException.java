package dev.eksrole.noderole;

/** An EKS read failed after the SDK's retries, or answered with something that is not its answer. */
public final class EksReadException extends RuntimeException {

    /** EKS's code for a cluster, node group or access entry that does not exist. */
    public static final String NOT_FOUND = "ResourceNotFoundException";

    private final String action;
    private final String errorCode;
    private final String errorMessage;
    private final String region;
    private final String cluster;

    /** @param cluster the cluster the call was about, or {@code null} for ListClusters */
    public EksReadException(String action, String errorCode, String errorMessage, String region, String cluster, Throwable cause) {
        super("eks:" + action + " failed in " + region + (cluster == null ? "" : " for " + cluster) + ": " + errorCode
                + (errorMessage == null ? "" : " (" + errorMessage + ")"), cause);
        this.action = action;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.region = region;
        this.cluster = cluster;
    }

    /** EKS says what was asked for does not exist: what another call just named, if it came from a listing. */
    public boolean notFound() {
        return NOT_FOUND.equals(errorCode);
    }

    public ClusterFindings.EksReadFailed finding() {
        return new ClusterFindings.EksReadFailed(action, errorCode, errorMessage, region, cluster);
    }
}
