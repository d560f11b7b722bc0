package dev.rewind.replaytool.components;

import dev.rewind.api.components.ComponentList;
import dev.rewind.api.components.ComponentView;
import dev.rewind.api.components.VersionView;
import dev.rewind.engine.processor.ComponentVersion;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code GET /api/v1/components}: known components, their versions and live instances. */
public final class ComponentHandlers {

    private final ComponentCatalog catalog;
    private final Supplier<Set<String>> routedComponents;

    /**
     * @param catalog the catalog
     * @param routedComponents components named by routes and channels
     */
    public ComponentHandlers(ComponentCatalog catalog, Supplier<Set<String>> routedComponents) {
        this.catalog = catalog;
        this.routedComponents = routedComponents;
    }

    /** Adds the routes to the app. */
    public void register(Javalin app) {
        app.get("/api/v1/components", ctx -> {
            List<ComponentView> result = new ArrayList<>();
            catalog.components(routedComponents.get()).forEach((component, versions) -> {
                List<VersionView> views = new ArrayList<>();
                for (String version : versions) {
                    ComponentVersion cv = new ComponentVersion(component, version);
                    views.add(new VersionView(version, cv.groupId(), catalog.members(cv)));
                }
                result.add(new ComponentView(component, views));
            });
            ctx.json(new ComponentList(result));
        });
    }
}
