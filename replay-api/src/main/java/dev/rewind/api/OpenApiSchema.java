package dev.rewind.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the schema of the OpenAPI document ({@link OpenApi#document()}, {@code components/schemas})
 * that describes an API record. {@code OpenApiMatchesRecordsTest} checks that the record's JSON
 * properties and the schema's properties are the same set, recursively for nested records.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OpenApiSchema {

    /** The schema name under {@code components/schemas}, e.g. {@code Replay}. */
    String value();
}
