package dev.rewind.api.dlq;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * A page of {@code GET /api/v1/components/{component}/dlq}, in DLQ partition and offset order.
 *
 * @param component component
 * @param entries the matching entries of this page
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
@OpenApiSchema("DeadLetterList")
public record DeadLetterList(String component, List<DeadLetterView> entries, String nextCursor) {

    /** Copies the entries. */
    public DeadLetterList {
        entries = List.copyOf(entries);
    }
}
