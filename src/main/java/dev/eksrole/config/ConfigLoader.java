package dev.eksrole.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.eksrole.config.EksroleConfig.Approvers;
import dev.eksrole.config.EksroleConfig.NodeRoleSettings;
import dev.eksrole.config.EksroleConfig.Store;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.NodeRolePatterns;
import dev.eksrole.noderole.Partition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration and validates all of it at start, so that a typo is reported with its
 * key before anyone relies on the bot, never half-way through a check.
 */
public final class ConfigLoader {

    public static final String DEFAULT_PATH = "config/eksrole.yml";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (ExternalId)
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:([a-z-]+):iam::(\\d{12}):role/(?:[\\w+=,.@/-]*/)?[\\w+=,.@-]{1,64}");
    private static final Pattern PROFILE = Pattern.compile("[\\w.@+-]{1,128}");
    private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final Pattern SLACK_GROUP = Pattern.compile("S[A-Z0-9]{2,}");
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    static final Duration MAX_PLAN_EXPIRY = Duration.ofDays(7);
    static final Duration MAX_CHECK_DEADLINE = Duration.ofMinutes(5);

    // Every key the loader accepts, by section. The example config/eksrole.example.yml shows each one (ExampleConfigTest).
    static final List<String> TOP_KEYS = List.of("access", "nodeRoles", "accounts", "approvers", "allowSelfApproval", "planExpiry", "checkDeadline", "store");
    static final List<String> ACCESS_KEYS = List.of("roleName", "externalId");
    static final List<String> NODE_ROLE_KEYS = List.of("namePatterns", "createName", "ecrPolicy", "tags");
    static final List<String> ACCOUNT_KEYS = List.of("id", "name", "partition", "roleArn", "roleName", "externalId", "profile");
    static final List<String> APPROVER_KEYS = List.of("users", "usergroups");
    static final List<String> STORE_KEYS = List.of("dataDir", "jdbcUrl", "username", "password");
    private static final String DEFAULT_CREATE_NAME = "NodeInstanceRole";
    private static final Duration DEFAULT_PLAN_EXPIRY = Duration.ofMinutes(30);
    private static final String DEFAULT_DATA_DIR = "data";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /**
     * Every key path the loader accepts, e.g. {@code store.username}, {@code accounts[].roleName}; {@code nodeRoles.tags}
     * takes any tag key below it.
     */
    static List<String> acceptedKeys() {
        List<String> keys = new ArrayList<>(TOP_KEYS);
        ACCESS_KEYS.forEach(k -> keys.add("access." + k));
        NODE_ROLE_KEYS.forEach(k -> keys.add("nodeRoles." + k));
        ACCOUNT_KEYS.forEach(k -> keys.add("accounts[]." + k));
        APPROVER_KEYS.forEach(k -> keys.add("approvers." + k));
        STORE_KEYS.forEach(k -> keys.add("store." + k));
        return keys;
    }

    /** The path from {@code EKSROLE_CONFIG}, or the default. */
    public static Path pathFromEnvironment(Map<String, String> env) {
        String configured = env.get("EKSROLE_CONFIG");
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_PATH : configured);
    }

    /** What eksrole uses with no config file at all: no accounts, every other setting at its default. */
    public static EksroleConfig defaults() {
        return new EksroleConfig(List.of(),
                new NodeRoleSettings(NodeRolePatterns.DEFAULT, DEFAULT_CREATE_NAME, ManagedPolicy.ECR_READ_ONLY, Map.of()),
                new Approvers(List.of(), List.of()), false, DEFAULT_PLAN_EXPIRY, new Store(Path.of(DEFAULT_DATA_DIR), null, null, null),
                EksroleConfig.DEFAULT_CHECK_DEADLINE);
    }

    public EksroleConfig load(Path path) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw readFailure(path, e);
        }
        return parse(utf8(bytes, path), path.toString());
    }

    /** What went wrong reading the file, in words that say what to do. */
    static ConfigException readFailure(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new ConfigException(null, "config file " + path + " not found; copy config/eksrole.example.yml "
                    + "to config/eksrole.yml and name your accounts there, or set EKSROLE_CONFIG to your config's path");
        }
        if (e instanceof AccessDeniedException) {
            return new ConfigException(null, "cannot read config file " + path + ": permission denied; make it readable "
                    + "by the user eksrole runs as");
        }
        if (Files.isDirectory(path)) {
            return new ConfigException(null, "config file " + path + " is a directory; point EKSROLE_CONFIG at the YAML file");
        }
        return new ConfigException(null, "cannot read config file " + path + ": " + e);
    }

    /** The file's text; a file that is not UTF-8 is refused with where it stops being so. */
    static String utf8(byte[] bytes, Path path) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new ConfigException(null, "config file " + path + " is not valid UTF-8 (line " + line + ", byte " + offset
                    + "); save it as UTF-8");
        }
        decoder.flush(out);
        String text = out.flip().toString();
        // a byte-order mark is not YAML
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    public EksroleConfig parse(String text, String source) throws ConfigException {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException(null, source + " is not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        StrictYaml.check(text, source);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException("accounts", source + " is empty; list at least one account under accounts:");
        }
        Node top = new Node(root, "");
        top.requireObject();
        top.allowOnly(TOP_KEYS);

        Node access = top.child("access");
        access.allowOnly(ACCESS_KEYS);
        String defaultRoleName = access.string("roleName", "EksRoleAccess", ROLE_NAME, "an IAM role name");
        String defaultExternalId = access.string("externalId", null, EXTERNAL_ID, "2-1224 characters of letters, digits and +=,.@:/-");

        NodeRoleSettings nodeRoles = nodeRoles(top.child("nodeRoles"));
        List<Account> accounts = accounts(top.child("accounts"), defaultRoleName, defaultExternalId);

        Node approversNode = top.child("approvers");
        approversNode.allowOnly(APPROVER_KEYS);
        Approvers approvers = new Approvers(
                approversNode.strings("users", SLACK_USER, "a Slack user id such as U012AB3CD"),
                approversNode.strings("usergroups", SLACK_GROUP, "a Slack user-group id such as S0614TZR7"));

        boolean allowSelfApproval = top.bool("allowSelfApproval", false);
        Duration planExpiry = top.duration("planExpiry", DEFAULT_PLAN_EXPIRY, MAX_PLAN_EXPIRY,
                "an approval is for the account as it is now");
        Duration checkDeadline = top.duration("checkDeadline", EksroleConfig.DEFAULT_CHECK_DEADLINE, MAX_CHECK_DEADLINE,
                "an on-call engineer is waiting for the answer");

        Node storeNode = top.child("store");
        storeNode.allowOnly(STORE_KEYS);
        Path dataDir = Path.of(storeNode.string("dataDir", DEFAULT_DATA_DIR, null, null));
        String jdbcUrl = storeNode.string("jdbcUrl", null, null, null);
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
            throw new ConfigException("store.jdbcUrl", "must be a JDBC URL starting with jdbc: (e.g. jdbc:postgresql://db:5432/eksrole)");
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            // only the scheme: the rest of a URL may hold a password
            String scheme = jdbcUrl.substring(0, jdbcUrl.indexOf(':', 5) < 0 ? jdbcUrl.length() : jdbcUrl.indexOf(':', 5) + 1);
            throw new ConfigException("store.jdbcUrl", scheme + " is neither H2 nor PostgreSQL, the two stores eksrole supports; "
                    + "use jdbc:postgresql://host:5432/eksrole, or leave store.jdbcUrl out for the H2 file under store.dataDir");
        }
        Store store = new Store(dataDir, jdbcUrl, storeNode.string("username", null, null, null),
                storeNode.string("password", null, null, null));

        return new EksroleConfig(accounts, nodeRoles, approvers, allowSelfApproval, planExpiry, store, checkDeadline);
    }

    private static NodeRoleSettings nodeRoles(Node node) throws ConfigException {
        node.allowOnly(NODE_ROLE_KEYS);
        List<String> patterns = node.strings("namePatterns", null, null);
        NodeRolePatterns nodeRolePatterns = patterns.isEmpty() ? NodeRolePatterns.DEFAULT : new NodeRolePatterns(patterns);
        String createName = node.string("createName", DEFAULT_CREATE_NAME, ROLE_NAME, "an IAM role name");
        String ecr = node.string("ecrPolicy", "ReadOnly", null, null);
        ManagedPolicy ecrPolicy = switch (ecr) {
            case "ReadOnly", "AmazonEC2ContainerRegistryReadOnly" -> ManagedPolicy.ECR_READ_ONLY;
            case "PullOnly", "AmazonEC2ContainerRegistryPullOnly" -> ManagedPolicy.ECR_PULL_ONLY;
            default -> throw new ConfigException(node.path("ecrPolicy"), "must be ReadOnly or PullOnly, not '" + ecr + "'");
        };
        Map<String, String> tags = new LinkedHashMap<>();
        Node tagsNode = node.child("tags");
        tagsNode.requireObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = tagsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            String key = tag.getKey();
            if (!tag.getValue().isValueNode() || tag.getValue().isNull()) {
                throw new ConfigException(tagsNode.path(key), "a tag value must be a string");
            }
            String value = tag.getValue().asText();
            // IAM's rules for tags (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html), checked
            // here so that a bad tag stops eksrole at start, not a CreateRole someone already approved
            if (!TAG_TEXT.matcher(key).matches() || key.isEmpty() || key.length() > 128 || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new ConfigException(tagsNode.path(key), "not a valid IAM tag key (1-128 letters, digits, spaces and _.:/=+-@, "
                        + "not starting with aws:)");
            }
            if (!TAG_TEXT.matcher(value).matches() || value.length() > 256) {
                throw new ConfigException(tagsNode.path(key), "not a valid IAM tag value (at most 256 letters, digits, spaces and _.:/=+-@)");
            }
            tags.put(key, value);
        }
        if (tags.size() > 50) {
            throw new ConfigException(node.path("tags"), "IAM allows at most 50 tags on a role");
        }
        return new NodeRoleSettings(nodeRolePatterns, createName, ecrPolicy, tags);
    }

    private static List<Account> accounts(Node node, String defaultRoleName, String defaultExternalId) throws ConfigException {
        if (node.isMissing() || !node.json.isArray() || node.json.isEmpty()) {
            throw new ConfigException("accounts", "list at least one account, e.g. accounts: [{id: \"111111111111\", name: prod-eu}]");
        }
        List<Account> accounts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.json.size(); i++) {
            Node entry = new Node(node.json.get(i), "accounts[" + i + "]");
            entry.requireObject();
            entry.allowOnly(ACCOUNT_KEYS);
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
            String partitionText = entry.string("partition", "aws", null, null);
            Partition partition = Partition.fromId(partitionText).orElseThrow(() -> new ConfigException(entry.path("partition"),
                    "unknown partition '" + partitionText + "'; use aws, aws-cn or aws-us-gov"));
            String roleName = entry.string("roleName", defaultRoleName, ROLE_NAME, "an IAM role name");
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
            String externalId = entry.string("externalId", defaultExternalId, EXTERNAL_ID, "2-1224 characters of letters, digits and +=,.@:/-");
            if (externalId == null) {
                throw new ConfigException(entry.path("externalId"), "missing; set it here or as access.externalId for all accounts");
            }
            String profile = entry.string("profile", null, PROFILE, "an AWS profile name");
            accounts.add(new Account(id, name, partition, roleArn, externalId, profile));
        }
        return accounts;
    }

    /** A YAML node with its key path, for error messages. */
    private record Node(JsonNode json, String path) {

        boolean isMissing() {
            return json == null || json.isMissingNode() || json.isNull();
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        Node child(String key) {
            return new Node(isMissing() ? null : json.get(key), path(key));
        }

        Iterator<Map.Entry<String, JsonNode>> fields() {
            return isMissing() ? List.<Map.Entry<String, JsonNode>>of().iterator() : json.fields();
        }

        void requireObject() throws ConfigException {
            if (!isMissing() && !json.isObject()) {
                throw new ConfigException(path.isEmpty() ? null : path, "must be a mapping of keys to values");
            }
        }

        void allowOnly(List<String> keys) throws ConfigException {
            requireObject();
            Set<String> known = Set.copyOf(keys);
            for (Iterator<String> it = isMissing() ? List.<String>of().iterator() : json.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    throw new ConfigException(path(key), "unknown key; expected one of " + String.join(", ", keys));
                }
            }
        }

        String requiredString(String key) throws ConfigException {
            String value = string(key, null, null, null);
            if (value == null) {
                throw new ConfigException(path(key), "missing");
            }
            return value;
        }

        String string(String key, String fallback, Pattern pattern, String expected) throws ConfigException {
            JsonNode value = isMissing() ? null : json.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isValueNode()) {
                throw new ConfigException(path(key), "must be a single value");
            }
            String text = value.asText().strip();
            if (text.isEmpty()) {
                throw new ConfigException(path(key), "must not be empty");
            }
            if (pattern != null && !pattern.matcher(text).matches()) {
                throw new ConfigException(path(key), "'" + text + "' is not valid; expected " + expected);
            }
            return text;
        }

        List<String> strings(String key, Pattern pattern, String expected) throws ConfigException {
            JsonNode value = isMissing() ? null : json.get(key);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw new ConfigException(path(key), "must be a list, e.g. [" + (expected == null ? "a, b" : "...") + "]");
            }
            List<String> list = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                String text = item.isValueNode() && !item.isNull() ? item.asText().strip() : "";
                if (text.isEmpty() || (pattern != null && !pattern.matcher(text).matches())) {
                    throw new ConfigException(path(key) + "[" + i + "]", "'" + text + "' is not valid; expected "
                            + (expected == null ? "a non-empty string" : expected));
                }
                list.add(text);
            }
            return list;
        }

        boolean bool(String key, boolean fallback) throws ConfigException {
            JsonNode value = isMissing() ? null : json.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw new ConfigException(path(key), "must be true or false");
            }
            return value.asBoolean();
        }

        Duration duration(String key, Duration fallback, Duration max, String whyMax) throws ConfigException {
            String text = string(key, null, null, null);
            if (text == null) {
                return fallback;
            }
            Duration parsed = parseDuration(text);
            if (parsed == null || parsed.isNegative() || parsed.isZero()) {
                throw new ConfigException(path(key), "'" + text + "' is not a duration; write e.g. 30m, 2h or PT45M");
            }
            if (parsed.compareTo(max) > 0) {
                throw new ConfigException(path(key), "at most " + (max.toDays() > 0 ? max.toDays() + " days" : max.toMinutes()
                        + " minutes") + ": " + whyMax);
            }
            return parsed;
        }
    }

    static Duration parseDuration(String text) {
        var simple = Pattern.compile("(\\d+)\\s*(s|m|h|d)").matcher(text.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            if (simple.group(1).length() > 9) {
                return null;
            }
            long amount = Long.parseLong(simple.group(1));
            return switch (simple.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
