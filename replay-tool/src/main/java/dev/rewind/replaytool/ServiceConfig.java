package dev.rewind.replaytool;

import dev.rewind.clients.ClientSettings;
import dev.rewind.engine.config.ConfigProblem;
import dev.rewind.engine.config.ConfigValidation;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.config.EnvironmentOverrides;
import dev.rewind.engine.config.Validators;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.control.ControlRetention;
import dev.rewind.replaytool.history.HistoryConfig;
import dev.rewind.replaytool.http.HttpsListener;
import dev.rewind.schemas.registry.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of the replay service ({@code rewind serve}), as a Kafka {@link ConfigDef} in the
 * manner of the engine's {@link EngineConfig}: read from a properties file ({@code serve --config
 * FILE}), overridden by environment variables with the engine's rule ({@link EnvironmentOverrides}:
 * {@code REWIND_REPLAY_MAX_WINDOW_MS} sets {@code replay.max.window.ms}), then by command-line
 * options, and validated as a whole at start: {@link #of} throws {@link InvalidServiceConfigException}
 * listing every bad key with its value and the fix.
 *
 * <p>Keys: the service's own (below); the history index's {@code history.*} keys
 * ({@link HistoryConfig}; the index is on when {@code history.source.topics} or
 * {@code history.source.topic.pattern} is set), with Kafka Streams settings under
 * {@value HistoryConfig#STREAMS_PREFIX}; Kafka client settings, read by the one
 * {@link ClientSettings} model (unprefixed for every client, or under {@code consumer.},
 * {@code restore.consumer.}, {@code producer.}, {@code admin.}); the registry client's credentials
 * and TLS settings as Confluent's clients name them ({@link RegistryCredentials}). Anything else is
 * refused, so a typo cannot silently fall back to a default. Values of secrets are never printed.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServiceConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = EngineConfig.BOOTSTRAP_SERVERS_CONFIG;
    public static final String BOOTSTRAP_SERVERS_DEFAULT = "localhost:9092";
    public static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to bootstrap from, host:port,..."
            + " Default: " + BOOTSTRAP_SERVERS_DEFAULT;

    public static final String SCHEMA_REGISTRY_URL_CONFIG = EngineConfig.SCHEMA_REGISTRY_URL_CONFIG;
    public static final String SCHEMA_REGISTRY_URL_DEFAULT = "http://localhost:8081";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Base URL of a Confluent-compatible schema registry."
            + " Default: " + SCHEMA_REGISTRY_URL_DEFAULT;

    public static final String LISTENERS_CONFIG = "listeners";
    public static final String LISTENERS_DEFAULT = "http://127.0.0.1:8080";
    public static final String LISTENERS_DOC = "The URL the REST API and web console listen on,"
            + " scheme://host:port as Kafka Connect's REST server names it: host 127.0.0.1 (the default)"
            + " listens on loopback only, 0.0.0.0 on every interface; port 0 picks a free one. Default: "
            + LISTENERS_DEFAULT;

    /** Prefix of the listener's TLS settings, as Kafka Connect's REST server names them (KIP-208). */
    public static final String LISTENERS_HTTPS_PREFIX = "listeners.https.";
    public static final String HTTPS_KEYSTORE_LOCATION_CONFIG = LISTENERS_HTTPS_PREFIX + "ssl.keystore.location";
    public static final String HTTPS_KEYSTORE_LOCATION_DOC = "Key store (the server's private key and certificate"
            + " chain) of an https:// listener; required with one, refused with http://.";
    public static final String HTTPS_KEYSTORE_PASSWORD_CONFIG = LISTENERS_HTTPS_PREFIX + "ssl.keystore.password";
    public static final String HTTPS_KEYSTORE_PASSWORD_DOC = "Password of the listener's key store.";
    public static final String HTTPS_KEYSTORE_TYPE_CONFIG = LISTENERS_HTTPS_PREFIX + "ssl.keystore.type";
    public static final String HTTPS_KEYSTORE_TYPE_DEFAULT = HttpsListener.DEFAULT_KEYSTORE_TYPE;
    public static final String HTTPS_KEYSTORE_TYPE_DOC = "Type of the listener's key store, PKCS12 or JKS."
            + " Default: " + HTTPS_KEYSTORE_TYPE_DEFAULT;
    public static final String HTTPS_KEY_PASSWORD_CONFIG = LISTENERS_HTTPS_PREFIX + "ssl.key.password";
    public static final String HTTPS_KEY_PASSWORD_DOC = "Password of the private key in the listener's key store;"
            + " empty means the key store's password.";

    public static final String TOKENS_FILE_CONFIG = "access.tokens.file";
    public static final String TOKENS_FILE_DOC = "File of bearer tokens, lines <token>=<name>:<viewer|operator>."
            + " Empty: the environment variable " + AccessTokens.ENV + " is read; without both the API is open.";

    public static final String MAX_WINDOW_MS_CONFIG = "replay.max.window.ms";
    public static final long MAX_WINDOW_MS_DEFAULT = ReplayToolServer.Options.DEFAULT_MAX_WINDOW.toMillis();
    public static final String MAX_WINDOW_MS_DOC = "Longest replay window accepted, in ms. Default: "
            + MAX_WINDOW_MS_DEFAULT + " (24 h)";

    public static final String REPLAY_RETENTION_MS_CONFIG = "replay.retention.ms";
    public static final long REPLAY_RETENTION_MS_DEFAULT = ControlRetention.DEFAULT_RETENTION.toMillis();
    public static final String REPLAY_RETENTION_MS_DOC = "How long a finished replay stays on rewind.control"
            + " (and in the replay list) after its last activity before it is tombstoned, in ms. Default: "
            + REPLAY_RETENTION_MS_DEFAULT + " (7 days)";

    /** The keys the service and the index share; the index takes the service's values. */
    private static final Set<String> SHARED_WITH_HISTORY = Set.of(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG,
            HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG);

    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    private static final String KEY_HINT = "Kafka client settings go unprefixed for every client or with a"
            + " prefix consumer., restore.consumer., producer. or admin.; history index settings start with"
            + " history., Kafka Streams ones with " + HistoryConfig.STREAMS_PREFIX;

    private ServiceConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props, false);
    }

    /**
     * Validates {@code props} and returns the configuration.
     *
     * @throws InvalidServiceConfigException listing every invalid setting
     */
    public static ServiceConfig of(Map<String, ?> props) {
        List<ConfigProblem> problems = new ArrayList<>(ConfigValidation.validate(CONFIG_DEF, props,
                ServiceConfig::isPassThrough, KEY_HINT));
        if (problems.isEmpty()) {
            problems.addAll(listenerProblems(props));
        }
        if (problems.isEmpty()) {
            ServiceConfig config = new ServiceConfig(props);
            problems.addAll(config.httpsProblems());
            if (config.historyEnabled()) {
                try {
                    new HistoryConfig(config.historySettings());
                } catch (ConfigException e) {
                    problems.add(new ConfigProblem(HistoryConfig.SOURCE_TOPICS_CONFIG,
                            props.get(HistoryConfig.SOURCE_TOPICS_CONFIG), e.getMessage()));
                }
            }
            if (problems.isEmpty()) {
                return config;
            }
        }
        throw new InvalidServiceConfigException(problems);
    }

    /**
     * The settings of {@code file} (may be {@code null}: none) with the {@code REWIND_*} variables of
     * {@code environment} over them, then {@code overrides} (command-line options) over both.
     *
     * @throws InvalidServiceConfigException when the file cannot be read or a setting is invalid
     */
    public static ServiceConfig load(Path file, Map<String, String> environment, Map<String, ?> overrides) {
        Map<String, Object> settings = new HashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new InvalidServiceConfigException(List.of(new ConfigProblem("--config", file.toString(),
                        "cannot read " + file.toAbsolutePath() + " (" + e.getMessage()
                                + "); pass the path of a readable .properties file")));
            }
            properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name).trim()));
        }
        Map<String, Object> merged = EnvironmentOverrides.apply(settings, environment,
                key -> CONFIG_DEF.names().contains(key) || isPassThrough(key));
        merged.putAll(overrides);
        return of(merged);
    }

    /** The definition of every key of the service (the history index's {@code history.*} keys included). */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG));
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL_CONFIG).trim();
    }

    /** The listener URL, e.g. {@code http://127.0.0.1:8080}. */
    public URI listener() {
        return URI.create(getString(LISTENERS_CONFIG).trim());
    }

    /**
     * The listener's TLS key store, or {@code null} for an {@code http://} listener.
     *
     * @throws IllegalArgumentException when the key store cannot be opened ({@link #of} has checked it)
     */
    public HttpsListener https() {
        if (!"https".equals(listener().getScheme())) {
            return null;
        }
        String location = getString(HTTPS_KEYSTORE_LOCATION_CONFIG);
        return new HttpsListener(Path.of(location.trim()), getPassword(HTTPS_KEYSTORE_PASSWORD_CONFIG),
                getString(HTTPS_KEYSTORE_TYPE_CONFIG), getPassword(HTTPS_KEY_PASSWORD_CONFIG));
    }

    private List<ConfigProblem> httpsProblems() {
        String location = getString(HTTPS_KEYSTORE_LOCATION_CONFIG);
        boolean hasKeystore = location != null && !location.isBlank();
        if (!"https".equals(listener().getScheme())) {
            return hasKeystore ? List.of(new ConfigProblem(HTTPS_KEYSTORE_LOCATION_CONFIG, location,
                    "the listener " + listener() + " is not https://; set " + LISTENERS_CONFIG + "=https://HOST:PORT"
                            + " to serve TLS, or remove the key store")) : List.of();
        }
        if (!hasKeystore) {
            return List.of(new ConfigProblem(HTTPS_KEYSTORE_LOCATION_CONFIG, location, "an https:// listener needs"
                    + " a key store: set " + HTTPS_KEYSTORE_LOCATION_CONFIG + " and " + HTTPS_KEYSTORE_PASSWORD_CONFIG));
        }
        try {
            https();
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(new ConfigProblem(HTTPS_KEYSTORE_LOCATION_CONFIG, location, e.getMessage()));
        }
    }

    /** The tokens file, or {@code null} when tokens come from the environment (or nowhere). */
    public Path tokensFile() {
        String file = getString(TOKENS_FILE_CONFIG);
        return file == null || file.isBlank() ? null : Path.of(file.trim());
    }

    public Duration maxWindow() {
        return Duration.ofMillis(getLong(MAX_WINDOW_MS_CONFIG));
    }

    public Duration replayRetention() {
        return Duration.ofMillis(getLong(REPLAY_RETENTION_MS_CONFIG));
    }

    /** The route margin every engine instance of the installation uses too. */
    public Duration routeSkewMargin() {
        return Duration.ofMillis(getLong(EngineConfig.ROUTE_SKEW_MARGIN_MS_CONFIG));
    }

    /** The Kafka client settings (common and prefixed) every client of the service is built from. */
    public Map<String, Object> clientConfig() {
        return ClientSettings.of(originals()).asWritten();
    }

    /**
     * The registry client's settings: {@code schema.registry.url} and its credentials and TLS settings
     * as Confluent's clients name them. Holds secrets: never log it.
     */
    public Map<String, Object> registryClientConfig() {
        return RegistryCredentials.clientConfig(schemaRegistryUrl(), originals());
    }

    /** Whether the history index (and the history API) runs. */
    public boolean historyEnabled() {
        Object topics = originals().get(HistoryConfig.SOURCE_TOPICS_CONFIG);
        Object pattern = originals().get(HistoryConfig.SOURCE_PATTERN_CONFIG);
        return topics != null && !topics.toString().isBlank() || pattern != null && !pattern.toString().isBlank();
    }

    /**
     * The settings of the history index, for {@link HistoryConfig}: the {@code history.*} ones (Kafka
     * Streams ones included), the service's Kafka client and registry client settings, which the
     * {@value HistoryConfig#STREAMS_PREFIX} ones override (e.g. another principal for the index).
     */
    public Map<String, Object> historySettings() {
        Map<String, Object> history = new HashMap<>();
        originals().forEach((key, value) -> {
            if (key.startsWith("history.") && value != null) {
                history.put(key, value);
            }
        });
        history.putAll(clientConfig());
        history.putAll(registryClientConfig());
        history.put(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        history.put(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, schemaRegistryUrl());
        return history;
    }

    private static boolean isPassThrough(String key) {
        return ClientSettings.isClientSetting(key) || RegistryCredentials.isCredentialSetting(key)
                || key.startsWith(HistoryConfig.STREAMS_PREFIX);
    }

    private static List<ConfigProblem> listenerProblems(Map<String, ?> props) {
        Object raw = props.get(LISTENERS_CONFIG);
        if (raw == null) {
            return List.of();
        }
        String text = raw.toString().trim();
        String fix = "use one URL scheme://host:port with scheme http or https, e.g. " + LISTENERS_CONFIG
                + "=" + LISTENERS_DEFAULT + " (0.0.0.0 for every interface)";
        try {
            URI uri = URI.create(text);
            boolean ok = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getPort() >= 0 && uri.getPort() <= 65_535 && (uri.getPath() == null || uri.getPath().isEmpty()
                    || "/".equals(uri.getPath()));
            return ok ? List.of() : List.of(new ConfigProblem(LISTENERS_CONFIG, raw, fix));
        } catch (IllegalArgumentException e) {
            return List.of(new ConfigProblem(LISTENERS_CONFIG, raw, fix));
        }
    }

    private static ConfigDef buildConfigDef() {
        ConfigDef def = new ConfigDef()
                .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, BOOTSTRAP_SERVERS_DEFAULT, Validators.hostPorts(),
                        Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
                .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, SCHEMA_REGISTRY_URL_DEFAULT, Validators.httpUrl(),
                        Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
                .define(LISTENERS_CONFIG, Type.STRING, LISTENERS_DEFAULT, Validators.notBlank(LISTENERS_DEFAULT),
                        Importance.HIGH, LISTENERS_DOC)
                .define(HTTPS_KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.HIGH, HTTPS_KEYSTORE_LOCATION_DOC)
                .define(HTTPS_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                        HTTPS_KEYSTORE_PASSWORD_DOC)
                .define(HTTPS_KEYSTORE_TYPE_CONFIG, Type.STRING, HTTPS_KEYSTORE_TYPE_DEFAULT, Importance.LOW,
                        HTTPS_KEYSTORE_TYPE_DOC)
                .define(HTTPS_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW, HTTPS_KEY_PASSWORD_DOC)
                .define(TOKENS_FILE_CONFIG, Type.STRING, "", Importance.HIGH, TOKENS_FILE_DOC)
                .define(MAX_WINDOW_MS_CONFIG, Type.LONG, MAX_WINDOW_MS_DEFAULT,
                        Validators.between(1, Duration.ofDays(366).toMillis(), "ms"), Importance.MEDIUM,
                        MAX_WINDOW_MS_DOC)
                .define(REPLAY_RETENTION_MS_CONFIG, Type.LONG, REPLAY_RETENTION_MS_DEFAULT,
                        Validators.between(0, Long.MAX_VALUE, "ms"), Importance.LOW, REPLAY_RETENTION_MS_DOC);
        EngineConfig.defineRouteSkewMargin(def);
        HistoryConfig.CONFIG_DEF.configKeys().values().stream()
                .filter(key -> !SHARED_WITH_HISTORY.contains(key.name))
                .forEach(def::define);
        return def;
    }
}
