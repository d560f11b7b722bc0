package dev.rewind.replaytool.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.problems.Problem;
import dev.rewind.api.problems.ProblemType;
import dev.rewind.replaytool.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RejectionsTest {

    @Test
    void everyKindOfRejectionHasItsOwnProblemTypeWithAFittingStatus() {
        List<Rejection> all = new ArrayList<>();
        all.add(Rejection.malformed("m"));
        for (Rejection.Invalid.Rule rule : Rejection.Invalid.Rule.values()) {
            all.add(Rejection.invalid(rule, "i"));
        }
        for (Rejection.Unknown.Thing thing : Rejection.Unknown.Thing.values()) {
            all.add(Rejection.unknown(thing, "u"));
        }
        for (Rejection.Conflict.Reason reason : Rejection.Conflict.Reason.values()) {
            all.add(Rejection.conflict(reason, "c"));
        }
        all.add(Rejection.unavailable("down"));

        Set<ProblemType> types = all.stream().map(Rejections::problemType).collect(Collectors.toSet());

        assertThat(types).hasSize(all.size());
        assertThat(all).allSatisfy(r -> {
            int status = Rejections.problemType(r).status();
            if (r instanceof Rejection.Unknown) {
                assertThat(status).isEqualTo(404);
            } else if (r instanceof Rejection.Conflict) {
                assertThat(status).isEqualTo(409);
            } else if (r instanceof Rejection.Invalid) {
                assertThat(status).isEqualTo(422);
            } else if (r instanceof Rejection.Malformed) {
                assertThat(status).isEqualTo(400);
            } else {
                assertThat(status).isEqualTo(503);
            }
        });
    }

    @Test
    void theProblemCarriesTheSentenceTheFactsAndThePath() {
        Problem problem = Rejections.problem(Rejection.invalid(Rejection.Invalid.Rule.WINDOW_BEFORE_RETENTION,
                "starts before 2026-01-01T00:00:00Z", Map.of("earliestAvailable", "2026-01-01T00:00:00Z")),
                "/api/v1/replays");

        assertThat(problem.type()).isEqualTo(ProblemType.WINDOW_BEFORE_RETENTION.type());
        assertThat(problem.detail()).isEqualTo("starts before 2026-01-01T00:00:00Z");
        assertThat(problem.instance()).isEqualTo("/api/v1/replays");
        assertThat(problem.extensions()).containsEntry("earliestAvailable", "2026-01-01T00:00:00Z");
    }
}
