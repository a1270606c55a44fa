package io.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.switchboard.router.limit.ConnectionGate;
import io.switchboard.router.security.AuthenticationResult;
import io.switchboard.router.security.Authenticator;
import io.switchboard.router.security.Authorizer;
import io.switchboard.router.security.Principal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * python-qpid-proton (Debian's {@code python3-qpid-proton}, run with {@code /usr/bin/python3}; {@code bin/test}
 * installs it when missing) as the third client stack: topic fan-out with every mapped property, a map body,
 * unsettled sends in order, a queue in order with a released message redelivered. The script prints one line
 * per check.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PythonProtonTest {
    private static final Path SCRIPT = Path.of("src", "test", "python", "interop.py");
    private static final Path SASL_SCRIPT = Path.of("src", "test", "python", "sasl.py");
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void pythonClientPassesTheInteropScript() throws Exception {
        assertThat(Files.isExecutable(Path.of(PYTHON))).as(PYTHON + " exists").isTrue();
        try (TestBroker broker = new TestBroker()) {
            Process process = new ProcessBuilder(PYTHON, SCRIPT.toString(), String.valueOf(broker.port()))
                    .redirectErrorStream(true).start();
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(exited).as("script finished; output:%n%s", output).isTrue();
            assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
            assertThat(output).contains("OK reply-to", "OK map body decodes", "OK unsettled in order",
                    "OK queue in order", "OK released redelivered", "ALL OK");
        }
    }

    @Test
    void pythonClientSaslPlainIsCheckedByTheAuthenticator() throws Exception {
        Authenticator authenticator = credentials -> "py-user".equals(credentials.username())
                && Arrays.equals("py-secret".getBytes(StandardCharsets.UTF_8), credentials.password())
                ? AuthenticationResult.success(Principal.user("py-user"))
                : AuthenticationResult.failure(AuthenticationResult.Failure.BAD_CREDENTIALS, "bad");
        ExecutorService authThread = Executors.newSingleThreadExecutor();
        AmqpSecurity security = new AmqpSecurity(authenticator, Authorizer.ALLOW_ALL, authThread, false, null,
                () -> AmqpLimits.NONE, new ConnectionGate());
        try (TestBroker broker = new TestBroker(AmqpSettings.DEFAULTS.withPort(0), security)) {
            String output = run(SASL_SCRIPT, broker.port());
            assertThat(output).contains("OK plain accepted", "OK wrong password refused", "OK unknown user refused",
                    "OK anonymous refused", "ALL OK");
        } finally {
            authThread.shutdownNow();
        }
    }

    private static String run(Path script, int port) throws Exception {
        Process process = new ProcessBuilder(PYTHON, script.toString(), String.valueOf(port))
                .redirectErrorStream(true).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("script finished; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
        return output;
    }
}
