package dev.rewind.schemas.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * How a registry client authenticates and which TLS material it uses, read from the keys
 * Confluent's clients use (Confluent docs, "Schema Registry clients: basic authentication, bearer
 * authentication, TLS"), so a Confluent client configuration works unchanged:
 *
 * <ul>
 *   <li>{@code basic.auth.credentials.source}: {@code USER_INFO} (default) reads
 *       {@code basic.auth.user.info} ({@code user:password}); {@code URL} reads the user info of
 *       {@code schema.registry.url}; {@code SASL_INHERIT} reads the user name and password of the
 *       Kafka client's {@code sasl.jaas.config};</li>
 *   <li>{@code bearer.auth.credentials.source=STATIC_TOKEN} with {@code bearer.auth.token}: an
 *       {@code Authorization: Bearer} header (RFC 6750);</li>
 *   <li>{@code schema.registry.ssl.*}: Kafka's {@code ssl.*} client settings (truststore, keystore,
 *       protocol, endpoint identification) for {@code https://} registries.</li>
 * </ul>
 *
 * <p>Secrets are never printed: {@link #toString()} names only what is configured.
 *
 * @param headers the headers sent with every request ({@code Authorization} or none)
 * @param sslContext the TLS context for {@code https://} URLs, empty for the JVM's default
 */
public record RegistryCredentials(Map<String, String> headers, Optional<SSLContext> sslContext) {

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN_CONFIG = "bearer.auth.token";
    /** Prefix of the TLS settings: {@code schema.registry.ssl.truststore.location} etc. */
    public static final String SSL_PREFIX = "schema.registry.";

    private static final Pattern JAAS_OPTION = Pattern.compile("(username|password)\\s*=\\s*\"([^\"]*)\"");

    public RegistryCredentials {
        headers = Map.copyOf(headers);
        sslContext = sslContext == null ? Optional.empty() : sslContext;
    }

    /**
     * Whether {@code key} is one of the registry client's credential or TLS settings read here
     * ({@code basic.auth.*}, {@code bearer.auth.*}, {@code schema.registry.ssl.*}).
     */
    public static boolean isCredentialSetting(String key) {
        return key.equals(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG) || key.equals(BASIC_AUTH_USER_INFO_CONFIG)
                || key.equals(BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG) || key.equals(BEARER_AUTH_TOKEN_CONFIG)
                || key.startsWith(SSL_PREFIX + "ssl.");
    }

    /**
     * The registry client's settings among a process's settings: {@code url} as
     * {@code schema.registry.url} and every credential or TLS setting ({@link #isCredentialSetting}).
     * Holds secrets: never log it.
     *
     * @return a new mutable map
     */
    public static Map<String, Object> clientConfig(String url, Map<String, ?> settings) {
        Map<String, Object> registry = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key != null && isCredentialSetting(key) && value != null) {
                registry.put(key, value);
            }
        });
        registry.put("schema.registry.url", url);
        return registry;
    }

    /** No authentication, the JVM's default TLS trust. */
    public static RegistryCredentials none() {
        return new RegistryCredentials(Map.of(), Optional.empty());
    }

    /**
     * Reads the credentials from a client configuration (other keys are ignored).
     *
     * @param url the first registry URL (for {@code basic.auth.credentials.source=URL})
     * @throws ConfigException naming the key and the fix when a setting is missing or unknown
     */
    public static RegistryCredentials from(Map<String, ?> config, URI url) {
        Map<String, String> headers = new HashMap<>();
        String bearerSource = string(config, BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG);
        String userInfo = basicUserInfo(config, url);
        if (bearerSource != null) {
            if (!"STATIC_TOKEN".equals(bearerSource.toUpperCase(Locale.ROOT))) {
                throw new ConfigException(BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG, bearerSource,
                        "only STATIC_TOKEN is supported; set bearer.auth.token, or use basic authentication");
            }
            String token = string(config, BEARER_AUTH_TOKEN_CONFIG);
            if (token == null || token.isBlank()) {
                throw new ConfigException(BEARER_AUTH_TOKEN_CONFIG, "[hidden]",
                        "required with " + BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG + "=STATIC_TOKEN");
            }
            headers.put("Authorization", "Bearer " + token.trim());
        } else if (userInfo != null) {
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return new RegistryCredentials(headers, sslContext(config));
    }

    /** The scheme in use, never the secret. */
    @Override
    public String toString() {
        String auth = headers.getOrDefault("Authorization", "none").split(" ")[0];
        return "RegistryCredentials[auth=" + auth + ", tls=" + (sslContext.isPresent() ? "configured" : "default")
                + "]";
    }

    private static String basicUserInfo(Map<String, ?> config, URI url) {
        String source = Optional.ofNullable(string(config, BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG)).orElse("USER_INFO")
                .toUpperCase(Locale.ROOT);
        return switch (source) {
            case "USER_INFO" -> {
                String info = string(config, BASIC_AUTH_USER_INFO_CONFIG);
                if (info != null && !info.isEmpty() && !info.contains(":")) {
                    throw new ConfigException(BASIC_AUTH_USER_INFO_CONFIG, "[hidden]",
                            "expected user:password");
                }
                yield info == null || info.isEmpty() ? null : info;
            }
            case "URL" -> {
                if (url == null || url.getRawUserInfo() == null) {
                    throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, source,
                            "schema.registry.url has no user info; write it as https://user:password@host:port");
                }
                yield java.net.URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8);
            }
            case "SASL_INHERIT" -> {
                String jaas = string(config, "sasl.jaas.config");
                Map<String, String> options = new HashMap<>();
                Matcher matcher = JAAS_OPTION.matcher(jaas == null ? "" : jaas);
                while (matcher.find()) {
                    options.put(matcher.group(1), matcher.group(2));
                }
                if (!options.containsKey("username") || !options.containsKey("password")) {
                    throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, source,
                            "sasl.jaas.config has no username=\"...\" password=\"...\" to inherit");
                }
                yield options.get("username") + ":" + options.get("password");
            }
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, source,
                    "use USER_INFO (with basic.auth.user.info), URL or SASL_INHERIT");
        };
    }

    private static Optional<SSLContext> sslContext(Map<String, ?> config) {
        Map<String, Object> ssl = new HashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(SSL_PREFIX + "ssl.") && value != null) {
                ssl.put(key.substring(SSL_PREFIX.length()), value);
            }
        });
        if (ssl.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> parsed = new ConfigDef().withClientSslSupport().parse(ssl);
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
        try {
            factory.configure(parsed);
            return Optional.of(factory.sslContext());
        } catch (RuntimeException e) {
            throw new ConfigException(SSL_PREFIX + "ssl.*", "[hidden]", "cannot build the registry's TLS context: "
                    + e.getMessage());
        } finally {
            factory.close();
        }
    }

    private static String string(Map<String, ?> config, String key) {
        Object value = config.get(key);
        if (value instanceof Password password) {
            return password.value();
        }
        return value == null ? null : value.toString();
    }
}
