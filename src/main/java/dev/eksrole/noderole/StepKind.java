package dev.eksrole.noderole;

/**
 * The kinds of {@link PlanStep}, one per record. Code that handles steps switches on this, without a
 * default, so that a new kind of step does not compile until its writer, codec and messages handle it.
 */
public enum StepKind {
    CREATE_ROLE,
    ATTACH_POLICY,
    DETACH_POLICY,
    REPLACE_TRUST,
    CREATE_INSTANCE_PROFILE,
    ADD_ROLE_TO_INSTANCE_PROFILE,
    CREATE_ACCESS_ENTRY,
    DELETE_ACCESS_ENTRY
}
