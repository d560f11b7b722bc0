package dev.rewind.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.processor.ProcessorSupplier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    /** A processor Main can instantiate. */
    public static final class NoopProcessor implements EventProcessor {
        @Override
        public void process(Event event, ProcessorContext context) {
        }
    }

    /** The required settings, without processor.class. */
    private static final String BASE = """
            bootstrap.servers=localhost:9092
            schema.registry.url=http://localhost:8081
            component=release-coordinator
            version=v2
            source.topics=commits
            """;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) throws InterruptedException {
        return Main.run(args, env, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsUsageWithoutAConfigurationFile() throws Exception {
        assertThat(run(Map.of())).isEqualTo(Main.EXIT_CONFIG);
        assertThat(errors()).contains("Usage: java dev.rewind.engine.Main <config.properties>");
    }

    @Test
    void namesAnUnreadableFileAndTheFix(@TempDir Path dir) throws Exception {
        assertThat(run(Map.of(), dir.resolve("missing.properties").toString())).isEqualTo(Main.EXIT_CONFIG);
        assertThat(errors()).contains("Cannot read configuration file").contains("pass the path of a readable");
    }

    @Test
    void reportsEveryInvalidSettingWithItsFixAndExitsWithTheConfigCode(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("engine.properties"), BASE + "max.batch.size=none\n");

        assertThat(run(Map.of("REWIND_ERROR_POLICY", "explode"), file.toString())).isEqualTo(Main.EXIT_CONFIG);
        assertThat(errors()).contains("error.policy='explode': use one of continue, stop-partition")
                .contains("max.batch.size='none'");
    }

    @Test
    void needsAProcessorClassThatImplementsEventProcessor(@TempDir Path dir) throws Exception {
        Path missing = Files.writeString(dir.resolve("a.properties"), BASE);
        Path wrongType = Files.writeString(dir.resolve("b.properties"), BASE + "processor.class=java.lang.String\n");

        assertThat(run(Map.of(), missing.toString())).isEqualTo(Main.EXIT_CONFIG);
        assertThat(run(Map.of(), wrongType.toString())).isEqualTo(Main.EXIT_CONFIG);
        assertThat(errors()).contains("processor.class is required")
                .contains("processor.class='java.lang.String' does not implement");
        assertThat(Main.processors(Main.load(new String[] {Files.writeString(dir.resolve("c.properties"),
                BASE + "processor.class=" + NoopProcessor.class.getName() + "\n").toString()}, Map.of())).get())
                .isInstanceOf(NoopProcessor.class);
    }

    @Test
    void handsTheRuntimeANewProcessorOnEveryCallSoADryRunNeverSharesTheLiveOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("engine.properties"),
                BASE + "processor.class=" + NoopProcessor.class.getName() + "\n");
        ProcessorSupplier processors = Main.processors(Main.load(new String[] {file.toString()}, Map.of()));

        assertThat(processors.get()).isNotSameAs(processors.get());
    }
}
