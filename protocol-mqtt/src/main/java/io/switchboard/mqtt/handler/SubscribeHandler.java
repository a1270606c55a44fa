package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.RetainHandling;
import io.switchboard.router.api.SubscribeOutcome;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.security.Action;
import io.switchboard.router.security.Authorizer;
import io.switchboard.mqtt.MqttLimits;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE: one router subscription per filter, then SUBACK. The router sends retained messages after the
 * current task, so they follow the SUBACK.
 */
final class SubscribeHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SubscribeHandler.class);
    private static final int V3_FAILURE = 0x80;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final String SHARE_PREFIX = "$share/";

    private static final int TOPIC_FILTER_INVALID = 0x8F;
    private static final int QUOTA_EXCEEDED = 0x97;

    private final Authorizer authorizer;
    private final Supplier<MqttLimits> limits;

    SubscribeHandler(Authorizer authorizer, Supplier<MqttLimits> limits) {
        this.authorizer = authorizer;
        this.limits = limits;
    }

    void handle(Connection c, MqttSubscribeMessage packet) {
        List<MqttTopicSubscription> subscriptions = packet.payload().topicSubscriptions();
        if (subscriptions.isEmpty()) {
            throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                    "SUBSCRIBE without topic filter [MQTT-3.8.3-3]");
        }
        boolean v5 = c.isV5();
        int subscriptionId = v5 ? subscriptionId(packet.idAndPropertiesVariableHeader().properties()) : 0;
        int[] codes = new int[subscriptions.size()];
        MqttLimits limits = c.limits(this.limits.get());
        for (int i = 0; i < codes.length; i++) {
            MqttTopicSubscription subscription = subscriptions.get(i);
            String filter = subscription.topicFilter();
            int refusal = overLimit(c, limits, filter);
            if (refusal != 0) {
                options(v5, filter, subscription.option(), subscriptionId); // still a protocol check
                codes[i] = v5 ? refusal : V3_FAILURE;
                continue;
            }
            if (!allowed(c, filter)) {
                options(v5, filter, subscription.option(), subscriptionId); // still a protocol check
                LOG.info("subscribe.denied id={} user={} filter={}", c.clientId,
                        c.principal.anonymous() ? "-" : c.principal.name(), filter);
                codes[i] = v5 ? NOT_AUTHORIZED : V3_FAILURE;
                continue;
            }
            SubscribeOutcome outcome = c.session.subscribe(filter, options(v5, filter, subscription.option(),
                    subscriptionId));
            codes[i] = outcome.isGranted() ? outcome.granted().level()
                    : v5 ? failureCode(outcome.failure()) : V3_FAILURE;
        }
        c.write(Packets.suback(packet.variableHeader().messageId(), codes));
    }

    /** The MQTT 5 code refusing the filter for a limit (topic length or levels, subscriptions), or 0. */
    private static int overLimit(Connection c, MqttLimits limits, String filter) {
        if (!limits.topicAllowed(filter)) {
            LOG.info("subscribe.refused id={} filter_length={} reason=topic_limit", c.clientId, filter.length());
            return TOPIC_FILTER_INVALID;
        }
        int max = limits.maxSubscriptionsPerClient();
        if (max > 0 && c.session.subscriptionCount() >= max && !c.session.isSubscribed(filter)) {
            LOG.info("subscribe.refused id={} filter={} reason=max_subscriptions limit={}", c.clientId, filter, max);
            return QUOTA_EXCEEDED;
        }
        return 0;
    }

    /** The ACL's answer for the filter; a shared subscription is checked on its filter without the share prefix. */
    private boolean allowed(Connection c, String filter) {
        if (authorizer == Authorizer.ALLOW_ALL) {
            return true;
        }
        String checked = filter;
        if (filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            checked = slash < 0 ? filter : filter.substring(slash + 1);
        }
        return authorizer.isAllowed(c.principal, c.clientId, Action.SUBSCRIBE, checked);
    }

    private static int subscriptionId(MqttProperties properties) {
        List<? extends MqttProperty> ids = properties.getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER);
        if (ids.isEmpty()) {
            return 0;
        }
        int id = (Integer) ids.get(0).value();
        if (ids.size() > 1 || id <= 0 || id > 268_435_455) {
            throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                    "invalid subscription identifier (MQTT 5 section 3.8.2.1.2)");
        }
        return id;
    }

    private static SubscriptionOptions options(boolean v5, String filter, MqttSubscriptionOption option,
                                               int subscriptionId) {
        Qos qos = Qos.ofLevel(option.qos().value());
        boolean defaults = !option.isNoLocal() && !option.isRetainAsPublished()
                && option.retainHandling() == MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE;
        if (!v5) {
            if (!defaults) {
                throw ProtocolViolation.disconnect(ProtocolViolation.MALFORMED_PACKET,
                        "reserved subscription option bits set [MQTT-3.8.3-4]");
            }
            return SubscriptionOptions.of(qos);
        }
        if (option.isNoLocal() && filter.startsWith("$share/")) {
            throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                    "no local on a shared subscription [MQTT-3.8.3-4]");
        }
        if (defaults && subscriptionId == 0) {
            return SubscriptionOptions.of(qos);
        }
        return new SubscriptionOptions(qos, option.isNoLocal(), option.isRetainAsPublished(),
                RetainHandling.ofCode(option.retainHandling().value()), subscriptionId);
    }

    static int failureCode(SubscribeOutcome.Failure failure) {
        return switch (failure) {
            case TOPIC_FILTER_INVALID -> 0x8F;
            case SHARED_SUBSCRIPTIONS_NOT_SUPPORTED -> 0x9E;
            case SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED -> 0xA1;
            case WILDCARDS_NOT_SUPPORTED -> 0xA2;
            case QUOTA_EXCEEDED -> 0x97;
            case NOT_AUTHORIZED -> 0x87;
        };
    }
}
