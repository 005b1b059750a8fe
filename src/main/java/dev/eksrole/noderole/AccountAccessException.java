package dev.eksrole.noderole;

/** STS would not let eksrole into an account. */
public final class AccountAccessException extends Exception {

    private final transient Finding.AssumeRoleFailed finding;

    public AccountAccessException(Finding.AssumeRoleFailed finding, Throwable cause) {
        super(finding.detail(), cause);
        this.finding = finding;
    }

    public Finding.AssumeRoleFailed finding() {
        return finding;
    }
}
