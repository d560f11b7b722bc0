package dev.rewind.kafka.embedded.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft log directory with Kafka's own {@code kafka-storage format}, once: a directory
 * that already has {@code meta.properties} keeps its cluster id, so a restart reuses its data.
 */
public final class StorageFormatter {

    private static final Logger LOGGER = LoggerFactory.getLogger(StorageFormatter.class);

    private StorageFormatter() {
    }

    /** Formats the log directory when needed and returns the cluster id it carries. */
    public static String formatIfNeeded(DataDirectory dir, Map<String, String> brokerProperties) throws IOException {
        return formatIfNeeded(dir, brokerProperties, List.of());
    }

    /**
     * Formats the log directory when needed, passing {@code extraArguments} (e.g.
     * {@code --add-scram ...}) to {@code kafka-storage format}, and returns the cluster id it carries.
     */
    public static String formatIfNeeded(DataDirectory dir, Map<String, String> brokerProperties,
            List<String> extraArguments) throws IOException {
        if (dir.isFormatted()) {
            return readClusterId(dir.logDir().resolve("meta.properties"));
        }
        String clusterId = Uuid.randomUuid().toString();
        Path configFile = dir.root().resolve("server.properties");
        Properties properties = new Properties();
        properties.putAll(brokerProperties);
        try (OutputStream out = Files.newOutputStream(configFile)) {
            properties.store(out, "written by rewind EmbeddedKafka to format the log directory");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            List<String> arguments = new ArrayList<>(List.of("format", "-c", configFile.toString(), "-t", clusterId));
            arguments.addAll(extraArguments);
            code = StorageTool.execute(arguments.toArray(String[]::new), printStream);
        }
        String text = output.toString(StandardCharsets.UTF_8).trim();
        if (code != 0) {
            throw new IOException("kafka-storage format of " + dir.logDir() + " failed with exit code " + code
                    + ": " + text);
        }
        LOGGER.atDebug().setMessage("Formatted Kafka log directory").addKeyValue("logDir", dir.logDir())
                .addKeyValue("clusterId", clusterId).addKeyValue("output", text).log();
        return clusterId;
    }

    private static String readClusterId(Path metaProperties) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(metaProperties)) {
            properties.load(in);
        }
        String clusterId = properties.getProperty("cluster.id");
        if (clusterId == null) {
            throw new IOException(metaProperties + " has no cluster.id; delete the data directory to start afresh");
        }
        return clusterId;
    }
}
