package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.router.security.Action;
import io.switchboard.router.security.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ACL's matching rules, one table of cases per feature. */
@Timeout(30)
class AclAuthorizerTest {
    private static final Principal ALICE = Principal.user("alice");
    private static final Principal BOB = Principal.user("bob");

    @TempDir
    Path dir;

    private AclAuthorizer acl(String... lines) throws Exception {
        Path file = dir.resolve("acl");
        Files.write(file, List.of(lines));
        return AclAuthorizer.read(file);
    }

    @Test
    void firstMatchingRuleWinsAndNothingMatchingDenies() throws Exception {
        AclAuthorizer acl = acl("# comment", "", "deny both sensors/secret", "allow both sensors/#");
        assertThat(acl.isAllowed(ALICE, "c", Action.PUBLISH, "sensors/a")).isTrue();
        assertThat(acl.isAllowed(ALICE, "c", Action.PUBLISH, "sensors/secret")).isFalse();
        assertThat(acl.isAllowed(ALICE, "c", Action.PUBLISH, "sensors")).isTrue(); // 'a/#' matches 'a'
        assertThat(acl.isAllowed(ALICE, "c", Action.PUBLISH, "other")).isFalse();
    }

    @Test
    void aSubscriptionNeedsARuleCoveringItsWholeFilter() throws Exception {
        AclAuthorizer acl = acl("allow subscribe sensors/#", "allow subscribe rooms/+/temp");
        assertThat(acl.isAllowed(ALICE, "c", Action.SUBSCRIBE, "sensors/+/x")).isTrue();
        assertThat(acl.isAllowed(ALICE, "c", Action.SUBSCRIBE, "sensors/#")).isTrue();
        assertThat(acl.isAllowed(ALICE, "c", Action.SUBSCRIBE, "#")).isFalse();
        assertThat(acl.isAllowed(ALICE, "c", Action.SUBSCRIBE, "rooms/+/temp")).isTrue();
        assertThat(acl.isAllowed(ALICE, "c", Action.SUBSCRIBE, "rooms/#")).isFalse();
        assertThat(acl.isAllowed(ALICE, "c", Action.SUBSCRIBE, "rooms/1/+")).isFalse();
        assertThat(acl.isAllowed(ALICE, "c", Action.PUBLISH, "sensors/1")).isFalse();
    }

    @Test
    void usersAndClientsSelectRules() throws Exception {
        AclAuthorizer acl = acl("allow publish a/# user=alice", "allow publish b/# client=dev-*",
                "allow subscribe public/# user=$anonymous", "allow subscribe all/# user=*");
        assertThat(acl.isAllowed(ALICE, "x", Action.PUBLISH, "a/1")).isTrue();
        assertThat(acl.isAllowed(BOB, "x", Action.PUBLISH, "a/1")).isFalse();
        assertThat(acl.isAllowed(BOB, "dev-7", Action.PUBLISH, "b/1")).isTrue();
        assertThat(acl.isAllowed(BOB, "web-7", Action.PUBLISH, "b/1")).isFalse();
        assertThat(acl.isAllowed(Principal.ANONYMOUS, "x", Action.SUBSCRIBE, "public/x")).isTrue();
        assertThat(acl.isAllowed(ALICE, "x", Action.SUBSCRIBE, "public/x")).isFalse();
        assertThat(acl.isAllowed(Principal.ANONYMOUS, "x", Action.SUBSCRIBE, "all/x")).isTrue();
    }

    @Test
    void substitutesUserAndClientIdButNeverIntoWildcardsOrExtraLevels() throws Exception {
        AclAuthorizer acl = acl("allow both users/%u/#", "allow publish devices/%c/up", "allow both x/pre-%c");
        assertThat(acl.isAllowed(ALICE, "c1", Action.SUBSCRIBE, "users/alice/#")).isTrue();
        assertThat(acl.isAllowed(ALICE, "c1", Action.SUBSCRIBE, "users/bob/#")).isFalse();
        assertThat(acl.isAllowed(Principal.ANONYMOUS, "c1", Action.PUBLISH, "users//x")).isFalse();
        assertThat(acl.isAllowed(BOB, "c1", Action.PUBLISH, "devices/c1/up")).isTrue();
        assertThat(acl.isAllowed(BOB, "#", Action.PUBLISH, "devices/#/up")).isFalse();
        assertThat(acl.isAllowed(BOB, "+", Action.PUBLISH, "devices/+/up")).isFalse();
        assertThat(acl.isAllowed(BOB, "a/b", Action.PUBLISH, "devices/a/b/up")).isFalse();
        assertThat(acl.isAllowed(BOB, "c9", Action.PUBLISH, "x/pre-c9")).isTrue();
    }

    @Test
    void wildcardsAtTheFirstLevelDoNotCoverDollarTopics() throws Exception {
        AclAuthorizer acl = acl("allow both #", "allow subscribe $SYS/broker/#");
        assertThat(acl.isAllowed(ALICE, "c", Action.PUBLISH, "$SYS/x")).isFalse();
        assertThat(acl.isAllowed(ALICE, "c", Action.SUBSCRIBE, "$SYS/broker/load")).isTrue();
        assertThat(acl.isAllowed(ALICE, "c", Action.SUBSCRIBE, "anything/else")).isTrue();
    }

    @Test
    void badLinesAreRefusedWithFileAndLine() throws Exception {
        Path file = dir.resolve("acl");
        assertThatThrownBy(() -> acl("allow both a", "permit both b")).hasMessage(file + ":2: expected allow or deny, got 'permit'");
        assertThatThrownBy(() -> acl("allow read b")).hasMessage(file + ":1: expected publish, subscribe or both, got 'read'");
        assertThatThrownBy(() -> acl("allow both a/#/b")).hasMessage(file + ":1: invalid topic filter 'a/#/b': '#' must be the last level, alone");
        assertThatThrownBy(() -> acl("allow both a/b+")).hasMessage(file + ":1: invalid topic filter 'a/b+': '+' must be a whole level");
        assertThatThrownBy(() -> acl("allow both a owner=x")).hasMessage(file + ":1: unexpected 'owner=x' (expected user=NAME or client=ID)");
        assertThatThrownBy(() -> acl("allow both")).hasMessageStartingWith(file + ":1: expected: allow|deny");
    }
}
