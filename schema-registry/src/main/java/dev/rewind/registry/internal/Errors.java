package dev.rewind.registry.internal;

import java.util.List;

/**
 * Factory of the errors Confluent Schema Registry answers with: same HTTP status, same {@code error_code},
 * and a message that says what to do.
 */
public final class Errors {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    public static final int VERSION_SOFT_DELETED = 40406;
    public static final int VERSION_NOT_SOFT_DELETED = 40407;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int INVALID_MODE = 42204;
    public static final int OPERATION_NOT_PERMITTED = 42205;
    public static final int STORE_ERROR = 50001;
    public static final int OPERATION_TIMEOUT = 50002;

    private Errors() {
    }

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject
                + "' not found. List the registered subjects with GET /subjects.");
    }

    public static RegistryException versionNotFound(String subject, Object version) {
        return new RegistryException(404, VERSION_NOT_FOUND, "Version " + version + " not found under subject '"
                + subject + "'. List its versions with GET /subjects/" + subject + "/versions.");
    }

    public static RegistryException schemaNotFound(String what) {
        return new RegistryException(404, SCHEMA_NOT_FOUND, what);
    }

    public static RegistryException schemaIdNotFound(int id) {
        return schemaNotFound("Schema " + id + " not found. Ids come from POST /subjects/{subject}/versions;"
                + " this registry has not registered id " + id + ".");
    }

    public static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(404, SUBJECT_SOFT_DELETED, "Subject '" + subject
                + "' was soft deleted. Set permanent=true to delete it permanently.");
    }

    public static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(404, SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                + "' was not deleted first before being permanently deleted. Delete it without permanent=true"
                + " first, then again with permanent=true.");
    }

    public static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(404, VERSION_SOFT_DELETED, "Subject '" + subject + "' version " + version
                + " was soft deleted. Set permanent=true to delete it permanently.");
    }

    public static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(404, VERSION_NOT_SOFT_DELETED, "Subject '" + subject + "' version "
                + version + " was not deleted first before being permanently deleted. Delete it without"
                + " permanent=true first, then again with permanent=true.");
    }

    public static RegistryException subjectCompatibilityNotConfigured(String subject) {
        return new RegistryException(404, SUBJECT_COMPATIBILITY_NOT_CONFIGURED, "Subject '" + subject
                + "' does not have subject-level compatibility configured. Add defaultToGlobal=true to get"
                + " the global level that applies to it.");
    }

    public static RegistryException incompatible(String subject, List<String> reasons) {
        return new RegistryException(409, INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible with"
                + " an earlier schema for subject \"" + subject + "\", details: " + reasons
                + ". Make the change compatible (e.g. give new fields a default) or change the subject's"
                + " compatibility level with PUT /config/" + subject + ".");
    }

    public static RegistryException invalidSchema(String detail) {
        return new RegistryException(422, INVALID_SCHEMA, "Invalid schema: " + detail);
    }

    public static RegistryException invalidVersion(String version) {
        return new RegistryException(422, INVALID_VERSION, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string"
                + " \"latest\".");
    }

    public static RegistryException invalidCompatibilityLevel(String level) {
        String what = level == null ? "No compatibility level given; send {\"compatibility\": \"BACKWARD\"}"
                : "Invalid compatibility level '" + level + "'";
        return new RegistryException(422, INVALID_COMPATIBILITY_LEVEL, what + ". Valid values are " + java.util.Arrays.toString(
                dev.rewind.registry.internal.compat.CompatibilityLevel.values()) + ".");
    }

    public static RegistryException invalidMode(String mode) {
        String what = mode == null ? "No mode given; send {\"mode\": \"READWRITE\"}"
                : "Invalid mode '" + mode + "'";
        return new RegistryException(422, INVALID_MODE, what + ". Valid values are " + java.util.Arrays.toString(Mode.values()) + ".");
    }

    public static RegistryException readOnly(String subject) {
        return new RegistryException(422, OPERATION_NOT_PERMITTED, "Subject " + subject
                + " is in read-only mode. Set the mode back with PUT /mode {\"mode\": \"READWRITE\"}.");
    }

    public static RegistryException badRequest(String message) {
        return new RegistryException(400, 400, message);
    }

    public static RegistryException storeError(String message, Throwable cause) {
        return new RegistryException(500, STORE_ERROR, message, cause);
    }

    public static RegistryException timeout(String message) {
        return new RegistryException(500, OPERATION_TIMEOUT, message);
    }
}
