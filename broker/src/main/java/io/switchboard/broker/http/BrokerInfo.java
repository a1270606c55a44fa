package io.switchboard.broker.http;

import java.util.Map;

/**
 * What the broker tells about itself in the admin API and $SYS.
 *
 * @param version         the build's version
 * @param startedAtMillis when the broker started
 * @param transport       epoll or nio
 * @param durability      storage durability mode
 * @param listeners       bound port by listener name ("mqtt", "mqtt-ws", "http"); -1 when disabled
 */
public record BrokerInfo(String version, long startedAtMillis, String transport, String durability,
                         Map<String, Integer> listeners) {
    public BrokerInfo {
        listeners = Map.copyOf(listeners);
    }
}
