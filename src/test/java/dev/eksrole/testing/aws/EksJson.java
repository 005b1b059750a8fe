package dev.eksrole.testing.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes EKS answers with: {@code Cluster}, {@code Nodegroup}, {@code AccessEntry} and
 * {@code AssociatedAccessPolicy}. Timestamps are epoch seconds with milliseconds, as in EKS's answers.
 */
final class EksJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private EksJson() {
    }

    static ObjectNode cluster(FakeCluster c) {
        synchronized (c) {
            ObjectNode out = MAPPER.createObjectNode();
            String id = Integer.toHexString(c.arn().hashCode() | 0x10000000);
            out.put("name", c.name())
                    .put("arn", c.arn())
                    .put("createdAt", time(c.createdAt()))
                    .put("version", c.version())
                    .put("endpoint", c.endpoint())
                    .put("roleArn", c.roleArn());
            ObjectNode vpc = out.putObject("resourcesVpcConfig");
            strings(vpc.putArray("subnetIds"), List.of("subnet-0a" + id, "subnet-0b" + id));
            vpc.putArray("securityGroupIds");
            vpc.put("clusterSecurityGroupId", "sg-0c" + id)
                    .put("vpcId", "vpc-0d" + id)
                    .put("endpointPublicAccess", true)
                    .put("endpointPrivateAccess", true);
            strings(vpc.putArray("publicAccessCidrs"), List.of("0.0.0.0/0"));
            ObjectNode network = out.putObject("kubernetesNetworkConfig")
                    .put("serviceIpv4Cidr", "10.100.0.0/16")
                    .put("ipFamily", "ipv4");
            FakeCluster.ComputeConfig compute = c.computeConfig();
            if (compute != null) {
                network.putObject("elasticLoadBalancing").put("enabled", compute.enabled());
            }
            ObjectNode logging = out.putObject("logging").putArray("clusterLogging").addObject();
            strings(logging.putArray("types"), List.of("api", "audit", "authenticator", "controllerManager", "scheduler"));
            logging.put("enabled", false);
            out.putObject("identity").putObject("oidc").put("issuer", c.oidcIssuer());
            out.put("status", c.status());
            out.putObject("certificateAuthority").put("data", Base64.getEncoder().encodeToString(
                    ("-----BEGIN CERTIFICATE-----\n" + id + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII)));
            out.put("platformVersion", "eks.8");
            out.putObject("tags");
            out.putObject("health").putArray("issues");
            out.putObject("accessConfig")
                    .put("bootstrapClusterCreatorAdminPermissions", true)
                    .put("authenticationMode", c.authenticationMode());
            out.putObject("upgradePolicy").put("supportType", "STANDARD");
            if (compute != null) {
                ObjectNode config = out.putObject("computeConfig").put("enabled", compute.enabled());
                if (compute.enabled()) {
                    strings(config.putArray("nodePools"), compute.nodePools());
                }
                if (compute.nodeRoleArn() != null) {
                    config.put("nodeRoleArn", compute.nodeRoleArn());
                }
                out.putObject("storageConfig").putObject("blockStorage").put("enabled", compute.enabled());
            }
            return out;
        }
    }

    static ObjectNode nodegroup(FakeCluster.Nodegroup ng) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("nodegroupName", ng.name())
                .put("nodegroupArn", ng.arn())
                .put("clusterName", ng.clusterName())
                .put("version", ng.version());
        if (ng.releaseVersion() != null) {
            out.put("releaseVersion", ng.releaseVersion());
        }
        out.put("createdAt", time(ng.createdAt()))
                .put("modifiedAt", time(ng.modifiedAt()))
                .put("status", ng.status())
                .put("capacityType", "ON_DEMAND");
        out.putObject("scalingConfig").put("minSize", 1).put("maxSize", 3).put("desiredSize", 2);
        strings(out.putArray("instanceTypes"), ng.instanceTypes());
        strings(out.putArray("subnets"), List.of("subnet-0a" + Integer.toHexString(ng.arn().hashCode() | 0x10000000)));
        out.put("amiType", ng.amiType()).put("nodeRole", ng.nodeRole());
        out.putObject("labels");
        out.putObject("resources").putArray("autoScalingGroups").addObject().put("name", ng.autoScalingGroup());
        out.put("diskSize", 20);
        ArrayNode issues = out.putObject("health").putArray("issues");
        for (FakeCluster.HealthIssue issue : ng.issues()) {
            ObjectNode i = issues.addObject().put("code", issue.code());
            if (issue.message() != null) {
                i.put("message", issue.message());
            }
            strings(i.putArray("resourceIds"), issue.resourceIds());
        }
        out.putObject("updateConfig").put("maxUnavailable", 1);
        out.putObject("tags");
        return out;
    }

    static ObjectNode accessEntry(String clusterName, FakeCluster.AccessEntry e) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("clusterName", clusterName).put("principalArn", e.principalArn());
        strings(out.putArray("kubernetesGroups"), e.kubernetesGroups());
        out.put("accessEntryArn", e.arn())
                .put("createdAt", time(e.createdAt()))
                .put("modifiedAt", time(e.modifiedAt()));
        ObjectNode tags = out.putObject("tags");
        e.tags().forEach(tags::put);
        out.put("username", e.username()).put("type", e.type());
        return out;
    }

    static ObjectNode accessPolicy(FakeCluster.AccessPolicy p) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("policyArn", p.policyArn());
        ObjectNode scope = out.putObject("accessScope").put("type", p.scopeType());
        strings(scope.putArray("namespaces"), p.namespaces());
        out.put("associatedAt", time(p.associatedAt())).put("modifiedAt", time(p.modifiedAt()));
        return out;
    }

    /** Written with {@link #MAPPER}, so times stay plain decimals ({@code 1767225600.123}). */
    static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static BigDecimal time(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    static Map<String, String> tags(com.fasterxml.jackson.databind.JsonNode node) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
