package dev.eksrole.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.aws.CloudFormationTemplate.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code config/iam/hub-role.cfn.yaml}, the hub identity's role: its trust for each kind is the
 * shipped JSON template filled in, its policy is the shipped generic hub policy, and it hard-codes no
 * account or partition.
 */
class HubRoleTemplateTest {

    private static final Path DIR = Path.of("config/iam");
    private static final Path TEMPLATE = DIR.resolve("hub-role.cfn.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB = "999999999999";
    private static final String OIDC = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

    private static JsonNode template() throws IOException {
        return CloudFormationTemplate.read(TEMPLATE);
    }

    private static JsonNode role(Deployment deployment) {
        return deployment.evaluate(deployment.template().path("Resources").path("HubRole"));
    }

    /** The shipped JSON template with its placeholders filled in. */
    private static JsonNode shipped(String file, Map<String, String> placeholders) throws IOException {
        String text = Files.readString(DIR.resolve(file));
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            text = text.replace(placeholder.getKey(), placeholder.getValue());
        }
        assertThat(text).as("every placeholder filled").doesNotContainPattern("[A-Z]{2,}_[A-Z_]+");
        return JSON.readTree(text);
    }

    @Test
    void theTemplateTakesTheTrustKindAndItsSettings() throws IOException {
        JsonNode template = template();

        assertThat(template.path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        List<String> parameters = new ArrayList<>();
        template.path("Parameters").fieldNames().forEachRemaining(parameters::add);
        assertThat(parameters).containsExactlyInAnyOrder("TrustKind", "RoleName", "AccessRoleName", "OidcProvider",
                "ServiceAccountNamespace", "ServiceAccountName");
        assertThat(template.path("Parameters").path("TrustKind").path("AllowedValues")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("PodIdentity", "IRSA", "EC2");
        assertThat(template.path("Parameters").path("AccessRoleName").path("Default").asText()).isEqualTo("EksRoleAccess");
        assertThat(template.path("Rules").path("IrsaNeedsTheOidcProvider").path("Assertions")).hasSize(1);
        assertThat(Pattern.compile(template.path("Parameters").path("OidcProvider").path("AllowedPattern").asText())
                .matcher(OIDC).matches()).isTrue();
        assertThat(Pattern.compile(template.path("Parameters").path("OidcProvider").path("AllowedPattern").asText())
                .matcher("https://" + OIDC).matches()).as("without https://").isFalse();
    }

    @Test
    void irsaTrustsTheServiceAccountThroughTheOidcProviderAsTheShippedTemplateSays() throws IOException {
        for (String partition : List.of("aws", "aws-cn", "aws-us-gov")) {
            Deployment irsa = Deployment.of(template(), Map.of("TrustKind", "IRSA", "OidcProvider", OIDC,
                    "ServiceAccountNamespace", "platform", "ServiceAccountName", "eksrole-bot"), partition, HUB);

            JsonNode trust = role(irsa).path("Properties").path("AssumeRolePolicyDocument");

            assertThat(trust.isTextual()).as("a JSON string, since its condition keys hold the issuer").isTrue();
            assertThat(JSON.readTree(trust.asText())).as(partition).isEqualTo(shipped("hub-role-trust-irsa.json", Map.of(
                    "arn:aws:", "arn:" + partition + ":", "HUB_ACCOUNT_ID", HUB, "OIDC_PROVIDER", OIDC,
                    "NAMESPACE", "platform", "SERVICE_ACCOUNT", "eksrole-bot")));
        }
    }

    @Test
    void podIdentityTrustsTheEksPodsServiceAsTheShippedTemplateSays() throws IOException {
        Deployment pods = Deployment.of(template(), Map.of("TrustKind", "PodIdentity"), "aws", HUB);

        assertThat(role(pods).path("Properties").path("AssumeRolePolicyDocument")).isEqualTo(shipped("hub-role-trust-pod-identity.json", Map.of()));
        assertThat(pods.created(pods.template().path("Resources").path("InstanceProfile"))).isFalse();
    }

    @Test
    void ec2TrustsThePartitionsEc2PrincipalAndGetsAnInstanceProfile() throws IOException {
        for (String partition : List.of("aws", "aws-cn", "aws-us-gov")) {
            Deployment ec2 = Deployment.of(template(), Map.of("TrustKind", "EC2"), partition, HUB);
            String service = partition.equals("aws-cn") ? "ec2.amazonaws.com.cn" : "ec2.amazonaws.com";

            assertThat(role(ec2).path("Properties").path("AssumeRolePolicyDocument")).as(partition)
                    .isEqualTo(shipped("hub-role-trust-ec2.json", Map.of("ec2.amazonaws.com", service)));
            JsonNode profile = ec2.template().path("Resources").path("InstanceProfile");
            assertThat(ec2.created(profile)).isTrue();
            assertThat(ec2.evaluate(profile).path("Properties").path("Roles").get(0))
                    .isEqualTo(JSON.readTree("{\"Ref\": \"HubRole\"}"));
        }
    }

    @Test
    void theRolesPolicyIsTheShippedGenericHubPolicyForTheAccessRolesName() throws IOException {
        Deployment deployment = Deployment.of(template(), Map.of(), "aws", HUB);
        JsonNode policies = role(deployment).path("Properties").path("Policies");

        assertThat(policies).hasSize(1);
        assertThat(policies.get(0).path("PolicyDocument")).isEqualTo(JSON.readTree(DIR.resolve("hub-policy.json").toFile()));

        Deployment renamed = Deployment.of(template(), Map.of("AccessRoleName", "PlatformAudit"), "aws", HUB);
        assertThat(role(renamed).path("Properties").path("Policies").get(0).path("PolicyDocument").toString())
                .contains("arn:*:iam::*:role/PlatformAudit", "arn:*:iam::*:role/*/PlatformAudit").doesNotContain("EksRoleAccess");
    }

    @Test
    void theTemplateHardCodesNoAccountOrPartitionAndOutputsTheRoleArn() throws IOException {
        String text = Files.readString(TEMPLATE);

        assertThat(Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])").matcher(text).find()).as("an account id").isFalse();
        assertThat(text).doesNotContain("arn:aws:", "arn:aws-cn:", "arn:aws-us-gov:");
        assertThat(template().path("Outputs").path("RoleArn").path("Value"))
                .isEqualTo(JSON.readTree("{\"Fn::GetAtt\": [\"HubRole\", \"Arn\"]}"));
        assertThat(template().path("Resources").path("HubRole").path("Properties").path("RoleName"))
                .isEqualTo(JSON.readTree("{\"Ref\": \"RoleName\"}"));
    }
}
