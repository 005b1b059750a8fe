package dev.eksrole.noderole;

/** The fixes of the AWS procedure eksrole can apply after approval. */
public enum FixKind {
    CREATE_ROLE,
    ATTACH_POLICY,
    REPLACE_TRUST,
    DETACH_CNI_POLICY,
    /** Every fix above but CNI detaches, in one plan. */
    FIX_ALL
}
