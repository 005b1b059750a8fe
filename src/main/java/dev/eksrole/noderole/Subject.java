package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

/** What a rule's result is about: the account as a whole, or one of its node roles. */
public sealed interface Subject {

    static Subject account() {
        return new AccountWide();
    }

    static Subject role(String name) {
        return new Role(name);
    }

    /** The account as a whole: a result the account's own findings show. */
    record AccountWide() implements Subject {}

    /** One node role, by name. */
    record Role(String name) implements Subject {
        public Role {
            requireNonNull(name, "name");
        }
    }
}
