package dev.eksrole.watch;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.Severity;
import java.util.List;
import java.util.Optional;

/**
 * What changed in one account since the watch last saw it, when it is worth a post: an account seen for the first time
 * that is not OK, a verdict that got worse, a finding that is new, or a recovery to OK. Everything else (the same
 * findings, an account that is better but not yet OK) is recorded without a post.
 *
 * @param was the verdict of the last round, or {@code null} for an account seen for the first time
 * @param added the findings the last round did not have (all of them for a first look)
 * @param gone the findings of the last round that are no longer there
 */
public record Drift(Kind kind, AccountReport report, Severity was, List<ObservedFinding> added, List<ObservedFinding> gone) {

    /** Why the change is posted. */
    public enum Kind {
        /** First seen (the first round, or an account newly watched), and not OK: the baseline's problems. */
        FIRST_LOOK,
        /** The verdict is worse than last round's. */
        REGRESSED,
        /** The verdict is no worse, but there is a finding the last round did not have. */
        NEW_FINDING,
        /** OK again. */
        RECOVERED
    }

    public Drift {
        requireNonNull(kind, "kind");
        requireNonNull(report, "report");
        added = List.copyOf(added);
        gone = List.copyOf(gone);
    }

    public Severity verdict() {
        return report.verdict();
    }

    /** The change worth posting between {@code previous} (absent for an account first seen) and this round's report. */
    public static Optional<Drift> between(Optional<AccountState> previous, AccountReport report) {
        List<ObservedFinding> now = ObservedFinding.of(report);
        Severity verdict = report.verdict();
        if (previous.isEmpty()) {
            return verdict == Severity.OK ? Optional.empty() : Optional.of(new Drift(Kind.FIRST_LOOK, report, null, now, List.of()));
        }
        AccountState before = previous.get();
        List<ObservedFinding> added = now.stream().filter(f -> before.findings().stream().noneMatch(f::sameAs)).toList();
        List<ObservedFinding> gone = before.findings().stream().filter(f -> now.stream().noneMatch(f::sameAs)).toList();
        if (verdict == Severity.OK) {
            return before.verdict() == Severity.OK ? Optional.empty()
                    : Optional.of(new Drift(Kind.RECOVERED, report, before.verdict(), added, gone));
        }
        if (verdict.compareTo(before.verdict()) > 0) {
            return Optional.of(new Drift(Kind.REGRESSED, report, before.verdict(), added, gone));
        }
        return added.isEmpty() ? Optional.empty() : Optional.of(new Drift(Kind.NEW_FINDING, report, before.verdict(), added, gone));
    }

    /** One line for the round's summary: {@code prod-eu (111111111111): OK → NEEDS_FIX}. */
    public String line() {
        return report.account().label() + ": " + (was == null ? "first seen" : was.name()) + " → " + verdict().name()
                + (added.isEmpty() ? "" : " (" + added.size() + " new finding" + (added.size() == 1 ? "" : "s") + ")");
    }
}
