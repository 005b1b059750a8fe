package dev.eksrole.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.ClusterReport;
import dev.eksrole.noderole.RoleReport;
import dev.eksrole.noderole.RuleResult;
import dev.eksrole.noderole.Subject;
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
        ArrayNode regions = root.putArray("regions");
        report.regions().forEach(regions::add);
        ArrayNode clusters = root.putArray("clusters");
        for (ClusterReport cluster : report.clusters()) {
            ObjectNode node = clusters.addObject();
            node.put("name", cluster.name());
            node.put("region", cluster.region());
            node.put("authenticationMode", cluster.authenticationMode());
            node.put("autoMode", cluster.autoMode());
            node.put("verdict", cluster.verdict().name());
            ArrayNode nodegroups = node.putArray("nodegroups");
            cluster.nodegroups().forEach(ng -> nodegroups.addObject().put("name", ng.name()).put("role", ng.role()));
            ArrayNode found = node.putArray("findings");
            for (RuleResult result : cluster.results()) {
                Subject.Cluster about = (Subject.Cluster) result.subject();
                result.failure().ifPresent(finding -> found.addObject()
                        .put("code", finding.code().name())
                        .put("severity", finding.severity().name())
                        .put("detail", finding.detail())
                        .put("role", about.role())
                        .put("nodegroup", about.nodegroup()));
            }
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
