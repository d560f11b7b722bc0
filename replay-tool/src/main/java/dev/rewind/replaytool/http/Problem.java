package dev.rewind.replaytool.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem document as sent with media type {@code application/problem+json}.
 *
 * @param type stable URI naming the kind of problem
 * @param title short fixed summary of the kind
 * @param status HTTP status
 * @param detail what went wrong in this occurrence and what to do about it
 * @param instance the request path the problem occurred on
 * @param extensions extra members, serialized at the top level
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Copies the extensions. */
    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** The problem a {@link ProblemException} describes, on the given request path. */
    public static Problem of(ProblemException e, String instance) {
        ProblemType t = e.problemType();
        return new Problem(t.type(), t.title(), t.status(), e.detail(), instance, e.extensions());
    }

    /** Serialized as top-level members next to the standard ones. */
    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return new LinkedHashMap<>(extensions);
    }
}
