package io.switchboard.broker.config;

/**
 * A config value outside its allowed range, thrown by the config records' constructors. {@code key} is the
 * snake_case name of the offending key within its section; the loader adds the section path and the source.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private final String key;

    public InvalidValueException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The problem without the key prefix, e.g. "must be between 1 and 65535, got 0". */
    public String problem() {
        return getMessage().substring(key.length() + 2);
    }

    static int range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidValueException(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static long range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidValueException(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static <T> T required(String key, T value) {
        if (value == null) {
            throw new InvalidValueException(key, "must be set");
        }
        return value;
    }
}
