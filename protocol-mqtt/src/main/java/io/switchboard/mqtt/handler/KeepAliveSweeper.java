package io.switchboard.mqtt.handler;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes the connections of one event loop whose client sent nothing for one and a half times its keep alive
 * [MQTT-3.1.2-24] (MQTT 5: [MQTT-3.1.2-22]). One timer per event loop instead of one idle handler and timer per
 * connection: a connection costs a slot in three arrays, and a packet read costs one array store, so that a
 * million idle connections stay cheap. The clock is the loop's own ticker (tests can freeze it) read once per
 * sweep; a read is stamped with the previous sweep's time, so the check allows one period more, never less:
 * a client is closed between 1.5 x keep alive and that plus two periods after its last packet.
 *
 * <p>Confined to its event loop, except the registry of sweepers, which removes a sweeper when its last
 * connection leaves (no timer keeps an idle loop awake).
 */
final class KeepAliveSweeper {
    static final long PERIOD_MILLIS = 500;
    private static final Map<EventExecutor, KeepAliveSweeper> BY_LOOP = new ConcurrentHashMap<>();

    private final EventExecutor loop;
    private Connection[] connections = new Connection[16];
    private long[] lastReadMillis = new long[16];
    private long[] limitMillis = new long[16];
    private int size;
    private long nowMillis;
    private ScheduledFuture<?> timer;

    private KeepAliveSweeper(EventExecutor loop) {
        this.loop = loop;
        this.nowMillis = clock();
    }

    /** Starts watching a connection for its keep alive (seconds, > 0); call on the connection's event loop. */
    static void watch(Connection c, EventExecutor loop, int keepAliveSeconds) {
        KeepAliveSweeper sweeper = BY_LOOP.computeIfAbsent(loop, KeepAliveSweeper::new);
        sweeper.add(c, keepAliveSeconds * 1500L);
    }

    private long clock() {
        return TimeUnit.NANOSECONDS.toMillis(loop.ticker().nanoTime());
    }

    private void add(Connection c, long limit) {
        if (c.keepAlive != null) {
            c.keepAlive.remove(c);
        }
        if (size == connections.length) {
            int capacity = size * 2;
            connections = Arrays.copyOf(connections, capacity);
            lastReadMillis = Arrays.copyOf(lastReadMillis, capacity);
            limitMillis = Arrays.copyOf(limitMillis, capacity);
        }
        connections[size] = c;
        lastReadMillis[size] = nowMillis;
        limitMillis[size] = limit;
        c.keepAlive = this;
        c.keepAliveSlot = size++;
        if (timer == null) {
            nowMillis = clock();
            lastReadMillis[c.keepAliveSlot] = nowMillis;
            timer = loop.scheduleAtFixedRate(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The client sent a packet. */
    void touched(int slot) {
        lastReadMillis[slot] = nowMillis;
    }

    /** Stops watching (the connection closed, or its keep alive changed). */
    void remove(Connection c) {
        int slot = c.keepAliveSlot;
        if (c.keepAlive != this || slot < 0 || slot >= size || connections[slot] != c) {
            return;
        }
        int last = --size;
        if (slot != last) {
            Connection moved = connections[last];
            connections[slot] = moved;
            lastReadMillis[slot] = lastReadMillis[last];
            limitMillis[slot] = limitMillis[last];
            moved.keepAliveSlot = slot;
        }
        connections[last] = null;
        c.keepAlive = null;
        c.keepAliveSlot = -1;
        if (size == 0 && timer != null) {
            timer.cancel(false);
            timer = null;
            BY_LOOP.remove(loop, this);
        }
    }

    private void sweep() {
        nowMillis = clock();
        // A stamp is at most one period older than the packet it records: count the silence from the period's end.
        for (int i = size - 1; i >= 0; i--) {
            if (nowMillis - lastReadMillis[i] - PERIOD_MILLIS > limitMillis[i]) {
                Connection c = connections[i];
                remove(c); // before closing: a close that completes later must not be fired twice
                c.ctx.fireExceptionCaught(ProtocolViolation.disconnect(ProtocolViolation.KEEP_ALIVE_TIMEOUT,
                        "keep alive timeout"));
            }
        }
    }

    /** Connections watched on this sweeper's loop, for tests. */
    int size() {
        return size;
    }
}
