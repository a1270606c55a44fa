package io.switchboard.router.security;

import java.util.Objects;

/**
 * Who a connected client is, once authenticated.
 *
 * @param name      the user name rules and logs refer to; empty for an anonymous client
 * @param anonymous true when the client was admitted without credentials
 */
public record Principal(String name, boolean anonymous) {
    public static final Principal ANONYMOUS = new Principal("", true);

    public Principal {
        Objects.requireNonNull(name, "name");
    }

    public static Principal user(String name) {
        return new Principal(name, false);
    }
}
