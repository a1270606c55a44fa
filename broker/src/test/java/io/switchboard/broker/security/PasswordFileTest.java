package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PasswordFileTest {
    @TempDir
    Path dir;

    @Test
    void hashesAreSaltedAndVerifyOnlyTheRightPassword() {
        PasswordHash a = PasswordHash.create("secret".toCharArray(), 1_000);
        PasswordHash b = PasswordHash.create("secret".toCharArray(), 1_000);
        assertThat(a.format()).isNotEqualTo(b.format()).startsWith("$pbkdf2-sha512$1000$");
        assertThat(a.matches("secret".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(a.matches("Secret".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(PasswordHash.parse(a.format()).matches("secret".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void theDefaultIsPbkdf2WithAtLeast210000Iterations() {
        assertThat(PasswordHash.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(210_000);
        PasswordHash hash = PasswordHash.create("ünïcode pässword".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);
        assertThat(hash.salt()).hasSize(16);
        assertThat(hash.hash()).hasSize(64);
        assertThat(hash.matches("ünïcode pässword".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void writesAndReadsUsersWithoutKeepingThePasswordInTheFile() throws Exception {
        Path file = dir.resolve("users");
        PasswordFile.empty().with("alice", PasswordHash.create("wonderland".toCharArray(), 1_000), null)
                .with("bob", PasswordHash.create("builder".toCharArray(), 1_000), null).write(file);
        assertThat(Files.readString(file)).doesNotContain("wonderland").contains("alice:$pbkdf2-sha512$");
        PasswordFile read = PasswordFile.read(file);
        assertThat(read.size()).isEqualTo(2);
        assertThat(read.hashOf("bob").matches("builder".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(read.without("bob").hashOf("bob")).isNull();
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void badLinesAreRefusedWithFileAndLine() throws Exception {
        String good = PasswordHash.create("x".toCharArray(), 1_000).format();
        Path file = dir.resolve("p");
        Files.writeString(file, "# c\n\nno-colon-here\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessage(file + ":3: expected user:hash");
        Files.writeString(file, "a:" + good + "\na:" + good + "\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessage(file + ":2: user 'a' appears twice");
        Files.writeString(file, "a:$pbkdf2-sha512$10$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(86) + "\n");
        assertThatThrownBy(() -> PasswordFile.read(file))
                .hasMessage(file + ":1: user 'a': iterations must be at least 1000, got 10");
        Files.writeString(file, "a b:" + good + "\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessage(file + ":1: invalid user name 'a b'");
    }
}
