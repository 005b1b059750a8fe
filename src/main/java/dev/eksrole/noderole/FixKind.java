package dev.eksrole.noderole;

/** The fixes of the AWS procedure eksrole can apply after approval. */
public enum FixKind {
    CREATE_ROLE,
    ATTACH_POLICY,
    REPLACE_TRUST,
    DETACH_CNI_POLICY,
    /** Rule 7: the instance profile of the role's name, with the role in it. */
    CREATE_INSTANCE_PROFILE,
    /** Rule 8: the role a cluster uses but that does not exist, under its exact name and path. */
    CREATE_CLUSTER_NODE_ROLE,
    /** Rule 10: an access entry of the node type the role's nodes need. */
    CREATE_ACCESS_ENTRY,
    /** Rule 10: an entry of the wrong type deleted, and one of the node type created. Destructive: never in fix all. */
    REPLACE_ACCESS_ENTRY,
    /** Every fix above but CNI detaches and access entry replacements, in one plan. */
    FIX_ALL
}
