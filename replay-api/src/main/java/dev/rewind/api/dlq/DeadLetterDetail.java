package dev.rewind.api.dlq;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * One dead-letter entry with the original record as it was consumed.
 *
 * @param entry the entry
 * @param key the original key, base64; null if none or not kept ({@code UNWRITABLE})
 * @param value the original value, base64; null if none or not kept
 * @param headers the original headers, in order (a key may repeat)
 */
@OpenApiSchema("DeadLetterDetail")
public record DeadLetterDetail(DeadLetterView entry, String key, String value, List<Header> headers) {

    /** Copies the headers. */
    public DeadLetterDetail {
        headers = List.copyOf(headers);
    }

    /**
     * One original Kafka header.
     *
     * @param key header key
     * @param value header value, base64; null for a null value
     */
    public record Header(String key, String value) {
    }
}
