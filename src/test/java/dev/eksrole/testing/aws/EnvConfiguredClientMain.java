package dev.eksrole.testing.aws;

import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Child-process entry point: builds clients from the environment alone (region, keys and
 * {@code AWS_ENDPOINT_URL_IAM} / {@code AWS_ENDPOINT_URL_STS}) and prints what it sees.
 */
final class EnvConfiguredClientMain {

    private EnvConfiguredClientMain() {
    }

    public static void main(String[] args) {
        try (StsClient sts = StsClient.builder().httpClientBuilder(Apache5HttpClient.builder()).build();
             IamClient iam = IamClient.builder().httpClientBuilder(Apache5HttpClient.builder()).build()) {
            String account = sts.getCallerIdentity().account();
            int roles = iam.listRoles().roles().size();
            System.out.println("account=" + account + " roles=" + roles);
        }
    }
}
