package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Commands and printers work on the API model's records, never on untyped JSON trees. */
class TypedCommandsTest {

    @Test
    void noCommandOrPrinterWalksUntypedJson() throws IOException {
        Path commands = Path.of("src/main/java/dev/rewind/cli");
        List<Path> untyped;
        try (Stream<Path> files = Files.list(commands)) {
            untyped = files.filter(f -> f.toString().endsWith(".java")).filter(TypedCommandsTest::mentionsJsonNode)
                    .toList();
        }

        assertThat(untyped).isEmpty();
    }

    private static boolean mentionsJsonNode(Path file) {
        try {
            String source = Files.readString(file);
            return source.contains("JsonNode") || source.contains("ObjectNode") || source.contains(".path(\"");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
