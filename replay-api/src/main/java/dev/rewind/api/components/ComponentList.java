package dev.rewind.api.components;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * Body of {@code GET /api/v1/components}.
 *
 * @param components known components, by name
 */
@OpenApiSchema("ComponentList")
public record ComponentList(List<ComponentView> components) {

    /** Copies the list. */
    public ComponentList {
        components = List.copyOf(components);
    }
}
