package dev.rewind.schemas.serde;

import dev.rewind.schemas.registry.CachingSchemaRegistryClient;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.registry.RegistryCredentials;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@link AvroSerializer} and {@link AvroDeserializer}. Keys are Confluent's where
 * Confluent has one, so existing producer and consumer configurations work unchanged; unknown keys
 * (the rest of a producer's configuration) are ignored.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated base URLs of a Confluent-compatible "
            + "schema registry, e.g. http://localhost:8081. mock://<scope> uses an in-memory registry shared by "
            + "every serde of the same scope (tests only).";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final boolean AUTO_REGISTER_SCHEMAS_DEFAULT = true;
    public static final String AUTO_REGISTER_SCHEMAS_DOC = "Register the schema of a value being written when "
            + "the subject does not have it yet. When false the schema must already be registered. Default "
            + AUTO_REGISTER_SCHEMAS_DEFAULT + ".";

    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    public static final boolean USE_LATEST_VERSION_DEFAULT = false;
    public static final String USE_LATEST_VERSION_DOC = "Write every value with the latest schema of its "
            + "subject instead of the value's own schema; the value must fit that schema. Takes precedence over "
            + AUTO_REGISTER_SCHEMAS_CONFIG + ". Default " + USE_LATEST_VERSION_DEFAULT + ".";

    public static final String LATEST_CACHE_TTL_SEC_CONFIG = "latest.cache.ttl.sec";
    public static final long LATEST_CACHE_TTL_SEC_DEFAULT = -1L;
    public static final String LATEST_CACHE_TTL_SEC_DOC = "How long the latest version of a subject is "
            + "remembered with " + USE_LATEST_VERSION_CONFIG + "; -1 means for the serializer's lifetime. Default "
            + LATEST_CACHE_TTL_SEC_DEFAULT + ".";

    public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";
    public static final String SUBJECT_NAME_STRATEGY_DEFAULT = TopicNameStrategy.class.getName();
    public static final String SUBJECT_NAME_STRATEGY_DOC = "How the subject is named: TopicNameStrategy, "
            + "RecordNameStrategy, TopicRecordNameStrategy (rewind's or Confluent's class names, or the short "
            + "names), or a class implementing " + SubjectNameStrategy.class.getName() + ". Default "
            + SUBJECT_NAME_STRATEGY_DEFAULT + ".";

    public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
    public static final boolean SPECIFIC_AVRO_READER_DEFAULT = false;
    public static final String SPECIFIC_AVRO_READER_DOC = "Deserialize records into their generated "
            + "SpecificRecord classes (which must be on the classpath) instead of GenericRecord. Default "
            + SPECIFIC_AVRO_READER_DEFAULT + ".";

    public static final String AVRO_READER_SCHEMA_CONFIG = "avro.reader.schema";
    public static final String AVRO_READER_SCHEMA_DOC = "Avro schema (JSON) to read every value with, "
            + "resolved against the writer's schema by Avro's schema resolution. Unset: the generated class's "
            + "schema with " + SPECIFIC_AVRO_READER_CONFIG + ", else the writer's schema.";

    public static final String MAX_RETRIES_CONFIG = "schema.registry.max.retries";
    public static final int MAX_RETRIES_DEFAULT = 3;
    public static final String MAX_RETRIES_DOC = "Retries of a registry request after an I/O error or a 5xx "
            + "answer (never after a 4xx). Default " + MAX_RETRIES_DEFAULT + ".";

    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    public static final long RETRY_BACKOFF_MS_DEFAULT = 100L;
    public static final String RETRY_BACKOFF_MS_DOC = "Wait before the first retry, doubled for each further "
            + "retry. Default " + RETRY_BACKOFF_MS_DEFAULT + ".";

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";
    public static final long RETRY_BACKOFF_MAX_MS_DEFAULT = 2000L;
    public static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest wait between retries. Default "
            + RETRY_BACKOFF_MAX_MS_DEFAULT + ".";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = 30_000L;
    public static final String REQUEST_TIMEOUT_MS_DOC = "Connect and response timeout of one registry request. "
            + "Default " + REQUEST_TIMEOUT_MS_DEFAULT + ".";

    public static final String MAX_SCHEMAS_PER_SUBJECT_CONFIG = "max.schemas.per.subject";
    public static final int MAX_SCHEMAS_PER_SUBJECT_DEFAULT = 1000;
    public static final String MAX_SCHEMAS_PER_SUBJECT_DOC = "Entries kept in each of the client's caches. "
            + "Default " + MAX_SCHEMAS_PER_SUBJECT_DEFAULT + ".";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String BASIC_AUTH_USER_INFO_DOC = "user:password for HTTP basic authentication "
            + "with the registry (with basic.auth.credentials.source=USER_INFO). Unset: no authentication.";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG =
            RegistryCredentials.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG;
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where basic-auth credentials come from:"
            + " USER_INFO (basic.auth.user.info), URL (user:password@ in schema.registry.url) or SASL_INHERIT"
            + " (the Kafka client's sasl.jaas.config). Default USER_INFO.";

    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG =
            RegistryCredentials.BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG;
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_DOC = "STATIC_TOKEN to send bearer.auth.token"
            + " as an Authorization: Bearer header instead of basic authentication. Unset: no bearer token.";

    public static final String BEARER_AUTH_TOKEN_CONFIG = RegistryCredentials.BEARER_AUTH_TOKEN_CONFIG;
    public static final String BEARER_AUTH_TOKEN_DOC = "The bearer token (with"
            + " bearer.auth.credentials.source=STATIC_TOKEN).";

    private static final String MOCK_SCHEME = "mock://";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, List.of(), AvroSerdeConfig::validateUrls,
                    Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, AUTO_REGISTER_SCHEMAS_DEFAULT, Importance.MEDIUM,
                    AUTO_REGISTER_SCHEMAS_DOC)
            .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, USE_LATEST_VERSION_DEFAULT, Importance.MEDIUM,
                    USE_LATEST_VERSION_DOC)
            .define(LATEST_CACHE_TTL_SEC_CONFIG, Type.LONG, LATEST_CACHE_TTL_SEC_DEFAULT, ConfigDef.Range.atLeast(-1),
                    Importance.LOW, LATEST_CACHE_TTL_SEC_DOC)
            .define(KEY_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, SUBJECT_NAME_STRATEGY_DEFAULT,
                    SubjectNameStrategies::validate, Importance.MEDIUM, SUBJECT_NAME_STRATEGY_DOC)
            .define(VALUE_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, SUBJECT_NAME_STRATEGY_DEFAULT,
                    SubjectNameStrategies::validate, Importance.MEDIUM, SUBJECT_NAME_STRATEGY_DOC)
            .define(SPECIFIC_AVRO_READER_CONFIG, Type.BOOLEAN, SPECIFIC_AVRO_READER_DEFAULT, Importance.MEDIUM,
                    SPECIFIC_AVRO_READER_DOC)
            .define(AVRO_READER_SCHEMA_CONFIG, Type.STRING, null, AvroSerdeConfig::validateReaderSchema,
                    Importance.LOW, AVRO_READER_SCHEMA_DOC)
            .define(MAX_RETRIES_CONFIG, Type.INT, MAX_RETRIES_DEFAULT, ConfigDef.Range.atLeast(0), Importance.LOW,
                    MAX_RETRIES_DOC)
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, RETRY_BACKOFF_MS_DEFAULT, ConfigDef.Range.atLeast(0),
                    Importance.LOW, RETRY_BACKOFF_MS_DOC)
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, RETRY_BACKOFF_MAX_MS_DEFAULT, ConfigDef.Range.atLeast(0),
                    Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.LONG, REQUEST_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1),
                    Importance.LOW, REQUEST_TIMEOUT_MS_DOC)
            .define(MAX_SCHEMAS_PER_SUBJECT_CONFIG, Type.INT, MAX_SCHEMAS_PER_SUBJECT_DEFAULT,
                    ConfigDef.Range.atLeast(1), Importance.LOW, MAX_SCHEMAS_PER_SUBJECT_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.LOW, BASIC_AUTH_USER_INFO_DOC)
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, "USER_INFO",
                    ConfigDef.CaseInsensitiveValidString.in("USER_INFO", "URL", "SASL_INHERIT"), Importance.LOW,
                    BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, null, Importance.LOW,
                    BEARER_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BEARER_AUTH_TOKEN_CONFIG, Type.PASSWORD, null, Importance.LOW, BEARER_AUTH_TOKEN_DOC);

    /** @throws ConfigException naming the key, the bad value and the fix */
    public AvroSerdeConfig(Map<String, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }

    /** The strategy for keys or values, as configured. */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        String key = isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG : VALUE_SUBJECT_NAME_STRATEGY_CONFIG;
        return SubjectNameStrategies.create(key, getString(key));
    }

    /** The configured reader schema, or null. */
    public Schema readerSchema() {
        String text = getString(AVRO_READER_SCHEMA_CONFIG);
        return text == null ? null : new Schema.Parser().parse(text);
    }

    /**
     * Creates the registry client the settings describe.
     *
     * @throws ConfigException when no URL is configured
     */
    public SchemaRegistryClient createRegistryClient() {
        List<String> urls = getList(SCHEMA_REGISTRY_URL_CONFIG);
        if (urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, urls,
                    "a schema registry URL is required, e.g. " + SCHEMA_REGISTRY_URL_CONFIG + "=http://localhost:8081");
        }
        if (urls.get(0).startsWith(MOCK_SCHEME)) {
            return InMemorySchemaRegistryClient.scope(urls.get(0).substring(MOCK_SCHEME.length()));
        }
        List<URI> uris = urls.stream().map(URI::create).toList();
        RegistryCredentials credentials = RegistryCredentials.from(originals(), uris.get(0));
        return new CachingSchemaRegistryClient(new CachingSchemaRegistryClient.Options(
                uris.stream().map(AvroSerdeConfig::withoutUserInfo).toList(), getInt(MAX_RETRIES_CONFIG),
                Duration.ofMillis(getLong(RETRY_BACKOFF_MS_CONFIG)), Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS_CONFIG)),
                Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS_CONFIG)), getInt(MAX_SCHEMAS_PER_SUBJECT_CONFIG), Map.of())
                .withCredentials(credentials));
    }

    /** The URL without {@code user:password@}, which travels in the Authorization header instead. */
    private static URI withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url;
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority().substring(url.getRawAuthority()
                .indexOf('@') + 1) + (url.getRawPath() == null ? "" : url.getRawPath()));
    }

    private static void validateUrls(String name, Object value) {
        for (Object item : (List<?>) value) {
            String url = item.toString();
            if (!(url.startsWith("http://") || url.startsWith("https://") || url.startsWith(MOCK_SCHEME))) {
                throw new ConfigException(name, url, "not an http(s):// or mock:// URL; use e.g. http://localhost:8081");
            }
            try {
                URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, url, "not a valid URL: " + e.getMessage());
            }
        }
    }

    private static void validateReaderSchema(String name, Object value) {
        if (value == null) {
            return;
        }
        try {
            new Schema.Parser().parse(value.toString());
        } catch (SchemaParseException e) {
            throw new ConfigException(name, value, "not a valid Avro schema (" + e.getMessage()
                    + "); give the schema's JSON or leave the setting out");
        }
    }
}
