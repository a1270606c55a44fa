package io.switchboard.mqtt.handler;

import java.util.HashMap;
import java.util.Map;

/**
 * Topic aliases the broker uses towards a client that announced a Topic Alias Maximum. Aliases 1..maximum are
 * handed out to topics in order of first use and kept for the connection; when all are taken, further topics
 * are sent in full.
 */
final class OutboundTopicAliases {
    private final int maximum;
    private final Map<String, Integer> aliasByTopic = new HashMap<>();

    OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /** The alias already assigned to the topic, or 0. */
    int existing(String topic) {
        Integer alias = aliasByTopic.get(topic);
        return alias == null ? 0 : alias;
    }

    /** The alias the next new topic would get, or 0 when all aliases are taken. Does not assign it. */
    int next() {
        int size = aliasByTopic.size();
        return size < maximum ? size + 1 : 0;
    }

    /** Records that {@code alias} (obtained from {@link #next()}) now stands for the topic on this connection. */
    void assign(String topic, int alias) {
        aliasByTopic.put(topic, alias);
    }
}
