package io.switchboard.broker;

import io.switchboard.broker.security.InvalidRulesException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP re-reads the password file, the ACL and the TLS certificates without dropping a connection. A file
 * that cannot be used is reported with its file and line ({@code security.reload_failed}) and every rule in
 * force stays.
 */
final class ReloadSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    static void install(Broker broker) {
        try {
            Signal.handle(new Signal("HUP"), signal -> reload(broker));
        } catch (IllegalArgumentException e) {
            LOG.warn("reload.signal_unavailable reason=\"{}\" (reload by restarting)", e.getMessage());
        }
    }

    /** Reloads and logs the outcome; returns true when the new rules are in force. */
    static boolean reload(Broker broker) {
        LOG.info("security.reload_requested");
        try {
            broker.security().reload();
            return true;
        } catch (InvalidRulesException e) {
            LOG.error("security.reload_failed reason=\"{}\" (the previous rules stay in force)", e.getMessage());
            return false;
        }
    }
}
