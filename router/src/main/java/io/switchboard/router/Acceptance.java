package io.switchboard.router;

/**
 * Told by a destination when it has taken a message in (and issued any store writes for it), or dropped it.
 * Called exactly once per offer that carried it, from the destination's thread.
 */
@FunctionalInterface
public interface Acceptance {
    void accepted();
}
