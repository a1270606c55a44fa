package io.switchboard.broker.security;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flapping detection: a client id that connects more than {@code maxConnects} times within the window is banned
 * for a while (every connect attempt counts, refused ones too, so a client cannot flap through the ban).
 * Thread-safe; idle histories are forgotten when many accumulate.
 */
final class FlappingDetector {
    private static final Logger LOG = LoggerFactory.getLogger(FlappingDetector.class);
    private static final int FORGET_ABOVE = 100_000;

    private final int maxConnects;
    private final long windowNanos;
    private final long banNanos;
    private final ConcurrentHashMap<String, History> histories = new ConcurrentHashMap<>();

    private static final class History {
        final ArrayDeque<Long> connects = new ArrayDeque<>();
        long bannedUntil;
        long lastSeen;
    }

    FlappingDetector(int maxConnects, int windowSeconds, int banSeconds) {
        this.maxConnects = maxConnects;
        this.windowNanos = TimeUnit.SECONDS.toNanos(windowSeconds);
        this.banNanos = TimeUnit.SECONDS.toNanos(banSeconds);
    }

    /** Records a connect of the client id; false when the id is banned (now or from this connect on). */
    boolean allow(String clientId, String address, long nowNanos) {
        if (histories.size() > FORGET_ABOVE) {
            histories.values().removeIf(h -> nowNanos - h.lastSeen > windowNanos && h.bannedUntil - nowNanos < 0);
        }
        History history = histories.computeIfAbsent(clientId, id -> new History());
        synchronized (history) {
            history.lastSeen = nowNanos;
            if (history.bannedUntil != 0 && history.bannedUntil - nowNanos > 0) {
                return false;
            }
            history.connects.addLast(nowNanos);
            while (!history.connects.isEmpty() && nowNanos - history.connects.peekFirst() > windowNanos) {
                history.connects.pollFirst();
            }
            if (history.connects.size() > maxConnects) {
                history.connects.clear();
                history.bannedUntil = nowNanos + banNanos;
                LOG.warn("client.flapping_banned client={} addr={} connects_over={} window_s={} ban_s={}",
                        PasswordAuthenticator.printable(clientId), address, maxConnects,
                        TimeUnit.NANOSECONDS.toSeconds(windowNanos), TimeUnit.NANOSECONDS.toSeconds(banNanos));
                return false;
            }
            return true;
        }
    }
}
