package io.switchboard.persistence;

/** What opening does with a data file that does not open or does not verify. */
public enum RecoveryPolicy {
    /**
     * The default: nothing is changed on disk and opening fails with a {@link StoreCorruptedException} that
     * names the file, the error, and the two ways out (salvage, or move the directory away).
     */
    REFUSE,
    /**
     * Move the damaged file aside as {@code switchboard.db.corrupt-<timestamp>}, copy every record that
     * still reads and verifies into a fresh file, and log one line with what was kept.
     */
    SALVAGE
}
