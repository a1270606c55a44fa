package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.broker.security.PasswordFile;
import io.switchboard.broker.security.ScramCredential;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard passwd FILE USER} with the password on stdin (no terminal in tests). */
@Timeout(60)
class PasswdCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        Launch launch = new Launch(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
                broker -> broker.close());
        CommandLine commandLine = new CommandLine(new PasswdCommand(launch, null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        commandLine.setErr(launch.err());
        return commandLine.execute(args);
    }

    @Test
    void addsChangesAndRemovesUsersReadingThePasswordFromStdin() throws Exception {
        Path file = dir.resolve("conf/passwords");
        assertThat(run("s3cret\n", file.toString(), "alice", "--iterations", "1000")).isZero();
        assertThat(out.toString()).contains("added user alice");
        assertThat(PasswordFile.read(file).hashOf("alice").matches("s3cret".getBytes(StandardCharsets.UTF_8)))
                .isTrue();

        assertThat(run("other\n", file.toString(), "alice", "--iterations", "1000")).isZero();
        assertThat(out.toString()).contains("changed the password of alice");
        assertThat(PasswordFile.read(file).hashOf("alice").matches("other".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(Files.readString(file)).doesNotContain("other");
        ScramCredential scram = PasswordFile.read(file).entryOf("alice").scram();
        assertThat(scram).isNotNull();
        assertThat(scram.storedKey()).isEqualTo(ScramCredential.derive("other".toCharArray(), scram.salt(),
                scram.iterations()).storedKey());

        assertThat(run("", file.toString(), "alice", "--delete")).isZero();
        assertThat(PasswordFile.read(file).hashOf("alice")).isNull();
    }

    @Test
    void theDefaultHashUses210000Iterations() throws Exception {
        Path file = dir.resolve("passwords");
        assertThat(run("pw\n", file.toString(), "carol")).isZero();
        assertThat(Files.readString(file)).contains("carol:$pbkdf2-sha512$210000$").contains(":$scram-sha-256$4096$");
        assertThat(run("pw\n", file.toString(), "dave", "--scram-iterations", "8192")).isZero();
        assertThat(PasswordFile.read(file).entryOf("dave").scram().iterations()).isEqualTo(8192);
        assertThat(run("pw\n", file.toString(), "erin", "--scram-iterations", "100")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void refusesEmptyPasswordsAndBadUserNames() {
        Path file = dir.resolve("passwords");
        assertThat(run("\n", file.toString(), "dave")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("empty password");
        assertThat(run("pw\n", file.toString(), "a:b")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("invalid user name 'a:b'");
        assertThat(file).doesNotExist();
    }
}
