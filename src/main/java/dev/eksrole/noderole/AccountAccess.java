package dev.eksrole.noderole;

/** Opens an account for reading, as the access role, on behalf of someone. */
public interface AccountAccess {

    /**
     * @param requester who asked (a Slack user id, or the CLI user), so that the account's CloudTrail
     *     shows it
     */
    AccountReader open(Account account, String requester) throws AccountAccessException;

    /** The same access, for the IAM writes of an approved fix. */
    AccountWriter openWriter(Account account, String requester) throws AccountAccessException;
}
