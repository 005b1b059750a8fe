package dev.eksrole.slack;

/**
 * The Slack workspace the bot signed in to, as {@code auth.test} names it at start. With an org-wide install
 * (Enterprise Grid, {@code is_enterprise_install}) every workspace of the organisation is the bot's; otherwise
 * exactly one team, and its organisation if it has one.
 *
 * @param teamId the team, {@code T…}; may be absent for an org-wide install
 * @param enterpriseId the organisation, {@code E…}, or {@code null} outside Enterprise Grid
 */
public record SlackWorkspace(String teamId, String enterpriseId, boolean enterpriseInstall) {

    public SlackWorkspace {
        teamId = blankToNull(teamId);
        enterpriseId = blankToNull(enterpriseId);
    }

    /** Whether a request that names this team and organisation (either {@code null} when it names none) comes from here. */
    public boolean admits(String team, String enterprise) {
        String requestEnterprise = blankToNull(enterprise);
        if (enterpriseInstall) {
            return enterpriseId != null && enterpriseId.equals(requestEnterprise);
        }
        return teamId != null && teamId.equals(blankToNull(team)) && java.util.Objects.equals(enterpriseId, requestEnterprise);
    }

    /** Whether a request names this workspace's Enterprise Grid organisation (never outside Grid). */
    public boolean organisation(String enterprise) {
        return enterpriseId != null && enterpriseId.equals(blankToNull(enterprise));
    }

    /** For logs and the audit trail: {@code T0001 (enterprise E0001)}. */
    public static String describe(String team, String enterprise) {
        String t = blankToNull(team);
        String e = blankToNull(enterprise);
        return (t == null ? "no team" : "team " + t) + (e == null ? "" : " (enterprise " + e + ")");
    }

    @Override
    public String toString() {
        return enterpriseInstall ? "every workspace of enterprise " + enterpriseId : describe(teamId, enterpriseId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
