package dev.eksrole.config;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.Partition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code accounts:} section: each account, its partition, and the access role eksrole assumes there. */
final class AccountsSection {

    static final List<String> KEYS = List.of("id", "name", "partition", "roleArn", "roleName", "externalId", "profile", "regions");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:([a-z-]+):iam::(\\d{12}):role/(?:[\\w+=,.@/-]*/)?[\\w+=,.@-]{1,64}");
    private static final Pattern PROFILE = Pattern.compile("[\\w.@+-]{1,128}");

    private AccountsSection() {}

    /** @param regions the top-level {@code regions:}, for accounts that name none of their own */
    static List<Account> parse(ConfigNode node, AccessSection.Defaults access, Optional<List<String>> regions) throws ConfigException {
        if (node.isMissing() || !node.json().isArray() || node.json().isEmpty()) {
            throw new ConfigException("accounts", "list at least one account, e.g. accounts: [{id: \"111111111111\", name: prod-eu}]");
        }
        List<Account> accounts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.json().size(); i++) {
            ConfigNode entry = new ConfigNode(node.json().get(i), "accounts[" + i + "]");
            entry.requireObject();
            entry.allowOnly(KEYS);
            String id = entry.requiredString("id");
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw new ConfigException(entry.path("id"), "'" + id + "' is not an AWS account id (12 digits; quote it in YAML so leading zeros stay)");
            }
            if (!ids.add(id)) {
                throw new ConfigException(entry.path("id"), "account " + id + " is listed twice");
            }
            String name = entry.string("name", id, NAME, "letters, digits, . _ - (at most 64)");
            if (!name.equals(id) && ACCOUNT_ID.matcher(name).matches()) {
                throw new ConfigException(entry.path("name"), "a name must not look like an account id");
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(entry.path("name"), "the name '" + name + "' is used twice");
            }
            Account account = account(entry, id, name, access);
            Optional<List<String>> own = RegionsSection.parse(entry, "regions");
            List<String> checked = own.or(() -> regions).orElse(List.of());
            RegionsSection.requireInPartition(checked, account.partition(), own.isPresent() ? entry.path("regions") : "regions",
                    account.label());
            accounts.add(account.withRegions(checked));
        }
        return accounts;
    }

    /** The rest of one entry, once its id and name are known to be good. */
    private static Account account(ConfigNode entry, String id, String name, AccessSection.Defaults access) throws ConfigException {
        String partitionText = entry.string("partition", "aws", null, null);
        Partition partition = Partition.fromId(partitionText).orElseThrow(() -> new ConfigException(entry.path("partition"),
                "unknown partition '" + partitionText + "'; use aws, aws-cn or aws-us-gov"));
        String roleName = entry.string("roleName", access.roleName(), AccessSection.ROLE_NAME, "an IAM role name");
        String roleArn = entry.string("roleArn", partition.roleArn(id, "/", roleName), null, null);
        var arn = ROLE_ARN.matcher(roleArn);
        if (!arn.matches()) {
            throw new ConfigException(entry.path("roleArn"), "'" + roleArn + "' is not an IAM role ARN (arn:" + partition.id() + ":iam::" + id + ":role/NAME)");
        }
        if (!arn.group(1).equals(partition.id())) {
            throw new ConfigException(entry.path("roleArn"), "the ARN is in partition " + arn.group(1) + " but the account is in " + partition.id());
        }
        if (!arn.group(2).equals(id)) {
            throw new ConfigException(entry.path("roleArn"), "the ARN names account " + arn.group(2) + ", not " + id);
        }
        String externalId = entry.string("externalId", access.externalId(), AccessSection.EXTERNAL_ID, AccessSection.EXTERNAL_ID_EXPECTED);
        if (externalId == null) {
            throw new ConfigException(entry.path("externalId"), "missing; set it here or as access.externalId for all accounts");
        }
        String profile = entry.string("profile", null, PROFILE, "an AWS profile name");
        return new Account(id, name, partition, roleArn, externalId, profile);
    }
}
