package dev.rewind.replaytool.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccessTokensTest {

    @Test
    void parsesCommaAndNewlineSeparatedEntriesIgnoringComments() {
        AccessTokens tokens = AccessTokens.parse("# ops\ns3cret=alice:operator, r3ad=grafana:viewer\n\n");

        assertThat(tokens.isOpen()).isFalse();
        assertThat(tokens.callerOf("s3cret")).contains(new Caller("alice", Role.OPERATOR));
        assertThat(tokens.callerOf("r3ad")).contains(new Caller("grafana", Role.VIEWER));
        assertThat(tokens.callerOf("nope")).isEmpty();
    }

    @Test
    void anEmptyTextMeansOpen() {
        assertThat(AccessTokens.parse(" \n# nothing\n").isOpen()).isTrue();
    }

    @Test
    void aBadEntryIsNamedByItsNumberWithoutRevealingTheToken() {
        assertThatThrownBy(() -> AccessTokens.parse("a=b:operator\nsupersecret-alice-operator"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2")
                .hasMessageNotContaining("supersecret");
        assertThatThrownBy(() -> AccessTokens.parse("t=bob:admin"))
                .hasMessageContaining("viewer or operator");
    }

    @Test
    void anOperatorMayReadAndAViewerMayNotChange() {
        assertThat(Role.OPERATOR.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
    }

    @Test
    void tokensAreReadFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("tokens");
        java.nio.file.Files.writeString(file, "# team tokens\nabc=ann:viewer\nxyz=ops-bot:operator\n");

        AccessTokens tokens = AccessTokens.read(file);

        assertThat(tokens.callerOf("xyz")).contains(new Caller("ops-bot", Role.OPERATOR));
        assertThat(tokens.toString()).doesNotContain("xyz").contains("2 tokens");
    }
}
