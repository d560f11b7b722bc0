package dev.rewind.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The replay service's OpenAPI 3 document, kept next to the records it describes. */
public final class OpenApi {

    /** Where the service serves the document. */
    public static final String PATH = "/api/v1/openapi.json";

    private static final String RESOURCE = "openapi.json";

    private OpenApi() {
    }

    /**
     * The document as JSON text.
     *
     * @throws IllegalStateException when the resource is missing from the class path (a broken build)
     */
    public static String document() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("dev/rewind/api/" + RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
