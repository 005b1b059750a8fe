package dev.eksrole.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.noderole.Partition;

/** The trust an account's access role needs so that eksrole's hub identity can assume it. */
final class AccessTrust {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessTrust() {}

    /** @param hubPrincipal the hub identity, or {@code null} when unknown (a placeholder is shown) */
    static String json(Partition partition, String hubPrincipal, String externalId) {
        ObjectNode statement = JSON.createObjectNode().put("Effect", "Allow");
        statement.putObject("Principal").put("AWS", hubPrincipal == null
                ? "arn:" + partition.id() + ":iam::HUB_ACCOUNT_ID:role/eksrole-hub" : hubPrincipal);
        statement.put("Action", "sts:AssumeRole");
        statement.putObject("Condition").putObject("StringEquals").put("sts:ExternalId", externalId);
        ObjectNode root = JSON.createObjectNode().put("Version", "2012-10-17");
        root.putArray("Statement").add(statement);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return root.toString();
        }
    }
}
