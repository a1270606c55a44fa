package io.switchboard.bench.jmh;

import io.switchboard.router.topic.Subscriber;

/** A connected subscriber for the topic-tree benchmarks. */
record BenchSubscriber(String subscriberId) implements Subscriber {
    @Override
    public boolean isConnected() {
        return true;
    }
}
