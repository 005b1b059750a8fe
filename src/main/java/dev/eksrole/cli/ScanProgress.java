package dev.eksrole.cli;

import dev.eksrole.noderole.AccountReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A terminal scan's progress on stderr, so stdout stays the table or the JSON: a line per finished account
 * (verdict, account, time since the scan started) and, on a terminal, a bar below them redrawn in place.
 */
final class ScanProgress implements Consumer<AccountReport> {

    private static final String CLEAR_LINE = "\r\u001b[K";
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final int total;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long start;
    private int done;

    ScanProgress(PrintWriter err, int total, boolean terminal, LongSupplier nanoTime) {
        this.err = err;
        this.total = total;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        if (terminal && total > 0) {
            err.print(bar());
            err.flush();
        }
    }

    @Override
    public synchronized void accept(AccountReport report) {
        done++;
        String line = String.format(Locale.ROOT, "%" + String.valueOf(total).length() + "d/%d  %-9s  %s  %.1f s", done, total,
                report.verdict().name(), report.account().label(), seconds());
        if (terminal) {
            err.print(CLEAR_LINE);
            err.println(line);
            err.print(bar());
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Takes the bar away, leaving the lines. */
    synchronized void finish() {
        if (terminal && total > 0) {
            err.print(CLEAR_LINE);
            err.flush();
        }
    }

    private String bar() {
        int filled = total == 0 ? BAR_WIDTH : done * BAR_WIDTH / total;
        return String.format(Locale.ROOT, "[%s%s] %d/%d accounts, %.1f s", "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), done, total,
                seconds());
    }

    private double seconds() {
        return (nanoTime.getAsLong() - start) / 1e9;
    }
}
