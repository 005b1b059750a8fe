package dev.eksrole.config;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.Account;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns what a person typed into a configured account. Only configured accounts can be checked: a
 * mistyped id should say so, not send STS to a stranger's account.
 */
public final class AccountDirectory {

    /** Echoed input and account lists are cut to these, so a pasted blob or a large organisation stays readable. */
    static final int MAX_ECHO = 40;
    static final int MAX_NAMES = 10;
    private static final int MAX_NAME = 64;

    private final List<Account> accounts;

    public AccountDirectory(List<Account> accounts) {
        this.accounts = List.copyOf(requireNonNull(accounts, "accounts"));
    }

    public List<Account> all() {
        return accounts;
    }

    public Account resolve(String input) throws UnknownAccountException {
        String wanted = input == null ? "" : input.strip();
        if (wanted.isEmpty()) {
            throw new UnknownAccountException("name an account: an id of 12 digits or a configured name (" + names() + ")");
        }
        if (wanted.chars().allMatch(Character::isDigit) || wanted.matches("[\\d-]+")) {
            String digits = wanted.replace("-", "");
            if (digits.length() != 12) {
                throw new UnknownAccountException("'" + echo(wanted) + "' is not an AWS account id: ids have 12 digits (it has "
                        + digits.length() + ")");
            }
            return accounts.stream().filter(a -> a.id().equals(digits)).findFirst()
                    .orElseThrow(() -> new UnknownAccountException("account " + digits + " is not configured; add it under "
                            + "accounts: in the config (configured: " + names() + ")"));
        }
        Optional<Account> byName = accounts.stream().filter(a -> a.name().equalsIgnoreCase(wanted)).findFirst();
        if (byName.isPresent()) {
            return byName.get();
        }
        String suggestion = closestName(wanted).map(n -> " Did you mean " + n + "?").orElse("");
        throw new UnknownAccountException("no account is named '" + echo(wanted) + "'." + suggestion + " Configured: " + names());
    }

    /** The configured accounts, the first few of them when there are many. */
    public String names() {
        String shown = accounts.stream().limit(MAX_NAMES).map(Account::label).collect(Collectors.joining(", "));
        int rest = accounts.size() - MAX_NAMES;
        return rest > 0 ? shown + " and " + rest + " more (help lists them all)" : shown;
    }

    /** What someone typed, cut to a readable length. */
    static String echo(String input) {
        int length = input.codePointCount(0, input.length());
        return length <= MAX_ECHO ? input : input.substring(0, input.offsetByCodePoints(0, MAX_ECHO)) + "… (" + length + " characters)";
    }

    private Optional<String> closestName(String wanted) {
        if (wanted.length() > 2 * MAX_NAME) {
            return Optional.empty(); // names are at most 64 characters: nothing this long is close
        }
        String lower = wanted.toLowerCase(Locale.ROOT);
        return DidYouMean.nearest(accounts.stream().map(Account::name).toList(), lower, Math.max(1, lower.length() / 3));
    }
}
