package io.switchboard.persistence;

/** A stored record that does not decode: wrong checksum, wrong version, impossible field. */
final class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptRecordException(String message) {
        super(message);
    }
}
