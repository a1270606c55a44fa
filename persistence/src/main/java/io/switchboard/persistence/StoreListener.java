package io.switchboard.persistence;

/**
 * Told of each commit and checkpoint, on the store's writer thread: keep it short (a meter update). Registered
 * with {@link MapDbStore#setListener}.
 */
public interface StoreListener {
    /** A batch of {@code writes} operations was made durable (journal write and force) in {@code nanos}. */
    void committed(int writes, long nanos);

    /** The MapDB file was committed as a checkpoint in {@code nanos}. */
    void checkpointed(long nanos);
}
