package io.switchboard.bench;

/** What one subscriber connection received, per publisher; owned by that connection's event loop. */
public final class DeliveryLog {
    private final SeqSet[] byPublisher;
    private long duplicates;
    private long unknownPublisher;

    public DeliveryLog(int publishers) {
        this.byPublisher = new SeqSet[publishers];
    }

    /** Records one delivery; returns false for a duplicate. */
    public boolean record(int publisherId, long seq) {
        if (publisherId < 0 || publisherId >= byPublisher.length) {
            unknownPublisher++;
            return false;
        }
        SeqSet set = byPublisher[publisherId];
        if (set == null) {
            set = new SeqSet();
            byPublisher[publisherId] = set;
        }
        if (set.add(seq)) {
            return true;
        }
        duplicates++;
        return false;
    }

    /** The sequences received from the publisher, or null when none. */
    public SeqSet received(int publisherId) {
        return byPublisher[publisherId];
    }

    public long duplicates() {
        return duplicates;
    }

    public long unknownPublisher() {
        return unknownPublisher;
    }
}
