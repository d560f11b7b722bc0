package dev.rewind.schemas.registry;

/**
 * A schema registry request failed: the registry answered with an error, gave an answer rewind
 * cannot use, or could not be reached.
 *
 * <p>{@link #httpStatus()} and {@link #errorCode()} carry what the registry said, so callers can
 * branch on Confluent's codes (for example {@link #SUBJECT_NOT_FOUND}) rather than on messages.
 */
public class SchemaRegistryException extends RuntimeException {

    /** No HTTP response was received (the registry was unreachable, or the request was not sent). */
    public static final int NO_HTTP_STATUS = -1;
    /** The registry did not give an error code. */
    public static final int NO_ERROR_CODE = -1;

    /** Confluent: subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent: version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent: schema not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent: subject has no subject-level compatibility configured. */
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** Confluent: schema incompatible with an earlier one. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Confluent: invalid schema. */
    public static final int INVALID_SCHEMA = 42201;
    /** Confluent: invalid version. */
    public static final int INVALID_VERSION = 42202;
    /** Confluent: invalid compatibility level. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The HTTP status of the registry's answer, or {@link #NO_HTTP_STATUS}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's {@code error_code} from the answer's body, or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** True for the "not found" codes 40401, 40402 and 40403. */
    public boolean isNotFound() {
        return errorCode == SUBJECT_NOT_FOUND || errorCode == VERSION_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND;
    }
}
