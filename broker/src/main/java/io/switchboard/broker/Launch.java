package io.switchboard.broker;

import java.io.PrintWriter;
import java.util.Map;

/**
 * What a command-line run gets from its surroundings, so that tests can run {@link Main} in-process.
 *
 * @param environment environment variables (config overrides, {@code SWITCHBOARD_HOME})
 * @param out         standard output (usage, version)
 * @param err         standard error (config and usage errors)
 * @param stopSignal  how {@code start} waits until the broker must stop
 */
public record Launch(Map<String, String> environment, PrintWriter out, PrintWriter err, StopSignal stopSignal) {
}
