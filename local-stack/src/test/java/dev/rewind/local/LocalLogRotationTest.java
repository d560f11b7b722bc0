package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** The local stack's log file rotates by size into compressed files whose total is capped. */
class LocalLogRotationTest {

    @Test
    void theStacksLogRotatesBySizeIntoCompressedFilesAndStaysUnderItsCap(@TempDir Path home) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("rewind.log.file", home.resolve("rewind.log").toString());
        context.putProperty("rewind.log.maxFileSize", "64KB");
        context.putProperty("rewind.log.totalSizeCap", "256KB");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try (InputStream config = getClass().getResourceAsStream("/rewind-local-logback.xml")) {
            configurator.doConfigure(config);
        }
        Logger logger = context.getLogger("dev.rewind.test");
        String line = "x".repeat(1000);
        // about 4 MB of log: 60 times the size of one file
        for (int i = 0; i < 4_000; i++) {
            logger.atInfo().addKeyValue("i", i).log(line + i);
        }
        context.stop();

        List<Path> files;
        try (Stream<Path> list = Files.list(home)) {
            files = list.toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("rewind.log")
                .allMatch(name -> name.matches("rewind\\.log(\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.gz)?"))
                .anyMatch(name -> name.endsWith(".gz"));
        long total = files.stream().mapToLong(LocalLogRotationTest::size).sum();
        // 4 MB were written; logback checks the size every so often, so the current file may overshoot a little
        assertThat(total).as("the current file plus the compressed ones").isLessThan(1024 * 1024L);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
