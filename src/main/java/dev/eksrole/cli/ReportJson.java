package dev.eksrole.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.RoleReport;
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
        root.set("findings", findings(report.findings()));
        ArrayNode roles = root.putArray("roles");
        for (RoleReport role : report.roles()) {
            ObjectNode node = roles.addObject();
            node.put("name", role.name());
            node.put("arn", role.arn());
            node.put("verdict", role.verdict().name());
            node.set("findings", findings(role.findings()));
        }
        return root;
    }

    public static String render(AccountReport report) {
        return toJson(report).toString();
    }

    private static ArrayNode findings(List<Finding> findings) {
        ArrayNode array = JSON.createArrayNode();
        for (Finding finding : findings) {
            array.addObject()
                    .put("code", finding.code().name())
                    .put("severity", finding.severity().name())
                    .put("detail", finding.detail());
        }
        return array;
    }
}
