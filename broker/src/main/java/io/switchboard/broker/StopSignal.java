package io.switchboard.broker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** How the {@code start} command waits for its broker to stop; it returns once the broker is closed. */
@FunctionalInterface
public interface StopSignal {
    /** Longest a stop may take before the process is ended anyway. */
    long STOP_DEADLINE_SECONDS = 8;

    void awaitStop(Broker broker) throws InterruptedException;

    /**
     * Stops on SIGTERM or Ctrl-C: a shutdown hook closes the broker, then ends the process with exit code 0
     * (a requested stop is a success, where the JVM would otherwise report 143 for SIGTERM). A stop that
     * takes longer than {@link #STOP_DEADLINE_SECONDS} ends the process with exit code 1. SIGHUP reloads the
     * security rules ({@link ReloadSignal}).
     */
    static StopSignal shutdownHook() {
        return broker -> {
            ReloadSignal.install(broker);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Thread watchdog = new Thread(() -> haltUnlessStopped(stopped), "switchboard-stop-watchdog");
                watchdog.setDaemon(true);
                watchdog.start();
                broker.close();
                stopped.countDown();
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(Main.EXIT_OK);
            }, "switchboard-shutdown"));
            stopped.await();
        };
    }

    private static void haltUnlessStopped(CountDownLatch stopped) {
        try {
            if (stopped.await(STOP_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
            LoggerFactory.getLogger(StopSignal.class).error("broker.stop_timeout after_seconds={}",
                    STOP_DEADLINE_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        Runtime.getRuntime().halt(Main.EXIT_FAILURE);
    }
}
