package dev.rewind.api.problems;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemJsonTest {

    private final ObjectMapper mapper = Json.mapper();

    @Test
    void extensionMembersAreWrittenAtTheTopLevelAndReadBackIntoExtensions() throws Exception {
        Problem problem = Problem.of(ProblemType.WINDOW_BEFORE_RETENTION, "starts too early", "/api/v1/replays",
                Map.of("earliestAvailable", "2026-01-01T00:00:00Z"));

        String json = mapper.writeValueAsString(problem);
        JsonNode tree = mapper.readTree(json);
        Problem read = mapper.readValue(json, Problem.class);

        assertThat(tree.path("earliestAvailable").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(tree.has("extensions")).isFalse();
        assertThat(tree.path("status").asInt()).isEqualTo(422);
        assertThat(read).isEqualTo(problem);
        assertThat(read.knownType()).contains(ProblemType.WINDOW_BEFORE_RETENTION);
    }

    @Test
    void aProblemOfAnotherServiceKeepsItsTypeButIsNotAKnownOne() throws Exception {
        Problem read = mapper.readValue("{\"type\":\"https://example.com/p/x\",\"title\":\"X\",\"status\":418}",
                Problem.class);

        assertThat(read.knownType()).isEmpty();
        assertThat(read.extensions()).isEmpty();
    }
}
