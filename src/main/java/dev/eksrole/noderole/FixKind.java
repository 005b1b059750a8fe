package dev.eksrole.noderole;

/** The fixes of the AWS procedure eksrole can apply after approval. */
public enum FixKind {
    CREATE_ROLE("Create the node role"),
    ATTACH_POLICY("Attach the missing policy"),
    REPLACE_TRUST("Replace the trust with the documented one"),
    DETACH_CNI_POLICY("Detach AmazonEKS_CNI_Policy from the node role"),
    FIX_ALL("Fix everything");

    private final String title;

    FixKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
