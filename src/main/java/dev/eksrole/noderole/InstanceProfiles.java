package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What IAM said about the instance profiles holding a node role (rule 7). */
public sealed interface InstanceProfiles {

    /** Not read: clusters are not checked in the account, so neither is rule 7, whose exception needs them. */
    record NotRead() implements InstanceProfiles {}

    /** The names of the instance profiles that hold the role. */
    record Listed(List<String> names) implements InstanceProfiles {
        public Listed {
            names = List.copyOf(names);
        }
    }

    /** ListInstanceProfilesForRole failed for this role: the rule cannot be judged. */
    record Unreadable(Finding.IamReadFailed failure) implements InstanceProfiles {
        public Unreadable {
            requireNonNull(failure, "failure");
        }
    }

    static InstanceProfiles notRead() {
        return new NotRead();
    }
}
