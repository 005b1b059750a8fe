package dev.eksrole.noderole;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Trust documents the node-role tests share, written as a person or IAM would write them. */
final class TrustDocuments {

    static final String OIDC_PROVIDER_ARN =
            "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
    static final String OIDC_SUB_KEY = "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub";
    static final String AWS_NODE_SUBJECT = "system:serviceaccount:kube-system:aws-node";

    private TrustDocuments() {}

    /** The trust of the AWS procedure, pretty-printed as in the documentation. */
    static String documented(Partition partition) {
        return """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Effect": "Allow",
                      "Principal": {
                        "Service": "%s"
                      },
                      "Action": "sts:AssumeRole"
                    }
                  ]
                }
                """.formatted(partition.ec2ServicePrincipal());
    }

    /** A trust with the documented Version and these statements, each a JSON object. */
    static String withStatements(String... statements) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(",", statements) + "]}";
    }

    static String ec2Allow(Partition partition) {
        return "{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"" + partition.ec2ServicePrincipal()
                + "\"}, \"Action\": \"sts:AssumeRole\"}";
    }

    /** A trust for an IRSA role: the EKS OIDC provider, with the given subject condition. */
    static String irsa(String effect, String operator, String subject) {
        return withStatements(irsaStatement(effect, operator, subject));
    }

    /** The one statement of {@link #irsa}. */
    static String irsaStatement(String effect, String operator, String subject) {
        return """
                {
                  "Effect": "%s",
                  "Principal": {"Federated": "%s"},
                  "Action": "sts:AssumeRoleWithWebIdentity",
                  "Condition": {
                    "%s": {
                      "%s": "%s",
                      "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com"
                    }
                  }
                }
                """.formatted(effect, OIDC_PROVIDER_ARN, operator, OIDC_SUB_KEY, subject);
    }

    static String irsaForAwsNode() {
        return irsa("Allow", "StringEquals", AWS_NODE_SUBJECT);
    }

    /** A trust for an EKS Pod Identity role. */
    static String podIdentity(String effect) {
        return withStatements("""
                {
                  "Effect": "%s",
                  "Principal": {"Service": "pods.eks.amazonaws.com"},
                  "Action": ["sts:AssumeRole", "sts:TagSession"]
                }
                """.formatted(effect));
    }

    /** The document as IAM returns it: percent-encoded, spaces as {@code %20}. */
    static String urlEncoded(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
