package dev.eksrole.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The example config/eksrole.example.yml shows every key the loader accepts, and stays valid with all of them on. */
class ExampleConfigTest {

    private static final Path EXAMPLE = Path.of("config/eksrole.example.yml");
    /** A commented-out setting: {@code # key: value} at the indentation the key would have. */
    private static final Pattern COMMENTED_KEY = Pattern.compile("^(\\s*)# ?((?:- )?)(\\w+):(.*)$");

    /** The example with every commented-out key of the loader's turned on. */
    static String withOptionalKeysOn(String example) {
        Set<String> names = ConfigLoader.acceptedKeys().stream().map(k -> k.substring(k.lastIndexOf('.') + 1)).collect(Collectors.toSet());
        StringBuilder text = new StringBuilder();
        for (String line : example.split("\n", -1)) {
            Matcher m = COMMENTED_KEY.matcher(line);
            text.append(m.matches() && names.contains(m.group(3)) ? m.group(1) + m.group(2) + m.group(3) + ":" + m.group(4) : line).append('\n');
        }
        return text.toString();
    }

    private static Set<String> keysOf(JsonNode root) {
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> top = root.fieldNames(); top.hasNext(); ) {
            String name = top.next();
            keys.add(name);
            JsonNode value = root.get(name);
            if (name.equals("accounts")) {
                value.forEach(account -> account.fieldNames().forEachRemaining(k -> keys.add("accounts[]." + k)));
            } else if (value.isObject()) {
                value.fieldNames().forEachRemaining(k -> keys.add(name + "." + k));
            }
        }
        return keys;
    }

    @Test
    void showsEveryKeyTheLoaderAccepts() throws Exception {
        String example = Files.readString(EXAMPLE);
        String allOn = withOptionalKeysOn(example);

        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(allOn);
        Set<String> missing = new TreeSet<>(ConfigLoader.acceptedKeys());
        missing.removeAll(keysOf(root));
        assertThat(missing).as("keys the loader accepts that config/eksrole.example.yml does not show").isEmpty();
    }

    @Test
    void isValidAsShippedAndWithEveryOptionalKeyOn() throws Exception {
        String example = Files.readString(EXAMPLE);
        ConfigLoader loader = new ConfigLoader();

        loader.parse(example, EXAMPLE.toString());
        EksroleConfig allOn = loader.parse(withOptionalKeysOn(example), EXAMPLE + " with every optional key on");
        assertThat(allOn.store().jdbcUrl()).startsWith("jdbc:postgresql:");
        assertThat(allOn.store().username()).isEqualTo("eksrole");
    }
}
