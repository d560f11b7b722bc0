package dev.rewind.registry.internal.http;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Jetty's answers to requests it refuses before they reach a route (a malformed or ambiguous URI such as
 * {@code %00} or {@code ..%2F}, a request line over the size limit: 414, headers over it: 431, ...) written as
 * Confluent's error body {@code {"error_code": <status>, "message": "..."}} in UTF-8 instead of Jetty's HTML page,
 * so every client gets the JSON it parses errors from.
 */
final class JsonErrorHandler extends ErrorHandler {

    /** Errors found while parsing the request (bad URI, 414, 431): Jetty writes the returned bytes as the body. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Http.MEDIA_TYPE);
        return ByteBuffer.wrap(body(status, reason));
    }

    /** Errors raised while dispatching (e.g. an ambiguous path found after parsing), for every method. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        response.setContentType(Http.MEDIA_TYPE);
        response.getOutputStream().write(body(code, message));
    }

    static byte[] body(int status, String reason) {
        try {
            return Http.JSON.writeValueAsBytes(new Http.ErrorBody(status, message(status, reason)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(int status, String reason) {
        String what = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        return switch (status) {
            case 414 -> "HTTP 414 URI Too Long: the request line is longer than this registry accepts ("
                    + what + "). Use shorter subject names; Kafka topic names are at most 249 characters.";
            case 431 -> "HTTP 431 Request Header Fields Too Large: the request's headers are larger than this"
                    + " registry accepts (" + what + "). Send smaller headers.";
            case 400 -> "HTTP 400 Bad Request: " + what + ". Percent-encode the subject in the path (e.g. '/' as"
                    + " %2F); control characters and path segments such as '..' are not accepted.";
            default -> "HTTP " + status + " " + HttpStatus.getMessage(status) + ": " + what + ".";
        };
    }
}
