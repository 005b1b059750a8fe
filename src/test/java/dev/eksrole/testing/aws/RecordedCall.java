package dev.eksrole.testing.aws;

import java.time.Instant;
import java.util.Map;

/**
 * One request the fake answered.
 *
 * @param service       {@code iam}, {@code sts}, {@code eks} or {@code sso}
 * @param action        the Query {@code Action}, or the operation an EKS method and path name
 *                      ({@code ListNodegroups}); {@code null} if the request named none
 * @param accessKeyId   the access key from the SigV4 credential scope, {@code null} if unsigned
 * @param accountId     the account the caller acts in, {@code null} if the caller was not identified
 * @param parameters    the request parameters other than {@code Action} and {@code Version}, in request order;
 *                      for EKS the path, query and body members under the SDK's names ({@code clusterName},
 *                      {@code principalArn}, {@code maxResults}, {@code nextToken}, {@code type}...)
 * @param status        the HTTP status answered
 * @param errorCode     the AWS error code answered, {@code null} on success
 * @param signingRegion the region from the SigV4 credential scope, {@code null} if unsigned
 * @param at            when the request arrived
 */
public record RecordedCall(
        String service,
        String action,
        String accessKeyId,
        String accountId,
        Map<String, String> parameters,
        int status,
        String errorCode,
        String signingRegion,
        Instant at) {

    public boolean succeeded() {
        return errorCode == null;
    }

    public String parameter(String name) {
        return parameters.get(name);
    }
}
