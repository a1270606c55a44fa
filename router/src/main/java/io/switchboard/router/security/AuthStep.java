package io.switchboard.router.security;

import java.util.Objects;

/** The answer of an {@link AuthExchange} to one client message. */
public sealed interface AuthStep {

    /** The method needs another message from the client; {@code data} is the server's challenge. */
    record Continue(byte[] data) implements AuthStep {
        public Continue {
            Objects.requireNonNull(data, "data");
        }
    }

    /** The client proved who it is; {@code data} is the server's last message (may be empty), for the client. */
    record Success(Principal principal, byte[] data) implements AuthStep {
        public Success {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * The client is refused; {@code reason} is a short token for logs (never a secret). The exchange logged the
     * failure already.
     */
    record Failure(AuthenticationResult.Failure kind, String reason) implements AuthStep {
        public Failure {
            Objects.requireNonNull(kind, "kind");
        }
    }
}
