package dev.rewind.api.components;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * A component and its versions ({@code GET /api/v1/components}).
 *
 * @param component name
 * @param versions its versions, from consumer groups and routes
 */
@OpenApiSchema("Component")
public record ComponentView(String component, List<VersionView> versions) {

    /** Copies the versions. */
    public ComponentView {
        versions = List.copyOf(versions);
    }
}
