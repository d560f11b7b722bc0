package dev.rewind.api.components;

import dev.rewind.api.OpenApiSchema;

/**
 * A version of a component ({@code GET /api/v1/components}).
 *
 * @param version version name
 * @param group its consumer group, {@code <component>.<version>}
 * @param members live members of the group
 */
@OpenApiSchema("Version")
public record VersionView(String version, String group, int members) {
}
