package io.switchboard.broker.config;

/**
 * Section {@code storage}.
 *
 * @param dir        data directory, created on start; relative paths are resolved against the working directory
 * @param durability volatile (memory only); local (MapDB) is reserved for the persistence module
 */
public record StorageConfig(String dir, Durability durability) {
    public static final StorageConfig DEFAULTS = new StorageConfig("./data", Durability.VOLATILE);

    public StorageConfig {
        if (dir == null || dir.isBlank()) {
            throw new InvalidValueException("dir", "must be a non-empty path");
        }
        InvalidValueException.required("durability", durability);
        if (durability == Durability.LOCAL) {
            throw new InvalidValueException("durability",
                    "'local' is not available yet (it arrives with the MapDB persistence module); use 'volatile'");
        }
    }
}
