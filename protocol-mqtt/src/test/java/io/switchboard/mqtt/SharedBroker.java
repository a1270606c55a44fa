package io.switchboard.mqtt;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One broker for a whole test class, started before its first test and closed after its last:
 * {@code @RegisterExtension static final SharedBroker broker = new SharedBroker();} then
 * {@code new Clients(broker)} and {@code broker.get()} in the tests.
 */
public final class SharedBroker implements BeforeAllCallback, AfterAllCallback, Supplier<TestBroker> {
    private final Supplier<TestBroker> starter;
    private TestBroker broker;

    /** A broker with the default settings. */
    public SharedBroker() {
        this(TestBroker::start);
    }

    public SharedBroker(Supplier<TestBroker> starter) {
        this.starter = starter;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public TestBroker get() {
        if (broker == null) {
            throw new IllegalStateException("the shared broker runs only between beforeAll and afterAll");
        }
        return broker;
    }
}
