package dev.rewind.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.schemas.registry.internal.LruCache;
import dev.rewind.schemas.registry.internal.RegistryHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A {@link SchemaRegistryClient} speaking Confluent's REST protocol over {@code java.net.http}, for
 * any Confluent-compatible registry (Confluent, Karapace, Redpanda, Apicurio's ccompat API, rewind's
 * own).
 *
 * <p>Caches what cannot change: schemas by id, ids by (subject, schema), and subject versions. Lists,
 * the latest version and compatibility settings are always fetched. Retries I/O errors and 5xx
 * answers at most {@link Options#maxRetries()} times with exponential backoff, moving to the next
 * URL on each retry; 4xx answers are thrown at once. Thread-safe.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private final RegistryHttp http;
    private final LruCache<Integer, Schema> schemasById;
    private final LruCache<SubjectSchema, Integer> idsBySubjectSchema;
    private final LruCache<SubjectSchema, RegisteredSchema> lookups;
    private final LruCache<SubjectVersion, RegisteredSchema> versions;

    /**
     * How to reach the registry.
     *
     * @param urls base URLs of the registry (one or more instances of the same registry)
     * @param maxRetries retries after the first attempt for I/O errors and 5xx answers
     * @param initialBackoff wait before the first retry; doubled for each further retry
     * @param maxBackoff upper bound of the wait between retries
     * @param requestTimeout connect and response timeout of one attempt
     * @param cacheCapacity entries kept in each cache
     * @param headers extra headers sent with every request, e.g. {@code Authorization}
     * @param sslContext TLS context for {@code https://} registries; {@code null} for the JVM's default
     */
    public record Options(List<URI> urls, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                          Duration requestTimeout, int cacheCapacity, Map<String, String> headers,
                          javax.net.ssl.SSLContext sslContext) {

        /** Options with the JVM's default TLS context. */
        public Options(List<URI> urls, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                       Duration requestTimeout, int cacheCapacity, Map<String, String> headers) {
            this(urls, maxRetries, initialBackoff, maxBackoff, requestTimeout, cacheCapacity, headers, null);
        }

        public Options {
            urls = List.copyOf(urls);
            headers = Map.copyOf(headers);
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("at least one schema registry URL is needed");
            }
            for (URI url : urls) {
                if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                    throw new IllegalArgumentException("schema registry URL '" + url
                            + "' is not http(s); use e.g. http://localhost:8081");
                }
            }
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
            }
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
        }

        /** Three retries from 100 ms up to 2 s, 30 s per attempt, 1000 cache entries. */
        public static Options defaults(String... urls) {
            return new Options(List.of(urls).stream().map(URI::create).toList(), 3, Duration.ofMillis(100),
                    Duration.ofSeconds(2), Duration.ofSeconds(30), 1000, Map.of());
        }

        public Options withRetries(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
            return new Options(urls, maxRetries, initialBackoff, maxBackoff, requestTimeout, cacheCapacity, headers,
                    sslContext);
        }

        public Options withHeaders(Map<String, String> headers) {
            return new Options(urls, maxRetries, initialBackoff, maxBackoff, requestTimeout, cacheCapacity, headers,
                    sslContext);
        }

        /** These options with the credentials' headers and TLS context. */
        public Options withCredentials(RegistryCredentials credentials) {
            return new Options(urls, maxRetries, initialBackoff, maxBackoff, requestTimeout, cacheCapacity,
                    credentials.headers(), credentials.sslContext().orElse(null));
        }
    }

    public CachingSchemaRegistryClient(Options options) {
        this.http = new RegistryHttp(options.urls(), options.maxRetries(), options.initialBackoff(),
                options.maxBackoff(), options.requestTimeout(), options.headers(), options.sslContext());
        this.schemasById = new LruCache<>(options.cacheCapacity());
        this.idsBySubjectSchema = new LruCache<>(options.cacheCapacity());
        this.lookups = new LruCache<>(options.cacheCapacity());
        this.versions = new LruCache<>(options.cacheCapacity());
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        return idsBySubjectSchema.computeIfAbsent(key, k -> {
            JsonNode answer = http.send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
            int id = requireInt(answer, "id", "register under " + subject);
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public Schema getById(int id) {
        return schemasById.computeIfAbsent(id, k -> parseSchema(http.get("/schemas/ids/" + id), "schema id " + id));
    }

    @Override
    public RegisteredSchema getBySubjectAndVersion(String subject, int version) {
        return versions.computeIfAbsent(new SubjectVersion(subject, version),
                k -> fetchVersion(subject, Integer.toString(version)));
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        RegisteredSchema latest = fetchVersion(subject, "latest");
        versions.put(new SubjectVersion(subject, latest.version()), latest);
        return latest;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        return lookups.computeIfAbsent(key, k -> {
            RegisteredSchema found = registeredSchema(
                    http.send("POST", "/subjects/" + encode(subject), schemaBody(schema)), subject);
            idsBySubjectSchema.put(key, found.id());
            return found;
        });
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        try {
            JsonNode answer = http.send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema));
            return answer.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel getCompatibility() {
        return compatibilityFrom(http.get("/config"), "global config");
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        try {
            return compatibilityFrom(http.get("/config/" + encode(subject) + "?defaultToGlobal=true"),
                    "config of " + subject);
        } catch (SchemaRegistryException e) {
            // older registries ignore defaultToGlobal and answer 40408 or 40401 instead
            if (e.errorCode() == SchemaRegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED
                    || e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return getCompatibility();
            }
            throw e;
        }
    }

    @Override
    public void setCompatibility(CompatibilityLevel level) {
        http.send("PUT", "/config", compatibilityBody(level));
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        http.send("PUT", "/config/" + encode(subject), compatibilityBody(level));
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        requireArray(http.get("/subjects"), "subjects").forEach(node -> subjects.add(node.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> result = new ArrayList<>();
        requireArray(http.get("/subjects/" + encode(subject) + "/versions"), "versions of " + subject)
                .forEach(node -> result.add(node.asInt()));
        return List.copyOf(result);
    }

    private RegisteredSchema fetchVersion(String subject, String version) {
        return registeredSchema(http.get("/subjects/" + encode(subject) + "/versions/" + version), subject);
    }

    private RegisteredSchema registeredSchema(JsonNode answer, String subject) {
        String what = "version of " + subject;
        Schema schema = parseSchema(answer, what);
        int id = requireInt(answer, "id", what);
        schemasById.put(id, schema);
        String answeredSubject = answer.path("subject").asText(subject);
        return new RegisteredSchema(answeredSubject, requireInt(answer, "version", what), id, schema);
    }

    private ObjectNode schemaBody(Schema schema) {
        // schemaType is left out for Avro: it is the default, and some registries reject the field
        return http.mapper().createObjectNode().put("schema", schema.toString());
    }

    private ObjectNode compatibilityBody(CompatibilityLevel level) {
        return http.mapper().createObjectNode().put("compatibility", level.name());
    }

    private static Schema parseSchema(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw invalidAnswer(what + " is a " + type + " schema; rewind supports schemaType AVRO only");
        }
        if (answer.path("references").size() > 0) {
            throw invalidAnswer(what + " uses schema references, which rewind does not support; "
                    + "register a self-contained schema");
        }
        String text = answer.path("schema").asText(null);
        if (text == null) {
            throw invalidAnswer("the registry's answer for " + what + " has no 'schema' field: " + answer);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("the registry returned an invalid Avro schema for " + what + ": "
                    + e.getMessage(), SchemaRegistryException.NO_HTTP_STATUS, SchemaRegistryException.NO_ERROR_CODE, e);
        }
    }

    private static CompatibilityLevel compatibilityFrom(JsonNode answer, String what) {
        // GET answers with compatibilityLevel, PUT echoes compatibility
        String level = answer.path("compatibilityLevel").asText(answer.path("compatibility").asText(null));
        if (level == null) {
            throw invalidAnswer("the registry's answer for " + what + " has no compatibility level: " + answer);
        }
        return CompatibilityLevel.parse(level);
    }

    private static int requireInt(JsonNode answer, String field, String what) {
        JsonNode node = answer == null ? null : answer.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw invalidAnswer("the registry's answer for " + what + " has no integer '" + field + "': " + answer);
        }
        return node.asInt();
    }

    private static JsonNode requireArray(JsonNode answer, String what) {
        if (answer == null || !answer.isArray()) {
            throw invalidAnswer("the registry's answer for " + what + " is not a JSON array: " + answer);
        }
        return answer;
    }

    private static SchemaRegistryException invalidAnswer(String message) {
        return new SchemaRegistryException(message, SchemaRegistryException.NO_HTTP_STATUS,
                SchemaRegistryException.NO_ERROR_CODE);
    }

    private static String encode(String subject) {
        Objects.requireNonNull(subject, "subject");
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record SubjectSchema(String subject, String schema) {
    }

    private record SubjectVersion(String subject, int version) {
    }
}
