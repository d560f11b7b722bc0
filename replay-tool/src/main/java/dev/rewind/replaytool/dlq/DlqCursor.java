package dev.rewind.replaytool.dlq;

/**
 * Where the next page of a DLQ listing starts: after offset {@code offset} of DLQ partition
 * {@code partition}. Written {@code <partition>-<offset>}, the id of the last entry of the page.
 *
 * @param partition DLQ partition of the last entry returned
 * @param offset its offset
 */
record DlqCursor(int partition, long offset) {

    /**
     * Parses {@code <partition>-<offset>}.
     *
     * @throws IllegalArgumentException naming the text and the form
     */
    static DlqCursor parse(String text, String what) {
        int dash = text == null ? -1 : text.indexOf('-');
        try {
            if (dash > 0) {
                DlqCursor cursor = new DlqCursor(Integer.parseInt(text.substring(0, dash)),
                        Long.parseLong(text.substring(dash + 1)));
                if (cursor.partition >= 0 && cursor.offset >= 0) {
                    return cursor;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + what + "' must be <partition>-<offset> of a dead-letter record"
                + " (an entry id, e.g. 0-42), was '" + text + "'");
    }

    /** The first offset to read on {@code dlqPartition}: -1 for a partition already done. */
    long startOn(int dlqPartition) {
        if (dlqPartition < partition) {
            return -1;
        }
        return dlqPartition == partition ? offset + 1 : 0;
    }
}
