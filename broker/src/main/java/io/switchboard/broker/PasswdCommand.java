package io.switchboard.broker;

import io.switchboard.broker.security.InvalidRulesException;
import io.switchboard.broker.security.PasswordFile;
import io.switchboard.broker.security.PasswordHash;
import io.switchboard.broker.security.ScramCredential;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard passwd FILE USER}: adds a user to the password file or changes its password. The password
 * is read from the terminal (twice, not echoed) or, when stdin is not a terminal, from the first line of stdin;
 * never from the command line, where other users of the machine could see it.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = "Adds USER to the password FILE (created if missing) or changes its password. The password is"
                + " read from the terminal, or from the first line of stdin when it is not a terminal. Writes a"
                + " PBKDF2-HMAC-SHA512 hash (user name and password logins) and a SCRAM-SHA-256 credential (MQTT 5"
                + " enhanced authentication); neither lets anyone recover the password.")
final class PasswdCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The password file (security.password_file).")
    private Path file;

    @Parameters(index = "1", paramLabel = "USER", description = "The user name (no ':' or spaces).")
    private String user;

    @Option(names = "--delete", description = "Removes USER instead.")
    private boolean delete;

    @Option(names = "--iterations", paramLabel = "N",
            description = "PBKDF2-HMAC-SHA512 iterations (default: ${DEFAULT-VALUE}).")
    private int iterations = PasswordHash.DEFAULT_ITERATIONS;

    @Option(names = "--scram-iterations", paramLabel = "N",
            description = "PBKDF2-HMAC-SHA256 iterations of the SCRAM-SHA-256 credential; every SCRAM client computes"
                    + " them at each connection (default: ${DEFAULT-VALUE}, at least 4096).")
    private int scramIterations = ScramCredential.DEFAULT_ITERATIONS;

    private final Launch launch;
    private final Console console;
    private final InputStream stdin;

    PasswdCommand(Launch launch, Console console, InputStream stdin) {
        this.launch = launch;
        this.console = console;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        if (!PasswordFile.validUserName(user)) {
            return fail("invalid user name '" + user + "' (no ':' or white space)");
        }
        if (iterations < PasswordHash.MIN_ITERATIONS) {
            return fail("--iterations must be at least " + PasswordHash.MIN_ITERATIONS);
        }
        if (scramIterations < ScramCredential.MIN_ITERATIONS) {
            return fail("--scram-iterations must be at least " + ScramCredential.MIN_ITERATIONS);
        }
        PasswordFile users;
        try {
            users = Files.exists(file) ? PasswordFile.read(file) : PasswordFile.empty();
        } catch (InvalidRulesException e) {
            return fail(e.getMessage());
        }
        if (delete) {
            if (users.hashOf(user) == null) {
                return fail("no user '" + user + "' in " + file);
            }
            users.without(user).write(file);
            launch.out().println("removed user " + user + " from " + file);
            return Main.EXIT_OK;
        }
        char[] password = readPassword();
        if (password == null) {
            return Main.EXIT_USAGE;
        }
        try {
            users.with(user, PasswordHash.create(password, iterations),
                    ScramCredential.create(password, scramIterations)).write(file);
        } finally {
            Arrays.fill(password, '\0');
        }
        launch.out().println((users.hashOf(user) == null ? "added user " : "changed the password of ") + user
                + " in " + file + " (send SIGHUP to a running broker to reload)");
        return Main.EXIT_OK;
    }

    private char[] readPassword() throws IOException {
        char[] password;
        if (console != null) {
            password = console.readPassword("Password for %s: ", user);
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                fail("the passwords differ");
                return null;
            }
            Arrays.fill(again, '\0');
        } else {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            password = line == null ? null : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            fail("empty password");
            return null;
        }
        return password;
    }

    private int fail(String message) {
        launch.err().println("switchboard passwd: " + message);
        launch.err().flush();
        return Main.EXIT_USAGE;
    }
}
