package io.switchboard.mqtt;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Netty's leak detector reports a leaked buffer during or before it. Registered for
 * every test class by JUnit's extension autodetection ({@code META-INF/services}); leak detection runs at
 * {@code paranoid} level (root pom surefire argLine). After each class it forces a garbage collection and
 * allocates buffers so that the detector reports what was collected unreleased.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(LeakCheck.class);
    private static final List<String> LEAKS = new ArrayList<>();
    private static int reported;
    private static boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        collectGarbage();
        collectGarbage();
        List<String> fresh;
        synchronized (LEAKS) {
            fresh = List.copyOf(LEAKS.subList(reported, LEAKS.size()));
            reported = LEAKS.size();
        }
        if (!fresh.isEmpty()) {
            throw new AssertionError("Netty reported " + fresh.size() + " leak(s) by the end of "
                    + context.getDisplayName() + ":\n" + String.join("\n", fresh));
        }
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            LOG.warn("event=leak_check_level level={} action=raised_to_paranoid (the surefire argLine sets it)",
                    ResourceLeakDetector.getLevel());
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        Logger nettyLeakLogger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        LeakAppender appender = new LeakAppender();
        appender.setContext(nettyLeakLogger.getLoggerContext());
        appender.setName("leak-check");
        appender.start();
        nettyLeakLogger.addAppender(appender);
        if (!nettyLeakLogger.isErrorEnabled()) {
            nettyLeakLogger.setLevel(Level.ERROR);
        }
        installed = true;
    }

    /** Runs a full GC, waits until a sentinel was enqueued, then touches the allocators so leaks get reported. */
    private static void collectGarbage() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        if (queue.remove(2_000) == null) {
            LOG.warn("event=leak_check_gc_slow sentinel={}", sentinel.refersTo(null));
        }
        for (ByteBufAllocator allocator : new ByteBufAllocator[] {ByteBufAllocator.DEFAULT,
                PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
            ByteBuf heap = allocator.heapBuffer(8);
            heap.release();
            ByteBuf direct = allocator.directBuffer(8);
            direct.release();
        }
    }

    private static final class LeakAppender extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            String message = event.getFormattedMessage();
            if (event.getLevel().isGreaterOrEqual(Level.ERROR) && message.contains("LEAK:")) {
                synchronized (LEAKS) {
                    LEAKS.add(message);
                }
            }
        }
    }
}
