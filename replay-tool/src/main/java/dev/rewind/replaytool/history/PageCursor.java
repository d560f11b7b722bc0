package dev.rewind.replaytool.history;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of a newest-first event listing starts: at event time {@code timestamp},
 * after the first {@code skip} events at that time. Opaque to clients (base64url text).
 *
 * @param timestamp event time in epoch milliseconds of the last event returned
 * @param skip      events at that time already consumed, >= 0
 */
public record PageCursor(long timestamp, int skip) {

    public PageCursor {
        if (skip < 0) {
            throw new IllegalArgumentException("cursor skip must be >= 0, got " + skip);
        }
    }

    /** The opaque text form. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((timestamp + ":" + skip).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses {@link #encode()}'s text.
     *
     * @throws IllegalArgumentException when the text is not a cursor this service issued
     */
    public static PageCursor parse(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            return new PageCursor(Long.parseLong(plain.substring(0, colon)),
                    Integer.parseInt(plain.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cursor '" + text
                    + "' is not one this service issued; pass the nextCursor of the previous page unchanged");
        }
    }
}
