package io.switchboard.router.api;

/**
 * One message handed to one queue consumer.
 *
 * @param tag           identifies the delivery for its settlement; unique per queue
 * @param message       the shared message
 * @param deliveryCount how many earlier deliveries of this message failed (AMQP header delivery-count)
 */
public record QueueDelivery(long tag, Message message, int deliveryCount) {
}
