package io.switchboard.broker;

import io.switchboard.broker.security.InvalidRulesException;
import io.switchboard.broker.security.SecurityReload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP (and {@code POST /api/reload}, which runs the same {@link #reload}) re-reads the password file, the ACL,
 * the limits and the TLS certificates without dropping a connection. A file that cannot be used is reported with
 * its file and line ({@code security.reload_failed}) and every rule in force stays.
 */
final class ReloadSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    static void install(Broker broker) {
        try {
            Signal.handle(new Signal("HUP"), signal -> {
                try {
                    reload(broker, "signal");
                } catch (InvalidRulesException e) {
                    // logged by reload; the previous rules stay
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.warn("reload.signal_unavailable reason=\"{}\" (reload by restarting)", e.getMessage());
        }
    }

    /**
     * Reloads and logs the outcome; returns what is now in force, or throws {@link InvalidRulesException} (logged
     * as {@code security.reload_failed}) with every previous rule still in force.
     *
     * @param source who asked, for the log: "signal" or "admin_api"
     */
    static SecurityReload reload(Broker broker, String source) {
        LOG.info("security.reload_requested source={}", source);
        try {
            return broker.security().reload();
        } catch (InvalidRulesException e) {
            LOG.error("security.reload_failed reason=\"{}\" source={} (the previous rules stay in force)",
                    e.getMessage(), source);
            throw e;
        }
    }
}
