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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the YAML configuration and validates all of it at start, so that a typo is reported with its
 * key before anyone relies on the bot, never half-way through a check.
 */
public final class ConfigLoader {

    public static final String DEFAULT_PATH = "config/eksrole.yml";

    // Every key the loader accepts, by section. The example config/eksrole.example.yml shows each one (ExampleConfigTest).
    static final List<String> TOP_KEYS = List.of("access", "nodeRoles", "accounts", "approvers", "allowSelfApproval", "planExpiry",
            "checkDeadline", "scanParallel", "store", "regions", WatchSection.KEY);

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /**
     * Every key path the loader accepts, e.g. {@code store.username}, {@code accounts[].roleName}; {@code nodeRoles.tags}
     * takes any tag key below it.
     */
    static List<String> acceptedKeys() {
        List<String> keys = new ArrayList<>(TOP_KEYS);
        WatchSection.KEYS.forEach(k -> keys.add(WatchSection.KEY + "." + k));
        AccessSection.KEYS.forEach(k -> keys.add("access." + k));
        NodeRolesSection.KEYS.forEach(k -> keys.add("nodeRoles." + k));
        AccountsSection.KEYS.forEach(k -> keys.add("accounts[]." + k));
        ApproversSection.KEYS.forEach(k -> keys.add("approvers." + k));
        StoreSection.KEYS.forEach(k -> keys.add("store." + k));
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
                new NodeRoleSettings(NodeRolePatterns.DEFAULT, NodeRolesSection.DEFAULT_CREATE_NAME, ManagedPolicy.ECR_READ_ONLY, Map.of()),
                new Approvers(List.of(), List.of()), false, TopLevelScalars.DEFAULT_PLAN_EXPIRY,
                new Store(Path.of(StoreSection.DEFAULT_DATA_DIR), null, null, null), EksroleConfig.DEFAULT_CHECK_DEADLINE);
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
        ConfigNode top = new ConfigNode(root, "");
        top.requireObject();
        top.allowOnly(TOP_KEYS);
        // section by section, in this order, so that of several mistakes the same one is reported first
        AccessSection.Defaults access = AccessSection.parse(top.child("access"));
        NodeRoleSettings nodeRoles = NodeRolesSection.parse(top.child("nodeRoles"));
        Optional<List<String>> regions = RegionsSection.parse(top, "regions");
        List<Account> accounts = AccountsSection.parse(top.child("accounts"), access, regions);
        Approvers approvers = ApproversSection.parse(top.child("approvers"));
        TopLevelScalars scalars = TopLevelScalars.parse(top);
        Store store = StoreSection.parse(top.child("store"));
        WatchSettings watch = WatchSection.parse(top.child(WatchSection.KEY), accounts);
        return new EksroleConfig(accounts, nodeRoles, approvers, scalars.allowSelfApproval(), scalars.planExpiry(), store,
                scalars.checkDeadline(), watch, scalars.scanParallel());
    }
}
