package io.switchboard.broker.security;

import java.nio.file.Path;

/**
 * A password or ACL file that cannot be used, with the file and line ({@code file:line: problem}; line 0 when
 * the file as a whole cannot be read).
 */
public final class InvalidRulesException extends IllegalArgumentException {
    public InvalidRulesException(Path file, int line, String problem) {
        super(line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem);
    }

    /** A problem already described with its source (e.g. a config error on reload). */
    public InvalidRulesException(String message) {
        super(message);
    }
}
