package dev.eksrole.noderole;

import java.util.List;
import java.util.Locale;

/** The name fragments that mark a role as an EKS node role, matched case-insensitively. */
public record NodeRolePatterns(List<String> fragments) {

    public static final NodeRolePatterns DEFAULT = new NodeRolePatterns(List.of("eksNodeRole", "NodeInstanceRole"));

    public NodeRolePatterns {
        if (fragments == null || fragments.isEmpty() || fragments.stream().anyMatch(f -> f == null || f.isBlank())) {
            throw new IllegalArgumentException("node-role name patterns must be a non-empty list of non-blank strings");
        }
        fragments = List.copyOf(fragments);
    }

    public boolean matches(String roleName) {
        String name = roleName.toLowerCase(Locale.ROOT);
        return fragments.stream().anyMatch(f -> name.contains(f.toLowerCase(Locale.ROOT)));
    }
}
