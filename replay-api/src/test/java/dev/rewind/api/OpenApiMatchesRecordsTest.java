package dev.rewind.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the API records say the same: every record of this module names its
 * schema ({@link OpenApiSchema}) or is reached from one that does, and a record's JSON properties
 * are exactly the schema's properties, recursively through nested records, lists and maps.
 */
class OpenApiMatchesRecordsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode document = read();
    private final JsonNode schemas = document.path("components").path("schemas");
    private final Set<Class<?>> checked = new LinkedHashSet<>();
    private final List<String> mismatches = new ArrayList<>();

    @Test
    void everyApiRecordHasTheSamePropertiesAsItsSchema() throws IOException, URISyntaxException {
        List<Class<?>> records = apiRecords();
        assertThat(records).as("records found in dev.rewind.api").hasSizeGreaterThan(10);

        for (Class<?> type : records) {
            OpenApiSchema schema = type.getAnnotation(OpenApiSchema.class);
            if (schema != null) {
                assertThat(schemas.has(schema.value())).as("schema %s of %s in openapi.json", schema.value(),
                        type.getSimpleName()).isTrue();
                compare(type, schemas.get(schema.value()), schema.value());
            }
        }

        assertThat(mismatches).as("records and openapi.json disagree").isEmpty();
        assertThat(records).as("records neither annotated with @OpenApiSchema nor nested in one that is")
                .allMatch(checked::contains);
    }

    @Test
    void aFieldMissingFromTheDocumentIsReported() {
        record Widened(String component, List<String> versions, String addedWithoutTheDocument) {
        }

        compare(Widened.class, schemas.get("Component"), "Component");

        assertThat(mismatches).singleElement().asString().contains("addedWithoutTheDocument");
    }

    private void compare(Class<?> type, JsonNode schemaNode, String where) {
        checked.add(type);
        Map<String, JsonNode> properties = properties(schemaNode);
        Set<String> fields = new TreeSet<>();
        boolean openEnded = false;
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getAccessor().isAnnotationPresent(JsonAnyGetter.class)) {
                openEnded = true; // extension members: the schema may list some of them
                continue;
            }
            fields.add(component.getName());
            JsonNode property = properties.get(component.getName());
            if (property == null) {
                mismatches.add(where + "." + component.getName() + ": field of " + type.getSimpleName()
                        + " missing from the document");
            } else {
                nested(component.getGenericType(), property, where + "." + component.getName());
            }
        }
        if (!openEnded) {
            for (String documented : properties.keySet()) {
                if (!fields.contains(documented)) {
                    mismatches.add(where + "." + documented + ": documented but not a field of "
                            + type.getSimpleName());
                }
            }
        }
    }

    private void nested(Type type, JsonNode property, String where) {
        if (type instanceof Class<?> c && c.isRecord()) {
            compare(c, property, where);
        } else if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            nested(p.getActualTypeArguments()[0], resolve(property).path("items"), where + "[]");
        } else if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            nested(p.getActualTypeArguments()[1], resolve(property).path("additionalProperties"), where + "{}");
        }
    }

    /** The properties of a schema, following {@code $ref} and merging {@code allOf}. */
    private Map<String, JsonNode> properties(JsonNode schemaNode) {
        JsonNode schema = resolve(schemaNode);
        Map<String, JsonNode> result = new java.util.LinkedHashMap<>();
        for (JsonNode part : schema.path("allOf")) {
            result.putAll(properties(part));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            result.put(e.getKey(), e.getValue());
        }
        return result;
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.path("$ref");
        return ref.isTextual() ? schemas.path(ref.asText().substring("#/components/schemas/".length())) : schema;
    }

    private static List<Class<?>> apiRecords() throws IOException, URISyntaxException {
        URL root = OpenApiSchema.class.getResource("OpenApiSchema.class");
        Path dir = Path.of(root.toURI()).getParent();
        List<Class<?>> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = "dev.rewind.api." + dir.relativize(file).toString().replace('/', '.')
                        .replaceAll("\\.class$", "");
                try {
                    Class<?> type = Class.forName(name);
                    if (type.isRecord()) {
                        records.add(type);
                    }
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return records;
    }

    private static JsonNode read() {
        try {
            return MAPPER.readTree(OpenApi.document());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
