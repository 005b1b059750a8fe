package dev.eksrole.noderole;

import dev.eksrole.noderole.TrustPolicy.Effect;
import dev.eksrole.noderole.TrustPolicy.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rule 5: the trust must be, in meaning, the documented one: one statement that allows the
 * partition's EC2 service principal to call {@code sts:AssumeRole}. A trust that keeps EC2 out needs a
 * fix; one that lets EC2 in but also something else deserves a look.
 */
public final class TrustPolicyRule implements Rule {

    static final String AS_DOCUMENTED = "Trust lets EC2 assume the role, as documented";
    private static final String ASSUME_ROLE = "sts:AssumeRole";

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        return facts.iam().nodeRoles().stream()
                .map(role -> evaluate(role.role().trustDocument(), facts.partition())
                        .map(finding -> RuleResult.fail(role.subject(), finding, "Trust: " + finding.detail()))
                        .orElseGet(() -> RuleResult.pass(role.subject(), AS_DOCUMENTED)))
                .toList();
    }

    /**
     * One trust document judged as the rule judges a node role's: the finding, or empty when it is the
     * documented trust in meaning. A fix uses it too, on a role it finds already there.
     */
    public Optional<Finding> evaluate(String trustDocument, Partition partition) {
        Optional<TrustPolicy> parsed = TrustPolicy.parse(trustDocument);
        if (parsed.isEmpty()) {
            return Optional.of(new Finding.TrustDoesNotAllowEc2(
                    "the trust policy is missing or is not a policy document", TrustPolicy.prettyDocument(trustDocument)));
        }
        TrustPolicy trust = parsed.get();
        String ec2 = partition.ec2ServicePrincipal();

        List<Statement> denies = trust.statements().stream()
                .filter(s -> s.effect() == Effect.DENY && s.namesPrincipal("Service", ec2) && s.coversAction(ASSUME_ROLE))
                .toList();
        if (!denies.isEmpty()) {
            return Optional.of(new Finding.TrustDoesNotAllowEc2(
                    "a Deny statement keeps " + ec2 + " from sts:AssumeRole", TrustPolicy.prettyStatements(denies)));
        }
        boolean allowed = trust.statements().stream()
                .anyMatch(s -> s.effect() == Effect.ALLOW && s.namesPrincipal("Service", ec2) && s.coversAction(ASSUME_ROLE));
        if (!allowed) {
            return Optional.of(new Finding.TrustDoesNotAllowEc2(whyNotAllowed(trust, partition),
                    TrustPolicy.prettyStatements(trust.statements())));
        }

        List<String> differences = new ArrayList<>();
        if (!TrustPolicy.DOCUMENTED_VERSION.equals(trust.version())) {
            differences.add(trust.version() == null
                    ? "no Version (documented: " + TrustPolicy.DOCUMENTED_VERSION + ")"
                    : "Version " + trust.version() + " (documented: " + TrustPolicy.DOCUMENTED_VERSION + ")");
        }
        List<Statement> extra = new ArrayList<>();
        Statement main = null;
        for (Statement statement : trust.statements()) {
            if (main == null && statement.effect() == Effect.ALLOW && statement.namesPrincipal("Service", ec2)
                    && statement.coversAction(ASSUME_ROLE)) {
                main = statement;
            } else {
                extra.add(statement);
            }
        }
        differences.addAll(differencesOf(main, ec2));
        if (!extra.isEmpty()) {
            differences.add(extra.size() + " extra statement" + (extra.size() == 1 ? "" : "s"));
        }
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        List<Statement> shown = new ArrayList<>();
        if (!differencesOf(main, ec2).isEmpty()) {
            shown.add(main);
        }
        shown.addAll(extra);
        String offending = shown.isEmpty() ? TrustPolicy.prettyDocument(trustDocument) : TrustPolicy.prettyStatements(shown);
        return Optional.of(new Finding.TrustNotExact(differences, offending));
    }

    private static List<String> differencesOf(Statement statement, String ec2) {
        List<String> differences = new ArrayList<>();
        if (statement.negatedPrincipal()) {
            differences.add("NotPrincipal instead of Principal");
        }
        for (Map.Entry<String, Set<String>> entry : statement.principals().entrySet()) {
            for (String value : new TreeSet<>(entry.getValue())) {
                if (!(entry.getKey().equals("Service") && value.equals(ec2))) {
                    differences.add("extra principal " + entry.getKey() + " " + value
                            + (value.equals("*") ? " (anyone may assume the role)" : ""));
                }
            }
        }
        if (statement.negatedAction()) {
            differences.add("NotAction " + String.join(", ", new TreeSet<>(statement.actions()))
                    + " instead of Action sts:AssumeRole (allows every other action)");
        } else {
            for (String action : new TreeSet<>(statement.actions())) {
                if (!action.equalsIgnoreCase(ASSUME_ROLE)) {
                    differences.add("extra action " + action);
                }
            }
        }
        for (Map.Entry<String, Map<String, Set<String>>> operator : statement.conditions().entrySet()) {
            for (String key : new TreeSet<>(operator.getValue().keySet())) {
                differences.add("condition " + operator.getKey() + " " + key);
            }
        }
        return differences;
    }

    private static String whyNotAllowed(TrustPolicy trust, Partition partition) {
        String ec2 = partition.ec2ServicePrincipal();
        List<Statement> allows = trust.statements().stream().filter(s -> s.effect() == Effect.ALLOW).toList();
        if (allows.isEmpty()) {
            return "no Allow statement";
        }
        boolean ec2Named = allows.stream().anyMatch(s -> s.namesPrincipal("Service", ec2));
        if (ec2Named) {
            return ec2 + " is trusted, but not for sts:AssumeRole";
        }
        if (allows.stream().anyMatch(TrustPolicy.Statement::negatedPrincipal)) {
            return "NotPrincipal leaves out " + ec2;
        }
        Set<String> services = new TreeSet<>();
        allows.forEach(s -> services.addAll(s.principalValues("Service")));
        if (partition == Partition.AWS_CN && services.contains(Partition.AWS.ec2ServicePrincipal())) {
            return "trusts ec2.amazonaws.com, but in aws-cn EC2 is ec2.amazonaws.com.cn";
        }
        if (partition != Partition.AWS_CN && services.contains(Partition.AWS_CN.ec2ServicePrincipal())) {
            return "trusts ec2.amazonaws.com.cn, but in " + partition.id() + " EC2 is " + ec2;
        }
        return "no Allow statement for " + ec2 + " (principal "
                + (services.isEmpty() ? "not a service" : String.join(", ", services)) + ")";
    }
}
