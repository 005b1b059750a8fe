package dev.eksrole.aws;

/**
 * The RoleSessionName that shows up in the target account's CloudTrail: {@code eksrole-} followed by
 * who asked, reduced to the characters STS allows (2-64 of {@code [\w+=,.@-]}).
 */
final class SessionName {

    private SessionName() {}

    static String forRequester(String requester) {
        String cleaned = (requester == null ? "unknown" : requester).replaceAll("[^\\w+=,.@-]", "_");
        String name = "eksrole-" + (cleaned.isEmpty() ? "unknown" : cleaned);
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}
