package dev.eksrole.testing.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The instance profiles of one {@link FakeAccount}, with IAM's rules and error answers. Not thread-safe:
 * the account calls it only while holding its own lock, so roles and profiles change together.
 */
final class InstanceProfiles {

    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]{1,510}/");
    /** IAM's quota on roles in one instance profile; it cannot be raised. */
    private static final int ROLES_PER_PROFILE = 1;

    private final String arnPrefix;
    private final TreeMap<String, State> profiles = new TreeMap<>();

    /** @param arnPrefix {@code arn:<partition>:iam::<account>:instance-profile} */
    InstanceProfiles(String arnPrefix) {
        this.arnPrefix = arnPrefix;
    }

    private static final class State {
        String name;
        String path;
        String arn;
        String id;
        Instant createDate;
        Instant visibleAt;
        final List<String> roleKeys = new ArrayList<>();
        final Map<String, String> tags = new LinkedHashMap<>();
    }

    String arn(String name) {
        State s = profiles.get(FakeAccount.key(name));
        return s != null ? s.arn : arnPrefix + "/" + name;
    }

    FakeInstanceProfile create(String name, String path, Map<String, String> tags, Instant createDate, Instant visibleAt,
            Function<String, FakeRole> roles) {
        validateName(name);
        if (!PATH.matcher(path).matches()) {
            throw AwsError.validation("The specified value for path is invalid. It must begin and end with /"
                    + " and contain only alphanumeric characters and/or / characters.");
        }
        if (profiles.containsKey(FakeAccount.key(name))) {
            throw new AwsError(409, "EntityAlreadyExists", "Instance Profile " + name + " already exists.");
        }
        State s = new State();
        s.name = name;
        s.path = path;
        s.arn = arnPrefix + path + name;
        s.id = Ids.instanceProfileId();
        s.createDate = createDate;
        s.visibleAt = visibleAt;
        s.tags.putAll(tags);
        profiles.put(FakeAccount.key(name), s);
        return snapshot(s, roles);
    }

    /** The profile as a call sees it: NoSuchEntity when missing, or when {@code now} is before it became visible. */
    FakeInstanceProfile visible(String name, Instant now, Function<String, FakeRole> roles) {
        return snapshot(existing(name, now), roles);
    }

    /** The profile, or {@code null}; set-up and inspection see every profile at once. */
    FakeInstanceProfile find(String name, Function<String, FakeRole> roles) {
        State s = profiles.get(FakeAccount.key(name));
        return s == null ? null : snapshot(s, roles);
    }

    List<FakeInstanceProfile> all(Function<String, FakeRole> roles) {
        List<FakeInstanceProfile> out = new ArrayList<>();
        profiles.values().forEach(s -> out.add(snapshot(s, roles)));
        return out;
    }

    /** Profiles containing the role, ordered by name. */
    List<FakeInstanceProfile> forRole(String roleKey, Function<String, FakeRole> roles) {
        List<FakeInstanceProfile> out = new ArrayList<>();
        for (State s : profiles.values()) {
            if (s.roleKeys.contains(roleKey)) {
                out.add(snapshot(s, roles));
            }
        }
        return out;
    }

    void addRole(String profileName, String roleKey, Instant now) {
        State s = existing(profileName, now);
        if (s.roleKeys.size() >= ROLES_PER_PROFILE) {
            throw new AwsError(409, "LimitExceeded",
                    "Cannot exceed quota for InstanceSessionsPerInstanceProfile: " + ROLES_PER_PROFILE);
        }
        s.roleKeys.add(roleKey);
    }

    void removeRole(String profileName, String roleKey, String roleName, Instant now) {
        State s = existing(profileName, now);
        if (!s.roleKeys.remove(roleKey)) {
            throw AwsError.noSuchEntity("The role with name " + roleName + " cannot be found.");
        }
    }

    void delete(String profileName, Instant now) {
        State s = existing(profileName, now);
        if (!s.roleKeys.isEmpty()) {
            throw new AwsError(409, "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.");
        }
        profiles.remove(FakeAccount.key(profileName));
    }

    /** Removes the profile with whatever role it holds; whether there was one. */
    boolean remove(String name) {
        return profiles.remove(FakeAccount.key(name)) != null;
    }

    /** Takes a role out of every profile, as removing a role from an account does first. */
    void dropRole(String roleKey) {
        profiles.values().forEach(s -> s.roleKeys.remove(roleKey));
    }

    static void validateName(String name) {
        if (name == null) {
            throw AwsError.validation("1 validation error detected: Value null at 'instanceProfileName'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        if (!NAME.matcher(name).matches()) {
            throw AwsError.validation("1 validation error detected: Value '" + name + "' at 'instanceProfileName'"
                    + " failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
    }

    private State existing(String name, Instant now) {
        validateName(name);
        State s = profiles.get(FakeAccount.key(name));
        if (s == null || (now != null && s.visibleAt != null && now.isBefore(s.visibleAt))) {
            throw AwsError.noSuchEntity("Instance Profile " + name + " cannot be found.");
        }
        return s;
    }

    private static FakeInstanceProfile snapshot(State s, Function<String, FakeRole> roles) {
        List<FakeRole> in = new ArrayList<>();
        for (String key : s.roleKeys) {
            FakeRole r = roles.apply(key);
            if (r != null) {
                in.add(r);
            }
        }
        return new FakeInstanceProfile(s.name, s.path, s.arn, s.id, List.copyOf(in),
                Collections.unmodifiableMap(new LinkedHashMap<>(s.tags)), s.createDate);
    }
}
