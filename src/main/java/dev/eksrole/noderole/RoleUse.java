package dev.eksrole.noderole;

/**
 * How a node role is known to be one: by its name or its worker policy (rule 2), and by the EKS clusters
 * that use it (rule 8): as a managed node group's role, or as Auto Mode's.
 */
public record RoleUse(boolean byName, boolean managedNodegroups, boolean autoMode) {

    /** A role found by its name or worker policy, used by no cluster eksrole looked at. */
    public static final RoleUse NAMED = new RoleUse(true, false, false);

    public RoleUse and(RoleUse other) {
        return new RoleUse(byName || other.byName, managedNodegroups || other.managedNodegroups, autoMode || other.autoMode);
    }

    /** EKS makes the instance profile of a managed node group or of Auto Mode itself (rule 7). */
    public boolean instanceProfileMadeByEks() {
        return managedNodegroups || autoMode;
    }

    /**
     * Used by Auto Mode and by no managed node group: rule 9's policies apply instead of rule 3's (a role
     * that managed node groups use as well needs rule 3's, which cover Auto Mode's).
     */
    public boolean autoModeOnly() {
        return autoMode && !managedNodegroups;
    }
}
