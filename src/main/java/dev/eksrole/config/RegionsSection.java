package dev.eksrole.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.noderole.Partition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * {@code regions:}, at the top and per account: where a check looks at EKS clusters. Each must be a real
 * region of the account's partition, as the AWS SDK's own region metadata knows them (so a region AWS
 * opens is known with the SDK that can call it): a typo gets a "did you mean", a region of another
 * partition is refused naming it, since no credentials of the account could call it.
 */
final class RegionsSection {

    /** Every concrete region the SDK knows, with its partition ({@code aws}, {@code aws-cn}, {@code aws-iso}...). */
    private static final Map<String, String> PARTITION_OF = Region.regions().stream()
            .filter(r -> !r.isGlobalRegion() && r.metadata() != null)
            .collect(Collectors.toMap(Region::id, r -> r.metadata().partition().id(), (a, b) -> a, TreeMap::new));

    private RegionsSection() {}

    /**
     * The regions a list names, in its order, each once; empty when the key is absent.
     *
     * @param key {@code regions}, at the top or in an account
     */
    static Optional<List<String>> parse(ConfigNode node, String key) throws ConfigException {
        JsonNode value = node.isMissing() ? null : node.json().get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw new ConfigException(node.path(key), "must be a list of regions, e.g. [eu-west-1, us-east-1]");
        }
        LinkedHashSet<String> regions = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String text = item.isValueNode() && !item.isNull() ? item.asText().strip() : "";
            String where = node.path(key) + "[" + i + "]";
            if (!PARTITION_OF.containsKey(text)) {
                String suggestion = closest(text.toLowerCase(Locale.ROOT)).map(r -> "; did you mean " + r + "?").orElse("; e.g. eu-west-1");
                throw new ConfigException(where, "'" + AccountDirectory.echo(text) + "' is not an AWS region" + suggestion);
            }
            if (!regions.add(text)) {
                throw new ConfigException(where, text + " is listed twice");
            }
        }
        return Optional.of(List.copyOf(regions));
    }

    /**
     * Refuses a region outside the account's partition.
     *
     * @param where the key the regions came from, for the message
     */
    static void requireInPartition(List<String> regions, Partition partition, String where, String account) throws ConfigException {
        for (String region : regions) {
            String theirs = PARTITION_OF.get(region);
            if (!theirs.equals(partition.id())) {
                throw new ConfigException(where, region + " is a region of partition " + theirs + ", but account " + account
                        + " is in " + partition.id() + (where.startsWith("accounts[") ? ""
                        : "; give that account regions of its own (regions: under it, [] for none)"));
            }
        }
    }

    /** The known region nearest to a typo, if it is near enough to be what was meant. */
    private static Optional<String> closest(String typed) {
        if (typed.isEmpty() || typed.length() > 40) {
            return Optional.empty();
        }
        // region ids are all lower case, so matching them ignoring case is matching them as they are
        return DidYouMean.nearest(PARTITION_OF.keySet(), typed, Math.max(2, typed.length() / 4));
    }
}
