package dev.eksrole.config;

import java.util.List;
import java.util.regex.Pattern;

/** The {@code access:} section: the access role's name and ExternalId that accounts use unless they say otherwise. */
final class AccessSection {

    static final List<String> KEYS = List.of("roleName", "externalId");
    static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (ExternalId)
    static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    static final String EXTERNAL_ID_EXPECTED = "2-1224 characters of letters, digits and +=,.@:/-";

    /** @param externalId {@code null} when not set here: then each account must set its own */
    record Defaults(String roleName, String externalId) {}

    private AccessSection() {}

    static Defaults parse(ConfigNode node) throws ConfigException {
        node.allowOnly(KEYS);
        return new Defaults(node.string("roleName", "EksRoleAccess", ROLE_NAME, "an IAM role name"),
                node.string("externalId", null, EXTERNAL_ID, EXTERNAL_ID_EXPECTED));
    }
}
