package io.switchboard.broker;

import io.switchboard.persistence.StoreCorruptedException;
import io.switchboard.persistence.StoreOpenException;

/** The one-line explanation of a store that cannot be opened, in the broker's terms. */
final class StorageErrors {
    private StorageErrors() {
    }

    /** The store's own message (it says what to do) plus the config key that selects salvage. */
    static String explain(StoreOpenException e) {
        String message = e.getMessage().replaceAll("\\s*\\R\\s*", " ");
        if (e instanceof StoreCorruptedException) {
            return message + " With bin/switchboard: --set storage.recovery=salvage (or storage.recovery: salvage"
                    + " in the config file).";
        }
        return message;
    }
}
