package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleBookTest {

    private static final Rule ROLE_PASSES = facts -> facts.iam().nodeRoles().stream()
            .map(role -> RuleResult.pass(role.subject(), "fine")).toList();
    private static final Rule ACCOUNT_FAILS = facts -> List.of(
            RuleResult.fail(Subject.account(), new Finding.ReadingInconsistent("odd"), "odd"));
    private static final Finding MISSING_WORKER = new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE,
            ManagedPolicy.WORKER_NODE.arn(Partition.AWS));
    private static final Rule ROLE_FAILS = facts -> facts.iam().nodeRoles().stream()
            .map(role -> RuleResult.fail(role.subject(), MISSING_WORKER, "missing")).toList();

    private static final NodeRole BLUE = new NodeRole(Facts.role("blue", "{\"blue\": 1}"), List.of("arn:aws:iam::aws:policy/X"));
    private static final NodeRole GREEN = new NodeRole(Facts.role("green", "{}"), List.of());

    @Test
    void eachRolesReportHasItsFactsAndItsResultsInTheRulesOrder() {
        AccountReport report = new RuleBook(List.of(ROLE_FAILS, ROLE_PASSES)).report(Facts.nodeRoles(Partition.AWS, BLUE, GREEN));

        assertThat(report.results()).isEmpty();
        assertThat(report.roles()).extracting(RoleReport::name).containsExactly("blue", "green");
        RoleReport blue = report.roles().get(0);
        assertThat(blue.arn()).isEqualTo(BLUE.role().arn());
        assertThat(blue.attachedPolicyArns()).isEqualTo(BLUE.attachedPolicyArns());
        assertThat(blue.trustDocument()).isEqualTo("{\"blue\": 1}");
        assertThat(blue.results()).extracting(RuleResult::statement).containsExactly("missing", "fine");
        assertThat(blue.findings()).containsExactly(MISSING_WORKER);
        assertThat(blue.verdict()).isEqualTo(Severity.NEEDS_FIX);
    }

    @Test
    void resultsAboutTheAccountAreItsOwn() {
        AccountReport report = new RuleBook(List.of(ROLE_PASSES, ACCOUNT_FAILS)).report(Facts.nodeRoles(Partition.AWS, BLUE));

        assertThat(report.findings()).containsExactly(new Finding.ReadingInconsistent("odd"));
        assertThat(report.roles()).singleElement().satisfies(role -> assertThat(role.findings()).isEmpty());
        assertThat(report.verdict()).isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void aResultAboutASubjectTheFactsDoNotHaveIsRefusedRatherThanLost() {
        Rule stray = facts -> List.of(RuleResult.pass(Subject.role("nobody"), "fine"));

        assertThatThrownBy(() -> new RuleBook(List.of(stray)).report(Facts.nodeRoles(Partition.AWS, BLUE)))
                .isInstanceOf(IllegalStateException.class);
    }
}
