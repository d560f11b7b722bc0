package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** The service answered with an error status; carries its problem document. */
final class ApiException extends RuntimeException {

    private final int status;
    private final transient JsonNode problem;

    ApiException(int status, JsonNode problem) {
        super(text(status, problem));
        this.status = status;
        this.problem = problem;
    }

    int status() {
        return status;
    }

    JsonNode problem() {
        return problem;
    }

    private static String text(int status, JsonNode problem) {
        String title = problem.path("title").asText("HTTP " + status);
        String detail = problem.path("detail").asText("");
        return detail.isEmpty() ? title + " (HTTP " + status + ")"
                : title + " (HTTP " + status + "): " + detail;
    }
}
