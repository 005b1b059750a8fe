package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeRolePresenceRuleTest {

    @Test
    void anAccountWithoutNodeRolesHasNoNodeRoleNamingThePatterns() {
        NodeRolePresenceRule rule = new NodeRolePresenceRule(new NodeRolePatterns(List.of("k8s-worker")));

        List<RuleResult> results = rule.evaluate(Facts.nodeRoles(Partition.AWS));

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.subject()).isEqualTo(Subject.account());
            assertThat(result.failure()).contains(new Finding.NoNodeRole(List.of("k8s-worker")));
            assertThat(result.statement()).isEqualTo(result.failure().orElseThrow().detail());
        });
    }

    @Test
    void eachNodeRoleFoundPasses() {
        NodeRolePresenceRule rule = new NodeRolePresenceRule(NodeRolePatterns.DEFAULT);

        List<RuleResult> results = rule.evaluate(Facts.nodeRoles(Partition.AWS,
                new NodeRole(Facts.role("blue", "{}"), List.of()), new NodeRole(Facts.role("green", "{}"), List.of())));

        assertThat(results).containsExactly(RuleResult.pass(Subject.role("blue"), "Role exists"),
                RuleResult.pass(Subject.role("green"), "Role exists"));
    }
}
