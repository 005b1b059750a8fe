package dev.eksrole.watch;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.RoleReport;
import dev.eksrole.noderole.RuleResult;
import dev.eksrole.noderole.Severity;
import dev.eksrole.noderole.Subject;
import java.util.ArrayList;
import java.util.List;

/**
 * A finding as the watch remembers it between rounds: its code, what it is about, its detail and severity. Two rounds'
 * findings are the same when code, subject and detail are; the subject is kept as its record's text, so a new kind of
 * subject is compared without a change here.
 *
 * @param subject what the finding is about, e.g. {@code AccountWide[]} or {@code Role[name=NodeInstanceRole]}
 */
public record ObservedFinding(String code, String subject, String detail, Severity severity) {

    public ObservedFinding {
        requireNonNull(code, "code");
        requireNonNull(subject, "subject");
        requireNonNull(detail, "detail");
        requireNonNull(severity, "severity");
    }

    /** Whether this is the same finding as {@code other}: the severity follows from the code. */
    public boolean sameAs(ObservedFinding other) {
        return code.equals(other.code) && subject.equals(other.subject) && detail.equals(other.detail);
    }

    /** Every finding of a report: the account's own, then each role's, each with the subject its rule named. */
    public static List<ObservedFinding> of(AccountReport report) {
        List<RuleResult> results = new ArrayList<>(report.results());
        for (RoleReport role : report.roles()) {
            results.addAll(role.results());
        }
        report.clusters().forEach(cluster -> results.addAll(cluster.results()));
        List<ObservedFinding> findings = new ArrayList<>();
        for (RuleResult result : results) {
            result.failure().ifPresent(finding -> findings.add(new ObservedFinding(finding.code().name(),
                    result.subject().toString(), String.valueOf(finding.detail()), finding.severity())));
        }
        return List.copyOf(findings);
    }

    /** {@code MISSING_POLICY AmazonEC2ContainerRegistryReadOnly on role NodeInstanceRole}, for a post's summary. */
    public String describe() {
        String on = subject.equals(new Subject.AccountWide().toString()) ? "" : " on " + readable(subject);
        return code + (detail.isEmpty() ? "" : " " + detail) + on;
    }

    /** {@code Role[name=X]} as {@code role X}; other subjects as their record text without the brackets' noise. */
    private static String readable(String subject) {
        int open = subject.indexOf('[');
        if (open < 0 || !subject.endsWith("]")) {
            return subject;
        }
        String kind = subject.substring(0, open).toLowerCase(java.util.Locale.ROOT);
        String fields = subject.substring(open + 1, subject.length() - 1).replace(", ", " ");
        return kind + " " + fields.replaceAll("\\bname=", "").replace("=null", "=-");
    }
}
