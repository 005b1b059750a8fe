package dev.eksrole.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnswerCheckTest {

    private static final String NS = " xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";

    private static String problem(String operation, String body) {
        return AnswerCheck.problemOf(operation, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String listRoles(int roles) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListRolesResponse" + NS + ">\n  <ListRolesResult>\n"
                + "    <IsTruncated>false</IsTruncated>\n    <Roles>\n");
        for (int i = 0; i < roles; i++) {
            b.append("      <member><RoleName>app-role-").append(i).append("</RoleName><Path>/</Path>")
                    .append("<Description>r\u00e9le \u2713</Description></member>\n");
        }
        return b.append("    </Roles>\n  </ListRolesResult>\n  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>\n"
                + "</ListRolesResponse>\n\n").toString();
    }

    @Test
    void aWholeAnswerOfAnySizePasses() {
        assertThat(problem("ListRoles", listRoles(0))).isNull();
        assertThat(problem("ListRoles", listRoles(5_000))).isNull();
        assertThat(problem("GetCallerIdentity", "<GetCallerIdentityResponse" + NS + "><GetCallerIdentityResult><Account>1</Account>"
                + "</GetCallerIdentityResult></GetCallerIdentityResponse>")).isNull();
        assertThat(problem("ListRoles", "<ListRolesResponse><ListRolesResult/></ListRolesResponse>")).isNull();
    }

    @Test
    void brokenAnswersAreNamed() {
        assertThat(problem("ListRoles", "")).isEqualTo("an empty body");
        assertThat(problem("ListRoles", "<html><body>Service Unavailable</body></html>"))
                .isEqualTo("another document (it starts <html>)");
        assertThat(problem("ListRoles", listRoles(5_000).substring(0, 200_000))).isEqualTo("a document that is cut short");
        assertThat(problem("ListRoles", "<ListRolesResponse" + NS + "><ResponseMetadata/></ListRolesResponse>"))
                .isEqualTo("a document without its result");
        assertThat(problem("ListRoles", "<ListRolesResponse" + NS + "><ListRolesResult></ListRolesResult></ListRolesResponse>"))
                .isNull();
        assertThat(problem("ListRoles", "<ListAttachedRolePoliciesResponse><ListAttachedRolePoliciesResult/>"
                + "</ListAttachedRolePoliciesResponse>")).startsWith("another document (it starts <ListAttachedRolePoliciesResponse>");
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        assertThat(AnswerCheck.problemOf("ListRoles", new byte[AnswerCheck.MAX_BODY + 1])).isEqualTo("a body over 32 MB");
    }
}
