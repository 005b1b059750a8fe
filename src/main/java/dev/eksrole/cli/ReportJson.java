package dev.eksrole.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.RoleReport;
import dev.eksrole.noderole.RuleResult;
import java.util.List;

/** The {@code check --json} document of the public contract, fields in the documented order. */
public final class ReportJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportJson() {}

    public static ObjectNode toJson(AccountReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("account", report.account().id());
        root.put("name", report.account().name());
        root.put("partition", report.account().partition().id());
        root.put("verdict", report.verdict().name());
        root.set("findings", findings(report.results()));
        ArrayNode roles = root.putArray("roles");
        for (RoleReport role : report.roles()) {
            ObjectNode node = roles.addObject();
            node.put("name", role.name());
            node.put("arn", role.arn());
            node.put("verdict", role.verdict().name());
            node.set("findings", findings(role.results()));
        }
        return root;
    }

    public static String render(AccountReport report) {
        return toJson(report).toString();
    }

    /** The findings among the results: the contract lists what is wrong, not what passed. */
    private static ArrayNode findings(List<RuleResult> results) {
        ArrayNode array = JSON.createArrayNode();
        for (RuleResult result : results) {
            result.failure().ifPresent(finding -> array.addObject()
                    .put("code", finding.code().name())
                    .put("severity", finding.severity().name())
                    .put("detail", finding.detail()));
        }
        return array;
    }
}
