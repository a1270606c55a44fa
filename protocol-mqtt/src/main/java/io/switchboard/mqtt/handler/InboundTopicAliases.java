package io.switchboard.mqtt.handler;

/**
 * Topic aliases a client set towards the broker (MQTT 5, section 3.3.2.3.4). Aliases are per connection and
 * start empty [MQTT-3.3.2-7].
 */
final class InboundTopicAliases {
    private final int maximum;
    private String[] topics;

    InboundTopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /**
     * Resolves the topic of an inbound PUBLISH.
     *
     * @param topic the topic name as sent (may be empty when an alias is given)
     * @param alias the Topic Alias property, or -1 when absent
     * @return the topic to route
     * @throws ProtocolViolation 0x94 for an alias of 0 or above the maximum [MQTT-3.3.2-8], [MQTT-3.3.2-9];
     *                           0x82 for an empty topic without a known alias
     */
    String resolve(String topic, int alias) {
        if (alias < 0) {
            if (topic.isEmpty()) {
                throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR, "empty topic without topic alias");
            }
            return topic;
        }
        if (alias == 0 || alias > maximum) {
            throw ProtocolViolation.disconnect(ProtocolViolation.TOPIC_ALIAS_INVALID,
                    "topic alias " + alias + " outside 1.." + maximum);
        }
        if (!topic.isEmpty()) {
            if (topics == null) {
                topics = new String[maximum + 1];
            }
            topics[alias] = topic;
            return topic;
        }
        String known = topics == null ? null : topics[alias];
        if (known == null) {
            throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR, "unknown topic alias " + alias);
        }
        return known;
    }
}
