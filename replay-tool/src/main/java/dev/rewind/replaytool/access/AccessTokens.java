package dev.rewind.replaytool.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer tokens the service accepts, each mapped to a {@link Caller}.
 *
 * <p>Text form (file or environment variable {@code REWIND_TOKENS}): entries
 * {@code <token>=<name>:<role>} separated by newlines or commas; blank lines and lines starting
 * with {@code #} are ignored. Example: {@code s3cret=alice:operator,r3ad=grafana:viewer}.
 *
 * <p>An empty set means the service runs open: every request is allowed and recorded as
 * {@link Caller#ANONYMOUS}. Immutable and thread-safe.
 */
public final class AccessTokens {

    /** The environment variable read by {@link #fromEnvironment()}. */
    public static final String ENV = "REWIND_TOKENS";

    private static final AccessTokens OPEN = new AccessTokens(Map.of());

    private final Map<String, Caller> callers;

    private AccessTokens(Map<String, Caller> callers) {
        this.callers = Map.copyOf(callers);
    }

    /** No tokens: the service is open. */
    public static AccessTokens open() {
        return OPEN;
    }

    /** Tokens from a map of token to caller. */
    public static AccessTokens of(Map<String, Caller> callers) {
        return new AccessTokens(callers);
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException naming the bad entry (without its token) and the fix
     */
    public static AccessTokens parse(String text) {
        Map<String, Caller> callers = new LinkedHashMap<>();
        int number = 0;
        for (String raw : text.split("[\\n,]")) {
            number++;
            String entry = raw.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int eq = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("Token entry " + number
                        + " is not of the form <token>=<name>:<role> (role viewer or operator)");
            }
            String token = entry.substring(0, eq).strip();
            Caller caller = new Caller(entry.substring(eq + 1, colon).strip(),
                    Role.parse(entry.substring(colon + 1)));
            if (callers.put(token, caller) != null) {
                throw new IllegalArgumentException("Token entry " + number + " repeats a token of an"
                        + " earlier entry; give every caller its own token");
            }
        }
        return new AccessTokens(callers);
    }

    /** Reads the text form from a file. */
    public static AccessTokens read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The tokens of {@code REWIND_TOKENS}, or open when it is unset or blank. */
    public static AccessTokens fromEnvironment() {
        String text = System.getenv(ENV);
        return text == null || text.isBlank() ? open() : parse(text);
    }

    /** Whether no token is configured. */
    public boolean isOpen() {
        return callers.isEmpty();
    }

    /** The caller of a token, compared in constant time so timing does not reveal tokens. */
    public Optional<Caller> callerOf(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Map.Entry<String, Caller> e : callers.entrySet()) {
            if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), given)) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        return "AccessTokens[" + callers.size() + " tokens]";
    }
}
