package dev.rewind.api.routes;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * Body of {@code GET /api/v1/components/{component}/routes}.
 *
 * @param component the component
 * @param routes the latest route of every selector, scheduled ones included
 */
@OpenApiSchema("RouteList")
public record RouteList(String component, List<RouteView> routes) {

    /** Copies the list. */
    public RouteList {
        routes = List.copyOf(routes);
    }
}
