package dev.eksrole;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.noderole.Rule;
import dev.eksrole.testing.Domain;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A rule that is written but not listed in {@link NodeRoleModule} would compile and never run: every
 * rule class of the domain is in the rule book, once, with node-role presence first, since the other
 * rules' lines follow its "Role exists".
 */
class RuleRegistrationTest {

    @Test
    void everyRuleOfTheDomainIsInTheRuleBookOnce() throws Exception {
        List<Class<?>> listed = Domain.rules().rules().stream().<Class<?>>map(Object::getClass).toList();

        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ruleClasses());
        assertThat(listed.get(0).getSimpleName()).isEqualTo("NodeRolePresenceRule");
    }

    /** The concrete classes that implement {@link Rule}, found among the compiled classes of its package. */
    private static List<Class<?>> ruleClasses() throws Exception {
        Path root = Path.of(Rule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve(Rule.class.getPackageName().replace('.', '/'));
        List<Class<?>> rules = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = Rule.class.getPackageName() + "." + file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(name);
                if (Rule.class.isAssignableFrom(type) && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
                    rules.add(type);
                }
            }
        }
        assertThat(rules).as("rule classes found in " + dir).isNotEmpty();
        return rules;
    }
}
