package io.switchboard.broker.config;

/**
 * Section {@code sys}: the broker's own {@code $SYS/...} status topics.
 *
 * @param intervalSeconds how often they are published (retained); 0 disables them
 */
public record SysConfig(int intervalSeconds) {
    public static final SysConfig DEFAULTS = new SysConfig(10);

    public SysConfig {
        InvalidValueException.range("interval_seconds", intervalSeconds, 0, 86_400);
    }
}
