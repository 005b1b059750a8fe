package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Checks many accounts a few at a time and reports each as it completes, for live progress. Results
 * come back in the accounts' order.
 */
public final class AccountScanner {

    private final NodeRoleChecker checker;
    private final ScanParallelism parallelism;

    public AccountScanner(NodeRoleChecker checker, ScanParallelism parallelism) {
        this.checker = requireNonNull(checker, "checker");
        this.parallelism = requireNonNull(parallelism, "parallelism");
    }

    public List<AccountReport> scan(List<Account> accounts, String requester, Consumer<AccountReport> progress) {
        if (accounts.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism.accounts(), accounts.size()), runnable -> {
            Thread thread = new Thread(runnable, "eksrole-scan");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<AccountReport> done = new ExecutorCompletionService<>(pool);
            accounts.forEach(account -> done.submit(() -> {
                try {
                    return checker.check(account, requester);
                } catch (RuntimeException e) {
                    // one account's surprise must not sink the others: it is UNKNOWN, with what went wrong
                    return AccountReport.of(account, new Finding.IamReadFailed("check", e.getClass().getSimpleName(), e.getMessage()));
                }
            }));
            List<AccountReport> reports = new ArrayList<>();
            for (int i = 0; i < accounts.size(); i++) {
                AccountReport report = done.take().get();
                reports.add(report);
                progress.accept(report);
            }
            reports.sort((a, b) -> Integer.compare(accounts.indexOf(a.account()), accounts.indexOf(b.account())));
            return reports;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a check failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The worst verdict of a scan. */
    public static Severity verdict(List<AccountReport> reports) {
        return Severity.worstOf(reports.stream().map(AccountReport::verdict).toList());
    }
}
