package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What one rule concluded about one subject: a pass, or a finding. Either way it carries the one line a
 * message shows for it ("AmazonEKSWorkerNodePolicy attached", "AmazonEKSWorkerNodePolicy is not
 * attached"), so that messages list results instead of knowing the rules.
 */
public sealed interface RuleResult {

    Subject subject();

    /** The line that states the result, as plain words; a message adds the mark, and the next step of a finding. */
    String statement();

    /** The finding when the rule failed; empty when it passed. */
    Optional<Finding> failure();

    default Severity severity() {
        return failure().map(Finding::severity).orElse(Severity.OK);
    }

    static RuleResult pass(Subject subject, String statement) {
        return new Pass(subject, statement);
    }

    static RuleResult fail(Subject subject, Finding finding, String statement) {
        return new Fail(subject, finding, statement);
    }

    /** The rule holds for the subject. */
    record Pass(Subject subject, String statement) implements RuleResult {
        public Pass {
            requireNonNull(subject, "subject");
            requireNonNull(statement, "statement");
        }

        @Override
        public Optional<Finding> failure() {
            return Optional.empty();
        }
    }

    /** The rule does not hold for the subject: the finding says what is wrong and what to do. */
    record Fail(Subject subject, Finding finding, String statement) implements RuleResult {
        public Fail {
            requireNonNull(subject, "subject");
            requireNonNull(finding, "finding");
            requireNonNull(statement, "statement");
        }

        @Override
        public Optional<Finding> failure() {
            return Optional.of(finding);
        }
    }
}
