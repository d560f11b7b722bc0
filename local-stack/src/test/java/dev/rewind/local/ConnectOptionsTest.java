package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectOptionsTest {

    @TempDir
    Path dir;

    @Test
    void refusesAConnectorsBuildThatIsMissingAndSaysHowToBuildIt() {
        assertThatThrownBy(() -> ConnectOptions.builtIn(dir.resolve("connectors/target"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connect-worker.classpath")
                .hasMessageContaining("./mvnw -B -pl connectors -am package -DskipTests");
    }

    @Test
    void refusesAPluginPathWithoutRewindsPluginsAndAPortOutOfRange() throws Exception {
        Files.writeString(dir.resolve("connect-worker.classpath"), "/x.jar");

        assertThatThrownBy(() -> ConnectOptions.builtIn(dir, 0)).hasMessageContaining("no rewind-connectors plugin");

        Files.createDirectories(dir.resolve("connect-plugins/rewind-connectors"));
        assertThatThrownBy(() -> ConnectOptions.builtIn(dir, 70_000)).hasMessageContaining("--connect-port");
    }
}
