package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which requests come from the workspace the bot signed in to. */
class SlackWorkspaceTest {

    @Test
    void aWorkspaceOutsideEnterpriseGridAdmitsItsOwnTeamAndNoEnterprise() {
        SlackWorkspace home = new SlackWorkspace("T0001", null, false);

        assertThat(home.admits("T0001", null)).isTrue();
        assertThat(home.admits("T0001", "")).as("Slack sends an empty enterprise_id outside Grid").isTrue();
        assertThat(home.admits("T0002", null)).isFalse();
        assertThat(home.admits("T0001", "E0001")).isFalse();
        assertThat(home.admits(null, null)).isFalse();
    }

    @Test
    void aWorkspaceInsideAnOrganisationAdmitsItsTeamOfItsOrganisation() {
        SlackWorkspace home = new SlackWorkspace("T0001", "E0001", false);

        assertThat(home.admits("T0001", "E0001")).isTrue();
        assertThat(home.admits("T0001", null)).isFalse();
        assertThat(home.admits("T0001", "E0002")).isFalse();
        assertThat(home.admits("T0002", "E0001")).as("another workspace of the same organisation").isFalse();
        assertThat(home.organisation("E0001")).isTrue();
        assertThat(home.organisation("E0002")).isFalse();
        assertThat(new SlackWorkspace("T0001", null, false).organisation(null)).as("no organisation outside Grid").isFalse();
    }

    @Test
    void anOrgWideInstallAdmitsEveryWorkspaceOfItsOrganisationOnly() {
        SlackWorkspace home = new SlackWorkspace(null, "E0001", true);

        assertThat(home.admits("T0001", "E0001")).isTrue();
        assertThat(home.admits("T0002", "E0001")).isTrue();
        assertThat(home.admits("T0001", "E0002")).isFalse();
        assertThat(home.admits("T0001", null)).isFalse();
        assertThat(home).hasToString("every workspace of enterprise E0001");
    }
}
