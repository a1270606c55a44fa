package io.switchboard.broker;

import java.util.concurrent.CountDownLatch;

/** How the {@code start} command waits for its broker to stop; it returns once the broker is closed. */
@FunctionalInterface
public interface StopSignal {
    void awaitStop(Broker broker) throws InterruptedException;

    /**
     * Stops on SIGTERM or Ctrl-C: a shutdown hook closes the broker, then ends the process with exit code 0
     * (a requested stop is a success, where the JVM would otherwise report 143 for SIGTERM).
     */
    static StopSignal shutdownHook() {
        return broker -> {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.close();
                stopped.countDown();
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(Main.EXIT_OK);
            }, "switchboard-shutdown"));
            stopped.await();
        };
    }
}
