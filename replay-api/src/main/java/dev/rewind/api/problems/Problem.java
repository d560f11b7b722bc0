package dev.rewind.api.problems;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rewind.api.OpenApiSchema;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 9457 problem document as sent with media type {@code application/problem+json}.
 *
 * @param type stable URI naming the kind of problem (see {@link ProblemType})
 * @param title short fixed summary of the kind
 * @param status HTTP status
 * @param detail what went wrong in this occurrence and what to do about it
 * @param instance the request path the problem occurred on
 * @param extensions extra members (RFC 9457 section 3.2), serialized at the top level, e.g.
 *     {@code earliestAvailable}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@OpenApiSchema("Problem")
public record Problem(URI type, String title, int status, String detail, String instance,
        @JsonAnyGetter @JsonAnySetter Map<String, Object> extensions) {

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Copies the extensions, keeping their order. */
    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        extensions = extensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A problem of a known type. */
    public static Problem of(ProblemType type, String detail, String instance, Map<String, Object> extensions) {
        return new Problem(type.type(), type.title(), type.status(), detail, instance, extensions);
    }

    /** The known type this problem is of, if it is one of rewind's. */
    public Optional<ProblemType> knownType() {
        return ProblemType.of(type);
    }
}
