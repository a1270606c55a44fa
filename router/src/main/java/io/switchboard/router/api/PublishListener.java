package io.switchboard.router.api;

/** Told, on the publishing session's executor, when a publish may be acknowledged and with what outcome. */
@FunctionalInterface
public interface PublishListener {
    void published(PublishOutcome outcome);
}
